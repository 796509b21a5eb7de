//! The device store in a real browser: a case and its outbox entries are written together
//! and survive reopening; each user's data stays apart; a wipe leaves nothing; data of
//! the previous version moves into this one's shape.

use app::store::device::{self, DeviceStore};
use app::store::legacy;
use app::store::{meta, LocalCase, Store};
use app::sync::rebase;
use chrono::{DateTime, Utc};
use shared::api::{DeviceSettings, Me};
use shared::case::{OutreachPoint, UserRef};
use shared::life::apply;
use shared::life::merge::FieldChange;
use shared::life::mutation::{Context, Mutation, Op};
use shared::people::Actor;
use shared::{CaseId, MutationId, Reference, RequestForm, Role};
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

fn request(centre: &str) -> RequestForm {
    let mut r = RequestForm {
        channel: "in_person".into(),
        ..RequestForm::default()
    };
    r.applicant.first_name = "محمد".into();
    r.applicant.national_id = "١٠٤٥٢٣٦٧٨١".into();
    r.applicant.centre = centre.into();
    r
}

fn at(ms: i64) -> Context {
    Context {
        now: DateTime::from_timestamp_millis(ms).expect("a valid time"),
        answer_days: Context::DEFAULT_ANSWER_DAYS,
    }
}

fn time(ms: i64) -> DateTime<Utc> {
    at(ms).now
}

fn edit(case_id: CaseId, n: u8, centre: &str) -> Mutation {
    Mutation {
        mutation_id: MutationId::new_v7(1_764_000_000_000 + u64::from(n), [n; 10]),
        case_id,
        base_revision: 0,
        created_at: time(1_764_000_000_000 + i64::from(n)),
        op: Op::Change {
            changes: vec![FieldChange {
                path: "applicant.centre".into(),
                from: "الحسيني".into(),
                to: centre.into(),
            }],
        },
    }
}

/// Opening a draft, then an edit of its request.
fn mutations(case_id: CaseId) -> Vec<Mutation> {
    vec![
        Mutation {
            mutation_id: MutationId::new_v7(1_764_000_000_000, [1; 10]),
            case_id,
            base_revision: 0,
            created_at: time(1_764_000_000_000),
            op: Op::Create {
                reference: Reference::new(3, 1).expect("in range"),
                request: request("الحسيني"),
            },
        },
        edit(case_id, 2, "الشقيري"),
    ]
}

/// Fills `store` as a device in use: a case with its outbox, the device's id, a cursor.
async fn holding_a_case(store: &Store, case_id: CaseId) {
    let ms = mutations(case_id);
    let case = apply(None, &ms[0], &officer(), &at(1)).expect("created");
    store
        .record(&LocalCase::new(case), &ms)
        .await
        .expect("recorded");
    store
        .set_meta("device_id", &"tablet-1")
        .await
        .expect("device");
    store.set_meta("cursor", &9u64).await.expect("cursor");
}

/// A database of its own for each test, gone before and after.
async fn fresh(name: &str) -> Store {
    let _ = rexie::Rexie::delete(name).await;
    Store::from_db(Store::open(name).await.expect("opens"))
}

/// A device database of its own for each test.
async fn fresh_device(name: &str) -> DeviceStore {
    let _ = rexie::Rexie::delete(name).await;
    DeviceStore::from_db(DeviceStore::open(name).await.expect("opens"))
}

fn me(id: i64) -> Me {
    Me {
        id,
        username: format!("officer{id}"),
        display_name: "أحمد".into(),
        role: Role::Officer,
        outreach_point: officer().outreach_point,
        must_change_password: false,
        mobile: None,
    }
}

