//! `server backup` and `server restore`: a consistent copy of the database taken while the
//! server runs, with the attachments copied beside it, and its return into an empty place.
//!
//! A backup is one file for the database (a SQLite database made by `VACUUM INTO`, or a
//! `pg_dump` archive) and an `attachments` folder beside it. Attachments are named by
//! their content, so the folder is shared by every backup made there and each backup
//! copies only the files it lacks. The database is copied first: a file is on disk before
//! any request can name it, so every file the copy names is there when the folder is.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{bail, Context};
use sqlx::{Connection, Executor};

use crate::db::{self, query, Db};
use crate::Config;

/// What a backup or a restore did, for its one line of output.
#[derive(Debug, Default)]
pub struct Summary {
    /// Requests in the copied database.
    pub cases: i64,
    /// The last change the copy holds: every change acknowledged before the backup began
    /// is at or below it.
    pub last_change: i64,
    /// Attachment files copied (the others were there already).
    pub copied: u64,
    /// Attachment files in the folder the copy went to.
    pub files: u64,
}

/// The first bytes of each kind of database copy.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const PG_DUMP_MAGIC: &[u8] = b"PGDMP";

/// The attachments folder beside a backup file.
pub fn attachments_beside(file: &Path) -> PathBuf {
    file.parent()
        .unwrap_or_else(|| Path::new("."))
        .join("attachments")
}

/// Copies the database of `config` into `to` while the server may be running, then the
/// attachments it lacks into the folder beside it.
pub async fn backup(config: &Config, to: &Path) -> anyhow::Result<Summary> {
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(dir)
            .await
            .with_context(|| format!("creating {}", dir.display()))?;
    }
    // Written under another name and renamed once whole, so a file named as a backup is one.
    let partial = to.with_extension("partial");
    let _ = tokio::fs::remove_file(&partial).await;
    let mut summary = match &config.database_url {
        Some(url) => backup_postgres(url, &partial).await?,
        None => backup_sqlite(&config.data_dir, &partial).await?,
    };
    sync_file(&partial).await?;
    tokio::fs::rename(&partial, to)
        .await
        .with_context(|| format!("naming the backup {}", to.display()))?;
    let (copied, files) = copy_missing(
        &config.data_dir.join("attachments"),
        &attachments_beside(to),
    )
    .await?;
    summary.copied = copied;
    summary.files = files;
    // The head office's checklist reads when the last backup was taken; a backup that
    // could not say so is still a backup.
    if let Err(e) = note_taken(config, to).await {
        tracing::warn!("the backup was taken but could not be noted in the database: {e:#}");
    }
    Ok(summary)
}

/// The file in a SQLite data folder that says when its last backup was taken, and where.
pub const LAST_BACKUP: &str = "last-backup";

/// Notes that a backup was taken to `to`, for the head office's checklist: in PostgreSQL,
/// a row of the database backed up; beside a SQLite file, a small file in its folder,
/// since a write from this process into the file would break the server's own writers'
/// turns (they take them in-process).
async fn note_taken(config: &Config, to: &Path) -> anyhow::Result<()> {
    let target = to.display().to_string();
    if config.database_url.is_none() {
        let file = config.data_dir.join(LAST_BACKUP);
        let partial = file.with_extension("partial");
        let line = format!("{}\t{target}\n", chrono::Utc::now().to_rfc3339());
        tokio::fs::write(&partial, line).await?;
        tokio::fs::rename(&partial, &file).await?;
        return Ok(());
    }
    let db = Db::open(
        &config.data_dir,
        db::Settings {
            database_url: config.database_url.clone(),
            ..Default::default()
        },
    )
    .await?;
    db::setup::record_backup(db.pool(), &target).await?;
    db.close().await;
    Ok(())
}

/// When the last backup noted beside a SQLite file in `data_dir` was taken.
pub async fn last_noted(data_dir: &Path) -> Option<chrono::DateTime<chrono::Utc>> {
    let text = tokio::fs::read_to_string(data_dir.join(LAST_BACKUP))
        .await
        .ok()?;
    let at = text.split('\t').next()?;
    chrono::DateTime::parse_from_rfc3339(at.trim())
        .ok()
        .map(|at| at.with_timezone(&chrono::Utc))
}

