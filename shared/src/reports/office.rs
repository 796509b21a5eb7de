//! The head office's consolidated views of every outreach point: the case list's query, its
//! rows and pages, the dashboard's counts, and applicants who appear on more than one open
//! request.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::filters::CaseFilter;
use crate::life::status::CaseStatus;
use crate::people::UserRef;
use crate::region::{Channel, Governorate, SupportType};
use crate::validation::{choice, required_text, Collector, Field, FieldError};
use crate::vocabulary::vocabulary;
use crate::CaseId;

vocabulary! {
    /// How the consolidated list is ordered.
    Sort {
        Newest = "newest", "الأحدث تقديمًا", "Newest first";
        Oldest = "oldest", "الأقدم تقديمًا", "Oldest first";
        AnswerDue = "answer_due", "الأقرب موعدًا للرد", "Answer due soonest";
        Name = "name", "اسم مقدم الطلب", "Applicant's name";
    }
}

vocabulary! {
    /// The calendar months are counted in.
    Calendar {
        Gregorian = "gregorian", "ميلادي", "Gregorian";
        Hijri = "hijri", "هجري (أم القرى)", "Hijri (Umm al-Qura)";
    }
}

/// A calendar month: `g2026-11` (Gregorian) or `h1448-05` (Umm al-Qura).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    /// Its calendar.
    pub calendar: Calendar,
    /// The year in that calendar.
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl Month {
    /// The month as people read it: «نوفمبر 2026», «جمادى الأولى 1448 هـ».
    pub fn name(self, arabic: bool) -> String {
        let hijri = self.calendar == Calendar::Hijri;
        crate::dates::month_name(hijri, self.month, self.year, arabic)
    }

    /// The month a day falls in, in `calendar`.
    pub fn of(day: NaiveDate, calendar: Calendar) -> Self {
        use chrono::Datelike;
        match calendar {
            Calendar::Gregorian => Self {
                calendar,
                year: day.year(),
                month: day.month(),
            },
            Calendar::Hijri => {
                let h = crate::dates::hijri(day);
                Self {
                    calendar,
                    year: h.year,
                    month: h.month,
                }
            }
        }
    }

    /// Reads `g2026-11` or `h1448-05`.
    pub fn parse(text: &str) -> Option<Self> {
        let calendar = match text.get(..1)? {
            "g" => Calendar::Gregorian,
            "h" => Calendar::Hijri,
            _ => return None,
        };
        let (year, month) = text.get(1..)?.split_once('-')?;
        let (year, month): (i32, u32) = (year.parse().ok()?, month.parse().ok()?);
        let years = match calendar {
            Calendar::Gregorian => 1900..=2200,
            Calendar::Hijri => 1300..=1600,
        };
        ((1..=12).contains(&month) && years.contains(&year)).then_some(Self {
            calendar,
            year,
            month,
        })
    }

    /// The month before.
    pub fn previous(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
                ..self
            }
        } else {
            Self {
                month: self.month - 1,
                ..self
            }
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = match self.calendar {
            Calendar::Gregorian => 'g',
            Calendar::Hijri => 'h',
        };
        write!(f, "{c}{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).ok_or_else(|| serde::de::Error::custom("not a month"))
    }
}

/// The consolidated list as asked for: a search, the shared filter's parts, a month of
/// submission, an order and a page. Every part is optional; it travels as a query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseQuery {
    /// A name (in any of its spellings), a national ID, a mobile or a reference number.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub q: String,
    /// Only requests in this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<CaseStatus>,
    /// Only requests that came through this channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// Only applicants of this governorate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub governorate: Option<Governorate>,
    /// Only requests of this outreach point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    /// Only requests asking for this support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<SupportType>,
    /// Only requests past their expected answer day and still undecided.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
    /// Only open requests sharing a national ID with another open one, not yet reviewed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub duplicates: bool,
    /// Only requests handed in during this month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<Month>,
    /// The order; newest first when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
    /// The page, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Rows a page holds, at most [`CaseQuery::PER_PAGE_MAX`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