#[wasm_bindgen_test]
async fn a_case_and_its_outbox_entries_survive_reopening() {
    let name = "brs-test-reopen";
    let store = fresh(name).await;
    let case_id = CaseId::new_v7(1_764_000_000_000, [3; 10]);
    let ms = mutations(case_id);
    let actor = officer();
    let created = apply(None, &ms[0], &actor, &at(1)).expect("created");
    let submitted = apply(Some(&created), &ms[1], &actor, &at(2)).expect("edited");
    store
        .record(&LocalCase::new(submitted.clone()), &ms)
        .await
        .expect("recorded");
    store.close();

    let reopened = Store::from_db(Store::open(name).await.expect("reopens"));
    let cases = reopened.cases().await.expect("cases");
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].case, submitted);
    assert_eq!(cases[0].case.request.applicant.centre, "الشقيري");
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
    reopened.remove_through(first).await.expect("removed");
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
async fn a_photo_taken_before_its_report_is_saved_waits_for_upload_and_is_kept_once() {
    let store = fresh("brs-test-keep-file").await;
    let photo = a_file();
    store.keep_file(&photo).await.expect("kept");
    let waiting = store.files_to_upload().await.expect("files");
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].attachment, photo.attachment);
    store
        .mark_uploaded(&photo.attachment.sha256)
        .await
        .expect("uploaded");
    // Taking the same photo again neither uploads it twice nor loses that it was sent.
    store.keep_file(&photo).await.expect("kept again");
    assert!(store.files_to_upload().await.expect("files").is_empty());
    let kept = store
        .file(&photo.attachment.sha256)
        .await
        .expect("read")
        .expect("kept");
    assert!(kept.uploaded);
    store.close();
    let _ = rexie::Rexie::delete("brs-test-keep-file").await;
}

#[wasm_bindgen_test]
async fn a_visit_report_being_written_is_kept_per_case() {
    let store = fresh("brs-test-visit-draft").await;
    let (a, b) = (
        CaseId::new_v7(1_700_000_000_000, [1; 10]),
        CaseId::new_v7(1_700_000_000_000, [2; 10]),
    );
    let draft = shared::life::workflow::VisitInput {
        visited_on: "2026-12-01".into(),
        findings: "تشققات في السقف".into(),
        ..Default::default()
    };
    store
        .set_meta(&meta::visit_draft(a), &draft)
        .await
        .expect("write");
    let read = |id| {
        let store = &store;
        async move {
            store
                .meta::<shared::life::workflow::VisitInput>(&meta::visit_draft(id))
                .await
                .expect("read")
        }
    };
    assert_eq!(read(a).await, Some(draft));
    assert_eq!(read(b).await, None);
    store
        .delete_meta(&meta::visit_draft(a))
        .await
        .expect("delete");
    assert_eq!(read(a).await, None);
    store.close();
    let _ = rexie::Rexie::delete("brs-test-visit-draft").await;
}

#[wasm_bindgen_test]
async fn a_pull_does_not_hide_unsent_edits() {
    let store = fresh("brs-test-rebase").await;
    let case_id = CaseId::new_v7(1_764_000_000_000, [4; 10]);
    let ms = mutations(case_id);
    let actor = officer();
    // The server has the case as created; the edit is still in this device's outbox.
    let mut on_server = apply(None, &ms[0], &actor, &at(1)).expect("created");
    on_server.revision = 1;
    store
        .record(&LocalCase::new(on_server.clone()), &ms[1..])
        .await
        .expect("recorded");
    let pending = store.outbox(None).await.expect("outbox");
    let shown = rebase(on_server, &pending, &actor, Context::DEFAULT_ANSWER_DAYS);
    assert_eq!(shown.request.applicant.centre, "الشقيري");
    assert_eq!(shown.revision, 1, "still based on the server's revision");
    // Stored after a pull, the case keeps the unsent edit: the outbox is read in the same
    // transaction as the case is written.
    let mut pulled = apply(None, &ms[0], &actor, &at(1)).expect("created");
    pulled.revision = 2;
    store
        .put_pulled(&page(&[pulled]), &[], |c, pending| {
            rebase(c, pending, &actor, Context::DEFAULT_ANSWER_DAYS)
        })
        .await
        .expect("pulled");
    let kept = store.case(case_id).await.expect("read").expect("there");
    assert_eq!(kept.case.request.applicant.centre, "الشقيري");
    assert_eq!(kept.case.revision, 2);
    store.close();
    let _ = rexie::Rexie::delete("brs-test-rebase").await;
}

