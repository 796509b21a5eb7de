//! Users and outreach points.

use chrono::Utc;
use shared::api::Me;
use shared::case::{OutreachPoint, UserRef};
use shared::Role;
use sqlx::FromRow;

use super::sql::{query, On};

/// A user as stored, with the password hash that never leaves the server.
#[derive(Clone, FromRow)]
pub struct UserRow {
    /// The user's id.
    pub id: i64,
    /// The sign-in name.
    pub username: String,
    /// The name shown to staff.
    pub display_name: String,
    /// The Argon2id hash in PHC form.
    pub password_hash: String,
    /// The role code.
    pub role: String,
    /// Whether the user may sign in.
    pub active: bool,
    /// The outreach point's id, for officers.
    pub outreach_point_id: Option<String>,
    /// The outreach point's Arabic name.
    pub point_name_ar: Option<String>,
    /// The outreach point's English name.
    pub point_name_en: Option<String>,
    /// Raised by every password reset or change of role: a session begun under an older
    /// version is over.
    pub credentials_version: i64,
    /// The password was set by someone else and is to be changed before anything else.
    pub must_change_password: bool,
    /// The mobile a code proved, if one did.
    pub proven_mobile: Option<String>,
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl UserRow {
    /// The user as the API shows them. A role code the shared crate does not know means
    /// the database was edited by hand; such a user is treated as not signed in.
    pub fn me(&self) -> Option<Me> {
        let role = Role::from_code(&self.role)?;
        let outreach_point = match (
            &self.outreach_point_id,
            &self.point_name_ar,
            &self.point_name_en,
        ) {
            (Some(id), Some(name_ar), Some(name_en)) => Some(OutreachPoint {
                id: id.clone(),
                name_ar: name_ar.clone(),
                name_en: name_en.clone(),
            }),
            _ => None,
        };
        Some(Me {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role,
            outreach_point,
            must_change_password: self.must_change_password,
            mobile: self.proven_mobile.clone().filter(|_| role.has_own_file()),
        })
    }
}

const SELECT_USER: &str = "SELECT u.id, u.username, u.display_name, u.password_hash, u.role, \
     u.active, u.outreach_point_id, p.name_ar AS point_name_ar, p.name_en AS point_name_en, \
     u.credentials_version, u.must_change_password, \
     CASE WHEN u.mobile_verified_at IS NOT NULL THEN u.mobile END AS proven_mobile \
     FROM users u LEFT JOIN outreach_points p ON p.id = u.outreach_point_id";

/// The user with this sign-in name (case-insensitive).
pub async fn by_username(db: impl Into<On<'_>>, username: &str) -> sqlx::Result<Option<UserRow>> {
    query(format!("{SELECT_USER} WHERE lower(u.username) = lower(?)"))
        .bind(username)
        .fetch_optional(db)
        .await
}

/// The active social researchers, by name: whom a case can be assigned to.
pub async fn researchers(db: impl Into<On<'_>>) -> sqlx::Result<Vec<UserRef>> {
    let rows: Vec<(i64, String)> = query(
        "SELECT id, display_name FROM users WHERE role = 'researcher' AND active = TRUE \
         ORDER BY display_name",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| UserRef { id, name })
        .collect())
}

/// The active social researcher with this id, as cases name them.
pub async fn researcher(db: impl Into<On<'_>>, id: i64) -> sqlx::Result<Option<UserRef>> {
    let name: Option<String> = query(
        "SELECT display_name FROM users WHERE id = ? AND role = 'researcher' AND active = TRUE",
    )
    .bind(id)
    .scalar_optional(db)
    .await?;
    Ok(name.map(|name| UserRef { id, name }))
}

/// The user with this id.
pub async fn by_id(db: impl Into<On<'_>>, id: i64) -> sqlx::Result<Option<UserRow>> {
    query(format!("{SELECT_USER} WHERE u.id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The account the server's own changes to cases are written by; it cannot sign in and
/// is listed nowhere.
pub const SYSTEM: &str = "system";

/// The server's own account, as changes name it.
pub async fn system(db: impl Into<On<'_>>) -> sqlx::Result<UserRef> {
    let (id, name): (i64, String) =
        query("SELECT id, display_name FROM users WHERE lower(username) = lower(?)")
            .bind(SYSTEM)
            .fetch_one(db)
            .await?;
    Ok(UserRef { id, name })
}

/// How many people have accounts.
pub async fn count(db: impl Into<On<'_>>) -> sqlx::Result<i64> {
    query("SELECT COUNT(*) FROM users WHERE username <> 'system'")
        .scalar(db)
        .await
}

/// A user to create.
#[derive(Debug)]
pub struct NewUser<'a> {
    /// The sign-in name.
    pub username: &'a str,
    /// The name shown to staff.
    pub display_name: &'a str,
    /// The Argon2id hash.
    pub password_hash: &'a str,
    /// The role.
    pub role: Role,
    /// The outreach point, for officers.
    pub outreach_point_id: Option<&'a str>,
    /// Someone else chose the password: its owner changes it at first sign-in.
    pub must_change_password: bool,
}

/// Creates a user unless one has the name already; returns whether it was created.
pub async fn create(db: impl Into<On<'_>>, user: &NewUser<'_>) -> sqlx::Result<bool> {
    let done = query(
        "INSERT INTO users (username, display_name, password_hash, role, outreach_point_id, \
           created_at, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(user.username)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.role.code())
    .bind(user.outreach_point_id)
    .bind(Utc::now())
    .bind(user.must_change_password)
    .execute(db)
    .await?;
    Ok(done == 1)
}

/// The open outreach point `id`, named as the server knows it: a closed one takes no
/// request moved to it.
pub async fn outreach_point(
    db: impl Into<On<'_>>,
    id: &str,
) -> sqlx::Result<Option<OutreachPoint>> {
    let row: Option<(String, String, String)> = query(
        "SELECT id, name_ar, name_en FROM outreach_points WHERE id = ? AND closed_at IS NULL",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, name_ar, name_en)| OutreachPoint {
        id,
        name_ar,
        name_en,
    }))
}

/// Records the mobile an applicant gave when opening their account.
pub async fn set_mobile(db: impl Into<On<'_>>, user_id: i64, mobile: &str) -> sqlx::Result<()> {
    query("UPDATE users SET mobile = ? WHERE id = ?")
        .bind(mobile)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// What an applicant chose for their messages.
pub async fn preferences(
    db: impl Into<On<'_>>,
    id: i64,
) -> sqlx::Result<shared::messages::sending::Preferences> {
    let (language, sms_opt_out): (String, bool) =
        query("SELECT language, sms_opt_out FROM users WHERE id = ?")
            .bind(id)
            .fetch_one(db)
            .await?;
    Ok(shared::messages::sending::Preferences {
        english: language == "en",
        sms_opt_out,
    })
}

/// Saves what an applicant chose for their messages.
pub async fn set_preferences(
    db: impl Into<On<'_>>,
    id: i64,
    p: shared::messages::sending::Preferences,
) -> sqlx::Result<()> {
    query("UPDATE users SET language = ?, sms_opt_out = ? WHERE id = ?")
        .bind(if p.english { "en" } else { "ar" })
        .bind(p.sms_opt_out)
        .bind(id)
        .execute(db)
        .await
        .map(drop)
}
