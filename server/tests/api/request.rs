//! The support request over HTTP: every validation code refused by the server, submission
//! and its receipt, and what each role may not reach.

use crate::common;

use crate::common::{change, national_id, request, signature, submit, ApiClient, TestServer};
use shared::attestation::Signature;
use shared::documents::DocumentKind;
use shared::life::mutation::{Mutation, Op, Rejection};
use shared::request::applicant::GeoPoint;
use shared::sync::Outcome;
use shared::validation::{ErrorCode, Field};
use shared::{CaseStatus, Reference, RequestForm};

/// Pushes `batch` and returns the outcome of its last mutation.
async fn last_outcome(client: &ApiClient, batch: Vec<Mutation>) -> Outcome {
    let reply = client.push(batch).await;
    reply.results.last().expect("a result").outcome.clone()
}

/// The (field, index, code) triples of a validation refusal.
fn refused(outcome: &Outcome) -> Vec<(Field, Option<usize>, ErrorCode)> {
    match outcome {
        Outcome::Rejected {
            rejection: Rejection::Validation { errors },
        } => errors
            .iter()
            .map(|e| (e.field, e.index, e.code.clone()))
            .collect(),
        other => panic!("not a validation refusal: {other:?}"),
    }
}

/// Creates `form` as a draft with its documents attached and verified and a signature,
/// then tries to submit it; returns the submission's outcome.
async fn submit_form(officer: &ApiClient, form: RequestForm) -> Outcome {
    let create = officer.create(form.clone());
    let mut batch = vec![create.clone()];
    batch.extend(officer.complete(create.case_id, &form, true).await);
    batch.push(submit(create.case_id));
    last_outcome(officer, batch).await
}

#[tokio::test]
async fn every_field_rule_is_enforced_by_the_server() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let applicant_id = national_id(500);
    type Bend = fn(&mut RequestForm);
    let cases: Vec<(Bend, Field, Option<usize>, ErrorCode)> = vec![
        (
            |f| f.applicant.first_name.clear(),
            Field::FirstName,
            None,
            ErrorCode::Required,
        ),
        (
            |f| f.applicant.national_id = "10000000a8".into(),
            Field::NationalId,
            None,
            ErrorCode::DigitsOnly,
        ),
        (
            |f| f.applicant.national_id = "123".into(),
            Field::NationalId,
            None,
            ErrorCode::NationalIdLength { len: 10 },
        ),
        (
            |f| f.applicant.national_id = "3000000008".into(),
            Field::NationalId,
            None,
            ErrorCode::NationalIdFirstDigit,
        ),
        (
            |f| f.applicant.national_id = "1000000009".into(),
            Field::NationalId,
            None,
            ErrorCode::NationalIdChecksum,
        ),
        (
            |f| f.applicant.mobile = "0401234567".into(),
            Field::Mobile,
            None,
            ErrorCode::MobileFormat,
        ),
        (
            |f| f.applicant.family_name = "<script>".into(),
            Field::FamilyName,
            None,
            ErrorCode::LettersOnly,
        ),
        (
            |f| f.applicant.centre = "ق".repeat(81),
            Field::Centre,
            None,
            ErrorCode::TooLong { max: 80 },
        ),
        (
            |f| f.applicant.governorate = "riyadh".into(),
            Field::Governorate,
            None,
            ErrorCode::UnknownChoice,
        ),
        (
            |f| f.applicant.birth_date = "1980-13-01".into(),
            Field::BirthDate,
            None,
            ErrorCode::DateFormat,
        ),
        (
            |f| f.household[1].birth_date = "2099-01-01".into(),
            Field::MemberBirthDate,
            Some(1),
            ErrorCode::DateInFuture,
        ),
        (
            |f| f.applicant.birth_date = "2015-01-01".into(),
            Field::BirthDate,
            None,
            ErrorCode::AgeBelow { min: 18 },
        ),
        (
            |f| f.applicant.birth_date = "1890-01-01".into(),
            Field::BirthDate,
            None,
            ErrorCode::AgeAbove { max: 110 },
        ),
        (
            |f| f.income.salary = "12.345".into(),
            Field::IncomeSalary,
            None,
            ErrorCode::AmountFormat,
        ),
        (
            |f| f.income.pension = "-300".into(),
            Field::IncomePension,
            None,
            ErrorCode::Negative,
        ),
        (
            |f| f.housing.rooms = "51".into(),
            Field::Rooms,
            None,
            ErrorCode::TooLarge { max: 50 },
        ),
        (
            |f| f.support.types.clear(),
            Field::SupportTypes,
            None,
            ErrorCode::AtLeastOne,
        ),
        (
            |f| f.support.types = vec!["build".into(); 8],
            Field::SupportTypes,
            None,
            ErrorCode::TooMany { max: 7 },
        ),
        (
            |f| f.household[1].national_id = f.household[0].national_id.clone(),
            Field::MemberNationalId,
            Some(1),
            ErrorCode::Duplicate,
        ),
        (
            |f| f.household[0].national_id = f.applicant.national_id.clone(),
            Field::MemberNationalId,
            Some(0),
            ErrorCode::SameAsApplicant,
        ),
        (
            |f| f.applicant.alt_mobile = "+966551234567".into(),
            Field::AltMobile,
            None,
            ErrorCode::SameAsMobile,
        ),
        (
            |f| f.applicant.nationality = "resident".into(),
            Field::Nationality,
            None,
            ErrorCode::IdNationalityMismatch,
        ),
        (
            |f| {
                f.applicant.location = Some(GeoPoint {
                    lat_e6: 21_500_000,
                    lon_e6: 39_200_000,
                    accuracy_m: 10,
                })
            },
            Field::Location,
            None,
            ErrorCode::OutsideRegion,
        ),
        (
            |f| f.housing.ownership = "rented".into(),
            Field::Rent,
            None,
            ErrorCode::Required,
        ),
    ];
    for (bend, field, index, code) in cases {
        let mut form = request(&applicant_id);
        bend(&mut form);
        let outcome = submit_form(&officer, form).await;
        assert!(
            refused(&outcome).contains(&(field, index, code.clone())),
            "{field:?} {code:?}: {outcome:?}"
        );
    }
}

