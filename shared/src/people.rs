//! Who does things: users as recorded on what they did, outreach points, and the user a
//! change is made for, with the audiences they see cases from.

use serde::{Deserialize, Serialize};

use crate::status::Role;

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
        match self.role {
            Role::HeadOffice => vec![Audience::ALL.to_owned()],
            Role::Officer => self
                .outreach_point
                .iter()
                .map(|p| format!("{}{}", Audience::POINT, p.id))
                .collect(),
            Role::Applicant => vec![format!("{}{}", Audience::USER, self.user.id)],
            Role::Researcher => vec![
                Audience::REFERRALS.to_owned(),
                format!("{}{}", Audience::RESEARCHER, self.user.id),
            ],
            Role::Committee => vec![Audience::COMMITTEE.to_owned()],
        }
    }
}
