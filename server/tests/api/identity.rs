//! Who the applicant is, over HTTP with a stand-in gateway: an account opens only with the
//! code sent to its mobile, codes expire and lock, sign-ups and codes are throttled, a
//! forgotten password is reset by a code, an officer releases a taken ID, and an account
//! holds a bounded number of devices.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use server::db::query;
use shared::api::{DeviceSettings, Me};
use shared::identity::CodeSent;
use shared::Role;

use crate::common::gateway::Gateway;
use crate::common::{field_codes, until, ApiClient, TestServer};
use crate::notifications::server_with;
use crate::office::get_json;

/// The six-digit code in a message.
fn code_in(body: &str) -> String {
    let digits: Vec<char> = body.chars().collect();
    digits
        .windows(6)
        .find(|w| w.iter().all(char::is_ascii_digit))
        .map(|w| w.iter().collect())
        .unwrap_or_else(|| panic!("no code in {body}"))
}

fn sign_up(id: &str, mobile: &str, password: &str, point: &str) -> Value {
    json!({"national_id": id, "mobile": mobile, "password": password,
        "password_again": password, "outreach_point": point})
}

/// Opens an account for `id` on `mobile` with the code the gateway receives; returns the
/// phone, signed in.
pub(crate) async fn opened(s: &TestServer, gateway: &Gateway, id: &str, mobile: &str) -> ApiClient {
    let phone = s.client();
    let before = gateway.received().len();
    let r = phone
        .post(
            "/api/register",
            &sign_up(id, mobile, "long enough 1", "sabya"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let sent: CodeSent = r.json().await.expect("code sent");
    let got = gateway.wait_for(before + 1).await;
    let code = code_in(got[before].get("body"));
    let r = phone
        .post(
            "/api/register/verify",
            &json!({"pending": sent.pending, "code": code}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    phone
}

#[tokio::test]
async fn an_account_opens_only_with_the_code_sent_to_its_mobile() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |sms| {
        // Codes go at once, also in the night.
        sms.quiet_hours = server::notify::config::parse_quiet_hours("00:00-23:59").expect("hours");
    })
    .await;
    let phone = s.client();
    let points: Vec<shared::case::OutreachPoint> = get_json(&phone, "/api/outreach-points").await;
    assert!(points.iter().any(|p| p.id == "abu_arish"));

    let r = phone
        .post(
            "/api/register",
            &sign_up(
                "١٠٩٩٣٤٥٦٧٨",
                "+966 50 111 2233",
                "long enough 1",
                "abu_arish",
            ),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let sent: CodeSent = r.json().await.expect("code sent");
    assert_eq!(sent.mobile, "05•••••233");
    assert_eq!(
        phone.get("/api/me").await.status(),
        401,
        "not yet an account"
    );
    let got = gateway.wait_for(1).await;
    assert_eq!(got[0].get("to"), "966501112233");
    let code = code_in(got[0].get("body"));
    assert!(got[0].get("body").contains("رمز التحقق"));

    let r = phone
        .post(
            "/api/register/verify",
            &json!({"pending": sent.pending, "code": code}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let me: Me = r.json().await.expect("me");
    assert_eq!(me.role, Role::Applicant);
    assert_eq!(me.username, "1099345678");
    assert_eq!(me.outreach_point.map(|p| p.id), Some("abu_arish".into()));
    assert_eq!(
        phone.get("/api/me").await.status(),
        200,
        "signed in at once"
    );
    assert_eq!(
        s.client()
            .login("1099345678", "long enough 1")
            .await
            .status(),
        200
    );
    // The code was used: typed again it opens nothing.
    let r = s
        .client()
        .post(
            "/api/register/verify",
            &json!({"pending": sent.pending, "code": code}),
        )
        .await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("code".into(), "code_expired".into())]
    );

    // What is typed wrong is told field by field, before any code goes.
    let r = s
        .client()
        .post(
            "/api/register",
            &sign_up("1099345679", "0501112235", "short", ""),
        )
        .await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [
            ("national_id".into(), "national_id_checksum".into()),
            ("password".into(), "too_short".into()),
            ("outreach_point".into(), "required".into()),
        ]
    );
    let r = s
        .client()
        .post(
            "/api/register",
            &sign_up("1088123458", "0501112236", "long enough 1", "mars"),
        )
        .await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("outreach_point".into(), "unknown_choice".into())]
    );
    assert_eq!(gateway.received().len(), 1, "no code for a refused form");
}

