//! After submission (policy H3, H5–H7): what is missing, the research visit, the committee's
//! decision, registration, the services delivered, and the contacts made with the applicant.
//!
//! Each record is typed by a person as text ([`VisitInput`], [`DecisionInput`], …) and
//! checked here into what the case keeps, by the device while typing and by the server.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::dates::parse_date;
use crate::documents::{AttachmentRef, DocumentKind};
use crate::ids::ServiceId;
use crate::life::status::CaseStatus;
use crate::people::{OutreachPoint, UserRef};
use crate::region::{Channel, SupportType};
use crate::request::applicant::GeoPoint;
use crate::request::income::Halalas;
use crate::validation::{
    choice, count, optional_text, required_text, Collector, ErrorCode, Field, FieldError,
};
use crate::vocabulary::{vocabulary, Vocabulary};

/// The longest free text of a workflow record (findings, notes, reasons).
pub const TEXT_MAX: usize = 4000;

/// A date typed for something that already happened: a calendar date, not after `today`.
fn past_date(input: &str, today: NaiveDate) -> Result<NaiveDate, ErrorCode> {
    let date = parse_date(input)?;
    if date > today {
        return Err(ErrorCode::DateInFuture);
    }
    Ok(date)
}

/// One status change, as the case's timeline shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// The status left.
    pub from: CaseStatus,
    /// The status reached.
    pub to: CaseStatus,
    /// Who moved it.
    pub by: UserRef,
    /// When, by the device of whoever moved it.
    pub at: DateTime<Utc>,
}

/// What an officer found missing in a submitted request; shown to the applicant until they
/// hand it in again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missing {
    /// Documents to bring or photograph again.
    pub documents: Vec<DocumentKind>,
    /// What else is missing, in words the applicant understands.
    pub note: String,
    /// The officer.
    pub by: UserRef,
    /// When.
    pub at: DateTime<Utc>,
}

impl Missing {
    /// Checks what an officer lists as missing: at least one document or a note.
    pub fn check(documents: &[DocumentKind], note: &str) -> Result<String, Vec<FieldError>> {
        let mut c = Collector::default();
        let note = c.check(Field::MissingNote, optional_text(note, TEXT_MAX));
        if documents.len() > DocumentKind::ALL.len() {
            c.push(
                Field::MissingDocuments,
                None,
                ErrorCode::TooMany {
                    max: DocumentKind::ALL.len(),
                },
            );
        }
        if documents.is_empty() && note.as_deref().is_some_and(str::is_empty) {
            c.push(Field::MissingDocuments, None, ErrorCode::AtLeastOne);
        }
        c.finish(|| note)
    }
}

vocabulary! {
    /// What the social researcher recommends after the visit.
    Recommendation {
        Support = "support", "يُوصى بالدعم", "Support the request";
        PartialSupport = "partial_support", "يُوصى بدعم جزئي", "Support part of it";
        Decline = "decline", "لا يُوصى بالدعم", "Do not support";
    }
}

/// The research of a case: the researcher assigned and, once made, the field visit's report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Research {
    /// The social researcher who visits.
    pub researcher: UserRef,
    /// Who assigned them.
    pub assigned_by: UserRef,
    /// When.
    pub assigned_at: DateTime<Utc>,
    /// The visit's report, once written.
    pub visit: Option<Visit>,
}

/// The field visit's report, as the researcher wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    /// The day of the visit.
    pub visited_on: NaiveDate,
    /// What the researcher found.
    pub findings: String,
    /// What they recommend.
    pub recommendation: Recommendation,
    /// Photos taken at the visit.
    pub photos: Vec<AttachmentRef>,
    /// Where the visit took place, from the device.
    pub location: Option<GeoPoint>,
    /// The researcher.
    pub by: UserRef,
    /// When the report was written.
    pub at: DateTime<Utc>,
}

impl Visit {
    /// The most photos one report keeps.
    pub const MAX_PHOTOS: usize = 12;
}

/// The visit report as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VisitInput {
    /// `YYYY-MM-DD`.
    pub visited_on: String,
    /// What was found.
    pub findings: String,
    /// [`Recommendation`] code.
    pub recommendation: String,
    /// Photos, already uploaded.
    pub photos: Vec<AttachmentRef>,
    /// Where, from the device.
    pub location: Option<GeoPoint>,
}

