//! A real server on a free port with a real database file, and a client that signs in.

#![allow(
    dead_code,
    reason = "each test file uses a different part of this module"
)]

pub mod gateway;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use server::{Config, Server};
use sha2::{Digest, Sha256};
use shared::api::{DeviceSettings, UploadStatus, CSRF_HEADER};
use shared::attestation::Signature;
use shared::documents::{required_documents, AttachmentRef, MediaType};
use shared::life::mutation::{Mutation, Op};
use shared::sync::{PullResponse, PushRequest, PushResponse};
use shared::{CaseId, CaseStatus, MutationId, Reference, RequestForm};

/// The PostgreSQL server the suite runs against, as an administrator's URL, when it runs
/// against PostgreSQL (`BRS_TEST_POSTGRES`); `None` runs it against SQLite files.
pub fn postgres() -> Option<String> {
    std::env::var("BRS_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty())
}

/// A new, empty database on the suite's PostgreSQL server, if it runs against one.
pub async fn fresh_database() -> Option<String> {
    create_database("").await
}

/// A new database already migrated, copied from one migrated once for the whole suite:
/// a server started on it finds its schema current instead of building it again.
pub async fn migrated_database() -> Option<String> {
    use sqlx::Connection;
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    postgres()?;
    let template = TEMPLATE
        .get_or_init(|| async {
            let url = fresh_database().await.expect("a template database");
            // A copy is made only of a database nobody is connected to.
            migrate(&url).await;
            url::Url::parse(&url).expect("a URL").path()[1..].to_owned()
        })
        .await;
    let url = create_database(&format!(" TEMPLATE {template}")).await?;
    // Each copy is its own database to the devices that sync with it.
    let mut conn = sqlx::PgConnection::connect(&url)
        .await
        .expect("the copy answers");
    sqlx::Executor::execute(
        &mut conn,
        format!(
            "UPDATE server_state SET epoch = '{}'",
            uuid::Uuid::new_v4().simple()
        )
        .as_str(),
    )
    .await
    .expect("a new epoch");
    Some(url)
}

/// Migrates the PostgreSQL database at `url` as a server starting on it would, and lets
/// go of it.
pub async fn migrate(url: &str) {
    let scratch = tempfile::tempdir().expect("temp dir");
    let settings = server::db::Settings {
        database_url: Some(url.to_owned()),
        ..Default::default()
    };
    let db = server::db::Db::open(scratch.path(), settings)
        .await
        .expect("PostgreSQL migrates");
    db.close().await;
}

/// Creates a database named afresh, with `options` after its name.
async fn create_database(options: &str) -> Option<String> {
    use sqlx::Connection;
    let admin = postgres()?;
    let name = format!("brs_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("the test PostgreSQL server answers");
    sqlx::Executor::execute(
        &mut conn,
        format!("CREATE DATABASE {name}{options}").as_str(),
    )
    .await
    .expect("a test database");
    let mut url = url::Url::parse(&admin).expect("BRS_TEST_POSTGRES is a URL");
    url.set_path(&name);
    Some(url.to_string())
}

/// The database of the server whose data folder is `data`: the SQLite file in it, or a
/// PostgreSQL database (migrated) made for it the first time and found again on a restart.
pub async fn database_for(data: &std::path::Path) -> Option<String> {
    noted_database(data, migrated_database()).await
}

/// As [`database_for`], but a database made for `data` is empty, as a restore wants it.
pub async fn empty_database_for(data: &std::path::Path) -> Option<String> {
    noted_database(data, fresh_database()).await
}

async fn noted_database(
    data: &std::path::Path,
    make: impl std::future::Future<Output = Option<String>>,
) -> Option<String> {
    let noted = data.join("test-database-url");
    if let Ok(url) = std::fs::read_to_string(&noted) {
        return Some(url);
    }
    let url = make.await?;
    std::fs::create_dir_all(data).expect("data folder");
    std::fs::write(&noted, &url).expect("note the database");
    Some(url)
}

/// The demo password every demo user has.
pub const PASSWORD: &str = server::seed::DEMO_PASSWORD;

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
        Self::start_with(|_| {}).await
    }

    /// Starts a server as [`TestServer::start`] does, its configuration changed by `change`.
    pub async fn start_with(change: impl FnOnce(&mut Config)) -> Self {
        Self::start_in(tempfile::tempdir().expect("temp dir"), change).await
    }

    /// Starts a server as [`TestServer::start_with`] does, on the data folder `data/data`
    /// and the database [`database_for`] `data`, which may hold one already.
    pub async fn start_in(data: tempfile::TempDir, change: impl FnOnce(&mut Config)) -> Self {
        let shared = data.path().to_path_buf();
        Self::launch(data, &shared, change).await
    }

    /// A second instance over the same database and attachments folder, as behind a
    /// proxy that spreads requests over both.
    pub async fn beside(&self) -> Self {
        Self::launch(
            tempfile::tempdir().expect("temp dir"),
            self.data.path(),
            |_| {},
        )
        .await
    }

    /// A server whose own files (its app) are in `own`, over the data folder and database
    /// of `shared`.
    async fn launch(
        own: tempfile::TempDir,
        shared: &std::path::Path,
        change: impl FnOnce(&mut Config),
    ) -> Self {
        let dist = own.path().join("dist");
        std::fs::create_dir_all(&dist).expect("dist");
        std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>")
            .expect("index");
        let mut config = Config::for_tests(shared.join("data"));
        config.database_url = database_for(shared).await;
        config.dist = dist.clone();
        config.demo = true;
        change(&mut config);
        let server = Server::start(&config).await.expect("server starts");
        let addr = server.local_addr().expect("address");
        let db = server.db.clone();
        tokio::spawn(server.serve());
        Self {
            addr,
            data: own,
            dist,
            db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A client with its own cookie jar, not signed in.
    pub fn client(&self) -> ApiClient {
        ApiClient::new(self.url(""))
    }

    /// A client signed in as `username`, its device introduced as the app does after sign-in.
    pub async fn signed_in(&self, username: &str) -> ApiClient {
        self.signed_in_as(username, PASSWORD).await
    }

    /// The same with `password`: an account that is not the demo's.
    pub async fn signed_in_as(&self, username: &str, password: &str) -> ApiClient {
        let mut c = self.client();
        c.sign_in_with(username, password).await;
        c
    }
}

/// A client of the API that sends the app's CSRF header, as the app does, from a device
/// of its own.
pub struct ApiClient {
    pub http: Client,
    pub base: String,
    pub device_id: String,
    /// The device's number, once introduced.
    pub device: u32,
    /// References made on this device so far.
    pub made: std::sync::atomic::AtomicU32,
}

impl ApiClient {
    /// A client of the server at `base`, from a new device, not signed in.
    pub fn new(base: String) -> Self {
        Self {
            http: Client::builder()
                .cookie_store(true)
                .build()
                .expect("client"),
            base,
            device_id: format!("test-device-{}", fresh(CaseId::new_v7)),
            device: 0,
            made: std::sync::atomic::AtomicU32::new(0),
        }
    }

    /// The same device and session, talking to the server at `base` (another instance).
    pub fn via(&self, base: String) -> Self {
        Self {
            http: self.http.clone(),
            base,
            device_id: self.device_id.clone(),
            device: self.device,
            made: std::sync::atomic::AtomicU32::new(
                self.made.load(std::sync::atomic::Ordering::SeqCst),
            ),
        }
    }

    /// Signs in as `username` and introduces the device, as the app does after sign-in.
    pub async fn sign_in(&mut self, username: &str) {
        self.sign_in_with(username, PASSWORD).await;
    }

    pub async fn sign_in_with(&mut self, username: &str, password: &str) {
        let r = self.login(username, password).await;
        assert_eq!(r.status(), StatusCode::OK, "sign-in of {username}");
        let r = self
            .post("/api/device", &json!({"device_id": self.device_id}))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "device of {username}");
        let settings: DeviceSettings = r.json().await.expect("device settings");
        self.device = settings.number;
    }

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
                    device_id: self.device_id.clone(),
                    user_id: None,
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

    pub async fn put_json(&self, path: &str, body: &impl serde::Serialize) -> Response {
        self.http
            .put(format!("{}{path}", self.base))
            .header(CSRF_HEADER, "1")
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn post_bytes(&self, path: &str, body: Vec<u8>) -> Response {
        self.http
            .post(format!("{}{path}", self.base))
            .header(CSRF_HEADER, "1")
            .body(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn put_bytes(&self, path: &str, body: Vec<u8>) -> Response {
        self.http
            .put(format!("{}{path}", self.base))
            .header(CSRF_HEADER, "1")
            .body(body)
            .send()
            .await
            .expect("request")
    }

    /// The next reference number of this device.
    pub fn next_reference(&self) -> Reference {
        let n = self.made.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        Reference::new(self.device, n).expect("a reference in range")
    }

    /// A mutation opening a new case with `request`, under this device's next reference.
    pub fn create(&self, request: RequestForm) -> Mutation {
        Mutation {
            mutation_id: fresh(MutationId::new_v7),
            case_id: fresh(CaseId::new_v7),
            base_revision: 0,
            created_at: now(),
            op: Op::Create {
                reference: self.next_reference(),
                request,
            },
        }
    }

    /// Uploads `bytes` in one piece and returns the reference a case attaches.
    pub async fn upload(&self, bytes: &[u8], name: &str) -> AttachmentRef {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let r = self
            .put_bytes(
                &format!("/api/attachments/{sha256}?offset=0&total={}", bytes.len()),
                bytes.to_vec(),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "upload");
        let status: UploadStatus = r.json().await.expect("upload status");
        assert!(status.complete);
        AttachmentRef {
            sha256,
            name: name.into(),
            media_type: MediaType::sniff(bytes).expect("a known type"),
            size: bytes.len() as u64,
        }
    }

    /// Mutations that attach a fresh file to every document `request` needs, verify each
    /// when `verify`, and sign; the files are uploaded first.
    pub async fn complete(
        &self,
        case_id: CaseId,
        request: &RequestForm,
        verify: bool,
    ) -> Vec<Mutation> {
        let mut ops = Vec::new();
        for kind in required_documents(request) {
            let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
            bytes.extend_from_slice(fresh(CaseId::new_v7).to_string().as_bytes());
            let attachment = self.upload(&bytes, "photo.jpg").await;
            ops.push(Op::Attach { kind, attachment });
            if verify {
                ops.push(Op::Verify {
                    kind,
                    verified: true,
                });
            }
        }
        ops.push(Op::Sign {
            version: 1,
            signature: signature(),
        });
        ops.into_iter().map(|op| change(case_id, op)).collect()
    }

    /// The signed-in user.
    pub async fn me(&self) -> shared::api::Me {
        let r = self.get("/api/me").await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.expect("me")
    }

    /// Pushes one mutation and returns what became of it.
    pub async fn push_one(&self, m: Mutation) -> shared::sync::Outcome {
        self.push(vec![m]).await.results.remove(0).outcome
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

/// A complete, valid request for the applicant with this national ID: a household of
/// two, income, an owned house that needs restoration.
pub fn request(applicant_id: &str) -> RequestForm {
    server::sample::Sample::of(applicant_id)
        .member(
            "spouse",
            "عائشة أحمد القحطاني",
            &national_id(900_001),
            "1980-02-02",
            ("none", "neither"),
        )
        .member(
            "son",
            "علي سعيد القحطاني",
            "",
            "2014-08-08",
            ("none", "studies"),
        )
        .form()
}

/// A drawn signature of forty points.
pub fn signature() -> Signature {
    Signature {
        width: 300,
        height: 150,
        strokes: vec![(0..40).map(|i| [i * 5, 40 + i % 9]).collect()],
    }
}

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// The first `Some` that `check` gives, asked again every 20 ms while the server's work in
/// the background settles; the test fails once `limit` has passed, naming `what`.
pub async fn until<T, F>(limit: Duration, what: &str, mut check: impl FnMut() -> F) -> T
where
    F: std::future::Future<Output = Option<T>>,
{
    let wait = async {
        loop {
            if let Some(found) = check().await {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(limit, wait)
        .await
        .unwrap_or_else(|_| panic!("{what} did not happen within {limit:?}"))
}

/// A mutation of `case_id` doing `op`.
pub fn change(case_id: CaseId, op: Op) -> Mutation {
    Mutation {
        mutation_id: fresh(MutationId::new_v7),
        case_id,
        base_revision: 0,
        created_at: now(),
        op,
    }
}

/// A mutation submitting `case_id`.
pub fn submit(case_id: CaseId) -> Mutation {
    change(
        case_id,
        Op::Transition {
            to: CaseStatus::Submitted,
        },
    )
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
