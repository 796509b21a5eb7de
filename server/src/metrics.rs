//! What the server counts for whoever watches it: requests by route and status, how long
//! they took, sync batch sizes, and figures read from the database when scraped.
//!
//! Each server holds its own registry (several run in one test process); `GET /metrics`
//! serves it in the OpenMetrics text format that Prometheus reads.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, OriginalUri, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// A request's route (the pattern it matched, not the path with its ids), method and status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// `/api/sync/push`, `/api/cases/{id}/history`, …; `app` for the app's files and pages,
    /// `unmatched` for an API path that names nothing.
    pub route: String,
    /// `GET`, `POST`, …
    pub method: String,
    /// The reply's status code.
    pub status: u16,
}

/// A route, for the durations.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabel {
    /// As in [`RequestLabels::route`].
    pub route: String,
}

/// Messages to applicants by state (`queued`, `sending`, `sent`, `failed`, …).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StateLabel {
    /// The message's state.
    pub state: String,
}

/// Figures read from the database when scraped: they hold across instances, since every
/// instance reads the same database.
#[derive(Clone, Debug, Default)]
pub struct Readings {
    /// Messages to applicants by state.
    pub notifications: Vec<(String, i64)>,
    /// Devices holding unsent work whose user has not finished a sync on them for the
    /// configured days.
    pub devices_at_risk: i64,
    /// The database's size in bytes.
    pub database_bytes: i64,
    /// Free space where the attachments are kept, in bytes.
    pub attachments_free_bytes: u64,
}

/// The server's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabel, Histogram, fn() -> Histogram>,
    push_mutations: Histogram,
    pull_changes: Histogram,
    notifications: Family<StateLabel, Gauge>,
    devices_at_risk: Gauge,
    database_bytes: Gauge,
    attachments_free_bytes: Gauge<u64, AtomicU64>,
}

/// Every state a message to an applicant can be in: each is reported, zero when none is.
const NOTIFICATION_STATES: [&str; 7] = [
    "queued",
    "sending",
    "sent",
    "delivered",
    "failed",
    "unknown",
    "opted_out",
];

/// Request durations from 1 ms to about 16 s.
fn duration_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// Batch sizes from 1 to 512 (a push carries at most 500 changes).
fn batch_histogram() -> Histogram {
    Histogram::new(exponential_buckets(1.0, 2.0, 10))
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A registry with every metric the server reports.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("brs");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by route, method and status",
            requests.clone(),
        );
        let durations = Family::<RouteLabel, Histogram, fn() -> Histogram>::new_with_constructor(
            duration_histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route (pushes and pulls among them)",
            durations.clone(),
        );
        let push_mutations = batch_histogram();
        registry.register(
            "sync_push_mutations",
            "Changes carried by each push",
            push_mutations.clone(),
        );
        let pull_changes = batch_histogram();
        registry.register(
            "sync_pull_changes",
            "Requests sent by each page of a pull",
            pull_changes.clone(),
        );
        let notifications = Family::<StateLabel, Gauge>::default();
        registry.register(
            "notifications",
            "Messages to applicants by state; queued and sending are the queue, failed the failures",
            notifications.clone(),
        );
        let devices_at_risk = Gauge::default();
        registry.register(
            "devices_at_risk",
            "Devices holding unsent work whose user has not finished a sync on them for the configured days",
            devices_at_risk.clone(),
        );
        let database_bytes = Gauge::default();
        registry.register(
            "database_bytes",
            "Size of the database",
            database_bytes.clone(),
        );
        let attachments_free_bytes = Gauge::<u64, AtomicU64>::default();
        registry.register(
            "attachments_free_bytes",
            "Free space on the disk of the attachments",
            attachments_free_bytes.clone(),
        );
        Self {
            registry,
            requests,
            durations,
            push_mutations,
            pull_changes,
            notifications,
            devices_at_risk,
            database_bytes,
            attachments_free_bytes,
        }
    }

    /// Counts a push of `mutations` changes.
    pub fn pushed(&self, mutations: usize) {
        self.push_mutations.observe(mutations as f64);
    }

    /// Counts a page of a pull that sent `changes` requests.
    pub fn pulled(&self, changes: usize) {
        self.pull_changes.observe(changes as f64);
    }

    /// The metrics as text, with the database's figures as read just now.
    pub fn render(&self, readings: &Readings) -> String {
        for state in NOTIFICATION_STATES {
            let count = readings
                .notifications
                .iter()
                .find(|(s, _)| s == state)
                .map_or(0, |(_, n)| *n);
            self.notifications
                .get_or_create(&StateLabel {
                    state: state.into(),
                })
                .set(count);
        }
        self.devices_at_risk.set(readings.devices_at_risk);
        self.database_bytes.set(readings.database_bytes);
        self.attachments_free_bytes
            .set(readings.attachments_free_bytes);
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String cannot fail");
        text
    }
}

/// Who may read the metrics and what the health check and the metrics are measured by.
#[derive(Clone, Debug)]
pub struct Watch {
    /// The server's metrics.
    pub metrics: Arc<Metrics>,
    /// A token that opens `/metrics`.
    pub token: Option<String>,
    /// Addresses that may read `/metrics` without it.
    pub from: Vec<ipnet::IpNet>,
    /// Days without a sync after which a device holding unsent work is at risk.
    pub at_risk_days: u32,
    /// Free space on the attachments' disk below which the server is not healthy.
    pub min_free_bytes: u64,
}

/// The content type of [`Metrics::render`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Counts every request by its route, method and status, and times it.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    // Inside `/api` the path is seen without its prefix; the original tells which it was.
    let path = match request.extensions().get::<OriginalUri>() {
        Some(original) => original.path(),
        None => request.uri().path(),
    };
    let route = match request.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str().to_owned(),
        None if path.starts_with("/api/") => "unmatched".to_owned(),
        None => "app".to_owned(),
    };
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics
        .durations
        .get_or_create(&RouteLabel {
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            route,
            method,
            status: response.status().as_u16(),
        })
        .inc();
    response
}
