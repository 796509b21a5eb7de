//! Push and pull over real HTTP against a real database file.

use crate::common;
use server::db::query;

use std::collections::HashSet;

use crate::common::{change, field_codes, national_id, request, submit, TestServer};
use shared::life::merge::FieldChange;
use shared::life::mutation::{Op, Rejection};
use shared::sync::Outcome;
use shared::validation::{ErrorCode, Field, FieldError};
use shared::CaseStatus;

#[tokio::test]
async fn the_same_push_sent_twice_is_applied_once() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let m = officer.create(request(&national_id(1)));
    let mut edited = request(&national_id(1));
    edited.applicant.centre = "الشقيري".into();
    let batch = vec![m.clone(), change(m.case_id, Op::Edit { request: edited })];

    let first = officer.push(batch.clone()).await;
    let again = officer.push(batch).await;
    assert_eq!(first, again, "a retry gets the same answers");
    assert_eq!(first.results[0].outcome, Outcome::Applied { revision: 1 });
    assert_eq!(first.results[1].outcome, Outcome::Applied { revision: 2 });

    let rows: i64 = query("SELECT COUNT(*) FROM mutations WHERE case_id = ?")
        .bind(m.case_id.to_string())
        .scalar(s.db.pool())
        .await
        .expect("count");
    assert_eq!(rows, 2);
    let case = officer
        .pull_all()
        .await
        .into_iter()
        .find(|c| c.id == m.case_id)
        .expect("pulled");
    assert_eq!(case.revision, 2);
    assert_eq!(case.status, CaseStatus::Draft);
    assert_eq!(case.request.applicant.centre, "الشقيري");
    let history: i64 = query("SELECT COUNT(*) FROM case_history WHERE case_id = ?")
        .bind(m.case_id.to_string())
        .scalar(s.db.pool())
        .await
        .expect("count");
    assert_eq!(history, 2, "every revision is kept");
}

#[tokio::test]
async fn a_change_repeated_within_one_push_is_applied_once() {
    // A push reads its cases and the changes it has seen once, before applying any: what
    // it applies is kept in step, so a change sent twice in one batch (an outbox copied
    // after a crash) counts once and the change after it sees the case as it now stands.
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let m = officer.create(request(&national_id(2)));
    let mut edited = request(&national_id(2));
    edited.applicant.centre = "الشقيري".into();
    let edit = change(m.case_id, Op::Edit { request: edited });
    let reply = officer
        .push(vec![m.clone(), m.clone(), edit.clone(), edit])
        .await;
    let outcomes: Vec<_> = reply.results.iter().map(|r| r.outcome.clone()).collect();
    assert_eq!(
        outcomes,
        [
            Outcome::Applied { revision: 1 },
            Outcome::Applied { revision: 1 },
            Outcome::Applied { revision: 2 },
            Outcome::Applied { revision: 2 },
        ]
    );
    let case = officer
        .pull_all()
        .await
        .into_iter()
        .find(|c| c.id == m.case_id)
        .expect("pulled");
    assert_eq!(case.revision, 2);
    assert_eq!(case.request.applicant.centre, "الشقيري");
}

#[tokio::test]
async fn pull_pages_return_every_change_once() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let head = s.signed_in("head").await;
    let before: HashSet<_> = head.pull_all().await.into_iter().map(|c| c.id).collect();

    let batch: Vec<_> = (100..125)
        .map(|n| officer.create(request(&national_id(n))))
        .collect();
    let ours: HashSet<_> = batch.iter().map(|m| m.case_id).collect();
    officer.push(batch).await;

    let total = before.len() + ours.len();
    let (mut cursor, mut seen, mut pages) = (0, Vec::new(), 0);
    loop {
        let page = head.pull(cursor, 7).await;
        assert!(page.changes.len() <= 7);
        assert!(page.cursor >= cursor, "the cursor never goes back");
        seen.extend(page.changes.iter().map(|c| c.id));
        assert_eq!(
            seen.len() as u64 + page.remaining,
            total as u64,
            "what came and what remains make the whole, for the device's progress"
        );
        cursor = page.cursor;
        pages += 1;
        if !page.has_more {
            break;
        }
    }
    let unique: HashSet<_> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "no change twice");
    assert_eq!(unique, &before | &ours);
    assert_eq!(pages, seen.len().div_ceil(7));

    // Nothing new: an empty page at the same cursor.
    let after = head.pull(cursor, 7).await;
    assert!(after.changes.is_empty());
    assert_eq!(after.cursor, cursor);
    assert!(!after.has_more);
}

