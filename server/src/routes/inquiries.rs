//! The reception's inquiries: sent up by devices in batches, pulled down by outreach point.

use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use shared::inquiry::{Inquiry, InquiryBatch, InquiryPage, InquiryResults};
use shared::Role;

use crate::auth::CurrentUser;
use crate::db::inquiries;
use crate::error::ApiError;
use crate::state::AppState;
use crate::tidy::Tidy;

/// `POST /api/inquiries`: keeps each valid inquiry once; says of each what became of it.
pub async fn push(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<InquiryBatch>,
) -> Result<Json<InquiryResults>, ApiError> {
    let actor = user.actor();
    // The reception is an outreach point's: its officers log what comes to it.
    let (Role::Officer, Some(point)) = (actor.role, actor.outreach_point.clone()) else {
        return Err(ApiError::Forbidden);
    };
    if body.inquiries.len() > InquiryBatch::MAX {
        return Err(ApiError::BadRequest(format!(
            "at most {} inquiries",
            InquiryBatch::MAX
        )));
    }
    let mut results = Vec::with_capacity(body.inquiries.len());
    for new in body.inquiries {
        match new.input.check() {
            Ok((channel, contact)) => {
                let mut input = new.input;
                input.channel = shared::Vocabulary::code(channel).to_owned();
                input.contact = contact.map(|m| m.to_string()).unwrap_or_default();
                input.person = input
                    .person
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                input.summary = input.summary.trim().to_owned();
                let inquiry = Inquiry {
                    id: new.id,
                    input,
                    outreach_point: point.clone(),
                    recorded_by: actor.user.clone(),
                    at: new.at,
                };
                inquiries::insert(&state.db, &inquiry).await?;
                results.push(None);
            }
            Err(errors) => results.push(Some(errors)),
        }
    }
    Ok(Json(InquiryResults { results }))
}

/// The query of a pull.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    cursor: u64,
}

/// `GET /api/inquiries?cursor=N`: the inquiries this user may see, logged after N.
pub async fn pull(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<PageQuery>,
) -> Result<Json<InquiryPage>, ApiError> {
    Ok(Json(
        inquiries::page(&state.db, &user.actor(), q.cursor, 500).await?,
    ))
}
