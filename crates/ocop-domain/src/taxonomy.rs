//! Phân loại sản phẩm: the product taxonomy of each criteria version.
//!
//! V2026 (Decision 26/2026, Annex I): 6 product categories → 17 groups (nhóm), some split into
//! subgroups (phân nhóm) → 26 scoring sheets (bộ sản phẩm). V2019 (Decision 1048) had 6
//! sectors (ngành); historical records keep that classification and map to today's categories
//! for filters.

use serde::{Deserialize, Serialize};

/// The six product categories of V2026 (Loại sản phẩm), by stable code.
pub const CATEGORIES: [(&str, &str); 6] = [
    ("food", "Sản phẩm thực phẩm"),
    ("drink", "Sản phẩm đồ uống"),
    ("herbal", "Sản phẩm dược liệu và sản phẩm từ dược liệu"),
    ("craft", "Sản phẩm hàng thủ công mỹ nghệ"),
    ("ornamental", "Sản phẩm sinh vật cảnh"),
    (
        "tourism",
        "Sản phẩm dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
    ),
];

/// One scoring sheet of V2026 with its place in the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetClass {
    pub sheet: u8,
    pub name: &'static str,
    pub category: &'static str,
    pub group: &'static str,
    pub subgroup: Option<&'static str>,
    pub lead_ministry: &'static str,
}

const NNMT: &str = "Bộ Nông nghiệp và Môi trường";
const CT: &str = "Bộ Công Thương";
const YT: &str = "Bộ Y tế";

const fn sheet(
    sheet: u8,
    name: &'static str,
    category: &'static str,
    group: &'static str,
    subgroup: Option<&'static str>,
    lead_ministry: &'static str,
) -> SheetClass {
    SheetClass {
        sheet,
        name,
        category,
        group,
        subgroup,
        lead_ministry,
    }
}

/// The 26 sheets of V2026, in the law's order.
pub const SHEETS_V2026: [SheetClass; 26] = [
    sheet(
        1,
        "Rau, củ, quả, hạt tươi",
        "food",
        "Thực phẩm tươi sống",
        Some("Rau, củ, quả, hạt tươi"),
        NNMT,
    ),
    sheet(
        2,
        "Thịt, thủy sản, trứng, sữa tươi",
        "food",
        "Thực phẩm tươi sống",
        Some("Thịt, thủy sản, trứng, sữa tươi"),
        NNMT,
    ),
    sheet(
        3,
        "Gạo, ngũ cốc, hạt sơ chế khác",
        "food",
        "Thực phẩm thô, sơ chế",
        Some("Gạo, ngũ cốc, hạt sơ chế khác"),
        NNMT,
    ),
    sheet(
        4,
        "Mật ong, mật khác và nông sản thực phẩm khác",
        "food",
        "Thực phẩm thô, sơ chế",
        Some("Mật ong, mật khác và nông sản thực phẩm khác"),
        NNMT,
    ),
    sheet(
        5,
        "Đồ ăn nhanh",
        "food",
        "Thực phẩm chế biến",
        Some("Đồ ăn nhanh"),
        CT,
    ),
    sheet(
        6,
        "Chế biến từ gạo, ngũ cốc",
        "food",
        "Thực phẩm chế biến",
        Some("Chế biến từ gạo, ngũ cốc"),
        "Bộ Nông nghiệp và Môi trường; Bộ Công Thương",
    ),
    sheet(
        7,
        "Chế biến từ rau, củ, quả, hạt",
        "food",
        "Thực phẩm chế biến",
        Some("Chế biến từ rau, củ, quả, hạt"),
        NNMT,
    ),
    sheet(
        8,
        "Chế biến từ thịt, trứng, sữa, thủy sản, mật ong và nông sản thực phẩm khác",
        "food",
        "Thực phẩm chế biến",
        Some(
            "Chế biến từ thịt, trứng, sữa, thủy sản, các sản phẩm từ mật ong, mật khác và nông sản thực phẩm khác",
        ),
        "Bộ Nông nghiệp và Môi trường; Bộ Công Thương",
    ),
    sheet(
        9,
        "Tương, nước mắm, gia vị dạng lỏng khác",
        "food",
        "Gia vị",
        Some("Tương, nước mắm, gia vị dạng lỏng khác"),
        NNMT,
    ),
    sheet(
        10,
        "Gia vị khác",
        "food",
        "Gia vị",
        Some("Gia vị khác"),
        NNMT,
    ),
    sheet(
        11,
        "Chè tươi, chè chế biến",
        "food",
        "Chè",
        Some("Chè tươi, chế biến"),
        NNMT,
    ),
    sheet(
        12,
        "Sản phẩm trà từ thực vật khác",
        "food",
        "Chè",
        Some("Sản phẩm chè từ thực vật khác"),
        NNMT,
    ),
    sheet(13, "Cà phê, ca cao", "food", "Cà phê, ca cao", None, NNMT),
    sheet(
        14,
        "Rượu trắng",
        "drink",
        "Đồ uống có cồn",
        Some("Rượu trắng"),
        CT,
    ),
    sheet(
        15,
        "Đồ uống có cồn khác",
        "drink",
        "Đồ uống có cồn",
        Some("Đồ uống có cồn khác"),
        CT,
    ),
    sheet(
        16,
        "Nước khoáng thiên nhiên, nước uống đóng chai",
        "drink",
        "Đồ uống không cồn",
        Some("Nước khoáng thiên nhiên, nước uống đóng chai"),
        YT,
    ),
    sheet(
        17,
        "Đồ uống không cồn khác",
        "drink",
        "Đồ uống không cồn",
        Some("Đồ uống không cồn"),
        CT,
    ),
    sheet(
        18,
        "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền",
        "herbal",
        "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền",
        None,
        YT,
    ),
    sheet(
        19,
        "Mỹ phẩm có thành phần từ dược liệu",
        "herbal",
        "Mỹ phẩm có thành phần từ dược liệu",
        None,
        YT,
    ),
    sheet(
        20,
        "Tinh dầu và dược liệu khác",
        "herbal",
        "Tinh dầu và dược liệu khác",
        None,
        "Bộ Y tế; Bộ Công Thương",
    ),
    sheet(
        21,
        "Thủ công mỹ nghệ gia dụng, trang trí",
        "craft",
        "Thủ công mỹ nghệ gia dụng, trang trí",
        None,
        "Bộ Công Thương; Bộ Nông nghiệp và Môi trường",
    ),
    sheet(22, "Vải, may mặc", "craft", "Vải, may mặc", None, CT),
    sheet(23, "Hoa", "ornamental", "Hoa", None, NNMT),
    sheet(24, "Cây cảnh", "ornamental", "Cây cảnh", None, NNMT),
    sheet(
        25,
        "Động vật cảnh",
        "ornamental",
        "Động vật cảnh",
        None,
        NNMT,
    ),
    sheet(
        26,
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "tourism",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        None,
        "Bộ Văn hóa, Thể thao và Du lịch; Bộ Nông nghiệp và Môi trường",
    ),
];

