//! The research committee's papers (policy H5): the agenda of the requests waiting for its
//! decision, and the minute of each meeting's decisions, as the server hands them out to
//! print.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::life::workflow::{Decision, Meeting, Recommendation, RefusalReason, Verdict};
use crate::request::income::Halalas;
use crate::request::support::Urgency;
use crate::search::{name_key, SearchTerm};
use crate::vocabulary::vocabulary;
use crate::{Case, CaseId, CaseStatus};

/// What every paper says of a request: who asks, for what, from where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The case.
    pub id: CaseId,
    /// Its reference number.
    pub reference: String,
    /// The applicant's full name.
    pub name: String,
    /// The applicant's national ID as typed.
    pub national_id: String,
    /// The outreach point's id.
    #[serde(default)]
    pub point: String,
    /// The outreach point's name, in Arabic.
    pub point_ar: String,
    /// And in English.
    pub point_en: String,
    /// [`crate::Governorate`] code.
    pub governorate: String,
    /// [`crate::SupportType`] codes asked for.
    pub support: Vec<String>,
    /// The people in the home, the applicant included.
    pub household: usize,
    /// The home's monthly income.
    pub income: Halalas,
    /// [`Urgency`] code, as the applicant gave it.
    #[serde(default)]
    pub urgency: String,
}

impl Request {
    /// The request's part of a paper.
    pub fn of(case: &Case) -> Self {
        let a = &case.request.applicant;
        Self {
            id: case.id,
            reference: case.reference.to_string(),
            name: a.full_name(),
            national_id: a.national_id.clone(),
            point: case.outreach_point.id.clone(),
            point_ar: case.outreach_point.name_ar.clone(),
            point_en: case.outreach_point.name_en.clone(),
            governorate: a.governorate.clone(),
            support: case.request.support.types.clone(),
            household: 1 + case.request.household.len(),
            income: case.request.income.total(),
            urgency: case.request.support.urgency.clone(),
        }
    }
}

/// A request on the agenda: waiting at the committee, with what the research found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    /// The request.
    pub request: Request,
    /// The day it was handed in.
    pub submitted_on: Option<NaiveDate>,
    /// The day from which an answer was promised.
    pub answer_expected_on: Option<NaiveDate>,
    /// The promised day has passed.
    pub overdue: bool,
    /// The social researcher who visited.
    pub researcher: Option<String>,
    /// The day of the visit.
    pub visited_on: Option<NaiveDate>,
    /// What the researcher recommends.
    pub recommendation: Option<Recommendation>,
    /// What the researcher found.
    pub findings: String,
    /// How many times the committee sent it back for more information already.
    pub returned: usize,
}

impl AgendaItem {
    /// The case as its agenda line on `today` (the Saudi calendar day), if it is waiting
    /// for the committee.
    pub fn of(case: &Case, today: NaiveDate) -> Option<Self> {
        if case.status != CaseStatus::AtCommittee || case.discarded {
            return None;
        }
        let research = case.research.as_ref();
        let visit = research.and_then(|r| r.visit.as_ref());
        Some(Self {
            request: Request::of(case),
            submitted_on: case.submitted_at.map(crate::dates::saudi_date),
            answer_expected_on: case.answer_expected_on,
            overdue: case.overdue(today),
            researcher: research.map(|r| r.researcher.name.clone()),
            visited_on: visit.map(|v| v.visited_on),
            recommendation: visit.map(|v| v.recommendation),
            findings: visit.map(|v| v.findings.clone()).unwrap_or_default(),
            returned: case
                .decisions
                .iter()
                .filter(|d| d.verdict == Verdict::ReturnForInfo)
                .count(),
        })
    }
}

/// The agenda: every request waiting for the committee, the longest waiting first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    /// The day it was drawn up.
    pub on: NaiveDate,
    /// The requests.
    pub items: Vec<AgendaItem>,
}

impl Agenda {
    /// The agenda of `cases` on `today`: those at the committee, oldest handed in first.
    pub fn of<'a>(cases: impl IntoIterator<Item = &'a Case>, today: NaiveDate) -> Self {
        let mut items: Vec<AgendaItem> = cases
            .into_iter()
            .filter_map(|c| AgendaItem::of(c, today))
            .collect();
        items.sort_by(|a, b| {
            (a.submitted_on, &a.request.reference).cmp(&(b.submitted_on, &b.request.reference))
        });
        Self { on: today, items }
    }
}

/// A meeting, with how many requests it accepted, rejected and sent back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingSummary {
    /// The meeting.
    pub meeting: Meeting,
    /// Requests accepted.
    pub accepted: u32,
    /// Requests rejected.
    pub rejected: u32,
    /// Requests returned for more information.
    pub returned: u32,
}

