//! The board's report on a seeded set whose answers are known: each clause's figures, each
//! figure's list naming exactly what it counts, the workbook, and the head office alone.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;
use shared::dates::saudi_date;
use shared::life::mutation::Op;
use shared::life::workflow::ServiceInput;
use shared::reports::board::{BoardList, BoardReport, Period, Value};
use shared::reports::office::Calendar;
use shared::{CaseStatus, MutationId, ReferralId};

use crate::common::{change, fresh, national_id, TestServer};
use crate::office::{applied, decided, form, get_json, submitted};

fn count(r: &BoardReport, key: &str) -> Value {
    r.figure(key)
        .unwrap_or_else(|| panic!("no figure {key}"))
        .1
        .value
        .clone()
}

fn list_len(r: &BoardReport, key: &str) -> usize {
    match count(r, key) {
        Value::Count { n } => usize::try_from(n).expect("small"),
        other => panic!("{key} is not a count: {other:?}"),
    }
}

#[tokio::test]
async fn the_board_report_counts_each_clause_and_lists_what_it_counts() {
    let s = TestServer::start().await;
    let sabya = s.signed_in("officer.sabya").await;
    let head = s.signed_in("head").await;
    // The year, in whichever calendar holds both today and the late decision.
    let today = saudi_date(Utc::now());
    let period = [Calendar::Hijri, Calendar::Gregorian]
        .into_iter()
        .map(|c| {
            let q = Period::quarter_of(today, c);
            Period { quarter: None, ..q }
        })
        .find(|p| p.contains(today) && p.contains(today + Duration::days(16)))
        .expect("a year holding both");
    // What the demo requests the server starts with count already.
    let before: BoardReport = get_json(&head, &format!("/api/office/board?period={period}")).await;

    // A: by phone, accepted in 2 days, registered and served 2,500 riyals.
    let a = submitted(
        &sabya,
        form(
            &national_id(7_001),
            ("سلمى", "العتيبي"),
            "phone",
            "sabya",
            &["restoration"],
        ),
    )
    .await;
    decided(&s, &sabya, a, "accept", 2).await;
    assert!(applied(&sabya.push_one(change(a, Op::Register)).await));
    let service = Op::DeliverService {
        service_id: fresh(shared::ServiceId::new_v7),
        service: ServiceInput {
            kind: "restoration".into(),
            delivered_on: saudi_date(Utc::now()).to_string(),
            amount: "2500".into(),
            supplier: "مؤسسة البناء".into(),
            notes: String::new(),
        },
    };
    assert!(applied(&sabya.push_one(change(a, service)).await));
    // B: in person, rejected after 15 days: a day past the promised answer.
    let b = submitted(
        &sabya,
        form(
            &national_id(7_002),
            ("نوال", "القحطاني"),
            "in_person",
            "sabya",
            &["furnishing"],
        ),
    )
    .await;
    decided(&s, &sabya, b, "reject", 15).await;
    // C: by letter, referred to the researcher who answered, then withdrawn.
    let c = submitted(
        &sabya,
        form(
            &national_id(7_003),
            ("هيا", "الدوسري"),
            "letter",
            "sabya",
            &["restoration"],
        ),
    )
    .await;
    let referral_id = fresh(ReferralId::new_v7);
    let refer = Op::Refer {
        referral_id,
        question: "هل يلزم صك الملكية؟".into(),
    };
    assert!(applied(&sabya.push_one(change(c, refer)).await));
    let researcher = s.signed_in("researcher").await;
    let answer = Op::Answer {
        referral_id,
        answer: "نعم أو عقد الإيجار".into(),
    };
    assert!(applied(&researcher.push_one(change(c, answer)).await));
    let withdraw = Op::Transition {
        to: CaseStatus::Withdrawn,
    };
    assert!(applied(&sabya.push_one(change(c, withdraw)).await));
    // An inquiry by phone, and a need answered.
    let inquiry = json!({"inquiries": [{"id": fresh(MutationId::new_v7).to_string(),
        "at": Utc::now(), "input": {"channel": "phone", "person": "أبو فهد",
        "contact": "", "summary": "سأل عن موعد الزيارة"}}]});
    assert_eq!(
        sabya.post("/api/inquiries", &inquiry).await.status(),
        StatusCode::OK
    );
    let applicant = s.signed_in("applicant").await;
    let need_id = fresh(MutationId::new_v7);
    let need = json!({"items": [{"id": need_id.to_string(), "at": Utc::now(),
        "input": {"kind": "need", "channel": "", "person": "", "contact": "", "text": "مظلة للفناء"}}]});
    assert_eq!(
        applicant.post("/api/feedback", &need).await.status(),
        StatusCode::OK
    );
    let r = head
        .post(
            &format!("/api/feedback/{need_id}/answer"),
            &json!({"text": "أُحيل إلى الباحث", "close": false}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    let path = format!("/api/office/board?period={period}");
    for other in [&sabya, &researcher, &applicant] {
        assert_eq!(other.get(&path).await.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(
        head.get("/api/office/board?period=h1448-q9").await.status(),
        StatusCode::BAD_REQUEST
    );
    let report: BoardReport = get_json(&head, &path).await;
    assert_eq!(report.period, period);
    let codes: Vec<&str> = report.clauses.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["CH", "H2", "H3", "H4", "H5", "H6", "H7", "GOAL"]);
    assert!(
        report
            .clauses
            .iter()
            .flat_map(|c| &c.figures)
            .all(|f| f.members.is_empty()),
        "the report carries no one's name"
    );
    // What the seeded set added to each figure.
    let added = |key: &str| match (count(&before, key), count(&report, key)) {
        (Value::Count { n: a }, Value::Count { n: b }) => Value::Count { n: b - a },
        (Value::Share { n: a, of: x }, Value::Share { n: b, of: y }) => Value::Share {
            n: b - a,
            of: y - x,
        },
        (Value::Money { halalas: a, n: x }, Value::Money { halalas: b, n: y }) => Value::Money {
            halalas: b - a,
            n: y - x,
        },
        (_, after) => after,
    };
    let n = |v: u64| Value::Count { n: v };
    assert_eq!(added("ch.requests"), n(3));
    assert_eq!(added("ch.requests.phone"), n(1));
    assert_eq!(added("ch.requests.letter"), n(1));
    assert_eq!(added("ch.requests.social_media"), n(0));
    assert_eq!(added("ch.inquiries.phone"), n(1));
    assert_eq!(added("h2.verified"), Value::Share { n: 3, of: 3 });
    assert_eq!(added("h3.referrals"), n(1));
    assert_eq!(added("h3.answered"), Value::Share { n: 1, of: 1 });
    assert_eq!(added("h4.signed"), Value::Share { n: 3, of: 3 });
    assert_eq!(added("h5.decided"), n(2));
    assert_eq!(added("h5.on_time"), Value::Share { n: 1, of: 2 });
    assert_eq!(
        count(&before, "h5.decided"),
        n(0),
        "no demo request is decided"
    );
    let Value::Time {
        median_hours: Some(median),
        p90_hours: Some(p90),
        n: 2,
    } = count(&report, "h5.time")
    else {
        panic!("two decisions timed: {:?}", count(&report, "h5.time"));
    };
    assert!(
        (47..=48).contains(&median) && (359..=360).contains(&p90),
        "{median} {p90}"
    );
    assert_eq!(added("h6.registered"), n(1));
    assert_eq!(
        added("h7.services"),
        Value::Money {
            halalas: 250_000,
            n: 1
        }
    );
    assert_eq!(added("goal.received"), n(1));
    assert_eq!(added("goal.answered"), Value::Share { n: 1, of: 1 });
    assert_eq!(added("goal.closed"), Value::Share { n: 0, of: 1 });

    // Each figure's list names what it counts, and reading it is kept.
    let list = |figure: &str| {
        let head = &head;
        let url = format!("/api/office/board/list?period={period}&figure={figure}");
        async move { get_json::<BoardList>(head, &url).await.rows }
    };
    let on_time = list("h5.on_time").await;
    assert_eq!(on_time.len(), 1);
    assert!(on_time[0].detail.contains("سلمى"), "{on_time:?}");
    assert_eq!(
        on_time[0].link.as_deref(),
        Some(format!("/cases/{a}").as_str())
    );
    let requests = list("ch.requests").await;
    assert_eq!(requests.len(), 3 + list_len(&before, "ch.requests"));
    let letter = list("ch.requests.letter").await;
    assert!(letter[0].detail.contains("هيا"));
    assert!(list("goal.received")
        .await
        .iter()
        .any(|r| r.detail == "مظلة للفناء"));
    assert!(list("ch.inquiries")
        .await
        .iter()
        .any(|r| r.detail.contains("أبو فهد")));
    let r = head
        .get(&format!(
            "/api/office/board/list?period={period}&figure=nothing"
        ))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let reads: Vec<shared::audit::CaseRead> =
        get_json(&head, &format!("/api/cases/{b}/reads")).await;
    assert!(reads
        .iter()
        .any(|r| r.action == shared::audit::ReadAction::Board));

    // The workbook, right to left, a row per figure.
    let r = head
        .get(&format!("/api/office/board.xlsx?period={period}"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.expect("xlsx");
    assert!(bytes.starts_with(b"PK"), "a zip, as every workbook");
    let r = sabya
        .get(&format!("/api/office/board.xlsx?period={period}"))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
