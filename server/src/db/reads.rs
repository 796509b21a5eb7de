//! Reads of personal data on the server: who opened which requests, when, and from where.

use chrono::{DateTime, Utc};
use shared::audit::{CaseRead, ReadAction};
use shared::case::UserRef;
use shared::{CaseId, Role};

use super::script::Script;
use super::sql::query;
use super::Db;

/// The most requests one statement names.
const CHUNK: usize = 400;

/// Records that `user_id` opened, by `action` with `detail` (the filter, the file), the
/// requests `cases` — of `shown` in all (an export names every row it holds).
pub async fn record(
    db: &Db,
    user_id: i64,
    action: ReadAction,
    detail: &str,
    cases: &[CaseId],
    shown: usize,
) -> anyhow::Result<()> {
    let mut w = db.write().await?;
    let id: i64 = query(
        "INSERT INTO reads (user_id, at, action, detail, shown) VALUES (?, ?, ?, ?, ?) \
         RETURNING id",
    )
    .bind(user_id)
    .bind(Utc::now())
    .bind(action.code())
    .bind(detail)
    .bind(i64::try_from(shown).unwrap_or(i64::MAX))
    .scalar(&mut w.tx)
    .await?;
    let mut ids: Vec<String> = cases.iter().map(ToString::to_string).collect();
    ids.sort();
    ids.dedup();
    for chunk in ids.chunks(CHUNK) {
        let mut s = Script::default();
        s.statement(&format!(
            "INSERT INTO read_cases (read_id, case_id) VALUES {}",
            Script::rows(chunk.len(), 2)
        ));
        for case in chunk {
            s.bind(id).bind(case.clone());
        }
        s.run(&mut w.tx).await?;
    }
    w.commit().await?;
    Ok(())
}

/// A stored read: who (id, name, role), when, how, what was asked and how many it showed.
type ReadRow = (i64, String, String, DateTime<Utc>, String, String, i64);

/// Who opened the request `case`, the latest first.
pub async fn of_case(db: &Db, case: CaseId, limit: u32) -> anyhow::Result<Vec<CaseRead>> {
    let rows: Vec<ReadRow> = query(
        "SELECT u.id, u.display_name, u.role, r.at, r.action, r.detail, r.shown \
         FROM read_cases c JOIN reads r ON r.id = c.read_id JOIN users u ON u.id = r.user_id \
         WHERE c.case_id = ? ORDER BY r.id DESC LIMIT ?",
    )
    .bind(case.to_string())
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, role, at, action, detail, shown)| {
            Some(CaseRead {
                by: UserRef { id, name },
                role: Role::from_code(&role),
                at,
                action: ReadAction::from_code(&action)?,
                detail,
                rows: u32::try_from(shown).unwrap_or(u32::MAX),
            })
        })
        .collect())
}
