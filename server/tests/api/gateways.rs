//! Each `--sms-preset` against a loopback stand-in that takes only that provider's
//! documented request and answers as the provider documents, refusals and delivery reports
//! included: a preset that sends a wrong request, or a refusal taken for a message sent,
//! fails here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine;
use serde_json::{json, Value};
use server::notify::config::{Preset, ProviderKind, QuietHours, SmsConfig};
use shared::messages::{Delivery, Message};
use shared::CaseId;

use crate::common::{ApiClient, TestServer};
use crate::notifications::case_when;

/// What a provider's stand-in checks and answers.
type Answer = fn(&Request) -> (StatusCode, Value);

/// One request as the stand-in received it.
#[derive(Clone, Debug)]
struct Request {
    method: Method,
    path: String,
    content_type: String,
    authorization: String,
    /// A JSON body, or a form's fields as an object of strings.
    body: Value,
}

impl Request {
    fn text(&self, key: &str) -> &str {
        self.body.get(key).and_then(Value::as_str).unwrap_or("")
    }

    fn basic(&self) -> String {
        let encoded = self.authorization.strip_prefix("Basic ").unwrap_or("");
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// Whether the body's keys are among `allowed` and hold each of `required`.
    fn keys(&self, allowed: &[&str], required: &[&str]) -> bool {
        self.body.as_object().is_some_and(|o| {
            o.keys().all(|k| allowed.contains(&k.as_str()))
                && required.iter().all(|k| o.contains_key(*k))
        })
    }
}

#[derive(Clone)]
struct StandIn {
    answer: Answer,
    seen: Arc<Mutex<Vec<Request>>>,
}

/// Starts a stand-in on loopback; returns its origin and what it received.
async fn stand_in(answer: Answer) -> (String, Arc<Mutex<Vec<Request>>>) {
    let state = StandIn {
        answer,
        seen: Arc::default(),
    };
    let seen = state.seen.clone();
    let app = Router::new().fallback(receive).with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let origin = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (origin, seen)
}

async fn receive(
    State(s): State<StandIn>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let content_type = header("content-type");
    let body = if content_type.starts_with("application/json") {
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    } else {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
        Value::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect(),
        )
    };
    let request = Request {
        method,
        path: uri.path().to_owned(),
        content_type,
        authorization: header("authorization"),
        body,
    };
    let (status, answer) = (s.answer)(&request);
    s.seen.lock().expect("book").push(request);
    (status, axum::Json(answer)).into_response()
}

/// Whether `number` is written as the provider wants: `9665…`, or `+9665…` with `plus`.
fn saudi(number: &str, plus: bool) -> bool {
    let digits = if plus {
        number.strip_prefix("+966")
    } else {
        number.strip_prefix("966")
    };
    digits.is_some_and(|d| {
        d.len() == 9 && d.starts_with('5') && d.bytes().all(|b| b.is_ascii_digit())
    })
}

fn bad_request(what: &str) -> (StatusCode, Value) {
    (
        StatusCode::BAD_REQUEST,
        json!({"message": format!("not the documented request: {what}")}),
    )
}

/// Unifonic: a form to `/rest/SMS/messages`; a wrong `AppSid` is a 200 with
/// `success: false`.
fn unifonic(r: &Request) -> (StatusCode, Value) {
    let documented = [
        "AppSid",
        "SenderID",
        "Body",
        "Recipient",
        "responseType",
        "CorrelationID",
        "baseEncode",
        "statusCallback",
        "async",
    ];
    if r.method != Method::POST
        || r.path != "/rest/SMS/messages"
        || !r
            .content_type
            .starts_with("application/x-www-form-urlencoded")
        || !r.keys(&documented, &["AppSid", "SenderID", "Body", "Recipient"])
        || !saudi(r.text("Recipient"), false)
    {
        return bad_request("unifonic");
    }
    if r.text("AppSid") != "app-sid-1" {
        return (
            StatusCode::OK,
            json!({"success": false, "message": "Wrong AppSid",
            "errorCode": "ER-01", "data": null}),
        );
    }
    (
        StatusCode::OK,
        json!({"success": true, "message": "", "errorCode": "ER-00",
        "data": {"MessageID": 7001, "CorrelationID": "", "Status": "Sent",
            "NumberOfUnits": 1, "Cost": 0.04, "Balance": 99, "Recipient": r.text("Recipient")}}),
    )
}

