//! Bytes in, bytes out: generic tables for import and export as XLSX or CSV.
//!
//! Nothing here touches the file system or the network; callers pass the bytes of an uploaded
//! file and get back a [`Table`] of trimmed strings, or pass a [`Table`] and get back the bytes
//! of a file to send.

mod csv;
mod table;
mod xlsx;

use std::fmt;

pub use table::Table;

/// A spreadsheet file format this crate reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableFormat {
    Xlsx,
    Csv,
}

impl TableFormat {
    /// The format named by a file name's extension, ignoring case: `"DS.XLSX"` is XLSX.
    pub fn from_file_name(file_name: &str) -> Option<Self> {
        let (_, extension) = file_name.rsplit_once('.')?;
        if extension.eq_ignore_ascii_case("xlsx") {
            Some(Self::Xlsx)
        } else if extension.eq_ignore_ascii_case("csv") {
            Some(Self::Csv)
        } else {
            None
        }
    }

    /// The MIME type to send with a file of this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }
}

/// How the format is named to users in error messages.
impl fmt::Display for TableFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Xlsx => f.write_str("Excel (.xlsx)"),
            Self::Csv => f.write_str("CSV (.csv)"),
        }
    }
}

/// Why a table could not be read or written. Messages are in Vietnamese because they are
/// shown as they are to the people who uploaded the file.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("Tệp trống, không có dữ liệu.")]
    EmptyFile,
    #[error("Không tìm thấy dòng tiêu đề: trang tính đầu tiên không có dòng nào có dữ liệu.")]
    NoHeaderRow,
    #[error(
        "Nội dung tệp không đúng định dạng {expected}. Hãy mở tệp bằng Excel và lưu lại dưới dạng {expected}."
    )]
    WrongFormat { expected: TableFormat },
    #[error("Không đọc được tệp Excel: {0}")]
    UnreadableXlsx(String),
    #[error(
        "Tệp CSV không dùng bảng mã UTF-8 (lỗi ở dòng {line}). Hãy lưu lại tệp bằng Excel với kiểu \"CSV UTF-8\"."
    )]
    InvalidUtf8Csv { line: usize },
    #[error("Không đọc được tệp CSV: {0}")]
    UnreadableCsv(String),
    #[error("Bảng quá lớn cho Excel: tối đa 1.048.575 dòng dữ liệu và 16.384 cột.")]
    TooLargeForXlsx,
    #[error("Không tạo được tệp Excel: {0}")]
    XlsxWrite(String),
    #[error("Không tạo được tệp CSV: {0}")]
    CsvWrite(String),
}

/// Reads the first sheet (XLSX) or the whole file (CSV) into a [`Table`].
///
/// The first row with any non-blank cell gives the headers; cells are trimmed and rows whose
/// cells are all blank are skipped, while [`Table::row_number`] still reports the row the user
/// sees in the spreadsheet.
pub fn read_table(bytes: &[u8], format: TableFormat) -> Result<Table, RenderError> {
    match format {
        TableFormat::Xlsx => xlsx::read(bytes),
        TableFormat::Csv => csv::read(bytes),
    }
}

/// Writes `table` as a one-sheet XLSX workbook: bold frozen header row with an autofilter,
/// columns sized to their content, every cell as text so codes keep their leading zeros.
pub fn write_xlsx(sheet_name: &str, table: &Table) -> Result<Vec<u8>, RenderError> {
    xlsx::write(sheet_name, table)
}

/// Writes `table` as CSV: UTF-8 with a BOM (without it Excel misreads Vietnamese), comma
/// delimiter, CRLF line ends.
pub fn write_csv(table: &Table) -> Result<Vec<u8>, RenderError> {
    csv::write(table)
}
