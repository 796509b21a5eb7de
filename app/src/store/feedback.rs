//! Needs and suggestions on the device: those given or taken here, kept until the server has them, and those pulled with their answers.

use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use shared::feedback::Feedback;
use wasm_bindgen::JsValue;

use super::{done, from_js, to_js, Store, StoreResult, FEEDBACK};

/// A need or suggestion as the device holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalFeedback {
    /// Its id, the store's key.
    pub id: String,
    /// The need or suggestion, as last known.
    pub item: Feedback,
    /// Whether the server has it.
    pub sent: bool,
}

impl Store {
    /// Keeps needs and suggestions (given here, or pulled), replacing those with the same
    /// id; one pulled never replaces one given here that the server does not have yet.
    pub async fn put_feedback(&self, items: &[LocalFeedback]) -> StoreResult<()> {
        let tx = self
            .db()
            .transaction(&[FEEDBACK], TransactionMode::ReadWrite)?;
        let store = tx.store(FEEDBACK)?;
        for f in items {
            if f.sent {
                if let Some(v) = store.get(JsValue::from_str(&f.id)).await? {
                    let held: LocalFeedback = from_js(v)?;
                    if !held.sent {
                        continue;
                    }
                }
            }
            store.put(&to_js(f)?, None).await?;
        }
        done(tx).await?;
        Ok(())
    }

    /// Every need and suggestion on the device, newest first.
    pub async fn feedback(&self) -> StoreResult<Vec<LocalFeedback>> {
        let tx = self
            .db()
            .transaction(&[FEEDBACK], TransactionMode::ReadOnly)?;
        let all = tx.store(FEEDBACK)?.get_all(None, None).await?;
        done(tx).await?;
        let mut items: Vec<LocalFeedback> =
            all.into_iter().map(from_js).collect::<StoreResult<_>>()?;
        items.sort_by_key(|f| std::cmp::Reverse(f.item.at));
        Ok(items)
    }

    /// Notes that the server has these.
    pub async fn mark_feedback_sent(&self, ids: &[String]) -> StoreResult<()> {
        let tx = self
            .db()
            .transaction(&[FEEDBACK], TransactionMode::ReadWrite)?;
        let store = tx.store(FEEDBACK)?;
        for id in ids {
            if let Some(v) = store.get(JsValue::from_str(id)).await? {
                let mut local: LocalFeedback = from_js(v)?;
                local.sent = true;
                store.put(&to_js(&local)?, None).await?;
            }
        }
        done(tx).await?;
        Ok(())
    }
}
