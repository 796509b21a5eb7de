//! Devices: the number each gets on first sign-in, who holds it, and the bounded set of
//! devices each account holds.

use chrono::Utc;

use super::sql::query;
use super::Db;

/// What became of a device introducing itself.
#[derive(Debug, PartialEq, Eq)]
pub enum Introduced {
    /// It holds its number for the user.
    Number(u32),
    /// The user holds their most devices, each with unsent work: none can be released.
    Full,
}

/// Whether the device `device_id` has a number already.
pub async fn known(db: &Db, device_id: &str) -> sqlx::Result<bool> {
    query("SELECT EXISTS (SELECT 1 FROM devices WHERE device_id = ?)")
        .bind(device_id)
        .scalar(db.pool())
        .await
}

/// The number of the device `device_id`, given on its first visit, and a record that
/// `user_id` holds it (with `unsent` changes not yet acknowledged), so that the references
/// it makes are accepted from them. A user holds at most `max_active` devices: a new one
/// beyond them releases the one least recently seen that has nothing unsent.
pub async fn register(
    db: &Db,
    device_id: &str,
    user_id: i64,
    unsent: u32,
    max_active: u32,
) -> anyhow::Result<Introduced> {
    let mut w = db.write().await?;
    let now = Utc::now();
    let number: Option<i64> = query("SELECT number FROM devices WHERE device_id = ?")
        .bind(device_id)
        .scalar_optional(&mut w.tx)
        .await?;
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
    query(
        "INSERT INTO device_users (device_number, user_id, first_seen, last_seen, unsent) \
         VALUES (?1, ?2, ?3, ?3, ?4) \
         ON CONFLICT (device_number, user_id) DO UPDATE SET last_seen = ?3, unsent = ?4, \
           released_at = NULL",
    )
    .bind(number)
    .bind(user_id)
    .bind(now)
    .bind(i64::from(unsent))
    .execute(&mut w.tx)
    .await?;
    w.commit().await?;
    Ok(Introduced::Number(u32::try_from(number)?))
}

/// The number of a device the server itself uses (the demo's sample devices), held with
/// no bound on the user's devices.
pub async fn number_for(db: &Db, device_id: &str, user_id: i64) -> anyhow::Result<u32> {
    match register(db, device_id, user_id, 0, u32::MAX).await? {
        Introduced::Number(n) => Ok(n),
        Introduced::Full => anyhow::bail!("no bound was set, yet the devices are full"),
    }
}
