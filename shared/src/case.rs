//! The case: a support request and, once registered, the beneficiary's file.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::attestation::Attestation;
use crate::documents::Documents;
use crate::ids::{CaseId, ReferralId};
use crate::merge::Conflict;
use crate::reference::Reference;
use crate::request::RequestForm;
use crate::status::CaseStatus;

/// An outreach point of the association, where officers take requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutreachPoint {
    /// Stable code.
    pub id: String,
    /// Arabic name.
    pub name_ar: String,
    /// English name.
    pub name_en: String,
}

/// A user as recorded on what they did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    /// The user's id.
    pub id: i64,
    /// The name shown to staff.
    pub name: String,
}

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
}

impl Case {
    /// The referrals still waiting for an answer.
    pub fn open_referrals(&self) -> impl Iterator<Item = &Referral> {
        self.referrals.iter().filter(|r| r.answer.is_none())
    }
}
