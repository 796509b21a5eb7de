//! The library of reference documents: every signed-in user reads it; the head office replaces them.

use axum::extract::{Path, State};
use axum::Json;
use chrono::Utc;
use shared::documents::MediaType;
use shared::library::{LibraryDocument, LibraryKind, LibraryUpload};

use crate::auth::CurrentUser;
use crate::db::{attachments, library};
use crate::error::ApiError;
use crate::state::AppState;
use crate::tidy::Tidy;

/// `GET /api/tools`: the current reference documents.
pub async fn list(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Vec<LibraryDocument>>, ApiError> {
    Ok(Json(library::all(&state.db).await?))
}

/// `PUT /api/tools/{kind}`: the head office makes an uploaded PDF or text file the document.
pub async fn replace(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(kind): Path<String>,
    Tidy(body): Tidy<LibraryUpload>,
) -> Result<Json<LibraryDocument>, ApiError> {
    if !user.0.role.edits_library() {
        return Err(ApiError::Forbidden);
    }
    let kind = LibraryKind::from_code(&kind).ok_or(ApiError::NotFound)?;
    if !body.attachment.is_well_formed() {
        return Err(ApiError::BadRequest("malformed attachment".into()));
    }
    // Only a file the head office sent itself: a reference document is read by everyone,
    // so it must never be a request's document picked by its hash.
    if !attachments::sent_by(&state.db, &body.attachment.sha256, user.0.id).await? {
        return Err(ApiError::NotFound);
    }
    // The stored file says what it is; the client's word is not taken for it.
    let Some((size, media_type)) = attachments::find(&state.db, &body.attachment.sha256).await?
    else {
        return Err(ApiError::NotFound);
    };
    if !matches!(media_type, MediaType::Pdf | MediaType::Text) {
        return Err(ApiError::UnsupportedType);
    }
    let mut attachment = body.attachment;
    attachment.size = size;
    attachment.media_type = media_type;
    let doc = LibraryDocument {
        kind,
        attachment,
        updated_at: Utc::now(),
        updated_by: user.actor().user,
    };
    library::put(&state.db, &doc).await?;
    Ok(Json(doc))
}
