//! Lô sản phẩm: a lot of a product — its number, dates, quantity, raw-material sources
//! (nguồn nguyên liệu), lab test reports (phiếu kết quả kiểm nghiệm) and storage notes — and
//! its recall (thu hồi sản phẩm khỏi thị trường, not the revocation of a certificate).
//!
//! Lists (materials, test results) are written as lines of `|`-separated parts, so that one
//! text field carries them alike in the portal's form, the JSON API and an import cell; each
//! list and each part is bounded.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::input::{InputField, InputFields, Shape};
use crate::validation::{FieldError, FieldErrors, invalid, optional_text, required_text};

/// Longest lot number: GS1's batch/lot (AI 10) holds at most 20 characters.
pub const MAX_LOT_NUMBER_CHARS: usize = 20;
/// What a lot number looks like: letters, digits and `-._/`, as GS1 Digital Link carries it
/// in a path without escaping.
pub const LOT_NUMBER_PATTERN: &str = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,19}$";
/// The largest quantity of one lot.
pub const MAX_QUANTITY: u32 = 1_000_000_000;
/// Longest unit of quantity ("gói", "kg", "chai 500 ml").
pub const MAX_UNIT_CHARS: usize = 30;
/// Longest storage notes.
pub const MAX_STORAGE_NOTES_CHARS: usize = 1000;
/// Most raw materials of one lot.
pub const MAX_MATERIALS: usize = 20;
/// Longest part of a material line (name, supplier, area, certification).
pub const MAX_MATERIAL_PART_CHARS: usize = 200;
/// Longest materials text: every line at its longest.
pub const MAX_MATERIALS_CHARS: usize = MAX_MATERIALS * (4 * MAX_MATERIAL_PART_CHARS + 4);
/// Longest recall reason.
pub const MAX_RECALL_REASON_CHARS: usize = 1000;
/// Longest name of a testing laboratory.
pub const MAX_LAB_NAME_CHARS: usize = 200;
/// Most key results of one lab test report.
pub const MAX_TEST_RESULTS: usize = 30;
/// Longest part of a result line (name, value, unit).
pub const MAX_RESULT_PART_CHARS: usize = 100;
/// Longest results text.
pub const MAX_RESULTS_CHARS: usize = MAX_TEST_RESULTS * (3 * MAX_RESULT_PART_CHARS + 3);
/// A date as the API takes it (`YYYY-MM-DD`; forms and sheets also take `DD/MM/YYYY`).
pub const DATE_PATTERN: &str = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})$";

// Dates serialize as `YYYY-MM-DD` (the `time` crate's default is a tuple).
time::serde::format_description!(pub iso_date, Date, "[year]-[month]-[day]");

/// Trạng thái lô: on the market, or recalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LotStatus {
    /// Đang lưu hành.
    Active,
    /// Đã thu hồi.
    Recalled,
}

impl LotStatus {
    pub fn key(self) -> &'static str {
        match self {
            LotStatus::Active => "active",
            LotStatus::Recalled => "recalled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LotStatus::Active => "Đang lưu hành",
            LotStatus::Recalled => "Đã thu hồi",
        }
    }

    pub fn from_key(key: &str) -> Option<LotStatus> {
        [LotStatus::Active, LotStatus::Recalled]
            .into_iter()
            .find(|s| s.key() == key)
    }

    /// The status after a recall: only a lot on the market can be recalled.
    pub fn recall(self) -> Result<LotStatus, TransitionRefused> {
        match self {
            LotStatus::Active => Ok(LotStatus::Recalled),
            LotStatus::Recalled => Err(TransitionRefused::AlreadyRecalled),
        }
    }
}

/// A change of state the lot's state does not allow (answered 409 with this reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionRefused {
    #[error("Lô sản phẩm này đã được thu hồi trước đó")]
    AlreadyRecalled,
    #[error("Lô sản phẩm đã thu hồi không ghi nhận thêm sự kiện lưu thông")]
    RecalledLot,
    #[error("Lô sản phẩm đã thu hồi: không phát hành thêm tem")]
    StampsOfRecalledLot,
}

/// Nguồn nguyên liệu: one raw material of a lot and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RawMaterial {
    /// Tên nguyên liệu.
    pub name: String,
    /// Nhà cung cấp.
    pub supplier: Option<String>,
    /// Vùng nguyên liệu: the area or place it was grown or made.
    pub origin: Option<String>,
    /// Chứng nhận: VietGAP, hữu cơ (organic), …
    pub certification: Option<String>,
}

