//! The research committee's papers over HTTP: the agenda holds the requests waiting for it
//! with the research's findings, each meeting's minute holds its own decisions, and only the
//! committee and the head office reach them.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use shared::committee::{Agenda, MeetingSummary, Minute};
use shared::dates::saudi_date;
use shared::life::workflow::{Recommendation, RefusalReason, Verdict};

use crate::common::{national_id, TestServer};
use crate::office::{applied, at_committee, decision, form, get_json, submitted};

#[tokio::test]
async fn the_agenda_and_the_minutes_hold_what_the_committee_studies_and_decides() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let committee = s.signed_in("committee").await;
    let family = "الحازمي";
    let mut ids = Vec::new();
    for (n, first) in [(8101, "أحمد"), (8102, "فاطمة"), (8103, "علي")] {
        let f = form(
            &national_id(n),
            (first, family),
            "in_person",
            "sabya",
            &["restoration"],
        );
        let id = submitted(&officer, f).await;
        at_committee(&s, &officer, id).await;
        ids.push(id);
    }
    // One more only handed in: not yet the committee's.
    let waiting_research = submitted(
        &officer,
        form(
            &national_id(8104),
            ("مها", family),
            "phone",
            "sabya",
            &["furnishing"],
        ),
    )
    .await;

    let agenda: Agenda = get_json(&committee, "/api/committee/agenda").await;
    let ours: Vec<_> = agenda
        .items
        .iter()
        .filter(|i| i.request.name.ends_with(family))
        .collect();
    assert_eq!(ours.len(), 3, "{ours:?}");
    assert!(ours.iter().all(|i| i.request.id != waiting_research));
    assert_eq!(ours[0].request.id, ids[0], "the longest waiting first");
    assert_eq!(ours[0].recommendation, Some(Recommendation::Support));
    assert_eq!(ours[0].findings, "تشققات في الجدران");
    assert_eq!(ours[0].request.point_ar, "نقطة صبيا");
    assert_eq!(ours[0].request.support, vec!["restoration".to_owned()]);
    assert!(ours[0].researcher.is_some());

    // Two meetings: the first accepts one and rejects one, the next returns the third.
    let today = saudi_date(Utc::now());
    let (first, second) = (today - Duration::days(14), today - Duration::days(7));
    for m in [
        decision(ids[0], "accept", 41, first),
        decision(ids[1], "reject", 41, first),
        decision(ids[2], "return_for_info", 42, second),
    ] {
        assert!(applied(&committee.push_one(m).await));
    }
    let agenda: Agenda = get_json(&committee, "/api/committee/agenda").await;
    assert!(
        agenda.items.iter().all(|i| !ids.contains(&i.request.id)),
        "decided requests leave the agenda"
    );

    let meetings: Vec<MeetingSummary> = get_json(&committee, "/api/committee/meetings").await;
    let find = |number: u32, on| {
        meetings
            .iter()
            .find(|m| m.meeting.number == number && m.meeting.held_on == on)
            .cloned()
            .expect("the meeting is listed")
    };
    let m41 = find(41, first);
    assert_eq!((m41.accepted, m41.rejected, m41.returned), (1, 1, 0));
    assert_eq!(find(42, second).returned, 1);
    let at = |m: &MeetingSummary| meetings.iter().position(|x| x == m);
    assert!(at(&find(42, second)) < at(&m41), "the latest meeting first");

    let head = s.signed_in("head").await;
    let minute: Minute = get_json(&head, &format!("/api/committee/meetings/{first}/41")).await;
    assert_eq!(minute.entries.len(), 2);
    assert!(minute
        .entries
        .iter()
        .all(|e| e.request.name.ends_with(family)));
    let rejected = minute
        .entries
        .iter()
        .find(|e| e.verdict == Verdict::Reject)
        .expect("the rejection is in its minute");
    assert_eq!(rejected.request.id, ids[1]);
    assert_eq!(rejected.reasons, vec![RefusalReason::IncomeAboveLimit]);
    assert_eq!(rejected.note, "قرار الاختبار");
    assert_eq!(minute.members.len(), 1);

    // The same number on another day, or a day with no meeting, has no minute.
    for path in [
        format!("/api/committee/meetings/{second}/41"),
        format!("/api/committee/meetings/{today}/9999"),
        "/api/committee/meetings/someday/41".to_owned(),
    ] {
        assert_eq!(
            head.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn only_the_committee_and_the_head_office_reach_its_papers() {
    let s = TestServer::start().await;
    let day = saudi_date(Utc::now());
    let paths = [
        "/api/committee/agenda".to_owned(),
        "/api/committee/meetings".to_owned(),
        format!("/api/committee/meetings/{day}/1"),
    ];
    for role in ["officer.sabya", "researcher", "applicant"] {
        let c = s.signed_in(role).await;
        for path in &paths {
            assert_eq!(
                c.get(path).await.status(),
                StatusCode::FORBIDDEN,
                "{role} {path}"
            );
        }
    }
    for role in ["committee", "head"] {
        let c = s.signed_in(role).await;
        for path in &paths[..2] {
            assert_eq!(c.get(path).await.status(), StatusCode::OK, "{role} {path}");
        }
    }
    let nobody = s.client();
    for path in &paths {
        assert_eq!(
            nobody.get(path).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
}
