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
    ("manage_photos", "Quản lý ảnh", "Manage photos"),
    (
        "evaluation",
        "Đánh giá, phân hạng",
        "Evaluation and ranking",
    ),
    (
        "next_star_advice",
        "Kết quả đánh giá và gợi ý nâng hạng sao",
        "Latest result and how to reach the next star",
    ),
    (
        "score_product",
        "Chấm điểm / tự đánh giá theo phiếu",
        "Score / self-assess on the sheet",
    ),
    (
        "printable_sheet",
        "Phiếu đánh giá (bản in)",
        "Printable scoring sheet",
    ),
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
    (
        "past_last_page",
        "Trang này nằm sau trang cuối của danh sách, không có sản phẩm nào.",
        "This page is past the end of the list: no products here.",
    ),
    ("back_to_first_page", "Về trang 1", "Back to page 1"),
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
    // Public catalogue.
    ("what_is_ocop", "OCOP là gì?", "What is OCOP?"),
    (
        "about_catalog",
        "Danh mục này giới thiệu các sản phẩm OCOP đang lưu hành: tra cứu theo tên sản phẩm, chủ thể hoặc địa phương, lọc theo tỉnh, nhóm sản phẩm và hạng sao.",
        "This catalogue lists the OCOP products on the market: search by product, producer or place, and filter by province, product group and stars.",
    ),
    (
        "browse_by_category",
        "Sản phẩm theo nhóm",
        "Browse by product group",
    ),
    ("featured", "Sản phẩm tiêu biểu", "Featured products"),
    (
        "see_all_products",
        "Xem tất cả sản phẩm",
        "See all products",
    ),
    ("clear_filters", "Bỏ lọc", "Clear filters"),
    ("pagination", "Phân trang", "Pages"),
    ("breadcrumbs", "Vị trí trang", "Breadcrumbs"),
    ("stars_unit", "sao", "stars"),
    ("demo_badge", "Dữ liệu minh họa", "Demo data"),
    ("edit", "Sửa", "Edit"),
    ("status", "Trạng thái", "Status"),
    (
        "not_public",
        "Trang này chưa công khai: chỉ chủ thể và cán bộ quản lý xem được.",
        "This page is not public: only the producer and the officials in charge can see it.",
    ),
    (
        "historical_codes",
        "Mã số đã cấp trước đây",
        "Previously issued codes",
    ),
    ("category", "Loại sản phẩm", "Product category"),
    ("place", "Địa bàn", "Location"),
    ("gtin", "Mã số mã vạch (GTIN)", "Barcode (GTIN)"),
    (
        "representative",
        "Người đại diện theo pháp luật",
        "Legal representative",
    ),
    (
        "products_of_producer",
        "Sản phẩm của chủ thể",
        "Products of this producer",
    ),
    (
        "no_public_products",
        "Chủ thể chưa có sản phẩm công khai.",
        "No public products yet.",
    ),
    ("category_food", "Sản phẩm thực phẩm", "Food"),
    ("category_drink", "Sản phẩm đồ uống", "Drinks"),
    (
        "category_herbal",
        "Sản phẩm dược liệu và sản phẩm từ dược liệu",
        "Medicinal herbs and herbal products",
    ),
    (
        "category_craft",
        "Sản phẩm hàng thủ công mỹ nghệ",
        "Handicrafts",
    ),
    (
        "category_ornamental",
        "Sản phẩm sinh vật cảnh",
        "Ornamental plants and animals",
    ),
    (
        "category_tourism",
        "Sản phẩm dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "Community tourism, eco-tourism and destinations",
    ),
    ("status_draft", "Bản nháp", "Draft"),
    ("status_active", "Đang hoạt động", "Active"),
    ("status_suspended", "Tạm dừng", "Suspended"),
    ("status_archived", "Lưu trữ", "Archived"),
    ("kind_cooperative", "Hợp tác xã", "Cooperative"),
    ("kind_cooperative_group", "Tổ hợp tác", "Cooperative group"),
    (
        "kind_limited_company",
        "Công ty TNHH",
        "Limited liability company",
    ),
    (
        "kind_joint_stock_company",
        "Công ty cổ phần",
        "Joint-stock company",
    ),
    (
        "kind_private_enterprise",
        "Doanh nghiệp tư nhân",
        "Private enterprise",
    ),
    (
        "kind_household_business",
        "Hộ sản xuất kinh doanh có ĐKKD",
        "Registered household business",
    ),
    ("kind_farm", "Trang trại", "Farm"),
    (
        "kind_association",
        "Hội, hiệp hội (du lịch)",
        "Association (tourism)",
    ),
    (
        "kind_centre",
        "Trung tâm điều hành (du lịch)",
        "Operating centre (tourism)",
    ),
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

    /// Every `ctx.t("key")` in the templates has a phrase (a missing one renders as "?").
    #[test]
    fn every_template_key_has_a_phrase() {
        fn walk(dir: &std::path::Path, found: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "html") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for part in text.split(".t(\"").skip(1) {
                    let key = part.split('"').next().unwrap().to_owned();
                    found.push((path.display().to_string(), key));
                }
            }
        }
        let mut found = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        walk(&root.join("templates"), &mut found);
        walk(&root.join("src/routes"), &mut found);
        assert!(found.len() > 20, "templates use phrases");
        for (file, key) in found {
            assert!(
                PHRASES.iter().any(|(k, _, _)| *k == key),
                "{file}: no phrase \"{key}\""
            );
        }
    }

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
