//! Reading a sheet the head office brings in, a few rows at a time: an Excel workbook's
//! first sheet, or a CSV table in UTF-8 or Windows-1256 (as Arabic Excel saves it).

use std::io::Cursor;
use std::sync::Arc;

use calamine::{DataRef, Reader, Xlsx};
use chrono::{Duration, NaiveDate};
use shared::import::Cell;
use shared::validation::ErrorCode;
use tokio::sync::mpsc;

/// What the reader hands on, in order: the headers once, then rows in pieces.
#[derive(Debug)]
pub enum Piece {
    /// The first row that holds anything.
    Headers(Vec<String>),
    /// Rows under them, each with its number in the sheet (the first row being 1).
    Rows(Vec<(u32, Vec<Cell>)>),
}

/// How many rows a piece holds: enough to write them in one group, few enough that a
/// sheet of any length is read in the same memory.
pub const PIECE: usize = 500;

/// Reads `bytes` on a thread of its own, handing pieces over as they are read; the reader
/// waits while two pieces are unread. A file that is no sheet ends with
/// [`ErrorCode::NotASheet`].
pub fn read(bytes: Arc<[u8]>) -> mpsc::Receiver<Result<Piece, ErrorCode>> {
    let (tx, rx) = mpsc::channel(2);
    tokio::task::spawn_blocking(move || {
        let sent = if bytes.starts_with(b"PK\x03\x04") {
            workbook(&bytes, &tx)
        } else {
            table(&bytes, &tx)
        };
        if let Err(code) = sent {
            let _ = tx.blocking_send(Err(code));
        }
    });
    rx
}

/// Hands rows on, the first that holds anything as the headers.
struct Out<'a> {
    tx: &'a mpsc::Sender<Result<Piece, ErrorCode>>,
    headers: bool,
    rows: Vec<(u32, Vec<Cell>)>,
}

impl Out<'_> {
    /// Takes a row; false once nobody reads any more.
    fn row(&mut self, number: u32, mut cells: Vec<Cell>) -> bool {
        while cells.last().is_some_and(Cell::is_empty) {
            cells.pop();
        }
        if cells.is_empty() {
            return true;
        }
        if !self.headers {
            self.headers = true;
            let headers = cells.iter().map(Cell::text).collect();
            return self.tx.blocking_send(Ok(Piece::Headers(headers))).is_ok();
        }
        self.rows.push((number, cells));
        if self.rows.len() >= PIECE {
            let rows = std::mem::take(&mut self.rows);
            return self.tx.blocking_send(Ok(Piece::Rows(rows))).is_ok();
        }
        true
    }

    /// Hands on what is left; a sheet without even headers is no sheet.
    fn end(self) -> Result<(), ErrorCode> {
        if !self.headers {
            return Err(ErrorCode::NotASheet);
        }
        if !self.rows.is_empty() {
            let _ = self.tx.blocking_send(Ok(Piece::Rows(self.rows)));
        }
        Ok(())
    }
}

/// The first sheet of a workbook, cell by cell, never the whole sheet at once.
fn workbook(bytes: &[u8], tx: &mpsc::Sender<Result<Piece, ErrorCode>>) -> Result<(), ErrorCode> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| ErrorCode::NotASheet)?;
    let first = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or(ErrorCode::NotASheet)?;
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|_| ErrorCode::NotASheet)?;
    let mut out = Out {
        tx,
        headers: false,
        rows: Vec::new(),
    };
    let mut row: Vec<Cell> = Vec::new();
    let mut at: Option<u32> = None;
    while let Some(cell) = cells.next_cell().map_err(|_| ErrorCode::NotASheet)? {
        let (r, c) = cell.get_position();
        if at != Some(r) {
            if let Some(done) = at {
                if !out.row(done + 1, std::mem::take(&mut row)) {
                    return Ok(());
                }
            }
            at = Some(r);
        }
        let c = c as usize;
        if row.len() <= c {
            row.resize(c + 1, Cell::Empty);
        }
        row[c] = value(cell.get_value());
    }
    if let Some(done) = at {
        out.row(done + 1, row);
    }
    out.end()
}

/// A workbook's cell as the import reads it.
fn value(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty | DataRef::Error(_) => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_owned()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        #[allow(
            clippy::cast_precision_loss,
            reason = "IDs and amounts stay far below 2^53"
        )]
        DataRef::Int(n) => Cell::Number(*n as f64),
        DataRef::Float(n) => Cell::Number(*n),
        DataRef::Bool(b) => Cell::Text(b.to_string()),
        DataRef::DateTime(d) => excel_day(d.as_f64()).map_or(Cell::Empty, Cell::Date),
    }
}