/// Short names of the V2026 sheets' groups (tên nhóm ngắn), as (Vietnamese, English), in the
/// sheets' order: the law's names run to a line, too long for a product card.
pub const SHORT_NAMES_V2026: [(&str, &str); 26] = [
    ("Rau, củ, quả tươi", "Fresh vegetables and fruit"),
    ("Thịt, thủy sản, trứng, sữa", "Meat, seafood, eggs, milk"),
    ("Gạo, ngũ cốc", "Rice and grains"),
    ("Mật ong, nông sản", "Honey and farm produce"),
    ("Đồ ăn nhanh", "Ready meals"),
    ("Món từ gạo, ngũ cốc", "Rice and grain foods"),
    ("Món từ rau, củ, quả", "Vegetable and fruit foods"),
    ("Món từ thịt, thủy sản", "Meat and seafood foods"),
    ("Nước mắm, tương", "Fish sauce and sauces"),
    ("Gia vị", "Spices"),
    ("Chè", "Tea"),
    ("Trà thảo mộc", "Herbal tea"),
    ("Cà phê, ca cao", "Coffee and cocoa"),
    ("Rượu trắng", "White spirits"),
    ("Đồ uống có cồn khác", "Other alcoholic drinks"),
    ("Nước uống đóng chai", "Bottled water"),
    ("Đồ uống không cồn", "Soft drinks"),
    ("Thực phẩm chức năng, thuốc", "Supplements and remedies"),
    ("Mỹ phẩm thảo dược", "Herbal cosmetics"),
    ("Tinh dầu, dược liệu", "Essential oils and herbs"),
    ("Thủ công mỹ nghệ", "Handicrafts"),
    ("Vải, may mặc", "Textiles and clothing"),
    ("Hoa", "Flowers"),
    ("Cây cảnh", "Ornamental plants"),
    ("Động vật cảnh", "Ornamental animals"),
    ("Du lịch cộng đồng", "Community tourism"),
];

