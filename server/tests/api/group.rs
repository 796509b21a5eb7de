//! Group commit: writes that arrive together share a transaction, and each still gets its
//! own answer; one that fails or is refused takes none of the others down with it.

use server::db::query;
use std::sync::Arc;

use crate::common::{national_id, request, TestServer};
use shared::sync::Outcome;

#[tokio::test]
async fn a_failing_write_is_rolled_back_alone_and_the_rest_of_its_group_kept() {
    let s = TestServer::start().await;
    let mut w = s.db.write().await.expect("write");
    query("CREATE TABLE probe (n BIGINT NOT NULL)")
        .execute(&mut w.tx)
        .await
        .expect("probe table");
    // Holding the writers' turn, so the writes below queue up and go in groups.
    let writes: Vec<_> = (0..40i64)
        .map(|n| {
            let db = s.db.clone();
            tokio::spawn(async move {
                db.grouped(move |tx| {
                    Box::pin(async move {
                        // A read first, as a push reads what it changes before writing.
                        let before: i64 =
                            query("SELECT COUNT(*) FROM probe").scalar(&mut *tx).await?;
                        query("INSERT INTO probe (n) VALUES (?)")
                            .bind(n)
                            .execute(&mut *tx)
                            .await?;
                        anyhow::ensure!(n % 10 != 7, "write {n} fails after writing");
                        Ok((n, before))
                    })
                })
                .await
            })
        })
        .collect();
    w.commit().await.expect("commit");

    for (n, write) in writes.into_iter().enumerate() {
        let answer = write.await.expect("task");
        if n % 10 == 7 {
            assert!(answer.is_err(), "write {n} is told it failed");
        } else {
            let kept_before = (0..n).filter(|m| m % 10 != 7).count() as i64;
            assert_eq!(
                answer.expect("kept"),
                (n as i64, kept_before),
                "write {n} gets its own answer, and saw only what was kept before it"
            );
        }
    }
    let kept: Vec<i64> = query("SELECT n FROM probe ORDER BY n")
        .scalars(s.db.pool())
        .await
        .expect("rows");
    let expected: Vec<i64> = (0..40).filter(|n| n % 10 != 7).collect();
    assert_eq!(
        kept, expected,
        "what failed wrote nothing, the rest is there"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_that_reads_first_waits_for_writes_outside_the_writers_turn() {
    let s = TestServer::start().await;
    for table in ["probe", "beside"] {
        query(format!("CREATE TABLE {table} (n BIGINT NOT NULL)"))
            .execute(s.db.pool())
            .await
            .expect("table");
    }
    // Statements that write on their own, as a session being saved does, all along.
    let db = s.db.clone();
    let beside = tokio::spawn(async move {
        for n in 0..300i64 {
            query("INSERT INTO beside (n) VALUES (?)")
                .bind(n)
                .execute(db.pool())
                .await
                .expect("a write outside the turn");
        }
    });
    let writes: Vec<_> = (0..60i64)
        .map(|n| {
            let db = s.db.clone();
            tokio::spawn(async move {
                db.grouped(move |tx| {
                    Box::pin(async move {
                        let _: i64 = query("SELECT COUNT(*) FROM probe").scalar(&mut *tx).await?;
                        query("INSERT INTO probe (n) VALUES (?)")
                            .bind(n)
                            .execute(&mut *tx)
                            .await?;
                        Ok(())
                    })
                })
                .await
            })
        })
        .collect();
    for (n, write) in writes.into_iter().enumerate() {
        write
            .await
            .expect("task")
            .unwrap_or_else(|e| panic!("write {n} was refused: {e}"));
    }
    beside.await.expect("writes beside");
}

#[tokio::test]
async fn concurrent_pushes_each_get_their_own_outcome() {
    let s = TestServer::start().await;
    let officer = Arc::new(s.signed_in("officer.sabya").await);
    let before = officer.pull_all().await.len();
    // Every third push reuses the reference of the push before it: it is refused, and
    // only it.
    let mut batches = Vec::new();
    for n in 0..30u32 {
        let mut m = officer.create(request(&national_id(500 + n)));
        if n % 3 == 2 {
            let shared::life::mutation::Op::Create { reference, .. } = &mut m.op else {
                unreachable!("a create")
            };
            *reference = shared::Reference::new(officer.device, officer_count(&officer) - 1)
                .expect("reference");
        }
        batches.push(m);
    }
    // The pushes that take a reference go first, so the refused ones find it taken.
    let (first, second): (Vec<_>, Vec<_>) = batches
        .into_iter()
        .enumerate()
        .partition(|(n, _)| n % 3 != 2);
    for round in [first, second] {
        let pushes: Vec<_> = round
            .into_iter()
            .map(|(n, m)| {
                let officer = officer.clone();
                tokio::spawn(async move { (n, m.case_id, officer.push_one(m).await) })
            })
            .collect();
        for push in pushes {
            let (n, _, outcome) = push.await.expect("task");
            if n % 3 == 2 {
                assert!(
                    matches!(outcome, Outcome::Rejected { .. }),
                    "push {n}: a taken reference is refused, got {outcome:?}"
                );
            } else {
                assert_eq!(outcome, Outcome::Applied { revision: 1 }, "push {n}");
            }
        }
    }
    assert_eq!(officer.pull_all().await.len() - before, 20);
}

/// How many references the officer's device has handed out.
fn officer_count(officer: &crate::common::ApiClient) -> u32 {
    officer.made.load(std::sync::atomic::Ordering::Relaxed)
}
