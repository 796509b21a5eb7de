//! The head office's consolidated views: each case indexed as it is written, and the
//! conditions its list, dashboard and duplicates share; each view in its own module.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use shared::case::UserRef;
use shared::dates::saudi_date;
use shared::digits::compact_number;
use shared::life::workflow::Verdict;
use shared::people::Actor;
use shared::region::{Channel, Governorate, SupportType};
use shared::reports::office::{
    percentiles, Calendar, CasePage, CaseQuery, CaseRow, Count, Dashboard, DecisionTimes,
    DuplicateHit, DuplicatePair, DuplicateReview, DuplicateSide, DuplicateVerdict, Month,
    SamePerson, Sort,
};
use shared::search::{name_key, SearchTerm};
use shared::{Case, CaseId, CaseStatus, Mobile, NationalId, Vocabulary};
use sqlx::types::Json as Stored;
use sqlx::FromRow;

use super::cases::Scope;
use super::script::Script;
use super::sql::{marks, query, Engine, Query};
use super::Db;

/// What the index holds; rows of an older version are indexed again at start. Version 4
/// also wrote the audiences added since (the ID's holder), beside the case; version 5 the
/// days the board's report counts (`board_activity`).
const INDEX_VERSION: i64 = 5;

/// What the index holds of a case. A change that leaves it equal (an address, a
/// description: most changes) writes none of the index's rows again.
#[derive(Debug, PartialEq)]
pub struct Entry<'a> {
    id: CaseId,
    reference: String,
    name: String,
    national_id: Option<String>,
    mobile: Option<String>,
    status: &'static str,
    open: bool,
    submitted: bool,
    point: &'a str,
    channel: &'a str,
    governorate: &'a str,
    /// The support types, sorted, each between commas.
    support: String,
    submitted_at: Option<DateTime<Utc>>,
    g_month: Option<String>,
    h_month: Option<String>,
    answer_expected_on: Option<NaiveDate>,
    decision_days: Option<i64>,
    /// The committee's decisions: meeting number, meeting day, verdict.
    decisions: Vec<(u32, NaiveDate, &'static str)>,
    /// The days the board's report counts the case on.
    days: BTreeSet<NaiveDate>,
    /// An open request's applicant: name key, birth date, ID.
    person: Option<(String, NaiveDate, String)>,
    /// An open request's IDs, each marked when it is a household member's.
    people: Vec<(String, bool)>,
}

impl<'a> Entry<'a> {
    /// What the index holds of `case`.
    pub fn of(case: &'a Case) -> Self {
        let a = &case.request.applicant;
        let submitted = case.status != CaseStatus::Draft && !case.discarded;
        let open = submitted && case.status.is_open();
        let submitted_on = case.submitted_at.map(saudi_date);
        let month = |c| submitted_on.map(|d| Month::of(d, c).to_string());
        let mut support: Vec<&str> = case
            .request
            .support
            .types
            .iter()
            .map(String::as_str)
            .collect();
        support.sort_unstable();
        let person = match (open, a.person_key(), a.national_id()) {
            (true, Some((name_key, born)), Some(id)) => Some((name_key, born, id.to_string())),
            _ => None,
        };
        let people = if open {
            let members = case
                .request
                .household
                .iter()
                .filter_map(|m| NationalId::parse(&m.national_id).ok())
                .map(|n| (n.to_string(), true));
            a.national_id()
                .map(|n| (n.to_string(), false))
                .into_iter()
                .chain(members)
                .collect()
        } else {
            Vec::new()
        };
        Entry {
            id: case.id,
            reference: case.reference.to_string(),
            name: a.full_name(),
            national_id: a.national_id().map(|n| n.to_string()),
            mobile: Mobile::parse(&a.mobile).ok().map(|m| m.as_str().to_owned()),
            status: case.status.code(),
            open,
            submitted,
            point: &case.outreach_point.id,
            channel: &case.request.channel,
            governorate: &a.governorate,
            support: format!(",{},", support.join(",")),
            submitted_at: case.submitted_at,
            g_month: month(Calendar::Gregorian),
            h_month: month(Calendar::Hijri),
            answer_expected_on: case.answer_expected_on,
            decision_days: first_verdict_at(case)
                .zip(submitted_on)
                .map(|(at, from)| (saudi_date(at) - from).num_days().max(0)),
            decisions: case
                .decisions
                .iter()
                .map(|d| (d.meeting.number, d.meeting.held_on, d.verdict.code()))
                .collect(),
            days: shared::reports::board::Board::days_of(case),
            person,
            people,
        }
    }

