//! The association's set-up as the head office keeps it: its outreach points, its
//! settings, and the checklist a new system shows until it is ready to go live.

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::Contact;
use crate::life::status::Role;
use crate::people::OutreachPoint;
use crate::region::Governorate;
use crate::validation::{optional_text, required_text, Collector, ErrorCode, Field, FieldError};
use crate::vocabulary::Vocabulary;

/// The longest a point's name may be, in each language.
pub const NAME_MAX: usize = 80;
/// The longest a point's address or opening hours may be.
pub const DETAIL_MAX: usize = 300;

/// What the head office types about an outreach point: its names, its governorate, and
/// what applicants see of it (where it is, its phone, when it is open).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointDetails {
    /// The Arabic name.
    pub name_ar: String,
    /// The English name.
    pub name_en: String,
    /// The governorate, by its code (`samtah`).
    pub governorate: String,
    /// Where it is, as applicants find it.
    #[serde(default)]
    pub address: String,
    /// A phone number applicants may call.
    #[serde(default)]
    pub phone: String,
    /// When it is open, in words.
    #[serde(default)]
    pub hours: String,
}

impl PointDetails {
    /// The details tidied and checked: both names, a governorate of the region, a phone
    /// number if one is given (Arabic-Indic digits accepted), and texts within their limits.
    pub fn check(&self) -> Result<Self, Vec<FieldError>> {
        let mut c = Collector::default();
        let name_ar = c.check(Field::NameAr, required_text(&self.name_ar, NAME_MAX));
        let name_en = c.check(Field::NameEn, required_text(&self.name_en, NAME_MAX));
        let governorate = c.check(
            Field::Governorate,
            match self.governorate.trim() {
                "" => Err(ErrorCode::Required),
                code => Governorate::from_code(code)
                    .map(|g| g.code().to_owned())
                    .ok_or(ErrorCode::UnknownChoice),
            },
        );
        let address = c.check(Field::Address, optional_text(&self.address, DETAIL_MAX));
        let phone = c.check(Field::Phone, phone(&self.phone));
        let hours = c.check(Field::Hours, optional_text(&self.hours, DETAIL_MAX));
        c.finish(|| {
            Some(Self {
                name_ar: name_ar?,
                name_en: name_en?,
                governorate: governorate?,
                address: address?,
                phone: phone?,
                hours: hours?,
            })
        })
    }

    /// A stable code for a new point named so: its English name in lower case, words
    /// joined by `-` (`Abu Arish` → `abu-arish`), or `point` when nothing is left.
    pub fn code(&self) -> String {
        let mut code = String::new();
        for word in self
            .name_en
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if !code.is_empty() {
                code.push('-');
            }
            code.push_str(&word.to_ascii_lowercase());
        }
        code.truncate(40);
        let code = code.trim_end_matches('-').to_owned();
        if code.is_empty() {
            "point".to_owned()
        } else {
            code
        }
    }
}

/// An optional phone number: empty, or as [`Contact::phone`] accepts it.
fn phone(input: &str) -> Result<String, ErrorCode> {
    let text = crate::digits::to_ascii_digits(input.trim());
    if text.is_empty() {
        return Ok(text);
    }
    Contact::phone(&text).map_err(|_| ErrorCode::PhoneFormat)
}

/// An outreach point as anyone may read it: its names, and how applicants find it.
/// (A superset of [`OutreachPoint`], which a case carries.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPoint {
    /// Its code.
    pub id: String,
    /// Its names, governorate, address, phone and hours.
    #[serde(flatten)]
    pub details: PointDetails,
}

impl PublicPoint {
    /// The point as a case names it.
    pub fn named(&self) -> OutreachPoint {
        OutreachPoint {
            id: self.id.clone(),
            name_ar: self.details.name_ar.clone(),
            name_en: self.details.name_en.clone(),
        }
    }
}

/// An outreach point as the head office manages it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// Its code.
    pub id: String,
    /// What was typed about it.
    #[serde(flatten)]
    pub details: PointDetails,
    /// When it was closed; open while `None`.
    pub closed_at: Option<DateTime<Utc>>,
    /// Its active officers.
    pub officers: u32,
    /// Its requests not yet ended (closed, rejected or withdrawn), drafts included.
    pub open_requests: u32,
}

/// What becomes of a closing point's officers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficersThen {
    /// They work at the point its requests go to.
    Move,
    /// Their accounts are disabled.
    Disable,
}

