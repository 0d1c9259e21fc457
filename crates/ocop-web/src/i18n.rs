//! Interface language: Vietnamese first; every page can switch to English (`/lang/en`).
//!
//! Each message of the interface is one line of the table below: a key, the Vietnamese and
//! the English text. The table makes one method per key on [`Tr`], so a template writes
//! `{{ ctx.tr().site_name() }}` and a missing or misspelled key fails the build. A message
//! with arguments names them (`page_of(page, pages)`) and uses them in both texts.
//! Vietnamese has no plural forms, so a flat table is enough.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use ocop_domain::access::Role;
use ocop_domain::producer::{ProducerKind, ProducerStatus};
use ocop_domain::product::ProductStatus;

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

    /// The messages in this language.
    pub fn tr(self) -> Tr {
        Tr(self)
    }
}

/// The interface text in one language: one method per message of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr(Lang);

impl Tr {
    pub fn lang(self) -> Lang {
        self.0
    }
}

/// `key = "Vietnamese", "English";` makes `Tr::key(self) -> &'static str`;
/// `key(a, b) = "… {a} … {b}", "…";` makes `Tr::key(self, a, b) -> String`.
macro_rules! messages {
    ($($key:ident $(($($arg:ident),+))? = $vi:literal, $en:literal;)*) => {
        impl Tr {
            $(messages!(@method $key $(($($arg),+))? $vi $en);)*
        }

        /// Every message as (key, Vietnamese, English), for the tests.
        #[cfg(test)]
        const ALL: &[(&str, &str, &str)] = &[$((stringify!($key), $vi, $en)),*];
    };
    (@method $key:ident $vi:literal $en:literal) => {
        pub fn $key(self) -> &'static str {
            match self.0 {
                Lang::Vi => $vi,
                Lang::En => $en,
            }
        }
    };
    (@method $key:ident ($($arg:ident),+) $vi:literal $en:literal) => {
        pub fn $key(self, $($arg: impl std::fmt::Display),+) -> String {
            match self.0 {
                Lang::Vi => format!($vi),
                Lang::En => format!($en),
            }
        }
    };
}

