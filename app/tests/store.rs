//! The device store in a real browser: a case and its outbox entries are written together
//! and are still there after the database is closed and opened again.

use app::store::{LocalCase, Store};
use app::sync::rebase;
use chrono::{DateTime, Utc};
use shared::case::{CaseInput, OutreachPoint, UserRef};
use shared::sync::{apply, Actor, Mutation, Op};
use shared::{CaseId, CaseStatus, MutationId, Role};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn officer() -> Actor {
    Actor {
        user: UserRef {
            id: 7,
            name: "أحمد".into(),
        },
        role: Role::Officer,
        outreach_point: Some(OutreachPoint {
            id: "sabya".into(),
            name_ar: "نقطة صبيا".into(),
            name_en: "Sabya".into(),
        }),
    }
}

fn input() -> CaseInput {
    CaseInput {
        first_name: "محمد".into(),
        father_name: "يحيى".into(),
        grandfather_name: "علي".into(),
        family_name: "الفيفي".into(),
        national_id: "١٠٤٥٢٣٦٧٨١".into(),
        mobile: "0551234567".into(),
        governorate: "sabya".into(),
        channel: "in_person".into(),
        support_type: "restoration".into(),
        notes: "سقف متضرر".into(),
    }
}

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).expect("a valid time")
}

fn mutations(case_id: CaseId) -> Vec<Mutation> {
    vec![
        Mutation {
            mutation_id: MutationId::new_v7(1_764_000_000_000, [1; 10]),
            case_id,
            base_revision: 0,
            created_at: at(1_764_000_000_000),
            op: Op::Create { input: input() },
        },
        Mutation {
            mutation_id: MutationId::new_v7(1_764_000_000_001, [2; 10]),
            case_id,
            base_revision: 0,
            created_at: at(1_764_000_000_001),
            op: Op::Transition {
                to: CaseStatus::Submitted,
            },
        },
    ]
}

/// A database of its own for each test, gone before and after.
async fn fresh(name: &str) -> Store {
    let _ = rexie::Rexie::delete(name).await;
    Store::from_db(Store::open(name).await.expect("opens"))
}

#[wasm_bindgen_test]
async fn a_case_and_its_outbox_entries_survive_reopening() {
    let name = "brs-test-reopen";
    let store = fresh(name).await;
    let case_id = CaseId::new_v7(1_764_000_000_000, [3; 10]);
    let ms = mutations(case_id);
    let actor = officer();
    let created = apply(None, &ms[0], &actor, at(1)).expect("created");
    let submitted = apply(Some(&created), &ms[1], &actor, at(2)).expect("submitted");
    store
        .record(&LocalCase::new(submitted.clone()), &ms)
        .await
        .expect("recorded");
    store.close();

    let reopened = Store::from_db(Store::open(name).await.expect("reopens"));
    let cases = reopened.cases().await.expect("cases");
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].case, submitted);
    assert_eq!(cases[0].case.details.national_id.as_str(), "1045236781");
    let outbox = reopened.outbox(None).await.expect("outbox");
    assert_eq!(
        outbox
            .iter()
            .map(|e| e.mutation.clone())
            .collect::<Vec<_>>(),
        ms,
        "both mutations, in order"
    );
    assert!(outbox[0].seq < outbox[1].seq);
    assert_eq!(reopened.outbox_len().await.expect("count"), 2);

    let first = outbox[0].seq.expect("stored with a seq");
    reopened
        .remove_from_outbox(&[first])
        .await
        .expect("removed");
    let left = reopened.outbox(None).await.expect("outbox");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].mutation, ms[1]);
    reopened.close();
    let _ = rexie::Rexie::delete(name).await;
}

#[wasm_bindgen_test]
async fn meta_values_round_trip() {
    let store = fresh("brs-test-meta").await;
    assert_eq!(store.meta::<u64>("cursor").await.expect("read"), None);
    store.set_meta("cursor", &42u64).await.expect("write");
    assert_eq!(store.meta::<u64>("cursor").await.expect("read"), Some(42));
    store.delete_meta("cursor").await.expect("delete");
    assert_eq!(store.meta::<u64>("cursor").await.expect("read"), None);
    store.close();
    let _ = rexie::Rexie::delete("brs-test-meta").await;
}

#[wasm_bindgen_test]
async fn a_pull_does_not_hide_unsent_edits() {
    let store = fresh("brs-test-rebase").await;
    let case_id = CaseId::new_v7(1_764_000_000_000, [4; 10]);
    let ms = mutations(case_id);
    let actor = officer();
    // The server has the case as created; the submit is still in this device's outbox.
    let mut on_server = apply(None, &ms[0], &actor, at(1)).expect("created");
    on_server.revision = 1;
    store
        .record(&LocalCase::new(on_server.clone()), &ms[1..])
        .await
        .expect("recorded");
    let pending = store.outbox(None).await.expect("outbox");
    let shown = rebase(on_server, &pending, &actor);
    assert_eq!(shown.status, CaseStatus::Submitted);
    assert_eq!(shown.revision, 1, "still based on the server's revision");
    store.close();
    let _ = rexie::Rexie::delete("brs-test-rebase").await;
}

#[wasm_bindgen_test]
async fn clearing_user_data_keeps_only_the_device_id() {
    let store = fresh("brs-test-clear").await;
    let case_id = CaseId::new_v7(1_764_000_000_000, [5; 10]);
    let ms = mutations(case_id);
    let case = apply(None, &ms[0], &officer(), at(1)).expect("created");
    store
        .record(&LocalCase::new(case), &ms)
        .await
        .expect("recorded");
    store
        .set_meta("device_id", &"tablet-1")
        .await
        .expect("device");
    store.set_meta("cursor", &9u64).await.expect("cursor");
    store.set_meta("owner", &7i64).await.expect("owner");

    store.clear_user_data().await.expect("cleared");
    assert!(store.cases().await.expect("cases").is_empty());
    assert_eq!(store.outbox_len().await.expect("count"), 0);
    assert_eq!(store.meta::<u64>("cursor").await.expect("read"), None);
    assert_eq!(store.meta::<i64>("owner").await.expect("read"), None);
    assert_eq!(
        store.meta::<String>("device_id").await.expect("read"),
        Some("tablet-1".into())
    );
    store.close();
    let _ = rexie::Rexie::delete("brs-test-clear").await;
}

#[wasm_bindgen_test]
async fn a_pulled_case_keeps_the_refusal_recorded_on_it() {
    let store = fresh("brs-test-pulled").await;
    let case_id = CaseId::new_v7(1_764_000_000_000, [6; 10]);
    let ms = mutations(case_id);
    let case = apply(None, &ms[0], &officer(), at(1)).expect("created");
    let mut refused = LocalCase::new(case.clone());
    refused.rejected = Some(shared::sync::Rejection::Permission);
    store.put_cases(&[refused]).await.expect("stored");

    let mut newer = case;
    newer.revision = 3;
    let other = apply(
        None,
        &Mutation {
            case_id: CaseId::new_v7(1_764_000_000_000, [7; 10]),
            ..ms[0].clone()
        },
        &officer(),
        at(1),
    )
    .expect("created");
    store
        .put_pulled(vec![newer.clone(), other.clone()])
        .await
        .expect("pulled");

    let kept = store.case(case_id).await.expect("read").expect("there");
    assert_eq!(kept.case, newer);
    assert_eq!(kept.rejected, Some(shared::sync::Rejection::Permission));
    let fresh_one = store.case(other.id).await.expect("read").expect("there");
    assert_eq!(fresh_one.rejected, None);
    store.close();
    let _ = rexie::Rexie::delete("brs-test-pulled").await;
}
