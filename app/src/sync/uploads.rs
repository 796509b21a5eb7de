//! Files go up before the changes that attach them, each in chunks resumed where the server says it stands.

use super::*;

/// Uploads every file the server does not have yet, in chunks, each resumed where the
/// server says it stands: a connection that drops mid-file loses at most one chunk.
pub(super) async fn upload_files(store: &Store, state: SyncState) -> Result<(), SyncProblem> {
    let files = store.files_to_upload().await?;
    let total = files.len() as u64;
    for (done, file) in files.iter().enumerate() {
        state.show(Step::Uploading, done as u64, total);
        upload_file(file).await?;
        store.mark_uploaded(&file.attachment.sha256).await?;
    }
    Ok(())
}

/// Uploads one file in chunks, from where the server has it.
pub async fn upload_file(file: &StoredFile) -> Result<(), SyncProblem> {
    let sha256 = &file.attachment.sha256;
    let total = file.attachment.size;
    let mut status = api::upload_status(sha256).await?;
    while !status.complete {
        let start = status.received;
        let end = (start + UploadStatus::CHUNK_MAX as u64).min(total);
        let chunk = file
            .blob
            .slice_with_f64_and_f64(start as f64, end as f64)
            .map_err(|e| SyncProblem::Storage(format!("{e:?}")))?;
        let bytes = media::bytes_of(&chunk)
            .await
            .map_err(|e| SyncProblem::Storage(e.to_string()))?;
        status = match api::upload_chunk(sha256, start, total, &bytes).await {
            Ok(status) => status,
            // Someone else's chunk got there first: ask where it stands and go on.
            Err(ApiError::Refused {
                kind: ErrorKind::UploadOffset,
                ..
            }) => api::upload_status(sha256).await?,
            Err(e) => return Err(e.into()),
        };
    }
    Ok(())
}
