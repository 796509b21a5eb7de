//! The head office's consolidated views: the searchable list of every outreach point's
//! requests, the dashboard, duplicates and their review, and the exports. Head office only;
//! an officer may ask at intake whether the IDs they type are on another open request.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use shared::audit::ReadAction;
use shared::dates::saudi_date;
use shared::reports::board::{BoardList, BoardQuery, BoardReport, Figure, Member, Period};
use shared::reports::office::{
    Calendar, CasePage, CaseQuery, Dashboard, DuplicateCheck, DuplicateHit, DuplicatePair,
    DuplicateReview, DuplicateReviewInput,
};
use shared::validation::{Field, FieldError};
use shared::NationalId;
use shared::{Area, CaseId};

use crate::auth::CurrentUser;
use crate::db::reads;
use crate::db::{board, office};
use crate::error::ApiError;
use crate::exports::{self, Format, Language};
use crate::state::AppState;
use crate::tidy::Tidy;

/// The most rows an export writes: every request of several years of the association.
const EXPORT_MAX: u32 = 200_000;
/// The most pairs the duplicates list shows at once.
const PAIRS_SHOWN: u32 = 500;

fn head_office(user: &CurrentUser) -> Result<(), ApiError> {
    if user.0.role.reaches(Area::Office) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// A query string read as the shared type; a malformed one is refused with its reason.
pub struct Q<T>(T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query)
            .map(Q)
            .map_err(|e| ApiError::BadRequest(format!("query: {e}")))
    }
}

/// `GET /api/office/cases?…`: a page of every outreach point's requests, searched,
/// filtered and sorted.
pub async fn cases(
    State(state): State<AppState>,
    user: CurrentUser,
    Q(q): Q<CaseQuery>,
) -> Result<Json<CasePage>, ApiError> {
    head_office(&user)?;
    let today = saudi_date(Utc::now());
    let page = office::list(&state.db, &q, today).await?;
    let shown: Vec<CaseId> = page.rows.iter().map(|r| r.id).collect();
    let filter = serde_urlencoded::to_string(&q).unwrap_or_default();
    reads::record(
        &state.db,
        user.0.id,
        ReadAction::List,
        &filter,
        &shown,
        shown.len(),
    )
    .await?;
    Ok(Json(page))
}

