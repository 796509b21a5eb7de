//! Who the applicant is: opening an account proves the mobile with a one-time code, a
//! forgotten password is reset by a code to that mobile, and an officer who saw the
//! original ID releases an ID someone else took.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use shared::api::{Me, RegisterRequest};
use shared::identity::{
    masked, CodeEntry, CodeSent, ForgotPassword, IdentityConfirmation, PasswordRecovery, Release,
    Resend, RESEND_AFTER_SECS,
};
use shared::validation::{ErrorCode, Field, FieldError};
use tower_sessions::Session;

use super::session::start_session;
use crate::auth::{hash_password, ClientAddress, CurrentUser};
use crate::db::identity::{self, Pending};
use crate::db::{accounts, users};
use crate::error::ApiError;
use crate::service::identity::{self as service, Checked, Opened, Resent, RESET, SIGN_UP};
use crate::state::AppState;
use crate::tidy::{Body, Tidy};

fn refused(field: Field, code: ErrorCode) -> ApiError {
    ApiError::Fields(vec![FieldError {
        field,
        index: None,
        code,
    }])
}

/// Writes a step and sends its first code.
async fn begin(state: &AppState, pending: &Pending, code: &str) -> Result<(), ApiError> {
    if service::begin(&state.db, pending, code).await? {
        state.outbox.wake();
    }
    Ok(())
}

/// `POST /api/register`: checks what an applicant typed to open an account and sends a
/// code to the mobile; the account opens when the code comes back (see [`verify`]).
pub async fn register(
    State(state): State<AppState>,
    address: ClientAddress,
    Tidy(body): Tidy<RegisterRequest>,
) -> Result<(StatusCode, Json<CodeSent>), ApiError> {
    let (national_id, mobile) = body.check().map_err(ApiError::Fields)?;
    if !accounts::point_exists(state.db.pool(), &body.outreach_point).await? {
        return Err(refused(Field::OutreachPoint, ErrorCode::UnknownChoice));
    }
    // Counted once the form is right, so a typo does not use up anyone's share.
    let (from, mobile_key, id_key) = (
        address.key(),
        format!("mobile:{mobile}"),
        format!("id:{national_id}"),
    );
    let limits = &state.limits;
    crate::limits::attempt(
        state.db.pool(),
        &[
            (&limits.steps_by_address, &from),
            (&limits.steps_by_person, &mobile_key),
            (&limits.steps_by_person, &id_key),
        ],
    )
    .await?
    .keep();
    // An ID that has an account is answered as a new one: the code goes to the mobile
    // typed, and only once it comes back does the step say the ID is taken (and the holder
    // hears of it), so typing IDs tells nobody which have accounts.
    let hash = hash_password(&body.password).await?;
    let language = if body.english { "en" } else { "ar" };
    let (mut pending, code) =
        service::step(SIGN_UP, national_id.as_str(), mobile.as_str(), language);
    pending.password_hash = Some(hash);
    pending.outreach_point_id = Some(body.outreach_point.clone());
    begin(&state, &pending, &code).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(CodeSent {
            pending: pending.id,
            mobile: masked(mobile.as_str()),
            resend_after_secs: RESEND_AFTER_SECS,
        }),
    ))
}

/// Checks `code` against a waiting step, counted against `address`: the step when it
/// matches; otherwise the refusal to give.
async fn matched(
    state: &AppState,
    address: ClientAddress,
    token: &str,
    purpose: &str,
    code: &str,
) -> Result<Pending, ApiError> {
    code_typed(state, address).await?;
    match service::check_code(&state.db, token, purpose, code).await? {
        Checked::Matched(pending) => Ok(*pending),
        Checked::Wrong { tries_left } => {
            Err(refused(Field::Code, ErrorCode::CodeWrong { tries_left }))
        }
        Checked::Expired => Err(refused(Field::Code, ErrorCode::CodeExpired)),
    }
}

/// `POST /api/register/verify`: the code from the SMS opens the account and signs in.
pub async fn verify(
    State(state): State<AppState>,
    address: ClientAddress,
    session: Session,
    Body(body): Body<CodeEntry>,
) -> Result<Json<Me>, ApiError> {
    let code = body.check().map_err(ApiError::Fields)?;
    let pending = matched(&state, address, &body.pending, SIGN_UP, &code).await?;
    let contact = state.settings.get().contact;
    let id = match service::open_account(&state.db, &pending, &contact).await? {
        Opened::Account(id) => id,
        Opened::Taken { warned } => {
            if warned {
                state.outbox.wake();
            }
            tracing::info!(warned, "sign-up with an ID that has an account ended");
            return Err(refused(Field::NationalId, ErrorCode::AccountExists));
        }
    };
    let me = users::by_id(state.db.pool(), id)
        .await?
        .and_then(|u| u.me())
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the new account is missing")))?;
    start_session(&session, &me, 0).await?;
    tracing::info!(user = me.id, "applicant account opened, mobile proven");
    Ok(Json(me))
}

