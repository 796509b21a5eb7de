//! What a mutation does to a case: [`apply`], the single definition, and one function per
//! operation it dispatches to.
//!
//! The server calls it with the signed-in user and its own clock to decide; the app calls
//! it with the same user to show the result at once, offline, and again after every pull to
//! lay unsent edits on top.

use chrono::{DateTime, Utc};

use crate::attestation::{self, Attestation};
use crate::case::{Case, Referral, ReferralAnswer};
use crate::dates::answer_expected_on;
use crate::documents::{DocumentRecord, Verification};
use crate::life::merge::{self, Candidate};
use crate::life::status::{CaseStatus, Role, TransitionError};
use crate::life::steps;
use crate::region::Channel;
use crate::request::RequestForm;
use crate::validation::{required_text, ErrorCode, Field};
use crate::vocabulary::Vocabulary;

use crate::life::mutation::{invalid, Context, Mutation, Op, Rejection};
use crate::life::steps::{move_to, submission_problems};
use crate::people::Actor;

/// The statuses in which the applicant's side may still change the request.
fn editable(status: CaseStatus) -> bool {
    matches!(status, CaseStatus::Draft | CaseStatus::Incomplete)
}

/// Whether `role` may change a request's form in `status`: those who fill requests,
/// while it is a draft or sent back as incomplete.
pub fn may_fill(role: Role, status: CaseStatus) -> bool {
    role.fills_requests() && editable(status)
}

/// Whether `role` may attach files to a request in `status`: as [`may_fill`], and also an
/// officer checking a submitted request against the originals.
pub fn may_attach(role: Role, status: CaseStatus) -> bool {
    may_fill(role, status) || (role == Role::Officer && status == CaseStatus::Submitted)
}

/// Applies `mutation` to the current state of its case (`None` when the case is new to
/// whoever applies it), acting as `actor`. Returns the new state; the caller owns the
/// revision number and stores the result.
pub fn apply(
    current: Option<&Case>,
    mutation: &Mutation,
    actor: &Actor,
    ctx: &Context,
) -> Result<Case, Rejection> {
    match &mutation.op {
        Op::Import { reference, to, row } => {
            return crate::import::apply(current, mutation, (reference, to, row), actor, ctx);
        }
        Op::Create { reference, request } => {
            if current.is_some() {
                return Err(Rejection::AlreadyExists);
            }
            return create(mutation, reference, request, actor);
        }
        _ => {}
    }
    let case = current.ok_or(Rejection::NotFound)?;
    if !actor.may_see(case) {
        return Err(Rejection::NotFound);
    }
    // Its person's data was taken out: nothing may bring any back.
    if case.anonymised_at.is_some() {
        return Err(Rejection::NotEditable {
            status: case.status,
        });
    }
    let mut applied = case.clone();
    let when = mutation.created_at;
    if case.discarded {
        // Whoever still fills the draft has not seen it thrown away: what they type is
        // kept, and the draft comes back. Nothing else happens to a discarded draft.
        let fills = matches!(
            mutation.op,
            Op::Change { .. }
                | Op::Edit { .. }
                | Op::Resolve { .. }
                | Op::Attach { .. }
                | Op::Detach { .. }
                | Op::Sign { .. }
        );
        if !fills {
            return Err(Rejection::NotFound);
        }
        applied.discarded = false;
    }
    let next = &mut applied;
    match &mutation.op {
        Op::Create { .. } | Op::Import { .. } => return Err(Rejection::AlreadyExists),
        Op::Redacted => return Err(Rejection::Permission),
        Op::Edit { request } => {
            fill_allowed(actor, case)?;
            if !request.within_limits() {
                return Err(Rejection::Malformed);
            }
            take_request(next, request.clone(), actor);
        }
        Op::Change { changes } => change(next, case, changes, &writer(mutation, actor), actor)?,
        Op::Resolve { path, value } => {
            resolve(next, case, (path, value), &writer(mutation, actor), actor)?;
        }
        Op::Discard => discard(next, case, mutation.base_revision, actor)?,
        Op::Attach { kind, attachment } => attach(next, case, *kind, attachment, actor)?,
        Op::Detach { kind, sha256 } => {
            attach_allowed(actor, case)?;
            if let Some(record) = next.documents.get_mut(kind) {
                record.attachments.retain(|a| &a.sha256 != sha256);
                if record.attachments.is_empty() {
                    next.documents.remove(kind);
                }
            }
        }
        Op::Verify { kind, verified } => verify(next, case, *kind, *verified, actor, when)?,
        Op::Sign { version, signature } => sign(next, case, *version, signature, actor, when)?,
        Op::Transition { to } => transition(next, case, *to, actor, ctx, when)?,
        Op::ReturnIncomplete { .. }
        | Op::AssignResearcher { .. }
        | Op::ReportVisit { .. }
        | Op::Decide { .. }
        | Op::Register
        | Op::DeliverService { .. }
        | Op::LogContact { .. }
        | Op::Move { .. } => steps::apply(next, case, mutation, actor, ctx)?,
        Op::Refer {
            referral_id,
            question,
        } => refer(next, case, *referral_id, question, actor, when)?,
        Op::Answer {
            referral_id,
            answer,
        } => answer_referral(next, *referral_id, answer, actor, when)?,
    }
    Ok(applied)
}

