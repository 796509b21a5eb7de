//! Imports of the existing register: the mappings remembered by headers, the runs and their
//! reports, and what a row is looked up by (its reference, its person, its duplicates).

use chrono::{DateTime, NaiveDate, Utc};
use shared::case::UserRef;
use shared::import::{Column, ImportCounts, ImportRun, RowReport};
use shared::Case;
use sqlx::types::Json as Stored;

use super::sql::{query, On};

/// The mapping saved for sheets with these headers, if any.
pub async fn mapping(
    db: impl Into<On<'_>>,
    headers_key: &str,
) -> anyhow::Result<Option<Vec<Option<Column>>>> {
    let saved: Option<String> = query("SELECT mapping FROM import_mappings WHERE headers_key = ?")
        .bind(headers_key)
        .scalar_optional(db)
        .await?;
    Ok(saved.map(|m| serde_json::from_str(&m)).transpose()?)
}

/// Remembers `mapping` for sheets with these headers.
pub async fn save_mapping(
    db: impl Into<On<'_>>,
    headers_key: &str,
    mapping: &[Option<Column>],
    by: i64,
) -> anyhow::Result<()> {
    query(
        "INSERT INTO import_mappings (headers_key, mapping, saved_by, saved_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (headers_key) DO UPDATE SET mapping = excluded.mapping, \
           saved_by = excluded.saved_by, saved_at = excluded.saved_at",
    )
    .bind(headers_key)
    .bind(serde_json::to_string(mapping)?)
    .bind(by)
    .bind(Utc::now())
    .execute(db)
    .await?;
    Ok(())
}

