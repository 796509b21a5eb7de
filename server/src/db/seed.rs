//! What a new database starts with: the first head-office account, and the demo data.

use chrono::{DateTime, Utc};
use shared::case::{CaseInput, OutreachPoint};
use shared::sync::{Mutation, Op};
use shared::{CaseId, CaseStatus, Governorate, MutationId, Role};

use super::{cases, users, Db};
use crate::auth::hash_password;

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

/// Creates the demo outreach points, one user per role, and a few sample cases. Safe to
/// run on every start: users are created once by name and the sample cases are pushed
/// with fixed mutation ids, which the server applies once.
pub async fn demo(db: &Db) -> anyhow::Result<()> {
    for (point, governorate) in demo_points() {
        users::create_outreach_point(db.pool(), &point, governorate).await?;
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
            },
        )
        .await?;
    }
    let samples = [
        (
            "officer.sabya",
            1,
            "محمد",
            "يحيى",
            "علي",
            "الفيفي",
            "1045236781",
            "0551234567",
            "sabya",
            "in_person",
            "restoration",
            true,
        ),
        (
            "officer.sabya",
            2,
            "مريم",
            "حسن",
            "محمد",
            "عريشي",
            "2112233446",
            "0509876543",
            "damad",
            "phone",
            "rent_payment",
            false,
        ),
        (
            "officer.abuarish",
            3,
            "عبد الله",
            "أحمد",
            "سالم",
            "الحكمي",
            "1098765439",
            "0561112233",
            "abu_arish",
            "branch_representative",
            "build",
            true,
        ),
    ];
    let now = Utc::now();
    for (
        officer,
        n,
        first,
        father,
        grandfather,
        family,
        id,
        mobile,
        gov,
        channel,
        support,
        submit,
    ) in samples
    {
        let Some(user) = users::by_username(db.pool(), officer).await? else {
            continue;
        };
        let Some(me) = user.me() else { continue };
        let case_id = CaseId::new_v7(1_764_000_000_000 + n, [n as u8; 10]);
        let created_at: DateTime<Utc> =
            DateTime::from_timestamp_millis(1_764_000_000_000 + n as i64 * 3_600_000)
                .unwrap_or(now);
        let mut batch = vec![Mutation {
            mutation_id: MutationId::new_v7(1_764_000_000_000 + n, [n as u8 + 100; 10]),
            case_id,
            base_revision: 0,
            created_at,
            op: Op::Create {
                input: CaseInput {
                    first_name: first.into(),
                    father_name: father.into(),
                    grandfather_name: grandfather.into(),
                    family_name: family.into(),
                    national_id: id.into(),
                    mobile: mobile.into(),
                    governorate: gov.into(),
                    channel: channel.into(),
                    support_type: support.into(),
                    notes: String::new(),
                },
            },
        }];
        if submit {
            batch.push(Mutation {
                mutation_id: MutationId::new_v7(1_764_000_000_000 + n, [n as u8 + 200; 10]),
                case_id,
                base_revision: 1,
                created_at,
                op: Op::Transition {
                    to: CaseStatus::Submitted,
                },
            });
        }
        cases::push(db, &me.actor(), "demo-seed", &batch, now).await?;
    }
    Ok(())
}