#[tokio::test]
async fn documents_and_signature_rules_are_enforced_by_the_server() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let form = request(&national_id(501));

    // Nothing attached, nothing signed: every blocker at once, the photos of the home
    // asked for but not checked against an original, which they have none of.
    let bare = officer.create(form.clone());
    let outcome = last_outcome(&officer, vec![bare.clone(), submit(bare.case_id)]).await;
    let with_original = vec![
        DocumentKind::NationalIdCopy,
        DocumentKind::FamilyRegister,
        DocumentKind::IncomeProof,
        DocumentKind::PropertyDeed,
    ];
    let mut required = with_original.clone();
    required.push(DocumentKind::HousePhotos);
    assert_eq!(
        refused(&outcome),
        vec![
            (
                Field::Documents,
                None,
                ErrorCode::DocumentsMissing { kinds: required }
            ),
            (
                Field::Documents,
                None,
                ErrorCode::DocumentsUnverified {
                    kinds: with_original
                }
            ),
            (Field::Attestation, None, ErrorCode::NotSigned),
        ]
    );

    // Attached and signed, but not verified against the originals.
    let unverified = officer.create(form.clone());
    let mut batch = vec![unverified.clone()];
    batch.extend(officer.complete(unverified.case_id, &form, false).await);
    batch.push(submit(unverified.case_id));
    let outcome = last_outcome(&officer, batch).await;
    assert!(matches!(
        refused(&outcome)[..],
        [(
            Field::Documents,
            None,
            ErrorCode::DocumentsUnverified { .. }
        )]
    ));

    // Signatures: a dot, a signature drawn far too long, and an unknown text version.
    let dot = Signature {
        width: 300,
        height: 150,
        strokes: vec![vec![[5, 5]]],
    };
    let endless = Signature {
        width: 300,
        height: 150,
        strokes: vec![(0..6001).map(|i| [(i % 300) as u16, 50]).collect()],
    };
    for (sig, version, code) in [
        (dot, 1, ErrorCode::SignatureEmpty),
        (
            endless,
            1,
            ErrorCode::TooMany {
                max: Signature::MAX_POINTS,
            },
        ),
        (signature(), 99, ErrorCode::UnknownVersion),
    ] {
        let sign = change(
            unverified.case_id,
            Op::Sign {
                version,
                signature: sig,
            },
        );
        let outcome = last_outcome(&officer, vec![sign]).await;
        assert_eq!(refused(&outcome), vec![(Field::Attestation, None, code)]);
    }
}

