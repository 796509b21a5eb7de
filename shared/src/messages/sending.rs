//! Sending messages to applicants: which events send one, their default texts, how a text
//! is filled in and counted in SMS segments, and the staff's own messages.
//!
//! The server decides *when* (in the same transaction as the change that causes the
//! message) and the head office may edit the texts; the rules for what an event says and
//! what a text may hold live here, so the editor's preview is what the applicant receives.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::dates::{hijri, saudi_date};
use crate::life::mutation::Op;
use crate::life::workflow::Verdict;
use crate::messages::{Message, Notice};
use crate::validation::{required_text, ErrorCode, Field, FieldError};
use crate::vocabulary::Vocabulary;
use crate::{Case, CaseStatus};

impl Notice {
    /// Whether the applicant's request needs this message, so opting out does not stop
    /// it: what is missing, what the committee decided or asks, and the codes they ask for.
    pub fn essential(self) -> bool {
        matches!(
            self,
            Self::Submitted
                | Self::Incomplete
                | Self::ReturnedForInfo
                | Self::Accepted
                | Self::Rejected
                | Self::Registered
                | Self::Moved
                | Self::ErasureGranted
                | Self::ErasureRefused
                | Self::Staff
                | Self::Code
                | Self::SignUpTried
        )
    }

    /// Whether the message waits for the morning in quiet hours: only a code someone is
    /// waiting for goes at once.
    pub fn waits_for_morning(self) -> bool {
        self != Self::Code
    }

    /// The texts the head office may edit; a staff message is typed each time.
    pub fn templated() -> impl Iterator<Item = Self> {
        Self::ALL.iter().copied().filter(|n| *n != Self::Staff)
    }

    /// The placeholders this notice's text may use, each written `{name}`.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            Self::Submitted => &["reference", "answer_day"],
            Self::Incomplete => &["reference", "missing", "point"],
            Self::ReturnedForInfo | Self::Accepted => &["reference"],
            Self::Rejected => &["reference", "reason"],
            Self::Registered => &["reference", "file"],
            Self::ServiceDelivered => &["reference", "service"],
            Self::FeedbackAnswered => &["answer"],
            Self::AnswerLate => &["reference", "answer_day"],
            Self::Moved => &["reference", "point"],
            Self::ErasureGranted => &[],
            Self::ErasureRefused => &["reason"],
            Self::Staff => &["text"],
            Self::Code => &["code"],
            Self::SignUpTried => &["contact"],
        }
    }

    /// The text shipped with the system, before the head office edits it.
    pub fn default_text(self, english: bool) -> &'static str {
        match (self, english) {
            (Self::Submitted, false) => "جمعية الإسكان: استلمنا طلبك رقم {reference}، ويُتوقع الرد ابتداءً من {answer_day}.",
            (Self::Submitted, true) => "Housing association: we received your request {reference}. Expect an answer from {answer_day}.",
            (Self::Incomplete, false) => "طلبك {reference} ينقصه: {missing}. نرجو إحضاره إلى {point}.",
            (Self::Incomplete, true) => "Your request {reference} is missing: {missing}. Please bring it to {point}.",
            (Self::ReturnedForInfo, false) => "طلبك {reference} أعادته اللجنة لاستكمال معلومات، وسيتواصل معك الباحث الاجتماعي.",
            (Self::ReturnedForInfo, true) => "The committee needs more information on your request {reference}; the social researcher will contact you.",
            (Self::Accepted, false) => "قُبل طلبك {reference}، وسنتواصل معك لإكمال التسجيل.",
            (Self::Accepted, true) => "Your request {reference} was accepted; we will contact you to register it.",
            (Self::Rejected, false) => "نعتذر، لم يُقبل طلبك {reference}. السبب: {reason}.",
            (Self::Rejected, true) => "We are sorry: your request {reference} was not accepted. Reason: {reason}.",
            (Self::Registered, false) => "سُجّل طلبك {reference} في سجل المستفيدين برقم ملف {file}.",
            (Self::Registered, true) => "Your request {reference} is registered as beneficiary file {file}.",
            (Self::ServiceDelivered, false) => "قُدّمت لطلبك {reference} خدمة: {service}.",
            (Self::ServiceDelivered, true) => "A service was delivered for your request {reference}: {service}.",
            (Self::FeedbackAnswered, false) => "ردّت الجمعية على ما أرسلته: {answer}",
            (Self::FeedbackAnswered, true) => "The association answered you: {answer}",
            (Self::AnswerLate, false) => "نعتذر عن تأخر الرد على طلبك {reference}. يُتوقع الرد الآن ابتداءً من {answer_day}.",
            (Self::AnswerLate, true) => "We are sorry your answer on request {reference} is late. It can now be expected from {answer_day}.",
            (Self::Moved, false) => "نُقل طلبك {reference} إلى {point}، وستتابعه من الآن.",
            (Self::Moved, true) => "Your request {reference} moved to {point}, which follows it from now on.",
            (Self::ErasureGranted, false) => "جمعية الإسكان: حُذفت بياناتك كما طلبت، وأُغلق حسابك. لا يبقى إلا ما يلزم حفظه في سجل المستفيدين.",
            (Self::ErasureGranted, true) => "Housing association: your data was erased as you asked and your account closed. Only what the beneficiary register must keep remains.",
            (Self::ErasureRefused, false) => "جمعية الإسكان: لم يُنفّذ طلب حذف بياناتك. السبب: {reason}.",
            (Self::ErasureRefused, true) => "Housing association: your data was not erased. Reason: {reason}.",
            (Self::Staff, _) => "{text}",
            (Self::Code, false) => "رمز التحقق: {code}. صالح 10 دقائق، لا تعطه لأحد.",
            (Self::Code, true) => "Your code: {code}. Valid 10 minutes; do not share it.",
            (Self::SignUpTried, false) => "جمعية الإسكان: حاول أحدٌ فتح حساب برقم هويتك من جوال آخر، ولم يُفتح. إن لم تكن أنت فلا تعطِ رموزك لأحد، وتواصل معنا: {contact}.",
            (Self::SignUpTried, true) => "Housing association: someone tried to open an account with your ID from another mobile; none was opened. If it was not you, share no codes and reach us: {contact}.",
        }
    }
}

