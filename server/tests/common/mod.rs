//! A real server on a free port with a real database file, and a client that signs in.

#![allow(
    dead_code,
    reason = "each test file uses a different part of this module"
)]

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use server::{Config, Server};
use shared::api::CSRF_HEADER;
use shared::case::CaseInput;
use shared::sync::{Mutation, Op, PullResponse, PushRequest, PushResponse};
use shared::{CaseId, CaseStatus, MutationId};

/// The demo password every demo user has.
pub const PASSWORD: &str = server::db::seed::DEMO_PASSWORD;

/// A running server and the folders it uses; both go away with it.
pub struct TestServer {
    pub addr: SocketAddr,
    pub data: tempfile::TempDir,
    pub dist: PathBuf,
    pub db: server::db::Db,
}

impl TestServer {
    /// Starts a server with the demo users on a free port and a fresh database file.
    pub async fn start() -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let dist = data.path().join("dist");
        std::fs::create_dir_all(&dist).expect("dist");
        std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>")
            .expect("index");
        let mut config = Config::for_tests(data.path().join("data"));
        config.dist = dist.clone();
        config.demo = true;
        let server = Server::start(&config).await.expect("server starts");
        let addr = server.local_addr().expect("address");
        let db = server.db.clone();
        tokio::spawn(server.serve());
        Self {
            addr,
            data,
            dist,
            db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A client with its own cookie jar, not signed in.
    pub fn client(&self) -> ApiClient {
        ApiClient {
            http: Client::builder()
                .cookie_store(true)
                .build()
                .expect("client"),
            base: self.url(""),
        }
    }

    /// A client signed in as `username`.
    pub async fn signed_in(&self, username: &str) -> ApiClient {
        let c = self.client();
        let r = c.login(username, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK, "sign-in of {username}");
        c
    }
}

/// A client of the API that sends the app's CSRF header, as the app does.
pub struct ApiClient {
    pub http: Client,
    pub base: String,
}

impl ApiClient {
    pub async fn login(&self, username: &str, password: &str) -> Response {
        self.post(
            "/api/login",
            &json!({"username": username, "password": password}),
        )
        .await
    }

    pub async fn post(&self, path: &str, body: &impl serde::Serialize) -> Response {
        self.http
            .post(format!("{}{path}", self.base))
            .header(CSRF_HEADER, "1")
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    pub async fn push(&self, mutations: Vec<Mutation>) -> PushResponse {
        let r = self
            .post(
                "/api/sync/push",
                &PushRequest {
                    device_id: "test-device".into(),
                    mutations,
                },
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.expect("push reply")
    }

    pub async fn pull(&self, cursor: u64, limit: u32) -> PullResponse {
        let r = self
            .get(&format!("/api/sync/pull?cursor={cursor}&limit={limit}"))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.expect("pull reply")
    }

    /// Every case visible, following pages to the end.
    pub async fn pull_all(&self) -> Vec<shared::Case> {
        let mut cursor = 0;
        let mut all = Vec::new();
        loop {
            let page = self.pull(cursor, 1000).await;
            all.extend(page.changes);
            cursor = page.cursor;
            if !page.has_more {
                return all;
            }
        }
    }
}

/// A fresh, unique id for test mutations.
pub fn fresh<T>(make: fn(u64, [u8; 10]) -> T) -> T {
    use rand::RngCore;
    let mut bytes = [0u8; 10];
    rand::thread_rng().fill_bytes(&mut bytes);
    make(Utc::now().timestamp_millis() as u64, bytes)
}

/// A valid request for the applicant with this national ID.
pub fn input(national_id: &str) -> CaseInput {
    CaseInput {
        first_name: "سعيد".into(),
        father_name: "محمد".into(),
        grandfather_name: "علي".into(),
        family_name: "القحطاني".into(),
        national_id: national_id.into(),
        mobile: "0551234567".into(),
        governorate: "sabya".into(),
        channel: "in_person".into(),
        support_type: "restoration".into(),
        notes: String::new(),
    }
}

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// A mutation creating a new case from `input`.
pub fn create(input: CaseInput) -> Mutation {
    Mutation {
        mutation_id: fresh(MutationId::new_v7),
        case_id: fresh(CaseId::new_v7),
        base_revision: 0,
        created_at: now(),
        op: Op::Create { input },
    }
}

/// A mutation submitting `case_id`.
pub fn submit(case_id: CaseId, base_revision: u64) -> Mutation {
    Mutation {
        mutation_id: fresh(MutationId::new_v7),
        case_id,
        base_revision,
        created_at: now(),
        op: Op::Transition {
            to: CaseStatus::Submitted,
        },
    }
}

/// Valid national IDs, made by completing nine digits with their Luhn check digit.
pub fn national_id(n: u32) -> String {
    let nine = format!("1{:08}", n);
    (0..=9)
        .map(|d| format!("{nine}{d}"))
        .find(|s| shared::NationalId::parse(s).is_ok())
        .expect("a check digit fits")
}

pub fn field_codes(v: &Value) -> Vec<(String, String)> {
    v["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or("").to_owned(),
                        e["code"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
