//! What the health check and the metrics read from the database.

use chrono::{DateTime, Utc};

use super::sql::{query, Engine};
use super::{migrator, Db};

/// Whether the database's schema is the one this build brings.
#[derive(Debug, PartialEq, Eq)]
pub enum Schema {
    /// Every migration of this build is applied, and none other.
    Current(i64),
    /// A migration failed half way, or this build's migrations are not all applied.
    Behind {
        /// The last migration applied.
        applied: i64,
        /// The last migration this build brings.
        expected: i64,
    },
    /// A newer build migrated the database further: this one may misread it.
    Ahead {
        /// The last migration applied.
        applied: i64,
        /// The last migration this build brings.
        expected: i64,
    },
}

/// Answers a trivial query: the database is reachable.
pub async fn reachable(db: &Db) -> sqlx::Result<()> {
    query("SELECT 1").execute(db.pool()).await.map(drop)
}

/// Compares the migrations applied with those of this build.
pub async fn schema(db: &Db) -> sqlx::Result<Schema> {
    let expected = migrator(db.engine())
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    let (applied, failed): (Option<i64>, i64) = query(
        "SELECT MAX(CASE WHEN success THEN version END), \
                COUNT(CASE WHEN NOT success THEN 1 END) FROM _sqlx_migrations",
    )
    .fetch_one(db.pool())
    .await?;
    let applied = applied.unwrap_or(0);
    Ok(if applied > expected {
        Schema::Ahead { applied, expected }
    } else if applied < expected || failed > 0 {
        Schema::Behind { applied, expected }
    } else {
        Schema::Current(applied)
    })
}

/// Messages to applicants by state.
pub async fn notifications(db: &Db) -> sqlx::Result<Vec<(String, i64)>> {
    query("SELECT state, COUNT(*) FROM notifications GROUP BY state")
        .fetch_all(db.pool())
        .await
}

/// Devices not marked lost with work at risk: a user still holding it last said it held
/// their unsent work, and last finished a sync on it no later than `since` (the rule of
/// `shared::devices::at_risk`).
pub async fn devices_at_risk(db: &Db, since: DateTime<Utc>) -> sqlx::Result<i64> {
    query(
        "SELECT COUNT(DISTINCT du.device_number) FROM device_users du \
         JOIN devices d ON d.number = du.device_number \
         WHERE du.released_at IS NULL AND du.unsent > 0 AND du.synced_at <= ? \
           AND d.lost_at IS NULL",
    )
    .bind(since)
    .scalar(db.pool())
    .await
}

/// The database's size in bytes: the SQLite file's pages, or PostgreSQL's own count.
pub async fn size(db: &Db) -> sqlx::Result<i64> {
    let sql = match db.engine() {
        Engine::Sqlite => {
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
        }
        Engine::Postgres => "SELECT pg_database_size(current_database())",
    };
    query(sql).scalar(db.pool()).await
}
