//! The state every handler shares.

use crate::auth::LoginThrottle;
use crate::db::Db;

/// Shared by every handler; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Failed sign-ins per user name.
    pub throttle: LoginThrottle,
}
