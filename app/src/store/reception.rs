//! Inquiries on the device, logged at the reception, with whether the server has them; and
//! the list of reference documents last heard from the server.

use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use shared::inquiry::Inquiry;
use wasm_bindgen::JsValue;

use super::{done, from_js, to_js, Store, StoreResult, INQUIRIES};

/// An inquiry as the device holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalInquiry {
    /// The inquiry's id, the store's key.
    pub id: String,
    /// The inquiry.
    pub inquiry: Inquiry,
    /// Whether the server has it.
    pub sent: bool,
}

impl Store {
    /// Keeps inquiries (logged here, or pulled), replacing those with the same id.
    pub async fn put_inquiries(&self, inquiries: &[LocalInquiry]) -> StoreResult<()> {
        let tx = self
            .db()
            .transaction(&[INQUIRIES], TransactionMode::ReadWrite)?;
        let store = tx.store(INQUIRIES)?;
        for i in inquiries {
            store.put(&to_js(i)?, None).await?;
        }
        done(tx).await?;
        Ok(())
    }

    /// Every inquiry on the device.
    pub async fn inquiries(&self) -> StoreResult<Vec<LocalInquiry>> {
        let tx = self
            .db()
            .transaction(&[INQUIRIES], TransactionMode::ReadOnly)?;
        let all = tx.store(INQUIRIES)?.get_all(None, None).await?;
        done(tx).await?;
        all.into_iter().map(from_js).collect()
    }

    /// Notes that the server has these inquiries.
    pub async fn mark_inquiries_sent(&self, ids: &[String]) -> StoreResult<()> {
        let tx = self
            .db()
            .transaction(&[INQUIRIES], TransactionMode::ReadWrite)?;
        let store = tx.store(INQUIRIES)?;
        for id in ids {
            if let Some(v) = store.get(JsValue::from_str(id)).await? {
                let mut local: LocalInquiry = from_js(v)?;
                local.sent = true;
                store.put(&to_js(&local)?, None).await?;
            }
        }
        done(tx).await?;
        Ok(())
    }
}
