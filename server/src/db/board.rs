//! The board's report, counted from every request, inquiry and need held, and the lists
//! behind its figures.

use chrono::{DateTime, Utc};
use shared::records::feedback::Feedback;
use shared::records::inquiry::Inquiry;
use shared::reports::board::{Board, BoardReport, BoardRow, Member, Period};
use shared::Case;
use sqlx::types::Json as Stored;

use super::sql::{marks, query};
use super::Db;

/// Requests read at a time.
const BATCH: usize = 500;

/// The report for `period` at `now`, each figure with what it counts.
pub async fn report(db: &Db, period: Period, now: DateTime<Utc>) -> anyhow::Result<BoardReport> {
    let mut board = Board::new(period);
    // Any request may have had something happen in the period (a service on an old
    // file), so every request one of whose counted days falls in it is read, a batch at
    // a time (`Board::days_of`, kept with the index); drafts never handed in have none.
    let (first, after_last) = period.days();
    let ids: Vec<String> = query(
        "SELECT DISTINCT case_id FROM board_activity WHERE day >= ? AND day < ? ORDER BY case_id",
    )
    .bind(first)
    .bind(after_last)
    .scalars(db.pool())
    .await?;
    for chunk in ids.chunks(BATCH) {
        let mut q = query(format!(
            "SELECT data FROM cases WHERE id IN ({}) ORDER BY id",
            marks(chunk.len())
        ));
        for id in chunk {
            q.add(id.clone());
        }
        for case in q.scalars::<Stored<Case>>(db.pool()).await? {
            board.add_case(&case.0);
        }
    }
    let inquiries: Vec<Stored<Inquiry>> = query("SELECT data FROM inquiries ORDER BY seq")
        .scalars(db.pool())
        .await?;
    for i in &inquiries {
        board.add_inquiry(&i.0);
    }
    let feedback: Vec<Stored<Feedback>> = query("SELECT data FROM feedback ORDER BY seq")
        .scalars(db.pool())
        .await?;
    for f in &feedback {
        board.add_feedback(&f.0);
    }
    Ok(board.finish(now))
}

/// The rows of `members`, each once, in the order counted.
pub async fn rows(db: &Db, members: &[Member], english: bool) -> anyhow::Result<Vec<BoardRow>> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for m in members.iter().filter(|m| seen.insert((*m).clone())) {
        let row = match m {
            Member::Case(id) => query("SELECT data FROM cases WHERE id = ?")
                .bind(id.to_string())
                .scalar_optional::<Stored<Case>>(db.pool())
                .await?
                .map(|c| BoardRow::of_case(&c.0, english)),
            Member::Feedback(id) => query("SELECT data FROM feedback WHERE id = ?")
                .bind(id)
                .scalar_optional::<Stored<Feedback>>(db.pool())
                .await?
                .map(|f| BoardRow::of_feedback(&f.0, english)),
            Member::Inquiry(id) => query("SELECT data FROM inquiries WHERE id = ?")
                .bind(id)
                .scalar_optional::<Stored<Inquiry>>(db.pool())
                .await?
                .map(|i| BoardRow::of_inquiry(&i.0, english)),
        };
        out.extend(row);
    }
    Ok(out)
}
