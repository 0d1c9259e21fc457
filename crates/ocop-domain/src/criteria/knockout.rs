use serde::{Deserialize, Serialize};

/// Hồ sơ bị loại: a condition that rejects the dossier outright, whatever its points.
///
/// The list is closed: each sheet names the codes that apply to it, in the law's
/// "Hồ sơ bị loại khi" sentence (and, on some sheets, in a criterion's note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KnockOut {
    ForgedDossier,
    FoodSafetyNoncompliant,
    RegistrationIncomplete,
    NoProductionLicence,
    NoGmp,
    NoProductDeclaration,
    NoSectorConditions,
    ImportedOrUnknownRawMaterial,
}

impl KnockOut {
    pub const ALL: [KnockOut; 8] = [
        KnockOut::ForgedDossier,
        KnockOut::FoodSafetyNoncompliant,
        KnockOut::RegistrationIncomplete,
        KnockOut::NoProductionLicence,
        KnockOut::NoGmp,
        KnockOut::NoProductDeclaration,
        KnockOut::NoSectorConditions,
        KnockOut::ImportedOrUnknownRawMaterial,
    ];

    /// The stable code, as written in the data files and the API.
    pub fn code(self) -> &'static str {
        match self {
            KnockOut::ForgedDossier => "forged_dossier",
            KnockOut::FoodSafetyNoncompliant => "food_safety_noncompliant",
            KnockOut::RegistrationIncomplete => "registration_incomplete",
            KnockOut::NoProductionLicence => "no_production_licence",
            KnockOut::NoGmp => "no_gmp",
            KnockOut::NoProductDeclaration => "no_product_declaration",
            KnockOut::NoSectorConditions => "no_sector_conditions",
            KnockOut::ImportedOrUnknownRawMaterial => "imported_or_unknown_raw_material",
        }
    }

    /// The condition in the law's words (Vietnamese), for forms and reports.
    pub fn label(self) -> &'static str {
        match self {
            KnockOut::ForgedDossier => "Giả mạo hồ sơ",
            KnockOut::FoodSafetyNoncompliant => {
                "Không tuân thủ đầy đủ các quy định về giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"
            }
            KnockOut::RegistrationIncomplete => "Không đáp ứng về hồ sơ đăng ký theo quy định",
            KnockOut::NoProductionLicence => "Không có giấy phép sản xuất theo quy định",
            KnockOut::NoGmp => {
                "Không có giấy chứng nhận cơ sở đủ điều kiện sản xuất (GMP hoặc tương đương)"
            }
            KnockOut::NoProductDeclaration => "Không có bản công bố sản phẩm (hoặc tương đương)",
            KnockOut::NoSectorConditions => {
                "Không có đủ điều kiện bắt buộc để sản xuất sản phẩm theo quy định quản lý chuyên ngành"
            }
            KnockOut::ImportedOrUnknownRawMaterial => {
                "Sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_matches_serde_name() {
        for knockout in KnockOut::ALL {
            let json = serde_json::to_string(&knockout).unwrap();
            assert_eq!(json, format!("\"{}\"", knockout.code()));
            assert!(!knockout.label().is_empty());
        }
    }

    #[test]
    fn unknown_code_is_rejected() {
        assert!(serde_json::from_str::<KnockOut>("\"bad_smell\"").is_err());
    }
}