#[tokio::test]
async fn an_officer_never_receives_another_points_case() {
    let s = TestServer::start().await;
    let sabya = s.signed_in("officer.sabya").await;
    let abu_arish = s.signed_in("officer.abuarish").await;
    let mine = sabya.create(request(&national_id(2)));
    let theirs = abu_arish.create(request(&national_id(3)));
    sabya.push(vec![mine.clone()]).await;
    abu_arish.push(vec![theirs.clone()]).await;

    let seen = sabya.pull_all().await;
    assert!(seen.iter().any(|c| c.id == mine.case_id));
    assert!(
        seen.iter().all(|c| c.outreach_point.id == "sabya"),
        "only Sabya's cases"
    );
    let seen = abu_arish.pull_all().await;
    assert!(seen.iter().all(|c| c.outreach_point.id == "abu_arish"));
    assert!(seen.iter().any(|c| c.id == theirs.case_id));

    // Nor can they act on it: the case does not exist for them.
    let reply = abu_arish.push(vec![submit(mine.case_id)]).await;
    assert_eq!(
        reply.results[0].outcome,
        Outcome::Rejected {
            rejection: Rejection::NotFound
        }
    );

    // The head office sees both, each with its officer's outreach point.
    let all = s.signed_in("head").await.pull_all().await;
    let point_of = |id| {
        all.iter()
            .find(|c| c.id == id)
            .map(|c| c.outreach_point.id.clone())
    };
    assert_eq!(point_of(mine.case_id), Some("sabya".into()));
    assert_eq!(point_of(theirs.case_id), Some("abu_arish".into()));
}

#[tokio::test]
async fn researchers_see_only_referred_cases_and_the_committee_none_yet() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let plain = officer.create(request(&national_id(4)));
    let referred = officer.create(request(&national_id(7)));
    let refer = change(
        referred.case_id,
        Op::Refer {
            referral_id: common::fresh(shared::ReferralId::new_v7),
            question: "ما المستندات المطلوبة للمقيم؟".into(),
        },
    );
    officer
        .push(vec![plain.clone(), referred.clone(), refer])
        .await;

    let seen = s.signed_in("researcher").await.pull_all().await;
    assert!(
        seen.iter().all(|c| !c.referrals.is_empty()),
        "only referred cases"
    );
    assert!(seen.iter().any(|c| c.id == referred.case_id));
    assert!(!seen.iter().any(|c| c.id == plain.case_id));
    assert!(s.signed_in("committee").await.pull_all().await.is_empty());
}

#[tokio::test]
async fn an_incomplete_request_is_refused_with_its_field_codes() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let mut bad = request("1000000009");
    bad.applicant.mobile = "0401234567".into();
    bad.channel = "carrier_pigeon".into();
    let m = officer.create(bad.clone());
    let mut batch = vec![m.clone()];
    batch.extend(officer.complete(m.case_id, &bad, true).await);
    let submit = submit(m.case_id);
    batch.push(submit.clone());
    let reply = officer.push(batch).await;
    assert!(
        reply.results[..reply.results.len() - 1]
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Applied { .. })),
        "a draft keeps whatever was typed: {reply:?}"
    );
    let error = |field, code| FieldError {
        field,
        index: None,
        code,
    };
    assert_eq!(
        reply.results.last().map(|r| r.outcome.clone()),
        Some(Outcome::Rejected {
            rejection: Rejection::Validation {
                errors: vec![
                    error(Field::Channel, ErrorCode::UnknownChoice),
                    error(Field::NationalId, ErrorCode::NationalIdChecksum),
                    error(Field::Mobile, ErrorCode::MobileFormat),
                ]
            }
        })
    );
    // The wire form names each field and code; a retry gets the same refusal.
    let raw: serde_json::Value = officer
        .post(
            "/api/sync/push",
            &shared::sync::PushRequest {
                device_id: officer.device_id.clone(),
                user_id: None,
                mutations: vec![submit],
            },
        )
        .await
        .json()
        .await
        .expect("json");
    let result = &raw["results"][0];
    assert_eq!(result["outcome"], "rejected");
    assert_eq!(result["reason"], "validation");
    assert_eq!(
        field_codes(result),
        vec![
            ("channel".into(), "unknown_choice".into()),
            ("national_id".into(), "national_id_checksum".into()),
            ("mobile".into(), "mobile_format".into()),
        ]
    );
    let case = officer
        .pull_all()
        .await
        .into_iter()
        .find(|c| c.id == m.case_id)
        .expect("the draft");
    assert_eq!(case.status, CaseStatus::Draft);
}

