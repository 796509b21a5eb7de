//! Devices: each introduces itself and reports at every sync; the head office (and an
//! officer, for their point) sees them all, work at risk first, and marks lost ones.

use std::collections::BTreeMap;
use std::path::Path as FilePath;

use axum::extract::{Path, Query, State};
use axum::http::header::USER_AGENT;
use axum::http::HeaderMap;
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use shared::api::{DeviceRequest, DeviceSettings};
use shared::devices::{BuildCount, DeviceKind, DeviceList, DeviceMark};
use shared::validation::{ErrorCode, Field, FieldError};
use shared::{Area, Reference, Role};
use tower_sessions::Session;

use crate::auth::{ClientAddress, CurrentUser};
use crate::db::devices::{self, Introduced, Marked, Report, Scope};
use crate::error::ApiError;
use crate::state::AppState;
use crate::tidy::Tidy;

/// `POST /api/device`: the device's number (made on its first visit) and the settings. The
/// app calls it at sign-in and at every sync, telling what it holds unsent, the build it
/// runs and its storage. New devices are limited per address and per account, so no one
/// exhausts the numbers every tablet and phone shares. A device marked lost is refused
/// and its session ends.
pub async fn register(
    State(state): State<AppState>,
    address: ClientAddress,
    session: Session,
    user: CurrentUser,
    headers: HeaderMap,
    Tidy(body): Tidy<DeviceRequest>,
) -> Result<Json<DeviceSettings>, ApiError> {
    let id = body.device_id.trim();
    if id.is_empty() || id.len() > DeviceRequest::ID_MAX {
        return Err(ApiError::BadRequest(
            "device_id must be 1 to 64 bytes".into(),
        ));
    }
    if let Some(problem) = body.state.problem() {
        return Err(ApiError::BadRequest(problem.into()));
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
    let report = Report {
        device_id: id,
        user_id: user.0.id,
        unsent: body.unsent,
        state: &body.state,
        session: session.id().map(|s| s.to_string()),
        browser: headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .and_then(browser_name),
    };
    let number = match devices::register(&state.db, report, DeviceRequest::ACTIVE_MAX).await? {
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
        Introduced::Lost => {
            session
                .flush()
                .await
                .map_err(|e| ApiError::Internal(e.into()))?;
            return Err(ApiError::DeviceLost);
        }
    };
    if number > Reference::MAX_DEVICE {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "device numbers exhausted"
        )));
    }
    let settings = state.settings.get();
    Ok(Json(DeviceSettings {
        number,
        answer_days: settings.answer_days,
        contact: settings.contact,
    }))
}

/// The filter of `GET /api/devices`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Staff's devices (the default) or applicants' phones.
    kind: DeviceKind,
    /// Only those someone of this outreach point signed in on.
    point: Option<String>,
}

/// `GET /api/devices`: the head office sees every device; an officer, the tablets staff
/// of their own point signed in on. At risk first, with the build each runs.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(filter): Query<ListQuery>,
) -> Result<Json<DeviceList>, ApiError> {
    let me = &user.0;
    if !me.role.reaches(Area::Devices) {
        return Err(ApiError::Forbidden);
    }
    let scope = if me.role.oversees_data() {
        Scope {
            kind: filter.kind,
            point: filter.point.filter(|p| !p.trim().is_empty()),
        }
    } else {
        // An officer's view is their point's tablets, whatever they ask for.
        if filter.kind != DeviceKind::Staff {
            return Err(ApiError::Forbidden);
        }
        Scope {
            kind: DeviceKind::Staff,
            point: Some(
                me.outreach_point
                    .as_ref()
                    .ok_or(ApiError::Forbidden)?
                    .id
                    .clone(),
            ),
        }
    };
    let days = state.watch.at_risk_days;
    let mut devices = devices::list(&state.db, &scope, Utc::now(), days).await?;
    let current_build = current_build(&state.dist).await;
    let builds = count_builds(&devices, current_build.as_deref());
    let matched = u32::try_from(devices.len()).unwrap_or(u32::MAX);
    devices.truncate(DeviceList::SHOWN_MAX);
    Ok(Json(DeviceList {
        at_risk_days: days,
        current_build,
        builds,
        devices,
        matched,
    }))
}

