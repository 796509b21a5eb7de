//! Two server instances over one database, as behind a proxy that spreads requests: pushes
//! through both at once never let a racing pull skip a change, and sessions and throttles
//! are the same whichever instance answers.
//!
//! Several instances need PostgreSQL (one SQLite file has one server), so these run in the
//! suite's PostgreSQL pass and return at once in its SQLite pass.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use reqwest::StatusCode;
use shared::life::mutation::Op;
use shared::sync::Outcome;
use shared::CaseId;

use crate::common::{change, national_id, request, ApiClient, TestServer, PASSWORD};

/// Pushes `batches` batches of two new requests and an edit of the first, from `device`.
async fn push_steadily(device: ApiClient, first_id: u32, batches: u32) -> HashSet<CaseId> {
    let mut made = HashSet::new();
    for i in 0..batches {
        let n = first_id + 2 * i;
        let a = device.create(request(&national_id(n)));
        let b = device.create(request(&national_id(n + 1)));
        let mut edited = request(&national_id(n));
        edited.applicant.centre = format!("edit {i}");
        let ids = [a.case_id, b.case_id];
        let edit = change(a.case_id, Op::Edit { request: edited });
        let reply = device.push(vec![a, b, edit]).await;
        for r in &reply.results {
            assert!(
                matches!(r.outcome, Outcome::Applied { .. }),
                "{:?}",
                r.outcome
            );
        }
        made.extend(ids);
    }
    made
}

#[tokio::test]
async fn pulls_racing_pushes_through_two_instances_skip_nothing() {
    if crate::common::postgres().is_none() {
        return;
    }
    let a = TestServer::start().await;
    let b = a.beside().await;
    let one = a.signed_in("officer.sabya").await;
    let two = b.signed_in("officer.sabya").await;
    assert_ne!(
        one.device, two.device,
        "devices numbered apart across instances"
    );
    let watcher = a.signed_in("officer.sabya").await;
    let watcher_b = watcher.via(b.url(""));

    let done = Arc::new(AtomicBool::new(false));
    let pushes = [
        tokio::spawn(push_steadily(one, 1000, 40)),
        tokio::spawn(push_steadily(two, 5000, 40)),
    ];
    let watching = {
        let done = done.clone();
        tokio::spawn(async move {
            // Follows the cursor as the app does, alternating instances, until the pushes
            // are over and a last pull finds nothing more.
            let mut seen: HashMap<CaseId, u64> = HashMap::new();
            let mut cursor = 0;
            let mut turn = 0u32;
            loop {
                let over = done.load(Ordering::SeqCst);
                let via = if turn.is_multiple_of(2) {
                    &watcher
                } else {
                    &watcher_b
                };
                turn += 1;
                let page = via.pull(cursor, 50).await;
                for case in page.changes {
                    seen.insert(case.id, case.revision);
                }
                cursor = page.cursor;
                if over && !page.has_more {
                    return (seen, turn);
                }
            }
        })
    };
    let mut made = HashSet::new();
    for p in pushes {
        made.extend(p.await.expect("pushes"));
    }
    done.store(true, Ordering::SeqCst);
    let (seen, pulls) = watching.await.expect("watcher");
    assert!(pulls > 2, "the pulls raced the pushes ({pulls})");

    let fresh = a.signed_in("officer.sabya").await;
    let all: HashMap<CaseId, u64> = fresh
        .pull_all()
        .await
        .into_iter()
        .map(|c| (c.id, c.revision))
        .collect();
    for id in &made {
        assert_eq!(
            seen.get(id),
            all.get(id),
            "the racing puller holds every request as the server does"
        );
        assert!(all.contains_key(id));
    }
    assert_eq!(made.len(), 160);
}

#[tokio::test]
async fn sessions_and_throttles_are_shared_by_the_instances() {
    if crate::common::postgres().is_none() {
        return;
    }
    let a = TestServer::start().await;
    let b = a.beside().await;

    // Signed in through one, known to the other; signed out through it, out on both.
    let through_a = a.signed_in("officer.sabya").await;
    let through_b = through_a.via(b.url(""));
    assert_eq!(through_b.get("/api/me").await.status(), StatusCode::OK);
    assert_eq!(
        through_b
            .post("/api/logout", &serde_json::json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        through_a.get("/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Failures spread over both count as one.
    let guesser_a = a.client();
    let guesser_b = b.client();
    for i in 0..server::limits::SIGN_INS_PER_NAME {
        let via = if i % 2 == 0 { &guesser_a } else { &guesser_b };
        assert_eq!(
            via.login("officer.abuarish", "guess").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    for via in [&guesser_a, &guesser_b] {
        assert_eq!(
            via.login("officer.abuarish", PASSWORD).await.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "the sixth try is refused on either instance"
        );
    }

    // Tries at once through both never get past the limit: each is counted before it is
    // judged.
    let tries = (0..12).map(|i| {
        let via = if i % 2 == 0 { a.client() } else { b.client() };
        tokio::spawn(async move { via.login("head", "guess").await.status() })
    });
    let mut refused_as_wrong = 0;
    for t in tries {
        match t.await.expect("try") {
            StatusCode::UNAUTHORIZED => refused_as_wrong += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert!(
        refused_as_wrong <= server::limits::SIGN_INS_PER_NAME,
        "{refused_as_wrong} passwords were checked"
    );
}
