//! Signing in and out, and who is signed in.

use axum::extract::State;
use axum::Json;
use shared::api::{LoginRequest, Me};
use tower_sessions::Session;

use crate::auth::{verify_password, CurrentUser, SESSION_USER_KEY};
use crate::db::users;
use crate::error::ApiError;
use crate::state::AppState;

/// `POST /api/login`: checks the password and starts a session.
pub async fn login(
    State(state): State<AppState>,
    session: Session,
    Json(body): Json<LoginRequest>,
) -> Result<Json<Me>, ApiError> {
    state.throttle.check(&body.username)?;
    let user = users::by_username(state.db.pool(), body.username.trim())
        .await?
        .filter(|u| u.active);
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    if !verify_password(&body.password, hash).await? {
        state.throttle.failed(&body.username);
        tracing::info!(username = %body.username, "failed sign-in");
        return Err(ApiError::BadCredentials);
    }
    let Some(me) = user.as_ref().and_then(|u| u.me()) else {
        return Err(ApiError::BadCredentials);
    };
    state.throttle.succeeded(&body.username);
    // A new session id at sign-in, so an id planted before sign-in is worth nothing.
    session
        .cycle_id()
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    session
        .insert(SESSION_USER_KEY, me.id)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    tracing::info!(user = me.id, role = ?me.role, "signed in");
    Ok(Json(me))
}

/// `POST /api/logout`: ends the session.
pub async fn logout(session: Session) -> Result<(), ApiError> {
    session
        .flush()
        .await
        .map_err(|e| ApiError::Internal(e.into()))
}

/// `GET /api/me`: the signed-in user.
pub async fn me(user: CurrentUser) -> Json<Me> {
    Json(user.0)
}
