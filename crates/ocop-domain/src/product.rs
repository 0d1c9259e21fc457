//! Sản phẩm OCOP: a product of a producer, classified under a criteria version's taxonomy.

use serde::{Deserialize, Serialize};

use crate::identifiers::{GTIN_PATTERN, Gtin, MAX_GTIN_CHARS};
use crate::input::{InputField, InputFields, Shape};
use crate::taxonomy::{Classification, SHEETS_V2026};
use crate::validation::{FieldErrors, invalid, optional_text, required_text};

/// Trạng thái sản phẩm. Only active products are public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProductStatus {
    /// Bản nháp: being prepared; seen by its producer and officials only.
    Draft,
    /// Đang hoạt động: listed in the public catalogue.
    Active,
    /// Tạm dừng.
    Suspended,
    /// Lưu trữ.
    Archived,
}

impl ProductStatus {
    pub const ALL: [ProductStatus; 4] = [
        ProductStatus::Draft,
        ProductStatus::Active,
        ProductStatus::Suspended,
        ProductStatus::Archived,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProductStatus::Draft => "draft",
            ProductStatus::Active => "active",
            ProductStatus::Suspended => "suspended",
            ProductStatus::Archived => "archived",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProductStatus::Draft => "Bản nháp",
            ProductStatus::Active => "Đang hoạt động",
            ProductStatus::Suspended => "Tạm dừng",
            ProductStatus::Archived => "Lưu trữ",
        }
    }

    /// The status stored under `key` (exactly: [`ProductStatus::parse`] takes an empty input
    /// for a draft, which a stored row never holds).
    pub fn from_key(key: &str) -> Option<ProductStatus> {
        ProductStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn parse(raw: &str) -> Option<ProductStatus> {
        match crate::text::fold_vi(raw).as_str() {
            "" | "draft" | "ban nhap" => Some(ProductStatus::Draft),
            "active" | "dang hoat dong" | "hoat dong" => Some(ProductStatus::Active),
            "suspended" | "tam dung" => Some(ProductStatus::Suspended),
            "archived" | "luu tru" => Some(ProductStatus::Archived),
            _ => None,
        }
    }

    pub fn is_public(self) -> bool {
        self == ProductStatus::Active
    }
}

/// A product's registry data, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductData {
    pub name: String,
    pub classification: Classification,
    pub description: Option<String>,
    /// Câu chuyện sản phẩm (criteria 5.1–5.3).
    pub story: Option<String>,
    /// Thành phần, nguồn gốc nguyên liệu.
    pub ingredients: Option<String>,
    pub packaging: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub gtin: Option<Gtin>,
    pub status: ProductStatus,
}

/// Longest name of a product, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 5000;
/// Longest product story, in characters.
pub const MAX_STORY_CHARS: usize = 10_000;
/// Longest list of ingredients, in characters.
pub const MAX_INGREDIENTS_CHARS: usize = 2000;
/// Longest packaging text, in characters.
pub const MAX_PACKAGING_CHARS: usize = 500;
/// A V2026 sheet number (1–26) or a V2019 sector code: which one the taxonomy version takes
/// is checked by [`Classification::parse`].
pub const CLASSIFICATION_PATTERN: &str =
    r"^([1-9]|1[0-9]|2[0-6]|food|drink|herbal|textile|souvenir|rural_tourism)$";

/// What a form, the API or an import row submits for a product.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductInput {
    pub name: String,
    /// `V2026` (default) or `V2019` for historical records.
    pub taxonomy_version: String,
    /// V2026: the scoring sheet 1–26; V2019: the sector code (`food`, `drink`, `herbal`,
    /// `textile`, `souvenir`, `rural_tourism`).
    pub classification: String,
    pub description: String,
    pub story: String,
    pub ingredients: String,
    pub packaging: String,
    pub gtin: String,
    /// `draft` (default), `active`, `suspended`, `archived`.
    pub status: String,
}

impl InputFields for ProductInput {
    fn fields() -> Vec<InputField> {
        let field = |name, required, shape, description| InputField {
            name,
            required,
            shape,
            description,
        };
        let text = |max_chars| Shape::Text { max_chars };
        vec![
            field("name", true, text(MAX_NAME_CHARS), "Tên sản phẩm"),
            field(
                "taxonomy_version",
                false,
                Shape::Choice(&["V2026", "V2019"]),
                "Phiên bản phân loại: `V2026` (default) or `V2019` for historical records",
            ),
            field(
                "classification",
                true,
                Shape::IntegerOrCode {
                    min: 1,
                    max: SHEETS_V2026.len() as u32,
                    pattern: CLASSIFICATION_PATTERN,
                    max_chars: 13,
                },
                "V2026: the scoring sheet (bộ sản phẩm) 1–26; V2019: the sector code (`food`, \
                 `drink`, `herbal`, `textile`, `souvenir`, `rural_tourism`)",
            ),
            field("description", false, text(MAX_DESCRIPTION_CHARS), "Mô tả"),
            field("story", false, text(MAX_STORY_CHARS), "Câu chuyện sản phẩm"),
            field(
                "ingredients",
                false,
                text(MAX_INGREDIENTS_CHARS),
                "Thành phần, nguồn gốc nguyên liệu",
            ),
            field(
                "packaging",
                false,
                text(MAX_PACKAGING_CHARS),
                "Quy cách đóng gói",
            ),
            field(
                "gtin",
                false,
                Shape::Code {
                    pattern: GTIN_PATTERN,
                    max_chars: MAX_GTIN_CHARS,
                    format: Some("gtin"),
                },
                "Mã số mã vạch GS1: 8, 12, 13 or 14 digits ending with their check digit",
            ),
            field(
                "status",
                false,
                Shape::Choice(&["draft", "active", "suspended", "archived"]),
                "Trạng thái (default `draft`)",
            ),
        ]
    }
}

