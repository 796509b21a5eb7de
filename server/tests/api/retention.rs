//! The retention job: a request withdrawn past its period loses its person everywhere the
//! server kept them — the database (searched as a file on SQLite), the attachments folder,
//! the exports — while the dashboard keeps its numbers and devices receive the change.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use shared::life::mutation::Op;
use shared::reports::office::Dashboard;
use shared::retention::Retention;
use shared::sync::Outcome;
use shared::CaseStatus;

use crate::common::{change, national_id, TestServer};
use crate::office::{applied, form, get_json, submitted};

/// Everything the database holds, as text: the file and its log on SQLite; every row of
/// every table on PostgreSQL.
pub(crate) async fn database_text(server: &TestServer) -> String {
    match server.db.engine() {
        server::db::Engine::Sqlite => {
            let folder = server.data.path().join("data");
            let mut all = Vec::new();
            for entry in std::fs::read_dir(&folder).expect("data folder") {
                let path = entry.expect("entry").path();
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                if name.contains("sqlite") || name.ends_with(".db") || name.ends_with("-wal") {
                    all.extend(std::fs::read(&path).unwrap_or_default());
                }
            }
            String::from_utf8_lossy(&all).into_owned()
        }
        server::db::Engine::Postgres => {
            let tables: Vec<String> =
                server::db::query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                    .scalars(server.db.pool())
                    .await
                    .expect("tables");
            let mut all = String::new();
            for t in tables {
                let rows: Vec<String> = server::db::query(format!("SELECT t::text FROM \"{t}\" t"))
                    .scalars(server.db.pool())
                    .await
                    .expect("rows");
                all.push_str(&rows.join("\n"));
            }
            all
        }
    }
}

/// Every file's bytes under the attachments folder, as text.
pub(crate) fn attachments_text(server: &TestServer) -> Vec<u8> {
    let mut all = Vec::new();
    let mut stack = vec![server.data.path().join("data").join("attachments")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                all.extend(std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    all
}

#[tokio::test]
async fn a_request_past_its_period_loses_its_person_and_keeps_its_numbers() {
    let server = TestServer::start().await;
    let sabya = server.signed_in("officer.sabya").await;
    let head = server.signed_in("head").await;
    let id_number = national_id(6_601);
    let mut request = form(
        &id_number,
        ("زهرة", "القرني"),
        "phone",
        "sabya",
        &["restoration"],
    );
    request.applicant.mobile = "0557654321".into();
    request.applicant.address = "حي الروضة خلف مستوصف القرني".into();
    let id = submitted(&sabya, request.clone()).await;
    let r = sabya
        .push_one(change(
            id,
            Op::Transition {
                to: CaseStatus::Withdrawn,
            },
        ))
        .await;
    assert!(applied(&r), "{r:?}");
    let files: Vec<String> =
        server::db::query("SELECT sha256 FROM case_attachments WHERE case_id = ?")
            .bind(id.to_string())
            .scalars(server.db.pool())
            .await
            .expect("files");
    assert!(!files.is_empty());
    let person = [
        "زهرة".to_owned(),
        "القرني".to_owned(),
        id_number.clone(),
        "0557654321".to_owned(),
        "مستوصف".to_owned(),
    ];
    for held in &person {
        assert!(
            database_text(&server).await.contains(held.as_str()),
            "{held} held before"
        );
    }
    let before: Dashboard = get_json(&head, "/api/office/dashboard").await;
    let page = sabya.pull(0, 1000).await;
    let cursor = page.cursor;

    // Not yet due: nothing happens.
    let blobs = server::blobs::Blobs::open(&server.data.path().join("data"))
        .await
        .expect("attachments");
    let retention = Retention {
        ended_days: 730,
        closed_days: 3650,
    };
    let done = server::service::retention::run(&server.db, &blobs, retention, Utc::now())
        .await
        .expect("ran");
    assert_eq!(done.cases, 0);

    // Two years and a day later.
    let later = Utc::now() + Duration::days(731);
    let started = std::time::Instant::now();
    let done = server::service::retention::run(&server.db, &blobs, retention, later)
        .await
        .expect("ran");
    assert_eq!(done.cases, 1, "only the withdrawn request");
    assert_eq!(done.files as usize, files.len());
    assert!(started.elapsed() < std::time::Duration::from_secs(30));

    let text = database_text(&server).await;
    for held in &person {
        assert!(!text.contains(held.as_str()), "{held} left in the database");
    }
    let attachments = attachments_text(&server);
    for sha in &files {
        assert!(!blobs.path(sha).exists(), "the file {sha} is deleted");
    }
    assert!(!String::from_utf8_lossy(&attachments).contains(&id.to_string()));

    // The exports and the dashboard: nobody named, every count as it was.
    for file in ["list.csv", "register.csv"] {
        let r = head.get(&format!("/api/office/export/{file}")).await;
        assert_eq!(r.status(), StatusCode::OK);
        let body = r.text().await.expect("csv");
        for held in &person {
            assert!(!body.contains(held.as_str()), "{held} in {file}");
        }
    }
    let after: Dashboard = get_json(&head, "/api/office/dashboard").await;
    assert_eq!(
        serde_json::to_value(&after.by_point).expect("json"),
        serde_json::to_value(&before.by_point).expect("json")
    );
    assert_eq!(after.total, before.total);

    // The tablet receives the request without its person, and nothing can bring it back.
    let page = sabya.pull(cursor, 1000).await;
    let case = page
        .changes
        .iter()
        .find(|c| c.id == id)
        .expect("the change reaches devices");
    assert!(case.anonymised_at.is_some());
    assert!(case.request.applicant.first_name.is_empty());
    assert!(case.documents.is_empty());
    let late = sabya
        .push_one(change(
            id,
            Op::Change {
                changes: vec![shared::life::merge::FieldChange {
                    path: "applicant.first_name".into(),
                    from: serde_json::json!(""),
                    to: serde_json::json!("زهرة"),
                }],
            },
        ))
        .await;
    assert!(matches!(late, Outcome::Rejected { .. }), "{late:?}");
    // Its history keeps who did what and when, not what they typed.
    let r = head.get(&format!("/api/cases/{id}/history")).await;
    let history: Vec<shared::audit::HistoryEntry> = r.json().await.expect("history");
    assert!(!history.is_empty());
    assert!(history
        .iter()
        .filter(|h| matches!(h.outcome, Outcome::Applied { .. }))
        .all(|h| h.op == Op::Redacted));
}