/// A lot's data, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotData {
    pub lot_number: String,
    #[serde(with = "iso_date")]
    pub produced_on: Date,
    #[serde(with = "iso_date::option")]
    pub expires_on: Option<Date>,
    pub quantity: u32,
    pub unit: String,
    pub storage_notes: Option<String>,
    pub materials: Vec<RawMaterial>,
}

/// What a form, the API or an import row submits for a lot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LotInput {
    pub lot_number: String,
    pub produced_on: String,
    pub expires_on: String,
    pub quantity: String,
    pub unit: String,
    pub storage_notes: String,
    /// One material a line (or `;`-separated): `name | supplier | area | certification`.
    pub materials: String,
}

fn field(
    name: &'static str,
    required: bool,
    shape: Shape,
    description: &'static str,
) -> InputField {
    InputField {
        name,
        required,
        shape,
        description,
    }
}

fn date_shape() -> Shape {
    Shape::Code {
        pattern: DATE_PATTERN,
        max_chars: 10,
        format: Some("date"),
    }
}

impl InputFields for LotInput {
    fn fields() -> Vec<InputField> {
        vec![
            field(
                "lot_number",
                true,
                Shape::Code {
                    pattern: LOT_NUMBER_PATTERN,
                    max_chars: MAX_LOT_NUMBER_CHARS,
                    format: None,
                },
                "Số lô: letters, digits and `-._/`, unique within the product",
            ),
            field(
                "produced_on",
                true,
                date_shape(),
                "Ngày sản xuất (YYYY-MM-DD), not after today",
            ),
            field(
                "expires_on",
                false,
                date_shape(),
                "Hạn sử dụng (YYYY-MM-DD), not before the production date",
            ),
            field(
                "quantity",
                true,
                Shape::Integer {
                    min: 1,
                    max: MAX_QUANTITY,
                },
                "Số lượng",
            ),
            field(
                "unit",
                true,
                Shape::Text {
                    max_chars: MAX_UNIT_CHARS,
                },
                "Đơn vị tính (gói, kg, chai …)",
            ),
            field(
                "storage_notes",
                false,
                Shape::Text {
                    max_chars: MAX_STORAGE_NOTES_CHARS,
                },
                "Điều kiện bảo quản",
            ),
            field(
                "materials",
                false,
                Shape::Text {
                    max_chars: MAX_MATERIALS_CHARS,
                },
                "Nguồn nguyên liệu: one a line (at most 20), `name | supplier | area | \
                 certification`, each part at most 200 characters",
            ),
        ]
    }
}

#[cfg(feature = "openapi")]
crate::input_schemas!(LotInput: "Lô sản phẩm: checked together, each error naming its field");

/// A date as people type it: `2026-03-15` or `15/03/2026`.
pub fn parse_date(raw: &str, label: &str) -> Result<Date, FieldError> {
    let v = raw.trim();
    let bad = || {
        invalid(
            "invalid_date",
            format!("{label} \"{v}\" không hợp lệ (dạng 2026-03-15 hoặc 15/03/2026)"),
        )
    };
    if v.chars().count() > 10 {
        return Err(bad());
    }
    let (y, m, d) = if let Some((day, rest)) = v.split_once('/') {
        let (month, year) = rest.split_once('/').ok_or_else(bad)?;
        (year, month, day)
    } else {
        let mut parts = v.splitn(3, '-');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(y), Some(m), Some(d)) => (y, m, d),
            _ => return Err(bad()),
        }
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !(digits(y) && digits(m) && digits(d)) || y.len() != 4 {
        return Err(bad());
    }
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u8 = m.parse().map_err(|_| bad())?;
    let day: u8 = d.parse().map_err(|_| bad())?;
    let month = time::Month::try_from(month).map_err(|_| bad())?;
    Date::from_calendar_date(year, month, day).map_err(|_| bad())
}

/// A whole number from 1 to `max`.
fn parse_count(raw: &str, label: &str, max: u32) -> Result<u32, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(invalid("required", format!("{label} không được để trống")));
    }
    match v.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(invalid(
            "invalid_number",
            format!("{label} phải là số nguyên từ 1 đến {max}"),
        )),
    }
}

/// Splits a list text into its non-blank lines (a line break or `;` ends an entry), each
/// split on `|` into trimmed parts; refuses more than `max` entries.
fn list_lines<'a>(raw: &'a str, label: &str, max: usize) -> Result<Vec<Vec<&'a str>>, FieldError> {
    let lines: Vec<Vec<&str>> = raw
        .split(['\n', ';'])
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split('|').map(str::trim).collect())
        .collect();
    if lines.len() > max {
        return Err(invalid(
            "too_many",
            format!("{label}: tối đa {max} dòng (nhận được {})", lines.len()),
        ));
    }
    Ok(lines)
}