impl CaseQuery {
    /// Rows on a page when not asked otherwise.
    pub const PER_PAGE: u32 = 50;
    /// The most rows a page may hold.
    pub const PER_PAGE_MAX: u32 = 200;
    /// The longest search text read.
    pub const Q_MAX: usize = 100;

    /// The shared filter's parts of the query.
    pub fn filter(&self) -> CaseFilter {
        CaseFilter {
            status: self.status,
            channel: self.channel,
            governorate: self.governorate,
            outreach_point: self.point.clone(),
            support: self.support,
            overdue: self.overdue,
        }
    }

    /// The page asked for, from 1.
    pub fn page(&self) -> u32 {
        self.page.unwrap_or(1).max(1)
    }

    /// Rows a page holds.
    pub fn per_page(&self) -> u32 {
        self.per_page
            .unwrap_or(Self::PER_PAGE)
            .clamp(1, Self::PER_PAGE_MAX)
    }

    /// The same query on another page.
    pub fn on_page(&self, page: u32) -> Self {
        Self {
            page: (page > 1).then_some(page),
            ..self.clone()
        }
    }

    /// The same query from its first page: what a changed filter or search shows.
    pub fn first_page(self) -> Self {
        Self { page: None, ..self }
    }
}

/// One request in the consolidated list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    /// The case.
    pub id: CaseId,
    /// Its reference number.
    pub reference: String,
    /// The applicant's four-part name.
    pub name: String,
    /// The applicant's national ID, once valid.
    pub national_id: Option<String>,
    /// The applicant's mobile, once valid.
    pub mobile: Option<String>,
    /// Where it stands.
    pub status: CaseStatus,
    /// The channel's code.
    pub channel: String,
    /// The governorate's code.
    pub governorate: String,
    /// The outreach point's id and names.
    pub point: String,
    /// The outreach point's Arabic name.
    pub point_ar: String,
    /// The outreach point's English name.
    pub point_en: String,
    /// Support type codes asked for.
    pub support: Vec<String>,
    /// When handed in.
    pub submitted_at: Option<DateTime<Utc>>,
    /// The expected answer day.
    pub answer_expected_on: Option<NaiveDate>,
    /// Past that day and still undecided.
    pub overdue: bool,
    /// Sharing a national ID with another open request, not reviewed.
    pub duplicate: bool,
}

/// A page of the consolidated list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePage {
    /// The rows of this page.
    pub rows: Vec<CaseRow>,
    /// How many requests match in all.
    pub total: u64,
    /// This page, from 1.
    pub page: u32,
    /// Rows a page holds.
    pub per_page: u32,
}

/// One bar of a chart: what it counts, its names and its number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// The code the list filters by (a status, channel, governorate, point, support type
    /// or month).
    pub key: String,
    /// The Arabic name.
    pub name_ar: String,
    /// The English name.
    pub name_en: String,
    /// How many requests.
    pub n: u64,
}

/// How long the committee took to decide, from the day of handing in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionTimes {
    /// Requests decided (accepted or rejected).
    pub decided: u64,
    /// The median, in days; `None` before any decision.
    pub median_days: Option<u32>,
    /// The 90th percentile, in days.
    pub p90_days: Option<u32>,
    /// Decided within the expected days.
    pub within_expected: u64,
    /// The days an answer is expected in.
    pub expected_days: u32,
}

/// The head office's dashboard: requests handed in, by each of their parts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Requests handed in, in all (drafts are not counted).
    pub total: u64,
    /// By status, in the status machine's order.
    pub by_status: Vec<Count>,
    /// By the eight channels of the policy.
    pub by_channel: Vec<Count>,
    /// By the applicant's governorate.
    pub by_governorate: Vec<Count>,
    /// By outreach point.
    pub by_point: Vec<Count>,
    /// By support type asked for (a request may ask for several).
    pub by_support: Vec<Count>,
    /// By the month of handing in, the last twelve in the asked calendar, oldest first.
    pub by_month: Vec<Count>,
    /// The calendar of `by_month`.
    pub calendar: Option<Calendar>,
    /// Time to a decision.
    pub decision_times: DecisionTimes,
    /// Requests past their expected answer day and undecided.
    pub overdue: u64,
    /// Needs and suggestions not yet answered and closed.
    pub open_feedback: u64,
    /// Open requests sharing a national ID with another, not yet reviewed.
    pub duplicates: u64,
}

