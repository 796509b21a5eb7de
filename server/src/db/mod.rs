//! All SQL lives under this module: opening and migrating the database, and its queries.

pub mod accounts;
pub mod attachments;
pub mod attempts;
pub mod audit;
pub mod backup;
pub mod board;
pub mod cases;
pub mod committee;
pub mod devices;
pub mod erasures;
pub mod group;
pub mod health;
pub mod identity;
pub mod imports;
pub mod library;
pub mod notifications;
pub mod office;
pub mod personal;
pub mod reads;
pub mod records;
pub mod retention;
pub mod script;
pub mod sessions;
pub mod setup;
pub mod sql;
pub mod users;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use tokio::sync::Mutex;

pub use sql::{query, Engine, Json, Pool, Tx};

/// When a commit counts as done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Durability {
    /// Once it is on disk: every commit waits for the disk to say so (`synchronous =
    /// FULL` on SQLite, `synchronous_commit = on` on PostgreSQL), so nothing acknowledged
    /// to a device can be taken back by a power cut.
    #[default]
    Full,
    /// Once the operating system has it: faster, but a power cut can roll back the last
    /// commits after devices were told they were kept. Only for measuring what durability
    /// costs.
    Normal,
}

/// How the database is opened.
#[derive(Clone, Debug)]
pub struct Settings {
    /// A PostgreSQL database (`postgres://…`); the SQLite file in the data folder when none.
    pub database_url: Option<String>,
    /// When a commit counts as done.
    pub durability: Durability,
    /// The most writes grouped in one transaction; 1 commits each on its own.
    pub write_batch: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: None,
            durability: Durability::Full,
            write_batch: 256,
        }
    }
}

/// `url` with its password, if any, hidden, for logs.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(u) => u.to_string(),
        Err(_) => "<not a URL>".into(),
    }
}

/// The database: a pool of connections and the lock that makes writers take turns.
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    /// Writers take turns. On SQLite, which has one writer at a time, taking turns here
    /// instead of letting deferred transactions race for the lock means a write never
    /// fails with "database is locked"; on both engines it means sequence numbers commit
    /// in the order they were given, so a pull never sees change N+1 before change N (the
    /// race a concurrent push and pull can hit). Server instances sharing one PostgreSQL
    /// database also take turns among themselves: see [`Pool::begin_write`].
    write_lock: Arc<Mutex<()>>,
    /// Writes that share a transaction with those that arrive with them.
    group: group::Writer,
}

impl Db {
    /// The file name of the database inside the data folder.
    pub const FILE: &'static str = "brs.sqlite3";

    /// Opens the database (PostgreSQL at `settings.database_url`, else the SQLite file in
    /// `data_dir`, created when missing) and brings its schema up to date.
    pub async fn open(data_dir: &Path, settings: Settings) -> anyhow::Result<Self> {
        let pool = match &settings.database_url {
            Some(url) => Pool::Postgres(open_postgres(url, settings.durability).await?),
            None => Pool::Sqlite(open_sqlite(data_dir, settings.durability).await?),
        };
        let write_lock = Arc::new(Mutex::new(()));
        let db = Self {
            group: group::Writer::start(pool.clone(), write_lock.clone(), settings.write_batch),
            pool,
            write_lock,
        };
        // Cases written before the head office's index, or before its current shape.
        let indexed = office::reindex(&db).await.context("indexing cases")?;
        if indexed > 0 {
            tracing::info!(cases = indexed, "indexed for the head office");
        }
        Ok(db)
    }

    /// The engine the database runs on.
    pub fn engine(&self) -> Engine {
        self.pool.engine()
    }

    /// The connection pool, for reads and for the session store.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Closes every connection; the last one to close folds the write-ahead log into the
    /// database file.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Runs `work` in the next group of writes and returns its result once that group is
    /// committed (see [`group`]). `work` must leave the transaction usable: it runs in a
    /// savepoint, and failing it is rolled back alone.
    pub async fn grouped<T, F>(&self, work: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: for<'t> FnOnce(
                &'t mut group::Tx,
            ) -> futures_util::future::BoxFuture<'t, anyhow::Result<T>>
            + Send
            + 'static,
    {
        self.group.run(work).await
    }

