//! What staff narrow the list of requests by (policy GOAL: the head office follows every outreach point): status, channel, governorate, outreach point, support type and lateness; every part left empty lets every request through.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::life::status::CaseStatus;
use crate::region::{Channel, Governorate, SupportType};
use crate::vocabulary::Vocabulary;

/// A filter of the list; `None` (or `false`) in a part keeps every request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFilter {
    /// Only requests in this status.
    pub status: Option<CaseStatus>,
    /// Only requests that came through this channel.
    pub channel: Option<Channel>,
    /// Only applicants living in this governorate.
    pub governorate: Option<Governorate>,
    /// Only requests of this outreach point, by id.
    pub outreach_point: Option<String>,
    /// Only requests asking for this support.
    pub support: Option<SupportType>,
    /// Only requests past their expected answer day and still undecided.
    pub overdue: bool,
}

impl CaseFilter {
    /// Whether nothing is narrowed.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether `case` passes, on `today` (the Saudi calendar day).
    pub fn matches(&self, case: &Case, today: NaiveDate) -> bool {
        let r = &case.request;
        self.status.is_none_or(|s| case.status == s)
            && self.channel.is_none_or(|c| r.channel == c.code())
            && self
                .governorate
                .is_none_or(|g| r.applicant.governorate == g.code())
            && self
                .outreach_point
                .as_ref()
                .is_none_or(|p| case.outreach_point.id == *p)
            && self
                .support
                .is_none_or(|s| r.support.types.iter().any(|t| t == s.code()))
            && (!self.overdue || case.overdue(today))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::life::apply::tests::{officer, ready, run};
    use crate::life::mutation::Op;

    #[test]
    fn each_part_narrows_and_an_empty_filter_keeps_everything() {
        let mut case = run(
            Some(&ready(&officer(), true)),
            Op::Transition {
                to: CaseStatus::Submitted,
            },
            &officer(),
        )
        .expect("submitted");
        case.request.channel = "phone".into();
        case.request.applicant.governorate = "sabya".into();
        case.request.support.types = vec!["restoration".into()];
        let today = case.answer_expected_on.expect("submitted");
        assert!(CaseFilter::default().is_empty());
        assert!(CaseFilter::default().matches(&case, today));
        let passes = |f: CaseFilter| f.matches(&case, today);
        assert!(passes(CaseFilter {
            status: Some(CaseStatus::Submitted),
            channel: Some(Channel::Phone),
            governorate: Some(Governorate::Sabya),
            outreach_point: Some(case.outreach_point.id.clone()),
            support: Some(SupportType::Restoration),
            overdue: false,
        }));
        assert!(!passes(CaseFilter {
            status: Some(CaseStatus::Accepted),
            ..CaseFilter::default()
        }));
        assert!(!passes(CaseFilter {
            channel: Some(Channel::Letter),
            ..CaseFilter::default()
        }));
        assert!(!passes(CaseFilter {
            governorate: Some(Governorate::Baish),
            ..CaseFilter::default()
        }));
        assert!(!passes(CaseFilter {
            outreach_point: Some("elsewhere".into()),
            ..CaseFilter::default()
        }));
        assert!(!passes(CaseFilter {
            support: Some(SupportType::Furnishing),
            ..CaseFilter::default()
        }));
        // Late only once the expected day has passed.
        let overdue = CaseFilter {
            overdue: true,
            ..CaseFilter::default()
        };
        assert!(!overdue.matches(&case, today));
        assert!(overdue.matches(&case, today + chrono::Duration::days(1)));
    }
}