/// Taqnyat: JSON with a bearer token to `/v1/messages`; refusals are 4xx.
fn taqnyat(r: &Request) -> (StatusCode, Value) {
    let recipients_ok = r.body["recipients"]
        .as_array()
        .is_some_and(|a| a.len() == 1 && a[0].as_str().is_some_and(|n| saudi(n, false)));
    if r.method != Method::POST
        || r.path != "/v1/messages"
        || !r.content_type.starts_with("application/json")
        || !r.keys(
            &[
                "recipients",
                "body",
                "sender",
                "scheduledDatetime",
                "deleteId",
            ],
            &["recipients", "body", "sender"],
        )
        || !recipients_ok
    {
        return bad_request("taqnyat");
    }
    if r.authorization != "Bearer taqnyat-token" {
        return (
            StatusCode::UNAUTHORIZED,
            json!({"statusCode": 401, "message": "Unauthorized"}),
        );
    }
    (
        StatusCode::CREATED,
        json!({"statusCode": 201, "messageId": 8201, "cost": "0.0500",
        "currency": "SAR", "totalCount": 1, "msgLength": 1,
        "accepted": format!("[{},]", r.body["recipients"][0].as_str().unwrap_or("")),
        "rejected": "[]"}),
    )
}

/// Msegat: JSON to `/gw/sendsms.php` with its key in the body; every answer is a 200 whose
/// `code` says whether it went.
fn msegat(r: &Request) -> (StatusCode, Value) {
    let documented = [
        "userName",
        "numbers",
        "userSender",
        "apiKey",
        "msg",
        "msgEncoding",
        "timeToSend",
        "exactTime",
        "reqBulkId",
        "reqFilter",
    ];
    if r.method != Method::POST
        || r.path != "/gw/sendsms.php"
        || !r.content_type.starts_with("application/json")
        || !r.keys(
            &documented,
            &["userName", "numbers", "userSender", "apiKey", "msg"],
        )
        || !saudi(r.text("numbers"), false)
        || r.text("msgEncoding") != "UTF8"
    {
        return bad_request("msegat");
    }
    if r.text("userName") != "jazan" || r.text("apiKey") != "msegat-key" {
        return (
            StatusCode::OK,
            json!({"code": "1020", "message": "Invalid login info"}),
        );
    }
    (StatusCode::OK, json!({"code": "1", "message": "Success"}))
}

/// 4jawaly: JSON nested in a list of messages, with basic authentication.
fn four_jawaly(r: &Request) -> (StatusCode, Value) {
    let messages = r.body.get("messages").and_then(Value::as_array);
    let one = messages.filter(|m| m.len() == 1).map(|m| &m[0]);
    let shaped = r.body.as_object().is_some_and(|o| o.len() == 1)
        && one.is_some_and(|m| {
            m.as_object().is_some_and(|o| {
                o.keys()
                    .all(|k| ["text", "numbers", "sender"].contains(&k.as_str()))
            }) && m["text"].is_string()
                && m["sender"].is_string()
                && m["numbers"]
                    .as_array()
                    .is_some_and(|n| n.len() == 1 && n[0].as_str().is_some_and(|n| saudi(n, false)))
        });
    if r.method != Method::POST
        || r.path != "/api/v1/account/area/sms/send"
        || !r.content_type.starts_with("application/json")
        || !shaped
    {
        return bad_request("4jawaly");
    }
    if r.basic() != "jawaly-key:jawaly-secret" {
        return (
            StatusCode::UNAUTHORIZED,
            json!({"code": 401, "message": "Unauthenticated."}),
        );
    }
    (
        StatusCode::OK,
        json!({"code": 200, "message": "تم الارسال", "job_id": "job-4401"}),
    )
}