/// Short names of the V2019 sectors, as (code, Vietnamese, English).
pub const SHORT_NAMES_V2019: [(&str, &str, &str); 6] = [
    ("food", "Thực phẩm", "Food"),
    ("drink", "Đồ uống", "Drinks"),
    ("herbal", "Thảo dược", "Herbs"),
    ("textile", "Vải, may mặc", "Textiles and clothing"),
    (
        "souvenir",
        "Lưu niệm, trang trí",
        "Souvenirs and decoration",
    ),
    ("rural_tourism", "Du lịch nông thôn", "Rural tourism"),
];

/// The six sectors of V2019 (Decision 1048), with the V2026 category each maps to.
pub const SECTORS_V2019: [(&str, &str, &str); 6] = [
    ("food", "Thực phẩm", "food"),
    ("drink", "Đồ uống", "drink"),
    ("herbal", "Thảo dược", "herbal"),
    ("textile", "Vải và may mặc", "craft"),
    ("souvenir", "Lưu niệm - nội thất - trang trí", "craft"),
    (
        "rural_tourism",
        "Dịch vụ du lịch nông thôn, bán hàng",
        "tourism",
    ),
];

/// A product's classification, under the taxonomy of its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "version")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Classification {
    /// Decision 26/2026: the scoring sheet fixes group and category.
    V2026 { sheet: u8 },
    /// Decision 1048/2019, historical records: one of six sectors.
    V2019 { sector: String },
}

impl Classification {
    pub fn sheet_class(&self) -> Option<&'static SheetClass> {
        match self {
            Classification::V2026 { sheet } => sheet_class(*sheet),
            Classification::V2019 { .. } => None,
        }
    }

    /// Today's category code, for filters across versions.
    pub fn category(&self) -> &'static str {
        match self {
            Classification::V2026 { sheet } => sheet_class(*sheet).map_or("food", |s| s.category),
            Classification::V2019 { sector } => SECTORS_V2019
                .iter()
                .find(|(code, _, _)| code == sector)
                .map_or("food", |(_, _, category)| category),
        }
    }

    pub fn label(&self) -> String {
        match self {
            Classification::V2026 { sheet } => match sheet_class(*sheet) {
                Some(s) => format!("Bộ {}: {}", s.sheet, s.name),
                None => format!("Bộ {sheet}"),
            },
            Classification::V2019 { sector } => {
                let name = SECTORS_V2019
                    .iter()
                    .find(|(code, _, _)| code == sector)
                    .map_or(sector.as_str(), |(_, name, _)| name);
                format!("{name} (phân loại 2019)")
            }
        }
    }

    /// The short name of its group, as (Vietnamese, English); None for a sheet or sector
    /// the taxonomy does not have.
    pub fn short_name(&self) -> Option<(&'static str, &'static str)> {
        match self {
            Classification::V2026 { sheet } => {
                sheet_class(*sheet).map(|s| SHORT_NAMES_V2026[usize::from(s.sheet) - 1])
            }
            Classification::V2019 { sector } => SHORT_NAMES_V2019
                .iter()
                .find(|(code, _, _)| code == sector)
                .map(|(_, vi, en)| (*vi, *en)),
        }
    }

    /// Parses the stored or submitted pair (`V2026` + sheet, or `V2019` + sector code).
    pub fn parse(
        version: &str,
        value: &str,
    ) -> Result<Classification, crate::validation::FieldError> {
        use crate::validation::invalid;
        match version.trim() {
            "" | "V2026" => {
                let sheet: u8 = value.trim().parse().map_err(|_| {
                    invalid(
                        "invalid_sheet",
                        format!("Bộ sản phẩm \"{value}\" phải là số từ 1 đến 26"),
                    )
                })?;
                sheet_class(sheet).ok_or_else(|| {
                    invalid(
                        "invalid_sheet",
                        format!("Bộ sản phẩm {sheet} không tồn tại (1–26)"),
                    )
                })?;
                Ok(Classification::V2026 { sheet })
            }
            "V2019" => {
                let sector = value.trim();
                if SECTORS_V2019.iter().any(|(code, _, _)| *code == sector) {
                    Ok(Classification::V2019 {
                        sector: sector.to_owned(),
                    })
                } else {
                    Err(invalid(
                        "invalid_sector",
                        format!("Ngành \"{value}\" không có trong phân loại 2019"),
                    ))
                }
            }
            other => Err(invalid(
                "invalid_taxonomy",
                format!("Phiên bản phân loại \"{other}\" không hỗ trợ (V2026 hoặc V2019)"),
            )),
        }
    }

    /// The classification stored as `version` and `value` (exactly, as [`Classification::version`]
    /// and [`Classification::value`] wrote them); None for a sheet or sector the taxonomy does
    /// not have.
    pub fn from_key(version: &str, value: &str) -> Option<Classification> {
        match version {
            "V2026" => {
                let sheet: u8 = value.parse().ok()?;
                sheet_class(sheet).map(|_| Classification::V2026 { sheet })
            }
            "V2019" => SECTORS_V2019
                .iter()
                .any(|(code, _, _)| *code == value)
                .then(|| Classification::V2019 {
                    sector: value.to_owned(),
                }),
            _ => None,
        }
    }

    pub fn version(&self) -> &'static str {
        match self {
            Classification::V2026 { .. } => "V2026",
            Classification::V2019 { .. } => "V2019",
        }
    }

    /// The stored value: the sheet number or the sector code.
    pub fn value(&self) -> String {
        match self {
            Classification::V2026 { sheet } => sheet.to_string(),
            Classification::V2019 { sector } => sector.clone(),
        }
    }
}

