//! Accounts as the head office administers them, and the log of what it changed.

use chrono::{DateTime, Utc};
use serde_json::Value;
use shared::accounts::{Account, Placement};
use shared::case::OutreachPoint;
use shared::Role;
use sqlx::FromRow;

use super::sql::{query, On};

use super::Db;

/// The most accounts one answer lists.
pub const LISTED_MAX: u32 = 500;

#[derive(FromRow)]
struct AccountRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    active: bool,
    created_at: DateTime<Utc>,
    point_id: Option<String>,
    point_ar: Option<String>,
    point_en: Option<String>,
    last_sign_in: Option<DateTime<Utc>>,
}

impl AccountRow {
    fn account(self) -> Option<Account> {
        let outreach_point = match (self.point_id, self.point_ar, self.point_en) {
            (Some(id), Some(name_ar), Some(name_en)) => Some(OutreachPoint {
                id,
                name_ar,
                name_en,
            }),
            _ => None,
        };
        Some(Account {
            id: self.id,
            username: self.username,
            display_name: self.display_name,
            role: Role::from_code(&self.role)?,
            outreach_point,
            active: self.active,
            created_at: self.created_at,
            last_sign_in: self.last_sign_in,
        })
    }
}

const SELECT_ACCOUNT: &str = "SELECT u.id, u.username, u.display_name, u.role, u.active, \
     u.created_at, p.id AS point_id, p.name_ar AS point_ar, p.name_en AS point_en, \
     (SELECT MAX(s.at) FROM sign_ins s WHERE s.user_id = u.id AND s.outcome = 'signed_in') \
       AS last_sign_in \
     FROM users u LEFT JOIN outreach_points p ON p.id = u.outreach_point_id";

/// Roles in the order the association is organised: the head office first, applicants last.
const ROLE_ORDER: &str = "CASE u.role WHEN 'head_office' THEN 0 WHEN 'officer' THEN 1 \
     WHEN 'researcher' THEN 2 WHEN 'committee' THEN 3 ELSE 4 END";

/// The staff accounts, by role and name; with `query`, every account whose sign-in name or
/// shown name holds it, applicants' too (found by their ID).
pub async fn list(db: &Db, text: &str) -> sqlx::Result<Vec<Account>> {
    let text = text.trim();
    let rows: Vec<AccountRow> = if text.is_empty() {
        query(format!(
            "{SELECT_ACCOUNT} WHERE u.role <> 'applicant' AND u.username <> 'system' \
             ORDER BY {ROLE_ORDER}, u.display_name LIMIT ?"
        ))
        .bind(LISTED_MAX)
        .fetch_all(db.pool())
        .await?
    } else {
        let like = format!(
            "%{}%",
            shared::digits::to_ascii_digits(text)
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        query(format!(
            "{SELECT_ACCOUNT} WHERE (lower(u.username) LIKE lower(?1) ESCAPE '\\' \
               OR lower(u.display_name) LIKE lower(?1) ESCAPE '\\') AND u.username <> 'system' \
             ORDER BY {ROLE_ORDER}, u.display_name LIMIT ?2"
        ))
        .bind(like)
        .bind(LISTED_MAX)
        .fetch_all(db.pool())
        .await?
    };
    Ok(rows.into_iter().filter_map(AccountRow::account).collect())
}

/// The account with this id.
pub async fn get(db: impl Into<On<'_>>, id: i64) -> sqlx::Result<Option<Account>> {
    let row: Option<AccountRow> = query(format!(
        "{SELECT_ACCOUNT} WHERE u.id = ? AND u.username <> 'system'"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(AccountRow::account))
}

/// Whether an open outreach point with this id exists: a closed one takes no accounts.
pub async fn point_exists(db: impl Into<On<'_>>, id: &str) -> sqlx::Result<bool> {
    query("SELECT EXISTS (SELECT 1 FROM outreach_points WHERE id = ? AND closed_at IS NULL)")
        .bind(id)
        .scalar(db)
        .await
}

/// Changes an account's shown name, placement and whether it may sign in, logged as done
/// by `by`. A new role or point ends the account's sessions, since what a session may
/// reach was decided by them, and so does disabling it. Returns the account as it is now.
pub async fn change(
    db: &Db,
    by: i64,
    id: i64,
    display_name: &str,
    placement: &Placement,
    active: bool,
) -> anyhow::Result<Option<Account>> {
    let mut w = db.write().await?;
    let tx = &mut w.tx;
    let Some(before) = get(&mut *tx, id).await? else {
        return Ok(None);
    };
    // Disabling ends the sessions for good: enabled again, the account signs in afresh.
    let moved = before.role != placement.role
        || before.outreach_point.as_ref().map(|p| p.id.as_str())
            != placement.outreach_point.as_deref()
        || (before.active && !active);
    query(
        "UPDATE users SET display_name = ?, role = ?, outreach_point_id = ?, active = ?, \
           credentials_version = credentials_version + ? WHERE id = ?",
    )
    .bind(display_name)
    .bind(placement.role.code())
    .bind(placement.outreach_point.as_deref())
    .bind(active)
    .bind(i64::from(moved))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let after = get(&mut *tx, id).await?;
    log(
        &mut *tx,
        by,
        id,
        "changed",
        serde_json::json!({ "before": before, "after": after }),
    )
    .await?;
    w.commit().await?;
    Ok(after)
}

/// Sets a new password hash and ends the account's sessions; `action` says whether the
/// head office reset it or the user changed their own.
pub async fn set_password(
    db: &Db,
    by: i64,
    id: i64,
    hash: &str,
    action: &str,
) -> anyhow::Result<i64> {
    let mut w = db.write().await?;
    let version: i64 = query(
        "UPDATE users SET password_hash = ?, credentials_version = credentials_version + 1, \
           must_change_password = ? WHERE id = ? RETURNING credentials_version",
    )
    .bind(hash)
    // A password someone else chose is its owner's to change.
    .bind(by != id)
    .bind(id)
    .scalar(&mut w.tx)
    .await?;
    log(&mut w.tx, by, id, action, Value::Null).await?;
    w.commit().await?;
    Ok(version)
}

/// Logs that `by` did `action` to the account `id`.
pub async fn log(
    db: impl Into<On<'_>>,
    by: i64,
    id: i64,
    action: &str,
    detail: Value,
) -> sqlx::Result<()> {
    query(
        "INSERT INTO account_changes (at, by_user, user_id, action, detail) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(Utc::now())
    .bind(by)
    .bind(id)
    .bind(action)
    .bind(detail.to_string())
    .execute(db)
    .await?;
    Ok(())
}
