//! Sample requests, as the demo, its year of history, the benchmarks and the tests make
//! them: one builder, so each starts complete and valid and says only how it differs.

use shared::request::applicant::ApplicantForm;
use shared::request::household::MemberForm;
use shared::request::housing::HousingForm;
use shared::request::income::IncomeForm;
use shared::request::support::SupportForm;
use shared::RequestForm;

/// A sample request being made; [`Sample::form`] gives it.
#[derive(Debug)]
#[must_use]
pub struct Sample(RequestForm);

impl Sample {
    /// A complete, valid request taken in person from the applicant with `national_id`:
    /// a married Saudi man of Sabya, born in 1975, with no household, a social-security
    /// income, an owned popular house that needs restoring, urgently.
    pub fn of(national_id: &str) -> Self {
        Self(RequestForm {
            channel: "in_person".into(),
            applicant: ApplicantForm {
                first_name: "سعيد".into(),
                father_name: "محمد".into(),
                grandfather_name: "علي".into(),
                family_name: "القحطاني".into(),
                national_id: national_id.into(),
                birth_date: "1975-05-05".into(),
                gender: "male".into(),
                marital_status: "married".into(),
                nationality: "saudi".into(),
                mobile: "0551234567".into(),
                alt_mobile: String::new(),
                governorate: "sabya".into(),
                centre: "الحسيني".into(),
                address: "خلف المركز الصحي".into(),
                location: None,
            },
            household: Vec::new(),
            income: IncomeForm {
                social_security: "1500".into(),
                ..IncomeForm::default()
            },
            housing: HousingForm {
                ownership: "owned".into(),
                building_type: "popular".into(),
                condition: "needs_repair".into(),
                rooms: "3".into(),
                rent: String::new(),
                problems: String::new(),
            },
            support: SupportForm {
                types: vec!["restoration".into()],
                description: "ترميم السقف".into(),
                urgency: "urgent".into(),
            },
        })
    }

    /// Came through `channel` (its code).
    pub fn channel(mut self, channel: &str) -> Self {
        channel.clone_into(&mut self.0.channel);
        self
    }

    /// The applicant's four names: first, father's, grandfather's, family.
    pub fn named(mut self, [first, father, grandfather, family]: [&str; 4]) -> Self {
        let a = &mut self.0.applicant;
        first.clone_into(&mut a.first_name);
        father.clone_into(&mut a.father_name);
        grandfather.clone_into(&mut a.grandfather_name);
        family.clone_into(&mut a.family_name);
        self
    }

    /// The applicant's birth date (Gregorian, `YYYY-MM-DD`).
    pub fn born(mut self, date: &str) -> Self {
        date.clone_into(&mut self.0.applicant.birth_date);
        self
    }

    /// The applicant's gender and nationality (their codes).
    pub fn person(mut self, gender: &str, nationality: &str) -> Self {
        gender.clone_into(&mut self.0.applicant.gender);
        nationality.clone_into(&mut self.0.applicant.nationality);
        self
    }

    /// The applicant's mobile.
    pub fn mobile(mut self, mobile: &str) -> Self {
        mobile.clone_into(&mut self.0.applicant.mobile);
        self
    }

    /// Where the applicant lives: the governorate (its code), the centre and the address.
    pub fn home(mut self, governorate: &str, centre: &str, address: &str) -> Self {
        let a = &mut self.0.applicant;
        governorate.clone_into(&mut a.governorate);
        centre.clone_into(&mut a.centre);
        address.clone_into(&mut a.address);
        self
    }

    /// One more member of the household, keyed in order as a device keys them.
    pub fn member(
        mut self,
        relation: &str,
        name: &str,
        national_id: &str,
        born: &str,
        (health, occupation): (&str, &str),
    ) -> Self {
        let key = format!("m{:02}", self.0.household.len() + 1);
        self.0.household.push(MemberForm {
            key,
            relation: relation.into(),
            name: name.into(),
            national_id: national_id.into(),
            birth_date: born.into(),
            health: health.into(),
            occupation: occupation.into(),
        });
        self
    }

    /// The household's income.
    pub fn income(mut self, income: IncomeForm) -> Self {
        self.0.income = income;
        self
    }

    /// The home: its ownership, building and condition (their codes) and its rooms; no
    /// rent and no problems told until said.
    pub fn housing(
        mut self,
        ownership: &str,
        building: &str,
        condition: &str,
        rooms: &str,
    ) -> Self {
        self.0.housing = HousingForm {
            ownership: ownership.into(),
            building_type: building.into(),
            condition: condition.into(),
            rooms: rooms.into(),
            rent: String::new(),
            problems: String::new(),
        };
        self
    }

    /// The yearly rent of a rented home.
    pub fn rent(mut self, rent: &str) -> Self {
        rent.clone_into(&mut self.0.housing.rent);
        self
    }

    /// What is wrong with the home, in the applicant's words.
    pub fn problems(mut self, problems: &str) -> Self {
        problems.clone_into(&mut self.0.housing.problems);
        self
    }

    /// The support asked for: its types (codes), what is needed, and how urgently.
    pub fn support(mut self, types: &[&str], description: &str, urgency: &str) -> Self {
        self.0.support = SupportForm {
            types: types.iter().map(|t| (*t).to_owned()).collect(),
            description: description.into(),
            urgency: urgency.into(),
        };
        self
    }

    /// The request.
    pub fn form(self) -> RequestForm {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_is_a_whole_request() {
        let form = Sample::of("1045236781")
            .member(
                "daughter",
                "هند سعيد",
                "",
                "2016-01-01",
                ("none", "studies"),
            )
            .member(
                "mother",
                "زينب أحمد",
                "",
                "1950-07-07",
                ("chronic_illness", "neither"),
            )
            .housing("rented", "concrete", "good", "2")
            .rent("9000")
            .form();
        let today = shared::dates::saudi_date(chrono::Utc::now());
        assert_eq!(form.check(today), Vec::new());
        let keys: Vec<&str> = form.household.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["m01", "m02"]);
    }
}
