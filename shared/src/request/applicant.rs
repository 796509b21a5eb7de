//! The applicant's part of the request: who they are, how to reach them, where they live.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::birth_date;
use crate::ids::{Mobile, NationalId};
use crate::region::Governorate;
use crate::validation::{
    choice, letters, optional_text, required_text, Collector, ErrorCode, Field,
};
use crate::vocabulary::vocabulary;

vocabulary! {
    /// Gender as the national ID records it.
    Gender {
        Male = "male", "ذكر", "Male";
        Female = "female", "أنثى", "Female";
    }
}

vocabulary! {
    /// Marital status.
    MaritalStatus {
        Single = "single", "أعزب / عزباء", "Single";
        Married = "married", "متزوج / متزوجة", "Married";
        Divorced = "divorced", "مطلق / مطلقة", "Divorced";
        Widowed = "widowed", "أرمل / أرملة", "Widowed";
    }
}

vocabulary! {
    /// Citizen or resident: a national ID starts with 1, an iqama with 2.
    Nationality {
        Saudi = "saudi", "سعودي", "Saudi";
        Resident = "resident", "مقيم", "Resident (iqama)";
    }
}

/// A place as the device's location service gave it, in millionths of a degree so that
/// a case compares and serialises exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Latitude × 10⁶.
    pub lat_e6: i32,
    /// Longitude × 10⁶.
    pub lon_e6: i32,
    /// How far off the device says it may be, in metres.
    pub accuracy_m: u32,
}

impl GeoPoint {
    /// The Jazan region with a margin for its islands and borders: (south, north) latitude
    /// and (west, east) longitude, × 10⁶.
    pub const REGION_LAT: (i32, i32) = (16_000_000, 18_200_000);
    /// See [`GeoPoint::REGION_LAT`].
    pub const REGION_LON: (i32, i32) = (41_400_000, 43_700_000);

    /// Whether the point lies in the Jazan region.
    pub fn in_region(&self) -> bool {
        (Self::REGION_LAT.0..=Self::REGION_LAT.1).contains(&self.lat_e6)
            && (Self::REGION_LON.0..=Self::REGION_LON.1).contains(&self.lon_e6)
    }
}

/// The applicant's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicantForm {
    /// First name.
    pub first_name: String,
    /// Father's name.
    pub father_name: String,
    /// Grandfather's name.
    pub grandfather_name: String,
    /// Family name.
    pub family_name: String,
    /// National ID or iqama.
    pub national_id: String,
    /// Birth date, `YYYY-MM-DD` (Gregorian).
    pub birth_date: String,
    /// [`Gender`] code.
    pub gender: String,
    /// [`MaritalStatus`] code.
    pub marital_status: String,
    /// [`Nationality`] code.
    pub nationality: String,
    /// Mobile in any accepted form.
    pub mobile: String,
    /// Another number, optional.
    pub alt_mobile: String,
    /// [`Governorate`] code.
    pub governorate: String,
    /// Centre or village.
    pub centre: String,
    /// How to find the home.
    pub address: String,
    /// Where the home is, when the device could tell.
    pub location: Option<GeoPoint>,
}

impl ApplicantForm {
    /// The longest a name part may be, in characters.
    pub const NAME_PART_MAX: usize = 40;
    /// The longest a centre or village name may be.
    pub const CENTRE_MAX: usize = 80;
    /// The longest the address description may be.
    pub const ADDRESS_MAX: usize = 300;
    /// The youngest an applicant may be.
    pub const MIN_AGE: u32 = 18;

    /// The four-part name as written, from whatever has been typed.
    pub fn full_name(&self) -> String {
        [
            &self.first_name,
            &self.father_name,
            &self.grandfather_name,
            &self.family_name,
        ]
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    }

    /// The national ID, if what was typed is one.
    pub fn national_id(&self) -> Option<NationalId> {
        NationalId::parse(&self.national_id).ok()
    }

    /// What two requests of one person share whatever ID each carries: the four parts of
    /// the name, each folded by the search rule, and the birth date. None unless all four
    /// parts and a date are given: a name of two parts meets too many others.
    pub fn person_key(&self) -> Option<(String, NaiveDate)> {
        let parts = [
            &self.first_name,
            &self.father_name,
            &self.grandfather_name,
            &self.family_name,
        ]
        .map(|p| crate::search::name_key(p));
        if parts.iter().any(String::is_empty) {
            return None;
        }
        let born = crate::dates::parse_date(&self.birth_date).ok()?;
        Some((parts.join("|"), born))
    }

