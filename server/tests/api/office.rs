//! The head office's consolidated views over HTTP: counts on a known set of requests, the
//! list's search in any spelling of a name and its filters against the shared rule,
//! duplicates across outreach points, exports Excel opens, and who may reach them.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::json;
use shared::case::UserRef;
use shared::dates::{hijri, saudi_date};
use shared::filters::CaseFilter;
use shared::life::mutation::{Mutation, Op};
use shared::life::workflow::{DecisionInput, VisitInput};
use shared::reports::office::{CasePage, CaseQuery, Dashboard, DuplicateHit, DuplicatePair, Month};
use shared::request::household::MemberForm;
use shared::sync::Outcome;
use shared::{CaseId, CaseStatus, RequestForm};

use crate::common::{change, national_id, request, submit, ApiClient, TestServer};

pub(crate) fn applied(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Applied { .. } | Outcome::Merged { .. })
}

/// A request for `id` by `name` (first and family), through `channel`, from `governorate`,
/// asking for `support`.
pub(crate) fn form(
    id: &str,
    name: (&str, &str),
    channel: &str,
    governorate: &str,
    support: &[&str],
) -> RequestForm {
    let mut f = request(id);
    f.applicant.first_name = name.0.into();
    f.applicant.family_name = name.1.into();
    f.channel = channel.into();
    f.applicant.governorate = governorate.into();
    f.support.types = support.iter().map(|s| (*s).to_owned()).collect();
    // The template's spouse would be on every request: each spouse here is their own.
    f.household[0].national_id =
        national_id(500_000 + id[1..9].parse::<u32>().unwrap_or(0) % 400_000);
    f
}

/// Takes, completes, verifies and submits `form` as `officer`.
pub(crate) async fn submitted(officer: &ApiClient, form: RequestForm) -> CaseId {
    let create = officer.create(form.clone());
    let id = create.case_id;
    let mut batch = vec![create];
    batch.extend(officer.complete(id, &form, true).await);
    batch.push(submit(id));
    let results = officer.push(batch).await.results;
    assert!(results.iter().all(|r| applied(&r.outcome)), "{results:?}");
    id
}

/// Takes the case to the committee: a researcher assigned, the visit reported.
pub(crate) async fn at_committee(s: &TestServer, officer: &ApiClient, id: CaseId) {
    let researcher = s.signed_in("researcher").await;
    let me = researcher.me().await;
    let steps = [
        (
            officer,
            Op::AssignResearcher {
                researcher: UserRef {
                    id: me.id,
                    name: me.display_name.clone(),
                },
            },
        ),
        (
            &researcher,
            Op::ReportVisit {
                visit: VisitInput {
                    visited_on: saudi_date(Utc::now()).to_string(),
                    findings: "تشققات في الجدران".into(),
                    recommendation: "support".into(),
                    ..VisitInput::default()
                },
            },
        ),
        (
            &researcher,
            Op::Transition {
                to: CaseStatus::AtCommittee,
            },
        ),
    ];
    for (who, op) in steps {
        assert!(applied(&who.push_one(change(id, op)).await));
    }
}

/// The committee's decision of `verdict` on the case, in meeting `number` held on `held_on`.
pub(crate) fn decision(id: CaseId, verdict: &str, number: u32, held_on: NaiveDate) -> Mutation {
    change(
        id,
        Op::Decide {
            decision: DecisionInput {
                verdict: verdict.into(),
                reasons: if verdict == "reject" {
                    vec!["income_above_limit".into()]
                } else {
                    vec![]
                },
                note: "قرار الاختبار".into(),
                meeting_number: number.to_string(),
                meeting_date: held_on.to_string(),
            },
        },
    )
}

/// Takes the case to the committee and has it decided `days` after handing in.
pub(crate) async fn decided(
    s: &TestServer,
    officer: &ApiClient,
    id: CaseId,
    verdict: &str,
    days: i64,
) {
    at_committee(s, officer, id).await;
    let committee = s.signed_in("committee").await;
    let mut decide = decision(id, verdict, 7, saudi_date(Utc::now()));
    // The committee's tablet dates the decision: as if it met `days` after the request.
    decide.created_at = Utc::now() + Duration::days(days);
    let outcome = committee.push_one(decide).await;
    assert!(applied(&outcome), "{outcome:?}");
}