vocabulary! {
    /// What the head office found two requests sharing a national ID to be.
    DuplicateVerdict {
        /// The same person or family asking twice, or asking from two points: linked, so
        /// each is studied knowing the other.
        Linked = "linked", "مرتبطان: الشخص أو الأسرة نفسها", "Linked: the same person or family";
        /// Not a duplicate (a member who moved, a mistake corrected): the flag is lifted.
        NotDuplicate = "not_duplicate", "ليسا مكررين", "Not duplicates";
    }
}

/// One side of a pair of open requests sharing a national ID.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateSide {
    /// The case.
    pub id: CaseId,
    /// Its reference.
    pub reference: String,
    /// The applicant's name.
    pub name: String,
    /// Where it stands.
    pub status: CaseStatus,
    /// The outreach point's Arabic name.
    pub point_ar: String,
    /// The outreach point's English name.
    pub point_en: String,
    /// Whether the shared ID is a household member's on this request (else the applicant's).
    pub as_member: bool,
    /// The applicant's national ID on this request: what differs in a pair found by name.
    #[serde(default)]
    pub applicant_id: String,
}

/// What the head office decided on a pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateReview {
    /// Linked or not duplicates.
    pub verdict: DuplicateVerdict,
    /// Why, in words.
    pub reason: String,
    /// Who decided.
    pub by: UserRef,
    /// When.
    pub at: DateTime<Utc>,
}

/// Two open requests that share a national ID, or whose applicants have the same
/// four-part name and birth date under different IDs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicatePair {
    /// The shared ID; for a pair found by name, the key of the name and date (see
    /// [`DuplicatePair::by_name_key`]), which a review names the pair by.
    pub national_id: String,
    /// What the two share, when it is not an ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_person: Option<SamePerson>,
    /// The request handed in first.
    pub first: DuplicateSide,
    /// The other.
    pub second: DuplicateSide,
    /// The head office's finding, once made.
    pub review: Option<DuplicateReview>,
}

/// The applicant's name and birth date two requests share under different national IDs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamePerson {
    /// The name, as the first request writes it.
    pub name: String,
    /// The birth date.
    pub born: NaiveDate,
}

impl DuplicatePair {
    /// The prefix of the key of a pair found by name and birth date.
    pub const BY_NAME: &'static str = "name:";

    /// The key a pair found by the folded name `name_key` and birth date `born` is
    /// reviewed under (where a pair found by ID gives its ID).
    pub fn by_name_key(name_key: &str, born: NaiveDate) -> String {
        format!("{}{name_key}:{born}", Self::BY_NAME)
    }
}

/// The head office's finding on a pair, as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DuplicateReviewInput {
    /// One case of the pair.
    pub first: Option<CaseId>,
    /// The other.
    pub second: Option<CaseId>,
    /// The ID they share.
    pub national_id: String,
    /// [`DuplicateVerdict`] code.
    pub verdict: String,
    /// Why.
    pub reason: String,
}

impl DuplicateReviewInput {
    /// The longest a reason may be.
    pub const REASON_MAX: usize = 500;

    /// Checks the finding: a verdict and a reason are required.
    pub fn check(&self) -> Result<(DuplicateVerdict, String), Vec<FieldError>> {
        let mut c = Collector::default();
        let verdict = c.check(
            Field::DuplicateVerdict,
            choice(&self.verdict, DuplicateVerdict::from_code),
        );
        let reason = c.check(
            Field::DuplicateReason,
            required_text(&self.reason, Self::REASON_MAX),
        );
        c.finish(|| Some((verdict?, reason?)))
    }
}

/// An officer's question at intake: do these IDs appear on another open request?
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DuplicateCheck {
    /// The request being taken, left out of the answer.
    pub case_id: Option<CaseId>,
    /// The applicant's and household members' IDs, as typed.
    pub national_ids: Vec<String>,
}

