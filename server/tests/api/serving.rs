//! Serving the app: files, deep links, and the API's own 404.

use crate::common::TestServer;

#[tokio::test]
async fn deep_links_fall_back_to_the_app() {
    let s = TestServer::start().await;
    let c = s.client();
    for path in ["/", "/cases/new", "/some/deep/link"] {
        let r = c.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        assert!(
            r.text()
                .await
                .unwrap_or_default()
                .contains("<title>app</title>"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_missing_file_is_a_404_not_the_app() {
    let s = TestServer::start().await;
    let c = s.client();
    for path in [
        "/favicon.ico",
        "/icons/nothing.png",
        "/app_old.wasm",
        "/cases/new/x.js",
    ] {
        let r = c.get(path).await;
        assert_eq!(r.status(), 404, "{path}");
        let body = r.text().await.unwrap_or_default();
        assert!(!body.contains("<title>"), "{path}: {body}");
    }
}

#[tokio::test]
async fn the_manifest_and_icons_are_served_with_their_types() {
    let s = TestServer::start().await;
    std::fs::write(s.dist.join("manifest.webmanifest"), r#"{"name":"x"}"#).expect("file");
    std::fs::create_dir_all(s.dist.join("icons")).expect("dir");
    std::fs::write(s.dist.join("icons/icon-192.png"), b"\x89PNG").expect("file");
    std::fs::write(s.dist.join("icons/icon.svg"), "<svg/>").expect("file");
    let c = s.client();
    for (path, kind) in [
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/icons/icon-192.png", "image/png"),
        ("/icons/icon.svg", "image/svg+xml"),
    ] {
        let r = c.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        let got = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(got.starts_with(kind), "{path}: {got}");
    }
}

#[tokio::test]
async fn an_unknown_api_route_is_a_json_404_not_the_app() {
    let s = TestServer::start().await;
    let r = s.client().get("/api/nothing-here").await;
    assert_eq!(r.status(), 404);
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["error"], "not_found");
}

#[tokio::test]
async fn every_reply_carries_the_security_headers() {
    let s = TestServer::start().await;
    for path in ["/", "/api/me"] {
        let r = s.client().get(path).await;
        let h = r.headers();
        let csp = h
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(
            h.get("x-content-type-options")
                .and_then(|v| v.to_str().ok()),
            Some("nosniff")
        );
    }
}

#[tokio::test]
async fn precompressed_files_are_sent_to_browsers_that_accept_them() {
    let s = TestServer::start().await;
    let body = "x".repeat(4096);
    std::fs::write(s.dist.join("app.js"), &body).expect("file");
    std::fs::write(s.dist.join("app.js.br"), b"brotli bytes").expect("file");
    let raw = reqwest::Client::builder()
        .no_gzip()
        .build()
        .expect("client");
    let r = raw
        .get(s.url("/app.js"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(
        r.headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("br")
    );
    assert_eq!(r.bytes().await.expect("body").as_ref(), b"brotli bytes");
    let plain = raw.get(s.url("/app.js")).send().await.expect("request");
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.expect("body"), body);
}
