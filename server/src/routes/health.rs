//! `GET /healthz` for a load balancer and `GET /metrics` for a monitoring system.

use std::net::IpAddr;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::auth::ClientAddress;
use crate::db::health::{self, Schema};
use crate::metrics::{Readings, CONTENT_TYPE};
use crate::state::AppState;

/// One thing the health check looked at.
#[derive(Debug, Serialize)]
pub struct Check {
    /// Whether it is well.
    pub ok: bool,
    /// What was found, for whoever reads the reply.
    pub detail: String,
}

impl Check {
    fn new(ok: bool, detail: impl Into<String>) -> Self {
        Self {
            ok,
            detail: detail.into(),
        }
    }
}

/// The health check's reply.
#[derive(Debug, Serialize)]
pub struct Health {
    /// `ok` when every check is, else `failing`.
    pub status: &'static str,
    /// The database answers.
    pub database: Check,
    /// The database's schema is this build's.
    pub migrations: Check,
    /// The attachments' disk has room.
    pub disk: Check,
}

/// `GET /healthz`: 200 when the database answers, its schema is this build's and the
/// attachments' disk has the configured room; 503 with what failed otherwise. It reads
/// nothing about anyone, so it needs no sign-in.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    // Anyone may ask, so the reply names what failed and the log says why.
    let database = match health::reachable(&state.db).await {
        Ok(()) => Check::new(true, "answers"),
        Err(e) => {
            tracing::warn!("health check: the database does not answer: {e:#}");
            Check::new(false, "does not answer")
        }
    };
    let migrations = if database.ok {
        match health::schema(&state.db).await {
            Ok(Schema::Current(v)) => Check::new(true, format!("current ({v})")),
            Ok(Schema::Behind { applied, expected }) => Check::new(
                false,
                format!("applied {applied}, this build needs {expected}, or one failed"),
            ),
            Ok(Schema::Ahead { applied, expected }) => Check::new(
                false,
                format!("applied {applied} by a newer build; this one knows {expected}"),
            ),
            Err(e) => {
                tracing::warn!("health check: the migrations cannot be read: {e:#}");
                Check::new(false, "cannot be read")
            }
        }
    } else {
        Check::new(false, "not read: the database does not answer")
    };
    let min = state.watch.min_free_bytes;
    let disk = match state.blobs.free_space() {
        Ok(free) => Check::new(
            free >= min,
            format!("{} MB free, at least {} MB wanted", free >> 20, min >> 20),
        ),
        Err(e) => {
            tracing::warn!("health check: free space unknown: {e:#}");
            Check::new(false, "free space unknown")
        }
    };
    let ok = database.ok && migrations.ok && disk.ok;
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    if !ok {
        tracing::warn!(?database, ?migrations, ?disk, "health check failing");
    }
    (
        status,
        Json(Health {
            status: if ok { "ok" } else { "failing" },
            database,
            migrations,
            disk,
        }),
    )
}

/// `GET /metrics`: the metrics, to a client sending the configured token or coming from
/// a configured address; 404 when neither is configured, 403 to anyone else.
pub async fn metrics(
    State(state): State<AppState>,
    address: ClientAddress,
    headers: HeaderMap,
) -> Response {
    let watch = &state.watch;
    if watch.token.is_none() && watch.from.is_empty() {
        return StatusCode::NOT_FOUND.into_response();
    }
    if !watch.admits(address.0, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    match readings(&state).await {
        Ok(readings) => (
            [(header::CONTENT_TYPE, CONTENT_TYPE)],
            watch.metrics.render(&readings),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!("reading the metrics failed: {e:#}");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// The figures read from the database and the disk for a scrape.
async fn readings(state: &AppState) -> anyhow::Result<Readings> {
    let since = Utc::now() - chrono::Duration::days(i64::from(state.watch.at_risk_days));
    Ok(Readings {
        notifications: health::notifications(&state.db).await?,
        devices_at_risk: health::devices_at_risk(&state.db, since).await?,
        database_bytes: health::size(&state.db).await?,
        attachments_free_bytes: state.blobs.free_space()?,
    })
}

impl crate::metrics::Watch {
    /// Whether a client at `address` sending `headers` may read the metrics.
    fn admits(&self, address: Option<IpAddr>, headers: &HeaderMap) -> bool {
        let from_here = address
            .map(crate::proxy::canonical)
            .is_some_and(|a| self.from.iter().any(|n| n.contains(&a)));
        let sent = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        // Compared by digest, so the time taken says nothing about how much matched.
        let with_token = match (&self.token, sent) {
            (Some(token), Some(sent)) => Sha256::digest(token) == Sha256::digest(sent.trim()),
            _ => false,
        };
        from_here || with_token
    }
}
