use std::io::Cursor;

use calamine::{DataRef, ExcelDateTime, Reader, Xlsx, XlsxError};
use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook};

use crate::{ReadLimits, RenderError, Table, TableFormat};

/// Every XLSX file is a ZIP archive, which starts with these bytes.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Excel's sheet limits: rows including the header, and columns.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLUMNS: usize = 16_384;

/// Widest a column gets from autofit, in pixels: long descriptions should wrap off-screen
/// rather than push every other column out of view.
const MAX_COLUMN_WIDTH_PIXELS: u32 = 300;

/// Autofit measures only this many rows: it is slow on large sheets and the first rows are
/// what users see when they open the file.
const AUTOFIT_ROWS: RowNum = 500;

pub(crate) fn read(bytes: &[u8], limits: &ReadLimits) -> Result<Table, RenderError> {
    if bytes.is_empty() {
        return Err(RenderError::EmptyFile);
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(RenderError::WrongFormat {
            expected: TableFormat::Xlsx,
        });
    }
    check_unpacked_size(bytes, limits.max_unpacked_bytes)?;
    let unreadable = |error: XlsxError| RenderError::UnreadableXlsx(error.to_string());
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let first_sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(RenderError::NoHeaderRow)?;
    let mut cells = workbook
        .worksheet_cells_reader(&first_sheet)
        .map_err(unreadable)?;
    // Only the cells the file holds, by their 0-based row: a sheet's declared range may span
    // a million rows for one stray cell, and expanding it would allocate for every cell.
    // Rows in sheet order: cells come row by row, so a row is nearly always the last one.
    let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
    let mut first_column = usize::MAX;
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let text = cell_text(cell.get_value());
        if text.trim().is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        let column = column as usize;
        if column >= limits.max_columns {
            return Err(RenderError::TooManyColumns {
                max_columns: limits.max_columns,
                column: column_name(column),
                row: row as usize + 1,
            });
        }
        let index = match rows.last() {
            Some((last, _)) if *last == row => rows.len() - 1,
            Some((last, _)) if *last > row => match rows.binary_search_by_key(&row, |(r, _)| *r) {
                Ok(index) => index,
                Err(index) => {
                    check_row_count(rows.len(), row, limits)?;
                    rows.insert(index, (row, Vec::new()));
                    index
                }
            },
            _ => {
                check_row_count(rows.len(), row, limits)?;
                rows.push((row, Vec::new()));
                rows.len() - 1
            }
        };
        first_column = first_column.min(column);
        let cells = &mut rows[index].1;
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = text;
    }
    // A table may start right of column A, as in sheets that leave a margin.
    Table::from_source_rows(rows.into_iter().map(|(row, mut cells)| {
        cells.drain(..first_column.min(cells.len()));
        (row as usize + 1, cells)
    }))
}

/// Refuses a new row once the header row and `max_rows` data rows are held.
fn check_row_count(held: usize, row: u32, limits: &ReadLimits) -> Result<(), RenderError> {
    if held > limits.max_rows {
        return Err(RenderError::TooManyRows {
            max_rows: limits.max_rows,
            row: row as usize + 1,
        });
    }
    Ok(())
}

/// Refuses an archive whose parts would unpack to more than `max` bytes (a "zip bomb": a few
/// kilobytes that inflate to gigabytes of XML), reading only its directory. The unpacker
/// refuses to inflate a part past its declared size, so the declared sizes are a bound.
fn check_unpacked_size(bytes: &[u8], max: u64) -> Result<(), RenderError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| RenderError::UnreadableXlsx(error.to_string()))?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive
            .by_index_raw(index)
            .map_err(|error| RenderError::UnreadableXlsx(error.to_string()))?;
        total = total.saturating_add(part.size());
    }
    if total > max {
        const MB: u64 = 1024 * 1024;
        return Err(RenderError::TooLargeUnpacked {
            unpacked_mb: total.div_ceil(MB),
            max_mb: max / MB,
        });
    }
    Ok(())
}

/// Excel's name of a 0-based column: 0 is "A", 26 is "AA", 16383 is "XFD".
fn column_name(column: usize) -> String {
    let mut name = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        name.push(b'A' + digit as u8);
        rest = (rest - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// A cell as the user reads it in Excel, within reason: whole numbers without ".0", dates
/// as YYYY-MM-DD.
fn cell_text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(text) => text.clone(),
        DataRef::SharedString(text) => (*text).to_owned(),
        DataRef::Int(number) => number.to_string(),
        DataRef::Float(number) => number_text(*number),
        DataRef::Bool(true) => "TRUE".to_owned(),
        DataRef::Bool(false) => "FALSE".to_owned(),
        DataRef::DateTime(datetime) => datetime_text(datetime),
        DataRef::DateTimeIso(iso) => iso_datetime_text(iso),
        DataRef::DurationIso(iso) => iso.clone(),
        DataRef::Error(error) => error.to_string(),
    }
}

/// Excel keeps 15 significant digits and shows no more; rounding to them turns the binary
/// noise of a stored 0.1 + 0.2 back into "0.3". Rust's `Display` for `f64` never uses an
/// exponent and prints whole numbers without ".0".
fn number_text(number: f64) -> String {
    let rounded: f64 = format!("{number:.14e}").parse().unwrap_or(number);
    // -0.0 would print as "-0".
    if rounded == 0.0 { 0.0 } else { rounded }.to_string()
}

