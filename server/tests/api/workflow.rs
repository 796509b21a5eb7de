//! The life of a case after submission over HTTP, each role signed in on its own device:
//! what each may do, what each must not, and what leaves whose devices.

use crate::common;

use crate::common::{change, national_id, request, submit, TestServer};
use reqwest::StatusCode;
use shared::case::UserRef;
use shared::life::mutation::{Op, Rejection};
use shared::life::workflow::{DecisionInput, ServiceInput, VisitInput};
use shared::sync::Outcome;
use shared::validation::Field;
use shared::{Case, CaseId, CaseStatus, ServiceId};

fn applied(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Applied { .. } | Outcome::Merged { .. })
}

fn to(status: CaseStatus) -> Op {
    Op::Transition { to: status }
}

fn visit(photos: Vec<shared::documents::AttachmentRef>) -> Op {
    Op::ReportVisit {
        visit: VisitInput {
            visited_on: chrono::Utc::now().date_naive().to_string(),
            findings: "تشققات في السقف وتسرب مياه".into(),
            recommendation: "support".into(),
            photos,
            location: None,
        },
    }
}

fn decide(verdict: &str, reasons: &[&str], note: &str) -> Op {
    Op::Decide {
        decision: DecisionInput {
            verdict: verdict.into(),
            reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
            note: note.into(),
            meeting_number: "3".into(),
            meeting_date: chrono::Utc::now().date_naive().to_string(),
        },
    }
}

fn service(n: u8, kind: &str, amount: &str) -> Op {
    Op::DeliverService {
        service_id: ServiceId::new_v7(1_700_000_000_000, [n; 10]),
        service: ServiceInput {
            kind: kind.into(),
            delivered_on: chrono::Utc::now().date_naive().to_string(),
            amount: amount.into(),
            supplier: "مؤسسة الإعمار".into(),
            notes: String::new(),
        },
    }
}

fn refused(outcome: &Outcome) -> Option<&Rejection> {
    match outcome {
        Outcome::Rejected { rejection } => Some(rejection),
        _ => None,
    }
}

async fn case_of(client: &common::ApiClient, id: CaseId) -> Option<Case> {
    client.pull_all().await.into_iter().find(|c| c.id == id)
}

/// A request taken, completed, verified and submitted by Sabya's officer.
async fn submitted(officer: &common::ApiClient, n: u32) -> CaseId {
    let form = request(&national_id(n));
    let create = officer.create(form.clone());
    let id = create.case_id;
    let mut batch = vec![create];
    batch.extend(officer.complete(id, &form, true).await);
    batch.push(submit(id));
    let results = officer.push(batch).await.results;
    assert!(results.iter().all(|r| applied(&r.outcome)), "{results:?}");
    id
}