/// Signs up for `id` on `mobile` and types the code that came: the verify's answer.
async fn tried(s: &TestServer, gateway: &Gateway, id: &str, mobile: &str) -> reqwest::Response {
    let phone = s.client();
    let before = gateway.received().len();
    let r = phone
        .post(
            "/api/register",
            &sign_up(id, mobile, "long enough 1", "sabya"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED, "answered as a new ID");
    let sent: CodeSent = r.json().await.expect("code sent");
    let got = gateway.wait_for(before + 1).await;
    assert_eq!(got[before].get("to"), format!("966{}", &mobile[1..]));
    let code = code_in(got[before].get("body"));
    phone
        .post(
            "/api/register/verify",
            &json!({"pending": sent.pending, "code": code}),
        )
        .await
}

/// Forgets the attempts counted so far, as an hour would.
async fn an_hour_passes(s: &TestServer) {
    query("DELETE FROM attempts")
        .execute(s.db.pool())
        .await
        .expect("forgotten");
}

#[tokio::test]
async fn no_answer_tells_whether_an_id_has_an_account() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |_| {}).await;
    let taken = crate::common::national_id(7711);
    let free = crate::common::national_id(7712);
    opened(&s, &gateway, &taken, "0507001100").await;

    // Sign-up: the same status and body for both IDs, but for the step's own token.
    let mut answers = Vec::new();
    for id in [&taken, &free] {
        let r = s
            .client()
            .post(
                "/api/register",
                &sign_up(id, "0507001199", "long enough 1", "abu_arish"),
            )
            .await;
        let status = r.status();
        let mut body: Value = r.json().await.expect("body");
        body["pending"] = Value::Null;
        answers.push((status, body));
    }
    assert_eq!(answers[0], answers[1]);
    // Both codes went to the mobile typed.
    let codes = gateway.wait_for(3).await;
    assert!(codes[1..].iter().all(|m| m.get("to") == "966507001199"));

    // Only once a mobile is proven does the taken ID say so; its holder hears of it at the
    // mobile the account proved, with how to reach the association.
    let before = gateway.received().len();
    let r = tried(&s, &gateway, &taken, "0507002200").await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("national_id".into(), "account_exists".into())]
    );
    let warning = gateway.wait_for(before + 2).await[before + 1].clone();
    assert_eq!(warning.get("to"), "966507001100");
    assert!(warning.get("body").contains("حاول أحدٌ فتح حساب برقم هويتك"));
    // The holder typing their own mobile again is told to sign in; no warning goes. (An
    // hour passes first: each ID has three steps an hour.)
    an_hour_passes(&s).await;
    let r = tried(&s, &gateway, &taken, "0507001100").await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("national_id".into(), "account_exists".into())]
    );

    // Forgotten password: the step, another code too soon, and a wrong code answer alike,
    // with an account or without one.
    an_hour_passes(&s).await;
    let mut seen = Vec::new();
    for id in [&taken, &free] {
        let phone = s.client();
        let r = phone
            .post("/api/password/forgot", &json!({"national_id": id}))
            .await;
        let status = r.status();
        let sent: CodeSent = r.json().await.expect("code sent");
        let resend = phone
            .post(
                "/api/password/forgot/resend",
                &json!({"pending": sent.pending}),
            )
            .await;
        let resend = (resend.status(), resend.text().await.expect("body"));
        let wrong = phone
            .post(
                "/api/password/recover",
                &json!({"pending": sent.pending, "code": "000001",
                    "password": "a new password 3", "password_again": "a new password 3"}),
            )
            .await;
        let wrong = (wrong.status(), wrong.text().await.expect("body"));
        // A minute later another code may be asked for, and counts, alike.
        query("UPDATE pending_codes SET sent_at = ? WHERE id = ?")
            .bind(chrono::Utc::now() - chrono::Duration::minutes(2))
            .bind(&sent.pending)
            .execute(s.db.pool())
            .await
            .expect("moved");
        let again = phone
            .post(
                "/api/password/forgot/resend",
                &json!({"pending": sent.pending}),
            )
            .await;
        let again_status = again.status();
        let mut again: Value = again.json().await.expect("body");
        again["pending"] = Value::Null;
        seen.push((status, sent.mobile, resend, wrong, again_status, again));
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[0].2 .0, StatusCode::TOO_MANY_REQUESTS);
    assert!(seen[0].3 .1.contains("code_wrong"), "{}", seen[0].3 .1);
    // To the holder: the code at opening, the warning, the code of their own try and the
    // reset's two; nothing went anywhere for the free ID.
    let all = gateway.wait_for(8).await;
    let to_holder = all.iter().filter(|m| m.get("to") == "966507001100").count();
    assert_eq!(to_holder, 5, "{all:?}");
    let typed = ["966507001100", "966507001199", "966507002200"];
    assert!(all.iter().all(|m| typed.contains(&m.get("to"))), "{all:?}");
}

