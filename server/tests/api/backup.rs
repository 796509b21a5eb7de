//! `server backup` while pushes flow and `server restore` into a fresh place, run as the
//! operator runs them: a server on the restored copy holds every push acknowledged before
//! the backup began, with its files, and tells devices to start over.

use std::collections::HashSet;
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use shared::life::mutation::Op;
use shared::sync::Outcome;
use shared::CaseId;
use tokio::sync::watch;

use crate::common::{change, database_for, empty_database_for, national_id, request, TestServer};

/// Runs the server binary's `command` (backup or restore) over the data folder `data/data`
/// and the database noted for `data`.
async fn run(command: &str, file_flag: &str, file: &Path, data: &Path) -> Output {
    let mut c = tokio::process::Command::new(env!("CARGO_BIN_EXE_server"));
    // A restore goes into an empty database; a backup reads the server's own.
    let url = if command == "restore" {
        empty_database_for(data).await
    } else {
        database_for(data).await
    };
    if let Some(url) = url {
        c.env("DATABASE_URL", url);
    }
    c.arg(command)
        .arg(file_flag)
        .arg(file)
        .arg("--data-dir")
        .arg(data.join("data"))
        .output()
        .await
        .expect("the server binary runs")
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test]
async fn a_backup_taken_while_pushes_flow_restores_what_was_acknowledged_before_it() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    // A request with its documents, so the backup has files to carry.
    let form = request(&national_id(1));
    let first = officer.create(form.clone());
    let mut batch = vec![first.clone()];
    batch.extend(officer.complete(first.case_id, &form, true).await);
    let files: Vec<String> = batch
        .iter()
        .filter_map(|m| match &m.op {
            Op::Attach { attachment, .. } => Some(attachment.sha256.clone()),
            _ => None,
        })
        .collect();
    assert!(!files.is_empty());
    for r in officer.push(batch).await.results {
        assert!(matches!(r.outcome, Outcome::Applied { .. }), "{r:?}");
    }
    let old_epoch = officer.pull(0, 1).await.server_epoch;

    // Pushes flow, one new request at a time, each noted once acknowledged.
    let acknowledged = Arc::new(Mutex::new(Vec::<CaseId>::new()));
    let (count, mut counted) = watch::channel(0usize);
    let stop = Arc::new(AtomicBool::new(false));
    let pusher = {
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 100;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let m = officer.create(request(&national_id(n)));
                let id = m.case_id;
                let outcome = officer.push_one(m).await;
                assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
                let mut list = acknowledged.lock().expect("list");
                list.push(id);
                count.send_replace(list.len());
            }
            officer
        })
    };
    counted.wait_for(|n| *n >= 5).await.expect("pushes flow");
    let before: HashSet<CaseId> = acknowledged.lock().expect("list").iter().copied().collect();

    let backups = tempfile::tempdir().expect("temp dir");
    let file = backups.path().join("monday.backup");
    let out = run("backup", "--to", &file, s.data.path()).await;
    assert!(out.status.success(), "{}", said(&out));
    let done_at = acknowledged.lock().expect("list").len();
    counted
        .wait_for(|n| *n >= done_at + 5)
        .await
        .expect("pushes go on");
    stop.store(true, Ordering::SeqCst);
    let officer = pusher.await.expect("pusher");
    let after: Vec<CaseId> = acknowledged.lock().expect("list")[done_at..].to_vec();

    // A second backup beside the first copies no file again.
    let again = run(
        "backup",
        "--to",
        &backups.path().join("tuesday.backup"),
        s.data.path(),
    )
    .await;
    assert!(again.status.success(), "{}", said(&again));
    assert!(said(&again).contains("; 0 of "), "{}", said(&again));

    // Restored into a fresh place; a second restore there is refused, the place not empty.
    let place = tempfile::tempdir().expect("temp dir");
    let out = run("restore", "--from", &file, place.path()).await;
    assert!(out.status.success(), "{}", said(&out));
    let refused = run("restore", "--from", &file, place.path()).await;
    assert!(!refused.status.success());
    assert!(
        said(&refused).contains("restore into an empty"),
        "{}",
        said(&refused)
    );
    let r = TestServer::start_in(place, |c| c.demo = false).await;

    let reader = r.signed_in("officer.sabya").await;
    let held: HashSet<CaseId> = reader.pull_all().await.into_iter().map(|c| c.id).collect();
    assert!(held.contains(&first.case_id));
    for id in &before {
        assert!(
            held.contains(id),
            "acknowledged before the backup, and kept"
        );
    }
    for id in &after {
        assert!(!held.contains(id), "acknowledged after the backup ended");
    }
    for sha in &files {
        let got = reader.get(&format!("/api/attachments/{sha}")).await;
        assert_eq!(got.status(), StatusCode::OK, "the file {sha} came back");
    }

    // The device that synced after the backup sees another epoch, so it starts over; what
    // it had not sent yet, it sends to the restored server.
    let device = officer.via(r.url(""));
    let page = device.pull(0, 1).await;
    assert_ne!(
        page.server_epoch, old_epoch,
        "a restored database has a new epoch"
    );
    let mut edited = form.clone();
    edited.applicant.centre = "after the restore".into();
    let outcome = device
        .push_one(change(first.case_id, Op::Edit { request: edited }))
        .await;
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
}

#[tokio::test]
async fn a_backup_of_the_other_engine_or_no_backup_is_refused_clearly() {
    let place = tempfile::tempdir().expect("temp dir");
    let junk = place.path().join("notes.txt");
    std::fs::write(&junk, "not a backup at all").expect("file");
    let out = run("restore", "--from", &junk, place.path()).await;
    assert!(!out.status.success());
    assert!(said(&out).contains("is not a backup"), "{}", said(&out));
    let missing = run(
        "restore",
        "--from",
        &place.path().join("none"),
        place.path(),
    )
    .await;
    assert!(!missing.status.success());
    assert!(said(&missing).contains("none"), "{}", said(&missing));
}
