//! The board's report on the policy: for a Hijri or Gregorian quarter or year, what was
//! measured against each clause (CH, H2–H7, GOAL), each figure with the requests, needs or
//! inquiries it counts, so that it opens as a list.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::dates::saudi_date;
use crate::life::status::CaseStatus;
use crate::life::workflow::Verdict;
use crate::messages::Notice;
use crate::records::feedback::{Feedback, FeedbackKind};
use crate::records::inquiry::Inquiry;
use crate::region::{Channel, SupportType};
use crate::reports::office::{Calendar, Month};
use crate::vocabulary::Vocabulary;

/// A quarter or a year: `h1448-q2`, `h1448`, `g2026-q4`, `g2026`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    /// Its calendar.
    pub calendar: Calendar,
    /// The year in that calendar.
    pub year: i32,
    /// 1 to 4, or the whole year.
    pub quarter: Option<u32>,
}

impl Period {
    /// The quarter `day` falls in, in `calendar`.
    pub fn quarter_of(day: NaiveDate, calendar: Calendar) -> Self {
        let m = Month::of(day, calendar);
        Self {
            calendar,
            year: m.year,
            quarter: Some((m.month - 1) / 3 + 1),
        }
    }

    /// Reads `h1448-q2` or `g2026`.
    pub fn parse(text: &str) -> Option<Self> {
        let (year, quarter) = match text.split_once("-q") {
            Some((y, q)) => (
                y,
                Some(q.parse::<u32>().ok().filter(|q| (1..=4).contains(q))?),
            ),
            None => (text, None),
        };
        // The year's first month, read by the month's own rule.
        let first = Month::parse(&format!("{year}-01"))?;
        Some(Self {
            calendar: first.calendar,
            year: first.year,
            quarter,
        })
    }

    /// Whether `day` falls in it.
    pub fn contains(self, day: NaiveDate) -> bool {
        let m = Month::of(day, self.calendar);
        m.year == self.year && self.quarter.is_none_or(|q| (m.month - 1) / 3 + 1 == q)
    }

    /// Whether the instant `at`, on a Saudi calendar, falls in it.
    pub fn holds(self, at: DateTime<Utc>) -> bool {
        self.contains(saudi_date(at))
    }

    /// Its first day and the day after its last.
    pub fn days(self) -> (NaiveDate, NaiveDate) {
        // A day a little before it starts, found by the calendar's mean year and month.
        let first_month = self.quarter.map_or(1, |q| (q - 1) * 3 + 1);
        let months = match self.quarter {
            Some(_) => 3,
            None => 12,
        };
        let guess = match self.calendar {
            Calendar::Gregorian => {
                NaiveDate::from_ymd_opt(self.year, first_month, 1).unwrap_or_default()
                    - Duration::days(1)
            }
            Calendar::Hijri => {
                let epoch = NaiveDate::from_ymd_opt(622, 7, 19).unwrap_or_default();
                let months_since = f64::from(self.year - 1) * 12.0 + f64::from(first_month - 1);
                epoch + Duration::days((months_since * 29.530_588).floor() as i64 - 20)
            }
        };
        let mut start = guess;
        while !self.contains(start) && start < guess + Duration::days(60) {
            start += Duration::days(1);
        }
        let mut end = start + Duration::days(i64::from(months) * 29 - 1);
        while self.contains(end) {
            end += Duration::days(1);
        }
        (start, end)
    }

    /// Its name, as the report's title gives it.
    pub fn name(self, english: bool) -> String {
        let year = match (self.calendar, english) {
            (Calendar::Hijri, false) => format!("{}هـ", self.year),
            (Calendar::Hijri, true) => format!("{} AH", self.year),
            (Calendar::Gregorian, false) => format!("{}م", self.year),
            (Calendar::Gregorian, true) => self.year.to_string(),
        };
        match (self.quarter, english) {
            (Some(q), _) => format!("{} {year}", quarter_name(q, english)),
            (None, false) => format!("عام {year}"),
            (None, true) => format!("Year {year}"),
        }
    }
}