/// The counts the index keeps of each ID and of each name and birth date, against a count
/// of the rows they stand for: a write that leaves a part of the index alone must leave
/// its count right too.
pub(crate) async fn counts_agree_with_their_rows(s: &TestServer) {
    let lines = |sql: &'static str| async move {
        let mut rows: Vec<String> = server::db::query(sql)
            .scalars(s.db.pool())
            .await
            .expect("rows");
        rows.sort();
        rows
    };
    assert_eq!(
        lines("SELECT national_id || ':' || CAST(cases AS TEXT) FROM people_counts").await,
        lines(
            "SELECT national_id || ':' || CAST(COUNT(DISTINCT case_id) AS TEXT) \
             FROM case_people GROUP BY national_id"
        )
        .await,
        "each ID's count of open requests"
    );
    assert_eq!(
        lines(
            "SELECT name_key || ':' || CAST(born AS TEXT) || ':' || CAST(cases AS TEXT) \
             FROM name_counts"
        )
        .await,
        lines(
            "SELECT name_key || ':' || CAST(born AS TEXT) || ':' \
               || CAST(COUNT(DISTINCT case_id) AS TEXT) FROM case_names GROUP BY name_key, born"
        )
        .await,
        "each name and birth date's count of open requests"
    );
}

pub(crate) async fn get_json<T: serde::de::DeserializeOwned>(c: &ApiClient, path: &str) -> T {
    let r = c.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.json().await.expect("json")
}

fn query(q: &CaseQuery) -> String {
    serde_urlencoded::to_string(q).expect("query")
}

fn n_of(counts: &[shared::reports::office::Count], key: &str) -> u64 {
    counts.iter().find(|c| c.key == key).map_or(0, |c| c.n)
}

