//! The retention job: requests whose period has passed lose their person's data, on the
//! case and everywhere the server kept a copy of it, and devices receive the change.

use chrono::{DateTime, Utc};
use shared::case::Audience;
use shared::retention::Retention;
use shared::sync::Op;
use shared::{Case, Role};
use sqlx::types::Json as Stored;

use crate::blobs::Blobs;
use crate::db::cases::{self, Writer};
use crate::db::{query, users, Db, Json, Tx};

/// Cases anonymised in one transaction.
const BATCH: i64 = 200;

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Done {
    /// Requests anonymised.
    pub cases: u64,
    /// Files deleted: no other request or document referred to them.
    pub files: u64,
}

/// Anonymises every request due at `now` under `retention`: see [`anonymise`].
pub async fn run(
    db: &Db,
    blobs: &Blobs,
    retention: Retention,
    now: DateTime<Utc>,
) -> anyhow::Result<Done> {
    let ended = now
        - retention
            .period(shared::CaseStatus::Rejected, false)
            .unwrap_or_default();
    let closed = now
        - retention
            .period(shared::CaseStatus::Closed, false)
            .unwrap_or_default();
    let mut done = Done::default();
    loop {
        // Also the register entries of erased applicants whose years are over.
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
        .bind(BATCH)
        .scalars(db.pool())
        .await?;
        if due.is_empty() {
            if done.cases > 0 {
                db.fold_log().await?;
            }
            return Ok(done);
        }
        let cases: Vec<Case> = due.into_iter().map(|c| c.0).collect();
        let files = anonymise(db, &cases, now).await?;
        done.cases += cases.len() as u64;
        done.files += blobs.remove(&files).await?;
    }
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

/// Takes the person out of each of `cases` at `now`, in one transaction: see [`erase_in`].
/// Each is read again inside it: a change made since `cases` were read (a message's
/// delivery) took the next revision, which this one must follow.
pub async fn anonymise(db: &Db, cases: &[Case], now: DateTime<Utc>) -> anyhow::Result<Vec<String>> {
    let mut w = db.write().await?;
    let mut erased = Vec::with_capacity(cases.len());
    for c in cases {
        if let Some(current) = cases::load_id(&mut w.tx, c.id).await? {
            erased.push(Erased {
                after: current.anonymised(now),
                before: current,
                keep_until: None,
            });
        }
    }
    let files = erase_in(&mut w.tx, &erased, now).await?;
    w.commit().await?;
    Ok(files)
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
