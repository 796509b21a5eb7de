//! An applicant's download of everything the association holds about them.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use shared::Role;

use crate::auth::CurrentUser;
use crate::db::personal;
use crate::error::ApiError;
use crate::state::AppState;

/// The download's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DataQuery {
    /// As a file to keep, rather than for the page to show.
    download: bool,
}

/// `GET /api/me/data`: the signed-in applicant's data, as JSON; `?download=true` as a
/// file. Applicants only: staff's accounts hold no requests of their own.
pub async fn my_data(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<DataQuery>,
) -> Result<Response, ApiError> {
    user.may(Role::has_own_file)?;
    let data = personal::of_applicant(&state.db, user.0.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tracing::info!(
        user = user.0.id,
        requests = data.requests.len(),
        "personal data downloaded"
    );
    if !q.download {
        return Ok(Json(data).into_response());
    }
    let day = data.made_at.format("%Y-%m-%d");
    let body = serde_json::to_vec_pretty(&data).map_err(|e| ApiError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"my-data-{day}.json\""),
            ),
        ],
        body,
    )
        .into_response())
}