/// A new request, opened by whoever takes it: an officer at their outreach point, or an
/// applicant (whose outreach point is set on their account).
fn create(
    mutation: &Mutation,
    reference: &crate::reference::Reference,
    request: &RequestForm,
    actor: &Actor,
) -> Result<Case, Rejection> {
    let outreach_point = if actor.role.fills_requests() {
        actor.outreach_point.clone()
    } else {
        None
    }
    .ok_or(Rejection::Permission)?;
    if !request.within_limits() {
        return Err(Rejection::Malformed);
    }
    let mut request = request.clone();
    stamp_channel(&mut request, actor);
    Ok(Case::new(
        mutation.case_id,
        reference.clone(),
        request,
        outreach_point,
        actor.user.clone(),
        mutation.created_at,
    ))
}

/// Fields typed on a device, merged with what others typed meanwhile.
fn change(
    next: &mut Case,
    case: &Case,
    changes: &[crate::life::merge::FieldChange],
    writer: &Candidate,
    actor: &Actor,
) -> Result<(), Rejection> {
    fill_allowed(actor, case)?;
    let mut conflicts = case.conflicts.clone();
    let (request, _) = merge::merge(&case.request, &mut conflicts, changes, writer)
        .map_err(|_| Rejection::Malformed)?;
    take_request(next, request, actor);
    next.conflicts = conflicts;
    Ok(())
}

/// A conflict settled: the field at `path` takes `value`.
fn resolve(
    next: &mut Case,
    case: &Case,
    (path, value): (&str, &serde_json::Value),
    writer: &Candidate,
    actor: &Actor,
) -> Result<(), Rejection> {
    fill_allowed(actor, case)?;
    let mut conflicts = case.conflicts.clone();
    let request = merge::resolve(&case.request, &mut conflicts, path, value, writer)
        .map_err(|_| Rejection::Malformed)?;
    take_request(next, request, actor);
    next.conflicts = conflicts;
    Ok(())
}

/// A draft thrown away, unless it changed since the device last saw it.
fn discard(next: &mut Case, case: &Case, seen: u64, actor: &Actor) -> Result<(), Rejection> {
    fill_allowed(actor, case)?;
    if case.status != CaseStatus::Draft {
        return Err(Rejection::NotEditable {
            status: case.status,
        });
    }
    if case.revision > seen {
        return Err(Rejection::ChangedMeanwhile);
    }
    next.discarded = true;
    Ok(())
}

/// A file attached to a document, once however often it is sent.
fn attach(
    next: &mut Case,
    case: &Case,
    kind: crate::document_kind::DocumentKind,
    attachment: &crate::documents::AttachmentRef,
    actor: &Actor,
) -> Result<(), Rejection> {
    attach_allowed(actor, case)?;
    if !attachment.is_well_formed() {
        return Err(Rejection::Malformed);
    }
    let record = next.documents.entry(kind).or_default();
    if !record
        .attachments
        .iter()
        .any(|a| a.sha256 == attachment.sha256)
    {
        if record.attachments.len() >= DocumentRecord::MAX_ATTACHMENTS {
            return Err(Rejection::Malformed);
        }
        record.attachments.push(attachment.clone());
    }
    Ok(())
}

