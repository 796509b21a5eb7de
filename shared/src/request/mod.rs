//! The beneficiary support request (طلب دعم مستفيد) as typed: its parts, the steps of the
//! form, and the checks of every field and across fields.
//!
//! A request is kept as typed, strings and all, so that a draft can hold anything and the
//! applicant is told of each field what is wrong with it. [`RequestForm::check`] is the
//! one definition of a complete, valid request: the form calls it while typing, and
//! submission (on the device and again on the server) refuses a request it finds wanting.

pub mod applicant;
pub mod household;
pub mod housing;
pub mod income;
pub mod support;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::region::Channel;
use crate::validation::{choice, Collector, Field, FieldError};
use applicant::ApplicantForm;
use household::MemberForm;
use housing::HousingForm;
use income::IncomeForm;
use support::SupportForm;

/// The whole request as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    /// [`Channel`] code: how the request reached the association (CH).
    pub channel: String,
    /// The applicant.
    pub applicant: ApplicantForm,
    /// The people living with the applicant.
    pub household: Vec<MemberForm>,
    /// Monthly income.
    pub income: IncomeForm,
    /// The current home.
    pub housing: HousingForm,
    /// What is asked for.
    pub support: SupportForm,
}

impl RequestForm {
    /// Every problem with the request as it stands on `today` (the Saudi calendar day):
    /// missing required fields, malformed values, and rules across fields.
    pub fn check(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut c = Collector::default();
        c.check(Field::Channel, choice(&self.channel, Channel::from_code));
        self.applicant.check(&mut c, today);
        let applicant_id = self.applicant.national_id();
        household::check(&self.household, applicant_id.as_ref(), &mut c, today);
        self.income.check(&mut c);
        self.housing.check(&mut c);
        self.support.check(&mut c);
        c.into_errors()
    }

    /// Rewrites every value that parses into its one canonical form: Latin digits,
    /// `05…` mobiles, single spaces, sorted support types. Done on submission so that
    /// what the committee reads and exports count is uniform.
    pub fn normalise(&mut self) {
        self.channel = self.channel.trim().to_owned();
        self.applicant.normalise();
        household::normalise(&mut self.household);
        self.income.normalise();
        self.housing.normalise();
        self.support.normalise();
    }

    /// The limits that hold even for a draft, so that no device can store an unbounded
    /// request: the household's size and the length of every text.
    pub fn within_limits(&self) -> bool {
        const TEXT_MAX: usize = 4000;
        let texts = [
            &self.channel,
            &self.applicant.first_name,
            &self.applicant.father_name,
            &self.applicant.grandfather_name,
            &self.applicant.family_name,
            &self.applicant.national_id,
            &self.applicant.birth_date,
            &self.applicant.gender,
            &self.applicant.marital_status,
            &self.applicant.nationality,
            &self.applicant.mobile,
            &self.applicant.alt_mobile,
            &self.applicant.governorate,
            &self.applicant.centre,
            &self.applicant.address,
            &self.income.salary,
            &self.income.social_security,
            &self.income.citizen_account,
            &self.income.pension,
            &self.income.other,
            &self.income.other_source,
            &self.housing.ownership,
            &self.housing.building_type,
            &self.housing.condition,
            &self.housing.rooms,
            &self.housing.rent,
            &self.housing.problems,
            &self.support.description,
            &self.support.urgency,
        ];
        let members_ok = self.household.iter().all(|m| {
            [
                &m.relation,
                &m.name,
                &m.national_id,
                &m.birth_date,
                &m.health,
                &m.occupation,
            ]
            .iter()
            .all(|t| t.len() <= TEXT_MAX)
                && (m.key.is_empty() || MemberForm::key_is_valid(&m.key))
        });
        self.household.len() <= household::MAX_MEMBERS
            && self.support.types.len() <= 16
            && self.support.types.iter().all(|t| t.len() <= 64)
            && members_ok
            && texts.iter().all(|t| t.len() <= TEXT_MAX)
    }
}

