//! Messages to applicants over HTTP, with a stand-in gateway on loopback: each event sends
//! one message with its text, failures are retried and shown on the case, quiet hours hold
//! messages, staff write and decide, the head office edits the texts, and the gateway's
//! delivery reports reach the case.

use server::db::{query, Json};
use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::json;
use server::notify::config::{QuietHours, SmsConfig};
use shared::dates::saudi_date;
use shared::life::mutation::Op;
use shared::life::workflow::ServiceInput;
use shared::messages::sending::NoticeText;
use shared::messages::{Delivery, Message, Notice};
use shared::{Case, CaseId, CaseStatus};

use crate::common::gateway::{Gateway, Mode};
use crate::common::{change, national_id, until, ApiClient, TestServer};
use crate::office::{applied, decided, form, get_json, submitted};

/// A server sending through `gateway` as a JSON gateway with client references, no quiet
/// hours and a one-second first retry; `more` changes the rest.
pub(crate) async fn server_with(
    gateway: &Gateway,
    more: impl FnOnce(&mut SmsConfig),
) -> TestServer {
    TestServer::start_with(|c| {
        let sms = &mut c.sms;
        sms.provider = server::notify::config::ProviderKind::Http;
        sms.url = Some(gateway.url.clone());
        sms.token = Some("gateway-token".into());
        sms.sender = "JAZAN-HOUSING".into();
        sms.reference_field = Some("reference".into());
        sms.quiet_hours = QuietHours(None);
        sms.retry_secs = 1;
        sms.callback_token = Some("report-token".into());
        more(sms);
    })
    .await
}

/// The case once `ready` holds for it, pulled again until then (20 s at most).
pub(crate) async fn case_when(c: &ApiClient, id: CaseId, ready: impl Fn(&Case) -> bool) -> Case {
    let ready = &ready;
    until(
        Duration::from_secs(20),
        "the case's awaited state",
        || async move {
            let found = c.pull_all().await.into_iter().find(|k| k.id == id);
            found.filter(|k| ready(k))
        },
    )
    .await
}

fn last(case: &Case) -> &Message {
    case.messages.last().expect("a message")
}

/// A request from the applicant with national ID `n`, mobile 0551234567.
pub(crate) async fn handed_in(officer: &ApiClient, n: u32) -> CaseId {
    submitted(
        officer,
        form(
            &national_id(n),
            ("نوال", "الجابري"),
            "phone",
            "sabya",
            &["restoration"],
        ),
    )
    .await
}

#[tokio::test]
async fn each_event_sends_one_message_with_its_text_to_the_mobile_of_the_request() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |_| {}).await;
    let sabya = s.signed_in("officer.sabya").await;

    // Handed in: the reference and the expected day in both calendars.
    let id = handed_in(&sabya, 8101).await;
    let got = gateway.wait_for(1).await;
    let case = case_when(&sabya, id, |c| last(c).delivery == Delivery::Sent).await;
    let m = &got[0];
    assert_eq!(m.get("to"), "966551234567");
    assert_eq!(m.get("sender"), "JAZAN-HOUSING");
    assert_eq!(m.authorization.as_deref(), Some("Bearer gateway-token"));
    assert_eq!(m.get("reference"), last(&case).id);
    let body = m.get("body");
    assert!(body.contains(&case.reference.to_string()), "{body}");
    let day = case.answer_expected_on.expect("an expected day");
    assert!(body.contains(&day.format("%Y/%m/%d").to_string()), "{body}");
    assert!(body.contains("الموافق 14"), "the Hijri date: {body}");
    assert_eq!(last(&case).notice, Notice::Submitted);
    // A message that reached the phone counts as a contact with the applicant.
    assert!(case.last_contact() >= Some(last(&case).updated_at));

    // Something missing: what, and where to bring it.
    let missing = Op::ReturnIncomplete {
        documents: vec![shared::documents::DocumentKind::PropertyDeed],
        note: "فاتورة الكهرباء".into(),
    };
    assert!(applied(&sabya.push_one(change(id, missing)).await));
    let body = gateway.wait_for(2).await[1].get("body").to_owned();
    assert!(body.contains("فاتورة الكهرباء"), "{body}");
    assert!(body.contains("صبيا"), "the outreach point: {body}");

    // Handed in again, then rejected: the reason from the list, never the committee's note.
    assert!(applied(&sabya.push_one(crate::common::submit(id)).await));
    gateway.wait_for(3).await;
    decided(&s, &sabya, id, "reject", 2).await;
    let got = gateway.wait_for(4).await;
    let body = got[3].get("body");
    assert!(body.contains("لم يُقبل"), "{body}");
    assert!(body.contains("الدخل يتجاوز الحد المعتمد للدعم"), "{body}");
    assert!(
        !body.contains("قرار الاختبار"),
        "the committee's own words stay inside"
    );
    let case = case_when(&sabya, id, |c| {
        c.messages.len() == 4 && c.messages.iter().all(|m| m.delivery == Delivery::Sent)
    })
    .await;
    assert_eq!(
        case.messages.iter().map(|m| m.notice).collect::<Vec<_>>(),
        [
            Notice::Submitted,
            Notice::Incomplete,
            Notice::Submitted,
            Notice::Rejected
        ]
    );
    // One message per event, however often the case is pulled or the worker wakes.
    assert_eq!(gateway.received().len(), 4);
    assert!(gateway.received().iter().all(|r| !r.repeat));
}