/// The head office closes a point: where its requests (and its applicants' accounts) go,
/// why (told to each applicant with the move), and what becomes of its officers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointClosing {
    /// The open point its requests go to.
    pub to: String,
    /// Why, as each moved request's timeline and text to the applicant say.
    pub reason: String,
    /// What becomes of its officers.
    pub officers: OfficersThen,
}

impl PointClosing {
    /// The reason, checked as any move's, for closing `from`.
    pub fn check(&self, from: &str) -> Result<String, Vec<FieldError>> {
        let mut c = Collector::default();
        let to = c.check(
            Field::OutreachPoint,
            match self.to.trim() {
                "" => Err(ErrorCode::Required),
                to if to == from => Err(ErrorCode::SamePoint),
                _ => Ok(()),
            },
        );
        let reason = c.check(
            Field::Reason,
            required_text(&self.reason, crate::life::workflow::PointMove::REASON_MAX),
        );
        c.finish(|| {
            to?;
            reason
        })
    }
}

/// What a point's closing did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closed {
    /// Requests moved to the other point.
    pub moved: u32,
    /// Requests that could not be moved, by reference, with why.
    pub not_moved: Vec<String>,
    /// Officers moved or disabled.
    pub officers: u32,
    /// Applicants' accounts moved to the other point.
    pub applicants: u32,
}

/// A change the head office made to a point, as its log keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: String,
    /// `created`, `changed` or `closed`.
    pub action: String,
    /// What it was made or closed with.
    pub detail: serde_json::Value,
}

/// The hours (Riyadh time) in which messages that can wait go in the morning;
/// `from` after `to` spans midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    /// When they begin.
    pub from: NaiveTime,
    /// When they end.
    pub to: NaiveTime,
}

impl QuietHours {
    /// `HH:MM-HH:MM`, or `none` for no quiet hours.
    pub fn parse(s: &str) -> Result<Option<Self>, String> {
        if s.trim().eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        let (from, to) = s
            .split_once('-')
            .ok_or_else(|| format!("`{s}` is not HH:MM-HH:MM"))?;
        let time = |t: &str| {
            NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| format!("`{t}` is not HH:MM"))
        };
        let hours = Self {
            from: time(from)?,
            to: time(to)?,
        };
        if hours.from == hours.to {
            return Err(format!("`{s}` begins and ends at the same time"));
        }
        Ok(Some(hours))
    }
}

/// The association's settings that the head office edits in the app; the server's flags
/// give them at first start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// How applicants reach the association besides its points.
    pub contact: Contact,
    /// Days from submission to the expected answer (policy H5).
    pub answer_days: u32,
    /// When messages that can wait are held for the morning; none, any hour.
    pub quiet_hours: Option<QuietHours>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            contact: Contact::default(),
            answer_days: Self::ANSWER_DAYS_MIN,
            quiet_hours: None,
        }
    }
}

impl Settings {
    /// Policy H5: an answer within two weeks at the least.
    pub const ANSWER_DAYS_MIN: u32 = 14;
    /// Beyond a year is no promise.
    pub const ANSWER_DAYS_MAX: u32 = 365;

    /// The settings tidied and checked by the same rules as the flags: contact details
    /// that are what they say, days to an answer within H5's bounds, and quiet hours that
    /// begin and end at different times.
    pub fn check(&self) -> Result<Self, Vec<FieldError>> {
        let mut c = Collector::default();
        let given = |v: &Option<String>| {
            let t = crate::digits::to_ascii_digits(v.as_deref().unwrap_or_default().trim());
            (!t.is_empty()).then_some(t)
        };
        let phone = c.check(
            Field::Phone,
            given(&self.contact.phone)
                .map(|p| Contact::phone(&p).map_err(|_| ErrorCode::PhoneFormat))
                .transpose(),
        );
        let email = c.check(
            Field::Email,
            given(&self.contact.email)
                .map(|e| Contact::email(&e).map_err(|_| ErrorCode::EmailFormat))
                .transpose(),
        );
        let website = c.check(
            Field::Website,
            given(&self.contact.website)
                .map(|w| Contact::website(&w).map_err(|_| ErrorCode::WebsiteFormat))
                .transpose(),
        );
        let days = c.check(
            Field::AnswerDays,
            match self.answer_days {
                d if d < Self::ANSWER_DAYS_MIN => Err(ErrorCode::TooSmall {
                    min: u64::from(Self::ANSWER_DAYS_MIN),
                }),
                d if d > Self::ANSWER_DAYS_MAX => Err(ErrorCode::TooLarge {
                    max: u64::from(Self::ANSWER_DAYS_MAX),
                }),
                d => Ok(d),
            },
        );
        let quiet = c.check(
            Field::QuietHours,
            match self.quiet_hours {
                Some(q) if q.from == q.to => Err(ErrorCode::SameTimes),
                q => Ok(q),
            },
        );
        c.finish(|| {
            Some(Self {
                contact: Contact {
                    phone: phone?,
                    email: email?,
                    website: website?,
                },
                answer_days: days?,
                quiet_hours: quiet?,
            })
        })
    }
}

