//! `ApiError`: every refusal the API makes, and how it is told to the client.
//!
//! Handlers return `Result<_, ApiError>`. Client errors carry their kind to the client;
//! anything else becomes `Internal`, whose detail goes to the log and never to the client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::api::{ErrorBody, ErrorKind};

/// A refused or failed request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Not signed in.
    #[error("not signed in")]
    Unauthenticated,
    /// Wrong user name or password.
    #[error("wrong user name or password")]
    BadCredentials,
    /// Too many failed sign-ins.
    #[error("too many failed sign-ins; retry in {retry_after_secs} s")]
    TooManyAttempts {
        /// Seconds until the next attempt is allowed.
        retry_after_secs: u64,
    },
    /// Signed in but not allowed.
    #[error("not allowed")]
    Forbidden,
    /// A malformed request.
    #[error("{0}")]
    BadRequest(String),
    /// No such API route, or nothing this user may see under it.
    #[error("not found")]
    NotFound,
    /// A file or chunk over its limit.
    #[error("larger than {max} bytes")]
    TooLarge {
        /// The limit.
        max: u64,
    },
    /// A file whose content is not a type accepted where it was sent: an upload must be
    /// a JPEG, PNG, PDF or UTF-8 text; a document of the library a PDF or text.
    #[error("this type of file is not accepted here")]
    UnsupportedType,
    /// An upload whose content does not match its hash.
    #[error("the content does not match its SHA-256")]
    HashMismatch,
    /// Fields of the request were refused.
    #[error("invalid fields")]
    Fields(Vec<shared::validation::FieldError>),
    /// A chunk that does not continue where the upload stands.
    #[error("the upload continues at byte {received}")]
    UploadOffset {
        /// Where it continues.
        received: u64,
    },
    /// A state-changing request without the app's header.
    #[error("missing request header")]
    CsrfCheckFailed,
    /// A sync made for another user than the one signed in.
    #[error("made for another user than the one signed in")]
    OtherUser,
    /// The head office marked the device lost.
    #[error("this device was marked lost; it may no longer sync")]
    DeviceLost,
    /// The password someone else set is to be changed before anything else.
    #[error("the password is to be changed first")]
    PasswordChange,
    /// A body that is JSON but not the object the route documents (an array, a number,
    /// fields of the wrong type).
    #[error("{0}")]
    Shape(String),
    /// Anything that is the server's fault.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, kind) = match &self {
            Self::Unauthenticated => (StatusCode::UNAUTHORIZED, ErrorKind::Unauthenticated),
            Self::BadCredentials => (StatusCode::UNAUTHORIZED, ErrorKind::BadCredentials),
            Self::TooManyAttempts { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, ErrorKind::TooManyAttempts)
            }
            Self::Forbidden => (StatusCode::FORBIDDEN, ErrorKind::Forbidden),
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, ErrorKind::BadRequest),
            Self::NotFound => (StatusCode::NOT_FOUND, ErrorKind::NotFound),
            Self::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, ErrorKind::TooLarge),
            Self::UnsupportedType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorKind::UnsupportedType,
            ),
            Self::HashMismatch => (StatusCode::UNPROCESSABLE_ENTITY, ErrorKind::HashMismatch),
            Self::UploadOffset { .. } => (StatusCode::CONFLICT, ErrorKind::UploadOffset),
            Self::Fields(_) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorKind::Invalid),
            Self::CsrfCheckFailed => (StatusCode::FORBIDDEN, ErrorKind::CsrfCheckFailed),
            Self::OtherUser => (StatusCode::CONFLICT, ErrorKind::OtherUser),
            Self::DeviceLost => (StatusCode::FORBIDDEN, ErrorKind::DeviceLost),
            Self::PasswordChange => (StatusCode::FORBIDDEN, ErrorKind::PasswordChange),
            Self::Shape(_) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorKind::BadRequest),
            Self::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorKind::Internal)
            }
        };
        let message = match kind {
            ErrorKind::Internal => "internal error".to_owned(),
            _ => self.to_string(),
        };
        let errors = match &self {
            Self::Fields(errors) => errors.clone(),
            _ => Vec::new(),
        };
        let mut response = (
            status,
            Json(ErrorBody {
                error: kind,
                message,
                errors,
            }),
        )
            .into_response();
        if let Self::TooManyAttempts { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, retry_after_secs.into());
        }
        response
    }
}

/// The kind an error answer of `status` is, when something other than a handler gave it
/// (the framework's rejections of a body, a query or a path, a body over its limit).
fn kind_of(status: StatusCode) -> ErrorKind {
    match status {
        StatusCode::UNAUTHORIZED => ErrorKind::Unauthenticated,
        StatusCode::FORBIDDEN => ErrorKind::Forbidden,
        StatusCode::NOT_FOUND => ErrorKind::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorKind::TooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorKind::UnsupportedType,
        s if s.is_server_error() => ErrorKind::Internal,
        _ => ErrorKind::BadRequest,
    }
}

/// The longest text of a framework's rejection kept as the answer's message.
const REJECTION_TEXT_MAX: usize = 2_000;

/// Every error answer under `/api` is the JSON `docs/api.md` describes: an answer of 400
/// or more that is not JSON (the framework's own rejections: bad JSON, no content type,
/// a body too large, a query or path of the wrong shape, a method not allowed) is given
/// as `{error, message}` with the same status, its text as the message.
pub async fn json_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if status.as_u16() < 400 || json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, REJECTION_TEXT_MAX)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let kind = kind_of(status);
    let message = if kind == ErrorKind::Internal {
        "internal error".to_owned()
    } else {
        text
    };
    let mut answer = (
        status,
        Json(ErrorBody {
            error: kind,
            message,
            errors: Vec::new(),
        }),
    )
        .into_response();
    // What the first answer said of itself beyond its body (an `Allow`, a `Retry-After`).
    for (name, value) in &parts.headers {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            answer.headers_mut().insert(name.clone(), value.clone());
        }
    }
    answer
}
