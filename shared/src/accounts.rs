//! User accounts as the head office administers them (create, change role or outreach point, disable, reset the password), and the password rule every account follows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::life::status::Role;
use crate::people::OutreachPoint;
use crate::validation::{choice, letters, Collector, ErrorCode, Field, FieldError};

/// An account as the head office sees it; never its password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The user's id.
    pub id: i64,
    /// The sign-in name.
    pub username: String,
    /// The name shown to staff.
    pub display_name: String,
    /// The role.
    pub role: Role,
    /// The outreach point, for officers and applicants.
    pub outreach_point: Option<OutreachPoint>,
    /// Whether the account may sign in.
    pub active: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// The last successful sign-in.
    pub last_sign_in: Option<DateTime<Utc>>,
}

/// The body of `POST /api/users`: a staff account to open.
#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct NewAccount {
    /// The sign-in name: Latin letters, digits and `.`, `-`, `_`.
    pub username: String,
    /// The name shown to staff.
    pub display_name: String,
    /// The [`Role`] code: a staff role; applicants open their own accounts.
    pub role: String,
    /// The outreach point's id, required for an officer.
    pub outreach_point: String,
    /// The first password, which the head office hands over.
    pub password: String,
}

impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccount")
            .field("username", &self.username)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// The body of `PUT /api/users/{id}`: what the head office may change of an account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct AccountChange {
    /// The name shown to staff.
    pub display_name: String,
    /// The [`Role`] code.
    pub role: String,
    /// The outreach point's id, required for an officer.
    pub outreach_point: String,
    /// Whether the account may sign in.
    pub active: bool,
}

/// The body of `POST /api/users/{id}/password`: a new password set by the head office.
#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PasswordReset {
    /// The new password.
    pub password: String,
}

impl std::fmt::Debug for PasswordReset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordReset(<hidden>)")
    }
}

/// The body of `POST /api/password`: a signed-in user changes their own password.
#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PasswordChange {
    /// The password now, proving it is the user and not someone at an unattended tablet.
    pub current: String,
    /// The new password.
    pub password: String,
    /// The new password typed again.
    pub password_again: String,
}

impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordChange(<hidden>)")
    }
}

impl PasswordChange {
    /// Checks the new password of `username`, in `role`, by the rule.
    pub fn check(&self, username: &str, role: Role) -> Result<(), Vec<FieldError>> {
        let mut c = Collector::default();
        if self.current.is_empty() {
            c.push(Field::CurrentPassword, None, ErrorCode::Required);
        }
        if let Some(problem) = password_problem(&self.password, username, role) {
            c.push(Field::Password, None, problem);
        } else if self.password != self.password_again {
            c.push(Field::PasswordAgain, None, ErrorCode::Mismatch);
        }
        c.finish(|| Some(()))
    }
}

/// A role and outreach point that go together, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    /// The role.
    pub role: Role,
    /// The outreach point's id; whether it exists is the server's to say.
    pub outreach_point: Option<String>,
}

/// The longest sign-in name.
pub const USERNAME_MAX: usize = 40;
/// The longest name shown.
pub const DISPLAY_NAME_MAX: usize = 120;
/// The shortest password of a staff account, which reaches every case of its scope.
pub const STAFF_PASSWORD_MIN: usize = 10;
/// The shortest password of an applicant's account.
pub const APPLICANT_PASSWORD_MIN: usize = 8;
/// The longest password accepted (hashing is costly enough without giant inputs).
pub const PASSWORD_MAX: usize = 128;

/// Passwords people choose first, refused whatever their length.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678",
    "123456789",
    "0123456789",
    "11223344",
    "password",
    "password1",
    "password123",
    "qwertyuiop",
    "qwerty123",
    "1q2w3e4r5t",
    "iloveyou",
    "abcd1234",
    "abc12345",
    "jazan123",
    "jazan2026",
    "saudi123",
    "ksa12345",
];

/// The shortest password an account in `role` may have: staff reach more than their own
/// file, so theirs is longer.
pub fn password_min(role: Role) -> usize {
    if role.is_staff() {
        STAFF_PASSWORD_MIN
    } else {
        APPLICANT_PASSWORD_MIN
    }
}

/// The password rule of every account: long enough for its role, not too long to hash,
/// not the user name, not a handful of repeated characters, not a commonly used one.
pub fn password_problem(password: &str, username: &str, role: Role) -> Option<ErrorCode> {
    let min = password_min(role);
    let length = password.chars().count();
    if length < min {
        return Some(ErrorCode::TooShort { min });
    }
    if length > PASSWORD_MAX {
        return Some(ErrorCode::TooLong { max: PASSWORD_MAX });
    }
    let lower = crate::digits::to_ascii_digits(password).to_lowercase();
    let name = username.trim().to_lowercase();
    let distinct: std::collections::BTreeSet<char> = lower.chars().collect();
    let guessable = distinct.len() < 4
        || COMMON.contains(&lower.as_str())
        || (name.chars().count() >= 4 && lower.contains(&name));
    guessable.then_some(ErrorCode::PasswordWeak)
}

