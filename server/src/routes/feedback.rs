//! Needs and suggestions beyond what every record has: the head office answers and closes them.

use axum::extract::{Path, State};
use axum::Json;
use chrono::Utc;
use shared::records::feedback::{Answer, AnswerInput, Feedback};
use shared::validation::{ErrorCode, Field, FieldError};

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::service::feedback::{self, Answered};
use crate::state::AppState;
use crate::tidy::Tidy;

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
