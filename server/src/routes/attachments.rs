//! Attachments: uploaded in chunks that resume, named by content, read by those who may see them.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use shared::api::UploadStatus;
use shared::documents::AttachmentRef;
use shared::Role;

use crate::auth::CurrentUser;
use crate::blobs::Progress;
use crate::db::attachments;
use crate::error::ApiError;
use crate::state::AppState;

/// A hash from the path, refused unless it is 64 lowercase hex digits (it becomes a file name).
fn checked(sha256: &str) -> Result<&str, ApiError> {
    if AttachmentRef::is_sha256(sha256) {
        Ok(sha256)
    } else {
        Err(ApiError::BadRequest("not a SHA-256".into()))
    }
}

/// Only those who upload files by `shared::access` (not the committee).
fn may_upload(user: &CurrentUser) -> Result<(), ApiError> {
    user.may(Role::uploads)
}

/// `GET /api/attachments/{sha256}/upload`: where an upload stands, to resume it.
pub async fn status(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sha256): Path<String>,
) -> Result<Json<UploadStatus>, ApiError> {
    may_upload(&user)?;
    let sha256 = checked(&sha256)?;
    if let Some(size) = held(&state, &user, sha256).await? {
        return Ok(Json(UploadStatus {
            received: size,
            complete: true,
        }));
    }
    Ok(Json(UploadStatus {
        received: state.blobs.received(sha256).await,
        complete: false,
    }))
}

/// The size of the file when the server has it and this user may use it already; then
/// there is nothing to send. Anyone else sends the whole file like the first did: knowing
/// a hash proves nothing.
async fn held(state: &AppState, user: &CurrentUser, sha256: &str) -> Result<Option<u64>, ApiError> {
    let Some((size, _)) = attachments::find(&state.db, sha256).await? else {
        return Ok(None);
    };
    let mine = attachments::may_read(&state.db, &user.actor(), sha256).await?;
    Ok(mine.then_some(size))
}

/// Where a chunk goes in its file.
#[derive(Debug, Deserialize)]
pub struct ChunkQuery {
    /// The chunk's first byte in the file.
    offset: u64,
    /// The file's whole size.
    total: u64,
}

/// `PUT /api/attachments/{sha256}?offset=N&total=T`: one chunk. Sending a file the server
/// has already is answered "complete" at once, so a repeated upload costs nothing.
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sha256): Path<String>,
    Query(q): Query<ChunkQuery>,
    body: Bytes,
) -> Result<Json<UploadStatus>, ApiError> {
    may_upload(&user)?;
    let sha256 = checked(&sha256)?;
    if q.total > AttachmentRef::MAX_BYTES {
        return Err(ApiError::TooLarge {
            max: AttachmentRef::MAX_BYTES,
        });
    }
    if let Some(size) = held(&state, &user, sha256).await? {
        return Ok(Json(UploadStatus {
            received: size,
            complete: true,
        }));
    }
    if body.len() > UploadStatus::CHUNK_MAX {
        return Err(ApiError::TooLarge {
            max: UploadStatus::CHUNK_MAX as u64,
        });
    }
    if user.0.role.has_own_file() && q.offset == 0 {
        let used = attachments::uploaded_bytes(&state.db, user.0.id).await?;
        if used + q.total > UploadStatus::APPLICANT_QUOTA {
            return Err(ApiError::TooLarge {
                max: UploadStatus::APPLICANT_QUOTA,
            });
        }
    }
    match state.blobs.append(sha256, q.offset, q.total, &body).await? {
        Progress::Partial(received) => Ok(Json(UploadStatus {
            received,
            complete: false,
        })),
        Progress::Complete { size, media_type } => {
            attachments::record(&state.db, sha256, size, media_type, user.0.id).await?;
            Ok(Json(UploadStatus {
                received: size,
                complete: true,
            }))
        }
    }
}

/// `GET /api/attachments/{sha256}`: the file, to those who may see a case it belongs to.
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sha256): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let sha256 = checked(&sha256)?;
    // Not found and not allowed look the same, so nobody learns which files exist.
    if !attachments::may_read(&state.db, &user.actor(), sha256).await? {
        return Err(ApiError::NotFound);
    }
    let Some((_, media_type)) = attachments::find(&state.db, sha256).await? else {
        return Err(ApiError::NotFound);
    };
    let bytes = tokio::fs::read(state.blobs.path(sha256))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, media_type.mime()),
            (header::CONTENT_DISPOSITION, "inline"),
        ],
        bytes,
    ))
}
