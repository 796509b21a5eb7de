//! Records made on devices that are not cases (inquiries, needs and suggestions), on the
//! device: those made here, kept until the server has them, and those pulled.

use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use shared::records::feedback::Feedback;
use shared::records::inquiry::Inquiry;
use shared::records::Record;
use wasm_bindgen::JsValue;

use super::{done, from_js, get, meta, to_js, Store, StoreResult, FEEDBACK, INQUIRIES};

/// Where the device keeps a kind of record.
pub trait Kept: Record {
    /// Its object store.
    const STORE: &'static str;
    /// The meta key of the last change pulled.
    const CURSOR: &'static str;
}

impl Kept for Inquiry {
    const STORE: &'static str = INQUIRIES;
    const CURSOR: &'static str = meta::INQUIRY_CURSOR;
}

impl Kept for Feedback {
    const STORE: &'static str = FEEDBACK;
    const CURSOR: &'static str = meta::FEEDBACK_CURSOR;
}

/// A record as the device holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct LocalRecord<R: Record> {
    /// Its id, the store's key.
    pub id: String,
    /// The record, as last known. (Earlier versions of the app named it after its kind.)
    #[serde(alias = "inquiry", alias = "item")]
    pub record: R,
    /// Whether the server has it.
    pub sent: bool,
}

/// An inquiry of the reception, on the device.
pub type LocalInquiry = LocalRecord<Inquiry>;
/// A need or suggestion, on the device.
pub type LocalFeedback = LocalRecord<Feedback>;

impl<R: Record> LocalRecord<R> {
    /// One made on this device, to be sent.
    pub fn made_here(record: R) -> Self {
        Self {
            id: record.id().to_string(),
            record,
            sent: false,
        }
    }

    /// One as the server has it.
    pub fn from_server(record: R) -> Self {
        Self {
            sent: true,
            ..Self::made_here(record)
        }
    }
}

impl Store {
    /// Keeps records (made here, or pulled), replacing those with the same id; one pulled
    /// never replaces one made here that the server does not have yet.
    pub async fn put_records<R: Kept>(&self, items: &[LocalRecord<R>]) -> StoreResult<()> {
        let tx = self
            .db()
            .transaction(&[R::STORE], TransactionMode::ReadWrite)?;
        let store = tx.store(R::STORE)?;
        for r in items {
            if r.sent {
                if let Some(v) = store.get(JsValue::from_str(&r.id)).await? {
                    let held: LocalRecord<R> = from_js(v)?;
                    if !held.sent {
                        continue;
                    }
                }
            }
            store.put(&to_js(r)?, None).await?;
        }
        done(tx).await?;
        Ok(())
    }

    /// Every record of the kind on the device, newest first.
    pub async fn records<R: Kept>(&self) -> StoreResult<Vec<LocalRecord<R>>> {
        let tx = self
            .db()
            .transaction(&[R::STORE], TransactionMode::ReadOnly)?;
        let all = tx.store(R::STORE)?.get_all(None, None).await?;
        done(tx).await?;
        let mut items: Vec<LocalRecord<R>> =
            all.into_iter().map(from_js).collect::<StoreResult<_>>()?;
        items.sort_by_key(|r| std::cmp::Reverse(r.record.at()));
        Ok(items)
    }

    /// How many records of every kind wait to be sent.
    pub async fn unsent_records(&self) -> StoreResult<usize> {
        Ok(self.unsent::<Inquiry>().await? + self.unsent::<Feedback>().await?)
    }

    /// How many records of a kind wait to be sent.
    /// Read from each record's mark alone: they are counted after every save, and a
    /// reception's device holds many records.
    async fn unsent<R: Kept>(&self) -> StoreResult<usize> {
        let tx = self
            .db()
            .transaction(&[R::STORE], TransactionMode::ReadOnly)?;
        let all = tx.store(R::STORE)?.get_all(None, None).await?;
        done(tx).await?;
        let mut n = 0;
        for record in &all {
            if get(record, "sent")?.as_bool() != Some(true) {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Notes that the server has these.
    pub async fn mark_sent<R: Kept>(&self, ids: &[String]) -> StoreResult<()> {
        let tx = self
            .db()
            .transaction(&[R::STORE], TransactionMode::ReadWrite)?;
        let store = tx.store(R::STORE)?;
        for id in ids {
            if let Some(v) = store.get(JsValue::from_str(id)).await? {
                let mut local: LocalRecord<R> = from_js(v)?;
                local.sent = true;
                store.put(&to_js(&local)?, None).await?;
            }
        }
        done(tx).await?;
        Ok(())
    }
}
