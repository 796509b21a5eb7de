//! The device's own database: its id and number, who is signed in, and whose data it holds.

use std::cell::RefCell;
use std::rc::Rc;

use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{DeviceSettings, Me};
use wasm_bindgen::JsValue;

use super::{
    delete_meta, done, get_meta, legacy, meta_in, put_meta_in, set_meta, user_db, Store,
    StoreResult, DEVICE_DB, META, SCHEMA_VERSION,
};

/// Keys of the device's meta store.
pub mod keys {
    /// This device's id, made once.
    pub const DEVICE_ID: &str = "device_id";
    /// The signed-in user, so the app opens signed in with no network.
    pub const ME: &str = "me";
    /// The device's number and the settings it works by, from the server.
    pub const DEVICE: &str = "device";
    /// How many reference numbers this device has made.
    pub const REFERENCES_MADE: &str = "references_made";
    /// The ids of the users who have a database on this device.
    pub const USERS: &str = "users";
    /// The shape of the data on the device (see [`super::legacy`]).
    pub const DATA_VERSION: &str = "data_version";
    /// Every key the device keeps for itself.
    pub const ALL: [&str; 4] = [DEVICE_ID, ME, DEVICE, REFERENCES_MADE];
}

thread_local! {
    static OPEN: RefCell<Option<Rc<Rexie>>> = const { RefCell::new(None) };
}

/// The device's database.
#[derive(Clone, Debug)]
pub struct DeviceStore {
    db: Rc<Rexie>,
}

impl DeviceStore {
    /// Opens the device's database, moving the data of an older version of the app into
    /// the new shape the first time, or returns the open one.
    pub async fn get() -> StoreResult<Self> {
        if let Some(db) = OPEN.with(|o| o.borrow().clone()) {
            return Ok(Self { db });
        }
        let device = Self::from_db(Self::open(DEVICE_DB).await?);
        legacy::migrate(&device, legacy::LEGACY_DB, &user_db).await?;
        OPEN.with(|o| *o.borrow_mut() = Some(device.db.clone()));
        Ok(device)
    }

    /// Opens a device database of this schema under `name`; tests use their own names.
    pub async fn open(name: &str) -> StoreResult<Rexie> {
        Ok(Rexie::builder(name)
            .version(SCHEMA_VERSION)
            .add_object_store(ObjectStore::new(META).key_path("key"))
            .build()
            .await?)
    }

    /// A device store over an already opened database.
    pub fn from_db(db: Rexie) -> Self {
        Self { db: Rc::new(db) }
    }

    /// Closes the database when this is its last handle, so it can be deleted.
    pub fn close(self) {
        if let Ok(db) = Rc::try_unwrap(self.db) {
            db.close();
        }
    }

    pub(crate) fn db(&self) -> &Rexie {
        &self.db
    }

    /// A value from the device's meta store (keys in [`keys`]).
    pub async fn meta<T: DeserializeOwned>(&self, key: &str) -> StoreResult<Option<T>> {
        get_meta(&self.db, key).await
    }

    /// Sets a value in the device's meta store.
    pub async fn set_meta<T: Serialize>(&self, key: &str, value: &T) -> StoreResult<()> {
        set_meta(&self.db, key, value).await
    }

    /// Removes a value from the device's meta store.
    pub async fn delete_meta(&self, key: &str) -> StoreResult<()> {
        delete_meta(&self.db, key).await
    }

    /// The signed-in user, as last heard.
    pub async fn me(&self) -> StoreResult<Option<Me>> {
        self.meta(keys::ME).await
    }

