//! The sync protocol: mutations, how one is applied to a case, and the push and pull messages.
//!
//! [`apply`] is the single definition of what a mutation does. The server calls it with the
//! signed-in user and its own clock to decide; the app calls it with the same user to show
//! the result at once, offline, and again after every pull to lay unsent edits on top.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::case::{Case, CaseInput, OutreachPoint, UserRef};
use crate::ids::{CaseId, MutationId};
use crate::status::{CaseStatus, Role, TransitionError};
use crate::validation::FieldError;

/// One change to one case, made on a device and queued in its outbox until pushed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mutation {
    /// Unique per change; the server applies each id at most once.
    pub mutation_id: MutationId,
    /// The case changed.
    pub case_id: CaseId,
    /// The server revision of the case the device saw when making the change (0 = new).
    pub base_revision: u64,
    /// When it was made, by the device's clock.
    pub created_at: DateTime<Utc>,
    /// What changed.
    pub op: Op,
}

/// What a mutation does.
#[allow(
    clippy::large_enum_variant,
    reason = "a create carries the whole request once; boxing it would save nothing that matters"
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Op {
    /// Opens a new case in `Draft` from a request as typed; checked again where applied.
    Create {
        /// The request's fields.
        input: CaseInput,
    },
    /// Moves the case to another status.
    Transition {
        /// The status asked for.
        to: CaseStatus,
    },
}

/// The user on whose behalf a mutation is applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Who.
    pub user: UserRef,
    /// In what role.
    pub role: Role,
    /// The officer's outreach point; `None` for roles not tied to one.
    pub outreach_point: Option<OutreachPoint>,
}

impl Actor {
    /// Whether this user may see `case` at all. The server's pull query states the same
    /// rule in SQL; its tests hold the two together.
    pub fn may_see(&self, case: &Case) -> bool {
        match self.role {
            Role::HeadOffice => true,
            Role::Officer => self
                .outreach_point
                .as_ref()
                .is_some_and(|p| p.id == case.outreach_point.id),
            Role::Applicant => case.created_by.id == self.user.id,
            // Researchers and the committee see the cases assigned to them; assignment
            // is not part of the case yet, so they see none.
            Role::Researcher | Role::Committee => false,
        }
    }
}

/// Why a mutation was refused. Refused mutations are reported back, never dropped silently.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Rejection {
    /// The request's fields are invalid.
    #[error("invalid fields")]
    Validation {
        /// Every invalid field and why.
        errors: Vec<FieldError>,
    },
    /// This user may not do this to this case.
    #[error("not permitted")]
    Permission,
    /// The status change is not allowed.
    #[error("status change refused: {error}")]
    Transition {
        /// Why.
        error: TransitionError,
    },
    /// The case does not exist (or is not visible to this user).
    #[error("no such case")]
    NotFound,
    /// A case with this id exists already.
    #[error("case exists already")]
    AlreadyExists,
}

/// Applies `mutation` to the current state of its case (`None` when the case is new to
/// whoever applies it), acting as `actor` at time `now`. Returns the new state; the
/// caller owns the revision number and stores the result.
pub fn apply(
    current: Option<&Case>,
    mutation: &Mutation,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Case, Rejection> {
    match &mutation.op {
        Op::Create { input } => {
            if current.is_some() {
                return Err(Rejection::AlreadyExists);
            }
            // Requests are opened by those who take them: an officer at their outreach
            // point, or an applicant (whose outreach point the server assigns).
            let outreach_point = match actor.role {
                Role::Officer | Role::Applicant => actor.outreach_point.clone(),
                _ => None,
            }
            .ok_or(Rejection::Permission)?;
            let details = input
                .validate()
                .map_err(|errors| Rejection::Validation { errors })?;
            Ok(Case {
                id: mutation.case_id,
                status: CaseStatus::Draft,
                details,
                outreach_point,
                created_by: actor.user.clone(),
                created_at: mutation.created_at,
                submitted_at: None,
                revision: 0,
            })
        }
        Op::Transition { to } => {
            let case = current.ok_or(Rejection::NotFound)?;
            if !actor.may_see(case) {
                return Err(Rejection::NotFound);
            }
            let status = case
                .status
                .transition(*to, actor.role)
                .map_err(|error| Rejection::Transition { error })?;
            let mut next = case.clone();
            next.status = status;
            if status == CaseStatus::Submitted && next.submitted_at.is_none() {
                next.submitted_at = Some(now);
            }
            Ok(next)
        }
    }
}

/// The body of `POST /api/sync/push`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    /// The device pushing, recorded with every change for the audit trail.
    pub device_id: String,
    /// Mutations in outbox order.
    pub mutations: Vec<Mutation>,
}

impl PushRequest {
    /// The most mutations one push may carry; the app sends larger outboxes in batches.
    pub const MAX_BATCH: usize = 500;
}

/// The reply to a push: one result per mutation, in the order sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// One result per mutation.
    pub results: Vec<MutationResult>,
}