#[tokio::test]
async fn codes_expire_lock_after_five_tries_and_resend_sparingly() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |_| {}).await;
    let phone = s.client();
    let r = phone
        .post(
            "/api/register",
            &sign_up("1088123458", "0502223344", "long enough 1", "sabya"),
        )
        .await;
    let sent: CodeSent = r.json().await.expect("code sent");
    let code = code_in(gateway.wait_for(1).await[0].get("body"));
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let verify = |c: &str| json!({"pending": sent.pending, "code": c});

    // Another code only a minute after the last.
    let r = phone
        .post("/api/register/resend", &json!({"pending": sent.pending}))
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);

    let r = phone.post("/api/register/verify", &verify("12345")).await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("code".into(), "code_format".into())]
    );
    for left in (1..=4).rev() {
        let r = phone.post("/api/register/verify", &verify(wrong)).await;
        let body: Value = r.json().await.expect("body");
        assert_eq!(field_codes(&body), [("code".into(), "code_wrong".into())]);
        assert_eq!(body["errors"][0]["tries_left"], left);
    }
    let r = phone.post("/api/register/verify", &verify(wrong)).await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("code".into(), "code_expired".into())]
    );
    let r = phone.post("/api/register/verify", &verify(&code)).await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("code".into(), "code_expired".into())],
        "the right code no longer opens it after five wrong ones"
    );
    assert_eq!(phone.get("/api/me").await.status(), 401);

    // A code ten minutes old has expired: the clock is moved rather than waited for.
    let r = phone
        .post(
            "/api/register",
            &sign_up("1088123458", "0502223344", "long enough 1", "sabya"),
        )
        .await;
    let sent: CodeSent = r.json().await.expect("code sent");
    let code = code_in(gateway.wait_for(2).await[1].get("body"));
    query("UPDATE pending_codes SET expires_at = ? WHERE id = ?")
        .bind(chrono::Utc::now() - chrono::Duration::seconds(1))
        .bind(&sent.pending)
        .execute(s.db.pool())
        .await
        .expect("moved");
    let r = phone
        .post(
            "/api/register/verify",
            &json!({"pending": sent.pending, "code": code}),
        )
        .await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("code".into(), "code_expired".into())]
    );
    // Codes are stored hashed: the table holds no code in clear.
    let stored: Vec<String> = query("SELECT code_hash FROM pending_codes")
        .scalars(s.db.pool())
        .await
        .expect("rows");
    assert!(stored.iter().all(|h| h.len() == 64 && !h.contains(&code)));
    // Once the gateway's answer is written, a sent code's text is not kept either.
    let bodies = until(Duration::from_secs(10), "the codes' sending", || async {
        let bodies: Vec<(String, String)> =
            query("SELECT state, body FROM notifications WHERE notice = 'code'")
                .fetch_all(s.db.pool())
                .await
                .expect("rows");
        bodies
            .iter()
            .all(|(state, _)| state == "sent")
            .then_some(bodies)
    })
    .await;
    assert!(bodies.iter().all(|(_, body)| body.is_empty()), "{bodies:?}");
}

