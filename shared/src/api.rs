//! Request and response bodies of the HTTP API other than sync, and the error body.

use serde::{Deserialize, Serialize};

use crate::case::{OutreachPoint, UserRef};
use crate::ids::{Mobile, NationalId};
use crate::status::Role;
use crate::sync::Actor;
use crate::validation::{Collector, ErrorCode, Field, FieldError};

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

/// The body of `POST /api/register`: an applicant opens an account on their phone.
#[derive(Clone, Deserialize, Serialize)]
pub struct RegisterRequest {
    /// National ID or iqama: the account's sign-in name.
    pub national_id: String,
    /// Mobile, to be reached on.
    pub mobile: String,
    /// The password, never logged.
    pub password: String,
    /// The password typed again.
    pub password_again: String,
    /// The outreach point nearest the applicant, which receives their requests.
    pub outreach_point: String,
}

impl std::fmt::Debug for RegisterRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisterRequest")
            .field("national_id", &self.national_id)
            .field("outreach_point", &self.outreach_point)
            .finish_non_exhaustive()
    }
}

impl RegisterRequest {
    /// Checks every field; returns the ID and mobile in their canonical forms, or every problem.
    /// Whether the outreach point exists is the server's to say.
    pub fn check(&self) -> Result<(NationalId, Mobile), Vec<FieldError>> {
        let mut c = Collector::default();
        let id = c.check(Field::NationalId, NationalId::parse(&self.national_id));
        let mobile = c.check(Field::Mobile, Mobile::parse(&self.mobile));
        if let Some(problem) =
            crate::accounts::password_problem(&self.password, &self.national_id, Role::Applicant)
        {
            c.push(Field::Password, None, problem);
        } else if self.password != self.password_again {
            c.push(Field::PasswordAgain, None, ErrorCode::Mismatch);
        }
        if self.outreach_point.trim().is_empty() {
            c.push(Field::OutreachPoint, None, ErrorCode::Required);
        }
        c.finish(|| Some((id?, mobile?)))
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

/// The body of `POST /api/device`: a device introduces itself after sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRequest {
    /// The id the device made for itself.
    pub device_id: String,
}

impl DeviceRequest {
    /// The longest device id accepted; the app sends a UUID.
    pub const ID_MAX: usize = 64;
}

/// What a device needs to know to work offline: its number, which starts the reference
/// numbers it makes, and the association's settings that apply on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSettings {
    /// The device's number.
    pub number: u32,
    /// Days from submission to the expected answer.
    pub answer_days: u32,
}

/// Where an upload stands: `GET /api/attachments/{sha256}/upload` and every chunk's reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadStatus {
    /// Bytes the server has; the next chunk starts here.
    pub received: u64,
    /// Whether the whole file arrived and matched its hash.
    pub complete: bool,
}

impl UploadStatus {
    /// The largest chunk one request may carry: small enough to get through a weak
    /// connection before it drops, so an upload advances even when the network does not last.
    pub const CHUNK_MAX: usize = 256 * 1024;
    /// The most bytes of files one applicant may upload in all: far above what a request's
    /// downscaled photos take, far below what could fill the server's disk from accounts
    /// anyone can open.
    pub const APPLICANT_QUOTA: u64 = 100 * 1024 * 1024;
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
    /// A file or chunk larger than the limit.
    TooLarge,
    /// A file of a type attachments may not have.
    UnsupportedType,
    /// An uploaded file whose content does not have the hash it was sent under.
    HashMismatch,
    /// A chunk that does not continue the upload where the server has it.
    UploadOffset,
    /// Fields of the request were refused; the body names them.
    Invalid,
    /// The request was made for another user's data than the signed-in user's.
    OtherUser,
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
    /// For [`ErrorKind::Invalid`], every refused field and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// The header every state-changing request must carry. Browsers do not let another
/// site set it without a CORS preflight, which this server never grants.
pub const CSRF_HEADER: &str = "x-brs-request";
