//! Identifiers that carry their own rules: tax codes, GTINs, OCOP product codes, phones, e-mails.

use serde::{Deserialize, Serialize};

use crate::validation::{FieldError, invalid};

/// Mã số thuế / mã số đăng ký kinh doanh: a producer's tax or business registration number.
///
/// - 10 digits: enterprise or cooperative tax code; the 10th digit is a check digit.
/// - 10 digits, `-`, 3 digits: a branch's tax code (check digit on the first ten).
/// - 12 digits: personal identification number, the tax code of household businesses since
///   2025-07-01 (no check digit; the first three digits are a province code 001–096).
/// - Otherwise letters and digits (6–20), e.g. a household business certificate "22A8001234":
///   accepted only where `allow_registration_number` (households, cooperative groups, farms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaxCode(String);

/// What every accepted tax code or registration number looks like (the check digit and which
/// kinds may give a registration number are checked by [`TaxCode::parse`]).
pub const TAX_CODE_PATTERN: &str = r"^[A-Za-z0-9/-]{6,20}$";
/// Longest tax code or registration number, in characters.
pub const MAX_TAX_CODE_CHARS: usize = 20;
/// What every accepted GTIN looks like (the check digit is checked by [`Gtin::parse`]).
pub const GTIN_PATTERN: &str = r"^([0-9]{8}|[0-9]{12,14})$";
/// Longest GTIN, in digits.
pub const MAX_GTIN_CHARS: usize = 14;
/// The characters of a phone number as people write it.
pub const PHONE_PATTERN: &str = r"^[0-9 .()+-]+$";
/// Longest phone number as written, separators included.
pub const MAX_PHONE_CHARS: usize = 20;
/// An e-mail address: one `@`, a dotted domain, no spaces.
pub const EMAIL_PATTERN: &str = r"^[^@\s]+@[^@\s.][^@\s]*\.[^@\s]*[^@\s.]$";
/// Longest e-mail address, in characters.
pub const MAX_EMAIL_CHARS: usize = 254;

