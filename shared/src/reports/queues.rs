//! Work queues: what waits for each role (policy GOAL, H2–H7) — the requests to check, to
//! contact, to visit, to decide, to register and to serve — so staff reach applicants
//! without being asked.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::case::Case;
use crate::dates::saudi_date;
use crate::documents::outstanding;
use crate::life::status::{CaseStatus, Role};
use crate::people::Actor;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// A list of what waits for someone.
    Queue {
        /// Sent back for what is missing; the applicant is to be reminded.
        Incomplete = "incomplete", "غير مكتملة", "Incomplete";
        /// Handed in with documents not yet checked against their originals (H2).
        ToVerify = "to_verify", "بانتظار مطابقة المستندات", "Documents to verify";
        /// Undecided, and nobody has spoken to the applicant for a while, or the answer is late.
        ToContact = "to_contact", "للتواصل اليوم", "To contact today";
        /// Past the day the answer was promised from (H5).
        Overdue = "overdue", "متأخرة عن موعد الرد", "Overdue";
        /// Questions referred to the researchers, unanswered (H3).
        Referrals = "referrals", "أسئلة محالة", "Referred questions";
        /// Field visits assigned to this researcher, not yet sent to the committee.
        Visits = "visits", "زيارات مسندة", "Visits assigned";
        /// The committee's agenda.
        Agenda = "agenda", "جدول أعمال اللجنة", "Committee agenda";
        /// Accepted, to be registered as beneficiary files (H6).
        ToRegister = "to_register", "مقبولة بانتظار التسجيل", "Accepted, to register";
        /// Registered, the service still to deliver (H7).
        ToServe = "to_serve", "بانتظار تقديم الخدمة", "Service to deliver";
    }
}

impl Queue {
    /// Days without contact after which an undecided request is to be followed up.
    pub const CONTACT_EVERY_DAYS: i64 = 7;

    /// The queues of a role, in the order its work goes.
    pub fn of(role: Role) -> &'static [Self] {
        use Queue as Q;
        match role {
            Role::Officer => &[
                Q::ToVerify,
                Q::Incomplete,
                Q::ToContact,
                Q::Overdue,
                Q::ToRegister,
                Q::ToServe,
            ],
            Role::HeadOffice => &[Q::Overdue, Q::ToContact, Q::ToRegister, Q::ToServe],
            Role::Researcher => &[Q::Visits, Q::Referrals],
            Role::Committee => &[Q::Agenda],
            Role::Applicant => &[],
        }
    }

    /// Whether `case` waits in this queue for `actor`, at `now`.
    pub fn holds(self, case: &Case, actor: &Actor, now: DateTime<Utc>) -> bool {
        let today = saudi_date(now);
        match self {
            Self::Incomplete => case.status == CaseStatus::Incomplete,
            Self::ToVerify => {
                case.status == CaseStatus::Submitted
                    && !outstanding(&case.request, &case.documents).1.is_empty()
            }
            Self::ToContact => to_contact(case, now, today),
            Self::Overdue => case.overdue(today),
            Self::Referrals => case.open_referrals().next().is_some(),
            Self::Visits => {
                actor.researches(case)
                    && matches!(
                        case.status,
                        CaseStatus::UnderResearch | CaseStatus::ReturnedForInfo
                    )
            }
            Self::Agenda => case.status == CaseStatus::AtCommittee,
            Self::ToRegister => case.status == CaseStatus::Accepted,
            Self::ToServe => case.status == CaseStatus::Registered,
        }
    }
}

/// An undecided request whose applicant has heard nothing for a week, or whose answer is
/// late, and who was not contacted today.
fn to_contact(case: &Case, now: DateTime<Utc>, today: NaiveDate) -> bool {
    if !case.status.awaits_decision() {
        return false;
    }
    let Some(last) = case.last_contact() else {
        return false;
    };
    let contacted_today = case
        .contacts
        .last()
        .is_some_and(|c| saudi_date(c.at) == today)
        || crate::messages::sending::reached_on(case, today);
    let quiet = now - last >= Duration::days(Queue::CONTACT_EVERY_DAYS);
    !contacted_today && (quiet || case.overdue(today))
}

