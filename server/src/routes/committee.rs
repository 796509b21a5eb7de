//! The research committee's papers to print: the agenda of the requests waiting for it, the
//! meetings held, and each meeting's minute. For the committee and the head office.

use axum::extract::{Path, State};
use axum::Json;
use chrono::{NaiveDate, Utc};
use shared::audit::ReadAction;
use shared::committee::{Agenda, MeetingSummary, Minute};
use shared::dates::saudi_date;
use shared::life::workflow::Meeting;
use shared::{Area, CaseId};

use crate::auth::CurrentUser;
use crate::db::{committee, reads};
use crate::error::ApiError;
use crate::state::AppState;

/// The most meetings listed at once: a few years of weekly meetings.
const MEETINGS_SHOWN: u32 = 300;

fn committee_or_head_office(user: &CurrentUser) -> Result<(), ApiError> {
    if user.0.role.reaches(Area::Committee) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// `GET /api/committee/agenda`: every request waiting for the committee.
pub async fn agenda(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Agenda>, ApiError> {
    committee_or_head_office(&user)?;
    let today = saudi_date(Utc::now());
    let agenda = committee::agenda(&state.db, today).await?;
    let shown: Vec<CaseId> = agenda.items.iter().map(|i| i.request.id).collect();
    reads::record(
        &state.db,
        user.0.id,
        ReadAction::Agenda,
        "",
        &shown,
        shown.len(),
    )
    .await?;
    Ok(Json(agenda))
}

/// `GET /api/committee/meetings`: the meetings held, the latest first.
pub async fn meetings(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<MeetingSummary>>, ApiError> {
    committee_or_head_office(&user)?;
    Ok(Json(committee::meetings(&state.db, MEETINGS_SHOWN).await?))
}

/// `GET /api/committee/meetings/{date}/{number}`: the minute of one meeting.
pub async fn minute(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((held_on, number)): Path<(String, String)>,
) -> Result<Json<Minute>, ApiError> {
    committee_or_head_office(&user)?;
    let (Ok(held_on), Ok(number)) = (held_on.parse::<NaiveDate>(), number.parse::<u32>()) else {
        return Err(ApiError::NotFound);
    };
    let minute = committee::minute(&state.db, Meeting { number, held_on })
        .await?
        .ok_or(ApiError::NotFound)?;
    let shown: Vec<CaseId> = minute.entries.iter().map(|e| e.request.id).collect();
    let detail = format!("{held_on} #{number}");
    reads::record(
        &state.db,
        user.0.id,
        ReadAction::Minute,
        &detail,
        &shown,
        shown.len(),
    )
    .await?;
    Ok(Json(minute))
}
