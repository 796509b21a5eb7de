//! The audit trail as the API shows it (policy PRE): every change made to a case, applied or
//! refused, and every sign-in, with who, in which role, when and from which device or address.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::life::mutation::Op;
use crate::life::status::Role;
use crate::people::UserRef;
use crate::sync::Outcome;

/// One change sent for a case, as the server received it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When the server received it.
    pub received_at: DateTime<Utc>,
    /// When it was made, by the device's clock.
    pub made_at: DateTime<Utc>,
    /// Who made it.
    pub user: UserRef,
    /// In which role (unknown for changes recorded before roles were kept).
    pub role: Option<Role>,
    /// The device it was made on.
    pub device: String,
    /// What it did: a field change carries each field's old and new value.
    pub op: Op,
    /// What became of it.
    pub outcome: Outcome,
}

/// How a sign-in attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInOutcome {
    /// Signed in.
    SignedIn,
    /// A wrong user name or password.
    Refused,
    /// Refused unchecked: too many failures for the name or the address.
    Throttled,
    /// Signed out.
    SignedOut,
}

impl SignInOutcome {
    /// The code stored in the database; the same as the serde form.
    pub fn code(self) -> &'static str {
        match self {
            Self::SignedIn => "signed_in",
            Self::Refused => "refused",
            Self::Throttled => "throttled",
            Self::SignedOut => "signed_out",
        }
    }

    /// The outcome for a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::SignedIn,
            Self::Refused,
            Self::Throttled,
            Self::SignedOut,
        ]
        .into_iter()
        .find(|o| o.code() == code)
    }
}

/// One sign-in attempt, or a sign-out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRecord {
    /// When.
    pub at: DateTime<Utc>,
    /// The user name typed.
    pub username: String,
    /// The account, when the name is one.
    pub user: Option<UserRef>,
    /// The address the attempt came from.
    pub address: Option<String>,
    /// How it ended.
    pub outcome: SignInOutcome,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_codes_match_serde() {
        for o in [
            SignInOutcome::SignedIn,
            SignInOutcome::Refused,
            SignInOutcome::Throttled,
            SignInOutcome::SignedOut,
        ] {
            assert_eq!(
                serde_json::to_string(&o).ok(),
                Some(format!("\"{}\"", o.code()))
            );
            assert_eq!(SignInOutcome::from_code(o.code()), Some(o));
        }
    }
}

/// What a user opened of people's personal data on the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadAction {
    /// A page of the head office's list or search results.
    List,
    /// The possible duplicates.
    Duplicates,
    /// A case's history.
    History,
    /// An export of the list or the register.
    Export,
    /// The committee's agenda.
    Agenda,
    /// A meeting's minute.
    Minute,
    /// The list behind a figure of the board's report.
    Board,
}

impl ReadAction {
    /// Every action.
    pub const ALL: &'static [Self] = &[
        Self::List,
        Self::Duplicates,
        Self::History,
        Self::Export,
        Self::Agenda,
        Self::Minute,
        Self::Board,
    ];

    /// The code stored in the database; the same as the serde form.
    pub fn code(self) -> &'static str {
        match self {
            Self::List => "list",
            Self::Duplicates => "duplicates",
            Self::History => "history",
            Self::Export => "export",
            Self::Agenda => "agenda",
            Self::Minute => "minute",
            Self::Board => "board",
        }
    }

    /// The action of a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.code() == code)
    }
}

/// One time a user opened a request's personal data on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRead {
    /// Who.
    pub by: UserRef,
    /// In which role.
    pub role: Option<Role>,
    /// When.
    pub at: DateTime<Utc>,
    /// Where: which page or file.
    pub action: ReadAction,
    /// What was asked: the list's filter, the exported file.
    pub detail: String,
    /// How many requests it showed in all.
    pub rows: u32,
}