/// An officer checked a provided document against its original, or took that back.
fn verify(
    next: &mut Case,
    case: &Case,
    kind: crate::document_kind::DocumentKind,
    verified: bool,
    actor: &Actor,
    when: DateTime<Utc>,
) -> Result<(), Rejection> {
    if actor.role != Role::Officer {
        return Err(Rejection::Permission);
    }
    if !matches!(
        case.status,
        CaseStatus::Draft | CaseStatus::Submitted | CaseStatus::Incomplete
    ) {
        return Err(Rejection::NotEditable {
            status: case.status,
        });
    }
    let record = next
        .documents
        .get_mut(&kind)
        .filter(|r| r.provided())
        .ok_or_else(|| {
            invalid(
                Field::Documents,
                ErrorCode::DocumentsMissing { kinds: vec![kind] },
            )
        })?;
    record.verified = verified.then(|| Verification {
        by: actor.user.clone(),
        at: when,
    });
    Ok(())
}

/// The applicant signed a version of the declaration; an officer who took it witnessed.
fn sign(
    next: &mut Case,
    case: &Case,
    version: u16,
    signature: &crate::attestation::Signature,
    actor: &Actor,
    when: DateTime<Utc>,
) -> Result<(), Rejection> {
    fill_allowed(actor, case)?;
    if attestation::text(version).is_none() {
        return Err(invalid(Field::Attestation, ErrorCode::UnknownVersion));
    }
    signature
        .check()
        .map_err(|code| invalid(Field::Attestation, code))?;
    next.attestation = Some(Attestation {
        version,
        signer_name: case.request.applicant.full_name(),
        signed_at: when,
        signature: signature.clone(),
        witnessed_by: (actor.role == Role::Officer).then(|| actor.user.clone()),
    });
    Ok(())
}

/// A status asked for that needs no record of its own: handing in (with everything the
/// submission needs checked) or putting before the committee.
fn transition(
    next: &mut Case,
    case: &Case,
    to: CaseStatus,
    actor: &Actor,
    ctx: &Context,
    when: DateTime<Utc>,
) -> Result<(), Rejection> {
    if !to.reached_by_asking() {
        return Err(Rejection::Transition {
            error: TransitionError::NeedsRecord { to },
        });
    }
    let status = case
        .status
        .transition(to, actor.role)
        .map_err(|error| Rejection::Transition { error })?;
    match status {
        CaseStatus::Submitted => {
            let errors = submission_problems(case, actor.role, ctx);
            if !errors.is_empty() {
                return Err(Rejection::Validation { errors });
            }
            next.request.normalise();
            next.submitted_at = Some(ctx.now);
            next.answer_expected_on = Some(answer_expected_on(ctx.now, ctx.answer_days));
            // What was missing has been supplied.
            next.missing = None;
        }
        CaseStatus::AtCommittee => steps::ready_for_committee(case, actor)?,
        _ => {}
    }
    move_to(next, status, actor, when);
    Ok(())
}

/// An officer refers a question to the social researchers (policy H3).
fn refer(
    next: &mut Case,
    case: &Case,
    referral_id: crate::ids::ReferralId,
    question: &str,
    actor: &Actor,
    when: DateTime<Utc>,
) -> Result<(), Rejection> {
    if !actor.role.refers() {
        return Err(Rejection::Permission);
    }
    if case.status.is_terminal() {
        return Err(Rejection::NotEditable {
            status: case.status,
        });
    }
    if case.referrals.iter().any(|r| r.id == referral_id) {
        return Err(Rejection::AlreadyExists);
    }
    if case.referrals.len() >= Referral::MAX_PER_CASE {
        return Err(Rejection::Malformed);
    }
    let question = required_text(question, Referral::TEXT_MAX)
        .map_err(|code| invalid(Field::Question, code))?;
    next.referrals.push(Referral {
        id: referral_id,
        question,
        asked_by: actor.user.clone(),
        asked_at: when,
        answer: None,
    });
    Ok(())
}

/// A researcher answers a referred question, once.
fn answer_referral(
    next: &mut Case,
    referral_id: crate::ids::ReferralId,
    answer: &str,
    actor: &Actor,
    when: DateTime<Utc>,
) -> Result<(), Rejection> {
    if !actor.role.answers_referrals() {
        return Err(Rejection::Permission);
    }
    let text =
        required_text(answer, Referral::TEXT_MAX).map_err(|code| invalid(Field::Answer, code))?;
    let referral = next
        .referrals
        .iter_mut()
        .find(|r| r.id == referral_id)
        .ok_or(Rejection::NotFound)?;
    if referral.answer.is_some() {
        return Err(Rejection::AlreadyAnswered);
    }
    referral.answer = Some(ReferralAnswer {
        text,
        by: actor.user.clone(),
        at: when,
    });
    Ok(())
}

