//! The outbox sent, in order, and what the server made of each change kept.

use super::*;

/// Sends the outbox in batches, in order, until it is empty.
///
/// Stops before a change that attaches a file not uploaded yet (attached after the
/// uploads of this round began) and returns `false`; `true` once the outbox is empty.
pub(super) async fn push_outbox(store: &Store, state: SyncState) -> Result<bool, SyncProblem> {
    let device_id = DeviceStore::get().await?.device_id().await?;
    let (mut sent, mut total) = (0u64, 0u64);
    loop {
        // Counted again each round: typing meanwhile adds to what is to send.
        total = total.max(sent + u64::from(store.outbox_len().await?));
        state.show(Step::Sending, sent, total);
        let mut entries = store.outbox_to_send(PushRequest::MAX_BATCH as u32).await?;
        if entries.is_empty() {
            // Counted once at the end: counting requests reads the whole outbox, which a
            // long push would otherwise do after every batch.
            state.recount(store).await;
            return Ok(true);
        }
        let mut ready = entries.len();
        for (i, entry) in entries.iter().enumerate() {
            if let Op::Attach { attachment, .. } = &entry.mutation.op {
                let uploaded = store
                    .file(&attachment.sha256)
                    .await?
                    .is_none_or(|f| f.uploaded);
                if !uploaded {
                    ready = i;
                    break;
                }
            }
        }
        if ready == 0 {
            state.recount(store).await;
            return Ok(false);
        }
        entries.truncate(ready);
        let request = PushRequest {
            device_id: device_id.clone(),
            user_id: store.user(),
            mutations: entries.iter().map(|e| e.mutation.clone()).collect(),
        };
        still_theirs(store)?;
        // Until the reply comes, the server may have applied these: they were marked so
        // when read, and no edit is folded into them (see `Store::record_edit`), even if
        // the app is closed meanwhile.
        let reply = api::push(&request).await?;
        let mut refused = HashSet::new();
        for (entry, result) in entries.iter().zip(reply.results) {
            // Keep what was typed and show why it was refused; never drop it silently. The
            // first refusal of a case is the cause (a refused create makes the submit that
            // follows it "not found"), so it is the one shown.
            let case_id = entry.mutation.case_id;
            if let Outcome::Rejected { rejection } = result.outcome {
                if refused.insert(case_id) {
                    if let Some(mut local) = store.case(case_id).await? {
                        local.rejected = Some(rejection);
                        store.put_cases(&[local]).await?;
                    }
                }
            }
        }
        if let Some(last) = entries.iter().filter_map(|e| e.seq).max() {
            store.remove_through(last).await?;
        }
        sent += entries.len() as u64;
    }
}
