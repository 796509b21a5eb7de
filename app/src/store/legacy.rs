//! Data of versions 1 to 3, which kept the device's facts and one user's data in a single
//! database, moved into version 4's shape: a device database and one database per user.

use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::JsValue;

use super::device::{keys, raw_meta, DeviceStore};
use super::{
    done, meta, meta_in, put_meta_in, Store, StoreResult, ATTACHMENTS, CASES, INQUIRIES, META,
    OUTBOX, SCHEMA_VERSION,
};

/// The single database of versions 1 to 3.
pub const LEGACY_DB: &str = "brs";
/// Its last schema version.
pub const LEGACY_VERSION: u32 = 3;
/// The first version with a device database and one per user: a device marked with it or
/// a later one has nothing left to move.
const SPLIT_VERSION: u32 = 4;
/// Its meta key for the user whose data it held.
pub const OWNER: &str = "owner";

/// Opens (or creates) a database of the version 3 schema under `name`.
pub async fn open_legacy(name: &str) -> StoreResult<Rexie> {
    Ok(Rexie::builder(name)
        .version(LEGACY_VERSION)
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

/// Moves the database `legacy`, if there is one, into `device` and into the database of
/// the user whose data it held (named by `user_db`), then deletes it.
///
/// Every record is copied as it is (files included), outbox entries under their own
/// numbers, so the order of unsent changes and the marks of what went out unanswered are
/// kept. Copies overwrite, so a move cut short by a closed tab is simply done again at the
/// next start; the device is marked as moved only once the old database is gone.
///
/// Version 1 held cases of the first, short request form, which no server keeps any more:
/// those cases and their unsent changes are dropped and pulled again in the new shape (the
/// server's epoch changed with them). The device's id and numbering stay.
pub async fn migrate(
    device: &DeviceStore,
    legacy: &str,
    user_db: &dyn Fn(i64) -> String,
) -> StoreResult<()> {
    let moved: Option<u32> = device.meta(keys::DATA_VERSION).await?;
    if moved.is_some_and(|v| v >= SPLIT_VERSION) {
        return Ok(());
    }
    let old = open_legacy(legacy).await?;
    let tx = old.transaction(&[META], TransactionMode::ReadOnly)?;
    let old_meta = tx.store(META)?;
    let owner: Option<i64> = meta_in(&old_meta, OWNER).await?;
    let data_version: u32 = meta_in(&old_meta, keys::DATA_VERSION).await?.unwrap_or(1);
    let mut device_facts = Vec::new();
    for key in keys::ALL {
        device_facts.extend(raw_meta(&old_meta, key).await?);
    }
    let mut user_facts = Vec::new();
    for key in meta::ALL {
        user_facts.extend(raw_meta(&old_meta, key).await?);
    }
    done(tx).await?;

    let tx = device
        .db()
        .transaction(&[META], TransactionMode::ReadWrite)?;
    let device_meta = tx.store(META)?;
    for record in &device_facts {
        device_meta.put(record, None).await?;
    }
    if let Some(owner) = owner {
        let mut users: Vec<i64> = meta_in(&device_meta, keys::USERS)
            .await?
            .unwrap_or_default();
        if !users.contains(&owner) {
            users.push(owner);
            put_meta_in(&device_meta, keys::USERS, &users).await?;
        }
    }
    done(tx).await?;

    if let Some(owner) = owner {
        let user = Store::open(&user_db(owner)).await?;
        let mut stores = vec![ATTACHMENTS, INQUIRIES];
        if data_version >= 2 {
            stores.extend([CASES, OUTBOX]);
            copy_records(&user, META, user_facts).await?;
        }
        for name in stores {
            let tx = old.transaction(&[name], TransactionMode::ReadOnly)?;
            let records = tx.store(name)?.get_all(None, None).await?;
            done(tx).await?;
            copy_records(&user, name, records).await?;
        }
        user.close();
    }
    old.close();
    Rexie::delete(legacy).await?;
    device.set_meta(keys::DATA_VERSION, &SCHEMA_VERSION).await
}

/// Puts `records` into the store `name` of `db` in one transaction.
async fn copy_records(db: &Rexie, name: &str, records: Vec<JsValue>) -> StoreResult<()> {
    let tx = db.transaction(&[name], TransactionMode::ReadWrite)?;
    let store = tx.store(name)?;
    for record in &records {
        store.put(record, None).await?;
    }
    done(tx).await?;
    Ok(())
}
