//! Messages to applicants: staff writing one from a case, deciding on one whose outcome is
//! unknown, the head office's texts, the gateway's delivery reports, and an applicant's
//! choices.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::Utc;
use shared::messages::sending::{
    check_text, MessageAction, MessageDecision, NoticeText, Preferences, StaffMessage, TextEdit,
};
use shared::messages::{Delivery, Notice};
use shared::validation::{Field, FieldError};
use shared::{Area, Case, CaseId, Role, Vocabulary};

use crate::auth::CurrentUser;
use crate::db::notifications as outbox;
use crate::db::{cases, users};
use crate::error::ApiError;
use crate::notify;
use crate::state::AppState;
use crate::tidy::{Body, Tidy};

/// The case `id` when `user` may write to its applicant: staff who record contacts and
/// see the case. To anyone else it does not exist.
async fn writable(state: &AppState, user: &CurrentUser, id: &str) -> Result<Case, ApiError> {
    let id: CaseId = id.parse().map_err(|_| ApiError::NotFound)?;
    let actor = user.actor();
    let case = cases::current(&state.db, id)
        .await?
        .filter(|c| actor.may_see(c) && !c.discarded)
        .ok_or(ApiError::NotFound)?;
    if !actor.role.logs_contacts() {
        return Err(ApiError::Forbidden);
    }
    Ok(case)
}

/// `POST /api/cases/{id}/messages`: a member of staff sends the applicant a message.
pub async fn send(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Tidy(body): Tidy<StaffMessage>,
) -> Result<StatusCode, ApiError> {
    let case = writable(&state, &user, &id).await?;
    let text = body.check().map_err(ApiError::Fields)?;
    let mut w = state.db.write().await?;
    let sent =
        notify::staff_message(&mut w.tx, case.id, &text, &user.actor().user, Utc::now()).await?;
    if sent != Some(true) {
        // No mobile to send to: the request has none that is valid.
        return Err(ApiError::Fields(vec![FieldError {
            field: Field::Mobile,
            index: None,
            code: shared::validation::ErrorCode::MobileFormat,
        }]));
    }
    w.commit().await?;
    state.outbox.wake();
    tracing::info!(by = user.0.id, case = %case.id, "staff message queued");
    Ok(StatusCode::ACCEPTED)
}

