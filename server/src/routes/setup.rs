//! The head office sets the association up: outreach points, settings, the first-start
//! checklist and a test text through the gateway. Anyone may list the open points.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use shared::setup::{
    Checklist, Closed, Point, PointClosing, PointDetails, PointEvent, PublicPoint, Reached,
    SettingsEdit, SettingsHistory, SettingsVersion, SmsTest,
};
use shared::validation::{ErrorCode, Field, FieldError};
use shared::Area;

use crate::auth::CurrentUser;
use crate::db::setup as sql;
use crate::error::ApiError;
use crate::notify::provider::{Outgoing, Provider, Sent};
use crate::proxy::TrustedProxies;
use crate::service::setup::{self, Refused};
use crate::state::AppState;
use crate::tidy::Tidy;

impl From<Refused> for ApiError {
    fn from(e: Refused) -> Self {
        match e {
            Refused::Invalid(errors) => ApiError::Fields(errors),
            Refused::NotFound => ApiError::NotFound,
            Refused::Stale => ApiError::Fields(vec![FieldError {
                field: Field::Settings,
                index: None,
                code: ErrorCode::ChangedSince,
            }]),
            Refused::Failed(e) => ApiError::Internal(e),
        }
    }
}

/// Only the head office sets the association up; the id of whoever does.
fn head_office(user: &CurrentUser) -> Result<i64, ApiError> {
    if user.0.role.reaches(Area::Setup) {
        Ok(user.0.id)
    } else {
        Err(ApiError::Forbidden)
    }
}

/// `GET /api/outreach-points`: the open points, for an applicant choosing theirs, with
/// where each is and when it is open.
pub async fn open_points(
    State(state): State<AppState>,
) -> Result<Json<Vec<PublicPoint>>, ApiError> {
    Ok(Json(sql::open_points(state.db.pool()).await?))
}

/// `GET /api/setup/points`: every point, closed ones too, with its officers and requests.
pub async fn points(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Point>>, ApiError> {
    head_office(&user)?;
    Ok(Json(sql::points(state.db.pool()).await?))
}

/// `POST /api/outreach-points`: opens a point.
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<PointDetails>,
) -> Result<(StatusCode, Json<Point>), ApiError> {
    let by = head_office(&user)?;
    let point = setup::create_point(&state.db, by, &body).await?;
    Ok((StatusCode::CREATED, Json(point)))
}

/// `PUT /api/outreach-points/{id}`: renames a point or changes what applicants see of it.
pub async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Tidy(body): Tidy<PointDetails>,
) -> Result<Json<Point>, ApiError> {
    let by = head_office(&user)?;
    Ok(Json(setup::change_point(&state.db, by, &id, &body).await?))
}

/// `POST /api/outreach-points/{id}/close`: closes a point, moving its requests.
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Tidy(body): Tidy<PointClosing>,
) -> Result<Json<Closed>, ApiError> {
    head_office(&user)?;
    let answer_days = state.settings.get().answer_days;
    let (closed, queued) =
        setup::close_point(&state.db, &user.actor(), &id, &body, answer_days).await?;
    if queued {
        state.outbox.wake();
    }
    Ok(Json(closed))
}

