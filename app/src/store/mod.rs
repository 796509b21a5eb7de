//! The IndexedDB store: each user's cases, outbox and files, and the device's own facts, on the device first.

pub mod attachments;
pub mod device;
pub mod legacy;
pub mod local;
pub mod outbox;
pub mod records;
pub mod writer;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rexie::{Index, ObjectStore, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::life::mutation::Rejection;
use shared::{Case, CaseId};
use wasm_bindgen::JsValue;

/// The device's own database: its id, number, who is signed in, which users have data.
pub const DEVICE_DB: &str = "brs-device";
/// Each user's database is named this and their id: a tablet shared at an outreach point
/// keeps every officer's cases and unsent changes apart, and opens only the signed-in one's.
pub const USER_DB_PREFIX: &str = "brs-u";
/// The schema version; raise it with every change to the stores or to the shape of what
/// they hold, and say beside [`legacy`] what becomes of the older data.
pub const SCHEMA_VERSION: u32 = 5;
/// Materialised current state of each case, including local unsent edits.
pub const CASES: &str = "cases";
/// Pending mutations, in the order they were made.
pub const OUTBOX: &str = "outbox";
/// Facts kept as key and value: the device's in its database, a user's in theirs.
pub const META: &str = "meta";
/// Files attached to documents, by content hash, with their upload state.
pub const ATTACHMENTS: &str = "attachments";
/// Inquiries logged at the reception.
pub const INQUIRIES: &str = "inquiries";
/// Needs and suggestions given or taken on the device, or pulled (since version 5; the
/// data of version 4 stays as it is).
pub const FEEDBACK: &str = "feedback";
/// The index of cases holding a refusal: cases without one are not in it.
const REFUSED: &str = "refused";

/// The name of a user's database.
pub fn user_db(user: i64) -> String {
    format!("{USER_DB_PREFIX}{user}")
}

/// Why the store failed.
#[derive(Clone, Debug, thiserror::Error)]
pub enum StoreError {
    /// The device has no room left; people are told so in plain words.
    #[error("the device's storage is full")]
    Full,
    /// The browser aborted a transaction whose every write had succeeded: it does so when
    /// the disk fills as the transaction commits (the store is not told why).
    #[error("the device did not keep the change")]
    NotKept,
    /// Nobody is signed in, so there is no user's data to open.
    #[error("nobody is signed in")]
    SignedOut,
    /// IndexedDB refused.
    #[error("storage: {0}")]
    Db(String),
    /// A record could not be (de)serialised.
    #[error("record: {0}")]
    Record(String),
}

impl StoreError {
    /// Sorts a browser's refusal: a full disk is named as such, whatever the browser says.
    pub fn from_browser(message: String) -> Self {
        // Chromium and Firefox name the DOMException QuotaExceededError; Safari and older
        // Firefox say "quota" in the message.
        if message.to_lowercase().contains("quota") {
            Self::Full
        } else {
            Self::Db(message)
        }
    }
}

impl From<rexie::Error> for StoreError {
    fn from(e: rexie::Error) -> Self {
        // The display names the failure; the debug form carries the DOMException's name.
        Self::from_browser(format!("{e} ({e:?})"))
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        Self::Record(e.to_string())
    }
}

/// A result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Waits for a transaction to end and fails unless it committed: an aborted transaction
/// kept none of its writes, though each of them succeeded.
pub(crate) async fn done(tx: rexie::Transaction) -> StoreResult<()> {
    match tx.done().await? {
        rexie::TransactionResult::Committed => Ok(()),
        rexie::TransactionResult::Aborted => Err(StoreError::NotKept),
    }
}

/// A case as the device holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalCase {
    /// The case id, the store's key.
    pub id: String,
    /// The current state, with unsent local edits laid on top.
    pub case: Case,
    /// Why the server refused a change to this case, if it did; shown to staff.
    #[serde(default)]
    pub rejected: Option<Rejection>,
}

impl LocalCase {
    /// Wraps a case for storing.
    pub fn new(case: Case) -> Self {
        Self {
            id: case.id.to_string(),
            case,
            rejected: None,
        }
    }
}

/// The ids of the cases of a pulled page.
pub fn case_ids(cases: &js_sys::Array) -> StoreResult<Vec<CaseId>> {
    cases
        .iter()
        .map(|c| {
            case_id(&c)?
                .parse()
                .map_err(|_| StoreError::Record("a pulled case with a bad id".into()))
        })
        .collect()
}

/// The id of a case as the browser parsed it.
fn case_id(case: &JsValue) -> StoreResult<String> {
    get(case, "id")?
        .as_string()
        .ok_or_else(|| StoreError::Record("a pulled case without an id".into()))
}

