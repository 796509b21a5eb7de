//! What changed on the server, pulled into the device with unsent edits laid back on top.

use super::*;

/// Pulls every change after the stored cursor, page by page.
///
/// Starts over from the beginning when the server is another (its epoch changed: restored
/// from a backup, or rebuilt), when the user's scope changed, or when the server no longer
/// keeps what this device missed. A pull from the beginning ends by removing every case
/// it did not bring; cases with unsent changes stay, and so does the outbox.
pub(super) async fn pull_changes(
    store: &Store,
    actor: &Actor,
    state: SyncState,
) -> Result<(), SyncProblem> {
    let mut cursor: u64 = store.meta(meta::CURSOR).await?.unwrap_or(0);
    let mut epoch: Option<String> = store.meta(meta::EPOCH).await?;
    let mut scope: Option<String> = store.meta(meta::SCOPE).await?;
    let mut full = cursor == 0;
    let mut seen = HashSet::new();
    let mut received = 0u64;
    // The page after the one being written, asked for while it is written: the server
    // reads it while the browser writes, instead of each waiting for the other.
    let mut next = None;
    loop {
        let pulled = match next.take() {
            Some(pulled) => pulled,
            None => api::pull(cursor, store.user()).await?,
        };
        let api::PulledPage { page, cases } = pulled;
        still_theirs(store)?;
        let moved = epoch.as_deref() != Some(page.server_epoch.as_str())
            || scope.as_deref() != Some(page.scope.as_str());
        epoch = Some(page.server_epoch.clone());
        scope = Some(page.scope.clone());
        if page.reset || (moved && cursor > 0) {
            cursor = 0;
            full = true;
            seen.clear();
            received = 0;
            continue;
        }
        let ids = store::case_ids(&cases)?;
        received += (ids.len() + page.removed.len()) as u64;
        seen.extend(ids);
        state.show(Step::Receiving, received, received + page.remaining);
        let answer_days = rules(Utc::now()).await.answer_days;
        let written = store.put_pulled(&cases, &page.removed, |case, pending| {
            rebase(case, pending, actor, answer_days)
        });
        let following = async {
            match page.has_more {
                true => Some(api::pull(page.cursor, store.user()).await),
                false => None,
            }
        };
        let (written, following) = futures::join!(written, following);
        written?;
        next = following.transpose()?;
        if !page.has_more {
            if full {
                store.keep_only(&seen).await?;
            }
            // The cursor moves only once the whole reset is done, so a pull cut short
            // starts over again rather than leaving stale cases behind.
            store.set_meta(meta::EPOCH, &page.server_epoch).await?;
            store.set_meta(meta::SCOPE, &page.scope).await?;
            store.set_meta(meta::CURSOR, &page.cursor).await?;
            return Ok(());
        }
        cursor = page.cursor;
        if !full {
            store.set_meta(meta::CURSOR, &cursor).await?;
        }
    }
}

/// Stops a sync whose user is no longer the signed-in one: it must neither send their
/// changes under the new session nor write the new user's cases into their data. The
/// server refuses both as well; this spares the round trip.
pub(super) fn still_theirs(store: &Store) -> Result<(), SyncProblem> {
    if store.is_current() {
        Ok(())
    } else {
        Err(SyncProblem::UserChanged)
    }
}

/// Lays this device's unsent mutations of a case on top of the state just pulled, so a
/// pull never hides an edit that is still waiting to be sent.
pub fn rebase(pulled: Case, pending: &[OutboxEntry], actor: &Actor, answer_days: u32) -> Case {
    let id = pulled.id;
    pending
        .iter()
        .filter(|e| e.mutation.case_id == id)
        .fold(pulled, |case, e| {
            let rules = Context {
                now: e.mutation.created_at,
                answer_days,
            };
            apply(Some(&case), &e.mutation, actor, &rules).unwrap_or(case)
        })
}