#[wasm_bindgen_test]
async fn a_pulled_case_keeps_the_refusal_recorded_on_it() {
    let store = fresh("brs-test-pulled").await;
    let case_id = CaseId::new_v7(1_764_000_000_000, [6; 10]);
    let ms = mutations(case_id);
    let case = apply(None, &ms[0], &officer(), &at(1)).expect("created");
    let mut refused = LocalCase::new(case.clone());
    refused.rejected = Some(shared::life::mutation::Rejection::Permission);
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
        &at(1),
    )
    .expect("created");
    store
        .put_pulled(&page(&[newer.clone(), other.clone()]), &[], |c, _| c)
        .await
        .expect("pulled");

    let kept = store.case(case_id).await.expect("read").expect("there");
    assert_eq!(kept.case, newer);
    assert_eq!(
        kept.rejected,
        Some(shared::life::mutation::Rejection::Permission)
    );
    let fresh_one = store.case(other.id).await.expect("read").expect("there");
    assert_eq!(fresh_one.rejected, None);
    store.close();
    let _ = rexie::Rexie::delete("brs-test-pulled").await;
}

#[wasm_bindgen_test]
async fn typing_leaves_one_edit_in_the_outbox_without_reordering_changes() {
    let store = fresh("brs-test-compact").await;
    let case_id = CaseId::new_v7(1_764_000_000_000, [8; 10]);
    let ms = mutations(case_id);
    let case = apply(None, &ms[0], &officer(), &at(1)).expect("created");
    let local = LocalCase::new(case);
    store.record(&local, &ms[..1]).await.expect("created");
    for (n, centre) in [(10, "أ"), (11, "أب"), (12, "أبو")] {
        store
            .record_edit(&local, &edit(case_id, n, centre))
            .await
            .expect("edited");
    }
    let outbox = store.outbox(None).await.expect("outbox");
    assert_eq!(outbox.len(), 2, "the create and the last edit");
    assert_eq!(outbox[1].mutation, edit(case_id, 12, "أبو"));

    // Another kind of change between edits keeps both edits, in order.
    let refer = Mutation {
        op: Op::Refer {
            referral_id: shared::ReferralId::new_v7(1, [9; 10]),
            question: "؟".into(),
        },
        ..edit(case_id, 13, "")
    };
    store
        .record(&local, std::slice::from_ref(&refer))
        .await
        .expect("referred");
    store
        .record_edit(&local, &edit(case_id, 14, "ب"))
        .await
        .expect("edited");
    let kinds: Vec<_> = store
        .outbox(None)
        .await
        .expect("outbox")
        .into_iter()
        .map(|e| e.mutation.mutation_id)
        .collect();
    assert_eq!(
        kinds,
        vec![
            ms[0].mutation_id,
            edit(case_id, 12, "").mutation_id,
            refer.mutation_id,
            edit(case_id, 14, "").mutation_id
        ]
    );
    store.close();
    let _ = rexie::Rexie::delete("brs-test-compact").await;
}

#[wasm_bindgen_test]
async fn an_edit_is_never_folded_into_one_that_went_out_unanswered() {
    let store = fresh("brs-test-in-flight").await;
    let case_id = CaseId::new_v7(1_764_000_000_000, [10; 10]);
    let ms = mutations(case_id);
    let local = LocalCase::new(apply(None, &ms[0], &officer(), &at(1)).expect("created"));
    store.record(&local, &ms[..1]).await.expect("created");
    store
        .record_edit(&local, &edit(case_id, 20, "أ"))
        .await
        .expect("edited");
    // A push carrying it is under way: the server may apply it before the reply is lost.
    let sent = store.outbox(None).await.expect("outbox");
    let last = sent.last().and_then(|e| e.seq).expect("stored");
    store.set_meta("in_flight", &last).await.expect("marked");
    store
        .record_edit(&local, &edit(case_id, 21, "أب"))
        .await
        .expect("edited");
    assert_eq!(store.outbox_len().await.expect("count"), 3, "kept apart");
    // Once answered, typing folds again into the newest.
    store.delete_meta("in_flight").await.expect("cleared");
    store
        .record_edit(&local, &edit(case_id, 22, "أبو"))
        .await
        .expect("edited");
    assert_eq!(store.outbox_len().await.expect("count"), 3);
    store.close();
    let _ = rexie::Rexie::delete("brs-test-in-flight").await;
}