pub fn sheet_class(sheet: u8) -> Option<&'static SheetClass> {
    SHEETS_V2026.iter().find(|s| s.sheet == sheet)
}

pub fn category_label(code: &str) -> Option<&'static str> {
    CATEGORIES.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn six_categories_seventeen_groups_twenty_six_sheets() {
        let categories: BTreeSet<_> = SHEETS_V2026.iter().map(|s| s.category).collect();
        let groups: BTreeSet<_> = SHEETS_V2026.iter().map(|s| (s.category, s.group)).collect();
        assert_eq!(categories.len(), 6);
        assert_eq!(groups.len(), 17);
        assert_eq!(SHEETS_V2026.len(), 26);
        for (i, s) in SHEETS_V2026.iter().enumerate() {
            assert_eq!(s.sheet as usize, i + 1);
            assert!(category_label(s.category).is_some());
        }
    }

    #[test]
    fn short_names_are_short_and_tell_groups_apart() {
        let sectors = SHORT_NAMES_V2019.map(|(_, vi, en)| (vi, en));
        for names in [&SHORT_NAMES_V2026[..], &sectors[..]] {
            let vi: BTreeSet<_> = names.iter().map(|(vi, _)| vi).collect();
            let en: BTreeSet<_> = names.iter().map(|(_, en)| en).collect();
            assert_eq!((vi.len(), en.len()), (names.len(), names.len()));
            for (vi, en) in names {
                assert!(!vi.is_empty() && vi.chars().count() <= 26, "{vi}");
                assert!(!en.is_empty() && en.chars().count() <= 26, "{en}");
            }
        }
        for (code, _, _) in SECTORS_V2019 {
            assert!(SHORT_NAMES_V2019.iter().any(|(c, _, _)| *c == code));
        }
        assert_eq!(
            Classification::V2026 { sheet: 8 }.short_name(),
            Some(("Món từ thịt, thủy sản", "Meat and seafood foods"))
        );
        assert_eq!(
            Classification::V2019 {
                sector: "souvenir".into()
            }
            .short_name(),
            Some(("Lưu niệm, trang trí", "Souvenirs and decoration"))
        );
        assert_eq!(Classification::V2026 { sheet: 27 }.short_name(), None);
    }

    #[test]
    fn parse_and_map_versions() {
        assert_eq!(
            Classification::parse("V2026", "24").unwrap().category(),
            "ornamental"
        );
        assert!(Classification::parse("V2026", "27").is_err());
        assert_eq!(
            Classification::parse("V2019", "souvenir")
                .unwrap()
                .category(),
            "craft"
        );
        assert!(Classification::parse("V2030", "1").is_err());
    }

    #[test]
    fn stored_classifications_are_read_exactly() {
        for c in [
            Classification::V2026 { sheet: 24 },
            Classification::V2019 {
                sector: "souvenir".into(),
            },
        ] {
            assert_eq!(Classification::from_key(c.version(), &c.value()), Some(c));
        }
        assert_eq!(Classification::from_key("V2026", "27"), None);
        assert_eq!(Classification::from_key("", "7"), None);
        assert_eq!(Classification::from_key("V2019", "gốm"), None);
    }
}