messages! {
    evaluation = "Đánh giá, phân hạng", "Evaluation and ranking";
    next_star_advice = "Kết quả đánh giá và gợi ý nâng hạng sao", "Latest result and how to reach the next star";
    score_product = "Chấm điểm / tự đánh giá theo phiếu", "Score / self-assess on the sheet";
    printable_sheet = "Phiếu đánh giá (bản in)", "Printable scoring sheet";
    site_name = "OCOP Việt Nam", "OCOP Vietnam";
    tagline = "Mỗi xã một sản phẩm", "One Commune One Product";
    home = "Trang chủ", "Home";
    catalog = "Danh mục sản phẩm", "Product catalogue";
    search = "Tìm kiếm", "Search";
    search_placeholder = "Tên sản phẩm, chủ thể, xã, tỉnh… (có hoặc không dấu)", "Product, producer, commune, province… (with or without diacritics)";
    province = "Tỉnh/thành phố", "Province";
    all_provinces = "Tất cả tỉnh/thành", "All provinces";
    group = "Nhóm sản phẩm", "Product group";
    all_groups = "Tất cả nhóm", "All groups";
    stars = "Hạng sao", "Stars";
    all_stars = "Mọi hạng sao", "Any rating";
    producer = "Chủ thể", "Producer";
    products = "Sản phẩm", "Products";
    no_results = "Không tìm thấy sản phẩm phù hợp.", "No matching products.";
    results = "kết quả", "results";
    past_last_page = "Trang này nằm sau trang cuối của danh sách, không có sản phẩm nào.", "This page is past the end of the list: no products here.";
    back_to_first_page = "Về trang 1", "Back to page 1";
    previous = "Trang trước", "Previous";
    next = "Trang sau", "Next";
    page_of(page, pages) = "Trang {page} / {pages}", "Page {page} of {pages}";
    page_has_no_rows(page, pages) = "Trang {page} không có dòng nào: danh sách chỉ có {pages} trang.", "Page {page} has no rows: the list has only {pages} pages.";
    login = "Đăng nhập", "Sign in";
    logout = "Đăng xuất", "Sign out";
    back_office = "Quản lý", "Back office";
    description = "Mô tả", "Description";
    story = "Câu chuyện sản phẩm", "Product story";
    ingredients = "Thành phần, nguồn gốc nguyên liệu", "Ingredients and raw-material origin";
    packaging = "Quy cách đóng gói", "Packaging";
    product_code = "Mã số sản phẩm", "Product code";
    classification = "Phân loại", "Classification";
    address = "Địa chỉ", "Address";
    phone = "Điện thoại", "Phone";
    kind = "Loại hình", "Type";
    demo_note = "Dữ liệu minh họa, không phải kết quả công nhận thật", "Demo data, not a real recognition";
    not_rated = "Chưa xếp hạng", "Not rated";
    filter = "Lọc", "Filter";
    language = "English", "Tiếng Việt";
    about_ocop = "Chương trình OCOP chuẩn hóa đặc sản địa phương thành sản phẩm hàng hóa được đánh giá, phân hạng từ 1 đến 5 sao.", "The OCOP programme turns local specialities into standardised products, evaluated and ranked from 1 to 5 stars.";
    historical_unit = "Địa bàn trước 01/07/2025", "Area before 1 July 2025";
    api_docs = "Tài liệu API", "API documentation";
    // Public catalogue.
    what_is_ocop = "OCOP là gì?", "What is OCOP?";
    about_catalog = "Danh mục này giới thiệu các sản phẩm OCOP đang lưu hành: tra cứu theo tên sản phẩm, chủ thể hoặc địa phương, lọc theo tỉnh, nhóm sản phẩm và hạng sao.", "This catalogue lists the OCOP products on the market: search by product, producer or place, and filter by province, product group and stars.";
    browse_by_category = "Sản phẩm theo nhóm", "Browse by product group";
    featured = "Sản phẩm tiêu biểu", "Featured products";
    see_all_products = "Xem tất cả sản phẩm", "See all products";
    clear_filters = "Bỏ lọc", "Clear filters";
    pagination = "Phân trang", "Pages";
    breadcrumbs = "Vị trí trang", "Breadcrumbs";
    n_stars(n) = "{n} sao", "{n} stars";
    demo_badge = "Dữ liệu minh họa", "Demo data";
    edit = "Sửa", "Edit";
    status = "Trạng thái", "Status";
    not_public = "Trang này chưa công khai: chỉ chủ thể và cán bộ quản lý xem được.", "This page is not public: only the producer and the officials in charge can see it.";
    historical_codes = "Mã số đã cấp trước đây", "Previously issued codes";
    category = "Loại sản phẩm", "Product category";
    place = "Địa bàn", "Location";
    gtin = "Mã số mã vạch (GTIN)", "Barcode (GTIN)";
    representative = "Người đại diện theo pháp luật", "Legal representative";
    products_of_producer = "Sản phẩm của chủ thể", "Products of this producer";
    no_public_products = "Chủ thể chưa có sản phẩm công khai.", "No public products yet.";
    category_food = "Sản phẩm thực phẩm", "Food";
    category_drink = "Sản phẩm đồ uống", "Drinks";
    category_herbal = "Sản phẩm dược liệu và sản phẩm từ dược liệu", "Medicinal herbs and herbal products";
    category_craft = "Sản phẩm hàng thủ công mỹ nghệ", "Handicrafts";
    category_ornamental = "Sản phẩm sinh vật cảnh", "Ornamental plants and animals";
    category_tourism = "Sản phẩm dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", "Community tourism, eco-tourism and destinations";
    status_draft = "Bản nháp", "Draft";
    status_active = "Đang hoạt động", "Active";
    status_suspended = "Tạm dừng", "Suspended";
    status_archived = "Lưu trữ", "Archived";
    producer_active = "Hoạt động", "Active";
    kind_cooperative = "Hợp tác xã", "Cooperative";
    kind_cooperative_group = "Tổ hợp tác", "Cooperative group";
    kind_limited_company = "Công ty TNHH", "Limited liability company";
    kind_joint_stock_company = "Công ty cổ phần", "Joint-stock company";
    kind_private_enterprise = "Doanh nghiệp tư nhân", "Private enterprise";
    kind_household_business = "Hộ sản xuất kinh doanh có ĐKKD", "Registered household business";
    kind_farm = "Trang trại", "Farm";
    kind_association = "Hội, hiệp hội (du lịch)", "Association (tourism)";
    kind_centre = "Trung tâm điều hành (du lịch)", "Operating centre (tourism)";
    // Product photos.
    manage_photos = "Quản lý ảnh", "Manage photos";
    product_photos = "Ảnh sản phẩm", "Product photos";
    product_page = "Trang sản phẩm", "Product page";
    no_photos = "Sản phẩm chưa có ảnh.", "This product has no photos yet.";
    photo_of(name) = "Ảnh {name}", "Photo of {name}";
    delete_photo = "Xóa ảnh", "Delete photo";
    upload_photos(photos, mb, side) = "Tải ảnh lên (JPEG, PNG hoặc WebP; chọn được nhiều ảnh, tối đa {photos} ảnh và {mb} MB mỗi lần, mỗi ảnh tối đa {side}×{side} điểm ảnh)", "Upload photos (JPEG, PNG or WebP; several at once, at most {photos} photos and {mb} MB per upload, each at most {side}×{side} pixels)";
    photo_details_removed = "Thông tin kèm theo ảnh (EXIF, trong đó có vị trí chụp) được xóa khi lưu.", "Details stored in a photo (EXIF, including where it was taken) are removed when it is saved.";
    upload = "Tải lên", "Upload";
    no_photo_chosen = "Chưa chọn ảnh để tải lên", "No photo chosen to upload";
    too_many_photos(n) = "Mỗi lần tải lên tối đa {n} ảnh", "At most {n} photos per upload";
    photo_refused(name, error) = "Ảnh “{name}”: {error}. Không ảnh nào được lưu.", "Photo “{name}”: {error}. No photo was saved.";
    role_central = "Quản trị trung ương", "Central administrator";
    role_provincial = "Cán bộ cấp tỉnh", "Provincial officer";
    role_commune = "Cán bộ cấp xã", "Commune officer";
    role_producer = "Chủ thể OCOP", "OCOP producer";
    role_council_member = "Thành viên hội đồng", "Council member";
    // Back-office menu and shared pieces.
    nav_dashboard = "Tổng quan", "Overview";
    nav_own_producer = "Hồ sơ chủ thể", "Producer profile";
    nav_producers = "Chủ thể", "Producers";
    nav_import = "Nhập dữ liệu", "Import";
    nav_accounts = "Tài khoản", "Accounts";
    required = "bắt buộc", "required";
    whole_country = "Toàn quốc", "Nationwide";
    // Sign-in.
    email = "Email", "Email";
    password = "Mật khẩu", "Password";
    wrong_credentials = "Email hoặc mật khẩu không đúng", "Wrong email or password";
    no_account = "Chưa có tài khoản? Cán bộ OCOP cấp tỉnh cấp tài khoản cho chủ thể, cán bộ cấp xã và thành viên hội đồng.", "No account yet? The provincial OCOP office gives accounts to producers, commune officers and council members.";
    // Error page.
    back_home = "Về trang chủ", "Back to the home page";
    error_not_found = "Không tìm thấy trang", "Page not found";
    error_forbidden = "Không có quyền truy cập", "Access denied";
    error_invalid = "Dữ liệu không hợp lệ", "Invalid data";
    error_too_large = "Tệp quá lớn", "File too large";
    error_bad_request = "Yêu cầu không hợp lệ", "Bad request";
    error_too_many_attempts = "Tạm khóa đăng nhập", "Sign-in temporarily locked";
    error_internal = "Lỗi hệ thống", "System error";
}

