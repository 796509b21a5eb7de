//! The head office's files for the board and the committee: the filtered list and the
//! beneficiary register, as CSV (UTF-8 with a byte-order mark, so Excel reads Arabic) and
//! XLSX (right to left, real dates), with Hijri dates beside the Gregorian ones.

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};
use shared::dates::{hijri, saudi_date};
use shared::region::{Channel, Governorate, SupportType};
use shared::reports::board::{BoardReport, Value};
use shared::reports::office::CaseRow;
use shared::{Case, Vocabulary};

/// A file kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated, UTF-8 with a byte-order mark.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl Format {
    /// The file name's ending.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    /// The media type sent.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// The language of headings and names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// Arabic, right to left.
    Ar,
    /// English.
    En,
}

impl Language {
    fn pick(self, ar: &'static str, en: &'static str) -> &'static str {
        match self {
            Self::Ar => ar,
            Self::En => en,
        }
    }

    fn label<T: Vocabulary>(self, v: T) -> &'static str {
        self.pick(v.label_ar(), v.label_en())
    }
}

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text, written as it is (IDs and mobiles too, so their leading zeros stay).
    Text(String),
    /// A number.
    Number(f64),
    /// A Gregorian day: an Excel date in a workbook, `YYYY-MM-DD` in CSV.
    Date(NaiveDate),
    /// Nothing.
    Empty,
}

impl Cell {
    fn date(day: Option<NaiveDate>) -> Self {
        day.map_or(Self::Empty, Self::Date)
    }

    /// The Umm al-Qura date of a day, `1448-07-07`.
    fn hijri(day: Option<NaiveDate>) -> Self {
        day.map_or(Self::Empty, |d| {
            let h = hijri(d);
            Self::Text(format!("{:04}-{:02}-{:02}", h.year, h.month, h.day))
        })
    }

    fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }
}

/// A table to write: its file name, its sheet's name, headings and rows.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// The file name before the date and extension.
    pub file_stem: &'static str,
    /// The sheet's name.
    pub title: String,
    /// Whether it reads right to left.
    pub rtl: bool,
    /// The headings.
    pub headers: Vec<String>,
    /// The rows, as long as the headings.
    pub rows: Vec<Vec<Cell>>,
}

/// Words in Arabic and English.
type Words = (&'static str, &'static str);

impl Sheet {
    /// A sheet named `title` in `lang`, its headings in `lang` too.
    fn new(
        file_stem: &'static str,
        title: Words,
        headers: &[Words],
        rows: Vec<Vec<Cell>>,
        lang: Language,
    ) -> Self {
        Self {
            file_stem,
            title: lang.pick(title.0, title.1).to_owned(),
            rtl: lang == Language::Ar,
            headers: headers
                .iter()
                .map(|(a, e)| lang.pick(a, e).to_owned())
                .collect(),
            rows,
        }
    }
}

/// An outreach point's name in `lang`.
fn point_name<'a>(lang: Language, ar: &'a str, en: &'a str) -> &'a str {
    match lang {
        Language::Ar => ar,
        Language::En => en,
    }
}

fn vocabulary_label<T: Vocabulary>(
    lang: Language,
    code: &str,
    from_code: impl Fn(&str) -> Option<T>,
) -> String {
    from_code(code).map_or_else(|| code.to_owned(), |v| lang.label(v).to_owned())
}

fn support_labels<'a>(lang: Language, codes: impl Iterator<Item = &'a str>) -> String {
    codes
        .map(|c| vocabulary_label(lang, c, SupportType::from_code))
        .collect::<Vec<_>>()
        .join(lang.pick("، ", ", "))
}