/// One version of the settings, as kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsVersion {
    /// From 1, one more at each edit.
    pub version: i64,
    /// What they were.
    pub settings: Settings,
    /// Who saved them; `None` for those the flags gave at first start.
    pub by: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// The settings now, and the versions before, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsHistory {
    /// In force.
    pub current: SettingsVersion,
    /// Before it.
    pub earlier: Vec<SettingsVersion>,
}

/// An edit of the settings: the version it was made on (an edit on an older version is
/// refused, so two people never overwrite each other unknowingly) and the new values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsEdit {
    /// The version the editor saw.
    pub version: i64,
    /// The new values.
    pub settings: Settings,
}

/// How the server is reached, as far as the checklist can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reached {
    /// Over HTTPS (directly or through a trusted proxy that says so).
    Https,
    /// Over plain HTTP on this machine: fine for trying it, not for going live.
    Loopback,
    /// Over plain HTTP from another machine: passwords and data cross the network bare.
    PlainHttp,
}

/// The last test text the head office sent through the gateway, and its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsTest {
    /// When.
    pub at: DateTime<Utc>,
    /// The mobile it went to.
    pub mobile: String,
    /// Whether the gateway took it.
    pub ok: bool,
    /// What the gateway answered, or why it could not be reached.
    pub answer: String,
}

/// What the first-start checklist reads from the data, each line ticking itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    /// Open outreach points.
    pub points: u32,
    /// Open points without an active officer, by name.
    pub points_without_officer: Vec<OutreachPoint>,
    /// Active staff accounts, by role.
    pub staff: Vec<(Role, u32)>,
    /// The contact details applicants see.
    pub contact: Contact,
    /// The provider messages leave by: `log` writes them to the server's log only.
    pub sms_provider: String,
    /// The last test text.
    pub sms_test: Option<SmsTest>,
    /// How this page was reached.
    pub reached: Reached,
    /// Whether the session cookie is kept to HTTPS.
    pub secure_cookies: bool,
    /// When the last backup was taken, by `server backup`.
    pub last_backup: Option<DateTime<Utc>>,
    /// Now, by the server's clock.
    pub now: DateTime<Utc>,
}

/// A line of the checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChecklistItem {
    /// At least one open outreach point.
    Points,
    /// An active account for each staff role, and an officer at each open point.
    Staff,
    /// A phone, e-mail or website for applicants.
    Contact,
    /// A gateway configured, and a test text that it took.
    Sms,
    /// Reached over HTTPS, with the session cookie kept to it.
    Https,
    /// A backup in the last week.
    Backup,
}

impl ChecklistItem {
    /// Every line, in the order they are best done.
    pub const ALL: [Self; 6] = [
        Self::Points,
        Self::Staff,
        Self::Contact,
        Self::Sms,
        Self::Https,
        Self::Backup,
    ];
}

/// The staff roles the association needs one account of each, at least.
pub const STAFF_ROLES: [Role; 4] = [
    Role::HeadOffice,
    Role::Officer,
    Role::Researcher,
    Role::Committee,
];

/// How old the last backup may be for the line to stay ticked.
pub const BACKUP_DAYS: i64 = 7;

impl Checklist {
    /// Active accounts of `role`.
    pub fn staff_of(&self, role: Role) -> u32 {
        self.staff
            .iter()
            .find(|(r, _)| *r == role)
            .map_or(0, |(_, n)| *n)
    }

    /// Whether `item` is done.
    pub fn done(&self, item: ChecklistItem) -> bool {
        match item {
            ChecklistItem::Points => self.points > 0,
            ChecklistItem::Staff => {
                STAFF_ROLES.iter().all(|r| self.staff_of(*r) > 0)
                    && self.points_without_officer.is_empty()
            }
            ChecklistItem::Contact => {
                self.contact.phone.is_some()
                    || self.contact.email.is_some()
                    || self.contact.website.is_some()
            }
            ChecklistItem::Sms => {
                self.sms_provider != "log" && self.sms_test.as_ref().is_some_and(|t| t.ok)
            }
            ChecklistItem::Https => self.reached != Reached::PlainHttp && self.secure_cookies,
            ChecklistItem::Backup => self
                .last_backup
                .is_some_and(|at| self.now - at <= chrono::Duration::days(BACKUP_DAYS)),
        }
    }