    /// On SQLite, folds the write-ahead log into the file and empties it, so the earlier
    /// versions of pages it held (a person anonymised a moment ago) are gone from disk too.
    /// Nothing to do on PostgreSQL, whose own vacuum reclaims old row versions.
    pub async fn fold_log(&self) -> sqlx::Result<()> {
        if let Pool::Sqlite(pool) = &self.pool {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(pool)
                .await?;
        }
        Ok(())
    }

    /// Starts a write transaction once it is this writer's turn.
    pub async fn write(&self) -> sqlx::Result<WriteTx<'_>> {
        let turn = self.write_lock.lock().await;
        let tx = self.pool.begin_write().await?;
        Ok(WriteTx { tx, _turn: turn })
    }
}

/// A write transaction holding the writers' turn until it is committed or dropped.
#[derive(Debug)]
pub struct WriteTx<'a> {
    /// The transaction.
    pub tx: Tx,
    _turn: tokio::sync::MutexGuard<'a, ()>,
}

impl WriteTx<'_> {
    /// Commits the transaction and gives the turn to the next writer.
    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }
}

/// The migrations this build brings for `engine`, embedded at compile time.
pub fn migrator(engine: Engine) -> sqlx::migrate::Migrator {
    match engine {
        Engine::Sqlite => sqlx::migrate!("./migrations/sqlite"),
        Engine::Postgres => sqlx::migrate!("./migrations/postgres"),
    }
}

/// Opens (creating when missing) the SQLite file in `data_dir` and migrates it.
async fn open_sqlite(data_dir: &Path, durability: Durability) -> anyhow::Result<sqlx::SqlitePool> {
    tokio::fs::create_dir_all(data_dir)
        .await
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let path = data_dir.join(Db::FILE);
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(match durability {
            Durability::Full => SqliteSynchronous::Full,
            Durability::Normal => SqliteSynchronous::Normal,
        })
        .foreign_keys(true)
        // What is deleted or overwritten is zeroed, not left in free space: anonymised
        // people must not be readable from the file (see `Db::fold_log`).
        .pragma("secure_delete", "ON")
        // A grouped write runs each push in a savepoint, and SQLite keeps the pages a
        // savepoint changes in a sub-journal: in a temporary file, that was about fifty
        // writes to it per push under load; in memory each is a copy. (The sorts a query
        // cannot do by an index are kept in memory too.)
        .pragma("temp_store", "MEMORY")
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    migrator(Engine::Sqlite)
        .run(&pool)
        .await
        .context("migrating the database")?;
    Ok(pool)
}

/// Connects to the PostgreSQL database at `url` and migrates it. Several instances may
/// start at once: the migrator takes an advisory lock, so one migrates and the others wait.
async fn open_postgres(url: &str, durability: Durability) -> anyhow::Result<sqlx::PgPool> {
    let options = PgConnectOptions::from_str(url)
        .with_context(|| format!("reading the database URL {}", redacted(url)))?
        .application_name("brs-server")
        .options([(
            "synchronous_commit",
            match durability {
                Durability::Full => "on",
                Durability::Normal => "off",
            },
        )]);
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .with_context(|| format!("connecting to {}", redacted(url)))?;
    migrator(Engine::Postgres)
        .run(&pool)
        .await
        .context("migrating the database")?;
    Ok(pool)
}

#[cfg(test)]
mod tests {
    /// The migrations of a folder, by file name.
    fn names(engine: &str) -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(engine);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("the migrations folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn both_engines_migrate_in_the_same_steps() {
        let sqlite = names("sqlite");
        assert!(sqlite.len() >= 15, "{sqlite:?}");
        assert_eq!(
            sqlite,
            names("postgres"),
            "every SQLite migration has its PostgreSQL twin, same number and name"
        );
    }
}
