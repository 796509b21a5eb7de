//! Devices introduce themselves and learn their number and the settings they work by.

use axum::extract::State;
use axum::Json;
use shared::api::{DeviceRequest, DeviceSettings};
use shared::Reference;

use crate::auth::CurrentUser;
use crate::db::devices;
use crate::error::ApiError;
use crate::state::AppState;
use crate::tidy::Tidy;

/// `POST /api/device`: the device's number (made on its first visit) and the settings.
pub async fn register(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<DeviceRequest>,
) -> Result<Json<DeviceSettings>, ApiError> {
    let id = body.device_id.trim();
    if id.is_empty() || id.len() > DeviceRequest::ID_MAX {
        return Err(ApiError::BadRequest(
            "device_id must be 1 to 64 bytes".into(),
        ));
    }
    let number = devices::register(&state.db, id, user.0.id).await?;
    if number > Reference::MAX_DEVICE {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "device numbers exhausted"
        )));
    }
    Ok(Json(DeviceSettings {
        number,
        answer_days: state.answer_days,
        contact: state.contact.clone(),
    }))
}