    /// Whether every line is done.
    pub fn complete(&self) -> bool {
        ChecklistItem::ALL.iter().all(|i| self.done(*i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point() -> PointDetails {
        PointDetails {
            name_ar: " نقطة صامطة ".into(),
            name_en: "Samtah".into(),
            governorate: "samtah".into(),
            address: String::new(),
            phone: "٠١٧ ٣٢١ ٠٠٠٠".into(),
            hours: "الأحد–الخميس ٨–٢".into(),
        }
    }

    #[test]
    fn a_point_is_checked_and_tidied() {
        let p = point().check().expect("valid");
        assert_eq!(p.name_ar, "نقطة صامطة");
        assert_eq!(p.phone, "0173210000");
        let bad = PointDetails {
            name_ar: String::new(),
            name_en: "x".repeat(NAME_MAX + 1),
            governorate: "riyadh".into(),
            phone: "12".into(),
            ..point()
        };
        let fields: Vec<(Field, ErrorCode)> = bad
            .check()
            .expect_err("invalid")
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                (Field::NameAr, ErrorCode::Required),
                (Field::NameEn, ErrorCode::TooLong { max: NAME_MAX }),
                (Field::Governorate, ErrorCode::UnknownChoice),
                (Field::Phone, ErrorCode::PhoneFormat),
            ]
        );
    }

    #[test]
    fn a_new_point_is_coded_from_its_english_name() {
        let named = |en: &str| PointDetails {
            name_en: en.into(),
            ..point()
        };
        assert_eq!(named("Abu Arish").code(), "abu-arish");
        assert_eq!(named("  Al-Darb (north) ").code(), "al-darb-north");
        assert_eq!(named("صبيا").code(), "point");
    }

    #[test]
    fn a_closing_needs_another_point_and_a_reason() {
        let closing = |to: &str, reason: &str| PointClosing {
            to: to.into(),
            reason: reason.into(),
            officers: OfficersThen::Move,
        };
        assert_eq!(
            closing("sabya", " merged ").check("samtah"),
            Ok("merged".into())
        );
        let errors = closing("samtah", "").check("samtah").expect_err("refused");
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].code, ErrorCode::SamePoint);
        assert_eq!(errors[1].code, ErrorCode::Required);
    }

    #[test]
    fn settings_keep_to_the_policy_and_the_flags_rules() {
        let mut s = Settings {
            contact: Contact {
                phone: Some(" ٩٢٠٠٠٠٠٠٠ ".into()),
                email: Some(String::new()),
                website: None,
            },
            answer_days: 14,
            quiet_hours: QuietHours::parse("22:00-07:00").expect("hours"),
        };
        let checked = s.check().expect("valid");
        assert_eq!(checked.contact.phone.as_deref(), Some("920000000"));
        assert_eq!(checked.contact.email, None);
        s.answer_days = 13;
        s.contact.website = Some("http://example.org".into());
        let codes: Vec<ErrorCode> = s
            .check()
            .expect_err("refused")
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(
            codes,
            vec![ErrorCode::WebsiteFormat, ErrorCode::TooSmall { min: 14 }]
        );
        assert_eq!(QuietHours::parse("none"), Ok(None));
        assert!(QuietHours::parse("07:00-07:00").is_err());
        assert!(QuietHours::parse("7pm-8am").is_err());
    }

    #[test]
    fn the_checklist_ticks_from_the_data() {
        let now: DateTime<Utc> = "2026-12-06T09:00:00Z".parse().expect("time");
        let mut list = Checklist {
            points: 0,
            points_without_officer: Vec::new(),
            staff: vec![(Role::HeadOffice, 1)],
            contact: Contact::default(),
            sms_provider: "log".into(),
            sms_test: None,
            reached: Reached::Loopback,
            secure_cookies: false,
            last_backup: Some(now - chrono::Duration::days(BACKUP_DAYS + 1)),
            now,
        };
        assert!(ChecklistItem::ALL.iter().all(|i| !list.done(*i)));
        list.points = 1;
        list.staff = STAFF_ROLES.iter().map(|r| (*r, 1)).collect();
        list.contact.email = Some("info@example.org".into());
        list.sms_provider = "http".into();
        list.sms_test = Some(SmsTest {
            at: now,
            mobile: "0500000000".into(),
            ok: true,
            answer: "200".into(),
        });
        list.secure_cookies = true;
        list.last_backup = Some(now);
        assert!(list.complete());
        list.reached = Reached::PlainHttp;
        assert!(!list.done(ChecklistItem::Https));
    }
}
