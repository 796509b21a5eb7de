//! Who does things: users as recorded on what they did, outreach points, and the user a
//! change is made for, with the audiences they see cases from.

use serde::{Deserialize, Serialize};

use crate::life::status::Role;

/// An outreach point of the association, where officers take requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutreachPoint {
    /// Stable code.
    pub id: String,
    /// Arabic name.
    pub name_ar: String,
    /// English name.
    pub name_en: String,
}

/// A user as recorded on what they did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    /// The user's id.
    pub id: i64,
    /// The name shown to staff.
    pub name: String,
}

/// The names of the scopes a case is seen from (see [`Case::audiences`]).
#[derive(Debug)]
pub struct Audience;

impl Audience {
    /// The head office: every case.
    pub const ALL: &'static str = "all";
    /// The officers of an outreach point: `point:<id>`.
    pub const POINT: &'static str = "point:";
    /// The user who opened the request: `user:<id>`.
    pub const USER: &'static str = "user:";
    /// The social researchers, who answer referred questions.
    pub const REFERRALS: &'static str = "referrals";
    /// The researcher assigned to visit: `researcher:<id>`.
    pub const RESEARCHER: &'static str = "researcher:";
    /// The research committee: the cases on its agenda.
    pub const COMMITTEE: &'static str = "committee";
    /// The holder of the national ID a request names, once an account proves it (see
    /// `identity::Proof`): `holder:<id>` for an account an officer confirmed from the
    /// original, `holder:<id>:<mobile>` for one whose code proved the mobile written
    /// beside the ID.
    pub const HOLDER: &'static str = "holder:";

    /// The holder's audience for the ID `national_id`, and the mobile if one proves it.
    pub fn holder(national_id: &str, mobile: Option<&str>) -> String {
        match mobile {
            Some(mobile) => format!("{}{national_id}:{mobile}", Self::HOLDER),
            None => format!("{}{national_id}", Self::HOLDER),
        }
    }
}

/// The user on whose behalf a mutation is applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Who.
    pub user: UserRef,
    /// In what role.
    pub role: Role,
    /// The officer's or applicant's outreach point; `None` for roles not tied to one.
    pub outreach_point: Option<OutreachPoint>,
}

impl Actor {
    /// The scopes this user sees cases from (see [`Case::audiences`]): the head office
    /// everything, an officer their outreach point, an applicant their own requests, a
    /// researcher the questions referred and the visits assigned to them, the committee
    /// its agenda.
    pub fn audiences(&self) -> Vec<String> {
        match self.scope() {
            Scope::All => vec![Audience::ALL.to_owned()],
            Scope::Point(point) => vec![format!("{}{point}", Audience::POINT)],
            Scope::Own(id) => vec![format!("{}{id}", Audience::USER)],
            Scope::Nothing => match self.role {
                Role::Researcher => vec![
                    Audience::REFERRALS.to_owned(),
                    format!("{}{}", Audience::RESEARCHER, self.user.id),
                ],
                Role::Committee => vec![Audience::COMMITTEE.to_owned()],
                // An officer not yet placed at a point sees no cases.
                _ => Vec::new(),
            },
        }
    }
}

/// How much of the association's work a user deals with: the head office all of it, an
/// officer their outreach point's, an applicant their own. Cases, inquiries, needs and the
/// people behind them are each narrowed from this one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everything (the head office).
    All,
    /// What came to one outreach point (its officers), by the point's id.
    Point(String),
    /// An applicant's own, by their account's id.
    Own(i64),
    /// None of it: the role works on what is referred or put before it, not on a scope.
    Nothing,
}

impl Scope {
    /// Whether the scope covers something of outreach point `point` that is the applicant
    /// `owner`'s (either may be unknown).
    pub fn covers(&self, point: Option<&str>, owner: Option<i64>) -> bool {
        match self {
            Self::All => true,
            Self::Point(p) => point == Some(p.as_str()),
            Self::Own(id) => owner == Some(*id),
            Self::Nothing => false,
        }
    }

    /// The same scope for what only staff deal with: an applicant's own is nothing.
    pub fn staff_only(self) -> Self {
        match self {
            Self::Own(_) => Self::Nothing,
            other => other,
        }
    }
}

impl Actor {
    /// The user's scope (see [`Scope`]). An officer not yet placed at a point has none.
    pub fn scope(&self) -> Scope {
        match (self.role, &self.outreach_point) {
            (Role::HeadOffice, _) => Scope::All,
            (Role::Officer, Some(point)) => Scope::Point(point.id.clone()),
            (Role::Applicant, _) => Scope::Own(self.user.id),
            _ => Scope::Nothing,
        }
    }
}