/// How many days since staff last reached the applicant, for an undecided request.
pub fn days_without_contact(case: &Case, now: DateTime<Utc>) -> Option<i64> {
    case.status
        .awaits_decision()
        .then(|| case.last_contact())
        .flatten()
        .map(|last| (now - last).num_days())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::life::apply::tests::{actor, officer, ready, run};
    use crate::life::mutation::Op;

    fn submitted_at(days_ago: i64) -> (Case, DateTime<Utc>) {
        let case = ready(&officer(), true);
        let case = run(
            Some(&case),
            Op::Transition {
                to: CaseStatus::Submitted,
            },
            &officer(),
        )
        .expect("submitted");
        let submitted = case.submitted_at.expect("submitted");
        // Now is `days_ago` days after it was handed in.
        (case, submitted + Duration::days(days_ago))
    }

    #[test]
    fn a_fresh_request_waits_only_for_its_documents() {
        let (case, now) = submitted_at(1);
        let me = officer();
        let held: Vec<Queue> = Queue::of(Role::Officer)
            .iter()
            .copied()
            .filter(|q| q.holds(&case, &me, now))
            .collect();
        assert!(held.is_empty(), "{held:?}");
        let mut unverified = case.clone();
        for record in unverified.documents.values_mut() {
            record.verified = None;
        }
        assert!(Queue::ToVerify.holds(&unverified, &me, now));
    }

    #[test]
    fn a_quiet_week_and_a_late_answer_call_for_contact_until_someone_calls() {
        let me = officer();
        let (case, now) = submitted_at(8);
        assert!(Queue::ToContact.holds(&case, &me, now));
        assert!(!Queue::Overdue.holds(&case, &me, now));
        assert_eq!(days_without_contact(&case, now), Some(8));
        let (late, now) = submitted_at(15);
        assert!(Queue::Overdue.holds(&late, &me, now));
        assert!(Queue::ToContact.holds(&late, &me, now));

        let mut called = late.clone();
        called.contacts.push(crate::life::workflow::Contact {
            channel: crate::Channel::Phone,
            outcome: crate::life::workflow::ContactOutcome::Reached,
            summary: String::new(),
            by: me.user.clone(),
            at: now,
        });
        assert!(!Queue::ToContact.holds(&called, &me, now), "called today");
        assert!(
            Queue::Overdue.holds(&called, &me, now),
            "still late until decided"
        );
    }

    #[test]
    fn a_message_that_reached_the_phone_counts_as_a_contact() {
        use crate::messages::{Delivery, Message, Notice};
        let me = officer();
        let (case, now) = submitted_at(8);
        let message = |delivery| Message {
            id: "m".into(),
            notice: Notice::Staff,
            text: "نرجو الاتصال".into(),
            to: "0551234567".into(),
            delivery,
            detail: String::new(),
            by: Some(me.user.clone()),
            queued_at: now,
            updated_at: now,
            promised_on: None,
        };
        let mut failed = case.clone();
        failed.messages.push(message(Delivery::Failed));
        assert!(
            Queue::ToContact.holds(&failed, &me, now),
            "a failed message reached no one"
        );
        let mut texted = case.clone();
        texted.messages.push(message(Delivery::Sent));
        assert!(!Queue::ToContact.holds(&texted, &me, now));
        assert_eq!(days_without_contact(&texted, now), Some(0));
        let tomorrow = now + Duration::days(1);
        assert!(
            !Queue::ToContact.holds(&texted, &me, tomorrow),
            "a quiet day, not a week"
        );
    }

    #[test]
    fn decided_requests_are_not_chased() {
        let me = officer();
        let (mut case, now) = submitted_at(30);
        case.status = CaseStatus::Accepted;
        assert!(!Queue::Overdue.holds(&case, &me, now));
        assert!(!Queue::ToContact.holds(&case, &me, now));
        assert!(Queue::ToRegister.holds(&case, &me, now));
    }

    #[test]
    fn the_researchers_visits_are_theirs_alone() {
        let researcher = actor(3, Role::Researcher, None);
        let other = actor(9, Role::Researcher, None);
        let (case, now) = submitted_at(1);
        let case = run(
            Some(&case),
            Op::AssignResearcher {
                researcher: researcher.user.clone(),
            },
            &officer(),
        )
        .expect("assigned");
        assert!(Queue::Visits.holds(&case, &researcher, now));
        assert!(!Queue::Visits.holds(&case, &other, now));
    }
}