#[tokio::test]
async fn accepted_registered_and_served_each_send_a_message() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |sms| {
        sms.format = Some(server::notify::config::BodyFormat::Form);
        sms.to_field = Some("Recipient".into());
        sms.body_field = Some("Body".into());
        sms.number = Some(server::notify::config::NumberFormat::Local);
        sms.extra = vec![("AppSid".into(), "app-1".into())];
    })
    .await;
    let sabya = s.signed_in("officer.sabya").await;
    let id = handed_in(&sabya, 8102).await;
    decided(&s, &sabya, id, "accept", 2).await;
    assert!(applied(&sabya.push_one(change(id, Op::Register)).await));
    let service = Op::DeliverService {
        service_id: shared::ServiceId::new_v7(1_700_000_000_000, [9; 10]),
        service: ServiceInput {
            kind: "restoration".into(),
            delivered_on: saudi_date(Utc::now()).to_string(),
            amount: "1500".into(),
            supplier: "مؤسسة الإعمار".into(),
            notes: String::new(),
        },
    };
    assert!(applied(&sabya.push_one(change(id, service)).await));
    let got = gateway.wait_for(4).await;
    // A form gateway with its own field names and the number written locally.
    assert!(got.iter().all(|r| r.get("Recipient") == "0551234567"));
    assert!(got.iter().all(|r| r.get("AppSid") == "app-1"));
    assert!(got[1].get("Body").contains("قُبل طلبك"));
    assert!(got[2].get("Body").contains("سجل المستفيدين"));
    assert!(got[3].get("Body").contains("ترميم"));
}

#[tokio::test]
async fn a_gateway_that_takes_its_recipients_as_a_list_gets_one() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |sms| {
        sms.to_field = Some("recipients".into());
        sms.to_list = true;
    })
    .await;
    let sabya = s.signed_in("officer.sabya").await;
    handed_in(&sabya, 8114).await;
    let got = gateway.wait_for(1).await;
    assert_eq!(got[0].get("recipients"), r#"["966551234567"]"#);
}