/// `POST /api/register/resend` and `/api/password/forgot/resend`: another code for a
/// waiting step, a minute after the last and three in all.
pub async fn resend(
    State(state): State<AppState>,
    address: ClientAddress,
    Body(body): Body<Resend>,
) -> Result<Json<CodeSent>, ApiError> {
    code_typed(&state, address).await?;
    let pending = match service::resend(&state.db, &body.pending).await? {
        Resent::Sent { pending, texted } => {
            if texted {
                state.outbox.wake();
            }
            *pending
        }
        Resent::Expired => return Err(refused(Field::Code, ErrorCode::CodeExpired)),
        Resent::Limit => return Err(refused(Field::Code, ErrorCode::CodeLimit)),
        Resent::Wait(retry_after_secs) => {
            return Err(ApiError::TooManyAttempts { retry_after_secs })
        }
    };
    Ok(Json(CodeSent {
        pending: pending.id,
        mobile: if pending.purpose == SIGN_UP {
            masked(&pending.mobile)
        } else {
            String::new()
        },
        resend_after_secs: RESEND_AFTER_SECS,
    }))
}

/// `POST /api/password/forgot`: sends a code to the proven mobile of the applicant's
/// account with this ID. The answer is the same whether or not there is one, so it tells
/// nobody which IDs have accounts.
pub async fn forgot(
    State(state): State<AppState>,
    address: ClientAddress,
    Body(body): Body<ForgotPassword>,
) -> Result<(StatusCode, Json<CodeSent>), ApiError> {
    let national_id = body.check().map_err(ApiError::Fields)?;
    let (from, id_key) = (address.key(), format!("id:{national_id}"));
    let limits = &state.limits;
    crate::limits::attempt(
        state.db.pool(),
        &[
            (&limits.steps_by_address, &from),
            (&limits.steps_by_person, &id_key),
        ],
    )
    .await?
    .keep();
    // Without an account the step is a decoy that answers alike (see `reset_step`).
    let (pending, code) = service::reset_step(&state.db, national_id.as_str()).await?;
    begin(&state, &pending, &code).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(CodeSent {
            pending: pending.id,
            mobile: String::new(),
            resend_after_secs: RESEND_AFTER_SECS,
        }),
    ))
}

/// `POST /api/password/recover`: the code and a new password; the account's other
/// sessions end and this device is signed in.
pub async fn recover(
    State(state): State<AppState>,
    address: ClientAddress,
    session: Session,
    Body(body): Body<PasswordRecovery>,
) -> Result<Json<Me>, ApiError> {
    let pending = identity::get(state.db.pool(), &body.pending, RESET).await?;
    let national_id = pending.as_ref().map_or("", |p| p.national_id.as_str());
    let code = body.check(national_id).map_err(ApiError::Fields)?;
    let pending = matched(&state, address, &body.pending, RESET, &code).await?;
    let user_id = pending
        .user_id
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("a reset without its account")))?;
    let hash = hash_password(&body.password).await?;
    let version = service::recover(&state.db, &pending, user_id, &hash).await?;
    let me = users::by_id(state.db.pool(), user_id)
        .await?
        .filter(|u| u.active)
        .and_then(|u| u.me())
        .ok_or(ApiError::BadCredentials)?;
    start_session(&session, &me, version).await?;
    state
        .limits
        .sign_ins_by_name
        .clear(state.db.pool(), &me.username)
        .await?;
    tracing::info!(user = me.id, "password recovered by a code");
    Ok(Json(me))
}

/// `POST /api/users/release`: an officer or the head office, having seen the holder's
/// original ID, releases it from the applicant's account that took it.
pub async fn release(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<Release>,
) -> Result<StatusCode, ApiError> {
    if !user.0.role.releases_ids() {
        return Err(ApiError::Forbidden);
    }
    let (national_id, reason) = body.check().map_err(ApiError::Fields)?;
    let released = service::release(&state.db, user.0.id, national_id.as_str(), &reason).await?;
    match released {
        Some(account) => {
            tracing::info!(by = user.0.id, account, "national ID released");
            Ok(StatusCode::NO_CONTENT)
        }
        None => Err(ApiError::NotFound),
    }
}

/// `POST /api/users/confirm-identity`: an officer or the head office, having seen the
/// original, confirms that the applicant account of an ID is its holder's; it then reaches
/// the requests taken under the ID. Logged with who, when and which document.
pub async fn confirm_identity(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<IdentityConfirmation>,
) -> Result<StatusCode, ApiError> {
    if !user.0.role.releases_ids() {
        return Err(ApiError::Forbidden);
    }
    let (national_id, document, note) = body.check().map_err(ApiError::Fields)?;
    let confirmed = service::confirm(
        &state.db,
        user.0.id,
        national_id.as_str(),
        (document, &note),
    )
    .await?;
    match confirmed {
        Some(account) => {
            tracing::info!(by = user.0.id, account, "account holder confirmed");
            Ok(StatusCode::NO_CONTENT)
        }
        None => Err(ApiError::NotFound),
    }
}

/// Counts a code typed or asked for again from `address`, across every step, so codes
/// cannot be guessed by spreading tries over many steps; refuses past the limit.
async fn code_typed(state: &AppState, address: ClientAddress) -> Result<(), ApiError> {
    let from = address.key();
    crate::limits::attempt(state.db.pool(), &[(&state.limits.codes_by_address, &from)])
        .await?
        .keep();
    Ok(())
}
