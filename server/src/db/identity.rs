//! Steps waiting for a one-time code, applicants' accounts by national ID, an officer
//! releasing an ID or confirming an account's holder, and what an applicant's account
//! proves and reaches.

use chrono::{DateTime, Utc};
use serde_json::json;
use shared::identity::{reach, IdentityDocument, Proof, Reach};
use shared::{Case, Role, Vocabulary};
use sqlx::types::Json as Stored;
use sqlx::FromRow;

use super::sql::{query, On, Tx};

/// A step waiting for its code.
#[derive(Debug, FromRow)]
pub struct Pending {
    /// The token the device holds.
    pub id: String,
    /// `sign_up` or `reset`.
    pub purpose: String,
    /// The national ID.
    pub national_id: String,
    /// The mobile the code went to.
    pub mobile: String,
    /// The account, for a reset.
    pub user_id: Option<i64>,
    /// The password chosen, hashed, for a sign-up.
    pub password_hash: Option<String>,
    /// The outreach point chosen, for a sign-up.
    pub outreach_point_id: Option<String>,
    /// `ar` or `en`.
    pub language: String,
    /// The code, hashed with the step's token.
    pub code_hash: String,
    /// Wrong codes so far.
    pub tries: i64,
    /// Codes sent so far.
    pub sends: i64,
    /// When the last code went.
    pub sent_at: DateTime<Utc>,
    /// Until when the code may be used.
    pub expires_at: DateTime<Utc>,
}

/// Writes a step.
pub async fn start(tx: &mut Tx, p: &Pending) -> sqlx::Result<()> {
    query(
        "INSERT INTO pending_codes (id, purpose, national_id, mobile, user_id, password_hash, \
           outreach_point_id, language, code_hash, tries, sends, sent_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?)",
    )
    .bind(&p.id)
    .bind(&p.purpose)
    .bind(&p.national_id)
    .bind(&p.mobile)
    .bind(p.user_id)
    .bind(&p.password_hash)
    .bind(&p.outreach_point_id)
    .bind(&p.language)
    .bind(&p.code_hash)
    .bind(p.sent_at)
    .bind(p.expires_at)
    .execute(&mut *tx)
    .await
    .map(drop)
}

/// The step `id` for `purpose`, if it waits.
pub async fn get(db: impl Into<On<'_>>, id: &str, purpose: &str) -> sqlx::Result<Option<Pending>> {
    query("SELECT * FROM pending_codes WHERE id = ? AND purpose = ?")
        .bind(id)
        .bind(purpose)
        .fetch_optional(db)
        .await
}

/// Counts a wrong code.
pub async fn wrong(tx: &mut Tx, id: &str) -> sqlx::Result<i64> {
    query("UPDATE pending_codes SET tries = tries + 1 WHERE id = ? RETURNING tries")
        .bind(id)
        .scalar(&mut *tx)
        .await
}

