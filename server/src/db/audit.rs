//! The audit trail: a case's changes as received, and the sign-in log.

use anyhow::Context;
use chrono::{DateTime, Utc};
use shared::audit::{HistoryEntry, SignInOutcome, SignInRecord};
use shared::case::UserRef;
use shared::life::mutation::Op;
use shared::sync::Outcome;
use shared::{CaseId, Role};
use sqlx::types::Json as Stored;

use super::sql::query;
use super::Db;

/// A stored change: when received and made, who (id, name, role), device, op, outcome.
type ChangeRow = (
    DateTime<Utc>,
    DateTime<Utc>,
    i64,
    String,
    Option<String>,
    String,
    Stored<Op>,
    Stored<Outcome>,
);

/// Every change sent for the case, applied or refused, in the order received.
pub async fn case_history(db: &Db, id: CaseId) -> anyhow::Result<Vec<HistoryEntry>> {
    let rows: Vec<ChangeRow> = query(
        "SELECT m.received_at, m.created_at, m.user_id, u.display_name, m.role, m.device_id, \
           m.op, m.outcome \
         FROM mutations m JOIN users u ON u.id = m.user_id \
         WHERE m.case_id = ? ORDER BY m.rowid",
    )
    .bind(id.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(
            |(received_at, made_at, user_id, name, role, device, op, outcome)| {
                Ok(HistoryEntry {
                    received_at,
                    made_at,
                    user: UserRef { id: user_id, name },
                    role: role.as_deref().and_then(Role::from_code),
                    device,
                    op: op.0,
                    outcome: outcome.0,
                })
            },
        )
        .collect()
}

/// Records a sign-in attempt or a sign-out.
pub async fn record_sign_in(
    db: &Db,
    username: &str,
    user_id: Option<i64>,
    address: Option<&str>,
    outcome: SignInOutcome,
) -> anyhow::Result<()> {
    query("INSERT INTO sign_ins (at, username, user_id, address, outcome) VALUES (?, ?, ?, ?, ?)")
        .bind(Utc::now())
        .bind(username)
        .bind(user_id)
        .bind(address)
        .bind(outcome.code())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// A stored sign-in: when, the name typed, the account's id and name, address, outcome.
type SignInRow = (
    DateTime<Utc>,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    String,
);

/// The latest `limit` sign-in attempts, newest first.
pub async fn sign_ins(db: &Db, limit: u32) -> anyhow::Result<Vec<SignInRecord>> {
    let rows: Vec<SignInRow> = query(
        "SELECT s.at, s.username, s.user_id, u.display_name, s.address, s.outcome \
         FROM sign_ins s LEFT JOIN users u ON u.id = s.user_id \
         ORDER BY s.id DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|(at, username, user_id, name, address, outcome)| {
            Ok(SignInRecord {
                at,
                username,
                user: user_id.zip(name).map(|(id, name)| UserRef { id, name }),
                address,
                outcome: SignInOutcome::from_code(&outcome).context("stored sign-in outcome")?,
            })
        })
        .collect()
}