#[wasm_bindgen_test]
async fn removed_cases_leave_the_device_unless_an_unsent_change_holds_them() {
    let store = fresh("brs-test-removed").await;
    let actor = officer();
    let held = CaseId::new_v7(1_764_000_000_000, [11; 10]);
    let idle = CaseId::new_v7(1_764_000_000_000, [12; 10]);
    let kept = CaseId::new_v7(1_764_000_000_000, [13; 10]);
    for id in [held, idle, kept] {
        let ms = mutations(id);
        let case = apply(None, &ms[0], &actor, &at(1)).expect("created");
        store
            .put_cases(&[LocalCase::new(case)])
            .await
            .expect("stored");
    }
    // Only `held` has a change waiting.
    store
        .record_edit(
            &store.case(held).await.expect("read").expect("there"),
            &edit(held, 30, "أ"),
        )
        .await
        .expect("edited");
    store
        .put_pulled(&page(&[]), &[held, idle], |c, _| c)
        .await
        .expect("pulled");
    assert!(
        store.case(idle).await.expect("read").is_none(),
        "a tombstone removes it"
    );
    assert!(
        store.case(held).await.expect("read").is_some(),
        "the unsent edit keeps it"
    );

    // A full pull that brought only `kept` leaves it and what still waits to be sent.
    store
        .keep_only(&[kept].into_iter().collect())
        .await
        .expect("kept");
    let left: Vec<_> = store
        .cases()
        .await
        .expect("cases")
        .into_iter()
        .map(|c| c.case.id)
        .collect();
    assert_eq!(left.len(), 2);
    assert!(left.contains(&kept) && left.contains(&held));
    assert_eq!(
        store.outbox_len().await.expect("count"),
        1,
        "the outbox is kept"
    );
    store.close();
    let _ = rexie::Rexie::delete("brs-test-removed").await;
}

#[wasm_bindgen_test]
async fn reference_numbers_count_on_whoever_signs_in() {
    let device = fresh_device("brs-test-references").await;
    assert_eq!(
        device.next_reference().await.expect("read"),
        None,
        "not numbered yet"
    );
    let settings = DeviceSettings {
        number: 27,
        answer_days: 14,
        contact: Default::default(),
    };
    device.set_meta("device", &settings).await.expect("device");
    device.sign_in(&me(1)).await.expect("signed in");
    let first = device
        .next_reference()
        .await
        .expect("first")
        .expect("numbered");
    let second = device
        .next_reference()
        .await
        .expect("second")
        .expect("numbered");
    assert_eq!((first.device(), first.count()), (27, 1));
    assert_eq!(second.count(), 2);
    device.sign_in(&me(2)).await.expect("another user");
    let third = device
        .next_reference()
        .await
        .expect("third")
        .expect("numbered");
    assert_eq!(third.count(), 3, "another user never reuses a number");
    assert_eq!(device.users().await.expect("users"), vec![1, 2]);
    device.close();
    let _ = rexie::Rexie::delete("brs-test-references").await;
}

