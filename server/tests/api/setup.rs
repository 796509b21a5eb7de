//! Setting the association up from the browser: outreach points opened, changed and
//! closed by the head office alone, the settings kept by version, and the first-start
//! checklist ticking itself from the data.

use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::api::{DeviceSettings, Me};
use shared::life::mutation::Op;
use shared::messages::Notice;
use shared::setup::{
    Checklist, ChecklistItem, Closed, Point, PointEvent, PublicPoint, Reached, SettingsHistory,
    SettingsVersion, SmsTest,
};
use shared::sync::Outcome;
use shared::{CaseStatus, Role};

use crate::common::gateway::Gateway;
use crate::common::{change, field_codes, national_id, ApiClient, TestServer};
use crate::notifications::{case_when, server_with};
use crate::office::{form, submitted};

/// A server as a new association starts it: no demo, the admin account only.
async fn new_association(change: impl FnOnce(&mut server::Config)) -> (TestServer, ApiClient) {
    let s = TestServer::start_with(|c| {
        c.demo = false;
        change(c);
    })
    .await;
    let admin = s.client();
    let r = admin.login("admin", "admin-test-password").await;
    assert_eq!(r.status(), StatusCode::OK);
    (s, admin)
}

fn samtah() -> Value {
    json!({"name_ar": "نقطة صامطة", "name_en": "Samtah", "governorate": "samtah"})
}

async fn open_points(c: &ApiClient) -> Vec<PublicPoint> {
    let r = c.get("/api/outreach-points").await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("points")
}

