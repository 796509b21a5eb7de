//! Needs and suggestions: kept once by their device-made id, answered and closed by the head office, read back by whoever may see them.

use anyhow::Context;
use chrono::Utc;
use shared::feedback::{Answer, Feedback, FeedbackPage, FeedbackState};
use shared::sync::Actor;
use shared::Role;

use super::Db;

fn state_code(state: FeedbackState) -> &'static str {
    match state {
        FeedbackState::Open => "open",
        FeedbackState::Answered => "answered",
        FeedbackState::Closed => "closed",
    }
}

/// Keeps a need or suggestion unless one with its id exists (a device sending it again).
pub async fn insert(db: &Db, item: &Feedback) -> anyhow::Result<()> {
    let mut w = db.write().await?;
    sqlx::query(
        "INSERT INTO feedback (id, seq, outreach_point_id, applicant_id, recorded_by, kind, \
           channel, state, at, received_at, data) \
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM feedback), ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(item.id.to_string())
    .bind(item.outreach_point.as_ref().map(|p| p.id.as_str()))
    .bind(item.applicant)
    .bind(item.recorded_by.id)
    .bind(&item.input.kind)
    .bind(&item.input.channel)
    .bind(state_code(item.state()))
    .bind(item.at)
    .bind(Utc::now())
    .bind(serde_json::to_string(item)?)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(())
}

/// The need or suggestion with this id.
pub async fn get(db: &Db, id: &str) -> anyhow::Result<Option<Feedback>> {
    let data: Option<String> = sqlx::query_scalar("SELECT data FROM feedback WHERE id = ?")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    data.map(|d| serde_json::from_str(&d).context("stored feedback"))
        .transpose()
}

/// What became of an answer.
#[derive(Debug)]
pub enum Answered {
    /// Answered (and closed when asked), as it stands now.
    Done(Box<Feedback>),
    /// No such need or suggestion.
    Missing,
    /// Closed already: nothing more is said on it.
    Closed,
}

/// Records the head office's answer, closing it when `close`; moves it on in the pull
/// order, so the answer reaches every device that sees it.
pub async fn answer(db: &Db, id: &str, answer: Answer, close: bool) -> anyhow::Result<Answered> {
    let mut w = db.write().await?;
    let data: Option<String> = sqlx::query_scalar("SELECT data FROM feedback WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *w.tx)
        .await?;
    let Some(data) = data else {
        return Ok(Answered::Missing);
    };
    let mut item: Feedback = serde_json::from_str(&data).context("stored feedback")?;
    if item.state() == FeedbackState::Closed {
        return Ok(Answered::Closed);
    }
    let at = answer.at;
    item.answer = Some(answer);
    if close {
        item.closed_at = Some(at);
    }
    sqlx::query(
        "UPDATE feedback SET seq = (SELECT MAX(seq) + 1 FROM feedback), state = ?, data = ? \
         WHERE id = ?",
    )
    .bind(state_code(item.state()))
    .bind(serde_json::to_string(&item)?)
    .bind(id)
    .execute(&mut *w.tx)
    .await?;
    crate::notify::feedback_answered(&mut w.tx, &item, at).await?;
    w.commit().await?;
    Ok(Answered::Done(Box::new(item)))
}

/// The needs and suggestions `actor` may see that changed after `cursor`: an applicant's
/// own, an officer's outreach point's, or all for the head office.
pub async fn page(db: &Db, actor: &Actor, cursor: u64, limit: u32) -> anyhow::Result<FeedbackPage> {
    let cursor = i64::try_from(cursor)?;
    let fetch = i64::from(limit) + 1;
    let base = "SELECT seq, data FROM feedback WHERE seq > ?";
    let rows: Vec<(i64, String)> = match (actor.role, &actor.outreach_point) {
        (Role::HeadOffice, _) => {
            sqlx::query_as(&format!("{base} ORDER BY seq LIMIT ?"))
                .bind(cursor)
                .bind(fetch)
                .fetch_all(db.pool())
                .await?
        }
        (Role::Officer, Some(point)) => {
            sqlx::query_as(&format!(
                "{base} AND outreach_point_id = ? ORDER BY seq LIMIT ?"
            ))
            .bind(cursor)
            .bind(&point.id)
            .bind(fetch)
            .fetch_all(db.pool())
            .await?
        }
        (Role::Applicant, _) => {
            sqlx::query_as(&format!("{base} AND applicant_id = ? ORDER BY seq LIMIT ?"))
                .bind(cursor)
                .bind(actor.user.id)
                .bind(fetch)
                .fetch_all(db.pool())
                .await?
        }
        _ => Vec::new(),
    };
    let has_more = rows.len() > limit as usize;
    let page = &rows[..rows.len().min(limit as usize)];
    // The query narrows by the columns; the shared rule decides.
    let point = actor.outreach_point.as_ref().map(|p| p.id.as_str());
    let items = page
        .iter()
        .map(|(_, data)| serde_json::from_str(data).context("stored feedback"))
        .collect::<anyhow::Result<Vec<Feedback>>>()?
        .into_iter()
        .filter(|f| f.visible_to(actor.user.id, actor.role, point))
        .collect();
    let next = page.last().map_or(cursor, |(seq, _)| *seq);
    Ok(FeedbackPage {
        items,
        cursor: u64::try_from(next)?,
        has_more,
    })
}