#[wasm_bindgen_test]
async fn each_user_opens_only_their_own_data() {
    let _ = rexie::Rexie::delete(&app::store::user_db(901)).await;
    let _ = rexie::Rexie::delete(&app::store::user_db(902)).await;
    Store::use_user(Some(901));
    let first = Store::get().await.expect("first user's");
    let case_id = CaseId::new_v7(1_764_000_000_000, [14; 10]);
    holding_a_case(&first, case_id).await;
    assert!(first.is_current());

    Store::use_user(Some(902));
    assert!(!first.is_current(), "a sync holding it stops");
    let second = Store::get().await.expect("second user's");
    assert_eq!(second.user(), Some(902));
    assert!(
        second.cases().await.expect("cases").is_empty(),
        "nothing of the first user's"
    );
    assert_eq!(second.outbox_len().await.expect("count"), 0);

    // The first user's unsent work waits for them.
    Store::use_user(Some(901));
    let again = Store::get().await.expect("first user's again");
    assert_eq!(again.outbox_len().await.expect("count"), 2);
    assert_eq!(again.cases().await.expect("cases")[0].case.id, case_id);

    Store::use_user(None);
    assert!(matches!(
        Store::get().await,
        Err(app::store::StoreError::SignedOut)
    ));
}

#[wasm_bindgen_test]
async fn a_wipe_removes_every_users_records_and_files() {
    let name = "brs-test-wipe-device";
    let user_db = |u: i64| format!("brs-test-wipe-u{u}");
    let device = fresh_device(name).await;
    device.set_meta("device_id", &"tablet-1").await.expect("id");
    device
        .set_meta("users", &vec![1i64, 2])
        .await
        .expect("users");
    for (user, n) in [(1, 15u8), (2, 16)] {
        let store = fresh(&user_db(user)).await;
        holding_a_case(&store, CaseId::new_v7(1_764_000_000_000, [n; 10])).await;
        store.put_file(&a_file()).await.expect("file");
        if user == 2 {
            store.put_records(&[a_need("ثلاجة")]).await.expect("need");
        }
        store.close();
    }
    assert_eq!(
        device.unsent_in(&user_db).await.expect("count"),
        3,
        "one request of each user waits, and the second user's need"
    );
    device.close();

    device::wipe(name, &user_db).await.expect("wiped");

    for user in [1, 2] {
        let store = Store::from_db(Store::open(&user_db(user)).await.expect("opens"));
        assert!(store.cases().await.expect("cases").is_empty());
        assert_eq!(store.outbox_len().await.expect("count"), 0);
        assert!(store
            .records::<shared::records::feedback::Feedback>()
            .await
            .expect("read")
            .is_empty());
        assert!(store
            .file(&a_file().attachment.sha256)
            .await
            .expect("read")
            .is_none());
        store.close();
        let _ = rexie::Rexie::delete(&user_db(user)).await;
    }
    let device = DeviceStore::from_db(DeviceStore::open(name).await.expect("opens"));
    assert_eq!(
        device.meta::<String>("device_id").await.expect("read"),
        None
    );
    assert!(device.users().await.expect("users").is_empty());
    device.close();
    let _ = rexie::Rexie::delete(name).await;
}

/// A small stored PNG.
fn a_file() -> app::store::attachments::StoredFile {
    let bytes = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    let media_type = shared::documents::MediaType::Png;
    app::store::attachments::StoredFile {
        attachment: shared::documents::AttachmentRef {
            sha256: "ab".repeat(32),
            name: "هوية.png".into(),
            media_type,
            size: bytes.len() as u64,
        },
        uploaded: false,
        blob: app::media::blob_of(&bytes, media_type).expect("blob"),
        thumb: None,
    }
}

/// Fills a database of version 3 as a tablet left it: one user's cases, unsent changes
/// (one of them sent unanswered), a file, and the device's own facts.
async fn a_version_3_database(name: &str, data_version: Option<u32>, case_id: CaseId) -> Store {
    let _ = rexie::Rexie::delete(name).await;
    let old = Store::from_db(legacy::open_legacy(name).await.expect("opens"));
    holding_a_case(&old, case_id).await;
    old.put_file(&a_file()).await.expect("file");
    old.set_meta("owner", &7i64).await.expect("owner");
    old.set_meta("me", &me(7)).await.expect("me");
    old.set_meta("in_flight", &1u64).await.expect("in flight");
    old.set_meta("references_made", &12u32).await.expect("made");
    // As devices kept their settings before the server sent its contact details.
    old.set_meta(
        "device",
        &serde_json::json!({ "number": 27, "answer_days": 14 }),
    )
    .await
    .expect("device");
    if let Some(v) = data_version {
        old.set_meta("data_version", &v).await.expect("version");
    }
    old
}