#[tokio::test]
async fn the_dashboard_counts_a_known_set_of_requests() {
    let s = TestServer::start().await;
    let sabya = s.signed_in("officer.sabya").await;
    let abu_arish = s.signed_in("officer.abuarish").await;
    let head = s.signed_in("head").await;
    // Five requests of one family name no demo request has, so the counts are known.
    let family = "المعدّادي";
    let a = submitted(
        &sabya,
        form(
            &national_id(7001),
            ("سالم", family),
            "in_person",
            "sabya",
            &["restoration"],
        ),
    )
    .await;
    let b = submitted(
        &sabya,
        form(
            &national_id(7002),
            ("هادي", family),
            "phone",
            "sabya",
            &["restoration", "furnishing"],
        ),
    )
    .await;
    let c = submitted(
        &sabya,
        form(
            &national_id(7003),
            ("مريم", family),
            "phone",
            "ad_darb",
            &["furnishing"],
        ),
    )
    .await;
    submitted(
        &abu_arish,
        form(
            &national_id(7004),
            ("جابر", family),
            "website",
            "abu_arish",
            &["rent_payment"],
        ),
    )
    .await;
    submitted(
        &abu_arish,
        form(
            &national_id(7005),
            ("زينب", family),
            "in_person",
            "abu_arish",
            &["restoration"],
        ),
    )
    .await;
    // A draft is nobody's count.
    let draft = sabya.create(form(
        &national_id(7006),
        ("نجلاء", family),
        "phone",
        "sabya",
        &["build"],
    ));
    assert!(applied(&sabya.push_one(draft).await));
    decided(&s, &sabya, a, "accept", 3).await;
    decided(&s, &sabya, b, "reject", 20).await;

    let q = CaseQuery {
        q: family.into(),
        ..Default::default()
    };
    let d: Dashboard = get_json(&head, &format!("/api/office/dashboard?{}", query(&q))).await;
    assert_eq!(d.total, 5);
    assert_eq!(n_of(&d.by_status, "submitted"), 3);
    assert_eq!(n_of(&d.by_status, "accepted"), 1);
    assert_eq!(n_of(&d.by_status, "rejected"), 1);
    assert_eq!(d.by_status.iter().map(|c| c.n).sum::<u64>(), 5);
    assert!(d.by_status.iter().all(|c| c.key != "draft"));
    assert_eq!(
        d.by_channel.len(),
        8,
        "every channel of the policy, zeros too"
    );
    assert_eq!(n_of(&d.by_channel, "in_person"), 2);
    assert_eq!(n_of(&d.by_channel, "phone"), 2);
    assert_eq!(n_of(&d.by_channel, "website"), 1);
    assert_eq!(n_of(&d.by_channel, "letter"), 0);
    assert_eq!(n_of(&d.by_governorate, "sabya"), 2);
    assert_eq!(n_of(&d.by_governorate, "ad_darb"), 1);
    assert_eq!(n_of(&d.by_governorate, "abu_arish"), 2);
    assert_eq!(n_of(&d.by_point, "sabya"), 3);
    assert_eq!(n_of(&d.by_point, "abu_arish"), 2);
    assert_eq!(n_of(&d.by_support, "restoration"), 3);
    assert_eq!(n_of(&d.by_support, "furnishing"), 2);
    assert_eq!(n_of(&d.by_support, "rent_payment"), 1);
    assert_eq!(n_of(&d.by_support, "build"), 0);
    let this_month = Month::of(
        saudi_date(Utc::now()),
        shared::reports::office::Calendar::Gregorian,
    );
    assert_eq!(d.by_month.len(), 12);
    assert_eq!(
        d.by_month.last().map(|m| (m.key.clone(), m.n)),
        Some((this_month.to_string(), 5))
    );
    assert_eq!(d.decision_times.decided, 2);
    assert_eq!(d.decision_times.median_days, Some(3));
    assert_eq!(d.decision_times.p90_days, Some(20));
    assert_eq!(d.decision_times.within_expected, 1);
    assert_eq!(d.decision_times.expected_days, 14);
    assert_eq!(d.overdue, 0);

    // In Hijri months, the same five in this Umm al-Qura month.
    let h: Dashboard = get_json(
        &head,
        &format!("/api/office/dashboard?calendar=hijri&{}", query(&q)),
    )
    .await;
    let hijri_month = Month::of(
        saudi_date(Utc::now()),
        shared::reports::office::Calendar::Hijri,
    );
    assert_eq!(
        h.by_month.last().map(|m| (m.key.clone(), m.n)),
        Some((hijri_month.to_string(), 5))
    );
    assert!(h.by_month.last().is_some_and(|m| m.name_ar.ends_with("هـ")));

    // Every bar is the count of the list it links to.
    for (key, n) in [("phone", 2), ("in_person", 2)] {
        let list: CasePage = get_json(
            &head,
            &format!("/api/office/cases?{}&channel={key}", query(&q)),
        )
        .await;
        assert_eq!(list.total, n);
    }
    let month = CaseQuery {
        month: Some(hijri_month),
        ..q.clone()
    };
    let list: CasePage = get_json(&head, &format!("/api/office/cases?{}", query(&month))).await;
    assert_eq!(list.total, 5);

    // Every request's dashboard comes from the counts kept as requests change; each
    // point's is read from its requests. They agree, before and after a request moves.
    counts_agree_with_each_point(&head).await;
    let moved = change(
        c,
        Op::Move {
            to: shared::case::OutreachPoint {
                id: "abu_arish".into(),
                name_ar: String::new(),
                name_en: String::new(),
            },
            reason: "أقرب إلى سكن الأسرة".into(),
        },
    );
    assert!(applied(&sabya.push_one(moved).await));
    counts_agree_with_each_point(&head).await;
}

