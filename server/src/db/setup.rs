//! The association's set-up: outreach points and their log, the settings' versions, the
//! test texts through the gateway, the backups taken, and what the checklist counts.

use chrono::{DateTime, Utc};
use serde_json::Value;
use shared::case::OutreachPoint;
use shared::setup::{
    Point, PointDetails, PointEvent, PublicPoint, Settings, SettingsVersion, SmsTest,
};
use shared::{CaseId, Role};
use sqlx::FromRow;

use super::sql::{query, On, Query};

#[derive(FromRow)]
struct PointRow {
    id: String,
    name_ar: String,
    name_en: String,
    governorate: String,
    address: String,
    phone: String,
    hours: String,
    closed_at: Option<DateTime<Utc>>,
    officers: i64,
    open_requests: i64,
}

impl PointRow {
    fn details(&self) -> PointDetails {
        PointDetails {
            name_ar: self.name_ar.clone(),
            name_en: self.name_en.clone(),
            governorate: self.governorate.clone(),
            address: self.address.clone(),
            phone: self.phone.clone(),
            hours: self.hours.clone(),
        }
    }
}

/// The statuses in which a request has ended: a closing point leaves these where they are.
const ENDED: &str = "('rejected', 'withdrawn', 'closed')";

/// Every outreach point with its officers and unfinished requests, open ones first.
pub async fn points(db: impl Into<On<'_>>) -> sqlx::Result<Vec<Point>> {
    let rows: Vec<PointRow> = query(format!(
        "SELECT p.id, p.name_ar, p.name_en, p.governorate, p.address, p.phone, p.hours, \
           p.closed_at, \
           (SELECT COUNT(*) FROM users u WHERE u.outreach_point_id = p.id \
              AND u.role = 'officer' AND u.active) AS officers, \
           (SELECT COUNT(*) FROM cases c WHERE c.outreach_point_id = p.id \
              AND c.status NOT IN {ENDED} AND NOT c.discarded AND c.anonymised_at IS NULL) \
              AS open_requests \
         FROM outreach_points p ORDER BY p.closed_at IS NOT NULL, p.name_ar"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Point {
            id: r.id.clone(),
            details: r.details(),
            closed_at: r.closed_at,
            officers: u32::try_from(r.officers).unwrap_or(u32::MAX),
            open_requests: u32::try_from(r.open_requests).unwrap_or(u32::MAX),
        })
        .collect())
}

/// The open points as anyone may read them, by Arabic name.
pub async fn open_points(db: impl Into<On<'_>>) -> sqlx::Result<Vec<PublicPoint>> {
    let rows: Vec<(String, String, String, String, String, String, String)> = query(
        "SELECT id, name_ar, name_en, governorate, address, phone, hours FROM outreach_points \
         WHERE closed_at IS NULL ORDER BY name_ar",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name_ar, name_en, governorate, address, phone, hours)| PublicPoint {
                id,
                details: PointDetails {
                    name_ar,
                    name_en,
                    governorate,
                    address,
                    phone,
                    hours,
                },
            },
        )
        .collect())
}

/// Whether the point `id` exists, open or closed.
pub async fn point_known(db: impl Into<On<'_>>, id: &str) -> sqlx::Result<bool> {
    query("SELECT EXISTS (SELECT 1 FROM outreach_points WHERE id = ?)")
        .bind(id)
        .scalar(db)
        .await
}

/// A code for a new point: `base`, or `base-2`, `base-3`… when taken.
pub async fn free_code(db: impl Into<On<'_>>, base: &str) -> sqlx::Result<String> {
    let taken: Vec<String> = query("SELECT id FROM outreach_points WHERE id = ? OR id LIKE ?")
        .bind(base)
        .bind(format!("{base}-%"))
        .scalars(db)
        .await?;
    let mut n = 1;
    let mut code = base.to_owned();
    while taken.contains(&code) {
        n += 1;
        code = format!("{base}-{n}");
    }
    Ok(code)
}

