//! The outbox: mutations made on this device, kept in order until the server has answered them.

use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use shared::life::merge;
use shared::life::mutation::{Mutation, Op};
use wasm_bindgen::JsValue;

use super::{
    done, from_js, get, meta, meta_in, put_meta_in, to_js, LocalCase, Store, StoreError,
    StoreResult, CASES, META, OUTBOX,
};

/// A pending mutation and its place in the queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// Position in the queue, given by IndexedDB; absent until stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    /// The mutation.
    pub mutation: Mutation,
}

/// The oldest entries of the outbox, at most `limit`, inside the caller's transaction.
pub(super) async fn entries_in(
    outbox: &rexie::Store,
    limit: Option<u32>,
) -> StoreResult<Vec<OutboxEntry>> {
    outbox
        .get_all(None, limit)
        .await?
        .into_iter()
        .map(from_js)
        .collect()
}

/// Whether a stored entry is an edit of fields, read without decoding it.
fn is_change(entry: &JsValue) -> StoreResult<bool> {
    let op = get(&get(entry, "mutation")?, "op")?;
    Ok(get(&op, "type")?.as_string().as_deref() == Some("change"))
}

/// Adds a mutation at the end of the outbox, inside the caller's transaction.
pub(super) async fn enqueue(outbox: &rexie::Store, mutation: &Mutation) -> StoreResult<()> {
    let entry = OutboxEntry {
        seq: None,
        mutation: mutation.clone(),
    };
    outbox.add(&to_js(&entry)?, None).await?;
    Ok(())
}

impl Store {
    /// Writes a case's new state and the mutations that made it in one transaction: either
    /// both are on the device, or neither is.
    pub async fn record(&self, case: &LocalCase, mutations: &[Mutation]) -> StoreResult<()> {
        let tx = self
            .db()
            .transaction(&[CASES, OUTBOX], TransactionMode::ReadWrite)?;
        let cases = tx.store(CASES)?;
        let outbox = tx.store(OUTBOX)?;
        cases.put(&to_js(case)?, None).await?;
        for mutation in mutations {
            enqueue(&outbox, mutation).await?;
        }
        done(tx).await?;
        Ok(())
    }

    /// Writes a case's new state and one more edit of its fields in one transaction. When
    /// the last mutation queued edits the same case and has not been sent, the two become
    /// one edit, from the first one's starting values to the newest: typing fills the
    /// outbox with one entry, not one per keystroke. Only the very last entry is folded,
    /// so the order of changes is kept. An entry that went out in a push not yet answered
    /// is never folded into: the server may have applied it already.
    pub async fn record_edit(&self, case: &LocalCase, mutation: &Mutation) -> StoreResult<()> {
        let tx = self
            .db()
            .transaction(&[CASES, OUTBOX, META], TransactionMode::ReadWrite)?;
        let cases = tx.store(CASES)?;
        let outbox = tx.store(OUTBOX)?;
        cases.put(&to_js(case)?, None).await?;
        let in_flight: u64 = meta_in(&tx.store(META)?, meta::IN_FLIGHT)
            .await?
            .unwrap_or(0);
        let last = outbox
            .scan(None, Some(1), None, Some(rexie::Direction::Prev))
            .await?
            .into_iter()
            .next();
        let mut mutation = mutation.clone();
        // Only an edit is folded into: any other entry (a new request's whole form) is
        // left undecoded, as this runs at every key.
        let last = match last {
            Some((key, value)) if is_change(&value)? => Some((key, value)),
            _ => None,
        };
        if let Some((key, value)) = last {
            let entry: OutboxEntry = from_js(value)?;
            if let (Op::Change { changes: earlier }, Op::Change { changes: later }) =
                (&entry.mutation.op, &mutation.op)
            {
                let unsent = entry.seq.is_some_and(|seq| seq > in_flight);
                if unsent && entry.mutation.case_id == mutation.case_id {
                    outbox.delete(key).await?;
                    mutation = Mutation {
                        base_revision: entry.mutation.base_revision,
                        op: Op::Change {
                            changes: merge::combine(earlier, later),
                        },
                        ..mutation
                    };
                }
            }
        }
        // Typing back what was there before leaves nothing to send.
        if !matches!(&mutation.op, Op::Change { changes } if changes.is_empty()) {
            enqueue(&outbox, &mutation).await?;
        }
        done(tx).await?;
        Ok(())
    }

    /// The oldest pending mutations, at most `limit`, in order.
    pub async fn outbox(&self, limit: Option<u32>) -> StoreResult<Vec<OutboxEntry>> {
        let tx = self
            .db()
            .transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let entries = entries_in(&tx.store(OUTBOX)?, limit).await?;
        done(tx).await?;
        Ok(entries)
    }

    /// The oldest pending mutations, at most `limit`, marked as going out in a push: in the
    /// same transaction, so no edit is folded into one of them between reading and sending.
    pub async fn outbox_to_send(&self, limit: u32) -> StoreResult<Vec<OutboxEntry>> {
        let tx = self
            .db()
            .transaction(&[OUTBOX, META], TransactionMode::ReadWrite)?;
        let entries = entries_in(&tx.store(OUTBOX)?, Some(limit)).await?;
        if let Some(last) = entries.iter().filter_map(|e| e.seq).max() {
            put_meta_in(&tx.store(META)?, meta::IN_FLIGHT, &last).await?;
        }
        done(tx).await?;
        Ok(entries)
    }

    /// The cases with changes waiting, read from each entry's case id alone: they are
    /// counted after every save, and decoding every waiting change (a new request's whole
    /// form among them) at each key would slow typing down.
    pub async fn waiting_cases(&self) -> StoreResult<std::collections::HashSet<shared::CaseId>> {
        let tx = self
            .db()
            .transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let entries = tx.store(OUTBOX)?.get_all(None, None).await?;
        done(tx).await?;
        entries
            .iter()
            .map(|entry| {
                get(&get(entry, "mutation")?, "case_id")?
                    .as_string()
                    .and_then(|id| id.parse().ok())
                    .ok_or_else(|| StoreError::Record("an outbox entry without a case".into()))
            })
            .collect()
    }

    /// How many mutations wait to be sent.
    pub async fn outbox_len(&self) -> StoreResult<u32> {
        let tx = self
            .db()
            .transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let n = tx.store(OUTBOX)?.count(None).await?;
        done(tx).await?;
        Ok(n)
    }

    /// Removes the answered mutations at the head of the queue, every entry up to and
    /// including `last`, and with them the mark of a push under way, in one transaction.
    /// A push sends the oldest entries and entries are only ever added after them, so
    /// nothing else lies in that range.
    pub async fn remove_through(&self, last: u64) -> StoreResult<()> {
        let tx = self
            .db()
            .transaction(&[OUTBOX, META], TransactionMode::ReadWrite)?;
        let head = rexie::KeyRange::upper_bound(&JsValue::from_f64(last as f64), None)
            .map_err(|e| StoreError::Db(e.to_string()))?;
        tx.store(OUTBOX)?.delete(head.into()).await?;
        tx.store(META)?
            .delete(JsValue::from_str(meta::IN_FLIGHT))
            .await?;
        done(tx).await?;
        Ok(())
    }
}
