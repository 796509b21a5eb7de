//! An applicant downloads everything held about them: their own requests (filed by them or
//! taken for them at a point), documents, decisions and messages — nothing of another
//! person's, nothing of the staff's working notes — and only they may.

use chrono::Utc;
use reqwest::StatusCode;
use shared::dates::saudi_date;
use shared::life::mutation::Op;
use shared::life::workflow::Verdict;
use shared::my_data::MyData;

use crate::common::gateway::Gateway;
use crate::common::{change, national_id};
use crate::identity::opened;
use crate::notifications::server_with;
use crate::office::{applied, at_committee, decision, form, submitted};

#[tokio::test]
async fn an_applicant_downloads_their_own_data_and_nothing_of_the_staffs_notes() {
    let gateway = Gateway::start().await;
    let server = server_with(&gateway, |_| {}).await;
    let mine = national_id(9_101);
    let phone = opened(&server, &gateway, &mine, "0551112233").await;
    let sabya = server.signed_in("officer.sabya").await;
    // A request taken for them at Sabya (with the mobile their account proved, which makes
    // it theirs), studied, discussed and decided.
    let mut theirs = form(
        &mine,
        ("خديجة", "المالكي"),
        "in_person",
        "sabya",
        &["restoration"],
    );
    theirs.applicant.mobile = "0551112233".into();
    let id = submitted(&sabya, theirs).await;
    let note = |summary: &str| Op::LogContact {
        contact: shared::life::workflow::ContactInput {
            channel: "phone".into(),
            outcome: "reached".into(),
            summary: summary.into(),
        },
    };
    assert!(applied(
        &sabya
            .push_one(change(id, note("ملاحظة داخلية عن الجيران")))
            .await
    ));
    at_committee(&server, &sabya, id).await;
    let committee = server.signed_in("committee").await;
    assert!(applied(
        &committee
            .push_one(decision(id, "reject", 5, saudi_date(Utc::now())))
            .await
    ));
    // Someone else's request at the same point.
    submitted(
        &sabya,
        form(
            &national_id(9_102),
            ("منيرة", "الزهراني"),
            "phone",
            "sabya",
            &["restoration"],
        ),
    )
    .await;

    let r = phone.get("/api/me/data").await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.expect("json");
    let data: MyData = serde_json::from_str(&text).expect("their data");
    assert_eq!(data.account.national_id, mine);
    assert_eq!(data.account.mobile.as_deref(), Some("0551112233"));
    assert_eq!(data.requests.len(), 1, "{:?}", data.requests);
    let request = &data.requests[0];
    assert_eq!(request.request.applicant.first_name, "خديجة");
    assert!(!request.documents.is_empty(), "the documents they gave");
    assert!(request.documents.iter().all(|d| !d.files.is_empty()));
    assert_eq!(request.decisions[0].verdict, Verdict::Reject);
    assert!(
        !request.decisions[0].reasons.is_empty(),
        "the reasons from the list"
    );
    assert!(!request.timeline.is_empty());
    // The staff's notes stay inside: the contact's summary, the visit's findings, the
    // committee's own words; and nothing of the other applicant.
    for inside in [
        "ملاحظة داخلية عن الجيران",
        "تشققات في الجدران",
        "قرار الاختبار",
        "منيرة",
        &national_id(9_102),
    ] {
        assert!(!text.contains(inside), "{inside} leaked into the download");
    }

    // The same as a file to keep.
    let r = phone.get("/api/me/data?download=true").await;
    assert_eq!(r.status(), StatusCode::OK);
    let disposition = r.headers()[reqwest::header::CONTENT_DISPOSITION]
        .to_str()
        .expect("header")
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"my-data-"),
        "{disposition}"
    );
    let file: MyData = r.json().await.expect("a file of the same data");
    assert_eq!(file.requests.len(), 1);

    // Staff have no such download, and no one unsigned.
    for who in ["officer.sabya", "head"] {
        let c = server.signed_in(who).await;
        assert_eq!(
            c.get("/api/me/data").await.status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    assert_eq!(
        server.client().get("/api/me/data").await.status(),
        StatusCode::UNAUTHORIZED
    );
}