#[tokio::test]
async fn a_case_goes_from_research_to_committee_to_registration_and_services() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let researcher = s.signed_in("researcher").await;
    let committee = s.signed_in("committee").await;
    let id = submitted(&officer, 4101).await;

    // The officer picks the researcher from the server's list.
    let r = officer.get("/api/researchers").await;
    assert_eq!(r.status(), StatusCode::OK);
    let researchers: Vec<UserRef> = r.json().await.expect("researchers");
    let me = researcher.me().await;
    let chosen = researchers
        .iter()
        .find(|u| u.id == me.id)
        .expect("the demo researcher is listed")
        .clone();
    let wrong_name = UserRef {
        name: "someone else".into(),
        ..chosen.clone()
    };
    assert!(applied(
        &officer
            .push_one(change(
                id,
                Op::AssignResearcher {
                    researcher: wrong_name
                }
            ))
            .await
    ));
    let case = case_of(&researcher, id)
        .await
        .expect("the researcher sees the visit");
    assert_eq!(case.status, CaseStatus::UnderResearch);
    assert_eq!(
        case.research.as_ref().map(|r| r.researcher.clone()),
        Some(chosen),
        "named as the server knows them"
    );
    assert!(
        case_of(&committee, id).await.is_none(),
        "not yet on the agenda"
    );

    // The visit, with a photo the researcher took, then to the committee.
    let photo = researcher
        .upload(b"\xFF\xD8\xFF\xE0visit-photo", "roof.jpg")
        .await;
    assert!(applied(
        &researcher
            .push_one(change(id, visit(vec![photo.clone()])))
            .await
    ));
    let r = officer
        .get(&format!("/api/attachments/{}", photo.sha256))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "the visit's photos are the case's files"
    );
    assert!(applied(
        &researcher
            .push_one(change(id, to(CaseStatus::AtCommittee)))
            .await
    ));

    // The committee's device has it on the agenda, decides, and loses it at the next pull.
    let agenda = committee.pull(0, 1000).await;
    assert!(agenda.changes.iter().any(|c| c.id == id));
    let cursor = agenda.cursor;
    assert_eq!(
        refused(
            &researcher
                .push_one(change(id, decide("accept", &[], "")))
                .await
        ),
        Some(&Rejection::Permission),
        "a researcher cannot decide"
    );
    assert!(applied(
        &committee
            .push_one(change(id, decide("accept", &[], "")))
            .await
    ));
    let after = committee.pull(cursor, 1000).await;
    assert_eq!(
        after.removed,
        vec![id],
        "decided, it leaves the agenda's devices"
    );
    assert!(after.changes.is_empty());

    // Registration, two services, closed.
    assert_eq!(
        refused(&committee.push_one(change(id, Op::Register)).await),
        Some(&Rejection::NotFound),
        "off the agenda the committee no longer sees it"
    );
    assert!(applied(&officer.push_one(change(id, Op::Register)).await));
    assert!(applied(
        &officer
            .push_one(change(id, service(1, "restoration", "18000")))
            .await
    ));
    assert!(applied(
        &officer
            .push_one(change(id, service(2, "furnishing", "4500.50")))
            .await
    ));
    assert!(applied(
        &officer.push_one(change(id, to(CaseStatus::Closed))).await
    ));
    let case = case_of(&officer, id).await.expect("the officer sees it");
    assert_eq!(case.status, CaseStatus::Closed);
    assert_eq!(case.services.len(), 2);
    assert_eq!(
        case.services.iter().map(|s| s.amount.0).sum::<u64>(),
        1_800_000 + 450_050
    );
    let steps: Vec<CaseStatus> = case.timeline.iter().map(|c| c.to).collect();
    assert_eq!(
        steps,
        [
            CaseStatus::Submitted,
            CaseStatus::UnderResearch,
            CaseStatus::AtCommittee,
            CaseStatus::Accepted,
            CaseStatus::Registered,
            CaseStatus::ServiceDelivered,
            CaseStatus::Closed
        ]
    );
}

