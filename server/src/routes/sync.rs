//! Sync: devices push their outbox and pull what changed.

use axum::extract::{Query, State};
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use shared::life::mutation::Context;
use shared::sync::{PullResponse, PushRequest, PushResponse};

use crate::auth::CurrentUser;
use crate::db::cases;
use crate::error::ApiError;
use crate::service::push::{self, Messages};
use crate::state::AppState;
use crate::tidy::Tidy;

/// The longest device id accepted; the app sends a UUID.
const DEVICE_ID_MAX: usize = 64;

/// `POST /api/sync/push`: applies mutations in order, one result each.
pub async fn push(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    if body.mutations.len() > PushRequest::MAX_BATCH {
        return Err(ApiError::BadRequest(format!(
            "at most {} mutations per push",
            PushRequest::MAX_BATCH
        )));
    }
    same_user(body.user_id, &user)?;
    if body.device_id.is_empty() || body.device_id.len() > DEVICE_ID_MAX {
        return Err(ApiError::BadRequest(
            "device_id must be 1 to 64 bytes".into(),
        ));
    }
    state.watch.metrics.pushed(body.mutations.len());
    let rules = Context {
        now: Utc::now(),
        answer_days: state.settings.get().answer_days,
    };
    let pushed = push::push(
        &state.db,
        &user.actor(),
        &body.device_id,
        body.mutations,
        &rules,
        Messages::Send,
    )
    .await
    // A session begun on a lost device after it was marked would otherwise still send.
    .map_err(|e| match e.downcast::<push::DeviceLost>() {
        Ok(_) => ApiError::DeviceLost,
        Err(e) => ApiError::Internal(e),
    })?;
    if pushed.queued {
        state.outbox.wake();
    }
    Ok(Json(PushResponse {
        results: pushed.results,
    }))
}

/// The query of a pull.
#[derive(Debug, Deserialize)]
pub struct PullQuery {
    /// The last sequence number the device has.
    #[serde(default)]
    cursor: u64,
    /// Page size.
    limit: Option<u32>,
    /// The user whose copy on the device this pull fills.
    user: Option<i64>,
}

/// Refuses a sync the device made for another user than the one signed in: a tablet whose
/// officers changed between two requests must not mix their cases.
fn same_user(claimed: Option<i64>, user: &CurrentUser) -> Result<(), ApiError> {
    match claimed {
        Some(id) if id != user.0.id => Err(ApiError::OtherUser),
        _ => Ok(()),
    }
}

/// `GET /api/sync/pull?cursor=N&limit=M`: the visible changes after N.
pub async fn pull(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<PullQuery>,
) -> Result<Json<cases::PullPage>, ApiError> {
    same_user(q.user, &user)?;
    let limit = q
        .limit
        .unwrap_or(PullResponse::DEFAULT_LIMIT)
        .clamp(1, PullResponse::MAX_LIMIT);
    let page = cases::pull(&state.db, &user.actor(), q.cursor, limit).await?;
    state.watch.metrics.pulled(page.changes.len());
    Ok(Json(page))
}
