//! Devices as the head office and an officer see them: what each reports at a sync, work
//! at risk first, builds side by side, devices marked lost, and who may see or mark none.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::devices::DeviceList;
use tower_sessions::session::{Id, Record};
use tower_sessions::SessionStore;

use crate::common::{field_codes, national_id, request, until, ApiClient, TestServer};
use crate::health::{sample, scrape};

const DAY: u64 = 24 * 3600;

/// What the app sends at a sync: the unsent count and the device's state.
fn report(client: &ApiClient, unsent: u32, state: Value) -> Value {
    json!({"device_id": client.device_id, "unsent": unsent, "state": state})
}

async fn devices(client: &ApiClient, query: &str) -> DeviceList {
    let r = client.get(&format!("/api/devices{query}")).await;
    assert_eq!(r.status(), StatusCode::OK, "devices{query}");
    r.json().await.expect("a device list")
}

#[tokio::test]
async fn each_device_reports_at_a_sync_and_work_at_risk_comes_first() {
    let server = TestServer::start().await;
    std::fs::write(
        server.dist.join("index.html"),
        r#"<!doctype html><meta name="app-build" content="b2"><title>app</title>"#,
    )
    .expect("a stamped page");
    // A Sabya tablet whose officer has not finished a sync for four days, with work on it.
    let sabya = server.signed_in("officer.sabya").await;
    let r = sabya
        .post(
            "/api/device",
            &report(
                &sabya,
                2,
                json!({"build": "b1", "since_sync_secs": 4 * DAY, "persistent": true,
                    "storage_used": 5_242_880, "storage_quota": 1_073_741_824u64}),
            ),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // An Abu Arish tablet that synced a minute ago on the current build, in a browser that
    // did not grant it persistent storage.
    let abu_arish = server.signed_in("officer.abuarish").await;
    let tablet_browser = "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 \
        (KHTML, like Gecko) Chrome/131.0.6778.104 Safari/537.36";
    let r = abu_arish
        .http
        .post(format!("{}/api/device", abu_arish.base))
        .header(shared::api::CSRF_HEADER, "1")
        .header(reqwest::header::USER_AGENT, tablet_browser)
        .json(&report(
            &abu_arish,
            0,
            json!({"build": "b2", "since_sync_secs": 60, "persistent": false}),
        ))
        .send()
        .await
        .expect("an answer");
    assert_eq!(r.status(), StatusCode::OK);
    // A Sabya tablet that syncs well but whose officer types as it does: not at risk.
    let busy = server.signed_in("officer.sabya").await;
    let r = busy
        .post(
            "/api/device",
            &report(&busy, 7, json!({"build": "b2", "since_sync_secs": 30})),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let phone = server.signed_in("applicant").await;

    let head = server.signed_in("head").await;
    let list = devices(&head, "").await;
    assert_eq!(list.at_risk_days, 3);
    assert_eq!(list.current_build.as_deref(), Some("b2"));
    let first = &list.devices[0];
    assert_eq!(first.number, sabya.device);
    assert!(first.at_risk);
    assert_eq!(first.unsent(), 2);
    assert_eq!(first.state.build.as_deref(), Some("b1"));
    assert!(first.behind(list.current_build.as_deref()));
    assert_eq!(first.state.persistent, Some(true));
    assert_eq!(first.state.storage_used, Some(5_242_880));
    assert_eq!(first.state.storage_quota, Some(1_073_741_824));
    let holder = &first.holders[0];
    assert_eq!(holder.name, "أحمد العطاس");
    assert_eq!(holder.outreach_point.as_deref(), Some("sabya"));
    assert!(holder.at_risk);
    let age = chrono::Utc::now() - holder.synced_at;
    assert!(
        age >= chrono::Duration::days(4)
            && age < chrono::Duration::days(4) + chrono::Duration::minutes(5)
    );
    for other in &list.devices[1..] {
        assert!(!other.at_risk, "device {} at risk", other.number);
    }
    // Next, the tablet whose storage the browser may clear: flagged for that alone, and
    // named by its browser.
    let second = &list.devices[1];
    assert_eq!(second.number, abu_arish.device);
    assert!(second.storage_at_risk && !second.at_risk);
    assert_eq!(second.browser.as_deref(), Some("Chrome 131 · Android"));
    assert!(!first.storage_at_risk, "persistent storage is kept");
    assert_eq!(first.browser, None, "no browser named by a program's agent");
    let numbers: Vec<u32> = list.devices.iter().map(|d| d.number).collect();
    for d in [abu_arish.device, busy.device, head.device] {
        assert!(numbers.contains(&d), "{d} in {numbers:?}");
    }
    // Staff's tablets only: an applicant's phone is listed apart.
    assert!(!numbers.contains(&phone.device));
    let phones = devices(&head, "?kind=applicants").await;
    assert_eq!(
        phones.devices.iter().map(|d| d.number).collect::<Vec<_>>(),
        vec![phone.device]
    );
    // The builds side by side: the current first, then the rest.
    assert!(list.builds[0].current);
    assert_eq!(list.builds[0].build.as_deref(), Some("b2"));
    assert_eq!(list.builds[0].devices, 2);
    assert!(list
        .builds
        .iter()
        .any(|b| b.build.as_deref() == Some("b1") && b.devices == 1 && !b.current));
    // One point's tablets, for the head office that asks.
    let abu = devices(&head, "?point=abu_arish").await;
    let numbers: Vec<u32> = abu.devices.iter().map(|d| d.number).collect();
    assert!(numbers.contains(&abu_arish.device));
    assert!(!numbers.contains(&sabya.device) && !numbers.contains(&busy.device));

    // The device finishes a sync: its work is sent, nothing is at risk.
    let r = sabya
        .post(
            "/api/device",
            &report(&sabya, 0, json!({"since_sync_secs": 1})),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let list = devices(&head, "").await;
    assert!(list.devices.iter().all(|d| !d.at_risk));
    // What it did not tell this time stays as last told.
    let again = list
        .devices
        .iter()
        .find(|d| d.number == sabya.device)
        .expect("listed");
    assert_eq!(again.state.build.as_deref(), Some("b1"));

    // A report the server cannot believe is refused and changes nothing.
    for state in [
        json!({"build": "<script>"}),
        json!({"since_sync_secs": 30 * 365 * DAY}),
        json!({"storage_used": u64::MAX}),
    ] {
        let r = sabya
            .post("/api/device", &report(&sabya, 0, state.clone()))
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{state}");
    }
}

#[tokio::test]
async fn an_officer_sees_only_the_tablets_of_their_point_and_others_see_none() {
    let server = TestServer::start().await;
    let sabya = server.signed_in("officer.sabya").await;
    let abu_arish = server.signed_in("officer.abuarish").await;
    let phone = server.signed_in("applicant").await;

    // Their own point's tablets (the demo's among them), and no other point's; asking for
    // another point is answered with their own.
    for query in ["", "?point=abu_arish"] {
        let list = devices(&sabya, query).await;
        let numbers: Vec<u32> = list.devices.iter().map(|d| d.number).collect();
        assert!(numbers.contains(&sabya.device), "{numbers:?}");
        assert!(!numbers.contains(&abu_arish.device), "{numbers:?}");
        assert!(!numbers.contains(&phone.device), "{numbers:?}");
        for d in &list.devices {
            assert!(
                d.holders
                    .iter()
                    .any(|h| h.outreach_point.as_deref() == Some("sabya")),
                "device {} held at Sabya",
                d.number
            );
        }
    }
    // Applicants' phones are the head office's to see.
    assert_eq!(
        sabya.get("/api/devices?kind=applicants").await.status(),
        StatusCode::FORBIDDEN
    );
    for who in ["researcher", "committee"] {
        let c = server.signed_in(who).await;
        assert_eq!(
            c.get("/api/devices").await.status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    assert_eq!(
        phone.get("/api/devices").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        server.client().get("/api/devices").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Only the head office marks a device lost.
    let reason = json!({"reason": "سُرق"});
    let path = format!("/api/devices/{}/lost", abu_arish.device);
    for c in [&sabya, &phone] {
        assert_eq!(c.post(&path, &reason).await.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(
        abu_arish.get("/api/me").await.status(),
        StatusCode::OK,
        "nobody else ended the session"
    );
}

#[tokio::test]
async fn a_device_marked_lost_ends_its_sessions_and_syncs_no_more() {
    let server = TestServer::start().await;
    let mut tablet = server.signed_in("officer.sabya").await;
    let sent = tablet.create(request(&national_id(71)));
    let case_id = sent.case_id;
    assert!(matches!(
        tablet.push_one(sent).await,
        shared::sync::Outcome::Applied { .. }
    ));
    // The same officer on another tablet, which stays in use.
    let other = server.signed_in("officer.sabya").await;
    let head = server.signed_in("head").await;
    let path = format!("/api/devices/{}/lost", tablet.device);

    let r = head.post(&path, &json!({"reason": "  "})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.expect("fields");
    assert_eq!(field_codes(&body), [("reason".into(), "required".into())]);
    assert_eq!(
        head.post("/api/devices/999999/lost", &json!({"reason": "?"}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let r = head
        .post(&path, &json!({"reason": "سُرق من سيارة الباحث"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // Marking it again changes nothing.
    assert_eq!(
        head.post(&path, &json!({"reason": "مرة أخرى"}))
            .await
            .status(),
        StatusCode::OK
    );

    // Its session ended at once; the other tablet's did not.
    assert_eq!(
        tablet.get("/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(other.get("/api/me").await.status(), StatusCode::OK);
    // Signed in again on it, the device is refused and the new session ends too.
    let r = tablet.login("officer.sabya", crate::common::PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = tablet
        .post("/api/device", &json!({"device_id": tablet.device_id}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: Value = r.json().await.expect("error");
    assert_eq!(body["error"], "device_lost");
    assert_eq!(
        tablet.get("/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // A push naming it, from any session, is refused whole.
    let stolen = crate::common::ApiClient {
        device_id: tablet.device_id.clone(),
        ..other.via(server.url(""))
    };
    let r = stolen
        .post(
            "/api/sync/push",
            &json!({"device_id": tablet.device_id, "mutations": []}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // What it sent stays.
    let cases = head.pull_all().await;
    assert!(cases.iter().any(|c| c.id == case_id));
    // Listed last, with who marked it and why, and out of the builds' count.
    let list = devices(&head, "").await;
    let last = list.devices.last().expect("devices");
    assert_eq!(last.number, tablet.device);
    let mark = last.lost.as_ref().expect("marked lost");
    assert_eq!(mark.by, "سلمان النعمي");
    assert_eq!(mark.reason, "سُرق من سيارة الباحث");
    assert!(!last.at_risk);
    let counted: u32 = list.builds.iter().map(|b| b.devices).sum();
    assert_eq!(counted as usize, list.devices.len() - 1);

    // Found again, it signs in and syncs as before.
    let found = format!("/api/devices/{}/found", tablet.device);
    assert_eq!(
        other.post(&found, &json!({"reason": "وُجد"})).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        head.post(&found, &json!({"reason": "أعاده الباحث"}))
            .await
            .status(),
        StatusCode::OK
    );
    tablet.sign_in("officer.sabya").await;
    assert_eq!(tablet.get("/api/me").await.status(), StatusCode::OK);
    let marks: Vec<(String, String)> = server::db::query(
        "SELECT action, reason FROM device_changes WHERE device_number = ? ORDER BY id",
    )
    .bind(tablet.device)
    .fetch_all(server.db.pool())
    .await
    .expect("marks");
    assert_eq!(
        marks,
        [
            ("lost".into(), "سُرق من سيارة الباحث".into()),
            ("found".into(), "أعاده الباحث".into())
        ]
    );
}

#[tokio::test]
async fn a_push_under_way_when_its_device_is_marked_lost_is_refused_whole() {
    let server = TestServer::start_with(|c| {
        c.metrics_from = vec!["127.0.0.1/32".parse().expect("network")];
    })
    .await;
    let tablet = server.signed_in("officer.sabya").await;
    let sent = tablet.create(request(&national_id(72)));
    let case_id = sent.case_id;
    let pushes = || async {
        let (_, text) = scrape(&server, None).await;
        sample(&text, "brs_sync_push_mutations_count").unwrap_or(0.0)
    };
    let before = pushes().await;

    // A mark under way holds the writers' turn; the push is taken in meanwhile (its batch
    // counted, its session and device already looked at), then waits for the turn.
    let mut mark = server.db.write().await.expect("the writers' turn");
    let body = json!({"device_id": tablet.device_id, "mutations": [sent]});
    let push = tablet.post("/api/sync/push", &body);
    let marking = async {
        until(Duration::from_secs(10), "the push's coming", || async {
            (pushes().await != before).then_some(())
        })
        .await;
        server::db::query(
            "UPDATE devices SET lost_at = ?, lost_by = 1, lost_reason = ? WHERE number = ?",
        )
        .bind(chrono::Utc::now())
        .bind("سُرق")
        .bind(tablet.device)
        .execute(&mut mark.tx)
        .await
        .expect("marked");
        mark.commit().await.expect("committed");
    };
    let (r, ()) = tokio::join!(push, marking);
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: Value = r.json().await.expect("error");
    assert_eq!(body["error"], "device_lost");
    let kept: i64 = server::db::query("SELECT COUNT(*) FROM mutations WHERE case_id = ?")
        .bind(case_id.to_string())
        .scalar(server.db.pool())
        .await
        .expect("count");
    assert_eq!(kept, 0, "nothing of the push is applied");
}

#[tokio::test]
async fn an_ended_session_is_not_written_back_by_a_request_under_way() {
    let server = TestServer::start().await;
    let store = server::db::sessions::Sessions::new(server.db.pool()).expect("store");
    let mut record = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::days(1),
    };
    store.create(&mut record).await.expect("created");
    record.data.insert("user_id".into(), json!(1));
    store.save(&record).await.expect("saved");
    assert_eq!(
        store
            .load(&record.id)
            .await
            .expect("loaded")
            .map(|r| r.data),
        Some(record.data.clone())
    );
    // Ended (its device marked lost) while a request of it ran, which then saves it.
    store.delete(&record.id).await.expect("deleted");
    store.save(&record).await.expect("saved");
    assert!(store.load(&record.id).await.expect("loaded").is_none());
}
