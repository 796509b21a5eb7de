//! Bringing the existing register in from a sheet: each row read by the typed request's
//! rules, known again by its reference or by its person's ID and submission day, planned
//! (created, brought up to date, there already, refused) and, unless it is a dry run,
//! written through the ordinary push in groups, with the run's progress kept as it goes.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{NaiveDate, Utc};
use sha2::{Digest, Sha256};
use shared::dates::saudi_date;
use shared::import::{
    guess, header_key, headers_key, overlay, read_row, Column, ImportCounts, ImportRun,
    ImportedRequest, ImportedRow, RowOutcome, RowProblem, RowReport, SheetPreview,
};
use shared::life::mutation::{Context, Mutation, Op, Rejection};
use shared::people::Actor;
use shared::setup::PublicPoint;
use shared::sync::Outcome;
use shared::texts::Lang;
use shared::validation::{ErrorCode, Field};
use shared::{Case, CaseId, MutationId, Reference};

use crate::db::{devices, imports, setup as points, Db};
use crate::service::push::{self, Messages};
use crate::sheet::{self, Piece};

/// What to bring in, and how.
#[derive(Clone, Debug)]
pub struct Options {
    /// The file's name, as the timeline of each request names it.
    pub file: String,
    /// Only say what would be done.
    pub dry_run: bool,
    /// The outreach point of rows that name none.
    pub point: Option<String>,
    /// The columns as the head office mapped them; else as remembered, or guessed.
    pub mapping: Option<Vec<Option<Column>>>,
}

/// Why an import could not start.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// The file, the mapping or the point broke a rule.
    #[error("invalid: {0:?}")]
    Invalid(Field, ErrorCode),
    /// The database failed.
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl From<sqlx::Error> for Refused {
    fn from(e: sqlx::Error) -> Self {
        Self::Failed(e.into())
    }
}

fn invalid(field: Field, code: ErrorCode) -> Refused {
    Refused::Invalid(field, code)
}

/// The sheet's headers, the mapping it would get, how many rows it holds and the first few.
pub async fn preview(db: &Db, bytes: Arc<[u8]>) -> Result<SheetPreview, Refused> {
    let mut pieces = sheet::read(bytes);
    let headers = headers(&mut pieces).await?;
    let (mapping, remembered) = match imports::mapping(db.pool(), &headers_key(&headers)).await? {
        Some(m) if m.len() == headers.len() => (m, true),
        _ => (guess(&headers), false),
    };
    let (mut rows, mut sample) = (0u32, Vec::new());
    while let Some(piece) = pieces.recv().await {
        if let Piece::Rows(r) = piece.map_err(|code| invalid(Field::File, code))? {
            for (_, cells) in r {
                rows += 1;
                if sample.len() < SheetPreview::SAMPLE {
                    sample.push(cells.iter().map(shared::import::Cell::text).collect());
                }
            }
        }
    }
    Ok(SheetPreview {
        headers,
        mapping,
        remembered,
        rows,
        sample,
    })
}

async fn headers(
    pieces: &mut tokio::sync::mpsc::Receiver<Result<Piece, ErrorCode>>,
) -> Result<Vec<String>, Refused> {
    match pieces.recv().await {
        Some(Ok(Piece::Headers(h))) => Ok(h),
        Some(Err(code)) => Err(invalid(Field::File, code)),
        _ => Err(invalid(Field::File, ErrorCode::NotASheet)),
    }
}

