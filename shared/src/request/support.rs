//! The support asked for: which kinds, what exactly, and how urgent.

use serde::{Deserialize, Serialize};

use crate::region::SupportType;
use crate::validation::{choice, required_text, Collector, ErrorCode, Field};
use crate::vocabulary::vocabulary;

vocabulary! {
    /// How urgent the need is.
    Urgency {
        Normal = "normal", "عادية", "Normal";
        Urgent = "urgent", "عاجلة", "Urgent";
        Critical = "critical", "حرجة: خطر على الأسرة", "Critical: the family is at risk";
    }
}

/// The support asked for, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupportForm {
    /// [`SupportType`] codes, one or more.
    pub types: Vec<String>,
    /// What is asked for, in the applicant's words.
    pub description: String,
    /// [`Urgency`] code.
    pub urgency: String,
}

impl SupportForm {
    /// The longest the description may be.
    pub const DESCRIPTION_MAX: usize = 2000;

    /// The support types chosen that are known.
    pub fn types(&self) -> Vec<SupportType> {
        self.types
            .iter()
            .filter_map(|t| SupportType::from_code(t.trim()))
            .collect()
    }

    /// Whether `kind` is among the types asked for.
    pub fn asks_for(&self, kind: SupportType) -> bool {
        self.types().contains(&kind)
    }

    pub(crate) fn check(&self, c: &mut Collector) {
        if self.types.is_empty() {
            c.push(Field::SupportTypes, None, ErrorCode::AtLeastOne);
        } else if self.types.len() > SupportType::ALL_LEN {
            c.push(
                Field::SupportTypes,
                None,
                ErrorCode::TooMany {
                    max: SupportType::ALL_LEN,
                },
            );
        } else {
            for t in &self.types {
                if c.check(Field::SupportTypes, choice(t, SupportType::from_code))
                    .is_none()
                {
                    break;
                }
            }
        }
        c.check(
            Field::Description,
            required_text(&self.description, Self::DESCRIPTION_MAX),
        );
        c.check(Field::Urgency, choice(&self.urgency, Urgency::from_code));
    }

    pub(crate) fn normalise(&mut self) {
        let mut types = self.types();
        types.sort();
        types.dedup();
        self.types = types.iter().map(|t| t.code().to_owned()).collect();
        self.description = self.description.trim().to_owned();
    }
}

use crate::vocabulary::Vocabulary;

impl SupportType {
    /// How many support types there are: no request can list more.
    pub const ALL_LEN: usize = <SupportType as Vocabulary>::ALL.len();
}