/// Labels of codes and domain values, in the page's language. The domain keeps its
/// Vietnamese labels for the API and exports; pages show these.
impl Tr {
    /// A product category (`taxonomy::CATEGORIES` code); nothing for a code not in the list.
    pub fn category_name(self, code: &str) -> &'static str {
        match code {
            "food" => self.category_food(),
            "drink" => self.category_drink(),
            "herbal" => self.category_herbal(),
            "craft" => self.category_craft(),
            "ornamental" => self.category_ornamental(),
            "tourism" => self.category_tourism(),
            _ => "",
        }
    }

    pub fn product_status(self, status: ProductStatus) -> &'static str {
        match status {
            ProductStatus::Draft => self.status_draft(),
            ProductStatus::Active => self.status_active(),
            ProductStatus::Suspended => self.status_suspended(),
            ProductStatus::Archived => self.status_archived(),
        }
    }

    pub fn producer_status(self, status: ProducerStatus) -> &'static str {
        match status {
            ProducerStatus::Active => self.producer_active(),
            ProducerStatus::Suspended => self.status_suspended(),
            ProducerStatus::Archived => self.status_archived(),
        }
    }

    pub fn producer_kind(self, kind: ProducerKind) -> &'static str {
        match kind {
            ProducerKind::Cooperative => self.kind_cooperative(),
            ProducerKind::CooperativeGroup => self.kind_cooperative_group(),
            ProducerKind::LimitedCompany => self.kind_limited_company(),
            ProducerKind::JointStockCompany => self.kind_joint_stock_company(),
            ProducerKind::PrivateEnterprise => self.kind_private_enterprise(),
            ProducerKind::HouseholdBusiness => self.kind_household_business(),
            ProducerKind::Farm => self.kind_farm(),
            ProducerKind::Association => self.kind_association(),
            ProducerKind::Centre => self.kind_centre(),
        }
    }

    pub fn role_name(self, role: Role) -> &'static str {
        match role {
            Role::Central => self.role_central(),
            Role::Provincial => self.role_provincial(),
            Role::Commune => self.role_commune(),
            Role::Producer => self.role_producer(),
            Role::CouncilMember => self.role_council_member(),
        }
    }
}

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
    use ocop_domain::taxonomy::CATEGORIES;

    use super::*;

    #[test]
    fn every_message_has_both_languages_once() {
        let mut seen = std::collections::HashSet::new();
        for (key, vi, en) in ALL {
            assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{key}");
            assert!(seen.insert((vi, en)), "{key} repeats another message");
        }
        assert_eq!(Lang::En.tr().catalog(), "Product catalogue");
        assert_eq!(Lang::Vi.tr().catalog(), "Danh mục sản phẩm");
    }

    /// Vietnamese pages show the domain's own labels.
    #[test]
    fn vietnamese_labels_are_the_domains() {
        let vi = Lang::Vi.tr();
        for (code, label) in CATEGORIES {
            assert_eq!(vi.category_name(code), label);
        }
        for status in ProductStatus::ALL {
            assert_eq!(vi.product_status(status), status.label());
        }
        for status in [
            ProducerStatus::Active,
            ProducerStatus::Suspended,
            ProducerStatus::Archived,
        ] {
            assert_eq!(vi.producer_status(status), status.label());
        }
        for kind in ProducerKind::ALL {
            assert_eq!(vi.producer_kind(kind), kind.label());
        }
        for role in Role::ALL {
            assert_eq!(vi.role_name(role), role.label());
        }
        assert_eq!(Lang::En.tr().category_name("craft"), "Handicrafts");
    }
}