/// Checks what an import needs before it starts, remembers its mapping and records the
/// run: its number, and what [`run`] then takes.
pub async fn start(
    db: &Db,
    actor: &Actor,
    bytes: Arc<[u8]>,
    options: Options,
) -> Result<Started, Refused> {
    let file = options.file.trim().to_owned();
    if file.is_empty() || file.chars().count() > ImportedRequest::FILE_MAX {
        return Err(invalid(
            Field::File,
            ErrorCode::TooLong {
                max: ImportedRequest::FILE_MAX,
            },
        ));
    }
    let point = match options.point.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => Some(
            crate::db::users::outreach_point(db.pool(), id)
                .await?
                .ok_or_else(|| invalid(Field::OutreachPoint, ErrorCode::UnknownChoice))?,
        ),
        _ => None,
    };
    let preview = preview(db, bytes.clone()).await?;
    let mapping = options.mapping.unwrap_or(preview.mapping);
    if mapping.len() != preview.headers.len() {
        return Err(invalid(Field::File, ErrorCode::UnknownChoice));
    }
    if !mapping.contains(&Some(Column::NationalId)) {
        return Err(invalid(Field::NationalId, ErrorCode::Required));
    }
    let named = [Column::FullName, Column::FirstName]
        .iter()
        .any(|c| mapping.contains(&Some(*c)));
    if !named {
        return Err(invalid(Field::FirstName, ErrorCode::Required));
    }
    let key = headers_key(&preview.headers);
    imports::save_mapping(db.pool(), &key, &mapping, actor.user.id).await?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let id = imports::start(
        db.pool(),
        &file,
        &sha256,
        options.dry_run,
        actor.user.id,
        preview.rows,
    )
    .await?;
    tracing::info!(
        id,
        by = actor.user.id,
        file,
        rows = preview.rows,
        dry_run = options.dry_run,
        "import started"
    );
    Ok(Started {
        id,
        file,
        dry_run: options.dry_run,
        point: point.map(|p| p.id),
        mapping,
        bytes,
    })
}

/// A run recorded and ready: what [`run`] reads and writes.
pub struct Started {
    /// The run's number.
    pub id: i64,
    file: String,
    dry_run: bool,
    point: Option<String>,
    mapping: Vec<Option<Column>>,
    bytes: Arc<[u8]>,
}

