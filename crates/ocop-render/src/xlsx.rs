use std::io::Cursor;

use calamine::{Data, ExcelDateTime, Reader, Xlsx};
use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook};

use crate::{RenderError, Table, TableFormat};

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

pub(crate) fn read(bytes: &[u8]) -> Result<Table, RenderError> {
    if bytes.is_empty() {
        return Err(RenderError::EmptyFile);
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(RenderError::WrongFormat {
            expected: TableFormat::Xlsx,
        });
    }
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|error| RenderError::UnreadableXlsx(error.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(RenderError::NoHeaderRow)?
        .map_err(|error| RenderError::UnreadableXlsx(error.to_string()))?;
    // The range starts at the first used cell, not at A1; its row is 0-based.
    let first_row_number = range.start().map_or(1, |(row, _)| row as usize + 1);
    let source_rows = range.rows().enumerate().map(|(offset, cells)| {
        (
            first_row_number + offset,
            cells.iter().map(cell_text).collect(),
        )
    });
    Table::from_source_rows(source_rows)
}

/// A cell as the user reads it in Excel, within reason: whole numbers without ".0", dates
/// as YYYY-MM-DD.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number_text(*number),
        Data::Bool(true) => "TRUE".to_owned(),
        Data::Bool(false) => "FALSE".to_owned(),
        Data::DateTime(datetime) => datetime_text(datetime),
        Data::DateTimeIso(iso) => iso_datetime_text(iso),
        Data::DurationIso(iso) => iso.clone(),
        Data::Error(error) => error.to_string(),
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
