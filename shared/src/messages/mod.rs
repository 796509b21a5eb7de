//! Messages to applicants: the ones a case keeps, why each was sent and where its delivery
//! stands. Which events send one and what it says is [`sending`]'s.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub mod sending;

use crate::people::UserRef;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// Why a message is sent.
    Notice {
        /// The request was handed in: its reference and the day an answer can be expected.
        Submitted = "submitted", "تقديم الطلب", "Request handed in";
        /// An officer found something missing.
        Incomplete = "incomplete", "طلب ناقص", "Something missing";
        /// The committee asked for more information.
        ReturnedForInfo = "returned_for_info", "إعادة لاستكمال المعلومات", "Returned for more information";
        /// The committee accepted the request.
        Accepted = "accepted", "قبول الطلب", "Request accepted";
        /// The committee rejected the request.
        Rejected = "rejected", "رفض الطلب", "Request rejected";
        /// The request became a beneficiary file.
        Registered = "registered", "تسجيل المستفيد", "Registered";
        /// A service was delivered.
        ServiceDelivered = "service_delivered", "تقديم خدمة", "Service delivered";
        /// The head office answered a need or a suggestion.
        FeedbackAnswered = "feedback_answered", "الرد على احتياج أو مقترح", "Need or suggestion answered";
        /// The expected answer day came without a decision.
        AnswerLate = "answer_late", "تأخر الرد", "Answer late";
        /// The request moved to another outreach point.
        Moved = "moved", "نقل الطلب إلى نقطة أخرى", "Request moved to another point";
        /// The head office erased the applicant's data, as they asked.
        ErasureGranted = "erasure_granted", "تنفيذ حذف البيانات", "Data erased";
        /// The head office refused to erase the applicant's data, with its reason.
        ErasureRefused = "erasure_refused", "رفض حذف البيانات", "Erasure refused";
        /// A member of staff wrote to the applicant.
        Staff = "staff", "رسالة من الموظف", "Message from staff";
        /// A one-time code to prove the mobile or reset a password.
        Code = "code", "رمز التحقق", "Verification code";
        /// Someone proved another mobile to open an account with an ID that has one: the
        /// holder hears of it at the mobile their account proved.
        SignUpTried = "sign_up_tried", "محاولة فتح حساب برقم الهوية", "Sign-up tried with the ID";
    }
}

vocabulary! {
    /// Where a message stands.
    Delivery {
        /// Waiting to be sent: now, after a failure, or in the morning after quiet hours.
        Queued = "queued", "في الانتظار", "Queued";
        /// The gateway took it.
        Sent = "sent", "أُرسلت", "Sent";
        /// The gateway reported it reached the phone.
        Delivered = "delivered", "وصلت", "Delivered";
        /// It could not be sent; the reason is the provider's.
        Failed = "failed", "تعذّر الإرسال", "Failed";
        /// The server stopped while sending and cannot know whether it went: staff decide.
        Unknown = "unknown", "النتيجة غير معروفة", "Outcome unknown";
        /// Not sent: the applicant opted out of such messages.
        OptedOut = "opted_out", "لم تُرسل: ألغى المستفيد الاشتراك", "Not sent: opted out";
    }
}

/// A message to the applicant as the case keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The event's id, also the gateway's client reference.
    pub id: String,
    /// Why it was sent.
    pub notice: Notice,
    /// The text sent.
    pub text: String,
    /// The mobile it went to.
    pub to: String,
    /// Where it stands.
    pub delivery: Delivery,
    /// The provider's reason for a failure, or when a held message goes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// The member of staff who wrote it, for a staff message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<UserRef>,
    /// When it was queued.
    pub queued_at: DateTime<Utc>,
    /// When its delivery last changed.
    pub updated_at: DateTime<Utc>,
    /// The expected answer day an apology gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promised_on: Option<NaiveDate>,
}

impl Message {
    /// The most messages one case keeps; the oldest go first.
    pub const MAX: usize = 200;

    /// Whether it reached the applicant's phone as far as anyone knows: such a message
    /// counts as a contact.
    pub fn reached(&self) -> bool {
        matches!(self.delivery, Delivery::Sent | Delivery::Delivered)
    }

    /// When the applicant was last reached by one of `messages`, if ever.
    pub fn last_reached(messages: &[Message]) -> Option<DateTime<Utc>> {
        messages
            .iter()
            .filter(|m| m.reached())
            .map(|m| m.updated_at)
            .max()
    }
}
