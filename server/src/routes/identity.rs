//! Who the applicant is: opening an account proves the mobile with a one-time code, a
//! forgotten password is reset by a code to that mobile, and an officer who saw the
//! original ID releases an ID someone else took.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};
use shared::api::{Me, RegisterRequest};
use shared::identity::{
    masked, CodeEntry, CodeSent, ForgotPassword, IdentityConfirmation, PasswordRecovery, Release,
    Resend, CODE_TRIES, CODE_VALID_MINUTES, RESEND_AFTER_SECS, SENDS_MAX,
};
use shared::validation::{ErrorCode, Field, FieldError};
use tower_sessions::Session;

use super::session::start_session;
use crate::auth::{hash_password, ClientAddress, CurrentUser};
use crate::db::identity::{self, Pending};
use crate::db::{accounts, users};
use crate::error::ApiError;
use crate::state::AppState;
use crate::tidy::{Body, Tidy};

const SIGN_UP: &str = "sign_up";
const RESET: &str = "reset";

fn refused(field: Field, code: ErrorCode) -> ApiError {
    ApiError::Fields(vec![FieldError {
        field,
        index: None,
        code,
    }])
}

/// A fresh code, and a token naming its step.
fn fresh_code() -> (String, String) {
    let mut rng = rand::thread_rng();
    let code = format!("{:06}", rng.gen_range(0..1_000_000));
    let token = hex::encode(rng.gen::<[u8; 16]>());
    (code, token)
}

/// The code as stored: hashed with its step's token, so equal codes never look alike.
fn code_hash(token: &str, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{token}:{code}")))
}

fn expiry(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::minutes(CODE_VALID_MINUTES)
}

/// A step of `purpose` for `national_id` whose first code goes to `mobile` now, in
/// `language`; the caller names what it will change.
fn step(purpose: &str, national_id: &str, mobile: &str, language: &str) -> (Pending, String) {
    let (code, token) = fresh_code();
    let now = Utc::now();
    let pending = Pending {
        code_hash: code_hash(&token, &code),
        id: token,
        purpose: purpose.into(),
        national_id: national_id.into(),
        mobile: mobile.into(),
        user_id: None,
        password_hash: None,
        outreach_point_id: None,
        language: language.into(),
        tries: 0,
        sends: 1,
        sent_at: now,
        expires_at: expiry(now),
    };
    (pending, code)
}