#[tokio::test]
async fn a_failing_gateway_is_retried_then_the_failure_shows_on_the_case() {
    let gateway = Gateway::start().await;
    gateway.set(Mode::Fail(503));
    let s = server_with(&gateway, |sms| sms.max_attempts = 2).await;
    let sabya = s.signed_in("officer.sabya").await;
    let id = handed_in(&sabya, 8103).await;
    let case = case_when(&sabya, id, |c| last(c).delivery == Delivery::Failed).await;
    assert_eq!(gateway.received().len(), 2, "tried twice");
    assert!(
        last(&case).detail.contains("insufficient balance"),
        "{:?}",
        last(&case)
    );

    // Staff send it again once the gateway is back; it goes under the same reference.
    gateway.set(Mode::Accept);
    let path = format!("/api/cases/{id}/messages/{}", last(&case).id);
    let r = sabya.post(&path, &json!({ "action": "send_again" })).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    case_when(&sabya, id, |c| last(c).delivery == Delivery::Sent).await;
    let got = gateway.wait_for(3).await;
    assert_eq!(got[2].get("reference"), got[0].get("reference"));

    // A refusal for good (a 400) is not retried.
    gateway.set(Mode::Fail(400));
    let other = handed_in(&sabya, 8104).await;
    case_when(&sabya, other, |c| last(c).delivery == Delivery::Failed).await;
    assert_eq!(gateway.received().len(), 4);
}

#[tokio::test]
async fn quiet_hours_hold_messages_until_the_morning() {
    let gateway = Gateway::start().await;
    // Quiet from an hour ago until an hour from now, Riyadh time.
    let riyadh = (Utc::now() + chrono::Duration::hours(3)).time();
    let hour = chrono::Duration::hours(1);
    let (from, to) = (riyadh - hour, riyadh + hour);
    let s = server_with(&gateway, |sms| {
        sms.quiet_hours = QuietHours(Some((from, to)));
    })
    .await;
    let sabya = s.signed_in("officer.sabya").await;
    let id = handed_in(&sabya, 8105).await;
    let case = case_when(&sabya, id, |c| last(c).detail.starts_with("held until")).await;
    assert_eq!(last(&case).delivery, Delivery::Queued);
    assert!(
        last(&case)
            .detail
            .ends_with(&to.format("%H:%M").to_string()),
        "{}",
        last(&case).detail
    );
    assert!(gateway.received().is_empty());
}

#[tokio::test]
async fn staff_write_to_the_applicant_and_only_staff_of_the_case_may() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |_| {}).await;
    let sabya = s.signed_in("officer.sabya").await;
    let id = handed_in(&sabya, 8106).await;
    gateway.wait_for(1).await;
    let path = format!("/api/cases/{id}/messages");

    let r = sabya
        .post(&path, &json!({ "text": "نرجو\u{202E} الاتصال بنا غدًا." }))
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let got = gateway.wait_for(2).await;
    assert_eq!(got[1].get("body"), "نرجو الاتصال بنا غدًا.");
    let case = case_when(&sabya, id, |c| c.messages.len() == 2).await;
    assert_eq!(last(&case).notice, Notice::Staff);
    assert_eq!(
        last(&case).by.as_ref().map(|u| u.name.as_str()),
        Some(sabya.me().await.display_name.as_str())
    );

    let r = sabya.post(&path, &json!({ "text": "  " })).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Who may not: the committee before the case reaches it, another point's officer and
    // an applicant — the case does not exist for them.
    for who in ["committee", "officer.abuarish", "applicant"] {
        let c = s.signed_in(who).await;
        assert_eq!(
            c.post(&path, &json!({"text": "x"})).await.status(),
            StatusCode::NOT_FOUND,
            "{who}"
        );
    }
    assert_eq!(gateway.received().len(), 2);
}

