//! A request taken at a point under a national ID reaches an applicant's account only once
//! the account is proven its holder's: by the mobile its code went to, or by an officer who
//! saw the original. Until then the account learns only that a request exists at a point,
//! its texts go to the request's own mobile, and its erasure leaves the request alone.

use reqwest::StatusCode;
use serde_json::json;
use shared::my_data::MyData;

use crate::common::gateway::Gateway;
use crate::common::national_id;
use crate::identity::opened;
use crate::notifications::server_with;
use crate::office::{form, get_json, submitted};

#[tokio::test]
async fn a_typed_id_reaches_nothing_of_anothers_request_until_an_officer_confirms_it() {
    let gateway = Gateway::start().await;
    let server = server_with(&gateway, |_| {}).await;
    let holders = national_id(9_301);
    let sabya = server.signed_in("officer.sabya").await;
    // The holder's request, taken at Sabya with the holder's own mobile.
    let mut request = form(
        &holders,
        ("هاجر", "الصميلي"),
        "in_person",
        "sabya",
        &["restoration"],
    );
    request.applicant.mobile = "0557001001".into();
    submitted(&sabya, request).await;
    // Its text went to the request's mobile.
    assert_eq!(gateway.wait_for(1).await[0].get("to"), "966557001001");

    // Someone opens an account with the holder's ID and a mobile of their own.
    let claimer = opened(&server, &gateway, &holders, "0557009009").await;
    let data: MyData = get_json(&claimer, "/api/me/data").await;
    assert!(
        data.requests.is_empty(),
        "not a byte of the holder's request"
    );
    assert_eq!(data.unproven.len(), 1);
    assert_eq!(data.unproven[0].id, "sabya");
    let text = claimer
        .get("/api/me/data")
        .await
        .text()
        .await
        .expect("text");
    for inside in ["هاجر", "الصميلي", "0557001001"] {
        assert!(!text.contains(inside), "{inside} reached the claimer");
    }
    // The phone pulls none of it either.
    assert!(claimer.pull_all().await.is_empty());
    let before = claimer.pull(0, 100).await;

    // Only officers and the head office confirm a holder, having seen the original.
    let confirm = json!({"national_id": holders, "document": "national_id_card",
        "note": "رأيت البطاقة الأصلية"});
    for who in ["researcher", "committee", "applicant"] {
        let c = server.signed_in(who).await;
        let r = c.post("/api/users/confirm-identity", &confirm).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who}");
    }
    let r = sabya
        .post(
            "/api/users/confirm-identity",
            &json!({"national_id": holders, "document": "", "note": ""}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = sabya
        .post(
            "/api/users/confirm-identity",
            &json!({"national_id": national_id(9_399), "document": "iqama"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "no account of that ID");
    // The holder came with the card: this account is theirs after all.
    let r = sabya.post("/api/users/confirm-identity", &confirm).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let data: MyData = get_json(&claimer, "/api/me/data").await;
    assert_eq!(data.requests.len(), 1);
    assert!(data.unproven.is_empty());
    // The phone's scope widened: its next pull names another, so it starts over and takes
    // the request in.
    let after = claimer.pull(before.cursor, 100).await;
    assert_ne!(after.scope, before.scope);
    let pulled = claimer.pull_all().await;
    assert_eq!(pulled.len(), 1);
    assert_eq!(pulled[0].request.applicant.mobile, "0557001001");
    // Kept in the accounts log with who and which document.
    let logged: Vec<String> =
        server::db::query("SELECT detail FROM account_changes WHERE action = 'identity_confirmed'")
            .scalars(server.db.pool())
            .await
            .expect("log");
    assert_eq!(logged.len(), 1);
    assert!(logged[0].contains("national_id_card"));
}

#[tokio::test]
async fn the_request_proven_by_its_mobile_is_the_accounts_and_texts_go_where_proven() {
    let gateway = Gateway::start().await;
    let server = server_with(&gateway, |_| {}).await;
    let sabya = server.signed_in("officer.sabya").await;

    // The holder opens an account with the mobile written in the request: it is theirs.
    let holder_id = national_id(9_311);
    let mut request = form(&holder_id, ("ريم", "الحكمي"), "phone", "sabya", &["build"]);
    request.applicant.mobile = "0557002002".into();
    let holder = opened(&server, &gateway, &holder_id, "0557002002").await;
    submitted(&sabya, request).await;
    let data: MyData = holder.get("/api/me/data").await.json().await.expect("data");
    assert_eq!(data.requests.len(), 1);
    // And the holder's phone pulls it, though an officer filed it.
    assert_eq!(holder.pull_all().await.len(), 1);
    // Its receipt goes to that mobile (the holder's code went before it).
    let got = gateway.wait_for(2).await;
    assert_eq!(got[1].get("to"), "966557002002");

    // A claimer's account under another person's ID: the handed-in text goes to the
    // request's own mobile, never to the claimer's.
    let other_id = national_id(9_312);
    let claimer = opened(&server, &gateway, &other_id, "0557009010").await;
    let mut theirs = form(&other_id, ("سلمى", "العطاس"), "phone", "sabya", &["build"]);
    theirs.applicant.mobile = "0557003003".into();
    let before = gateway.received().len();
    submitted(&sabya, theirs).await;
    let got = gateway.wait_for(before + 1).await;
    let to: Vec<String> = got[before..]
        .iter()
        .map(|m| m.get("to").to_owned())
        .collect();
    assert!(to.iter().any(|t| t.ends_with("557003003")), "{to:?}");
    assert!(!to.iter().any(|t| t.ends_with("557009010")), "{to:?}");
    assert!(
        claimer.pull_all().await.is_empty(),
        "nor on the claimer's phone"
    );

    // The claimer's erasure counts and would erase only what is theirs: nothing.
    let r = claimer
        .post("/api/me/erasure", &json!({"note": "امسحوا بياناتي"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let head = server.signed_in("head").await;
    let list: serde_json::Value = head.get("/api/erasures").await.json().await.expect("list");
    let mine = list["pending"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["national_id"] == json!(other_id)))
        .cloned()
        .expect("the claimer's erasure");
    assert_eq!(mine["requests"], json!(0));
}
