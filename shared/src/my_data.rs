//! What the association holds about an applicant, as they download it from their phone
//! (the Personal Data Protection Law): their requests as they gave them, the documents,
//! decisions, services and messages — and none of the staff's working notes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::documents::{AttachmentRef, DocumentKind};
use crate::life::status::CaseStatus;
use crate::life::workflow::{Meeting, RefusalReason, Verdict};
use crate::messages::Message;
use crate::people::OutreachPoint;
use crate::records::feedback::Feedback;
use crate::request::RequestForm;

/// Everything held about one applicant, at `made_at`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyData {
    /// When this copy was made.
    pub made_at: DateTime<Utc>,
    /// Their account.
    pub account: MyAccount,
    /// Their requests: those they filed, and those taken for them at an outreach point once
    /// the account is proven theirs (see [`crate::identity::reach`]).
    pub requests: Vec<MyRequest>,
    /// The outreach points holding a request under their ID that this account is not yet
    /// proven to hold: nothing of it is shown until they bring their original ID there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unproven: Vec<OutreachPoint>,
    /// The needs and suggestions they sent, with the association's answers.
    pub feedback: Vec<MyFeedback>,
}

/// The applicant's account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAccount {
    /// The name shown for them.
    pub name: String,
    /// The national ID or iqama they sign in with.
    pub national_id: String,
    /// The mobile messages go to.
    pub mobile: Option<String>,
    /// The language of their messages.
    pub english: bool,
    /// Whether they asked for only the messages their request needs.
    pub sms_opt_out: bool,
    /// When the account was opened.
    pub opened_at: DateTime<Utc>,
}

/// One request, as the applicant may read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRequest {
    /// Its reference number.
    pub reference: String,
    /// Where it stands.
    pub status: CaseStatus,
    /// The outreach point following it.
    pub outreach_point: OutreachPoint,
    /// When it was taken.
    pub created_at: DateTime<Utc>,
    /// When it was handed in.
    pub submitted_at: Option<DateTime<Utc>>,
    /// The day an answer was promised from.
    pub answer_expected_on: Option<NaiveDate>,
    /// What they gave: the applicant, the household, income, home and the support asked.
    pub request: RequestForm,
    /// The documents they gave, each with its files.
    pub documents: Vec<MyDocument>,
    /// When they signed the declaration.
    pub signed_at: Option<DateTime<Utc>>,
    /// Each status it went through, and when.
    pub timeline: Vec<(CaseStatus, DateTime<Utc>)>,
    /// Each move to another outreach point, and when.
    pub moves: Vec<(OutreachPoint, DateTime<Utc>)>,
    /// The committee's decisions: the verdict, the reasons from the list, the meeting.
    pub decisions: Vec<MyDecision>,
    /// The beneficiary file's number, once registered.
    pub file_number: Option<String>,
    /// The services delivered.
    pub services: Vec<MyService>,
    /// The messages sent to them about it.
    pub messages: Vec<Message>,
}

/// A document and the files given for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDocument {
    /// Which document.
    pub kind: DocumentKind,
    /// The files.
    pub files: Vec<AttachmentRef>,
    /// Whether it was checked against its original.
    pub verified: bool,
}

/// A decision of the committee, without its members' own words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDecision {
    /// Accepted, rejected or returned for more information.
    pub verdict: Verdict,
    /// The reasons from the list, for a rejection.
    pub reasons: Vec<RefusalReason>,
    /// The meeting it was taken in.
    pub meeting: Meeting,
}

/// A service delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyService {
    /// Its kind's code.
    pub kind: String,
    /// The day.
    pub delivered_on: NaiveDate,
    /// Its amount, in halalas.
    pub amount_halalas: u64,
    /// Who supplied it.
    pub supplier: String,
}

/// A need or suggestion they sent, and the answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyFeedback {
    /// Need or suggestion, as typed.
    pub kind: String,
    /// What they wrote.
    pub text: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The association's answer, once given.
    pub answer: Option<String>,
}

impl MyRequest {
    /// The applicant's copy of `case`: what they gave and what was decided and done for
    /// them. Left out, as the staff's working notes: referrals between staff, the social
    /// research and its visit, the committee's own words, contacts' summaries, conflicts
    /// awaiting a choice, who on the staff did each step, and why a request moved.
    pub fn of(case: &Case) -> Self {
        Self {
            reference: case.reference.to_string(),
            status: case.status,
            outreach_point: case.outreach_point.clone(),
            created_at: case.created_at,
            submitted_at: case.submitted_at,
            answer_expected_on: case.answer_expected_on,
            request: case.request.clone(),
            documents: case
                .documents
                .iter()
                .filter(|(_, d)| !d.attachments.is_empty())
                .map(|(kind, d)| MyDocument {
                    kind: *kind,
                    files: d.attachments.clone(),
                    verified: d.verified.is_some(),
                })
                .collect(),
            signed_at: case.attestation.as_ref().map(|a| a.signed_at),
            timeline: case.timeline.iter().map(|s| (s.to, s.at)).collect(),
            moves: case.moves.iter().map(|m| (m.to.clone(), m.at)).collect(),
            decisions: case
                .decisions
                .iter()
                .map(|d| MyDecision {
                    verdict: d.verdict,
                    reasons: d.reasons.clone(),
                    meeting: d.meeting.clone(),
                })
                .collect(),
            file_number: case.registration.as_ref().map(|r| r.file_number.clone()),
            services: case
                .services
                .iter()
                .map(|s| MyService {
                    kind: crate::vocabulary::Vocabulary::code(s.kind).to_owned(),
                    delivered_on: s.delivered_on,
                    amount_halalas: s.amount.0,
                    supplier: s.supplier.clone(),
                })
                .collect(),
            messages: case.messages.clone(),
        }
    }
}

impl MyFeedback {
    /// The applicant's copy of a need or suggestion they sent.
    pub fn of(f: &Feedback) -> Self {
        Self {
            kind: f.input.kind.clone(),
            text: f.input.text.clone(),
            at: f.at,
            answer: f.answer.as_ref().map(|a| a.text.clone()),
        }
    }
}
