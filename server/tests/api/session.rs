//! Signing in and out over real HTTP.

use crate::common::{TestServer, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::api::{Contact, DeviceSettings, Me};
use shared::Role;

#[tokio::test]
async fn a_good_sign_in_starts_a_strict_http_only_session() {
    let s = TestServer::start().await;
    let c = s.client();
    let r = c.login("officer.sabya", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("brs_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    let me: Me = r.json().await.expect("me");
    assert_eq!(me.role, Role::Officer);
    assert_eq!(me.outreach_point.map(|p| p.id), Some("sabya".into()));

    let me: Me = c.get("/api/me").await.json().await.expect("me");
    assert_eq!(me.username, "officer.sabya");
}

#[tokio::test]
async fn a_wrong_password_or_user_is_refused_alike() {
    let s = TestServer::start().await;
    let c = s.client();
    for (user, password) in [("officer.sabya", "wrong"), ("nobody", PASSWORD)] {
        let r = c.login(user, password).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let body: Value = r.json().await.expect("error body");
        assert_eq!(body["error"], "bad_credentials");
    }
    assert_eq!(c.get("/api/me").await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let s = TestServer::start().await;
    let c = s.signed_in("head").await;
    assert_eq!(c.get("/api/me").await.status(), StatusCode::OK);
    assert_eq!(
        c.post("/api/logout", &json!({})).await.status(),
        StatusCode::OK
    );
    assert_eq!(c.get("/api/me").await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_failures_are_throttled_even_with_the_right_password() {
    let s = TestServer::start().await;
    let c = s.client();
    for _ in 0..server::limits::SIGN_INS_PER_NAME {
        assert_eq!(
            c.login("head", "guess").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let r = c.login("head", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    // Another user is not affected.
    assert_eq!(
        c.login("officer.sabya", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_state_change_without_the_app_header_is_refused() {
    let s = TestServer::start().await;
    let r = reqwest::Client::new()
        .post(s.url("/api/login"))
        .json(&json!({"username": "head", "password": PASSWORD}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: Value = r.json().await.expect("error body");
    assert_eq!(body["error"], "csrf_check_failed");
}

#[tokio::test]
async fn the_first_start_creates_a_head_office_account() {
    let s = TestServer::start().await;
    let c = s.client();
    let r = c.login("admin", "admin-test-password").await;
    assert_eq!(r.status(), StatusCode::OK);
    let me: Me = r.json().await.expect("me");
    assert_eq!(me.role, Role::HeadOffice);
}

#[tokio::test]
async fn devices_learn_how_applicants_reach_the_association() {
    let s = TestServer::start_with(|c| {
        c.contact_phone = Some("920000000".into());
        c.contact_website = Some("https://example.org.sa".into());
    })
    .await;
    let c = s.signed_in("applicant").await;
    let settings: DeviceSettings = c
        .post("/api/device", &json!({ "device_id": "phone-1" }))
        .await
        .json()
        .await
        .expect("settings");
    assert_eq!(settings.contact.phone.as_deref(), Some("920000000"));
    assert_eq!(settings.contact.email, None);
    assert_eq!(
        settings.contact.website.as_deref(),
        Some("https://example.org.sa")
    );

    // Nothing configured, nothing sent; a bad value stops the server before it starts.
    let plain = TestServer::start().await;
    let c = plain.signed_in("applicant").await;
    let settings: DeviceSettings = c
        .post("/api/device", &json!({ "device_id": "phone-2" }))
        .await
        .json()
        .await
        .expect("settings");
    assert_eq!(settings.contact, Contact::default());
    for (flag, value) in [
        ("--contact-website", "http://example.org.sa"),
        ("--contact-phone", "call us"),
        ("--contact-email", "nobody"),
    ] {
        let parsed = <server::Config as clap::Parser>::try_parse_from(["server", flag, value]);
        assert!(parsed.is_err(), "{flag} {value}");
    }
}
