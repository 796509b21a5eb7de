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
    /// The association's settings as the head office keeps them: days to an answer, how
    /// applicants reach it (sent to their devices), quiet hours.
    pub settings: crate::service::setup::LiveSettings,
    /// How the server was started, as the first-start checklist reports it.
    pub started: Started,
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

/// What the first-start checklist reads of how the server was started.
#[derive(Clone, Debug, Default)]
pub struct Started {
    /// Whether the session cookie is kept to HTTPS.
    pub secure_cookies: bool,
    /// The data folder, where a backup of a SQLite file is noted.
    pub data_dir: std::path::PathBuf,
}