/// The consolidated list as it was filtered.
pub fn list(rows: &[CaseRow], lang: Language) -> Sheet {
    let l = lang;
    let headers = [
        ("المرجع", "Reference"),
        ("اسم مقدم الطلب", "Applicant"),
        ("رقم الهوية", "National ID"),
        ("الجوال", "Mobile"),
        ("الحالة", "Status"),
        ("القناة", "Channel"),
        ("المحافظة", "Governorate"),
        ("نقطة الاستقبال", "Outreach point"),
        ("الدعم المطلوب", "Support asked for"),
        ("تاريخ التقديم (ميلادي)", "Submitted (Gregorian)"),
        ("تاريخ التقديم (هجري)", "Submitted (Hijri)"),
        ("موعد الرد (ميلادي)", "Answer expected (Gregorian)"),
        ("موعد الرد (هجري)", "Answer expected (Hijri)"),
        ("متأخر", "Overdue"),
        ("تكرار محتمل", "Possible duplicate"),
    ];
    let yes_no = |b: bool| {
        Cell::text(if b {
            l.pick("نعم", "Yes")
        } else {
            l.pick("لا", "No")
        })
    };
    let rows = rows
        .iter()
        .map(|r| {
            let submitted = r.submitted_at.map(saudi_date);
            vec![
                Cell::text(&r.reference),
                Cell::text(&r.name),
                Cell::text(r.national_id.clone().unwrap_or_default()),
                Cell::text(r.mobile.clone().unwrap_or_default()),
                Cell::text(l.pick(r.status.label_ar(), r.status.label_en())),
                Cell::text(vocabulary_label(l, &r.channel, Channel::from_code)),
                Cell::text(vocabulary_label(l, &r.governorate, Governorate::from_code)),
                Cell::text(point_name(l, &r.point_ar, &r.point_en)),
                Cell::text(support_labels(l, r.support.iter().map(String::as_str))),
                Cell::date(submitted),
                Cell::hijri(submitted),
                Cell::date(r.answer_expected_on),
                Cell::hijri(r.answer_expected_on),
                yes_no(r.overdue),
                yes_no(r.duplicate),
            ]
        })
        .collect();
    Sheet::new("requests", ("الطلبات", "Requests"), &headers, rows, l)
}

/// A registered beneficiary and the outreach point's names.
#[derive(Clone, Debug)]
pub struct Registered {
    /// The case as it stands.
    pub case: Case,
    /// The point's Arabic name.
    pub point_ar: String,
    /// Its English name.
    pub point_en: String,
}

/// The beneficiary register (policy H6): every registered file, its household and the
/// services it received (H7).
pub fn register(entries: &[Registered], lang: Language) -> Sheet {
    let l = lang;
    let headers = [
        ("رقم الملف", "File number"),
        ("المرجع", "Reference"),
        ("اسم المستفيد", "Beneficiary"),
        ("رقم الهوية", "National ID"),
        ("الجوال", "Mobile"),
        ("المحافظة", "Governorate"),
        ("نقطة الاستقبال", "Outreach point"),
        ("أفراد الأسرة", "Household size"),
        ("الدعم المطلوب", "Support asked for"),
        ("تاريخ التسجيل (ميلادي)", "Registered (Gregorian)"),
        ("تاريخ التسجيل (هجري)", "Registered (Hijri)"),
        ("عدد الخدمات", "Services"),
        ("إجمالي الخدمات (ريال)", "Services in all (SAR)"),
        ("آخر خدمة (ميلادي)", "Last service (Gregorian)"),
        ("آخر خدمة (هجري)", "Last service (Hijri)"),
        ("الحالة", "Status"),
    ];
    let rows = entries
        .iter()
        .filter_map(|e| {
            let c = &e.case;
            let registration = c.registration.as_ref()?;
            let a = &c.request.applicant;
            let registered = Some(saudi_date(registration.at));
            let last = c.services.iter().map(|s| s.delivered_on).max();
            let total: u64 = c.services.iter().map(|s| s.amount.0).sum();
            Some(vec![
                Cell::text(&registration.file_number),
                Cell::text(c.reference.to_string()),
                Cell::text(a.full_name()),
                Cell::text(&a.national_id),
                Cell::text(&a.mobile),
                Cell::text(vocabulary_label(l, &a.governorate, Governorate::from_code)),
                Cell::text(point_name(l, &e.point_ar, &e.point_en)),
                Cell::Number((c.request.household.len() + 1) as f64),
                Cell::text(support_labels(
                    l,
                    c.request.support.types.iter().map(String::as_str),
                )),
                Cell::date(registered),
                Cell::hijri(registered),
                Cell::Number(c.services.len() as f64),
                Cell::Number(total as f64 / 100.0),
                Cell::date(last),
                Cell::hijri(last),
                Cell::text(l.pick(c.status.label_ar(), c.status.label_en())),
            ])
        })
        .collect();
    Sheet::new(
        "beneficiary-register",
        ("سجل المستفيدين", "Beneficiary register"),
        &headers,
        rows,
        l,
    )
}

