//! A benchmark, not a test (ignored unless asked for): 10,000 cases of about 2 KB written
//! in bulk through the store, against raw IndexedDB writing the same records in one
//! transaction, in the same browser and run. `make bench` runs it and prints the table.

use app::store::{to_js, LocalCase, Store};
use shared::life::apply;
use shared::life::mutation::{Context, Mutation, Op};
use shared::people::Actor;
use shared::{CaseId, MutationId, Reference, RequestForm, Role};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CASES: u32 = 10_000;
const RUNS: usize = 3;

#[wasm_bindgen(inline_js = "
export async function raw_write(name, records) {
  await new Promise((ok, fail) => {
    const d = indexedDB.deleteDatabase(name); d.onsuccess = ok; d.onerror = () => fail(d.error);
  });
  const db = await new Promise((ok, fail) => {
    const o = indexedDB.open(name, 1);
    o.onupgradeneeded = () => o.result.createObjectStore('cases', { keyPath: 'id' });
    o.onsuccess = () => ok(o.result); o.onerror = () => fail(o.error);
  });
  const start = performance.now();
  await new Promise((ok, fail) => {
    const tx = db.transaction('cases', 'readwrite');
    const store = tx.objectStore('cases');
    for (const r of records) store.put(r);
    tx.oncomplete = ok; tx.onerror = () => fail(tx.error);
  });
  const ms = performance.now() - start;
  db.close();
  return ms;
}")]
extern "C" {
    async fn raw_write(name: &str, records: js_sys::Array) -> JsValue;
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// A case of about 2 KB as the device keeps it: a full applicant and a described need.
fn case(n: u32) -> LocalCase {
    let mut request = RequestForm {
        channel: "in_person".into(),
        ..RequestForm::default()
    };
    let a = &mut request.applicant;
    a.first_name = "محمد".into();
    a.father_name = "يحيى".into();
    a.grandfather_name = "علي".into();
    a.family_name = "الفيفي".into();
    a.national_id = format!("1{n:09}");
    a.mobile = "0551234567".into();
    a.governorate = "sabya".into();
    a.centre = "الحسيني".into();
    a.address = "شرق المسجد الجامع، الشارع الثاني، المنزل الثالث على اليمين".into();
    request.support.description =
        "ترميم سقف المنزل وإصلاح دورة المياه وتمديدات الكهرباء القديمة. ".repeat(7);
    let actor = Actor {
        user: shared::case::UserRef {
            id: 7,
            name: "أحمد".into(),
        },
        role: Role::Officer,
        outreach_point: Some(shared::case::OutreachPoint {
            id: "sabya".into(),
            name_ar: "نقطة صبيا".into(),
            name_en: "Sabya".into(),
        }),
    };
    let create = Mutation {
        mutation_id: MutationId::new_v7(1_764_000_000_000, [1; 10]),
        // A millisecond apart each: ids unique and in order, as a device makes them.
        case_id: CaseId::new_v7(1_764_000_000_000 + u64::from(n), [0; 10]),
        base_revision: 0,
        created_at: chrono::DateTime::from_timestamp_millis(1_764_000_000_000).expect("a time"),
        op: Op::Create {
            reference: Reference::new(3, n + 1).expect("in range"),
            request,
        },
    };
    let rules = Context {
        now: create.created_at,
        answer_days: Context::DEFAULT_ANSWER_DAYS,
    };
    LocalCase::new(apply(None, &create, &actor, &rules).expect("created"))
}

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: make bench runs it"]
async fn bulk_write_through_the_store_against_raw_indexeddb() {
    let cases: Vec<LocalCase> = (0..CASES).map(case).collect();
    let size = serde_json::to_string(&cases[0]).expect("json").len();
    let records: js_sys::Array = cases.iter().map(|c| to_js(c).expect("record")).collect();
    let (mut ours, mut raw) = (Vec::new(), Vec::new());
    for run in 0..RUNS {
        let name = format!("brs-bench-ours-{run}");
        let _ = rexie::Rexie::delete(&name).await;
        let store = Store::from_db(Store::open(&name).await.expect("opens"));
        let start = now();
        store.put_cases(&cases).await.expect("written");
        ours.push(now() - start);
        assert_eq!(store.cases().await.expect("read").len(), CASES as usize);
        store.close();
        let _ = rexie::Rexie::delete(&name).await;

        let name = format!("brs-bench-raw-{run}");
        raw.push(
            raw_write(&name, records.clone())
                .await
                .as_f64()
                .expect("ms"),
        );
        let _ = rexie::Rexie::delete(&name).await;
    }
    let (ours, raw) = (median(ours), median(raw));
    console_log!(
        "BENCH (a) IndexedDB bulk write of {CASES} cases of {size} bytes | {ours:.0} ms | raw IndexedDB {raw:.0} ms | ratio {:.2} (target >= 0.80)",
        raw / ours
    );
}
