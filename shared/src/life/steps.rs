//! What the workflow's mutations do to a case after submission: each checks who acts, in
//! which status, with which record, and moves the case on through the status machine.

use chrono::{DateTime, NaiveDate, Utc};

use crate::case::Case;
use crate::dates::saudi_date;
use crate::document_kind::DocumentKind;
use crate::documents::outstanding;
use crate::ids::ServiceId;
use crate::life::merge;
use crate::life::mutation::{invalid, Context, Mutation, Op, Rejection};
use crate::life::status::{CaseStatus, Role};
use crate::life::workflow::{
    Contact, ContactInput, Decision, DecisionInput, Missing, PointMove, Registration, Research,
    Service, ServiceInput, StatusChange, Visit, VisitInput,
};
use crate::people::{Actor, OutreachPoint, UserRef};
use crate::validation::{ErrorCode, Field, FieldError};

/// Takes the status change `to` for `actor`, as the status machine allows.
fn transition(
    next: &mut Case,
    to: CaseStatus,
    actor: &Actor,
    m: &Mutation,
) -> Result<(), Rejection> {
    let status = next
        .status
        .transition(to, actor.role)
        .map_err(|error| Rejection::Transition { error })?;
    move_to(next, status, actor, m.created_at);
    Ok(())
}

/// Refuses a mutation made in a status it does not belong to.
fn only_in(case: &Case, statuses: &[CaseStatus]) -> Result<(), Rejection> {
    if statuses.contains(&case.status) {
        Ok(())
    } else {
        Err(Rejection::NotEditable {
            status: case.status,
        })
    }
}

fn only_roles(actor: &Actor, roles: &[Role]) -> Result<(), Rejection> {
    if roles.contains(&actor.role) {
        Ok(())
    } else {
        Err(Rejection::Permission)
    }
}

/// Staff who follow a case up: the officers of its point and the head office.
const FOLLOW_UP: &[Role] = &[Role::Officer, Role::HeadOffice];

/// A case goes to the committee once its assigned researcher has reported the visit.
pub(crate) fn ready_for_committee(case: &Case, actor: &Actor) -> Result<(), Rejection> {
    if !actor.researches(case) {
        return Err(Rejection::Permission);
    }
    if case
        .research
        .as_ref()
        .and_then(|r| r.visit.as_ref())
        .is_none()
    {
        return Err(invalid(Field::Findings, ErrorCode::Required));
    }
    Ok(())
}

/// What still stops an accepted case being registered (policy H6): the request complete,
/// every document it needs provided and verified against its original, and signed — what
/// an officer's submission needs, whoever handed the request in (an applicant's own
/// documents are verified by the officers after it arrives).
pub fn registration_problems(case: &Case, ctx: &Context) -> Vec<FieldError> {
    submission_problems(case, Role::Officer, ctx)
}

/// Applies one of the workflow's mutations to `next`, a copy of `case` the caller has
/// checked `actor` may see.
pub(crate) fn apply(
    next: &mut Case,
    case: &Case,
    m: &Mutation,
    actor: &Actor,
    ctx: &Context,
) -> Result<(), Rejection> {
    let today = saudi_date(ctx.now);
    match &m.op {
        Op::ReturnIncomplete { documents, note } => {
            return_incomplete(next, case, actor, m, (documents, note))
        }
        Op::Move { to, reason } => move_point(next, case, actor, m, (to, reason)),
        Op::AssignResearcher { researcher } => assign(next, case, actor, m, researcher),
        Op::ReportVisit { visit } => report_visit(next, case, actor, m, (visit, today)),
        Op::Decide { decision } => decide(next, case, actor, m, (decision, today)),
        Op::Register => register(next, case, actor, m, ctx),
        Op::DeliverService {
            service_id,
            service,
        } => deliver(next, case, actor, m, (*service_id, service, today)),
        Op::LogContact { contact } => log_contact(next, case, actor, m, contact),
        _ => Err(Rejection::Malformed),
    }
}