impl VisitInput {
    /// Checks the report; `today` is the Saudi calendar day.
    pub fn check(&self, today: NaiveDate) -> Result<VisitFacts, Vec<FieldError>> {
        let mut c = Collector::default();
        let visited_on = c.check(Field::VisitDate, past_date(&self.visited_on, today));
        let findings = c.check(Field::Findings, required_text(&self.findings, TEXT_MAX));
        let recommendation = c.check(
            Field::Recommendation,
            choice(&self.recommendation, Recommendation::from_code),
        );
        if self.photos.len() > Visit::MAX_PHOTOS {
            c.push(
                Field::VisitPhotos,
                None,
                ErrorCode::TooMany {
                    max: Visit::MAX_PHOTOS,
                },
            );
        }
        if self.photos.iter().any(|p| !p.is_well_formed()) {
            c.push(Field::VisitPhotos, None, ErrorCode::UnknownChoice);
        }
        if self.location.is_some_and(|p| !p.in_region()) {
            c.push(Field::Location, None, ErrorCode::OutsideRegion);
        }
        c.finish(|| {
            Some(VisitFacts {
                visited_on: visited_on?,
                findings: findings?,
                recommendation: recommendation?,
            })
        })
    }
}

/// The checked parts of a visit report typed as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitFacts {
    /// The day of the visit.
    pub visited_on: NaiveDate,
    /// What was found.
    pub findings: String,
    /// The recommendation.
    pub recommendation: Recommendation,
}

vocabulary! {
    /// What the research committee decides (policy H5).
    Verdict {
        Accept = "accept", "قبول الطلب", "Accept";
        Reject = "reject", "رفض الطلب", "Reject";
        ReturnForInfo = "return_for_info", "إعادة لاستكمال المعلومات", "Return for more information";
    }
}

impl Verdict {
    /// The status a case reaches by this verdict.
    pub fn status(self) -> CaseStatus {
        match self {
            Self::Accept => CaseStatus::Accepted,
            Self::Reject => CaseStatus::Rejected,
            Self::ReturnForInfo => CaseStatus::ReturnedForInfo,
        }
    }
}

vocabulary! {
    /// Why the committee rejects a request: the list it chooses from, beside its own words.
    RefusalReason {
        IncomeAboveLimit = "income_above_limit", "الدخل يتجاوز الحد المعتمد للدعم", "Income above the support limit";
        HousingAdequate = "housing_adequate", "المسكن لا يحتاج إلى الدعم المطلوب", "The home does not need the support asked for";
        SupportedBefore = "supported_before", "سبق دعم المستفيد من الجمعية", "Supported by the association before";
        SupportedElsewhere = "supported_elsewhere", "مدعوم من جهة أخرى", "Supported by another body";
        InformationIncorrect = "information_incorrect", "عدم صحة البيانات المقدمة", "The information given is not correct";
        OutsideArea = "outside_area", "السكن خارج نطاق خدمة الجمعية", "Lives outside the association's area";
        OutsidePolicy = "outside_policy", "الطلب خارج سياسة الدعم", "Outside the support policy";
        NoBudget = "no_budget", "عدم توفر الاعتماد المالي", "No budget available";
        Other = "other", "سبب آخر", "Another reason";
    }
}

/// The meeting of the research committee a decision was taken in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// The meeting's number.
    pub number: u32,
    /// The day it was held.
    pub held_on: NaiveDate,
}

impl Meeting {
    /// The largest meeting number accepted.
    pub const NUMBER_MAX: u64 = 100_000;
}

/// A decision of the research committee on a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// What was decided.
    pub verdict: Verdict,
    /// Why, from the list (required for a rejection).
    pub reasons: Vec<RefusalReason>,
    /// The committee's words: the reason of a rejection, what information is asked for.
    pub note: String,
    /// The meeting.
    pub meeting: Meeting,
    /// The member who recorded it.
    pub by: UserRef,
    /// When.
    pub at: DateTime<Utc>,
}

/// A decision as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    /// [`Verdict`] code.
    pub verdict: String,
    /// [`RefusalReason`] codes.
    pub reasons: Vec<String>,
    /// The committee's words.
    pub note: String,
    /// The meeting's number.
    pub meeting_number: String,
    /// `YYYY-MM-DD`.
    pub meeting_date: String,
}

