//! Reading the association's existing register from a sheet: which column holds what, and
//! each cell read as people and Excel write values (IDs as numbers, Arabic-Indic digits,
//! Hijri or Gregorian dates, Excel's date numbers, mobiles in any of their forms).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::case::{Case, OutreachPoint, UserRef};
use crate::dates::answer_expected_on;
use crate::ids::ServiceId;
pub use crate::imported::{Imported, ImportedRequest, ImportedService};
use crate::life::mutation::{invalid, Context, Mutation, Rejection};
use crate::life::steps::move_to;
use crate::life::workflow::{Registration, Service, ServiceInput};
use crate::people::Actor;
use crate::reference::Reference;

use crate::dates::parse_either;
use crate::digits::to_ascii_digits;
use crate::ids::{Mobile, NationalId};
use crate::life::status::CaseStatus;
use crate::region::{Channel, Governorate, SupportType};
use crate::request::RequestForm;
use crate::validation::{ErrorCode, Field};
use crate::vocabulary::Vocabulary;

/// One cell of a sheet, as a workbook or a CSV file holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text, as typed.
    Text(String),
    /// A number, as a workbook stores IDs, mobiles and amounts typed without a leading `'`.
    Number(f64),
    /// A day a workbook stores as a date.
    Date(NaiveDate),
}

impl Cell {
    /// The cell as text: a whole number without its `.0`, a date as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(t) => t.trim().to_owned(),
            Self::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Self::Number(n) => n.to_string(),
            Self::Date(d) => d.to_string(),
        }
    }

    /// Whether the cell holds nothing but white space.
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// What a column of the sheet holds, among the fields of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The request's reference number, as the system printed it.
    Reference,
    /// The applicant's whole name, in one cell (split into its four parts).
    FullName,
    /// The first name.
    FirstName,
    /// The father's name.
    FatherName,
    /// The grandfather's name.
    GrandfatherName,
    /// The family name.
    FamilyName,
    /// The national ID or iqama.
    NationalId,
    /// The birth date, Hijri or Gregorian.
    BirthDate,
    /// The mobile.
    Mobile,
    /// The governorate, by name or code.
    Governorate,
    /// The centre or village.
    Centre,
    /// How to find the home.
    Address,
    /// The channel the request came through.
    Channel,
    /// Where the request stands.
    Status,
    /// The outreach point, by name or code.
    OutreachPoint,
    /// The kinds of support asked for, separated by commas.
    SupportTypes,
    /// What is asked for, in words.
    Description,
    /// The day the request was handed in, Hijri or Gregorian.
    SubmittedOn,
    /// The beneficiary's file number, once registered.
    FileNumber,
    /// The kind of a service delivered (H7).
    ServiceKind,
    /// The day it was delivered.
    ServiceDate,
    /// What it cost, in riyals.
    ServiceAmount,
    /// Who delivered it: the supplier or contractor.
    Supplier,
}

impl Column {
    /// Every column a sheet may hold, in the order the mapping lists them.
    pub const ALL: [Self; 23] = [
        Self::Reference,
        Self::FullName,
        Self::FirstName,
        Self::FatherName,
        Self::GrandfatherName,
        Self::FamilyName,
        Self::NationalId,
        Self::BirthDate,
        Self::Mobile,
        Self::Governorate,
        Self::Centre,
        Self::Address,
        Self::Channel,
        Self::Status,
        Self::OutreachPoint,
        Self::SupportTypes,
        Self::Description,
        Self::SubmittedOn,
        Self::FileNumber,
        Self::ServiceKind,
        Self::ServiceDate,
        Self::ServiceAmount,
        Self::Supplier,
    ];

    /// The headers this column is known by, as people and the system's own exports write
    /// them, compared after [`header_key`]: the first one Arabic, the second English.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Self::Reference => &["المرجع", "reference", "رقم المرجع", "رقم الطلب", "ref"],
            Self::FullName => &[
                "اسم مقدم الطلب",
                "applicant",
                "الاسم",
                "الاسم الكامل",
                "اسم المستفيد",
                "beneficiary",
                "name",
                "full name",
            ],
            Self::FirstName => &["الاسم الأول", "first name"],
            Self::FatherName => &["اسم الأب", "father's name", "father name"],
            Self::GrandfatherName => &["اسم الجد", "grandfather's name", "grandfather name"],
            Self::FamilyName => &["اسم العائلة", "family name", "العائلة", "surname"],
            Self::NationalId => &[
                "رقم الهوية",
                "national id",
                "الهوية",
                "رقم الهوية الوطنية",
                "رقم الهوية أو الإقامة",
                "رقم الإقامة",
                "السجل المدني",
                "id",
            ],
            Self::BirthDate => &["تاريخ الميلاد", "birth date", "date of birth", "الميلاد"],
            Self::Mobile => &[
                "الجوال",
                "mobile",
                "رقم الجوال",
                "الهاتف",
                "phone",
                "رقم الهاتف",
            ],
            Self::Governorate => &["المحافظة", "governorate"],
            Self::Centre => &["المركز", "centre", "القرية", "المركز أو القرية", "village"],
            Self::Address => &["العنوان", "address", "وصف العنوان"],
            Self::Channel => &["القناة", "channel", "قناة التواصل"],
            Self::Status => &["الحالة", "status", "حالة الطلب"],
            Self::OutreachPoint => &["نقطة الاستقبال", "outreach point", "النقطة", "الفرع"],
            Self::SupportTypes => &[
                "الدعم المطلوب",
                "support asked for",
                "نوع الدعم",
                "support",
                "الخدمة المطلوبة",
            ],
            Self::Description => &["الوصف", "description", "ملاحظات", "notes", "الطلب"],
            Self::SubmittedOn => &[
                "تاريخ التقديم (ميلادي)",
                "submitted (gregorian)",
                "تاريخ التقديم",
                "submitted",
                "تاريخ التقديم (هجري)",
                "submitted (hijri)",
                "تاريخ الطلب",
            ],
            Self::FileNumber => &["رقم الملف", "file number", "رقم ملف المستفيد"],
            Self::ServiceKind => &[
                "الخدمة المقدمة",
                "service delivered",
                "نوع الخدمة",
                "الخدمة",
            ],
            Self::ServiceDate => &[
                "تاريخ الخدمة",
                "service date",
                "تاريخ التنفيذ",
                "تاريخ تقديم الخدمة",
            ],
            Self::ServiceAmount => &[
                "مبلغ الخدمة",
                "service amount",
                "المبلغ",
                "التكلفة",
                "قيمة الخدمة",
            ],
            Self::Supplier => &["المورد", "supplier", "المقاول", "الجهة المنفذة"],
        }
    }
}

