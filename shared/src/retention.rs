//! How long a request's personal data is kept, and what anonymising takes out of it: the
//! person goes, the counts the dashboard keeps (status, point, channel, governorate, support,
//! dates, decisions, services) stay.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::life::status::CaseStatus;
use crate::request::applicant::ApplicantForm;
use crate::request::RequestForm;

/// How long personal data is kept after a request's last change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// Days for requests rejected, withdrawn or thrown away.
    pub ended_days: u32,
    /// Days for closed files.
    pub closed_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            ended_days: 730,
            closed_days: 3650,
        }
    }
}

impl Retention {
    /// The period of a case in `status` (thrown away when `discarded`), if its data is not
    /// kept for as long as it is followed.
    pub fn period(self, status: CaseStatus, discarded: bool) -> Option<Duration> {
        let days = if discarded || matches!(status, CaseStatus::Rejected | CaseStatus::Withdrawn) {
            self.ended_days
        } else if status == CaseStatus::Closed {
            self.closed_days
        } else {
            return None;
        };
        Some(Duration::days(i64::from(days)))
    }

    /// Whether `case`, last changed at `changed`, is due to be anonymised at `now`.
    pub fn due(self, case: &Case, changed: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        case.anonymised_at.is_none()
            && self
                .period(case.status, case.discarded)
                .is_some_and(|p| now - changed >= p)
    }
}

/// The mark left where a person's name was.
pub const ERASED: &str = "—";

impl Case {
    /// This case with its person taken out, at `at`: the applicant's and the household's
    /// names, IDs, birth dates, mobiles and address, the documents and the signature, every
    /// free text staff or the applicant wrote on it (the visit, referrals, contacts, the
    /// committee's words, the messages), and the name of whoever acted as the applicant.
    /// What the dashboard counts stays: status and timeline, point, channel, governorate,
    /// support asked, decisions with their reasons, registration and services.
    pub fn anonymised(&self, at: DateTime<Utc>) -> Case {
        let mut c = self.clone();
        let person: Vec<String> = [
            c.request.applicant.national_id.trim().to_owned(),
            c.request.applicant.full_name(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
        let keep = &c.request;
        c.request = RequestForm {
            channel: keep.channel.clone(),
            applicant: ApplicantForm {
                governorate: keep.applicant.governorate.clone(),
                ..ApplicantForm::default()
            },
            household: Vec::new(),
            income: Default::default(),
            housing: crate::request::housing::HousingForm {
                ownership: keep.housing.ownership.clone(),
                building_type: keep.housing.building_type.clone(),
                condition: keep.housing.condition.clone(),
                ..Default::default()
            },
            support: crate::request::support::SupportForm {
                types: keep.support.types.clone(),
                urgency: keep.support.urgency.clone(),
                ..Default::default()
            },
        };
        c.documents = Default::default();
        c.attestation = None;
        c.referrals.clear();
        c.conflicts.clear();
        if let Some(m) = &mut c.missing {
            m.note.clear();
        }
        if let Some(r) = &mut c.research {
            r.visit = None;
        }
        for d in &mut c.decisions {
            d.note.clear();
        }
        for s in &mut c.services {
            s.notes.clear();
        }
        for contact in &mut c.contacts {
            contact.summary.clear();
        }
        for m in &mut c.messages {
            m.text.clear();
            m.to.clear();
            m.detail.clear();
        }
        for m in &mut c.moves {
            m.reason.clear();
        }
        // Whoever acted as the applicant (their own account is named by their ID).
        let erase = |name: &mut String| {
            if person.iter().any(|p| p == name.trim()) {
                *name = ERASED.to_owned();
            }
        };
        erase(&mut c.created_by.name);
        for s in &mut c.timeline {
            erase(&mut s.by.name);
        }
        c.anonymised_at = Some(at);
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::life::apply::tests::{officer, ready};

    #[test]
    fn ended_requests_go_after_their_period_closed_files_after_theirs() {
        let r = Retention::default();
        let case = ready(&officer(), true);
        let now = DateTime::from_timestamp(1_900_000_000, 0).expect("a time");
        let long_ago = now - Duration::days(800);
        assert!(
            !r.due(&case, long_ago, now),
            "a draft is followed, not kept"
        );
        let mut rejected = case.clone();
        rejected.status = CaseStatus::Rejected;
        assert!(r.due(&rejected, long_ago, now));
        assert!(!r.due(&rejected, now - Duration::days(700), now));
        let mut closed = case.clone();
        closed.status = CaseStatus::Closed;
        assert!(!r.due(&closed, long_ago, now));
        assert!(r.due(&closed, now - Duration::days(3650), now));
        let mut discarded = case;
        discarded.discarded = true;
        assert!(r.due(&discarded, long_ago, now));
        let done = discarded.anonymised(now);
        assert!(!r.due(&done, long_ago, now), "once is enough");
    }

    #[test]
    fn anonymising_takes_the_person_out_and_keeps_what_is_counted() {
        let case = ready(&officer(), true);
        let a = &case.request.applicant;
        let json = serde_json::to_string(&case).expect("json");
        for held in [&a.first_name, &a.national_id, &a.mobile, &a.address] {
            assert!(
                json.contains(held.as_str()),
                "{held} is on the case to begin with"
            );
        }
        let now = DateTime::from_timestamp(1_900_000_000, 0).expect("a time");
        let gone = case.anonymised(now);
        let json = serde_json::to_string(&gone).expect("json");
        for held in [
            &a.first_name,
            &a.family_name,
            &a.national_id,
            &a.mobile,
            &a.address,
        ] {
            assert!(!held.is_empty());
            assert!(!json.contains(held.as_str()), "{held} left on the case");
        }
        for m in &case.request.household {
            assert!(!json.contains(&m.name));
        }
        assert!(gone.documents.is_empty() && gone.attestation.is_none());
        assert_eq!(gone.status, case.status);
        assert_eq!(gone.outreach_point, case.outreach_point);
        assert_eq!(gone.request.channel, case.request.channel);
        assert_eq!(gone.request.applicant.governorate, a.governorate);
        assert_eq!(gone.request.support.types, case.request.support.types);
        assert_eq!(gone.anonymised_at, Some(now));
    }
}