/// A quarter's name: «الربع الثاني», `Q2`.
pub fn quarter_name(q: u32, english: bool) -> &'static str {
    match (q, english) {
        (1, false) => "الربع الأول",
        (2, false) => "الربع الثاني",
        (3, false) => "الربع الثالث",
        (_, false) => "الربع الرابع",
        (1, true) => "Q1",
        (2, true) => "Q2",
        (3, true) => "Q3",
        (_, true) => "Q4",
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = match self.calendar {
            Calendar::Gregorian => 'g',
            Calendar::Hijri => 'h',
        };
        write!(f, "{c}{}", self.year)?;
        match self.quarter {
            Some(q) => write!(f, "-q{q}"),
            None => Ok(()),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).ok_or_else(|| serde::de::Error::custom("not a period"))
    }
}

/// What a figure measures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Value {
    /// How many.
    Count {
        /// The number.
        n: u64,
    },
    /// How many of how many.
    Share {
        /// Those that met it.
        n: u64,
        /// Those it was asked of.
        of: u64,
    },
    /// How long, in hours: the median and the 90th percentile of `n`.
    Time {
        /// The median.
        median_hours: Option<u64>,
        /// The 90th percentile.
        p90_hours: Option<u64>,
        /// How many were timed.
        n: u64,
    },
    /// An amount, in halalas, over `n` items.
    Money {
        /// The total.
        halalas: u64,
        /// How many.
        n: u64,
    },
}

/// What a figure counts, so it opens as a list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Member {
    /// A request.
    Case(crate::CaseId),
    /// A need or suggestion.
    Feedback(String),
    /// An inquiry at an outreach point.
    Inquiry(String),
}

/// One measured figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// Its key, unique in the report: `h5.on_time`, `ch.requests.phone`.
    pub key: String,
    /// Its name in Arabic.
    pub name_ar: String,
    /// Its name in English.
    pub name_en: String,
    /// What it measures.
    pub value: Value,
    /// Whether it is a part of the figure above it (a channel of all requests).
    #[serde(default)]
    pub part: bool,
    /// What it counts; left out of the report, read by its list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
}

/// One clause of the policy and what was measured against it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// Its code in the policy: `CH`, `H2` … `GOAL`.
    pub code: String,
    /// What it says, in Arabic.
    pub text_ar: String,
    /// What it says, in English.
    pub text_en: String,
    /// The figures.
    pub figures: Vec<Figure>,
}

/// `GET /api/office/board`: the report for a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardReport {
    /// The period.
    pub period: Period,
    /// Its first day and the day after its last.
    pub days: (NaiveDate, NaiveDate),
    /// When it was made.
    pub made_at: DateTime<Utc>,
    /// The clauses, in the policy's order.
    pub clauses: Vec<Clause>,
}

impl BoardReport {
    /// The figure `key`, with its clause's code.
    pub fn figure(&self, key: &str) -> Option<(&str, &Figure)> {
        self.clauses
            .iter()
            .flat_map(|c| c.figures.iter().map(move |f| (c.code.as_str(), f)))
            .find(|(_, f)| f.key == key)
    }

    /// The report as sent: without the lists.
    pub fn without_members(mut self) -> Self {
        for f in self.clauses.iter_mut().flat_map(|c| &mut c.figures) {
            f.members = Vec::new();
        }
        self
    }
}

/// `GET /api/office/board/list`: one figure and what it counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardList {
    /// The period.
    pub period: Period,
    /// The clause's code.
    pub clause: String,
    /// The figure, without its members.
    pub figure: Figure,
    /// Its rows, each once.
    pub rows: Vec<BoardRow>,
}

/// One row of a figure's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardRow {
    /// Where it opens in the app, if it does.
    pub link: Option<String>,
    /// A reference number, or what it is.
    pub title: String,
    /// The person and where it stands.
    pub detail: String,
    /// When it happened.
    pub at: DateTime<Utc>,
}

impl BoardRow {
    /// A request's row.
    pub fn of_case(c: &Case, english: bool) -> Self {
        let name = c.request.applicant.full_name();
        let status = if english {
            c.status.label_en()
        } else {
            c.status.label_ar()
        };
        Self {
            link: Some(format!("/cases/{}", c.id)),
            title: c.reference.to_string(),
            detail: format!(
                "{} — {status}",
                if name.trim().is_empty() { "—" } else { &name }
            ),
            at: c.submitted_at.unwrap_or(c.created_at),
        }
    }

