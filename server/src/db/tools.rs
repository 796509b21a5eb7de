//! The reference tools: the current file of each of the four documents.

use anyhow::Context;
use shared::tools::ToolDocument;
use shared::Vocabulary;

use super::Db;

/// Every reference document uploaded so far.
pub async fn all(db: &Db) -> anyhow::Result<Vec<ToolDocument>> {
    let rows: Vec<String> = sqlx::query_scalar("SELECT data FROM tool_documents ORDER BY kind")
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|d| serde_json::from_str(d).context("stored tool document"))
        .collect()
}

/// Makes `doc` the current file of its kind.
pub async fn put(db: &Db, doc: &ToolDocument) -> anyhow::Result<()> {
    let mut w = db.write().await?;
    sqlx::query(
        "INSERT INTO tool_documents (kind, sha256, data, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (kind) DO UPDATE SET sha256 = excluded.sha256, data = excluded.data, \
           updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(doc.kind.code())
    .bind(&doc.attachment.sha256)
    .bind(serde_json::to_string(doc)?)
    .bind(doc.updated_at)
    .bind(doc.updated_by.id)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(())
}
