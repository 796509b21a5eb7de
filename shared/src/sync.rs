//! The sync protocol: the push and pull messages, and what became of each pushed mutation.
//!
//! What a mutation does is [`crate::life::apply`]'s; this module carries mutations between
//! devices and the server and reports back.

use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::ids::{CaseId, MutationId};
use crate::life::mutation::{Mutation, Rejection};

/// What became of `mutation`, given the case after it was applied, and whether others
/// (other devices) had changed the case since the revision the mutation was made on.
pub fn outcome_of(after: &Case, mutation: &Mutation, changed_elsewhere: bool) -> Outcome {
    let revision = after.revision;
    let conflicted: Vec<String> = after
        .conflicts
        .iter()
        .filter(|c| {
            c.candidates
                .iter()
                .any(|k| k.mutation_id == Some(mutation.mutation_id))
        })
        .map(|c| c.path.clone())
        .collect();
    if !conflicted.is_empty() {
        return Outcome::Conflict {
            revision,
            fields: conflicted,
        };
    }
    if changed_elsewhere {
        Outcome::Merged { revision }
    } else {
        Outcome::Applied { revision }
    }
}

/// The body of `POST /api/sync/push`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    /// The device pushing, recorded with every change for the audit trail.
    pub device_id: String,
    /// The user whose outbox this is. A push made under someone else's session is refused
    /// whole, so a shared tablet never sends one officer's changes in another's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
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
    /// Applied to a case others had changed since the device saw it; their changes stand
    /// beside it.
    Merged {
        /// The case's revision after this mutation.
        revision: u64,
    },
    /// Applied, but someone else had given some of its fields other values meanwhile:
    /// both are kept on the case for a person to choose.
    Conflict {
        /// The case's revision after this mutation.
        revision: u64,
        /// The fields in conflict.
        fields: Vec<String>,
    },
    /// Refused, with the reason.
    Rejected {
        /// Why.
        #[serde(flatten)]
        rejection: Rejection,
    },
}

/// The reply to `GET /api/sync/pull?cursor=N`.
///
/// A device starts over — pulls from cursor 0, then drops every case the full pull did
/// not bring and no unsent change of its own holds — when the epoch or the scope differs
/// from what it pulled before, or when the server says `reset`.
///
/// The server sends each case as it stored it, without decoding it again (`C` is its
/// stored text there); the device reads the page's other fields and leaves the cases it
/// need not merge as the browser parsed them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse<C = Case> {
    /// Identifies the server's database; it changes when the database is restored or rebuilt.
    pub server_epoch: String,
    /// Names what this user sees (an outreach point, their own requests, …); it changes
    /// when their role or outreach point does.
    #[serde(default)]
    pub scope: String,
    /// The server no longer keeps what changed after this cursor (discarded drafts were
    /// purged): start over.
    #[serde(default)]
    pub reset: bool,
    /// The current state of every visible case changed after the cursor, oldest change first.
    pub changes: Vec<C>,
    /// Cases to remove from the device: drafts thrown away.
    #[serde(default)]
    pub removed: Vec<CaseId>,
    /// The cursor to ask from next.
    pub cursor: u64,
    /// Whether more changes wait beyond this page.
    pub has_more: bool,
    /// How many changes wait beyond this page, for the device's progress ("n of m").
    #[serde(default)]
    pub remaining: u64,
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
