//! The case status machine: one enum, one transition function, each transition naming its roles.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Who a signed-in user is to the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A person asking for support, on their own phone.
    Applicant,
    /// A beneficiary relations officer at an outreach point.
    Officer,
    /// A social researcher (policy H3).
    Researcher,
    /// A member of the research committee (policy H5).
    Committee,
    /// The head office: managers, who see every outreach point and administer users.
    HeadOffice,
}

impl Role {
    /// Every role.
    pub const ALL: &'static [Self] = &[
        Self::Applicant,
        Self::Officer,
        Self::Researcher,
        Self::Committee,
        Self::HeadOffice,
    ];

    /// The wire code, as stored in the database; the same as its serde form.
    pub fn code(self) -> &'static str {
        match self {
            Self::Applicant => "applicant",
            Self::Officer => "officer",
            Self::Researcher => "researcher",
            Self::Committee => "committee",
            Self::HeadOffice => "head_office",
        }
    }

    /// The role for a wire code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.code() == code)
    }
}

/// Where a case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Being filled in; not yet with the association.
    Draft,
    /// Complete, signed and handed in.
    Submitted,
    /// Sent back to the applicant for missing information or documents.
    Incomplete,
    /// With a social researcher for a visit.
    UnderResearch,
    /// On the research committee's agenda.
    AtCommittee,
    /// Accepted by the committee.
    Accepted,
    /// Rejected by the committee.
    Rejected,
    /// Sent back by the committee for more information from the research.
    ReturnedForInfo,
    /// A registered beneficiary file (policy H6).
    Registered,
    /// Support has been delivered (policy H7).
    ServiceDelivered,
    /// Finished.
    Closed,
    /// Withdrawn by the applicant or an officer before a decision.
    Withdrawn,
}

/// A status change that the machine does not allow.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TransitionError {
    /// No transition leads from `from` to `to`.
    #[error("no transition from {from:?} to {to:?}")]
    NotAllowed {
        /// The current status.
        from: CaseStatus,
        /// The status asked for.
        to: CaseStatus,
    },
    /// The transition exists, but is taken by the record that goes with it (what is
    /// missing, the researcher, the decision, the registration, a service), not by asking.
    #[error("moving a case to {to:?} needs its record")]
    NeedsRecord {
        /// The status asked for.
        to: CaseStatus,
    },
    /// The transition exists, but this role may not take it.
    #[error("{role:?} may not move a case from {from:?} to {to:?}")]
    Forbidden {
        /// The current status.
        from: CaseStatus,
        /// The status asked for.
        to: CaseStatus,
        /// The role that asked.
        role: Role,
    },
}

use CaseStatus as S;
use Role as R;

/// Every allowed transition and the roles that may take it. The one table both the app
/// (to offer only possible actions) and the server (to refuse the rest) read. Who among
/// a role may act on a given case (their outreach point, the researcher assigned) is
/// `Actor::may_see` and `sync::apply`'s to say.
const TRANSITIONS: &[(CaseStatus, CaseStatus, &[Role])] = &[
    (S::Draft, S::Submitted, &[R::Officer, R::Applicant]),
    (S::Submitted, S::Incomplete, &[R::Officer, R::HeadOffice]),
    (S::Incomplete, S::Submitted, &[R::Officer, R::Applicant]),
    (S::Submitted, S::UnderResearch, &[R::Officer, R::HeadOffice]),
    (S::UnderResearch, S::AtCommittee, &[R::Researcher]),
    (S::AtCommittee, S::Accepted, &[R::Committee]),
    (S::AtCommittee, S::Rejected, &[R::Committee]),
    (S::AtCommittee, S::ReturnedForInfo, &[R::Committee]),
    (S::ReturnedForInfo, S::AtCommittee, &[R::Researcher]),
    (S::Accepted, S::Registered, &[R::Officer, R::HeadOffice]),
    (
        S::Registered,
        S::ServiceDelivered,
        &[R::Officer, R::HeadOffice],
    ),
    (
        S::ServiceDelivered,
        S::ServiceDelivered,
        &[R::Officer, R::HeadOffice],
    ),
    (S::ServiceDelivered, S::Closed, &[R::Officer, R::HeadOffice]),
    (S::Draft, S::Withdrawn, &[R::Officer, R::Applicant]),
    (S::Submitted, S::Withdrawn, &[R::Officer, R::Applicant]),
    (S::Incomplete, S::Withdrawn, &[R::Officer, R::Applicant]),
    (S::UnderResearch, S::Withdrawn, &[R::Officer, R::Applicant]),
    (S::AtCommittee, S::Withdrawn, &[R::Officer, R::Applicant]),
    (
        S::ReturnedForInfo,
        S::Withdrawn,
        &[R::Officer, R::Applicant],
    ),
];

