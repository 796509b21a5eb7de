//! Devices: the number each gets on first sign-in, who holds it, what it reports at each
//! sync, the bounded set of devices each account holds, and devices marked lost.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use shared::devices::{self as rules, DeviceKind, DeviceState, DeviceView, Holder, LostMark};
use shared::Role;

use super::sql::{query, Query};
use super::Db;

/// What became of a device introducing itself.
#[derive(Debug, PartialEq, Eq)]
pub enum Introduced {
    /// It holds its number for the user.
    Number(u32),
    /// The user holds their most devices, each with unsent work: none can be released.
    Full,
    /// The head office marked the device lost: it may no longer sync.
    Lost,
}

/// What a device said when it introduced itself or reported at a sync.
#[derive(Debug)]
pub struct Report<'a> {
    /// The id it made for itself.
    pub device_id: &'a str,
    /// The user signed in on it.
    pub user_id: i64,
    /// Changes of theirs it holds that the server has not acknowledged.
    pub unsent: u32,
    /// The rest of what it tells of itself.
    pub state: &'a DeviceState,
    /// The session it reports in, tied to the device so that marking it lost ends it.
    pub session: Option<String>,
    /// Its browser and system, named from the report's `User-Agent`.
    pub browser: Option<String>,
}

/// Whether the device `device_id` has a number already.
pub async fn known(db: &Db, device_id: &str) -> sqlx::Result<bool> {
    query("SELECT EXISTS (SELECT 1 FROM devices WHERE device_id = ?)")
        .bind(device_id)
        .scalar(db.pool())
        .await
}

/// The number of the reporting device, given on its first visit, and a record that its
/// user holds it (with the changes they hold unsent, and what else it says), so that the
/// references it makes are accepted from them. A user holds at most `max_active` devices:
/// a new one beyond them releases the one least recently seen that has nothing unsent.
pub async fn register(db: &Db, report: Report<'_>, max_active: u32) -> anyhow::Result<Introduced> {
    let Report {
        device_id,
        user_id,
        unsent,
        state,
        session,
        browser,
    } = report;
    let mut w = db.write().await?;
    let now = Utc::now();
    let found: Option<(i64, bool)> =
        query("SELECT number, lost_at IS NOT NULL FROM devices WHERE device_id = ?")
            .bind(device_id)
            .fetch_optional(&mut w.tx)
            .await?;
    if found.is_some_and(|(_, lost)| lost) {
        return Ok(Introduced::Lost);
    }
    let number = found.map(|(n, _)| n);
    let held: bool = match number {
        Some(n) => {
            query(
                "SELECT EXISTS (SELECT 1 FROM device_users WHERE device_number = ? \
                 AND user_id = ? AND released_at IS NULL)",
            )
            .bind(n)
            .bind(user_id)
            .scalar(&mut w.tx)
            .await?
        }
        None => false,
    };
    if !held {
        let active: i64 =
            query("SELECT COUNT(*) FROM device_users WHERE user_id = ? AND released_at IS NULL")
                .bind(user_id)
                .scalar(&mut w.tx)
                .await?;
        if active >= i64::from(max_active) {
            let released = query(
                "UPDATE device_users SET released_at = ? WHERE rowid = ( \
                   SELECT rowid FROM device_users WHERE user_id = ? AND released_at IS NULL \
                   AND unsent = 0 ORDER BY last_seen, first_seen LIMIT 1)",
            )
            .bind(now)
            .bind(user_id)
            .execute(&mut w.tx)
            .await?;
            if released == 0 {
                return Ok(Introduced::Full);
            }
        }
    }
    let number = match number {
        Some(n) => n,
        None => {
            query("INSERT INTO devices (device_id, created_at) VALUES (?, ?) RETURNING number")
                .bind(device_id)
                .bind(now)
                .scalar(&mut w.tx)
                .await?
        }
    };
    // A build that does not tell its last sync is taken as just synced, as before it could.
    let synced_at = state
        .since_sync_secs
        .map_or(now, |secs| rules::synced_at(now, secs));
    query(
        "INSERT INTO device_users (device_number, user_id, first_seen, last_seen, unsent, \
           synced_at) VALUES (?1, ?2, ?3, ?3, ?4, ?5) \
         ON CONFLICT (device_number, user_id) DO UPDATE SET last_seen = ?3, unsent = ?4, \
           synced_at = ?5, released_at = NULL",
    )
    .bind(number)
    .bind(user_id)
    .bind(now)
    .bind(i64::from(unsent))
    .bind(synced_at)
    .execute(&mut w.tx)
    .await?;
    // What the device could not tell this time stays as it last told it.
    query(
        "UPDATE devices SET last_seen = ?, build = COALESCE(?, build), \
           persistent = COALESCE(?, persistent), storage_used = COALESCE(?, storage_used), \
           storage_quota = COALESCE(?, storage_quota), browser = COALESCE(?, browser) \
         WHERE number = ?",
    )
    .bind(now)
    .bind(state.build.as_deref())
    .bind(state.persistent)
    .bind(state.storage_used.map(bytes))
    .bind(state.storage_quota.map(bytes))
    .bind(browser.as_deref())
    .bind(number)
    .execute(&mut w.tx)
    .await?;
    if let Some(session) = session {
        query("UPDATE sessions SET device_number = ? WHERE id = ?")
            .bind(number)
            .bind(session)
            .execute(&mut w.tx)
            .await?;
    }
    w.commit().await?;
    Ok(Introduced::Number(u32::try_from(number)?))
}

