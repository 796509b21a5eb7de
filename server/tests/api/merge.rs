//! Concurrent edits over real HTTP: field-level merge, conflicts kept and resolved, drafts thrown away, and devices told to start over.

use crate::common;

use crate::common::{change, national_id, request, TestServer};
use chrono::Utc;
use serde_json::Value;
use shared::life::merge::{changes_between, FieldChange};
use shared::life::mutation::{Mutation, Op, Rejection};
use shared::sync::Outcome;
use shared::{Case, CaseId};

/// The case as `client` pulls it.
async fn pulled(client: &common::ApiClient, id: CaseId) -> Case {
    client
        .pull_all()
        .await
        .into_iter()
        .find(|c| c.id == id)
        .expect("pulled")
}

/// A mutation doing `op`, made on a device that holds `case` as it is.
fn on(case: &Case, op: Op) -> Mutation {
    Mutation {
        base_revision: case.revision,
        ..change(case.id, op)
    }
}

/// An edit of `case`'s fields, from the values the device holds.
fn set(case: &Case, edit: impl FnOnce(&mut shared::RequestForm)) -> Mutation {
    let mut after = case.request.clone();
    edit(&mut after);
    on(
        case,
        Op::Change {
            changes: changes_between(&case.request, &after),
        },
    )
}

#[tokio::test]
async fn edits_from_two_devices_merge_and_a_clash_is_kept_until_chosen() {
    let s = TestServer::start().await;
    let tablet = s.signed_in("officer.sabya").await;
    let other = s.signed_in("officer.sabya").await;
    let create = tablet.create(request(&national_id(1)));
    tablet.push(vec![create.clone()]).await;
    let seen = pulled(&other, create.case_id).await;
    assert_eq!(seen.revision, 1);

    // Both offline: each changes the centre, and one other field of its own.
    let a = set(&seen, |f| {
        f.applicant.centre = "الشقيري".into();
        f.applicant.address = "حي الروضة".into();
    });
    let b = set(&seen, |f| {
        f.applicant.centre = "العارضة".into();
        f.housing.problems = "تسرب مياه".into();
    });
    let first = tablet.push(vec![a.clone()]).await;
    assert_eq!(first.results[0].outcome, Outcome::Applied { revision: 2 });
    let second = other.push(vec![b.clone()]).await;
    assert_eq!(
        second.results[0].outcome,
        Outcome::Conflict {
            revision: 3,
            fields: vec!["applicant.centre".into()]
        }
    );

    let case = pulled(&tablet, create.case_id).await;
    assert_eq!(
        case.request.applicant.address, "حي الروضة",
        "both other fields stand"
    );
    assert_eq!(case.request.housing.problems, "تسرب مياه");
    assert_eq!(
        case.request.applicant.centre, "الشقيري",
        "the first value stands"
    );
    let [conflict] = case.conflicts.as_slice() else {
        panic!("one conflict: {:?}", case.conflicts);
    };
    let told: Vec<_> = conflict
        .candidates
        .iter()
        .map(|k| {
            (
                k.value.as_str().unwrap_or_default().to_owned(),
                k.device.clone(),
                k.by.as_ref().map(|u| u.name.clone()),
                k.mutation_id,
            )
        })
        .collect();
    assert_eq!(
        told,
        vec![
            (
                "الشقيري".into(),
                Some(tablet.device_id.clone()),
                Some("أحمد العطاس".into()),
                Some(a.mutation_id)
            ),
            (
                "العارضة".into(),
                Some(other.device_id.clone()),
                Some("أحمد العطاس".into()),
                Some(b.mutation_id)
            ),
        ],
        "both values, who gave them and on which device"
    );
    assert!(conflict.candidates.iter().all(|k| k.at.is_some()));

    // A person chooses; the choice is a change like any other, and applied once.
    let choose = on(
        &case,
        Op::Resolve {
            path: "applicant.centre".into(),
            value: Value::String("العارضة".into()),
        },
    );
    let researcher = s.signed_in("researcher").await;
    let theirs = Mutation {
        mutation_id: common::fresh(shared::MutationId::new_v7),
        ..choose.clone()
    };
    let refused = researcher.push(vec![theirs]).await;
    assert!(matches!(
        refused.results[0].outcome,
        Outcome::Rejected { .. }
    ));
    let chosen = tablet.push(vec![choose]).await;
    assert_eq!(chosen.results[0].outcome, Outcome::Applied { revision: 4 });
    let case = pulled(&other, create.case_id).await;
    assert_eq!(case.request.applicant.centre, "العارضة");
    assert!(case.conflicts.is_empty());
}

