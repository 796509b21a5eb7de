//! Applicants' erasure requests and what a ruling writes: a granted one takes the applicant
//! out of their needs and suggestions, their account and the logs that name them (the
//! ruling itself is `service::erasures`).

use chrono::{DateTime, Utc};
use shared::erasure::{Erasure, ErasureList, ErasureState};
use shared::records::feedback::Feedback;
use shared::retention::ERASED;
use shared::{Case, Vocabulary};
use sqlx::types::Json as Stored;

use super::script::Script;
use super::sql::{query, On, Tx};
use super::{records, Db};

/// An erasure as stored, with its applicant's account and the ruler's name.
type Row = (
    i64,
    i64,
    String,
    String,
    DateTime<Utc>,
    String,
    String,
    Option<String>,
    Option<DateTime<Utc>>,
    String,
    String,
);

const SELECT: &str = "SELECT e.id, e.user_id, u.display_name, u.username, e.asked_at, e.note, \
     e.state, r.display_name, e.ruled_at, e.reason, e.files \
     FROM erasures e JOIN users u ON u.id = e.user_id LEFT JOIN users r ON r.id = e.ruled_by";

/// The requests held about the applicant `user_id` that still carry their person: those
/// they filed, and those naming them that the account is proven to hold (an ID typed at
/// sign-up erases no one else's request).
pub async fn cases_of(tx: &mut Tx, user_id: i64) -> sqlx::Result<Vec<Case>> {
    Ok(super::identity::reached(&mut *tx, user_id, true)
        .await?
        .into_iter()
        .filter(|(_, r)| r.reads())
        .map(|(c, _)| c)
        .collect())
}

async fn view(db: impl Into<On<'_>>, row: Row) -> sqlx::Result<Erasure> {
    let (id, user_id, name, national_id, asked_at, note, state, ruler, ruled_at, reason, files) =
        row;
    let state = ErasureState::from_code(&state).unwrap_or(ErasureState::Pending);
    // Only what the account is proven to hold is counted, as only that is erased.
    let requests = super::identity::reached(db, user_id, false)
        .await?
        .iter()
        .filter(|(_, r)| r.reads())
        .count();
    let erased = state == ErasureState::Granted;
    Ok(Erasure {
        id,
        name: if erased { ERASED.to_owned() } else { name },
        national_id: if erased {
            ERASED.to_owned()
        } else {
            national_id
        },
        asked_at,
        note,
        requests: u32::try_from(requests).unwrap_or(u32::MAX),
        files: files
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
        state,
        ruled: ruler.zip(ruled_at),
        reason,
    })
}

/// What became of an applicant's request to be erased.
#[derive(Debug)]
pub enum Asked {
    /// Kept, waiting for the head office.
    Done(Box<Erasure>),
    /// They asked already and the head office has not ruled.
    Pending,
}

/// Keeps the applicant `user_id`'s request to be erased, with their note.
pub async fn ask(db: &Db, user_id: i64, note: &str, now: DateTime<Utc>) -> anyhow::Result<Asked> {
    let mut w = db.write().await?;
    let pending: bool =
        query("SELECT EXISTS (SELECT 1 FROM erasures WHERE user_id = ? AND state = 'pending')")
            .bind(user_id)
            .scalar(&mut w.tx)
            .await?;
    if pending {
        return Ok(Asked::Pending);
    }
    query("INSERT INTO erasures (user_id, asked_at, note, state) VALUES (?, ?, ?, 'pending')")
        .bind(user_id)
        .bind(now)
        .bind(note)
        .execute(&mut w.tx)
        .await?;
    let row: Row = query(format!(
        "{SELECT} WHERE e.user_id = ? ORDER BY e.id DESC LIMIT 1"
    ))
    .bind(user_id)
    .fetch_one(&mut w.tx)
    .await?;
    let erasure = view(&mut w.tx, row).await?;
    w.commit().await?;
    Ok(Asked::Done(Box::new(erasure)))
}

/// The applicant `user_id`'s latest erasure request.
pub async fn latest_of(db: &Db, user_id: i64) -> sqlx::Result<Option<Erasure>> {
    let row: Option<Row> = query(format!(
        "{SELECT} WHERE e.user_id = ? ORDER BY e.id DESC LIMIT 1"
    ))
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?;
    match row {
        Some(row) => Ok(Some(view(db.pool(), row).await?)),
        None => Ok(None),
    }
}

/// The requests waiting, oldest first, and the latest 50 ruled.
pub async fn list(db: &Db) -> sqlx::Result<ErasureList> {
    let pending: Vec<Row> = query(format!(
        "{SELECT} WHERE e.state = 'pending' ORDER BY e.asked_at, e.id"
    ))
    .fetch_all(db.pool())
    .await?;
    let ruled: Vec<Row> = query(format!(
        "{SELECT} WHERE e.state <> 'pending' ORDER BY e.ruled_at DESC, e.id DESC LIMIT 50"
    ))
    .fetch_all(db.pool())
    .await?;
    let mut out = ErasureList::default();
    for row in pending {
        out.pending.push(view(db.pool(), row).await?);
    }
    for row in ruled {
        out.ruled.push(view(db.pool(), row).await?);
    }
    Ok(out)
}

