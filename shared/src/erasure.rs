//! An applicant's request to have their data erased (the Personal Data Protection Law), the
//! head office's ruling on it, and what a granted erasure keeps for the beneficiary register.

use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::validation::{optional_text, required_text, Collector, Field, FieldError};
use crate::vocabulary::vocabulary;

vocabulary! {
    /// Where an erasure request stands.
    ErasureState {
        /// Waiting for the head office.
        Pending = "pending", "بانتظار قرار الإدارة", "Waiting for the head office";
        /// Granted: the data is erased, but for what the register keeps.
        Granted = "granted", "نُفّذ الحذف", "Erased";
        /// Refused, with the head office's reason.
        Refused = "refused", "رُفض الطلب", "Refused";
    }
}

/// `POST /api/me/erasure`: the applicant asks, in their own words if they wish.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErasureAsk {
    /// Why, optional.
    pub note: String,
}

impl ErasureAsk {
    /// The longest note.
    pub const NOTE_MAX: usize = 500;

    /// The note, trimmed.
    pub fn check(&self) -> Result<String, Vec<FieldError>> {
        let mut c = Collector::default();
        let note = c.check(Field::Reason, optional_text(&self.note, Self::NOTE_MAX));
        c.finish(|| note)
    }
}

/// `POST /api/erasures/{id}`: the head office's ruling.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErasureRuling {
    /// Whether the data is erased.
    pub grant: bool,
    /// Why: told to the applicant when refused, kept either way.
    pub reason: String,
}

impl ErasureRuling {
    /// The longest reason.
    pub const REASON_MAX: usize = 500;

    /// The reason, trimmed; it is required.
    pub fn check(&self) -> Result<String, Vec<FieldError>> {
        let mut c = Collector::default();
        let reason = c.check(Field::Reason, required_text(&self.reason, Self::REASON_MAX));
        c.finish(|| reason)
    }
}

/// One erasure request, as the head office rules on it and the applicant follows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erasure {
    /// Its number.
    pub id: i64,
    /// The applicant's name, until the erasure takes it.
    pub name: String,
    /// Their national ID, until the erasure takes it.
    pub national_id: String,
    /// When they asked.
    pub asked_at: DateTime<Utc>,
    /// What they wrote.
    pub note: String,
    /// Their requests the association holds.
    pub requests: u32,
    /// The beneficiary files among them the register keeps, by number.
    pub files: Vec<String>,
    /// Where it stands.
    pub state: ErasureState,
    /// Who ruled, and when.
    pub ruled: Option<(String, DateTime<Utc>)>,
    /// The ruling's reason.
    pub reason: String,
}

/// `GET /api/erasures`: the requests waiting first, then the latest ruled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureList {
    /// Waiting for a ruling, oldest first.
    pub pending: Vec<Erasure>,
    /// Ruled, latest first.
    pub ruled: Vec<Erasure>,
}

/// How long the beneficiary register keeps an erased applicant's entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterKeep {
    /// Years after the file's last service (or its registration).
    pub years: u32,
}

impl Default for RegisterKeep {
    fn default() -> Self {
        Self { years: 10 }
    }
}

impl RegisterKeep {
    /// Until when `case`'s register entry is kept, if it is a beneficiary file that is
    /// still within its period at `now`.
    pub fn until(self, case: &Case, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let registered = case.registration.as_ref()?.at;
        let last_service = case
            .services
            .iter()
            .filter_map(|s| s.delivered_on.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
            .max();
        let from = last_service.map_or(registered, |s| s.max(registered));
        let until = from.checked_add_months(Months::new(12 * self.years))?;
        (until > now).then_some(until)
    }
}

impl Case {
    /// This case with its person erased at `at` but for the beneficiary register's entry:
    /// the applicant's name and national ID beside the file number and its services stay;
    /// everything else goes as in [`Case::anonymised`].
    pub fn kept_for_register(&self, at: DateTime<Utc>) -> Case {
        let mut c = self.anonymised(at);
        let a = &self.request.applicant;
        let kept = &mut c.request.applicant;
        kept.first_name = a.first_name.clone();
        kept.father_name = a.father_name.clone();
        kept.grandfather_name = a.grandfather_name.clone();
        kept.family_name = a.family_name.clone();
        kept.national_id = a.national_id.clone();
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::life::apply::tests::{officer, ready};
    use crate::life::workflow::Registration;
    use crate::validation::ErrorCode;
    use chrono::Duration;

    #[test]
    fn a_ruling_needs_its_reason_and_a_note_may_be_left_out() {
        let ruling = ErasureRuling {
            grant: false,
            reason: "  ".into(),
        };
        let errors = ruling.check().expect_err("no reason");
        assert_eq!(errors[0].code, ErrorCode::Required);
        assert_eq!(ErasureAsk::default().check(), Ok(String::new()));
        let long = ErasureAsk {
            note: "س".repeat(ErasureAsk::NOTE_MAX + 1),
        };
        assert!(long.check().is_err());
    }

    #[test]
    fn the_register_keeps_the_beneficiary_and_nothing_else_for_its_years() {
        let now = DateTime::from_timestamp(1_900_000_000, 0).expect("a time");
        let mut case = ready(&officer(), true);
        let keep = RegisterKeep::default();
        assert_eq!(keep.until(&case, now), None, "not a beneficiary file");
        case.registration = Some(Registration {
            file_number: "JZ-1".into(),
            by: officer().user,
            at: now - Duration::days(30),
        });
        let until = keep.until(&case, now).expect("kept");
        let registered = now - Duration::days(30);
        assert_eq!(
            until,
            registered
                .checked_add_months(Months::new(120))
                .expect("ten years on")
        );
        assert_eq!(keep.until(&case, until), None, "its years are over");

        let a = &case.request.applicant;
        let kept = case.kept_for_register(now);
        let json = serde_json::to_string(&kept).expect("json");
        assert!(json.contains(&a.national_id) && json.contains(&a.family_name));
        for gone in [&a.mobile, &a.address] {
            assert!(!gone.is_empty() && !json.contains(gone.as_str()));
        }
        assert!(kept.request.household.is_empty() && kept.documents.is_empty());
        assert_eq!(kept.registration, case.registration);
        assert_eq!(kept.anonymised_at, Some(now));
    }
}