/// The day of an Excel date number (its time of day dropped).
fn excel_day(value: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&value) {
        return None;
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "checked to be under 3 million"
    )]
    let days = value.floor() as i64;
    NaiveDate::from_ymd_opt(1899, 12, 30).map(|epoch| epoch + Duration::days(days))
}

/// The text of a table: UTF-16 when it starts with its mark (Excel's «Unicode text»),
/// UTF-8 (with or without its mark), else Windows-1256 (Excel's «CSV» in Arabic).
fn decoded(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, ErrorCode> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            let (text, _, bad) = encoding.decode(bytes);
            return if bad {
                Err(ErrorCode::NotASheet)
            } else {
                Ok(text)
            };
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(ErrorCode::NotASheet);
    }
    Ok(match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1256
                .decode_without_bom_handling(bytes)
                .0
        }
    })
}

/// A CSV table, in any encoding [`decoded`] reads; its separator the one its first line
/// uses most of comma, semicolon and tab.
fn table(bytes: &[u8], tx: &mpsc::Sender<Result<Piece, ErrorCode>>) -> Result<(), ErrorCode> {
    let text = decoded(bytes)?;
    let first = text.lines().next().unwrap_or_default();
    let separator = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|s| first.bytes().filter(|b| b == s).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut out = Out {
        tx,
        headers: false,
        rows: Vec::new(),
    };
    // Rows are counted one a record, as a spreadsheet shows a file without blank lines (a
    // quoted cell over several lines is one row; a blank line is skipped, uncounted).
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|_| ErrorCode::NotASheet)?;
        let cells = record
            .iter()
            .map(|t| {
                // A leading apostrophe is how a spreadsheet kept the cell as text.
                let t = t.strip_prefix('\'').unwrap_or(t);
                if t.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(t.to_owned())
                }
            })
            .collect();
        let number = u32::try_from(i + 1).map_err(|_| ErrorCode::NotASheet)?;
        if !out.row(number, cells) {
            return Ok(());
        }
    }
    out.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything a file reads as: its headers, and each row's number and cells as text.
    async fn all(bytes: Vec<u8>) -> Result<(Vec<String>, Vec<(u32, Vec<String>)>), ErrorCode> {
        let mut pieces = read(bytes.into());
        let (mut headers, mut rows) = (Vec::new(), Vec::new());
        while let Some(piece) = pieces.recv().await {
            match piece? {
                Piece::Headers(h) => headers = h,
                Piece::Rows(r) => rows.extend(
                    r.into_iter()
                        .map(|(n, cells)| (n, cells.iter().map(Cell::text).collect())),
                ),
            }
        }
        Ok((headers, rows))
    }

    #[tokio::test]
    async fn tables_are_read_in_the_encodings_excel_saves() {
        let text = "رقم الهوية\tالاسم\r\n\r\n1044556676\t'محمد الفيفي\r\n";
        // «Unicode text»: UTF-16 with its mark, tab-separated.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (headers, rows) = all(utf16).await.expect("read");
        assert_eq!(headers, ["رقم الهوية", "الاسم"]);
        // A blank line is skipped; a leading apostrophe kept the cell as text.
        assert_eq!(
            rows,
            [(2, vec!["1044556676".to_owned(), "محمد الفيفي".to_owned()])]
        );
        // «CSV» in Arabic Windows, semicolons.
        let csv = text.replace('\t', ";");
        let (windows, _, _) = encoding_rs::WINDOWS_1256.encode(&csv);
        let (headers, rows) = all(windows.into_owned()).await.expect("read");
        assert_eq!(headers[1], "الاسم");
        assert_eq!(rows[0].1[1], "محمد الفيفي");
        // UTF-8 with its mark, commas.
        let mut utf8 = b"\xEF\xBB\xBF".to_vec();
        utf8.extend(text.replace('\t', ",").as_bytes());
        assert_eq!(all(utf8).await.expect("read").0, ["رقم الهوية", "الاسم"]);
        // Nothing, or what is no table at all.
        assert_eq!(all(Vec::new()).await, Err(ErrorCode::NotASheet));
        assert_eq!(
            all(b"PK\x03\x04 broken".to_vec()).await,
            Err(ErrorCode::NotASheet)
        );
    }
}
