//! The audit trail: a case's history for the staff who see the case, the sign-ins for the head office.

use axum::extract::{Path, State};
use axum::Json;
use shared::audit::{CaseRead, HistoryEntry, ReadAction, SignInRecord};
use shared::Area;
use shared::{CaseId, Role};

use crate::auth::CurrentUser;
use crate::db::{audit, cases, reads};
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
    if !actor.role.is_staff() || !visible {
        return Err(ApiError::NotFound);
    }
    let history = audit::case_history(&state.db, id).await?;
    reads::record(&state.db, user.0.id, ReadAction::History, "", &[id], 1).await?;
    Ok(Json(history))
}

/// The most reads of one request an answer lists.
const READS_SHOWN: u32 = 500;

/// `GET /api/cases/{id}/reads`: who opened the request's personal data on the server, the
/// latest first (head office).
pub async fn case_reads(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<CaseRead>>, ApiError> {
    user.may(Role::oversees_data)?;
    let id: CaseId = id.parse().map_err(|_| ApiError::NotFound)?;
    Ok(Json(reads::of_case(&state.db, id, READS_SHOWN).await?))
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