/// The values a text's placeholders take, by name.
pub type Values = Vec<(&'static str, String)>;

/// `template` with each `{name}` replaced by its value.
pub fn render(template: &str, values: &Values) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Checks a text the head office wrote for `notice`: not empty, at most
/// [`TEXT_MAX`] characters, and every `{name}` one the notice fills. Returns it tidied.
pub fn check_text(notice: Notice, input: &str) -> Result<String, ErrorCode> {
    let text = crate::validation::required_text(input, TEXT_MAX)?;
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(ErrorCode::UnknownPlaceholder)?;
        if !notice.placeholders().contains(&&after[..close]) {
            return Err(ErrorCode::UnknownPlaceholder);
        }
        rest = &after[close + 1..];
    }
    if notice == Notice::Code && !text.contains("{code}") {
        return Err(ErrorCode::Required);
    }
    Ok(text)
}

/// The longest text of a message: four Arabic segments.
pub const TEXT_MAX: usize = 268;

/// How a text travels and how many SMS it costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segments {
    /// Whether it needs UCS-2 (Arabic does); otherwise the GSM 7-bit alphabet.
    pub unicode: bool,
    /// Characters, counted as the network counts them.
    pub units: usize,
    /// How many SMS it is sent as.
    pub parts: usize,
}

/// Counts `text` as an SMS: 160 GSM characters or 70 UCS-2 ones in one message, 153 or 67
/// per part once it is split.
pub fn segments(text: &str) -> Segments {
    const GSM: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    const EXTENDED: &str = "^{}\\[~]|€\u{000C}";
    let unicode = text
        .chars()
        .any(|c| !GSM.contains(c) && !EXTENDED.contains(c));
    let units = if unicode {
        // UTF-16 units: a character outside the basic plane takes two.
        text.encode_utf16().count()
    } else {
        text.chars()
            .map(|c| if EXTENDED.contains(c) { 2 } else { 1 })
            .sum()
    };
    let (single, part) = if unicode { (70, 67) } else { (160, 153) };
    let parts = if units <= single {
        1
    } else {
        units.div_ceil(part)
    };
    Segments {
        unicode,
        units,
        parts,
    }
}

/// A Gregorian day with its Umm al-Qura date, as a message writes it.
pub fn day_text(day: NaiveDate, english: bool) -> String {
    let h = hijri(day);
    let (and, suffix) = if english {
        (" /", " AH")
    } else {
        (" الموافق", "هـ")
    };
    format!(
        "{}{and} {:04}/{:02}/{:02}{suffix}",
        day.format("%Y/%m/%d"),
        h.year,
        h.month,
        h.day
    )
}

/// Riyadh's offset from UTC: Saudi Arabia keeps no daylight saving time.
const RIYADH_SECS: i32 = 3 * 3600;