/// The steps of the form, in order. Each field belongs to one, so a step can show what
/// is still missing in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The applicant and the channel.
    Applicant,
    /// The household members.
    Household,
    /// Monthly income.
    Income,
    /// The current home.
    Housing,
    /// The support asked for.
    Support,
    /// The documents checklist.
    Documents,
    /// The attestation and signature.
    Attestation,
}

impl Step {
    /// Every step, in order.
    pub const ALL: &'static [Self] = &[
        Self::Applicant,
        Self::Household,
        Self::Income,
        Self::Housing,
        Self::Support,
        Self::Documents,
        Self::Attestation,
    ];

    /// Whether a person has written anything of this step into `form`: a step is done when
    /// it is answered and nothing in it is missing, not merely when nothing was typed that
    /// could be wrong (an empty income is no answer). The household has no answer in the
    /// form when the applicant lives alone; the form also counts a step as answered once
    /// it was left.
    pub fn answered(self, form: &RequestForm) -> bool {
        let any = |values: &[&str]| values.iter().any(|v| !v.trim().is_empty());
        let a = &form.applicant;
        match self {
            Self::Applicant => any(&[&a.first_name, &a.family_name, &a.national_id, &a.mobile]),
            Self::Household => !form.household.is_empty(),
            Self::Income => form
                .income
                .sources()
                .iter()
                .any(|(_, v)| !v.trim().is_empty()),
            Self::Housing => {
                let h = &form.housing;
                any(&[&h.ownership, &h.building_type, &h.condition, &h.rooms])
            }
            Self::Support => !form.support.types.is_empty() || any(&[&form.support.description]),
            // Files and the signature are their own answers, counted as missing until given.
            Self::Documents | Self::Attestation => true,
        }
    }

    /// The step a field is filled in; `None` for what is not on the form.
    pub fn of(field: Field) -> Option<Self> {
        use Field as F;
        Some(match field {
            F::Channel
            | F::FirstName
            | F::FatherName
            | F::GrandfatherName
            | F::FamilyName
            | F::NationalId
            | F::BirthDate
            | F::Gender
            | F::MaritalStatus
            | F::Nationality
            | F::Mobile
            | F::AltMobile
            | F::Governorate
            | F::Centre
            | F::Address
            | F::Location => Self::Applicant,
            F::Household
            | F::MemberRelation
            | F::MemberName
            | F::MemberNationalId
            | F::MemberBirthDate
            | F::MemberHealth
            | F::MemberOccupation => Self::Household,
            F::IncomeSalary
            | F::IncomeSocialSecurity
            | F::IncomeCitizenAccount
            | F::IncomePension
            | F::IncomeOther
            | F::IncomeOtherSource => Self::Income,
            F::Ownership | F::BuildingType | F::Condition | F::Rooms | F::Rent | F::Problems => {
                Self::Housing
            }
            F::SupportTypes | F::Description | F::Urgency => Self::Support,
            F::Documents => Self::Documents,
            F::Attestation => Self::Attestation,
            F::Reference
            | F::Question
            | F::Answer
            | F::Password
            | F::PasswordAgain
            | F::OutreachPoint
            | F::Person
            | F::Summary
            | F::MissingDocuments
            | F::MissingNote
            | F::Researcher
            | F::VisitDate
            | F::Findings
            | F::Recommendation
            | F::VisitPhotos
            | F::Verdict
            | F::Reasons
            | F::DecisionNote
            | F::MeetingNumber
            | F::MeetingDate
            | F::ServiceKind
            | F::ServiceDate
            | F::ServiceAmount
            | F::Supplier
            | F::ServiceNotes
            | F::ContactOutcome
            | F::Username
            | F::DisplayName
            | F::Role
            | F::Active
            | F::CurrentPassword
            | F::FeedbackKind
            | F::FeedbackText
            | F::AnswerText
            | F::DuplicateVerdict
            | F::DuplicateReason
            | F::MessageText
            | F::Code
            | F::Reason
            | F::Device
            | F::NameAr
            | F::NameEn
            | F::Phone
            | F::Hours
            | F::Email
            | F::Website
            | F::AnswerDays
            | F::QuietHours
            | F::Settings
            | F::Status
            | F::SubmittedOn
            | F::FileNumber
            | F::File
            | F::IdentityDocument => return None,
        })
    }

    /// The step's wire name, used in the page's address.
    pub fn code(self) -> &'static str {
        match self {
            Self::Applicant => "applicant",
            Self::Household => "household",
            Self::Income => "income",
            Self::Housing => "housing",
            Self::Support => "support",
            Self::Documents => "documents",
            Self::Attestation => "attestation",
        }
    }

    /// The step for a wire name.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::validation::ErrorCode;

    pub(crate) fn today() -> NaiveDate {
        "2026-11-25".parse().expect("a date")
    }

    /// A complete, valid request: an applicant, a household of three, income, a house
    /// needing restoration.
    pub(crate) fn complete_form() -> RequestForm {
        let member =
            |relation: &str, name: &str, id: &str, born: &str, health: &str, occupation: &str| {
                MemberForm {
                    // Made before members had keys: their place stands for one.
                    key: String::new(),
                    relation: relation.into(),
                    name: name.into(),
                    national_id: id.into(),
                    birth_date: born.into(),
                    health: health.into(),
                    occupation: occupation.into(),
                }
            };
        RequestForm {
            channel: "in_person".into(),
            applicant: ApplicantForm {
                first_name: "محمد".into(),
                father_name: "عبد الله".into(),
                grandfather_name: "أحمد".into(),
                family_name: "المالكي".into(),
                national_id: "1000000008".into(),
                birth_date: "1980-03-15".into(),
                gender: "male".into(),
                marital_status: "married".into(),
                nationality: "saudi".into(),
                mobile: "+966501234567".into(),
                alt_mobile: String::new(),
                governorate: "sabya".into(),
                centre: "الحسيني".into(),
                address: "شرق المسجد الجامع".into(),
                location: None,
            },
            household: vec![
                member(
                    "spouse",
                    "فاطمة علي المالكي",
                    "1000000016",
                    "1985-06-01",
                    "none",
                    "neither",
                ),
                member(
                    "son",
                    "عبد الرحمن محمد المالكي",
                    "",
                    "2012-09-10",
                    "disability",
                    "studies",
                ),
                member(
                    "daughter",
                    "مريم محمد المالكي",
                    "",
                    "2020-01-20",
                    "none",
                    "young",
                ),
            ],
            income: IncomeForm {
                social_security: "1500".into(),
                citizen_account: "720".into(),
                ..IncomeForm::default()
            },
            housing: HousingForm {
                ownership: "owned".into(),
                building_type: "popular".into(),
                condition: "needs_repair".into(),
                rooms: "3".into(),
                rent: String::new(),
                problems: "تسرب في السقف".into(),
            },
            support: SupportForm {
                types: vec!["restoration".into()],
                description: "ترميم السقف ودورة المياه".into(),
                urgency: "urgent".into(),
            },
        }
    }

    fn codes(form: &RequestForm) -> Vec<(Field, Option<usize>, ErrorCode)> {
        form.check(today())
            .into_iter()
            .map(|e| (e.field, e.index, e.code))
            .collect()
    }

    #[test]
    fn a_complete_request_passes() {
        assert_eq!(codes(&complete_form()), vec![]);
        assert!(complete_form().within_limits());
    }

    #[test]
    fn an_empty_request_names_what_is_missing() {
        let errors = codes(&RequestForm::default());
        let missing: Vec<_> = errors.iter().map(|(f, _, _)| *f).collect();
        assert!(errors
            .iter()
            .all(|(_, _, c)| matches!(c, ErrorCode::Required | ErrorCode::AtLeastOne)));
        for field in [
            Field::Channel,
            Field::FirstName,
            Field::NationalId,
            Field::BirthDate,
            Field::Ownership,
            Field::SupportTypes,
            Field::Description,
        ] {
            assert!(missing.contains(&field), "{field:?} in {missing:?}");
        }
        // Optional fields are never required.
        for field in [
            Field::AltMobile,
            Field::Location,
            Field::IncomeSalary,
            Field::Problems,
            Field::Rent,
        ] {
            assert!(!missing.contains(&field), "{field:?}");
        }
    }

    #[test]
    fn rent_is_required_only_when_rented() {
        let mut form = complete_form();
        form.housing.ownership = "rented".into();
        assert_eq!(codes(&form), vec![(Field::Rent, None, ErrorCode::Required)]);
        form.housing.rent = "١٢٠٠٠".into();
        assert_eq!(codes(&form), vec![]);
        form.housing.rent = "-1".into();
        assert_eq!(codes(&form), vec![(Field::Rent, None, ErrorCode::Negative)]);
    }

    #[test]
    fn household_ids_are_valid_distinct_and_not_the_applicants() {
        let mut form = complete_form();
        form.household[1].national_id = "1000000008".into();
        form.household[2].national_id = "1000000016".into();
        form.household[0].national_id = "1000000009".into();
        assert_eq!(
            codes(&form),
            vec![
                (
                    Field::MemberNationalId,
                    Some(0),
                    ErrorCode::NationalIdChecksum
                ),
                (Field::MemberNationalId, Some(1), ErrorCode::SameAsApplicant),
            ]
        );
        form.household[0].national_id = "1000000016".into();
        assert_eq!(
            codes(&form),
            vec![
                (Field::MemberNationalId, Some(1), ErrorCode::SameAsApplicant),
                (Field::MemberNationalId, Some(2), ErrorCode::Duplicate),
            ]
        );
    }

    #[test]
    fn birth_dates_must_be_plausible() {
        let mut form = complete_form();
        form.applicant.birth_date = "2010-01-01".into();
        form.household[2].birth_date = "2027-01-01".into();
        assert_eq!(
            codes(&form),
            vec![
                (Field::BirthDate, None, ErrorCode::AgeBelow { min: 18 }),
                (Field::MemberBirthDate, Some(2), ErrorCode::DateInFuture),
            ]
        );
    }

    #[test]
    fn cross_field_rules_hold() {
        let mut form = complete_form();
        form.applicant.nationality = "resident".into();
        form.applicant.alt_mobile = "0501234567".into();
        form.applicant.location = Some(applicant::GeoPoint {
            lat_e6: 24_700_000,
            lon_e6: 46_700_000,
            accuracy_m: 20,
        });
        form.income.other = "200".into();
        form.support.types = vec![];
        assert_eq!(
            codes(&form),
            vec![
                (Field::Nationality, None, ErrorCode::IdNationalityMismatch),
                (Field::AltMobile, None, ErrorCode::SameAsMobile),
                (Field::Location, None, ErrorCode::OutsideRegion),
                (Field::IncomeOtherSource, None, ErrorCode::Required),
                (Field::SupportTypes, None, ErrorCode::AtLeastOne),
            ]
        );
    }

    #[test]
    fn no_home_needs_no_building() {
        let mut form = complete_form();
        form.housing = HousingForm {
            ownership: "none".into(),
            ..HousingForm::default()
        };
        assert_eq!(codes(&form), vec![]);
    }

    #[test]
    fn normalising_gives_one_form() {
        let mut form = complete_form();
        form.applicant.national_id = "١٠٠٠٠٠٠٠٠٨".into();
        form.applicant.first_name = "  عبد   الله ".into();
        form.income.salary = "١٬٠٠٠".into();
        form.housing.rent = "500".into();
        form.support.types = vec!["restoration".into(), "build".into(), "restoration".into()];
        form.normalise();
        assert_eq!(form.applicant.national_id, "1000000008");
        assert_eq!(form.applicant.mobile, "0501234567");
        assert_eq!(form.applicant.first_name, "عبد الله");
        assert_eq!(form.income.salary, "1000");
        assert_eq!(
            form.housing.rent, "",
            "rent is dropped when the home is owned"
        );
        assert_eq!(form.support.types, vec!["build", "restoration"]);
        assert_eq!(codes(&form), vec![]);
    }

    #[test]
    fn every_field_has_a_step() {
        assert_eq!(Step::of(Field::MemberName), Some(Step::Household));
        for s in Step::ALL {
            assert_eq!(Step::from_code(s.code()), Some(*s));
        }
    }
}
