//! The staff a case can be handed to: the social researchers, for the officers and the head office.

use axum::extract::State;
use axum::Json;
use shared::case::UserRef;
use shared::Role;

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
    if !matches!(user.0.role, Role::Officer | Role::HeadOffice) {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(users::researchers(state.db.pool()).await?))
}
