//! The research committee's papers from the database: each case's decisions indexed by
//! meeting as the case is written, the agenda, the meetings held and each one's minute.

use chrono::NaiveDate;
use shared::committee::{Agenda, MeetingSummary, Minute};
use shared::life::workflow::{Meeting, Verdict};
use shared::{Case, CaseStatus};
use sqlx::types::Json as Stored;
use sqlx::FromRow;

use super::script::Script;
use super::sql::query;
use super::Db;

/// The most requests one agenda lists: more than any meeting studies.
const AGENDA_MAX: i64 = 2_000;

/// Adds to `s` the statements that write the case's decisions by meeting, sent with the
/// case; in place of those written before when `replace`.
pub fn index(s: &mut Script, id: &str, decisions: &[(u32, NaiveDate, &str)], replace: bool) {
    if replace {
        s.statement("DELETE FROM case_decisions WHERE case_id = ?")
            .bind(id);
    }
    if decisions.is_empty() {
        return;
    }
    s.statement(&format!(
        "INSERT INTO case_decisions (case_id, seq, meeting_number, meeting_date, verdict) VALUES {}",
        Script::rows(decisions.len(), 5)
    ));
    for (seq, &(number, held_on, verdict)) in decisions.iter().enumerate() {
        s.bind(id)
            .bind(seq as i64)
            .bind(number)
            .bind(held_on)
            .bind(verdict);
    }
}

fn parse(data: Vec<Stored<Case>>) -> Vec<Case> {
    data.into_iter().map(|d| d.0).collect()
}

/// A meeting's count of one verdict.
#[derive(FromRow)]
struct Held {
    meeting_date: NaiveDate,
    meeting_number: i64,
    verdict: String,
    n: i64,
}

/// Every request waiting for the committee on `today`, the longest waiting first.
pub async fn agenda(db: &Db, today: NaiveDate) -> anyhow::Result<Agenda> {
    let data: Vec<Stored<Case>> = query(
        "SELECT c.data FROM case_index i JOIN cases c ON c.id = i.case_id \
         WHERE i.status = ? AND i.submitted = TRUE ORDER BY i.submitted_at LIMIT ?",
    )
    .bind(CaseStatus::AtCommittee.code())
    .bind(AGENDA_MAX)
    .scalars(db.pool())
    .await?;
    Ok(Agenda::of(&parse(data), today))
}

/// The meetings held, the latest first, with their counts.
pub async fn meetings(db: &Db, limit: u32) -> anyhow::Result<Vec<MeetingSummary>> {
    let rows: Vec<Held> = query(
        "SELECT meeting_date, meeting_number, verdict, COUNT(*) AS n FROM case_decisions \
         WHERE (meeting_date, meeting_number) IN (SELECT DISTINCT meeting_date, meeting_number \
           FROM case_decisions ORDER BY meeting_date DESC, meeting_number DESC LIMIT ?) \
         GROUP BY meeting_date, meeting_number, verdict \
         ORDER BY meeting_date DESC, meeting_number DESC",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    let mut out: Vec<MeetingSummary> = Vec::new();
    for row in rows {
        let meeting = Meeting {
            number: u32::try_from(row.meeting_number)?,
            held_on: row.meeting_date,
        };
        let verdict = row.verdict;
        let n = u32::try_from(row.n)?;
        if out.last().is_none_or(|m| m.meeting != meeting) {
            out.push(MeetingSummary::new(meeting));
        }
        let last = out.last_mut().expect("pushed above");
        if let Some(v) = Verdict::from_code(&verdict) {
            last.count(v, n);
        }
    }
    Ok(out)
}

/// The minute of `meeting`; `None` when no decision was taken in it.
pub async fn minute(db: &Db, meeting: Meeting) -> anyhow::Result<Option<Minute>> {
    let data: Vec<Stored<Case>> = query(
        "SELECT c.data FROM cases c WHERE c.id IN (SELECT case_id FROM case_decisions \
         WHERE meeting_date = ? AND meeting_number = ?)",
    )
    .bind(meeting.held_on)
    .bind(meeting.number)
    .scalars(db.pool())
    .await?;
    let minute = Minute::of(meeting, &parse(data));
    Ok((!minute.entries.is_empty()).then_some(minute))
}
