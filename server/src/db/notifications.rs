//! The outbox of messages to applicants, their attempts, the texts the head office edited,
//! and where a case's applicant is reached.

use chrono::{DateTime, Utc};
use shared::messages::Notice;
use shared::{Case, Role, Vocabulary};
use sqlx::FromRow;

use super::sql::{query, On, Tx};

/// A message to write to the outbox.
#[derive(Debug)]
pub struct NewNotification<'a> {
    /// The event's id.
    pub id: &'a str,
    /// The case it is about.
    pub case_id: Option<String>,
    /// Why.
    pub notice: Notice,
    /// The mobile.
    pub mobile: &'a str,
    /// The text.
    pub body: &'a str,
    /// When it may go.
    pub due_at: DateTime<Utc>,
}

/// Writes a queued message.
pub async fn enqueue(tx: &mut Tx, n: &NewNotification<'_>, now: DateTime<Utc>) -> sqlx::Result<()> {
    query(
        "INSERT INTO notifications (id, case_id, notice, mobile, body, state, due_at, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)",
    )
    .bind(n.id)
    .bind(&n.case_id)
    .bind(n.notice.code())
    .bind(n.mobile)
    .bind(n.body)
    .bind(n.due_at)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map(drop)
}

/// A message waiting in the outbox.
#[derive(Debug, FromRow)]
pub struct Pending {
    /// The event's id.
    pub id: String,
    /// The case.
    pub case_id: Option<String>,
    /// Why, as its code.
    pub notice: String,
    /// The mobile.
    pub mobile: String,
    /// The text.
    pub body: String,
    /// Tries so far.
    pub attempts: i64,
}

/// Messages whose time has come, oldest first.
pub async fn due(
    db: impl Into<On<'_>>,
    now: DateTime<Utc>,
    limit: i64,
) -> sqlx::Result<Vec<Pending>> {
    query(
        "SELECT id, case_id, notice, mobile, body, attempts FROM notifications \
         WHERE state = 'queued' AND due_at <= ? ORDER BY due_at, id LIMIT ?",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// The earliest time a queued message may go, if one waits.
pub async fn next_due(db: impl Into<On<'_>>) -> sqlx::Result<Option<DateTime<Utc>>> {
    query("SELECT MIN(due_at) FROM notifications WHERE state = 'queued'")
        .scalar(db)
        .await
}

/// Records an attempt before the call: the message is `sending` until its answer is
/// written. Returns the attempt's number, or `None` when another sender claimed it first.
pub async fn begin_attempt(tx: &mut Tx, id: &str, now: DateTime<Utc>) -> sqlx::Result<Option<i64>> {
    let attempt: Option<i64> = query(
        "UPDATE notifications SET state = 'sending', attempts = attempts + 1, updated_at = ? \
         WHERE id = ? AND state = 'queued' RETURNING attempts",
    )
    .bind(now)
    .bind(id)
    .scalar_optional(&mut *tx)
    .await?;
    let Some(attempt) = attempt else {
        return Ok(None);
    };
    query(
        "INSERT INTO notification_attempts (notification_id, attempt, started_at) VALUES (?, ?, ?)",
    )
    .bind(id)
    .bind(attempt)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(Some(attempt))
}

/// Where a message stands after an attempt.
#[derive(Debug)]
pub struct Settled<'a> {
    /// `queued` (to try again at `due_at`), `sent`, `failed` or `unknown`.
    pub state: &'a str,
    /// When to try again, for `queued`.
    pub due_at: DateTime<Utc>,
    /// The provider's id.
    pub provider_id: Option<&'a str>,
    /// The provider's reason, or what staff should know.
    pub detail: &'a str,
}

/// Writes an attempt's answer. A code's text, and the mobile of an erased applicant's last
/// message, are emptied once they no longer wait to go.
pub async fn finish_attempt(
    tx: &mut Tx,
    id: &str,
    attempt: i64,
    s: &Settled<'_>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    query(
        "UPDATE notification_attempts SET finished_at = ?, result = ? \
         WHERE notification_id = ? AND attempt = ?",
    )
    .bind(now)
    .bind(format!("{}: {}", s.state, s.detail))
    .bind(id)
    .bind(attempt)
    .execute(&mut *tx)
    .await?;
    set_state(tx, id, s, now).await
}

/// Moves a message to a state, outside an attempt (staff deciding, a delivery report).
pub async fn set_state(
    tx: &mut Tx,
    id: &str,
    s: &Settled<'_>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    query(
        "UPDATE notifications SET state = ?, due_at = ?, provider_id = COALESCE(?, provider_id), \
           detail = ?, updated_at = ?, \
           body = CASE WHEN notice = 'code' AND ? <> 'queued' THEN '' ELSE body END, \
           mobile = CASE WHEN notice = 'erasure_granted' AND ? <> 'queued' THEN '' ELSE mobile END \
         WHERE id = ?",
    )
    .bind(s.state)
    .bind(s.due_at)
    .bind(s.provider_id)
    .bind(s.detail)
    .bind(now)
    .bind(s.state)
    .bind(s.state)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map(drop)
}

/// A message's case and state, by its id or the provider's id.
pub async fn find(
    db: impl Into<On<'_>>,
    id_or_provider_id: &str,
) -> sqlx::Result<Option<(String, Option<String>, String)>> {
    query("SELECT id, case_id, state FROM notifications WHERE id = ?1 OR provider_id = ?1 LIMIT 1")
        .bind(id_or_provider_id)
        .fetch_optional(db)
        .await
}

