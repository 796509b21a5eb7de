//! The head office's consolidated views: each case indexed as it is written, the list
//! searched and filtered across every outreach point, the dashboard's counts, and the
//! national IDs found on more than one open case.

use std::collections::HashMap;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use shared::case::UserRef;
use shared::dates::saudi_date;
use shared::digits::compact_number;
use shared::office::{
    percentiles, Calendar, CasePage, CaseQuery, CaseRow, Count, Dashboard, DecisionTimes,
    DuplicateHit, DuplicatePair, DuplicateReview, DuplicateSide, DuplicateVerdict, Month,
    SamePerson, Sort,
};
use shared::region::{Channel, Governorate, SupportType};
use shared::search::{name_key, SearchTerm};
use shared::sync::Actor;
use shared::workflow::Verdict;
use shared::{Case, CaseId, CaseStatus, Mobile, NationalId, Vocabulary};
use sqlx::types::Json as Stored;
use sqlx::FromRow;

use super::cases::Scope;
use super::script::Script;
use super::sql::{query, Engine, Query};
use super::Db;

/// What the index holds; rows of an older version are indexed again at start. Version 4
/// also wrote the audiences added since (the ID's holder), beside the case.
const INDEX_VERSION: i64 = 4;

/// Adds to `s` the statements that write the case's row of the index and the IDs it
/// carries, sent with the case's own.
pub fn index(s: &mut Script, case: &Case) {
    let id = case.id.to_string();
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
    let decision_days = first_verdict_at(case)
        .zip(submitted_on)
        .map(|(at, from)| (saudi_date(at) - from).num_days().max(0));
    let reference = case.reference.to_string();
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
    .bind(reference.clone())
    .bind(compact_number(&reference))
    .bind(a.full_name())
    .bind(name_key(&a.full_name()))
    .bind(a.national_id().map(|n| n.to_string()))
    .bind(Mobile::parse(&a.mobile).ok().map(|m| m.as_str().to_owned()))
    .bind(case.status.code())
    .bind(open)
    .bind(submitted)
    .bind(case.outreach_point.id.clone())
    .bind(case.request.channel.clone())
    .bind(a.governorate.clone())
    .bind(format!(",{},", support.join(",")))
    .bind(case.submitted_at)
    .bind(month(Calendar::Gregorian))
    .bind(month(Calendar::Hijri))
    .bind(case.answer_expected_on)
    .bind(decision_days);
    super::committee::index(s, case);
    // Counted down before its people go and up once they are back, so each ID's count of
    // requests stays right however the people changed.
    s.statement(
        "UPDATE people_counts SET cases = cases - 1 \
         WHERE national_id IN (SELECT national_id FROM case_people WHERE case_id = ?)",
    )
    .bind(id.clone());
    // An ID no open request names any more is not kept (nor its person, once anonymised).
    s.statement(
        "DELETE FROM people_counts WHERE cases <= 0 \
         AND national_id IN (SELECT national_id FROM case_people WHERE case_id = ?)",
    )
    .bind(id.clone());
    s.statement("DELETE FROM case_people WHERE case_id = ?")
        .bind(id.clone());
    // The same for the applicant's name and birth date.
    s.statement(
        "UPDATE name_counts SET cases = cases - 1 WHERE (name_key, born) IN \
           (SELECT name_key, born FROM case_names WHERE case_id = ?)",
    )
    .bind(id.clone());
    s.statement(
        "DELETE FROM name_counts WHERE cases <= 0 AND (name_key, born) IN \
           (SELECT name_key, born FROM case_names WHERE case_id = ?)",
    )
    .bind(id.clone());
    s.statement("DELETE FROM case_names WHERE case_id = ?")
        .bind(id.clone());
    if let (true, Some((name_key, born)), Some(national_id)) =
        (open, a.person_key(), a.national_id())
    {
        s.statement(
            "INSERT INTO case_names (case_id, name_key, born, national_id) VALUES (?, ?, ?, ?)",
        )
        .bind(id.clone())
        .bind(name_key.clone())
        .bind(born)
        .bind(national_id.to_string());
        s.statement(
            "INSERT INTO name_counts (name_key, born, cases) VALUES (?, ?, 1) \
             ON CONFLICT (name_key, born) DO UPDATE SET cases = name_counts.cases + 1",
        )
        .bind(name_key)
        .bind(born);
    }
    let people: Vec<(NationalId, bool)> = if open {
        let members = case
            .request
            .household
            .iter()
            .filter_map(|m| NationalId::parse(&m.national_id).ok())
            .map(|n| (n, true));
        a.national_id()
            .map(|n| (n, false))
            .into_iter()
            .chain(members)
            .collect()
    } else {
        Vec::new()
    };
    if !people.is_empty() {
        s.statement(&format!(
            "INSERT INTO case_people (case_id, national_id, as_member) VALUES {} \
             ON CONFLICT DO NOTHING",
            Script::rows(people.len(), 3)
        ));
        for (national_id, as_member) in people {
            s.bind(id.clone())
                .bind(national_id.to_string())
                .bind(as_member);
        }
        s.statement(
            "INSERT INTO people_counts (national_id, cases) \
             SELECT DISTINCT national_id, 1 FROM case_people WHERE case_id = ? \
             ON CONFLICT (national_id) DO UPDATE SET cases = people_counts.cases + 1",
        )
        .bind(id.clone());
    }
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
            index(&mut s, &case.0);
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

/// The `WHERE` of the consolidated list for `q`, on `today`.
fn push_where(b: &mut Query, engine: Engine, q: &CaseQuery, today: NaiveDate) {
    b.push(" WHERE i.submitted = TRUE");
    if let Some(s) = q.status {
        b.push(" AND i.status = ").push_bind(s.code());
    }
    if let Some(c) = q.channel {
        b.push(" AND i.channel = ").push_bind(c.code());
    }
    if let Some(g) = q.governorate {
        b.push(" AND i.governorate = ").push_bind(g.code());
    }
    if let Some(p) = &q.point {
        b.push(" AND i.point = ").push_bind(p.clone());
    }
    if let Some(s) = q.support {
        b.push(" AND i.support LIKE ")
            .push_bind(format!("%,{},%", s.code()));
    }
    if q.overdue {
        b.push(format!(
            " AND i.status IN ({}) AND i.answer_expected_on < ",
            awaiting()
        ))
        .push_bind(today);
    }
    if let Some(m) = q.month {
        let column = match m.calendar {
            Calendar::Gregorian => "g_month",
            Calendar::Hijri => "h_month",
        };
        b.push(format!(" AND i.{column} = "))
            .push_bind(m.to_string());
    }
    if q.duplicates {
        b.push(format!(" AND i.open = TRUE AND {}", flagged_set()));
    }
    let typed: String = q.q.chars().take(CaseQuery::Q_MAX).collect();
    match SearchTerm::parse(&typed) {
        SearchTerm::Nothing => {}
        // Digits are looked up by prefix, which the indexes answer.
        SearchTerm::Number(digits) => {
            let mobile = if digits.starts_with('5') {
                format!("0{digits}")
            } else {
                digits.clone()
            };
            let (national_id, a) = engine.starts_with("i.national_id", &digits);
            let (mobile, m) = engine.starts_with("i.mobile", &mobile);
            let (reference, r) = engine.starts_with("i.reference_digits", &digits);
            b.push(format!(" AND ({national_id} OR {mobile} OR {reference})"));
            b.add(a).add(m).add(r);
        }
        SearchTerm::Name(key) => {
            b.push(" AND i.name_key LIKE ")
                .push_bind(containing(&key))
                .push(" ESCAPE '\\'");
        }
    }
}

/// A page of the consolidated list.
pub async fn list(db: &Db, q: &CaseQuery, today: NaiveDate) -> anyhow::Result<CasePage> {
    let mut count = query("SELECT COUNT(*) FROM case_index i");
    push_where(&mut count, db.engine(), q, today);
    let total: i64 = count.scalar(db.pool()).await?;
    let (page, per_page) = (q.page(), q.per_page());
    let rows = rows(db, q, today, (page, per_page)).await?;
    Ok(CasePage {
        rows,
        total: u64::try_from(total)?,
        page,
        per_page,
    })
}

/// The rows matching `q`, in its order, of the page `(page, rows per page)`.
pub async fn rows(
    db: &Db,
    q: &CaseQuery,
    today: NaiveDate,
    (page, per_page): (u32, u32),
) -> anyhow::Result<Vec<CaseRow>> {
    // The page is chosen first, in a subquery, and only its rows are flagged: asked of
    // every match, PostgreSQL would find every pair of requests sharing an ID to flag 50.
    let order = match q.sort.unwrap_or(Sort::Newest) {
        Sort::Newest => " ORDER BY i.submitted_at DESC, i.rowid DESC",
        Sort::Oldest => " ORDER BY i.submitted_at ASC, i.rowid ASC",
        Sort::AnswerDue => " ORDER BY i.answer_expected_on, i.rowid",
        Sort::Name => " ORDER BY i.name_key, i.rowid",
    };
    let mut b = query(format!(
        "SELECT i.case_id, i.reference, i.name, i.national_id, i.mobile, i.status, i.channel, \
           i.governorate, i.point, p.name_ar, p.name_en, i.support, i.submitted_at, \
           i.answer_expected_on, i.status IN ({}) AND i.answer_expected_on < ",
        awaiting()
    ));
    b.push_bind(today);
    b.push(format!(
        " AS overdue, i.open = TRUE AND {} AS duplicate \
         FROM (SELECT i.case_id, i.reference, i.name, i.national_id, i.mobile, i.status, \
           i.channel, i.governorate, i.point, i.support, i.submitted_at, \
           i.answer_expected_on, i.open, i.name_key, i.rowid AS position FROM case_index i",
        flagged()
    ));
    push_where(&mut b, db.engine(), q, today);
    // Ties go by row, so each order walks its index instead of sorting the matches.
    b.push(order);
    b.push(" LIMIT ")
        .push_bind(i64::from(per_page))
        .push(" OFFSET ")
        .push_bind(i64::from(page.max(1) - 1) * i64::from(per_page));
    b.push(") i JOIN outreach_points p ON p.id = i.point");
    b.push(order.replace("i.rowid", "i.position"));
    let found: Vec<Listed> = b.fetch_all(db.pool()).await?;
    found.into_iter().map(Listed::row).collect()
}

/// A row of the consolidated list as read.
#[derive(FromRow)]
struct Listed {
    case_id: String,
    reference: String,
    name: String,
    national_id: Option<String>,
    mobile: Option<String>,
    status: String,
    channel: String,
    governorate: String,
    point: String,
    name_ar: String,
    name_en: String,
    support: String,
    submitted_at: Option<DateTime<Utc>>,
    answer_expected_on: Option<NaiveDate>,
    overdue: Option<bool>,
    duplicate: bool,
}

impl Listed {
    fn row(self) -> anyhow::Result<CaseRow> {
        Ok(CaseRow {
            id: self.case_id.parse()?,
            reference: self.reference,
            name: self.name,
            national_id: self.national_id,
            mobile: self.mobile,
            status: CaseStatus::from_code(&self.status).context("a stored status")?,
            channel: self.channel,
            governorate: self.governorate,
            point: self.point,
            point_ar: self.name_ar,
            point_en: self.name_en,
            support: self
                .support
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            submitted_at: self.submitted_at,
            answer_expected_on: self.answer_expected_on,
            overdue: self.overdue.unwrap_or(false),
            duplicate: self.duplicate,
        })
    }
}

/// How many cases `q` narrows to, with `extra` (an `AND …` condition) added.
async fn count_where(db: &Db, q: &CaseQuery, today: NaiveDate, extra: &str) -> anyhow::Result<u64> {
    let mut b = query("SELECT COUNT(*) FROM case_index i");
    push_where(&mut b, db.engine(), q, today);
    b.push(extra);
    let n: i64 = b.scalar(db.pool()).await?;
    Ok(u64::try_from(n)?)
}

/// Counts by value.
#[derive(Default)]
struct Tally(HashMap<String, u64>);

impl Tally {
    fn add(&mut self, key: &str) {
        *self.0.entry(key.to_owned()).or_default() += 1;
    }

    fn get(&self, key: &str) -> u64 {
        self.0.get(key).copied().unwrap_or(0)
    }

    /// One bar per value of a vocabulary, in its order, zeros included.
    fn bars<T: Vocabulary>(&self) -> Vec<Count> {
        T::ALL
            .iter()
            .map(|v| Count {
                key: v.code().to_owned(),
                name_ar: v.label_ar().to_owned(),
                name_en: v.label_en().to_owned(),
                n: self.get(v.code()),
            })
            .collect()
    }
}

/// The dashboard of the cases `q` narrows to (its order and page aside) on `today`, its
/// months in `calendar`; `expected_days` is the answer expectation. The cases are read in
/// one pass and counted here: one scan instead of one per chart.
pub async fn dashboard(
    db: &Db,
    q: &CaseQuery,
    today: NaiveDate,
    calendar: Calendar,
    expected_days: u32,
) -> anyhow::Result<Dashboard> {
    let column = match calendar {
        Calendar::Gregorian => "g_month",
        Calendar::Hijri => "h_month",
    };
    let mut b = query(format!(
        "SELECT i.status, i.point, i.channel, i.governorate, i.{column}, i.support, \
           i.decision_days, i.status IN ({}) AND i.answer_expected_on < ",
        awaiting()
    ));
    b.push_bind(today);
    b.push(" FROM case_index i");
    push_where(&mut b, db.engine(), q, today);
    type Seen = (
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        Option<i64>,
        Option<bool>,
    );
    let rows: Vec<Seen> = b.fetch_all(db.pool()).await?;
    let (mut statuses, mut points, mut channels, mut governorates, mut months, mut support) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    let mut days = Vec::new();
    let mut overdue = 0;
    for (status, point, channel, governorate, month, kinds, decided, late) in &rows {
        statuses.add(status);
        points.add(point);
        channels.add(channel);
        governorates.add(governorate);
        if let Some(m) = month {
            months.add(m);
        }
        for kind in kinds.split(',').filter(|k| !k.is_empty()) {
            support.add(kind);
        }
        if let Some(d) = decided.and_then(|d| u32::try_from(d).ok()) {
            days.push(d);
        }
        overdue += u64::from(late.unwrap_or(false));
    }
    let by_status = CaseStatus::ALL
        .iter()
        .filter(|s| **s != CaseStatus::Draft)
        .map(|s| Count {
            key: s.code().to_owned(),
            name_ar: s.label_ar().to_owned(),
            name_en: s.label_en().to_owned(),
            n: statuses.get(s.code()),
        })
        .collect();
    let by_point = query("SELECT id, name_ar, name_en FROM outreach_points ORDER BY name_ar")
        .fetch_all::<(String, String, String)>(db.pool())
        .await?
        .into_iter()
        .map(|(id, name_ar, name_en)| Count {
            n: points.get(&id),
            key: id,
            name_ar,
            name_en,
        })
        .collect();
    let mut month = Month::of(today, calendar);
    let mut by_month = Vec::with_capacity(12);
    for _ in 0..12 {
        let key = month.to_string();
        by_month.push(Count {
            n: months.get(&key),
            name_ar: month_name(month, true),
            name_en: month_name(month, false),
            key,
        });
        month = month.previous();
    }
    by_month.reverse();
    let within_expected = days.iter().filter(|d| **d <= expected_days).count() as u64;
    let decided = days.len() as u64;
    let (median_days, p90_days) = percentiles(days);
    let duplicates = count_where(
        db,
        q,
        today,
        &format!(" AND i.open = TRUE AND {}", flagged_set()),
    )
    .await?;
    let open_feedback: i64 = query("SELECT COUNT(*) FROM feedback WHERE state <> 'closed'")
        .scalar(db.pool())
        .await?;
    Ok(Dashboard {
        total: rows.len() as u64,
        by_status,
        by_channel: channels.bars::<Channel>(),
        by_governorate: governorates.bars::<Governorate>(),
        by_point,
        by_support: support.bars::<SupportType>(),
        by_month,
        calendar: Some(calendar),
        decision_times: DecisionTimes {
            decided,
            median_days,
            p90_days,
            within_expected,
            expected_days,
        },
        overdue,
        open_feedback: u64::try_from(open_feedback)?,
        duplicates,
    })
}

/// A month as people read it: «نوفمبر 2026», «جمادى الأولى 1448».
pub fn month_name(m: Month, arabic: bool) -> String {
    const GREGORIAN_AR: [&str; 12] = [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ];
    const GREGORIAN_EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const HIJRI_AR: [&str; 12] = [
        "محرم",
        "صفر",
        "ربيع الأول",
        "ربيع الآخر",
        "جمادى الأولى",
        "جمادى الآخرة",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذو الحجة",
    ];
    const HIJRI_EN: [&str; 12] = [
        "Muharram",
        "Safar",
        "Rabi al-Awwal",
        "Rabi al-Akhir",
        "Jumada al-Ula",
        "Jumada al-Akhirah",
        "Rajab",
        "Shaban",
        "Ramadan",
        "Shawwal",
        "Dhu al-Qadah",
        "Dhu al-Hijjah",
    ];
    let names = match (m.calendar, arabic) {
        (Calendar::Gregorian, true) => GREGORIAN_AR,
        (Calendar::Gregorian, false) => GREGORIAN_EN,
        (Calendar::Hijri, true) => HIJRI_AR,
        (Calendar::Hijri, false) => HIJRI_EN,
    };
    let name = names[(m.month as usize).clamp(1, 12) - 1];
    match m.calendar {
        Calendar::Hijri if arabic => format!("{name} {} هـ", m.year),
        Calendar::Hijri => format!("{name} {} AH", m.year),
        Calendar::Gregorian => format!("{name} {}", m.year),
    }
}

/// One side of a pair, from the index.
async fn side(
    db: &Db,
    case_id: &str,
    as_member: bool,
) -> anyhow::Result<(DuplicateSide, Option<DateTime<Utc>>)> {
    type Side = (
        String,
        String,
        String,
        Option<DateTime<Utc>>,
        String,
        String,
        Option<String>,
    );
    let (reference, name, status, submitted_at, point_ar, point_en, applicant_id): Side = query(
        "SELECT i.reference, i.name, i.status, i.submitted_at, p.name_ar, p.name_en, \
           i.national_id \
         FROM case_index i JOIN outreach_points p ON p.id = i.point WHERE i.case_id = ?",
    )
    .bind(case_id)
    .fetch_one(db.pool())
    .await?;
    Ok((
        DuplicateSide {
            id: case_id.parse()?,
            reference,
            name,
            status: CaseStatus::from_code(&status).context("a stored status")?,
            point_ar,
            point_en,
            as_member,
            applicant_id: applicant_id.unwrap_or_default(),
        },
        submitted_at,
    ))
}

/// Every pair of open cases sharing an ID: those not reviewed first, then (with
/// `reviewed`) those the head office has found on. At most `limit` pairs.
pub async fn duplicates(db: &Db, reviewed: bool, limit: u32) -> anyhow::Result<Vec<DuplicatePair>> {
    let pairs: Vec<(String, String, bool, String, bool)> = query(format!(
        "SELECT p.national_id, p.case_id, p.as_member, o.case_id, o.as_member \
         FROM {SHARED} JOIN case_people o ON o.national_id = p.national_id AND p.case_id < o.case_id \
         WHERE c.cases > 1 {} ORDER BY {UNREVIEWED} DESC, p.national_id LIMIT ?",
        if reviewed { String::new() } else { format!("AND {UNREVIEWED}") }
    ))
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::with_capacity(pairs.len());
    for (national_id, a, a_member, b, b_member) in pairs {
        out.push(pair_of(db, national_id, None, (&a, a_member), (&b, b_member)).await?);
    }
    for (key, born, a, b) in by_name(db, reviewed, limit).await? {
        let name = side(db, &a, false).await?.0.name;
        let same = SamePerson { name, born };
        out.push(pair_of(db, key, Some(same), (&a, false), (&b, false)).await?);
    }
    // Those waiting for a finding first, whatever they share.
    out.sort_by_key(|p| p.review.is_some());
    out.truncate(limit as usize);
    Ok(out)
}

/// The pairs of open requests whose applicants have one folded four-part name and birth
/// date under different national IDs: each pair's review key, the date, and the two cases.
async fn by_name(
    db: &Db,
    reviewed: bool,
    limit: u32,
) -> anyhow::Result<Vec<(String, NaiveDate, String, String)>> {
    // The key is made the same way in SQL as `DuplicatePair::by_name_key` makes it.
    let key = format!(
        "'{}' || n.name_key || ':' || CAST(n.born AS TEXT)",
        DuplicatePair::BY_NAME
    );
    let unreviewed = format!(
        "NOT EXISTS (SELECT 1 FROM duplicate_reviews r WHERE r.first_case = n.case_id \
           AND r.second_case = o.case_id AND r.national_id = {key})"
    );
    let rows: Vec<(String, NaiveDate, String, String)> = query(format!(
        "SELECT {key}, n.born, n.case_id, o.case_id FROM case_names n \
         JOIN case_names o ON o.name_key = n.name_key AND o.born = n.born \
           AND n.case_id < o.case_id AND o.national_id <> n.national_id \
         WHERE (n.name_key, n.born) IN (SELECT name_key, born FROM name_counts \
           WHERE cases > 1) {} \
         ORDER BY {unreviewed} DESC, n.name_key LIMIT ?",
        if reviewed {
            String::new()
        } else {
            format!("AND {unreviewed}")
        }
    ))
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await?;
    Ok(rows)
}

/// A pair of the cases `a` and `b` (each with whether the shared ID is a member's) sharing
/// `key`, the earlier handed in first, with its latest finding.
async fn pair_of(
    db: &Db,
    key: String,
    same_person: Option<SamePerson>,
    (a, a_member): (&str, bool),
    (b, b_member): (&str, bool),
) -> anyhow::Result<DuplicatePair> {
    let (first, first_at) = side(db, a, a_member).await?;
    let (second, second_at) = side(db, b, b_member).await?;
    let review = last_review(db, a, b, &key).await?;
    let (first, second) = if second_at < first_at {
        (second, first)
    } else {
        (first, second)
    };
    Ok(DuplicatePair {
        national_id: key,
        same_person,
        first,
        second,
        review,
    })
}

/// The ordered key of a pair.
fn pair(a: CaseId, b: CaseId) -> (String, String) {
    let (a, b) = (a.to_string(), b.to_string());
    if a < b {
        (a, b)
    } else {
        (b, a)
    }
}

async fn last_review(
    db: &Db,
    a: &str,
    b: &str,
    national_id: &str,
) -> anyhow::Result<Option<DuplicateReview>> {
    let (first, second) = if a < b { (a, b) } else { (b, a) };
    let found: Option<(String, String, i64, String, DateTime<Utc>)> = query(
        "SELECT verdict, reason, user_id, user_name, at FROM duplicate_reviews \
         WHERE first_case = ? AND second_case = ? AND national_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(first)
    .bind(second)
    .bind(national_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(found.and_then(|(verdict, reason, id, name, at)| {
        Some(DuplicateReview {
            verdict: DuplicateVerdict::from_code(&verdict)?,
            reason,
            by: UserRef { id, name },
            at,
        })
    }))
}

/// Records the head office's finding on a pair; `false` when the two cases do not both
/// carry the ID on open cases now.
pub async fn review(
    db: &Db,
    a: CaseId,
    b: CaseId,
    national_id: &str,
    review: &DuplicateReview,
) -> anyhow::Result<bool> {
    let (first, second) = pair(a, b);
    let mut w = db.write().await?;
    // A pair found by name is named by its key, which both must still carry.
    let carriers = if national_id.starts_with(DuplicatePair::BY_NAME) {
        format!(
            "SELECT COUNT(DISTINCT case_id) FROM case_names \
             WHERE '{}' || name_key || ':' || CAST(born AS TEXT) = ? AND case_id IN (?, ?)",
            DuplicatePair::BY_NAME
        )
    } else {
        "SELECT COUNT(DISTINCT case_id) FROM case_people WHERE national_id = ? AND case_id IN (?, ?)"
            .to_owned()
    };
    let shared: i64 = query(carriers)
        .bind(national_id)
        .bind(&first)
        .bind(&second)
        .scalar(&mut w.tx)
        .await?;
    if shared != 2 || first == second {
        return Ok(false);
    }
    query(
        "INSERT INTO duplicate_reviews (first_case, second_case, national_id, verdict, reason, \
           user_id, user_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&first)
    .bind(&second)
    .bind(national_id)
    .bind(review.verdict.code())
    .bind(&review.reason)
    .bind(review.by.id)
    .bind(&review.by.name)
    .bind(review.at)
    .execute(&mut w.tx)
    .await?;
    w.commit().await?;
    Ok(true)
}

/// The open cases, other than `except`, carrying any of `ids`; each names its case only
/// when `actor` sees it.
pub async fn hits(
    db: &Db,
    actor: &Actor,
    ids: &[NationalId],
    except: Option<CaseId>,
) -> anyhow::Result<Vec<DuplicateHit>> {
    let except = except.map(|c| c.to_string()).unwrap_or_default();
    let scope = Scope::of(db, actor).await?;
    let mut out = Vec::new();
    for id in ids {
        let mut q = query(format!(
            "SELECT c.as_member, i.reference, c.case_id, {} AS seen, i.status, p.name_ar, \
               p.name_en \
             FROM case_people c JOIN case_index i ON i.case_id = c.case_id \
             JOIN outreach_points p ON p.id = i.point \
             WHERE c.national_id = ? AND c.case_id <> ? ORDER BY i.submitted_at",
            scope.sees("c.case_id")
        ));
        scope.add_to(&mut q);
        q.add(id.to_string()).add(except.clone());
        let found: Vec<(bool, String, String, bool, String, String, String)> =
            q.fetch_all(db.pool()).await?;
        for (as_member, reference, case_id, seen, status, point_ar, point_en) in found {
            out.push(DuplicateHit {
                national_id: id.to_string(),
                as_member,
                reference,
                case_id: if seen {
                    Some(case_id.parse().context("a stored case id")?)
                } else {
                    None
                },
                status: CaseStatus::from_code(&status).context("a stored status")?,
                point_ar,
                point_en,
            });
        }
    }
    Ok(out)
}

/// Every registered beneficiary file, by when it was registered.
pub async fn register(db: &Db) -> anyhow::Result<Vec<crate::exports::Registered>> {
    let found: Vec<(Stored<Case>, String, String)> = query(
        "SELECT c.data, p.name_ar, p.name_en FROM case_index i JOIN cases c ON c.id = i.case_id \
         JOIN outreach_points p ON p.id = i.point \
         WHERE i.status IN ('registered', 'service_delivered', 'closed') ORDER BY i.submitted_at",
    )
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::with_capacity(found.len());
    for (Stored(case), point_ar, point_en) in found {
        if case.registration.is_some() {
            out.push(crate::exports::Registered {
                case,
                point_ar,
                point_en,
            });
        }
    }
    out.sort_by_key(|e| e.case.registration.as_ref().map(|r| r.at));
    Ok(out)
}
