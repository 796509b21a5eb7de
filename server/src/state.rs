//! The state every handler shares.

use crate::blobs::Blobs;
use crate::db::Db;

/// Shared by every handler; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The attachment files.
    pub blobs: Blobs,
    /// Days from submission to the expected answer.
    pub answer_days: u32,
    /// How applicants reach the association, sent to their devices.
    pub contact: shared::api::Contact,
    /// Messages to applicants: handlers wake its worker after queueing one.
    pub outbox: crate::notify::Outbox,
    /// How often sign-ins, accounts, codes and devices may be tried.
    pub limits: crate::limits::Limits,
    /// The metrics, who may read them, and what the health check measures by.
    pub watch: crate::metrics::Watch,
    /// How long an erased applicant's beneficiary register entry is kept.
    pub register_keep: shared::erasure::RegisterKeep,
    /// The built app's folder: its page names the build devices should run.
    pub dist: std::path::PathBuf,
}
