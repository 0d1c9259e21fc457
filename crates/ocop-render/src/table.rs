use crate::RenderError;

/// A rectangular table of strings: a header row and data rows of the same width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    /// Data rows, each exactly `headers.len()` cells long.
    pub rows: Vec<Vec<String>>,
    /// The spreadsheet row number of each data row, parallel to `rows`.
    row_numbers: Vec<usize>,
}

/// Spreadsheet row number of the header row of a table built in memory.
const HEADER_ROW_NUMBER: usize = 1;

impl Table {
    /// A table to write: rows are padded with empty cells or cut to `headers.len()`, and
    /// numbered as if they followed the header row with no gaps.
    pub fn new(headers: Vec<String>, rows: Vec<Vec<String>>) -> Self {
        let width = headers.len();
        let row_numbers = (1..=rows.len()).map(|i| HEADER_ROW_NUMBER + i).collect();
        let rows = rows.into_iter().map(|row| fit_row(row, width)).collect();
        Self {
            headers,
            rows,
            row_numbers,
        }
    }

    /// The row number the user sees in the spreadsheet for data row `index`: with the header
    /// in row 1 and no blank rows, index 0 is row 2. Rows skipped while reading (blank ones,
    /// or anything above the header) are counted, so error messages point at the right row.
    /// Rows pushed onto `rows` after construction continue from the last known number.
    pub fn row_number(&self, index: usize) -> usize {
        match self.row_numbers.get(index) {
            Some(&number) => number,
            None => {
                let last = self
                    .row_numbers
                    .last()
                    .copied()
                    .unwrap_or(HEADER_ROW_NUMBER);
                last + (index - self.row_numbers.len()) + 1
            }
        }
    }

    /// Builds a table from the rows of a file, each with its spreadsheet row number.
    ///
    /// Cells are trimmed; the first row with a non-blank cell is the header; later rows with
    /// no value under any header are dropped. Trailing blank header cells are dropped too: a
    /// stray value far to the right must not add unnamed columns to every row.
    pub(crate) fn from_source_rows(
        source_rows: impl IntoIterator<Item = (usize, Vec<String>)>,
    ) -> Result<Self, RenderError> {
        let mut headers: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        let mut row_numbers = Vec::new();
        for (number, cells) in source_rows {
            let cells: Vec<String> = cells.into_iter().map(trimmed).collect();
            match &headers {
                None if cells.iter().all(String::is_empty) => {}
                None => {
                    let mut header_cells = cells;
                    while header_cells.last().is_some_and(String::is_empty) {
                        header_cells.pop();
                    }
                    headers = Some(header_cells);
                }
                Some(headers) => {
                    // Fit before the blank check: a row with values only under unnamed
                    // columns holds nothing the table can show.
                    let row = fit_row(cells, headers.len());
                    if !row.iter().all(String::is_empty) {
                        rows.push(row);
                        row_numbers.push(number);
                    }
                }
            }
        }
        let headers = headers.ok_or(RenderError::NoHeaderRow)?;
        Ok(Self {
            headers,
            rows,
            row_numbers,
        })
    }
}

/// The cell without surrounding blanks, reusing its buffer when it has none (most cells).
fn trimmed(cell: String) -> String {
    if cell.trim().len() == cell.len() {
        cell
    } else {
        cell.trim().to_owned()
    }
}

fn fit_row(mut row: Vec<String>, width: usize) -> Vec<String> {
    row.resize(width, String::new());
    row
}