/// `VACUUM INTO` reads one snapshot, as any reader does, so writers go on meanwhile.
async fn backup_sqlite(data_dir: &Path, partial: &Path) -> anyhow::Result<Summary> {
    let path = data_dir.join(Db::FILE);
    if !path.exists() {
        bail!("no database at {}", path.display());
    }
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .read_only(true)
        .busy_timeout(std::time::Duration::from_secs(30));
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    let target = partial.to_str().context("a backup path in UTF-8")?;
    sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(&mut conn)
        .await
        .context("copying the database")?;
    conn.close().await?;
    // The copy is checked before it is called a backup.
    let copy = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(partial)
        .read_only(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&copy).await?;
    let check: String = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_one(&mut conn)
        .await?;
    if check != "ok" {
        bail!("the copy failed its check: {check}");
    }
    let summary = summary(sqlx::query_as(COUNTED).fetch_one(&mut conn).await?);
    conn.close().await?;
    Ok(summary)
}

/// `pg_dump` reads a snapshot exported by a transaction of ours, so the counts printed
/// are those of the archive.
async fn backup_postgres(url: &str, partial: &Path) -> anyhow::Result<Summary> {
    let mut conn = sqlx::PgConnection::connect(url)
        .await
        .with_context(|| format!("connecting to {}", db::redacted(url)))?;
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await?;
    let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut conn)
        .await?;
    let summary = summary(sqlx::query_as(COUNTED).fetch_one(&mut conn).await?);
    let mut dump = postgres_tool("pg_dump", url)?;
    dump.arg("--format=custom")
        .arg(format!("--snapshot={snapshot}"))
        .arg("--file")
        .arg(partial);
    run(dump, "pg_dump").await?;
    conn.execute("COMMIT").await?;
    conn.close().await?;
    Ok(summary)
}

/// How many requests a database holds, and its last change.
const COUNTED: &str =
    "SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM cases), seq FROM server_state WHERE id = 1";

fn summary((cases, last_change): (i64, i64)) -> Summary {
    Summary {
        cases,
        last_change,
        ..Summary::default()
    }
}

/// Brings the backup in `from` into the empty place `config` names, copies its attachments
/// in, and gives the database a new epoch, so devices that synced after the backup start
/// over and send again what the copy lacks of theirs.
pub async fn restore(config: &Config, from: &Path) -> anyhow::Result<Summary> {
    let mut head = [0u8; 16];
    {
        use tokio::io::AsyncReadExt;
        let mut file = tokio::fs::File::open(from)
            .await
            .with_context(|| format!("opening {}", from.display()))?;
        let n = file.read(&mut head).await?;
        if n < PG_DUMP_MAGIC.len() {
            bail!("{} is not a backup", from.display());
        }
    }
    match (&config.database_url, head.starts_with(SQLITE_MAGIC)) {
        (None, true) => restore_sqlite(&config.data_dir, from).await?,
        (Some(url), false) if head.starts_with(PG_DUMP_MAGIC) => {
            restore_postgres(url, from).await?;
        }
        (None, false) if head.starts_with(PG_DUMP_MAGIC) => bail!(
            "{} is a PostgreSQL backup: restore it with DATABASE_URL naming an empty database",
            from.display()
        ),
        (Some(_), true) => bail!(
            "{} is a SQLite backup: restore it without DATABASE_URL, into an empty data folder",
            from.display()
        ),
        _ => bail!("{} is not a backup", from.display()),
    }
    // Opening migrates a copy made by an older version, as a start would.
    let db = Db::open(
        &config.data_dir,
        db::Settings {
            database_url: config.database_url.clone(),
            ..db::Settings::default()
        },
    )
    .await?;
    let epoch = uuid::Uuid::new_v4().simple().to_string();
    query("UPDATE server_state SET epoch = ? WHERE id = 1")
        .bind(epoch)
        .execute(db.pool())
        .await?;
    let mut restored = summary(query(COUNTED).fetch_one(db.pool()).await?);
    db.close().await;
    (restored.copied, restored.files) = copy_missing(
        &attachments_beside(from),
        &config.data_dir.join("attachments"),
    )
    .await?;
    Ok(restored)
}