#[tokio::test]
async fn forty_sign_ups_from_one_address_end_in_429_long_before_forty() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |_| {}).await;
    let mut answers = Vec::new();
    for n in 0..40u32 {
        let id = crate::common::national_id(9000 + n);
        let mobile = format!("05{:08}", 30_000_000 + n);
        let r = s
            .client()
            .post(
                "/api/register",
                &sign_up(&id, &mobile, "long enough 1", "sabya"),
            )
            .await;
        answers.push(r.status().as_u16());
    }
    let first_refusal = answers.iter().position(|s| *s == 429).expect("a 429");
    assert_eq!(first_refusal, 10, "{answers:?}");
    assert!(answers[10..].iter().all(|s| *s == 429));

    // One mobile, many IDs: the mobile's share is three.
    let s = server_with(&gateway, |_| {}).await;
    let statuses: Vec<u16> = futures_statuses(&s, |n| {
        sign_up(
            &crate::common::national_id(9100 + n),
            "0503334455",
            "long enough 1",
            "sabya",
        )
    })
    .await;
    assert_eq!(statuses, [202, 202, 202, 429, 429]);
}

/// The statuses of five sign-ups made by `body(n)`, one after another.
async fn futures_statuses(s: &TestServer, body: impl Fn(u32) -> Value) -> Vec<u16> {
    let mut out = Vec::new();
    for n in 0..5 {
        out.push(
            s.client()
                .post("/api/register", &body(n))
                .await
                .status()
                .as_u16(),
        );
    }
    out
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_a_code_to_the_proven_mobile() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |_| {}).await;
    let id = &crate::common::national_id(7701);
    let first_phone = opened(&s, &gateway, id, "0504445566").await;

    let phone = s.client();
    let r = phone
        .post("/api/password/forgot", &json!({"national_id": id}))
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let sent: CodeSent = r.json().await.expect("code sent");
    assert_eq!(
        sent.mobile, "",
        "the answer does not say where the code went"
    );
    let got = gateway.wait_for(2).await;
    assert_eq!(got[1].get("to"), "966504445566");
    let code = code_in(got[1].get("body"));

    let recover = |code: &str, password: &str| {
        json!({"pending": sent.pending, "code": code, "password": password,
            "password_again": password})
    };
    let r = phone
        .post("/api/password/recover", &recover(&code, "short"))
        .await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("password".into(), "too_short".into())]
    );
    let r = phone
        .post("/api/password/recover", &recover(&code, "a new password 2"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(phone.get("/api/me").await.status(), 200);
    assert_eq!(
        first_phone.get("/api/me").await.status(),
        401,
        "other sessions end"
    );
    assert_eq!(s.client().login(id, "long enough 1").await.status(), 401);
    assert_eq!(s.client().login(id, "a new password 2").await.status(), 200);

    // An ID without an account gets the same answer, and no message goes anywhere.
    let r = s
        .client()
        .post(
            "/api/password/forgot",
            &json!({"national_id": crate::common::national_id(7702)}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let sent: CodeSent = r.json().await.expect("the same shape");
    let r = s
        .client()
        .post(
            "/api/password/recover",
            &json!({"pending": sent.pending, "code": "123456", "password": "a new password 3",
                "password_again": "a new password 3"}),
        )
        .await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("code".into(), "code_wrong".into())],
        "refused as a wrong code is, and no code opens it"
    );
    assert_eq!(gateway.received().len(), 2);
}

#[tokio::test]
async fn an_officer_releases_an_id_someone_else_took_and_its_holder_opens_theirs() {
    let gateway = Gateway::start().await;
    let s = server_with(&gateway, |_| {}).await;
    let id = &crate::common::national_id(7703);
    let squatter = opened(&s, &gateway, id, "0505556677").await;
    // The holder proves their mobile, and learns only then that the ID is taken.
    let r = tried(&s, &gateway, id, "0506667788").await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("national_id".into(), "account_exists".into())]
    );

    let release = json!({"national_id": id, "reason": "رأيت الهوية الأصلية لصاحبها"});
    for who in ["applicant", "researcher", "committee"] {
        let c = s.signed_in(who).await;
        assert_eq!(
            c.post("/api/users/release", &release).await.status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    let officer = s.signed_in("officer.sabya").await;
    let r = officer
        .post(
            "/api/users/release",
            &json!({"national_id": id, "reason": " "}),
        )
        .await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("reason".into(), "required".into())]
    );
    assert_eq!(
        officer.post("/api/users/release", &release).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        squatter.get("/api/me").await.status(),
        401,
        "the taker is signed out"
    );
    assert_eq!(
        officer
            .post(
                "/api/users/release",
                &json!({"national_id": crate::common::national_id(7704), "reason": "x"}),
            )
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let holder = opened(&s, &gateway, id, "0506667788").await;
    let me: Me = holder.get("/api/me").await.json().await.expect("me");
    assert_eq!(&me.username, id);
    // The release is in the accounts log, with the officer and the reason.
    let logged: Vec<(String, i64)> =
        query("SELECT detail, by_user FROM account_changes WHERE action = 'released'")
            .fetch_all(s.db.pool())
            .await
            .expect("the log");
    assert_eq!(logged.len(), 1);
    assert!(logged[0].0.contains("رأيت الهوية الأصلية"));
    assert_eq!(logged[0].1, officer.me().await.id);
}