    /// Adds to `s` the statements that write this entry (the case's row of the index and
    /// the IDs it carries) in place of what `was` written, sent with the case's own. Only
    /// the parts that changed are written again: a new case has nothing to take away, and
    /// most changes to a case leave its people, names, days and decisions as they were.
    pub fn write(self, s: &mut Script, was: Was<'_>) {
        // A part the entry before held nothing of has nothing to take away either.
        let part = |changed: fn(&Entry, &Entry) -> bool, empty: fn(&Entry) -> bool| match was {
            Was::New => Part::Add,
            Was::Indexed(before) if !changed(before, &self) => Part::Keep,
            Was::Indexed(before) if empty(before) => Part::Add,
            Was::Indexed(_) | Was::Unknown => Part::Replace,
        };
        let decisions = part(
            |b, a| b.decisions != a.decisions,
            |b| b.decisions.is_empty(),
        );
        let days = part(|b, a| b.days != a.days, |b| b.days.is_empty());
        let people = part(|b, a| b.people != a.people, |b| b.people.is_empty());
        let person = part(|b, a| b.person != a.person, |b| b.person.is_none());
        let id = self.id.to_string();
        let reference_digits = compact_number(&self.reference);
        let key = name_key(&self.name);
        s.statement(
            "INSERT INTO case_index (case_id, version, reference, reference_digits, name, \
               name_key, national_id, mobile, status, open, submitted, point, channel, governorate, \
               support, submitted_at, g_month, h_month, answer_expected_on, decision_days) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (case_id) DO UPDATE SET version = excluded.version, \
               reference = excluded.reference, reference_digits = excluded.reference_digits, \
               name = excluded.name, name_key = excluded.name_key, \
               national_id = excluded.national_id, mobile = excluded.mobile, \
               status = excluded.status, open = excluded.open, submitted = excluded.submitted, \
               point = excluded.point, channel = excluded.channel, \
               governorate = excluded.governorate, support = excluded.support, \
               submitted_at = excluded.submitted_at, g_month = excluded.g_month, \
               h_month = excluded.h_month, answer_expected_on = excluded.answer_expected_on, \
               decision_days = excluded.decision_days",
        )
        .bind(id.clone())
        .bind(INDEX_VERSION)
        .bind(self.reference)
        .bind(reference_digits)
        .bind(self.name)
        .bind(key)
        .bind(self.national_id)
        .bind(self.mobile)
        .bind(self.status)
        .bind(self.open)
        .bind(self.submitted)
        .bind(self.point)
        .bind(self.channel)
        .bind(self.governorate)
        .bind(self.support)
        .bind(self.submitted_at)
        .bind(self.g_month)
        .bind(self.h_month)
        .bind(self.answer_expected_on)
        .bind(self.decision_days);
        if decisions != Part::Keep {
            super::committee::index(s, &id, &self.decisions, decisions == Part::Replace);
        }
        if days == Part::Replace {
            s.statement("DELETE FROM board_activity WHERE case_id = ?")
                .bind(id.clone());
        }
        if days != Part::Keep && !self.days.is_empty() {
            s.statement(&format!(
                "INSERT INTO board_activity (case_id, day) VALUES {}",
                Script::rows(self.days.len(), 2)
            ));
            for day in self.days {
                s.bind(id.clone()).bind(day);
            }
        }
        if people == Part::Replace {
            // Counted down before its people go and up once they are back, so each ID's
            // count of requests stays right however the people changed. The IDs counted
            // down are named when the entry before is known: a condition the database
            // plans by its key whatever its statistics say.
            let (held, values) = match was {
                Was::Indexed(before) => (
                    marks(before.people.len()),
                    before.people.iter().map(|(n, _)| n.clone()).collect(),
                ),
                _ => (
                    "SELECT national_id FROM case_people WHERE case_id = ?".to_owned(),
                    vec![id.clone()],
                ),
            };
            // An ID no open request names any more is not kept (nor its person, once
            // anonymised).
            for change in [
                "UPDATE people_counts SET cases = cases - 1 WHERE national_id IN",
                "DELETE FROM people_counts WHERE cases <= 0 AND national_id IN",
            ] {
                s.statement(&format!("{change} ({held})"));
                for value in &values {
                    s.bind(value.clone());
                }
            }
            s.statement("DELETE FROM case_people WHERE case_id = ?")
                .bind(id.clone());
        }
        if person == Part::Replace {
            // The same for the applicant's name and birth date.
            let held = match was {
                Was::Indexed(before) => before.person.clone(),
                _ => None,
            };
            for change in [
                "UPDATE name_counts SET cases = cases - 1 WHERE",
                "DELETE FROM name_counts WHERE cases <= 0 AND",
            ] {
                match &held {
                    Some((name_key, born, _)) => {
                        s.statement(&format!("{change} name_key = ? AND born = ?"))
                            .bind(name_key.clone())
                            .bind(*born);
                    }
                    None => {
                        s.statement(&format!(
                            "{change} (name_key, born) IN \
                             (SELECT name_key, born FROM case_names WHERE case_id = ?)"
                        ))
                        .bind(id.clone());
                    }
                }
            }
            s.statement("DELETE FROM case_names WHERE case_id = ?")
                .bind(id.clone());
        }
        if let Some((name_key, born, national_id)) = self.person.filter(|_| person != Part::Keep) {
            s.statement(
                "INSERT INTO case_names (case_id, name_key, born, national_id) VALUES (?, ?, ?, ?)",
            )
            .bind(id.clone())
            .bind(name_key.clone())
            .bind(born)
            .bind(national_id);
            s.statement(
                "INSERT INTO name_counts (name_key, born, cases) VALUES (?, ?, 1) \
                 ON CONFLICT (name_key, born) DO UPDATE SET cases = name_counts.cases + 1",
            )
            .bind(name_key)
            .bind(born);
        }
        if people != Part::Keep && !self.people.is_empty() {
            s.statement(&format!(
                "INSERT INTO case_people (case_id, national_id, as_member) VALUES {} \
                 ON CONFLICT DO NOTHING",
                Script::rows(self.people.len(), 3)
            ));
            for (national_id, as_member) in self.people {
                s.bind(id.clone()).bind(national_id).bind(as_member);
            }
            s.statement(
                "INSERT INTO people_counts (national_id, cases) \
                 SELECT DISTINCT national_id, 1 FROM case_people WHERE case_id = ? \
                 ON CONFLICT (national_id) DO UPDATE SET cases = people_counts.cases + 1",
            )
            .bind(id.clone());
        }
    }
}

