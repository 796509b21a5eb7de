//! The health check a load balancer asks, the metrics a monitoring system scrapes (and who
//! may not), and the log written as JSON lines.

use std::process::Stdio;

use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::common::{national_id, request, TestServer};

async fn healthz(server: &TestServer) -> (StatusCode, Value) {
    let r = reqwest::get(server.url("/healthz")).await.expect("healthz");
    let status = r.status();
    (status, r.json().await.expect("a JSON reply"))
}

/// What a scraper of `/metrics` gets, with `token` as its bearer if given.
pub async fn scrape(server: &TestServer, token: Option<&str>) -> (StatusCode, String) {
    let mut r = reqwest::Client::new().get(server.url("/metrics"));
    if let Some(token) = token {
        r = r.bearer_auth(token);
    }
    let r = r.send().await.expect("metrics");
    (r.status(), r.text().await.expect("text"))
}

/// The value of the sample named `sample` (with its labels, as written), if present.
pub fn sample(text: &str, sample: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(sample)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn a_healthy_server_says_so_and_a_full_disk_or_newer_schema_fails_it() {
    let server = TestServer::start_with(|c| c.min_free_disk_mb = 1).await;
    let (status, body) = healthz(&server).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"]["ok"], true);
    assert_eq!(body["migrations"]["ok"], true);
    assert_eq!(body["disk"]["ok"], true);

    // A newer build migrated the database further: this one may misread it.
    server::db::query(format!(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, \
         checksum, execution_time) VALUES (99990101000000, 'from a newer build', \
         CURRENT_TIMESTAMP, TRUE, {}, 0)",
        blob(&server)
    ))
    .execute(server.db.pool())
    .await
    .expect("a newer migration");
    let (status, body) = healthz(&server).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["status"], "failing");
    assert_eq!(body["migrations"]["ok"], false);
    assert!(
        body["migrations"]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("newer build")),
        "{body}"
    );

    // Less room than wanted on the attachments' disk (a million terabytes).
    let full = TestServer::start_with(|c| c.min_free_disk_mb = 1 << 40).await;
    let (status, body) = healthz(&full).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["disk"]["ok"], false);
    assert_eq!(body["database"]["ok"], true);

    // The database gone: the check says so instead of hanging or answering well.
    full.db.close().await;
    let (status, body) = healthz(&full).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["database"]["ok"], false);
}

/// An empty checksum, as each engine writes bytes.
fn blob(server: &TestServer) -> &'static str {
    match server.db.engine() {
        server::db::Engine::Sqlite => "X''",
        server::db::Engine::Postgres => "'\\x'::bytea",
    }
}