/// How many devices not marked lost run each build: the current one first, then the most
/// common.
fn count_builds(devices: &[shared::devices::DeviceView], current: Option<&str>) -> Vec<BuildCount> {
    let mut counts: BTreeMap<Option<&str>, u32> = BTreeMap::new();
    for device in devices.iter().filter(|d| d.lost.is_none()) {
        *counts.entry(device.state.build.as_deref()).or_default() += 1;
    }
    let mut builds: Vec<BuildCount> = counts
        .into_iter()
        .map(|(build, devices)| BuildCount {
            current: build.is_some() && build == current,
            build: build.map(str::to_owned),
            devices,
        })
        .collect();
    builds.sort_by(|a, b| b.current.cmp(&a.current).then(b.devices.cmp(&a.devices)));
    builds
}

/// The build the server hands out now, as the app's page names it; none when the page
/// cannot be read or was not stamped by the build.
async fn current_build(dist: &FilePath) -> Option<String> {
    let page = tokio::fs::read_to_string(dist.join("index.html"))
        .await
        .ok()?;
    build_named_in(&page)
}

/// The build a page of the app names in its `app-build` meta tag.
fn build_named_in(page: &str) -> Option<String> {
    const TAG: &str = r#"<meta name="app-build" content=""#;
    let start = page.find(TAG)? + TAG.len();
    let build = &page[start..start + page[start..].find('"')?];
    let stamped = !build.is_empty() && build.chars().all(|c| c.is_ascii_alphanumeric());
    (stamped && build != "__BUILD__").then(|| build.to_owned())
}

/// `POST /api/devices/{number}/lost`: the head office declares a device lost, saying why.
/// Its sessions end at once and it may no longer sync; what it sent stays.
pub async fn lost(
    state: State<AppState>,
    user: CurrentUser,
    number: Path<u32>,
    body: Tidy<DeviceMark>,
) -> Result<Json<()>, ApiError> {
    mark(state, user, number, body, true).await
}

/// `POST /api/devices/{number}/found`: the head office lets a device found again sync.
pub async fn found(
    state: State<AppState>,
    user: CurrentUser,
    number: Path<u32>,
    body: Tidy<DeviceMark>,
) -> Result<Json<()>, ApiError> {
    mark(state, user, number, body, false).await
}

async fn mark(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<u32>,
    Tidy(body): Tidy<DeviceMark>,
    lost: bool,
) -> Result<Json<()>, ApiError> {
    user.may(Role::oversees_data)?;
    let reason = body.check().map_err(ApiError::Fields)?;
    match devices::mark(&state.db, number, lost, user.0.id, &reason).await? {
        Marked::Done => Ok(Json(())),
        Marked::NoSuchDevice => Err(ApiError::NotFound),
    }
}

/// A device's browser and system as people name them ("Chrome 131 · Android"), from its
/// `User-Agent`; none for one no one would recognise. Only a label: nothing is decided by
/// it.
fn browser_name(agent: &str) -> Option<String> {
    let found = woothee::parser::Parser::new().parse(agent)?;
    // Only browsers people hold: not a library or a crawler.
    if !matches!(found.category, "pc" | "smartphone" | "mobilephone") {
        return None;
    }
    let known = |s: &str| !s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN;
    let version = found.version.split('.').next().filter(|v| known(v));
    let browser = match version {
        Some(v) if known(found.name) => format!("{} {v}", found.name),
        _ => found.name.to_owned(),
    };
    let parts: Vec<&str> = [browser.as_str(), found.os]
        .into_iter()
        .filter(|s| known(s))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · ").chars().take(60).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_names_its_build_once_stamped() {
        let page = r#"<head><meta name="app-build" content="0123abcd4567ef89"></head>"#;
        assert_eq!(build_named_in(page).as_deref(), Some("0123abcd4567ef89"));
        let unstamped = r#"<meta name="app-build" content="__BUILD__">"#;
        assert_eq!(build_named_in(unstamped), None);
        assert_eq!(build_named_in("<head></head>"), None);
        assert_eq!(
            build_named_in(r#"<meta name="app-build" content="a"b">"#).as_deref(),
            Some("a")
        );
    }

    #[test]
    fn browsers_are_named_as_people_know_them() {
        let tablet = "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.104 Safari/537.36";
        assert_eq!(
            browser_name(tablet).as_deref(),
            Some("Chrome 131 · Android")
        );
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(browser_name(iphone).as_deref(), Some("Safari 17 · iPhone"));
        assert_eq!(browser_name("curl/8.5.0"), None);
        assert_eq!(browser_name(""), None);
    }
}
