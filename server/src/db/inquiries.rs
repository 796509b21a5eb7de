//! Inquiries: kept once by their device-made id, read back by outreach point.

use anyhow::Context;
use chrono::Utc;
use shared::inquiry::{Inquiry, InquiryPage};
use shared::sync::Actor;
use shared::Role;

use super::Db;

/// Keeps an inquiry unless one with its id exists (a device sending it again).
pub async fn insert(db: &Db, inquiry: &Inquiry) -> anyhow::Result<()> {
    let mut w = db.write().await?;
    sqlx::query(
        "INSERT INTO inquiries (id, outreach_point_id, recorded_by, channel, data, at, received_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
    )
    .bind(inquiry.id.to_string())
    .bind(&inquiry.outreach_point.id)
    .bind(inquiry.recorded_by.id)
    .bind(&inquiry.input.channel)
    .bind(serde_json::to_string(inquiry)?)
    .bind(inquiry.at)
    .bind(Utc::now())
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(())
}

/// The inquiries `actor` may see after `cursor`: an officer's outreach point's, or all for
/// the head office; nobody else's role deals with them.
pub async fn page(db: &Db, actor: &Actor, cursor: u64, limit: u32) -> anyhow::Result<InquiryPage> {
    let cursor = i64::try_from(cursor)?;
    let fetch = i64::from(limit) + 1;
    let rows: Vec<(i64, String)> = match (actor.role, &actor.outreach_point) {
        (Role::HeadOffice, _) => {
            sqlx::query_as("SELECT seq, data FROM inquiries WHERE seq > ? ORDER BY seq LIMIT ?")
                .bind(cursor)
                .bind(fetch)
                .fetch_all(db.pool())
                .await?
        }
        (Role::Officer, Some(point)) => sqlx::query_as(
            "SELECT seq, data FROM inquiries WHERE seq > ? AND outreach_point_id = ? ORDER BY seq LIMIT ?",
        )
        .bind(cursor)
        .bind(&point.id)
        .bind(fetch)
        .fetch_all(db.pool())
        .await?,
        _ => Vec::new(),
    };
    let has_more = rows.len() > limit as usize;
    let page = &rows[..rows.len().min(limit as usize)];
    let inquiries = page
        .iter()
        .map(|(_, data)| serde_json::from_str(data).context("stored inquiry"))
        .collect::<anyhow::Result<Vec<Inquiry>>>()?;
    let next = page.last().map_or(cursor, |(seq, _)| *seq);
    Ok(InquiryPage {
        inquiries,
        cursor: u64::try_from(next)?,
        has_more,
    })
}