impl MeetingSummary {
    /// The meeting, with no decision counted yet.
    pub fn new(meeting: Meeting) -> Self {
        Self {
            meeting,
            accepted: 0,
            rejected: 0,
            returned: 0,
        }
    }

    /// Adds `n` decisions of `verdict`.
    pub fn count(&mut self, verdict: Verdict, n: u32) {
        match verdict {
            Verdict::Accept => self.accepted += n,
            Verdict::Reject => self.rejected += n,
            Verdict::ReturnForInfo => self.returned += n,
        }
    }

    /// Every decision of the meeting.
    pub fn total(&self) -> u32 {
        self.accepted + self.rejected + self.returned
    }
}

/// One decision as the minute records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinuteEntry {
    /// The request decided on.
    pub request: Request,
    /// What was decided.
    pub verdict: Verdict,
    /// Why, for a rejection.
    pub reasons: Vec<RefusalReason>,
    /// The committee's words.
    pub note: String,
    /// The member who recorded it.
    pub by: String,
    /// When it was recorded.
    pub at: DateTime<Utc>,
}

impl MinuteEntry {
    /// The decision on `case` as its minute line.
    pub fn of(case: &Case, decision: &Decision) -> Self {
        Self {
            request: Request::of(case),
            verdict: decision.verdict,
            reasons: decision.reasons.clone(),
            note: decision.note.clone(),
            by: decision.by.name.clone(),
            at: decision.at,
        }
    }
}

/// The minute of a meeting: every decision taken in it, in the order recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minute {
    /// The meeting and its counts.
    pub summary: MeetingSummary,
    /// The decisions.
    pub entries: Vec<MinuteEntry>,
    /// The members who recorded them, each once, in order of their first.
    pub members: Vec<String>,
}

impl Minute {
    /// The minute of `meeting` from the decisions of `cases` taken in it.
    pub fn of<'a>(meeting: Meeting, cases: impl IntoIterator<Item = &'a Case>) -> Self {
        let mut entries: Vec<MinuteEntry> = cases
            .into_iter()
            .flat_map(|c| {
                c.decisions
                    .iter()
                    .filter(|d| d.meeting == meeting)
                    .map(move |d| MinuteEntry::of(c, d))
            })
            .collect();
        entries.sort_by(|a, b| (a.at, &a.request.reference).cmp(&(b.at, &b.request.reference)));
        let mut summary = MeetingSummary::new(meeting);
        let mut members: Vec<String> = Vec::new();
        for e in &entries {
            summary.count(e.verdict, 1);
            if !members.contains(&e.by) {
                members.push(e.by.clone());
            }
        }
        Self {
            summary,
            entries,
            members,
        }
    }
}

vocabulary! {
    /// How the agenda is ordered.
    AgendaOrder {
        Oldest = "oldest", "الأقدم تقديمًا أولًا", "Longest waiting first";
        Urgent = "urgent", "الأشد إلحاحًا أولًا", "Most urgent first";
        AnswerDue = "answer_due", "الأقرب موعدًا للرد أولًا", "Answer due soonest first";
        Name = "name", "حسب الاسم", "By name";
    }
}

/// What the committee narrows its agenda to: a name, ID or reference, an outreach point,
/// a support type, an urgency, and an order; each empty field narrows nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgendaQuery {
    /// A name in any of its spellings, or the start of an ID or reference.
    pub q: String,
    /// An outreach point's id.
    pub point: String,
    /// A [`crate::SupportType`] code.
    pub support: String,
    /// An [`Urgency`] code.
    pub urgency: String,
    /// The order; the longest waiting first when none.
    pub order: Option<AgendaOrder>,
}

/// How pressing an urgency is, the most pressing highest; none given is the least.
fn pressing(code: &str) -> u8 {
    match Urgency::from_code(code) {
        Some(Urgency::Critical) => 2,
        Some(Urgency::Urgent) => 1,
        _ => 0,
    }
}