/// Sent back as incomplete, with the documents and the note of what is missing (H2).
fn return_incomplete(
    next: &mut Case,
    case: &Case,
    actor: &Actor,
    m: &Mutation,
    (documents, note): (&[DocumentKind], &str),
) -> Result<(), Rejection> {
    let when = m.created_at;
    only_roles(actor, FOLLOW_UP)?;
    only_in(case, &[CaseStatus::Submitted])?;
    let note =
        Missing::check(documents, note).map_err(|errors| Rejection::Validation { errors })?;
    let mut documents = documents.to_vec();
    documents.sort();
    documents.dedup();
    next.missing = Some(Missing {
        documents,
        note,
        by: actor.user.clone(),
        at: when,
    });
    transition(next, CaseStatus::Incomplete, actor, m)?;
    Ok(())
}

/// Moved to another outreach point, with the reason.
fn move_point(
    next: &mut Case,
    case: &Case,
    actor: &Actor,
    m: &Mutation,
    (to, reason): (&OutreachPoint, &str),
) -> Result<(), Rejection> {
    let when = m.created_at;
    only_roles(actor, FOLLOW_UP)?;
    // An officer moves only what their own point follows; the head office, any.
    if !actor.scope().covers(Some(&case.outreach_point.id), None) {
        return Err(Rejection::Permission);
    }
    // A draft is not the association's yet: its taker throws it away instead. Only
    // the head office moves one, when its point closes, so its taker keeps it.
    if case.status == CaseStatus::Draft && actor.role != Role::HeadOffice {
        return Err(Rejection::NotEditable {
            status: case.status,
        });
    }
    let reason = PointMove::check(&case.outreach_point, Some(to), reason)
        .map_err(|errors| Rejection::Validation { errors })?;
    next.moves.push(PointMove {
        from: case.outreach_point.clone(),
        to: to.clone(),
        reason,
        by: actor.user.clone(),
        at: when,
    });
    next.outreach_point = to.clone();
    Ok(())
}

/// A researcher assigned to visit, which starts the research (H3).
fn assign(
    next: &mut Case,
    case: &Case,
    actor: &Actor,
    m: &Mutation,
    researcher: &UserRef,
) -> Result<(), Rejection> {
    let when = m.created_at;
    only_roles(actor, FOLLOW_UP)?;
    only_in(
        case,
        &[
            CaseStatus::Submitted,
            CaseStatus::UnderResearch,
            CaseStatus::ReturnedForInfo,
        ],
    )?;
    if case.status == CaseStatus::Submitted {
        // The research starts from documents checked against their originals (H2).
        let (_, unverified) = outstanding(&case.request, &case.documents);
        if !unverified.is_empty() {
            return Err(invalid(
                Field::Documents,
                ErrorCode::DocumentsUnverified { kinds: unverified },
            ));
        }
    }
    // A new researcher starts a new visit; the same one keeps their report.
    let visit = case
        .research
        .as_ref()
        .filter(|r| r.researcher.id == researcher.id)
        .and_then(|r| r.visit.clone());
    next.research = Some(Research {
        researcher: researcher.clone(),
        assigned_by: actor.user.clone(),
        assigned_at: when,
        visit,
    });
    if case.status == CaseStatus::Submitted {
        transition(next, CaseStatus::UnderResearch, actor, m)?;
    }
    Ok(())
}

/// The assigned researcher's report of the visit.
fn report_visit(
    next: &mut Case,
    case: &Case,
    actor: &Actor,
    m: &Mutation,
    (visit, today): (&VisitInput, NaiveDate),
) -> Result<(), Rejection> {
    let when = m.created_at;
    if !actor.researches(case) {
        return Err(Rejection::Permission);
    }
    only_in(
        case,
        &[CaseStatus::UnderResearch, CaseStatus::ReturnedForInfo],
    )?;
    let facts = visit
        .check(today)
        .map_err(|errors| Rejection::Validation { errors })?;
    if let Some(research) = next.research.as_mut() {
        research.visit = Some(Visit {
            visited_on: facts.visited_on,
            findings: facts.findings,
            recommendation: facts.recommendation,
            photos: visit.photos.clone(),
            location: visit.location,
            by: actor.user.clone(),
            at: when,
        });
    }
    Ok(())
}