/// What became of one mutation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MutationResult {
    /// The mutation.
    pub mutation_id: MutationId,
    /// What became of it.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What became of one mutation. A mutation sent again gets the same outcome as the first time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Applied; the case now has this revision.
    Applied {
        /// The case's revision after this mutation.
        revision: u64,
    },
    /// Refused, with the reason.
    Rejected {
        /// Why.
        #[serde(flatten)]
        rejection: Rejection,
    },
}

/// The reply to `GET /api/sync/pull?cursor=N`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    /// Identifies the server's database; when it changes the client resets its cursor.
    pub server_epoch: String,
    /// The current state of every visible case changed after the cursor, oldest change first.
    pub changes: Vec<Case>,
    /// The cursor to ask from next.
    pub cursor: u64,
    /// Whether more changes wait beyond this page.
    pub has_more: bool,
}

impl PullResponse {
    /// The page size when the client names none.
    pub const DEFAULT_LIMIT: u32 = 200;
    /// The largest page a client may ask for.
    pub const MAX_LIMIT: u32 = 1000;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::tests::valid_input;
    use crate::validation::{ErrorCode, Field};

    fn point(id: &str) -> OutreachPoint {
        OutreachPoint {
            id: id.into(),
            name_ar: id.into(),
            name_en: id.into(),
        }
    }

    fn actor(id: i64, role: Role, point_id: Option<&str>) -> Actor {
        Actor {
            user: UserRef {
                id,
                name: format!("user {id}"),
            },
            role,
            outreach_point: point_id.map(point),
        }
    }

    fn mutation(op: Op) -> Mutation {
        Mutation {
            mutation_id: MutationId::new_v7(1, [1; 10]),
            case_id: CaseId::new_v7(1, [2; 10]),
            base_revision: 0,
            created_at: DateTime::UNIX_EPOCH,
            op,
        }
    }

    fn noon() -> DateTime<Utc> {
        "2026-11-25T12:00:00Z".parse().expect("a valid time")
    }

    fn created(by: &Actor) -> Case {
        let m = mutation(Op::Create {
            input: valid_input(),
        });
        apply(None, &m, by, noon()).expect("created")
    }

    #[test]
    fn an_officer_creates_a_draft_at_their_point() {
        let officer = actor(1, Role::Officer, Some("sabya"));
        let case = created(&officer);
        assert_eq!(case.status, CaseStatus::Draft);
        assert_eq!(case.outreach_point.id, "sabya");
        assert_eq!(case.created_by.id, 1);
    }

    #[test]
    fn the_head_office_does_not_take_requests() {
        let m = mutation(Op::Create {
            input: valid_input(),
        });
        let head = actor(9, Role::HeadOffice, None);
        assert_eq!(apply(None, &m, &head, noon()), Err(Rejection::Permission));
    }

    #[test]
    fn an_invalid_request_is_refused_with_field_codes() {
        let m = mutation(Op::Create {
            input: CaseInput {
                national_id: "1234567890".into(),
                ..valid_input()
            },
        });
        let officer = actor(1, Role::Officer, Some("sabya"));
        assert_eq!(
            apply(None, &m, &officer, noon()),
            Err(Rejection::Validation {
                errors: vec![FieldError {
                    field: Field::NationalId,
                    code: ErrorCode::NationalIdChecksum
                }]
            })
        );
    }

    #[test]
    fn submitting_stamps_the_time_once() {
        let officer = actor(1, Role::Officer, Some("sabya"));
        let case = created(&officer);
        let now = noon();
        let submit = mutation(Op::Transition {
            to: CaseStatus::Submitted,
        });
        let submitted = apply(Some(&case), &submit, &officer, now).expect("submitted");
        assert_eq!(submitted.status, CaseStatus::Submitted);
        assert_eq!(submitted.submitted_at, Some(now));
    }

    #[test]
    fn another_points_officer_cannot_touch_a_case() {
        let case = created(&actor(1, Role::Officer, Some("sabya")));
        let other = actor(2, Role::Officer, Some("abu_arish"));
        let submit = mutation(Op::Transition {
            to: CaseStatus::Submitted,
        });
        assert_eq!(
            apply(Some(&case), &submit, &other, noon()),
            Err(Rejection::NotFound)
        );
        assert!(!other.may_see(&case));
        assert!(actor(3, Role::HeadOffice, None).may_see(&case));
    }

    #[test]
    fn outcomes_have_a_flat_wire_form() {
        let r = MutationResult {
            mutation_id: MutationId::new_v7(1, [0; 10]),
            outcome: Outcome::Rejected {
                rejection: Rejection::Permission,
            },
        };
        let json = serde_json::to_value(&r).expect("serialises");
        assert_eq!(json["outcome"], "rejected");
        assert_eq!(json["reason"], "permission");
        let back: MutationResult = serde_json::from_value(json).expect("deserialises");
        assert_eq!(back, r);
    }
}
