//! Nhập dữ liệu: spreadsheet rows to registry inputs, every bad cell reported with its row
//! and column, in Vietnamese. The same columns are used for export, so an exported file can be
//! edited and imported back.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::lot::{LotData, LotInput};
use crate::producer::{ProducerData, ProducerInput};
use crate::product::{ProductData, ProductInput};
use crate::text::fold_vi;
use crate::units::AdminUnits;
use crate::validation::FieldErrors;

/// A column of an import/export file: the input field it fills and its Vietnamese header.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub field: &'static str,
    pub header: &'static str,
    pub required: bool,
}

const fn col(field: &'static str, header: &'static str, required: bool) -> Column {
    Column {
        field,
        header,
        required,
    }
}

pub const PRODUCER_COLUMNS: [Column; 15] = [
    col("name", "Tên chủ thể", true),
    col("kind", "Loại hình", true),
    col("tax_code", "Mã số thuế", true),
    col("representative_name", "Người đại diện", true),
    col("representative_gender", "Giới tính người đại diện", true),
    col("representative_ethnic_minority", "Dân tộc thiểu số", false),
    col("representative_disability", "Người khuyết tật", false),
    col("phone", "Điện thoại", false),
    col("email", "Email", false),
    col("unit_code", "Mã xã", true),
    col("unit_structure", "Cơ cấu ĐVHC", false),
    col("unit_level", "Cấp đơn vị", false),
    col("street", "Địa chỉ", false),
    col("community_capital_percent", "Vốn góp cộng đồng (%)", false),
    col("status", "Trạng thái", false),
];

/// `producer_tax_code` links a product row to its producer.
pub const PRODUCT_COLUMNS: [Column; 10] = [
    col("name", "Tên sản phẩm", true),
    col("producer_tax_code", "Mã số thuế chủ thể", true),
    col("classification", "Bộ sản phẩm", true),
    col("taxonomy_version", "Phiên bản phân loại", false),
    col("description", "Mô tả", false),
    col("story", "Câu chuyện sản phẩm", false),
    col("ingredients", "Thành phần, nguyên liệu", false),
    col("packaging", "Quy cách đóng gói", false),
    col("gtin", "GTIN", false),
    col("status", "Trạng thái", false),
];

/// `product` names the lot's product by its product code or id.
pub const LOT_COLUMNS: [Column; 8] = [
    col("product", "Mã sản phẩm", true),
    col("lot_number", "Số lô", true),
    col("produced_on", "Ngày sản xuất", true),
    col("expires_on", "Hạn sử dụng", false),
    col("quantity", "Số lượng", true),
    col("unit", "Đơn vị tính", true),
    col("storage_notes", "Điều kiện bảo quản", false),
    col("materials", "Nguồn nguyên liệu", false),
];

/// One problem in an import file, located as the user sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    /// Spreadsheet row number (the header is row 1).
    pub row: usize,
    /// The column header as in the file ("" for the whole row).
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "Dòng {}: {}", self.row, self.message)
        } else {
            write!(
                f,
                "Dòng {}, cột \"{}\": {}",
                self.row, self.column, self.message
            )
        }
    }
}

/// Which file column holds which field.
pub struct HeaderMap {
    columns: &'static [Column],
    positions: HashMap<&'static str, usize>,
}

impl HeaderMap {
    /// Matches headers by the Vietnamese title (with or without marks) or the field name.
    /// A missing required column is an error on row 1.
    pub fn new(columns: &'static [Column], headers: &[String]) -> Result<HeaderMap, Vec<RowError>> {
        let mut positions = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let folded = fold_vi(h);
            if let Some(c) = columns
                .iter()
                .find(|c| fold_vi(c.header) == folded || c.field == h.trim())
            {
                positions.entry(c.field).or_insert(i);
            }
        }
        let missing: Vec<RowError> = columns
            .iter()
            .filter(|c| c.required && !positions.contains_key(c.field))
            .map(|c| RowError {
                row: 1,
                column: c.header.to_owned(),
                message: format!("Thiếu cột bắt buộc \"{}\"", c.header),
            })
            .collect();
        if missing.is_empty() {
            Ok(HeaderMap { columns, positions })
        } else {
            Err(missing)
        }
    }

    fn record(&self, cells: &[String]) -> BTreeMap<&'static str, String> {
        self.positions
            .iter()
            .map(|(field, &i)| (*field, cells.get(i).cloned().unwrap_or_default()))
            .collect()
    }

    fn header_of(&self, field: &str) -> String {
        self.columns
            .iter()
            .find(|c| c.field == field)
            .map_or_else(|| field.to_owned(), |c| c.header.to_owned())
    }

    fn row_errors(&self, row: usize, errors: FieldErrors) -> Vec<RowError> {
        errors
            .0
            .into_iter()
            .map(|e| RowError {
                row,
                column: self.header_of(&e.field),
                message: e.message,
            })
            .collect()
    }
}