/// Twilio: a form to the account's `Messages.json`, numbers in E.164, the account's SID
/// and token as basic authentication.
fn twilio(r: &Request) -> (StatusCode, Value) {
    let documented = [
        "To",
        "From",
        "Body",
        "StatusCallback",
        "MessagingServiceSid",
    ];
    if r.method != Method::POST
        || r.path != "/2010-04-01/Accounts/AC0001/Messages.json"
        || !r
            .content_type
            .starts_with("application/x-www-form-urlencoded")
        || !r.keys(&documented, &["To", "From", "Body"])
    {
        return bad_request("twilio");
    }
    if r.basic() != "AC0001:twilio-token" {
        return (
            StatusCode::UNAUTHORIZED,
            json!({"code": 20003, "message": "Authenticate",
            "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}),
        );
    }
    if !saudi(r.text("To"), true) {
        return (
            StatusCode::BAD_REQUEST,
            json!({"code": 21211,
            "message": format!("The 'To' number {} is not a valid phone number.", r.text("To")),
            "status": 400}),
        );
    }
    (
        StatusCode::CREATED,
        json!({"sid": "SM00000000000000000000000000000001", "status": "queued",
        "to": r.text("To"), "from": r.text("From"), "body": r.text("Body")}),
    )
}

/// A server whose messages leave by `preset` at the stand-in `origin` + `path`, shaped by
/// `more` (the credentials).
async fn server(
    origin: &str,
    path: &str,
    preset: Preset,
    more: impl FnOnce(&mut SmsConfig),
) -> TestServer {
    let url = format!("{origin}{path}");
    TestServer::start_with(move |c| {
        let sms = &mut c.sms;
        sms.provider = ProviderKind::Log;
        sms.preset = Some(preset);
        sms.url = Some(url);
        sms.sender = "JAZAN-HSG".into();
        sms.quiet_hours = QuietHours(None);
        sms.retry_secs = 1;
        sms.max_attempts = 1;
        sms.callback_token = Some("report-token".into());
        more(sms);
    })
    .await
}

/// Sends the head office's test text; its `ok` and the answer shown.
async fn test_text(s: &TestServer) -> (bool, String) {
    let head = s.signed_in("head").await;
    let r = head
        .post("/api/setup/sms-test", &json!({"mobile": "0551234567"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let test: Value = r.json().await.expect("test");
    (
        test["ok"].as_bool().expect("ok"),
        test["answer"].as_str().expect("answer").to_owned(),
    )
}

/// A request handed in at Sabya, whose receipt the outbox sends.
async fn handed_in(s: &TestServer, n: u32) -> (ApiClient, CaseId) {
    let sabya = s.signed_in("officer.sabya").await;
    let id = crate::notifications::handed_in(&sabya, n).await;
    (sabya, id)
}

/// The last message of the case once its delivery is `delivery`.
async fn delivered(sabya: &ApiClient, id: CaseId, delivery: Delivery) -> Message {
    let case = case_when(sabya, id, |c| {
        c.messages.last().is_some_and(|m| m.delivery == delivery)
    })
    .await;
    case.messages.last().cloned().expect("a message")
}

#[tokio::test]
async fn unifonic_takes_its_form_and_a_refusal_in_a_200_is_a_refusal() {
    let (origin, seen) = stand_in(unifonic).await;
    let path = "/rest/SMS/messages";
    let s = server(&origin, path, Preset::Unifonic, |sms| {
        sms.extra = vec![("AppSid".into(), "app-sid-1".into())];
    })
    .await;
    let (ok, answer) = test_text(&s).await;
    assert!(ok, "{answer}");
    assert!(
        answer.contains("accepted: 7001") && answer.contains("HTTP 200"),
        "{answer}"
    );
    assert_eq!(
        seen.lock().expect("book")[0].text("Recipient"),
        "966551234567"
    );

    let s = server(&origin, path, Preset::Unifonic, |sms| {
        sms.extra = vec![("AppSid".into(), "wrong".into())];
    })
    .await;
    let (ok, answer) = test_text(&s).await;
    assert!(!ok && answer.contains("Wrong AppSid"), "{answer}");
    let (sabya, id) = handed_in(&s, 8601).await;
    let message = delivered(&sabya, id, Delivery::Failed).await;
    assert!(
        message.detail.contains("Wrong AppSid"),
        "{}",
        message.detail
    );
}

#[tokio::test]
async fn taqnyat_takes_its_json_with_a_bearer_token() {
    let (origin, _) = stand_in(taqnyat).await;
    let s = server(&origin, "/v1/messages", Preset::Taqnyat, |sms| {
        sms.token = Some("taqnyat-token".into());
    })
    .await;
    let (ok, answer) = test_text(&s).await;
    assert!(ok && answer.contains("accepted: 8201"), "{answer}");
    let (sabya, id) = handed_in(&s, 8602).await;
    delivered(&sabya, id, Delivery::Sent).await;
    let kept: Vec<Option<String>> = server::db::query("SELECT provider_id FROM notifications")
        .scalars(s.db.pool())
        .await
        .expect("ids");
    assert_eq!(
        kept,
        [Some("8201".to_owned())],
        "its messageId kept for reports"
    );

    let s = server(&origin, "/v1/messages", Preset::Taqnyat, |sms| {
        sms.token = Some("expired".into());
    })
    .await;
    let (ok, answer) = test_text(&s).await;
    assert!(
        !ok && answer.contains("401") && answer.contains("Unauthorized"),
        "{answer}"
    );
}

#[tokio::test]
async fn msegat_refusing_in_a_200_never_leaves_a_message_marked_sent() {
    let (origin, seen) = stand_in(msegat).await;
    let path = "/gw/sendsms.php";
    let key = |key: &str| {
        vec![
            ("userName".into(), "jazan".into()),
            ("apiKey".into(), key.into()),
        ]
    };
    let s = server(&origin, path, Preset::Msegat, |sms| {
        sms.extra = key("msegat-key")
    })
    .await;
    let (ok, answer) = test_text(&s).await;
    assert!(ok && answer.contains(r#""code":"1""#), "{answer}");
    let (sabya, id) = handed_in(&s, 8603).await;
    delivered(&sabya, id, Delivery::Sent).await;
    assert!(seen
        .lock()
        .expect("book")
        .iter()
        .all(|r| !r.text("msg").is_empty()));

    // A wrong key: the gateway answers 200 with code 1020, and the message fails with it.
    let s = server(&origin, path, Preset::Msegat, |sms| {
        sms.extra = key("wrong")
    })
    .await;
    let (ok, answer) = test_text(&s).await;
    assert!(!ok && answer.contains("1020"), "{answer}");
    let (sabya, id) = handed_in(&s, 8604).await;
    let message = delivered(&sabya, id, Delivery::Failed).await;
    assert!(
        message.detail.contains("1020") && message.detail.contains("Invalid login info"),
        "{}",
        message.detail
    );
}

#[tokio::test]
async fn four_jawaly_takes_its_nested_body() {
    let (origin, seen) = stand_in(four_jawaly).await;
    let path = "/api/v1/account/area/sms/send";
    let s = server(&origin, path, Preset::FourJawaly, |sms| {
        sms.user = Some("jawaly-key".into());
        sms.password = Some("jawaly-secret".into());
    })
    .await;
    let (ok, answer) = test_text(&s).await;
    assert!(ok && answer.contains("accepted: job-4401"), "{answer}");
    let body = seen.lock().expect("book")[0].body.clone();
    assert_eq!(body["messages"][0]["numbers"], json!(["966551234567"]));
    assert_eq!(body["messages"][0]["sender"], json!("JAZAN-HSG"));

    let s = server(&origin, path, Preset::FourJawaly, |sms| {
        sms.user = Some("jawaly-key".into());
        sms.password = Some("wrong".into());
    })
    .await;
    let (ok, answer) = test_text(&s).await;
    assert!(!ok && answer.contains("Unauthenticated"), "{answer}");
}

#[tokio::test]
async fn twilio_takes_e164_numbers_and_its_delivery_reports() {
    let (origin, seen) = stand_in(twilio).await;
    let path = "/2010-04-01/Accounts/AC0001/Messages.json";
    let s = server(&origin, path, Preset::Twilio, |sms| {
        sms.user = Some("AC0001".into());
        sms.password = Some("twilio-token".into());
    })
    .await;
    let (ok, answer) = test_text(&s).await;
    assert!(ok, "{answer}");
    assert_eq!(seen.lock().expect("book")[0].text("To"), "+966551234567");

    // Written without the plus, as before presets, Twilio refuses the number for good.
    let s_plain = server(&origin, path, Preset::Twilio, |sms| {
        sms.user = Some("AC0001".into());
        sms.password = Some("twilio-token".into());
        sms.number = Some(server::notify::config::NumberFormat::International);
    })
    .await;
    let (ok, answer) = test_text(&s_plain).await;
    assert!(
        !ok && answer.contains("not a valid phone number"),
        "{answer}"
    );

    // A sent message's report comes as Twilio posts it: a form naming `MessageSid`.
    let (sabya, id) = handed_in(&s, 8605).await;
    delivered(&sabya, id, Delivery::Sent).await;
    let sid = "SM00000000000000000000000000000001";
    let report: HashMap<&str, &str> = [
        ("MessageSid", sid),
        ("MessageStatus", "delivered"),
        ("AccountSid", "AC0001"),
        ("To", "+966551234567"),
    ]
    .into_iter()
    .collect();
    let r = s
        .client()
        .http
        .post(s.url("/api/sms/status?token=report-token"))
        .form(&report)
        .send()
        .await
        .expect("report");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    delivered(&sabya, id, Delivery::Delivered).await;
}
