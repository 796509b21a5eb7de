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

/// The sessions, in whichever engine the server runs on.
#[derive(Clone, Debug)]
pub enum Sessions {
    /// In the SQLite file.
    Sqlite(SqliteStore),
    /// In the PostgreSQL database.
    Postgres(PostgresStore),
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
            ),
            Pool::Postgres(p) => Self::Postgres(
                PostgresStore::new(p.clone())
                    .with_schema_name("public")
                    .map_err(fail)?
                    .with_table_name(TABLE)
                    .map_err(fail)?,
            ),
        })
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.create(record).await,
            Self::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.save(record).await,
            Self::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Sqlite(s) => s.load(id).await,
            Self::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.delete(id).await,
            Self::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.delete_expired().await,
            Self::Postgres(s) => s.delete_expired().await,
        }
    }
}