/// The parts of one list line: a required first part, then optional ones.
fn line_parts(
    parts: &[&str],
    line: usize,
    label: &str,
    names: &[&str],
    max_chars: usize,
) -> Result<Vec<Option<String>>, FieldError> {
    let at = |what: &str| format!("{label} dòng {line}: {what}");
    if parts.len() > names.len() {
        return Err(invalid(
            "too_many_parts",
            at(&format!(
                "tối đa {} phần ngăn bởi \"|\" ({})",
                names.len(),
                names.join(" | ")
            )),
        ));
    }
    let mut out = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let value = parts.get(i).copied().unwrap_or_default();
        let parsed = optional_text(value, &at(name), max_chars)?;
        out.push(parsed);
    }
    if out[0].is_none() {
        return Err(invalid(
            "required",
            at(&format!("{} không được để trống", names[0])),
        ));
    }
    Ok(out)
}

/// Parses the materials text (see [`LotInput::materials`]).
pub fn parse_materials(raw: &str) -> Result<Vec<RawMaterial>, FieldError> {
    let label = "Nguồn nguyên liệu";
    if raw.chars().count() > MAX_MATERIALS_CHARS {
        return Err(invalid(
            "too_long",
            format!("{label} dài quá {MAX_MATERIALS_CHARS} ký tự"),
        ));
    }
    let names = [
        "Tên nguyên liệu",
        "Nhà cung cấp",
        "Vùng nguyên liệu",
        "Chứng nhận",
    ];
    list_lines(raw, label, MAX_MATERIALS)?
        .iter()
        .enumerate()
        .map(|(i, parts)| {
            let mut p =
                line_parts(parts, i + 1, label, &names, MAX_MATERIAL_PART_CHARS)?.into_iter();
            Ok(RawMaterial {
                name: p.next().flatten().unwrap_or_default(),
                supplier: p.next().flatten(),
                origin: p.next().flatten(),
                certification: p.next().flatten(),
            })
        })
        .collect()
}

/// The materials as the input text writes them (one a line).
pub fn materials_text(materials: &[RawMaterial]) -> String {
    materials
        .iter()
        .map(|m| {
            let part = |v: &Option<String>| v.clone().unwrap_or_default();
            format!(
                "{} | {} | {} | {}",
                m.name,
                part(&m.supplier),
                part(&m.origin),
                part(&m.certification)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl LotInput {
    /// Checks every field; `today` bounds the production date (no lot is made in the future).
    pub fn parse(&self, today: Date) -> Result<LotData, FieldErrors> {
        let mut errors = FieldErrors::default();
        let lot_number = errors.take("lot_number", parse_lot_number(&self.lot_number));
        let produced_on = errors.take(
            "produced_on",
            parse_date(&self.produced_on, "Ngày sản xuất").and_then(|d| {
                if d > today {
                    Err(invalid(
                        "in_future",
                        format!("Ngày sản xuất {d} sau ngày hôm nay"),
                    ))
                } else {
                    Ok(d)
                }
            }),
        );
        let expires_on = if self.expires_on.trim().is_empty() {
            Some(None)
        } else {
            errors
                .take("expires_on", parse_date(&self.expires_on, "Hạn sử dụng"))
                .map(Some)
        };
        if let (Some(made), Some(Some(expires))) = (produced_on, expires_on)
            && expires < made
        {
            errors.add(
                "expires_on",
                "before_production",
                format!("Hạn sử dụng {expires} trước ngày sản xuất {made}"),
            );
        }
        let quantity = errors.take(
            "quantity",
            parse_count(&self.quantity, "Số lượng", MAX_QUANTITY),
        );
        let unit = errors.take(
            "unit",
            required_text(&self.unit, "Đơn vị tính", MAX_UNIT_CHARS),
        );
        let storage_notes = errors.take(
            "storage_notes",
            optional_text(
                &self.storage_notes,
                "Điều kiện bảo quản",
                MAX_STORAGE_NOTES_CHARS,
            ),
        );
        let materials = errors.take("materials", parse_materials(&self.materials));
        match (
            lot_number,
            produced_on,
            expires_on,
            quantity,
            unit,
            storage_notes,
            materials,
        ) {
            (
                Some(lot_number),
                Some(produced_on),
                Some(expires_on),
                Some(quantity),
                Some(unit),
                Some(storage_notes),
                Some(materials),
            ) if errors.is_empty() => Ok(LotData {
                lot_number,
                produced_on,
                expires_on,
                quantity,
                unit,
                storage_notes,
                materials,
            }),
            _ => Err(errors),
        }
    }
}

/// A lot number: trimmed, to [`LOT_NUMBER_PATTERN`].
pub fn parse_lot_number(raw: &str) -> Result<String, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(invalid("required", "Số lô không được để trống"));
    }
    let mut chars = v.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-'));
    if v.chars().count() > MAX_LOT_NUMBER_CHARS {
        return Err(invalid(
            "too_long",
            format!("Số lô dài quá {MAX_LOT_NUMBER_CHARS} ký tự"),
        ));
    }
    if !(first_ok && rest_ok) {
        return Err(invalid(
            "invalid_lot_number",
            format!(
                "Số lô \"{v}\" chỉ gồm chữ không dấu, chữ số và - . _ /, bắt đầu bằng chữ hoặc số"
            ),
        ));
    }
    Ok(v.to_owned())
}

/// Lý do thu hồi: what a recall submits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecallInput {
    pub reason: String,
}

impl InputFields for RecallInput {
    fn fields() -> Vec<InputField> {
        vec![field(
            "reason",
            true,
            Shape::Text {
                max_chars: MAX_RECALL_REASON_CHARS,
            },
            "Lý do thu hồi (required)",
        )]
    }
}

#[cfg(feature = "openapi")]
crate::input_schemas!(RecallInput: "Thu hồi lô sản phẩm: the reason");

impl RecallInput {
    pub fn parse(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reason = errors.take(
            "reason",
            required_text(&self.reason, "Lý do thu hồi", MAX_RECALL_REASON_CHARS),
        );
        match reason {
            Some(reason) if errors.is_empty() => Ok(reason),
            _ => Err(errors),
        }
    }
}

/// One key result of a lab test: chỉ tiêu, kết quả, đơn vị.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestResult {
    pub name: String,
    pub value: String,
    pub unit: Option<String>,
}