#[wasm_bindgen_test]
async fn version_3_data_moves_to_the_device_and_its_users_database() {
    let (legacy_name, device_name) = ("brs-test-legacy", "brs-test-legacy-device");
    let user_db = |u: i64| format!("brs-test-legacy-u{u}");
    let _ = rexie::Rexie::delete(&user_db(7)).await;
    let case_id = CaseId::new_v7(1_764_000_000_000, [17; 10]);
    let old = a_version_3_database(legacy_name, Some(3), case_id).await;
    let outbox_before = old.outbox(None).await.expect("outbox");
    old.close();

    let device = fresh_device(device_name).await;
    legacy::migrate(&device, legacy_name, &user_db)
        .await
        .expect("moved");

    assert_eq!(
        device.meta::<String>("device_id").await.expect("read"),
        Some("tablet-1".into())
    );
    assert_eq!(device.me().await.expect("read"), Some(me(7)));
    assert_eq!(device.users().await.expect("users"), vec![7]);
    assert_eq!(
        device.settings().await.expect("read").map(|d| d.number),
        Some(27)
    );
    assert_eq!(
        device
            .next_reference()
            .await
            .expect("next")
            .map(|r| r.count()),
        Some(13),
        "numbering goes on"
    );
    let user = Store::from_db(Store::open(&user_db(7)).await.expect("opens"));
    assert_eq!(user.cases().await.expect("cases")[0].case.id, case_id);
    assert_eq!(
        user.outbox(None).await.expect("outbox"),
        outbox_before,
        "the same changes, in the same order, under the same numbers"
    );
    assert_eq!(user.meta::<u64>("cursor").await.expect("read"), Some(9));
    assert_eq!(user.meta::<u64>("in_flight").await.expect("read"), Some(1));
    let file = user
        .file(&a_file().attachment.sha256)
        .await
        .expect("read")
        .expect("moved");
    assert_eq!(file.blob.size(), 8.0, "the content came along");
    user.close();

    let reopened = Store::from_db(legacy::open_legacy(legacy_name).await.expect("opens"));
    assert!(
        reopened.cases().await.expect("cases").is_empty(),
        "the old database is gone"
    );
    reopened.close();

    // Moving again changes nothing.
    let old = a_version_3_database(legacy_name, Some(3), CaseId::new_v7(1, [18; 10])).await;
    old.close();
    legacy::migrate(&device, legacy_name, &user_db)
        .await
        .expect("again");
    let user = Store::from_db(Store::open(&user_db(7)).await.expect("opens"));
    assert_eq!(user.cases().await.expect("cases").len(), 1);
    user.close();
    device.close();
    for name in [legacy_name, device_name, &user_db(7)] {
        let _ = rexie::Rexie::delete(name).await;
    }
}

#[wasm_bindgen_test]
async fn first_version_cases_are_dropped_and_pulled_again() {
    let (legacy_name, device_name) = ("brs-test-v1", "brs-test-v1-device");
    let user_db = |u: i64| format!("brs-test-v1-u{u}");
    let _ = rexie::Rexie::delete(&user_db(7)).await;
    // No data version recorded: the first version wrote this.
    let old = a_version_3_database(legacy_name, None, CaseId::new_v7(1, [19; 10])).await;
    old.close();
    let device = fresh_device(device_name).await;
    legacy::migrate(&device, legacy_name, &user_db)
        .await
        .expect("moved");
    let user = Store::from_db(Store::open(&user_db(7)).await.expect("opens"));
    assert!(user.cases().await.expect("cases").is_empty());
    assert_eq!(user.outbox_len().await.expect("count"), 0);
    assert_eq!(user.meta::<u64>("cursor").await.expect("read"), None);
    assert_eq!(
        device.meta::<String>("device_id").await.expect("read"),
        Some("tablet-1".into())
    );
    user.close();
    device.close();
    for name in [legacy_name, device_name, &user_db(7)] {
        let _ = rexie::Rexie::delete(name).await;
    }
}