#[tokio::test]
async fn the_head_office_edits_a_text_and_the_next_message_uses_it() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |_| {}).await;
    let head = s.signed_in("head").await;
    let texts: Vec<NoticeText> = get_json(&head, "/api/notices/texts").await;
    let submitted_ar = texts
        .iter()
        .find(|t| t.notice == Notice::Submitted && !t.english)
        .expect("the text");
    assert_eq!(submitted_ar.version, 0);

    let path = "/api/notices/texts/submitted/ar";
    let r = head
        .put_json(
            path,
            &json!({ "body": "وصل طلبك {reference}؛ الرد قبل {answer_day}." }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = head
        .put_json(path, &json!({ "body": "طلبك {reference} لدينا. {reason}" }))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an unknown placeholder"
    );
    let sabya = s.signed_in("officer.sabya").await;
    assert_eq!(
        sabya.put_json(path, &json!({ "body": "x" })).await.status(),
        StatusCode::FORBIDDEN
    );

    handed_in(&sabya, 8107).await;
    let body = gateway.wait_for(1).await[0].get("body").to_owned();
    assert!(body.starts_with("وصل طلبك "), "{body}");
    let texts: Vec<NoticeText> = get_json(&head, "/api/notices/texts").await;
    let now = texts
        .iter()
        .find(|t| t.notice == Notice::Submitted && !t.english)
        .expect("the text");
    assert_eq!(now.version, 1);
    assert_eq!(
        now.earlier.len(),
        1,
        "the shipped text stays as the earlier version"
    );
    // The committee reads the texts in use, to show before a decision; not who wrote
    // them, and an applicant not at all.
    let committee = s.signed_in("committee").await;
    let current: Vec<NoticeText> = get_json(&committee, "/api/notices/current").await;
    let now = current
        .iter()
        .find(|t| t.notice == Notice::Submitted && !t.english)
        .expect("the text");
    assert!(now.body.starts_with("وصل طلبك "));
    assert!(now.by.is_none() && now.earlier.is_empty());
    let applicant = s.signed_in("applicant").await;
    assert_eq!(
        applicant.get("/api/notices/current").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_delivery_report_marks_the_message_delivered() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |_| {}).await;
    let sabya = s.signed_in("officer.sabya").await;
    let id = handed_in(&sabya, 8108).await;
    case_when(&sabya, id, |c| last(c).delivery == Delivery::Sent).await;
    let report = s.client();
    let url = |token: &str| s.url(&format!("/api/sms/status?token={token}"));
    let body = json!({ "message_id": "gw-1", "status": "DELIVRD" });
    let r = report
        .http
        .post(url("wrong"))
        .json(&body)
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = report
        .http
        .post(url("report-token"))
        .json(&body)
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let case = case_when(&sabya, id, |c| last(c).delivery == Delivery::Delivered).await;
    assert_eq!(case.status, CaseStatus::Submitted);
}

#[tokio::test]
async fn an_undecided_request_past_its_day_gets_an_apology_with_a_new_day() {
    let gateway = Gateway::start().await;
    let mut config = SmsConfig::default();
    let s = server_with(&gateway, |sms| config = sms.clone()).await;
    let sabya = s.signed_in("officer.sabya").await;
    let id = handed_in(&sabya, 8113).await;
    case_when(&sabya, id, |c| last(c).delivery == Delivery::Sent).await;
    // The demo's request handed in 20 days ago was never told its day by message: it is
    // followed up by the overdue list, not apologised for.
    let outbox = server::notify::Outbox::new(&config).expect("an outbox");
    outbox
        .apologise_for_late_answers(&s.db, Utc::now())
        .await
        .expect("swept");
    assert_eq!(gateway.received().len(), 1);

    // The expected day comes: the clock is moved rather than waited for.
    let today = saudi_date(Utc::now());
    let mut case = server::db::cases::current(&s.db, id)
        .await
        .expect("read")
        .expect("the case");
    case.answer_expected_on = Some(today);
    query("UPDATE cases SET answer_expected_on = ?, data = ? WHERE id = ?")
        .bind(today)
        .bind(Json(serde_json::to_string(&case).expect("json")))
        .bind(id.to_string())
        .execute(s.db.pool())
        .await
        .expect("moved");
    for _ in 0..2 {
        // Swept twice the same day: one apology.
        outbox
            .apologise_for_late_answers(&s.db, Utc::now())
            .await
            .expect("swept");
    }
    outbox.send_due(&s.db).await.expect("sent");
    let got = gateway.wait_for(2).await;
    let body = got[1].get("body");
    assert!(body.contains("نعتذر عن تأخر الرد"), "{body}");
    let new_day = today + chrono::Duration::days(shared::messages::sending::LATE_EXTENSION_DAYS);
    assert!(
        body.contains(&new_day.format("%Y/%m/%d").to_string()),
        "{body}"
    );
    let case = case_when(&sabya, id, |c| c.messages.len() == 2).await;
    assert_eq!(last(&case).notice, Notice::AnswerLate);
    assert_eq!(last(&case).promised_on, Some(new_day));
    assert_eq!(gateway.received().len(), 2);
}