impl Column {
    /// The column's code, as a mapping is sent and kept.
    pub fn code(self) -> &'static str {
        match self {
            Self::Reference => "reference",
            Self::FullName => "full_name",
            Self::FirstName => "first_name",
            Self::FatherName => "father_name",
            Self::GrandfatherName => "grandfather_name",
            Self::FamilyName => "family_name",
            Self::NationalId => "national_id",
            Self::BirthDate => "birth_date",
            Self::Mobile => "mobile",
            Self::Governorate => "governorate",
            Self::Centre => "centre",
            Self::Address => "address",
            Self::Channel => "channel",
            Self::Status => "status",
            Self::OutreachPoint => "outreach_point",
            Self::SupportTypes => "support_types",
            Self::Description => "description",
            Self::SubmittedOn => "submitted_on",
            Self::FileNumber => "file_number",
            Self::ServiceKind => "service_kind",
            Self::ServiceDate => "service_date",
            Self::ServiceAmount => "service_amount",
            Self::Supplier => "supplier",
        }
    }

    /// The column of a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Its name in Arabic: the header the system's own sheets give it.
    pub fn label_ar(self) -> &'static str {
        self.headers()[0]
    }

    /// Its name in English.
    pub fn label_en(self) -> &'static str {
        self.headers()[1]
    }
}

/// A mapping as sent in a link: each column's code, or nothing for a column left out,
/// separated by commas.
pub fn mapping_code(mapping: &[Option<Column>]) -> String {
    mapping
        .iter()
        .map(|c| c.map_or("", Column::code))
        .collect::<Vec<_>>()
        .join(",")
}

/// A mapping read back from [`mapping_code`]; an unknown code, or a column given twice,
/// is refused.
pub fn parse_mapping(code: &str) -> Result<Vec<Option<Column>>, ErrorCode> {
    let mut seen = Vec::new();
    code.split(',')
        .map(|c| match c.trim() {
            "" => Ok(None),
            c => {
                let column = Column::from_code(c).ok_or(ErrorCode::UnknownChoice)?;
                if seen.contains(&column) {
                    return Err(ErrorCode::Duplicate);
                }
                seen.push(column);
                Ok(Some(column))
            }
        })
        .collect()
}

/// A sheet as first read, for the head office to check the mapping before a dry run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetPreview {
    /// The headers, as the sheet writes them.
    pub headers: Vec<String>,
    /// The column each header is taken for: as remembered for these headers, or guessed.
    pub mapping: Vec<Option<Column>>,
    /// Whether the mapping was remembered from an earlier import of such a sheet.
    pub remembered: bool,
    /// The rows under the headers.
    pub rows: u32,
    /// The first rows' cells as text, to see what each column holds.
    pub sample: Vec<Vec<String>>,
}

impl SheetPreview {
    /// How many rows the preview shows.
    pub const SAMPLE: usize = 3;
}

/// What an import does, or would do, with a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RowOutcome {
    /// A new request.
    Create,
    /// A request an earlier import brought in, brought up to date.
    Update,
    /// A request that is there already as the row has it.
    Unchanged,
    /// Not brought in, and why.
    Refused {
        /// Each reason.
        problems: Vec<RowProblem>,
    },
}

/// One row of an import's report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowReport {
    /// The row, the headers' row being 1.
    pub row: u32,
    /// What becomes of it.
    pub outcome: RowOutcome,
    /// The request's reference, once it has one.
    pub reference: Option<String>,
    /// The applicant's name as the row gives it, for a row refused (a request brought in
    /// is named by its reference, so the kept report holds no one's data past an erasure).
    pub name: String,
    /// The references of open requests this one may duplicate, by the head office's
    /// duplicate rules (the same ID, or the same name and birth date).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<String>,
}

/// How many rows came to what.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    /// New requests.
    pub created: u32,
    /// Requests brought up to date.
    pub updated: u32,
    /// Requests there already.
    pub unchanged: u32,
    /// Rows refused.
    pub refused: u32,
    /// Rows that may duplicate another request.
    pub flagged: u32,
}

impl ImportCounts {
    /// Counts `row` in.
    pub fn add(&mut self, row: &RowReport) {
        match row.outcome {
            RowOutcome::Create => self.created += 1,
            RowOutcome::Update => self.updated += 1,
            RowOutcome::Unchanged => self.unchanged += 1,
            RowOutcome::Refused { .. } => self.refused += 1,
        }
        if !row.duplicates.is_empty() {
            self.flagged += 1;
        }
    }
}

