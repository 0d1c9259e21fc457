use std::borrow::Cow;

use ::csv::{ReaderBuilder, StringRecord, Terminator, WriterBuilder};

use crate::{ReadLimits, RenderError, Table, TableFormat};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// First bytes of the binary spreadsheet files people upload under a .csv name: an XLSX
/// (a ZIP archive) and an old XLS (an OLE2 compound file).
const SPREADSHEET_MAGICS: [&[u8]; 2] = [b"PK\x03\x04", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"];

pub(crate) fn read(bytes: &[u8], limits: &ReadLimits) -> Result<Table, RenderError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(RenderError::EmptyFile);
    }
    if SPREADSHEET_MAGICS
        .iter()
        .any(|magic| bytes.starts_with(magic))
    {
        return Err(RenderError::WrongFormat {
            expected: TableFormat::Csv,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|error| RenderError::InvalidUtf8Csv {
        line: 1 + count_newlines(&bytes[..error.valid_up_to()]),
    })?;

    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut record = StringRecord::new();
    let mut source_rows = Vec::new();
    // Excel shows each record as one row and each blank line as an empty row, while a quoted
    // cell may span several lines of the file. So a record's row number is the line it
    // starts on minus the line breaks inside the cells of the records before it.
    let mut newlines_before = 0;
    let mut counted_to = 0;
    let mut breaks_in_cells = 0;
    let mut non_blank_rows = 0;
    while reader
        .read_record(&mut record)
        .map_err(|error| RenderError::UnreadableCsv(error.to_string()))?
    {
        // The position is where the reader resumed after the previous record (read_record
        // always sets it); blank lines it skipped come before the record's real start.
        let resumed_at = record
            .position()
            .map_or(counted_to, |position| position.byte() as usize);
        let start = resumed_at
            + bytes[resumed_at..]
                .iter()
                .take_while(|&&byte| byte == b'\r' || byte == b'\n')
                .count();
        newlines_before += count_newlines(&bytes[counted_to..start]);
        counted_to = start;
        let row = newlines_before + 1 - breaks_in_cells;
        // Limits as for XLSX: only fields with a value count, so the trailing separators Excel
        // writes for empty columns do not. Blank records are not kept (the table drops them
        // anyway), so a file of empty lines costs nothing.
        if let Some(column) = (0..record.len())
            .rev()
            .find(|&i| !record[i].trim().is_empty())
        {
            if column >= limits.max_columns {
                return Err(RenderError::TooManyColumns {
                    max_columns: limits.max_columns,
                    column: (column + 1).to_string(),
                    row,
                });
            }
            non_blank_rows += 1;
            if non_blank_rows > limits.max_rows + 1 {
                return Err(RenderError::TooManyRows {
                    max_rows: limits.max_rows,
                    row,
                });
            }
            let cells = record.iter().take(column + 1);
            source_rows.push((row, cells.map(|cell| restore(cell).to_owned()).collect()));
        }
        breaks_in_cells += record
            .iter()
            .map(|cell| cell.matches('\n').count())
            .sum::<usize>();
    }
    Table::from_source_rows(source_rows)
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&byte| byte == b'\n').count()
}

/// Excel on Windows set to Vietnamese (where the comma is the decimal separator) saves CSV
/// with semicolons. The header line holds names, not decimals, so whichever of the two
/// appears more often there outside quotes is the delimiter.
fn sniff_delimiter(text: &str) -> u8 {
    let header_line = text
        .lines()
        .find(|line| {
            line.chars()
                .any(|c| !matches!(c, ',' | ';' | '"') && !c.is_whitespace())
        })
        .unwrap_or_default();
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in header_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// First characters that make a spreadsheet read a CSV cell as a formula (OWASP, "CSV
/// Injection"): a producer could plant `=HYPERLINK(…)` in its own record and an official would
/// run it by opening an export.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// What marks a neutralised cell: Excel shows text after an apostrophe as it is.
const TEXT_MARK: char = '\'';

fn neutralise(cell: &str) -> Cow<'_, [u8]> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("{TEXT_MARK}{cell}").into_bytes())
    } else {
        Cow::Borrowed(cell.as_bytes())
    }
}

/// Undoes [`neutralise`], so that an export imports back as it was.
fn restore(cell: &str) -> &str {
    match cell.strip_prefix(TEXT_MARK) {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

pub(crate) fn write(table: &Table) -> Result<Vec<u8>, RenderError> {
    let mut writer = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(UTF8_BOM.to_vec());
    writer
        .write_record(table.headers.iter().map(|h| neutralise(h)))
        .map_err(write_error)?;
    let width = table.headers.len();
    for row in &table.rows {
        // Pad explicitly: `rows` is public, so a caller may have pushed a short row.
        let cells = (0..width).map(|column| neutralise(row.get(column).map_or("", String::as_str)));
        writer.write_record(cells).map_err(write_error)?;
    }
    writer
        .into_inner()
        .map_err(|error| RenderError::CsvWrite(error.to_string()))
}

fn write_error(error: ::csv::Error) -> RenderError {
    RenderError::CsvWrite(error.to_string())
}