    /// Checks every field and the rules between them; returns the birth date when valid.
    pub(crate) fn check(&self, c: &mut Collector, today: NaiveDate) -> Option<NaiveDate> {
        for (field, value) in [
            (Field::FirstName, &self.first_name),
            (Field::FatherName, &self.father_name),
            (Field::GrandfatherName, &self.grandfather_name),
            (Field::FamilyName, &self.family_name),
        ] {
            c.check(field, letters(value, Self::NAME_PART_MAX));
        }
        let id = c.check(Field::NationalId, NationalId::parse(&self.national_id));
        let born = c.check(
            Field::BirthDate,
            birth_date(&self.birth_date, today, Self::MIN_AGE),
        );
        c.check(Field::Gender, choice(&self.gender, Gender::from_code));
        c.check(
            Field::MaritalStatus,
            choice(&self.marital_status, MaritalStatus::from_code),
        );
        let nationality = c.check(
            Field::Nationality,
            choice(&self.nationality, Nationality::from_code),
        );
        if let (Some(id), Some(nationality)) = (&id, nationality) {
            let expected = match nationality {
                Nationality::Saudi => '1',
                Nationality::Resident => '2',
            };
            if !id.as_str().starts_with(expected) {
                c.push(Field::Nationality, None, ErrorCode::IdNationalityMismatch);
            }
        }
        let mobile = c.check(Field::Mobile, Mobile::parse(&self.mobile));
        if !self.alt_mobile.trim().is_empty() {
            if let Some(alt) = c.check(Field::AltMobile, Mobile::parse(&self.alt_mobile)) {
                if mobile.as_ref() == Some(&alt) {
                    c.push(Field::AltMobile, None, ErrorCode::SameAsMobile);
                }
            }
        }
        c.check(
            Field::Governorate,
            choice(&self.governorate, Governorate::from_code),
        );
        c.check(Field::Centre, required_text(&self.centre, Self::CENTRE_MAX));
        c.check(
            Field::Address,
            required_text(&self.address, Self::ADDRESS_MAX),
        );
        if self.location.is_some_and(|p| !p.in_region()) {
            c.push(Field::Location, None, ErrorCode::OutsideRegion);
        }
        born
    }

    /// Rewrites the values that parse into their one canonical form.
    pub(crate) fn normalise(&mut self) {
        for part in [
            &mut self.first_name,
            &mut self.father_name,
            &mut self.grandfather_name,
            &mut self.family_name,
        ] {
            if let Ok(clean) = letters(part, Self::NAME_PART_MAX) {
                *part = clean;
            }
        }
        if let Ok(id) = NationalId::parse(&self.national_id) {
            self.national_id = id.to_string();
        }
        if let Ok(date) = crate::dates::parse_date(&self.birth_date) {
            self.birth_date = date.to_string();
        }
        for number in [&mut self.mobile, &mut self.alt_mobile] {
            if let Ok(m) = Mobile::parse(number) {
                *number = m.to_string();
            }
        }
        for text in [&mut self.centre, &mut self.address] {
            if let Ok(t) = optional_text(text, usize::MAX) {
                *text = t;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(parts: [&str; 4], born: &str) -> ApplicantForm {
        ApplicantForm {
            first_name: parts[0].into(),
            father_name: parts[1].into(),
            grandfather_name: parts[2].into(),
            family_name: parts[3].into(),
            birth_date: born.into(),
            ..ApplicantForm::default()
        }
    }

    #[test]
    fn one_person_written_two_ways_has_one_key() {
        let a = named(["عبد الله", "أحمد", "علي", "الحكمي"], "1980-01-05");
        let b = named(["عبدالله", "احمد", "عليّ", "الحكمى"], "1980-01-05");
        assert_eq!(a.person_key(), b.person_key());
        assert!(a.person_key().is_some());
        // Another day, or the parts cut elsewhere, is someone else.
        assert_ne!(
            a.person_key(),
            named(["عبد الله", "أحمد", "علي", "الحكمي"], "1980-01-06").person_key()
        );
        assert_ne!(
            a.person_key(),
            named(["عبد", "الله أحمد", "علي", "الحكمي"], "1980-01-05").person_key()
        );
        // A name of fewer than four parts, or no date, has none.
        assert_eq!(
            named(["عبد الله", "", "علي", "الحكمي"], "1980-01-05").person_key(),
            None
        );
        assert_eq!(
            named(["عبد الله", "أحمد", "علي", "الحكمي"], "").person_key(),
            None
        );
    }
}
