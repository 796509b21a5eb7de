//! Needs and suggestions over HTTP: given by applicants, taken by officers on someone's
//! behalf with the channel, seen by the applicant, their point's officers and the head
//! office only, answered and closed by the head office alone, the answer pulled back.

use crate::common;

use crate::common::{fresh, TestServer};
use reqwest::StatusCode;
use serde_json::json;
use shared::records::feedback::{Feedback, FeedbackInput, FeedbackState};
use shared::records::{Batch, New, Page, Results};
use shared::MutationId;

fn item(kind: &str, channel: &str, person: &str, text: &str) -> New<Feedback> {
    New::<Feedback> {
        id: fresh(MutationId::new_v7),
        at: common::now(),
        input: FeedbackInput {
            kind: kind.into(),
            channel: channel.into(),
            person: person.into(),
            contact: String::new(),
            text: text.into(),
        },
    }
}

async fn send(c: &common::ApiClient, items: Vec<New<Feedback>>) -> reqwest::Response {
    c.post("/api/feedback", &Batch::<Feedback> { items }).await
}

async fn pull(c: &common::ApiClient, cursor: u64) -> Page<Feedback> {
    let r = c.get(&format!("/api/feedback?cursor={cursor}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("page")
}

#[tokio::test]
async fn a_need_reaches_the_head_office_and_its_answer_reaches_the_applicant() {
    let s = TestServer::start().await;
    let applicant = s.signed_in("applicant").await;
    let need = item("need", "", "", "خزان ماء للسطح");
    // Sent twice, as a device whose reply was lost: kept once.
    for _ in 0..2 {
        let r: Results = send(&applicant, vec![need.clone()])
            .await
            .json()
            .await
            .expect("results");
        assert_eq!(r.results, vec![None]);
    }
    let mine = pull(&applicant, 0).await;
    assert_eq!(mine.items.len(), 1);
    assert_eq!(
        mine.items[0].input.channel, "website",
        "an applicant's own comes through the app"
    );
    assert_eq!(mine.items[0].state(), FeedbackState::Open);

    // Their point's officer sees it; another point's does not; neither may answer.
    let point = s.signed_in("officer.sabya").await;
    let other = s.signed_in("officer.abuarish").await;
    let seen = |p: &Page<Feedback>| p.items.iter().any(|f| f.id == need.id);
    assert!(seen(&pull(&point, 0).await));
    assert!(!seen(&pull(&other, 0).await));
    let answer = json!({"text": "سيزورك الباحث الأسبوع القادم", "close": false});
    let path = format!("/api/feedback/{}/answer", need.id);
    for who in [&point, &other, &applicant] {
        assert_eq!(
            who.post(&path, &answer).await.status(),
            StatusCode::FORBIDDEN
        );
    }

    // The head office answers; the applicant's next pull brings the answer.
    let head = s.signed_in("head").await;
    assert!(seen(&pull(&head, 0).await));
    let r = head.post(&path, &answer).await;
    assert_eq!(r.status(), StatusCode::OK);
    let answered: Feedback = r.json().await.expect("answered");
    assert_eq!(answered.state(), FeedbackState::Answered);
    let news = pull(&applicant, mine.cursor).await;
    assert_eq!(news.items.len(), 1);
    let reply = news.items[0].answer.as_ref().expect("the answer");
    assert_eq!(reply.text, "سيزورك الباحث الأسبوع القادم");
    assert_eq!(reply.by.name, "سلمان النعمي");

    // Closed, nothing more is said on it.
    let close = json!({"text": "تم تركيب الخزان", "close": true});
    let closed: Feedback = head.post(&path, &close).await.json().await.expect("closed");
    assert_eq!(closed.state(), FeedbackState::Closed);
    let again = head.post(&path, &close).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        common::field_codes(&again.json().await.expect("body")),
        vec![("answer_text".into(), "already_closed".into())]
    );
    let empty = head
        .post(&path, &json!({"text": " ", "close": false}))
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let missing = head
        .post(
            &format!("/api/feedback/{}/answer", fresh(MutationId::new_v7)),
            &answer,
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        pull(&applicant, news.cursor).await.items[0].state(),
        FeedbackState::Closed
    );
}

#[tokio::test]
async fn staff_take_them_on_someones_behalf_with_the_channel() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let taken = item("suggestion", "phone", "أم محمد", "مواعيد مسائية للمراجعين");
    let bad = item("wish", "", "", "");
    let r: Results = send(&officer, vec![taken.clone(), bad])
        .await
        .json()
        .await
        .expect("results");
    assert_eq!(r.results[0], None);
    let refused: Vec<_> = r.results[1].iter().flatten().map(|e| e.field).collect();
    use shared::validation::Field;
    assert_eq!(
        refused,
        vec![
            Field::FeedbackKind,
            Field::Channel,
            Field::Person,
            Field::FeedbackText
        ]
    );
    let head = s.signed_in("head").await;
    let all = pull(&head, 0).await;
    let kept = all.items.iter().find(|f| f.id == taken.id).expect("kept");
    assert_eq!(kept.input.channel, "phone");
    assert_eq!(kept.input.person, "أم محمد");
    assert_eq!(kept.applicant, None, "nobody's account to answer to");
    assert_eq!(
        kept.outreach_point.as_ref().map(|p| p.id.as_str()),
        Some("sabya")
    );
    // Another applicant does not see it; researchers and the committee deal with none.
    assert!(pull(&s.signed_in("applicant").await, 0)
        .await
        .items
        .is_empty());
    for who in ["researcher", "committee"] {
        let c = s.signed_in(who).await;
        assert_eq!(
            send(&c, vec![item("need", "phone", "أم محمد", "x")])
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
        assert!(pull(&c, 0).await.items.is_empty(), "{who}");
    }
}
