//! Devices: the number each gets on first sign-in, and who has signed in on it.

use chrono::Utc;

use super::Db;

/// The number of the device `device_id`, given on its first visit, and a record that
/// `user_id` uses it, so that the references it makes are accepted from them.
pub async fn register(db: &Db, device_id: &str, user_id: i64) -> anyhow::Result<u32> {
    let mut w = db.write().await?;
    let now = Utc::now();
    sqlx::query("INSERT INTO devices (device_id, created_at) VALUES (?, ?) ON CONFLICT (device_id) DO NOTHING")
        .bind(device_id)
        .bind(now)
        .execute(&mut *w.tx)
        .await?;
    let number: i64 = sqlx::query_scalar("SELECT number FROM devices WHERE device_id = ?")
        .bind(device_id)
        .fetch_one(&mut *w.tx)
        .await?;
    sqlx::query(
        "INSERT INTO device_users (device_number, user_id, first_seen) VALUES (?, ?, ?) \
         ON CONFLICT DO NOTHING",
    )
    .bind(number)
    .bind(user_id)
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(u32::try_from(number)?)
}
