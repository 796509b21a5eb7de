//! The server alone applying a push: 10,000 requests of about 2 KB made by an officer,
//! then one change to each applied in one call of the push, in-process, with no HTTP and
//! no device. This is the floor the sync benchmark's push over the wire is compared with.
//! Prints a `BENCH` line; `BRS_BENCH_CASES` changes the count, `BRS_BENCH_DATABASE_URL`
//! measures on an empty PostgreSQL database instead.

mod support;

use std::time::Instant;

use chrono::Utc;
use server::db::{devices, users};
use server::sample::Sample;
use server::service::push::{self, Messages};
use shared::life::merge::FieldChange;
use shared::life::mutation::{Context, Mutation, Op};
use shared::sync::Outcome;
use shared::{CaseId, MutationId, Reference};

/// Now, in milliseconds since 1970, for the ids devices make.
fn now_ms() -> u64 {
    u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0)
}

/// One new request of about 2 KB, as the sync benchmark makes them.
fn create(n: u32, device: u32) -> anyhow::Result<Mutation> {
    let mut request = Sample::of(&format!("1{n:09}")).form();
    request.applicant.address = "شرق المسجد الجامع، الشارع الثاني، المنزل الثالث على اليمين".into();
    request.support.description =
        "ترميم سقف المنزل وإصلاح دورة المياه وتمديدات الكهرباء القديمة. ".repeat(7);
    Ok(Mutation {
        mutation_id: MutationId::new_v7(now_ms(), rand::random()),
        case_id: CaseId::new_v7(now_ms(), rand::random()),
        base_revision: 0,
        created_at: Utc::now(),
        op: Op::Create {
            reference: Reference::new(device, n + 1)
                .ok_or_else(|| anyhow::anyhow!("reference out of range"))?,
            request,
        },
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cases: u32 = support::size("BRS_BENCH_CASES", 10_000);
    let dir = tempfile::tempdir()?;
    let (db, engine) = support::database(dir.path()).await?;
    server::seed::first_admin(&db, Some("bench-admin-password")).await?;
    let blobs = server::blobs::Blobs::open(dir.path()).await?;
    server::seed::demo(&db, &blobs, 14).await?;
    let me = users::by_username(db.pool(), "officer.sabya")
        .await?
        .and_then(|u| u.me())
        .ok_or_else(|| anyhow::anyhow!("no officer"))?;
    let actor = me.actor();
    let device_id = "bench-tablet";
    let device = devices::number_for(&db, device_id, me.id).await?;
    let rules = Context {
        now: Utc::now(),
        answer_days: 14,
    };

    // The requests, pushed as a device pushes them: 500 to a push.
    let mut made = Vec::with_capacity(cases as usize);
    for start in (0..cases).step_by(500) {
        let batch = (start..cases.min(start + 500))
            .map(|n| create(n, device))
            .collect::<anyhow::Result<Vec<_>>>()?;
        made.extend(batch.iter().map(|m| m.case_id));
        let pushed = push::push(&db, &actor, device_id, batch, &rules, Messages::Send).await?;
        anyhow::ensure!(pushed
            .results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Applied { .. })));
    }

    // One change to each, all in one push.
    let changes: Vec<Mutation> = made
        .iter()
        .map(|&case_id| Mutation {
            mutation_id: MutationId::new_v7(now_ms(), rand::random()),
            case_id,
            base_revision: 1,
            created_at: Utc::now(),
            op: Op::Change {
                changes: vec![FieldChange {
                    path: "applicant.address".into(),
                    from: "شرق المسجد الجامع، الشارع الثاني، المنزل الثالث على اليمين".into(),
                    to: "غرب السوق".into(),
                }],
            },
        })
        .collect();
    let start = Instant::now();
    let pushed = push::push(&db, &actor, device_id, changes, &rules, Messages::Send).await?;
    let took = start.elapsed().as_secs_f64();
    anyhow::ensure!(
        pushed
            .results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Applied { .. })),
        "a change was refused"
    );
    eprintln!("{cases} changes applied in one push on {engine}: {took:.2} s");
    println!(
        "BENCH (b) the server alone applying {cases} changes in one batch, {engine} | {took:.2} s | {:.0} µs a change | floor of the push",
        took * 1e6 / f64::from(cases)
    );
    db.close().await;
    Ok(())
}
