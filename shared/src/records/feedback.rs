//! Needs and suggestions (GOAL): what a beneficiary needs or suggests, given on their phone or taken by staff on their behalf with the channel it came through; followed up until the head office answers and closes it, the answer reaching the applicant.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::access::Area;
use crate::ids::Mobile;
use crate::life::status::Role;
use crate::people::{Actor, OutreachPoint, Scope, UserRef};
use crate::records::{New, Record, RecordId};
use crate::region::Channel;
use crate::validation::{choice, letters, required_text, Collector, Field, FieldError};
use crate::vocabulary::vocabulary;

/// A need's or suggestion's id: a UUIDv7 made on the device that takes it.
pub type FeedbackId = RecordId;

vocabulary! {
    /// What is brought to the association.
    FeedbackKind {
        /// Something the beneficiary or their family needs.
        Need = "need", "احتياج", "Need";
        /// An idea for the association's work.
        Suggestion = "suggestion", "مقترح", "Suggestion";
    }
}

/// A need or suggestion as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedbackInput {
    /// [`FeedbackKind`] code.
    pub kind: String,
    /// [`Channel`] code: how it reached the association. An applicant's own is given
    /// through the association's website (this app).
    pub channel: String,
    /// Whose it is, when staff take it on someone's behalf; an applicant's own is theirs.
    pub person: String,
    /// A mobile to answer on, optional.
    pub contact: String,
    /// The need or suggestion, in their words.
    pub text: String,
}

/// What a checked input holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// The kind.
    pub kind: FeedbackKind,
    /// The channel.
    pub channel: Channel,
    /// The mobile to answer on.
    pub contact: Option<Mobile>,
}

impl FeedbackInput {
    /// The longest a need or suggestion, or an answer, may be.
    pub const TEXT_MAX: usize = 2000;
    /// The longest a person's name may be.
    pub const PERSON_MAX: usize = 120;

    /// Checks every field for a user in `role`: staff name the person and the channel;
    /// an applicant's own comes through the website and is theirs.
    pub fn check(&self, role: Role) -> Result<Checked, Vec<FieldError>> {
        let mut c = Collector::default();
        let kind = c.check(
            Field::FeedbackKind,
            choice(&self.kind, FeedbackKind::from_code),
        );
        let own = role.has_own_file();
        let channel = if own {
            Some(Channel::Website)
        } else {
            c.check(Field::Channel, choice(&self.channel, Channel::from_code))
        };
        if !own {
            c.check(Field::Person, letters(&self.person, Self::PERSON_MAX));
        }
        let contact = if self.contact.trim().is_empty() {
            Some(None)
        } else {
            c.check(Field::Mobile, Mobile::parse(&self.contact))
                .map(Some)
        };
        c.check(
            Field::FeedbackText,
            required_text(&self.text, Self::TEXT_MAX),
        );
        c.finish(|| {
            Some(Checked {
                kind: kind?,
                channel: channel?,
                contact: contact?,
            })
        })
    }

    /// The input as kept: codes canonical, the mobile normalised, spaces tidied, and an
    /// applicant's own through the website with no other person named.
    pub fn normalised(&self, checked: &Checked, role: Role) -> Self {
        let own = role.has_own_file();
        Self {
            kind: crate::Vocabulary::code(checked.kind).to_owned(),
            channel: crate::Vocabulary::code(checked.channel).to_owned(),
            person: if own {
                String::new()
            } else {
                self.person.split_whitespace().collect::<Vec<_>>().join(" ")
            },
            contact: checked
                .contact
                .as_ref()
                .map(|m| m.to_string())
                .unwrap_or_default(),
            text: self.text.trim().to_owned(),
        }
    }
}

/// The head office's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// What the association answers.
    pub text: String,
    /// Who answered.
    pub by: UserRef,
    /// When.
    pub at: DateTime<Utc>,
}

/// A need or suggestion as the association keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    /// Made on the device.
    pub id: FeedbackId,
    /// What was typed, normalised.
    pub input: FeedbackInput,
    /// The outreach point it came to: the officer's, or the applicant's own.
    pub outreach_point: Option<OutreachPoint>,
    /// Who took it: the applicant themselves or a member of staff.
    pub recorded_by: UserRef,
    /// The role they took it in.
    pub recorded_as: Role,
    /// The applicant account the answer reaches, when it is an applicant's own.
    pub applicant: Option<i64>,
    /// When, by the device's clock.
    pub at: DateTime<Utc>,
    /// The answer, once given.
    pub answer: Option<Answer>,
    /// When the head office closed it.
    pub closed_at: Option<DateTime<Utc>>,
}

/// Where a need or suggestion stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackState {
    /// Waiting for the head office.
    Open,
    /// Answered, still followed up.
    Answered,
    /// Closed.
    Closed,
}

impl Feedback {
    /// Where it stands.
    pub fn state(&self) -> FeedbackState {
        match (&self.answer, self.closed_at) {
            (_, Some(_)) => FeedbackState::Closed,
            (Some(_), None) => FeedbackState::Answered,
            (None, None) => FeedbackState::Open,
        }
    }
}

impl Record for Feedback {
    type Input = FeedbackInput;
    const NAME: &'static str = "feedback";

    fn id(&self) -> RecordId {
        self.id
    }

    fn at(&self) -> DateTime<Utc> {
        self.at
    }

