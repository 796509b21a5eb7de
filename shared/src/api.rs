//! Request and response bodies of the HTTP API other than sync, and the error body.

use serde::{Deserialize, Serialize};

use crate::case::{OutreachPoint, UserRef};
use crate::status::Role;
use crate::sync::Actor;

/// The body of `POST /api/login`.
#[derive(Clone, Deserialize, Serialize)]
pub struct LoginRequest {
    /// The user name.
    pub username: String,
    /// The password, never logged.
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("username", &self.username)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// The signed-in user, as `GET /api/me` and a successful login return it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// The user's id.
    pub id: i64,
    /// The sign-in name.
    pub username: String,
    /// The name shown to staff.
    pub display_name: String,
    /// The user's role.
    pub role: Role,
    /// The officer's outreach point.
    pub outreach_point: Option<OutreachPoint>,
}

impl Me {
    /// The same user as the actor mutations are applied for.
    pub fn actor(&self) -> Actor {
        Actor {
            user: UserRef {
                id: self.id,
                name: self.display_name.clone(),
            },
            role: self.role,
            outreach_point: self.outreach_point.clone(),
        }
    }
}

/// What the API says when it refuses a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Not signed in, or the session expired.
    Unauthenticated,
    /// Wrong user name or password.
    BadCredentials,
    /// Too many failed sign-ins; try again later.
    TooManyAttempts,
    /// Signed in, but not allowed.
    Forbidden,
    /// The request was malformed.
    BadRequest,
    /// No such API route.
    NotFound,
    /// The request lacked the header that proves it came from the app.
    CsrfCheckFailed,
    /// Something went wrong on the server; the detail is in its log.
    Internal,
}

/// The body of every error reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What kind of refusal.
    pub error: ErrorKind,
    /// A short English explanation for developers; people see the app's localised text.
    pub message: String,
}

/// The header every state-changing request must carry. Browsers do not let another
/// site set it without a CORS preflight, which this server never grants.
pub const CSRF_HEADER: &str = "x-brs-request";
