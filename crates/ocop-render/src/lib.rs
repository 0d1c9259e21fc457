//! Bytes in, bytes out: generic tables for import and export as XLSX or CSV.
//!
//! Nothing here touches the file system or the network; callers pass the bytes of an uploaded
//! file and get back a [`Table`] of trimmed strings, or pass a [`Table`] and get back the bytes
//! of a file to send.

mod csv;
pub mod labels;
mod table;
mod xlsx;

use std::fmt;

pub use table::Table;

/// How much of an uploaded spreadsheet is read at most. Every bound is checked while reading,
/// before memory is spent on what lies beyond it, so no file can make a reader allocate more
/// than these allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Data rows under the header row.
    pub max_rows: usize,
    /// Columns, counted from A (or the first field of a CSV line).
    pub max_columns: usize,
    /// Bytes an XLSX archive may unpack to in all (its XML parts), as the archive declares
    /// them; the unpacker refuses to produce more than declared.
    pub max_unpacked_bytes: u64,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_rows: 50_000,
            max_columns: 100,
            max_unpacked_bytes: 128 * 1024 * 1024,
        }
    }
}

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
    #[error(
        "Tệp có quá nhiều dòng: tối đa {max_rows} dòng dữ liệu sau dòng tiêu đề (có dữ liệu ở dòng {row}). Hãy chia tệp thành nhiều tệp nhỏ hơn."
    )]
    TooManyRows { max_rows: usize, row: usize },
    #[error(
        "Tệp có quá nhiều cột: tối đa {max_columns} cột (có dữ liệu ở cột {column}, dòng {row}). Hãy xóa các cột thừa."
    )]
    TooManyColumns {
        max_columns: usize,
        /// As the spreadsheet names it: "CW" in Excel, "101" in a CSV.
        column: String,
        row: usize,
    },
    #[error(
        "Tệp Excel giải nén ra quá lớn ({unpacked_mb} MB, tối đa {max_mb} MB). Hãy chia tệp thành nhiều tệp nhỏ hơn."
    )]
    TooLargeUnpacked { unpacked_mb: u64, max_mb: u64 },
    #[error("Bảng quá lớn cho Excel: tối đa 1.048.575 dòng dữ liệu và 16.384 cột.")]
    TooLargeForXlsx,
    #[error("Không tạo được tệp Excel: {0}")]
    XlsxWrite(String),
    #[error("Không tạo được tệp CSV: {0}")]
    CsvWrite(String),
}

/// Reads the first sheet (XLSX) or the whole file (CSV) into a [`Table`], within `limits`.
///
/// Only cells that hold a value are read: a single cell far to the right or bottom of an
/// otherwise small sheet costs nothing, and is refused if it lies beyond the limits. The first row with any non-blank cell gives the headers; cells are trimmed and rows whose
/// cells are all blank are skipped, while [`Table::row_number`] still reports the row the user
/// sees in the spreadsheet.
pub fn read_table(
    bytes: &[u8],
    format: TableFormat,
    limits: &ReadLimits,
) -> Result<Table, RenderError> {
    match format {
        TableFormat::Xlsx => xlsx::read(bytes, limits),
        TableFormat::Csv => csv::read(bytes, limits),
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
