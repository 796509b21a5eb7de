//! The staff a case can be handed to: the social researchers, for the officers and the head office.

use axum::extract::State;
use axum::Json;
use shared::case::UserRef;

use crate::auth::CurrentUser;
use crate::db::users;
use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/researchers`: the active social researchers, to assign a visit to. Kept on the
/// device, so a case can be assigned offline.
pub async fn researchers(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<UserRef>>, ApiError> {
    if !user.0.role.follows_up() {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(users::researchers(state.db.pool()).await?))
}