/// Creates the point `id` with `details`; whether it was created (not there already).
pub async fn create_point(
    db: impl Into<On<'_>>,
    id: &str,
    details: &PointDetails,
) -> sqlx::Result<bool> {
    let done = with_details(
        query(
            "INSERT INTO outreach_points (name_ar, name_en, governorate, address, phone, hours, id) \
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        ),
        details,
    )
    .bind(id)
    .execute(db)
    .await?;
    Ok(done == 1)
}

/// `query` with a point's details bound, in the order of its columns.
fn with_details(query: Query, details: &PointDetails) -> Query {
    query
        .bind(&details.name_ar)
        .bind(&details.name_en)
        .bind(&details.governorate)
        .bind(&details.address)
        .bind(&details.phone)
        .bind(&details.hours)
}

/// Replaces the point's details.
pub async fn change_point(
    db: impl Into<On<'_>>,
    id: &str,
    details: &PointDetails,
) -> sqlx::Result<()> {
    with_details(
        query(
            "UPDATE outreach_points SET name_ar = ?, name_en = ?, governorate = ?, address = ?, \
               phone = ?, hours = ? WHERE id = ?",
        ),
        details,
    )
    .bind(id)
    .execute(db)
    .await
    .map(drop)
}

/// Marks the point closed at `at`, unless it is already.
pub async fn close_point(db: impl Into<On<'_>>, id: &str, at: DateTime<Utc>) -> sqlx::Result<()> {
    query("UPDATE outreach_points SET closed_at = ? WHERE id = ? AND closed_at IS NULL")
        .bind(at)
        .bind(id)
        .execute(db)
        .await
        .map(drop)
}

/// The active accounts of `role` placed at the point.
pub async fn placed_at(db: impl Into<On<'_>>, point: &str, role: Role) -> sqlx::Result<Vec<i64>> {
    query("SELECT id FROM users WHERE outreach_point_id = ? AND role = ? AND active ORDER BY id")
        .bind(point)
        .bind(role.code())
        .scalars(db)
        .await
}

/// Places the accounts at `to` and, when `disable`, stops them signing in; either ends
/// their sessions, since what a session reaches was decided by the point.
pub async fn replace_accounts(
    db: impl Into<On<'_>>,
    ids: &[i64],
    to: &str,
    disable: bool,
) -> sqlx::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let mut q = query(format!(
        "UPDATE users SET outreach_point_id = ?, active = active AND NOT ?, \
           credentials_version = credentials_version + 1 WHERE id IN ({marks})"
    ))
    .bind(to)
    .bind(disable);
    for id in ids {
        q = q.bind(*id);
    }
    q.execute(db).await.map(drop)
}

/// The point's requests that have not ended, with the revision each is at, oldest first.
pub async fn unfinished_at(db: impl Into<On<'_>>, point: &str) -> sqlx::Result<Vec<(CaseId, i64)>> {
    let rows: Vec<(String, i64)> = query(format!(
        "SELECT id, revision FROM cases WHERE outreach_point_id = ? AND status NOT IN {ENDED} \
           AND NOT discarded AND anonymised_at IS NULL ORDER BY created_at, id"
    ))
    .bind(point)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, revision)| Some((id.parse().ok()?, revision)))
        .collect())
}

/// Logs that `by` did `action` to the point.
pub async fn log_point(
    db: impl Into<On<'_>>,
    by: i64,
    point: &str,
    action: &str,
    detail: Value,
) -> sqlx::Result<()> {
    query(
        "INSERT INTO point_changes (at, by_user, point_id, action, detail) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(Utc::now())
    .bind(by)
    .bind(point)
    .bind(action)
    .bind(detail.to_string())
    .execute(db)
    .await
    .map(drop)
}

/// The point's log, newest first.
pub async fn point_log(db: impl Into<On<'_>>, point: &str) -> sqlx::Result<Vec<PointEvent>> {
    let rows: Vec<(DateTime<Utc>, String, String, String)> = query(
        "SELECT c.at, u.display_name, c.action, c.detail FROM point_changes c \
         JOIN users u ON u.id = c.by_user WHERE c.point_id = ? ORDER BY c.id DESC",
    )
    .bind(point)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, by, action, detail)| PointEvent {
            at,
            by,
            action,
            detail: serde_json::from_str(&detail).unwrap_or(Value::Null),
        })
        .collect())
}

