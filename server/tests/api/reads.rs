//! Reads are audited: the head office's list and search, a case's history, exports and the
//! committee's papers each leave who, when and what; the head office sees, per request,
//! who read it, and no one else does.

use reqwest::StatusCode;
use shared::audit::{CaseRead, ReadAction};
use shared::CaseId;

use crate::common::{national_id, ApiClient, TestServer};
use crate::office::{at_committee, form, submitted};

async fn reads(head: &ApiClient, id: CaseId) -> Vec<CaseRead> {
    let r = head.get(&format!("/api/cases/{id}/reads")).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("reads")
}

#[tokio::test]
async fn each_read_of_personal_data_is_kept_and_shown_per_request_to_the_head_office() {
    let server = TestServer::start().await;
    let sabya = server.signed_in("officer.sabya").await;
    let head = server.signed_in("head").await;
    let committee = server.signed_in("committee").await;
    let id = submitted(
        &sabya,
        form(
            &national_id(8_801),
            ("وفاء", "الشهري"),
            "phone",
            "sabya",
            &["restoration"],
        ),
    )
    .await;
    let other = submitted(
        &sabya,
        form(
            &national_id(8_802),
            ("سارة", "القحطاني"),
            "phone",
            "sabya",
            &["restoration"],
        ),
    )
    .await;
    assert!(reads(&head, id).await.is_empty(), "nobody has read it yet");

    // The head office searches by name: the page is kept with its filter.
    let r = head
        .get("/api/office/cases?q=%D8%A7%D9%84%D8%B4%D9%87%D8%B1%D9%8A")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // The officer opens its history; the head office exports the list.
    let r = sabya.get(&format!("/api/cases/{id}/history")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = head.get("/api/office/export/list.csv?point=sabya").await;
    assert_eq!(r.status(), StatusCode::OK);
    let exported = r.text().await.expect("csv").lines().count() - 1;
    // The committee reads its agenda once the request is on it.
    at_committee(&server, &sabya, id).await;
    let r = committee.get("/api/committee/agenda").await;
    assert_eq!(r.status(), StatusCode::OK);

    let seen = reads(&head, id).await;
    let actions: Vec<ReadAction> = seen.iter().map(|r| r.action).collect();
    assert_eq!(
        actions,
        [
            ReadAction::Agenda,
            ReadAction::Export,
            ReadAction::History,
            ReadAction::List
        ],
        "the latest first: {seen:?}"
    );
    let list = &seen[3];
    assert_eq!(list.by.name, "سلمان النعمي");
    assert!(
        list.detail.contains("q="),
        "the filter kept: {}",
        list.detail
    );
    assert_eq!(list.rows, 1);
    let history = &seen[2];
    assert_eq!(history.by.name, "أحمد العطاس");
    assert_eq!(history.role, Some(shared::Role::Officer));
    let export = &seen[1];
    assert!(export.detail.starts_with("list.csv"), "{}", export.detail);
    assert!(export.detail.contains("point=sabya"), "{}", export.detail);
    assert_eq!(export.rows as usize, exported);
    assert_eq!(seen[0].by.name, "نورة الشهري");
    // The other request was exported, not searched for nor opened.
    let theirs: Vec<ReadAction> = reads(&head, other).await.iter().map(|r| r.action).collect();
    assert_eq!(theirs, [ReadAction::Export]);

    // Who read a request is the head office's to see, no one else's.
    for c in [&sabya, &committee] {
        assert_eq!(
            c.get(&format!("/api/cases/{id}/reads")).await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let applicant = server.signed_in("applicant").await;
    assert_eq!(
        applicant
            .get(&format!("/api/cases/{id}/reads"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        server
            .client()
            .get(&format!("/api/cases/{id}/reads"))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}
