//! All SQL lives under this module: opening and migrating the database, and its queries.

pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod cases;
pub mod committee;
pub mod devices;
pub mod feedback;
pub mod group;
pub mod identity;
pub mod notifications;
pub mod office;
pub mod records;
pub mod script;
pub mod tools;
pub mod users;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use tokio::sync::Mutex;

/// When a commit counts as done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Durability {
    /// Once it is on disk: every commit waits for the disk to say so (`synchronous =
    /// FULL`), so nothing acknowledged to a device can be taken back by a power cut.
    #[default]
    Full,
    /// Once the operating system has it (`synchronous = NORMAL`): faster, but a power
    /// cut can roll back the last commits after devices were told they were kept. Only
    /// for measuring what durability costs.
    Normal,
}

/// How the database is opened.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// When a commit counts as done.
    pub durability: Durability,
    /// The most writes grouped in one transaction; 1 commits each on its own.
    pub write_batch: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            durability: Durability::Full,
            write_batch: 256,
        }
    }
}

/// The database: a pool of connections and the lock that makes writers take turns.
#[derive(Clone, Debug)]
pub struct Db {
    pool: SqlitePool,
    /// SQLite has one writer at a time. Taking turns here, instead of letting deferred
    /// transactions race for the lock, means a write never fails with "database is
    /// locked", and sequence numbers commit in the order they were given, so a pull
    /// never sees change N+1 before change N (the race a concurrent push and pull can hit).
    write_lock: Arc<Mutex<()>>,
    /// Writes that share a transaction with those that arrive with them.
    group: group::Writer,
}

impl Db {
    /// The file name of the database inside the data folder.
    pub const FILE: &'static str = "brs.sqlite3";

    /// Opens (creating when missing) the database in `data_dir` and brings its schema up to date.
    pub async fn open(data_dir: &Path, settings: Settings) -> anyhow::Result<Self> {
        tokio::fs::create_dir_all(data_dir)
            .await
            .with_context(|| format!("creating {}", data_dir.display()))?;
        let path = data_dir.join(Self::FILE);
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(match settings.durability {
                Durability::Full => SqliteSynchronous::Full,
                Durability::Normal => SqliteSynchronous::Normal,
            })
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("opening {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("migrating the database")?;
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

    /// The connection pool, for reads and for the session store.
    pub fn pool(&self) -> &SqlitePool {
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

    /// Starts a write transaction once it is this writer's turn.
    pub async fn write(&self) -> sqlx::Result<WriteTx<'_>> {
        let turn = self.write_lock.lock().await;
        let tx = self.pool.begin().await?;
        Ok(WriteTx { tx, _turn: turn })
    }
}

/// A write transaction holding the writers' turn until it is committed or dropped.
#[derive(Debug)]
pub struct WriteTx<'a> {
    /// The transaction.
    pub tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    _turn: tokio::sync::MutexGuard<'a, ()>,
}

impl WriteTx<'_> {
    /// Commits the transaction and gives the turn to the next writer.
    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }
}
