//! What taking a person out of requests does to the database: each request's new
//! revision stored, and every copy of the person the server kept erased with it.

use chrono::{DateTime, Utc};
use shared::case::Audience;
use shared::life::mutation::Op;
use shared::{Case, Role};
use sqlx::types::Json as Stored;

use super::cases::{self, Writer};
use super::{query, users, Db, Json, Tx};

/// Up to `limit` requests due to lose their person's data at `now`: ended (rejected,
/// withdrawn or thrown away) by `ended`, closed by `closed`, and the register entries of
/// erased applicants whose years are over.
pub async fn due(
    db: &Db,
    ended: DateTime<Utc>,
    closed: DateTime<Utc>,
    now: DateTime<Utc>,
    limit: i64,
) -> sqlx::Result<Vec<Case>> {
    let due: Vec<Stored<Case>> = query(
        "SELECT data FROM cases WHERE (anonymised_at IS NULL AND ( \
           ((status IN ('rejected', 'withdrawn') OR discarded = TRUE) AND updated_at <= ?) \
           OR (status = 'closed' AND updated_at <= ?))) \
         OR keep_until <= ? \
         ORDER BY id LIMIT ?",
    )
    .bind(ended)
    .bind(closed)
    .bind(now)
    .bind(limit)
    .scalars(db.pool())
    .await?;
    Ok(due.into_iter().map(|c| c.0).collect())
}

/// A request to take the person out of: as it stands, what is left of it, and until when
/// what is left is kept before the rest goes (a beneficiary's register entry).
#[derive(Debug)]
pub struct Erased {
    /// As it stands.
    pub before: Case,
    /// What is left.
    pub after: Case,
    /// Until when what is left is kept.
    pub keep_until: Option<DateTime<Utc>>,
}

/// The requests of `cases` as they stand now, read inside the transaction `tx`: a change
/// made since they were read (a message's delivery) took the next revision, which the
/// erasure must follow.
pub async fn current(tx: &mut Tx, cases: &[Case]) -> anyhow::Result<Vec<Case>> {
    let mut found = Vec::with_capacity(cases.len());
    for c in cases {
        if let Some(current) = cases::load_id(&mut *tx, c.id).await? {
            found.push(current);
        }
    }
    Ok(found)
}

/// The holder's audiences a request left name its ID and mobile (see `Audience::HOLDER`):
/// its exits are kept under the holder's account instead, so the holder's phone still drops
/// the request and the database keeps neither.
async fn holder_exits(tx: &mut Tx, before: &Case) -> anyhow::Result<()> {
    let id = before.id.to_string();
    let account: Option<i64> = match before.request.applicant.national_id() {
        Some(national_id) => {
            query("SELECT id FROM users WHERE lower(username) = lower(?) AND role = ?")
                .bind(national_id.as_str().to_owned())
                .bind(Role::Applicant.code())
                .scalar_optional(&mut *tx)
                .await?
        }
        None => None,
    };
    let holder = format!("{}%", Audience::HOLDER);
    match account {
        Some(account) => {
            query("UPDATE scope_exits SET audience = ? WHERE case_id = ? AND audience LIKE ?")
                .bind(format!("{}{account}", Audience::USER))
                .bind(id)
                .bind(holder)
                .execute(&mut *tx)
                .await?;
        }
        None => {
            query("DELETE FROM scope_exits WHERE case_id = ? AND audience LIKE ?")
                .bind(id)
                .bind(holder)
                .execute(&mut *tx)
                .await?;
        }
    }
    Ok(())
}

/// Stores each request's new revision, which goes to devices like any change; its earlier
/// revisions, the content of the changes sent for it, the messages' texts and mobiles,
/// the duplicate findings' IDs and reasons, and its files are erased. Returns the files no
/// longer referred to, to delete once committed.
pub async fn erase_in(
    tx: &mut Tx,
    cases: &[Erased],
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<String>> {
    let system = users::system(&mut *tx).await?;
    let redacted = Json(serde_json::to_string(&Op::Redacted)?);
    let mut files = Vec::new();
    for Erased {
        before,
        after,
        keep_until,
    } in cases
    {
        let id = before.id.to_string();
        let shas: Vec<String> = query("SELECT sha256 FROM case_attachments WHERE case_id = ?")
            .bind(id.clone())
            .scalars(&mut *tx)
            .await?;
        let mut case = after.clone();
        case.revision = before.revision + 1;
        let by = Writer {
            mutation_id: uuid::Uuid::now_v7().to_string(),
            user_id: system.id,
            files: true,
        };
        cases::store(&mut *tx, &case, Some(before), &by, now).await?;
        holder_exits(&mut *tx, before).await?;
        let data = Json(serde_json::to_string(&case)?);
        query("UPDATE cases SET anonymised_at = ?, keep_until = ? WHERE id = ?")
            .bind(now)
            .bind(*keep_until)
            .bind(id.clone())
            .execute(&mut *tx)
            .await?;
        query("UPDATE case_history SET data = ? WHERE case_id = ?")
            .bind(data)
            .bind(id.clone())
            .execute(&mut *tx)
            .await?;
        query("UPDATE mutations SET op = ? WHERE case_id = ?")
            .bind(redacted.clone())
            .bind(id.clone())
            .execute(&mut *tx)
            .await?;
        query("UPDATE notifications SET mobile = '', body = '' WHERE case_id = ?")
            .bind(id.clone())
            .execute(&mut *tx)
            .await?;
        query(
            "UPDATE duplicate_reviews SET national_id = 'erased', reason = '' \
             WHERE first_case = ? OR second_case = ?",
        )
        .bind(id.clone())
        .bind(id.clone())
        .execute(&mut *tx)
        .await?;
        // A file another request or a reference document still uses stays.
        for sha in shas {
            let used: bool = query(
                "SELECT EXISTS (SELECT 1 FROM case_attachments WHERE sha256 = ?) \
                 OR EXISTS (SELECT 1 FROM tool_documents WHERE sha256 = ?)",
            )
            .bind(sha.clone())
            .bind(sha.clone())
            .scalar(&mut *tx)
            .await?;
            if !used {
                query("DELETE FROM attachment_owners WHERE sha256 = ?")
                    .bind(sha.clone())
                    .execute(&mut *tx)
                    .await?;
                query("DELETE FROM attachments WHERE sha256 = ?")
                    .bind(sha.clone())
                    .execute(&mut *tx)
                    .await?;
                files.push(sha);
            }
        }
    }
    Ok(files)
}