#[tokio::test]
async fn the_head_office_opens_and_changes_points_that_applicants_then_see() {
    let (s, admin) = new_association(|_| {}).await;
    let anyone = s.client();
    assert!(
        open_points(&anyone).await.is_empty(),
        "a new system has no point"
    );

    let r = admin.post("/api/outreach-points", &samtah()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let point: Point = r.json().await.expect("the point");
    assert_eq!(point.id, "samtah");
    assert_eq!(point.details.governorate, "samtah");
    assert!(point.closed_at.is_none());
    // A second point of the same English name gets a code of its own.
    let r = admin.post("/api/outreach-points", &samtah()).await;
    let second: Point = r.json().await.expect("the point");
    assert_eq!(second.id, "samtah-2");

    // Refused with each field named, and Arabic-Indic digits read in the phone.
    let r = admin
        .post(
            "/api/outreach-points",
            &json!({"name_ar": "", "name_en": "X", "governorate": "riyadh", "phone": "12"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let codes = field_codes(&r.json().await.expect("errors"));
    assert!(
        codes.contains(&("name_ar".into(), "required".into())),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("governorate".into(), "unknown_choice".into())),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("phone".into(), "phone_format".into())),
        "{codes:?}"
    );

    let r = admin
        .put_json(
            "/api/outreach-points/samtah",
            &json!({
                "name_ar": "نقطة صامطة الجديدة", "name_en": "Samtah", "governorate": "samtah",
                "address": "شارع الملك فهد", "phone": "٠١٧٣٢١٠٠٠٠", "hours": "الأحد–الخميس ٨–٢"
            }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let seen = open_points(&anyone).await;
    let samtah = seen.iter().find(|p| p.id == "samtah").expect("listed");
    assert_eq!(samtah.details.name_ar, "نقطة صامطة الجديدة");
    assert_eq!(samtah.details.phone, "0173210000");
    assert_eq!(samtah.details.address, "شارع الملك فهد");
    let r = admin
        .put_json("/api/outreach-points/nowhere", &samtah.details)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Every change is in the point's log, with who made it.
    let r = admin.get("/api/outreach-points/samtah/log").await;
    let log: Vec<PointEvent> = r.json().await.expect("log");
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["changed", "created"]);
    assert_eq!(log[0].by, "مدير النظام");
    assert_eq!(log[0].detail["before"]["name_ar"], "نقطة صامطة");

    // An officer can now be placed there, and an applicant opens an account there.
    let r = admin
        .post(
            "/api/users",
            &json!({"username": "officer.samtah", "display_name": "سالم", "role": "officer",
                    "outreach_point": "samtah", "password": "a-first-password-1"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let r = anyone
        .post(
            "/api/register",
            &json!({"national_id": national_id(7_001), "mobile": "0551234567",
                    "password": "a-good-password-1", "password_again": "a-good-password-1",
                    "outreach_point": "samtah"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED, "{:?}", r.text().await);
}

#[tokio::test]
async fn only_the_head_office_manages_points_and_settings() {
    let s = TestServer::start().await;
    let details = samtah();
    for who in ["officer.sabya", "researcher", "committee", "applicant"] {
        let c = s.signed_in(who).await;
        let r = c.post("/api/outreach-points", &details).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who} opens a point");
        let r = c.put_json("/api/outreach-points/sabya", &details).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who} renames a point");
        let r = c
            .post(
                "/api/outreach-points/sabya/close",
                &json!({"to": "abu_arish", "reason": "x", "officers": "move"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who} closes a point");
        for path in [
            "/api/setup/points",
            "/api/setup/checklist",
            "/api/settings",
            "/api/outreach-points/sabya/log",
        ] {
            let r = c.get(path).await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who} reads {path}");
        }
        let r = c
            .put_json("/api/settings", &json!({"version": 1, "settings": {}}))
            .await;
        assert!(r.status().is_client_error(), "{who} saves the settings");
        let r = c
            .post("/api/setup/sms-test", &json!({"mobile": "0551234567"}))
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who} sends a test text");
    }
    let nobody = s.client();
    let r = nobody.post("/api/outreach-points", &details).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = nobody.get("/api/settings").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // The points nobody needs a session for are only the open ones, by name.
    assert_eq!(open_points(&nobody).await.len(), 2);
}

#[tokio::test]
async fn closing_a_point_moves_its_requests_people_and_texts_the_applicants() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |_| {}).await;
    let sabya = s.signed_in("officer.sabya").await;
    let head = s.signed_in("head").await;
    let id = submitted(
        &sabya,
        form(
            &national_id(7_101),
            ("منى", "الحربي"),
            "phone",
            "sabya",
            &["restoration"],
        ),
    )
    .await;
    gateway.wait_for(1).await;

    let closing = json!({"to": "abu_arish", "reason": "دُمجت نقطة صبيا في نقطة أبو عريش",
                         "officers": "move"});
    let r = head
        .post(
            "/api/outreach-points/sabya/close",
            &json!({"to": "sabya", "reason": "", "officers": "move"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = head
        .post("/api/outreach-points/sabya/close", &closing)
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let closed: Closed = r.json().await.expect("what closing did");
    // This request, and the demo's two at Sabya (one a draft, which goes with its taker).
    assert_eq!(closed.moved, 3, "{closed:?}");
    assert!(closed.not_moved.is_empty());
    assert_eq!((closed.officers, closed.applicants), (1, 1));

    // Closed: not listed, no account placed there, nothing moved there.
    let points = open_points(&s.client()).await;
    assert!(!points.iter().any(|p| p.id == "sabya"));
    let r = head.get("/api/setup/points").await;
    let all: Vec<Point> = r.json().await.expect("points");
    let gone = all.iter().find(|p| p.id == "sabya").expect("still managed");
    assert!(gone.closed_at.is_some());
    assert_eq!((gone.officers, gone.open_requests), (0, 0));
    let r = head
        .post(
            "/api/users",
            &json!({"username": "officer.new", "display_name": "جديد", "role": "officer",
                    "outreach_point": "sabya", "password": "a-first-password-1"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The officer works at Abu Arish now, after signing in again, and has the request.
    let r = sabya.get("/api/me").await;
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "the old session ended"
    );
    let moved = s.signed_in("officer.sabya").await;
    let me: Me = moved.get("/api/me").await.json().await.expect("me");
    assert_eq!(
        me.outreach_point.map(|p| p.id).as_deref(),
        Some("abu_arish")
    );
    let case = moved
        .pull_all()
        .await
        .into_iter()
        .find(|c| c.id == id)
        .expect("the officer still has it");
    assert_eq!(case.outreach_point.id, "abu_arish");
    assert_eq!(case.status, CaseStatus::Submitted);
    let m = case.moves.last().expect("the move on its timeline");
    assert_eq!(m.reason, "دُمجت نقطة صبيا في نقطة أبو عريش");
    let applicant = s.signed_in("applicant").await;
    let me: Me = applicant.get("/api/me").await.json().await.expect("me");
    assert_eq!(
        me.outreach_point.map(|p| p.id).as_deref(),
        Some("abu_arish")
    );

    // The applicant is texted where the request is followed now.
    case_when(&head, id, |c| {
        c.messages.iter().any(|m| m.notice == Notice::Moved)
    })
    .await;
    let told = gateway.wait_for(2).await;
    assert!(told.iter().any(|m| m.get("body").contains("نقطة أبو عريش")));

    // No request can be moved to the closed point.
    let other = submitted(
        &moved,
        form(
            &national_id(7_102),
            ("هند", "الحازمي"),
            "phone",
            "sabya",
            &["restoration"],
        ),
    )
    .await;
    let r = moved
        .push_one(change(
            other,
            Op::Move {
                to: shared::case::OutreachPoint {
                    id: "sabya".into(),
                    name_ar: String::new(),
                    name_en: String::new(),
                },
                reason: "عودة".into(),
            },
        ))
        .await;
    assert!(matches!(r, Outcome::Rejected { .. }), "{r:?}");

    let r = head.get("/api/outreach-points/sabya/log").await;
    let log: Vec<PointEvent> = r.json().await.expect("log");
    assert_eq!(log[0].action, "closed");
    assert_eq!(log[0].detail["done"]["moved"], 3);
}

#[tokio::test]
async fn closing_may_disable_the_officers_instead() {
    let s = TestServer::start().await;
    let head = s.signed_in("head").await;
    let r = head
        .post(
            "/api/outreach-points/abu_arish/close",
            &json!({"to": "sabya", "reason": "أُغلقت", "officers": "disable"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = s
        .client()
        .login("officer.abuarish", crate::common::PASSWORD)
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "disabled");
}

#[tokio::test]
async fn settings_are_versioned_checked_and_reach_devices() {
    let s = TestServer::start_with(|c| {
        c.answer_days = 21;
        c.contact_phone = Some("920000000".into());
    })
    .await;
    let head = s.signed_in("head").await;
    let r = head.get("/api/settings").await;
    let history: SettingsHistory = r.json().await.expect("settings");
    assert_eq!(history.current.version, 1);
    assert_eq!(history.current.by, None, "the flags gave the first");
    assert_eq!(history.current.settings.answer_days, 21);

    let mut edit = history.current.settings.clone();
    edit.answer_days = 30;
    edit.contact.email = Some("info@jazan-housing.org.sa".into());
    edit.quiet_hours = None;
    let r = head
        .put_json("/api/settings", &json!({"version": 1, "settings": edit}))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let saved: SettingsVersion = r.json().await.expect("saved");
    assert_eq!(saved.version, 2);
    assert_eq!(saved.by.as_deref(), Some("سلمان النعمي"));

    // Made on an older version: refused, nothing overwritten.
    let r = head
        .put_json("/api/settings", &json!({"version": 1, "settings": edit}))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let codes = field_codes(&r.json().await.expect("errors"));
    assert_eq!(codes, [("settings".to_owned(), "changed_since".to_owned())]);
    // Policy H5: never under two weeks.
    let mut short = edit.clone();
    short.answer_days = 10;
    let r = head
        .put_json("/api/settings", &json!({"version": 2, "settings": short}))
        .await;
    let codes = field_codes(&r.json().await.expect("errors"));
    assert_eq!(codes, [("answer_days".to_owned(), "too_small".to_owned())]);

    let r = head.get("/api/settings").await;
    let history: SettingsHistory = r.json().await.expect("settings");
    assert_eq!(history.current.version, 2);
    assert_eq!(history.earlier.len(), 1);
    assert_eq!(history.earlier[0].settings.answer_days, 21);

    // Devices hear of them at their next sync; a request handed in now is due in 30 days.
    let officer = s.signed_in("officer.sabya").await;
    let r = officer
        .post("/api/device", &json!({"device_id": officer.device_id}))
        .await;
    let settings: DeviceSettings = r.json().await.expect("device settings");
    assert_eq!(settings.answer_days, 30);
    assert_eq!(
        settings.contact.email.as_deref(),
        Some("info@jazan-housing.org.sa")
    );
    let id = submitted(
        &officer,
        form(
            &national_id(7_201),
            ("سارة", "المالكي"),
            "phone",
            "sabya",
            &["restoration"],
        ),
    )
    .await;
    let case = officer
        .pull_all()
        .await
        .into_iter()
        .find(|c| c.id == id)
        .expect("handed in");
    let due = case.answer_expected_on.expect("a day");
    let handed = shared::dates::saudi_date(case.submitted_at.expect("handed in"));
    assert_eq!((due - handed).num_days(), 30);
}

async fn checklist(c: &ApiClient) -> Checklist {
    let r = c.get("/api/setup/checklist").await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("checklist")
}

#[tokio::test]
async fn the_checklist_ticks_itself_from_the_data() {
    let gateway = Gateway::start().await;
    let url = gateway.url.clone();
    let (s, admin) = new_association(move |c| {
        c.sms.provider = server::notify::config::ProviderKind::Http;
        c.sms.url = Some(url);
        c.sms.token = Some("gateway-token".into());
    })
    .await;
    let first = checklist(&admin).await;
    assert!(
        ChecklistItem::ALL.iter().all(|i| !first.done(*i)),
        "{first:?}"
    );
    assert_eq!(first.reached, Reached::Loopback);
    assert_eq!(first.staff_of(Role::HeadOffice), 1);

    admin.post("/api/outreach-points", &samtah()).await;
    for (name, role, point) in [
        ("officer.samtah", "officer", "samtah"),
        ("researcher.one", "researcher", ""),
        ("committee.one", "committee", ""),
    ] {
        let r = admin
            .post(
                "/api/users",
                &json!({"username": name, "display_name": "موظف الجمعية", "role": role,
                        "outreach_point": point, "password": "a-first-password-1"}),
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{name}: {:?}",
            r.text().await
        );
    }
    let history: SettingsHistory = admin.get("/api/settings").await.json().await.expect("s");
    let mut settings = history.current.settings;
    settings.contact.phone = Some("920000000".into());
    admin
        .put_json(
            "/api/settings",
            &json!({"version": 1, "settings": settings}),
        )
        .await;
    let r = admin
        .post("/api/setup/sms-test", &json!({"mobile": "٠٥٥١٢٣٤٥٦٧"}))
        .await;
    let test: SmsTest = r.json().await.expect("the gateway's answer");
    assert!(test.ok, "{test:?}");
    let got = gateway.wait_for(1).await;
    assert_eq!(got[0].get("to"), "966551234567");

    let mut config = server::Config::for_tests(s.data.path().join("data"));
    config.database_url = crate::common::database_for(s.data.path()).await;
    let backups = tempfile::tempdir().expect("temp dir");
    server::db::backup::backup(&config, &backups.path().join("first.backup"))
        .await
        .expect("a backup");

    let now = checklist(&admin).await;
    for item in [
        ChecklistItem::Points,
        ChecklistItem::Staff,
        ChecklistItem::Contact,
        ChecklistItem::Sms,
        ChecklistItem::Backup,
    ] {
        assert!(now.done(item), "{item:?}: {now:?}");
    }
    // Plain HTTP and cookies not kept to HTTPS: the one line left for going live.
    assert!(!now.done(ChecklistItem::Https));
}
