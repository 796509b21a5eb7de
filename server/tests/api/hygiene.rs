//! Free text over HTTP: hidden characters never reach the database, and exports keep a
//! value that starts like a formula as text.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use shared::reports::office::CaseQuery;

use crate::common::{national_id, TestServer};
use crate::office::{form, submitted};

/// Controls and direction overrides, as the first probe of the issue typed them.
const HIDDEN: &str = "\u{0000}\u{202E}\u{0007}";

#[tokio::test]
async fn hidden_characters_are_taken_out_of_what_a_device_sends() {
    let s = TestServer::start().await;
    let sabya = s.signed_in("officer.sabya").await;
    let mut request = form(
        &national_id(7501),
        (&format!("{HIDDEN}هدى"), &format!("الحازمي{HIDDEN}")),
        "phone",
        "sabya",
        &["restoration"],
    );
    request.applicant.address = "حي\u{2066}الشاطئ\u{2069}، شارع\t٥".into();
    let create = sabya.create(request);
    let id = create.case_id;
    sabya.push(vec![create]).await;

    let case = sabya
        .pull_all()
        .await
        .into_iter()
        .find(|c| c.id == id)
        .expect("the draft");
    assert_eq!(case.request.applicant.first_name, "هدى");
    assert_eq!(case.request.applicant.family_name, "الحازمي");
    assert_eq!(case.request.applicant.address, "حيالشاطئ، شارع ٥");
}

#[tokio::test]
async fn exports_write_a_value_that_starts_like_a_formula_as_text() {
    let s = TestServer::start().await;
    let sabya = s.signed_in("officer.sabya").await;
    let head = s.signed_in("head").await;
    // A hyphen is allowed in names («-» of compound names), so a name may begin with one.
    submitted(
        &sabya,
        form(
            &national_id(7502),
            ("-نوال", "الجابري"),
            "phone",
            "sabya",
            &["restoration"],
        ),
    )
    .await;
    let q = serde_urlencoded::to_string(CaseQuery {
        q: "الجابري".into(),
        ..Default::default()
    })
    .expect("a query");

    let csv = head
        .get(&format!("/api/office/export/list.csv?{q}"))
        .await
        .bytes()
        .await
        .expect("csv");
    let text = std::str::from_utf8(&csv[3..]).expect("utf-8");
    let row = csv::Reader::from_reader(text.as_bytes())
        .records()
        .next()
        .expect("a row")
        .expect("readable");
    assert_eq!(&row[1], "'-نوال محمد علي الجابري");

    let xlsx = head
        .get(&format!("/api/office/export/list.xlsx?{q}"))
        .await
        .bytes()
        .await
        .expect("xlsx")
        .to_vec();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(xlsx.clone())).expect("a workbook");
    let sheet = book.worksheet_range("الطلبات").expect("the sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    // A string cell, never a formula, with the quote prefix that keeps it text when edited.
    assert_eq!(rows[1][1], Data::String("-نوال محمد علي الجابري".into()));
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).expect("a zip");
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .expect("a part")
            .read_to_string(&mut s)
            .expect("text");
        s
    };
    assert!(read("xl/styles.xml").contains("quotePrefix=\"1\""));
    assert!(!read("xl/worksheets/sheet1.xml").contains("<f>"));
}
