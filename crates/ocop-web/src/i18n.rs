//! Interface language: Vietnamese first; public pages can switch to English (`/lang/en`).
//! Vietnamese has no plural forms, so a flat table of phrases is enough.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

pub const LANG_COOKIE: &str = "lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The phrase for `key` in this language; the key itself when missing (caught by a test).
    pub fn t(self, key: &str) -> &'static str {
        PHRASES
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, vi, en)| if self == Lang::En { *en } else { *vi })
            .unwrap_or("?")
    }
}

/// (key, Vietnamese, English)
pub const PHRASES: &[(&str, &str, &str)] = &[
    ("site_name", "OCOP Việt Nam", "OCOP Vietnam"),
    ("tagline", "Mỗi xã một sản phẩm", "One Commune One Product"),
    ("home", "Trang chủ", "Home"),
    ("catalog", "Danh mục sản phẩm", "Product catalogue"),
    ("search", "Tìm kiếm", "Search"),
    (
        "search_placeholder",
        "Tên sản phẩm, chủ thể, xã, tỉnh… (có hoặc không dấu)",
        "Product, producer, commune, province… (with or without diacritics)",
    ),
    ("province", "Tỉnh/thành phố", "Province"),
    ("all_provinces", "Tất cả tỉnh/thành", "All provinces"),
    ("group", "Nhóm sản phẩm", "Product group"),
    ("all_groups", "Tất cả nhóm", "All groups"),
    ("stars", "Hạng sao", "Stars"),
    ("all_stars", "Mọi hạng sao", "Any rating"),
    ("producer", "Chủ thể", "Producer"),
    ("products", "Sản phẩm", "Products"),
    (
        "no_results",
        "Không tìm thấy sản phẩm phù hợp.",
        "No matching products.",
    ),
    ("results", "kết quả", "results"),
    ("previous", "Trang trước", "Previous"),
    ("next", "Trang sau", "Next"),
    ("page", "Trang", "Page"),
    ("login", "Đăng nhập", "Sign in"),
    ("logout", "Đăng xuất", "Sign out"),
    ("back_office", "Quản lý", "Back office"),
    ("description", "Mô tả", "Description"),
    ("story", "Câu chuyện sản phẩm", "Product story"),
    (
        "ingredients",
        "Thành phần, nguồn gốc nguyên liệu",
        "Ingredients and raw-material origin",
    ),
    ("packaging", "Quy cách đóng gói", "Packaging"),
    ("product_code", "Mã số sản phẩm", "Product code"),
    ("classification", "Phân loại", "Classification"),
    ("address", "Địa chỉ", "Address"),
    ("phone", "Điện thoại", "Phone"),
    ("kind", "Loại hình", "Type"),
    (
        "demo_note",
        "Dữ liệu minh họa, không phải kết quả công nhận thật",
        "Demo data, not a real recognition",
    ),
    ("not_rated", "Chưa xếp hạng", "Not rated"),
    ("filter", "Lọc", "Filter"),
    ("language", "English", "Tiếng Việt"),
    (
        "about_ocop",
        "Chương trình OCOP chuẩn hóa đặc sản địa phương thành sản phẩm hàng hóa được đánh giá, phân hạng từ 1 đến 5 sao.",
        "The OCOP programme turns local specialities into standardised products, evaluated and ranked from 1 to 5 stars.",
    ),
    (
        "historical_unit",
        "Địa bàn trước 01/07/2025",
        "Area before 1 July 2025",
    ),
    ("api_docs", "Tài liệu API", "API docs"),
];

/// The language chosen by the `lang` cookie (Vietnamese by default).
impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(crate::auth::cookie(parts, LANG_COOKIE)
            .and_then(Lang::parse)
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_translated() {
        let mut keys: Vec<_> = PHRASES.iter().map(|(k, _, _)| *k).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), PHRASES.len());
        assert_eq!(Lang::En.t("catalog"), "Product catalogue");
        assert_eq!(Lang::Vi.t("catalog"), "Danh mục sản phẩm");
    }
}
