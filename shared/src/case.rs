//! The case: a support request and, once registered, the beneficiary's file.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{CaseId, Mobile, NationalId};
use crate::region::{Channel, Governorate, SupportType};
use crate::status::CaseStatus;
use crate::validation::{
    choice, optional_text, required_text, Collector, ErrorCode, Field, FieldError,
};

/// A four-part Arabic name: given name, father, grandfather, family.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    /// The person's own name (الاسم الأول).
    pub first: String,
    /// The father's name (اسم الأب).
    pub father: String,
    /// The grandfather's name (اسم الجد).
    pub grandfather: String,
    /// The family name (اسم العائلة).
    pub family: String,
}

impl PersonName {
    /// The longest a single part may be, in characters.
    pub const PART_MAX: usize = 40;

    /// The name as it is written: the four parts in order.
    pub fn full(&self) -> String {
        [&self.first, &self.father, &self.grandfather, &self.family]
            .map(String::as_str)
            .join(" ")
    }

    /// One part of a name: letters (Arabic or Latin), with the spaces, hyphens and
    /// apostrophes of compound names such as «عبد الله».
    pub fn part(input: &str) -> Result<String, ErrorCode> {
        let text = required_text(input, Self::PART_MAX)?;
        let ok = text
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'' || is_arabic_mark(c));
        if ok {
            Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
        } else {
            Err(ErrorCode::LettersOnly)
        }
    }
}

/// Arabic diacritics (tashkeel) and the tatweel, which are not `alphabetic` but belong in names.
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// A request as typed on a form, not yet trusted: every field a string, so that the
/// server can say of each field what is wrong with it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseInput {
    /// The applicant's first name.
    pub first_name: String,
    /// The applicant's father's name.
    pub father_name: String,
    /// The applicant's grandfather's name.
    pub grandfather_name: String,
    /// The applicant's family name.
    pub family_name: String,
    /// National ID or iqama, Arabic-Indic or Latin digits.
    pub national_id: String,
    /// Mobile in any accepted form.
    pub mobile: String,
    /// Governorate code.
    pub governorate: String,
    /// Channel code.
    pub channel: String,
    /// Support type code.
    pub support_type: String,
    /// Free notes.
    pub notes: String,
}

/// The validated details of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDetails {
    /// The applicant's four-part name.
    pub applicant_name: PersonName,
    /// The applicant's national ID or iqama.
    pub national_id: NationalId,
    /// The applicant's mobile.
    pub mobile: Mobile,
    /// Where the applicant lives.
    pub governorate: Governorate,
    /// How the request reached the association.
    pub channel: Channel,
    /// What support is asked for.
    pub support_type: SupportType,
    /// Free notes.
    pub notes: String,
}

impl CaseDetails {
    /// The longest the notes may be, in characters.
    pub const NOTES_MAX: usize = 2000;
}

impl CaseInput {
    /// Checks every field and returns either the validated details or every problem found.
    pub fn validate(&self) -> Result<CaseDetails, Vec<FieldError>> {
        let mut c = Collector::default();
        let first = c.check(Field::FirstName, PersonName::part(&self.first_name));
        let father = c.check(Field::FatherName, PersonName::part(&self.father_name));
        let grandfather = c.check(
            Field::GrandfatherName,
            PersonName::part(&self.grandfather_name),
        );
        let family = c.check(Field::FamilyName, PersonName::part(&self.family_name));
        let national_id = c.check(Field::NationalId, NationalId::parse(&self.national_id));
        let mobile = c.check(Field::Mobile, Mobile::parse(&self.mobile));
        let governorate = c.check(
            Field::Governorate,
            choice(&self.governorate, Governorate::from_code),
        );
        let channel = c.check(Field::Channel, choice(&self.channel, Channel::from_code));
        let support_type = c.check(
            Field::SupportType,
            choice(&self.support_type, SupportType::from_code),
        );
        let notes = c.check(
            Field::Notes,
            optional_text(&self.notes, CaseDetails::NOTES_MAX),
        );
        c.finish(|| {
            Some(CaseDetails {
                applicant_name: PersonName {
                    first: first?,
                    father: father?,
                    grandfather: grandfather?,
                    family: family?,
                },
                national_id: national_id?,
                mobile: mobile?,
                governorate: governorate?,
                channel: channel?,
                support_type: support_type?,
                notes: notes?,
            })
        })
    }
}