/// When a message that waits for the morning may go, if `now` falls in the quiet hours
/// `from`–`to` (Riyadh time; `from` after `to` spans midnight).
pub fn after_quiet_hours(
    now: DateTime<Utc>,
    from: NaiveTime,
    to: NaiveTime,
) -> Option<DateTime<Utc>> {
    let riyadh = FixedOffset::east_opt(RIYADH_SECS).expect("a valid offset");
    let local = now.with_timezone(&riyadh);
    let t = local.time();
    let quiet = if from <= to {
        t >= from && t < to
    } else {
        t >= from || t < to
    };
    if !quiet {
        return None;
    }
    let day = if t >= to {
        local.date_naive() + Duration::days(1)
    } else {
        local.date_naive()
    };
    day.and_time(to)
        .and_local_timezone(riyadh)
        .single()
        .map(|at| at.with_timezone(&Utc))
}

/// Days added to the expected answer day each time the answer is late.
pub const LATE_EXTENSION_DAYS: i64 = 7;

/// The message a committee's decision sends the applicant, with its values: the reasons
/// from the list are written for the applicant; the committee's own words may speak of
/// other people, and stay inside.
pub fn decided(
    reference: &str,
    verdict: Verdict,
    reasons: &[crate::life::workflow::RefusalReason],
    english: bool,
) -> (Notice, Values) {
    let reference = ("reference", reference.to_owned());
    match verdict {
        Verdict::Accept => (Notice::Accepted, vec![reference]),
        Verdict::ReturnForInfo => (Notice::ReturnedForInfo, vec![reference]),
        Verdict::Reject => {
            let joiner = if english { "; " } else { "، " };
            let reasons: Vec<String> = reasons
                .iter()
                .map(|r| if english { r.label_en() } else { r.label_ar() }.to_owned())
                .collect();
            (
                Notice::Rejected,
                vec![reference, ("reason", reasons.join(joiner))],
            )
        }
    }
}

/// The message a change to a case sends the applicant, with its placeholders' values, if
/// it sends one. `before` is the case as it was, `after` as the change left it.
pub fn caused_by(before: &Case, after: &Case, op: &Op, english: bool) -> Option<(Notice, Values)> {
    let label = |v: &dyn Fn() -> (&'static str, &'static str)| {
        let (ar, en) = v();
        if english { en } else { ar }.to_owned()
    };
    let reference = ("reference", after.reference.to_string());
    match op {
        Op::Transition {
            to: CaseStatus::Submitted,
        } if before.status != CaseStatus::Submitted => {
            let day = after.answer_expected_on?;
            Some((
                Notice::Submitted,
                vec![reference, ("answer_day", day_text(day, english))],
            ))
        }
        Op::ReturnIncomplete { .. } => {
            let missing = after.missing.as_ref()?;
            let mut items: Vec<String> = missing
                .documents
                .iter()
                .map(|d| label(&|| (d.label_ar(), d.label_en())))
                .collect();
            if !missing.note.is_empty() {
                items.push(missing.note.clone());
            }
            let joiner = if english { ", " } else { "، " };
            let point = &after.outreach_point;
            Some((
                Notice::Incomplete,
                vec![
                    reference,
                    ("missing", items.join(joiner)),
                    (
                        "point",
                        if english {
                            &point.name_en
                        } else {
                            &point.name_ar
                        }
                        .clone(),
                    ),
                ],
            ))
        }
        Op::Decide { .. } => {
            let decision = after.decisions.last()?;
            Some(decided(
                &after.reference.to_string(),
                decision.verdict,
                &decision.reasons,
                english,
            ))
        }
        // A draft is not the association's yet: its move (when its point closes) is not
        // news to anyone.
        Op::Move { .. } if before.status == CaseStatus::Draft => None,
        Op::Move { .. } => {
            let point = &after.outreach_point;
            let name = if english {
                &point.name_en
            } else {
                &point.name_ar
            };
            Some((Notice::Moved, vec![reference, ("point", name.clone())]))
        }
        Op::Register => {
            let file = after.registration.as_ref()?.file_number.clone();
            Some((Notice::Registered, vec![reference, ("file", file)]))
        }
        Op::DeliverService { service_id, .. } => {
            let service = after.services.iter().find(|s| s.id == *service_id)?;
            Some((
                Notice::ServiceDelivered,
                vec![
                    reference,
                    (
                        "service",
                        label(&|| (service.kind.label_ar(), service.kind.label_en())),
                    ),
                ],
            ))
        }
        _ => None,
    }
}

