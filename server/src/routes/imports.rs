//! The head office brings the existing register in: a sheet previewed with its mapping, a
//! dry run or an import started and followed as it goes, and the runs before.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use shared::import::{parse_mapping, ImportRun, SheetPreview};
use shared::staff_import::StaffImport;
use shared::validation::{ErrorCode, Field, FieldError};

use crate::auth::CurrentUser;
use crate::db::imports as sql;
use crate::error::ApiError;
use crate::service::import::{self, Options, Refused};
use crate::service::staff_import;
use crate::state::AppState;

/// The largest sheet taken: some 100,000 rows of a register.
pub const SHEET_LIMIT: usize = 32 * 1024 * 1024;

impl From<Refused> for ApiError {
    fn from(e: Refused) -> Self {
        match e {
            Refused::Invalid(field, code) => ApiError::Fields(vec![FieldError {
                field,
                index: None,
                code,
            }]),
            Refused::Failed(e) => ApiError::Internal(e),
        }
    }
}

/// Only the head office brings the register in.
fn head_office(user: &CurrentUser) -> Result<shared::people::Actor, ApiError> {
    if user.0.role.reaches(shared::Area::Setup) {
        Ok(user.0.actor())
    } else {
        Err(ApiError::Forbidden)
    }
}

fn sheet(body: Bytes) -> Result<std::sync::Arc<[u8]>, ApiError> {
    if body.is_empty() {
        return Err(ApiError::Fields(vec![FieldError {
            field: Field::File,
            index: None,
            code: ErrorCode::Required,
        }]));
    }
    Ok(body.to_vec().into())
}

/// `POST /api/imports/preview`: the sheet's headers, the mapping it would get (remembered
/// for these headers, or guessed), its rows and the first few.
pub async fn preview(
    State(state): State<AppState>,
    user: CurrentUser,
    body: Bytes,
) -> Result<Json<SheetPreview>, ApiError> {
    head_office(&user)?;
    Ok(Json(import::preview(&state.db, sheet(body)?).await?))
}

/// How an import is asked for, beside the sheet in the body.
#[derive(Debug, Deserialize)]
pub struct Asked {
    /// The file's name.
    file: String,
    /// Only say what would be done.
    #[serde(default)]
    dry_run: bool,
    /// The outreach point of rows that name none.
    #[serde(default)]
    point: Option<String>,
    /// Each column's code, comma-separated; the remembered or guessed mapping when absent.
    #[serde(default)]
    mapping: Option<String>,
}

/// `POST /api/imports?file=…&dry_run=…&point=…&mapping=…`: starts an import (or its dry
/// run) of the sheet in the body; it runs on, and `GET /api/imports/{id}` follows it.
pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(asked): Query<Asked>,
    body: Bytes,
) -> Result<(StatusCode, Json<ImportRun>), ApiError> {
    let actor = head_office(&user)?;
    let mapping = asked
        .mapping
        .as_deref()
        .map(parse_mapping)
        .transpose()
        .map_err(|code| {
            ApiError::Fields(vec![FieldError {
                field: Field::File,
                index: None,
                code,
            }])
        })?;
    let options = Options {
        file: asked.file,
        dry_run: asked.dry_run,
        point: asked.point,
        mapping,
    };
    let started = import::start(&state.db, &actor, sheet(body)?, options).await?;
    let id = started.id;
    let db = state.db.clone();
    let answer_days = state.settings.get().answer_days;
    tokio::spawn(async move {
        import::run(&db, &actor, started, answer_days).await;
    });
    let run = sql::run(state.db.pool(), id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((StatusCode::ACCEPTED, Json(run)))
}

/// How a staff sheet is asked to come in.
#[derive(Debug, Deserialize)]
pub struct StaffAsked {
    /// The file's name, for the accounts' log.
    file: String,
    /// Only say what would be done.
    #[serde(default)]
    dry_run: bool,
}

/// `POST /api/imports/staff?file=…&dry_run=…`: opens the staff accounts of the sheet in
/// the body, each with a one-time password shown in this answer only.
pub async fn staff(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(asked): Query<StaffAsked>,
    body: Bytes,
) -> Result<Json<StaffImport>, ApiError> {
    let actor = head_office(&user)?;
    let done = staff_import::run(
        &state.db,
        actor.user.id,
        &asked.file,
        sheet(body)?,
        asked.dry_run,
    )
    .await?;
    Ok(Json(done))
}

/// `GET /api/imports/{id}`: how far a run got, and its report once it ended.
pub async fn run(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ImportRun>, ApiError> {
    head_office(&user)?;
    Ok(Json(
        sql::run(state.db.pool(), id)
            .await?
            .ok_or(ApiError::NotFound)?,
    ))
}

/// `GET /api/imports`: the latest runs, newest first.
pub async fn runs(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<ImportRun>>, ApiError> {
    head_office(&user)?;
    Ok(Json(sql::runs(state.db.pool(), 20).await?))
}