/// `GET /api/outreach-points/{id}/log`: what was done to a point, newest first.
pub async fn log(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<PointEvent>>, ApiError> {
    head_office(&user)?;
    if !sql::point_known(state.db.pool(), &id).await? {
        return Err(ApiError::NotFound);
    }
    Ok(Json(sql::point_log(state.db.pool(), &id).await?))
}

/// `GET /api/settings`: the settings in force and their earlier versions.
pub async fn settings(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<SettingsHistory>, ApiError> {
    head_office(&user)?;
    let mut versions = sql::settings_versions(state.db.pool()).await?.into_iter();
    let current = versions
        .next()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no settings are kept")))?;
    Ok(Json(SettingsHistory {
        current,
        earlier: versions.collect(),
    }))
}

/// `PUT /api/settings`: saves a new version, made on the one in force.
pub async fn save_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<SettingsEdit>,
) -> Result<Json<SettingsVersion>, ApiError> {
    let by = head_office(&user)?;
    let version = state
        .settings
        .save(&state.db, by, body.version, &body.settings)
        .await?;
    let saved = sql::settings_versions(state.db.pool())
        .await?
        .into_iter()
        .find(|v| v.version == version)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the saved settings are missing")))?;
    Ok(Json(saved))
}

/// How the request came: over HTTPS (as a trusted proxy says, with `X-Forwarded-Proto`),
/// or plain HTTP on this machine or from another.
pub struct HowReached(Reached);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for HowReached {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        let Some(peer) = peer else {
            return Ok(Self(Reached::PlainHttp));
        };
        let proxies = parts
            .extensions
            .get::<TrustedProxies>()
            .cloned()
            .unwrap_or_default();
        Ok(Self(if proxies.says_https(peer, &parts.headers) {
            Reached::Https
        } else if proxies.client(peer, &parts.headers).is_loopback() {
            Reached::Loopback
        } else {
            Reached::PlainHttp
        }))
    }
}

/// `GET /api/setup/checklist`: what the first-start checklist ticks, read from the data.
pub async fn checklist(
    State(state): State<AppState>,
    user: CurrentUser,
    HowReached(reached): HowReached,
) -> Result<Json<Checklist>, ApiError> {
    head_office(&user)?;
    let pool = state.db.pool();
    let points = sql::open_points(pool).await?.len();
    Ok(Json(Checklist {
        points: u32::try_from(points).unwrap_or(u32::MAX),
        points_without_officer: sql::points_without_officer(pool).await?,
        staff: sql::staff_counts(pool).await?,
        contact: state.settings.get().contact,
        sms_provider: match state.outbox.provider() {
            Provider::Log => "log",
            Provider::Http(_) => "http",
        }
        .to_owned(),
        sms_test: sql::last_sms_test(pool).await?,
        reached,
        secure_cookies: state.started.secure_cookies,
        last_backup: sql::last_backup(pool)
            .await?
            .max(crate::db::backup::last_noted(&state.started.data_dir).await),
        now: Utc::now(),
    }))
}

/// The body of `POST /api/setup/sms-test`.
#[derive(Debug, Deserialize)]
pub struct SmsTestRequest {
    /// The mobile to send it to.
    mobile: String,
}

/// `POST /api/setup/sms-test`: sends one text through the configured gateway at once (not
/// through the queue: the head office waits for the gateway's answer) and keeps it.
pub async fn sms_test(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<SmsTestRequest>,
) -> Result<Json<SmsTest>, ApiError> {
    let by = head_office(&user)?;
    crate::limits::attempt(
        state.db.pool(),
        &[(&state.limits.sms_tests_by_user, &format!("user:{by}"))],
    )
    .await?
    .keep();
    let mobile = shared::Mobile::parse(&body.mobile).map_err(|code| {
        ApiError::Fields(vec![FieldError {
            field: Field::Mobile,
            index: None,
            code,
        }])
    })?;
    let reference = format!("test-{}", uuid::Uuid::now_v7().simple());
    let text = "رسالة تجربة من نظام علاقات المستفيدين. A test message from the beneficiary relations system.";
    let (sent, raw) = state
        .outbox
        .provider()
        .send_answered(&Outgoing {
            reference: &reference,
            mobile: mobile.as_str(),
            body: text,
        })
        .await;
    // What the gateway answered, as it came, after what it was taken to mean.
    let (ok, answer) = match sent {
        Sent::Accepted(Some(id)) => (true, format!("accepted: {id} — {raw}")),
        Sent::Accepted(None) => (true, format!("accepted — {raw}")),
        Sent::Refused(why) | Sent::Rejected(why) | Sent::NoAnswer(why) => {
            (false, format!("{why} — {raw}"))
        }
    };
    let test = SmsTest {
        at: Utc::now(),
        mobile: mobile.as_str().to_owned(),
        ok,
        answer,
    };
    sql::record_sms_test(state.db.pool(), by, &test).await?;
    tracing::info!(by, ok, "test text sent");
    Ok(Json(test))
}
