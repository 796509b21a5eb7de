//! Attachments: which files arrived, and who may read them.

use chrono::Utc;
use shared::documents::MediaType;
use shared::people::Actor;

use super::cases::Scope;
use super::sql::{query, Query, Tx};
use super::Db;

/// The size and type of a stored file, if it arrived.
pub async fn find(db: &Db, sha256: &str) -> anyhow::Result<Option<(u64, MediaType)>> {
    let row: Option<(i64, String)> =
        query("SELECT size, media_type FROM attachments WHERE sha256 = ?")
            .bind(sha256)
            .fetch_optional(db.pool())
            .await?;
    Ok(row
        .and_then(|(size, media)| Some((u64::try_from(size).ok()?, MediaType::from_mime(&media)?))))
}

/// The bytes of the files `user_id` has sent.
pub async fn uploaded_bytes(db: &Db, user_id: i64) -> anyhow::Result<u64> {
    let total: i64 = query(
        "SELECT CAST(COALESCE(SUM(a.size), 0) AS BIGINT) FROM attachments a \
         JOIN attachment_owners o ON o.sha256 = a.sha256 WHERE o.user_id = ?",
    )
    .bind(user_id)
    .scalar(db.pool())
    .await?;
    Ok(u64::try_from(total)?)
}

/// Records a file that `user_id` sent whole: the file, once, and that they hold it.
/// Recording it again is harmless.
pub async fn record(
    db: &Db,
    sha256: &str,
    size: u64,
    media_type: MediaType,
    user_id: i64,
) -> anyhow::Result<()> {
    let mut w = db.write().await?;
    query(
        "INSERT INTO attachments (sha256, size, media_type, uploaded_by, created_at) \
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(sha256)
    .bind(i64::try_from(size)?)
    .bind(media_type.mime())
    .bind(user_id)
    .bind(Utc::now())
    .execute(&mut w.tx)
    .await?;
    query("INSERT INTO attachment_owners (sha256, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .bind(sha256)
        .bind(user_id)
        .execute(&mut w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}

/// Whether `user_id` sent the file whole themselves.
pub async fn sent_by(db: &Db, sha256: &str, user_id: i64) -> anyhow::Result<bool> {
    Ok(
        query("SELECT EXISTS (SELECT 1 FROM attachment_owners WHERE sha256 = ? AND user_id = ?)")
            .bind(sha256)
            .bind(user_id)
            .scalar(db.pool())
            .await?,
    )
}

/// Whether `actor` may read (and attach) the file: they sent it whole themselves, it is a
/// reference document, or it belongs to a case they may see (the pull's scope).
pub async fn may_read(db: &Db, actor: &Actor, sha256: &str) -> anyhow::Result<bool> {
    let scope = Scope::of(db, actor).await?;
    Ok(may_read_query(actor, &scope, sha256)
        .scalar(db.pool())
        .await?)
}

/// [`may_read`] inside a transaction.
pub async fn may_read_in(tx: &mut Tx, actor: &Actor, sha256: &str) -> anyhow::Result<bool> {
    let scope = Scope::of(&mut *tx, actor).await?;
    Ok(may_read_query(actor, &scope, sha256).scalar(tx).await?)
}

/// The one statement [`may_read`] asks: a single read sees one state on either engine.
fn may_read_query(actor: &Actor, scope: &Scope, sha256: &str) -> Query {
    let mut q = query(format!(
        "SELECT EXISTS (SELECT 1 FROM attachment_owners WHERE sha256 = ? AND user_id = ?) \
             OR EXISTS (SELECT 1 FROM tool_documents WHERE sha256 = ?) \
             OR EXISTS (SELECT 1 FROM case_attachments ca WHERE ca.sha256 = ? AND {})",
        scope.sees("ca.case_id")
    ));
    q.add(sha256).add(actor.user.id).add(sha256).add(sha256);
    scope.add_to(&mut q);
    q
}