fn datetime_text(datetime: &ExcelDateTime) -> String {
    if datetime.is_duration() {
        let total_seconds = (datetime.as_f64() * 86_400.0).round() as i64;
        let sign = if total_seconds < 0 { "-" } else { "" };
        let seconds = total_seconds.unsigned_abs();
        return format!(
            "{sign}{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        );
    }
    let (year, month, day, hour, minute, second, _) = datetime.to_ymd_hms_milli();
    let date = format!("{year:04}-{month:02}-{day:02}");
    let time = format!("{hour:02}:{minute:02}:{second:02}");
    // A time of day alone is stored as a fraction of day 0, which has no real date.
    if datetime.as_f64() < 1.0 {
        time
    } else if (hour, minute, second) == (0, 0, 0) {
        date
    } else {
        format!("{date} {time}")
    }
}

/// Cells of type "d" hold ISO 8601 text such as "2024-03-15T00:00:00"; show them like
/// [`datetime_text`] does.
fn iso_datetime_text(iso: &str) -> String {
    match iso.split_once('T') {
        Some((date, time)) if time.trim_end_matches(['0', ':', '.', 'Z']).is_empty() => {
            date.to_owned()
        }
        Some((date, time)) => format!("{date} {time}"),
        None => iso.to_owned(),
    }
}

pub(crate) fn write(sheet_name: &str, table: &Table) -> Result<Vec<u8>, RenderError> {
    let width = table.headers.len();
    if table.rows.len() >= MAX_ROWS || width > MAX_COLUMNS {
        return Err(RenderError::TooLargeForXlsx);
    }
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .set_name(excel_sheet_name(sheet_name))
        .map_err(write_error)?;

    let bold = Format::new().set_bold();
    for (column, header) in table.headers.iter().enumerate() {
        // Casts are lossless: the sizes were checked against Excel's limits above.
        sheet
            .write_string_with_format(0, column as ColNum, header, &bold)
            .map_err(write_error)?;
    }
    for (index, row) in table.rows.iter().enumerate() {
        for (column, value) in row.iter().take(width).enumerate() {
            // Always text: a tax code "0101234567" written as a number would lose its zero.
            if !value.is_empty() {
                sheet
                    .write_string((index + 1) as RowNum, column as ColNum, value)
                    .map_err(write_error)?;
            }
        }
    }

    if width > 0 {
        sheet.set_freeze_panes(1, 0).map_err(write_error)?;
        sheet
            .autofilter(0, 0, table.rows.len() as RowNum, (width - 1) as ColNum)
            .map_err(write_error)?;
    }
    // After the autofilter, so autofit leaves room for the header's dropdown arrows.
    sheet
        .set_autofit_max_row(AUTOFIT_ROWS)
        .set_autofit_max_width(MAX_COLUMN_WIDTH_PIXELS)
        .autofit();

    workbook.save_to_buffer().map_err(write_error)
}

fn write_error(error: rust_xlsxwriter::XlsxError) -> RenderError {
    RenderError::XlsxWrite(error.to_string())
}

/// Excel refuses sheet names over 31 UTF-16 units, with any of `[]:*?/\`, or starting or
/// ending with an apostrophe. Callers pass human titles such as a province's name, so the
/// name is adapted rather than the export failing.
fn excel_sheet_name(name: &str) -> String {
    const MAX_UNITS: usize = 31;
    let mut sheet_name = String::new();
    let mut units = 0;
    for c in name.trim().chars() {
        units += c.len_utf16();
        if units > MAX_UNITS {
            break;
        }
        sheet_name.push(if "[]:*?/\\".contains(c) { '-' } else { c });
    }
    let sheet_name = sheet_name.trim_matches('\'').trim();
    if sheet_name.is_empty() {
        "Sheet1".to_owned()
    } else {
        sheet_name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_excel_shows_them() {
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1234.5), "1234.5");
        assert_eq!(number_text(101234567.0), "101234567");
    }

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(100), "CW");
        assert_eq!(column_name(16_383), "XFD");
    }

    #[test]
    fn sheet_names_are_made_acceptable_to_excel() {
        assert_eq!(excel_sheet_name("Sản phẩm"), "Sản phẩm");
        assert_eq!(excel_sheet_name("Kỳ 1/2024: [A]"), "Kỳ 1-2024- -A-");
        assert_eq!(
            excel_sheet_name("Danh sách sản phẩm OCOP tỉnh Thừa Thiên Huế"),
            "Danh sách sản phẩm OCOP tỉnh Th"
        );
        assert_eq!(excel_sheet_name("'  '"), "Sheet1");
    }

    #[test]
    fn iso_datetimes_drop_a_midnight_time() {
        assert_eq!(iso_datetime_text("2024-03-15T00:00:00"), "2024-03-15");
        assert_eq!(
            iso_datetime_text("2024-03-15T08:30:00"),
            "2024-03-15 08:30:00"
        );
        assert_eq!(iso_datetime_text("2024-03-15"), "2024-03-15");
    }
}
