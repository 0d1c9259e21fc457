//! Round trips through real XLSX and CSV bytes.

use ocop_render::{ReadLimits, RenderError, Table, TableFormat, read_table, write_csv, write_xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const LIMITS: ReadLimits = ReadLimits {
    max_rows: 50_000,
    max_columns: 100,
    max_unpacked_bytes: 128 * 1024 * 1024,
};

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|cell| (*cell).to_owned()).collect()
}

fn producers() -> Table {
    Table::new(
        strings(&["Mã số thuế", "Tên chủ thể", "Địa chỉ", "Ghi chú"]),
        vec![
            strings(&[
                "0101234567",
                "Hợp tác xã Đồng Tâm",
                "Xã Đông Đô, huyện Hưng Hà",
                "Mật ong \"rừng\"; đạt 4 sao",
            ]),
            strings(&[
                "0209876543",
                "Công ty TNHH Đặc sản Điện Biên",
                "",
                "dòng 1\ndòng 2",
            ]),
            strings(&["", "Hộ kinh doanh Nguyễn Thị Ánh", "Phường Ỷ La", ""]),
        ],
    )
}

fn row_numbers(table: &Table) -> Vec<usize> {
    (0..table.rows.len())
        .map(|index| table.row_number(index))
        .collect()
}

#[test]
fn xlsx_round_trip_keeps_vietnamese_text() {
    let table = producers();
    let bytes = write_xlsx("Chủ thể OCOP", &table).unwrap();
    let read = read_table(&bytes, TableFormat::Xlsx, &LIMITS).unwrap();
    assert_eq!(read, table);
    assert_eq!(row_numbers(&read), [2, 3, 4]);
}

#[test]
fn xlsx_round_trip_survives_an_awkward_sheet_name() {
    let table = producers();
    let bytes = write_xlsx("Danh sách: tỉnh Thừa Thiên Huế [2024/2025]", &table).unwrap();
    assert_eq!(
        read_table(&bytes, TableFormat::Xlsx, &LIMITS).unwrap(),
        table
    );
}

#[test]
fn csv_round_trip_keeps_bom_quotes_commas_and_newlines() {
    let table = producers();
    let bytes = write_csv(&table).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "BOM so Excel reads UTF-8"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with("Mã số thuế,Tên chủ thể,Địa chỉ,Ghi chú\r\n"));
    assert!(text.contains("\"Xã Đông Đô, huyện Hưng Hà\""));
    assert!(text.contains("\"Mật ong \"\"rừng\"\"; đạt 4 sao\""));
    assert!(text.ends_with("\r\n"));

    let read = read_table(&bytes, TableFormat::Csv, &LIMITS).unwrap();
    assert_eq!(read, table);
    // The second record spans two lines of the file but one row in Excel.
    assert_eq!(row_numbers(&read), [2, 3, 4]);
}

#[test]
fn csv_with_semicolons_is_sniffed_from_the_header() {
    let bytes = "Mã;Tên sản phẩm;Giá (đồng)\r\n1;Mật ong bạc hà;150.000,5\r\n2;\"Chè; Shan tuyết\";80.000\r\n";
    let table = read_table(bytes.as_bytes(), TableFormat::Csv, &LIMITS).unwrap();
    assert_eq!(
        table.headers,
        strings(&["Mã", "Tên sản phẩm", "Giá (đồng)"])
    );
    assert_eq!(
        table.rows,
        vec![
            strings(&["1", "Mật ong bạc hà", "150.000,5"]),
            strings(&["2", "Chè; Shan tuyết", "80.000"]),
        ]
    );
}

#[test]
fn csv_delimiter_ignores_quoted_semicolons_and_leading_blank_lines() {
    let bytes = "\n,,\n\"Tên; tiếng Việt\",Mã,Tỉnh\nCà phê,CP01,Sơn La\n";
    let table = read_table(bytes.as_bytes(), TableFormat::Csv, &LIMITS).unwrap();
    assert_eq!(table.headers, strings(&["Tên; tiếng Việt", "Mã", "Tỉnh"]));
    assert_eq!(table.rows, vec![strings(&["Cà phê", "CP01", "Sơn La"])]);
    assert_eq!(table.row_number(0), 4);
}

#[test]
fn reading_trims_cells_and_fits_rows_to_the_headers() {
    let bytes = "\u{feff} Mã , Tên ,\n 1 \n2, Nhãn lồng ,thừa,thừa nữa\n";
    let table = read_table(bytes.as_bytes(), TableFormat::Csv, &LIMITS).unwrap();
    assert_eq!(table.headers, strings(&["Mã", "Tên"]));
    assert_eq!(
        table.rows,
        vec![strings(&["1", ""]), strings(&["2", "Nhãn lồng"])]
    );
}

