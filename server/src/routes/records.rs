//! Records made on devices that are not cases (inquiries, needs and suggestions): one pair
//! of routes, `POST` and `GET /api/{NAME}`, for every kind.

use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use shared::records::{Batch, Page, Results};

use crate::auth::CurrentUser;
use crate::db::records::{self, Table};
use crate::error::ApiError;
use crate::service;
use crate::state::AppState;
use crate::tidy::Tidy;

/// `POST /api/{NAME}`: keeps each valid record once; says of each what became of it.
pub async fn push<R: Table>(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<Batch<R>>,
) -> Result<Json<Results>, ApiError> {
    let actor = user.actor();
    if !R::may_send(&actor) {
        return Err(ApiError::Forbidden);
    }
    if body.items.len() > R::MAX_BATCH {
        return Err(ApiError::BadRequest(format!(
            "at most {} at once",
            R::MAX_BATCH
        )));
    }
    Ok(Json(
        service::records::push(&state.db, &actor, body.items).await?,
    ))
}

/// The query of a pull.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    cursor: u64,
}

/// `GET /api/{NAME}?cursor=N`: the records this user may see, as they stand, that were
/// made or changed after N.
pub async fn pull<R: Table>(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<PageQuery>,
) -> Result<Json<Page<R>>, ApiError> {
    Ok(Json(
        records::page(&state.db, &user.actor(), q.cursor, Page::<R>::LIMIT).await?,
    ))
}
