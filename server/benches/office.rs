//! The head office's list and dashboard at 100,000 requests: seeds a database file with
//! that many handed-in requests across five outreach points and two years, then times the
//! searches, filters and counts as the server answers them, and the retention job that
//! anonymises those past their period. Prints `BENCH` lines for the benchmark table.
//! `BRS_BENCH_OFFICE_CASES` changes the count.

mod support;

use std::time::Instant;

use chrono::{Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use server::db::{office, query, users, Db, Json};
use server::demo_history::national_id;
use server::sample::Sample;
use shared::case::{OutreachPoint, UserRef};
use shared::dates::{answer_expected_on, saudi_date};
use shared::life::apply;
use shared::life::mutation::{Context, Mutation, Op};
use shared::life::workflow::{Decision, Meeting, Verdict};
use shared::people::Actor;
use shared::reports::office::{Calendar, CaseQuery, Month, Sort};
use shared::{Case, CaseId, CaseStatus, Governorate, MutationId, Reference, Role, Vocabulary};

const FIRST: [&str; 12] = [
    "محمد",
    "أحمد",
    "فاطمة",
    "عائشة",
    "إبراهيم",
    "علي",
    "مريم",
    "حسن",
    "نورة",
    "يحيى",
    "خديجة",
    "عبد الله",
];
const FAMILY: [&str; 10] = [
    "الحكمي",
    "المدخلي",
    "الفيفي",
    "العطاس",
    "الحازمي",
    "النعمي",
    "الشهري",
    "القحطاني",
    "الزهراني",
    "العريشي",
];
const POINTS: [(&str, &str, Governorate); 5] = [
    ("sabya", "صبيا", Governorate::Sabya),
    ("abu_arish", "أبو عريش", Governorate::AbuArish),
    ("jazan", "جازان", Governorate::Jazan),
    ("samtah", "صامطة", Governorate::Samtah),
    ("baish", "بيش", Governorate::Baish),
];
const STATUSES: [CaseStatus; 9] = [
    CaseStatus::Submitted,
    CaseStatus::Incomplete,
    CaseStatus::UnderResearch,
    CaseStatus::AtCommittee,
    CaseStatus::Accepted,
    CaseStatus::Rejected,
    CaseStatus::Registered,
    CaseStatus::ServiceDelivered,
    CaseStatus::Closed,
];

/// One handed-in request, made as a device makes it and then moved along by hand.
fn a_case(n: u64, rng: &mut StdRng, template: &Case, today: NaiveDate) -> Case {
    let mut c = template.clone();
    c.id = CaseId::new_v7(1_700_000_000_000 + n, rng.gen());
    c.reference =
        Reference::new(1 + (n / 9000) as u32, 1 + (n % 9000) as u32).unwrap_or(c.reference);
    let (point, name_ar, governorate) = POINTS[rng.gen_range(0..POINTS.len())];
    c.outreach_point = OutreachPoint {
        id: point.into(),
        name_ar: name_ar.into(),
        name_en: point.into(),
    };
    // Three names, as most registers hold them, and births spread over sixty years: two
    // requests share a name and a birth date about as often as in a real register.
    let names = [
        FIRST[rng.gen_range(0..FIRST.len())],
        FIRST[rng.gen_range(0..FIRST.len())],
        "",
        FAMILY[rng.gen_range(0..FAMILY.len())],
    ];
    let born = format!(
        "{}-{:02}-{:02}",
        rng.gen_range(1945..2005),
        rng.gen_range(1..=12),
        rng.gen_range(1..=28)
    );
    let mobile = format!("05{:08}", rng.gen_range(0..100_000_000u64));
    let channel = shared::Channel::ALL[rng.gen_range(0..8)].code();
    let support = shared::SupportType::ALL[rng.gen_range(0..5)].code();
    let mut request = Sample::of(&national_id(n * 7 + 11))
        .named(names)
        .born(&born)
        .mobile(&mobile)
        .home(governorate.code(), "القرية", "بجوار المسجد")
        .channel(channel)
        .support(&[support], "", "normal");
    // One request in fifty lists a member who is an applicant elsewhere.
    if n.is_multiple_of(50) {
        let id = national_id((n + 1) * 7 + 11);
        request = request.member("son", "ابن", &id, "2000-01-01", ("none", "works"));
    }
    c.request = request.form();
    let submitted = Utc::now() - Duration::minutes(rng.gen_range(0..(730 * 24 * 60)));
    c.submitted_at = Some(submitted);
    c.answer_expected_on = Some(answer_expected_on(submitted, 14));
    c.status = STATUSES[rng.gen_range(0..STATUSES.len())];
    if !c.status.awaits_decision() {
        let verdict = if c.status == CaseStatus::Rejected {
            Verdict::Reject
        } else {
            Verdict::Accept
        };
        let at = (submitted + Duration::days(rng.gen_range(3..40))).min(Utc::now());
        c.decisions.push(Decision {
            verdict,
            reasons: Vec::new(),
            note: String::new(),
            meeting: Meeting {
                number: 1,
                held_on: saudi_date(at).min(today),
            },
            by: c.created_by.clone(),
            at,
        });
    }
    c.revision = 3;
    c
}

async fn seed(db: &Db, count: u64) -> anyhow::Result<()> {
    for (id, name, g) in POINTS {
        let details = shared::setup::PointDetails {
            name_ar: name.into(),
            name_en: id.into(),
            governorate: g.code().into(),
            ..Default::default()
        };
        server::db::setup::create_point(db.pool(), id, &details).await?;
    }
    users::create(
        db.pool(),
        &users::NewUser {
            username: "bench.officer",
            display_name: "موظف",
            password_hash: "-",
            role: Role::Officer,
            outreach_point_id: Some("sabya"),
            must_change_password: false,
        },
    )
    .await?;
    let officer = Actor {
        user: UserRef {
            id: 1,
            name: "موظف".into(),
        },
        role: Role::Officer,
        outreach_point: Some(OutreachPoint {
            id: "sabya".into(),
            name_ar: "صبيا".into(),
            name_en: "Sabya".into(),
        }),
    };
    let create = Mutation {
        mutation_id: MutationId::new_v7(1_700_000_000_000, [1; 10]),
        case_id: CaseId::new_v7(1_700_000_000_000, [1; 10]),
        base_revision: 0,
        created_at: Utc::now(),
        op: Op::Create {
            reference: Reference::new(1, 1).ok_or_else(|| anyhow::anyhow!("reference"))?,
            request: shared::RequestForm::default(),
        },
    };
    let ctx = Context {
        now: Utc::now(),
        answer_days: 14,
    };
    let template = apply(None, &create, &officer, &ctx).map_err(|e| anyhow::anyhow!("{e}"))?;
    let today = saudi_date(Utc::now());
    let mut rng = StdRng::seed_from_u64(2026);
    let mut n = 0;
    while n < count {
        let mut w = db.write().await?;
        for _ in 0..2000.min(count - n) {
            n += 1;
            let case = a_case(n, &mut rng, &template, today);
            query(
                "INSERT INTO cases (id, reference, outreach_point_id, created_by, status, national_id, \
                   has_referral, submitted_at, answer_expected_on, revision, seq, data, created_at, updated_at) \
                 VALUES (?, ?, ?, 1, ?, ?, FALSE, ?, ?, 3, ?, ?, ?, ?)",
            )
            .bind(case.id.to_string())
            .bind(case.reference.to_string())
            .bind(&case.outreach_point.id)
            .bind(case.status.code())
            .bind(&case.request.applicant.national_id)
            .bind(case.submitted_at)
            .bind(case.answer_expected_on)
            .bind(n as i64)
            .bind(Json(serde_json::to_string(&case)?))
            .bind(case.created_at)
            .bind(case.created_at)
            .execute(&mut w.tx)
            .await?;
            let mut index = server::db::script::Script::default();
            office::Entry::of(&case).write(&mut index, office::Was::New);
            index.run(&mut w.tx).await?;
        }
        w.commit().await?;
    }
    // The next change the server makes (the retention job's) takes the next number.
    query("UPDATE server_state SET seq = ? WHERE id = 1")
        .bind(n as i64)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The median and 95th percentile of `runs` answers, in milliseconds.
async fn time<F, Fut>(runs: usize, mut f: F) -> anyhow::Result<(f64, f64)>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    f().await?;
    let mut ms = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f().await?;
        ms.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    Ok((ms[runs / 2], ms[(runs * 95).div_ceil(100) - 1]))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let count: u64 = support::size("BRS_BENCH_OFFICE_CASES", 100_000);
    let dir = tempfile::tempdir()?;
    let (db, engine) = support::database(dir.path()).await?;
    let start = Instant::now();
    seed(&db, count).await?;
    eprintln!(
        "seeded {count} requests in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    // Statistics for the planner, and on PostgreSQL the visibility map autovacuum would
    // have written by now, which lets counts read the indexes alone.
    let settle = match db.engine() {
        server::db::Engine::Sqlite => "ANALYZE",
        server::db::Engine::Postgres => "VACUUM ANALYZE",
    };
    query(settle).execute(db.pool()).await?;
    let today = saudi_date(Utc::now());
    let this_month = Month::of(today, Calendar::Hijri);
    let queries: Vec<(&str, CaseQuery)> = vec![
        ("the newest page, nothing narrowed", CaseQuery::default()),
        (
            "a name in another spelling (فاطمه الحكمى)",
            CaseQuery {
                q: "فاطمه الحكمى".into(),
                ..Default::default()
            },
        ),
        (
            "a national ID",
            CaseQuery {
                q: national_id(5_000 * 7 + 11),
                ..Default::default()
            },
        ),
        (
            "the start of a mobile",
            CaseQuery {
                q: "0551".into(),
                ..Default::default()
            },
        ),
        (
            "a reference number",
            CaseQuery {
                q: "3-1234".into(),
                ..Default::default()
            },
        ),
        (
            "status and outreach point",
            CaseQuery {
                status: Some(CaseStatus::AtCommittee),
                point: Some("samtah".into()),
                ..Default::default()
            },
        ),
        (
            "overdue, soonest first",
            CaseQuery {
                overdue: true,
                sort: Some(Sort::AnswerDue),
                ..Default::default()
            },
        ),
        (
            "support, governorate and Hijri month",
            CaseQuery {
                support: Some(shared::SupportType::Restoration),
                governorate: Some(Governorate::Jazan),
                month: Some(this_month.previous()),
                ..Default::default()
            },
        ),
        (
            "possible duplicates",
            CaseQuery {
                duplicates: true,
                ..Default::default()
            },
        ),
        (
            "page 200 by name",
            CaseQuery {
                sort: Some(Sort::Name),
                page: Some(200),
                ..Default::default()
            },
        ),
    ];
    let runs = 30;
    for (name, q) in &queries {
        let total = office::list(&db, q, today).await?.total;
        let (p50, p95) = time(runs, || {
            let db = db.clone();
            let q = q.clone();
            async move {
                office::list(&db, &q, today).await?;
                Ok(())
            }
        })
        .await?;
        println!(
            "BENCH list at {count} on {engine}: {name} ({total} found) | p50 {p50:.1} ms, p95 {p95:.1} ms | target ≤ 100 ms | {}",
            if p95 <= 100.0 { "met" } else { "missed" }
        );
    }
    let (p50, p95) = time(10, || {
        let db = db.clone();
        async move {
            office::dashboard(&db, &CaseQuery::default(), today, Calendar::Hijri, 14).await?;
            Ok(())
        }
    })
    .await?;
    println!("BENCH dashboard at {count} on {engine}: every count | p50 {p50:.1} ms, p95 {p95:.1} ms | — | —");

    // The board's report for the year: every request read once and counted.
    let year = shared::reports::board::Period {
        quarter: None,
        ..shared::reports::board::Period::quarter_of(today, Calendar::Hijri)
    };
    let (p50, p95) = time(3, || {
        let db = db.clone();
        async move {
            server::db::board::report(&db, year, Utc::now()).await?;
            Ok(())
        }
    })
    .await?;
    println!("BENCH board's report at {count} on {engine}: a Hijri year, every clause | p50 {p50:.0} ms, p95 {p95:.0} ms | — | —");

    // The retention job, ten years and a day on: every request rejected, withdrawn or
    // closed is due. The dashboard counts the same after it.
    let before = office::dashboard(&db, &CaseQuery::default(), today, Calendar::Hijri, 14).await?;
    let blobs = server::blobs::Blobs::open(dir.path()).await?;
    let later = Utc::now() + Duration::days(3651);
    let start = Instant::now();
    let done = server::service::retention::run(&db, &blobs, Default::default(), later).await?;
    let took = start.elapsed().as_secs_f64();
    let after = office::dashboard(&db, &CaseQuery::default(), today, Calendar::Hijri, 14).await?;
    anyhow::ensure!(
        after.total == before.total,
        "the retention job changed the dashboard's total"
    );
    println!(
        "BENCH retention job at {count} on {engine}: {} requests anonymised | {took:.1} s ({:.2} ms each) | — | counts kept",
        done.cases,
        took * 1000.0 / done.cases.max(1) as f64
    );
    Ok(())
}