#[tokio::test]
async fn an_account_holds_ten_devices_and_cannot_exhaust_the_numbers() {
    let s = TestServer::start().await;
    let phone = s.signed_in("applicant").await;
    let device = |n: u32, unsent: u32| json!({"device_id": format!("probe-{n}"), "unsent": unsent});
    for n in 0..10 {
        assert_eq!(phone.post("/api/device", &device(n, 0)).await.status(), 200);
    }
    // An eleventh releases the oldest with nothing unsent.
    assert_eq!(
        phone.post("/api/device", &device(10, 0)).await.status(),
        200
    );
    let released: i64 = query(
        "SELECT COUNT(*) FROM device_users du JOIN devices d ON d.number = du.device_number \
         WHERE d.device_id = 'probe-0' AND du.released_at IS NOT NULL",
    )
    .scalar(s.db.pool())
    .await
    .expect("count");
    assert_eq!(released, 1);
    // Once every device holds unsent work, another is refused and told why.
    for n in 1..=10 {
        let settings: DeviceSettings = phone
            .post("/api/device", &device(n, 3))
            .await
            .json()
            .await
            .expect("settings");
        assert!(settings.number > 0);
    }
    let r = phone.post("/api/device", &device(11, 0)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        [("device".into(), "too_many_devices".into())]
    );

    // The probe of 300 new device numbers in a row: twenty a day for one account (its
    // sign-in introduced the first), then 429.
    let s = TestServer::start().await;
    let other = s.signed_in("officer.sabya").await;
    let mut statuses = Vec::new();
    for n in 0..300 {
        let r = other
            .post(
                "/api/device",
                &json!({"device_id": format!("officer-probe-{n}")}),
            )
            .await;
        statuses.push(r.status().as_u16());
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
    }
    assert_eq!(statuses.len(), 20, "{statuses:?}");
}