/// The committee's decision in a numbered meeting (H5).
fn decide(
    next: &mut Case,
    case: &Case,
    actor: &Actor,
    m: &Mutation,
    (decision, today): (&DecisionInput, NaiveDate),
) -> Result<(), Rejection> {
    let when = m.created_at;
    only_roles(actor, &[Role::Committee])?;
    only_in(case, &[CaseStatus::AtCommittee])?;
    let facts = decision
        .check(today)
        .map_err(|errors| Rejection::Validation { errors })?;
    next.decisions.push(Decision {
        verdict: facts.verdict,
        reasons: facts.reasons,
        note: facts.note,
        meeting: facts.meeting,
        by: actor.user.clone(),
        at: when,
    });
    transition(next, facts.verdict.status(), actor, m)?;
    Ok(())
}

/// An accepted case registered as a beneficiary's file (H6).
fn register(
    next: &mut Case,
    case: &Case,
    actor: &Actor,
    m: &Mutation,
    ctx: &Context,
) -> Result<(), Rejection> {
    let when = m.created_at;
    only_roles(actor, FOLLOW_UP)?;
    only_in(case, &[CaseStatus::Accepted])?;
    let errors = registration_problems(case, ctx);
    if !errors.is_empty() {
        return Err(Rejection::Validation { errors });
    }
    next.registration = Some(Registration {
        file_number: case.reference.to_string(),
        by: actor.user.clone(),
        at: when,
    });
    transition(next, CaseStatus::Registered, actor, m)?;
    Ok(())
}

/// A service delivered to a registered beneficiary (H7).
fn deliver(
    next: &mut Case,
    case: &Case,
    actor: &Actor,
    m: &Mutation,
    (service_id, service, today): (ServiceId, &ServiceInput, NaiveDate),
) -> Result<(), Rejection> {
    let when = m.created_at;
    only_roles(actor, FOLLOW_UP)?;
    only_in(
        case,
        &[CaseStatus::Registered, CaseStatus::ServiceDelivered],
    )?;
    if case.services.iter().any(|s| s.id == service_id) {
        return Err(Rejection::AlreadyExists);
    }
    if case.services.len() >= Service::MAX_PER_CASE {
        return Err(Rejection::Malformed);
    }
    let facts = service
        .check(today)
        .map_err(|errors| Rejection::Validation { errors })?;
    next.services.push(Service {
        id: service_id,
        kind: facts.kind,
        delivered_on: facts.delivered_on,
        amount: facts.amount,
        supplier: facts.supplier,
        notes: facts.notes,
        by: actor.user.clone(),
        at: when,
    });
    transition(next, CaseStatus::ServiceDelivered, actor, m)?;
    Ok(())
}

/// A contact with the applicant, by whoever keeps in touch.
fn log_contact(
    next: &mut Case,
    case: &Case,
    actor: &Actor,
    m: &Mutation,
    contact: &ContactInput,
) -> Result<(), Rejection> {
    let when = m.created_at;
    if !actor.role.logs_contacts() {
        return Err(Rejection::Permission);
    }
    if case.status == CaseStatus::Draft {
        return Err(Rejection::NotEditable {
            status: case.status,
        });
    }
    if case.contacts.len() >= Contact::MAX_PER_CASE {
        return Err(Rejection::Malformed);
    }
    let (channel, outcome, summary) = contact
        .check()
        .map_err(|errors| Rejection::Validation { errors })?;
    next.contacts.push(Contact {
        channel,
        outcome,
        summary,
        by: actor.user.clone(),
        at: when,
    });
    Ok(())
}