impl std::fmt::Debug for Started {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Started")
            .field("id", &self.id)
            .field("file", &self.file)
            .field("dry_run", &self.dry_run)
            .field("point", &self.point)
            .field("bytes", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// Reads every row, plans it, writes it unless this is a dry run, and ends the run with its
/// report. A failure that is not a row's ends the run with its reason.
pub async fn run(db: &Db, actor: &Actor, started: Started, answer_days: u32) -> ImportRun {
    let id = started.id;
    let mut counts = ImportCounts::default();
    let mut report = Vec::new();
    let failed = rows(db, actor, &started, answer_days, &mut counts, &mut report)
        .await
        .err()
        .map(|e| {
            tracing::error!(id, "import failed: {e:#}");
            format!("{e:#}")
        });
    if let Err(e) = imports::finish(db.pool(), id, &counts, &report, failed.as_deref()).await {
        tracing::error!(id, "the import's end could not be noted: {e:#}");
    }
    tracing::info!(id, ?counts, "import ended");
    match imports::run(db.pool(), id).await {
        Ok(Some(run)) => run,
        _ => ImportRun {
            id,
            file: started.file,
            dry_run: started.dry_run,
            by: actor.user.clone(),
            started_at: Utc::now(),
            finished_at: Some(Utc::now()),
            total: u32::try_from(report.len()).unwrap_or(u32::MAX),
            done: u32::try_from(report.len()).unwrap_or(u32::MAX),
            counts,
            failed,
            rows: report,
        },
    }
}

/// What a row came to before it is written.
enum Plan {
    /// Write this.
    Write(Box<Mutation>),
    /// Nothing to write.
    Done,
}

/// The rows read so far by what they are known by, to find a row that repeats another.
#[derive(Default)]
struct Seen(HashMap<String, u32>);

impl Seen {
    /// The earlier row with the same key, or notes this one.
    fn repeats(&mut self, key: String, row: u32) -> Option<u32> {
        match self.0.get(&key) {
            Some(first) => Some(*first),
            None => {
                self.0.insert(key, row);
                None
            }
        }
    }
}

async fn rows(
    db: &Db,
    actor: &Actor,
    started: &Started,
    answer_days: u32,
    counts: &mut ImportCounts,
    report: &mut Vec<RowReport>,
) -> anyhow::Result<()> {
    let open = points::open_points(db.pool()).await?;
    // A device of its own for the run: the references it makes are its own.
    let device_id = format!("import-{}", started.id);
    let device = if started.dry_run {
        0
    } else {
        devices::number_for(db, &device_id, actor.user.id).await?
    };
    let mut pieces = sheet::read(started.bytes.clone());
    headers(&mut pieces)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut seen = Seen::default();
    while let Some(piece) = pieces.recv().await {
        let Piece::Rows(piece) = piece.map_err(|code| anyhow::anyhow!("{code}"))? else {
            continue;
        };
        let now = Utc::now();
        let today = saudi_date(now);
        let mut batch: Vec<Mutation> = Vec::new();
        let mut planned: Vec<(usize, Option<usize>)> = Vec::new();
        for (number, cells) in piece {
            let (row, plan) = plan(
                db,
                started,
                &open,
                &mut seen,
                (number, &cells),
                (device, today, now),
            )
            .await?;
            let at = report.len();
            report.push(row);
            if let Plan::Write(m) = plan {
                planned.push((at, Some(batch.len())));
                batch.push(*m);
            } else {
                planned.push((at, None));
            }
        }
        if !started.dry_run && !batch.is_empty() {
            let rules = Context { now, answer_days };
            let pushed = push::push(db, actor, &device_id, batch, &rules, Messages::Skip).await?;
            for (at, index) in &planned {
                let Some(index) = index else { continue };
                if let Outcome::Rejected { rejection } = &pushed.results[*index].outcome {
                    report[*at].outcome = RowOutcome::Refused {
                        problems: problems_of(rejection),
                    };
                }
            }
        }
        for (at, _) in planned {
            counts.add(&report[at]);
        }
        let done = u32::try_from(report.len())?;
        imports::progress(db.pool(), started.id, done, counts).await?;
    }
    Ok(())
}

/// What a refusal at writing says, as a row's problems.
fn problems_of(rejection: &Rejection) -> Vec<RowProblem> {
    match rejection {
        Rejection::Validation { errors } => errors
            .iter()
            .map(|e| RowProblem {
                column: None,
                field: e.field,
                code: e.code.clone(),
            })
            .collect(),
        _ => vec![RowProblem {
            column: None,
            field: Field::Reference,
            code: ErrorCode::Conflict,
        }],
    }
}

/// One row: read, its point found, known again or new, and its duplicates named.
async fn plan(
    db: &Db,
    started: &Started,
    open: &[PublicPoint],
    seen: &mut Seen,
    (number, cells): (u32, &[shared::import::Cell]),
    (device, today, now): (u32, NaiveDate, chrono::DateTime<Utc>),
) -> anyhow::Result<(RowReport, Plan)> {
    let refused = |name: String, problems: Vec<RowProblem>| {
        (
            RowReport {
                row: number,
                outcome: RowOutcome::Refused { problems },
                reference: None,
                name,
                duplicates: Vec::new(),
            },
            Plan::Done,
        )
    };
    let one = |column, field, code| {
        vec![RowProblem {
            column,
            field,
            code,
        }]
    };
    let read = match read_row(number as usize, cells, &started.mapping, today) {
        Ok(read) => read,
        Err(problems) => {
            let name = name_in(cells, &started.mapping);
            return Ok(refused(name, problems));
        }
    };
    let name = read.form.applicant.full_name();
    let Some(point) = point_of(&read, open, started.point.as_deref()) else {
        let code = if read.point.is_some() {
            ErrorCode::UnknownChoice
        } else {
            ErrorCode::Required
        };
        let column = Some(Column::OutreachPoint).filter(|_| read.point.is_some());
        return Ok(refused(name, one(column, Field::OutreachPoint, code)));
    };
    let reference = match read.reference.as_deref().map(Reference::parse) {
        Some(Ok(r)) => Some(r),
        Some(Err(code)) => {
            let column = Some(Column::Reference);
            return Ok(refused(name, one(column, Field::Reference, code)));
        }
        None => None,
    };
    let national_id = read.form.applicant.national_id.clone();
    let key = reference.as_ref().map_or_else(
        || format!("{national_id}:{:?}", read.submitted_on),
        ToString::to_string,
    );
    if let Some(first) = seen.repeats(key, number) {
        let code = ErrorCode::RepeatedRow { row: first };
        return Ok(refused(name, one(None, Field::Reference, code)));
    }
    let existing = match &reference {
        Some(r) => imports::by_reference(db.pool(), &r.to_string()).await?,
        None => imports::by_national_id(db.pool(), &national_id)
            .await?
            .into_iter()
            .find(|c| c.submitted_at.map(saudi_date) == read.submitted_on),
    };
    let request = existing.as_ref().map_or_else(
        || read.form.clone(),
        |c| overlay(&c.request, &read.form, &started.mapping),
    );
    let person = request.applicant.person_key();
    let (outcome, case_id, reference, base) = match &existing {
        Some(case) if same(case, &request, &read) => {
            let r = Some(case.reference.to_string());
            let row = RowReport {
                row: number,
                outcome: RowOutcome::Unchanged,
                reference: r,
                // The kept report names only the rows refused: a request is named by its
                // reference, and its person's data lives (and is erased) with it.
                name: String::new(),
                duplicates: Vec::new(),
            };
            return Ok((row, Plan::Done));
        }
        Some(case) if case.imports.is_empty() => {
            let column = Some(Column::Reference).filter(|_| read.reference.is_some());
            let problems = one(column, Field::Reference, ErrorCode::TypedHere);
            let (mut row, plan) = refused(name, problems);
            row.reference = Some(case.reference.to_string());
            return Ok((row, plan));
        }
        Some(case) => (
            RowOutcome::Update,
            case.id,
            Some(case.reference.clone()),
            case.revision,
        ),
        None => {
            let made = match reference {
                Some(r) => Some(r),
                // A dry run makes no device, so its new rows have no reference yet.
                None if started.dry_run => None,
                None => Some(
                    Reference::new(device, number)
                        .ok_or_else(|| anyhow::anyhow!("row {number} is past the references"))?,
                ),
            };
            let id = CaseId::new_v7(millis(now), rand::random());
            (RowOutcome::Create, id, made, 0)
        }
    };
    let shown = reference.as_ref().map(ToString::to_string);
    let duplicates =
        imports::duplicates(db.pool(), &national_id, person.as_ref(), shown.as_deref()).await?;
    let row = RowReport {
        row: number,
        outcome,
        reference: shown,
        name: String::new(),
        duplicates,
    };
    let Some(reference) = reference.filter(|_| !started.dry_run) else {
        return Ok((row, Plan::Done));
    };
    let mutation = Mutation {
        mutation_id: MutationId::new_v7(millis(now), rand::random()),
        case_id,
        base_revision: base,
        created_at: now,
        op: Op::Import {
            reference,
            to: point,
            row: Box::new(ImportedRequest {
                file: started.file.clone(),
                row: number,
                status: read.status,
                submitted_on: read.submitted_on,
                file_number: read.file_number.clone(),
                service: read.service.clone(),
                request,
            }),
        },
    };
    Ok((row, Plan::Write(Box::new(mutation))))
}

fn millis(at: chrono::DateTime<Utc>) -> u64 {
    u64::try_from(at.timestamp_millis()).unwrap_or_default()
}

/// Whether `case` already is what the row says: its request (with the row laid over it),
/// its status and, when the row gives them, its file number and a service.
fn same(case: &Case, request: &shared::RequestForm, read: &ImportedRow) -> bool {
    let file_number = case.registration.as_ref().map(|r| &r.file_number);
    case.request == *request
        && case.status == read.status
        && read
            .file_number
            .as_ref()
            .is_none_or(|n| file_number == Some(n))
        && read.service.as_ref().is_none_or(|s| {
            case.services
                .iter()
                .any(|h| h.kind == s.kind && h.delivered_on == s.delivered_on)
        })
}

/// The row's point: the one it names (by code or either name), else the run's.
fn point_of(
    read: &ImportedRow,
    open: &[PublicPoint],
    fallback: Option<&str>,
) -> Option<shared::case::OutreachPoint> {
    let found = match &read.point {
        Some(named) => {
            let key = header_key(named);
            open.iter().find(|p| {
                p.id == named.trim()
                    || header_key(&p.details.name_ar) == key
                    || header_key(&p.details.name_en) == key
            })
        }
        None => open.iter().find(|p| Some(p.id.as_str()) == fallback),
    };
    found.map(PublicPoint::named)
}

/// The name a refused row gives, as well as it can be read.
fn name_in(cells: &[shared::import::Cell], mapping: &[Option<Column>]) -> String {
    let part = |column| {
        mapping
            .iter()
            .position(|c| *c == Some(column))
            .and_then(|i| cells.get(i))
            .map(shared::import::Cell::text)
            .unwrap_or_default()
    };
    let whole = part(Column::FullName);
    if whole.is_empty() {
        [Column::FirstName, Column::FatherName, Column::FamilyName]
            .map(part)
            .iter()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        whole
    }
}

/// The run's report as lines for a person: each row not brought in as it was (refused, or
/// flagged as a possible duplicate) with its row number and reasons, then the counts.
pub fn describe(run: &ImportRun, lang: Lang) -> String {
    let mut out = String::new();
    for row in &run.rows {
        let what = match &row.outcome {
            RowOutcome::Refused { problems } => {
                let reasons: Vec<String> = problems
                    .iter()
                    .map(|p| format!("{}: {}", lang.field(p.field), lang.error(&p.code)))
                    .collect();
                Some(format!(
                    "{} — {}",
                    lang.pick("رُفض", "refused"),
                    reasons.join(lang.pick("؛ ", "; "))
                ))
            }
            _ if !row.duplicates.is_empty() => Some(format!(
                "{} {}",
                lang.pick("قد يكرر", "may duplicate"),
                row.duplicates.join(lang.pick("، ", ", "))
            )),
            _ => None,
        };
        if let Some(what) = what {
            let name = if row.name.is_empty() {
                "—"
            } else {
                &row.name
            };
            out.push_str(&format!(
                "{} {} ({name}): {what}\n",
                lang.pick("الصف", "Row"),
                row.row
            ));
        }
    }
    let c = &run.counts;
    let counts = match lang {
        Lang::Ar => format!(
            "{}: جديد {}، محدَّث {}، موجود من قبل {}، مرفوض {}، تكرار محتمل {}",
            if run.dry_run {
                "تجربة دون حفظ"
            } else {
                "الاستيراد"
            },
            c.created,
            c.updated,
            c.unchanged,
            c.refused,
            c.flagged
        ),
        Lang::En => format!(
            "{}: {} new, {} updated, {} already there, {} refused, {} possible duplicates",
            if run.dry_run { "Dry run" } else { "Import" },
            c.created,
            c.updated,
            c.unchanged,
            c.refused,
            c.flagged
        ),
    };
    out.push_str(&counts);
    if let Some(failed) = &run.failed {
        out.push_str(&format!("\n{}: {failed}", lang.pick("توقف", "Stopped")));
    }
    out
}

/// `server import`: the same import from the command line, recorded under the head-office
/// account `by`, on the database the server's own flags name.
pub async fn from_command_line(
    config: &crate::Config,
    from: &std::path::Path,
    options: Options,
    by: &str,
) -> anyhow::Result<ImportRun> {
    let bytes: Arc<[u8]> = tokio::fs::read(from)
        .await
        .with_context(|| format!("reading {}", from.display()))?
        .into();
    let db = Db::open(
        &config.data_dir,
        crate::db::Settings {
            database_url: config.database_url.clone(),
            durability: config.durability,
            write_batch: usize::from(config.write_batch),
        },
    )
    .await?;
    let actor = crate::db::users::by_username(db.pool(), by)
        .await?
        .and_then(|u| u.me())
        .map(|me| me.actor())
        .filter(|a| a.role.reaches(shared::Area::Setup))
        .ok_or_else(|| anyhow::anyhow!("{by} is no active head-office account"))?;
    let settings = crate::service::setup::LiveSettings::load(&db, config.first_settings()).await?;
    let started = start(&db, &actor, bytes, options)
        .await
        .map_err(|e| match e {
            Refused::Invalid(field, code) => {
                anyhow::anyhow!("{}: {}", Lang::Ar.field(field), Lang::Ar.error(&code))
            }
            Refused::Failed(e) => e,
        })?;
    let done = run(&db, &actor, started, settings.get().answer_days).await;
    db.close().await;
    Ok(done)
}
