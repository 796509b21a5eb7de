//! What pages read from and keep on the device, each in one call, so views never open
//! the store themselves.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{DeviceSettings, Me};
use shared::case::UserRef;
use shared::library::LibraryDocument;
use shared::{Case, CaseId, Reference};

use super::attachments::StoredFile;
use super::device::DeviceStore;
use super::records::{Kept, LocalRecord};
use super::{meta, LocalCase, Store, StoreResult};

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

/// A case on the device, with its unsent changes laid on it.
pub async fn case(id: CaseId) -> StoreResult<Option<LocalCase>> {
    Store::get().await?.case(id).await
}

/// The reference number the next request will take, not yet taken; `None` until the
/// server has numbered the device.
pub async fn coming_reference() -> StoreResult<Option<Reference>> {
    DeviceStore::get().await?.coming_reference().await
}

/// The next reference number of this device; `None` until the server has numbered it.
pub async fn next_reference() -> StoreResult<Option<Reference>> {
    DeviceStore::get().await?.next_reference().await
}

/// The records of a kind on the device (the reception's inquiries, needs and
/// suggestions), newest first.
pub async fn records<R: Kept>() -> StoreResult<Vec<LocalRecord<R>>> {
    Store::get().await?.records::<R>().await
}

/// Keeps a record made here (to be sent) or answered from here.
pub async fn keep<R: Kept>(record: LocalRecord<R>) -> StoreResult<()> {
    Store::get().await?.put_records(&[record]).await
}

/// The outreach points a case can be moved to, as last heard from the server.
pub async fn points() -> StoreResult<Vec<shared::case::OutreachPoint>> {
    Ok(Store::get()
        .await?
        .meta(meta::POINTS)
        .await?
        .unwrap_or_default())
}

/// The social researchers a case can be assigned to, as last heard from the server.
pub async fn researchers() -> StoreResult<Vec<UserRef>> {
    Ok(Store::get()
        .await?
        .meta(meta::RESEARCHERS)
        .await?
        .unwrap_or_default())
}

/// The reference documents of the library, as last heard from the server.
pub async fn library() -> StoreResult<Vec<LibraryDocument>> {
    Ok(Store::get()
        .await?
        .meta(meta::TOOLS)
        .await?
        .unwrap_or_default())
}

/// Puts `doc` in the library in place of the document of its kind.
pub async fn replace_document(doc: LibraryDocument) -> StoreResult<()> {
    let store = Store::get().await?;
    let mut docs: Vec<LibraryDocument> = store.meta(meta::TOOLS).await?.unwrap_or_default();
    docs.retain(|d| d.kind != doc.kind);
    docs.push(doc);
    store.set_meta(meta::TOOLS, &docs).await
}

/// A file on the device, by its content hash.
pub async fn file(sha256: &str) -> StoreResult<Option<StoredFile>> {
    Store::get().await?.file(sha256).await
}

/// Keeps a file taken on the device (to be uploaded, unless it says it is).
pub async fn keep_file(file: &StoredFile) -> StoreResult<()> {
    Store::get().await?.keep_file(file).await
}

/// Keeps a file as the server has it.
pub async fn put_file(file: &StoredFile) -> StoreResult<()> {
    Store::get().await?.put_file(file).await
}

/// Something being typed that is not a case yet (a visit report), kept under `key`.
pub async fn typed<T: DeserializeOwned>(key: &str) -> StoreResult<Option<T>> {
    Store::get().await?.meta(key).await
}

/// Keeps what is being typed under `key`.
pub async fn keep_typed<T: Serialize>(key: &str, value: &T) -> StoreResult<()> {
    Store::get().await?.set_meta(key, value).await
}

/// Forgets what was typed under `key`, once it is saved for good.
pub async fn forget_typed(key: &str) -> StoreResult<()> {
    Store::get().await?.delete_meta(key).await
}

/// The user signed in on this device, if any.
pub async fn signed_in() -> StoreResult<Option<Me>> {
    DeviceStore::get().await?.me().await
}

/// Signs `me` in on this device, opening their own data.
pub async fn sign_in(me: &Me) -> StoreResult<()> {
    DeviceStore::get().await?.sign_in(me).await
}

/// Signs the user out of this device; their unsent work stays for them.
pub async fn sign_out() -> StoreResult<()> {
    DeviceStore::get().await?.sign_out().await
}

/// The settings the server gave this device, once it has.
pub async fn settings() -> StoreResult<Option<DeviceSettings>> {
    DeviceStore::get().await?.settings().await
}

/// The cases with changes in the outbox.
async fn pending(store: &Store) -> StoreResult<HashSet<CaseId>> {
    store.waiting_cases().await
}

/// The applicant's outreach point `id` with what applicants see of it, as last heard from
/// the server.
pub async fn point_details(id: &str) -> StoreResult<Option<shared::setup::PublicPoint>> {
    let points: Vec<shared::setup::PublicPoint> = Store::get()
        .await?
        .meta(meta::POINTS)
        .await?
        .unwrap_or_default();
    Ok(points.into_iter().find(|p| p.id == id))
}