/// The whole dashboard (kept counts) is the sum of each point's (counted from its
/// requests), bar by bar, in both calendars.
async fn counts_agree_with_each_point(head: &ApiClient) {
    for calendar in ["gregorian", "hijri"] {
        let whole: Dashboard =
            get_json(head, &format!("/api/office/dashboard?calendar={calendar}")).await;
        let mut summed = Dashboard::default();
        for point in &whole.by_point {
            let d: Dashboard = get_json(
                head,
                &format!(
                    "/api/office/dashboard?calendar={calendar}&point={}",
                    point.key
                ),
            )
            .await;
            summed.total += d.total;
            summed.overdue += d.overdue;
            summed.decision_times.decided += d.decision_times.decided;
            summed.decision_times.within_expected += d.decision_times.within_expected;
            for (sum, bars) in [
                (&mut summed.by_status, &d.by_status),
                (&mut summed.by_channel, &d.by_channel),
                (&mut summed.by_governorate, &d.by_governorate),
                (&mut summed.by_point, &d.by_point),
                (&mut summed.by_support, &d.by_support),
                (&mut summed.by_month, &d.by_month),
            ] {
                if sum.is_empty() {
                    sum.clone_from(bars);
                } else {
                    for (s, b) in sum.iter_mut().zip(bars) {
                        s.n += b.n;
                    }
                }
            }
        }
        assert!(
            whole.total > 5,
            "{calendar}: the demo's requests and this test's"
        );
        assert_eq!(whole.total, summed.total, "{calendar}");
        assert_eq!(whole.overdue, summed.overdue, "{calendar}");
        assert_eq!(whole.decision_times.decided, summed.decision_times.decided);
        assert_eq!(
            whole.decision_times.within_expected,
            summed.decision_times.within_expected
        );
        assert_eq!(whole.by_status, summed.by_status, "{calendar}");
        assert_eq!(whole.by_channel, summed.by_channel, "{calendar}");
        assert_eq!(whole.by_governorate, summed.by_governorate, "{calendar}");
        assert_eq!(whole.by_point, summed.by_point, "{calendar}");
        assert_eq!(whole.by_support, summed.by_support, "{calendar}");
        assert_eq!(whole.by_month, summed.by_month, "{calendar}");
    }
}

#[tokio::test]
async fn names_are_found_in_any_of_their_spellings_and_by_id_mobile_and_reference() {
    let s = TestServer::start().await;
    let sabya = s.signed_in("officer.sabya").await;
    let head = s.signed_in("head").await;
    let mut f = form(
        &national_id(7101),
        ("إبراهيم", "الزهرانيّة"),
        "phone",
        "sabya",
        &["restoration"],
    );
    f.applicant.father_name = "عبد الله".into();
    f.applicant.mobile = "0559871234".into();
    let create = sabya.create(f.clone());
    let reference = match &create.op {
        Op::Create { reference, .. } => reference.to_string(),
        _ => unreachable!("a create"),
    };
    let id = create.case_id;
    let mut batch = vec![create];
    batch.extend(sabya.complete(id, &f, true).await);
    batch.push(submit(id));
    assert!(sabya
        .push(batch)
        .await
        .results
        .iter()
        .all(|r| applied(&r.outcome)));

    let found = |typed: String| {
        let head = &head;
        async move {
            let q = CaseQuery {
                q: typed,
                ..Default::default()
            };
            let page: CasePage = get_json(head, &format!("/api/office/cases?{}", query(&q))).await;
            page.rows.iter().any(|r| r.id == id)
        }
    };
    let id_number = national_id(7101);
    let spellings = [
        "ابراهيم",
        "أبراهيم",
        "إبْرَاهِيم",
        "الزهرانية",
        "الزهرانيه",
        "عبدالله",
        "ابراهيم عبد الله",
        &id_number,
        &id_number[..6],
        "٠٥٥٩٨٧١٢٣٤",
        "+966 55 987 1234",
        &reference,
        &reference.replace('-', ""),
    ];
    for typed in spellings {
        assert!(found(typed.to_owned()).await, "«{typed}» finds the request");
    }
    for typed in ["محمد", "ابراهيمي", "0559870000"] {
        assert!(!found(typed.to_owned()).await, "«{typed}» does not");
    }
}

