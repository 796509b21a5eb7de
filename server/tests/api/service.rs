//! The systemd unit in `docs/`: systemd reads it without a complaint, and the command it
//! runs starts the server, which is healthy and stops cleanly on SIGTERM as systemd stops it.

use std::path::PathBuf;
use std::process::Stdio;

use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, BufReader};

fn unit() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/brs-server.service");
    std::fs::read_to_string(&path).expect("the unit file")
}

#[tokio::test]
async fn the_service_unit_is_valid_and_its_command_runs_the_server() {
    let binary = env!("CARGO_BIN_EXE_server");
    let unit = unit().replace("/opt/brs/server", binary);

    if std::path::Path::new("/usr/bin/systemd-analyze").exists() {
        let dir = tempfile::tempdir().expect("temp dir");
        let copy = dir.path().join("brs-server.service");
        std::fs::write(&copy, &unit).expect("copy");
        let out = tokio::process::Command::new("/usr/bin/systemd-analyze")
            .arg("verify")
            .arg(&copy)
            .output()
            .await
            .expect("systemd-analyze runs");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success() && said.trim().is_empty(), "{said}");
    } else {
        eprintln!("systemd-analyze is not installed: only the unit's command is tried");
    }

    // Its command, with a temporary data folder and port in place of the real ones.
    let data = tempfile::tempdir().expect("temp dir");
    let port = crate::crash::free_port();
    let exec = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .expect("an ExecStart line")
        .replace(
            "/var/lib/brs",
            &data.path().join("data").display().to_string(),
        )
        .replace(
            "/opt/brs/dist",
            &data.path().join("dist").display().to_string(),
        )
        .replace("--port 8081", &format!("--port {port}"));
    let mut words = exec.split_whitespace();
    let mut command = tokio::process::Command::new(words.next().expect("a program"));
    command.args(words);
    if let Some(url) = crate::common::database_for(data.path()).await {
        command.env("DATABASE_URL", url);
    }
    let mut child = command
        .env("BRS_MIN_FREE_DISK_MB", "1")
        .env("BRS_ADMIN_PASSWORD", "service-test-admin")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the unit's command starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    loop {
        let line = lines
            .next_line()
            .await
            .expect("output")
            .expect("the server exited before listening");
        serde_json::from_str::<serde_json::Value>(&line)
            .unwrap_or_else(|e| panic!("the unit asks for JSON lines ({e}): {line}"));
        if line.contains("listening on") {
            break;
        }
    }
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    let r = reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
        .await
        .expect("healthz");
    assert_eq!(r.status(), StatusCode::OK);

    // systemd stops a service with SIGTERM: the server ends by itself, successfully.
    let pid = child.id().expect("a running server").to_string();
    let sent = tokio::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .expect("kill runs");
    assert!(sent.success());
    let ended = tokio::time::timeout(std::time::Duration::from_secs(30), child.wait())
        .await
        .expect("the server stops within the unit's TimeoutStopSec")
        .expect("exit status");
    assert!(ended.success(), "{ended}");
}