impl DuplicateCheck {
    /// The most IDs one question may hold (an applicant and a large household).
    pub const MAX_IDS: usize = 40;
}

/// An open request elsewhere carrying an ID of the one being taken: only what an officer
/// needs to ask the applicant about it, whichever outreach point holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateHit {
    /// The ID found.
    pub national_id: String,
    /// Whether it is a household member's on the other request.
    pub as_member: bool,
    /// The other request's reference.
    pub reference: String,
    /// The other request, when the one who asked may open it (the head office, or an
    /// officer of its point); `None` otherwise.
    #[serde(default)]
    pub case_id: Option<crate::CaseId>,
    /// Where it stands.
    pub status: CaseStatus,
    /// The outreach point holding it, in Arabic.
    pub point_ar: String,
    /// And in English.
    pub point_en: String,
}

/// The median and the 90th percentile (nearest rank) of some day counts, given as how
/// many requests took each number of days.
pub fn percentiles(days: &BTreeMap<u32, u64>) -> (Option<u32>, Option<u32>) {
    let total: u64 = days.values().sum();
    if total == 0 {
        return (None, None);
    }
    let rank = |p: u64| {
        let wanted = (p * total).div_ceil(100).max(1);
        let mut seen = 0;
        days.iter().find_map(|(d, n)| {
            seen += n;
            (seen >= wanted).then_some(*d)
        })
    };
    (rank(50), rank(90))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_read_and_write_in_both_calendars() {
        for text in ["g2026-11", "h1448-05", "g2027-01"] {
            assert_eq!(Month::parse(text).expect(text).to_string(), text);
        }
        for bad in ["g2026-13", "h2026-01", "g1448-01", "x2026-01", "g2026", ""] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        let jan = Month::parse("g2027-01").expect("month");
        assert_eq!(jan.previous().to_string(), "g2026-12");
        let day = NaiveDate::from_ymd_opt(2026, 12, 16).expect("day");
        assert_eq!(Month::of(day, Calendar::Hijri).to_string(), "h1448-07");
        assert_eq!(Month::of(day, Calendar::Gregorian).to_string(), "g2026-12");
    }

    #[test]
    fn percentiles_are_by_nearest_rank() {
        let of = |days: &[u32]| {
            let mut counted = BTreeMap::new();
            for d in days {
                *counted.entry(*d).or_insert(0) += 1;
            }
            percentiles(&counted)
        };
        assert_eq!(of(&[]), (None, None));
        assert_eq!(of(&[7]), (Some(7), Some(7)));
        let days: Vec<u32> = (1..=10).rev().collect();
        assert_eq!(of(&days), (Some(5), Some(9)));
        assert_eq!(of(&[3, 20, 5, 14]), (Some(5), Some(20)));
        assert_eq!(of(&[4, 4, 4, 9]), (Some(4), Some(9)));
    }

    #[test]
    fn a_review_needs_its_verdict_and_reason() {
        let errors = DuplicateReviewInput::default().check().expect_err("empty");
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![Field::DuplicateVerdict, Field::DuplicateReason]
        );
        let ok = DuplicateReviewInput {
            verdict: "not_duplicate".into(),
            reason: "ابن انتقل إلى أسرة أخرى".into(),
            ..Default::default()
        };
        assert_eq!(ok.check().expect("valid").0, DuplicateVerdict::NotDuplicate);
    }

    #[test]
    fn a_query_travels_as_a_short_query_string() {
        let q = CaseQuery {
            q: "فاطمة".into(),
            status: Some(CaseStatus::AtCommittee),
            overdue: true,
            month: Month::parse("h1448-05"),
            ..Default::default()
        };
        let text = serde_urlencoded::to_string(&q).expect("encodes");
        assert_eq!(
            text,
            "q=%D9%81%D8%A7%D8%B7%D9%85%D8%A9&status=at_committee&overdue=true&month=h1448-05"
        );
        assert_eq!(
            serde_urlencoded::from_str::<CaseQuery>(&text).expect("decodes"),
            q
        );
        assert_eq!(
            serde_urlencoded::from_str::<CaseQuery>("").expect("empty"),
            CaseQuery::default()
        );
    }
}
