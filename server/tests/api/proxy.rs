//! Behind a proxy: the client's address is taken from `X-Forwarded-For` only when the
//! connection comes from a proxy the server was told to trust, so throttles and the sign-in
//! log see each client; served over HTTPS, browsers are told to keep to it.

use reqwest::StatusCode;
use serde_json::json;
use shared::api::CSRF_HEADER;
use shared::audit::{SignInOutcome, SignInRecord};

use crate::common::{TestServer, PASSWORD};

/// Signs in as `username` with `password`, the request saying it was forwarded for `client`.
async fn login_as(s: &TestServer, client: &str, username: &str, password: &str) -> StatusCode {
    reqwest::Client::new()
        .post(s.url("/api/login"))
        .header(CSRF_HEADER, "1")
        .header("x-forwarded-for", client)
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("request")
        .status()
}

#[tokio::test]
async fn a_trusted_proxy_names_the_client_and_each_client_has_its_own_limit() {
    let s = TestServer::start_with(|c| {
        c.trusted_proxies = vec![server::proxy::parse_network("127.0.0.0/8").expect("a network")];
        c.secure_cookies = true;
    })
    .await;
    let limit = server::limits::SIGN_INS_PER_ADDRESS;
    // One client guesses until its address is stopped...
    for n in 0..limit {
        let status = login_as(&s, "203.0.113.7", &format!("guess-{n}"), "wrong").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "guess {n}");
    }
    assert_eq!(
        login_as(&s, "203.0.113.7", "researcher", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // ...a client forging the stopped one's address before its own is still itself...
    assert_eq!(
        login_as(&s, "203.0.113.7, 198.51.100.9", "guess-x", "wrong").await,
        StatusCode::UNAUTHORIZED
    );
    // ...and another client behind the same proxy signs in.
    assert_eq!(
        login_as(&s, "198.51.100.20", "researcher", PASSWORD).await,
        StatusCode::OK
    );

    let head = s.signed_in("head").await;
    let r = head.get("/api/sign-ins").await;
    assert_eq!(
        r.headers()
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok()),
        Some("max-age=31536000"),
        "served over HTTPS, browsers keep to it"
    );
    let log: Vec<SignInRecord> = r.json().await.expect("sign-ins");
    let seen = |outcome| {
        log.iter()
            .filter(|r| r.outcome == outcome)
            .filter_map(|r| r.address.clone())
            .collect::<Vec<_>>()
    };
    assert!(seen(SignInOutcome::Throttled).contains(&"203.0.113.7".to_owned()));
    assert!(seen(SignInOutcome::Refused).contains(&"198.51.100.9".to_owned()));
    assert!(seen(SignInOutcome::SignedIn).contains(&"198.51.100.20".to_owned()));
}

#[tokio::test]
async fn without_a_trusted_proxy_the_header_is_ignored() {
    let s = TestServer::start().await;
    let limit = server::limits::SIGN_INS_PER_ADDRESS;
    // Every guess names another client; all of them are the one connection's address.
    for n in 0..limit {
        let client = format!("203.0.113.{n}");
        let status = login_as(&s, &client, &format!("guess-{n}"), "wrong").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "guess {n}");
    }
    assert_eq!(
        login_as(&s, "198.51.100.20", "researcher", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    let head = s.client();
    let r = head.get("/api/session").await;
    assert!(
        r.headers().get("strict-transport-security").is_none(),
        "not said to be served over HTTPS: no HSTS"
    );
}
