//! A stand-in SMS gateway: a real HTTP server on loopback that records every message it
//! receives, answers as a gateway does, and fails or hangs when a test asks it to.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;
use tokio::sync::Notify;

/// How the gateway answers the next requests.
#[derive(Clone, Debug)]
pub enum Mode {
    /// Takes each message and answers with its id.
    Accept,
    /// Answers with this status and a reason.
    Fail(u16),
    /// Never answers.
    Hang,
}

/// One request the gateway received.
#[derive(Clone, Debug)]
pub struct Received {
    /// Its fields, from JSON or a form.
    pub fields: HashMap<String, String>,
    /// The `Authorization` header.
    pub authorization: Option<String>,
    /// Whether it carried a client reference seen before (a real gateway drops it).
    pub repeat: bool,
}

impl Received {
    /// A field's value, or "".
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

#[derive(Default)]
struct Book {
    received: Vec<Received>,
    references: HashSet<String>,
}

struct Inner {
    book: Mutex<Book>,
    mode: Mutex<Mode>,
    arrived: Notify,
}

/// A running stand-in gateway.
#[derive(Clone)]
pub struct Gateway {
    /// Where it takes messages.
    pub url: String,
    inner: Arc<Inner>,
}

impl Gateway {
    /// Starts one on a free loopback port, accepting everything.
    pub async fn start() -> Self {
        let inner = Arc::new(Inner {
            book: Mutex::new(Book::default()),
            mode: Mutex::new(Mode::Accept),
            arrived: Notify::new(),
        });
        let app = Router::new()
            .route("/send", post(receive))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let url = format!("http://{}/send", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, inner }
    }

    /// Changes how it answers from now on.
    pub fn set(&self, mode: Mode) {
        *self.inner.mode.lock().expect("mode") = mode;
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.inner.book.lock().expect("book").received.clone()
    }

    /// Waits until `n` requests have arrived (failing the test after 20 s), and returns all.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let wait = async {
            loop {
                let arrived = self.inner.arrived.notified();
                let got = self.received();
                if got.len() >= n {
                    return got;
                }
                arrived.await;
            }
        };
        tokio::time::timeout(Duration::from_secs(20), wait)
            .await
            .unwrap_or_else(|_| panic!("{n} messages did not arrive: {:?}", self.received()))
    }
}

async fn receive(State(inner): State<Arc<Inner>>, headers: HeaderMap, body: Bytes) -> Response {
    let json = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    let fields: HashMap<String, String> = if json {
        serde_json::from_slice::<HashMap<String, serde_json::Value>>(&body)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => (k, s),
                other => (k, other.to_string()),
            })
            .collect()
    } else {
        serde_urlencoded::from_bytes(&body).unwrap_or_default()
    };
    let n = {
        let mut book = inner.book.lock().expect("book");
        let repeat = fields
            .get("reference")
            .is_some_and(|r| !book.references.insert(r.clone()));
        book.received.push(Received {
            fields,
            authorization: headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            repeat,
        });
        book.received.len()
    };
    inner.arrived.notify_waiters();
    let mode = inner.mode.lock().expect("mode").clone();
    match mode {
        Mode::Accept => Json(json!({ "id": format!("gw-{n}") })).into_response(),
        Mode::Fail(status) => (
            StatusCode::from_u16(status).expect("a status"),
            Json(json!({ "error": "insufficient balance" })),
        )
            .into_response(),
        Mode::Hang => std::future::pending().await,
    }
}