/// Records a run starting on `total` rows of `file`; its number.
pub async fn start(
    db: impl Into<On<'_>>,
    file: &str,
    sha256: &str,
    dry_run: bool,
    by: i64,
    total: u32,
) -> anyhow::Result<i64> {
    Ok(query(
        "INSERT INTO imports (file, sha256, dry_run, by_user, started_at, updated_at, total, \
           counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(file)
    .bind(sha256)
    .bind(dry_run)
    .bind(by)
    .bind(Utc::now())
    .bind(Utc::now())
    .bind(i64::from(total))
    .bind(serde_json::to_string(&ImportCounts::default())?)
    .scalar(db)
    .await?)
}

/// Notes how far a run got.
pub async fn progress(
    db: impl Into<On<'_>>,
    id: i64,
    done: u32,
    counts: &ImportCounts,
) -> anyhow::Result<()> {
    query("UPDATE imports SET done = ?, counts = ?, updated_at = ? WHERE id = ?")
        .bind(i64::from(done))
        .bind(serde_json::to_string(counts)?)
        .bind(Utc::now())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Ends a run with its report, or with why it stopped.
pub async fn finish(
    db: impl Into<On<'_>>,
    id: i64,
    counts: &ImportCounts,
    rows: &[RowReport],
    failed: Option<&str>,
) -> anyhow::Result<()> {
    query(
        "UPDATE imports SET finished_at = ?, done = ?, counts = ?, report = ?, failed = ? \
         WHERE id = ?",
    )
    .bind(Utc::now())
    .bind(i64::try_from(rows.len())?)
    .bind(serde_json::to_string(counts)?)
    .bind(serde_json::to_string(rows)?)
    .bind(failed.map(str::to_owned))
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: i64,
    file: String,
    dry_run: bool,
    by_id: i64,
    by_name: String,
    started_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    total: i64,
    done: i64,
    counts: String,
    failed: Option<String>,
}

const RUN: &str = "SELECT i.id, i.file, i.dry_run, u.id AS by_id, u.display_name AS by_name, \
     i.started_at, i.updated_at, i.finished_at, i.total, i.done, i.counts, i.failed \
     FROM imports i JOIN users u ON u.id = i.by_user";

/// How long a run may go without getting further before it is taken to have stopped with
/// its server: a piece of rows takes seconds.
const STALLED_AFTER: chrono::Duration = chrono::Duration::minutes(3);

fn run_of(r: RunRow, rows: Vec<RowReport>) -> anyhow::Result<ImportRun> {
    let RunRow {
        id,
        file,
        dry_run,
        by_id,
        by_name,
        started_at,
        updated_at,
        mut finished_at,
        total,
        done,
        counts,
        mut failed,
    } = r;
    // Its server stopped in the middle: what it wrote stays, and the same file brought
    // again adds the rest, each row known by what it was.
    if finished_at.is_none() && Utc::now() - updated_at > STALLED_AFTER {
        finished_at = Some(updated_at);
        failed = Some("the server stopped during the run".into());
    }
    Ok(ImportRun {
        id,
        file,
        dry_run,
        by: UserRef {
            id: by_id,
            name: by_name,
        },
        started_at,
        finished_at,
        total: u32::try_from(total)?,
        done: u32::try_from(done)?,
        counts: serde_json::from_str(&counts)?,
        failed,
        rows,
    })
}

/// A run, with its report once it ended.
pub async fn run(db: impl Into<On<'_>> + Copy, id: i64) -> anyhow::Result<Option<ImportRun>> {
    let row: Option<RunRow> = query(format!("{RUN} WHERE i.id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let report: Option<String> = query("SELECT report FROM imports WHERE id = ?")
        .bind(id)
        .scalar(db)
        .await?;
    let rows = report
        .map(|r| serde_json::from_str(&r))
        .transpose()?
        .unwrap_or_default();
    Ok(Some(run_of(row, rows)?))
}

/// The latest runs, newest first, without their reports.
pub async fn runs(db: impl Into<On<'_>>, limit: u32) -> anyhow::Result<Vec<ImportRun>> {
    let rows: Vec<RunRow> = query(format!("{RUN} ORDER BY i.id DESC LIMIT ?"))
        .bind(i64::from(limit))
        .fetch_all(db)
        .await?;
    rows.into_iter().map(|r| run_of(r, Vec::new())).collect()
}

/// The case of a reference, if any.
pub async fn by_reference(db: impl Into<On<'_>>, reference: &str) -> anyhow::Result<Option<Case>> {
    let data: Option<Stored<Case>> = query("SELECT data FROM cases WHERE reference = ?")
        .bind(reference)
        .scalar_optional(db)
        .await?;
    Ok(data.map(|d| d.0))
}

/// The cases of an applicant's national ID.
pub async fn by_national_id(db: impl Into<On<'_>>, national_id: &str) -> anyhow::Result<Vec<Case>> {
    let data: Vec<Stored<Case>> = query("SELECT data FROM cases WHERE national_id = ?")
        .bind(national_id)
        .scalars(db)
        .await?;
    Ok(data.into_iter().map(|d| d.0).collect())
}

/// The references of open requests other than `except` that the head office's duplicate
/// rules pair with a person of this ID, or of this folded name and birth date.
pub async fn duplicates(
    db: impl Into<On<'_>> + Copy,
    national_id: &str,
    person: Option<&(String, NaiveDate)>,
    except: Option<&str>,
) -> anyhow::Result<Vec<String>> {
    let except = except.unwrap_or("").to_owned();
    let mut found: Vec<String> = query(
        "SELECT DISTINCT c.reference FROM case_people p JOIN cases c ON c.id = p.case_id \
         WHERE p.national_id = ? AND c.reference <> ? ORDER BY c.reference",
    )
    .bind(national_id)
    .bind(except.clone())
    .scalars(db)
    .await?;
    if let Some((name_key, born)) = person {
        let by_name: Vec<String> = query(
            "SELECT DISTINCT c.reference FROM case_names n JOIN cases c ON c.id = n.case_id \
             WHERE n.name_key = ? AND n.born = ? AND n.national_id <> ? AND c.reference <> ? \
             ORDER BY c.reference",
        )
        .bind(name_key.clone())
        .bind(*born)
        .bind(national_id)
        .bind(except)
        .scalars(db)
        .await?;
        for r in by_name {
            if !found.contains(&r) {
                found.push(r);
            }
        }
    }
    Ok(found)
}
