//! The library: the current file of each of the four reference documents.

use shared::library::LibraryDocument;
use shared::Vocabulary;
use sqlx::types::Json as Stored;

use super::sql::{query, Json};
use super::Db;

/// Every reference document uploaded so far.
pub async fn all(db: &Db) -> anyhow::Result<Vec<LibraryDocument>> {
    let rows: Vec<Stored<LibraryDocument>> = query("SELECT data FROM tool_documents ORDER BY kind")
        .scalars(db.pool())
        .await?;
    Ok(rows.into_iter().map(|d| d.0).collect())
}

/// Makes `doc` the current file of its kind.
pub async fn put(db: &Db, doc: &LibraryDocument) -> anyhow::Result<()> {
    let mut w = db.write().await?;
    query(
        "INSERT INTO tool_documents (kind, sha256, data, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (kind) DO UPDATE SET sha256 = excluded.sha256, data = excluded.data, \
           updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(doc.kind.code())
    .bind(&doc.attachment.sha256)
    .bind(Json(serde_json::to_string(doc)?))
    .bind(doc.updated_at)
    .bind(doc.updated_by.id)
    .execute(&mut w.tx)
    .await?;
    w.commit().await?;
    Ok(())
}
