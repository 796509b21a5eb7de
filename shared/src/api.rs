//! Request and response bodies of the HTTP API other than sync, and the error body.

use serde::{Deserialize, Serialize};

use crate::ids::{Mobile, NationalId};
use crate::life::status::Role;
use crate::people::Actor;
use crate::people::{OutreachPoint, UserRef};
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
    /// Whether their messages, the code first, are in English.
    #[serde(default)]
    pub english: bool,
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
    /// Someone else set the password (the head office): it is changed before anything
    /// else, and until then the server answers nothing else.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub must_change_password: bool,
    /// The mobile an applicant's code proved, which a new request starts with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
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
    /// How many changes the device holds that the server has not acknowledged: a device
    /// with none may be released when its user signs in on one device too many.
    #[serde(default)]
    pub unsent: u32,
    /// What else it tells of itself: its build, its last finished sync, its storage.
    #[serde(default)]
    pub state: crate::devices::DeviceState,
}

impl DeviceRequest {
    /// The longest device id accepted; the app sends a UUID.
    pub const ID_MAX: usize = 64;
    /// The most devices one account holds at a time.
    pub const ACTIVE_MAX: u32 = 10;
}

/// What a device needs to know to work offline: its number, which starts the reference
/// numbers it makes, and the association's settings that apply on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSettings {
    /// The device's number.
    pub number: u32,
    /// Days from submission to the expected answer.
    pub answer_days: u32,
    /// How applicants reach the association besides its outreach points. Devices
    /// numbered before it was sent read it as nothing configured.
    #[serde(default)]
    pub contact: Contact,
}

/// How applicants reach the association besides its outreach points (policy CH2, CH7),
/// as the server is configured; what is not configured is left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// A phone number to call: digits, with `+` before an international one.
    pub phone: Option<String>,
    /// An e-mail address.
    pub email: Option<String>,
    /// The association's website, an `https://` address.
    pub website: Option<String>,
}

impl Contact {
    /// How a text tells the applicant to reach the association: the phone, else the
    /// website, else the e-mail, else the nearest outreach point.
    pub fn line(&self, english: bool) -> String {
        match (&self.phone, &self.website, &self.email) {
            (Some(phone), ..) => phone.clone(),
            (None, Some(website), _) => website.clone(),
            (None, None, Some(email)) => email.clone(),
            (None, None, None) if english => "the nearest outreach point".into(),
            (None, None, None) => "أقرب نقطة استقبال".into(),
        }
    }

    /// A phone number as configured, if it is one: 5 to 15 digits, `+` first at most;
    /// spaces and dashes people write in numbers are dropped.
    pub fn phone(text: &str) -> Result<String, &'static str> {
        let number: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let digits = number.strip_prefix('+').unwrap_or(&number);
        if (5..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(number)
        } else {
            Err("a phone number is 5 to 15 digits, with + first for an international one")
        }
    }

    /// An e-mail address as configured, if it looks like one.
    pub fn email(text: &str) -> Result<String, &'static str> {
        let text = text.trim();
        match text.split_once('@') {
            Some((user, host))
                if !user.is_empty()
                    && host.contains('.')
                    && !text.chars().any(|c| c.is_whitespace() || c.is_control())
                    && !host.contains('@') =>
            {
                Ok(text.to_owned())
            }
            _ => Err("an e-mail address is name@host"),
        }
    }

    /// A website as configured, if it is an `https://` address.
    pub fn website(text: &str) -> Result<String, &'static str> {
        let text = text.trim();
        match text.strip_prefix("https://") {
            Some(rest)
                if !rest.is_empty()
                    && !text
                        .chars()
                        .any(|c| c.is_whitespace() || c.is_control() || c == '"') =>
            {
                Ok(text.to_owned())
            }
            _ => Err("a website is an https:// address"),
        }
    }
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
    /// The head office marked this device lost: it may no longer sync.
    DeviceLost,
    /// The password someone else set is to be changed first.
    PasswordChange,
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

#[cfg(test)]
mod tests {
    use super::Contact;

    #[test]
    fn contact_details_are_checked_as_configured() {
        assert_eq!(Contact::phone("920 000-000"), Ok("920000000".into()));
        assert_eq!(
            Contact::phone("+966 17 000 0000"),
            Ok("+966170000000".into())
        );
        assert!(Contact::phone("١٢٣٤٥").is_err());
        assert!(Contact::phone("12-34").is_err());
        assert_eq!(
            Contact::email(" info@example.org.sa "),
            Ok("info@example.org.sa".into())
        );
        assert!(Contact::email("info@localhost").is_err());
        assert!(Contact::email("a b@example.org").is_err());
        assert_eq!(
            Contact::website("https://example.org.sa/"),
            Ok("https://example.org.sa/".into())
        );
        assert!(Contact::website("javascript:alert(1)").is_err());
        assert!(Contact::website("http://example.org.sa").is_err());
        assert!(Contact::website("https://").is_err());
    }
}
