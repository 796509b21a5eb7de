//! Where sessions are kept: in the server's own database, so every instance sharing it
//! knows every session.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::db::Pool;

/// The session table: made by the migrations (`0014_sessions.sql`), in the shape the
/// session library reads.
const TABLE: &str = "sessions";

/// The sessions, in whichever engine the server runs on: the session library's store,
/// and the pool beside it for saving (see [`Sessions::save`]).
#[derive(Clone, Debug)]
pub enum Sessions {
    /// In the SQLite file.
    Sqlite(SqliteStore, sqlx::SqlitePool),
    /// In the PostgreSQL database.
    Postgres(PostgresStore, sqlx::PgPool),
}

impl Sessions {
    /// The sessions kept in `pool`'s database.
    pub fn new(pool: &Pool) -> anyhow::Result<Self> {
        let fail = |e: String| anyhow::anyhow!(e);
        Ok(match pool {
            Pool::Sqlite(p) => Self::Sqlite(
                SqliteStore::new(p.clone())
                    .with_table_name(TABLE)
                    .map_err(fail)?,
                p.clone(),
            ),
            Pool::Postgres(p) => Self::Postgres(
                PostgresStore::new(p.clone())
                    .with_schema_name("public")
                    .map_err(fail)?
                    .with_table_name(TABLE)
                    .map_err(fail)?,
                p.clone(),
            ),
        })
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s, _) => s.create(record).await,
            Self::Postgres(s, _) => s.create(record).await,
        }
    }

    /// Saves a session that is still kept. The library's own save writes the session back
    /// if it is gone; here one ended meanwhile (its device marked lost while a request of it
    /// was under way) stays ended. Encoded as the library's store encodes and reads it.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data =
            rmp_serde::to_vec(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let id = record.id.to_string();
        let saved = match self {
            Self::Sqlite(_, pool) => {
                sqlx::query("UPDATE sessions SET data = ?, expiry_date = ? WHERE id = ?")
                    .bind(data)
                    .bind(record.expiry_date)
                    .bind(id)
                    .execute(pool)
                    .await
                    .map(|_| ())
            }
            Self::Postgres(_, pool) => {
                sqlx::query("UPDATE sessions SET data = $1, expiry_date = $2 WHERE id = $3")
                    .bind(data)
                    .bind(record.expiry_date)
                    .bind(id)
                    .execute(pool)
                    .await
                    .map(|_| ())
            }
        };
        saved.map_err(|e| session_store::Error::Backend(e.to_string()))
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Sqlite(s, _) => s.load(id).await,
            Self::Postgres(s, _) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s, _) => s.delete(id).await,
            Self::Postgres(s, _) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s, _) => s.delete_expired().await,
            Self::Postgres(s, _) => s.delete_expired().await,
        }
    }
}