    fn input(&self) -> &FeedbackInput {
        &self.input
    }

    /// Applicants give their own; officers and the head office take them on someone's
    /// behalf.
    fn may_send(actor: &Actor) -> bool {
        actor.role.reaches(Area::Feedback)
    }

    fn accept(new: New<Self>, actor: &Actor) -> Result<Self, Vec<FieldError>> {
        let checked = new.input.check(actor.role)?;
        Ok(Feedback {
            id: new.id,
            input: new.input.normalised(&checked, actor.role),
            outreach_point: actor.outreach_point.clone(),
            recorded_by: actor.user.clone(),
            recorded_as: actor.role,
            applicant: actor.role.has_own_file().then_some(actor.user.id),
            at: new.at,
            answer: None,
            closed_at: None,
        })
    }

    fn seen_from(actor: &Actor) -> Scope {
        actor.scope()
    }

    /// Its applicant, the officers of its outreach point, the head office; nobody else
    /// deals with them.
    fn visible_to(&self, actor: &Actor) -> bool {
        let point = self.outreach_point.as_ref().map(|p| p.id.as_str());
        actor.scope().covers(point, self.applicant)
    }
}

/// The body of `POST /api/feedback/{id}/answer` (head office): the answer, and whether
/// this closes the matter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerInput {
    /// What the association answers.
    pub text: String,
    /// Whether to close it with this answer.
    pub close: bool,
}

impl AnswerInput {
    /// Checks the answer.
    pub fn check(&self) -> Result<String, Vec<FieldError>> {
        let mut c = Collector::default();
        let text = c.check(
            Field::AnswerText,
            required_text(&self.text, FeedbackInput::TEXT_MAX),
        );
        c.finish(|| text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::ErrorCode;

    #[test]
    fn staff_name_the_person_and_the_channel_and_an_applicant_needs_neither() {
        let typed = FeedbackInput {
            kind: "need".into(),
            channel: "phone".into(),
            person: "  أم   محمد ".into(),
            contact: "+966 55 000 1111".into(),
            text: " خزان ماء للسطح ".into(),
        };
        let checked = typed.check(Role::Officer).expect("valid");
        assert_eq!(checked.channel, Channel::Phone);
        let kept = typed.normalised(&checked, Role::Officer);
        assert_eq!(kept.person, "أم محمد");
        assert_eq!(kept.contact, "0550001111");
        assert_eq!(kept.text, "خزان ماء للسطح");

        let own = FeedbackInput {
            kind: "suggestion".into(),
            text: "مواعيد مسائية للمراجعين".into(),
            ..FeedbackInput::default()
        };
        let checked = own.check(Role::Applicant).expect("valid");
        assert_eq!(checked.channel, Channel::Website);
        let errors = FeedbackInput::default()
            .check(Role::Officer)
            .expect_err("empty");
        let codes: Vec<_> = errors.iter().map(|e| (e.field, e.code.clone())).collect();
        assert_eq!(
            codes,
            vec![
                (Field::FeedbackKind, ErrorCode::Required),
                (Field::Channel, ErrorCode::Required),
                (Field::Person, ErrorCode::Required),
                (Field::FeedbackText, ErrorCode::Required),
            ]
        );
    }

    #[test]
    fn who_sees_a_need_and_where_it_stands() {
        let now = DateTime::<Utc>::from_timestamp(1_790_000_000, 0).expect("a time");
        let mut f = Feedback {
            id: crate::ids::MutationId::new_v7(0, [0; 10]),
            input: FeedbackInput::default(),
            outreach_point: Some(OutreachPoint {
                id: "sabya".into(),
                name_ar: "صبيا".into(),
                name_en: "Sabya".into(),
            }),
            recorded_by: UserRef {
                id: 7,
                name: "علي".into(),
            },
            recorded_as: Role::Applicant,
            applicant: Some(7),
            at: now,
            answer: None,
            closed_at: None,
        };
        let point = |id: &str| OutreachPoint {
            id: id.into(),
            name_ar: String::new(),
            name_en: String::new(),
        };
        let actor = |id: i64, role: Role, at: Option<&str>| Actor {
            user: UserRef {
                id,
                name: String::new(),
            },
            role,
            outreach_point: at.map(point),
        };
        assert!(f.visible_to(&actor(7, Role::Applicant, None)));
        assert!(!f.visible_to(&actor(8, Role::Applicant, None)));
        assert!(f.visible_to(&actor(2, Role::Officer, Some("sabya"))));
        assert!(!f.visible_to(&actor(3, Role::Officer, Some("abu_arish"))));
        assert!(!f.visible_to(&actor(4, Role::Researcher, None)));
        assert!(f.visible_to(&actor(1, Role::HeadOffice, None)));
        assert_eq!(
            Feedback::seen_from(&actor(7, Role::Applicant, None)),
            Scope::Own(7)
        );
        assert_eq!(
            Feedback::seen_from(&actor(4, Role::Committee, None)),
            Scope::Nothing
        );
        assert_eq!(f.state(), FeedbackState::Open);
        f.answer = Some(Answer {
            text: "سنتواصل معك".into(),
            by: f.recorded_by.clone(),
            at: now,
        });
        assert_eq!(f.state(), FeedbackState::Answered);
        f.closed_at = Some(now);
        assert_eq!(f.state(), FeedbackState::Closed);
    }
}
