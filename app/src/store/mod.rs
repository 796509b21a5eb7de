//! The IndexedDB store: every case, the outbox, and the device's own facts, on the device first.

pub mod attachments;
pub mod outbox;
pub mod reception;

use std::cell::RefCell;
use std::rc::Rc;

use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::sync::Rejection;
use shared::{Case, CaseId};
use wasm_bindgen::JsValue;

/// The database's name.
pub const DB_NAME: &str = "brs";
/// The schema version; raise it with every change to the stores or to the shape of what
/// they hold, and say in [`Store::migrate`] what becomes of the older data.
pub const SCHEMA_VERSION: u32 = 3;
/// Materialised current state of each case, including local unsent edits.
pub const CASES: &str = "cases";
/// Pending mutations, in the order they were made.
pub const OUTBOX: &str = "outbox";
/// The device's own facts: device id, signed-in user, sync cursor.
pub const META: &str = "meta";
/// Files attached to documents, by content hash, with their upload state.
pub const ATTACHMENTS: &str = "attachments";
/// Inquiries logged at the reception.
pub const INQUIRIES: &str = "inquiries";

/// Why the store failed. Quota and blocked-upgrade errors surface here.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// IndexedDB refused.
    #[error("storage: {0}")]
    Db(String),
    /// A record could not be (de)serialised.
    #[error("record: {0}")]
    Record(String),
}

impl From<rexie::Error> for StoreError {
    fn from(e: rexie::Error) -> Self {
        Self::Db(e.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        Self::Record(e.to_string())
    }
}

/// A result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

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
    static OPEN: RefCell<Option<Rc<Rexie>>> = const { RefCell::new(None) };
}

/// The device's database, opened once per page.
#[derive(Clone, Debug)]
pub struct Store {
    db: Rc<Rexie>,
}

impl Store {
    /// Opens the database (creating or upgrading its stores) or returns the open one.
    pub async fn get() -> StoreResult<Self> {
        if let Some(db) = OPEN.with(|o| o.borrow().clone()) {
            return Ok(Self { db });
        }
        let store = Self::from_db(Self::open(DB_NAME).await?);
        store.migrate().await?;
        OPEN.with(|o| *o.borrow_mut() = Some(store.db.clone()));
        Ok(store)
    }

    /// Brings the data written by an older version of the app to this one's shape.
    ///
    /// Version 1 held cases of the first, short request form, which no server keeps any
    /// more: those cases and their unsent changes are dropped and pulled again in the new
    /// shape (the server's epoch changed with them). The device's id and numbering stay.
    pub async fn migrate(&self) -> StoreResult<()> {
        let data_version = self.meta::<u32>(meta::DATA_VERSION).await?.unwrap_or(1);
        if data_version < 2 {
            let tx = self
                .db
                .transaction(&[CASES, OUTBOX, META], TransactionMode::ReadWrite)?;
            tx.store(CASES)?.clear().await?;
            tx.store(OUTBOX)?.clear().await?;
            let meta_store = tx.store(META)?;
            for key in [meta::CURSOR, meta::EPOCH] {
                meta_store.delete(JsValue::from_str(key)).await?;
            }
            tx.done().await?;
        }
        // Version 3 only added the inquiries store, which the upgrade created empty.
        if data_version != SCHEMA_VERSION {
            self.set_meta(meta::DATA_VERSION, &SCHEMA_VERSION).await?;
        }
        Ok(())
    }

    /// Opens a database of this schema under `name`; tests use their own names.
    pub async fn open(name: &str) -> StoreResult<Rexie> {
        Ok(Rexie::builder(name)
            .version(SCHEMA_VERSION)
            .add_object_store(ObjectStore::new(CASES).key_path("id"))
            .add_object_store(
                ObjectStore::new(OUTBOX)
                    .key_path("seq")
                    .auto_increment(true),
            )
            .add_object_store(ObjectStore::new(META).key_path("key"))
            .add_object_store(ObjectStore::new(ATTACHMENTS).key_path("sha256"))
            .add_object_store(ObjectStore::new(INQUIRIES).key_path("id"))
            .build()
            .await?)
    }

    /// A store over an already opened database.
    pub fn from_db(db: Rexie) -> Self {
        Self { db: Rc::new(db) }
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
        tx.done().await?;
        all.into_iter().map(from_js).collect()
    }

    /// One case.
    pub async fn case(&self, id: CaseId) -> StoreResult<Option<LocalCase>> {
        let tx = self.db.transaction(&[CASES], TransactionMode::ReadOnly)?;
        let found = tx
            .store(CASES)?
            .get(JsValue::from_str(&id.to_string()))
            .await?;
        tx.done().await?;
        found.map(from_js).transpose()
    }

