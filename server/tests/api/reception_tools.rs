//! Inquiries logged at the reception, and the reference tools, over HTTP: who may log,
//! read and replace what.

use crate::common::{fresh, TestServer};
use crate::office::get_json;
use reqwest::StatusCode;
use serde_json::json;
use shared::library::LibraryDocument;
use shared::records::inquiry::Inquiry;
use shared::records::{Page, Results};
use shared::MutationId;

fn inquiry(person: &str, summary: &str) -> serde_json::Value {
    json!({"id": fresh(MutationId::new_v7).to_string(), "at": "2026-11-25T08:00:00Z",
        "input": {"channel": "phone", "person": person, "contact": "٠٥٥ ١٢٣ ٤٥٦٧", "summary": summary}})
}

#[tokio::test]
async fn inquiries_are_kept_once_and_seen_by_their_outreach_point_only() {
    let s = TestServer::start().await;
    let sabya = s.signed_in("officer.sabya").await;
    let first = inquiry("أم علي", "سألت عن موعد زيارة الباحث");
    let batch = json!({"inquiries": [first.clone(), first, inquiry("", "")]});
    let r = sabya.post("/api/inquiries", &batch).await;
    assert_eq!(r.status(), StatusCode::OK);
    let results: Results = r.json().await.expect("results");
    assert_eq!(results.results[0], None);
    assert_eq!(
        results.results[1], None,
        "the same inquiry again is harmless"
    );
    assert!(
        results.results[2].as_ref().is_some_and(|e| e.len() == 2),
        "{results:?}"
    );

    let page: Page<Inquiry> = get_json(&sabya, "/api/inquiries?cursor=0").await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].input.contact, "0551234567", "normalised");
    assert_eq!(page.items[0].outreach_point.id, "sabya");
    let after: Page<Inquiry> =
        get_json(&sabya, &format!("/api/inquiries?cursor={}", page.cursor)).await;
    assert!(after.items.is_empty());

    let other: Page<Inquiry> = s
        .signed_in("officer.abuarish")
        .await
        .get("/api/inquiries")
        .await
        .json()
        .await
        .expect("page");
    assert!(other.items.is_empty(), "another point's reception");
    let head: Page<Inquiry> = s
        .signed_in("head")
        .await
        .get("/api/inquiries")
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(head.items.len(), 1);
    for role in ["applicant", "researcher", "committee"] {
        let c = s.signed_in(role).await;
        let r = c
            .post("/api/inquiries", &json!({"inquiries": [inquiry("س", "ص")]}))
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{role}");
        let page: Page<Inquiry> = c.get("/api/inquiries").await.json().await.expect("page");
        assert!(page.items.is_empty(), "{role}");
    }
}

#[tokio::test]
async fn the_head_office_replaces_reference_documents_and_everyone_reads_them() {
    let s = TestServer::start().await;
    let head = s.signed_in("head").await;
    let text = "اللائحة الأساسية للجمعية\nالمادة الأولى: ...\n".as_bytes();
    let file = head.upload(text, "bylaws.txt").await;
    let r = head
        .put_json("/api/tools/bylaws", &json!({"attachment": file}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    let officer = s.signed_in("officer.abuarish").await;
    let docs: Vec<LibraryDocument> = officer.get("/api/tools").await.json().await.expect("list");
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0].attachment.media_type,
        shared::documents::MediaType::Text
    );
    let r = officer
        .get(&format!("/api/attachments/{}", file.sha256))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "a reference document is everyone's to read"
    );
    assert_eq!(r.bytes().await.expect("bytes").as_ref(), text);

    // Only the head office replaces them, and only with a PDF or text.
    let r = officer
        .put_json("/api/tools/bylaws", &json!({"attachment": file}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let photo = head
        .upload(&[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], "photo.jpg")
        .await;
    let r = head
        .put_json("/api/tools/research_guide", &json!({"attachment": photo}))
        .await;
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = head
        .put_json("/api/tools/recipes", &json!({"attachment": file}))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        s.client().get("/api/tools").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Nor with a file it did not send itself, such as an officer's document known by its hash.
    let officers = officer
        .upload(b"%PDF-1.4 an applicant's document", "id.pdf")
        .await;
    let r = head
        .put_json(
            "/api/tools/support_policy",
            &json!({"attachment": officers}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