/// An import, or its dry run: while it runs, how far it got; once done, its report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRun {
    /// Its number.
    pub id: i64,
    /// The file's name.
    pub file: String,
    /// Whether it only says what an import would do.
    pub dry_run: bool,
    /// Who ran it.
    pub by: UserRef,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended, once it did.
    pub finished_at: Option<DateTime<Utc>>,
    /// The rows under the headers.
    pub total: u32,
    /// The rows read so far.
    pub done: u32,
    /// How many came to what.
    pub counts: ImportCounts,
    /// Why it stopped, when something other than a row failed.
    pub failed: Option<String>,
    /// Each row's fate, once it ended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowReport>,
}

/// A header (or a value of a closed list) as it is compared: trimmed, its white space
/// folded, Latin letters in lower case, the tatweel and the short vowels dropped (people
/// write «مقدم» for «مقدَّم»), and the Arabic letters people write either way made one.
pub fn header_key(header: &str) -> String {
    let folded: String = header
        .trim()
        .chars()
        .filter(|c| *c != 'ـ' && !('\u{064B}'..='\u{0652}').contains(c) && *c != '\u{0670}')
        .map(|c| match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The column each header is taken for, by its known names; a header known by none, or
/// naming a column an earlier header took, is left out (`None`).
pub fn guess(headers: &[String]) -> Vec<Option<Column>> {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let key = header_key(h);
            let column = Column::ALL.into_iter().find(|c| {
                !taken.contains(c) && c.headers().iter().any(|known| header_key(known) == key)
            })?;
            taken.push(column);
            Some(column)
        })
        .collect()
}

/// The key a mapping is remembered under: the sheet's headers, folded, in order.
pub fn headers_key(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| header_key(h))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// A national ID as a sheet holds it: text in any digits, or a number Excel kept (and may
/// show as `1.01234567E+09`).
pub fn national_id(cell: &Cell) -> Result<NationalId, ErrorCode> {
    let text = match cell {
        Cell::Text(t) => {
            let t = to_ascii_digits(t.trim());
            // Excel's scientific form, pasted as text.
            match t.parse::<f64>() {
                Ok(n) if t.contains(['e', 'E']) && n.fract() == 0.0 => format!("{n:.0}"),
                _ => t,
            }
        }
        other => other.text(),
    };
    NationalId::parse(&text)
}

/// A mobile as a sheet holds it: `05…`, `9665…`, `+966…`, or a number Excel kept without
/// its leading zero (`551234567`).
pub fn mobile(cell: &Cell) -> Result<Mobile, ErrorCode> {
    let text = match cell {
        Cell::Number(n) if n.fract() == 0.0 && (5e8..6e8).contains(n) => format!("0{n:.0}"),
        other => other.text(),
    };
    Mobile::parse(&text)
}

/// The first day of Excel's (1900) calendar, counted so that its day numbers come out
/// right after its missing 29 February 1900.
const EXCEL_EPOCH: (i32, u32, u32) = (1899, 12, 30);

/// A day as a sheet holds it: a workbook date, Excel's day number, or text in either
/// calendar (a year of 1300 to 1500 is Hijri), year first or last.
pub fn date(cell: &Cell) -> Result<NaiveDate, ErrorCode> {
    match cell {
        Cell::Empty => Err(ErrorCode::Required),
        Cell::Date(d) => Ok(*d),
        // Excel's day numbers from 1 March 1900 to the year 9999.
        Cell::Number(n) if n.fract() == 0.0 && (61.0..2_958_466.0).contains(n) => {
            let (y, m, d) = EXCEL_EPOCH;
            let epoch = NaiveDate::from_ymd_opt(y, m, d).ok_or(ErrorCode::DateFormat)?;
            // The guard keeps the number well within i64.
            #[allow(
                clippy::cast_possible_truncation,
                reason = "a whole number under 3 million"
            )]
            let days = *n as i64;
            Ok(epoch + Duration::days(days))
        }
        Cell::Number(_) => Err(ErrorCode::DateFormat),
        Cell::Text(t) => parse_either(t),
    }
}

/// A value of a closed list as a sheet writes it: its code, or its Arabic or English name.
pub fn choice<T: Vocabulary>(cell: &Cell) -> Result<T, ErrorCode> {
    let text = cell.text();
    if text.is_empty() {
        return Err(ErrorCode::Required);
    }
    let key = header_key(&text);
    T::ALL
        .iter()
        .copied()
        .find(|v| {
            v.code() == text || header_key(v.label_ar()) == key || header_key(v.label_en()) == key
        })
        .ok_or(ErrorCode::UnknownChoice)
}

/// Where a request stands, as a sheet writes it: the status's code, or its Arabic or
/// English name.
pub fn status(cell: &Cell) -> Result<CaseStatus, ErrorCode> {
    let text = cell.text();
    if text.is_empty() {
        return Err(ErrorCode::Required);
    }
    let key = header_key(&text);
    CaseStatus::ALL
        .iter()
        .copied()
        .find(|s| {
            s.code() == text || header_key(s.label_ar()) == key || header_key(s.label_en()) == key
        })
        .ok_or(ErrorCode::UnknownChoice)
}

