//! Inquiries (CH, H1): a contact that does not (yet) make a request — who, through which
//! channel, about what — recorded so that every contact leaves a trace and can be found.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::access::Area;
use crate::ids::Mobile;
use crate::people::{Actor, OutreachPoint, Scope, UserRef};
use crate::records::{New, Record, RecordId};
use crate::region::Channel;
use crate::validation::{choice, letters, required_text, Collector, Field, FieldError};

/// An inquiry's id: a UUIDv7 made on the device that logs it.
pub type InquiryId = RecordId;

/// An inquiry as typed at the reception.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InquiryInput {
    /// [`Channel`] code.
    pub channel: String,
    /// Who made the contact.
    pub person: String,
    /// A mobile to call back on, optional.
    pub contact: String,
    /// What they asked and what they were told.
    pub summary: String,
}

impl InquiryInput {
    /// The longest a person's name may be.
    pub const PERSON_MAX: usize = 120;
    /// The longest a summary may be.
    pub const SUMMARY_MAX: usize = 2000;

    /// Checks every field; returns the channel and the normalised mobile, or every problem.
    pub fn check(&self) -> Result<(Channel, Option<Mobile>), Vec<FieldError>> {
        let mut c = Collector::default();
        let channel = c.check(Field::Channel, choice(&self.channel, Channel::from_code));
        c.check(Field::Person, letters(&self.person, Self::PERSON_MAX));
        let contact = if self.contact.trim().is_empty() {
            Some(None)
        } else {
            c.check(Field::Mobile, Mobile::parse(&self.contact))
                .map(Some)
        };
        c.check(
            Field::Summary,
            required_text(&self.summary, Self::SUMMARY_MAX),
        );
        c.finish(|| Some((channel?, contact?)))
    }
}

/// A logged inquiry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inquiry {
    /// Made on the device.
    pub id: InquiryId,
    /// What was typed, with the mobile normalised.
    pub input: InquiryInput,
    /// The outreach point that received it.
    pub outreach_point: OutreachPoint,
    /// Who logged it.
    pub recorded_by: UserRef,
    /// When, by the device's clock.
    pub at: DateTime<Utc>,
}

impl Inquiry {
    /// Whether `query` appears in the person, the mobile or the summary (Arabic-Indic
    /// digits match Latin ones).
    pub fn matches(&self, query: &str) -> bool {
        let q = crate::digits::to_ascii_digits(query.trim()).to_lowercase();
        q.is_empty()
            || [&self.input.person, &self.input.contact, &self.input.summary]
                .iter()
                .any(|f| {
                    crate::digits::to_ascii_digits(f)
                        .to_lowercase()
                        .contains(&q)
                })
    }
}

impl Record for Inquiry {
    type Input = InquiryInput;
    const NAME: &'static str = "inquiries";

    fn id(&self) -> RecordId {
        self.id
    }

    fn at(&self) -> DateTime<Utc> {
        self.at
    }

    fn input(&self) -> &InquiryInput {
        &self.input
    }

    /// The reception is an outreach point's: its officers log what comes to it.
    fn may_send(actor: &Actor) -> bool {
        actor.role.reaches(Area::Reception) && matches!(actor.scope(), Scope::Point(_))
    }

    fn accept(new: New<Self>, actor: &Actor) -> Result<Self, Vec<FieldError>> {
        let (channel, contact) = new.input.check()?;
        // `may_send` lets no one without an outreach point through.
        let Some(point) = actor.outreach_point.clone() else {
            return Err(Vec::new());
        };
        let input = InquiryInput {
            channel: crate::Vocabulary::code(channel).to_owned(),
            contact: contact.map(|m| m.to_string()).unwrap_or_default(),
            person: new
                .input
                .person
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            summary: new.input.summary.trim().to_owned(),
        };
        Ok(Inquiry {
            id: new.id,
            input,
            outreach_point: point,
            recorded_by: actor.user.clone(),
            at: new.at,
        })
    }

    fn seen_from(actor: &Actor) -> Scope {
        actor.scope().staff_only()
    }

    /// The head office, and the officers of the point that received it.
    fn visible_to(&self, actor: &Actor) -> bool {
        Self::seen_from(actor).covers(Some(&self.outreach_point.id), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::ErrorCode;

    #[test]
    fn an_inquiry_needs_a_channel_a_person_and_a_summary() {
        let ok = InquiryInput {
            channel: "phone".into(),
            person: "أم محمد".into(),
            contact: "+966 55 000 1111".into(),
            summary: "سألت عن مواعيد الزيارة".into(),
        };
        assert_eq!(
            ok.check().map(|(c, m)| (c, m.map(|m| m.to_string()))),
            Ok((Channel::Phone, Some("0550001111".into())))
        );
        let errors = InquiryInput {
            contact: "123".into(),
            ..InquiryInput::default()
        }
        .check()
        .expect_err("empty");
        let codes: Vec<_> = errors.iter().map(|e| (e.field, e.code.clone())).collect();
        assert_eq!(
            codes,
            vec![
                (Field::Channel, ErrorCode::Required),
                (Field::Person, ErrorCode::Required),
                (Field::Mobile, ErrorCode::MobileFormat),
                (Field::Summary, ErrorCode::Required),
            ]
        );
    }
}