#[tokio::test]
async fn the_head_office_cannot_open_requests_and_strangers_cannot_sync() {
    let s = TestServer::start().await;
    let head = s.signed_in("head").await;
    let reply = head.push(vec![head.create(request(&national_id(5)))]).await;
    assert_eq!(
        reply.results[0].outcome,
        Outcome::Rejected {
            rejection: Rejection::Permission
        }
    );

    let stranger = s.client();
    assert_eq!(stranger.get("/api/sync/pull?cursor=0").await.status(), 401);
    let r = stranger
        .post(
            "/api/sync/push",
            &shared::sync::PushRequest {
                device_id: "d".into(),
                user_id: None,
                mutations: vec![],
            },
        )
        .await;
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn a_replayed_mutation_id_from_another_user_learns_nothing() {
    let s = TestServer::start().await;
    let sabya = s.signed_in("officer.sabya").await;
    let m = sabya.create(request(&national_id(6)));
    sabya.push(vec![m.clone()]).await;
    let other = s.signed_in("officer.abuarish").await;
    let reply = other.push(vec![m]).await;
    assert_eq!(
        reply.results[0].outcome,
        Outcome::Rejected {
            rejection: Rejection::Permission
        }
    );
}

#[tokio::test]
async fn a_malformed_push_is_a_bad_request() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let r = officer
        .post(
            "/api/sync/push",
            &serde_json::json!({"device_id": "d", "mutations": [{"op": 1}]}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let too_many: Vec<_> = (0..=shared::sync::PushRequest::MAX_BATCH as u32)
        .map(|n| officer.create(request(&national_id(1000 + n))))
        .collect();
    let r = officer
        .post(
            "/api/sync/push",
            &shared::sync::PushRequest {
                device_id: officer.device_id.clone(),
                user_id: None,
                mutations: too_many,
            },
        )
        .await;
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn a_sync_made_for_another_user_is_refused_and_applies_nothing() {
    let s = TestServer::start().await;
    let sabya = s.signed_in("officer.sabya").await;
    let me: shared::api::Me = sabya.get("/api/me").await.json().await.expect("me");
    let before = sabya.pull_all().await.len();
    let create = sabya.create(request(&national_id(7)));
    // The tablet's outbox belongs to another user than the session's.
    let r = sabya
        .post(
            "/api/sync/push",
            &shared::sync::PushRequest {
                device_id: sabya.device_id.clone(),
                user_id: Some(me.id + 1),
                mutations: vec![create.clone()],
            },
        )
        .await;
    assert_eq!(r.status(), 409);
    let body: shared::api::ErrorBody = r.json().await.expect("error body");
    assert_eq!(body.error, shared::api::ErrorKind::OtherUser);
    let r = sabya
        .get(&format!("/api/sync/pull?cursor=0&user={}", me.id + 1))
        .await;
    assert_eq!(r.status(), 409);
    assert_eq!(sabya.pull_all().await.len(), before, "nothing was applied");

    // The same push, for the signed-in user, goes through.
    let r = sabya
        .post(
            "/api/sync/push",
            &shared::sync::PushRequest {
                device_id: sabya.device_id.clone(),
                user_id: Some(me.id),
                mutations: vec![create],
            },
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = sabya
        .get(&format!("/api/sync/pull?cursor=0&user={}", me.id))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(sabya.pull_all().await.len(), before + 1);
}

#[tokio::test]
async fn a_long_push_is_written_whole_and_in_order() {
    // A push's writes wait to be sent together, a few dozen changes at a time and before
    // anything is read: every change of a long push must still land, and a change that
    // reads what came before it must find it written.
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let made: Vec<_> = (0..46)
        .map(|n| officer.create(request(&national_id(900 + n))))
        .collect();
    let centre = |case_id, n: usize| {
        let mut c = change(
            case_id,
            Op::Change {
                changes: vec![FieldChange {
                    path: "applicant.centre".into(),
                    from: "الحسيني".into(),
                    to: format!("مركز {n}").into(),
                }],
            },
        );
        c.base_revision = 1;
        c
    };
    let mut batch = made[..45].to_vec();
    batch.extend(
        made[..45]
            .iter()
            .enumerate()
            .map(|(n, m)| centre(m.case_id, n)),
    );
    // The last request is made and changed, then edited whole by an older app that had
    // seen only its first revision: that revision, written a moment before among others,
    // must be read as it was, so the edit meets the change it had not seen.
    let last = &made[45];
    batch.push(last.clone());
    batch.push(centre(last.case_id, 45));
    let mut edited = request(&national_id(945));
    edited.applicant.centre = "الشقيري".into();
    let mut old = change(last.case_id, Op::Edit { request: edited });
    old.base_revision = 1;
    batch.push(old);

    let kept = || async {
        let count = |table: &str| format!("SELECT COUNT(*) FROM {table}");
        let history: sqlx::Result<i64> = query(count("case_history")).scalar(s.db.pool()).await;
        let changes: sqlx::Result<i64> = query(count("mutations")).scalar(s.db.pool()).await;
        (history.expect("count"), changes.expect("count"))
    };
    let before = kept().await;
    let reply = officer.push(batch).await;
    let outcomes: Vec<_> = reply.results.iter().map(|r| r.outcome.clone()).collect();
    let mut want = vec![Outcome::Applied { revision: 1 }; 45];
    want.extend(vec![Outcome::Applied { revision: 2 }; 45]);
    want.push(Outcome::Applied { revision: 1 });
    want.push(Outcome::Applied { revision: 2 });
    want.push(Outcome::Conflict {
        revision: 3,
        fields: vec!["applicant.centre".into()],
    });
    assert_eq!(outcomes, want);
    let after = kept().await;
    assert_eq!(
        (after.0 - before.0, after.1 - before.1),
        (93, 93),
        "every revision and every change is kept"
    );
    let pulled = officer.pull_all().await;
    for (n, m) in made.iter().enumerate() {
        let case = pulled.iter().find(|c| c.id == m.case_id).expect("pulled");
        assert_eq!(case.request.applicant.centre, format!("مركز {n}"));
    }
}
