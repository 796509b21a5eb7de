//! Bringing the existing register in: a sheet previewed and mapped, a dry run that says
//! what each row comes to, refusals with their row numbers, an import that creates each
//! request once, values read as people and Excel keep them, the head office's own export
//! brought back equal, the same from the command line, and no one else let in.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::import::{Column, ImportRun, RowOutcome, SheetPreview};
use shared::setup::Point;
use shared::validation::{ErrorCode, Field};
use shared::CaseStatus;

use server::demo_history::FAMILY;

use crate::common::{national_id, until, ApiClient, TestServer};
use crate::office::get_json;

/// A server as a new association starts it, with two points, and its admin signed in.
async fn association() -> (TestServer, ApiClient) {
    let s = TestServer::start_with(|c| c.demo = false).await;
    let admin = s.client();
    let r = admin.login("admin", "admin-test-password").await;
    assert_eq!(r.status(), StatusCode::OK);
    for (ar, en, governorate) in [
        ("نقطة صامطة", "Samtah", "samtah"),
        ("نقطة صبيا", "Sabya", "sabya"),
    ] {
        let body = json!({"name_ar": ar, "name_en": en, "governorate": governorate});
        let r = admin.post("/api/outreach-points", &body).await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    (s, admin)
}

/// Runs an import of `bytes` named `file` with `query`, and waits for its report.
async fn import(c: &ApiClient, file: &str, bytes: Vec<u8>, query: &str) -> ImportRun {
    let r = c
        .post_bytes(&format!("/api/imports?file={file}&{query}"), bytes)
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED, "{:?}", r.text().await);
    let started: ImportRun = r.json().await.expect("the run");
    assert!(started.finished_at.is_none() || started.done == started.total);
    // 10,000 rows take about 30 s alone on SQLite and a minute on PostgreSQL, from a
    // debug build; `make test` runs the suites on both engines at once.
    until(Duration::from_secs(300), "the import's end", || async {
        let run: ImportRun = get_json(c, &format!("/api/imports/{}", started.id)).await;
        run.finished_at.is_some().then_some(run)
    })
    .await
}

fn refused(run: &ImportRun) -> Vec<(u32, Vec<(Field, ErrorCode)>)> {
    run.rows
        .iter()
        .filter_map(|r| match &r.outcome {
            RowOutcome::Refused { problems } => Some((
                r.row,
                problems.iter().map(|p| (p.field, p.code.clone())).collect(),
            )),
            _ => None,
        })
        .collect()
}

/// The requests the head office lists, by national ID.
async fn listed(c: &ApiClient) -> Vec<Value> {
    let r = c.get("/api/office/cases?per_page=100").await;
    assert_eq!(r.status(), StatusCode::OK);
    let page: Value = r.json().await.expect("the list");
    page["rows"].as_array().cloned().unwrap_or_default()
}

const HEADERS: &str =
    "رقم الهوية,الاسم,الجوال,المحافظة,نقطة الاستقبال,تاريخ التقديم,الحالة,رقم الملف";