/// Phiếu kết quả kiểm nghiệm: a lab test report's facts (its file is kept beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabTestData {
    pub lab_name: String,
    #[serde(with = "iso_date")]
    pub tested_on: Date,
    pub results: Vec<TestResult>,
}

/// What a form or the API submits for a lab test report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LabTestInput {
    pub lab_name: String,
    pub tested_on: String,
    /// One result a line: `name | value | unit`.
    pub results: String,
}

/// Parses the results text (see [`LabTestInput::results`]).
pub fn parse_results(raw: &str) -> Result<Vec<TestResult>, FieldError> {
    let label = "Kết quả kiểm nghiệm";
    if raw.chars().count() > MAX_RESULTS_CHARS {
        return Err(invalid(
            "too_long",
            format!("{label} dài quá {MAX_RESULTS_CHARS} ký tự"),
        ));
    }
    let names = ["Chỉ tiêu", "Kết quả", "Đơn vị"];
    list_lines(raw, label, MAX_TEST_RESULTS)?
        .iter()
        .enumerate()
        .map(|(i, parts)| {
            let parsed = line_parts(parts, i + 1, label, &names, MAX_RESULT_PART_CHARS)?;
            let mut p = parsed.into_iter();
            let name = p.next().flatten().unwrap_or_default();
            let value = p.next().flatten().ok_or_else(|| {
                invalid(
                    "required",
                    format!("{label} dòng {}: Kết quả không được để trống", i + 1),
                )
            })?;
            Ok(TestResult {
                name,
                value,
                unit: p.next().flatten(),
            })
        })
        .collect()
}

impl InputFields for LabTestInput {
    fn fields() -> Vec<InputField> {
        vec![
            field(
                "lab_name",
                true,
                Shape::Text {
                    max_chars: MAX_LAB_NAME_CHARS,
                },
                "Đơn vị kiểm nghiệm (required)",
            ),
            field(
                "tested_on",
                true,
                date_shape(),
                "Ngày kiểm nghiệm (YYYY-MM-DD), not after today",
            ),
            field(
                "results",
                false,
                Shape::Text {
                    max_chars: MAX_RESULTS_CHARS,
                },
                "Kết quả: one a line, `name | value | unit` (the unit may be left out)",
            ),
        ]
    }
}

#[cfg(feature = "openapi")]
crate::input_schemas!(LabTestInput: "Phiếu kết quả kiểm nghiệm: the lab, the date and the results");