/// An erasure request waiting for a ruling, read in the transaction that rules on it.
#[derive(Debug)]
pub struct Waiting {
    /// The applicant's account.
    pub user_id: i64,
    /// Its sign-in name, their national ID.
    pub national_id: String,
}

/// Erasure `id` if it still waits for a ruling: `Ok(None)` when there is no such request,
/// `Ok(Some(Err(())))` when it was ruled on already.
pub async fn waiting(tx: &mut Tx, id: i64) -> sqlx::Result<Option<Result<Waiting, ()>>> {
    let row: Option<(i64, String, String)> = query(
        "SELECT e.user_id, e.state, u.username FROM erasures e JOIN users u ON u.id = e.user_id \
         WHERE e.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(row.map(|(user_id, state, national_id)| {
        if state == ErasureState::Pending.code() {
            Ok(Waiting {
                user_id,
                national_id,
            })
        } else {
            Err(())
        }
    }))
}

/// Blanks the applicant's own words on their erasure requests: they go with the rest.
pub async fn blank_notes(tx: &mut Tx, user_id: i64) -> sqlx::Result<()> {
    query("UPDATE erasures SET note = '' WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Records the ruling on erasure `id` — its state, who, when, why, and the register's
/// file numbers kept — and returns the erasure as it then stands.
pub async fn record_ruling(
    tx: &mut Tx,
    id: i64,
    state: ErasureState,
    by: i64,
    reason: &str,
    files: &[String],
    now: DateTime<Utc>,
) -> sqlx::Result<Erasure> {
    query("UPDATE erasures SET state = ?, ruled_by = ?, ruled_at = ?, reason = ?, files = ? WHERE id = ?")
        .bind(state.code())
        .bind(by)
        .bind(now)
        .bind(reason.to_owned())
        .bind(files.join(","))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let row: Row = query(format!("{SELECT} WHERE e.id = ?"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    view(&mut *tx, row).await
}

/// The needs and suggestions the applicant sent, or that were taken for them, keep their
/// kind, channel, point and dates for the counts; their words and the answer's go.
pub async fn erase_feedback(tx: &mut Tx, user_id: i64) -> anyhow::Result<()> {
    let items: Vec<Stored<Feedback>> =
        query("SELECT data FROM feedback WHERE applicant_id = ? OR recorded_by = ?")
            .bind(user_id)
            .bind(user_id)
            .scalars(&mut *tx)
            .await?;
    let mut s = Script::default();
    for Stored(mut item) in items {
        item.input.person.clear();
        item.input.contact.clear();
        item.input.text = ERASED.to_owned();
        if item.recorded_by.id == user_id {
            item.recorded_by.name = ERASED.to_owned();
        }
        if let Some(answer) = &mut item.answer {
            answer.text = ERASED.to_owned();
        }
        records::update(&mut s, &item)?;
    }
    s.run(tx).await
}

/// The account can no longer sign in and says nothing of whose it was; its sessions end
/// (their credentials no longer match); the logs keep who did what and when, not whom.
pub async fn close_account(tx: &mut Tx, user_id: i64, national_id: &str) -> sqlx::Result<()> {
    let mobile: Option<String> = query("SELECT mobile FROM users WHERE id = ?")
        .bind(user_id)
        .scalar(&mut *tx)
        .await?;
    // The messages about no request that went to them (codes, answers); the one telling
    // them of the erasure keeps its mobile until it has gone.
    // What the throttles count by them: their ID and mobile.
    query("DELETE FROM attempts WHERE subject LIKE ? OR subject LIKE ?")
        .bind(format!("%:{}", national_id.to_lowercase()))
        .bind(format!("%:{}", mobile.as_deref().unwrap_or(national_id)))
        .execute(&mut *tx)
        .await?;
    if let Some(mobile) = mobile {
        query(
            "UPDATE notifications SET mobile = '', body = '' \
             WHERE mobile = ? AND case_id IS NULL AND notice <> 'erasure_granted'",
        )
        .bind(mobile)
        .execute(&mut *tx)
        .await?;
    }
    query(
        "UPDATE users SET username = ?, display_name = ?, mobile = NULL, \
         mobile_verified_at = NULL, password_hash = '!', active = FALSE, \
         credentials_version = credentials_version + 1 WHERE id = ?",
    )
    .bind(format!("erased-{user_id}"))
    .bind(ERASED)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    query("UPDATE sign_ins SET username = ? WHERE user_id = ? OR lower(username) = lower(?)")
        .bind(ERASED)
        .bind(user_id)
        .bind(national_id)
        .execute(&mut *tx)
        .await?;
    query("UPDATE account_changes SET detail = '{}' WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    query("DELETE FROM pending_codes WHERE national_id = ?")
        .bind(national_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