/// The new expected answer day, when the applicant is owed an apology today: the request
/// still waits for a decision and the day last promised (the expected one, or the one an
/// earlier apology gave) has come. Only a promise made by message is apologised for: a
/// request handed in before messages were sent, or whose applicant had no mobile, was
/// told its day on paper, and staff follow it up by the overdue list.
pub fn late_answer_due(case: &Case, today: NaiveDate) -> Option<NaiveDate> {
    let told = case.messages.iter().any(|m| m.notice == Notice::Submitted);
    if !told || !case.status.awaits_decision() || case.discarded {
        return None;
    }
    let promised = case
        .messages
        .iter()
        .filter_map(|m| m.promised_on)
        .max()
        .or(case.answer_expected_on)?;
    (today >= promised).then(|| today + Duration::days(LATE_EXTENSION_DAYS))
}

/// When the applicant was last reached by a message, if ever.
pub fn last_reached(case: &Case) -> Option<DateTime<Utc>> {
    Message::last_reached(&case.messages)
}

/// Whether the applicant was reached by a message on `today` (Saudi time).
pub fn reached_on(case: &Case, today: NaiveDate) -> bool {
    last_reached(case).is_some_and(|at| saudi_date(at) == today)
}

/// A message a member of staff writes to the applicant from the case page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMessage {
    /// The text as typed.
    pub text: String,
}

impl StaffMessage {
    /// The text, checked: not empty, at most [`TEXT_MAX`] characters.
    pub fn check(&self) -> Result<String, Vec<FieldError>> {
        required_text(&self.text, TEXT_MAX).map_err(|code| {
            vec![FieldError {
                field: Field::MessageText,
                index: None,
                code,
            }]
        })
    }
}

/// What staff decide for a message whose outcome is unknown or that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageAction {
    /// Send it again (under the same reference).
    SendAgain,
    /// The applicant got it (they said so): mark it sent.
    MarkSent,
}

/// The body of a decision on a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageDecision {
    /// What to do.
    pub action: MessageAction,
}

/// A message's text in one language, as the head office edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeText {
    /// The event.
    pub notice: Notice,
    /// English, or Arabic.
    pub english: bool,
    /// The text in use.
    pub body: String,
    /// Its version: 0 for the text shipped with the system.
    pub version: i64,
    /// Who wrote it, for an edited one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
    /// The earlier versions, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<NoticeText>,
}

/// A new version of a text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEdit {
    /// The text as typed.
    pub body: String,
}

/// What an applicant chose for their messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// Messages in English rather than Arabic.
    pub english: bool,
    /// Only the messages their request needs.
    pub sms_opt_out: bool,
}