/// A count of bytes as stored: the checks of [`DeviceState`] keep it under 2⁵³.
fn bytes(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The number of a device the server itself uses (the demo's sample devices), held with
/// no bound on the user's devices.
pub async fn number_for(db: &Db, device_id: &str, user_id: i64) -> anyhow::Result<u32> {
    let report = Report {
        device_id,
        user_id,
        unsent: 0,
        state: &DeviceState::default(),
        session: None,
        browser: None,
    };
    match register(db, report, u32::MAX).await? {
        Introduced::Number(n) => Ok(n),
        Introduced::Full => anyhow::bail!("no bound was set, yet the devices are full"),
        Introduced::Lost => anyhow::bail!("the server's own device {device_id} is marked lost"),
    }
}

/// Which devices a list holds.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Staff's devices or applicants' phones.
    pub kind: DeviceKind,
    /// Only those someone of this outreach point signed in on.
    pub point: Option<String>,
}

/// A stored device: number, first and last seen, build, persistent, storage used and
/// quota, when marked lost, by whom and why, and its browser.
type DeviceRow = (
    i64,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<bool>,
    Option<i64>,
    Option<i64>,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A stored holder: device, user, name, role, point, mobile, last seen, last synced,
/// unsent, still holding it.
type HolderRow = (
    i64,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    i64,
    bool,
);

/// The devices in `scope`, each with who signed in on it, whether work on it is at risk
/// (unsent and no finished sync for `days` days at `now`), at risk first, then the most
/// recently seen, lost ones last.
pub async fn list(
    db: &Db,
    scope: &Scope,
    now: DateTime<Utc>,
    days: u32,
) -> anyhow::Result<Vec<DeviceView>> {
    let devices: Vec<DeviceRow> = in_scope(
        "SELECT d.number, d.created_at, d.last_seen, d.build, d.persistent, d.storage_used, \
           d.storage_quota, d.lost_at, l.display_name, d.lost_reason, d.browser \
         FROM devices d LEFT JOIN users l ON l.id = d.lost_by WHERE d.number IN (",
        scope,
    )
    .fetch_all(db.pool())
    .await?;
    let holders: Vec<HolderRow> = in_scope(
        "SELECT du.device_number, u.id, u.display_name, u.role, u.outreach_point_id, u.mobile, \
           du.last_seen, du.synced_at, du.unsent, du.released_at IS NULL \
         FROM device_users du JOIN users u ON u.id = du.user_id WHERE du.device_number IN (",
        scope,
    )
    .fetch_all(db.pool())
    .await?;

    let mut held: HashMap<i64, Vec<Holder>> = HashMap::new();
    for (device, user_id, name, role, point, mobile, last_seen, synced_at, unsent, holds) in holders
    {
        let Some(role) = Role::from_code(&role) else {
            continue;
        };
        let unsent = u32::try_from(unsent).unwrap_or(u32::MAX);
        let synced_at = synced_at.unwrap_or(last_seen);
        held.entry(device).or_default().push(Holder {
            user_id,
            name,
            role,
            outreach_point: point,
            mobile,
            last_seen,
            synced_at,
            unsent,
            at_risk: holds && rules::at_risk(unsent, synced_at, now, days),
        });
    }
    let mut views: Vec<DeviceView> = devices
        .into_iter()
        .map(
            |(
                number,
                first_seen,
                last_seen,
                build,
                persistent,
                used,
                quota,
                lost_at,
                by,
                why,
                browser,
            )| {
                let mut holders = held.remove(&number).unwrap_or_default();
                holders.sort_by(|a, b| {
                    b.at_risk
                        .cmp(&a.at_risk)
                        .then(b.last_seen.cmp(&a.last_seen))
                });
                let storage_at_risk = rules::storage_at_risk(persistent, &holders);
                let lost = lost_at.map(|at| LostMark {
                    at,
                    by: by.unwrap_or_default(),
                    reason: why.unwrap_or_default(),
                });
                DeviceView {
                    number: u32::try_from(number).unwrap_or(u32::MAX),
                    first_seen,
                    last_seen: last_seen.unwrap_or(first_seen),
                    state: DeviceState {
                        build,
                        since_sync_secs: None,
                        persistent,
                        storage_used: used.and_then(|n| u64::try_from(n).ok()),
                        storage_quota: quota.and_then(|n| u64::try_from(n).ok()),
                    },
                    at_risk: lost.is_none() && holders.iter().any(|h| h.at_risk),
                    storage_at_risk: lost.is_none() && storage_at_risk,
                    browser,
                    holders,
                    lost,
                }
            },
        )
        .collect();
    views.sort_by(|a, b| {
        a.lost
            .is_some()
            .cmp(&b.lost.is_some())
            .then(b.at_risk.cmp(&a.at_risk))
            .then(b.storage_at_risk.cmp(&a.storage_at_risk))
            .then(b.last_seen.cmp(&a.last_seen))
            .then(a.number.cmp(&b.number))
    });
    Ok(views)
}

/// `head`, which ends in `IN (`, followed by the numbers of the devices in `scope`.
fn in_scope(head: &str, scope: &Scope) -> Query {
    let mut q = query(head);
    q.push("SELECT du.device_number FROM device_users du JOIN users u ON u.id = du.user_id WHERE ");
    q.push(match scope.kind {
        DeviceKind::Staff => "u.role <> 'applicant'",
        DeviceKind::Applicants => "u.role = 'applicant'",
    });
    if let Some(point) = &scope.point {
        q.push(" AND u.outreach_point_id = ").push_bind(point);
    }
    q.push(")");
    q
}

/// What became of a mark on a device.
#[derive(Debug, PartialEq, Eq)]
pub enum Marked {
    /// Done, or it already stood so.
    Done,
    /// No device has that number.
    NoSuchDevice,
}

/// Marks device `number` lost (or found again), by `by` for `reason`. Lost, its sessions
/// end at once and it may no longer sync; what it sent stays. Each mark is kept.
pub async fn mark(
    db: &Db,
    number: u32,
    lost: bool,
    by: i64,
    reason: &str,
) -> anyhow::Result<Marked> {
    let mut w = db.write().await?;
    let now = Utc::now();
    let was_lost: Option<bool> = query("SELECT lost_at IS NOT NULL FROM devices WHERE number = ?")
        .bind(number)
        .scalar_optional(&mut w.tx)
        .await?;
    let Some(was_lost) = was_lost else {
        return Ok(Marked::NoSuchDevice);
    };
    if was_lost == lost {
        return Ok(Marked::Done);
    }
    if lost {
        query("UPDATE devices SET lost_at = ?, lost_by = ?, lost_reason = ? WHERE number = ?")
            .bind(now)
            .bind(by)
            .bind(reason)
            .bind(number)
            .execute(&mut w.tx)
            .await?;
        query("DELETE FROM sessions WHERE device_number = ?")
            .bind(number)
            .execute(&mut w.tx)
            .await?;
    } else {
        query(
            "UPDATE devices SET lost_at = NULL, lost_by = NULL, lost_reason = NULL \
             WHERE number = ?",
        )
        .bind(number)
        .execute(&mut w.tx)
        .await?;
    }
    query(
        "INSERT INTO device_changes (device_number, action, by_user, reason, at) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(number)
    .bind(if lost { "lost" } else { "found" })
    .bind(by)
    .bind(reason)
    .bind(now)
    .execute(&mut w.tx)
    .await?;
    w.commit().await?;
    Ok(Marked::Done)
}