/// The checked parts of a decision typed as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionFacts {
    /// What was decided.
    pub verdict: Verdict,
    /// Why.
    pub reasons: Vec<RefusalReason>,
    /// In words.
    pub note: String,
    /// The meeting.
    pub meeting: Meeting,
}

impl DecisionInput {
    /// Checks the decision: a rejection needs a reason from the list and the committee's
    /// words; a return for information says what is asked for.
    pub fn check(&self, today: NaiveDate) -> Result<DecisionFacts, Vec<FieldError>> {
        let mut c = Collector::default();
        let verdict = c.check(Field::Verdict, choice(&self.verdict, Verdict::from_code));
        let mut reasons = Vec::new();
        for code in &self.reasons {
            match RefusalReason::from_code(code) {
                Some(r) if !reasons.contains(&r) => reasons.push(r),
                Some(_) => {}
                None => c.push(Field::Reasons, None, ErrorCode::UnknownChoice),
            }
        }
        let note_needed = matches!(verdict, Some(Verdict::Reject | Verdict::ReturnForInfo));
        let note = c.check(
            Field::DecisionNote,
            if note_needed {
                required_text(&self.note, TEXT_MAX)
            } else {
                optional_text(&self.note, TEXT_MAX)
            },
        );
        match verdict {
            Some(Verdict::Reject) if reasons.is_empty() && !c.has(Field::Reasons, None) => {
                c.push(Field::Reasons, None, ErrorCode::AtLeastOne);
            }
            // Reasons are those of a rejection.
            Some(Verdict::Accept | Verdict::ReturnForInfo) => reasons.clear(),
            _ => {}
        }
        let number = c.check(
            Field::MeetingNumber,
            count(&self.meeting_number, Meeting::NUMBER_MAX).and_then(|n| {
                u32::try_from(n)
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(ErrorCode::Required)
            }),
        );
        let held_on = c.check(Field::MeetingDate, past_date(&self.meeting_date, today));
        c.finish(|| {
            Some(DecisionFacts {
                verdict: verdict?,
                reasons,
                note: note?,
                meeting: Meeting {
                    number: number?,
                    held_on: held_on?,
                },
            })
        })
    }
}

/// The registration of an accepted case as a beneficiary file (policy H6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// The beneficiary file's number: the request's reference, printed on the receipt.
    pub file_number: String,
    /// Who registered it.
    pub by: UserRef,
    /// When.
    pub at: DateTime<Utc>,
}

/// A service delivered to a registered beneficiary (policy H7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Made on the device that recorded it.
    pub id: ServiceId,
    /// What kind of support.
    pub kind: SupportType,
    /// The day it was delivered.
    pub delivered_on: NaiveDate,
    /// What it cost, in halalas.
    pub amount: Halalas,
    /// The supplier or contractor, and any notes.
    pub supplier: String,
    /// Anything else worth keeping.
    pub notes: String,
    /// Who recorded it.
    pub by: UserRef,
    /// When.
    pub at: DateTime<Utc>,
}

impl Service {
    /// The most services one case keeps.
    pub const MAX_PER_CASE: usize = 50;
    /// The longest supplier name.
    pub const SUPPLIER_MAX: usize = 200;
}

/// A service as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceInput {
    /// [`SupportType`] code.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub delivered_on: String,
    /// Riyals, as typed.
    pub amount: String,
    /// The supplier or contractor.
    pub supplier: String,
    /// Notes.
    pub notes: String,
}

/// The checked parts of a service typed as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceFacts {
    /// What kind of support.
    pub kind: SupportType,
    /// The day.
    pub delivered_on: NaiveDate,
    /// The amount.
    pub amount: Halalas,
    /// The supplier.
    pub supplier: String,
    /// Notes.
    pub notes: String,
}