#[test]
fn xlsx_cells_read_as_the_user_sees_them() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let headers = [
        "Số nguyên",
        "Số thập phân",
        "Mã số thuế",
        "Ngày công nhận",
        "Thời điểm",
        "Đạt",
        "Tổng",
        "Tên",
    ];
    for (column, header) in (0..).zip(headers) {
        sheet.write_string(0, column, header).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let datetime = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    sheet.write_number(1, 0, 12).unwrap();
    sheet.write_number(1, 1, 12.5).unwrap();
    sheet.write_string(1, 2, "0101234567").unwrap();
    let recognised = ExcelDateTime::from_ymd(2024, 3, 15).unwrap();
    sheet
        .write_datetime_with_format(1, 3, &recognised, &date)
        .unwrap();
    let moment = ExcelDateTime::parse_from_str("2024-03-15 08:30:00").unwrap();
    sheet
        .write_datetime_with_format(1, 4, &moment, &datetime)
        .unwrap();
    sheet.write_boolean(1, 5, true).unwrap();
    sheet.write_number(1, 6, 0.1 + 0.2).unwrap();
    sheet.write_string(1, 7, "  Hà Nội \n").unwrap();
    sheet.write_number(2, 0, -3).unwrap();
    sheet.write_number(2, 1, 101_234_567).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let table = read_table(&bytes, TableFormat::Xlsx, &LIMITS).unwrap();
    assert_eq!(table.headers, strings(&headers));
    assert_eq!(
        table.rows,
        vec![
            strings(&[
                "12",
                "12.5",
                "0101234567",
                "2024-03-15",
                "2024-03-15 08:30:00",
                "TRUE",
                "0.3",
                "Hà Nội",
            ]),
            strings(&["-3", "101234567", "", "", "", "", "", ""]),
        ]
    );
}

#[test]
fn row_number_counts_skipped_rows_in_xlsx() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // The table starts at B3, as in sheets that leave a margin above and to the left.
    sheet.write_string(2, 1, "Mã").unwrap();
    sheet.write_string(2, 2, "Tên").unwrap();
    sheet.write_string(3, 1, "A1").unwrap();
    sheet.write_string(4, 2, "   ").unwrap();
    sheet.write_string(6, 2, "Miến dong").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let table = read_table(&bytes, TableFormat::Xlsx, &LIMITS).unwrap();
    assert_eq!(table.headers, strings(&["Mã", "Tên"]));
    assert_eq!(
        table.rows,
        vec![strings(&["A1", ""]), strings(&["", "Miến dong"])]
    );
    assert_eq!(row_numbers(&table), [4, 7]);
}

#[test]
fn row_number_counts_skipped_rows_in_csv() {
    let bytes = "Mã,Tên\r\nA1,Bánh đa\r\n\r\n , \r\nA2,\"Giò\r\nchả\"\r\nA3,Nem\r\n";
    let table = read_table(bytes.as_bytes(), TableFormat::Csv, &LIMITS).unwrap();
    assert_eq!(table.rows.len(), 3);
    assert_eq!(row_numbers(&table), [2, 5, 6]);
}

#[test]
fn row_number_of_rows_added_later_continues_from_the_last() {
    let mut table = read_table("Mã\n\nA1\n".as_bytes(), TableFormat::Csv, &LIMITS).unwrap();
    table.rows.push(strings(&["A2"]));
    assert_eq!(row_numbers(&table), [3, 4]);
}

#[test]
fn table_new_fits_rows_to_the_headers() {
    let table = Table::new(
        strings(&["Mã", "Tên"]),
        vec![strings(&["1"]), strings(&["2", "Tương", "thừa"])],
    );
    assert_eq!(
        table.rows,
        vec![strings(&["1", ""]), strings(&["2", "Tương"])]
    );
}

#[test]
fn empty_files_are_rejected() {
    for format in [TableFormat::Xlsx, TableFormat::Csv] {
        let error = read_table(b"", format, &LIMITS).unwrap_err();
        assert!(
            matches!(error, RenderError::EmptyFile),
            "{format}: {error:?}"
        );
        assert_eq!(error.to_string(), "Tệp trống, không có dữ liệu.");
    }
    let error = read_table(b"\xEF\xBB\xBF\r\n", TableFormat::Csv, &LIMITS).unwrap_err();
    assert!(matches!(error, RenderError::EmptyFile), "{error:?}");
}