/// A server process sending through `gateway`, started on `port` over `data`, whose
/// gateway drops a repeated reference when `references` is set.
async fn process(
    gateway: &Gateway,
    port: u16,
    data: &std::path::Path,
    references: bool,
) -> tokio::process::Child {
    let mut env = vec![
        ("BRS_SMS_PROVIDER", "http"),
        ("BRS_SMS_URL", gateway.url.as_str()),
        ("BRS_QUIET_HOURS", "none"),
        ("BRS_SMS_TIMEOUT_SECS", "120"),
        ("BRS_LATE_APOLOGIES", "false"),
    ];
    if references {
        env.push(("BRS_SMS_REFERENCE_FIELD", "reference"));
    }
    crate::crash::start_with_env(port, data, &env).await
}

/// What a crash leaves: the gateway, accepting again, the server started again over the
/// same data, an officer signed in, and the request whose message the crash cut off.
struct CutOff {
    gateway: Gateway,
    server: tokio::process::Child,
    sabya: ApiClient,
    id: CaseId,
    _data: tempfile::TempDir,
}

/// A request handed in (the `n`th) whose message the gateway holds without answering while
/// the server is killed; then the server started again, the gateway accepting.
async fn cut_off_by_a_crash(references: bool, n: u32) -> CutOff {
    let gateway = Gateway::start().await;
    gateway.set(Mode::Hang);
    let data = tempfile::tempdir().expect("temp dir");
    let port = crate::crash::free_port();
    let mut server = process(&gateway, port, data.path(), references).await;
    let mut sabya = ApiClient::new(format!("http://127.0.0.1:{port}"));
    sabya.sign_in("officer.sabya").await;
    let id = handed_in(&sabya, n).await;
    gateway.wait_for(1).await;
    server.kill().await.expect("killed");

    gateway.set(Mode::Accept);
    let server = process(&gateway, port, data.path(), references).await;
    CutOff {
        gateway,
        server,
        sabya,
        id,
        _data: data,
    }
}

#[tokio::test]
async fn a_message_cut_off_by_a_crash_goes_again_only_under_its_reference() {
    let CutOff {
        gateway,
        mut server,
        sabya,
        id,
        _data,
    } = cut_off_by_a_crash(true, 8109).await;
    let got = gateway.wait_for(2).await;
    assert_eq!(got[1].get("reference"), got[0].get("reference"));
    assert!(
        got[1].repeat,
        "sent again under the same reference, which the gateway drops"
    );
    let case = case_when(&sabya, id, |c| last(c).delivery == Delivery::Sent).await;
    assert_eq!(case.messages.len(), 1);
    server.kill().await.expect("stopped");
}

#[tokio::test]
async fn without_references_a_message_cut_off_by_a_crash_waits_for_staff() {
    let CutOff {
        gateway,
        mut server,
        sabya,
        id,
        _data,
    } = cut_off_by_a_crash(false, 8110).await;
    // It may have gone: not sent again, but shown to staff as unknown.
    let case = case_when(&sabya, id, |c| last(c).delivery == Delivery::Unknown).await;
    assert_eq!(gateway.received().len(), 1);
    let path = format!("/api/cases/{id}/messages/{}", last(&case).id);
    let r = sabya.post(&path, &json!({ "action": "mark_sent" })).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let case = case_when(&sabya, id, |c| last(c).delivery == Delivery::Sent).await;
    assert!(last(&case).detail.starts_with("marked sent by"));
    assert_eq!(gateway.received().len(), 1);
    server.kill().await.expect("stopped");
}