    /// A need's or suggestion's row.
    pub fn of_feedback(f: &Feedback, english: bool) -> Self {
        let kind = FeedbackKind::from_code(&f.input.kind)
            .map(|k| if english { k.label_en() } else { k.label_ar() })
            .unwrap_or_default();
        Self {
            link: Some("/feedback".to_owned()),
            title: kind.to_owned(),
            detail: f.input.text.chars().take(120).collect(),
            at: f.at,
        }
    }

    /// An inquiry's row.
    pub fn of_inquiry(i: &Inquiry, english: bool) -> Self {
        let channel = Channel::from_code(&i.input.channel)
            .map(|c| if english { c.label_en() } else { c.label_ar() })
            .unwrap_or_default();
        Self {
            link: None,
            title: channel.to_owned(),
            detail: format!(
                "{} — {}",
                i.input.person,
                i.input.summary.chars().take(120).collect::<String>()
            ),
            at: i.at,
        }
    }
}

/// A figure being counted.
#[derive(Debug, Default)]
struct Tally {
    members: Vec<Member>,
    of: u64,
    hours: Vec<u64>,
    halalas: u64,
}

impl Tally {
    fn count(&self) -> Value {
        Value::Count {
            n: self.members.len() as u64,
        }
    }

    fn share(&self) -> Value {
        Value::Share {
            n: self.members.len() as u64,
            of: self.of,
        }
    }

    fn time(&self) -> Value {
        let mut h = self.hours.clone();
        h.sort_unstable();
        let at = |p: f64| {
            (!h.is_empty()).then(|| h[((h.len() as f64 * p).ceil() as usize).clamp(1, h.len()) - 1])
        };
        Value::Time {
            median_hours: at(0.5),
            p90_hours: at(0.9),
            n: h.len() as u64,
        }
    }

    fn money(&self) -> Value {
        Value::Money {
            halalas: self.halalas,
            n: self.members.len() as u64,
        }
    }
}

fn hours(from: DateTime<Utc>, to: DateTime<Utc>) -> u64 {
    u64::try_from((to - from).num_hours()).unwrap_or(0)
}

/// Counts what happened in a period, from every request, inquiry and need held.
#[derive(Debug)]
pub struct Board {
    period: Period,
    requests: Tally,
    by_channel: Vec<Tally>,
    inquiries: Tally,
    inquiries_by_channel: Vec<Tally>,
    verified: Tally,
    unverified: Tally,
    referrals: Tally,
    referrals_answered: Tally,
    referral_time: Tally,
    signed: Tally,
    decided: Tally,
    accepted: Tally,
    rejected: Tally,
    on_time: Tally,
    decision_time: Tally,
    told_late: Tally,
    registered: Tally,
    services: Tally,
    services_by_kind: Vec<Tally>,
    received: Tally,
    needs: Tally,
    suggestions: Tally,
    answered: Tally,
    closed: Tally,
    answer_time: Tally,
    contacts: Tally,
    messages: Tally,
}

impl Board {
    /// An empty count for `period`.
    pub fn new(period: Period) -> Self {
        let tallies = |n: usize| (0..n).map(|_| Tally::default()).collect();
        Self {
            period,
            requests: Tally::default(),
            by_channel: tallies(Channel::ALL.len()),
            inquiries: Tally::default(),
            inquiries_by_channel: tallies(Channel::ALL.len()),
            verified: Tally::default(),
            unverified: Tally::default(),
            referrals: Tally::default(),
            referrals_answered: Tally::default(),
            referral_time: Tally::default(),
            signed: Tally::default(),
            decided: Tally::default(),
            accepted: Tally::default(),
            rejected: Tally::default(),
            on_time: Tally::default(),
            decision_time: Tally::default(),
            told_late: Tally::default(),
            registered: Tally::default(),
            services: Tally::default(),
            services_by_kind: tallies(SupportType::ALL.len()),
            received: Tally::default(),
            needs: Tally::default(),
            suggestions: Tally::default(),
            answered: Tally::default(),
            closed: Tally::default(),
            answer_time: Tally::default(),
            contacts: Tally::default(),
            messages: Tally::default(),
        }
    }