#[cfg(feature = "openapi")]
crate::input_schemas!(ProductInput: "Sản phẩm: every field as in the registry; checked together, each error naming its \
             field");

impl ProductInput {
    pub fn parse(&self) -> Result<ProductData, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take(
            "name",
            required_text(&self.name, "Tên sản phẩm", MAX_NAME_CHARS),
        );
        let classification = errors.take(
            "classification",
            Classification::parse(&self.taxonomy_version, &self.classification),
        );
        let description = errors.take(
            "description",
            optional_text(&self.description, "Mô tả", MAX_DESCRIPTION_CHARS),
        );
        let story = errors.take(
            "story",
            optional_text(&self.story, "Câu chuyện sản phẩm", MAX_STORY_CHARS),
        );
        let ingredients = errors.take(
            "ingredients",
            optional_text(
                &self.ingredients,
                "Thành phần, nguồn gốc nguyên liệu",
                MAX_INGREDIENTS_CHARS,
            ),
        );
        let packaging = errors.take(
            "packaging",
            optional_text(&self.packaging, "Quy cách đóng gói", MAX_PACKAGING_CHARS),
        );
        let gtin = if self.gtin.trim().is_empty() {
            Some(None)
        } else {
            errors.take("gtin", Gtin::parse(&self.gtin)).map(Some)
        };
        let status = ProductStatus::parse(&self.status);
        if status.is_none() {
            errors.add(
                "status",
                "invalid_status",
                format!("Trạng thái \"{}\" không hợp lệ", self.status),
            );
        }
        match (
            name,
            classification,
            description,
            story,
            ingredients,
            packaging,
            gtin,
            status,
        ) {
            (
                Some(name),
                Some(classification),
                Some(description),
                Some(story),
                Some(ingredients),
                Some(packaging),
                Some(gtin),
                Some(status),
            ) if errors.is_empty() => Ok(ProductData {
                name,
                classification,
                description,
                story,
                ingredients,
                packaging,
                gtin,
                status,
            }),
            _ => Err(errors),
        }
    }

    pub fn from_data(data: &ProductData) -> ProductInput {
        ProductInput {
            name: data.name.clone(),
            taxonomy_version: data.classification.version().to_owned(),
            classification: data.classification.value(),
            description: data.description.clone().unwrap_or_default(),
            story: data.story.clone().unwrap_or_default(),
            ingredients: data.ingredients.clone().unwrap_or_default(),
            packaging: data.packaging.clone().unwrap_or_default(),
            gtin: data
                .gtin
                .as_ref()
                .map(|g| g.as_str().to_owned())
                .unwrap_or_default(),
            status: data.status.key().to_owned(),
        }
    }
}

/// The most stars a product can hold.
pub const MAX_STARS: u8 = 5;

/// Hạng sao: 1–5, as recorded on a product (later filled by evaluations and certificates).
pub fn parse_stars(raw: &str) -> Result<Option<u8>, crate::validation::FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    match v.trim_end_matches(['*', '★']).trim().parse::<u8>() {
        Ok(s) if (1..=MAX_STARS).contains(&s) => Ok(Some(s)),
        _ => Err(invalid(
            "invalid_stars",
            format!("Hạng sao \"{raw}\" phải từ 1 đến 5"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProductInput {
        ProductInput {
            name: "Miến dong Bình Liêu".into(),
            classification: "6".into(),
            gtin: "8935049500643".into(),
            ..Default::default()
        }
    }

    #[test]
    fn parses_a_draft_by_default() {
        let data = input().parse().unwrap();
        assert_eq!(data.status, ProductStatus::Draft);
        assert_eq!(data.classification, Classification::V2026 { sheet: 6 });
        assert_eq!(ProductInput::from_data(&data).parse().unwrap(), data);
    }

    #[test]
    fn bad_fields_are_named() {
        let bad = ProductInput {
            name: "".into(),
            classification: "40".into(),
            gtin: "8935049500644".into(),
            status: "bán chạy".into(),
            ..input()
        };
        let errors = bad.parse().unwrap_err();
        for f in ["name", "classification", "gtin", "status"] {
            assert!(errors.get(f).is_some(), "{f}");
        }
    }

    #[test]
    fn stored_statuses_are_read_exactly() {
        for status in ProductStatus::ALL {
            assert_eq!(ProductStatus::from_key(status.key()), Some(status));
        }
        assert_eq!(ProductStatus::from_key(""), None);
        assert_eq!(ProductStatus::from_key("Bản nháp"), None);
    }

    #[test]
    fn stars_parse() {
        assert_eq!(parse_stars("4★").unwrap(), Some(4));
        assert_eq!(parse_stars("").unwrap(), None);
        assert!(parse_stars("6").is_err());
    }
}