/// Replaces the step's code with a new one just sent.
pub async fn resent(
    tx: &mut Tx,
    id: &str,
    code_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> sqlx::Result<()> {
    query(
        "UPDATE pending_codes SET code_hash = ?, sends = sends + 1, sent_at = ?, expires_at = ? \
         WHERE id = ?",
    )
    .bind(code_hash)
    .bind(now)
    .bind(expires_at)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map(drop)
}

/// Ends a step.
pub async fn end(tx: &mut Tx, id: &str) -> sqlx::Result<()> {
    query("DELETE FROM pending_codes WHERE id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map(drop)
}

/// Forgets steps whose code expired an hour ago or more.
pub async fn purge(db: impl Into<On<'_>>, now: DateTime<Utc>) -> sqlx::Result<u64> {
    query("DELETE FROM pending_codes WHERE expires_at < ?")
        .bind(now - chrono::Duration::hours(1))
        .execute(db)
        .await
}

/// An applicant's account by national ID: its id, proven mobile and language.
pub async fn applicant(
    db: impl Into<On<'_>>,
    national_id: &str,
) -> sqlx::Result<Option<(i64, Option<String>, String)>> {
    query(
        "SELECT id, CASE WHEN mobile_verified_at IS NOT NULL THEN mobile END, language \
         FROM users WHERE lower(username) = lower(?) AND role = ? AND active = TRUE",
    )
    .bind(national_id)
    .bind(Role::Applicant.code())
    .fetch_optional(db)
    .await
}

/// Opens the account a sign-up step describes, its mobile proven now. `None` when the ID
/// was taken meanwhile.
pub async fn open_account(
    tx: &mut Tx,
    p: &Pending,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<i64>> {
    let id: Option<i64> = query(
        "INSERT INTO users (username, display_name, password_hash, role, outreach_point_id, \
           mobile, mobile_verified_at, language, created_at) \
         VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(&p.national_id)
    .bind(&p.password_hash)
    .bind(Role::Applicant.code())
    .bind(&p.outreach_point_id)
    .bind(&p.mobile)
    .bind(now)
    .bind(&p.language)
    .scalar_optional(&mut *tx)
    .await?;
    if let Some(id) = id {
        super::accounts::log(&mut *tx, id, id, "opened", json!({ "mobile": p.mobile })).await?;
    }
    Ok(id)
}

/// Sets the password a reset step proved; ends the account's other sessions. Returns the
/// new credentials version.
pub async fn recover_password(tx: &mut Tx, user_id: i64, hash: &str) -> sqlx::Result<i64> {
    let version = query(
        "UPDATE users SET password_hash = ?, credentials_version = credentials_version + 1 \
         WHERE id = ? RETURNING credentials_version",
    )
    .bind(hash)
    .bind(user_id)
    .scalar(&mut *tx)
    .await?;
    super::accounts::log(&mut *tx, user_id, user_id, "password_recovered", json!({})).await?;
    Ok(version)
}

/// Releases the national ID held by an applicant's account: the account is renamed aside,
/// disabled and its sessions end, so the ID's holder can open theirs. Logged with the
/// officer and the reason. Returns the account released, if one held the ID.
pub async fn release(
    tx: &mut Tx,
    by: i64,
    national_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<i64>> {
    let id: Option<i64> = query(
        "UPDATE users SET username = 'released-' || id || '-' || username, active = FALSE, \
           credentials_version = credentials_version + 1 \
         WHERE lower(username) = lower(?) AND role = ? RETURNING id",
    )
    .bind(national_id)
    .bind(Role::Applicant.code())
    .scalar_optional(&mut *tx)
    .await?;
    if let Some(id) = id {
        let detail = json!({ "national_id": national_id, "reason": reason, "at": now });
        super::accounts::log(&mut *tx, by, id, "released", detail).await?;
    }
    Ok(id)
}

/// Confirms, as `by` who saw `document`, that the active applicant account of `national_id`
/// is its holder's; logged. The account's id, or none when there is no such account.
pub async fn confirm(
    tx: &mut Tx,
    by: i64,
    national_id: &str,
    (document, note): (IdentityDocument, &str),
    now: DateTime<Utc>,
) -> sqlx::Result<Option<i64>> {
    let id: Option<i64> = query(
        "UPDATE users SET identity_confirmed_at = ?, identity_confirmed_by = ?, \
           identity_document = ? \
         WHERE lower(username) = lower(?) AND role = ? AND active RETURNING id",
    )
    .bind(now)
    .bind(by)
    .bind(document.code())
    .bind(national_id)
    .bind(Role::Applicant.code())
    .scalar_optional(&mut *tx)
    .await?;
    if let Some(id) = id {
        let detail = json!({ "national_id": national_id, "document": document.code(),
            "note": note, "at": now });
        super::accounts::log(&mut *tx, by, id, "identity_confirmed", detail).await?;
    }
    Ok(id)
}

/// What the applicant account `user_id` proves of its holder; none for another account.
pub async fn proof(db: impl Into<On<'_>>, user_id: i64) -> sqlx::Result<Option<Proof>> {
    let row: Option<(String, Option<String>, bool)> = query(
        "SELECT username, mobile, identity_confirmed_at IS NOT NULL FROM users \
         WHERE id = ? AND role = ?",
    )
    .bind(user_id)
    .bind(Role::Applicant.code())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(national_id, mobile, confirmed)| Proof {
        user_id,
        national_id,
        mobile,
        confirmed,
    }))
}

/// The requests the applicant account `user_id` filed or that name its ID, each with how
/// far the account reaches it (only [`Reach::reads`] ones may be shown or written to it).
/// With `held`, only those still carrying their person.
pub async fn reached(
    db: impl Into<On<'_>>,
    user_id: i64,
    held: bool,
) -> sqlx::Result<Vec<(Case, Reach)>> {
    // The account and its cases in one read, so a write's transaction can ask it too.
    let rows: Vec<(Stored<Case>, String, Option<String>, bool)> = query(format!(
        "SELECT c.data, u.username, u.mobile, u.identity_confirmed_at IS NOT NULL \
         FROM users u JOIN cases c ON c.created_by = u.id \
           OR c.id IN (SELECT case_id FROM case_index WHERE national_id = u.username) \
         WHERE u.id = ? AND u.role = ? {} ORDER BY c.id",
        if held {
            "AND c.anonymised_at IS NULL"
        } else {
            ""
        }
    ))
    .bind(user_id)
    .bind(Role::Applicant.code())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(case, national_id, mobile, confirmed)| {
            let proof = Proof {
                user_id,
                national_id,
                mobile,
                confirmed,
            };
            let r = reach(&proof, &case.0);
            (r != Reach::None).then_some((case.0, r))
        })
        .collect())
}