#[tokio::test]
async fn the_servers_filters_agree_with_the_shared_rule_and_pages_add_up() {
    let s = TestServer::start().await;
    let head = s.signed_in("head").await;
    let sabya = s.signed_in("officer.sabya").await;
    submitted(
        &sabya,
        form(
            &national_id(7201),
            ("حسن", "الفيفي"),
            "letter",
            "fayfa",
            &["build"],
        ),
    )
    .await;
    let today = saudi_date(Utc::now());
    let all: Vec<shared::Case> = head
        .pull_all()
        .await
        .into_iter()
        .filter(|c| c.status != CaseStatus::Draft && !c.discarded)
        .collect();
    assert!(
        all.iter().any(|c| c.overdue(today)),
        "the demo has a late request"
    );
    let filters = [
        CaseFilter::default(),
        CaseFilter {
            status: Some(CaseStatus::Submitted),
            ..Default::default()
        },
        CaseFilter {
            channel: Some(shared::Channel::Letter),
            ..Default::default()
        },
        CaseFilter {
            governorate: Some(shared::Governorate::Sabya),
            ..Default::default()
        },
        CaseFilter {
            outreach_point: Some("abu_arish".into()),
            ..Default::default()
        },
        CaseFilter {
            support: Some(shared::SupportType::Furnishing),
            ..Default::default()
        },
        CaseFilter {
            overdue: true,
            ..Default::default()
        },
        CaseFilter {
            overdue: true,
            outreach_point: Some("sabya".into()),
            ..Default::default()
        },
    ];
    for f in filters {
        let mut expected: Vec<CaseId> = all
            .iter()
            .filter(|c| f.matches(c, today))
            .map(|c| c.id)
            .collect();
        expected.sort();
        let q = CaseQuery {
            status: f.status,
            channel: f.channel,
            governorate: f.governorate,
            point: f.outreach_point.clone(),
            support: f.support,
            overdue: f.overdue,
            per_page: Some(2),
            ..Default::default()
        };
        // Walked two at a time, the pages hold each matching request once.
        let mut got = Vec::new();
        let mut page = 1;
        loop {
            let p: CasePage = get_json(
                &head,
                &format!("/api/office/cases?{}", query(&q.on_page(page))),
            )
            .await;
            assert_eq!(p.total as usize, expected.len(), "{f:?}");
            if p.rows.is_empty() {
                break;
            }
            assert!(p
                .rows
                .iter()
                .all(|r| r.overdue == all.iter().any(|c| c.id == r.id && c.overdue(today))));
            got.extend(p.rows.iter().map(|r| r.id));
            page += 1;
        }
        got.sort();
        assert_eq!(got, expected, "{f:?}");
    }
    // Sorted by name, the list is in the folded names' order.
    let q = CaseQuery {
        sort: Some(shared::reports::office::Sort::Name),
        per_page: Some(200),
        ..Default::default()
    };
    let p: CasePage = get_json(&head, &format!("/api/office/cases?{}", query(&q))).await;
    let keys: Vec<String> = p
        .rows
        .iter()
        .map(|r| shared::search::name_key(&r.name))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // A filter the server does not know is refused, not ignored.
    assert_eq!(
        head.get("/api/office/cases?status=lost").await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn an_id_on_two_open_requests_is_caught_across_points_until_the_head_office_rules() {
    let s = TestServer::start().await;
    let sabya = s.signed_in("officer.sabya").await;
    let abu_arish = s.signed_in("officer.abuarish").await;
    let head = s.signed_in("head").await;
    let shared_id = national_id(7301);
    // The applicant at Sabya is a household member on a request at Abu Arish.
    let first = submitted(
        &sabya,
        form(
            &shared_id,
            ("عمر", "العريشي"),
            "phone",
            "sabya",
            &["restoration"],
        ),
    )
    .await;
    let mut other = form(
        &national_id(7302),
        ("ليلى", "العريشي"),
        "in_person",
        "abu_arish",
        &["restoration"],
    );
    other.household.push(MemberForm {
        key: "m09".into(),
        relation: "son".into(),
        name: "عمر العريشي".into(),
        national_id: shared_id.clone(),
        birth_date: "1990-01-01".into(),
        health: "none".into(),
        occupation: "works".into(),
    });
    let second = submitted(&abu_arish, other).await;
    counts_agree_with_their_rows(&s).await;
    // A step that keeps the request open leaves its people as they were.
    at_committee(&s, &abu_arish, second).await;
    counts_agree_with_their_rows(&s).await;

    let pairs: Vec<DuplicatePair> = get_json(&head, "/api/office/duplicates").await;
    let pair = pairs
        .iter()
        .find(|p| p.national_id == shared_id)
        .expect("the pair is listed");
    assert_eq!(
        (pair.first.id, pair.second.id),
        (first, second),
        "the earlier request first"
    );
    assert!(!pair.first.as_member && pair.second.as_member);
    assert_eq!(pair.second.point_ar, "نقطة أبو عريش");
    assert!(pair.review.is_none());
    let flagged = CaseQuery {
        duplicates: true,
        q: "العريشي".into(),
        ..Default::default()
    };
    let list: CasePage = get_json(&head, &format!("/api/office/cases?{}", query(&flagged))).await;
    assert_eq!(list.total, 2);
    assert!(list.rows.iter().all(|r| r.duplicate));

    // At intake, the Sabya officer typing the ID hears of the other point's request.
    let r = sabya
        .post(
            "/api/duplicates/check",
            &json!({ "case_id": first, "national_ids": [shared_id, "123"] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let hits: Vec<DuplicateHit> = r.json().await.expect("hits");
    assert_eq!(
        hits.len(),
        1,
        "its own request and a malformed ID aside: {hits:?}"
    );
    assert!(hits[0].as_member);
    assert_eq!(hits[0].point_ar, "نقطة أبو عريش");
    assert_eq!(
        hits[0].case_id, None,
        "another point's request is not Sabya's to open"
    );
    // The head office, who may open it, is given the way to it.
    let hits: Vec<DuplicateHit> = head
        .post(
            "/api/duplicates/check",
            &json!({ "case_id": first, "national_ids": [shared_id] }),
        )
        .await
        .json()
        .await
        .expect("hits");
    assert_eq!(hits[0].case_id, Some(second));

    // A finding needs its reason; a pair that does not exist is not found.
    let r = head
        .post("/api/office/duplicates", &json!({ "first": first, "second": second, "national_id": shared_id, "verdict": "not_duplicate" }))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = r.json().await.expect("errors");
    assert_eq!(
        crate::common::field_codes(&body),
        vec![("duplicate_reason".to_owned(), "required".to_owned())]
    );
    let r = head
        .post("/api/office/duplicates", &json!({ "first": first, "second": second, "national_id": national_id(7399), "verdict": "linked", "reason": "x" }))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = head
        .post("/api/office/duplicates", &json!({ "first": second, "second": first, "national_id": shared_id, "verdict": "not_duplicate", "reason": "الابن انتقل إلى أسرة والدته" }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let list: CasePage = get_json(&head, &format!("/api/office/cases?{}", query(&flagged))).await;
    assert_eq!(list.total, 0, "ruled on, the flag is lifted");
    let pending: Vec<DuplicatePair> = get_json(&head, "/api/office/duplicates").await;
    assert!(pending.iter().all(|p| p.national_id != shared_id));
    let all: Vec<DuplicatePair> = get_json(&head, "/api/office/duplicates?reviewed=true").await;
    let ruled = all
        .iter()
        .find(|p| p.national_id == shared_id)
        .and_then(|p| p.review.clone())
        .expect("kept");
    assert_eq!(ruled.by.name, "سلمان النعمي");

    // A withdrawn request no longer counts.
    let third_id = national_id(7303);
    let third = submitted(
        &abu_arish,
        form(
            &third_id,
            ("سعد", "العريشي"),
            "phone",
            "abu_arish",
            &["build"],
        ),
    )
    .await;
    let fourth = submitted(
        &sabya,
        form(&third_id, ("سعد", "العريشي"), "phone", "sabya", &["build"]),
    )
    .await;
    let hits: Vec<DuplicateHit> = sabya
        .post(
            "/api/duplicates/check",
            &json!({ "case_id": fourth, "national_ids": [third_id] }),
        )
        .await
        .json()
        .await
        .expect("hits");
    assert_eq!(hits.len(), 1);
    assert!(applied(
        &abu_arish
            .push_one(change(
                third,
                Op::Transition {
                    to: CaseStatus::Withdrawn
                }
            ))
            .await
    ));
    let hits: Vec<DuplicateHit> = sabya
        .post(
            "/api/duplicates/check",
            &json!({ "case_id": fourth, "national_ids": [third_id] }),
        )
        .await
        .json()
        .await
        .expect("hits");
    assert!(hits.is_empty());
    counts_agree_with_their_rows(&s).await;
}

fn cell(row: &[Data], i: usize) -> String {
    row.get(i).map(ToString::to_string).unwrap_or_default()
}

#[tokio::test]
async fn one_name_and_birth_date_under_two_ids_is_a_possible_duplicate_across_points() {
    let server = TestServer::start().await;
    let sabya = server.signed_in("officer.sabya").await;
    let abu_arish = server.signed_in("officer.abuarish").await;
    let head = server.signed_in("head").await;
    let person = |id: u32, first: &str, family: &str, born: &str, point: &str| {
        let mut f = form(
            &national_id(id),
            (first, family),
            "in_person",
            point,
            &["restoration"],
        );
        f.applicant.father_name = "أحمد".into();
        f.applicant.grandfather_name = "علي".into();
        f.applicant.birth_date = born.into();
        f
    };
    // One man, written two ways, under two IDs at two points.
    let first = submitted(
        &sabya,
        person(7_501, "عبد الله", "الحكمي", "1975-03-09", "sabya"),
    )
    .await;
    let second = submitted(
        &abu_arish,
        person(7_502, "عبدالله", "الحكمى", "1975-03-09", "abu_arish"),
    )
    .await;
    // The same name born another day is someone else.
    let other = submitted(
        &sabya,
        person(7_503, "عبد الله", "الحكمي", "1980-03-09", "sabya"),
    )
    .await;

    let pairs: Vec<DuplicatePair> = get_json(&head, "/api/office/duplicates").await;
    let by_name: Vec<&DuplicatePair> = pairs.iter().filter(|p| p.same_person.is_some()).collect();
    assert_eq!(by_name.len(), 1, "{pairs:?}");
    let pair = by_name[0];
    assert_eq!((pair.first.id, pair.second.id), (first, second));
    let same = pair.same_person.as_ref().expect("by name");
    assert_eq!(same.born.to_string(), "1975-03-09");
    assert!(same.name.starts_with("عبد"), "{}", same.name);
    assert_eq!(pair.first.applicant_id, national_id(7_501));
    assert_eq!(pair.second.applicant_id, national_id(7_502));
    assert_eq!(pair.second.point_ar, "نقطة أبو عريش");
    assert!(pairs
        .iter()
        .all(|p| p.first.id != other && p.second.id != other));
    // Both are flagged in the list, the one born another day is not.
    let flagged = CaseQuery {
        duplicates: true,
        q: "الحكمي".into(),
        ..Default::default()
    };
    let list: CasePage = get_json(&head, &format!("/api/office/cases?{}", query(&flagged))).await;
    let mut ids: Vec<CaseId> = list.rows.iter().map(|r| r.id).collect();
    ids.sort();
    let mut both = vec![first, second];
    both.sort();
    assert_eq!(ids, both);

    // Ruled on as a pair sharing an ID is: by the key the list gave.
    let key = pair.national_id.clone();
    let r = head
        .post("/api/office/duplicates", &json!({ "first": first, "second": second, "national_id": "name:made-up:1975-03-09", "verdict": "linked", "reason": "x" }))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = head
        .post("/api/office/duplicates", &json!({ "first": first, "second": second, "national_id": key, "verdict": "not_duplicate", "reason": "ابن عم بالاسم نفسه، تحققنا من الهويتين" }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let pending: Vec<DuplicatePair> = get_json(&head, "/api/office/duplicates").await;
    assert!(pending.iter().all(|p| p.same_person.is_none()));
    let list: CasePage = get_json(&head, &format!("/api/office/cases?{}", query(&flagged))).await;
    assert_eq!(list.total, 0, "ruled on, the flag is lifted");
    let all: Vec<DuplicatePair> = get_json(&head, "/api/office/duplicates?reviewed=true").await;
    let ruled = all.iter().find(|p| p.national_id == key).expect("kept");
    assert_eq!(
        ruled.review.as_ref().map(|r| r.verdict),
        Some(shared::reports::office::DuplicateVerdict::NotDuplicate)
    );
    counts_agree_with_their_rows(&server).await;
    // An officer does not reach the list.
    assert_eq!(
        sabya.get("/api/office/duplicates").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_list_and_the_register_export_as_csv_and_xlsx_with_hijri_dates() {
    let s = TestServer::start().await;
    let sabya = s.signed_in("officer.sabya").await;
    let head = s.signed_in("head").await;
    let id = submitted(
        &sabya,
        form(
            &national_id(7401),
            ("نوال", "الجابري"),
            "phone",
            "sabya",
            &["restoration"],
        ),
    )
    .await;
    let q = CaseQuery {
        q: "الجابري".into(),
        ..Default::default()
    };

    let r = head
        .get(&format!("/api/office/export/list.csv?{}", query(&q)))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .contains("requests-"));
    let bytes = r.bytes().await.expect("csv");
    assert!(
        bytes.starts_with("\u{FEFF}".as_bytes()),
        "a byte-order mark for Excel"
    );
    let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
    let mut lines = csv::Reader::from_reader(text.as_bytes());
    let headers = lines.headers().expect("headers").clone();
    assert_eq!(&headers[0], "المرجع");
    assert_eq!(&headers[10], "تاريخ التقديم (هجري)");
    let rows: Vec<csv::StringRecord> = lines.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 1);
    let today = saudi_date(Utc::now());
    let h = hijri(today);
    assert_eq!(&rows[0][1], "نوال محمد علي الجابري");
    assert_eq!(&rows[0][2], national_id(7401));
    assert_eq!(&rows[0][4], "مقدَّم");
    assert_eq!(&rows[0][5], "الاتصالات الهاتفية");
    assert_eq!(&rows[0][9], today.to_string());
    assert_eq!(
        &rows[0][10],
        format!("{:04}-{:02}-{:02}", h.year, h.month, h.day)
    );

    let r = head
        .get(&format!(
            "/api/office/export/list.xlsx?lang=en&{}",
            query(&q)
        ))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.expect("xlsx").to_vec();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook");
    let sheet = book.worksheet_range("Requests").expect("the sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(cell(rows[0], 0), "Reference");
    assert_eq!(cell(rows[1], 1), "نوال محمد علي الجابري");
    assert_eq!(cell(rows[1], 4), "Submitted");
    assert_eq!(cell(rows[1], 7), "Sabya outreach point");
    match &rows[1][9] {
        Data::DateTime(d) => {
            // Excel counts days from 1899-12-30.
            let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("a day");
            assert_eq!(d.as_f64(), (today - epoch).num_days() as f64);
        }
        other => panic!("a date cell, not {other:?}"),
    }
    assert_eq!(
        cell(rows[1], 10),
        format!("{:04}-{:02}-{:02}", h.year, h.month, h.day)
    );

    // Registered and served, the request is in the register with its services' total.
    decided(&s, &sabya, id, "accept", 2).await;
    assert!(applied(&sabya.push_one(change(id, Op::Register)).await));
    for (n, amount) in [(1u8, "1200.50"), (2, "800")] {
        let op = Op::DeliverService {
            service_id: shared::ServiceId::new_v7(1_700_000_000_000, [n; 10]),
            service: shared::life::workflow::ServiceInput {
                kind: "restoration".into(),
                delivered_on: today.to_string(),
                amount: amount.into(),
                supplier: "مؤسسة الإعمار".into(),
                notes: String::new(),
            },
        };
        assert!(applied(&sabya.push_one(change(id, op)).await));
    }
    let r = head.get("/api/office/export/register.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.expect("xlsx").to_vec();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook");
    let sheet = book.worksheet_range("سجل المستفيدين").expect("the sheet");
    let row = sheet
        .rows()
        .find(|r| cell(r, 2) == "نوال محمد علي الجابري")
        .expect("the beneficiary is registered");
    assert!(!cell(row, 0).is_empty(), "a file number");
    assert_eq!(row[7], Data::Float(3.0), "the applicant and two members");
    assert_eq!(row[11], Data::Float(2.0));
    assert_eq!(row[12], Data::Float(2000.5));
    assert_eq!(
        head.get("/api/office/export/other.csv").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        head.get("/api/office/export/list.pdf").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn only_the_head_office_reaches_the_consolidated_views() {
    let s = TestServer::start().await;
    let paths = [
        "/api/office/cases",
        "/api/office/dashboard",
        "/api/office/duplicates",
        "/api/office/export/list.csv",
        "/api/office/export/register.xlsx",
    ];
    let review = json!({ "verdict": "linked", "reason": "x" });
    let check = json!({ "national_ids": [national_id(1)] });
    for role in ["officer.sabya", "researcher", "committee", "applicant"] {
        let c = s.signed_in(role).await;
        for path in paths {
            assert_eq!(
                c.get(path).await.status(),
                StatusCode::FORBIDDEN,
                "{role} {path}"
            );
        }
        assert_eq!(
            c.post("/api/office/duplicates", &review).await.status(),
            StatusCode::FORBIDDEN,
            "{role}"
        );
        let expected = if role == "officer.sabya" {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(
            c.post("/api/duplicates/check", &check).await.status(),
            expected,
            "{role}"
        );
    }
    let nobody = s.client();
    for path in paths {
        assert_eq!(
            nobody.get(path).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    let head = s.signed_in("head").await;
    for path in paths {
        assert_eq!(head.get(path).await.status(), StatusCode::OK, "{path}");
    }
}