impl TaxCode {
    pub fn parse(raw: &str, allow_registration_number: bool) -> Result<TaxCode, FieldError> {
        let value: String = raw.split_whitespace().collect::<String>().to_uppercase();
        if value.is_empty() {
            return Err(invalid(
                "required",
                "Mã số thuế / số ĐKKD không được để trống",
            ));
        }
        let digits_only = value.chars().all(|c| c.is_ascii_digit());
        if digits_only && value.len() == 10 {
            return check_tax_digit(&value).map(|_| TaxCode(value));
        }
        if let Some((head, branch)) = value.split_once('-')
            && head.len() == 10
            && head.chars().all(|c| c.is_ascii_digit())
            && branch.len() == 3
            && branch.chars().all(|c| c.is_ascii_digit())
        {
            return check_tax_digit(head).map(|_| TaxCode(value));
        }
        if digits_only && value.len() == 12 {
            let province: u32 = value[..3].parse().unwrap_or(0);
            if (1..=96).contains(&province) {
                return Ok(TaxCode(value));
            }
            return Err(invalid(
                "invalid_tax_code",
                format!("Số định danh cá nhân {value}: 3 chữ số đầu phải là mã tỉnh 001–096"),
            ));
        }
        if allow_registration_number
            && (6..=20).contains(&value.len())
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '-')
        {
            return Ok(TaxCode(value));
        }
        Err(invalid(
            "invalid_tax_code",
            format!(
                "Mã số thuế \"{raw}\" không hợp lệ: cần 10 chữ số, 10 chữ số-3 chữ số (chi nhánh) hoặc 12 chữ số (định danh cá nhân)"
            ),
        ))
    }

    /// A tax code as stored, not checked again: it passed [`TaxCode::parse`] when it was
    /// written, and a rule tightened since must not make old records unreadable.
    pub fn from_stored(value: String) -> TaxCode {
        TaxCode(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

const TAX_WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/// The check digit of a 10-digit tax code, or None where no digit can be valid.
pub fn tax_check_digit(first_nine: &str) -> Option<u32> {
    let sum: u32 = first_nine
        .chars()
        .zip(TAX_WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = 10 - sum % 11;
    (check <= 9).then_some(check)
}

fn check_tax_digit(ten: &str) -> Result<(), FieldError> {
    let expected = tax_check_digit(&ten[..9]);
    let actual = ten[9..].parse::<u32>().ok();
    if expected.is_some() && expected == actual {
        Ok(())
    } else {
        Err(invalid(
            "invalid_check_digit",
            format!("Mã số thuế {ten} sai chữ số kiểm tra (chữ số thứ 10)"),
        ))
    }
}

/// GTIN (mã số mã vạch GS1): 8, 12, 13 or 14 digits with the GS1 mod-10 check digit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Gtin(String);

impl Gtin {
    pub fn parse(raw: &str) -> Result<Gtin, FieldError> {
        let value: String = raw.split_whitespace().collect();
        if !value.chars().all(|c| c.is_ascii_digit()) || ![8, 12, 13, 14].contains(&value.len()) {
            return Err(invalid(
                "invalid_gtin",
                format!("Mã GTIN \"{raw}\" phải gồm 8, 12, 13 hoặc 14 chữ số"),
            ));
        }
        let (body, check) = value.split_at(value.len() - 1);
        if gs1_check_digit(body).to_string() != check {
            return Err(invalid(
                "invalid_check_digit",
                format!("Mã GTIN {value} sai chữ số kiểm tra"),
            ));
        }
        Ok(Gtin(value))
    }

    /// A GTIN as stored, not checked again: it passed [`Gtin::parse`] when it was written, and
    /// a rule tightened since must not make old records unreadable.
    pub fn from_stored(value: String) -> Gtin {
        Gtin(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// GS1 mod-10: weights 3,1,3,… from the right of the body.
pub fn gs1_check_digit(body: &str) -> u32 {
    let sum: u32 = body
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| c.to_digit(10).unwrap_or(0) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    (10 - sum % 10) % 10
}

/// Mã số sản phẩm OCOP: `(T)-(X)-(STT)-(year)` per Decision 26/2026/QĐ-TTg, with the
/// administrative codes of Decision 19/2025/QĐ-TTg: province (2 digits), commune (5 digits),
/// the commune's running number for the product, and the year of evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProductCode {
    pub province: u32,
    pub commune: u32,
    pub number: u32,
    pub year: i32,
}

impl std::fmt::Display for ProductCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:02}-{:05}-{}-{}",
            self.province, self.commune, self.number, self.year
        )
    }
}

impl ProductCode {
    pub fn parse(raw: &str) -> Result<ProductCode, FieldError> {
        let bad = || {
            invalid(
                "invalid_product_code",
                format!("Mã số sản phẩm \"{raw}\" không đúng dạng (T)-(X)-(STT)-(năm)"),
            )
        };
        let parts: Vec<&str> = raw.trim().split('-').collect();
        let [t, x, n, y] = parts.as_slice() else {
            return Err(bad());
        };
        if t.len() != 2 || x.len() != 5 || y.len() != 4 {
            return Err(bad());
        }
        Ok(ProductCode {
            province: t.parse().map_err(|_| bad())?,
            commune: x.parse().map_err(|_| bad())?,
            number: n.parse().map_err(|_| bad())?,
            year: y.parse().map_err(|_| bad())?,
        })
    }
}

/// A Vietnamese phone number: 10 digits starting with 0 (or +84 followed by 9 digits);
/// landlines of 11 digits starting with 02 are accepted too.
pub fn parse_phone(raw: &str) -> Result<String, FieldError> {
    if raw.chars().count() > MAX_PHONE_CHARS {
        return Err(invalid(
            "too_long",
            format!("Số điện thoại dài quá {MAX_PHONE_CHARS} ký tự"),
        ));
    }
    let compact: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let national = match compact.strip_prefix("+84") {
        Some(rest) => format!("0{rest}"),
        None => compact,
    };
    let ok = national.starts_with('0')
        && national.chars().all(|c| c.is_ascii_digit())
        && (national.len() == 10 || (national.len() == 11 && national.starts_with("02")));
    if ok {
        Ok(national)
    } else {
        Err(invalid(
            "invalid_phone",
            format!("Số điện thoại \"{raw}\" không hợp lệ (10 chữ số, bắt đầu bằng 0)"),
        ))
    }
}

/// An e-mail address: one `@`, a dotted domain, no spaces.
pub fn parse_email(raw: &str) -> Result<String, FieldError> {
    let v = raw.trim().to_lowercase();
    let valid = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !v.contains(char::is_whitespace)
                && v.chars().count() <= MAX_EMAIL_CHARS
        }
        None => false,
    };
    if valid {
        Ok(v)
    } else {
        Err(invalid(
            "invalid_email",
            format!("Địa chỉ email \"{raw}\" không hợp lệ"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid 10-digit tax code from nine digits (test helper).
    fn with_check(nine: &str) -> String {
        format!("{nine}{}", tax_check_digit(nine).unwrap())
    }

    #[test]
    fn tax_code_check_digit() {
        // 0100109106 is Viettel's published tax code.
        assert!(TaxCode::parse("0100109106", false).is_ok());
        assert_eq!(
            TaxCode::parse("0100109107", false).unwrap_err().code,
            "invalid_check_digit"
        );
        let ok = with_check("570012345");
        assert!(TaxCode::parse(&ok, false).is_ok());
        assert!(TaxCode::parse(&format!("{ok}-001"), false).is_ok());
        assert!(TaxCode::parse("022190001234", false).is_ok());
        assert!(TaxCode::parse("999190001234", false).is_err());
    }

    #[test]
    fn stored_values_are_kept_as_stored() {
        // A wrong check digit: refused as input, kept as stored.
        assert!(TaxCode::parse("0100109107", false).is_err());
        assert_eq!(
            TaxCode::from_stored("0100109107".into()).as_str(),
            "0100109107"
        );
        assert!(Gtin::parse("8935049500644").is_err());
        assert_eq!(
            Gtin::from_stored("8935049500644".into()).as_str(),
            "8935049500644"
        );
    }

    #[test]
    fn registration_numbers_only_where_allowed() {
        assert!(TaxCode::parse("22A8001234", true).is_ok());
        assert!(TaxCode::parse("22A8001234", false).is_err());
        assert!(TaxCode::parse("", true).is_err());
    }

    #[test]
    fn gtin_check_digit() {
        assert!(Gtin::parse("8935049500643").is_ok());
        assert!(Gtin::parse("8935049500644").is_err());
        assert!(Gtin::parse("96385074").is_ok());
        assert!(Gtin::parse("12345").is_err());
        assert_eq!(gs1_check_digit("893504950064"), 3);
    }

    #[test]
    fn product_code_round_trip() {
        let code = ProductCode {
            province: 22,
            commune: 6838,
            number: 3,
            year: 2026,
        };
        assert_eq!(code.to_string(), "22-06838-3-2026");
        assert_eq!(ProductCode::parse("22-06838-3-2026").unwrap(), code);
        assert!(ProductCode::parse("83-829-28780-3-2022").is_err());
    }

    #[test]
    fn phones_and_emails() {
        assert_eq!(parse_phone("0912 345 678").unwrap(), "0912345678");
        assert_eq!(parse_phone("+84 912 345 678").unwrap(), "0912345678");
        assert_eq!(parse_phone("0203.3876.543").unwrap(), "02033876543");
        assert!(parse_phone("12345").is_err());
        assert_eq!(parse_email(" A@B.vn ").unwrap(), "a@b.vn");
        assert!(parse_email("a@b").is_err());
        assert!(parse_email("a b@c.vn").is_err());
    }
}