/// An outreach point of the association, where officers take requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutreachPoint {
    /// Stable code.
    pub id: String,
    /// Arabic name.
    pub name_ar: String,
    /// English name.
    pub name_en: String,
}

/// A user as recorded on what they did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    /// The user's id.
    pub id: i64,
    /// The name shown to staff.
    pub name: String,
}

/// A support request and everything recorded on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Made on the device that took the request.
    pub id: CaseId,
    /// Where the case stands.
    pub status: CaseStatus,
    /// The request's details.
    pub details: CaseDetails,
    /// The outreach point responsible for the case.
    pub outreach_point: OutreachPoint,
    /// Who took the request.
    pub created_by: UserRef,
    /// When the request was taken, by the device's clock.
    pub created_at: DateTime<Utc>,
    /// When it was handed in, if it was.
    pub submitted_at: Option<DateTime<Utc>>,
    /// The server's revision of this case; 0 while it exists only on a device.
    pub revision: u64,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A complete, valid request.
    pub(crate) fn valid_input() -> CaseInput {
        CaseInput {
            first_name: "محمد".into(),
            father_name: "عبد الله".into(),
            grandfather_name: "أحمد".into(),
            family_name: "المالكي".into(),
            national_id: "1000000008".into(),
            mobile: "+966501234567".into(),
            governorate: "sabya".into(),
            channel: "in_person".into(),
            support_type: "restoration".into(),
            notes: "سقف متضرر".into(),
        }
    }

    #[test]
    fn a_valid_request_is_normalised() {
        let d = valid_input().validate().expect("valid");
        assert_eq!(d.applicant_name.full(), "محمد عبد الله أحمد المالكي");
        assert_eq!(d.mobile.as_str(), "0501234567");
        assert_eq!(d.governorate, Governorate::Sabya);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let input = CaseInput {
            first_name: "محمد1".into(),
            national_id: "1000000009".into(),
            governorate: "riyadh".into(),
            notes: "x".repeat(CaseDetails::NOTES_MAX + 1),
            ..valid_input()
        };
        let errors = input.validate().expect_err("invalid");
        let pairs: Vec<_> = errors.iter().map(|e| (e.field, e.code.clone())).collect();
        assert_eq!(
            pairs,
            vec![
                (Field::FirstName, ErrorCode::LettersOnly),
                (Field::NationalId, ErrorCode::NationalIdChecksum),
                (Field::Governorate, ErrorCode::UnknownChoice),
                (
                    Field::Notes,
                    ErrorCode::TooLong {
                        max: CaseDetails::NOTES_MAX
                    }
                ),
            ]
        );
    }

    #[test]
    fn an_empty_form_names_every_required_field() {
        let errors = CaseInput::default().validate().expect_err("empty");
        assert_eq!(errors.len(), 9, "all but notes: {errors:?}");
        assert!(errors.iter().all(|e| e.code == ErrorCode::Required));
    }

    #[test]
    fn name_parts_allow_compound_names_and_marks() {
        assert_eq!(PersonName::part("  عبد   الله "), Ok("عبد الله".into()));
        assert_eq!(PersonName::part("مُحَمَّد"), Ok("مُحَمَّد".into()));
        assert_eq!(PersonName::part("Al-Malki"), Ok("Al-Malki".into()));
        assert_eq!(
            PersonName::part("x".repeat(41).as_str()),
            Err(ErrorCode::TooLong { max: 40 })
        );
        assert_eq!(PersonName::part("<b>"), Err(ErrorCode::LettersOnly));
    }
}