/// The candidate a mutation's values are kept as in a conflict: who, when, which change.
/// The server adds the device.
fn writer(mutation: &Mutation, actor: &Actor) -> Candidate {
    Candidate {
        value: serde_json::Value::Null,
        by: Some(actor.user.clone()),
        at: Some(mutation.created_at),
        device: None,
        mutation_id: Some(mutation.mutation_id),
    }
}

/// Makes `request` the case's request. A signed attestation no longer covers a changed
/// request, so it is cleared.
fn take_request(next: &mut Case, mut request: RequestForm, actor: &Actor) {
    stamp_channel(&mut request, actor);
    if request != next.request {
        next.request = request;
        next.attestation = None;
    }
}

/// An applicant files through the association's own app: the website channel (CH7).
fn stamp_channel(request: &mut RequestForm, actor: &Actor) {
    if actor.role == Role::Applicant {
        request.channel = Channel::Website.code().to_owned();
    }
}

/// Only those who fill requests change them, and only while the request is theirs to fill.
fn fill_allowed(actor: &Actor, case: &Case) -> Result<(), Rejection> {
    if !actor.role.fills_requests() {
        return Err(Rejection::Permission);
    }
    if !may_fill(actor.role, case.status) {
        return Err(Rejection::NotEditable {
            status: case.status,
        });
    }
    Ok(())
}

