//! What a new database starts with: the first head-office account, and the demo data.

use chrono::Utc;
use shared::attestation::{current_text, Signature};
use shared::case::OutreachPoint;
use shared::documents::{required_documents, AttachmentRef};
use shared::life::mutation::{Context, Mutation, Op};
use shared::request::income::IncomeForm;
use shared::sync::Outcome;
use shared::{
    CaseId, CaseStatus, Governorate, MutationId, Reference, ReferralId, RequestForm, Role,
    Vocabulary,
};

use crate::auth::hash_password;
use crate::blobs::{Blobs, Progress};
use crate::db::{attachments, devices, users, Db};
use crate::sample;
use crate::service::push::{self, Messages};
use crate::service::setup;
use shared::setup::PointDetails;

/// The user name of the first head-office account.
pub const ADMIN_USERNAME: &str = "admin";
/// The password of every demo user; the README lists them.
pub const DEMO_PASSWORD: &str = "demo-2026";

/// Creates the first head-office account when the database has no users. Returns the
/// password when one was generated, so the caller can print it once.
pub async fn first_admin(db: &Db, password: Option<&str>) -> anyhow::Result<Option<String>> {
    if users::count(db.pool()).await? > 0 {
        return Ok(None);
    }
    let generated = password.is_none().then(random_password);
    let password = password.or(generated.as_deref()).unwrap_or_default();
    let hash = hash_password(password).await?;
    users::create(
        db.pool(),
        &users::NewUser {
            username: ADMIN_USERNAME,
            display_name: "مدير النظام",
            password_hash: &hash,
            role: Role::HeadOffice,
            outreach_point_id: None,
            must_change_password: false,
        },
    )
    .await?;
    Ok(generated)
}

fn random_password() -> String {
    use rand::distributions::{Alphanumeric, DistString};
    Alphanumeric.sample_string(&mut rand::thread_rng(), 16)
}

/// The demo outreach points.
pub fn demo_points() -> [(OutreachPoint, Governorate); 2] {
    [
        (
            OutreachPoint {
                id: "sabya".into(),
                name_ar: "نقطة صبيا".into(),
                name_en: "Sabya outreach point".into(),
            },
            Governorate::Sabya,
        ),
        (
            OutreachPoint {
                id: "abu_arish".into(),
                name_ar: "نقطة أبو عريش".into(),
                name_en: "Abu Arish outreach point".into(),
            },
            Governorate::AbuArish,
        ),
    ]
}

/// The demo users: (user name, display name, role, outreach point).
pub const DEMO_USERS: &[(&str, &str, Role, Option<&str>)] = &[
    ("officer.sabya", "أحمد العطاس", Role::Officer, Some("sabya")),
    (
        "officer.abuarish",
        "فاطمة الحازمي",
        Role::Officer,
        Some("abu_arish"),
    ),
    ("researcher", "خالد المدخلي", Role::Researcher, None),
    ("committee", "نورة الشهري", Role::Committee, None),
    ("head", "سلمان النعمي", Role::HeadOffice, None),
    ("applicant", "علي حكمي", Role::Applicant, Some("sabya")),
];

/// One demo request: who takes it, its number, the form, and how far it gets.
struct Sample {
    officer: &'static str,
    n: u64,
    request: RequestForm,
    submit: bool,
    /// How many days ago it was handed in: a request past its answer date shows staff
    /// the overdue and follow-up lists at work.
    submitted_days_ago: i64,
    question: Option<&'static str>,
}