/// A register as an association keeps it, one row a person, with three rows wrong: an ID
/// whose check digit is off, a mobile too short, a point that does not exist.
fn register(mended: bool) -> String {
    let mut lines = vec![HEADERS.to_owned()];
    for n in 0..12u32 {
        let id = national_id(5_100 + n);
        // Arabic-Indic digits for some IDs, each form of mobile, both calendars.
        let id = if n % 3 == 0 {
            id.chars()
                .map(|c| char::from_u32(0x0660 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
                .collect()
        } else {
            id
        };
        let mobile = ["0551234567", "966551234568", "+966 55 123 4569"][n as usize % 3];
        let day = if n % 2 == 0 {
            "1446/03/10"
        } else {
            "2024-10-01"
        };
        let (point, status, file) = if n < 4 {
            ("نقطة صامطة", "مسجَّل", format!("م-{n}"))
        } else {
            ("Sabya", "مقدَّم", String::new())
        };
        lines.push(format!(
            "{id},محمد يحيى علي {},{mobile},صامطة,{point},{day},{status},{file}",
            FAMILY[n as usize % FAMILY.len()]
        ));
    }
    let (bad_id, bad_mobile, bad_point) = if mended {
        (national_id(5_200), "0559876543", "نقطة صبيا")
    } else {
        let good = national_id(5_200);
        let last = good
            .chars()
            .last()
            .and_then(|c| c.to_digit(10))
            .unwrap_or(0);
        (
            format!("{}{}", &good[..9], (last + 1) % 10),
            "0559",
            "نقطة الرياض",
        )
    };
    lines.push(format!(
        "{bad_id},هند علي أحمد الحازمي,0551112222,صبيا,Sabya,1446/03/11,مقدَّم,"
    ));
    lines.push(format!(
        "{},نورة محمد علي النعمي,{bad_mobile},صبيا,Sabya,1446/03/11,مقدَّم,",
        national_id(5_201)
    ));
    lines.push(format!(
        "{},خديجة يحيى حسن المدخلي,0551113333,صبيا,{bad_point},1446/03/11,مقدَّم,",
        national_id(5_202)
    ));
    lines.join("\r\n")
}

#[tokio::test]
async fn a_dry_run_shows_each_rows_fate_and_an_import_creates_each_request_once() {
    let (s, admin) = association().await;
    let sheet = register(false).into_bytes();

    let r = admin
        .post_bytes("/api/imports/preview", sheet.clone())
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let preview: SheetPreview = r.json().await.expect("the preview");
    assert_eq!(preview.rows, 15);
    assert!(!preview.remembered);
    assert_eq!(
        preview.mapping,
        vec![
            Some(Column::NationalId),
            Some(Column::FullName),
            Some(Column::Mobile),
            Some(Column::Governorate),
            Some(Column::OutreachPoint),
            Some(Column::SubmittedOn),
            Some(Column::Status),
            Some(Column::FileNumber),
        ]
    );
    assert_eq!(preview.sample.len(), SheetPreview::SAMPLE);

    // The dry run says what would happen and writes nothing.
    let dry = import(&admin, "السجل.csv", sheet.clone(), "dry_run=true").await;
    assert!(dry.dry_run);
    assert_eq!(dry.total, 15);
    assert_eq!((dry.counts.created, dry.counts.refused), (12, 3));
    let reasons = refused(&dry);
    assert_eq!(
        reasons,
        vec![
            (14, vec![(Field::NationalId, ErrorCode::NationalIdChecksum)]),
            (15, vec![(Field::Mobile, ErrorCode::MobileFormat)]),
            (16, vec![(Field::OutreachPoint, ErrorCode::UnknownChoice)]),
        ]
    );
    assert!(listed(&admin).await.is_empty(), "a dry run writes nothing");
    // The mapping is remembered for these headers now.
    let again: SheetPreview = admin
        .post_bytes("/api/imports/preview", sheet.clone())
        .await
        .json()
        .await
        .expect("the preview");
    assert!(again.remembered);

    let done = import(&admin, "السجل.csv", sheet.clone(), "").await;
    assert_eq!((done.counts.created, done.counts.refused), (12, 3));
    assert!(done.rows.iter().all(|r| match r.outcome {
        RowOutcome::Create => r.reference.is_some(),
        _ => true,
    }));
    assert_eq!(listed(&admin).await.len(), 12);

    // The same file again creates nothing; the mended file brings in just the three.
    let twice = import(&admin, "السجل.csv", sheet, "").await;
    assert_eq!(
        (
            twice.counts.created,
            twice.counts.unchanged,
            twice.counts.refused
        ),
        (0, 12, 3)
    );
    let mended = import(&admin, "السجل-مصحح.csv", register(true).into_bytes(), "").await;
    assert_eq!(
        (
            mended.counts.created,
            mended.counts.unchanged,
            mended.counts.refused
        ),
        (3, 12, 0)
    );
    assert_eq!(listed(&admin).await.len(), 15);

    // Each request came in as the sheet has it, and says where it came from.
    let points: Vec<Point> = get_json(&admin, "/api/setup/points").await;
    let samtah = points
        .iter()
        .find(|p| p.details.name_en == "Samtah")
        .expect("samtah");
    let sabya = s.client();
    let officer = json!({
        "username": "officer.sabya", "display_name": "ضابط صبيا", "role": "officer",
        "outreach_point": points.iter().find(|p| p.details.name_en == "Sabya").expect("sabya").id,
        "password": "a-good-long-password"
    });
    let r = admin.post("/api/users", &officer).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let r = sabya.login("officer.sabya", "a-good-long-password").await;
    assert_eq!(r.status(), StatusCode::OK);
    // The password the head office chose opens nothing until its owner changes it.
    let me: Value = r.json().await.expect("me");
    assert_eq!(me["must_change_password"], json!(true));
    let r = sabya
        .post("/api/device", &json!({"device_id": sabya.device_id}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: Value = r.json().await.expect("error");
    assert_eq!(body["error"], json!("password_change"));
    let own = json!({"current": "a-good-long-password", "password": "tablet-of-sabya-2026",
        "password_again": "tablet-of-sabya-2026"});
    let r = sabya.post("/api/password", &own).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let me: Value = sabya.get("/api/me").await.json().await.expect("me");
    assert_eq!(me.get("must_change_password"), None);
    let r = sabya
        .post("/api/device", &json!({"device_id": sabya.device_id}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let theirs = sabya.pull_all().await;
    assert_eq!(
        theirs.len(),
        11,
        "the point's own imported requests reach its tablets"
    );
    let first = theirs
        .iter()
        .find(|c| c.request.applicant.national_id == national_id(5_104))
        .expect("row 6");
    assert_eq!(first.status, CaseStatus::Submitted);
    assert_eq!(first.request.applicant.mobile, "0551234568");
    assert_eq!(first.request.applicant.family_name, FAMILY[4]);
    assert_eq!(first.imports[0].row, 6);
    assert_eq!(first.imports[0].file, "السجل.csv");
    assert_eq!(first.imports[0].by.name, "مدير النظام");
    assert_eq!(
        first.submitted_at.map(shared::dates::saudi_date),
        shared::dates::from_hijri(1446, 3, 10),
        "read as the Hijri day it was written"
    );
    let registered: Vec<Value> = listed(&admin)
        .await
        .into_iter()
        .filter(|r| r["point"] == json!(samtah.id))
        .collect();
    assert_eq!(registered.len(), 4);
    assert!(registered
        .iter()
        .all(|r| r["status"] == json!("registered")));
}

#[tokio::test]
async fn only_the_head_office_brings_a_register_in() {
    let s = TestServer::start().await;
    for user in ["officer.sabya", "researcher", "committee"] {
        let c = s.signed_in(user).await;
        let sheet = register(true).into_bytes();
        let r = c.post_bytes("/api/imports/preview", sheet.clone()).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{user}");
        let r = c.post_bytes("/api/imports?file=x.csv", sheet).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{user}");
        assert_eq!(c.get("/api/imports").await.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            c.get("/api/imports/1").await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let anyone = s.client();
    let r = anyone
        .post_bytes("/api/imports/preview", b"a,b".to_vec())
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // What is no sheet is refused by name.
    let head = s.signed_in("head").await;
    let r = head
        .post_bytes("/api/imports/preview", b"\x00\x01\x02 no sheet".to_vec())
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.expect("errors");
    assert_eq!(body["errors"][0]["code"], json!("not_a_sheet"));
}

/// The cases of the head office's pull, by national ID.
async fn pulled(s: &TestServer) -> std::collections::HashMap<String, shared::Case> {
    let head = s.signed_in_as("admin", "admin-test-password").await;
    head.pull_all()
        .await
        .into_iter()
        .map(|c| (c.request.applicant.national_id.clone(), c))
        .collect()
}

#[tokio::test]
async fn values_are_read_as_excel_and_arabic_windows_keep_them() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let (s, admin) = association().await;
    let points: Vec<Point> = get_json(&admin, "/api/setup/points").await;
    let samtah = &points
        .iter()
        .find(|p| p.details.name_en == "Samtah")
        .expect("samtah")
        .id;

    // A workbook as Excel keeps what people typed: IDs and mobiles as numbers (the
    // mobile's leading zero gone), a day as an Excel date, another in Hijri as text.
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (col, h) in ["National ID", "Name", "Mobile", "Submitted", "Birth date"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, col as u16, *h).expect("header");
    }
    let ids = [national_id(6_001), national_id(6_002)];
    for (i, id) in ids.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number(r, 0, id.parse::<f64>().expect("digits"))
            .expect("id");
        ws.write_string(r, 1, ["سلمى علي حسن الحكمي", "يحيى أحمد علي المدخلي"][i])
            .expect("name");
        ws.write_number(r, 2, 551_234_560.0 + i as f64)
            .expect("mobile");
        if i == 0 {
            let day = ExcelDateTime::from_ymd(2024, 3, 11).expect("a day");
            ws.write_datetime_with_format(r, 3, &day, &date)
                .expect("date");
        } else {
            ws.write_string(r, 3, "١٤٤٥/٠٩/٠١").expect("hijri");
        }
        ws.write_string(r, 4, "1390/07/15").expect("birth");
    }
    let bytes = book.save_to_buffer().expect("a workbook");
    let run = import(&admin, "register.xlsx", bytes, &format!("point={samtah}")).await;
    assert_eq!(
        (run.counts.created, run.counts.refused),
        (2, 0),
        "{:?}",
        run.rows
    );

    // A CSV as Arabic Excel saves it: Windows-1256, semicolons.
    let text = format!(
        "رقم الهوية;الاسم الأول;اسم الأب;اسم الجد;اسم العائلة;الجوال;النقطة;الحالة;\
         رقم الملف;الخدمة المقدمة;تاريخ الخدمة;مبلغ الخدمة\r\n\
         {};عائشة;محمد;علي;العطاس;0551234570;نقطة صبيا;قدمت الخدمة;ص-77;ترميم;1446/05/01;12500\r\n",
        national_id(6_003)
    );
    let (encoded, _, lossy) = encoding_rs::WINDOWS_1256.encode(&text);
    assert!(!lossy);
    let run = import(&admin, "windows.csv", encoded.into_owned(), "").await;
    assert_eq!(
        (run.counts.created, run.counts.refused),
        (1, 0),
        "{:?}",
        run.rows
    );

    let cases = pulled(&s).await;
    let first = &cases[&ids[0]];
    assert_eq!(first.request.applicant.mobile, "0551234560");
    assert_eq!(first.outreach_point.id, *samtah);
    let day = |s: &str| s.parse::<chrono::NaiveDate>().expect("a day");
    assert_eq!(
        first.submitted_at.map(shared::dates::saudi_date),
        Some(day("2024-03-11"))
    );
    assert_eq!(
        cases[&ids[1]].submitted_at.map(shared::dates::saudi_date),
        Some(day("2024-03-11")),
        "1 Ramadan 1445 is 11 March 2024"
    );
    assert_eq!(
        first.request.applicant.birth_date,
        shared::dates::from_hijri(1390, 7, 15)
            .expect("a day")
            .to_string()
    );
    let windows = &cases[&national_id(6_003)];
    assert_eq!(windows.request.applicant.family_name, "العطاس");
    assert_eq!(windows.outreach_point.name_ar, "نقطة صبيا");
    assert_eq!(windows.status, CaseStatus::ServiceDelivered);
    assert_eq!(
        windows
            .registration
            .as_ref()
            .map(|r| r.file_number.as_str()),
        Some("ص-77")
    );
    assert_eq!(windows.services.len(), 1, "the service the sheet gives");
    assert_eq!(windows.services[0].amount.riyals(), "12500");
}

/// The rows of a requests sheet the head office exported, by reference, without the
/// duplicate flag (a request's household, which the list leaves out, can raise it).
async fn exported(c: &ApiClient) -> (Vec<u8>, Vec<Vec<String>>) {
    let r = c.get("/api/office/export/list.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.expect("xlsx").to_vec();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).expect("a workbook");
    use calamine::Reader;
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("the sheet");
    let mut rows: Vec<Vec<String>> = range
        .rows()
        .skip(1)
        .map(|r| {
            let mut cells: Vec<String> = r.iter().map(ToString::to_string).collect();
            cells.truncate(14);
            cells
        })
        .collect();
    rows.sort();
    (bytes, rows)
}

#[tokio::test]
async fn the_head_offices_own_export_comes_back_equal_into_an_empty_system() {
    // A year of requests in every status, at both points.
    let demo = TestServer::start_with(|c| c.demo_history = 60).await;
    let head = demo.signed_in("head").await;
    let (bytes, before) = exported(&head).await;
    assert!(before.len() > 50, "the demo has requests to bring over");

    // An empty system with the same points.
    let s = TestServer::start_with(|c| c.demo = false).await;
    let admin = s.client();
    admin.login("admin", "admin-test-password").await;
    let points: Vec<Point> = get_json(&head, "/api/setup/points").await;
    for p in points {
        let r = admin.post("/api/outreach-points", &p.details).await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let preview: SheetPreview = admin
        .post_bytes("/api/imports/preview", bytes.clone())
        .await
        .json()
        .await
        .expect("the preview");
    assert_eq!(
        preview.mapping[0],
        Some(Column::Reference),
        "it maps itself"
    );
    let run = import(&admin, "requests.xlsx", bytes, "").await;
    assert_eq!(run.counts.refused, 0, "{:?}", refused(&run));
    assert_eq!(run.counts.created as usize, before.len());
    let (_, after) = exported(&admin).await;
    assert_eq!(after, before, "every row back equal");
}

#[tokio::test]
async fn the_command_line_imports_the_same_way_and_fails_on_a_refusal() {
    let (s, admin) = association().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("السجل.csv");
    std::fs::write(&file, register(false)).expect("the sheet");
    let data = s.data.path().join("data");
    let database = crate::common::database_for(s.data.path()).await;
    let command = |dry_run: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
        c.arg("--data-dir")
            .arg(&data)
            .arg("import")
            .arg("--from")
            .arg(&file);
        if dry_run {
            c.arg("--dry-run");
        }
        if let Some(url) = &database {
            c.env("DATABASE_URL", url);
        }
        c.output().expect("the command runs")
    };
    let out = command(true);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a refused row fails the command"
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("الصف 14"), "{report}");
    assert!(report.contains("رقم الهوية غير صحيح"), "{report}");
    assert!(report.contains("جديد 12"), "{report}");
    assert!(listed(&admin).await.is_empty(), "a dry run writes nothing");

    std::fs::write(&file, register(true)).expect("the mended sheet");
    let out = command(false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        listed(&admin).await.len(),
        15,
        "imported while the server runs"
    );
    let runs: Vec<ImportRun> = admin.get("/api/imports").await.json().await.expect("runs");
    assert_eq!(runs[0].by.name, "مدير النظام");
    assert!(!runs[0].dry_run && runs[1].dry_run);
}

#[tokio::test]
async fn ten_thousand_rows_come_in_once() {
    use rust_xlsxwriter::Workbook;
    let (s, admin) = association().await;
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (col, h) in [
        "رقم الهوية",
        "الاسم",
        "الجوال",
        "نقطة الاستقبال",
        "تاريخ التقديم",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, col as u16, *h).expect("header");
    }
    const ROWS: u32 = 10_000;
    for i in 0..ROWS {
        let r = i + 1;
        ws.write_number(
            r,
            0,
            national_id(700_000 + i).parse::<f64>().expect("digits"),
        )
        .expect("id");
        ws.write_string(
            r,
            1,
            format!("محمد علي أحمد {}", FAMILY[i as usize % FAMILY.len()]),
        )
        .expect("name");
        ws.write_string(r, 2, format!("05{:08}", i))
            .expect("mobile");
        ws.write_string(r, 3, ["Samtah", "Sabya"][i as usize % 2])
            .expect("point");
        ws.write_string(r, 4, format!("1446/{:02}/{:02}", 1 + i % 12, 1 + i % 28))
            .expect("day");
    }
    let bytes = book.save_to_buffer().expect("a workbook");
    let run = import(&admin, "big.xlsx", bytes.clone(), "").await;
    assert_eq!(run.counts.created, ROWS, "{:?}", refused(&run).first());
    let again = import(&admin, "big.xlsx", bytes, "dry_run=true").await;
    assert_eq!((again.counts.created, again.counts.unchanged), (0, ROWS));
    let page: Value = get_json(&admin, "/api/office/cases").await;
    assert_eq!(page["total"], json!(ROWS));
    crate::office::counts_agree_with_their_rows(&s).await;
    drop(s);
}

#[tokio::test]
async fn staff_come_in_from_a_sheet_with_one_time_passwords_they_change_first() {
    use shared::staff_import::{StaffImport, StaffOutcome};
    let (s, admin) = association().await;
    let sheet = "اسم المستخدم,الاسم,الدور,نقطة الاستقبال,الجوال,ملاحظة\r\n\
        officer.samtah,فهد الحازمي,موظف علاقات المستفيدين,نقطة صامطة,0551234567,\r\n\
        Researcher.One,سعيد الحربي,باحث اجتماعي,,,\r\n\
        committee.one,نورة العطاس,committee,,,\r\n\
        officer.bad,أحمد علي,officer,نقطة الرياض,,\r\n\
        officer.samtah,فهد آخر,officer,Samtah,,\r\n"
        .as_bytes()
        .to_vec();
    let ask = |dry: bool| format!("/api/imports/staff?file=staff.csv&dry_run={dry}");
    let r = admin.post_bytes(&ask(true), sheet.clone()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let dry: StaffImport = r.json().await.expect("report");
    assert_eq!(dry.ignored, vec!["ملاحظة".to_owned()]);
    let outcomes: Vec<_> = dry
        .rows
        .iter()
        .map(|r| (r.row, r.outcome.clone()))
        .collect();
    assert_eq!(outcomes[0], (2, StaffOutcome::Create));
    assert!(matches!(&outcomes[3].1, StaffOutcome::Refused { problems }
        if problems[0].field == Field::OutreachPoint));
    assert!(matches!(&outcomes[4].1, StaffOutcome::Refused { problems }
        if problems[0].code == ErrorCode::RepeatedRow { row: 2 }));
    let nobody = admin
        .get("/api/users?q=samtah")
        .await
        .text()
        .await
        .expect("list");
    assert!(
        !nobody.contains("officer.samtah"),
        "a dry run opens nothing"
    );

    let done: StaffImport = admin
        .post_bytes(&ask(false), sheet.clone())
        .await
        .json()
        .await
        .expect("report");
    let passwords: Vec<(String, String)> = done
        .rows
        .iter()
        .filter_map(|r| match &r.outcome {
            StaffOutcome::Created { password } => Some((r.username.clone(), password.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(passwords.len(), 3);
    assert_eq!(passwords[1].0, "researcher.one");
    // Brought again, nothing new is opened and no password is shown again.
    let again: StaffImport = admin
        .post_bytes(&ask(false), sheet)
        .await
        .json()
        .await
        .expect("report");
    assert!(again.rows[..3]
        .iter()
        .all(|r| r.outcome == StaffOutcome::Exists));

    // The officer signs in with the handed-over password, must change it, and then works.
    let (username, password) = &passwords[0];
    let officer = s.client();
    let me: Value = officer
        .login(username, password)
        .await
        .json()
        .await
        .expect("me");
    assert_eq!(me["must_change_password"], json!(true));
    assert_eq!(me["outreach_point"]["name_ar"], json!("نقطة صامطة"));
    assert_eq!(
        officer
            .get("/api/sync/pull?cursor=0&limit=10")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let own = json!({"current": password, "password": "samtah-tablet-2026",
        "password_again": "samtah-tablet-2026"});
    assert_eq!(
        officer.post("/api/password", &own).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        officer
            .get("/api/sync/pull?cursor=0&limit=10")
            .await
            .status(),
        StatusCode::OK
    );

    // Only the head office brings staff in.
    let r = officer
        .post_bytes(&ask(true), b"username,name,role".to_vec())
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_run_whose_server_stopped_ends_and_says_so() {
    use server::db::query;
    let (s, admin) = association().await;
    // A run its server was stopped in the middle of: four minutes without getting further.
    let id: i64 = query(
        "INSERT INTO imports (file, sha256, dry_run, by_user, started_at, updated_at, total, \
           done, counts) VALUES ('السجل.xlsx', '-', ?, 1, ?, ?, 200, 100, ?) RETURNING id",
    )
    .bind(false)
    .bind(chrono::Utc::now() - chrono::Duration::minutes(5))
    .bind(chrono::Utc::now() - chrono::Duration::minutes(4))
    .bind(serde_json::to_string(&shared::import::ImportCounts::default()).expect("counts"))
    .scalar(s.db.pool())
    .await
    .expect("a run");
    let run: ImportRun = get_json(&admin, &format!("/api/imports/{id}")).await;
    assert!(run.finished_at.is_some(), "followers stop waiting");
    assert_eq!(
        run.failed.as_deref(),
        Some("the server stopped during the run")
    );
    assert_eq!(run.done, 100);
}