/// Writes a step and queues its first code (none for a [`decoy`]), in one transaction.
async fn begin(state: &AppState, pending: &Pending, code: &str) -> Result<(), ApiError> {
    let mut w = state.db.write().await?;
    identity::start(&mut w.tx, pending).await?;
    let real = !decoy(pending);
    if real {
        let english = pending.language == "en";
        crate::notify::code(&mut w.tx, &pending.mobile, code, english, pending.sent_at).await?;
    }
    w.commit().await?;
    if real {
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
    let (mut pending, code) = step(SIGN_UP, national_id.as_str(), mobile.as_str(), language);
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

/// A reset step for an ID without an account (or without a proven mobile): it answers as
/// a real one does, and no code opens it.
fn decoy(pending: &Pending) -> bool {
    pending.purpose == RESET && pending.user_id.is_none()
}

/// Checks `code` against a waiting step: the step when it matches; otherwise the refusal
/// to give, the try counted and the step ended at its last try.
async fn matched(
    state: &AppState,
    address: ClientAddress,
    token: &str,
    purpose: &str,
    code: &str,
) -> Result<Pending, ApiError> {
    code_typed(state, address).await?;
    let expired = || refused(Field::Code, ErrorCode::CodeExpired);
    let pending = identity::get(state.db.pool(), token, purpose)
        .await?
        .ok_or_else(expired)?;
    let tries = u32::try_from(pending.tries).unwrap_or(u32::MAX);
    if pending.expires_at < Utc::now() || tries >= CODE_TRIES {
        return Err(expired());
    }
    if !decoy(&pending) && code_hash(&pending.id, code) == pending.code_hash {
        return Ok(pending);
    }
    let mut w = state.db.write().await?;
    let tries = u32::try_from(identity::wrong(&mut w.tx, &pending.id).await?).unwrap_or(u32::MAX);
    let left = CODE_TRIES.saturating_sub(tries);
    if left == 0 {
        identity::end(&mut w.tx, &pending.id).await?;
    }
    w.commit().await?;
    Err(if left == 0 {
        expired()
    } else {
        refused(Field::Code, ErrorCode::CodeWrong { tries_left: left })
    })
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
    let now = Utc::now();
    let mut w = state.db.write().await?;
    let opened = identity::open_account(&mut w.tx, &pending, now).await?;
    identity::end(&mut w.tx, &pending.id).await?;
    let warned = match opened {
        Some(_) => false,
        None => warn_holder(&state, &mut w.tx, &pending, now).await?,
    };
    w.commit().await?;
    if warned {
        state.outbox.wake();
    }
    let Some(id) = opened else {
        tracing::info!(warned, "sign-up with an ID that has an account ended");
        return Err(refused(Field::NationalId, ErrorCode::AccountExists));
    };
    let me = users::by_id(state.db.pool(), id)
        .await?
        .and_then(|u| u.me())
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the new account is missing")))?;
    start_session(&session, &me, 0).await?;
    tracing::info!(user = me.id, "applicant account opened, mobile proven");
    Ok(Json(me))
}

/// The ID of a sign-up step has an account: its holder hears, at the mobile the account
/// proved, that another mobile tried, unless it was that very mobile (the holder, who has
/// forgotten the account).
async fn warn_holder(
    state: &AppState,
    tx: &mut crate::db::Tx,
    pending: &Pending,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let Some((_, Some(mobile), language)) =
        identity::applicant(&mut *tx, &pending.national_id).await?
    else {
        return Ok(false);
    };
    let same = shared::Mobile::parse(&mobile)
        .ok()
        .zip(shared::Mobile::parse(&pending.mobile).ok())
        .is_some_and(|(a, b)| a == b);
    if same {
        return Ok(false);
    }
    let to = crate::db::notifications::Recipient {
        mobile,
        english: language == "en",
        opted_out: false,
    };
    let contact = state.settings.get().contact;
    Ok(crate::notify::sign_up_tried(tx, &to, &contact, now).await?)
}

/// `POST /api/register/resend` and `/api/password/forgot/resend`: another code for a
/// waiting step, a minute after the last and three in all.
pub async fn resend(
    State(state): State<AppState>,
    address: ClientAddress,
    Body(body): Body<Resend>,
) -> Result<Json<CodeSent>, ApiError> {
    code_typed(&state, address).await?;
    let mut found = None;
    for purpose in [SIGN_UP, RESET] {
        if let Some(p) = identity::get(state.db.pool(), &body.pending, purpose).await? {
            found = Some(p);
        }
    }
    let Some(pending) = found else {
        return Err(refused(Field::Code, ErrorCode::CodeExpired));
    };
    let now = Utc::now();
    if u32::try_from(pending.sends).unwrap_or(u32::MAX) >= SENDS_MAX {
        return Err(refused(Field::Code, ErrorCode::CodeLimit));
    }
    let wait = RESEND_AFTER_SECS - (now - pending.sent_at).num_seconds();
    if wait > 0 {
        return Err(ApiError::TooManyAttempts {
            retry_after_secs: u64::try_from(wait).unwrap_or(1),
        });
    }
    let (code, _) = fresh_code();
    let mut w = state.db.write().await?;
    identity::resent(
        &mut w.tx,
        &pending.id,
        &code_hash(&pending.id, &code),
        now,
        expiry(now),
    )
    .await?;
    // A reset for an ID without an account counts its sends like any, and sends nothing.
    let real = !decoy(&pending);
    if real {
        crate::notify::code(
            &mut w.tx,
            &pending.mobile,
            &code,
            pending.language == "en",
            now,
        )
        .await?;
    }
    w.commit().await?;
    if real {
        state.outbox.wake();
    }
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
    let account = identity::applicant(state.db.pool(), national_id.as_str()).await?;
    // Without an account (or a proven mobile) the step is a decoy: written like any, its
    // sends and wrong codes counted alike, no code ever sent and none ever matching, so no
    // answer of this step or the next tells whether the ID has an account.
    let (mut pending, code) = step(RESET, national_id.as_str(), "", "ar");
    if let Some((user_id, Some(mobile), language)) = account {
        pending.mobile = mobile;
        pending.language = language;
        pending.user_id = Some(user_id);
    }
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
    let mut w = state.db.write().await?;
    let version = identity::recover_password(&mut w.tx, user_id, &hash).await?;
    identity::end(&mut w.tx, &pending.id).await?;
    w.commit().await?;
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
    let mut w = state.db.write().await?;
    let released = identity::release(
        &mut w.tx,
        user.0.id,
        national_id.as_str(),
        &reason,
        Utc::now(),
    )
    .await?;
    w.commit().await?;
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
    let mut w = state.db.write().await?;
    let confirmed = identity::confirm(
        &mut w.tx,
        user.0.id,
        national_id.as_str(),
        (document, &note),
        Utc::now(),
    )
    .await?;
    w.commit().await?;
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