#[tokio::test]
async fn each_role_is_refused_what_is_not_theirs() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let elsewhere = s.signed_in("officer.abuarish").await;
    let applicant = s.signed_in("applicant").await;
    let committee = s.signed_in("committee").await;
    let researcher = s.signed_in("researcher").await;
    let id = submitted(&officer, 4102).await;

    // Another point's officer, an applicant who did not file it: not found.
    let me = researcher.me().await;
    let assign = || Op::AssignResearcher {
        researcher: UserRef {
            id: me.id,
            name: me.display_name.clone(),
        },
    };
    assert_eq!(
        refused(&elsewhere.push_one(change(id, assign())).await),
        Some(&Rejection::NotFound)
    );
    assert_eq!(
        refused(
            &applicant
                .push_one(change(id, to(CaseStatus::Withdrawn)))
                .await
        ),
        Some(&Rejection::NotFound)
    );
    assert!(case_of(&applicant, id).await.is_none());
    // The committee assigns no researcher, and sees nothing before the agenda.
    assert_eq!(
        refused(&committee.push_one(change(id, assign())).await),
        Some(&Rejection::NotFound)
    );
    // Only researchers can be assigned.
    let not_a_researcher = UserRef {
        id: officer.me().await.id,
        name: "x".into(),
    };
    let Some(Rejection::Validation { errors }) = refused(
        &officer
            .push_one(change(
                id,
                Op::AssignResearcher {
                    researcher: not_a_researcher,
                },
            ))
            .await,
    )
    .cloned() else {
        panic!("an officer was assigned as researcher");
    };
    assert_eq!(errors[0].field, Field::Researcher);
    // Moving on without its record is refused.
    assert!(matches!(
        refused(
            &officer
                .push_one(change(id, to(CaseStatus::UnderResearch)))
                .await
        ),
        Some(Rejection::Transition { .. })
    ));
    // The list of researchers is for the staff who assign.
    for who in [&applicant, &committee, &researcher] {
        assert_eq!(
            who.get("/api/researchers").await.status(),
            StatusCode::FORBIDDEN
        );
    }

    assert!(applied(&officer.push_one(change(id, assign())).await));
    // Nobody but the researcher reports the visit; a researcher sends it on only after.
    assert_eq!(
        refused(&officer.push_one(change(id, visit(Vec::new()))).await),
        Some(&Rejection::Permission)
    );
    assert!(matches!(
        refused(
            &researcher
                .push_one(change(id, to(CaseStatus::AtCommittee)))
                .await
        ),
        Some(Rejection::Validation { .. })
    ));
    // A photo the researcher never sent is not theirs to attach.
    let stranger = officer.upload(b"\xFF\xD8\xFF\xE0not-yours", "x.jpg").await;
    let mut other_case_photo = stranger.clone();
    other_case_photo.sha256 = "ab".repeat(32);
    assert!(matches!(
        refused(
            &researcher
                .push_one(change(id, visit(vec![other_case_photo])))
                .await
        ),
        Some(Rejection::AttachmentMissing { .. })
    ));
    assert!(applied(
        &researcher.push_one(change(id, visit(Vec::new()))).await
    ));
    assert!(applied(
        &researcher
            .push_one(change(id, to(CaseStatus::AtCommittee)))
            .await
    ));

    // The committee cannot change what the applicant gave.
    let mut form = request(&national_id(4102));
    form.applicant.centre = "العارضة".into();
    assert_eq!(
        refused(
            &committee
                .push_one(change(id, Op::Edit { request: form }))
                .await
        ),
        Some(&Rejection::Permission)
    );
    // A rejection needs its reasons, then the applicant's officer cannot register it.
    assert!(matches!(
        refused(
            &committee
                .push_one(change(id, decide("reject", &[], "")))
                .await
        ),
        Some(Rejection::Validation { .. })
    ));
    assert!(applied(
        &committee
            .push_one(change(
                id,
                decide("reject", &["housing_adequate"], "المسكن بحالة جيدة")
            ))
            .await
    ));
    assert!(matches!(
        refused(&officer.push_one(change(id, Op::Register)).await),
        Some(Rejection::NotEditable { .. })
    ));
}

#[tokio::test]
async fn the_applicant_sees_what_is_missing_and_the_decision_on_their_own_request() {
    let s = TestServer::start().await;
    let applicant = s.signed_in("applicant").await;
    let officer = s.signed_in("officer.sabya").await;
    let form = request(&national_id(4103));
    let create = applicant.create(form.clone());
    let id = create.case_id;
    let mut batch = vec![create];
    batch.extend(applicant.complete(id, &form, false).await);
    batch.push(submit(id));
    assert!(applicant
        .push(batch)
        .await
        .results
        .iter()
        .all(|r| applied(&r.outcome)));

    let missing = Op::ReturnIncomplete {
        documents: vec![shared::documents::DocumentKind::PropertyDeed],
        note: "صورة الصك غير واضحة، أرسل صورة أوضح".into(),
    };
    assert!(applied(&officer.push_one(change(id, missing)).await));
    let case = case_of(&applicant, id).await.expect("their own");
    assert_eq!(case.status, CaseStatus::Incomplete);
    let note = case.missing.as_ref().map(|m| m.note.as_str());
    assert_eq!(note, Some("صورة الصك غير واضحة، أرسل صورة أوضح"));
    assert!(applied(&applicant.push_one(submit(id)).await));
    assert_eq!(case_of(&applicant, id).await.map(|c| c.missing), Some(None));
}