/// The record of a [`LocalCase`] holding `case` as it is, with no refusal.
fn record(id: &str, case: &JsValue) -> StoreResult<JsValue> {
    let record: JsValue = js_sys::Object::new().into();
    set(&record, "id", &JsValue::from_str(id))?;
    set(&record, "case", case)?;
    set(&record, "rejected", &JsValue::NULL)?;
    Ok(record)
}

fn get(object: &JsValue, key: &str) -> StoreResult<JsValue> {
    js_sys::Reflect::get(object, &JsValue::from_str(key))
        .map_err(|e| StoreError::Record(format!("{e:?}")))
}

fn set(object: &JsValue, key: &str, value: &JsValue) -> StoreResult<()> {
    js_sys::Reflect::set(object, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|e| StoreError::Record(format!("{e:?}")))
}

/// Converts a record to a JS object, keeping 64-bit numbers as plain numbers.
///
/// Records go through JSON text, the same serde format the API speaks, so the app carries
/// one deserialiser per type instead of two (a third of its size was serde code).
pub fn to_js<T: Serialize>(value: &T) -> StoreResult<JsValue> {
    let text = serde_json::to_string(value)?;
    js_sys::JSON::parse(&text).map_err(|e| StoreError::Record(format!("{e:?}")))
}

/// Converts a JS object back to a record.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> StoreResult<T> {
    let text: String = js_sys::JSON::stringify(&value)
        .map_err(|e| StoreError::Record(format!("{e:?}")))?
        .into();
    Ok(serde_json::from_str(&text)?)
}

thread_local! {
    /// The signed-in user's database, once opened.
    static OPEN: RefCell<Option<(i64, Rc<Rexie>)>> = const { RefCell::new(None) };
    /// Whose data the app works on; `None` while nobody is signed in.
    static USER: Cell<Option<i64>> = const { Cell::new(None) };
}

/// One user's data on the device: their cases, outbox, files and inquiries.
#[derive(Clone, Debug)]
pub struct Store {
    db: Rc<Rexie>,
    /// Whose database this is; `None` for one opened by name (in tests).
    user: Option<i64>,
}

impl Store {
    /// Opens the signed-in user's database (creating or upgrading its stores), or returns
    /// the open one. Fails with [`StoreError::SignedOut`] while nobody is signed in.
    pub async fn get() -> StoreResult<Self> {
        let user = USER.get().ok_or(StoreError::SignedOut)?;
        if let Some((id, db)) = OPEN.with(|o| o.borrow().clone()) {
            if id == user {
                return Ok(Self {
                    db,
                    user: Some(user),
                });
            }
        }
        let db = Rc::new(Self::open(&user_db(user)).await?);
        // The previous user's database closes when the last task holding it ends.
        OPEN.with(|o| *o.borrow_mut() = Some((user, db.clone())));
        Ok(Self {
            db,
            user: Some(user),
        })
    }

    /// Makes the app work on `user`'s data from now on (`None`: on nobody's).
    pub fn use_user(user: Option<i64>) {
        USER.set(user);
    }

    /// Whose database this is.
    pub fn user(&self) -> Option<i64> {
        self.user
    }

    /// Whether this is still the signed-in user's database: a sync that began before the
    /// user changed stops rather than write another user's cases into it.
    pub fn is_current(&self) -> bool {
        self.user.is_none() || self.user == USER.get()
    }

    /// Opens a user's database of this schema under `name`; tests use their own names.
    pub async fn open(name: &str) -> StoreResult<Rexie> {
        Ok(Rexie::builder(name)
            .version(SCHEMA_VERSION)
            .add_object_store(
                ObjectStore::new(CASES)
                    .key_path("id")
                    .add_index(Index::new(REFUSED, "rejected.reason")),
            )
            .add_object_store(
                ObjectStore::new(OUTBOX)
                    .key_path("seq")
                    .auto_increment(true),
            )
            .add_object_store(ObjectStore::new(META).key_path("key"))
            .add_object_store(ObjectStore::new(ATTACHMENTS).key_path("sha256"))
            .add_object_store(ObjectStore::new(INQUIRIES).key_path("id"))
            .add_object_store(ObjectStore::new(FEEDBACK).key_path("id"))
            .build()
            .await?)
    }

    /// A store over an already opened database.
    pub fn from_db(db: Rexie) -> Self {
        Self {
            db: Rc::new(db),
            user: None,
        }
    }

    /// Closes the database when this is its last handle, so it can be deleted or upgraded.
    pub fn close(self) {
        if let Ok(db) = Rc::try_unwrap(self.db) {
            db.close();
        }
    }

    pub(crate) fn db(&self) -> &Rexie {
        &self.db
    }

