//! Attachments: which files arrived, and who may read them.

use chrono::Utc;
use shared::documents::MediaType;
use shared::sync::Actor;

use sqlx::sqlite::SqliteArguments;
use sqlx::Arguments;

use super::cases::Scope;
use super::Db;

/// The size and type of a stored file, if it arrived.
pub async fn find(db: &Db, sha256: &str) -> anyhow::Result<Option<(u64, MediaType)>> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT size, media_type FROM attachments WHERE sha256 = ?")
            .bind(sha256)
            .fetch_optional(db.pool())
            .await?;
    Ok(row
        .and_then(|(size, media)| Some((u64::try_from(size).ok()?, MediaType::from_mime(&media)?))))
}

/// Records a file that arrived whole. Recording it twice is harmless.
pub async fn record(
    db: &Db,
    sha256: &str,
    size: u64,
    media_type: MediaType,
    user_id: i64,
) -> anyhow::Result<()> {
    let mut w = db.write().await?;
    sqlx::query(
        "INSERT INTO attachments (sha256, size, media_type, uploaded_by, created_at) \
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(sha256)
    .bind(i64::try_from(size)?)
    .bind(media_type.mime())
    .bind(user_id)
    .bind(Utc::now())
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(())
}

/// Whether `actor` may read the file: they uploaded it first, it is a reference document, or it belongs to a case they may
/// see (the pull's scope).
pub async fn may_read(db: &Db, actor: &Actor, sha256: &str) -> anyhow::Result<bool> {
    let uploaded: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM attachments WHERE sha256 = ? AND uploaded_by = ?")
            .bind(sha256)
            .bind(actor.user.id)
            .fetch_optional(db.pool())
            .await?;
    if uploaded.is_some() || super::tools::is_tool(db, sha256).await? {
        return Ok(true);
    }
    let scope = Scope::of(actor);
    let sql = format!(
        "SELECT 1 FROM case_attachments ca JOIN cases c ON c.id = ca.case_id \
         WHERE ca.sha256 = ? AND {}",
        scope.clause
    );
    let mut args = SqliteArguments::default();
    args.add(sha256).map_err(|e| anyhow::anyhow!(e))?;
    scope.add_to(&mut args)?;
    let found: Option<i64> = sqlx::query_scalar_with(&sql, args)
        .fetch_optional(db.pool())
        .await?;
    Ok(found.is_some())
}