/// The messages that were being sent when the server stopped.
pub async fn interrupted(db: impl Into<On<'_>>) -> sqlx::Result<Vec<(String, Option<String>)>> {
    query("SELECT id, case_id FROM notifications WHERE state = 'sending'")
        .fetch_all(db)
        .await
}

/// The text of `notice` in a language: the head office's latest version, if any.
pub async fn text(
    db: impl Into<On<'_>>,
    notice: Notice,
    english: bool,
) -> sqlx::Result<Option<(i64, String)>> {
    query(
        "SELECT version, body FROM notice_texts WHERE notice = ? AND language = ? \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(notice.code())
    .bind(if english { "en" } else { "ar" })
    .fetch_optional(db)
    .await
}

/// One version of an edited text.
#[derive(Debug, FromRow)]
pub struct TextVersion {
    /// The notice's code.
    pub notice: String,
    /// `ar` or `en`.
    pub language: String,
    /// From 1.
    pub version: i64,
    /// The text.
    pub body: String,
    /// Who wrote it.
    pub by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Every edited version, newest first.
pub async fn text_versions(db: impl Into<On<'_>>) -> sqlx::Result<Vec<TextVersion>> {
    query(
        "SELECT t.notice, t.language, t.version, t.body, u.display_name AS by, t.created_at \
         FROM notice_texts t JOIN users u ON u.id = t.created_by \
         ORDER BY t.notice, t.language, t.version DESC",
    )
    .fetch_all(db)
    .await
}

/// Saves a new version of a text; returns its number.
pub async fn save_text(
    tx: &mut Tx,
    notice: Notice,
    english: bool,
    body: &str,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    query(
        "INSERT INTO notice_texts (notice, language, version, body, created_by, created_at) \
         SELECT ?1, ?2, COALESCE(MAX(version), 0) + 1, ?3, ?4, ?5 FROM notice_texts \
         WHERE notice = ?1 AND language = ?2 RETURNING version",
    )
    .bind(notice.code())
    .bind(if english { "en" } else { "ar" })
    .bind(body)
    .bind(by)
    .bind(now)
    .scalar(&mut *tx)
    .await
}

/// Where an applicant is reached: a mobile, the language of their messages, and whether
/// they opted out of what their request does not need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// `05XXXXXXXX`.
    pub mobile: String,
    /// Whether they read English.
    pub english: bool,
    /// Whether they opted out.
    pub opted_out: bool,
}

/// The recipient of an account.
pub async fn account_recipient(
    db: impl Into<On<'_>>,
    user_id: i64,
) -> sqlx::Result<Option<Recipient>> {
    let row: Option<(Option<String>, String, bool)> = query(
        "SELECT mobile, language, sms_opt_out FROM users WHERE id = ? AND role = ? AND active = TRUE",
    )
    .bind(user_id)
    .bind(Role::Applicant.code())
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|(mobile, language, opted_out)| {
        Some(Recipient {
            mobile: mobile?,
            english: language == "en",
            opted_out,
        })
    }))
}

/// The applicant of a case: their own account when they opened the request, or have one
/// under its national ID proven theirs (see [`shared::identity::reach`]); otherwise the
/// mobile given in the request, in Arabic.
pub async fn case_recipient(tx: &mut Tx, case: &Case) -> sqlx::Result<Option<Recipient>> {
    if let Some(r) = account_recipient(&mut *tx, case.created_by.id).await? {
        return Ok(Some(r));
    }
    if let Some(id) = case.request.applicant.national_id() {
        let user: Option<i64> =
            query("SELECT id FROM users WHERE lower(username) = lower(?) AND role = ?")
                .bind(id.to_string())
                .bind(Role::Applicant.code())
                .scalar_optional(&mut *tx)
                .await?;
        // The account of the request's ID is written to only once it is proven its holder's;
        // until then the request's own mobile is, as a claimer's would be the wrong one.
        if let Some(user) = user {
            let proof = super::identity::proof(&mut *tx, user).await?;
            if proof.is_some_and(|p| shared::identity::reach(&p, case).reads()) {
                if let Some(r) = account_recipient(&mut *tx, user).await? {
                    return Ok(Some(r));
                }
            }
        }
    }
    Ok(shared::Mobile::parse(&case.request.applicant.mobile)
        .ok()
        .map(|m| Recipient {
            mobile: m.to_string(),
            english: false,
            opted_out: false,
        }))
}

/// Cases that wait for a decision past their expected answer day: those that may owe the
/// applicant an apology.
pub async fn late_cases(
    db: impl Into<On<'_>>,
    today: chrono::NaiveDate,
) -> sqlx::Result<Vec<String>> {
    let waiting: Vec<&str> = shared::CaseStatus::ALL
        .iter()
        .filter(|s| s.awaits_decision())
        .map(|s| s.code())
        .collect();
    let sql = format!(
        "SELECT id FROM cases WHERE discarded = FALSE AND answer_expected_on <= ? AND status IN ({})",
        vec!["?"; waiting.len()].join(", ")
    );
    let mut q = query(&sql).bind(today);
    for s in waiting {
        q = q.bind(s);
    }
    q.scalars(db).await
}
