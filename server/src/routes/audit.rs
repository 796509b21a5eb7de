//! The audit trail: a case's history for the staff who see the case, the sign-ins for the head office.

use axum::extract::{Path, State};
use axum::Json;
use shared::audit::{HistoryEntry, SignInRecord};
use shared::Area;
use shared::{CaseId, Role};

use crate::auth::CurrentUser;
use crate::db::{audit, cases};
use crate::error::ApiError;
use crate::state::AppState;

/// The most sign-ins one answer lists.
const SIGN_INS_SHOWN: u32 = 500;

/// `GET /api/cases/{id}/history`: every change sent for the case, applied or refused, with
/// who, in which role, when and on which device. Staff only, and only of a case they see;
/// to anyone else the case does not exist.
pub async fn case_history(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    let id: CaseId = id.parse().map_err(|_| ApiError::NotFound)?;
    let actor = user.actor();
    let visible = cases::current(&state.db, id)
        .await?
        .is_some_and(|case| actor.may_see(&case));
    if actor.role == Role::Applicant || !visible {
        return Err(ApiError::NotFound);
    }
    Ok(Json(audit::case_history(&state.db, id).await?))
}

/// `GET /api/sign-ins`: the latest sign-in attempts and sign-outs (head office).
pub async fn sign_ins(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<SignInRecord>>, ApiError> {
    if !user.0.role.reaches(Area::Accounts) {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(audit::sign_ins(&state.db, SIGN_INS_SHOWN).await?))
}
