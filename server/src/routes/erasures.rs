//! Erasure requests: an applicant asks from their phone, the head office rules.

use axum::extract::{Path, State};
use axum::Json;
use chrono::Utc;
use shared::erasure::{Erasure, ErasureAsk, ErasureList, ErasureRuling};
use shared::validation::{ErrorCode, Field, FieldError};
use shared::Role;

use crate::auth::CurrentUser;
use crate::db::erasures::{self, Asked};
use crate::error::ApiError;
use crate::service::erasures::{self as ruling, Ruled};
use crate::state::AppState;
use crate::tidy::Tidy;

fn refused(code: ErrorCode) -> ApiError {
    ApiError::Fields(vec![FieldError {
        field: Field::Reason,
        index: None,
        code,
    }])
}

/// `GET /api/me/erasure`: the signed-in applicant's latest erasure request, if any.
pub async fn mine(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Option<Erasure>>, ApiError> {
    user.may(Role::has_own_file)?;
    Ok(Json(erasures::latest_of(&state.db, user.0.id).await?))
}

/// `POST /api/me/erasure`: the signed-in applicant asks for their data to be erased.
pub async fn ask(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<ErasureAsk>,
) -> Result<Json<Erasure>, ApiError> {
    user.may(Role::has_own_file)?;
    let note = body.check().map_err(ApiError::Fields)?;
    match erasures::ask(&state.db, user.0.id, &note, Utc::now()).await? {
        Asked::Done(erasure) => {
            tracing::info!(user = user.0.id, erasure = erasure.id, "erasure asked");
            Ok(Json(*erasure))
        }
        Asked::Pending => Err(refused(ErrorCode::ErasurePending)),
    }
}

/// `GET /api/erasures`: the requests waiting for the head office, and the latest ruled.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<ErasureList>, ApiError> {
    user.may(Role::oversees_data)?;
    Ok(Json(erasures::list(&state.db).await?))
}

/// `POST /api/erasures/{id}`: the head office grants or refuses, with its reason.
pub async fn rule(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Tidy(body): Tidy<ErasureRuling>,
) -> Result<Json<Erasure>, ApiError> {
    user.may(Role::oversees_data)?;
    let reason = body.check().map_err(ApiError::Fields)?;
    let ruled = ruling::rule(
        &state.db,
        id,
        body.grant,
        &reason,
        user.0.id,
        state.register_keep,
        Utc::now(),
    )
    .await?;
    match ruled {
        Ruled::Done(erasure, files) => {
            let deleted = state.blobs.remove(&files).await?;
            if body.grant {
                // What was erased leaves the database's log as well as its pages.
                state.db.fold_log().await?;
            }
            state.outbox.wake();
            tracing::info!(
                erasure = id,
                by = user.0.id,
                granted = body.grant,
                files = deleted,
                "erasure ruled"
            );
            Ok(Json(*erasure))
        }
        Ruled::Missing => Err(ApiError::NotFound),
        Ruled::AlreadyRuled => Err(refused(ErrorCode::AlreadyRuled)),
    }
}