    /// The Saudi days on which something of `c` happened that the report counts: it was
    /// handed in, a referral asked, a decision made, a message queued, the applicant
    /// contacted, the request registered or a service delivered. A request counts in a
    /// period only if one of them falls in it, so the server reads only those (an index
    /// of these days, kept beside each request).
    pub fn days_of(c: &Case) -> std::collections::BTreeSet<NaiveDate> {
        if c.discarded || c.status == CaseStatus::Draft && c.submitted_at.is_none() {
            return std::collections::BTreeSet::new();
        }
        let instants = c
            .submitted_at
            .into_iter()
            .chain(c.referrals.iter().map(|r| r.asked_at))
            .chain(c.decisions.iter().map(|d| d.at))
            .chain(c.messages.iter().map(|m| m.queued_at))
            .chain(c.contacts.iter().map(|x| x.at))
            .chain(c.registration.iter().map(|r| r.at));
        instants
            .map(saudi_date)
            .chain(c.services.iter().map(|s| s.delivered_on))
            .collect()
    }

    /// Counts a request: what of it happened in the period.
    pub fn add_case(&mut self, c: &Case) {
        let p = self.period;
        let me = || Member::Case(c.id);
        if c.discarded || c.status == CaseStatus::Draft && c.submitted_at.is_none() {
            return;
        }
        // Handed in during the period: channels (CH), documents (H2), signature (H4).
        if c.submitted_at.is_some_and(|at| p.holds(at)) {
            self.requests.members.push(me());
            if let Some(i) = Channel::ALL
                .iter()
                .position(|ch| ch.code() == c.request.channel)
            {
                self.by_channel[i].members.push(me());
            }
            // Verified against the originals before the social research began.
            let research = c
                .timeline
                .iter()
                .find(|s| s.to == CaseStatus::UnderResearch)
                .map(|s| s.at);
            let provided: Vec<_> = c.documents.values().filter(|d| d.provided()).collect();
            let verified = !provided.is_empty()
                && provided.iter().all(|d| {
                    d.verified
                        .as_ref()
                        .is_some_and(|v| research.is_none_or(|r| v.at <= r))
                });
            self.verified.of += 1;
            if verified {
                self.verified.members.push(me());
            } else {
                self.unverified.members.push(me());
            }
            self.signed.of += 1;
            if c.attestation.is_some() {
                self.signed.members.push(me());
            }
        }
        // Referrals asked during the period (H3).
        for r in c.referrals.iter().filter(|r| p.holds(r.asked_at)) {
            self.referrals.members.push(me());
            self.referrals_answered.of += 1;
            if let Some(a) = &r.answer {
                self.referrals_answered.members.push(me());
                self.referral_time.members.push(me());
                self.referral_time.hours.push(hours(r.asked_at, a.at));
            }
        }
        // The committee's answer during the period (H5).
        let first = c
            .decisions
            .iter()
            .find(|d| matches!(d.verdict, Verdict::Accept | Verdict::Reject));
        if let Some(d) = first.filter(|d| p.holds(d.at)) {
            self.decided.members.push(me());
            match d.verdict {
                Verdict::Accept => self.accepted.members.push(me()),
                _ => self.rejected.members.push(me()),
            }
            self.on_time.of += 1;
            if c.answer_expected_on
                .is_some_and(|due| saudi_date(d.at) <= due)
            {
                self.on_time.members.push(me());
            }
            if let Some(from) = c.submitted_at {
                self.decision_time.members.push(me());
                self.decision_time.hours.push(hours(from, d.at));
            }
        }
        // Messages the applicant did not ask for, among them the apologies for a delay.
        let mut told_late = false;
        for m in c.messages.iter().filter(|m| p.holds(m.queued_at)) {
            if m.notice == Notice::AnswerLate {
                told_late = true;
            }
            if m.notice != Notice::Code {
                self.messages.members.push(me());
            }
        }
        if told_late {
            self.told_late.members.push(me());
        }
        for _ in c.contacts.iter().filter(|x| p.holds(x.at)) {
            self.contacts.members.push(me());
        }
        // Registration (H6) and services (H7).
        if c.registration.as_ref().is_some_and(|r| p.holds(r.at)) {
            self.registered.members.push(me());
        }
        for s in c.services.iter().filter(|s| p.contains(s.delivered_on)) {
            self.services.members.push(me());
            self.services.halalas += s.amount.0;
            if let Some(i) = SupportType::ALL.iter().position(|k| *k == s.kind) {
                self.services_by_kind[i].members.push(me());
                self.services_by_kind[i].halalas += s.amount.0;
            }
        }
    }

