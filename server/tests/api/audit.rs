//! The audit trail over HTTP: a case's history with old and new values, who, role and
//! device, for the staff who see the case only; every sign-in recorded with its address;
//! sign-ins throttled per address; the logs cannot be rewritten.

use crate::common::{change, national_id, request, submit, TestServer, PASSWORD};
use reqwest::StatusCode;
use serde_json::Value;
use server::db::query;
use shared::audit::{HistoryEntry, SignInOutcome, SignInRecord};
use shared::life::merge::FieldChange;
use shared::life::mutation::Op;
use shared::sync::Outcome;
use shared::Role;

#[tokio::test]
async fn a_cases_history_shows_each_change_with_its_old_and_new_value() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let form = request(&national_id(7001));
    let create = officer.create(form.clone());
    let id = create.case_id;
    let mut batch = vec![create];
    batch.extend(officer.complete(id, &form, true).await);
    batch.push(change(
        id,
        Op::Change {
            changes: vec![FieldChange {
                path: "applicant.centre".into(),
                from: Value::String("الحسيني".into()),
                to: Value::String("العارضة".into()),
            }],
        },
    ));
    officer.push(batch).await;
    // Signed after the change, then handed in; the committee's attempt is refused.
    let sign = officer
        .complete(id, &form, false)
        .await
        .pop()
        .expect("the signature");
    officer.push(vec![sign, submit(id)]).await;
    let committee = s.signed_in("committee").await;
    committee
        .push(vec![change(
            id,
            Op::Transition {
                to: shared::CaseStatus::Withdrawn,
            },
        )])
        .await;

    let r = officer.get(&format!("/api/cases/{id}/history")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let history: Vec<HistoryEntry> = r.json().await.expect("history");
    let edit = history
        .iter()
        .find(|e| matches!(e.op, Op::Change { .. }))
        .expect("the field change is in the history");
    let Op::Change { changes } = &edit.op else {
        unreachable!()
    };
    assert_eq!(changes[0].from, Value::String("الحسيني".into()));
    assert_eq!(changes[0].to, Value::String("العارضة".into()));
    assert_eq!(edit.user.name, "أحمد العطاس");
    assert_eq!(edit.role, Some(Role::Officer));
    assert_eq!(edit.device, officer.device_id);
    assert!(history.iter().any(|e| matches!(e.op, Op::Verify { .. })));
    assert!(history.iter().any(|e| matches!(e.op, Op::Sign { .. })));
    let refused = history.last().expect("the last attempt");
    assert_eq!(refused.role, Some(Role::Committee));
    assert!(
        matches!(refused.outcome, Outcome::Rejected { .. }),
        "refusals are kept too"
    );

    // Only staff who see the case read it; to everyone else it does not exist.
    let head = s.signed_in("head").await;
    assert_eq!(
        head.get(&format!("/api/cases/{id}/history")).await.status(),
        StatusCode::OK
    );
    for who in ["officer.abuarish", "applicant", "committee", "researcher"] {
        let client = s.signed_in(who).await;
        let status = client
            .get(&format!("/api/cases/{id}/history"))
            .await
            .status();
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}");
    }
    assert_eq!(
        officer.get("/api/cases/not-an-id/history").await.status(),
        StatusCode::NOT_FOUND
    );

    // The change log cannot be rewritten, not even from inside the server.
    let tampered = query("UPDATE mutations SET outcome = '{}' WHERE case_id = ?")
        .bind(id.to_string())
        .execute(s.db.pool())
        .await;
    assert!(tampered.is_err());
    let erased = query("DELETE FROM mutations WHERE case_id = ?")
        .bind(id.to_string())
        .execute(s.db.pool())
        .await;
    assert!(erased.is_err());
}

#[tokio::test]
async fn every_sign_in_is_recorded_and_addresses_are_throttled() {
    let s = TestServer::start().await;
    let visitor = s.client();
    assert_eq!(
        visitor.login("officer.sabya", "wrong").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let mut officer = s.client();
    officer.sign_in("officer.sabya").await;
    assert_eq!(
        officer.post("/api/logout", &()).await.status(),
        StatusCode::OK
    );

    let head = s.signed_in("head").await;
    let r = head.get("/api/sign-ins").await;
    assert_eq!(r.status(), StatusCode::OK);
    let log: Vec<SignInRecord> = r.json().await.expect("sign-ins");
    let outcomes: Vec<(String, SignInOutcome)> = log
        .iter()
        .rev()
        .map(|r| (r.username.clone(), r.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("officer.sabya".to_owned(), SignInOutcome::Refused),
            ("officer.sabya".to_owned(), SignInOutcome::SignedIn),
            ("officer.sabya".to_owned(), SignInOutcome::SignedOut),
            ("head".to_owned(), SignInOutcome::SignedIn),
        ]
    );
    assert!(log
        .iter()
        .all(|r| r.address.as_deref() == Some("127.0.0.1")));
    assert_eq!(
        log[0].user.as_ref().map(|u| u.name.as_str()),
        Some("سلمان النعمي")
    );
    let officer = s.signed_in("officer.sabya").await;
    assert_eq!(
        officer.get("/api/sign-ins").await.status(),
        StatusCode::FORBIDDEN
    );

    // Guesses spread over many names from one address stop at the address's limit, and
    // a right password does not lift it for the next names.
    // The wrong password at the start was the address's first failure.
    let limit = server::limits::SIGN_INS_PER_ADDRESS;
    for n in 1..limit {
        let r = visitor.login(&format!("guess-{n}"), "wrong").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "guess {n}");
    }
    let r = visitor.login("researcher", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    let log: Vec<SignInRecord> = head.get("/api/sign-ins").await.json().await.expect("log");
    assert_eq!(log[0].outcome, SignInOutcome::Throttled);
    assert!(query("DELETE FROM sign_ins")
        .execute(s.db.pool())
        .await
        .is_err());
}