/// Several values of a closed list in one cell, separated by commas (Arabic or Latin),
/// semicolons or new lines.
pub fn choices<T: Vocabulary + PartialEq>(cell: &Cell) -> Result<Vec<T>, ErrorCode> {
    let text = cell.text();
    let mut found = Vec::new();
    for part in text
        .split([',', '،', ';', '؛', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let value = choice::<T>(&Cell::Text(part.to_owned()))?;
        if !found.contains(&value) {
            found.push(value);
        }
    }
    Ok(found)
}

/// A whole name in one cell, as its four parts: first, father, grandfather and family
/// (everything after the third word); fewer than four words leave the middle ones empty.
pub fn name_parts(full: &str) -> [String; 4] {
    let words: Vec<&str> = full.split_whitespace().collect();
    match words.len() {
        0 => Default::default(),
        1 => [words[0].into(), String::new(), String::new(), String::new()],
        2 => [
            words[0].into(),
            String::new(),
            String::new(),
            words[1].into(),
        ],
        3 => [
            words[0].into(),
            words[1].into(),
            String::new(),
            words[2].into(),
        ],
        _ => [
            words[0].into(),
            words[1].into(),
            words[2].into(),
            words[3..].join(" "),
        ],
    }
}

/// What a column's values are checked as: the request's field they fill.
fn fields(column: Column) -> &'static [Field] {
    match column {
        Column::FullName => &[
            Field::FirstName,
            Field::FatherName,
            Field::GrandfatherName,
            Field::FamilyName,
        ],
        Column::FirstName => &[Field::FirstName],
        Column::FatherName => &[Field::FatherName],
        Column::GrandfatherName => &[Field::GrandfatherName],
        Column::FamilyName => &[Field::FamilyName],
        Column::NationalId => &[Field::NationalId],
        Column::BirthDate => &[Field::BirthDate],
        Column::Mobile => &[Field::Mobile],
        Column::Governorate => &[Field::Governorate],
        Column::Centre => &[Field::Centre],
        Column::Address => &[Field::Address],
        Column::Channel => &[Field::Channel],
        Column::SupportTypes => &[Field::SupportTypes],
        Column::Description => &[Field::Description],
        Column::Reference
        | Column::Status
        | Column::OutreachPoint
        | Column::SubmittedOn
        | Column::FileNumber
        | Column::ServiceKind
        | Column::ServiceDate
        | Column::ServiceAmount
        | Column::Supplier => &[],
    }
}

/// A row of the sheet, read into a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedRow {
    /// The row's number in the sheet, the headers' row being 1.
    pub row: usize,
    /// The reference it was printed with, when the sheet gives one.
    pub reference: Option<String>,
    /// Its outreach point as the sheet names it (a name or a code), if it does.
    pub point: Option<String>,
    /// Where it stands; handed in when the sheet does not say.
    pub status: CaseStatus,
    /// The day it was handed in, when the sheet gives it.
    pub submitted_on: Option<NaiveDate>,
    /// The beneficiary's file number, once registered.
    pub file_number: Option<String>,
    /// A service delivered, when the sheet gives one.
    pub service: Option<ImportedService>,
    /// The request, with what the sheet gives of it.
    pub form: RequestForm,
}

/// Why a row is refused: the column (when one cell is at fault), the request's field the
/// rule names, and the rule's code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// The column of the cell at fault.
    pub column: Option<Column>,
    /// The field the rule names.
    pub field: Field,
    /// Why.
    pub code: ErrorCode,
}