/// Every version of the settings, newest first.
pub async fn settings_versions(db: impl Into<On<'_>>) -> anyhow::Result<Vec<SettingsVersion>> {
    let rows: Vec<(i64, String, Option<String>, DateTime<Utc>)> = query(
        "SELECT s.version, s.body, u.display_name, s.created_at FROM settings s \
         LEFT JOIN users u ON u.id = s.created_by ORDER BY s.version DESC",
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(version, body, by, at)| {
            Ok(SettingsVersion {
                version,
                settings: serde_json::from_str(&body)?,
                by,
                at,
            })
        })
        .collect()
}

/// The settings in force and their version; `None` before the first.
pub async fn settings(db: impl Into<On<'_>>) -> anyhow::Result<Option<(i64, Settings)>> {
    let row: Option<(i64, String)> =
        query("SELECT version, body FROM settings ORDER BY version DESC LIMIT 1")
            .fetch_optional(db)
            .await?;
    row.map(|(v, body)| Ok((v, serde_json::from_str(&body)?)))
        .transpose()
}

/// The version of the settings in force, 0 before the first.
pub async fn settings_version(db: impl Into<On<'_>>) -> sqlx::Result<i64> {
    query("SELECT COALESCE(MAX(version), 0) FROM settings")
        .scalar(db)
        .await
}

/// Saves `settings` as `version`, by `by` (none for the flags' first version); whether it
/// was saved (no one saved that version first).
pub async fn save_settings(
    db: impl Into<On<'_>>,
    version: i64,
    settings: &Settings,
    by: Option<i64>,
) -> anyhow::Result<bool> {
    let done = query(
        "INSERT INTO settings (version, body, created_by, created_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (version) DO NOTHING",
    )
    .bind(version)
    .bind(serde_json::to_string(settings)?)
    .bind(by)
    .bind(Utc::now())
    .execute(db)
    .await?;
    Ok(done == 1)
}

/// Keeps a test text's outcome.
pub async fn record_sms_test(db: impl Into<On<'_>>, by: i64, test: &SmsTest) -> sqlx::Result<()> {
    query("INSERT INTO sms_tests (at, by_user, mobile, ok, answer) VALUES (?, ?, ?, ?, ?)")
        .bind(test.at)
        .bind(by)
        .bind(&test.mobile)
        .bind(test.ok)
        .bind(&test.answer)
        .execute(db)
        .await
        .map(drop)
}

/// The last test text.
pub async fn last_sms_test(db: impl Into<On<'_>>) -> sqlx::Result<Option<SmsTest>> {
    let row: Option<(DateTime<Utc>, String, bool, String)> =
        query("SELECT at, mobile, ok, answer FROM sms_tests ORDER BY id DESC LIMIT 1")
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(at, mobile, ok, answer)| SmsTest {
        at,
        mobile,
        ok,
        answer,
    }))
}

/// Notes that a backup was taken to `target`.
pub async fn record_backup(db: impl Into<On<'_>>, target: &str) -> sqlx::Result<()> {
    query("INSERT INTO backups (at, target) VALUES (?, ?)")
        .bind(Utc::now())
        .bind(target)
        .execute(db)
        .await
        .map(drop)
}

/// When the last backup was taken.
pub async fn last_backup(db: impl Into<On<'_>>) -> sqlx::Result<Option<DateTime<Utc>>> {
    query("SELECT MAX(at) FROM backups").scalar(db).await
}

/// Active staff accounts by role (the server's own account aside).
pub async fn staff_counts(db: impl Into<On<'_>>) -> sqlx::Result<Vec<(Role, u32)>> {
    let rows: Vec<(String, i64)> = query(
        "SELECT role, COUNT(*) FROM users WHERE active AND role <> 'applicant' \
           AND username <> 'system' GROUP BY role",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(role, n)| Some((Role::from_code(&role)?, u32::try_from(n).ok()?)))
        .collect())
}

/// The open points with no active officer.
pub async fn points_without_officer(db: impl Into<On<'_>>) -> sqlx::Result<Vec<OutreachPoint>> {
    let rows: Vec<(String, String, String)> = query(
        "SELECT p.id, p.name_ar, p.name_en FROM outreach_points p WHERE p.closed_at IS NULL \
           AND NOT EXISTS (SELECT 1 FROM users u WHERE u.outreach_point_id = p.id \
             AND u.role = 'officer' AND u.active) ORDER BY p.name_ar",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name_ar, name_en)| OutreachPoint {
            id,
            name_ar,
            name_en,
        })
        .collect())
}
