//! Records other than cases (inquiries, needs and suggestions) and the library, sent and pulled.

use super::*;

/// Sends the records of a kind made here (the reception's inquiries, needs and
/// suggestions) and pulls those this user sees that changed elsewhere.
pub(super) async fn sync_records<R: Kept>(store: &Store) -> Result<(), SyncProblem> {
    let unsent: Vec<LocalRecord<R>> = store
        .records::<R>()
        .await?
        .into_iter()
        .filter(|r| !r.sent)
        .collect();
    for chunk in unsent.chunks(R::MAX_BATCH) {
        let batch = Batch::<R> {
            items: chunk.iter().map(|r| r.record.to_send()).collect(),
        };
        // The form checks what the server checks; one it refuses anyway stays on the
        // device, unsent, rather than being lost.
        let reply = api::push_records(&batch).await?;
        let kept: Vec<String> = chunk
            .iter()
            .zip(reply.results)
            .filter(|(_, refused)| refused.is_none())
            .map(|(r, _)| r.id.clone())
            .collect();
        store.mark_sent::<R>(&kept).await?;
    }
    let mut cursor: u64 = store.meta(R::CURSOR).await?.unwrap_or(0);
    loop {
        let page = api::pull_records::<R>(cursor).await?;
        let pulled: Vec<LocalRecord<R>> = page
            .items
            .into_iter()
            .map(LocalRecord::from_server)
            .collect();
        store.put_records(&pulled).await?;
        cursor = page.cursor;
        store.set_meta(R::CURSOR, &cursor).await?;
        if !page.has_more {
            return Ok(());
        }
    }
}

/// Fetches the list of reference documents and keeps each file on the device, so the
/// library opens offline.
pub(super) async fn sync_library(store: &Store) -> Result<(), SyncProblem> {
    let docs = api::library().await?;
    for doc in &docs {
        if store.file(&doc.attachment.sha256).await?.is_none() {
            let bytes = api::download(&doc.attachment.sha256).await?;
            let blob = media::blob_of(&bytes, doc.attachment.media_type)
                .map_err(|e| SyncProblem::Storage(e.to_string()))?;
            store
                .put_file(&StoredFile {
                    attachment: doc.attachment.clone(),
                    uploaded: true,
                    blob,
                    thumb: None,
                })
                .await?;
        }
    }
    store.set_meta(meta::TOOLS, &docs).await?;
    Ok(())
}