#[tokio::test]
async fn metrics_are_served_only_to_the_token_or_the_addresses_configured() {
    // Neither configured: there is nothing there.
    let closed = TestServer::start().await;
    assert_eq!(scrape(&closed, None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        scrape(&closed, Some("guess")).await.0,
        StatusCode::NOT_FOUND
    );

    let server = TestServer::start_with(|c| {
        c.metrics_token = Some("scraper-token".into());
        c.metrics_from = vec!["10.0.0.0/8".parse().expect("network")];
    })
    .await;
    assert_eq!(scrape(&server, None).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        scrape(&server, Some("scraper-toke")).await.0,
        StatusCode::FORBIDDEN
    );
    // A signed-in head office is no scraper.
    let office = server.signed_in("head").await;
    assert_eq!(office.get("/metrics").await.status(), StatusCode::FORBIDDEN);
    let (status, text) = scrape(&server, Some("scraper-token")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.starts_with("# HELP"), "{text}");

    // From a configured address, no token is needed.
    let local =
        TestServer::start_with(|c| c.metrics_from = vec!["127.0.0.1/32".parse().expect("network")])
            .await;
    assert_eq!(scrape(&local, None).await.0, StatusCode::OK);
}

#[tokio::test]
async fn metrics_count_requests_syncs_messages_devices_at_risk_and_the_database() {
    let server = TestServer::start_with(|c| c.metrics_token = Some("t".into())).await;
    let officer = server.signed_in("officer.sabya").await;
    let mut mutations = Vec::new();
    for n in 0..3 {
        let made = officer.create(request(&national_id(700 + n)));
        mutations.push(made);
    }
    let pushed = officer.push(mutations).await;
    assert_eq!(pushed.results.len(), 3);
    officer.pull(0, 500).await;
    assert_eq!(
        server.client().get("/api/no-such-thing").await.status(),
        StatusCode::NOT_FOUND
    );

    // A device with unsent work whose last finished sync was four days ago: at risk after
    // three.
    let stale = json!({"device_id": officer.device_id, "unsent": 5,
        "state": {"since_sync_secs": 4 * 24 * 3600}});
    assert_eq!(
        officer.post("/api/device", &stale).await.status(),
        StatusCode::OK
    );

    let (status, text) = scrape(&server, Some("t")).await;
    assert_eq!(status, StatusCode::OK);
    let push = r#"brs_http_requests_total{route="/api/sync/push",method="POST",status="200"}"#;
    assert_eq!(sample(&text, push), Some(1.0), "{text}");
    assert_eq!(
        sample(
            &text,
            r#"brs_http_requests_total{route="unmatched",method="GET",status="404"}"#
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            r#"brs_http_request_duration_seconds_count{route="/api/sync/push"}"#
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            r#"brs_http_request_duration_seconds_count{route="/api/sync/pull"}"#
        ),
        Some(1.0)
    );
    // One push of three changes: in the bucket of up to 4, not of up to 2.
    assert_eq!(
        sample(&text, r#"brs_sync_push_mutations_bucket{le="2.0"}"#),
        Some(0.0)
    );
    assert_eq!(
        sample(&text, r#"brs_sync_push_mutations_bucket{le="4.0"}"#),
        Some(1.0)
    );
    assert_eq!(sample(&text, "brs_sync_push_mutations_sum"), Some(3.0));
    assert_eq!(sample(&text, "brs_devices_at_risk"), Some(1.0));
    assert!(sample(&text, "brs_database_bytes").is_some_and(|b| b > 0.0));
    assert!(sample(&text, "brs_attachments_free_bytes").is_some_and(|b| b > 0.0));
    // The demo's messages to applicants are counted by state; every state is reported.
    for state in ["queued", "sending", "sent", "failed"] {
        let line = format!(r#"brs_notifications{{state="{state}"}}"#);
        assert!(sample(&text, &line).is_some(), "{line} in {text}");
    }

    // A device that has just finished a sync is not at risk.
    let fresh = json!({"device_id": officer.device_id, "unsent": 5,
        "state": {"since_sync_secs": 10}});
    assert_eq!(
        officer.post("/api/device", &fresh).await.status(),
        StatusCode::OK
    );
    let (_, text) = scrape(&server, Some("t")).await;
    assert_eq!(sample(&text, "brs_devices_at_risk"), Some(0.0));
}

#[tokio::test]
async fn the_log_is_written_as_json_lines_when_asked() {
    let data = tempfile::tempdir().expect("temp dir");
    let port = crate::crash::free_port();
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_server"));
    if let Some(url) = crate::common::database_for(data.path()).await {
        command.env("DATABASE_URL", url);
    }
    let mut child = command
        .args(["--log-format", "json", "--port", &port.to_string()])
        .arg("--data-dir")
        .arg(data.path().join("data"))
        .env("RUST_LOG", "info")
        .env("BRS_MIN_FREE_DISK_MB", (1u64 << 40).to_string())
        .env_remove("BRS_ADMIN_PASSWORD")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("server starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut seen = Vec::new();
    let mut asked = false;
    while let Some(line) = lines.next_line().await.expect("server output") {
        let object: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("every line is a JSON object ({e}): {line}"));
        assert!(
            object["timestamp"].is_string() && object["level"].is_string(),
            "{line}"
        );
        let message = object["fields"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if message.contains("listening on") && !asked {
            asked = true;
            let r = reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
                .await
                .expect("healthz");
            assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        }
        let failing = message.contains("health check failing");
        seen.push(message);
        if failing {
            assert_eq!(object["level"], "WARN", "{line}");
            assert_eq!(
                object["fields"]["disk"]
                    .as_str()
                    .map(|d| d.contains("ok: false")),
                Some(true),
                "{line}"
            );
            break;
        }
    }
    assert!(
        seen.iter()
            .any(|m| m.contains("Created the head-office account")),
        "the first account's password is announced in the same format: {seen:?}"
    );
    assert!(
        seen.iter().any(|m| m.contains("health check failing")),
        "{seen:?}"
    );
    child.kill().await.expect("stopped");
}