/// Example values of a notice's placeholders, for the editor's preview.
pub fn sample_values(english: bool) -> Values {
    let day = NaiveDate::from_ymd_opt(2026, 12, 20).expect("a calendar day");
    let pick = |ar: &str, en: &str| if english { en } else { ar }.to_owned();
    vec![
        (
            "reference",
            crate::Reference::new(12, 345)
                .map(|r| r.to_string())
                .unwrap_or_default(),
        ),
        ("answer_day", day_text(day, english)),
        (
            "missing",
            pick(
                "صورة الهوية الوطنية، صك الملكية",
                "National ID copy, title deed",
            ),
        ),
        ("point", pick("نقطة خدمة صبيا", "Sabya outreach point")),
        (
            "reason",
            pick(
                "الدخل يتجاوز الحد المعتمد للدعم",
                "Income above the support limit",
            ),
        ),
        ("file", "1448-0042".into()),
        ("service", pick("ترميم", "Restoration")),
        (
            "answer",
            pick(
                "سنضيف نقطة خدمة في الدرب الشهر القادم.",
                "We will open a point in Ad Darb next month.",
            ),
        ),
        ("text", pick("نرجو الاتصال بنا.", "Please call us.")),
        ("code", "482913".into()),
        ("contact", "920000000".into()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Delivery;

    #[test]
    fn arabic_counts_in_seventies_and_latin_in_one_sixties() {
        assert_eq!(
            segments(&"a".repeat(160)),
            Segments {
                unicode: false,
                units: 160,
                parts: 1
            }
        );
        assert_eq!(segments(&"a".repeat(161)).parts, 2);
        assert_eq!(segments("{}").units, 4);
        let arabic = "ع".repeat(70);
        assert_eq!(segments(&arabic).parts, 1);
        assert!(segments(&arabic).unicode);
        assert_eq!(segments(&"ع".repeat(71)).parts, 2);
        assert_eq!(segments(&"ع".repeat(135)).parts, 3);
    }

    #[test]
    fn a_text_uses_only_its_notices_placeholders() {
        assert!(check_text(Notice::Rejected, "رُفض {reference}: {reason}").is_ok());
        assert_eq!(
            check_text(Notice::Accepted, "قُبل {reference} {reason}"),
            Err(ErrorCode::UnknownPlaceholder)
        );
        assert_eq!(
            check_text(Notice::Accepted, "قُبل {reference"),
            Err(ErrorCode::UnknownPlaceholder)
        );
        assert_eq!(check_text(Notice::Code, "رمزك"), Err(ErrorCode::Required));
        for n in Notice::ALL {
            for english in [false, true] {
                assert!(check_text(*n, n.default_text(english)).is_ok(), "{n:?}");
            }
        }
    }

    #[test]
    fn quiet_hours_hold_until_the_morning_in_riyadh() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("a time");
        let (from, to) = (
            NaiveTime::from_hms_opt(22, 0, 0).expect("22:00"),
            NaiveTime::from_hms_opt(7, 0, 0).expect("07:00"),
        );
        // 21:59 and 07:00 in Riyadh are not quiet.
        assert_eq!(
            after_quiet_hours(at("2026-12-02T18:59:00Z"), from, to),
            None
        );
        assert_eq!(
            after_quiet_hours(at("2026-12-03T04:00:00Z"), from, to),
            None
        );
        // 23:30 waits for 07:00 the next day; 03:00 for 07:00 the same day.
        assert_eq!(
            after_quiet_hours(at("2026-12-02T20:30:00Z"), from, to),
            Some(at("2026-12-03T04:00:00Z"))
        );
        assert_eq!(
            after_quiet_hours(at("2026-12-03T00:00:00Z"), from, to),
            Some(at("2026-12-03T04:00:00Z"))
        );
        // Hours within one day: 13:00–15:00.
        let (f, t) = (
            NaiveTime::from_hms_opt(13, 0, 0).expect("13:00"),
            NaiveTime::from_hms_opt(15, 0, 0).expect("15:00"),
        );
        assert_eq!(
            after_quiet_hours(at("2026-12-02T10:30:00Z"), f, t),
            Some(at("2026-12-02T12:00:00Z"))
        );
    }

    #[test]
    fn an_apology_follows_a_day_promised_by_message_once_a_week() {
        use crate::life::apply::tests::{officer, ready, run};
        let me = officer();
        let mut case = run(
            Some(&ready(&me, true)),
            Op::Transition {
                to: CaseStatus::Submitted,
            },
            &me,
        )
        .expect("submitted");
        case.answer_expected_on = "2026-11-15".parse().ok();
        let day = |s: &str| s.parse::<NaiveDate>().expect("a day");
        assert_eq!(
            late_answer_due(&case, day("2026-11-20")),
            None,
            "never told by message"
        );
        let mut told = case.clone();
        let at = "2026-11-01T08:00:00Z".parse().expect("a time");
        told.messages.push(Message {
            id: "m1".into(),
            notice: Notice::Submitted,
            text: String::new(),
            to: "0551234567".into(),
            delivery: Delivery::Sent,
            detail: String::new(),
            by: None,
            queued_at: at,
            updated_at: at,
            promised_on: None,
        });
        assert_eq!(late_answer_due(&told, day("2026-11-14")), None);
        assert_eq!(
            late_answer_due(&told, day("2026-11-15")),
            Some(day("2026-11-22"))
        );
        told.messages.push(Message {
            notice: Notice::AnswerLate,
            promised_on: Some(day("2026-11-22")),
            ..told.messages[0].clone()
        });
        assert_eq!(
            late_answer_due(&told, day("2026-11-21")),
            None,
            "the new day holds"
        );
        assert_eq!(
            late_answer_due(&told, day("2026-11-22")),
            Some(day("2026-11-29"))
        );
        told.status = CaseStatus::Rejected;
        assert_eq!(late_answer_due(&told, day("2026-11-30")), None, "decided");
    }

    #[test]
    fn fills_placeholders_and_writes_both_calendars() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 20).expect("a day");
        let text = render(
            Notice::Submitted.default_text(false),
            &vec![
                ("reference", "R-1".into()),
                ("answer_day", day_text(day, false)),
            ],
        );
        assert!(text.contains("R-1"));
        assert!(text.contains("2026/12/20 الموافق 1448/"));
        assert!(!text.contains('{'));
    }
}
