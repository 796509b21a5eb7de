//! What pages read from the device, each in one call, so views never open the store.

use std::collections::HashSet;

use shared::api::DeviceSettings;
use shared::{Case, CaseId};

use super::device::DeviceStore;
use super::{LocalCase, Store, StoreResult};

/// The cases on the device this user sees, newest first, each with whether it has changes
/// not yet sent. Drafts thrown away here are left out: they wait only for the server to
/// hear of them.
pub async fn cases_with_pending() -> StoreResult<Vec<(LocalCase, bool)>> {
    let store = Store::get().await?;
    let cases = store.cases().await?;
    let pending = pending(&store).await?;
    let mut rows: Vec<(LocalCase, bool)> = cases
        .into_iter()
        .filter(|local| !local.case.discarded)
        .map(|local| {
            let waiting = pending.contains(&local.case.id);
            (local, waiting)
        })
        .collect();
    rows.sort_by_key(|(local, _)| std::cmp::Reverse(local.case.created_at));
    Ok(rows)
}

/// One case and whether it has changes not yet sent, if it is on the device.
pub async fn case_with_pending(id: CaseId) -> StoreResult<Option<(Case, bool)>> {
    let store = Store::get().await?;
    let Some(local) = store.case(id).await? else {
        return Ok(None);
    };
    let waiting = pending(&store).await?.contains(&id);
    Ok(Some((local.case, waiting)))
}

/// The settings the server gave this device, once it has.
pub async fn settings() -> StoreResult<Option<DeviceSettings>> {
    DeviceStore::get().await?.settings().await
}

/// The cases with changes in the outbox.
async fn pending(store: &Store) -> StoreResult<HashSet<CaseId>> {
    Ok(store
        .outbox(None)
        .await?
        .into_iter()
        .map(|e| e.mutation.case_id)
        .collect())
}
