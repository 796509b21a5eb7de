//! Signing in and out, and who is signed in.

use axum::extract::State;
use axum::Json;
use shared::api::{LoginRequest, Me};
use tower_sessions::Session;

use shared::audit::SignInOutcome;

use crate::auth::{
    verify_password, ClientAddress, CurrentUser, SESSION_CREDENTIALS_KEY, SESSION_USER_KEY,
};
use crate::db::{audit, users};
use crate::error::ApiError;
use crate::limits;
use crate::state::AppState;
use crate::tidy::Body;

/// `POST /api/login`: checks the password and starts a session.
pub async fn login(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Session,
    Body(body): Body<LoginRequest>,
) -> Result<Json<Me>, ApiError> {
    let username = body.username.trim();
    let shown = client.0.map(|a| a.to_string());
    let log = |user_id: Option<i64>, outcome| {
        audit::record_sign_in(&state.db, username, user_id, shown.as_deref(), outcome)
    };
    // Attempts count per name and per address, so neither one account nor many accounts
    // from one place can be guessed at speed.
    let limits = &state.limits;
    let pool = state.db.pool();
    let address = client.key();
    let tries = [
        (&limits.sign_ins_by_name, username),
        (&limits.sign_ins_by_address, address.as_str()),
    ];
    let counted = match limits::attempt(pool, &tries).await {
        Ok(counted) => counted,
        Err(refusal) => {
            log(None, SignInOutcome::Throttled).await?;
            return Err(refusal);
        }
    };
    let user = users::by_username(state.db.pool(), username)
        .await?
        .filter(|u| u.active);
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    // Checked before anything else is known, so an unknown name takes as long as a wrong
    // password and names cannot be told from the time an answer takes.
    let verified = verify_password(&body.password, hash).await?;
    let me = match user
        .as_ref()
        .and_then(|u| u.me().map(|me| (me, u.credentials_version)))
    {
        Some(me) if verified => me,
        _ => {
            counted.keep();
            log(user.as_ref().map(|u| u.id), SignInOutcome::Refused).await?;
            tracing::info!(username = %username, "failed sign-in");
            return Err(ApiError::BadCredentials);
        }
    };
    // A success takes back its own attempts, and every earlier one on the name.
    counted.forgive(pool).await?;
    limits.sign_ins_by_name.clear(pool, username).await?;
    let (me, version) = me;
    start_session(&session, &me, version).await?;
    log(Some(me.id), SignInOutcome::SignedIn).await?;
    tracing::info!(user = me.id, role = ?me.role, "signed in");
    Ok(Json(me))
}

/// Starts a session for `me` under a new session id, so an id planted before sign-in is
/// worth nothing, holding the account's credentials `version`.
pub async fn start_session(session: &Session, me: &Me, version: i64) -> Result<(), ApiError> {
    session
        .cycle_id()
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    session
        .insert(SESSION_CREDENTIALS_KEY, version)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    session
        .insert(SESSION_USER_KEY, me.id)
        .await
        .map_err(|e| ApiError::Internal(e.into()))
}

/// `POST /api/logout`: ends the session.
pub async fn logout(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    session: Session,
) -> Result<(), ApiError> {
    let user: Option<i64> = session
        .get(SESSION_USER_KEY)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    session
        .flush()
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    if let Some(id) = user {
        let name = users::by_id(state.db.pool(), id)
            .await?
            .map(|u| u.username)
            .unwrap_or_default();
        let shown = address.map(|a| a.to_string());
        audit::record_sign_in(
            &state.db,
            &name,
            Some(id),
            shown.as_deref(),
            SignInOutcome::SignedOut,
        )
        .await?;
    }
    Ok(())
}

/// `GET /api/me`: the signed-in user.
pub async fn me(user: CurrentUser) -> Json<Me> {
    Json(user.0)
}