/// Reads the sheet's row `row` (its `cells`, the columns as `mapping` takes them) into a
/// request, checked on `today` by the same rules as a typed request, but only for what the
/// sheet gives: an old register holds no household or income. The applicant's ID and name
/// are needed always: they are how the association knows the person.
pub fn read_row(
    row: usize,
    cells: &[Cell],
    mapping: &[Option<Column>],
    today: NaiveDate,
) -> Result<ImportedRow, Vec<RowProblem>> {
    let mut problems: Vec<RowProblem> = Vec::new();
    let refuse = |problems: &mut Vec<RowProblem>, column, field, code| {
        problems.push(RowProblem {
            column,
            field,
            code,
        });
    };
    let mut read = ImportedRow {
        row,
        reference: None,
        point: None,
        status: CaseStatus::Submitted,
        submitted_on: None,
        file_number: None,
        service: None,
        form: RequestForm::default(),
    };
    let mut service = ServiceInput::default();
    let given: Vec<Column> = mapping.iter().flatten().copied().collect();
    for (cell, column) in cells.iter().zip(mapping) {
        let Some(column) = *column else { continue };
        if cell.is_empty() {
            continue;
        }
        let a = &mut read.form.applicant;
        let text = cell.text();
        match column {
            Column::Reference => read.reference = Some(text),
            Column::FullName => {
                let [first, father, grandfather, family] = name_parts(&text);
                (
                    a.first_name,
                    a.father_name,
                    a.grandfather_name,
                    a.family_name,
                ) = (first, father, grandfather, family);
            }
            Column::FirstName => a.first_name = text,
            Column::FatherName => a.father_name = text,
            Column::GrandfatherName => a.grandfather_name = text,
            Column::FamilyName => a.family_name = text,
            Column::NationalId => match national_id(cell) {
                Ok(id) => a.national_id = id.to_string(),
                Err(code) => refuse(&mut problems, Some(column), Field::NationalId, code),
            },
            Column::BirthDate => match date(cell) {
                Ok(day) => a.birth_date = day.to_string(),
                Err(code) => refuse(&mut problems, Some(column), Field::BirthDate, code),
            },
            Column::Mobile => match mobile(cell) {
                Ok(m) => a.mobile = m.as_str().to_owned(),
                Err(code) => refuse(&mut problems, Some(column), Field::Mobile, code),
            },
            Column::Governorate => match choice::<Governorate>(cell) {
                Ok(g) => a.governorate = g.code().to_owned(),
                Err(code) => refuse(&mut problems, Some(column), Field::Governorate, code),
            },
            Column::Centre => a.centre = text,
            Column::Address => a.address = text,
            Column::Channel => match choice::<Channel>(cell) {
                Ok(c) => read.form.channel = c.code().to_owned(),
                Err(code) => refuse(&mut problems, Some(column), Field::Channel, code),
            },
            Column::Status => match status(cell) {
                Ok(s) => read.status = s,
                Err(code) => refuse(&mut problems, Some(column), Field::Status, code),
            },
            Column::OutreachPoint => read.point = Some(text),
            Column::SupportTypes => match choices::<SupportType>(cell) {
                Ok(types) => {
                    read.form.support.types = types.iter().map(|t| t.code().to_owned()).collect();
                }
                Err(code) => refuse(&mut problems, Some(column), Field::SupportTypes, code),
            },
            Column::Description => read.form.support.description = text,
            Column::SubmittedOn => match date(cell) {
                Ok(day) if day > today => refuse(
                    &mut problems,
                    Some(column),
                    Field::SubmittedOn,
                    ErrorCode::DateInFuture,
                ),
                Ok(day) => read.submitted_on = Some(day),
                Err(code) => refuse(&mut problems, Some(column), Field::SubmittedOn, code),
            },
            Column::FileNumber if text.chars().count() > ImportedRequest::FILE_NUMBER_MAX => {
                refuse(
                    &mut problems,
                    Some(column),
                    Field::FileNumber,
                    ErrorCode::TooLong {
                        max: ImportedRequest::FILE_NUMBER_MAX,
                    },
                );
            }
            Column::FileNumber => read.file_number = Some(text),
            Column::ServiceKind => match choice::<SupportType>(cell) {
                Ok(kind) => kind.code().clone_into(&mut service.kind),
                Err(code) => refuse(&mut problems, Some(column), Field::ServiceKind, code),
            },
            Column::ServiceDate => match date(cell) {
                Ok(day) => service.delivered_on = day.to_string(),
                Err(code) => refuse(&mut problems, Some(column), Field::ServiceDate, code),
            },
            Column::ServiceAmount => service.amount = text,
            Column::Supplier => service.supplier = text,
        }
    }
    // A service is read when the row gives any of it, by the rules of one typed.
    if service != ServiceInput::default()
        && !problems
            .iter()
            .any(|p| matches!(p.field, Field::ServiceKind | Field::ServiceDate))
    {
        match service.check(today) {
            Ok(facts) => {
                read.service = Some(ImportedService {
                    kind: facts.kind,
                    delivered_on: facts.delivered_on,
                    amount: facts.amount,
                    supplier: facts.supplier,
                });
            }
            Err(errors) => {
                for e in errors {
                    let column = match e.field {
                        Field::ServiceKind => Column::ServiceKind,
                        Field::ServiceDate => Column::ServiceDate,
                        Field::ServiceAmount => Column::ServiceAmount,
                        _ => Column::Supplier,
                    };
                    refuse(&mut problems, Some(column), e.field, e.code);
                }
            }
        }
    }
    // What the sheet gives is checked by the rules of a typed request; what it lacks is
    // not asked for, but for the person's ID and name.
    read.form.normalise();
    let needed = [Field::NationalId, Field::FirstName, Field::FamilyName];
    for e in read.form.check(today) {
        let column = given
            .iter()
            .copied()
            .find(|c| fields(*c).contains(&e.field));
        let already = problems.iter().any(|p| p.field == e.field);
        if e.index.is_none() && !already && (column.is_some() || needed.contains(&e.field)) {
            refuse(&mut problems, column, e.field, e.code);
        }
    }
    if read.status == CaseStatus::Draft {
        let column = given.iter().copied().find(|c| *c == Column::Status);
        refuse(
            &mut problems,
            column,
            Field::Status,
            ErrorCode::UnknownChoice,
        );
    }
    if problems.is_empty() {
        Ok(read)
    } else {
        Err(problems)
    }
}

/// `base` with what the mapped columns of `read` give over it: what a later sheet says of
/// a request brought in before. A cell left empty keeps what the request held.
pub fn overlay(base: &RequestForm, read: &RequestForm, mapping: &[Option<Column>]) -> RequestForm {
    fn take(to: &mut String, from: &str) {
        if !from.is_empty() {
            from.clone_into(to);
        }
    }
    let mut out = base.clone();
    for column in mapping.iter().flatten() {
        let (a, r) = (&mut out.applicant, &read.applicant);
        match column {
            Column::FullName => {
                take(&mut a.first_name, &r.first_name);
                // A whole name replaces the parts it has, even those it leaves empty.
                if !r.first_name.is_empty() {
                    a.father_name.clone_from(&r.father_name);
                    a.grandfather_name.clone_from(&r.grandfather_name);
                    a.family_name.clone_from(&r.family_name);
                }
            }
            Column::FirstName => take(&mut a.first_name, &r.first_name),
            Column::FatherName => take(&mut a.father_name, &r.father_name),
            Column::GrandfatherName => take(&mut a.grandfather_name, &r.grandfather_name),
            Column::FamilyName => take(&mut a.family_name, &r.family_name),
            Column::NationalId => take(&mut a.national_id, &r.national_id),
            Column::BirthDate => take(&mut a.birth_date, &r.birth_date),
            Column::Mobile => take(&mut a.mobile, &r.mobile),
            Column::Governorate => take(&mut a.governorate, &r.governorate),
            Column::Centre => take(&mut a.centre, &r.centre),
            Column::Address => take(&mut a.address, &r.address),
            Column::Channel => take(&mut out.channel, &read.channel),
            Column::SupportTypes if !read.support.types.is_empty() => {
                out.support.types.clone_from(&read.support.types);
            }
            Column::Description => take(&mut out.support.description, &read.support.description),
            Column::SupportTypes
            | Column::Reference
            | Column::Status
            | Column::OutreachPoint
            | Column::SubmittedOn
            | Column::FileNumber
            | Column::ServiceKind
            | Column::ServiceDate
            | Column::ServiceAmount
            | Column::Supplier => {}
        }
    }
    out
}

