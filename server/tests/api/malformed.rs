//! What a broken or hostile client sends gets the API's JSON error, never a crash: bodies
//! that are not JSON, empty, too deep, too large, of the wrong shape or without their
//! content type on every route that takes one, and hidden characters (a NUL) in every
//! query string, on each engine.

use reqwest::{Method, StatusCode};
use serde_json::Value;
use shared::api::{ErrorBody, CSRF_HEADER};

use crate::common::TestServer;

/// Every route that takes a JSON body, with a path whose ids exist or not: the body is
/// read before the route looks anything up.
const JSON_ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/login"),
    ("POST", "/api/register"),
    ("POST", "/api/register/verify"),
    ("POST", "/api/register/resend"),
    ("POST", "/api/password/forgot"),
    ("POST", "/api/password/forgot/resend"),
    ("POST", "/api/password/recover"),
    ("POST", "/api/users/release"),
    ("POST", "/api/users/confirm-identity"),
    ("POST", "/api/outreach-points"),
    ("PUT", "/api/outreach-points/sabya"),
    ("POST", "/api/outreach-points/sabya/close"),
    ("POST", "/api/setup/sms-test"),
    ("PUT", "/api/settings"),
    ("POST", "/api/me/erasure"),
    ("POST", "/api/erasures/1"),
    ("POST", "/api/device"),
    ("POST", "/api/devices/1/lost"),
    ("POST", "/api/sync/push"),
    ("POST", "/api/inquiries"),
    ("POST", "/api/feedback"),
    ("POST", "/api/feedback/x/answer"),
    ("POST", "/api/users"),
    ("PUT", "/api/users/1"),
    ("POST", "/api/users/1/password"),
    ("POST", "/api/password"),
    ("POST", "/api/office/duplicates"),
    ("POST", "/api/duplicates/check"),
    ("PUT", "/api/tools/application_form"),
    ("PUT", "/api/notices/texts/submitted/ar"),
    ("PUT", "/api/me/preferences"),
];

/// A body, its content type, and what it is.
fn bodies() -> Vec<(Vec<u8>, Option<&'static str>, &'static str)> {
    let json = Some("application/json");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    vec![
        (b"not json".to_vec(), json, "not JSON"),
        (Vec::new(), json, "empty"),
        (b"[]".to_vec(), json, "an array"),
        (b"42".to_vec(), json, "a number"),
        (deep.into_bytes(), json, "too deep"),
        (b"{}".to_vec(), None, "no content type"),
        (vec![b' '; 9 * 1024 * 1024], json, "9 MB"),
    ]
}

/// Whether `r` is the API's JSON error, and its body.
async fn json_error(r: reqwest::Response) -> (StatusCode, Option<ErrorBody>) {
    let status = r.status();
    let json = r
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let body = r.bytes().await.unwrap_or_default();
    (
        status,
        json.then(|| serde_json::from_slice(&body).ok()).flatten(),
    )
}

#[tokio::test]
async fn every_bad_body_gets_a_json_error_and_a_wrong_shape_422() {
    let s = TestServer::start().await;
    let head = s.signed_in("head").await;
    for (method, path) in JSON_ROUTES {
        for (body, content_type, what) in bodies() {
            let mut r = head
                .http
                .request(
                    Method::from_bytes(method.as_bytes()).expect("method"),
                    s.url(path),
                )
                .header(CSRF_HEADER, "1")
                .body(body);
            if let Some(t) = content_type {
                r = r.header(reqwest::header::CONTENT_TYPE, t);
            }
            let (status, error) = json_error(r.send().await.expect("an answer")).await;
            assert!(
                status.is_client_error(),
                "{method} {path} with {what}: {status}"
            );
            assert!(
                error.is_some(),
                "{method} {path} with {what}: {status} is not the API's JSON error"
            );
            if matches!(what, "an array" | "a number") {
                assert_eq!(
                    status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{method} {path} with {what}"
                );
            }
        }
    }
    // A field of the wrong type is the same refusal.
    let r = head
        .post(
            "/api/login",
            &serde_json::json!({"username": [1, 2], "password": "x"}),
        )
        .await;
    let (status, error) = json_error(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error.is_some());
    // An erasure asked with a body of the wrong shape is not recorded.
    let applicant = s.signed_in("applicant").await;
    let r = applicant
        .http
        .post(s.url("/api/me/erasure"))
        .header(CSRF_HEADER, "1")
        .json(&serde_json::json!([]))
        .send()
        .await
        .expect("an answer");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mine: Value = applicant
        .get("/api/me/erasure")
        .await
        .json()
        .await
        .expect("json");
    assert!(mine.is_null(), "nothing asked: {mine}");
    // A method a route does not take, and a route that is not there, answer as JSON too.
    let (status, error) = json_error(head.get("/api/sync/push").await).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(error.is_some());
    let (status, error) = json_error(head.get("/api/no-such-route").await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(error.is_some());
}

#[tokio::test]
async fn hidden_characters_in_a_query_string_never_break_a_read() {
    let s = TestServer::start().await;
    let head = s.signed_in("head").await;
    for path in [
        "/api/office/cases?q=%00",
        "/api/office/cases?q=%D8%A7%00%E2%80%AE",
        "/api/office/cases?point=%00&status=%00",
        "/api/office/dashboard?q=%00",
        "/api/office/export/list.csv?q=%00",
        "/api/office/duplicates?reviewed=%00",
        "/api/users?q=%00",
        "/api/devices?kind=%00&point=%00",
        "/api/sync/pull?cursor=%00",
        "/api/office/board?period=%00",
        "/api/outreach-points/%00/log",
        "/api/cases/%00/history",
        "/api/imports/%00",
    ] {
        let r = head.get(path).await;
        let status = r.status();
        assert!(!status.is_server_error(), "{path}: {status}");
        if !status.is_success() {
            let (_, error) = json_error(r).await;
            assert!(
                error.is_some(),
                "{path}: {status} is not the API's JSON error"
            );
        }
    }
    // The NUL is taken out: the search still finds by the rest of what was typed.
    let r = head.get("/api/office/cases?q=%00").await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// The API's GET routes as the router declares them, read from its source so that a route
/// added later is covered too.
fn get_routes() -> Vec<String> {
    let source = include_str!("../../src/routes/mod.rs");
    let api = &source[source.find("fn api()").expect("the API's routes")..];
    let api = &api[..api.find(".fallback(").expect("its end")];
    api.split(".route(")
        .skip(1)
        .filter(|declared| declared.contains("get("))
        .filter_map(|declared| declared.split('"').nth(1).map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn nul_and_control_characters_in_every_get_route_never_break_it() {
    let s = TestServer::start().await;
    let routes = get_routes();
    assert!(routes.len() > 30, "{routes:?}");
    let query = "q=%00%01&cursor=%00&limit=%00&point=%00&status=%00&period=%00&kind=%00\
        &reviewed=%00&lang=%00%1B&from=%00&to=%7F";
    for who in ["head", "officer.sabya", "applicant"] {
        let c = s.signed_in(who).await;
        for route in &routes {
            // Each part named in braces takes a NUL and a control character.
            let path: String = route
                .split('/')
                .map(|part| {
                    if part.starts_with('{') {
                        "%00%08x"
                    } else {
                        part
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            let path = format!("/api{path}?{query}");
            let r = c.get(&path).await;
            let status = r.status();
            assert!(!status.is_server_error(), "{who} {path}: {status}");
            if !status.is_success() {
                let (_, error) = json_error(r).await;
                assert!(
                    error.is_some(),
                    "{who} {path}: {status} is not the API's JSON error"
                );
            }
        }
    }
}