/// The board's report, a row per figure: its clause, name and what it measured.
pub fn board(report: &BoardReport, lang: Language) -> Sheet {
    let l = lang;
    let headers = [
        ("البند", "Clause"),
        ("المؤشر", "Figure"),
        ("العدد", "Number"),
        ("من أصل", "Out of"),
        ("النسبة %", "Share %"),
        ("الوسيط (ساعات)", "Median (hours)"),
        ("المئين 90 (ساعات)", "90th percentile (hours)"),
        ("المبلغ (ريال)", "Amount (riyals)"),
    ];
    let n = |v: u64| Cell::Number(v as f64);
    let hours = |v: Option<u64>| v.map_or(Cell::Empty, n);
    let mut rows = Vec::new();
    for clause in &report.clauses {
        for f in &clause.figures {
            let name = if l == Language::Ar {
                &f.name_ar
            } else {
                &f.name_en
            };
            let name = if f.part {
                format!("  {name}")
            } else {
                name.clone()
            };
            let mut row = vec![Cell::text(clause.code.clone()), Cell::text(name)];
            row.extend(match f.value {
                Value::Count { n: c } => [
                    n(c),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ],
                Value::Share { n: c, of } => [
                    n(c),
                    n(of),
                    if of == 0 {
                        Cell::Empty
                    } else {
                        Cell::Number((c as f64 * 1000.0 / of as f64).round() / 10.0)
                    },
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ],
                Value::Time {
                    median_hours,
                    p90_hours,
                    n: c,
                } => [
                    n(c),
                    Cell::Empty,
                    Cell::Empty,
                    hours(median_hours),
                    hours(p90_hours),
                    Cell::Empty,
                ],
                Value::Money { halalas, n: c } => [
                    n(c),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Number(halalas as f64 / 100.0),
                ],
            });
            rows.push(row);
        }
    }
    Sheet::new("board", ("تقرير المجلس", "Board report"), &headers, rows, l)
}

/// The sheet as a file.
pub fn write(sheet: &Sheet, format: Format) -> anyhow::Result<Vec<u8>> {
    match format {
        Format::Csv => csv_bytes(sheet),
        Format::Xlsx => xlsx_bytes(sheet),
    }
}

/// Whether a spreadsheet would read `text` as a formula (or its start as a control): a
/// leading `=`, `+`, `-`, `@`, tab or carriage return. Such a cell is written as text, so
/// a name typed as `=HYPERLINK(…)` is never run on the head office's computer.
fn reads_as_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn csv_bytes(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    // The byte-order mark is how Excel knows the file is UTF-8.
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(&sheet.headers)?;
        for row in &sheet.rows {
            w.write_record(row.iter().map(|c| match c {
                // The apostrophe is how spreadsheets mark a cell as text.
                Cell::Text(t) if reads_as_formula(t) => format!("'{t}"),
                Cell::Text(t) => t.clone(),
                Cell::Number(n) => n.to_string(),
                Cell::Date(d) => d.to_string(),
                Cell::Empty => String::new(),
            }))?;
        }
        w.flush()?;
    }
    Ok(out)
}

fn xlsx_bytes(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    use chrono::Datelike;
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(&sheet.title)?;
    ws.set_right_to_left(sheet.rtl);
    let bold = CellFormat::new().set_bold();
    let date = CellFormat::new().set_num_format("yyyy-mm-dd");
    // A string cell is never evaluated; the quote prefix keeps it text when the head
    // office edits it, and shows no apostrophe.
    let as_text = CellFormat::new().set_quote_prefix();
    for (col, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, u16::try_from(col)?, h, &bold)?;
    }
    for (i, row) in sheet.rows.iter().enumerate() {
        let r = u32::try_from(i + 1)?;
        for (col, cell) in row.iter().enumerate() {
            let col = u16::try_from(col)?;
            match cell {
                Cell::Text(t) if reads_as_formula(t) => {
                    ws.write_string_with_format(r, col, t, &as_text)?;
                }
                Cell::Text(t) => {
                    ws.write_string(r, col, t)?;
                }
                Cell::Number(n) => {
                    ws.write_number(r, col, *n)?;
                }
                Cell::Date(d) => {
                    let day = ExcelDateTime::from_ymd(
                        u16::try_from(d.year())?,
                        u8::try_from(d.month())?,
                        u8::try_from(d.day())?,
                    )?;
                    ws.write_datetime_with_format(r, col, &day, &date)?;
                }
                Cell::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    Ok(book.save_to_buffer()?)
}
