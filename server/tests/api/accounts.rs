//! Account administration over HTTP: only the head office lists, opens, changes, disables
//! accounts and resets passwords; each takes effect on the sessions at once; the password
//! rule holds everywhere; nobody locks themselves out; every change is logged for good.

use crate::common;
use server::db::query;

use crate::common::{field_codes, TestServer, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::accounts::Account;
use shared::Role;

const NEW_PASSWORD: &str = "وادي-بيش-2026";

fn new_officer(username: &str) -> Value {
    json!({
        "username": username,
        "display_name": "فهد الحازمي",
        "role": "officer",
        "outreach_point": "abu_arish",
        "password": NEW_PASSWORD,
    })
}

async fn accounts(head: &common::ApiClient, q: &str) -> Vec<Account> {
    let r = head.get(&format!("/api/users?q={q}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("accounts")
}

#[tokio::test]
async fn only_the_head_office_administers_accounts() {
    let s = TestServer::start().await;
    let head = s.signed_in("head").await;
    let target = accounts(&head, "")
        .await
        .into_iter()
        .find(|a| a.username == "researcher")
        .expect("the researcher");
    for who in ["officer.sabya", "researcher", "committee", "applicant"] {
        let c = s.signed_in(who).await;
        assert_eq!(
            c.get("/api/users").await.status(),
            StatusCode::FORBIDDEN,
            "{who} lists"
        );
        assert_eq!(
            c.post("/api/users", &new_officer(&format!("x.{who}")))
                .await
                .status(),
            StatusCode::FORBIDDEN,
            "{who} opens"
        );
        let change = json!({"display_name": "خالد", "role": "head_office", "outreach_point": "", "active": true});
        assert_eq!(
            c.put_json(&format!("/api/users/{}", target.id), &change)
                .await
                .status(),
            StatusCode::FORBIDDEN,
            "{who} changes"
        );
        assert_eq!(
            c.post(
                &format!("/api/users/{}/password", target.id),
                &json!({"password": NEW_PASSWORD})
            )
            .await
            .status(),
            StatusCode::FORBIDDEN,
            "{who} resets"
        );
    }
    let nobody = s.client();
    assert_eq!(
        nobody.get("/api/users").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The researcher's password was not changed by any of them.
    assert_eq!(
        s.client().login("researcher", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_account_opened_by_the_head_office_signs_in_with_its_role_and_point() {
    let s = TestServer::start().await;
    let head = s.signed_in("head").await;
    let r = head
        .post("/api/users", &new_officer("Officer.AbuArish2"))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let account: Account = r.json().await.expect("account");
    assert_eq!(account.username, "officer.abuarish2");
    assert_eq!(account.role, Role::Officer);
    assert_eq!(
        account.outreach_point.map(|p| p.id).as_deref(),
        Some("abu_arish")
    );
    assert!(account.active);

    let officer = s.client();
    let r = officer.login("officer.abuarish2", NEW_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let me = officer.me().await;
    assert_eq!(me.role, Role::Officer);
    assert_eq!(me.display_name, "فهد الحازمي");
    // Sign-ins show in the list.
    let listed = accounts(&head, "abuarish2").await;
    assert!(listed[0].last_sign_in.is_some());

    // The same name again, every field wrong, a weak password: each refused by name.
    let r = head
        .post("/api/users", &new_officer("officer.abuarish2"))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        vec![("username".into(), "username_taken".into())]
    );
    let bad = json!({"username": "1x", "display_name": "", "role": "officer", "outreach_point": "", "password": "x"});
    let r = head.post("/api/users", &bad).await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        vec![
            ("username".into(), "username_format".into()),
            ("display_name".into(), "required".into()),
            ("outreach_point".into(), "required".into()),
        ]
    );
    let weak = json!({"username": "committee2", "display_name": "سعاد", "role": "committee", "outreach_point": "", "password": "1234567890"});
    assert_eq!(
        field_codes(
            &head
                .post("/api/users", &weak)
                .await
                .json()
                .await
                .expect("body")
        ),
        vec![("password".into(), "password_weak".into())]
    );
    let nowhere = json!({"username": "officer.mars", "display_name": "سعاد", "role": "officer", "outreach_point": "mars", "password": NEW_PASSWORD});
    assert_eq!(
        field_codes(
            &head
                .post("/api/users", &nowhere)
                .await
                .json()
                .await
                .expect("body")
        ),
        vec![("outreach_point".into(), "unknown_choice".into())]
    );
    let applicant = json!({"username": "someone", "display_name": "سعاد", "role": "applicant", "outreach_point": "sabya", "password": NEW_PASSWORD});
    assert_eq!(
        field_codes(
            &head
                .post("/api/users", &applicant)
                .await
                .json()
                .await
                .expect("body")
        ),
        vec![("role".into(), "unknown_choice".into())]
    );
}

#[tokio::test]
async fn disabling_a_new_role_and_a_reset_each_end_the_accounts_sessions() {
    let s = TestServer::start().await;
    let head = s.signed_in("head").await;
    let researcher = accounts(&head, "")
        .await
        .into_iter()
        .find(|a| a.username == "researcher")
        .expect("the researcher");
    let path = format!("/api/users/{}", researcher.id);

    // Disabled: the open session is refused at once, and so is signing in.
    let session = s.signed_in("researcher").await;
    let off = json!({"display_name": "خالد المدخلي", "role": "researcher", "outreach_point": "", "active": false});
    let r = head.put_json(&path, &off).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(!r.json::<Account>().await.expect("account").active);
    assert_eq!(
        session.get("/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.client().login("researcher", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Enabled again, the session from before stays over.
    let on = json!({"display_name": "خالد المدخلي", "role": "researcher", "outreach_point": "", "active": true});
    assert_eq!(head.put_json(&path, &on).await.status(), StatusCode::OK);
    assert_eq!(
        session.get("/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // As a committee member: an old session does not carry the old role.
    let session = {
        let on = json!({"display_name": "خالد المدخلي", "role": "researcher", "outreach_point": "", "active": true});
        assert_eq!(head.put_json(&path, &on).await.status(), StatusCode::OK);
        s.signed_in("researcher").await
    };
    let moved = json!({"display_name": "خالد المدخلي", "role": "committee", "outreach_point": "", "active": true});
    assert_eq!(head.put_json(&path, &moved).await.status(), StatusCode::OK);
    assert_eq!(
        session.get("/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let again = s.signed_in("researcher").await;
    assert_eq!(again.me().await.role, Role::Committee);

    // A reset: the old password and the open session are over; the new one signs in.
    let weak = head
        .post(
            &format!("{path}/password"),
            &json!({"password": "researcher1"}),
        )
        .await;
    assert_eq!(
        field_codes(&weak.json().await.expect("body")),
        vec![("password".into(), "password_weak".into())]
    );
    let r = head
        .post(
            &format!("{path}/password"),
            &json!({"password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        again.get("/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.client().login("researcher", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.client().login("researcher", NEW_PASSWORD).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        head.put_json("/api/users/999999", &moved).await.status(),
        StatusCode::NOT_FOUND
    );

    // Each change is kept, and the log cannot be rewritten.
    let logged: Vec<String> =
        query("SELECT action FROM account_changes WHERE user_id = ? ORDER BY id")
            .bind(researcher.id)
            .scalars(s.db.pool())
            .await
            .expect("log");
    assert_eq!(
        logged,
        ["changed", "changed", "changed", "changed", "password_reset"]
    );
    assert!(query("DELETE FROM account_changes")
        .execute(s.db.pool())
        .await
        .is_err());
}

#[tokio::test]
async fn the_head_office_cannot_lock_itself_out() {
    let s = TestServer::start().await;
    let head = s.signed_in("head").await;
    let me = head.me().await;
    let path = format!("/api/users/{}", me.id);
    let off = json!({"display_name": me.display_name, "role": "head_office", "outreach_point": "", "active": false});
    assert_eq!(
        field_codes(&head.put_json(&path, &off).await.json().await.expect("body")),
        vec![("active".into(), "own_account".into())]
    );
    let demoted = json!({"display_name": me.display_name, "role": "researcher", "outreach_point": "", "active": true});
    assert_eq!(
        field_codes(
            &head
                .put_json(&path, &demoted)
                .await
                .json()
                .await
                .expect("body")
        ),
        vec![("role".into(), "own_account".into())]
    );
    assert_eq!(head.get("/api/me").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_applicant_found_by_id_gets_a_new_password_and_stays_an_applicant() {
    let s = TestServer::start().await;
    let head = s.signed_in("head").await;
    // Without a query, staff only; by ID, the applicant too.
    assert!(accounts(&head, "")
        .await
        .iter()
        .all(|a| a.role != Role::Applicant));
    let applicant = s.signed_in("applicant").await.me().await;
    let found = accounts(&head, &applicant.username).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].role, Role::Applicant);
    let path = format!("/api/users/{}", applicant.id);
    let staff = json!({"display_name": applicant.display_name, "role": "head_office", "outreach_point": "", "active": true});
    assert_eq!(
        field_codes(
            &head
                .put_json(&path, &staff)
                .await
                .json()
                .await
                .expect("body")
        ),
        vec![("role".into(), "unknown_choice".into())]
    );
    // An applicant's password follows the applicants' rule: eight characters.
    let r = head
        .post(
            &format!("{path}/password"),
            &json!({"password": "بيت-2026"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        s.client()
            .login(&applicant.username, "بيت-2026")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_user_changes_their_own_password_and_their_other_sessions_end() {
    let s = TestServer::start().await;
    let tablet = s.signed_in("officer.sabya").await;
    let phone = s.signed_in("officer.sabya").await;
    let wrong =
        json!({"current": "not it", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD});
    let r = tablet.post("/api/password", &wrong).await;
    assert_eq!(
        field_codes(&r.json().await.expect("body")),
        vec![("current_password".into(), "wrong_password".into())]
    );
    let differ = json!({"current": PASSWORD, "password": NEW_PASSWORD, "password_again": "x"});
    assert_eq!(
        field_codes(
            &tablet
                .post("/api/password", &differ)
                .await
                .json()
                .await
                .expect("body")
        ),
        vec![("password_again".into(), "mismatch".into())]
    );
    let right =
        json!({"current": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD});
    assert_eq!(
        tablet.post("/api/password", &right).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        tablet.get("/api/me").await.status(),
        StatusCode::OK,
        "this session goes on"
    );
    assert_eq!(
        phone.get("/api/me").await.status(),
        StatusCode::UNAUTHORIZED,
        "the other ends"
    );
    assert_eq!(
        s.client()
            .login("officer.sabya", NEW_PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
}
