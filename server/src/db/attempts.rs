//! The attempts the throttles count (sign-ins, accounts, codes, devices), one row each,
//! shared by every server instance on the database.

use super::sql::{query, Pool};

/// Writes one attempt on `subject` under `throttle` at `at_ms`; its id.
pub async fn record(pool: &Pool, throttle: &str, subject: &str, at_ms: i64) -> sqlx::Result<i64> {
    query("INSERT INTO attempts (throttle, subject, at_ms) VALUES (?, ?, ?) RETURNING id")
        .bind(throttle.to_owned())
        .bind(subject.to_owned())
        .bind(at_ms)
        .scalar(pool)
        .await
}

/// How many attempts on `subject` under `throttle` came after `since_ms`, and the oldest
/// of them.
pub async fn since(
    pool: &Pool,
    throttle: &str,
    subject: &str,
    since_ms: i64,
) -> sqlx::Result<(i64, Option<i64>)> {
    query(
        "SELECT CAST(COUNT(*) AS BIGINT), MIN(at_ms) FROM attempts \
         WHERE throttle = ? AND subject = ? AND at_ms > ?",
    )
    .bind(throttle.to_owned())
    .bind(subject.to_owned())
    .bind(since_ms)
    .fetch_one(pool)
    .await
}

/// Takes back the attempt `id`.
pub async fn forget(pool: &Pool, id: i64) -> sqlx::Result<()> {
    query("DELETE FROM attempts WHERE id = ?")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Takes back every attempt on `subject` under `throttle`.
pub async fn clear(pool: &Pool, throttle: &str, subject: &str) -> sqlx::Result<()> {
    query("DELETE FROM attempts WHERE throttle = ? AND subject = ?")
        .bind(throttle.to_owned())
        .bind(subject.to_owned())
        .execute(pool)
        .await?;
    Ok(())
}

/// Forgets the attempts made before `before_ms`; how many went.
pub async fn purge(pool: &Pool, before_ms: i64) -> sqlx::Result<u64> {
    query("DELETE FROM attempts WHERE at_ms < ?")
        .bind(before_ms)
        .execute(pool)
        .await
}