fn input_from<T: serde::de::DeserializeOwned + Default>(
    record: BTreeMap<&'static str, String>,
) -> T {
    serde_json::to_value(record)
        .and_then(serde_json::from_value)
        .unwrap_or_default()
}

/// A valid producer row.
pub struct ProducerRow {
    pub row: usize,
    pub data: ProducerData,
}

/// Parses producer rows; `rows` are (spreadsheet row number, cells). Returns the valid rows
/// and every error; a tax code repeated within the file is an error on the later row.
pub fn producer_rows(
    units: &AdminUnits,
    headers: &[String],
    rows: &[(usize, Vec<String>)],
) -> (Vec<ProducerRow>, Vec<RowError>) {
    let map = match HeaderMap::new(&PRODUCER_COLUMNS, headers) {
        Ok(m) => m,
        Err(errors) => return (Vec::new(), errors),
    };
    let mut valid = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (row, cells) in rows {
        let input: ProducerInput = input_from(map.record(cells));
        match input.parse(units) {
            Ok(data) => {
                if let Some(first) = seen.insert(data.tax_code.as_str().to_owned(), *row) {
                    errors.push(RowError {
                        row: *row,
                        column: map.header_of("tax_code"),
                        message: format!(
                            "Mã số thuế {} trùng với dòng {first}",
                            data.tax_code.as_str()
                        ),
                    });
                } else {
                    valid.push(ProducerRow { row: *row, data });
                }
            }
            Err(e) => errors.extend(map.row_errors(*row, e)),
        }
    }
    (valid, errors)
}

/// A valid product row, naming its producer by tax code.
pub struct ProductRow {
    pub row: usize,
    pub producer_tax_code: String,
    pub data: ProductData,
}

pub fn product_rows(
    headers: &[String],
    rows: &[(usize, Vec<String>)],
) -> (Vec<ProductRow>, Vec<RowError>) {
    let map = match HeaderMap::new(&PRODUCT_COLUMNS, headers) {
        Ok(m) => m,
        Err(errors) => return (Vec::new(), errors),
    };
    let mut valid = Vec::new();
    let mut errors = Vec::new();
    for (row, cells) in rows {
        let record = map.record(cells);
        let tax_code: String = record
            .get("producer_tax_code")
            .map(|t| t.split_whitespace().collect::<String>().to_uppercase())
            .unwrap_or_default();
        let input: ProductInput = input_from(record);
        let mut row_errors = Vec::new();
        if tax_code.is_empty() {
            row_errors.push(RowError {
                row: *row,
                column: map.header_of("producer_tax_code"),
                message: "Mã số thuế chủ thể không được để trống".to_owned(),
            });
        }
        match input.parse() {
            Ok(data) if row_errors.is_empty() => valid.push(ProductRow {
                row: *row,
                producer_tax_code: tax_code,
                data,
            }),
            Ok(_) => {}
            Err(e) => row_errors.extend(map.row_errors(*row, e)),
        }
        errors.extend(row_errors);
    }
    (valid, errors)
}

/// A valid lot row, naming its product by product code or id.
pub struct LotRow {
    pub row: usize,
    pub product: String,
    pub data: LotData,
}

