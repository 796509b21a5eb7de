//! The household: the people who live with the applicant.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::birth_date;
use crate::ids::NationalId;
use crate::validation::{choice, letters, Collector, ErrorCode, Field};
use crate::vocabulary::vocabulary;

vocabulary! {
    /// A member's relation to the applicant.
    Relation {
        Spouse = "spouse", "زوج / زوجة", "Spouse";
        Son = "son", "ابن", "Son";
        Daughter = "daughter", "ابنة", "Daughter";
        Father = "father", "أب", "Father";
        Mother = "mother", "أم", "Mother";
        Brother = "brother", "أخ", "Brother";
        Sister = "sister", "أخت", "Sister";
        Grandchild = "grandchild", "حفيد / حفيدة", "Grandchild";
        Other = "other", "قريب آخر", "Other relative";
    }
}

vocabulary! {
    /// A disability or chronic illness, which calls for a medical report.
    Health {
        Healthy = "none", "لا يوجد", "None";
        Disability = "disability", "إعاقة", "Disability";
        ChronicIllness = "chronic_illness", "مرض مزمن", "Chronic illness";
    }
}

vocabulary! {
    /// Whether a member works or studies.
    Occupation {
        Works = "works", "يعمل", "Works";
        Studies = "studies", "يدرس", "Studies";
        Neither = "neither", "لا يعمل ولا يدرس", "Neither works nor studies";
        Young = "young", "دون سن الدراسة", "Below school age";
    }
}

/// One member of the household as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    /// Made on the device that added the member, so two devices' edits to the same member
    /// meet field by field however the list was reordered or cut (see `merge`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    /// [`Relation`] code.
    pub relation: String,
    /// Full name.
    pub name: String,
    /// National ID or iqama; children without one leave it empty.
    pub national_id: String,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: String,
    /// [`Health`] code.
    pub health: String,
    /// [`Occupation`] code.
    pub occupation: String,
}

impl MemberForm {
    /// The longest a member's full name may be.
    pub const NAME_MAX: usize = 120;

    /// The longest a member's key may be.
    pub const KEY_MAX: usize = 40;

    /// Whether `key` could have been made by a device: short, lowercase letters, digits
    /// and dashes.
    pub fn key_is_valid(key: &str) -> bool {
        (1..=Self::KEY_MAX).contains(&key.len())
            && key
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b'-')
    }

    /// Whether the member declares a disability or chronic illness.
    pub fn needs_medical_report(&self) -> bool {
        matches!(
            Health::from_code(self.health.trim()),
            Some(Health::Disability | Health::ChronicIllness)
        )
    }
}

/// The most members a household may list.
pub const MAX_MEMBERS: usize = 30;

/// Checks every member and the rules across them: IDs valid, distinct, and not the applicant's.
pub(crate) fn check(
    members: &[MemberForm],
    applicant_id: Option<&NationalId>,
    c: &mut Collector,
    today: NaiveDate,
) {
    if members.len() > MAX_MEMBERS {
        c.push(
            Field::Household,
            None,
            ErrorCode::TooMany { max: MAX_MEMBERS },
        );
    }
    let mut seen: HashSet<NationalId> = HashSet::new();
    for (i, m) in members.iter().enumerate() {
        c.check_at(
            Field::MemberRelation,
            i,
            choice(&m.relation, Relation::from_code),
        );
        c.check_at(Field::MemberName, i, letters(&m.name, MemberForm::NAME_MAX));
        if !m.national_id.trim().is_empty() {
            if let Some(id) = c.check_at(
                Field::MemberNationalId,
                i,
                NationalId::parse(&m.national_id),
            ) {
                if Some(&id) == applicant_id {
                    c.push(Field::MemberNationalId, Some(i), ErrorCode::SameAsApplicant);
                } else if !seen.insert(id) {
                    c.push(Field::MemberNationalId, Some(i), ErrorCode::Duplicate);
                }
            }
        }
        c.check_at(
            Field::MemberBirthDate,
            i,
            birth_date(&m.birth_date, today, 0),
        );
        c.check_at(Field::MemberHealth, i, choice(&m.health, Health::from_code));
        c.check_at(
            Field::MemberOccupation,
            i,
            choice(&m.occupation, Occupation::from_code),
        );
    }
}

/// Rewrites each member's values that parse into their canonical form.
pub(crate) fn normalise(members: &mut [MemberForm]) {
    for m in members {
        if let Ok(name) = letters(&m.name, MemberForm::NAME_MAX) {
            m.name = name;
        }
        if let Ok(id) = NationalId::parse(&m.national_id) {
            m.national_id = id.to_string();
        }
        if let Ok(date) = crate::dates::parse_date(&m.birth_date) {
            m.birth_date = date.to_string();
        }
    }
}