/// Files may still be added while an officer checks a submitted request against originals.
fn attach_allowed(actor: &Actor, case: &Case) -> Result<(), Rejection> {
    if !actor.role.fills_requests() {
        return Err(Rejection::Permission);
    }
    if !may_attach(actor.role, case.status) {
        return Err(Rejection::NotEditable {
            status: case.status,
        });
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::attestation::Signature;
    use crate::documents::AttachmentRef;
    use crate::ids::{CaseId, MutationId};
    use crate::people::{OutreachPoint, UserRef};
    use crate::request::tests::complete_form;
    use crate::validation::{ErrorCode, Field};
    use crate::Reference;
    use crate::ReferralId;
    use chrono::DateTime;

    pub(crate) fn point(id: &str) -> OutreachPoint {
        OutreachPoint {
            id: id.into(),
            name_ar: id.into(),
            name_en: id.into(),
        }
    }

    pub(crate) fn actor(id: i64, role: Role, point_id: Option<&str>) -> Actor {
        Actor {
            user: UserRef {
                id,
                name: format!("user {id}"),
            },
            role,
            outreach_point: point_id.map(point),
        }
    }

    pub(crate) fn officer() -> Actor {
        actor(1, Role::Officer, Some("sabya"))
    }

    pub(crate) fn mutation(op: Op) -> Mutation {
        Mutation {
            mutation_id: MutationId::new_v7(1, [1; 10]),
            case_id: CaseId::new_v7(1, [2; 10]),
            base_revision: 0,
            created_at: DateTime::UNIX_EPOCH,
            op,
        }
    }

    pub(crate) fn ctx() -> Context {
        Context {
            now: "2026-11-25T12:00:00Z".parse().expect("a valid time"),
            answer_days: Context::DEFAULT_ANSWER_DAYS,
        }
    }

    pub(crate) fn run(case: Option<&Case>, op: Op, by: &Actor) -> Result<Case, Rejection> {
        apply(case, &mutation(op), by, &ctx())
    }

    pub(crate) fn created(by: &Actor, request: RequestForm) -> Case {
        let op = Op::Create {
            reference: Reference::new(7, 1).expect("in range"),
            request,
        };
        run(None, op, by).expect("created")
    }

    pub(crate) fn attachment(n: u8) -> AttachmentRef {
        AttachmentRef {
            sha256: format!("{n:02x}").repeat(32),
            name: format!("doc-{n}.jpg"),
            media_type: crate::documents::MediaType::Jpeg,
            size: 1000,
        }
    }

    pub(crate) fn signature() -> Signature {
        Signature {
            width: 300,
            height: 150,
            strokes: vec![(0..40).map(|i| [i * 5, 40 + i % 9]).collect()],
        }
    }

    /// A case with every required document attached and, by `by`, verified and signed.
    pub(crate) fn ready(by: &Actor, verify: bool) -> Case {
        let mut case = created(by, complete_form());
        for (i, kind) in crate::documents::required_documents(&case.request)
            .into_iter()
            .enumerate()
        {
            let op = Op::Attach {
                kind,
                attachment: attachment(i as u8),
            };
            case = run(Some(&case), op, by).expect("attached");
            if verify {
                case = run(
                    Some(&case),
                    Op::Verify {
                        kind,
                        verified: true,
                    },
                    by,
                )
                .expect("verified");
            }
        }
        let sign = Op::Sign {
            version: 1,
            signature: signature(),
        };
        run(Some(&case), sign, by).expect("signed")
    }

    #[test]
    fn an_officer_creates_a_draft_at_their_point() {
        let case = created(&officer(), RequestForm::default());
        assert_eq!(case.status, CaseStatus::Draft);
        assert_eq!(case.outreach_point.id, "sabya");
        assert_eq!(case.created_by.id, 1);
    }

    #[test]
    fn an_applicants_request_comes_through_the_website() {
        let applicant = actor(5, Role::Applicant, Some("sabya"));
        let case = created(&applicant, complete_form());
        assert_eq!(case.request.channel, "website");
        let edit = Op::Edit {
            request: complete_form(),
        };
        assert_eq!(
            run(Some(&case), edit, &applicant).map(|c| c.request.channel),
            Ok("website".into())
        );
    }

    #[test]
    fn the_head_office_does_not_take_requests() {
        let op = Op::Create {
            reference: Reference::new(7, 1).expect("in range"),
            request: RequestForm::default(),
        };
        assert_eq!(
            run(None, op, &actor(9, Role::HeadOffice, None)),
            Err(Rejection::Permission)
        );
    }

    #[test]
    fn an_oversized_draft_is_refused() {
        let mut request = RequestForm::default();
        request.support.description = "x".repeat(5000);
        let op = Op::Create {
            reference: Reference::new(7, 1).expect("in range"),
            request,
        };
        assert_eq!(run(None, op, &officer()), Err(Rejection::Malformed));
    }

    #[test]
    fn an_incomplete_request_cannot_be_submitted() {
        let case = created(&officer(), complete_form());
        let submit = Op::Transition {
            to: CaseStatus::Submitted,
        };
        let Err(Rejection::Validation { errors }) = run(Some(&case), submit, &officer()) else {
            panic!("submitted without documents or signature");
        };
        let codes: Vec<_> = errors.iter().map(|e| (e.field, e.code.clone())).collect();
        let required = crate::documents::required_documents(&case.request);
        // Every blocker at once: missing, not yet checked against an original (the photos
        // of the home have none), and not signed.
        let with_original = required.iter().copied().filter(|k| k.has_original());
        assert_eq!(
            codes,
            vec![
                (
                    Field::Documents,
                    ErrorCode::DocumentsMissing {
                        kinds: required.clone()
                    }
                ),
                (
                    Field::Documents,
                    ErrorCode::DocumentsUnverified {
                        kinds: with_original.collect()
                    }
                ),
                (Field::Attestation, ErrorCode::NotSigned),
            ]
        );
        assert!(required.contains(&crate::documents::DocumentKind::HousePhotos));
    }

    #[test]
    fn an_officer_must_verify_before_submitting() {
        let case = ready(&officer(), false);
        let submit = Op::Transition {
            to: CaseStatus::Submitted,
        };
        assert!(matches!(
            run(Some(&case), submit.clone(), &officer()),
            Err(Rejection::Validation { errors }) if matches!(errors[0].code, ErrorCode::DocumentsUnverified { .. })
        ));
        // An applicant submits what they attached; the officers verify it afterwards.
        let applicant = actor(5, Role::Applicant, Some("sabya"));
        let theirs = ready(&applicant, false);
        assert_eq!(
            run(Some(&theirs), submit, &applicant).map(|c| c.status),
            Ok(CaseStatus::Submitted)
        );
    }

    #[test]
    fn submitting_sets_the_expected_answer_date() {
        let case = ready(&officer(), true);
        let submitted = run(
            Some(&case),
            Op::Transition {
                to: CaseStatus::Submitted,
            },
            &officer(),
        )
        .expect("submitted");
        assert_eq!(submitted.status, CaseStatus::Submitted);
        assert_eq!(submitted.submitted_at, Some(ctx().now));
        assert_eq!(submitted.answer_expected_on, "2026-12-09".parse().ok());
        assert_eq!(
            submitted.request.applicant.mobile, "0501234567",
            "normalised"
        );
        let a = submitted.attestation.expect("signed");
        assert_eq!(a.signer_name, "محمد عبد الله أحمد المالكي");
        assert_eq!(a.witnessed_by.map(|u| u.id), Some(1));
    }

    #[test]
    fn editing_after_signing_clears_the_signature() {
        let case = ready(&officer(), true);
        let mut request = case.request.clone();
        let same = run(
            Some(&case),
            Op::Edit {
                request: request.clone(),
            },
            &officer(),
        )
        .expect("edited");
        assert!(
            same.attestation.is_some(),
            "an edit that changes nothing keeps it"
        );
        request.applicant.centre = "الشقيري".into();
        let changed = run(Some(&case), Op::Edit { request }, &officer()).expect("edited");
        assert_eq!(changed.attestation, None);
    }

    #[test]
    fn only_officers_verify_and_only_what_was_provided() {
        let applicant = actor(5, Role::Applicant, Some("sabya"));
        let case = ready(&applicant, false);
        let verify = Op::Verify {
            kind: crate::documents::DocumentKind::NationalIdCopy,
            verified: true,
        };
        assert_eq!(
            run(Some(&case), verify.clone(), &applicant),
            Err(Rejection::Permission)
        );
        let verified = run(Some(&case), verify, &officer()).expect("verified");
        let v = verified.documents[&crate::documents::DocumentKind::NationalIdCopy]
            .verified
            .clone();
        assert_eq!(v.map(|v| v.by.id), Some(1));
        let nothing = Op::Verify {
            kind: crate::documents::DocumentKind::LeaseContract,
            verified: true,
        };
        assert!(matches!(
            run(Some(&case), nothing, &officer()),
            Err(Rejection::Validation { .. })
        ));
    }

    #[test]
    fn a_submitted_request_is_locked() {
        let case = ready(&officer(), true);
        let submitted = run(
            Some(&case),
            Op::Transition {
                to: CaseStatus::Submitted,
            },
            &officer(),
        )
        .expect("submitted");
        let edit = Op::Edit {
            request: RequestForm::default(),
        };
        assert_eq!(
            run(Some(&submitted), edit, &officer()),
            Err(Rejection::NotEditable {
                status: CaseStatus::Submitted
            })
        );
    }

    #[test]
    fn a_referral_reaches_the_researchers_and_is_answered_once() {
        let case = created(&officer(), complete_form());
        let researcher = actor(3, Role::Researcher, None);
        assert!(!researcher.may_see(&case));
        let id = ReferralId::new_v7(1, [3; 10]);
        let refer = Op::Refer {
            referral_id: id,
            question: "هل يشمل الدعم الأثاث؟".into(),
        };
        assert_eq!(
            run(Some(&case), refer.clone(), &researcher),
            Err(Rejection::NotFound)
        );
        let referred = run(Some(&case), refer, &officer()).expect("referred");
        assert!(researcher.may_see(&referred));
        let answer = Op::Answer {
            referral_id: id,
            answer: "نعم ضمن الحد المقرر".into(),
        };
        assert_eq!(
            run(Some(&referred), answer.clone(), &officer()),
            Err(Rejection::Permission)
        );
        let answered = run(Some(&referred), answer.clone(), &researcher).expect("answered");
        assert_eq!(answered.open_referrals().count(), 0);
        assert_eq!(
            run(Some(&answered), answer, &researcher),
            Err(Rejection::AlreadyAnswered)
        );
    }

    #[test]
    fn another_points_officer_cannot_touch_a_case() {
        let case = created(&officer(), complete_form());
        let other = actor(2, Role::Officer, Some("abu_arish"));
        let submit = Op::Transition {
            to: CaseStatus::Submitted,
        };
        assert_eq!(run(Some(&case), submit, &other), Err(Rejection::NotFound));
        assert!(!other.may_see(&case));
        assert!(actor(3, Role::HeadOffice, None).may_see(&case));
    }

    #[test]
    fn a_bad_signature_is_refused() {
        let case = created(&officer(), complete_form());
        let empty = Op::Sign {
            version: 1,
            signature: Signature::default(),
        };
        assert_eq!(
            run(Some(&case), empty, &officer()),
            Err(invalid(Field::Attestation, ErrorCode::SignatureEmpty))
        );
        let unknown = Op::Sign {
            version: 9,
            signature: signature(),
        };
        assert_eq!(
            run(Some(&case), unknown, &officer()),
            Err(invalid(Field::Attestation, ErrorCode::UnknownVersion))
        );
    }
}