/// Moves `next` to `to`, noting the change on its timeline; staying put notes nothing.
pub(crate) fn move_to(next: &mut Case, to: CaseStatus, actor: &Actor, at: DateTime<Utc>) {
    if next.status != to {
        next.timeline.push(StatusChange {
            from: next.status,
            to,
            by: actor.user.clone(),
            at,
        });
        next.status = to;
    }
}

/// Everything that stops `case` being submitted by `role` (policies H2, H4): the request's
/// own problems, the documents missing, for an officer those not verified against their
/// originals, and a missing signature. Empty when it may be submitted.
pub fn submission_problems(case: &Case, role: Role, ctx: &Context) -> Vec<FieldError> {
    let mut errors = case.request.check(saudi_date(ctx.now));
    let (missing, unverified) = outstanding(&case.request, &case.documents);
    let document_error = |code| FieldError {
        field: Field::Documents,
        index: None,
        code,
    };
    if !missing.is_empty() {
        errors.push(document_error(ErrorCode::DocumentsMissing {
            kinds: missing,
        }));
    }
    // Both at once, so nothing appears only once the other is mended. An officer has the
    // originals in front of them (H2); an applicant's request is verified by the officers
    // of their outreach point after it arrives.
    if role == Role::Officer && !unverified.is_empty() {
        errors.push(document_error(ErrorCode::DocumentsUnverified {
            kinds: unverified,
        }));
    }
    if case.attestation.is_none() {
        errors.push(FieldError {
            field: Field::Attestation,
            index: None,
            code: ErrorCode::NotSigned,
        });
    }
    // A field with two values given is not settled until someone chooses (it shows where
    // the form shows the field).
    for conflict in &case.conflicts {
        if let Some((field, index)) = merge::field_of(&case.request, &conflict.path) {
            errors.push(FieldError {
                field,
                index,
                code: ErrorCode::Conflict,
            });
        }
    }
    errors
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::documents::DocumentKind;
    use crate::ids::ServiceId;
    use crate::life::apply::tests::{actor, officer, ready, run};
    use crate::life::status::TransitionError;
    use crate::life::workflow::{ContactInput, DecisionInput, ServiceInput, Verdict, VisitInput};

    pub(crate) fn researcher() -> Actor {
        actor(3, Role::Researcher, None)
    }

    pub(crate) fn committee() -> Actor {
        actor(4, Role::Committee, None)
    }

    fn head() -> Actor {
        actor(6, Role::HeadOffice, None)
    }

    pub(crate) fn assign(to: &Actor) -> Op {
        Op::AssignResearcher {
            researcher: to.user.clone(),
        }
    }

    pub(crate) fn visit() -> Op {
        Op::ReportVisit {
            visit: VisitInput {
                visited_on: "2026-11-24".into(),
                findings: "السقف متصدع والجدران بحاجة إلى ترميم".into(),
                recommendation: "support".into(),
                ..Default::default()
            },
        }
    }

    fn decide(verdict: &str, reasons: &[&str], note: &str) -> Op {
        Op::Decide {
            decision: DecisionInput {
                verdict: verdict.into(),
                reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
                note: note.into(),
                meeting_number: "7".into(),
                meeting_date: "2026-11-25".into(),
            },
        }
    }

    fn service(n: u8) -> Op {
        Op::DeliverService {
            service_id: ServiceId::new_v7(1, [n; 10]),
            service: ServiceInput {
                kind: "restoration".into(),
                delivered_on: "2026-11-25".into(),
                amount: "15000".into(),
                supplier: "مؤسسة الإعمار".into(),
                notes: String::new(),
            },
        }
    }

    pub(crate) fn to(status: CaseStatus) -> Op {
        Op::Transition { to: status }
    }

    /// A case submitted by the officer, documents verified.
    pub(crate) fn submitted() -> Case {
        let case = ready(&officer(), true);
        run(Some(&case), to(CaseStatus::Submitted), &officer()).expect("submitted")
    }

    pub(crate) fn at_committee() -> Case {
        let case = run(Some(&submitted()), assign(&researcher()), &officer()).expect("assigned");
        let case = run(Some(&case), visit(), &researcher()).expect("visited");
        run(Some(&case), to(CaseStatus::AtCommittee), &researcher()).expect("at committee")
    }

    fn move_to_point(id: &str, reason: &str) -> Op {
        Op::Move {
            to: crate::life::apply::tests::point(id),
            reason: reason.into(),
        }
    }

    #[test]
    fn an_officer_of_its_point_or_the_head_office_moves_a_request_with_a_reason() {
        let case = submitted();
        let moved = run(
            Some(&case),
            move_to_point("abu_arish", " انتقلت الأسرة إلى أبو عريش "),
            &officer(),
        )
        .expect("moved");
        assert_eq!(moved.outreach_point.id, "abu_arish");
        assert_eq!(moved.status, case.status, "a move changes no status");
        let m = moved.moves.last().expect("on the timeline");
        assert_eq!(
            (m.from.id.as_str(), m.to.id.as_str()),
            ("sabya", "abu_arish")
        );
        assert_eq!(m.reason, "انتقلت الأسرة إلى أبو عريش");
        assert_eq!(m.by, officer().user);
        // The old point's officers no longer see it; the new point's do.
        assert!(!officer().may_see(&moved));
        assert!(actor(8, Role::Officer, Some("abu_arish")).may_see(&moved));
        let back = run(
            Some(&moved),
            move_to_point("sabya", "خطأ في النقل"),
            &head(),
        )
        .expect("the head office moves any");
        assert_eq!(back.moves.len(), 2);
        assert_eq!(back.outreach_point.id, "sabya");
    }

    #[test]
    fn a_move_is_refused_to_others_to_the_same_point_without_a_reason_or_as_a_draft() {
        let case = submitted();
        let elsewhere = actor(8, Role::Officer, Some("abu_arish"));
        assert!(run(Some(&case), move_to_point("abu_arish", "?"), &elsewhere).is_err());
        // The researcher who sees it, visiting, does not decide where it is followed.
        let visited = run(Some(&case), assign(&researcher()), &officer()).expect("assigned");
        assert_eq!(
            run(
                Some(&visited),
                move_to_point("abu_arish", "?"),
                &researcher()
            ),
            Err(Rejection::Permission)
        );
        let same = run(Some(&case), move_to_point("sabya", "نفسها"), &officer());
        assert!(
            matches!(&same, Err(Rejection::Validation { errors }) if errors[0].code == ErrorCode::SamePoint),
            "{same:?}"
        );
        let bare = run(Some(&case), move_to_point("abu_arish", "  "), &officer());
        assert!(
            matches!(&bare, Err(Rejection::Validation { errors }) if errors[0].field == Field::Reason),
            "{bare:?}"
        );
        let draft = ready(&officer(), true);
        assert!(matches!(
            run(Some(&draft), move_to_point("abu_arish", "?"), &officer()),
            Err(Rejection::NotEditable { .. })
        ));
    }

    #[test]
    fn a_case_runs_from_submission_to_closing() {
        let case = at_committee();
        assert_eq!(case.status, CaseStatus::AtCommittee);
        let case = run(Some(&case), decide("accept", &[], ""), &committee()).expect("accepted");
        assert_eq!(case.status, CaseStatus::Accepted);
        assert_eq!(case.decision().map(|d| d.meeting.number), Some(7));
        let case = run(Some(&case), Op::Register, &officer()).expect("registered");
        assert_eq!(
            case.registration.as_ref().map(|r| r.file_number.clone()),
            Some(case.reference.to_string())
        );
        let case = run(Some(&case), service(1), &officer()).expect("one service");
        let case = run(Some(&case), service(2), &head()).expect("another");
        assert_eq!(case.status, CaseStatus::ServiceDelivered);
        assert_eq!(case.services.len(), 2);
        assert_eq!(
            run(Some(&case), service(2), &officer()),
            Err(Rejection::AlreadyExists),
            "the same service is recorded once"
        );
        let case = run(Some(&case), to(CaseStatus::Closed), &officer()).expect("closed");
        let steps: Vec<_> = case.timeline.iter().map(|c| c.to).collect();
        assert_eq!(
            steps,
            vec![
                CaseStatus::Submitted,
                CaseStatus::UnderResearch,
                CaseStatus::AtCommittee,
                CaseStatus::Accepted,
                CaseStatus::Registered,
                CaseStatus::ServiceDelivered,
                CaseStatus::Closed,
            ]
        );
    }

    #[test]
    fn what_is_missing_goes_back_to_the_applicant_and_clears_on_resubmission() {
        let case = run(
            Some(&submitted()),
            Op::ReturnIncomplete {
                documents: vec![DocumentKind::PropertyDeed, DocumentKind::PropertyDeed],
                note: "صورة الصك غير واضحة".into(),
            },
            &officer(),
        )
        .expect("returned");
        assert_eq!(case.status, CaseStatus::Incomplete);
        assert_eq!(
            case.missing.as_ref().map(|m| m.documents.clone()),
            Some(vec![DocumentKind::PropertyDeed])
        );
        let again = run(Some(&case), to(CaseStatus::Submitted), &officer()).expect("resubmitted");
        assert_eq!(again.missing, None);
        assert_eq!(again.status, CaseStatus::Submitted);
    }

    #[test]
    fn a_status_with_a_record_is_not_reached_by_asking() {
        let case = submitted();
        for status in [CaseStatus::Incomplete, CaseStatus::UnderResearch] {
            assert_eq!(
                run(Some(&case), to(status), &officer()),
                Err(Rejection::Transition {
                    error: TransitionError::NeedsRecord { to: status }
                })
            );
        }
        let agenda = at_committee();
        assert!(matches!(
            run(Some(&agenda), to(CaseStatus::Rejected), &committee()),
            Err(Rejection::Transition { .. })
        ));
    }

    #[test]
    fn only_the_assigned_researcher_reports_and_sends_to_the_committee() {
        let other = actor(9, Role::Researcher, None);
        let case = run(Some(&submitted()), assign(&researcher()), &officer()).expect("assigned");
        assert!(
            !other.may_see(&case),
            "another researcher does not see the visit"
        );
        assert_eq!(run(Some(&case), visit(), &other), Err(Rejection::NotFound));
        assert_eq!(
            run(Some(&case), to(CaseStatus::AtCommittee), &researcher()),
            Err(Rejection::Validation {
                errors: vec![FieldError {
                    field: Field::Findings,
                    index: None,
                    code: ErrorCode::Required
                }]
            }),
            "not before the visit's report"
        );
        assert_eq!(
            run(Some(&case), visit(), &officer()),
            Err(Rejection::Permission)
        );
    }

    #[test]
    fn a_researcher_cannot_decide_and_the_committee_cannot_edit() {
        let agenda = at_committee();
        assert!(
            researcher().may_see(&agenda),
            "the researcher keeps their visit"
        );
        assert_eq!(
            run(Some(&agenda), decide("accept", &[], ""), &researcher()),
            Err(Rejection::Permission)
        );
        let mut request = agenda.request.clone();
        request.applicant.centre = "العارضة".into();
        assert_eq!(
            run(Some(&agenda), Op::Edit { request }, &committee()),
            Err(Rejection::Permission)
        );
        assert_eq!(
            run(Some(&agenda), Op::Register, &committee()),
            Err(Rejection::Permission)
        );
    }

    #[test]
    fn a_rejection_keeps_its_reasons_and_ends_the_case() {
        let agenda = at_committee();
        assert!(matches!(
            run(Some(&agenda), decide("reject", &[], ""), &committee()),
            Err(Rejection::Validation { .. })
        ));
        let case = run(
            Some(&agenda),
            decide("reject", &["housing_adequate"], "المسكن بحالة جيدة"),
            &committee(),
        )
        .expect("rejected");
        assert_eq!(case.status, CaseStatus::Rejected);
        assert!(!committee().may_see(&case), "it leaves the agenda");
        assert_eq!(case.decision().map(|d| d.verdict), Some(Verdict::Reject));
        assert!(matches!(
            run(Some(&case), Op::Register, &officer()),
            Err(Rejection::NotEditable { .. })
        ));
        assert!(matches!(
            run(Some(&case), to(CaseStatus::Withdrawn), &officer()),
            Err(Rejection::Transition { .. })
        ));
    }

    #[test]
    fn a_return_for_information_goes_back_to_the_researcher_and_to_the_committee_again() {
        let case = run(
            Some(&at_committee()),
            decide("return_for_info", &[], "نحتاج إلى صور السقف من الداخل"),
            &committee(),
        )
        .expect("returned");
        assert_eq!(case.status, CaseStatus::ReturnedForInfo);
        let case = run(Some(&case), visit(), &researcher()).expect("visited again");
        let case =
            run(Some(&case), to(CaseStatus::AtCommittee), &researcher()).expect("back on agenda");
        let case = run(Some(&case), decide("accept", &[], ""), &committee()).expect("accepted");
        assert_eq!(case.decisions.len(), 2);
    }

    #[test]
    fn registration_needs_the_applicants_documents_verified() {
        let applicant = actor(5, Role::Applicant, Some("sabya"));
        let case = ready(&applicant, false);
        let case = run(Some(&case), to(CaseStatus::Submitted), &applicant).expect("submitted");
        assert!(matches!(
            run(Some(&case), assign(&researcher()), &officer()),
            Err(Rejection::Validation { .. })
        ));
        let mut accepted = case.clone();
        accepted.status = CaseStatus::Accepted;
        let Err(Rejection::Validation { errors }) = run(Some(&accepted), Op::Register, &officer())
        else {
            panic!("registered with unverified documents");
        };
        assert!(errors
            .iter()
            .any(|e| matches!(e.code, ErrorCode::DocumentsUnverified { .. })));
    }

    #[test]
    fn the_applicant_withdraws_before_a_decision_only() {
        let applicant = actor(5, Role::Applicant, Some("sabya"));
        let case = ready(&applicant, false);
        let case = run(Some(&case), to(CaseStatus::Submitted), &applicant).expect("submitted");
        let gone = run(Some(&case), to(CaseStatus::Withdrawn), &applicant).expect("withdrawn");
        assert_eq!(gone.status, CaseStatus::Withdrawn);
        let other = actor(8, Role::Applicant, Some("sabya"));
        assert_eq!(
            run(Some(&case), to(CaseStatus::Withdrawn), &other),
            Err(Rejection::NotFound),
            "another applicant does not even see it"
        );
    }

    #[test]
    fn contacts_are_logged_by_staff_with_channel_and_outcome() {
        let call = Op::LogContact {
            contact: ContactInput {
                channel: "phone".into(),
                outcome: "no_answer".into(),
                summary: "لا يرد".into(),
            },
        };
        let case = run(Some(&submitted()), call.clone(), &officer()).expect("logged");
        assert_eq!(case.contacts.len(), 1);
        assert_eq!(case.last_contact(), Some(case.contacts[0].at));
        let applicant = actor(5, Role::Applicant, Some("sabya"));
        let own = ready(&applicant, false);
        assert_eq!(
            run(Some(&own), call, &applicant),
            Err(Rejection::Permission)
        );
    }

    #[test]
    fn an_officer_of_another_point_is_refused() {
        let elsewhere = actor(2, Role::Officer, Some("abu_arish"));
        let case = submitted();
        assert_eq!(
            run(Some(&case), assign(&researcher()), &elsewhere),
            Err(Rejection::NotFound)
        );
    }
}