    /// Every case on the device.
    pub async fn cases(&self) -> StoreResult<Vec<LocalCase>> {
        let tx = self.db.transaction(&[CASES], TransactionMode::ReadOnly)?;
        let all = tx.store(CASES)?.get_all(None, None).await?;
        done(tx).await?;
        all.into_iter().map(from_js).collect()
    }

    /// One case.
    pub async fn case(&self, id: CaseId) -> StoreResult<Option<LocalCase>> {
        let tx = self.db.transaction(&[CASES], TransactionMode::ReadOnly)?;
        let found = tx
            .store(CASES)?
            .get(JsValue::from_str(&id.to_string()))
            .await?;
        done(tx).await?;
        found.map(from_js).transpose()
    }

    /// Stores cases as they are, in one transaction.
    pub async fn put_cases(&self, cases: &[LocalCase]) -> StoreResult<()> {
        let records = cases
            .iter()
            .map(|case| Ok((to_js(case)?, None)))
            .collect::<StoreResult<Vec<_>>>()?;
        let tx = self.db.transaction(&[CASES], TransactionMode::ReadWrite)?;
        // Every put is issued before any is awaited: one round trip, not one per case.
        tx.store(CASES)?.put_all(records.into_iter()).await?;
        done(tx).await?;
        Ok(())
    }

    /// Stores cases as the server sent them, in one transaction, keeping the refusal
    /// recorded on each (the server's state does not carry it).
    ///
    /// `lay_on_top` lays the unsent mutations on each pulled case. The outbox is read in the
    /// same transaction, so a change saved while the page was being pulled is never hidden
    /// by the pulled state: IndexedDB runs the two transactions one after the other.
    ///
    /// `removed` are cases to take off the device (drafts thrown away): each goes unless an
    /// unsent change of this device still holds it, which the server will keep.
    pub async fn put_pulled(
        &self,
        cases: &js_sys::Array,
        removed: &[CaseId],
        lay_on_top: impl Fn(Case, &[outbox::OutboxEntry]) -> Case,
    ) -> StoreResult<()> {
        let tx = self
            .db
            .transaction(&[CASES, OUTBOX], TransactionMode::ReadWrite)?;
        let pending = outbox::entries_in(&tx.store(OUTBOX)?, None).await?;
        let held: std::collections::HashSet<String> = pending
            .iter()
            .map(|e| e.mutation.case_id.to_string())
            .collect();
        let store = tx.store(CASES)?;
        for id in removed {
            if !held.contains(&id.to_string()) {
                store.delete(JsValue::from_str(&id.to_string())).await?;
            }
        }
        // Only the few cases holding a refusal are read back; every other is written
        // without waiting, so a page of a thousand costs one round trip.
        let refused: std::collections::HashSet<String> = store
            .index(REFUSED)?
            .get_all_keys(None, None)
            .await?
            .into_iter()
            .filter_map(|k| k.as_string())
            .collect();
        let mut records = Vec::with_capacity(cases.length() as usize);
        for pulled in cases.iter() {
            let id = case_id(&pulled)?;
            // A case with unsent changes is decoded and has them laid on top; every other
            // is stored as the server sent it, never turned into Rust and back.
            let record = if held.contains(&id) {
                to_js(&LocalCase::new(lay_on_top(from_js(pulled)?, &pending)))?
            } else {
                record(&id, &pulled)?
            };
            if refused.contains(&id) {
                if let Some(v) = store.get(JsValue::from_str(&id)).await? {
                    set(&record, "rejected", &get(&v, "rejected")?)?;
                }
            }
            records.push((record, None));
        }
        store.put_all(records.into_iter()).await?;
        done(tx).await?;
        Ok(())
    }

    /// After a full pull, removes every case the server did not send (`kept` are those it
    /// did), except those an unsent change of this device still holds.
    pub async fn keep_only(&self, kept: &std::collections::HashSet<CaseId>) -> StoreResult<()> {
        let tx = self
            .db
            .transaction(&[CASES, OUTBOX], TransactionMode::ReadWrite)?;
        let pending: std::collections::HashSet<CaseId> =
            outbox::entries_in(&tx.store(OUTBOX)?, None)
                .await?
                .into_iter()
                .map(|e| e.mutation.case_id)
                .collect();
        let store = tx.store(CASES)?;
        for key in store.get_all_keys(None, None).await? {
            let id = key.as_string().and_then(|k| k.parse::<CaseId>().ok());
            if id.is_some_and(|id| !kept.contains(&id) && !pending.contains(&id)) {
                store.delete(key).await?;
            }
        }
        done(tx).await?;
        Ok(())
    }

