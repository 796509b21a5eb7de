//! Mutations: one change to one case as a device makes it, what it does, what decides how
//! it is applied, and why one is refused. The sync module applies them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::attestation::Signature;
use crate::documents::{AttachmentRef, DocumentKind};
use crate::ids::{CaseId, MutationId, ReferralId, ServiceId};
use crate::life::merge::{self, FieldChange};
use crate::life::status::{CaseStatus, TransitionError};
use crate::life::workflow::{ContactInput, DecisionInput, ServiceInput, VisitInput};
use crate::people::{OutreachPoint, UserRef};
use crate::reference::Reference;
use crate::request::RequestForm;
use crate::validation::{ErrorCode, Field, FieldError};

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

impl Mutation {
    /// This mutation with a whole-request [`Op::Edit`] turned into the field changes it
    /// made to `base`, the request of the revision it was made on.
    pub fn as_change_from(&self, base: &RequestForm) -> Self {
        match &self.op {
            Op::Edit { request } => Self {
                op: Op::Change {
                    changes: merge::changes_between(base, request),
                },
                ..self.clone()
            },
            _ => self.clone(),
        }
    }
}

/// What a mutation does.
#[allow(
    clippy::large_enum_variant,
    reason = "a create or an edit carries the whole request once; boxing it would save nothing that matters"
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Op {
    /// Opens a new case in `Draft`.
    Create {
        /// The receipt's number, made on the device.
        reference: Reference,
        /// The request as typed so far.
        request: RequestForm,
    },
    /// Changes fields of the request, each from the value the device saw to the one typed
    /// (see [`merge`]). A signed attestation no longer covers a changed request, so it is
    /// cleared.
    Change {
        /// The fields changed.
        changes: Vec<FieldChange>,
    },
    /// Settles a conflict: the field takes `value`, one of the values given.
    Resolve {
        /// The field's path.
        path: String,
        /// The value chosen.
        value: serde_json::Value,
    },
    /// Throws a draft away. Refused when the draft changed since the device saw it; a
    /// change made to it afterwards, by someone who had not seen it go, brings it back.
    Discard,
    /// Replaces the whole request: what devices sent before edits carried their fields.
    /// The server turns one into a [`Op::Change`] from the revision it was made on (see
    /// [`Mutation::as_change_from`]); a device lays it on its own copy as it is.
    Edit {
        /// The request as it now stands.
        request: RequestForm,
    },
    /// Attaches a file, already uploaded, to a document of the checklist.
    Attach {
        /// The document.
        kind: DocumentKind,
        /// The file.
        attachment: AttachmentRef,
    },
    /// Removes a file from a document.
    Detach {
        /// The document.
        kind: DocumentKind,
        /// The file's hash.
        sha256: String,
    },
    /// An officer marks a document verified against its original, or takes the mark back.
    Verify {
        /// The document.
        kind: DocumentKind,
        /// Verified or not.
        verified: bool,
    },
    /// The applicant signs the attestation text of `version`.
    Sign {
        /// The attestation text's version.
        version: u16,
        /// The drawn signature.
        signature: Signature,
    },
    /// Moves the case to another status.
    Transition {
        /// The status asked for.
        to: CaseStatus,
    },
    /// An officer refers a question to the social researchers (policy H3).
    Refer {
        /// Made on the device.
        referral_id: ReferralId,
        /// What is unclear.
        question: String,
    },
    /// A researcher answers a referral.
    Answer {
        /// The referral answered.
        referral_id: ReferralId,
        /// The answer.
        answer: String,
    },
    /// An officer sends a submitted request back for what is missing.
    ReturnIncomplete {
        /// Documents to bring.
        documents: Vec<DocumentKind>,
        /// What else, in words.
        note: String,
    },
    /// Assigns the social researcher who visits; a submitted case goes under research.
    AssignResearcher {
        /// The researcher.
        researcher: UserRef,
    },
    /// The assigned researcher's report of the field visit.
    ReportVisit {
        /// The report as typed.
        visit: VisitInput,
    },
    /// The research committee's decision.
    Decide {
        /// The decision as typed.
        decision: DecisionInput,
    },
    /// Registers an accepted case as a beneficiary file (policy H6).
    Register,
    /// Records a service delivered (policy H7).
    DeliverService {
        /// Made on the device.
        service_id: ServiceId,
        /// The service as typed.
        service: ServiceInput,
    },
    /// Records a contact with the applicant: a call, a message, a visit.
    LogContact {
        /// The contact as typed.
        contact: ContactInput,
    },
    /// Moves the case to another outreach point (the family moved, or the applicant chose
    /// the wrong one), saying why: that point's staff follow it from then on.
    Move {
        /// The outreach point it goes to; the server names it as it knows it.
        to: OutreachPoint,
        /// Why.
        reason: String,
    },
    /// The head office brings a row of the association's existing register in: a new
    /// request at `to` as the sheet has it (its status, dates and file number too), or a
    /// request an earlier import brought in, brought up to date. Never sent by a device.
    Import {
        /// Its reference: the one the sheet gives, or one made for the import.
        reference: Reference,
        /// The outreach point it belongs to; the server names it as it knows it.
        to: OutreachPoint,
        /// The row.
        row: Box<crate::imported::ImportedRequest>,
    },
    /// A change whose content was erased with the person's data (see `retention`): who
    /// made it, when and what became of it stay in the history. Never sent by a device.
    Redacted,
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
    /// A case (or referral) with this id exists already.
    #[error("exists already")]
    AlreadyExists,
    /// The case can no longer be changed this way in its status.
    #[error("the case cannot be changed while {status:?}")]
    NotEditable {
        /// The case's status.
        status: CaseStatus,
    },
    /// The change exceeds what any form allows (sizes, counts); only a faulty or hostile
    /// client sends one.
    #[error("malformed change")]
    Malformed,
    /// A file referred to was never uploaded.
    #[error("attachment {sha256} not uploaded")]
    AttachmentMissing {
        /// The file's hash.
        sha256: String,
    },
    /// The referral was answered already.
    #[error("referral answered already")]
    AlreadyAnswered,
    /// The case changed on another device after this one saw it, and the change needs
    /// someone who has seen the latest (throwing a draft away).
    #[error("changed meanwhile")]
    ChangedMeanwhile,
}

/// What applying a mutation depends on besides the case and the user: the clock of
/// whoever applies it, and the association's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    /// Now, by the applier's clock: the server's decides.
    pub now: DateTime<Utc>,
    /// Days from submission to the expected answer (policy H5: not less than 14).
    pub answer_days: u32,
}

impl Context {
    /// The days from submission to the expected answer when not configured otherwise.
    pub const DEFAULT_ANSWER_DAYS: u32 = 14;
}

/// A refusal naming one field and why.
pub fn invalid(field: Field, code: ErrorCode) -> Rejection {
    Rejection::Validation {
        errors: vec![FieldError {
            field,
            index: None,
            code,
        }],
    }
}
