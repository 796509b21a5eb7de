//! Devices introduce themselves and learn their number and the settings they work by.

use axum::extract::State;
use axum::Json;
use shared::api::{DeviceRequest, DeviceSettings};
use shared::validation::{ErrorCode, Field, FieldError};
use shared::Reference;

use crate::auth::{ClientAddress, CurrentUser};
use crate::db::devices::{self, Introduced};
use crate::error::ApiError;
use crate::state::AppState;
use crate::tidy::Tidy;

/// `POST /api/device`: the device's number (made on its first visit) and the settings.
/// New devices are limited per address and per account, so no one exhausts the numbers
/// every tablet and phone shares.
pub async fn register(
    State(state): State<AppState>,
    address: ClientAddress,
    user: CurrentUser,
    Tidy(body): Tidy<DeviceRequest>,
) -> Result<Json<DeviceSettings>, ApiError> {
    let id = body.device_id.trim();
    if id.is_empty() || id.len() > DeviceRequest::ID_MAX {
        return Err(ApiError::BadRequest(
            "device_id must be 1 to 64 bytes".into(),
        ));
    }
    if !devices::known(&state.db, id).await? {
        let (address, user) = (address.key(), format!("user:{}", user.0.id));
        let limits = &state.limits;
        crate::limits::attempt(
            state.db.pool(),
            &[
                (&limits.devices_by_address, &address),
                (&limits.devices_by_user, &user),
            ],
        )
        .await?
        .keep();
    }
    let number = match devices::register(
        &state.db,
        id,
        user.0.id,
        body.unsent,
        DeviceRequest::ACTIVE_MAX,
    )
    .await?
    {
        Introduced::Number(n) => n,
        Introduced::Full => {
            return Err(ApiError::Fields(vec![FieldError {
                field: Field::Device,
                index: None,
                code: ErrorCode::TooManyDevices {
                    max: DeviceRequest::ACTIVE_MAX,
                },
            }]))
        }
    };
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
