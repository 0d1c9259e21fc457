//! Số phiếu tiếp nhận: the number the commune gives a dossier when it receives it, in Mẫu 01's
//! pattern "Phiếu số …-… /PĐK-(Mã tỉnh)-(Mã xã)-(Năm)". The law leaves the part before
//! `/PĐK` to the receiving office; here it is the commune's running number of the year, so
//! the whole number is unique: `<seq>/PĐK-<province, 2 digits>-<commune, 5 digits>-<year>`,
//! with the codes of Decision 19/2025/QĐ-TTg as in the product code.

use crate::validation::{FieldError, invalid};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiptNumber {
    /// The commune's running number of dossiers received in `year`, from 1.
    pub seq: u32,
    pub province: u32,
    pub commune: u32,
    pub year: i32,
}

impl std::fmt::Display for ReceiptNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/PĐK-{:02}-{:05}-{}",
            self.seq, self.province, self.commune, self.year
        )
    }
}

impl ReceiptNumber {
    pub fn parse(raw: &str) -> Result<ReceiptNumber, FieldError> {
        let bad = || {
            invalid(
                "invalid_receipt_number",
                format!("Số phiếu \"{raw}\" không đúng dạng <số>/PĐK-(Mã tỉnh)-(Mã xã)-(Năm)"),
            )
        };
        let (seq, rest) = raw.trim().split_once("/PĐK-").ok_or_else(bad)?;
        let parts: Vec<&str> = rest.split('-').collect();
        let [t, x, y] = parts.as_slice() else {
            return Err(bad());
        };
        let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(t, 2) || !digits(x, 5) || !digits(y, 4) || seq.is_empty() {
            return Err(bad());
        }
        let seq: u32 = seq.parse().map_err(|_| bad())?;
        if seq == 0 {
            return Err(bad());
        }
        Ok(ReceiptNumber {
            seq,
            province: t.parse().map_err(|_| bad())?,
            commune: x.parse().map_err(|_| bad())?,
            year: y.parse().map_err(|_| bad())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_of_mau_01() {
        let number = ReceiptNumber {
            seq: 7,
            province: 22,
            commune: 6838,
            year: 2026,
        };
        assert_eq!(number.to_string(), "7/PĐK-22-06838-2026");
        assert_eq!(ReceiptNumber::parse("7/PĐK-22-06838-2026").unwrap(), number);
        for bad in [
            "0/PĐK-22-06838-2026",
            "7/PDK-22-06838-2026",
            "7/PĐK-22-6838-2026",
            "/PĐK-22-06838-2026",
            "7/PĐK-22-06838",
            "x/PĐK-22-06838-2026",
        ] {
            assert!(ReceiptNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