#[wasm_bindgen_test]
fn records_kept_by_an_earlier_app_are_read_as_they_are() {
    // Earlier versions named the record after its kind; a device updated with unsent
    // needs or inquiries still sends them.
    let need = a_need("سرير");
    let mut old = serde_json::to_value(&need).expect("json");
    let record = old
        .as_object_mut()
        .expect("object")
        .remove("record")
        .expect("record");
    old["item"] = record;
    let read: app::store::records::LocalFeedback =
        serde_json::from_value(old).expect("an earlier record");
    assert_eq!(read, need);
}

fn a_need(text: &str) -> app::store::records::LocalFeedback {
    let id = MutationId::new_v7(1_764_000_000_000, [text.len() as u8; 10]);
    app::store::records::LocalFeedback {
        id: id.to_string(),
        record: shared::records::feedback::Feedback {
            id,
            input: shared::records::feedback::FeedbackInput {
                kind: "need".into(),
                channel: "website".into(),
                text: text.into(),
                ..Default::default()
            },
            outreach_point: officer().outreach_point,
            recorded_by: officer().user,
            recorded_as: Role::Applicant,
            applicant: Some(1),
            at: time(0),
            answer: None,
            closed_at: None,
        },
        sent: false,
    }
}

#[wasm_bindgen_test]
async fn a_need_given_offline_waits_unsent_and_its_answer_replaces_it_once_sent() {
    let name = "brs-test-feedback";
    let store = fresh(name).await;
    let mine = a_need("خزان ماء");
    store
        .put_records(std::slice::from_ref(&mine))
        .await
        .expect("kept");
    // Counted as waiting, like unsent requests, and kept over a reopening.
    store.close();
    let store = Store::from_db(Store::open(name).await.expect("opens"));
    assert_eq!(
        store
            .records::<shared::records::feedback::Feedback>()
            .await
            .expect("read"),
        vec![mine.clone()]
    );

    // A pull that crosses the push does not replace what waits to be sent.
    let mut pulled = mine.clone();
    pulled.sent = true;
    pulled.record.input.text = "as the server has it".into();
    store.put_records(&[pulled.clone()]).await.expect("pull");
    assert!(
        !store
            .records::<shared::records::feedback::Feedback>()
            .await
            .expect("read")[0]
            .sent
    );
    assert_eq!(
        store
            .records::<shared::records::feedback::Feedback>()
            .await
            .expect("read")[0]
            .record
            .input
            .text,
        "خزان ماء"
    );

    // Sent, the answer pulled later replaces it.
    store
        .mark_sent::<shared::records::feedback::Feedback>(std::slice::from_ref(&mine.id))
        .await
        .expect("sent");
    pulled.record.answer = Some(shared::records::feedback::Answer {
        text: "سيزورك الباحث".into(),
        by: officer().user,
        at: time(1),
    });
    store.put_records(&[pulled.clone()]).await.expect("answer");
    let held = store
        .records::<shared::records::feedback::Feedback>()
        .await
        .expect("read");
    assert_eq!(held, vec![pulled]);
    assert_eq!(
        held[0].record.state(),
        shared::records::feedback::FeedbackState::Answered
    );
    store.close();
    let _ = rexie::Rexie::delete(name).await;
}

/// Cases as a pulled page holds them: objects the browser parsed from the server's text.
fn page(cases: &[shared::Case]) -> js_sys::Array {
    cases
        .iter()
        .map(|c| {
            let text = serde_json::to_string(c).expect("json");
            js_sys::JSON::parse(&text).expect("parsed")
        })
        .collect()
}
