//! Staff accounts brought in from a sheet (user name, name, role, outreach point, mobile):
//! each row read by the rules of an account the head office opens by hand, and what became
//! of it, with the one-time password a new account is handed over with.

use serde::{Deserialize, Serialize};

use crate::accounts::{check_username, DISPLAY_NAME_MAX};
use crate::import::{header_key, Cell};
use crate::life::status::Role;
use crate::texts::Lang;
use crate::validation::{letters, ErrorCode, Field, FieldError};

/// What a column of a staff sheet holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffColumn {
    /// The sign-in name.
    Username,
    /// The name shown to staff.
    Name,
    /// The role, by code or name.
    Role,
    /// The outreach point, by code or name (an officer's).
    Point,
    /// The mobile.
    Mobile,
}

impl StaffColumn {
    /// Every column, in order.
    pub const ALL: [Self; 5] = [
        Self::Username,
        Self::Name,
        Self::Role,
        Self::Point,
        Self::Mobile,
    ];

    /// The headers it is known by, Arabic first, then English.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Self::Username => &[
                "اسم المستخدم",
                "username",
                "اسم الدخول",
                "user name",
                "login",
            ],
            Self::Name => &["الاسم", "name", "الاسم الكامل", "full name", "اسم الموظف"],
            Self::Role => &["الدور", "role", "الوظيفة", "الصلاحية"],
            Self::Point => &[
                "نقطة الاستقبال",
                "outreach point",
                "النقطة",
                "الفرع",
                "point",
            ],
            Self::Mobile => &["الجوال", "mobile", "رقم الجوال", "phone"],
        }
    }
}

/// The column each header is taken for; a header known by none is left out.
pub fn guess(headers: &[String]) -> Vec<Option<StaffColumn>> {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let key = header_key(h);
            let column = StaffColumn::ALL
                .into_iter()
                .find(|c| !taken.contains(c) && c.headers().iter().any(|k| header_key(k) == key))?;
            taken.push(column);
            Some(column)
        })
        .collect()
}

/// A role as a sheet writes it: its code, or its name in either language.
pub fn role(text: &str) -> Result<Role, ErrorCode> {
    let key = header_key(text);
    if key.is_empty() {
        return Err(ErrorCode::Required);
    }
    Role::ALL
        .iter()
        .copied()
        .filter(|r| *r != Role::Applicant)
        .find(|r| {
            r.code() == key
                || header_key(Lang::Ar.role(*r)) == key
                || header_key(Lang::En.role(*r)).to_lowercase() == key
        })
        .ok_or(ErrorCode::UnknownChoice)
}

/// A staff row, read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    /// The sign-in name, lowercased.
    pub username: String,
    /// The name shown.
    pub display_name: String,
    /// The role.
    pub role: Role,
    /// The outreach point as the sheet names it.
    pub point: Option<String>,
    /// The mobile, when given.
    pub mobile: Option<String>,
}

/// Reads a staff row by the rules of an account opened by hand; each field at fault and
/// why. Whether the point exists is the server's to say.
pub fn read_row(
    cells: &[Cell],
    mapping: &[Option<StaffColumn>],
) -> Result<StaffRow, Vec<FieldError>> {
    let cell = |column| {
        mapping
            .iter()
            .position(|c| *c == Some(column))
            .and_then(|i| cells.get(i))
            .map(Cell::text)
            .unwrap_or_default()
    };
    let mut errors = Vec::new();
    let mut refuse = |field, code| {
        errors.push(FieldError {
            field,
            index: None,
            code,
        });
    };
    let username = check_username(&cell(StaffColumn::Username))
        .map_err(|code| refuse(Field::Username, code))
        .ok();
    let display_name = letters(&cell(StaffColumn::Name), DISPLAY_NAME_MAX)
        .map_err(|code| refuse(Field::DisplayName, code))
        .ok();
    let role = role(&cell(StaffColumn::Role))
        .map_err(|code| refuse(Field::Role, code))
        .ok();
    let point = Some(cell(StaffColumn::Point)).filter(|p| !p.is_empty());
    if role == Some(Role::Officer) && point.is_none() {
        refuse(Field::OutreachPoint, ErrorCode::Required);
    }
    let mobile_text = cell(StaffColumn::Mobile);
    let mobile = if mobile_text.is_empty() {
        None
    } else {
        let column = mapping.iter().position(|c| *c == Some(StaffColumn::Mobile));
        let given = column
            .and_then(|i| cells.get(i))
            .cloned()
            .unwrap_or(Cell::Empty);
        crate::import::mobile(&given)
            .map_err(|code| refuse(Field::Mobile, code))
            .ok()
            .map(|m| m.as_str().to_owned())
    };
    match (username, display_name, role) {
        (Some(username), Some(display_name), Some(role)) if errors.is_empty() => Ok(StaffRow {
            username,
            display_name,
            // Only an officer works at one point; the other staff roles serve all.
            point: point.filter(|_| role == Role::Officer),
            role,
            mobile,
        }),
        _ => Err(errors),
    }
}

/// What became of a staff row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum StaffOutcome {
    /// A new account would be opened (a dry run).
    Create,
    /// A new account was opened with this one-time password, to be changed at its first
    /// sign-in. Shown once, on the hand-over sheet.
    Created {
        /// The password handed over.
        password: String,
    },
    /// An account of this user name exists: left as it is.
    Exists,
    /// Not brought in, and why.
    Refused {
        /// Each field at fault.
        problems: Vec<FieldError>,
    },
}

/// One row of a staff sheet and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffReport {
    /// The row, the headers' row being 1.
    pub row: u32,
    /// The sign-in name as given.
    pub username: String,
    /// The name as given.
    pub display_name: String,
    /// The role, once read.
    pub role: Option<Role>,
    /// The outreach point's name, once found.
    pub point: Option<String>,
    /// What became of it.
    pub outcome: StaffOutcome,
}

/// A staff sheet brought in, or tried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffImport {
    /// Whether it only says what would be done.
    pub dry_run: bool,
    /// The headers not taken for any column.
    pub ignored: Vec<String>,
    /// Each row.
    pub rows: Vec<StaffReport>,
}

impl StaffImport {
    /// The most rows a staff sheet may hold.
    pub const MAX_ROWS: usize = 500;

    /// Whether a row was refused.
    pub fn refused(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r.outcome, StaffOutcome::Refused { .. }))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn a_staff_sheet_is_read_by_the_rules_of_an_account() {
        let headers: Vec<String> = ["اسم المستخدم", "الاسم", "الدور", "النقطة", "الجوال", "ملاحظة"]
            .map(String::from)
            .to_vec();
        let mapping = guess(&headers);
        assert_eq!(mapping[5], None);
        let row = read_row(
            &[
                text("Officer.Samtah"),
                text("فهد الحازمي"),
                text("موظف علاقات المستفيدين"),
                text("نقطة صامطة"),
                Cell::Number(551_234_567.0),
            ],
            &mapping,
        )
        .expect("read");
        assert_eq!(row.username, "officer.samtah");
        assert_eq!(row.role, Role::Officer);
        assert_eq!(row.mobile.as_deref(), Some("0551234567"));
        assert_eq!(role("researcher"), Ok(Role::Researcher));
        assert_eq!(role("Head office"), Ok(Role::HeadOffice));
        assert_eq!(role("مقدم طلب"), Err(ErrorCode::UnknownChoice));

        let errors = read_row(
            &[text("x"), text("فهد"), text("officer"), Cell::Empty],
            &mapping,
        )
        .expect_err("refused");
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Field::Username, Field::OutreachPoint]);
    }
}
