//! Needs and suggestions: sent up by devices in batches, pulled down by whoever may see them, answered and closed by the head office.

use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use shared::feedback::{
    Answer, AnswerInput, Feedback, FeedbackBatch, FeedbackPage, FeedbackResults,
};
use shared::validation::{ErrorCode, Field, FieldError};
use shared::Area;
use shared::Role;

use crate::auth::CurrentUser;
use crate::db::feedback::{self, Answered};
use crate::error::ApiError;
use crate::state::AppState;
use crate::tidy::Tidy;

/// `POST /api/feedback`: keeps each valid need or suggestion once; says of each what
/// became of it. Applicants give their own; officers and the head office take them on
/// someone's behalf.
pub async fn push(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<FeedbackBatch>,
) -> Result<Json<FeedbackResults>, ApiError> {
    let actor = user.actor();
    if !actor.role.reaches(Area::Feedback) {
        return Err(ApiError::Forbidden);
    }
    if body.items.len() > FeedbackBatch::MAX {
        return Err(ApiError::BadRequest(format!(
            "at most {} at once",
            FeedbackBatch::MAX
        )));
    }
    let mut results = Vec::with_capacity(body.items.len());
    for new in body.items {
        match new.input.check(actor.role) {
            Ok(checked) => {
                let item = Feedback {
                    id: new.id,
                    input: new.input.normalised(&checked, actor.role),
                    outreach_point: actor.outreach_point.clone(),
                    recorded_by: actor.user.clone(),
                    recorded_as: actor.role,
                    applicant: (actor.role == Role::Applicant).then_some(actor.user.id),
                    at: new.at,
                    answer: None,
                    closed_at: None,
                };
                feedback::insert(&state.db, &item).await?;
                results.push(None);
            }
            Err(errors) => results.push(Some(errors)),
        }
    }
    Ok(Json(FeedbackResults { results }))
}

/// The query of a pull.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    cursor: u64,
}

/// `GET /api/feedback?cursor=N`: the needs and suggestions this user may see, as they
/// stand, that changed after N.
pub async fn pull(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<PageQuery>,
) -> Result<Json<FeedbackPage>, ApiError> {
    Ok(Json(
        feedback::page(&state.db, &user.actor(), q.cursor, 500).await?,
    ))
}

/// `POST /api/feedback/{id}/answer`: the head office answers, and may close with it.
pub async fn answer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Tidy(body): Tidy<AnswerInput>,
) -> Result<Json<Feedback>, ApiError> {
    if !user.0.role.answers_feedback() {
        return Err(ApiError::Forbidden);
    }
    let text = body.check().map_err(ApiError::Fields)?;
    let given = Answer {
        text,
        by: user.actor().user,
        at: Utc::now(),
    };
    match feedback::answer(&state.db, &id, given, body.close).await? {
        Answered::Done(item) => {
            state.outbox.wake();
            tracing::info!(by = user.0.id, id = %id, closed = body.close, "feedback answered");
            Ok(Json(*item))
        }
        Answered::Missing => Err(ApiError::NotFound),
        Answered::Closed => Err(ApiError::Fields(vec![FieldError {
            field: Field::AnswerText,
            index: None,
            code: ErrorCode::AlreadyClosed,
        }])),
    }
}