impl Agenda {
    /// The items `query` keeps, in its order.
    pub fn narrowed(&self, query: &AgendaQuery) -> Vec<&AgendaItem> {
        let term = SearchTerm::parse(&query.q);
        let mut items: Vec<&AgendaItem> = self
            .items
            .iter()
            .filter(|i| {
                let r = &i.request;
                let found = match &term {
                    SearchTerm::Nothing => true,
                    SearchTerm::Name(key) => name_key(&r.name).contains(key.as_str()),
                    SearchTerm::Number(digits) => {
                        r.national_id.starts_with(digits.as_str())
                            || crate::digits::compact_number(&r.reference)
                                .starts_with(digits.as_str())
                    }
                };
                found
                    && (query.point.is_empty() || r.point == query.point)
                    && (query.support.is_empty() || r.support.contains(&query.support))
                    && (query.urgency.is_empty() || r.urgency == query.urgency)
            })
            .collect();
        match query.order.unwrap_or(AgendaOrder::Oldest) {
            // As the agenda is drawn up.
            AgendaOrder::Oldest => {}
            AgendaOrder::Urgent => items.sort_by_key(|i| {
                (
                    std::cmp::Reverse(pressing(&i.request.urgency)),
                    i.submitted_on,
                )
            }),
            AgendaOrder::AnswerDue => {
                items.sort_by_key(|i| (i.answer_expected_on.is_none(), i.answer_expected_on))
            }
            AgendaOrder::Name => items.sort_by(|a, b| a.request.name.cmp(&b.request.name)),
        }
        items
    }
}

/// The meeting a decision form suggests: the one held today, if the committee has held
/// one; otherwise the next number after the last, today.
pub fn suggested_meeting(known: &[Meeting], today: NaiveDate) -> Meeting {
    if let Some(open) = known
        .iter()
        .filter(|m| m.held_on == today)
        .max_by_key(|m| m.number)
    {
        return open.clone();
    }
    Meeting {
        number: known.iter().map(|m| m.number).max().unwrap_or(0) + 1,
        held_on: today,
    }
}

/// Why a meeting as typed must be confirmed knowingly before a decision is recorded in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeetingDoubt {
    /// A new number that does not follow the last meeting's.
    OutOfSequence {
        /// The last meeting's number.
        last: u32,
    },
    /// The number of a meeting held on another day.
    OtherDay {
        /// The day that meeting was held.
        held_on: NaiveDate,
    },
}