impl ServiceInput {
    /// Checks the service.
    pub fn check(&self, today: NaiveDate) -> Result<ServiceFacts, Vec<FieldError>> {
        let mut c = Collector::default();
        let kind = c.check(
            Field::ServiceKind,
            choice(&self.kind, SupportType::from_code),
        );
        let delivered_on = c.check(Field::ServiceDate, past_date(&self.delivered_on, today));
        let amount = c.check(
            Field::ServiceAmount,
            if self.amount.trim().is_empty() {
                Err(ErrorCode::Required)
            } else {
                Halalas::parse(&self.amount)
            },
        );
        let supplier = c.check(
            Field::Supplier,
            optional_text(&self.supplier, Service::SUPPLIER_MAX),
        );
        let notes = c.check(Field::ServiceNotes, optional_text(&self.notes, TEXT_MAX));
        c.finish(|| {
            Some(ServiceFacts {
                kind: kind?,
                delivered_on: delivered_on?,
                amount: amount?,
                supplier: supplier?,
                notes: notes?,
            })
        })
    }
}

vocabulary! {
    /// How an attempt to reach the applicant ended.
    ContactOutcome {
        Reached = "reached", "تم التواصل", "Reached";
        NoAnswer = "no_answer", "لم يُجب", "No answer";
        MessageLeft = "message_left", "تُركت رسالة", "Message left";
        WrongNumber = "wrong_number", "الرقم غير صحيح", "Wrong number";
        Visited = "visited", "حضر إلى نقطة الخدمة", "Came to the outreach point";
    }
}

/// A move of a case from one outreach point to another: on its timeline, and told to the
/// applicant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointMove {
    /// The point it left.
    pub from: OutreachPoint,
    /// The point it went to.
    pub to: OutreachPoint,
    /// Why.
    pub reason: String,
    /// Who moved it.
    pub by: UserRef,
    /// When, by the device of whoever moved it.
    pub at: DateTime<Utc>,
}

impl PointMove {
    /// The longest a reason may be.
    pub const REASON_MAX: usize = 500;

    /// Checks a move of a case at `from` asked for: another point than its own, and a
    /// reason. Returns the reason, trimmed.
    pub fn check(
        from: &OutreachPoint,
        to: Option<&OutreachPoint>,
        reason: &str,
    ) -> Result<String, Vec<FieldError>> {
        let mut c = Collector::default();
        let point = c.check(
            Field::OutreachPoint,
            match to {
                None => Err(ErrorCode::Required),
                Some(p) if p.id == from.id => Err(ErrorCode::SamePoint),
                Some(_) => Ok(()),
            },
        );
        let reason = c.check(Field::Reason, required_text(reason, Self::REASON_MAX));
        c.finish(|| {
            point?;
            reason
        })
    }
}

/// An attempt by staff to reach the applicant, or the applicant reaching the association.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The channel (CH).
    pub channel: Channel,
    /// How it ended.
    pub outcome: ContactOutcome,
    /// What was said.
    pub summary: String,
    /// Who made it.
    pub by: UserRef,
    /// When.
    pub at: DateTime<Utc>,
}

impl Contact {
    /// The most contacts one case keeps.
    pub const MAX_PER_CASE: usize = 500;
    /// The longest summary.
    pub const SUMMARY_MAX: usize = 1000;
}

/// A contact as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    /// [`Channel`] code.
    pub channel: String,
    /// [`ContactOutcome`] code.
    pub outcome: String,
    /// What was said.
    pub summary: String,
}