/// Parses lot rows (`today` bounds production dates); a lot number repeated within the file
/// for the same product is an error on the later row.
pub fn lot_rows(
    headers: &[String],
    rows: &[(usize, Vec<String>)],
    today: time::Date,
) -> (Vec<LotRow>, Vec<RowError>) {
    let map = match HeaderMap::new(&LOT_COLUMNS, headers) {
        Ok(m) => m,
        Err(errors) => return (Vec::new(), errors),
    };
    let mut valid = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for (row, cells) in rows {
        let record = map.record(cells);
        let product = record
            .get("product")
            .map(|t| t.trim().to_owned())
            .unwrap_or_default();
        let input: LotInput = input_from(record);
        let mut row_errors = Vec::new();
        if product.is_empty() {
            row_errors.push(RowError {
                row: *row,
                column: map.header_of("product"),
                message: "Mã sản phẩm không được để trống".to_owned(),
            });
        }
        match input.parse(today) {
            Ok(data) if row_errors.is_empty() => {
                let key = (product.to_lowercase(), data.lot_number.to_lowercase());
                if let Some(first) = seen.insert(key, *row) {
                    row_errors.push(RowError {
                        row: *row,
                        column: map.header_of("lot_number"),
                        message: format!(
                            "Số lô {} của sản phẩm {product} trùng với dòng {first}",
                            data.lot_number
                        ),
                    });
                } else {
                    valid.push(LotRow {
                        row: *row,
                        product,
                        data,
                    });
                }
            }
            Ok(_) => {}
            Err(e) => row_errors.extend(map.row_errors(*row, e)),
        }
        errors.extend(row_errors);
    }
    (valid, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn producer_rows_report_row_and_column() {
        let headers = s(&[
            "Tên chủ thể",
            "Loai hinh",
            "Mã số thuế",
            "Người đại diện",
            "Giới tính người đại diện",
            "Mã xã",
        ]);
        let rows = vec![
            (
                2,
                s(&[
                    "HTX A",
                    "Hợp tác xã",
                    "0100109106",
                    "Nguyễn Văn A",
                    "Nam",
                    "6838",
                ]),
            ),
            (
                3,
                s(&[
                    "HTX B",
                    "Hợp tác xã",
                    "0100109107",
                    "Nguyễn Văn B",
                    "Nam",
                    "6838",
                ]),
            ),
            (
                4,
                s(&[
                    "HTX C",
                    "Hợp tác xã",
                    "0100109106",
                    "Nguyễn Văn C",
                    "Nữ",
                    "6838",
                ]),
            ),
        ];
        let (valid, errors) = producer_rows(AdminUnits::embedded(), &headers, &rows);
        assert_eq!(valid.len(), 1);
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].row, 3);
        assert_eq!(errors[0].column, "Mã số thuế");
        assert!(
            errors[0]
                .to_string()
                .starts_with("Dòng 3, cột \"Mã số thuế\"")
        );
        assert_eq!(errors[1].row, 4);
        assert!(errors[1].message.contains("trùng với dòng 2"));
    }

    #[test]
    fn missing_required_column_is_row_one() {
        let (_, errors) = producer_rows(AdminUnits::embedded(), &s(&["Tên chủ thể"]), &[]);
        assert!(errors.iter().all(|e| e.row == 1));
        assert!(errors.iter().any(|e| e.column == "Mã số thuế"));
    }

    #[test]
    fn product_rows_need_a_producer() {
        let headers = s(&["Tên sản phẩm", "Mã số thuế chủ thể", "Bộ sản phẩm"]);
        let rows = vec![
            (2, s(&["Miến dong", "", "6"])),
            (3, s(&["Miến dong", "0100109106", "6"])),
        ];
        let (valid, errors) = product_rows(&headers, &rows);
        assert_eq!(valid.len(), 1);
        assert_eq!(errors[0].row, 2);
        assert_eq!(errors[0].column, "Mã số thuế chủ thể");
    }

    #[test]
    fn lot_rows_name_row_and_column() {
        let headers = s(&[
            "Mã sản phẩm",
            "Số lô",
            "Ngay san xuat",
            "Số lượng",
            "Đơn vị tính",
            "Nguồn nguyên liệu",
        ]);
        let rows = vec![
            (
                2,
                s(&[
                    "22-06838-1-2026",
                    "L1",
                    "2026-05-01",
                    "100",
                    "gói",
                    "Dong riềng | HTX",
                ]),
            ),
            (
                3,
                s(&["22-06838-1-2026", "L1", "2026-05-02", "100", "gói", ""]),
            ),
            (4, s(&["", "L2", "2026-13-01", "0", "gói", ""])),
        ];
        let today = time::macros::date!(2026 - 06 - 01);
        let (valid, errors) = lot_rows(&headers, &rows, today);
        assert_eq!(valid.len(), 1);
        assert_eq!(valid[0].data.materials.len(), 1);
        assert_eq!(errors[0].row, 3);
        assert!(errors[0].message.contains("trùng với dòng 2"));
        let row4: Vec<&str> = errors
            .iter()
            .filter(|e| e.row == 4)
            .map(|e| e.column.as_str())
            .collect();
        assert_eq!(row4, ["Mã sản phẩm", "Ngày sản xuất", "Số lượng"]);
        let (_, missing) = lot_rows(&s(&["Số lô"]), &[], today);
        assert!(missing.iter().all(|e| e.row == 1));
    }
}