async fn restore_sqlite(data_dir: &Path, from: &Path) -> anyhow::Result<()> {
    let path = data_dir.join(Db::FILE);
    if path.exists() {
        bail!(
            "{} holds a database already: restore into an empty data folder",
            data_dir.display()
        );
    }
    tokio::fs::create_dir_all(data_dir)
        .await
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let partial = path.with_extension("restoring");
    tokio::fs::copy(from, &partial)
        .await
        .with_context(|| format!("copying {}", from.display()))?;
    sync_file(&partial).await?;
    tokio::fs::rename(&partial, &path).await?;
    Ok(())
}

async fn restore_postgres(url: &str, from: &Path) -> anyhow::Result<()> {
    let mut conn = sqlx::PgConnection::connect(url)
        .await
        .with_context(|| format!("connecting to {}", db::redacted(url)))?;
    let used: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema())",
    )
    .fetch_one(&mut conn)
    .await?;
    conn.close().await?;
    if used {
        bail!(
            "{} holds tables already: restore into an empty database",
            db::redacted(url)
        );
    }
    let mut load = postgres_tool("pg_restore", url)?;
    load.args([
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
    ])
    .arg(from);
    run(load, "pg_restore").await
}

/// `tool` (from the PATH) run against the database at `url`; the password, when the URL
/// has one, goes in the environment, where other users of the machine cannot read it.
fn postgres_tool(tool: &str, url: &str) -> anyhow::Result<tokio::process::Command> {
    let mut parsed = url::Url::parse(url).context("reading the database URL")?;
    let password = parsed.password().map(str::to_owned);
    let _ = parsed.set_password(None);
    let mut command = tokio::process::Command::new(tool);
    if let Some(password) = password {
        let decoded = percent_encoding::percent_decode_str(&password).decode_utf8_lossy();
        command.env("PGPASSWORD", decoded.as_ref());
    }
    command
        .arg("--dbname")
        .arg(parsed.as_str())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    Ok(command)
}

async fn run(mut command: tokio::process::Command, tool: &str) -> anyhow::Result<()> {
    let out = command
        .output()
        .await
        .with_context(|| format!("starting {tool} (is PostgreSQL's client on the PATH?)"))?;
    if !out.status.success() {
        bail!(
            "{tool} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// Flushes a file to disk, so a backup said to be made survives a power cut.
async fn sync_file(path: &Path) -> anyhow::Result<()> {
    let file = tokio::fs::File::open(path).await?;
    file.sync_all()
        .await
        .with_context(|| format!("flushing {}", path.display()))
}

/// Copies into `to` every attachment of `from` that `to` lacks; how many were copied, and
/// how many `to` holds. Unfinished uploads are left out.
async fn copy_missing(from: &Path, to: &Path) -> anyhow::Result<(u64, u64)> {
    let (mut copied, mut files) = (0, 0);
    if !from.exists() {
        return Ok((0, 0));
    }
    let mut shards = tokio::fs::read_dir(from)
        .await
        .with_context(|| format!("reading {}", from.display()))?;
    while let Some(shard) = shards.next_entry().await? {
        let name = shard.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.len() != 2 || !shard.file_type().await?.is_dir() {
            continue;
        }
        let mut entries = tokio::fs::read_dir(shard.path()).await?;
        while let Some(entry) = entries.next_entry().await? {
            let file = entry.file_name();
            let Some(file) = file.to_str() else { continue };
            if file.len() != 64 || !file.starts_with(name) {
                continue;
            }
            files += 1;
            let target = to.join(name).join(file);
            if tokio::fs::try_exists(&target).await? {
                continue;
            }
            tokio::fs::create_dir_all(to.join(name)).await?;
            // Whole or absent: a copy cut short is never taken for the file.
            let partial = to.join(name).join(format!("{file}.partial"));
            tokio::fs::copy(entry.path(), &partial)
                .await
                .with_context(|| format!("copying {}", entry.path().display()))?;
            sync_file(&partial).await?;
            tokio::fs::rename(&partial, &target).await?;
            copied += 1;
        }
    }
    Ok((copied, files))
}
