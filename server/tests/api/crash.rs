//! The server process killed with SIGKILL in the middle of a push batch and started again:
//! the device sends the batch again, and every change in it is applied once, none lost.

use std::collections::HashSet;
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use crate::common::{national_id, request, ApiClient};
use shared::api::CSRF_HEADER;
use shared::sync::{Outcome, PushRequest};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Starts the server binary on `port` over the database in `data`, and waits until it listens.
pub(crate) async fn start(port: u16, data: &Path) -> Child {
    start_with_env(port, data, &[]).await
}

/// Starts the server as [`start`] does, with more settings in its environment.
pub(crate) async fn start_with_env(port: u16, data: &Path, env: &[(&str, &str)]) -> Child {
    let dist = data.join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>").expect("index");
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    if let Some(url) = crate::common::database_for(data).await {
        command.env("DATABASE_URL", url);
    }
    let mut child = command
        .arg("--port")
        .arg(port.to_string())
        .arg("--demo")
        .arg("--data-dir")
        .arg(data.join("data"))
        .arg("--dist")
        .arg(&dist)
        .env("RUST_LOG", "warn")
        .env("BRS_ADMIN_PASSWORD", "crash-test-admin")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("server starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    while let Some(line) = lines.next_line().await.expect("server output") {
        if line.contains("listening on") {
            // The rest of its output is not needed; reading it keeps the pipe from filling.
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return child;
        }
    }
    panic!("the server exited before listening");
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

#[tokio::test]
async fn a_push_cut_by_a_crash_is_applied_once_when_sent_again() {
    let data = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let mut server = start(port, data.path()).await;
    let mut officer = ApiClient::new(format!("http://127.0.0.1:{port}"));
    officer.sign_in("officer.sabya").await;
    const BATCH: u32 = PushRequest::MAX_BATCH as u32;

    // How long a whole batch takes here, so the crashes land inside one.
    let started = Instant::now();
    let warm_up: Vec<_> = (0..BATCH)
        .map(|n| officer.create(request(&national_id(100_000 + n))))
        .collect();
    let mut created: Vec<_> = warm_up.iter().map(|m| m.case_id).collect();
    officer.push(warm_up).await;
    let whole = started.elapsed();

    let mut cut = 0;
    for (round, share) in [0.1, 0.3, 0.5, 0.7].into_iter().enumerate() {
        let batch: Vec<_> = (0..BATCH)
            .map(|n| officer.create(request(&national_id(200_000 + 1_000 * round as u32 + n))))
            .collect();
        created.extend(batch.iter().map(|m| m.case_id));
        let sending = officer
            .http
            .post(format!("{}/api/sync/push", officer.base))
            .header(CSRF_HEADER, "1")
            .json(&PushRequest {
                device_id: officer.device_id.clone(),
                user_id: None,
                mutations: batch.clone(),
            })
            .send();
        let sending = tokio::spawn(sending);
        // The fault itself: the machine dies this far into the batch.
        tokio::time::sleep(whole.mul_f64(share)).await;
        server.kill().await.expect("killed");
        let reply = sending.await.expect("the request task");
        if !reply.is_ok_and(|r| r.status().is_success()) {
            cut += 1;
        }

        server = start(port, data.path()).await;
        // The device never heard back, so it sends the same batch again.
        let again = officer.push(batch.clone()).await;
        assert!(
            again
                .results
                .iter()
                .all(|r| matches!(r.outcome, Outcome::Applied { .. })),
            "round {round}: every change applied, whether it was before the crash or not"
        );
        // And once more, as a device whose reply was lost again would: the same answers,
        // and nothing new on the server.
        let seen = officer.pull_all().await.len();
        assert_eq!(officer.push(batch).await, again);
        assert_eq!(officer.pull_all().await.len(), seen);
    }
    assert!(cut > 0, "at least one push was cut by a crash");

    let cases = officer.pull_all().await;
    let ours: Vec<_> = cases.iter().filter(|c| created.contains(&c.id)).collect();
    let unique: HashSet<_> = ours.iter().map(|c| c.id).collect();
    assert_eq!(ours.len(), created.len(), "nothing lost");
    assert_eq!(unique.len(), created.len(), "nothing twice");
    assert!(
        ours.iter().all(|c| c.revision == 1),
        "every create applied once"
    );
    server.kill().await.expect("stopped");
}
