//! An applicant asks to be erased and only the head office rules: refused with a reason
//! they are told, then granted — the beneficiary register keeps its entry, everything else
//! of theirs leaves the database, their account closes and they are told.

use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::json;
use shared::dates::saudi_date;
use shared::erasure::{Erasure, ErasureList, ErasureState};
use shared::life::mutation::Op;
use shared::life::workflow::ServiceInput;
use shared::records::feedback::FeedbackInput;
use shared::records::{Batch, New};
use shared::{CaseStatus, MutationId};

use crate::common::gateway::Gateway;
use crate::common::{change, field_codes, fresh, national_id, until};
use crate::identity::opened;
use crate::notifications::server_with;
use crate::office::{applied, decided, form, get_json, submitted};
use crate::retention::database_text;

#[tokio::test]
async fn an_erasure_is_ruled_by_the_head_office_and_keeps_only_the_register_entry() {
    let gateway = Gateway::start().await;
    let server = server_with(&gateway, |_| {}).await;
    let mine = national_id(9_301);
    let mobile = "0551239876";
    let phone = opened(&server, &gateway, &mine, mobile).await;
    let sabya = server.signed_in("officer.sabya").await;
    let head = server.signed_in("head").await;

    // A beneficiary file: accepted, registered and served.
    let mut request = form(
        &mine,
        ("جميلة", "الشهري"),
        "in_person",
        "sabya",
        &["restoration"],
    );
    request.applicant.mobile = mobile.into();
    request.applicant.address = "حي المطار قرب السوق الشعبي".into();
    let spouse = request.household[0].name.clone();
    let file = submitted(&sabya, request.clone()).await;
    decided(&server, &sabya, file, "accept", 2).await;
    assert!(applied(&sabya.push_one(change(file, Op::Register)).await));
    let service = Op::DeliverService {
        service_id: shared::ServiceId::new_v7(1_700_000_000_000, [7; 10]),
        service: ServiceInput {
            kind: "restoration".into(),
            delivered_on: saudi_date(Utc::now()).to_string(),
            amount: "2500".into(),
            supplier: "مؤسسة البناء".into(),
            notes: String::new(),
        },
    };
    assert!(applied(&sabya.push_one(change(file, service)).await));
    // An earlier request of theirs, withdrawn.
    let withdrawn = submitted(&sabya, request).await;
    let to = Op::Transition {
        to: CaseStatus::Withdrawn,
    };
    assert!(applied(&sabya.push_one(change(withdrawn, to)).await));
    // A need they sent.
    let need = New::<shared::records::feedback::Feedback> {
        id: fresh(MutationId::new_v7),
        at: Utc::now(),
        input: FeedbackInput {
            kind: "need".into(),
            channel: String::new(),
            person: String::new(),
            contact: String::new(),
            text: "خزان ماء فوق السطح".into(),
        },
    };
    let r = phone
        .post(
            "/api/feedback",
            &Batch::<shared::records::feedback::Feedback> { items: vec![need] },
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let cursor = sabya.pull(0, 1000).await.cursor;

    // Only an applicant asks, for themselves; only the head office sees and rules.
    let ask = json!({"note": "لم أعد بحاجة إلى الدعم"});
    for staff in [&sabya, &head] {
        let r = staff.post("/api/me/erasure", &ask).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let r = phone.post("/api/me/erasure", &ask).await;
    assert_eq!(r.status(), StatusCode::OK);
    let asked: Erasure = r.json().await.expect("erasure");
    assert_eq!(asked.state, ErasureState::Pending);
    let again = phone.post("/api/me/erasure", &ask).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = again.json().await.expect("errors");
    assert_eq!(
        field_codes(&body),
        [("reason".into(), "erasure_pending".into())]
    );
    let path = format!("/api/erasures/{}", asked.id);
    let refuse = json!({"grant": false, "reason": "ملف قائم تُقدَّم له خدمات هذا العام"});
    for other in [&sabya, &phone] {
        assert_eq!(
            other.get("/api/erasures").await.status(),
            StatusCode::FORBIDDEN
        );
        let r = other.post(&path, &refuse).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let list: ErasureList = get_json(&head, "/api/erasures").await;
    let waiting = list
        .pending
        .iter()
        .find(|e| e.id == asked.id)
        .expect("waiting");
    assert_eq!(
        (waiting.national_id.as_str(), waiting.requests),
        (mine.as_str(), 2)
    );
    let r = head
        .post(&path, &json!({"grant": true, "reason": " "}))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );

    // Refused: they are told why, and nothing is erased.
    let sent = gateway.received().len();
    let r = head.post(&path, &refuse).await;
    assert_eq!(r.status(), StatusCode::OK);
    let got = gateway.wait_for(sent + 1).await;
    assert!(
        got[sent].get("body").contains("ملف قائم"),
        "{:?}",
        got[sent].fields
    );
    let mine_now: Option<Erasure> = get_json(&phone, "/api/me/erasure").await;
    assert_eq!(mine_now.map(|e| e.state), Some(ErasureState::Refused));
    let r = head.post(&path, &refuse).await;
    assert_eq!(
        field_codes(&r.json().await.expect("errors")),
        [("reason".into(), "already_ruled".into())]
    );
    assert!(database_text(&server).await.contains(mobile));

    // Asked again, granted.
    let r = phone.post("/api/me/erasure", &ask).await;
    let asked: Erasure = r.json().await.expect("erasure");
    let grant = json!({"grant": true, "reason": "طلب المستفيد وفق نظام حماية البيانات"});
    let sent = gateway.received().len();
    let r = head
        .post(&format!("/api/erasures/{}", asked.id), &grant)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let ruled: Erasure = r.json().await.expect("erasure");
    assert_eq!(ruled.state, ErasureState::Granted);
    assert_eq!(ruled.files.len(), 1, "the beneficiary file is kept");
    let got = gateway.wait_for(sent + 1).await;
    assert!(got[sent].get("body").contains("حُذفت بياناتك"));

    // Their session ended.
    assert_eq!(
        phone.get("/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Nothing of theirs is left but the register's entry: name, ID, file and services.
    // The last message's mobile goes once the gateway has it: not while it is queued, nor
    // while the worker is sending it.
    until(
        Duration::from_secs(20),
        "the last message's sending",
        || async {
            let waiting: bool = server::db::query(
                "SELECT EXISTS (SELECT 1 FROM notifications WHERE mobile <> '' \
               AND state IN ('queued', 'sending'))",
            )
            .scalar(server.db.pool())
            .await
            .expect("outbox");
            (!waiting).then_some(())
        },
    )
    .await;
    server.db.fold_log().await.expect("log folded");
    let text = database_text(&server).await;
    for gone in [
        mobile,
        "السوق الشعبي",
        "خزان ماء",
        "لم أعد بحاجة",
        spouse.as_str(),
    ] {
        assert!(!text.contains(gone), "{gone} left in the database");
    }
    let register = head.get("/api/office/export/register.csv").await;
    let register = register.text().await.expect("csv");
    assert!(register.contains(&mine) && register.contains("الشهري"));
    let changes = sabya.pull(cursor, 1000).await.changes;
    let kept = changes
        .iter()
        .find(|c| c.id == file)
        .expect("the file changed");
    assert_eq!(kept.request.applicant.national_id, mine);
    assert!(kept.request.applicant.mobile.is_empty() && kept.request.household.is_empty());
    assert_eq!(kept.services.len(), 1);
    let gone = changes
        .iter()
        .find(|c| c.id == withdrawn)
        .expect("the withdrawn one changed");
    assert!(gone.request.applicant.national_id.is_empty());
    let list: ErasureList = get_json(&head, "/api/erasures").await;
    assert!(list.pending.is_empty());
    assert_eq!(list.ruled[0].national_id, shared::retention::ERASED);

    // The register's years over, the retention job takes the rest.
    let blobs = server::blobs::Blobs::open(&server.data.path().join("data"))
        .await
        .expect("attachments");
    let later = Utc::now() + chrono::Duration::days(365 * 11);
    let retention = shared::retention::Retention::default();
    let done = server::service::retention::run(&server.db, &blobs, retention, later)
        .await
        .expect("ran");
    assert_eq!(done.cases, 1, "the register entry, once");
    let text = database_text(&server).await;
    assert!(!text.contains(&mine), "the ID is gone");
    // Signing in with it is refused as for anyone unknown.
    let r = server.client().login(&mine, "long enough 1").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}