    /// Counts an inquiry logged during the period (CH).
    pub fn add_inquiry(&mut self, i: &Inquiry) {
        if !self.period.holds(i.at) {
            return;
        }
        let me = Member::Inquiry(i.id.to_string());
        self.inquiries.members.push(me.clone());
        if let Some(n) = Channel::ALL
            .iter()
            .position(|ch| ch.code() == i.input.channel)
        {
            self.inquiries_by_channel[n].members.push(me);
        }
    }

    /// Counts a need or suggestion received during the period (GOAL).
    pub fn add_feedback(&mut self, f: &Feedback) {
        if !self.period.holds(f.at) {
            return;
        }
        let me = || Member::Feedback(f.id.to_string());
        self.received.members.push(me());
        match FeedbackKind::from_code(&f.input.kind) {
            Some(FeedbackKind::Suggestion) => self.suggestions.members.push(me()),
            _ => self.needs.members.push(me()),
        }
        self.answered.of += 1;
        self.closed.of += 1;
        if let Some(a) = &f.answer {
            self.answered.members.push(me());
            self.answer_time.members.push(me());
            self.answer_time.hours.push(hours(f.at, a.at));
        }
        if f.closed_at.is_some() {
            self.closed.members.push(me());
        }
    }

    /// The report, made at `now`.
    pub fn finish(self, now: DateTime<Utc>) -> BoardReport {
        let fig = |key: &str, ar: &str, en: &str, value: Value, t: Tally| Figure {
            key: key.to_owned(),
            name_ar: ar.to_owned(),
            name_en: en.to_owned(),
            value,
            part: false,
            members: t.members,
        };
        let part = |mut f: Figure| {
            f.part = true;
            f
        };
        let Self {
            period,
            requests,
            by_channel,
            inquiries,
            inquiries_by_channel,
            verified,
            unverified,
            referrals,
            referrals_answered,
            referral_time,
            signed,
            decided,
            accepted,
            rejected,
            on_time,
            decision_time,
            told_late,
            registered,
            services,
            services_by_kind,
            received,
            needs,
            suggestions,
            answered,
            closed,
            answer_time,
            contacts,
            messages,
        } = self;
        let mut ch = vec![fig(
            "ch.requests",
            "الطلبات المقدَّمة",
            "Requests handed in",
            requests.count(),
            requests,
        )];
        for (c, t) in Channel::ALL.iter().zip(by_channel) {
            ch.push(part(fig(
                &format!("ch.requests.{}", c.code()),
                c.label_ar(),
                c.label_en(),
                t.count(),
                t,
            )));
        }
        ch.push(fig(
            "ch.inquiries",
            "الاستفسارات المسجلة",
            "Inquiries logged",
            inquiries.count(),
            inquiries,
        ));
        for (c, t) in Channel::ALL.iter().zip(inquiries_by_channel) {
            ch.push(part(fig(
                &format!("ch.inquiries.{}", c.code()),
                c.label_ar(),
                c.label_en(),
                t.count(),
                t,
            )));
        }
        let mut h7 = vec![fig(
            "h7.services",
            "الخدمات المقدَّمة ومبالغها",
            "Services delivered and their amounts",
            services.money(),
            services,
        )];
        for (k, t) in SupportType::ALL.iter().zip(services_by_kind) {
            h7.push(part(fig(
                &format!("h7.services.{}", k.code()),
                k.label_ar(),
                k.label_en(),
                t.money(),
                t,
            )));
        }
        let clause = |code: &str, ar: &str, en: &str, figures: Vec<Figure>| Clause {
            code: code.to_owned(),
            text_ar: ar.to_owned(),
            text_en: en.to_owned(),
            figures,
        };
        BoardReport {
            period,
            days: period.days(),
            made_at: now,
            clauses: vec![
                clause(
                    "CH",
                    "قنوات التواصل: تُسجَّل قناة كل تواصل وكل طلب.",
                    "Channels of contact: every contact and every request records one.",
                    ch,
                ),
                clause(
                    "H2",
                    "التأكد من استيفاء المعلومات ومطابقة البيانات والتحقق من صحتها عند التقديم.",
                    "Make sure all required information is provided, matched and checked at submission.",
                    vec![
                        fig("h2.verified", "طلبات طابق الموظف كل مستنداتها بالأصل قبل البحث", "Requests whose documents were all verified against originals before research", verified.share(), verified),
                        fig("h2.unverified", "طلبات لم تُطابَق كل مستنداتها قبل البحث", "Requests not fully verified before research", unverified.count(), unverified),
                    ],
                ),
                clause(
                    "H3",
                    "إحالة من لم تتضح له الإجراءات إلى الباحث الاجتماعي ليجيبه ويوضح له.",
                    "Refer whoever finds the procedures unclear to the social researcher, who answers.",
                    vec![
                        fig("h3.referrals", "الإحالات إلى الباحث الاجتماعي", "Referrals to the social researcher", referrals.count(), referrals),
                        fig("h3.answered", "الإحالات المجاب عنها", "Referrals answered", referrals_answered.share(), referrals_answered),
                        fig("h3.time", "زمن الإجابة", "Time to the answer", referral_time.time(), referral_time),
                    ],
                ),
                clause(
                    "H4",
                    "يقر مقدم الطلب بصحة البيانات ويوقّع عليها.",
                    "The applicant confirms the data is correct and signs it.",
                    vec![fig("h4.signed", "طلبات وقّع مقدموها الإقرار", "Requests signed by their applicants", signed.share(), signed)],
                ),
                clause(
                    "H5",
                    "تدرس لجنة البحث الطلب وترد بالقبول أو الرفض في مدة لا تقل عن أسبوعين، ويُبلَّغ مقدم الطلب بموعد الرد.",
                    "The research committee studies the request and answers within the promised period, of which the applicant is told.",
                    vec![
                        fig("h5.decided", "طلبات ردّت عليها اللجنة", "Requests the committee answered", decided.count(), decided),
                        part(fig("h5.accepted", "مقبولة", "Accepted", accepted.count(), accepted)),
                        part(fig("h5.rejected", "مرفوضة", "Rejected", rejected.count(), rejected)),
                        fig("h5.on_time", "رُدّ عليها في الموعد الموعود", "Answered by the promised day", on_time.share(), on_time),
                        fig("h5.time", "المدة من التقديم إلى الرد", "Time from handing in to the answer", decision_time.time(), decision_time),
                        fig("h5.told_late", "مقدمو طلبات أُبلغوا بتأخر الرد", "Applicants told their answer was late", told_late.count(), told_late),
                    ],
                ),
                clause(
                    "H6",
                    "استكمال إجراءات التسجيل عند اكتمال المتطلبات.",
                    "Complete the registration once the requirements are complete.",
                    vec![fig("h6.registered", "ملفات مستفيدين سُجّلت", "Beneficiary files registered", registered.count(), registered)],
                ),
                clause(
                    "H7",
                    "تقديم الخدمة المطلوبة.",
                    "Provide the required service.",
                    h7,
                ),
                clause(
                    "GOAL",
                    "متابعة الاحتياجات والمقترحات والتواصل مع المستفيدين دون أن يطلبوا.",
                    "Follow up every need and suggestion, and reach beneficiaries without their asking.",
                    vec![
                        fig("goal.received", "الاحتياجات والمقترحات الواردة", "Needs and suggestions received", received.count(), received),
                        part(fig("goal.needs", "احتياجات", "Needs", needs.count(), needs)),
                        part(fig("goal.suggestions", "مقترحات", "Suggestions", suggestions.count(), suggestions)),
                        fig("goal.answered", "رُدّ عليها", "Answered", answered.share(), answered),
                        fig("goal.closed", "أُغلقت", "Closed", closed.share(), closed),
                        fig("goal.time", "زمن الرد", "Time to the answer", answer_time.time(), answer_time),
                        fig("goal.messages", "رسائل أُرسلت إلى المستفيدين دون طلب منهم", "Messages sent to applicants without their asking", messages.count(), messages),
                        fig("goal.contacts", "تواصل سجّله الموظفون مع المستفيدين", "Contacts staff logged with applicants", contacts.count(), contacts),
                    ],
                ),
            ],
        }
    }
}

