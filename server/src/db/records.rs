//! Records made on devices that are not cases: kept once by their device-made id, and read
//! back in the order the server received or last changed them (their `seq`).

use chrono::{DateTime, Utc};
use shared::people::{Actor, Scope};
use shared::records::feedback::{Feedback, FeedbackState};
use shared::records::inquiry::Inquiry;
use shared::records::{Page, Record};
use sqlx::types::Json as Stored;

use super::script::Script;
use super::sql::{query, Json, Tx, Value};
use super::Db;

/// How a kind of record is kept. Every table has `id`, `seq`, `outreach_point_id`,
/// `recorded_by`, `at`, `received_at` and `data` (the record's JSON); `applicant_id` where
/// applicants pull their own.
pub trait Table: Record + Unpin {
    /// The table.
    const TABLE: &'static str;
    /// The outreach point it belongs to, if any.
    fn point(&self) -> Option<&str>;
    /// The user who recorded it.
    fn recorded_by(&self) -> i64;
    /// The table's other columns, for the head office's queries.
    fn columns(&self) -> Vec<(&'static str, Value)>;
}

impl Table for Inquiry {
    const TABLE: &'static str = "inquiries";

    fn point(&self) -> Option<&str> {
        Some(&self.outreach_point.id)
    }

    fn recorded_by(&self) -> i64 {
        self.recorded_by.id
    }

    fn columns(&self) -> Vec<(&'static str, Value)> {
        vec![("channel", Value::Text(Some(self.input.channel.clone())))]
    }
}

impl Table for Feedback {
    const TABLE: &'static str = "feedback";

    fn point(&self) -> Option<&str> {
        self.outreach_point.as_ref().map(|p| p.id.as_str())
    }

    fn recorded_by(&self) -> i64 {
        self.recorded_by.id
    }

    fn columns(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("applicant_id", Value::Int(self.applicant)),
            ("kind", Value::Text(Some(self.input.kind.clone()))),
            ("channel", Value::Text(Some(self.input.channel.clone()))),
            ("state", Value::Text(Some(state_code(self.state()).into()))),
        ]
    }
}

/// How a need's or suggestion's state is stored.
pub fn state_code(state: FeedbackState) -> &'static str {
    match state {
        FeedbackState::Open => "open",
        FeedbackState::Answered => "answered",
        FeedbackState::Closed => "closed",
    }
}

/// The next `seq` of `table`, inside the statement that takes it.
fn next_seq(table: &str) -> String {
    format!("(SELECT COALESCE(MAX(seq), 0) + 1 FROM {table})")
}

/// Adds to `s` the statement keeping `record`, unless one with its id is kept already (a
/// device sending it again).
pub fn insert<R: Table>(s: &mut Script, record: &R, now: DateTime<Utc>) -> anyhow::Result<()> {
    let columns = record.columns();
    let names: String = columns.iter().map(|(n, _)| format!(", {n}")).collect();
    let marks = ", ?".repeat(columns.len());
    s.statement(&format!(
        "INSERT INTO {table} (id, seq, outreach_point_id, recorded_by, at, received_at, data{names}) \
         VALUES (?, {seq}, ?, ?, ?, ?, ?{marks}) ON CONFLICT (id) DO NOTHING",
        table = R::TABLE,
        seq = next_seq(R::TABLE),
    ))
    .bind(record.id().to_string())
    .bind(record.point().map(str::to_owned))
    .bind(record.recorded_by())
    .bind(record.at())
    .bind(now)
    .bind(Json(serde_json::to_string(record)?));
    for (_, value) in columns {
        s.bind(value);
    }
    Ok(())
}

/// Adds to `s` the statement replacing a kept record with its new state, under the next
/// `seq` so devices pull it again.
pub fn update<R: Table>(s: &mut Script, record: &R) -> anyhow::Result<()> {
    let columns = record.columns();
    let sets: String = columns.iter().map(|(n, _)| format!(", {n} = ?")).collect();
    s.statement(&format!(
        "UPDATE {table} SET seq = {seq}, data = ?{sets} WHERE id = ?",
        table = R::TABLE,
        seq = next_seq(R::TABLE),
    ))
    .bind(Json(serde_json::to_string(record)?));
    for (_, value) in columns {
        s.bind(value);
    }
    s.bind(record.id().to_string());
    Ok(())
}

/// The record kept under `id`, read inside a write.
pub async fn get_in<R: Table>(tx: &mut Tx, id: &str) -> anyhow::Result<Option<R>> {
    let data: Option<Stored<R>> = query(format!("SELECT data FROM {} WHERE id = ?", R::TABLE))
        .bind(id)
        .scalar_optional(&mut *tx)
        .await?;
    Ok(data.map(|d| d.0))
}

/// The records `actor` may see changed after `cursor`, at most `limit`.
pub async fn page<R: Table>(
    db: &Db,
    actor: &Actor,
    cursor: u64,
    limit: u32,
) -> anyhow::Result<Page<R>> {
    let cursor = i64::try_from(cursor)?;
    let narrowing = match R::seen_from(actor) {
        Scope::All => None,
        Scope::Point(point) => Some(("outreach_point_id", Value::Text(Some(point)))),
        Scope::Own(id) => Some(("applicant_id", Value::Int(Some(id)))),
        Scope::Nothing => {
            return Ok(Page {
                items: Vec::new(),
                cursor: u64::try_from(cursor)?,
                has_more: false,
            })
        }
    };
    let mut q = query(format!("SELECT seq, data FROM {} WHERE seq > ?", R::TABLE));
    q.add(cursor);
    if let Some((column, value)) = narrowing {
        q.push(format!(" AND {column} = ?")).add(value);
    }
    q.push(" ORDER BY seq LIMIT ?").add(i64::from(limit) + 1);
    let mut rows: Vec<(i64, Stored<R>)> = q.fetch_all(db.pool()).await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = rows.last().map_or(cursor, |(seq, _)| *seq);
    let mut items = Vec::with_capacity(rows.len());
    for (_, Stored(record)) in rows {
        if record.visible_to(actor) {
            items.push(record);
        }
    }
    Ok(Page {
        items,
        cursor: u64::try_from(next)?,
        has_more,
    })
}