#[tokio::test]
async fn an_applicant_who_opted_out_hears_only_what_the_request_needs() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |_| {}).await;
    let id = national_id(8111);
    let phone = crate::identity::opened(&s, &gateway, &id, "0509990001").await;
    let r = phone
        .put_json(
            "/api/me/preferences",
            &json!({"english": false, "sms_opt_out": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    // A request an officer takes under the applicant's ID, with the mobile the account
    // proved, is the account's: its texts follow the account's choices.
    let sabya = s.signed_in("officer.sabya").await;
    let mut theirs = form(
        &id,
        ("هند", "الحربي"),
        "in_person",
        "sabya",
        &["restoration"],
    );
    theirs.applicant.mobile = "0509990001".into();
    let case = submitted(&sabya, theirs).await;
    let got = gateway.wait_for(2).await;
    assert_eq!(got[1].get("to"), "966509990001");
    decided(&s, &sabya, case, "accept", 2).await;
    assert!(applied(&sabya.push_one(change(case, Op::Register)).await));
    let service = Op::DeliverService {
        service_id: shared::ServiceId::new_v7(1_700_000_000_000, [7; 10]),
        service: ServiceInput {
            kind: "restoration".into(),
            delivered_on: saudi_date(Utc::now()).to_string(),
            amount: "900".into(),
            supplier: "مؤسسة الإعمار".into(),
            notes: String::new(),
        },
    };
    assert!(applied(&sabya.push_one(change(case, service)).await));
    // What the request needs goes; news of the service does not, and the case says so.
    let case = case_when(&sabya, case, |c| c.messages.len() == 4).await;
    assert_eq!(last(&case).notice, Notice::ServiceDelivered);
    assert_eq!(last(&case).delivery, Delivery::OptedOut);
    let got = gateway.wait_for(4).await;
    assert!(got[2].get("body").contains("قُبل طلبك"));
    assert!(got[3].get("body").contains("سجل المستفيدين"));

    // An answered need is news too: not sent while opted out, sent in English once the
    // applicant opts back in and chooses English.
    let need = shared::records::New::<shared::records::feedback::Feedback> {
        id: crate::common::fresh(shared::MutationId::new_v7),
        at: crate::common::now(),
        input: shared::records::feedback::FeedbackInput {
            kind: "need".into(),
            channel: String::new(),
            person: String::new(),
            contact: String::new(),
            text: "خزان ماء".into(),
        },
    };
    let r = phone
        .post(
            "/api/feedback",
            &shared::records::Batch::<shared::records::feedback::Feedback> {
                items: vec![need.clone()],
            },
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let head = s.signed_in("head").await;
    let answer = format!("/api/feedback/{}/answer", need.id);
    let r = head
        .post(&answer, &json!({"text": "سيزوركم فريقنا", "close": false}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let queued: i64 =
        query("SELECT COUNT(*) FROM notifications WHERE notice = 'feedback_answered'")
            .scalar(s.db.pool())
            .await
            .expect("count");
    assert_eq!(queued, 0);
    phone
        .put_json(
            "/api/me/preferences",
            &json!({"english": true, "sms_opt_out": false}),
        )
        .await;
    let r = head
        .post(
            &answer,
            &json!({"text": "Our team visits on Sunday", "close": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let got = gateway.wait_for(5).await;
    assert_eq!(
        got[4].get("body"),
        "The association answered you: Our team visits on Sunday"
    );
    assert_eq!(got[4].get("to"), "966509990001");
}

#[tokio::test]
async fn a_return_for_information_tells_the_applicant() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |_| {}).await;
    let sabya = s.signed_in("officer.sabya").await;
    let id = handed_in(&sabya, 8112).await;
    decided(&s, &sabya, id, "return_for_info", 2).await;
    let got = gateway.wait_for(2).await;
    assert!(
        got[1].get("body").contains("لاستكمال معلومات"),
        "{}",
        got[1].get("body")
    );
}
