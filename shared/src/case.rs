//! The case: a support request and, once registered, the beneficiary's file.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::attestation::Attestation;
use crate::documents::Documents;
use crate::ids::{CaseId, Mobile, ReferralId};
use crate::life::merge::Conflict;
use crate::life::status::{CaseStatus, Role};
use crate::life::workflow::{
    Contact, Decision, Missing, Registration, Research, Service, StatusChange,
};
use crate::reference::Reference;
use crate::request::RequestForm;

pub use crate::people::{Actor, Audience, OutreachPoint, UserRef};

/// A question the officer refers to a social researcher, and the answer (policy H3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    /// Made on the device that asked.
    pub id: ReferralId,
    /// What is unclear.
    pub question: String,
    /// The officer who referred it.
    pub asked_by: UserRef,
    /// When, by the officer's device.
    pub asked_at: DateTime<Utc>,
    /// The researcher's answer, once given.
    pub answer: Option<ReferralAnswer>,
}

impl Referral {
    /// The longest a question or an answer may be.
    pub const TEXT_MAX: usize = 2000;
    /// The most referrals one case may carry.
    pub const MAX_PER_CASE: usize = 20;
}

/// A researcher's answer to a referral.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralAnswer {
    /// The answer and explanation.
    pub text: String,
    /// The researcher.
    pub by: UserRef,
    /// When, by the researcher's device.
    pub at: DateTime<Utc>,
}

/// A support request and everything recorded on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Made on the device that took the request.
    pub id: CaseId,
    /// The number on the receipt, made on that device too.
    pub reference: Reference,
    /// Where the case stands.
    pub status: CaseStatus,
    /// The request as filled.
    pub request: RequestForm,
    /// The documents checklist.
    pub documents: Documents,
    /// The applicant's signed attestation; cleared when the request is changed after.
    pub attestation: Option<Attestation>,
    /// Questions referred to a social researcher.
    pub referrals: Vec<Referral>,
    /// The outreach point responsible for the case.
    pub outreach_point: OutreachPoint,
    /// Who took the request.
    pub created_by: UserRef,
    /// When the request was taken, by the device's clock.
    pub created_at: DateTime<Utc>,
    /// When it was handed in, if it was: by the server's clock once synced.
    pub submitted_at: Option<DateTime<Utc>>,
    /// The Saudi calendar day from which an answer can be expected (policy H5).
    pub answer_expected_on: Option<NaiveDate>,
    /// The server's revision of this case; 0 while it exists only on a device.
    pub revision: u64,
    /// Fields two people gave different values, until a person chooses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// A draft its taker threw away: kept on the server as a tombstone, removed from devices.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub discarded: bool,
    /// Every status change, oldest first: the timeline the applicant and staff follow.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<StatusChange>,
    /// What an officer found missing, while the request waits for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<Missing>,
    /// The social research: who visits, and the visit's report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub research: Option<Research>,
    /// The research committee's decisions, oldest first (a return for information is
    /// followed by another).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// The registration as a beneficiary file (policy H6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<Registration>,
    /// The services delivered (policy H7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Service>,
    /// The contacts with the applicant, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// The messages sent to the applicant, oldest first, with where each stands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<crate::messages::Message>,
    /// Its moves from one outreach point to another, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<crate::life::workflow::PointMove>,
    /// When its person's data was taken out (see `retention`), if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymised_at: Option<DateTime<Utc>>,
    /// The sheets it was brought in from, oldest first; empty for a request typed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub imports: Vec<crate::imported::Imported>,
}

impl Case {
    /// A new request in `Draft` at `outreach_point`, taken by `created_by` at
    /// `created_at`, with nothing yet recorded on it.
    pub fn new(
        id: CaseId,
        reference: Reference,
        request: RequestForm,
        outreach_point: OutreachPoint,
        created_by: UserRef,
        created_at: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            reference,
            status: CaseStatus::Draft,
            request,
            documents: Default::default(),
            attestation: None,
            referrals: Vec::new(),
            outreach_point,
            created_by,
            created_at,
            submitted_at: None,
            answer_expected_on: None,
            revision: 0,
            conflicts: Vec::new(),
            discarded: false,
            timeline: Vec::new(),
            missing: None,
            research: None,
            decisions: Vec::new(),
            registration: None,
            services: Vec::new(),
            contacts: Vec::new(),
            messages: Vec::new(),
            moves: Vec::new(),
            anonymised_at: None,
            imports: Vec::new(),
        }
    }

    /// The referrals still waiting for an answer.
    pub fn open_referrals(&self) -> impl Iterator<Item = &Referral> {
        self.referrals.iter().filter(|r| r.answer.is_none())
    }

    /// The hashes of every file the case refers to: its documents and the visit's photos.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        let documents = self.documents.values().flat_map(|d| &d.attachments);
        let photos = self
            .research
            .iter()
            .flat_map(|r| r.visit.iter())
            .flat_map(|v| &v.photos);
        documents.chain(photos).map(|a| a.sha256.as_str())
    }

    /// The committee's latest decision.
    pub fn decision(&self) -> Option<&Decision> {
        self.decisions.last()
    }

    /// Whether the answer promised for `answer_expected_on` is late on `today` (the Saudi
    /// calendar day): the committee has not decided and the day has passed.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status.awaits_decision() && self.answer_expected_on.is_some_and(|d| today > d)
    }

    /// When staff last reached out to the applicant or heard from them: the last contact,
    /// or else when the request was handed in.
    pub fn last_contact(&self) -> Option<DateTime<Utc>> {
        // A message that reached the applicant's phone counts like a call.
        let called = self.contacts.last().map(|c| c.at);
        called
            .max(crate::messages::Message::last_reached(&self.messages))
            .or(self.submitted_at)
    }

    /// The scopes from which this case is seen. A user sees a case when one of their
    /// [`crate::people::Actor::audiences`] is among these; the server keeps them beside the
    /// case to answer pulls, and notes which a change took away, so that the case leaves
    /// the devices of those who no longer see it.
    pub fn audiences(&self) -> Vec<String> {
        let mut keys = vec![
            Audience::ALL.to_owned(),
            format!("{}{}", Audience::POINT, self.outreach_point.id),
            format!("{}{}", Audience::USER, self.created_by.id),
        ];
        if !self.referrals.is_empty() {
            keys.push(Audience::REFERRALS.to_owned());
        }
        if let Some(r) = &self.research {
            keys.push(format!("{}{}", Audience::RESEARCHER, r.researcher.id));
        }
        if self.status == CaseStatus::AtCommittee {
            keys.push(Audience::COMMITTEE.to_owned());
        }
        let applicant = &self.request.applicant;
        if let Some(id) = applicant.national_id() {
            keys.push(Audience::holder(id.as_str(), None));
            if let Ok(mobile) = Mobile::parse(&applicant.mobile) {
                keys.push(Audience::holder(id.as_str(), Some(mobile.as_str())));
            }
        }
        keys
    }
}

impl Actor {
    /// Whether this user may see `case` at all: one of their audiences is the case's. The
    /// server answers pulls from the same audiences, kept beside each case.
    pub fn may_see(&self, case: &Case) -> bool {
        let mine = self.audiences();
        case.audiences().iter().any(|k| mine.contains(k))
    }

    /// Whether this user is the social researcher assigned to visit `case`.
    pub fn researches(&self, case: &Case) -> bool {
        self.role == Role::Researcher
            && case
                .research
                .as_ref()
                .is_some_and(|r| r.researcher.id == self.user.id)
    }
}