/// What in `typed` does not fit the meetings `known` (the committee's, any order).
pub fn meeting_doubts(known: &[Meeting], typed: &Meeting) -> Vec<MeetingDoubt> {
    if let Some(same) = known.iter().find(|m| m.number == typed.number) {
        return if same.held_on == typed.held_on {
            Vec::new()
        } else {
            vec![MeetingDoubt::OtherDay {
                held_on: same.held_on,
            }]
        };
    }
    match known.iter().map(|m| m.number).max() {
        Some(last) if typed.number != last + 1 => vec![MeetingDoubt::OutOfSequence { last }],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::life::apply::tests::run;
    use crate::life::mutation::Op;
    use crate::life::steps::tests::{at_committee, committee, submitted};
    use crate::life::workflow::DecisionInput;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    fn decide(verdict: &str, number: u32, held_on: &str) -> Op {
        let rejected = verdict == "reject";
        Op::Decide {
            decision: DecisionInput {
                verdict: verdict.into(),
                reasons: if rejected {
                    vec!["no_budget".into()]
                } else {
                    vec![]
                },
                note: if verdict == "accept" {
                    String::new()
                } else {
                    "ينقص تقرير المهندس".into()
                },
                meeting_number: number.to_string(),
                meeting_date: held_on.into(),
            },
        }
    }

    #[test]
    fn the_agenda_holds_what_waits_for_the_committee_with_the_research() {
        let waiting = at_committee();
        let decided = run(
            Some(&at_committee()),
            decide("accept", 7, "2026-11-25"),
            &committee(),
        )
        .expect("accepted");
        let agenda = Agenda::of([&submitted(), &waiting, &decided], day("2026-11-26"));
        assert_eq!(agenda.items.len(), 1);
        let item = &agenda.items[0];
        assert_eq!(item.request.id, waiting.id);
        assert_eq!(item.recommendation, Some(Recommendation::Support));
        assert_eq!(item.visited_on, Some(day("2026-11-24")));
        assert!(!item.findings.is_empty());
        assert_eq!(item.researcher.as_deref(), Some("user 3"));
        assert!(!item.overdue);
        assert_eq!(item.returned, 0);
        assert_eq!(item.request.household, 1 + waiting.request.household.len());
        let late = waiting.answer_expected_on.expect("promised") + chrono::Duration::days(1);
        assert!(Agenda::of([&waiting], late).items[0].overdue);
    }

    #[test]
    fn a_minute_holds_the_decisions_of_its_meeting_alone() {
        let returned = run(
            Some(&at_committee()),
            decide("return_for_info", 7, "2026-11-18"),
            &committee(),
        )
        .expect("returned");
        let rejected = run(
            Some(&at_committee()),
            decide("reject", 8, "2026-11-25"),
            &committee(),
        )
        .expect("rejected");
        let seventh = Meeting {
            number: 7,
            held_on: day("2026-11-18"),
        };
        let minute = Minute::of(seventh.clone(), [&returned, &rejected]);
        assert_eq!(minute.entries.len(), 1);
        assert_eq!(minute.entries[0].verdict, Verdict::ReturnForInfo);
        assert_eq!(minute.summary.returned, 1);
        assert_eq!(minute.summary.total(), 1);
        assert_eq!(minute.members, vec!["user 4".to_owned()]);

        let eighth = Meeting {
            number: 8,
            held_on: day("2026-11-25"),
        };
        let minute = Minute::of(eighth, [&returned, &rejected]);
        assert_eq!(minute.summary.rejected, 1);
        assert_eq!(minute.entries[0].reasons, vec![RefusalReason::NoBudget]);
        assert_eq!(minute.entries[0].note, "ينقص تقرير المهندس");

        // The same number on another day is another meeting.
        let other = Meeting {
            number: 7,
            held_on: day("2026-11-25"),
        };
        assert!(Minute::of(other, [&returned]).entries.is_empty());
    }

    #[test]
    fn the_open_meeting_is_suggested_and_an_odd_one_is_doubted() {
        let m = |number, on: &str| Meeting {
            number,
            held_on: day(on),
        };
        let known = [m(99, "2026-11-20"), m(100, "2026-11-27")];
        // No meeting today: the next number, today.
        assert_eq!(
            suggested_meeting(&known, day("2026-12-06")),
            m(101, "2026-12-06")
        );
        // Meeting 101 was opened today: it is the one suggested.
        let today = [known[0].clone(), known[1].clone(), m(101, "2026-12-06")];
        assert_eq!(
            suggested_meeting(&today, day("2026-12-06")),
            m(101, "2026-12-06")
        );
        assert_eq!(
            suggested_meeting(&[], day("2026-12-06")),
            m(1, "2026-12-06")
        );
        // «١٢» typed after meeting 100, and 100 given another day.
        assert_eq!(
            meeting_doubts(&known, &m(12, "2026-12-06")),
            vec![MeetingDoubt::OutOfSequence { last: 100 }]
        );
        assert_eq!(
            meeting_doubts(&known, &m(100, "2026-12-06")),
            vec![MeetingDoubt::OtherDay {
                held_on: day("2026-11-27")
            }]
        );
        assert!(meeting_doubts(&known, &m(101, "2026-12-06")).is_empty());
        assert!(meeting_doubts(&known, &m(100, "2026-11-27")).is_empty());
        assert!(meeting_doubts(&[], &m(7, "2026-12-06")).is_empty());
    }

    #[test]
    fn the_agenda_narrows_and_orders() {
        let item = |name: &str, point: &str, urgency: &str, on: &str| AgendaItem {
            request: Request {
                id: CaseId::new_v7(1, [0; 10]),
                reference: "1-0001-6".into(),
                name: name.into(),
                national_id: "1077889903".into(),
                point: point.into(),
                point_ar: String::new(),
                point_en: String::new(),
                governorate: String::new(),
                support: vec!["restoration".into()],
                household: 1,
                income: Halalas::default(),
                urgency: urgency.into(),
            },
            submitted_on: Some(day(on)),
            answer_expected_on: None,
            overdue: false,
            researcher: None,
            visited_on: None,
            recommendation: None,
            findings: String::new(),
            returned: 0,
        };
        let agenda = Agenda {
            on: day("2026-12-06"),
            items: vec![
                item("فاطمة أحمد", "sabya", "normal", "2026-11-01"),
                item("سعيد علي", "abu_arish", "critical", "2026-11-10"),
                item("هدى محمد", "sabya", "urgent", "2026-11-20"),
            ],
        };
        let names = |q: &AgendaQuery| -> Vec<String> {
            agenda
                .narrowed(q)
                .iter()
                .map(|i| i.request.name.clone())
                .collect()
        };
        assert_eq!(names(&AgendaQuery::default()).len(), 3);
        let urgent_first = AgendaQuery {
            order: Some(AgendaOrder::Urgent),
            ..Default::default()
        };
        assert_eq!(names(&urgent_first), ["سعيد علي", "هدى محمد", "فاطمة أحمد"]);
        let sabya = AgendaQuery {
            point: "sabya".into(),
            q: "فاطمه".into(),
            ..Default::default()
        };
        assert_eq!(names(&sabya), ["فاطمة أحمد"]);
        let critical = AgendaQuery {
            urgency: "critical".into(),
            ..Default::default()
        };
        assert_eq!(names(&critical), ["سعيد علي"]);
        let by_id = AgendaQuery {
            q: "١٠٧٧".into(),
            ..Default::default()
        };
        assert_eq!(names(&by_id).len(), 3);
    }
}