#[tokio::test]
async fn a_whole_request_from_an_older_app_merges_from_the_revision_it_saw() {
    let s = TestServer::start().await;
    let tablet = s.signed_in("officer.sabya").await;
    let other = s.signed_in("officer.sabya").await;
    let create = tablet.create(request(&national_id(2)));
    tablet.push(vec![create.clone()]).await;
    let seen = pulled(&other, create.case_id).await;

    tablet
        .push(vec![set(&seen, |f| f.applicant.centre = "الشقيري".into())])
        .await;
    let mut whole = seen.request.clone();
    whole.housing.problems = "تشقق الجدران".into();
    let legacy = on(&seen, Op::Edit { request: whole });
    let reply = other.push(vec![legacy]).await;
    assert_eq!(reply.results[0].outcome, Outcome::Merged { revision: 3 });
    let case = pulled(&tablet, seen.id).await;
    assert_eq!(case.request.applicant.centre, "الشقيري", "not overwritten");
    assert_eq!(case.request.housing.problems, "تشقق الجدران");
}

#[tokio::test]
async fn a_draft_thrown_away_leaves_every_device_and_comes_back_if_still_filled() {
    let s = TestServer::start().await;
    let tablet = s.signed_in("officer.sabya").await;
    let other = s.signed_in("officer.sabya").await;
    let head = s.signed_in("head").await;
    let create = tablet.create(request(&national_id(3)));
    tablet.push(vec![create.clone()]).await;
    let seen = pulled(&other, create.case_id).await;
    let cursor = head.pull(0, 1000).await.cursor;

    // Changed on the tablet first: the other device, which has not seen it, may not throw
    // the draft away.
    tablet
        .push(vec![set(&seen, |f| f.applicant.centre = "صبيا".into())])
        .await;
    let stale = on(&seen, Op::Discard);
    let refused = other.push(vec![stale]).await;
    assert_eq!(
        refused.results[0].outcome,
        Outcome::Rejected {
            rejection: Rejection::ChangedMeanwhile
        }
    );
    let latest = pulled(&tablet, seen.id).await;
    let discard = on(&latest, Op::Discard);
    assert!(matches!(
        tablet.push(vec![discard]).await.results[0].outcome,
        Outcome::Applied { .. }
    ));

    for client in [&head, &other] {
        let page = client.pull(cursor, 1000).await;
        assert!(
            page.removed.contains(&seen.id),
            "a tombstone reaches every device"
        );
        assert!(page.changes.iter().all(|c| c.id != seen.id));
    }
    assert!(other.pull_all().await.iter().all(|c| c.id != seen.id));

    // Someone still filling it offline brings it back: what they typed is not lost.
    let late = set(&latest, |f| f.housing.problems = "سقف متهالك".into());
    assert!(matches!(
        other.push(vec![late]).await.results[0].outcome,
        Outcome::Merged { .. }
    ));
    let back = pulled(&head, seen.id).await;
    assert!(!back.discarded);
    assert_eq!(back.request.housing.problems, "سقف متهالك");
}

#[tokio::test]
async fn a_device_behind_purged_tombstones_or_in_another_scope_starts_over() {
    let s = TestServer::start().await;
    let tablet = s.signed_in("officer.sabya").await;
    let create = tablet.create(request(&national_id(4)));
    tablet.push(vec![create.clone()]).await;
    let behind = tablet.pull(0, 1000).await;
    assert_eq!(behind.scope, "point:sabya");
    assert!(!behind.reset);
    let case = pulled(&tablet, create.case_id).await;
    tablet.push(vec![on(&case, Op::Discard)]).await;

    let purged =
        server::db::cases::purge_discarded(&s.db, Utc::now() + chrono::Duration::seconds(1))
            .await
            .expect("purges");
    assert_eq!(purged, 1);
    let reply = tablet.pull(behind.cursor, 1000).await;
    assert!(reply.reset, "the tombstone it needed is gone");
    assert!(reply.changes.is_empty());
    let fresh = tablet.pull(0, 1000).await;
    assert!(!fresh.reset);
    assert!(fresh.changes.iter().all(|c| c.id != create.case_id));
    let current = tablet.pull(fresh.cursor, 1000).await;
    assert!(!current.reset, "a device that heard of the purge goes on");

    assert_eq!(s.signed_in("head").await.pull(0, 1).await.scope, "all");
    let researcher = s.signed_in("researcher").await;
    assert_eq!(
        researcher.pull(0, 1).await.scope,
        format!("referrals+researcher:{}", researcher.me().await.id)
    );
}

#[tokio::test]
async fn edits_naming_unknown_fields_are_refused() {
    let s = TestServer::start().await;
    let tablet = s.signed_in("officer.sabya").await;
    let create = tablet.create(request(&national_id(5)));
    tablet.push(vec![create.clone()]).await;
    let bad = change(
        create.case_id,
        Op::Change {
            changes: vec![FieldChange {
                path: "status".into(),
                from: Value::Null,
                to: Value::String("registered".into()),
            }],
        },
    );
    assert_eq!(
        tablet.push(vec![bad]).await.results[0].outcome,
        Outcome::Rejected {
            rejection: Rejection::Malformed
        }
    );
}