/// `POST /api/cases/{id}/messages/{message}`: staff decide on a message that failed or
/// whose outcome is unknown: send it again under the same reference, or mark it sent.
pub async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, message)): Path<(String, String)>,
    Body(body): Body<MessageDecision>,
) -> Result<StatusCode, ApiError> {
    let case = writable(&state, &user, &id).await?;
    let m = case
        .messages
        .iter()
        .find(|m| m.id == message)
        .ok_or(ApiError::NotFound)?;
    if !matches!(m.delivery, Delivery::Unknown | Delivery::Failed) {
        return Err(ApiError::BadRequest(
            "only a failed message or one whose outcome is unknown".into(),
        ));
    }
    let now = Utc::now();
    let (delivery, detail) = match body.action {
        MessageAction::SendAgain => (
            Delivery::Queued,
            format!("sent again by {}", user.0.display_name),
        ),
        MessageAction::MarkSent => (
            Delivery::Sent,
            format!("marked sent by {}", user.0.display_name),
        ),
    };
    let mut w = state.db.write().await?;
    let case_id = case.id.to_string();
    notify::settle(
        &mut w.tx,
        &m.id,
        Some(&case_id),
        delivery,
        now,
        &detail,
        now,
    )
    .await?;
    w.commit().await?;
    state.outbox.wake();
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/notices/texts`: every text in use, with its earlier versions (head office).
pub async fn texts(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<NoticeText>>, ApiError> {
    if !user.0.role.reaches(Area::Messages) {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(in_use(&state).await?))
}

/// `GET /api/notices/current`: the text each message is sent with now, for staff whose
/// step sends one to show it before (the committee's decision); without who wrote it.
pub async fn current_texts(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<NoticeText>>, ApiError> {
    user.may(Role::is_staff)?;
    let texts = in_use(&state)
        .await?
        .into_iter()
        .map(|t| NoticeText {
            by: None,
            at: None,
            earlier: Vec::new(),
            ..t
        })
        .collect();
    Ok(Json(texts))
}

/// Every text in use, each with its earlier versions down to the shipped one.
async fn in_use(state: &AppState) -> Result<Vec<NoticeText>, ApiError> {
    let versions = outbox::text_versions(state.db.pool()).await?;
    let mut out = Vec::new();
    for notice in Notice::templated() {
        for english in [false, true] {
            let language = if english { "en" } else { "ar" };
            let mut edited = versions
                .iter()
                .filter(|v| v.notice == notice.code() && v.language == language)
                .map(|v| NoticeText {
                    notice,
                    english,
                    body: v.body.clone(),
                    version: v.version,
                    by: Some(v.by.clone()),
                    at: Some(v.created_at),
                    earlier: Vec::new(),
                });
            let current = edited.next();
            let mut earlier: Vec<NoticeText> = edited.collect();
            earlier.push(shipped(notice, english));
            out.push(match current {
                Some(c) => NoticeText { earlier, ..c },
                None => shipped(notice, english),
            });
        }
    }
    Ok(out)
}

fn shipped(notice: Notice, english: bool) -> NoticeText {
    NoticeText {
        notice,
        english,
        body: notice.default_text(english).to_owned(),
        version: 0,
        by: None,
        at: None,
        earlier: Vec::new(),
    }
}

/// `PUT /api/notices/texts/{notice}/{language}`: a new version of a text (head office).
pub async fn edit_text(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((notice, language)): Path<(String, String)>,
    Tidy(body): Tidy<TextEdit>,
) -> Result<Json<i64>, ApiError> {
    if !user.0.role.reaches(Area::Messages) {
        return Err(ApiError::Forbidden);
    }
    let notice = Notice::from_code(&notice)
        .filter(|n| *n != Notice::Staff)
        .ok_or(ApiError::NotFound)?;
    let english = match language.as_str() {
        "ar" => false,
        "en" => true,
        _ => return Err(ApiError::NotFound),
    };
    let text = check_text(notice, &body.body).map_err(|code| {
        ApiError::Fields(vec![FieldError {
            field: Field::MessageText,
            index: None,
            code,
        }])
    })?;
    let mut w = state.db.write().await?;
    let version =
        outbox::save_text(&mut w.tx, notice, english, &text, user.0.id, Utc::now()).await?;
    w.commit().await?;
    tracing::info!(
        by = user.0.id,
        notice = notice.code(),
        language,
        version,
        "message text edited"
    );
    Ok(Json(version))
}

/// `POST /api/sms/status`: a gateway's delivery report, as JSON, a form or a query, with
/// the configured token. It names the message by our reference or the gateway's id.
pub async fn delivery_report(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    body: axum::body::Bytes,
) -> Result<StatusCode, ApiError> {
    let expected = state
        .outbox
        .config()
        .callback_token
        .as_deref()
        .ok_or(ApiError::NotFound)?;
    let given = headers
        .get("x-callback-token")
        .and_then(|v| v.to_str().ok())
        .or(query.get("token").map(String::as_str));
    if !given.is_some_and(|g| constant_eq(g, expected)) {
        return Err(ApiError::Forbidden);
    }
    let mut fields = query.clone();
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(&body) {
        for (k, v) in map {
            let v = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            fields.insert(k, v);
        }
    } else if let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) {
        fields.extend(pairs);
    }
    // The gateway's own names (a preset's) first, then the usual ones.
    let (id_field, status_field) = state.outbox.provider().report_fields();
    let key = id_field
        .into_iter()
        .chain([
            "reference",
            "client_reference",
            "id",
            "message_id",
            "messageId",
        ])
        .find_map(|k| fields.get(k))
        .ok_or_else(|| ApiError::BadRequest("no reference or id".into()))?;
    let status = fields
        .get(status_field)
        .or(fields.get("status"))
        .ok_or_else(|| ApiError::BadRequest("no status".into()))?
        .to_ascii_lowercase();
    let delivery = match status.as_str() {
        "delivered" | "delivrd" | "success" => Delivery::Delivered,
        "failed" | "undelivered" | "undeliverable" | "undeliv" | "rejected" | "rejectd"
        | "expired" => Delivery::Failed,
        // Interim states (accepted, pending, sent) change nothing.
        _ => return Ok(StatusCode::NO_CONTENT),
    };
    let Some((id, case_id, _)) = outbox::find(state.db.pool(), key).await? else {
        return Err(ApiError::NotFound);
    };
    let detail = fields
        .get("reason")
        .or(fields.get("error"))
        .or(fields.get("ErrorCode"))
        .cloned()
        .unwrap_or_default();
    let now = Utc::now();
    let mut w = state.db.write().await?;
    notify::settle(
        &mut w.tx,
        &id,
        case_id.as_deref(),
        delivery,
        now,
        &detail,
        now,
    )
    .await?;
    w.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Compares without leaking where two tokens differ.
fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// `GET /api/me/preferences`: what the signed-in applicant chose for their messages.
pub async fn preferences(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Preferences>, ApiError> {
    if !user.0.role.has_own_file() {
        return Err(ApiError::NotFound);
    }
    Ok(Json(users::preferences(state.db.pool(), user.0.id).await?))
}

/// `PUT /api/me/preferences`: the applicant chooses the language of their messages and
/// whether they want those their request does not need.
pub async fn set_preferences(
    State(state): State<AppState>,
    user: CurrentUser,
    Body(body): Body<Preferences>,
) -> Result<Json<Preferences>, ApiError> {
    if !user.0.role.has_own_file() {
        return Err(ApiError::NotFound);
    }
    users::set_preferences(state.db.pool(), user.0.id, body).await?;
    Ok(Json(body))
}