fn samples() -> Vec<Sample> {
    const ADDRESS: &str = "بجوار مدرسة القرية الابتدائية";
    vec![
        Sample {
            officer: "officer.sabya",
            n: 1,
            request: sample::Sample::of("1045236781")
                .named(["محمد", "يحيى", "علي", "الفيفي"])
                .born("1978-04-02")
                .mobile("0551234567")
                .home("sabya", "الحسيني", ADDRESS)
                .member(
                    "spouse",
                    "حليمة أحمد الفيفي",
                    "1088123458",
                    "1983-01-15",
                    ("none", "neither"),
                )
                .member(
                    "son",
                    "يحيى محمد الفيفي",
                    "1099345678",
                    "2004-07-09",
                    ("none", "studies"),
                )
                .member(
                    "daughter",
                    "سارة محمد الفيفي",
                    "",
                    "2015-11-30",
                    ("chronic_illness", "studies"),
                )
                .income(IncomeForm {
                    social_security: "1800".into(),
                    citizen_account: "950".into(),
                    ..IncomeForm::default()
                })
                .housing("owned", "popular", "poor", "3")
                .problems("تشققات في الجدران وتسرب مياه الأمطار")
                .support(&["restoration"], "ترميم الجدران والسقف", "urgent")
                .form(),
            submit: true,
            submitted_days_ago: 20,
            question: None,
        },
        Sample {
            officer: "officer.sabya",
            n: 2,
            // A draft taken by phone, left for the officer to finish.
            request: sample::Sample::of("2112233446")
                .channel("phone")
                .named(["مريم", "حسن", "محمد", "عريشي"])
                .born("1969-09-20")
                .person("female", "resident")
                .mobile("0509876543")
                .home("damad", "", ADDRESS)
                .member(
                    "son",
                    "حسن علي عريشي",
                    "1102456785",
                    "2001-02-11",
                    ("disability", "neither"),
                )
                .income(IncomeForm::default())
                .housing("rented", "concrete", "good", "2")
                .rent("12000")
                .support(&["rent_payment"], "", "")
                .form(),
            submit: false,
            submitted_days_ago: 0,
            question: Some("هل تُقبل طلبات سداد الإيجار من المقيمين؟"),
        },
        Sample {
            officer: "officer.abuarish",
            n: 3,
            request: sample::Sample::of("1098765439")
                .channel("branch_representative")
                .named(["عبد الله", "أحمد", "سالم", "الحكمي"])
                .born("1985-12-01")
                .mobile("0561112233")
                .home("abu_arish", "الكرس", ADDRESS)
                .member(
                    "spouse",
                    "نورة علي الحكمي",
                    "1113567893",
                    "1990-05-05",
                    ("none", "works"),
                )
                .member(
                    "son",
                    "أحمد عبد الله الحكمي",
                    "",
                    "2019-03-03",
                    ("none", "young"),
                )
                .income(IncomeForm {
                    salary: "3200".into(),
                    ..IncomeForm::default()
                })
                .housing("family_house", "hut", "uninhabitable", "1")
                .problems("عشة من القش لا تقي من الحر والمطر")
                .support(&["build"], "بناء مسكن من غرفتين على أرض الأسرة", "critical")
                .form(),
            submit: true,
            submitted_days_ago: 3,
            question: None,
        },
    ]
}