    /// Stores cases as they are (after a pull).
    pub async fn put_cases(&self, cases: &[LocalCase]) -> StoreResult<()> {
        let tx = self.db.transaction(&[CASES], TransactionMode::ReadWrite)?;
        let store = tx.store(CASES)?;
        for case in cases {
            store.put(&to_js(case)?, None).await?;
        }
        tx.done().await?;
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
        cases: Vec<Case>,
        removed: &[CaseId],
        lay_on_top: impl Fn(Case, &[outbox::OutboxEntry]) -> Case,
    ) -> StoreResult<()> {
        let tx = self
            .db
            .transaction(&[CASES, OUTBOX], TransactionMode::ReadWrite)?;
        let pending = outbox::entries_in(&tx.store(OUTBOX)?, None).await?;
        let store = tx.store(CASES)?;
        for id in removed {
            if !pending.iter().any(|e| e.mutation.case_id == *id) {
                store.delete(JsValue::from_str(&id.to_string())).await?;
            }
        }
        for case in cases {
            let case = lay_on_top(case, &pending);
            let existing = store.get(JsValue::from_str(&case.id.to_string())).await?;
            let rejected = match existing {
                Some(v) => from_js::<LocalCase>(v)?.rejected,
                None => None,
            };
            let local = LocalCase {
                rejected,
                ..LocalCase::new(case)
            };
            store.put(&to_js(&local)?, None).await?;
        }
        tx.done().await?;
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
        tx.done().await?;
        Ok(())
    }

    /// A value from the meta store.
    pub async fn meta<T: DeserializeOwned>(&self, key: &str) -> StoreResult<Option<T>> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        let found = meta_in(&tx.store(META)?, key).await?;
        tx.done().await?;
        Ok(found)
    }

    /// Sets a value in the meta store.
    pub async fn set_meta<T: Serialize>(&self, key: &str, value: &T) -> StoreResult<()> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        put_meta_in(&tx.store(META)?, key, value).await?;
        tx.done().await?;
        Ok(())
    }

    /// Removes a value from the meta store.
    pub async fn delete_meta(&self, key: &str) -> StoreResult<()> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        tx.store(META)?.delete(JsValue::from_str(key)).await?;
        tx.done().await?;
        Ok(())
    }
}

impl Store {
    /// The next reference number of this device, counted in one transaction so that no
    /// two requests ever get the same one. `None` until the server has numbered the device.
    pub async fn next_reference(&self) -> StoreResult<Option<shared::Reference>> {
        let Some(device) = self
            .meta::<shared::api::DeviceSettings>(meta::DEVICE)
            .await?
        else {
            return Ok(None);
        };
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        let store = tx.store(META)?;
        let made: u32 = meta_in(&store, meta::REFERENCES_MADE).await?.unwrap_or(0);
        let next = made + 1;
        put_meta_in(&store, meta::REFERENCES_MADE, &next).await?;
        tx.done().await?;
        Ok(shared::Reference::new(device.number, next))
    }

    /// Removes every case, the outbox, the attached files and the per-user facts in one
    /// transaction, keeping only the device's own facts: the device as a new user should
    /// find it.
    pub async fn clear_user_data(&self) -> StoreResult<()> {
        let tx = self.db.transaction(
            &[CASES, OUTBOX, META, ATTACHMENTS, INQUIRIES],
            TransactionMode::ReadWrite,
        )?;
        tx.store(CASES)?.clear().await?;
        tx.store(OUTBOX)?.clear().await?;
        tx.store(INQUIRIES)?.clear().await?;
        // Another user's documents must not stay on a shared device either.
        tx.store(ATTACHMENTS)?.clear().await?;
        let meta_store = tx.store(META)?;
        for key in meta::PER_USER {
            meta_store.delete(JsValue::from_str(key)).await?;
        }
        tx.done().await?;
        Ok(())
    }
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

/// Keys of the meta store.
pub mod meta {
    /// This device's id, made once.
    pub const DEVICE_ID: &str = "device_id";
    /// The signed-in user, so the app opens signed in with no network.
    pub const ME: &str = "me";
    /// The last server sequence number pulled.
    pub const CURSOR: &str = "cursor";
    /// The server epoch the cursor belongs to.
    pub const EPOCH: &str = "server_epoch";
    /// When the last full sync finished.
    pub const LAST_SYNCED: &str = "last_synced";
    /// The id of the user whose cases this device holds.
    pub const OWNER: &str = "owner";
    /// The shape of the data on the device (see `Store::migrate`).
    pub const DATA_VERSION: &str = "data_version";
    /// The device's number and the settings it works by, from the server.
    pub const DEVICE: &str = "device";
    /// How many reference numbers this device has made.
    pub const REFERENCES_MADE: &str = "references_made";
    /// The last inquiry pulled.
    pub const INQUIRY_CURSOR: &str = "inquiry_cursor";
    /// The reference documents last heard from the server.
    pub const TOOLS: &str = "tools";
    /// What the server said the user's cases are (see `PullResponse::scope`).
    pub const SCOPE: &str = "scope";
    /// The last outbox entry sent in a push not yet answered: entries up to it may have
    /// been applied, so no later edit is folded into them.
    pub const IN_FLIGHT: &str = "in_flight";
    /// What belongs to the user whose cases the device holds, and goes with them.
    pub const PER_USER: [&str; 9] = [
        ME,
        CURSOR,
        EPOCH,
        LAST_SYNCED,
        OWNER,
        INQUIRY_CURSOR,
        TOOLS,
        SCOPE,
        IN_FLIGHT,
    ];
}