/// The service `row` records on `case`, unless it holds one of that kind and day.
fn service_for(
    row: &ImportedRequest,
    case: &Case,
    mutation: &Mutation,
    by: &UserRef,
    at: DateTime<Utc>,
) -> Option<Service> {
    let s = row.service.as_ref()?;
    let held = case
        .services
        .iter()
        .any(|h| h.kind == s.kind && h.delivered_on == s.delivered_on);
    if held {
        return None;
    }
    // Made from the mutation's own id, so a change applied again makes the same one.
    let bytes = mutation.mutation_id.as_uuid().into_bytes();
    let mut random = [0u8; 10];
    random.copy_from_slice(&bytes[6..]);
    let ms = u64::try_from(at.timestamp_millis()).unwrap_or_default();
    Some(Service {
        id: ServiceId::new_v7(ms, random),
        kind: s.kind,
        delivered_on: s.delivered_on,
        amount: s.amount,
        supplier: s.supplier.clone(),
        notes: String::new(),
        by: by.clone(),
        at,
    })
}

/// When a request handed in on the Saudi day `day` counts as handed in: nine in the
/// morning there, when outreach points open.
pub fn handed_in_at(day: NaiveDate) -> DateTime<Utc> {
    let nine_in_riyadh = NaiveTime::from_hms_opt(6, 0, 0).unwrap_or_default();
    day.and_time(nine_in_riyadh).and_utc()
}