/// Checks a sign-in name: 3 to 40 Latin letters, digits, `.`, `-` or `_`, starting with a
/// letter. Returns it lowercased.
pub fn check_username(input: &str) -> Result<String, ErrorCode> {
    let name = input.trim().to_lowercase();
    if name.is_empty() {
        return Err(ErrorCode::Required);
    }
    if name.chars().count() > USERNAME_MAX {
        return Err(ErrorCode::TooLong { max: USERNAME_MAX });
    }
    let allowed = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if name.len() < 3 || !allowed || !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(ErrorCode::UsernameFormat);
    }
    Ok(name)
}

/// Checks a role and outreach point. A staff account takes a staff role, and a point when
/// it is an officer's, who works at one; the other staff roles serve every point. An
/// applicant's account stays an applicant's, with the point that receives their requests.
fn check_placement(
    c: &mut Collector,
    role: &str,
    point: &str,
    applicant: bool,
) -> Option<Placement> {
    let role = c.check(
        Field::Role,
        choice(role, Role::from_code).and_then(|r| {
            if r.is_staff() != applicant {
                Ok(r)
            } else {
                Err(ErrorCode::UnknownChoice)
            }
        }),
    )?;
    let point = point.trim();
    let placed = role.works_at_point();
    if placed && point.is_empty() {
        c.push(Field::OutreachPoint, None, ErrorCode::Required);
        return None;
    }
    Some(Placement {
        role,
        outreach_point: placed.then(|| point.to_owned()),
    })
}

impl NewAccount {
    /// Checks every field; returns the sign-in name, the name shown and the placement.
    pub fn check(&self) -> Result<(String, String, Placement), Vec<FieldError>> {
        let mut c = Collector::default();
        let username = c.check(Field::Username, check_username(&self.username));
        let display = c.check(
            Field::DisplayName,
            letters(&self.display_name, DISPLAY_NAME_MAX),
        );
        let placement = check_placement(&mut c, &self.role, &self.outreach_point, false);
        if let Some(p) = &placement {
            if let Some(problem) = password_problem(&self.password, &self.username, p.role) {
                c.push(Field::Password, None, problem);
            }
        }
        c.finish(|| Some((username?, display?, placement?)))
    }
}

impl AccountChange {
    /// Checks every field of a change to an account that is `applicant`'s or a staff
    /// member's; returns the name shown and the placement. An applicant's name is their
    /// ID, as they opened the account, so it is not checked as letters.
    pub fn check(&self, applicant: bool) -> Result<(String, Placement), Vec<FieldError>> {
        let mut c = Collector::default();
        let display = if applicant {
            c.check(
                Field::DisplayName,
                crate::validation::required_text(&self.display_name, DISPLAY_NAME_MAX),
            )
        } else {
            c.check(
                Field::DisplayName,
                letters(&self.display_name, DISPLAY_NAME_MAX),
            )
        };
        let placement = check_placement(&mut c, &self.role, &self.outreach_point, applicant);
        c.finish(|| Some((display?, placement?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(role: &str, point: &str, password: &str) -> NewAccount {
        NewAccount {
            username: "Officer.Baish".into(),
            display_name: "فهد الحازمي".into(),
            role: role.into(),
            outreach_point: point.into(),
            password: password.into(),
        }
    }

    #[test]
    fn the_password_rule_refuses_what_is_easily_guessed() {
        let staff = Role::Officer;
        assert_eq!(
            password_problem("short-1", "x", staff),
            Some(ErrorCode::TooShort { min: 10 })
        );
        assert_eq!(password_problem("sahel-2026", "x", Role::Applicant), None);
        assert_eq!(
            password_problem("aaaaaaaaaaaa", "x", staff),
            Some(ErrorCode::PasswordWeak)
        );
        assert_eq!(
            password_problem("١٢٣٤٥٦٧٨٩٠", "x", staff),
            Some(ErrorCode::PasswordWeak),
            "Arabic-Indic digits are the same digits"
        );
        assert_eq!(
            password_problem("my-officer.baish", "officer.baish", staff),
            Some(ErrorCode::PasswordWeak)
        );
        assert_eq!(password_problem("وادي-جازان-٢٠٢٦", "x", staff), None);
        assert_eq!(
            password_problem(&"x1".repeat(70), "x", staff),
            Some(ErrorCode::TooLong { max: 128 })
        );
    }

    #[test]
    fn a_new_account_is_checked_whole() {
        let (name, _, placement) = new("officer", "baish", "sahel-baish-26")
            .check()
            .expect("valid");
        assert_eq!(name, "officer.baish");
        assert_eq!(placement.outreach_point.as_deref(), Some("baish"));
        let errors = new("officer", "", "short").check().expect_err("invalid");
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Field::OutreachPoint]);
        let errors = new("applicant", "baish", "sahel-baish-26")
            .check()
            .expect_err("applicants open their own");
        assert_eq!(errors[0].field, Field::Role);
        // Only an officer is tied to a point.
        let (_, _, placement) = new("researcher", "baish", "sahel-baish-26")
            .check()
            .expect("valid");
        assert_eq!(placement.outreach_point, None);
        // An applicant's account stays one; a staff account cannot become one.
        let change = |role: &str| AccountChange {
            display_name: "1077112231".into(),
            role: role.into(),
            outreach_point: "sabya".into(),
            active: true,
        };
        assert!(change("applicant").check(true).is_ok());
        assert!(change("officer").check(true).is_err());
        assert!(change("applicant").check(false).is_err());
        for bad in ["ab", "1officer", "officer baish", "مستخدم"] {
            assert_eq!(check_username(bad), Err(ErrorCode::UsernameFormat), "{bad}");
        }
    }
}