#[tokio::test]
async fn a_reference_must_come_from_the_users_own_device_and_be_free() {
    let s = TestServer::start().await;
    let sabya = s.signed_in("officer.sabya").await;
    let other = s.signed_in("officer.abuarish").await;
    let mut theirs = sabya.create(request(&national_id(502)));
    theirs.op = Op::Create {
        reference: Reference::new(other.device, 1).expect("in range"),
        request: request(&national_id(502)),
    };
    let outcome = last_outcome(&sabya, vec![theirs]).await;
    assert_eq!(
        refused(&outcome),
        vec![(Field::Reference, None, ErrorCode::ReferenceInvalid)]
    );

    let first = sabya.create(request(&national_id(503)));
    let mut again = sabya.create(request(&national_id(504)));
    if let (Op::Create { reference: r1, .. }, Op::Create { reference: r2, .. }) =
        (&first.op, &mut again.op)
    {
        *r2 = r1.clone();
    }
    let reply = sabya.push(vec![first.clone(), again]).await;
    assert!(matches!(reply.results[0].outcome, Outcome::Applied { .. }));
    assert_eq!(
        refused(&reply.results[1].outcome),
        vec![(Field::Reference, None, ErrorCode::ReferenceInvalid)]
    );

    // Taken by a request a push before this one made, and written among others.
    let mut later = sabya.create(request(&national_id(506)));
    if let (Op::Create { reference: r1, .. }, Op::Create { reference: r3, .. }) =
        (&first.op, &mut later.op)
    {
        *r3 = r1.clone();
    }
    let before = sabya.create(request(&national_id(507)));
    let after = sabya.create(request(&national_id(508)));
    let reply = sabya.push(vec![before, later, after]).await;
    assert!(matches!(reply.results[0].outcome, Outcome::Applied { .. }));
    assert_eq!(
        refused(&reply.results[1].outcome),
        vec![(Field::Reference, None, ErrorCode::ReferenceInvalid)]
    );
    assert!(matches!(reply.results[2].outcome, Outcome::Applied { .. }));
}

#[tokio::test]
async fn a_complete_signed_request_gets_its_answer_date_from_the_server() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let mut form = request(&national_id(505));
    form.applicant.mobile = "+966 55 123 4567".into();
    let outcome = submit_form(&officer, form).await;
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    let case = officer
        .pull_all()
        .await
        .into_iter()
        .find(|c| c.request.applicant.national_id == national_id(505))
        .expect("submitted case");
    assert_eq!(case.status, CaseStatus::Submitted);
    let submitted = case.submitted_at.expect("submission time");
    let expected = shared::dates::saudi_date(submitted) + chrono::Duration::days(14);
    assert_eq!(case.answer_expected_on, Some(expected));
    assert_eq!(
        case.request.applicant.mobile, "0551234567",
        "stored normalised"
    );
    let signed = case.attestation.expect("attestation kept");
    assert_eq!(signed.version, 1);
    assert_eq!(
        signed.witnessed_by.map(|u| u.name),
        Some("أحمد العطاس".into())
    );
    assert!(case.documents.values().all(|d| d.verified.is_some()));

    // Once submitted, the request is locked against edits.
    let edit = change(
        case.id,
        Op::Edit {
            request: RequestForm::default(),
        },
    );
    assert_eq!(
        last_outcome(&officer, vec![edit]).await,
        Outcome::Rejected {
            rejection: Rejection::NotEditable {
                status: CaseStatus::Submitted
            }
        }
    );
}

#[tokio::test]
async fn an_applicant_reaches_only_their_own_requests() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let applicant = s.signed_in("applicant").await;
    let staff_case = officer.create(request(&national_id(506)));
    officer.push(vec![staff_case.clone()]).await;

    let own = applicant.create(request(&national_id(507)));
    applicant.push(vec![own.clone()]).await;
    let seen = applicant.pull_all().await;
    assert_eq!(
        seen.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![own.case_id]
    );
    assert_eq!(
        seen[0].request.channel, "website",
        "self-service is the website channel"
    );

    // Acting on someone else's request: it does not exist for them.
    for op in [
        Op::Edit {
            request: request(&national_id(506)),
        },
        Op::Transition {
            to: CaseStatus::Withdrawn,
        },
        Op::Sign {
            version: 1,
            signature: signature(),
        },
    ] {
        assert_eq!(
            last_outcome(&applicant, vec![change(staff_case.case_id, op)]).await,
            Outcome::Rejected {
                rejection: Rejection::NotFound
            }
        );
    }
    // And on their own, an applicant cannot do an officer's part.
    for op in [
        Op::Verify {
            kind: DocumentKind::NationalIdCopy,
            verified: true,
        },
        Op::Refer {
            referral_id: common::fresh(shared::ReferralId::new_v7),
            question: "؟".into(),
        },
    ] {
        assert_eq!(
            last_outcome(&applicant, vec![change(own.case_id, op)]).await,
            Outcome::Rejected {
                rejection: Rejection::Permission
            }
        );
    }
    // The officers of the applicant's outreach point receive it.
    assert!(officer.pull_all().await.iter().any(|c| c.id == own.case_id));
}