/// `GET /api/office/board` and its list: the period, and for a list the figure.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardQuery {
    /// The period, as `h1448-q2`.
    pub period: String,
    /// The figure whose list is asked for.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub figure: String,
    /// `en` for English names in a list or a file; Arabic otherwise.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub lang: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a day")
    }

    #[test]
    fn periods_read_and_bound_in_both_calendars() {
        let q = Period::parse("g2026-q4").expect("a quarter");
        assert_eq!(q.days(), (day(2026, 10, 1), day(2027, 1, 1)));
        assert_eq!(q.to_string(), "g2026-q4");
        let y = Period::parse("g2026").expect("a year");
        assert_eq!(y.days(), (day(2026, 1, 1), day(2027, 1, 1)));
        let h = Period::quarter_of(day(2026, 12, 3), Calendar::Hijri);
        assert_eq!(h.to_string(), "h1448-q2");
        let (start, end) = h.days();
        assert!(h.contains(start) && !h.contains(start - Duration::days(1)));
        assert!(h.contains(end - Duration::days(1)) && !h.contains(end));
        assert!((85..=90).contains(&(end - start).num_days()));
        let year = Period::parse("h1448").expect("a Hijri year");
        let (start, end) = year.days();
        assert!((354..=355).contains(&(end - start).num_days()));
        assert_eq!(crate::dates::hijri(start).month, 1);
        assert_eq!(crate::dates::hijri(start).day, 1);
        for bad in ["h1448-q5", "x2026", "g2026-q", ""] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(h.name(false), "الربع الثاني 1448هـ");
    }

    #[test]
    fn a_request_counts_in_a_period_only_on_its_days() {
        // Handed in in one quarter, the applicant called in another: the server reads a
        // request for a period only when one of its days falls in it, so every period
        // the board counts it in must hold one of them, and every such period counts it.
        let mut c = crate::life::steps::tests::at_committee();
        let at = |y, m, d| day(y, m, d).and_hms_opt(9, 0, 0).expect("a time").and_utc();
        c.submitted_at = Some(at(2026, 1, 10));
        c.contacts.push(crate::life::workflow::Contact {
            channel: Channel::Phone,
            outcome: crate::life::workflow::ContactOutcome::Reached,
            summary: "اتصال".into(),
            by: c.created_by.clone(),
            at: at(2026, 5, 5),
        });
        let days = Board::days_of(&c);
        assert!(days.contains(&day(2026, 1, 10)) && days.contains(&day(2026, 5, 5)));
        let mut periods = Vec::new();
        for year in 2025..=2027 {
            periods.push(format!("g{year}"));
            periods.extend((1..=4).map(|q| format!("g{year}-q{q}")));
        }
        for year in 1446..=1448 {
            periods.push(format!("h{year}"));
            periods.extend((1..=4).map(|q| format!("h{year}-q{q}")));
        }
        let mut counted_somewhere = false;
        for text in periods {
            let period = Period::parse(&text).expect("a period");
            let mut board = Board::new(period);
            board.add_case(&c);
            let report = board.finish(at(2027, 12, 31));
            let counted = report
                .clauses
                .iter()
                .flat_map(|clause| &clause.figures)
                .any(|f| !f.members.is_empty());
            let holds = days.iter().any(|d| period.contains(*d));
            assert_eq!(counted, holds, "{text}");
            counted_somewhere |= counted;
        }
        assert!(counted_somewhere);
        c.discarded = true;
        assert!(
            Board::days_of(&c).is_empty(),
            "a draft thrown away counts nowhere"
        );
    }

    #[test]
    fn times_take_the_median_and_the_ninetieth_percentile() {
        let t = Tally {
            hours: (1..=10).collect(),
            ..Tally::default()
        };
        assert_eq!(
            t.time(),
            Value::Time {
                median_hours: Some(5),
                p90_hours: Some(9),
                n: 10
            }
        );
        assert_eq!(
            Tally::default().time(),
            Value::Time {
                median_hours: None,
                p90_hours: None,
                n: 0
            }
        );
    }
}