    /// Records `me` as signed in and as having data here, and opens their data from now
    /// on. Another user's data stays in its own database, unseen, until they sign in again.
    pub async fn sign_in(&self, me: &Me) -> StoreResult<()> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        let store = tx.store(META)?;
        let mut users: Vec<i64> = meta_in(&store, keys::USERS).await?.unwrap_or_default();
        if !users.contains(&me.id) {
            users.push(me.id);
            put_meta_in(&store, keys::USERS, &users).await?;
        }
        put_meta_in(&store, keys::ME, me).await?;
        done(tx).await?;
        Store::use_user(Some(me.id));
        Ok(())
    }

    /// Forgets who is signed in; their data, unsent changes included, stays for them.
    pub async fn sign_out(&self) -> StoreResult<()> {
        Store::use_user(None);
        self.delete_meta(keys::ME).await
    }

    /// The users who have a database on this device.
    pub async fn users(&self) -> StoreResult<Vec<i64>> {
        Ok(self.meta(keys::USERS).await?.unwrap_or_default())
    }

    /// How many requests with unsent changes, and unsent inquiries, needs and suggestions,
    /// every user on the device has: what a wipe would lose, counted as the sync
    /// indicator counts them.
    pub async fn unsent_in(&self, user_db: &dyn Fn(i64) -> String) -> StoreResult<u32> {
        let mut n = 0;
        for user in self.users().await? {
            let store = Store::from_db(Store::open(&user_db(user)).await?);
            let cases: std::collections::HashSet<_> = store
                .outbox(None)
                .await?
                .into_iter()
                .map(|e| e.mutation.case_id)
                .collect();
            n += cases.len() as u32;
            n += store.unsent_records().await? as u32;
            store.close();
        }
        Ok(n)
    }

    /// The device's number and settings, once the server has given them.
    pub async fn settings(&self) -> StoreResult<Option<DeviceSettings>> {
        self.meta(keys::DEVICE).await
    }

    /// This device's id, made and stored the first time it is asked for.
    pub async fn device_id(&self) -> StoreResult<String> {
        if let Some(id) = self.meta::<String>(keys::DEVICE_ID).await? {
            return Ok(id);
        }
        let id = crate::device::new_mutation_id().to_string();
        self.set_meta(keys::DEVICE_ID, &id).await?;
        Ok(id)
    }

    /// The reference number the next request of this device will take, without taking it:
    /// shown on a new request until its first field is typed. `None` until numbered.
    pub async fn coming_reference(&self) -> StoreResult<Option<shared::Reference>> {
        let Some(device) = self.settings().await? else {
            return Ok(None);
        };
        let made: u32 = self.meta(keys::REFERENCES_MADE).await?.unwrap_or(0);
        Ok(shared::Reference::new(device.number, made + 1))
    }

    /// The next reference number of this device, counted in one transaction so that no
    /// two requests ever get the same one, whoever is signed in. `None` until the server
    /// has numbered the device.
    pub async fn next_reference(&self) -> StoreResult<Option<shared::Reference>> {
        let Some(device) = self.settings().await? else {
            return Ok(None);
        };
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        let store = tx.store(META)?;
        let made: u32 = meta_in(&store, keys::REFERENCES_MADE).await?.unwrap_or(0);
        let next = made + 1;
        put_meta_in(&store, keys::REFERENCES_MADE, &next).await?;
        done(tx).await?;
        Ok(shared::Reference::new(device.number, next))
    }
}

/// The browser's local storage key that asks for the device to be wiped at the next start.
const WIPE_ASKED: &str = "brs-wipe";

/// Asks for every record and file on the device to be removed; the page must then be
/// reloaded. The wipe happens at the next start, before any database is open, because an
/// open database cannot be deleted; the request outlives a crash until the wipe is done.
pub fn ask_wipe() {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(WIPE_ASKED, "1");
    }
}

/// Wipes the device if it was asked to; call before anything opens a database.
pub async fn wipe_if_asked() -> StoreResult<()> {
    let Some(storage) = local_storage() else {
        return Ok(());
    };
    if storage.get_item(WIPE_ASKED).ok().flatten().is_none() {
        return Ok(());
    }
    wipe(DEVICE_DB, &user_db).await?;
    let _ = storage.remove_item(WIPE_ASKED);
    Ok(())
}

/// Deletes every user's database named in the device database `device_db`, the database
/// of the previous version, and the device database itself: the device as it came.
pub async fn wipe(device_db: &str, user_db: &dyn Fn(i64) -> String) -> StoreResult<()> {
    let device = DeviceStore::from_db(DeviceStore::open(device_db).await?);
    let users = device.users().await?;
    device.close();
    for user in users {
        Rexie::delete(&user_db(user)).await?;
    }
    Rexie::delete(legacy::LEGACY_DB).await?;
    Rexie::delete(device_db).await?;
    Ok(())
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a raw record of a meta store, to copy it as it is.
pub(super) async fn raw_meta(store: &rexie::Store, key: &str) -> StoreResult<Option<JsValue>> {
    Ok(store.get(JsValue::from_str(key)).await?)
}
