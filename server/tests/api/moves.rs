//! Moving a request to another outreach point: who may, the old point's devices dropping
//! it and the new point's receiving it, the applicant told, the move in the history.

use reqwest::StatusCode;
use shared::audit::HistoryEntry;
use shared::case::OutreachPoint;
use shared::life::mutation::{Op, Rejection};
use shared::messages::Notice;
use shared::sync::Outcome;
use shared::validation::{ErrorCode, Field};
use shared::CaseId;

use crate::common::gateway::Gateway;
use crate::common::{change, national_id, ApiClient};
use crate::notifications::{case_when, server_with};
use crate::office::{applied, form, submitted};

fn move_to(id: CaseId, point: &str, reason: &str) -> shared::life::mutation::Mutation {
    change(
        id,
        Op::Move {
            // What a device says of the point is not trusted: the server names it.
            to: OutreachPoint {
                id: point.into(),
                name_ar: "اسم من الجهاز".into(),
                name_en: "a name from the device".into(),
            },
            reason: reason.into(),
        },
    )
}

/// A call logged on the case, `summary` its words.
fn called(id: CaseId, summary: &str) -> shared::life::mutation::Mutation {
    change(
        id,
        Op::LogContact {
            contact: shared::life::workflow::ContactInput {
                channel: "phone".into(),
                outcome: "reached".into(),
                summary: summary.into(),
            },
        },
    )
}

fn refused_with(outcome: &Outcome, field: Field, code: ErrorCode) -> bool {
    matches!(outcome, Outcome::Rejected { rejection: Rejection::Validation { errors } }
        if errors.iter().any(|e| e.field == field && e.code == code))
}

/// The cursor a device of `c` stands at after pulling everything.
async fn cursor(c: &ApiClient) -> u64 {
    let mut cursor = 0;
    loop {
        let page = c.pull(cursor, 1000).await;
        cursor = page.cursor;
        if !page.has_more {
            return cursor;
        }
    }
}

#[tokio::test]
async fn a_request_moved_to_another_point_leaves_the_old_points_devices_and_reaches_the_new() {
    let gateway = Gateway::start().await;
    let server = server_with(&gateway, |_| {}).await;
    let sabya = server.signed_in("officer.sabya").await;
    let abu_arish = server.signed_in("officer.abuarish").await;
    let head = server.signed_in("head").await;
    let id = submitted(
        &sabya,
        form(
            &national_id(4_401),
            ("هند", "الحازمي"),
            "phone",
            "sabya",
            &["restoration"],
        ),
    )
    .await;
    // The message that it was handed in.
    gateway.wait_for(1).await;
    let sabya_at = cursor(&sabya).await;
    let abu_at = cursor(&abu_arish).await;
    assert!(!abu_arish.pull_all().await.iter().any(|c| c.id == id));

    // Not the other point's officer, nor to the same point, nor without a reason, nor to
    // a point that does not exist.
    let r = abu_arish.push_one(move_to(id, "abu_arish", "لنا")).await;
    assert!(
        matches!(
            r,
            Outcome::Rejected {
                rejection: Rejection::NotFound
            }
        ),
        "{r:?}"
    );
    let r = sabya.push_one(move_to(id, "sabya", "هنا")).await;
    assert!(
        refused_with(&r, Field::OutreachPoint, ErrorCode::SamePoint),
        "{r:?}"
    );
    let r = sabya.push_one(move_to(id, "abu_arish", " ")).await;
    assert!(
        refused_with(&r, Field::Reason, ErrorCode::Required),
        "{r:?}"
    );
    let r = sabya.push_one(move_to(id, "riyadh", "?")).await;
    assert!(
        refused_with(&r, Field::OutreachPoint, ErrorCode::UnknownChoice),
        "{r:?}"
    );

    // Sabya's officer moves it: the family moved to Abu Arish.
    let r = sabya
        .push_one(move_to(id, "abu_arish", "انتقلت الأسرة إلى أبو عريش"))
        .await;
    assert!(applied(&r), "{r:?}");

    // Sabya's devices drop it at their next pull; Abu Arish's receive it, named as the
    // server names the point.
    let page = sabya.pull(sabya_at, 1000).await;
    assert!(page.removed.contains(&id), "{page:?}");
    assert!(!page.changes.iter().any(|c| c.id == id));
    let page = abu_arish.pull(abu_at, 1000).await;
    let case = page.changes.iter().find(|c| c.id == id).expect("received");
    assert_eq!(case.outreach_point.id, "abu_arish");
    assert_eq!(case.outreach_point.name_ar, "نقطة أبو عريش");
    let m = case.moves.last().expect("the move kept");
    assert_eq!(
        (m.from.id.as_str(), m.to.id.as_str()),
        ("sabya", "abu_arish")
    );
    assert_eq!(m.reason, "انتقلت الأسرة إلى أبو عريش");
    assert_eq!(m.by.name, "أحمد العطاس");

    // A change Sabya's tablet made before hearing of it is settled, not lost silently.
    let late = sabya.push_one(called(id, "اتصال قبل النقل")).await;
    assert!(
        matches!(
            late,
            Outcome::Rejected {
                rejection: Rejection::NotFound
            }
        ),
        "{late:?}"
    );
    // Abu Arish's officer follows it now, and may move it again.
    let r = abu_arish.push_one(called(id, "رحّبنا بالأسرة")).await;
    assert!(applied(&r), "{r:?}");

    // The applicant is told where their request is followed now.
    let case = case_when(&head, id, |c| {
        c.messages.iter().any(|m| m.notice == Notice::Moved)
    })
    .await;
    let told = gateway.wait_for(2).await;
    let body = told.last().expect("a message").get("body").to_owned();
    assert!(body.contains("نقطة أبو عريش"), "{body}");
    assert!(body.contains(&case.reference.to_string()), "{body}");

    // The move is in the history, with who made it.
    let r = head.get(&format!("/api/cases/{id}/history")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let history: Vec<HistoryEntry> = r.json().await.expect("history");
    let entry = history
        .iter()
        .find(|h| {
            matches!(&h.op, Op::Move { to, .. } if to.id == "abu_arish")
                && matches!(h.outcome, Outcome::Applied { .. })
        })
        .expect("the move in the history");
    assert_eq!(entry.user.name, "أحمد العطاس");
    // The head office's list finds it at its new point.
    let r = head.get("/api/office/cases?point=abu_arish").await;
    let body = r.text().await.expect("list");
    assert!(body.contains(&id.to_string()), "listed at Abu Arish");
    let r = head.get("/api/office/cases?point=sabya").await;
    assert!(!r.text().await.expect("list").contains(&id.to_string()));
}
