//! Which parts of the system each role reaches: the app shows a section, and the server
//! answers its routes, by this one rule.

use crate::life::status::Role;

/// A part of the system, as the app's sections divide it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Area {
    /// The outreach point's reception: inquiries logged as they come (policy H1).
    Reception,
    /// Needs and suggestions, given and followed up (policy GOAL).
    Feedback,
    /// The relations officer's reference documents (policy TOOLS).
    Library,
    /// The head office's dashboard, search, duplicates and exports.
    Office,
    /// The research committee's agenda and minutes (policy H5).
    Committee,
    /// Users' accounts and the sign-in log.
    Accounts,
    /// The texts of the messages sent to applicants.
    Messages,
    /// The devices staff and applicants signed in on, and work at risk on them.
    Devices,
    /// The association's set-up: outreach points, settings, the first-start checklist and
    /// bringing in the existing register.
    Setup,
}

impl Area {
    /// Every area, in the order the app lists its sections.
    pub const ALL: &'static [Self] = &[
        Self::Office,
        Self::Committee,
        Self::Reception,
        Self::Feedback,
        Self::Library,
        Self::Messages,
        Self::Devices,
        Self::Accounts,
        Self::Setup,
    ];
}

impl Role {
    /// Whether the role may open `area`.
    pub fn reaches(self, area: Area) -> bool {
        match area {
            Area::Reception => self == Self::Officer,
            Area::Feedback => matches!(self, Self::Applicant | Self::Officer | Self::HeadOffice),
            Area::Library => self != Self::Applicant,
            Area::Office | Area::Accounts | Area::Messages | Area::Setup => {
                self == Self::HeadOffice
            }
            Area::Committee => matches!(self, Self::Committee | Self::HeadOffice),
            // An officer sees the tablets of their own point, to call whoever holds work.
            Area::Devices => matches!(self, Self::Officer | Self::HeadOffice),
        }
    }

    /// Whether the role fills requests in: officers for those who come to them, applicants
    /// for themselves. Only they start a request and type into it.
    pub fn fills_requests(self) -> bool {
        matches!(self, Self::Officer | Self::Applicant)
    }

    /// Whether the role works for the association (everyone but applicants).
    pub fn is_staff(self) -> bool {
        self != Self::Applicant
    }

    /// Whether the role records contacts with applicants (calls, visits, messages).
    pub fn logs_contacts(self) -> bool {
        matches!(self, Self::Officer | Self::HeadOffice | Self::Researcher)
    }

    /// Whether the role may release a national ID taken by an account that is not its
    /// holder's, or confirm who holds an account, having seen the holder's original:
    /// officers and the head office.
    pub fn releases_ids(self) -> bool {
        matches!(self, Self::Officer | Self::HeadOffice)
    }

    /// Whether the role refers an applicant's question to a social researcher (policy H3).
    pub fn refers(self) -> bool {
        self == Self::Officer
    }

    /// Whether the role answers the questions referred to social researchers.
    pub fn answers_referrals(self) -> bool {
        self == Self::Researcher
    }

    /// Whether the role answers needs and suggestions, and closes them.
    pub fn answers_feedback(self) -> bool {
        self == Self::HeadOffice
    }

    /// Whether the role replaces the library's reference documents.
    pub fn edits_library(self) -> bool {
        self == Self::HeadOffice
    }

    /// Whether the role holds a file of its own at the association: an applicant, who
    /// downloads what is held about them, asks for its erasure, and chooses how they are
    /// texted. Their uploads, from their own phones, count against a quota.
    pub fn has_own_file(self) -> bool {
        self == Self::Applicant
    }

    /// Whether the role uploads files: those who fill requests for them, researchers the
    /// photos of their visits, and the head office its reference documents. The
    /// committee only reads.
    pub fn uploads(self) -> bool {
        self != Self::Committee
    }

    /// Whether the role rules on applicants' erasure requests, reads who opened a
    /// request's personal data, and marks devices lost or found: the head office.
    pub fn oversees_data(self) -> bool {
        self == Self::HeadOffice
    }

    /// Whether an account in the role belongs to one outreach point: an officer works at
    /// one, an applicant's requests are received by one. The other staff serve every point.
    pub fn works_at_point(self) -> bool {
        matches!(self, Self::Officer | Self::Applicant)
    }

    /// Whether the role follows requests up for the association: work queues, filters,
    /// duplicate checks and the researchers to send a visit to.
    pub fn follows_up(self) -> bool {
        matches!(self, Self::Officer | Self::HeadOffice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abilities_named_once_for_the_server_and_the_app() {
        let with = |ability: fn(Role) -> bool| -> Vec<Role> {
            Role::ALL.iter().copied().filter(|r| ability(*r)).collect()
        };
        assert_eq!(with(Role::has_own_file), vec![Role::Applicant]);
        assert_eq!(with(Role::oversees_data), vec![Role::HeadOffice]);
        assert!(!Role::Committee.uploads());
        assert_eq!(with(Role::uploads).len(), Role::ALL.len() - 1);
    }

    #[test]
    fn each_role_reaches_its_own_areas_only() {
        let reached = |role: Role| -> Vec<Area> {
            Area::ALL
                .iter()
                .copied()
                .filter(|a| role.reaches(*a))
                .collect()
        };
        assert_eq!(reached(Role::Applicant), vec![Area::Feedback]);
        assert_eq!(
            reached(Role::Officer),
            vec![
                Area::Reception,
                Area::Feedback,
                Area::Library,
                Area::Devices
            ]
        );
        assert_eq!(reached(Role::Researcher), vec![Area::Library]);
        assert_eq!(
            reached(Role::Committee),
            vec![Area::Committee, Area::Library]
        );
        assert_eq!(
            reached(Role::HeadOffice),
            vec![
                Area::Office,
                Area::Committee,
                Area::Feedback,
                Area::Library,
                Area::Messages,
                Area::Devices,
                Area::Accounts,
                Area::Setup
            ]
        );
        let fillers: Vec<Role> = Role::ALL
            .iter()
            .copied()
            .filter(|r| r.fills_requests())
            .collect();
        assert_eq!(fillers, vec![Role::Applicant, Role::Officer]);
    }
}