#[test]
fn files_without_a_header_row_are_rejected() {
    let error = read_table(b",,\r\n , \r\n", TableFormat::Csv, &LIMITS).unwrap_err();
    assert!(matches!(error, RenderError::NoHeaderRow), "{error:?}");

    let mut workbook = Workbook::new();
    workbook.add_worksheet();
    let bytes = workbook.save_to_buffer().unwrap();
    let error = read_table(&bytes, TableFormat::Xlsx, &LIMITS).unwrap_err();
    assert!(matches!(error, RenderError::NoHeaderRow), "{error:?}");
}

#[test]
fn files_in_the_other_format_are_rejected() {
    let xlsx = write_xlsx("Sheet1", &producers()).unwrap();
    let error = read_table(&xlsx, TableFormat::Csv, &LIMITS).unwrap_err();
    assert!(
        matches!(
            error,
            RenderError::WrongFormat {
                expected: TableFormat::Csv
            }
        ),
        "{error:?}"
    );

    let csv = write_csv(&producers()).unwrap();
    let error = read_table(&csv, TableFormat::Xlsx, &LIMITS).unwrap_err();
    assert!(
        matches!(
            error,
            RenderError::WrongFormat {
                expected: TableFormat::Xlsx
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("Excel (.xlsx)"));
}

#[test]
fn broken_xlsx_is_reported_in_vietnamese() {
    let error = read_table(b"PK\x03\x04 not really a zip", TableFormat::Xlsx, &LIMITS).unwrap_err();
    assert!(matches!(error, RenderError::UnreadableXlsx(_)), "{error:?}");
    assert!(error.to_string().starts_with("Không đọc được tệp Excel: "));
}

#[test]
fn non_utf8_csv_names_the_line() {
    // "Hà Nội" in Windows-1258, as legacy Excel "CSV" saves it, on the third line.
    let bytes = b"Ma,Ten\r\n1,Hue\r\n2,H\xE0 N\xF4\xF2i\r\n";
    let error = read_table(bytes, TableFormat::Csv, &LIMITS).unwrap_err();
    assert!(
        matches!(error, RenderError::InvalidUtf8Csv { line: 3 }),
        "{error:?}"
    );
    assert!(error.to_string().contains("dòng 3"));
}

#[test]
fn table_format_follows_the_file_extension() {
    assert_eq!(
        TableFormat::from_file_name("Danh sách.XLSX"),
        Some(TableFormat::Xlsx)
    );
    assert_eq!(
        TableFormat::from_file_name("san-pham.2024.Csv"),
        Some(TableFormat::Csv)
    );
    assert_eq!(TableFormat::from_file_name("bang.xls"), None);
    assert_eq!(TableFormat::from_file_name("xlsx"), None);
    for format in [TableFormat::Xlsx, TableFormat::Csv] {
        let name = format!("bang.{}", format.extension());
        assert_eq!(TableFormat::from_file_name(&name), Some(format));
    }
    assert_eq!(
        TableFormat::Xlsx.content_type(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(TableFormat::Csv.content_type(), "text/csv; charset=utf-8");
}

/// A header row and one value in the sheet's last cell: the file is a few kilobytes, and a
/// reader that expands the used range allocates a grid of 17 billion cells.
fn xlsx_with_a_far_cell(row: u32, column: u16) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Tên chủ thể").unwrap();
    sheet.write_string(0, 1, "Mã số thuế").unwrap();
    sheet.write_string(row, column, "x").unwrap();
    workbook.save_to_buffer().unwrap()
}

#[test]
fn a_value_beyond_the_column_limit_is_refused_before_reading_the_grid() {
    let bytes = xlsx_with_a_far_cell(1_048_575, 16_383);
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    let error = read_table(&bytes, TableFormat::Xlsx, &LIMITS).unwrap_err();
    assert!(
        matches!(
            &error,
            RenderError::TooManyColumns { max_columns: 100, column, row: 1_048_576 } if column == "XFD"
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("tối đa 100 cột"), "{error}");
}

#[test]
fn a_far_down_cell_within_the_columns_costs_one_row() {
    let table = read_table(
        &xlsx_with_a_far_cell(1_048_575, 1),
        TableFormat::Xlsx,
        &LIMITS,
    )
    .unwrap();
    assert_eq!(table.headers, strings(&["Tên chủ thể", "Mã số thuế"]));
    assert_eq!(table.rows, vec![strings(&["", "x"])]);
    assert_eq!(table.row_number(0), 1_048_576);
}

fn small_limits() -> ReadLimits {
    ReadLimits {
        max_rows: 3,
        max_columns: 4,
        ..LIMITS
    }
}

fn numbered(rows: usize, columns: usize) -> Table {
    let headers = (1..=columns).map(|c| format!("Cột {c}")).collect();
    let rows = (1..=rows)
        .map(|r| (1..=columns).map(|c| format!("{r}.{c}")).collect())
        .collect();
    Table::new(headers, rows)
}

#[test]
fn rows_and_columns_over_the_limits_are_refused_in_both_formats() {
    let limits = small_limits();
    for format in [TableFormat::Xlsx, TableFormat::Csv] {
        let write = |table: &Table| match format {
            TableFormat::Xlsx => write_xlsx("Sheet1", table).unwrap(),
            TableFormat::Csv => write_csv(table).unwrap(),
        };
        let at_the_limit = numbered(3, 4);
        assert_eq!(
            read_table(&write(&at_the_limit), format, &limits).unwrap(),
            at_the_limit,
            "{format}"
        );

        let error = read_table(&write(&numbered(4, 4)), format, &limits).unwrap_err();
        assert!(
            matches!(
                error,
                RenderError::TooManyRows {
                    max_rows: 3,
                    row: 5
                }
            ),
            "{format}: {error:?}"
        );
        assert!(error.to_string().contains("tối đa 3 dòng dữ liệu"));

        let error = read_table(&write(&numbered(1, 5)), format, &limits).unwrap_err();
        let expected_column = if format == TableFormat::Xlsx {
            "E"
        } else {
            "5"
        };
        assert!(
            matches!(&error, RenderError::TooManyColumns { max_columns: 4, column, row: 1 } if column == expected_column),
            "{format}: {error:?}"
        );
    }
}

#[test]
fn empty_trailing_fields_and_blank_lines_do_not_count() {
    let limits = small_limits();
    let csv = format!(
        "A,B,,,,,,,\r\n1,2,,,,,,,,,\r\n{}3,4\r\n",
        ",,,\r\n".repeat(100_000)
    );
    let table = read_table(csv.as_bytes(), TableFormat::Csv, &limits).unwrap();
    assert_eq!(table.rows, vec![strings(&["1", "2"]), strings(&["3", "4"])]);
    assert_eq!(table.row_number(1), 100_003);
}

#[test]
fn an_xlsx_that_unpacks_past_the_limit_is_refused_from_its_directory() {
    let table = numbered(200, 4);
    let bytes = write_xlsx("Sheet1", &table).unwrap();
    let limits = ReadLimits {
        max_unpacked_bytes: 20_000,
        ..LIMITS
    };
    let error = read_table(&bytes, TableFormat::Xlsx, &limits).unwrap_err();
    assert!(
        matches!(error, RenderError::TooLargeUnpacked { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("giải nén"), "{error}");
    assert_eq!(
        read_table(&bytes, TableFormat::Xlsx, &LIMITS).unwrap(),
        table
    );
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_written_as_text_and_read_back() {
    let dangerous = [
        "=HYPERLINK(\"http://evil.example\",\"Bấm vào\")",
        "+84 912 345 678",
        "-3",
        "@SUM(A1:A2)",
        "\tTab",
        "\r=1+1",
    ];
    let table = Table::new(
        strings(&["Tên", "Ghi chú"]),
        dangerous
            .iter()
            .map(|cell| strings(&[cell, "bình thường"]))
            .collect(),
    );
    let bytes = write_csv(&table).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    for line in text.lines().skip(1).filter(|line| !line.is_empty()) {
        let first = line.trim_start_matches('"');
        assert!(first.starts_with('\''), "not neutralised: {line:?}");
    }
    assert!(!text.contains(",=") && !text.contains("\n=") && !text.contains("\"="));
    let read = read_table(&bytes, TableFormat::Csv, &LIMITS).unwrap();
    // Leading and trailing blanks are trimmed on reading, as for every cell.
    let expected: Vec<Vec<String>> = dangerous
        .iter()
        .map(|cell| strings(&[cell.trim(), "bình thường"]))
        .collect();
    assert_eq!(read.rows, expected);
}

#[test]
fn xlsx_writes_a_formula_looking_value_as_a_text_cell() {
    let table = Table::new(
        strings(&["Tên"]),
        vec![strings(&["=HYPERLINK(\"http://evil.example\",\"x\")"])],
    );
    let bytes = write_xlsx("Sheet1", &table).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(!sheet.contains("<f>"), "a formula was written: {sheet}");
    assert_eq!(
        read_table(&bytes, TableFormat::Xlsx, &LIMITS).unwrap().rows,
        table.rows
    );
}