/// What the index held of a case before it is written again.
#[derive(Clone, Copy, Debug)]
pub enum Was<'e> {
    /// Nothing: the case is new.
    New,
    /// The entry of the case as it was stored (the index is brought up to date at start).
    Indexed(&'e Entry<'e>),
    /// Not known: every part is taken away and written again.
    Unknown,
}

/// What writing an entry does with one of its parts.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Part {
    /// Leaves it as it was.
    Keep,
    /// Writes it where nothing was.
    Add,
    /// Takes away what was, and writes it.
    Replace,
}

/// When the committee first accepted or rejected the case.
fn first_verdict_at(case: &Case) -> Option<DateTime<Utc>> {
    case.decisions
        .iter()
        .find(|d| matches!(d.verdict, Verdict::Accept | Verdict::Reject))
        .map(|d| d.at)
}

/// Indexes the cases written before the index (or before its current version), in batches.
pub async fn reindex(db: &Db) -> anyhow::Result<u64> {
    let mut done = 0;
    loop {
        let batch: Vec<Stored<Case>> = query(
            "SELECT c.data FROM cases c LEFT JOIN case_index i ON i.case_id = c.id \
             WHERE i.case_id IS NULL OR i.version < ? LIMIT 500",
        )
        .bind(INDEX_VERSION)
        .scalars(db.pool())
        .await?;
        if batch.is_empty() {
            return Ok(done);
        }
        let mut w = db.write().await?;
        for case in &batch {
            let mut s = Script::default();
            Entry::of(&case.0).write(&mut s, Was::Unknown);
            super::cases::audiences(&mut s, &case.0, None);
            s.run(&mut w.tx).await?;
        }
        w.commit().await?;
        done += batch.len() as u64;
    }
}

/// The statuses of cases still waiting for the committee's answer.
fn awaiting() -> String {
    let codes: Vec<String> = CaseStatus::ALL
        .iter()
        .filter(|s| s.awaits_decision())
        .map(|s| format!("'{}'", s.code()))
        .collect();
    codes.join(", ")
}

/// The index's column holding the month of handing in, in `calendar`.
fn month_column(calendar: Calendar) -> &'static str {
    match calendar {
        Calendar::Gregorian => "g_month",
        Calendar::Hijri => "h_month",
    }
}