/// A small, valid one-page PDF naming the demo document, so the demo's documents open.
fn demo_pdf(title: &str) -> Vec<u8> {
    let stream = format!("BT /F1 18 Tf 40 400 Td (Demo document: {title}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// What hands `request` in as the demo does, acting as the user `by`: each document it
/// needs stored, attached and checked against its original, then signed and submitted.
pub(crate) async fn handing_in(
    db: &Db,
    blobs: &Blobs,
    request: &RequestForm,
    by: i64,
) -> anyhow::Result<Vec<Op>> {
    let mut ops = Vec::new();
    for kind in required_documents(request) {
        let (sha256, progress) = blobs
            .put(&demo_pdf(kind.code()))
            .await
            .map_err(|e| anyhow::anyhow!("storing a demo document: {e}"))?;
        let Progress::Complete { size, media_type } = progress else {
            continue;
        };
        attachments::record(db, &sha256, size, media_type, by).await?;
        let name = format!("{}.pdf", kind.code());
        ops.push(Op::Attach {
            kind,
            attachment: AttachmentRef {
                sha256,
                name,
                media_type,
                size,
            },
        });
        ops.push(Op::Verify {
            kind,
            verified: true,
        });
    }
    ops.push(Op::Sign {
        version: current_text().version,
        signature: demo_signature(),
    });
    ops.push(Op::Transition {
        to: CaseStatus::Submitted,
    });
    Ok(ops)
}

/// A signature-like wave, for the demo's signed requests.
fn demo_signature() -> Signature {
    let stroke = (0..60u16)
        .map(|i| [20 + i * 4, 70 + ((i as f32 / 4.0).sin() * 30.0) as u16])
        .collect();
    Signature {
        width: 300,
        height: 150,
        strokes: vec![stroke],
    }
}

/// Creates the demo outreach points, one user per role, and a few sample cases. Safe to
/// run on every start: users are created once by name and the sample cases are pushed
/// with fixed mutation ids, which the server applies once.
pub async fn demo(db: &Db, blobs: &Blobs, answer_days: u32) -> anyhow::Result<()> {
    // The points are opened as the head office opens them, in its name.
    let admin = users::by_username(db.pool(), ADMIN_USERNAME)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the first head-office account is missing"))?;
    for (point, governorate) in demo_points() {
        let details = PointDetails {
            name_ar: point.name_ar,
            name_en: point.name_en,
            governorate: governorate.code().to_owned(),
            ..PointDetails::default()
        };
        setup::ensure_point(db, admin.id, &point.id, &details)
            .await
            .map_err(|e| anyhow::anyhow!("opening the demo point {}: {e}", point.id))?;
    }
    let hash = hash_password(DEMO_PASSWORD).await?;
    for (username, display_name, role, point) in DEMO_USERS {
        users::create(
            db.pool(),
            &users::NewUser {
                username,
                display_name,
                password_hash: &hash,
                role: *role,
                outreach_point_id: *point,
                must_change_password: false,
            },
        )
        .await?;
    }
    let rules = Context {
        now: Utc::now(),
        answer_days,
    };
    for sample in samples() {
        let Some(user) = users::by_username(db.pool(), sample.officer).await? else {
            continue;
        };
        let Some(me) = user.me() else { continue };
        let device_id = format!("demo-seed-{}", sample.officer);
        let device = devices::number_for(db, &device_id, me.id).await?;
        let n = sample.n;
        let base_ms = 1_764_000_000_000 + n * 3_600_000;
        let case_id = CaseId::new_v7(base_ms, [n as u8; 10]);
        let reference = Reference::new(device, n as u32)
            .ok_or_else(|| anyhow::anyhow!("device number out of range"))?;
        let mut ops = vec![Op::Create {
            reference,
            request: sample.request.clone(),
        }];
        if sample.submit {
            ops.extend(handing_in(db, blobs, &sample.request, me.id).await?);
        }
        if let Some(question) = sample.question {
            ops.push(Op::Refer {
                referral_id: ReferralId::new_v7(base_ms, [n as u8 + 50; 10]),
                question: question.into(),
            });
        }
        // Taken and handed in on the same day, so the timeline and the answer date agree.
        let rules = Context {
            now: rules.now - chrono::Duration::days(sample.submitted_days_ago),
            ..rules
        };
        let created_at = rules.now;
        let batch: Vec<Mutation> = ops
            .into_iter()
            .enumerate()
            .map(|(i, op)| Mutation {
                mutation_id: MutationId::new_v7(base_ms + i as u64, [n as u8 + 100; 10]),
                case_id,
                base_revision: i as u64,
                created_at,
                op,
            })
            .collect();
        let results =
            push::push(db, &me.actor(), &device_id, batch, &rules, Messages::Skip).await?;
        if let Some(refused) = results
            .results
            .iter()
            .find(|r| !matches!(r.outcome, Outcome::Applied { .. }))
        {
            anyhow::bail!("a demo request was refused: {refused:?}");
        }
    }
    Ok(())
}