/// Brings a row in (see [`Op::Import`]): a new request at the point `to`, as the sheet has
/// it, or a request an earlier import brought in, brought up to date. Only the head office
/// imports; a request typed in the system is never written over.
pub(crate) fn apply(
    current: Option<&Case>,
    mutation: &Mutation,
    (reference, to, row): (&Reference, &OutreachPoint, &ImportedRequest),
    actor: &Actor,
    ctx: &Context,
) -> Result<Case, Rejection> {
    // Bringing the register in is part of setting the association up.
    if !actor.role.reaches(crate::access::Area::Setup) {
        return Err(Rejection::Permission);
    }
    if !row.well_formed() {
        return Err(Rejection::Malformed);
    }
    let by = actor.user.clone();
    let submitted_at = row.submitted_on.map(handed_in_at);
    let source = Imported {
        file: row.file.trim().to_owned(),
        row: row.row,
        by: by.clone(),
        at: ctx.now,
    };
    let registration = |case: Option<&Case>| {
        row.file_number
            .as_ref()
            .map(|n| match case.and_then(|c| c.registration.clone()) {
                Some(r) if &r.file_number == n => r,
                _ => Registration {
                    file_number: n.clone(),
                    by: by.clone(),
                    at: ctx.now,
                },
            })
    };
    let Some(case) = current else {
        let mut case = Case::new(
            mutation.case_id,
            reference.clone(),
            row.request.clone(),
            to.clone(),
            by.clone(),
            submitted_at.unwrap_or(ctx.now),
        );
        case.submitted_at = submitted_at;
        case.answer_expected_on = submitted_at.map(|at| answer_expected_on(at, ctx.answer_days));
        case.registration = registration(None);
        case.services
            .extend(service_for(row, &case, mutation, &by, ctx.now));
        case.imports.push(source);
        move_to(&mut case, row.status, actor, ctx.now);
        return Ok(case);
    };
    if case.imports.is_empty() {
        return Err(invalid(Field::Reference, ErrorCode::TypedHere));
    }
    if case.anonymised_at.is_some() || case.discarded {
        return Err(Rejection::NotEditable {
            status: case.status,
        });
    }
    let mut next = case.clone();
    next.request = row.request.clone();
    next.registration = registration(Some(case)).or(next.registration);
    if submitted_at.is_some() && submitted_at != case.submitted_at {
        next.submitted_at = submitted_at;
        next.answer_expected_on = submitted_at.map(|at| answer_expected_on(at, ctx.answer_days));
    }
    if let Some(service) = service_for(row, case, mutation, &by, ctx.now) {
        if next.services.len() >= Service::MAX_PER_CASE {
            return Err(Rejection::Malformed);
        }
        next.services.push(service);
    }
    move_to(&mut next, row.status, actor, ctx.now);
    next.imports.push(source);
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::life::mutation::Op;
    use crate::life::status::Role;
    use crate::request::income::Halalas;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    /// A sheet's headings, as read.
    fn headings(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    /// The day the tests read rows on.
    fn today() -> NaiveDate {
        "2026-12-06".parse().expect("a day")
    }

    #[test]
    fn the_systems_own_export_maps_itself() {
        let headers = headings(&[
            "المرجع",
            "اسم مقدم الطلب",
            "رقم الهوية",
            "الجوال",
            "الحالة",
            "القناة",
            "المحافظة",
            "نقطة الاستقبال",
            "الدعم المطلوب",
            "تاريخ التقديم (ميلادي)",
            "تاريخ التقديم (هجري)",
            "موعد الرد (ميلادي)",
        ]);
        let mapped = guess(&headers);
        assert_eq!(mapped[0], Some(Column::Reference));
        assert_eq!(mapped[1], Some(Column::FullName));
        assert_eq!(mapped[2], Some(Column::NationalId));
        assert_eq!(mapped[8], Some(Column::SupportTypes));
        assert_eq!(mapped[9], Some(Column::SubmittedOn));
        // The Hijri twin of a date already taken, and a column no field holds, stay out.
        assert_eq!(mapped[10], None);
        assert_eq!(mapped[11], None);
        // English headers, and people's spellings, are known too.
        let english = guess(&[
            "National ID".into(),
            "  MOBILE ".into(),
            "رقم الهويه".into(),
        ]);
        assert_eq!(
            english,
            vec![Some(Column::NationalId), Some(Column::Mobile), None]
        );
        assert_eq!(header_key("الإسم  الأوّل"), header_key("الاسم الأول"));
        assert_eq!(
            super::status(&text("قدمت الخدمة")),
            Ok(CaseStatus::ServiceDelivered)
        );
    }

    #[test]
    fn ids_are_read_as_excel_and_people_keep_them() {
        let id = "1044556676";
        assert!(NationalId::parse(id).is_ok(), "a valid ID to test with");
        assert_eq!(
            national_id(&Cell::Number(1_044_556_676.0)).map(|i| i.to_string()),
            Ok(id.into())
        );
        assert_eq!(
            national_id(&text("١٠٤٤٥٥٦٦٧٦")).map(|i| i.to_string()),
            Ok(id.into())
        );
        assert_eq!(
            national_id(&text("1.044556676E+09")).map(|i| i.to_string()),
            Ok(id.into())
        );
        assert!(national_id(&text("1044556675")).is_err(), "its check digit");
        assert_eq!(national_id(&Cell::Empty), Err(ErrorCode::Required));
    }

    #[test]
    fn mobiles_are_read_in_each_form() {
        for cell in [
            text("0551234567"),
            text("966551234567"),
            text("+966 55 123 4567"),
            text("٠٥٥١٢٣٤٥٦٧"),
            Cell::Number(551_234_567.0),
        ] {
            assert_eq!(
                mobile(&cell).map(|m| m.as_str().to_owned()),
                Ok("0551234567".into()),
                "{cell:?}"
            );
        }
        assert!(mobile(&text("0123")).is_err());
    }

    #[test]
    fn dates_are_read_in_either_calendar_and_as_excel_numbers() {
        let day = |s: &str| s.parse::<NaiveDate>().expect("a day");
        assert_eq!(date(&Cell::Number(45_362.0)), Ok(day("2024-03-11")));
        assert_eq!(date(&text("1445/09/01")), Ok(day("2024-03-11")));
        assert_eq!(date(&text("١٤٤٥/٠٩/٠١")), Ok(day("2024-03-11")));
        assert_eq!(date(&text("11/03/2024")), Ok(day("2024-03-11")));
        assert_eq!(date(&Cell::Date(day("2024-03-11"))), Ok(day("2024-03-11")));
        assert_eq!(date(&Cell::Number(45_362.5)), Err(ErrorCode::DateFormat));
        assert_eq!(date(&text("غدًا")), Err(ErrorCode::DateFormat));
    }

    #[test]
    fn choices_are_read_by_code_or_name_in_either_language() {
        assert_eq!(
            choice::<Governorate>(&text("صامطة")),
            Ok(Governorate::Samtah)
        );
        assert_eq!(
            choice::<Governorate>(&text("samtah")),
            Ok(Governorate::Samtah)
        );
        assert_eq!(
            choice::<Governorate>(&text("Samtah")),
            Ok(Governorate::Samtah)
        );
        assert_eq!(
            choice::<Governorate>(&text("الرياض")),
            Err(ErrorCode::UnknownChoice)
        );
        let status = CaseStatus::Submitted;
        assert_eq!(super::status(&text(status.label_ar())), Ok(status));
        assert_eq!(super::status(&text("submitted")), Ok(status));
        let asked = choices::<SupportType>(&text(&format!(
            "{}، {}",
            SupportType::ALL[0].label_ar(),
            SupportType::ALL[1].label_en()
        )));
        assert_eq!(asked, Ok(vec![SupportType::ALL[0], SupportType::ALL[1]]));
    }

    #[test]
    fn a_whole_name_is_split_into_its_four_parts() {
        assert_eq!(
            name_parts("محمد يحيى علي آل الفيفي"),
            ["محمد", "يحيى", "علي", "آل الفيفي"].map(String::from)
        );
        assert_eq!(
            name_parts("هند الحازمي"),
            ["هند", "", "", "الحازمي"].map(String::from)
        );
    }

    #[test]
    fn a_service_delivered_is_read_by_the_rules_of_one_recorded() {
        let today = today();
        let headers = headings(&[
            "رقم الهوية",
            "الاسم",
            "الخدمة المقدمة",
            "تاريخ الخدمة",
            "مبلغ الخدمة",
        ]);
        let mapping = guess(&headers);
        assert_eq!(
            mapping[2..],
            [
                Some(Column::ServiceKind),
                Some(Column::ServiceDate),
                Some(Column::ServiceAmount)
            ]
        );
        let kind = SupportType::ALL[0];
        let cells = [
            Cell::Number(1_044_556_676.0),
            text("محمد يحيى علي الفيفي"),
            text(kind.label_ar()),
            text("1446/05/01"),
            text("١٢٬٥٠٠"),
        ];
        let row = read_row(2, &cells, &mapping, today).expect("read");
        let service = row.service.expect("a service");
        assert_eq!((service.kind, service.amount), (kind, Halalas(1_250_000)));
        let mut unpriced = cells.clone();
        unpriced[4] = Cell::Empty;
        let problems = read_row(3, &unpriced, &mapping, today).expect_err("refused");
        assert_eq!(problems[0].field, Field::ServiceAmount);
        assert_eq!(problems[0].column, Some(Column::ServiceAmount));
    }

    #[test]
    fn a_row_is_read_and_checked_by_the_typed_requests_rules() {
        let today = today();
        let headers = headings(&[
            "رقم الهوية",
            "الاسم",
            "الجوال",
            "المحافظة",
            "تاريخ التقديم",
            "الحالة",
        ]);
        let mapping = guess(&headers);
        let good = [
            Cell::Number(1_044_556_676.0),
            text("محمد يحيى علي الفيفي"),
            Cell::Number(551_234_567.0),
            text("صامطة"),
            text("1447/03/10"),
            text("مقدَّم"),
        ];
        let row = read_row(2, &good, &mapping, today).expect("read");
        assert_eq!(row.form.applicant.national_id, "1044556676");
        assert_eq!(row.form.applicant.family_name, "الفيفي");
        assert_eq!(row.form.applicant.mobile, "0551234567");
        assert_eq!(row.form.applicant.governorate, "samtah");
        assert_eq!(row.status, CaseStatus::Submitted);
        assert!(row.submitted_on.is_some());
        // What an old register lacks (household, income, signature) is not asked for.
        let mut bad = good.clone();
        bad[0] = text("1044556675");
        bad[2] = text("0123");
        bad[3] = text("الرياض");
        let problems = read_row(3, &bad, &mapping, today).expect_err("refused");
        let fields: Vec<Field> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            vec![Field::NationalId, Field::Mobile, Field::Governorate]
        );
        assert_eq!(problems[0].column, Some(Column::NationalId));
        // No ID at all: refused, whatever else the row holds.
        let mut nameless = good.clone();
        nameless[0] = Cell::Empty;
        let problems = read_row(4, &nameless, &mapping, today).expect_err("refused");
        assert_eq!(problems[0].field, Field::NationalId);
        assert_eq!(problems[0].code, ErrorCode::Required);
    }

    #[test]
    fn the_head_office_brings_a_row_in_and_up_to_date_but_never_over_a_typed_request() {
        use crate::life::apply::tests::{actor, created, officer, point, run};
        let head_office = actor(9, Role::HeadOffice, None);
        let mut request = RequestForm::default();
        request.applicant.first_name = "محمد".into();
        request.applicant.family_name = "الفيفي".into();
        request.applicant.national_id = "1044556676".into();
        let row = ImportedRequest {
            file: "السجل.xlsx".into(),
            row: 7,
            status: CaseStatus::Registered,
            submitted_on: Some("2025-03-11".parse().expect("a day")),
            file_number: Some("ج-1203".into()),
            service: Some(ImportedService {
                kind: SupportType::ALL[0],
                delivered_on: "2025-06-01".parse().expect("a day"),
                amount: Halalas(1_250_000),
                supplier: "مؤسسة الإعمار".into(),
            }),
            request,
        };
        let op = |row: &ImportedRequest| Op::Import {
            reference: Reference::new(12, 7).expect("in range"),
            to: point("samtah"),
            row: Box::new(row.clone()),
        };
        assert_eq!(run(None, op(&row), &officer()), Err(Rejection::Permission));
        let case = run(None, op(&row), &head_office).expect("imported");
        assert_eq!(case.status, CaseStatus::Registered);
        assert_eq!(case.outreach_point.id, "samtah");
        assert_eq!(case.imports.len(), 1);
        assert_eq!(case.imports[0].row, 7);
        assert_eq!(
            case.registration.as_ref().map(|r| r.file_number.as_str()),
            Some("ج-1203")
        );
        assert_eq!(
            case.timeline.len(),
            1,
            "one step, from nothing to its status"
        );
        assert_eq!(
            case.submitted_at.map(crate::dates::saudi_date),
            row.submitted_on
        );
        assert!(case.answer_expected_on.is_some());

        // A later sheet brings it up to date, and says so.
        let mut later = row.clone();
        later.row = 9;
        later.status = CaseStatus::ServiceDelivered;
        let updated = run(Some(&case), op(&later), &head_office).expect("updated");
        assert_eq!(updated.status, CaseStatus::ServiceDelivered);
        assert_eq!(updated.imports.len(), 2);
        assert_eq!(
            updated.services.len(),
            1,
            "the same service is not recorded twice"
        );
        assert_eq!(updated.timeline.len(), 2);

        // A request typed here is not written over; a draft is no status to bring in.
        let typed = created(&officer(), RequestForm::default());
        assert_eq!(
            run(Some(&typed), op(&row), &head_office),
            Err(invalid(Field::Reference, ErrorCode::TypedHere))
        );
        let mut draft = row;
        draft.status = CaseStatus::Draft;
        assert_eq!(
            run(None, op(&draft), &head_office),
            Err(Rejection::Malformed)
        );
    }
}