impl ContactInput {
    /// Checks the contact.
    pub fn check(&self) -> Result<(Channel, ContactOutcome, String), Vec<FieldError>> {
        let mut c = Collector::default();
        let channel = c.check(Field::Channel, choice(&self.channel, Channel::from_code));
        let outcome = c.check(
            Field::ContactOutcome,
            choice(&self.outcome, ContactOutcome::from_code),
        );
        let summary = c.check(
            Field::Summary,
            optional_text(&self.summary, Contact::SUMMARY_MAX),
        );
        c.finish(|| Some((channel?, outcome?, summary?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date")
    }

    fn codes(result: Result<impl std::fmt::Debug, Vec<FieldError>>) -> Vec<(Field, ErrorCode)> {
        result
            .expect_err("refused")
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_visit_report_needs_a_past_date_findings_and_a_recommendation() {
        let empty = VisitInput::default();
        assert_eq!(
            codes(empty.check(today())),
            vec![
                (Field::VisitDate, ErrorCode::Required),
                (Field::Findings, ErrorCode::Required),
                (Field::Recommendation, ErrorCode::Required),
            ]
        );
        let future = VisitInput {
            visited_on: "2026-12-02".into(),
            findings: "السقف متصدع".into(),
            recommendation: "support".into(),
            ..Default::default()
        };
        assert_eq!(
            codes(future.check(today())),
            vec![(Field::VisitDate, ErrorCode::DateInFuture)]
        );
        let good = VisitInput {
            visited_on: "٢٠٢٦-١١-٣٠".into(),
            ..future
        };
        let facts = good.check(today()).expect("valid");
        assert_eq!(facts.recommendation, Recommendation::Support);
        assert_eq!(facts.visited_on.to_string(), "2026-11-30");
    }

    fn decision(verdict: &str, reasons: &[&str], note: &str) -> DecisionInput {
        DecisionInput {
            verdict: verdict.into(),
            reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
            note: note.into(),
            meeting_number: "١٢".into(),
            meeting_date: "2026-11-29".into(),
        }
    }

    #[test]
    fn a_rejection_needs_a_reason_from_the_list_and_in_words() {
        assert_eq!(
            codes(decision("reject", &[], "").check(today())),
            vec![
                (Field::DecisionNote, ErrorCode::Required),
                (Field::Reasons, ErrorCode::AtLeastOne),
            ]
        );
        assert_eq!(
            codes(decision("reject", &["because"], "الدخل مرتفع").check(today())),
            vec![(Field::Reasons, ErrorCode::UnknownChoice)]
        );
        let facts = decision(
            "reject",
            &["income_above_limit", "income_above_limit"],
            "الدخل مرتفع",
        )
        .check(today())
        .expect("valid");
        assert_eq!(facts.reasons, vec![RefusalReason::IncomeAboveLimit]);
        assert_eq!(facts.meeting.number, 12);
        assert_eq!(facts.verdict.status(), CaseStatus::Rejected);
    }

    #[test]
    fn an_acceptance_needs_only_the_meeting_and_keeps_no_reasons() {
        let facts = decision("accept", &["no_budget"], "")
            .check(today())
            .expect("valid");
        assert!(facts.reasons.is_empty());
        assert_eq!(
            codes(decision("return_for_info", &[], " ").check(today())),
            vec![(Field::DecisionNote, ErrorCode::Required)]
        );
        let no_meeting = DecisionInput {
            meeting_number: "0".into(),
            meeting_date: String::new(),
            ..decision("accept", &[], "")
        };
        assert_eq!(
            codes(no_meeting.check(today())),
            vec![
                (Field::MeetingNumber, ErrorCode::Required),
                (Field::MeetingDate, ErrorCode::Required),
            ]
        );
    }

    #[test]
    fn a_service_needs_a_kind_a_day_and_an_amount() {
        assert_eq!(
            codes(ServiceInput::default().check(today())),
            vec![
                (Field::ServiceKind, ErrorCode::Required),
                (Field::ServiceDate, ErrorCode::Required),
                (Field::ServiceAmount, ErrorCode::Required),
            ]
        );
        let facts = ServiceInput {
            kind: "restoration".into(),
            delivered_on: "2026-11-20".into(),
            amount: "١٢٬٥٠٠".into(),
            supplier: "مؤسسة البناء".into(),
            notes: String::new(),
        }
        .check(today())
        .expect("valid");
        assert_eq!(facts.amount, Halalas(1_250_000));
    }

    #[test]
    fn missing_lists_a_document_or_says_what() {
        assert_eq!(
            codes(Missing::check(&[], "  ")),
            vec![(Field::MissingDocuments, ErrorCode::AtLeastOne)]
        );
        assert!(Missing::check(&[DocumentKind::LeaseContract], "").is_ok());
        assert_eq!(
            Missing::check(&[], " صورة الصك واضحة ").ok(),
            Some("صورة الصك واضحة".into())
        );
    }

    #[test]
    fn a_contact_names_its_channel_and_outcome() {
        assert_eq!(
            codes(ContactInput::default().check()),
            vec![
                (Field::Channel, ErrorCode::Required),
                (Field::ContactOutcome, ErrorCode::Required),
            ]
        );
        let (channel, outcome, _) = ContactInput {
            channel: "phone".into(),
            outcome: "no_answer".into(),
            summary: String::new(),
        }
        .check()
        .expect("valid");
        assert_eq!(
            (channel, outcome),
            (Channel::Phone, ContactOutcome::NoAnswer)
        );
    }
}