    /// A value from the user's meta store (keys in [`meta`]).
    pub async fn meta<T: DeserializeOwned>(&self, key: &str) -> StoreResult<Option<T>> {
        get_meta(&self.db, key).await
    }

    /// Sets a value in the user's meta store.
    pub async fn set_meta<T: Serialize>(&self, key: &str, value: &T) -> StoreResult<()> {
        set_meta(&self.db, key, value).await
    }

    /// Removes a value from the user's meta store.
    pub async fn delete_meta(&self, key: &str) -> StoreResult<()> {
        delete_meta(&self.db, key).await
    }
}

/// A value from a database's meta store.
async fn get_meta<T: DeserializeOwned>(db: &Rexie, key: &str) -> StoreResult<Option<T>> {
    let tx = db.transaction(&[META], TransactionMode::ReadOnly)?;
    let found = meta_in(&tx.store(META)?, key).await?;
    done(tx).await?;
    Ok(found)
}

/// Sets a value in a database's meta store.
async fn set_meta<T: Serialize>(db: &Rexie, key: &str, value: &T) -> StoreResult<()> {
    let tx = db.transaction(&[META], TransactionMode::ReadWrite)?;
    put_meta_in(&tx.store(META)?, key, value).await?;
    done(tx).await?;
    Ok(())
}

/// Removes a value from a database's meta store.
async fn delete_meta(db: &Rexie, key: &str) -> StoreResult<()> {
    let tx = db.transaction(&[META], TransactionMode::ReadWrite)?;
    tx.store(META)?.delete(JsValue::from_str(key)).await?;
    done(tx).await?;
    Ok(())
}

/// A meta record: its key and value.
#[derive(Serialize, Deserialize)]
struct MetaEntry<T> {
    key: String,
    value: T,
}

/// A value from the meta store, inside the caller's transaction.
pub(crate) async fn meta_in<T: DeserializeOwned>(
    meta_store: &rexie::Store,
    key: &str,
) -> StoreResult<Option<T>> {
    match meta_store.get(JsValue::from_str(key)).await? {
        Some(v) => Ok(Some(from_js::<MetaEntry<T>>(v)?.value)),
        None => Ok(None),
    }
}

/// Sets a value in the meta store, inside the caller's transaction.
pub(crate) async fn put_meta_in<T: Serialize>(
    meta_store: &rexie::Store,
    key: &str,
    value: &T,
) -> StoreResult<()> {
    let entry = MetaEntry {
        key: key.to_owned(),
        value,
    };
    meta_store.put(&to_js(&entry)?, None).await?;
    Ok(())
}

/// Keys of a user's meta store.
pub mod meta {
    /// The last server sequence number pulled.
    pub const CURSOR: &str = "cursor";
    /// The server epoch the cursor belongs to.
    pub const EPOCH: &str = "server_epoch";
    /// When the last full sync finished.
    pub const LAST_SYNCED: &str = "last_synced";
    /// The last inquiry pulled.
    pub const INQUIRY_CURSOR: &str = "inquiry_cursor";
    /// The last change to the needs and suggestions pulled.
    pub const FEEDBACK_CURSOR: &str = "feedback_cursor";
    /// The reference documents last heard from the server.
    pub const TOOLS: &str = "tools";
    /// What the server said the user's cases are (see `PullResponse::scope`).
    pub const SCOPE: &str = "scope";
    /// The last outbox entry sent in a push not yet answered: entries up to it may have
    /// been applied, so no later edit is folded into them.
    pub const IN_FLIGHT: &str = "in_flight";
    /// The social researchers a case can be assigned to, kept for assigning offline.
    pub const RESEARCHERS: &str = "researchers";
    /// The outreach points a case can be moved to, kept for moving offline.
    pub const POINTS: &str = "points";
    /// The visit report a researcher is writing for a case, kept as typed.
    pub fn visit_draft(case: shared::CaseId) -> String {
        format!("visit_draft:{case}")
    }
    /// Every fixed key of a user's meta store.
    pub const ALL: [&str; 9] = [
        CURSOR,
        EPOCH,
        LAST_SYNCED,
        INQUIRY_CURSOR,
        TOOLS,
        SCOPE,
        IN_FLIGHT,
        RESEARCHERS,
        POINTS,
    ];
}

#[cfg(test)]
mod tests {
    use super::StoreError;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn a_full_disk_is_named_whatever_the_browser_calls_it() {
        for said in [
            "QuotaExceededError: The quota has been exceeded.",
            "Failed to execute 'put': QUOTA_EXCEEDED_ERR",
        ] {
            assert!(matches!(
                StoreError::from_browser(said.into()),
                StoreError::Full
            ));
        }
        assert!(matches!(
            StoreError::from_browser("AbortError".into()),
            StoreError::Db(_)
        ));
    }
}