/// `LIKE` text matching `text` anywhere, with its wildcards escaped.
fn containing(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The condition that two open cases sharing an ID have not been reviewed; `p` and `o` are
/// their `case_people` rows.
const UNREVIEWED: &str = "NOT EXISTS (SELECT 1 FROM duplicate_reviews r \
     WHERE r.first_case = CASE WHEN p.case_id < o.case_id THEN p.case_id ELSE o.case_id END \
       AND r.second_case = CASE WHEN p.case_id < o.case_id THEN o.case_id ELSE p.case_id END \
     AND r.national_id = p.national_id)";

/// The condition that two open cases whose applicants share a name and birth date (`n` and
/// `o`, their `case_names` rows, under different IDs) have not been reviewed.
fn unreviewed_by_name() -> String {
    format!(
        "o.name_key = n.name_key AND o.born = n.born AND o.case_id <> n.case_id \
           AND o.national_id <> n.national_id \
         AND NOT EXISTS (SELECT 1 FROM duplicate_reviews r \
           WHERE r.first_case = CASE WHEN n.case_id < o.case_id THEN n.case_id ELSE o.case_id END \
             AND r.second_case = CASE WHEN n.case_id < o.case_id THEN o.case_id ELSE n.case_id END \
             AND r.national_id = '{}' || n.name_key || ':' || CAST(n.born AS TEXT))",
        DuplicatePair::BY_NAME
    )
}

/// Whether the case `i` shares an ID with another open case, or its applicant's name and
/// birth date under another ID, not reviewed: for one row (a page's flag).
fn flagged() -> String {
    format!(
        "(EXISTS (SELECT 1 FROM case_people p JOIN case_people o \
           ON o.national_id = p.national_id AND o.case_id <> p.case_id \
         WHERE p.case_id = i.case_id AND {UNREVIEWED}) \
         OR EXISTS (SELECT 1 FROM case_names n JOIN case_names o ON {} \
         WHERE n.case_id = i.case_id))",
        unreviewed_by_name()
    )
}

/// The IDs more than one open request names, joined as `c`: the few that can make a pair.
const SHARED: &str = "people_counts c JOIN case_people p ON p.national_id = c.national_id";

/// The same, for every row at once: the flagged cases are found in one join from the
/// shared IDs, not one lookup per case.
fn flagged_set() -> String {
    format!(
        "(i.case_id IN (SELECT p.case_id FROM {SHARED} JOIN case_people o \
           ON o.national_id = p.national_id AND o.case_id <> p.case_id \
         WHERE c.cases > 1 AND {UNREVIEWED}) \
         OR i.case_id IN (SELECT n.case_id FROM name_counts c JOIN case_names n \
           ON n.name_key = c.name_key AND n.born = c.born JOIN case_names o ON {} \
         WHERE c.cases > 1))",
        unreviewed_by_name()
    )
}

mod dashboard;
mod duplicates;
mod list;
mod register;

pub use dashboard::dashboard;
pub use duplicates::{duplicates, hits, review};
use list::{count_where, push_where};
pub use list::{list, rows};
pub use register::register;

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use shared::people::{OutreachPoint, UserRef};
    use shared::reference::Reference;

    use super::*;
    use crate::sample::Sample;

    /// A request handed in at Sabya from `sample`.
    fn handed_in(sample: Sample) -> Case {
        let at = Utc
            .with_ymd_and_hms(2026, 3, 1, 9, 0, 0)
            .single()
            .expect("an instant");
        let point = OutreachPoint {
            id: "sabya".into(),
            name_ar: "صبيا".into(),
            name_en: "Sabya".into(),
        };
        let officer = UserRef {
            id: 1,
            name: "موظف الاستقبال".into(),
        };
        let reference = Reference::new(12, 7).expect("in range");
        let id = CaseId::new_v7(1_700_000_000_000, [1; 10]);
        let mut case = Case::new(id, reference, sample.form(), point, officer, at);
        case.status = CaseStatus::Submitted;
        case.submitted_at = Some(at);
        case
    }

    #[test]
    fn an_entry_changes_with_what_the_index_holds_alone() {
        let case = handed_in(Sample::of("1045236781"));
        let entry = Entry::of(&case);

        let mut moved = case.clone();
        "بجوار المسجد".clone_into(&mut moved.request.applicant.address);
        moved.request.support.description.push_str(" ودورة المياه");
        assert_eq!(Entry::of(&moved), entry, "an address and a description");

        let with_daughter = handed_in(Sample::of("1045236781").member(
            "daughter",
            "هند سعيد",
            "1088123458",
            "2016-01-01",
            ("none", "studies"),
        ));
        assert_ne!(Entry::of(&with_daughter), entry, "a member's ID");

        let mut at_committee = case.clone();
        at_committee.status = CaseStatus::AtCommittee;
        assert_ne!(Entry::of(&at_committee), entry, "a status");

        let mut withdrawn = case;
        withdrawn.status = CaseStatus::Withdrawn;
        let closed = Entry::of(&withdrawn);
        assert!(!closed.open && closed.people.is_empty() && closed.person.is_none());
    }
}
