//! The home the applicant lives in now.

use serde::{Deserialize, Serialize};

use super::income::Halalas;
use crate::validation::{choice, count, optional_text, Collector, ErrorCode, Field};
use crate::vocabulary::vocabulary;

vocabulary! {
    /// Who owns the home.
    Ownership {
        Owned = "owned", "ملك", "Owned";
        Rented = "rented", "إيجار", "Rented";
        FamilyHouse = "family_house", "بيت العائلة", "Family house";
        NoHome = "none", "لا يوجد مسكن", "No home";
    }
}

vocabulary! {
    /// What the home is built as.
    BuildingType {
        Concrete = "concrete", "مسلح (خرساني)", "Concrete";
        Popular = "popular", "بيت شعبي", "Traditional house";
        Hut = "hut", "عشة", "Hut";
        Caravan = "caravan", "كرفان", "Caravan";
        Tent = "tent", "خيمة", "Tent";
        Other = "other", "أخرى", "Other";
    }
}

vocabulary! {
    /// The state the home is in.
    Condition {
        Good = "good", "جيدة", "Good";
        NeedsRepair = "needs_repair", "تحتاج إلى ترميم", "Needs repair";
        Poor = "poor", "سيئة", "Poor";
        Uninhabitable = "uninhabitable", "غير صالحة للسكن", "Uninhabitable";
    }
}

/// The home as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HousingForm {
    /// [`Ownership`] code.
    pub ownership: String,
    /// [`BuildingType`] code.
    pub building_type: String,
    /// [`Condition`] code.
    pub condition: String,
    /// Number of rooms.
    pub rooms: String,
    /// Yearly rent in riyals; asked only when the home is rented.
    pub rent: String,
    /// The home's problems, in words.
    pub problems: String,
}

impl HousingForm {
    /// The most rooms a home may be given.
    pub const MAX_ROOMS: u64 = 50;
    /// The longest the problems may be described.
    pub const PROBLEMS_MAX: usize = 1000;

    /// The ownership, if one was chosen.
    pub fn ownership(&self) -> Option<Ownership> {
        Ownership::from_code(self.ownership.trim())
    }

    pub(crate) fn check(&self, c: &mut Collector) {
        let ownership = c.check(
            Field::Ownership,
            choice(&self.ownership, Ownership::from_code),
        );
        // Someone with no home has no building to describe.
        if ownership != Some(Ownership::NoHome) {
            c.check(
                Field::BuildingType,
                choice(&self.building_type, BuildingType::from_code),
            );
            c.check(
                Field::Condition,
                choice(&self.condition, Condition::from_code),
            );
            c.check(Field::Rooms, count(&self.rooms, Self::MAX_ROOMS));
        }
        if ownership == Some(Ownership::Rented) {
            match Halalas::parse(&self.rent) {
                Ok(Halalas(0)) => c.push(Field::Rent, None, ErrorCode::Required),
                other => {
                    c.check(Field::Rent, other);
                }
            }
        }
        c.check(
            Field::Problems,
            optional_text(&self.problems, Self::PROBLEMS_MAX),
        );
    }

    pub(crate) fn normalise(&mut self) {
        if let Ok(n) = count(&self.rooms, Self::MAX_ROOMS) {
            self.rooms = n.to_string();
        }
        if self.ownership() == Some(Ownership::Rented) {
            if let Ok(h) = Halalas::parse(&self.rent) {
                self.rent = h.riyals();
            }
        } else {
            // A rent typed before the ownership changed is not part of the request.
            self.rent.clear();
        }
        if let Ok(p) = optional_text(&self.problems, usize::MAX) {
            self.problems = p;
        }
    }
}