/// `GET /api/office/dashboard?calendar=hijri&…`: the counts of the dashboard, of every
/// request or of those the list's filters narrow to.
pub async fn dashboard(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Result<Json<Dashboard>, ApiError> {
    head_office(&user)?;
    let raw = raw.unwrap_or_default();
    let q: CaseQuery = parse(&raw)?;
    let calendar = match param(&raw, "calendar").as_deref() {
        Some("hijri") => Calendar::Hijri,
        _ => Calendar::Gregorian,
    };
    let today = saudi_date(Utc::now());
    Ok(Json(
        office::dashboard(
            &state.db,
            &q,
            today,
            calendar,
            state.settings.get().answer_days,
        )
        .await?,
    ))
}

/// A query string read as the shared type; a malformed one is refused with its reason.
fn parse<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, ApiError> {
    serde_urlencoded::from_str(raw).map_err(|e| ApiError::BadRequest(format!("query: {e}")))
}

/// A parameter beside the list's query (its calendar, an export's language).
fn param(raw: &str, name: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// The duplicates list's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DuplicatesQuery {
    reviewed: bool,
}

/// `GET /api/office/duplicates?reviewed=true`: pairs of open requests sharing a national
/// ID, those not reviewed first.
pub async fn duplicates(
    State(state): State<AppState>,
    user: CurrentUser,
    Q(q): Q<DuplicatesQuery>,
) -> Result<Json<Vec<DuplicatePair>>, ApiError> {
    head_office(&user)?;
    let pairs = office::duplicates(&state.db, q.reviewed, PAIRS_SHOWN).await?;
    let shown: Vec<CaseId> = pairs
        .iter()
        .flat_map(|p| [p.first.id, p.second.id])
        .collect();
    let filter = format!("reviewed={}", q.reviewed);
    reads::record(
        &state.db,
        user.0.id,
        ReadAction::Duplicates,
        &filter,
        &shown,
        pairs.len(),
    )
    .await?;
    Ok(Json(pairs))
}

/// `POST /api/office/duplicates`: the head office links a pair or finds them not to be
/// duplicates, with a reason.
pub async fn review(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<DuplicateReviewInput>,
) -> Result<Json<DuplicateReview>, ApiError> {
    head_office(&user)?;
    let (verdict, reason) = body.check().map_err(ApiError::Fields)?;
    let (Some(first), Some(second)) = (body.first, body.second) else {
        return Err(ApiError::NotFound);
    };
    // A pair is named by the ID it shares, or by the key of the name and birth date it
    // shares (which only the server makes: one it did not make matches no pair).
    let key = if body.national_id.starts_with(DuplicatePair::BY_NAME) {
        body.national_id.clone()
    } else {
        NationalId::parse(&body.national_id)
            .map_err(|code| {
                ApiError::Fields(vec![FieldError {
                    field: Field::NationalId,
                    index: None,
                    code,
                }])
            })?
            .to_string()
    };
    let review = DuplicateReview {
        verdict,
        reason,
        by: user.actor().user,
        at: Utc::now(),
    };
    if !office::review(&state.db, first, second, &key, &review).await? {
        return Err(ApiError::NotFound);
    }
    tracing::info!(by = user.0.id, %first, %second, verdict = ?review.verdict, "duplicates reviewed");
    Ok(Json(review))
}

/// `POST /api/duplicates/check`: at intake, the open requests elsewhere carrying the IDs
/// being typed. Officers and the head office; only what is needed to ask the applicant.
pub async fn check(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<DuplicateCheck>,
) -> Result<Json<Vec<DuplicateHit>>, ApiError> {
    if !user.0.role.follows_up() {
        return Err(ApiError::Forbidden);
    }
    if body.national_ids.len() > DuplicateCheck::MAX_IDS {
        return Err(ApiError::BadRequest(format!(
            "at most {} IDs at once",
            DuplicateCheck::MAX_IDS
        )));
    }
    let mut ids: Vec<NationalId> = body
        .national_ids
        .iter()
        .filter_map(|n| NationalId::parse(n).ok())
        .collect();
    ids.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    ids.dedup();
    Ok(Json(
        office::hits(&state.db, &user.actor(), &ids, body.case_id).await?,
    ))
}

/// `GET /api/office/export/{list|register}.{csv|xlsx}?…`: the filtered list, or the
/// beneficiary register, as a file Excel opens.
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(file): Path<String>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Result<Response, ApiError> {
    head_office(&user)?;
    let (name, format) = match file.rsplit_once('.') {
        Some((name, "csv")) => (name.to_owned(), Format::Csv),
        Some((name, "xlsx")) => (name.to_owned(), Format::Xlsx),
        _ => return Err(ApiError::NotFound),
    };
    let raw = raw.unwrap_or_default();
    let query: CaseQuery = parse(&raw)?;
    let lang = if param(&raw, "lang").as_deref() == Some("en") {
        Language::En
    } else {
        Language::Ar
    };
    let today = saudi_date(Utc::now());
    let (sheet, shown): (_, Vec<CaseId>) = match name.as_str() {
        "list" => {
            let rows = office::rows(&state.db, &query, today, (1, EXPORT_MAX)).await?;
            (
                exports::list(&rows, lang),
                rows.iter().map(|r| r.id).collect(),
            )
        }
        "register" => {
            let entries = office::register(&state.db).await?;
            let ids = entries.iter().map(|e| e.case.id).collect();
            (exports::register(&entries, lang), ids)
        }
        _ => return Err(ApiError::NotFound),
    };
    // The file, its filter and how many rows it holds; each request it names.
    let detail = format!("{file} {raw}").trim().to_owned();
    reads::record(
        &state.db,
        user.0.id,
        ReadAction::Export,
        &detail,
        &shown,
        sheet.rows.len(),
    )
    .await?;
    let bytes = exports::write(&sheet, format).map_err(ApiError::Internal)?;
    let file_name = format!("{}-{today}.{}", sheet.file_stem, format.extension());
    tracing::info!(by = user.0.id, file = %file_name, rows = sheet.rows.len(), "exported");
    Ok((
        [
            (header::CONTENT_TYPE, format.mime().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

fn period_of(q: &BoardQuery) -> Result<Period, ApiError> {
    Period::parse(&q.period)
        .ok_or_else(|| ApiError::BadRequest(format!("not a period: {}", q.period)))
}

/// `GET /api/office/board?period=h1448-q2`: the board's report for a quarter or a year.
pub async fn board(
    State(state): State<AppState>,
    user: CurrentUser,
    Q(q): Q<BoardQuery>,
) -> Result<Json<BoardReport>, ApiError> {
    head_office(&user)?;
    let period = period_of(&q)?;
    let report = board::report(&state.db, period, Utc::now()).await?;
    Ok(Json(report.without_members()))
}

/// `GET /api/office/board/list?period=…&figure=…`: what one figure counts. Its rows name
/// people, so it is kept as a read of each request.
pub async fn board_list(
    State(state): State<AppState>,
    user: CurrentUser,
    Q(q): Q<BoardQuery>,
) -> Result<Json<BoardList>, ApiError> {
    head_office(&user)?;
    let period = period_of(&q)?;
    let report = board::report(&state.db, period, Utc::now()).await?;
    let (clause, figure) = report.figure(&q.figure).ok_or(ApiError::NotFound)?;
    let rows = board::rows(&state.db, &figure.members, q.lang == "en").await?;
    let cases: Vec<CaseId> = figure
        .members
        .iter()
        .filter_map(|m| match m {
            Member::Case(id) => Some(*id),
            _ => None,
        })
        .collect();
    let detail = format!("{period} {}", q.figure);
    reads::record(
        &state.db,
        user.0.id,
        ReadAction::Board,
        &detail,
        &cases,
        rows.len(),
    )
    .await?;
    Ok(Json(BoardList {
        period,
        clause: clause.to_owned(),
        figure: Figure {
            members: Vec::new(),
            ..figure.clone()
        },
        rows,
    }))
}

/// `GET /api/office/board.xlsx?period=…`: the report as a workbook, a row per figure.
pub async fn board_export(
    State(state): State<AppState>,
    user: CurrentUser,
    Q(q): Q<BoardQuery>,
) -> Result<Response, ApiError> {
    head_office(&user)?;
    let period = period_of(&q)?;
    let report = board::report(&state.db, period, Utc::now()).await?;
    let lang = if q.lang == "en" {
        Language::En
    } else {
        Language::Ar
    };
    let sheet = exports::board(&report, lang);
    let bytes = exports::write(&sheet, Format::Xlsx).map_err(ApiError::Internal)?;
    let file_name = format!("board-{period}.xlsx");
    Ok((
        [
            (header::CONTENT_TYPE, Format::Xlsx.mime().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