impl LabTestInput {
    pub fn parse(&self, today: Date) -> Result<LabTestData, FieldErrors> {
        let mut errors = FieldErrors::default();
        let lab_name = errors.take(
            "lab_name",
            required_text(&self.lab_name, "Đơn vị kiểm nghiệm", MAX_LAB_NAME_CHARS),
        );
        let tested_on = errors.take(
            "tested_on",
            parse_date(&self.tested_on, "Ngày kiểm nghiệm").and_then(|d| {
                if d > today {
                    Err(invalid(
                        "in_future",
                        format!("Ngày kiểm nghiệm {d} sau ngày hôm nay"),
                    ))
                } else {
                    Ok(d)
                }
            }),
        );
        let results = errors.take("results", parse_results(&self.results));
        match (lab_name, tested_on, results) {
            (Some(lab_name), Some(tested_on), Some(results)) if errors.is_empty() => {
                Ok(LabTestData {
                    lab_name,
                    tested_on,
                    results,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 06 - 01);

    fn input() -> LotInput {
        LotInput {
            lot_number: "MD-2026-05".into(),
            produced_on: "2026-05-10".into(),
            expires_on: "10/05/2027".into(),
            quantity: "1200".into(),
            unit: "gói 500 g".into(),
            storage_notes: "Nơi khô ráo".into(),
            materials: "Củ dong riềng | HTX Đồng Văn | Xã Đồng Văn, Bình Liêu | VietGAP\n\
                        Nước | Giếng khoan ||"
                .into(),
        }
    }

    #[test]
    fn a_lot_parses_with_its_materials() {
        let lot = input().parse(TODAY).unwrap();
        assert_eq!(lot.produced_on, date!(2026 - 05 - 10));
        assert_eq!(lot.expires_on, Some(date!(2027 - 05 - 10)));
        assert_eq!(lot.materials.len(), 2);
        assert_eq!(lot.materials[0].certification.as_deref(), Some("VietGAP"));
        assert_eq!(lot.materials[1].origin, None);
        let again = LotInput {
            materials: materials_text(&lot.materials),
            ..input()
        };
        assert_eq!(again.parse(TODAY).unwrap().materials, lot.materials);
    }

    #[test]
    fn bad_fields_are_named() {
        let bad = LotInput {
            lot_number: "lô 1".into(),
            produced_on: "2026-07-01".into(),
            expires_on: "31/02/2027".into(),
            quantity: "0".into(),
            unit: " ".into(),
            materials: "| HTX".into(),
            ..input()
        };
        let errors = bad.parse(TODAY).unwrap_err();
        for f in [
            "lot_number",
            "produced_on",
            "expires_on",
            "quantity",
            "unit",
            "materials",
        ] {
            assert!(errors.get(f).is_some(), "{f}: {errors}");
        }
        let early = LotInput {
            expires_on: "2026-05-01".into(),
            ..input()
        };
        assert_eq!(
            early
                .parse(TODAY)
                .unwrap_err()
                .get("expires_on")
                .unwrap()
                .code,
            "before_production"
        );
    }

    #[test]
    fn lists_are_bounded() {
        let many = "Muối\n".repeat(MAX_MATERIALS + 1);
        let e = parse_materials(&many).unwrap_err();
        assert_eq!(e.code, "too_many");
        let long = format!("{}|x", "a".repeat(MAX_MATERIAL_PART_CHARS + 1));
        assert_eq!(parse_materials(&long).unwrap_err().code, "too_long");
        assert_eq!(
            parse_materials("a|b|c|d|e").unwrap_err().code,
            "too_many_parts"
        );
        let results = parse_results("Độ ẩm | 12,5 | %; Chì (Pb) | KPH").unwrap();
        assert_eq!(results.len(), 2);
        assert_eq!(results[1].unit, None);
        assert_eq!(parse_results("Độ ẩm").unwrap_err().code, "required");
    }

    #[test]
    fn only_an_active_lot_is_recalled() {
        assert_eq!(LotStatus::Active.recall(), Ok(LotStatus::Recalled));
        assert_eq!(
            LotStatus::Recalled.recall(),
            Err(TransitionRefused::AlreadyRecalled)
        );
        assert!(
            RecallInput {
                reason: "  ".into()
            }
            .parse()
            .is_err()
        );
        assert!(
            RecallInput {
                reason: "x".repeat(MAX_RECALL_REASON_CHARS + 1)
            }
            .parse()
            .is_err()
        );
    }

    #[test]
    fn dates_in_both_ways() {
        assert_eq!(parse_date("1/2/2026", "d").unwrap(), date!(2026 - 02 - 01));
        assert_eq!(
            parse_date("2026-02-01", "d").unwrap(),
            date!(2026 - 02 - 01)
        );
        for bad in [
            "2026-2",
            "26-02-01",
            "2026-02-30",
            "x",
            "01/13/2026",
            "2026-02-011",
        ] {
            assert!(parse_date(bad, "d").is_err(), "{bad}");
        }
    }
}