impl CaseStatus {
    /// Every status, in workflow order.
    pub const ALL: &'static [Self] = &[
        S::Draft,
        S::Submitted,
        S::Incomplete,
        S::UnderResearch,
        S::AtCommittee,
        S::Accepted,
        S::Rejected,
        S::ReturnedForInfo,
        S::Registered,
        S::ServiceDelivered,
        S::Closed,
        S::Withdrawn,
    ];

    /// The wire code, as stored in the database and in exports.
    pub fn code(self) -> &'static str {
        match self {
            S::Draft => "draft",
            S::Submitted => "submitted",
            S::Incomplete => "incomplete",
            S::UnderResearch => "under_research",
            S::AtCommittee => "at_committee",
            S::Accepted => "accepted",
            S::Rejected => "rejected",
            S::ReturnedForInfo => "returned_for_info",
            S::Registered => "registered",
            S::ServiceDelivered => "service_delivered",
            S::Closed => "closed",
            S::Withdrawn => "withdrawn",
        }
    }

    /// Checks that `role` may move a case from `self` to `to`, and returns `to`.
    pub fn transition(self, to: CaseStatus, role: Role) -> Result<CaseStatus, TransitionError> {
        let (_, _, roles) = TRANSITIONS
            .iter()
            .find(|(from, target, _)| *from == self && *target == to)
            .ok_or(TransitionError::NotAllowed { from: self, to })?;
        if roles.contains(&role) {
            Ok(to)
        } else {
            Err(TransitionError::Forbidden {
                from: self,
                to,
                role,
            })
        }
    }

    /// Whether a case reaches this status by asking alone (`Op::Transition`); the others
    /// come with a record of their own.
    pub fn reached_by_asking(self) -> bool {
        matches!(
            self,
            S::Submitted | S::AtCommittee | S::Closed | S::Withdrawn
        )
    }

    /// Whether the committee has yet to decide: the applicant may still withdraw, and the
    /// answer is awaited (and can be late).
    pub fn awaits_decision(self) -> bool {
        matches!(
            self,
            S::Submitted | S::Incomplete | S::UnderResearch | S::AtCommittee | S::ReturnedForInfo
        )
    }

    /// Whether a request in this status is still being dealt with: handed in and neither
    /// rejected, withdrawn nor closed. The head office counts these as open, and looks for
    /// the same national ID on more than one of them.
    pub fn is_open(self) -> bool {
        !matches!(self, S::Draft | S::Rejected | S::Withdrawn | S::Closed)
    }

    /// The status's Arabic name, as staff, applicants and exports read it.
    pub fn label_ar(self) -> &'static str {
        use CaseStatus as S;
        match self {
            S::Draft => "مسودة",
            S::Submitted => "مقدَّم",
            S::Incomplete => "غير مكتمل",
            S::UnderResearch => "قيد البحث الاجتماعي",
            S::AtCommittee => "لدى لجنة البحث",
            S::Accepted => "مقبول",
            S::Rejected => "مرفوض",
            S::ReturnedForInfo => "معاد لاستكمال المعلومات",
            S::Registered => "مسجَّل",
            S::ServiceDelivered => "قُدِّمت الخدمة",
            S::Closed => "مغلق",
            S::Withdrawn => "مسحوب",
        }
    }

    /// The status's English name.
    pub fn label_en(self) -> &'static str {
        use CaseStatus as S;
        match self {
            S::Draft => "Draft",
            S::Submitted => "Submitted",
            S::Incomplete => "Incomplete",
            S::UnderResearch => "Under research",
            S::AtCommittee => "At committee",
            S::Accepted => "Accepted",
            S::Rejected => "Rejected",
            S::ReturnedForInfo => "Returned for information",
            S::Registered => "Registered",
            S::ServiceDelivered => "Service delivered",
            S::Closed => "Closed",
            S::Withdrawn => "Withdrawn",
        }
    }

    /// The status for a wire code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// The statuses `role` may move a case to from `self`.
    pub fn next_for(self, role: Role) -> impl Iterator<Item = CaseStatus> {
        TRANSITIONS
            .iter()
            .filter(move |(from, _, roles)| *from == self && roles.contains(&role))
            .map(|(_, to, _)| *to)
    }

    /// Whether the case has ended: no transition leads out of this status.
    pub fn is_terminal(self) -> bool {
        matches!(self, S::Closed | S::Withdrawn | S::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_awaiting_its_answer_or_its_services_is_open() {
        let open: Vec<_> = CaseStatus::ALL.iter().filter(|s| s.is_open()).collect();
        assert!(CaseStatus::ALL
            .iter()
            .filter(|s| s.awaits_decision())
            .all(|s| s.is_open()));
        assert!(open.contains(&&S::Accepted) && open.contains(&&S::Registered));
        for done in [S::Draft, S::Rejected, S::Withdrawn, S::Closed] {
            assert!(!done.is_open(), "{done:?}");
        }
    }

    #[test]
    fn an_officer_submits_a_draft() {
        assert_eq!(
            S::Draft.transition(S::Submitted, R::Officer),
            Ok(S::Submitted)
        );
        assert_eq!(
            S::Draft.transition(S::Submitted, R::Applicant),
            Ok(S::Submitted)
        );
    }

    #[test]
    fn only_the_committee_decides() {
        for role in Role::ALL {
            let result = S::AtCommittee.transition(S::Accepted, *role);
            assert_eq!(result.is_ok(), *role == R::Committee, "{role:?}");
        }
    }

    #[test]
    fn nothing_leaves_a_terminal_status() {
        for from in CaseStatus::ALL.iter().filter(|s| s.is_terminal()) {
            for to in CaseStatus::ALL {
                for role in Role::ALL {
                    assert!(from.transition(*to, *role).is_err(), "{from:?}→{to:?}");
                }
            }
        }
    }

    #[test]
    fn skipping_a_step_is_not_allowed() {
        assert_eq!(
            S::Draft.transition(S::Accepted, R::HeadOffice),
            Err(TransitionError::NotAllowed {
                from: S::Draft,
                to: S::Accepted
            })
        );
        assert!(matches!(
            S::Draft.transition(S::Submitted, R::HeadOffice),
            Err(TransitionError::Forbidden { .. })
        ));
    }

    #[test]
    fn next_for_agrees_with_transition() {
        for from in CaseStatus::ALL {
            for role in Role::ALL {
                let next: Vec<_> = from.next_for(*role).collect();
                for to in CaseStatus::ALL {
                    assert_eq!(from.transition(*to, *role).is_ok(), next.contains(to));
                }
            }
        }
    }

    #[test]
    fn before_a_decision_the_applicant_may_withdraw() {
        for from in CaseStatus::ALL {
            let may = from.transition(S::Withdrawn, R::Applicant).is_ok();
            assert_eq!(may, *from == S::Draft || from.awaits_decision(), "{from:?}");
        }
    }

    #[test]
    fn every_status_is_reachable_from_a_draft_and_every_open_one_can_end() {
        let mut reached = vec![S::Draft];
        let mut i = 0;
        while let Some(from) = reached.get(i).copied() {
            for (_, to, _) in TRANSITIONS.iter().filter(|(f, ..)| *f == from) {
                if !reached.contains(to) {
                    reached.push(*to);
                }
            }
            i += 1;
        }
        for status in CaseStatus::ALL {
            assert!(reached.contains(status), "{status:?} unreachable");
            let leaves = TRANSITIONS
                .iter()
                .any(|(f, t, _)| f == status && t != status);
            assert_eq!(leaves, !status.is_terminal(), "{status:?}");
        }
    }

    #[test]
    fn status_codes_match_serde() {
        for status in CaseStatus::ALL {
            let json = serde_json::to_string(status).expect("serialises");
            assert_eq!(json, format!("\"{}\"", status.code()));
            assert_eq!(CaseStatus::from_code(status.code()), Some(*status));
        }
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(*role));
            let json = serde_json::to_string(role).expect("serialises");
            assert_eq!(json, format!("\"{}\"", role.code()));
        }
    }
}
