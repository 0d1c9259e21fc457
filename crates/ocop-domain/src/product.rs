//! Sản phẩm OCOP: a product of a producer, classified under a criteria version's taxonomy.

use serde::{Deserialize, Serialize};

use crate::identifiers::Gtin;
use crate::taxonomy::Classification;
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

/// What a form, the API or an import row submits for a product.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

impl ProductInput {
    pub fn parse(&self) -> Result<ProductData, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", required_text(&self.name, "Tên sản phẩm", 200));
        let classification = errors.take(
            "classification",
            Classification::parse(&self.taxonomy_version, &self.classification),
        );
        let description = errors.take(
            "description",
            optional_text(&self.description, "Mô tả", 5000),
        );
        let story = errors.take(
            "story",
            optional_text(&self.story, "Câu chuyện sản phẩm", 10000),
        );
        let ingredients = errors.take(
            "ingredients",
            optional_text(&self.ingredients, "Thành phần, nguồn gốc nguyên liệu", 2000),
        );
        let packaging = errors.take(
            "packaging",
            optional_text(&self.packaging, "Quy cách đóng gói", 500),
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

/// Hạng sao: 1–5, as recorded on a product (later filled by evaluations and certificates).
pub fn parse_stars(raw: &str) -> Result<Option<u8>, crate::validation::FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    match v.trim_end_matches(['*', '★']).trim().parse::<u8>() {
        Ok(s) if (1..=5).contains(&s) => Ok(Some(s)),
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
