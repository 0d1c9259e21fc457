//! Interface language: Vietnamese first; every page can switch to English (`/lang/en`).
//!
//! Each message of the interface is one line of the table below: a key, the Vietnamese and
//! the English text. The table makes one method per key on [`Tr`], so a template writes
//! `{{ ctx.tr().site_name() }}` and a missing or misspelled key fails the build. A message
//! with arguments names them (`page_of(page, pages)`) and uses them in both texts.
//! Vietnamese has no plural forms; an English count may add its text for one.

use std::borrow::Borrow;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use ocop_domain::access::Role;
use ocop_domain::business_plan::{FundingSource, PlanAction, PlanState, SupportKind};
use ocop_domain::cycle::{Step, WorkflowVersion};
use ocop_domain::dossier::{DossierKind, DossierState, DueState};
use ocop_domain::idea::{HelpKind, IdeaAction, IdeaState};
use ocop_domain::producer::{Gender, ProducerKind, ProducerStatus};
use ocop_domain::product::ProductStatus;
use ocop_domain::taxonomy::{Classification, SECTORS_V2019, sheet_class};
use ocop_domain::units::Structure;
use ocop_store::evaluations::EvaluationKind;

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
/// `key(a, b) = "… {a} … {b}", "…";` makes `Tr::key(self, a, b) -> String`. English counts
/// agree with their number: `n_points(n) = "{n} điểm", "{n} points", "{n} point";` takes the
/// third text when the first argument is 1.
macro_rules! messages {
    ($($key:ident $(($($arg:ident),+))? = $vi:literal, $en:literal $(, $en_one:literal)?;)*) => {
        impl Tr {
            $(messages!(@method $key $(($($arg),+))? $vi $en $($en_one)?);)*
        }

        /// Every message as (key, Vietnamese, English), for the tests.
        #[cfg(test)]
        const ALL: &[(&str, &str, &str)] = &[
            $((stringify!($key), $vi, $en), $((stringify!($key), $vi, $en_one),)?)*
        ];
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
    (@method $key:ident ($count:ident $(, $arg:ident)*) $vi:literal $en:literal $en_one:literal) => {
        pub fn $key(self, $count: impl std::fmt::Display $(, $arg: impl std::fmt::Display)*) -> String {
            match self.0 {
                Lang::Vi => format!($vi),
                Lang::En if $count.to_string() == "1" => format!($en_one),
                Lang::En => format!($en),
            }
        }
    };
}

messages! {
    // Layout, shared by every page.
    site_name = "OCOP Việt Nam", "OCOP Vietnam";
    tagline = "Mỗi xã một sản phẩm", "One Commune One Product";
    language = "English", "Tiếng Việt";
    home = "Trang chủ", "Home";
    catalog = "Danh mục sản phẩm", "Product catalogue";
    back_office = "Quản lý", "Back office";
    login = "Đăng nhập", "Sign in";
    logout = "Đăng xuất", "Sign out";
    api_docs = "Tài liệu API", "API documentation";
    breadcrumbs = "Vị trí trang", "Breadcrumbs";
    pagination = "Phân trang", "Pages";
    previous = "Trang trước", "Previous";
    next = "Trang sau", "Next";
    page_of(page, pages) = "Trang {page} / {pages}", "Page {page} of {pages}";
    page_has_no_rows(page, pages) = "Trang {page} không có dòng nào: danh sách chỉ có {pages} trang.", "Page {page} has no rows: the list ends at page {pages}.";
    back_to_first_page = "Về trang 1", "Back to page 1";
    required = "bắt buộc", "required";
    yes = "Có", "Yes";
    no = "Không", "No";
    // Sign-in.
    email = "Email", "Email";
    password = "Mật khẩu", "Password";
    wrong_credentials = "Email hoặc mật khẩu không đúng", "Wrong email or password";
    no_account = "Chưa có tài khoản? Cán bộ OCOP cấp tỉnh cấp tài khoản cho chủ thể, cán bộ cấp xã và thành viên hội đồng.", "No account yet? The provincial OCOP office gives accounts to producers, commune officers and council members.";
    // Error page.
    back_home = "Về trang chủ", "Back to the home page";
    request_id = "Mã yêu cầu", "Request id";
    quote_request_id = "xin ghi kèm mã này khi báo lỗi.", "please quote it when reporting the problem.";
    error_not_found = "Không tìm thấy trang", "Page not found";
    error_forbidden = "Không có quyền truy cập", "Access denied";
    error_invalid = "Dữ liệu không hợp lệ", "Invalid data";
    error_too_large = "Tệp quá lớn", "File too large";
    error_bad_request = "Yêu cầu không hợp lệ", "Bad request";
    error_too_many_attempts = "Tạm khóa đăng nhập", "Sign-in temporarily locked";
    error_internal = "Lỗi hệ thống", "System error";
    // Public catalogue.
    what_is_ocop = "OCOP là gì?", "What is OCOP?";
    about_ocop = "Chương trình OCOP chuẩn hóa đặc sản địa phương thành sản phẩm hàng hóa được đánh giá, phân hạng từ 1 đến 5 sao.", "The OCOP programme turns local specialities into standardised products, evaluated and ranked from 1 to 5 stars.";
    about_catalog = "Danh mục này giới thiệu các sản phẩm OCOP đang lưu hành: tra cứu theo tên sản phẩm, chủ thể hoặc địa phương, lọc theo tỉnh, nhóm sản phẩm và hạng sao.", "This catalogue lists the OCOP products on the market: search by product, producer or place, and filter by province, product group and stars.";
    search = "Tìm kiếm", "Search";
    search_placeholder = "Tên sản phẩm, chủ thể, xã, tỉnh… (có hoặc không dấu)", "Product, producer, commune, province… (with or without diacritics)";
    browse_by_category = "Sản phẩm theo nhóm", "Browse by product group";
    featured = "Sản phẩm tiêu biểu", "Featured products";
    see_all_products = "Xem tất cả sản phẩm", "See all products";
    province = "Tỉnh/thành phố", "Province";
    all_provinces = "Tất cả tỉnh/thành", "All provinces";
    group = "Nhóm sản phẩm", "Product group";
    all_groups = "Tất cả nhóm", "All groups";
    stars = "Hạng sao", "Stars";
    all_stars = "Mọi hạng sao", "Any rating";
    n_stars(n) = "{n} sao", "{n} stars", "{n} star";
    filter = "Lọc", "Filter";
    clear_filters = "Bỏ lọc", "Clear filters";
    results = "kết quả", "results";
    more_than(n) = "Hơn {n}", "More than {n}";
    no_results = "Không tìm thấy sản phẩm phù hợp.", "No matching products.";
    past_last_page = "Trang này nằm sau trang cuối của danh sách, không có sản phẩm nào.", "This page is past the end of the list: no products here.";
    not_rated = "Chưa xếp hạng", "Not rated";
    demo_badge = "Dữ liệu minh họa", "Demo data";
    demo_note = "Dữ liệu minh họa, không phải kết quả công nhận thật", "Demo data, not a real recognition";
    // Product and producer pages, public and back-office.
    product = "Sản phẩm", "Product";
    products = "Sản phẩm", "Products";
    producer = "Chủ thể", "Producer";
    name = "Tên", "Name";
    product_name = "Tên sản phẩm", "Product name";
    producer_name = "Tên chủ thể", "Producer name";
    product_code = "Mã số sản phẩm", "Product code";
    code = "Mã số", "Code";
    historical_codes = "Mã số đã cấp trước đây", "Previously issued codes";
    classification = "Phân loại", "Classification";
    category = "Loại sản phẩm", "Product category";
    status = "Trạng thái", "Status";
    place = "Địa bàn", "Location";
    historical_unit = "Địa bàn trước 01/07/2025", "Area before 1 July 2025";
    address = "Địa chỉ", "Address";
    phone = "Điện thoại", "Phone";
    kind = "Loại hình", "Type";
    tax_code = "Mã số thuế", "Tax code";
    gtin = "Mã số mã vạch (GTIN)", "Barcode (GTIN)";
    description = "Mô tả", "Description";
    story = "Câu chuyện sản phẩm", "Product story";
    ingredients = "Thành phần, nguồn gốc nguyên liệu", "Ingredients and raw-material origin";
    packaging = "Quy cách đóng gói", "Packaging";
    representative = "Người đại diện theo pháp luật", "Legal representative";
    products_of_producer = "Sản phẩm của chủ thể", "Products of this producer";
    no_public_products = "Chủ thể chưa có sản phẩm công khai.", "No public products yet.";
    not_public = "Trang này chưa công khai: chỉ chủ thể và cán bộ quản lý xem được.", "This page is not public: only the producer and the officials in charge can see it.";
    edit = "Sửa", "Edit";
    evaluation = "Đánh giá, phân hạng", "Evaluation and ranking";
    next_star_advice = "Kết quả đánh giá và gợi ý nâng hạng sao", "Latest result and how to reach the next star";
    score_product = "Chấm điểm / tự đánh giá theo phiếu", "Score / self-assess on the sheet";
    printable_sheet = "Phiếu đánh giá (bản in)", "Printable scoring sheet";
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
    // Back-office: menu and shared pieces.
    nav_dashboard = "Tổng quan", "Overview";
    nav_own_producer = "Hồ sơ chủ thể", "Producer profile";
    nav_producers = "Chủ thể", "Producers";
    nav_import = "Nhập dữ liệu", "Import";
    nav_accounts = "Tài khoản", "Accounts";
    whole_country = "Toàn quốc", "Nationwide";
    record = "Hồ sơ", "Record";
    add_new = "Thêm mới", "New";
    save = "Lưu", "Save";
    cancel = "Hủy", "Cancel";
    archive = "Lưu trữ", "Archive";
    find = "Tìm", "Search";
    actions = "Thao tác", "Actions";
    change_history = "Lịch sử thay đổi", "Change history";
    export_excel = "Xuất Excel", "Export to Excel";
    export_csv = "Xuất CSV", "Export to CSV";
    last_updated = "Cập nhật lần cuối", "Last updated";
    record_created = "Đã tạo hồ sơ.", "Record created.";
    changes_saved = "Đã lưu thay đổi.", "Changes saved.";
    record_archived = "Đã chuyển hồ sơ vào lưu trữ.", "Record moved to the archive.";
    successor_confirmed = "Đã xác nhận xã kế thừa.", "Successor commune confirmed.";
    // Dashboard.
    ocop_back_office = "Quản lý OCOP", "OCOP back office";
    hello(name) = "Xin chào, {name}", "Hello, {name}";
    council_read_only = "Tài khoản thành viên hội đồng chỉ xem hồ sơ trong tỉnh, không sửa được.", "Council member accounts can read the province's records but not change them.";
    your_figures = "Số liệu trong phạm vi của bạn", "Figures within your scope";
    drafts_pending = "Bản nháp chờ duyệt", "Drafts awaiting review";
    common_tasks = "Việc thường làm", "Common tasks";
    update_producer_profile = "Cập nhật hồ sơ chủ thể", "Update the producer profile";
    register_product = "Đăng ký sản phẩm mới (bản nháp)", "Register a new product (draft)";
    draft_products = "Sản phẩm đang ở bản nháp", "Products in draft";
    import_from_file = "Nhập chủ thể, sản phẩm từ tệp Excel/CSV", "Import producers and products from an Excel/CSV file";
    // Producers in the back-office.
    ocop_producers = "Chủ thể OCOP", "OCOP producers";
    add_producer = "Thêm chủ thể", "Add a producer";
    edit_producer(name) = "Sửa chủ thể: {name}", "Edit producer: {name}";
    search_producers = "Tìm chủ thể", "Search producers";
    producer_search_placeholder = "Tên chủ thể (có hoặc không dấu)", "Producer name (with or without diacritics)";
    n_producers(n) = "{n} chủ thể", "{n} producers", "{n} producer";
    no_matching_producers = "Không có chủ thể nào phù hợp.", "No matching producers.";
    edit_record = "Sửa hồ sơ", "Edit record";
    record_is_archived = "Hồ sơ đã lưu trữ.", "This record is archived.";
    successor_pending = "Xã cũ của hồ sơ đã được chia cho nhiều xã mới; hồ sơ tạm thuộc xã kế thừa chính,", "The record's old commune was divided among several new communes; the record belongs for now to the main successor commune,";
    not_confirmed = "chưa xác nhận", "not confirmed";
    successor_is_confirmed = "Xã cũ của hồ sơ đã được chia cho nhiều xã mới; xã kế thừa đã được xác nhận.", "The record's old commune was divided among several new communes; its successor commune is confirmed.";
    successor_commune = "Xã kế thừa", "Successor commune";
    confirm_successor = "Xác nhận xã kế thừa", "Confirm the successor commune";
    add_product = "Thêm sản phẩm", "Add a product";
    producer_has_no_products = "Chủ thể chưa có sản phẩm nào.", "This producer has no products yet.";
    record_not_saved = "Chưa lưu được hồ sơ:", "The record was not saved:";
    record_not_saved_see_fields = "Chưa lưu được hồ sơ: kiểm tra các trường được đánh dấu bên dưới.", "The record was not saved: check the fields marked below.";
    finder_title = "Chỉ biết địa chỉ trước 01/07/2025?", "Only know the address from before 1 July 2025?";
    finder_label = "Tìm xã theo tên cũ hoặc mới, hoặc theo mã", "Find a commune by its old or new name, or by its code";
    find_commune = "Tìm xã", "Find commune";
    no_commune_named(query) = "Không tìm thấy xã nào tên “{query}”.", "No commune named “{query}”.";
    now_in = "nay thuộc", "now in";
    commune_query_too_long(n) = "Tên xã dài quá {n} ký tự", "Commune name longer than {n} characters";
    main_part(name) = "{name} (phần chính)", "{name} (main part)";
    unit_today(place) = "{place} (hiện nay)", "{place} (today)";
    unit_before_2025(place) = "{place} (cũ, trước 01/07/2025)", "{place} (former, before 1 July 2025)";
    producer_details = "Thông tin chủ thể", "Producer details";
    choose_kind = "— Chọn loại hình —", "— Choose a type —";
    tax_code_or_registration = "Mã số thuế / số ĐKKD", "Tax code / business registration number";
    tax_code_hint = "10 chữ số (doanh nghiệp, HTX), 10 chữ số-3 chữ số (chi nhánh) hoặc 12 chữ số (hộ kinh doanh).", "10 digits (companies, cooperatives), 10 digits-3 digits (branches) or 12 digits (household businesses).";
    community_capital_percent = "Tỷ lệ vốn góp của cộng đồng (%)", "Community share of the capital (%)";
    community_capital_hint = "Chỉ với công ty cổ phần (tiêu chí 3.1).", "Joint-stock companies only (criterion 3.1).";
    community_capital = "Vốn góp của cộng đồng", "Community share of the capital";
    full_name = "Họ và tên", "Full name";
    gender = "Giới tính", "Gender";
    choose = "— Chọn —", "— Choose —";
    ethnic_minority = "Người dân tộc thiểu số", "From an ethnic minority";
    disability = "Người khuyết tật", "With a disability";
    representative_gender = "Giới tính người đại diện", "Representative's gender";
    representative_ethnic_minority = "Người đại diện là người dân tộc thiểu số", "Representative from an ethnic minority";
    representative_disability = "Người đại diện là người khuyết tật", "Representative with a disability";
    place_and_contact = "Địa bàn và liên hệ", "Location and contact";
    street = "Địa chỉ (số nhà, thôn, đường)", "Address (house number, hamlet, street)";
    commune_ward = "Xã/phường/đặc khu", "Commune/ward/special zone";
    choose_commune = "— Chọn xã/phường —", "— Choose a commune —";
    commune_hint = "Đơn vị hành chính hiện nay (từ 01/07/2025) nơi chủ thể đặt trụ sở.", "Today's administrative unit (since 1 July 2025) where the producer has its seat.";
    unit_code = "Mã đơn vị hành chính", "Administrative unit code";
    unit_code_hint = "Mã xã theo danh mục đơn vị hành chính, ví dụ 6838 = Xã Bình Liêu, Quảng Ninh. Hồ sơ lập trước 01/07/2025 có thể ghi mã xã cũ (cơ cấu ba cấp): hồ sơ thuộc xã hiện nay kế thừa xã đó.", "The commune's code in the list of administrative units, e.g. 6838 = Xã Bình Liêu, Quảng Ninh. A record made before 1 July 2025 may give the old commune's code (three tiers): the record belongs to today's commune that succeeds it.";
    unit_structure = "Cơ cấu đơn vị hành chính", "Administrative structure";
    unit_level = "Cấp đơn vị", "Unit level";
    district_old_records = "Huyện (hồ sơ trước 01/07/2025)", "District (records before 1 July 2025)";
    record_status = "Trạng thái hồ sơ", "Record status";
    // Products in the back-office.
    ocop_products = "Sản phẩm OCOP", "OCOP products";
    edit_product = "Sửa sản phẩm", "Edit product";
    edit_product_named(name) = "Sửa sản phẩm: {name}", "Edit product: {name}";
    products_of = "Sản phẩm của", "Products of";
    see_all = "Xem tất cả", "See all";
    search_products = "Tìm sản phẩm", "Search products";
    product_search_placeholder = "Tên sản phẩm, chủ thể, xã… (có hoặc không dấu)", "Product, producer, commune… (with or without diacritics)";
    any_status = "Mọi trạng thái", "Any status";
    n_products(n) = "{n} sản phẩm", "{n} products", "{n} product";
    no_matching_products = "Không có sản phẩm nào phù hợp.", "No matching products.";
    demo_stars(glyphs) = "{glyphs} (minh họa)", "{glyphs} (demo)";
    code_not_issued = "chưa cấp (hồ sơ thuộc địa bàn trước 01/07/2025)", "not issued (a record of an area before 1 July 2025)";
    product_created(code) = "Đã tạo sản phẩm. Mã số sản phẩm: {code}", "Product created. Product code: {code}";
    gtin_barcode = "GTIN (mã vạch)", "GTIN (barcode)";
    gtin_field = "Mã GTIN (mã vạch)", "GTIN code (barcode)";
    gtin_hint = "8, 12, 13 hoặc 14 chữ số, có chữ số kiểm tra (ví dụ 893…).", "8, 12, 13 or 14 digits with a check digit (e.g. 893…).";
    product_not_saved = "Chưa lưu được sản phẩm:", "The product was not saved:";
    product_not_saved_see_fields = "Chưa lưu được sản phẩm: kiểm tra các trường được đánh dấu bên dưới.", "The product was not saved: check the fields marked below.";
    product_sheet = "Bộ sản phẩm", "Product set";
    product_sheet_hint = "Bộ sản phẩm quyết định bộ tiêu chí dùng để đánh giá, phân hạng.", "The product set decides the criteria the product is evaluated and ranked on.";
    choose_product_sheet = "— Chọn bộ sản phẩm —", "— Choose a product set —";
    classification_2026 = "Phân loại 2026 (Quyết định 26/2026): bộ sản phẩm 1–26", "Classification of 2026 (Decision 26/2026): product sets 1–26";
    classification_2019 = "Phân loại 2019 (Quyết định 1048/2019): hồ sơ cũ", "Classification of 2019 (Decision 1048/2019): old records";
    status_hint = "Chỉ sản phẩm đang hoạt động hiển thị trong danh mục công khai.", "Only active products appear in the public catalogue.";
    draft_hint = "Chủ thể chuẩn bị bản nháp; cán bộ OCOP duyệt và đưa sản phẩm vào hoạt động.", "The producer prepares a draft; OCOP officers review it and make the product active.";
    presentation = "Thông tin giới thiệu", "Presentation";
    // Accounts.
    account = "Tài khoản", "Account";
    create_account = "Tạo tài khoản", "Create an account";
    create_new = "Tạo mới", "New";
    account_created(email) = "Đã tạo tài khoản {email}.", "Account {email} created.";
    n_accounts(n) = "{n} tài khoản", "{n} accounts", "{n} account";
    role = "Vai trò", "Role";
    unit = "Đơn vị", "Unit";
    account_active = "Đang dùng", "In use";
    account_locked = "Đã khóa", "Locked";
    account_not_created = "Chưa tạo được tài khoản:", "The account was not created:";
    account_not_created_see_fields = "Chưa tạo được tài khoản: kiểm tra các trường được đánh dấu bên dưới.", "The account was not created: check the fields marked below.";
    sign_in_email = "Email đăng nhập", "Sign-in email";
    display_name = "Họ tên hoặc tên hiển thị", "Full name or display name";
    initial_password = "Mật khẩu ban đầu", "Initial password";
    password_hint = "Để trống để hệ thống tạo một mật khẩu mạnh, hiện một lần để bạn trao cho người dùng; nếu tự đặt: 8–128 ký tự. Người dùng phải đổi mật khẩu ở lần đăng nhập đầu.", "Leave empty to have a strong password generated, shown once for you to hand over; if you choose one: 8–128 characters. The user must change it at the first sign-in.";
    role_and_scope = "Vai trò và phạm vi", "Role and scope";
    choose_role = "— Chọn vai trò —", "— Choose a role —";
    commune_of_officer = "Xã/phường (với cán bộ cấp xã)", "Commune/ward (for commune officers)";
    province_accounts_hint = "Thành viên hội đồng và tài khoản chủ thể thuộc tỉnh của bạn; không cần chọn xã.", "Council members and producer accounts belong to your province; no commune needed.";
    unit_code_short = "Mã đơn vị", "Unit code";
    account_unit_hint = "Mã tỉnh với cán bộ cấp tỉnh và thành viên hội đồng (ví dụ 22 = Quảng Ninh); mã xã với cán bộ cấp xã (ví dụ 6838).", "Province code for provincial officers and council members (e.g. 22 = Quảng Ninh); commune code for commune officers (e.g. 6838).";
    producer_tax_code = "Mã số thuế chủ thể (với tài khoản chủ thể)", "Producer's tax code (for producer accounts)";
    // Accounts: own password, reset, disable and enable.
    account_must_change_password = "Chờ đổi mật khẩu", "Must change password";
    account_disabled_sign_in = "Tài khoản đã bị khóa. Liên hệ cán bộ quản lý tài khoản để mở lại.", "This account is disabled. Ask the officer who manages accounts to enable it again.";
    change_password = "Đổi mật khẩu", "Change password";
    current_password = "Mật khẩu hiện tại", "Current password";
    new_password = "Mật khẩu mới", "New password";
    new_password_hint = "8–128 ký tự, khác email và khác mật khẩu hiện tại.", "8–128 characters, not your email nor your current password.";
    confirm_password = "Nhập lại mật khẩu mới", "New password again";
    password_changed = "Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản đã kết thúc.", "Your password has been changed. The account's other sessions have ended.";
    password_change_required = "Mật khẩu của bạn do người khác đặt: hãy đặt mật khẩu của riêng bạn để tiếp tục.", "Your password was set by someone else: choose your own to go on.";
    generated_password_hint = "Mật khẩu chỉ hiện một lần: hãy trao trực tiếp cho người dùng. Người dùng phải đổi mật khẩu ở lần đăng nhập tới.", "The password is shown only this once: hand it to the user in person. The user must change it at the next sign-in.";
    password_was_reset(email) = "Đã đặt lại mật khẩu của {email}; các phiên đăng nhập của tài khoản đã kết thúc.", "The password of {email} has been reset; the account's sessions have ended.";
    reset_password = "Đặt lại mật khẩu", "Reset password";
    disable_account = "Khóa tài khoản", "Disable account";
    enable_account = "Mở khóa tài khoản", "Enable account";
    account_disabled_done = "Đã khóa tài khoản; các phiên đăng nhập của tài khoản đã kết thúc.", "The account is disabled; its sessions have ended.";
    account_enabled_done = "Đã mở khóa tài khoản.", "The account is enabled again.";
    account_actions_hint = "Đặt lại mật khẩu hoặc khóa tài khoản kết thúc ngay mọi phiên đăng nhập của tài khoản. Mọi thao tác được ghi nhật ký.", "Resetting the password or disabling the account ends all its sessions at once. Every action is recorded in the audit log.";
    // Import.
    import_title = "Nhập chủ thể, sản phẩm từ tệp", "Import producers and products from a file";
    import_intro(mb, rows, columns) = "Tải lên tệp Excel (.xlsx) hoặc CSV (.csv, bảng mã UTF-8), tối đa {mb} MB, {rows} dòng dữ liệu và {columns} cột. Dòng đầu tiên là tiêu đề cột như trong tệp mẫu; tệp xuất từ danh sách cũng nhập lại được.", "Upload an Excel (.xlsx) or CSV (.csv, UTF-8) file of at most {mb} MB, {rows} data rows and {columns} columns. The first row holds the column headings, as in the template files; a file exported from a list can be imported again.";
    template_files = "Tệp mẫu", "Template files";
    result = "Kết quả", "Result";
    data_rows = "Số dòng dữ liệu", "Data rows";
    valid_rows = "Dòng hợp lệ", "Valid rows";
    rows_with_errors = "Dòng có lỗi", "Rows with errors";
    written = "Đã ghi", "Written";
    first_errors(shown, total) = "Dưới đây là {shown} lỗi đầu tiên trong tổng số {total} lỗi.", "Below are the first {shown} of {total} errors.";
    download_errors(total) = "Tải toàn bộ {total} lỗi (Excel)", "Download all {total} errors (Excel)", "Download the {total} error (Excel)";
    errors_to_fix = "Các lỗi cần sửa", "Errors to fix";
    row = "Dòng", "Row";
    column = "Cột", "Column";
    error = "Lỗi", "Error";
    data_kind = "Loại dữ liệu", "Kind of data";
    products_by_tax_code = "Sản phẩm (gắn với chủ thể qua mã số thuế)", "Products (linked to their producer by tax code)";
    data_file = "Tệp dữ liệu", "Data file";
    options = "Tùy chọn", "Options";
    dry_run = "Chỉ kiểm tra, chưa ghi dữ liệu", "Check only, write nothing";
    skip_invalid = "Bỏ qua dòng lỗi, nhập các dòng hợp lệ", "Skip the rows with errors, import the valid ones";
    choose_import_kind = "Chọn loại dữ liệu cần nhập: chủ thể hoặc sản phẩm.", "Choose what to import: producers or products.";
    no_file_chosen = "Chưa chọn tệp để tải lên.", "No file chosen to upload.";
    unsupported_file(name) = "Tệp \"{name}\" không phải bảng tính được hỗ trợ: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).", "The file \"{name}\" is not a supported spreadsheet: only Excel (.xlsx) or CSV (.csv) files are accepted.";
    file_refused(name, error) = "Tệp \"{name}\": {error}", "File \"{name}\": {error}";
    import_checked(valid, invalid) = "Kiểm tra thử, chưa ghi dữ liệu: {valid} dòng hợp lệ, {invalid} dòng có lỗi.", "Checked only, nothing written. Valid rows: {valid}; rows with errors: {invalid}.";
    imported_skipping(written, invalid) = "Đã nhập {written} dòng; bỏ qua {invalid} dòng có lỗi (xem bảng dưới).", "Rows imported: {written}; rows with errors skipped: {invalid} (see the table below).";
    imported(written) = "Đã nhập {written} dòng.", "Imported {written} rows.", "Imported {written} row.";
    nothing_written_errors = "Không ghi dữ liệu nào vì tệp có lỗi. Sửa các lỗi dưới đây rồi tải lên lại, hoặc chọn «Bỏ qua dòng lỗi» để chỉ nhập các dòng hợp lệ.", "Nothing was written because the file has errors. Fix the errors below and upload it again, or choose «Skip the rows with errors» to import only the valid rows.";
    nothing_valid = "Không có dòng hợp lệ nào để nhập.", "No valid rows to import.";
    // Change history.
    history_of(entity, name) = "Lịch sử thay đổi {entity}: {name}", "Change history of the {entity}: {name}";
    entity_producer = "chủ thể", "producer";
    entity_product = "sản phẩm", "product";
    history_note = "Mỗi thay đổi được ghi lại kèm người thực hiện, thời điểm và giá trị trước/sau; nhật ký được niêm phong nên mọi sửa đổi về sau đều bị phát hiện.", "Every change is recorded with who made it, when, and the values before and after; the log is sealed, so any later tampering shows.";
    no_changes_recorded = "Chưa có thay đổi nào được ghi lại.", "No changes recorded yet.";
    no_field_changed = "Không có trường nào thay đổi.", "No field changed.";
    field = "Trường", "Field";
    before = "Trước", "Before";
    after = "Sau", "After";
    value = "Giá trị", "Value";
    whole_record = "Xem toàn bộ hồ sơ trước và sau lần thay đổi này", "See the whole record before and after this change";
    action_create = "Tạo mới", "Created";
    action_update = "Cập nhật", "Updated";
    action_import = "Nhập từ tệp", "Imported from a file";
    action_recode = "Đính chính mã xã", "Commune code corrected";
    action_successor = "Gắn xã kế thừa", "Successor commune assigned";
    action_choose_successor = "Xác nhận xã kế thừa", "Successor commune confirmed";
    representative_name = "Người đại diện", "Representative";
    classification_version = "Phiên bản phân loại", "Classification version";
    sector_2019 = "Ngành (phân loại 2019)", "Sector (2019 classification)";
    ingredients_short = "Thành phần, nguyên liệu", "Ingredients";
    gtin_plain = "GTIN", "GTIN";
    former_codes = "Mã số cũ", "Former codes";
    stars_demo = "Hạng sao minh họa", "Demo stars";
    certificate = "Giấy chứng nhận", "Certificate";
    community_capital_short = "Vốn góp cộng đồng (%)", "Community capital (%)";
    former_district_code = "Mã huyện cũ", "Former district code";
    commune = "Xã/phường", "Commune/ward";
    district = "Huyện", "District";
    // Scoring: criteria, sheets, the scoring form, results and advice.
    criteria_title = "Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP", "Criteria for evaluating and ranking OCOP products";
    decision(number) = "Quyết định {number}", "Decision {number}";
    criteria_of(basis) = "Bộ tiêu chí theo {basis}", "Criteria of {basis}";
    criteria_since(basis, day) = "Bộ tiêu chí theo {basis} (áp dụng từ {day})", "Criteria of {basis} (in force from {day})";
    criteria_annex(basis) = "Bộ tiêu chí theo {basis}, Phụ lục II", "Criteria of {basis}, Annex II";
    no_sheets(a, b, c) = "Bộ tiêu chí này chưa có phiếu đánh giá chi tiết: chấm theo tổng điểm từng phần A ({a}), B ({b}), C ({c}).", "These criteria have no detailed scoring sheets here: they are scored on the totals of parts A ({a}), B ({b}) and C ({c}).";
    print_sheet = "Phiếu in", "Printable sheet";
    try_scoring = "Chấm thử", "Try scoring";
    all_criteria = "Các bộ tiêu chí", "All criteria";
    score_online = "Chấm điểm trực tuyến trên phiếu này", "Score online on this sheet";
    print_hint = "In phiếu: dùng lệnh In của trình duyệt (Ctrl+P)", "To print the sheet, use the browser's Print command (Ctrl+P)";
    sheet_title(number, name) = "Phiếu đánh giá số {number}: {name}", "Scoring sheet {number}: {name}";
    sheet_heading(number, name) = "{number}. Bộ sản phẩm: {name}", "{number}. Product set: {name}";
    sheet_no(number, name) = "Phiếu số {number}: {name}", "Sheet {number}: {name}";
    subgroup = "Nhóm", "Group";
    code_explained = "T: Mã tỉnh - X: Mã xã - STT: Số thứ tự sản phẩm do xã lập thống kê - Năm đánh giá. Mã đơn vị hành chính theo Quyết định số 19/2025/QĐ-TTg ngày 30/6/2025", "T: province code - X: commune code - STT: the product's number in the commune's list - year of evaluation. Administrative unit codes as in Decision 19/2025/QĐ-TTg of 30/6/2025";
    producer_full_name = "Tên chủ thể sản xuất", "Producer's name";
    phone_number = "Số điện thoại", "Phone number";
    knockout_when = "Hồ sơ bị loại khi", "The dossier is rejected when";
    criteria = "Các tiêu chí", "Criteria";
    scale = "Thang điểm", "Points";
    part_with_max(code, name, max) = "Phần {code}: {name} ({max} Điểm)", "Part {code}: {name} ({max} points)";
    erratum(points) = "(văn bản công bố in {points} điểm; đã đính chính)", "(the published text says {points} points; corrected)", "(the published text says {points} point; corrected)";
    grand_total = "TỔNG CỘNG", "TOTAL";
    star_marks_note = "Ghi chú: Dấu sao là yêu cầu tối thiểu phải đạt theo các cấp độ sao (*** - 3 sao; **** - 4 sao; ***** - 5 sao)", "Note: the stars mark the minimum requirements of each star level (*** - 3 stars; **** - 4 stars; ***** - 5 stars)";
    assessor_opinion = "Ý kiến của người đánh giá", "Assessor's opinion";
    date_line = "..., ngày ... tháng ... năm ...", "..., date ...../...../..........";
    assessor = "Người đánh giá", "Assessor";
    sign_and_name = "(Ký và ghi rõ họ tên)", "(Signature and full name)";
    scoring = "Chấm điểm", "Scoring";
    not_issued = "chưa cấp", "not issued";
    saved_result_and_advice = "Kết quả đã lưu và tư vấn nâng hạng", "Saved result and advice on the next star";
    sandbox_heading(number, name) = "Chấm thử: Phiếu {number} — {name}", "Try scoring: sheet {number} — {name}";
    sandbox_hint = "Chấm thử để tham khảo, kết quả không được lưu.", "A trial for reference: the result is not saved.";
    result_saved = "Đã lưu kết quả đánh giá.", "Evaluation result saved.";
    part_named(code, name) = "Phần {code}: {name}", "Part {code}: {name}";
    at_most_points(max) = "(tối đa {max} điểm)", "(at most {max} points)", "(at most {max} point)";
    criterion_n(id) = "Tiêu chí {id}", "Criterion {id}";
    met = "Đạt", "Met";
    n_points(n) = "{n} điểm", "{n} points", "{n} point";
    minimum_for(stars) = "Yêu cầu tối thiểu {stars} sao", "Minimum requirement for {stars} stars";
    zeroed_by(id) = "Tính 0 điểm theo ghi chú của phiếu (tiêu chí {id}).", "Scored 0 by the sheet's note (criterion {id}).";
    compute = "Tính điểm", "Calculate";
    save_result = "Lưu kết quả", "Save the result";
    invalid_answers = "Phiếu chấm chưa hợp lệ:", "The scoring sheet is not valid:";
    total_points = "Tổng điểm", "Total";
    points_by_section = "Điểm từng nhóm tiêu chí", "Points by criteria group";
    minimum_requirements = "Yêu cầu tối thiểu", "Minimum requirements";
    all_met(met, count) = "đạt đủ {met}/{count}", "all met {met}/{count}";
    unmet_of(unmet, count) = "chưa đạt {unmet}/{count}", "unmet {unmet}/{count}";
    needs(option) = "cần «{option}»", "needs «{option}»";
    rejected = "Hồ sơ bị loại", "Dossier rejected";
    certifiable = "Đủ điều kiện công nhận", "Eligible for recognition";
    not_certifiable = "Chưa đủ điều kiện công nhận (dưới 3 sao)", "Not yet eligible for recognition (below 3 stars)";
    mean_points = "Điểm trung bình", "Average score";
    band_by_points = "Hạng theo điểm", "Rank by points";
    band_by_minimums = "Hạng theo yêu cầu tối thiểu", "Rank by minimum requirements";
    to_reach(stars, points) = "Để đạt {stars} sao (từ {points} điểm)", "To reach {stars} stars (from {points} points)";
    unreachable(points) = "Không thể đạt {points} điểm chỉ bằng các tiêu chí còn lại.", "{points} points cannot be reached with the remaining criteria alone.";
    top_rank = "Sản phẩm đạt hạng cao nhất (5 sao).", "The product has the highest rank (5 stars).";
    advice = "Tư vấn nâng hạng", "Advice on the next star";
    advice_heading(name) = "Kết quả đánh giá và tư vấn nâng hạng: {name}", "Evaluation result and advice on the next star: {name}";
    saved_at(at) = "lưu lúc {at}", "saved {at}";
    for_reference = "Kết quả chấm để tham khảo; hạng sao chính thức do cấp có thẩm quyền công nhận.", "The score is for reference; official stars are recognised by the competent authority.";
    no_saved_result = "Chưa có kết quả đánh giá nào được lưu cho sản phẩm này.", "No evaluation result has been saved for this product yet.";
    open_scoring_form = "Mở phiếu chấm điểm", "Open the scoring form";
    // Scoring on a phone and the advice page (issue 8): the compact summary, folding
    // sections, no verdict before a choice, the advice cheapest first.
    choose_to_score = "Chọn mức cho từng tiêu chí để xem điểm và hạng sao.", "Choose a level for each criterion to see the points and the stars.";
    not_scored_yet = "Chưa chấm", "Not scored yet";
    total_short = "Tổng", "Total";
    see_result = "Xem kết quả", "See the result";
    result_details = "Chi tiết kết quả", "Result details";
    cheapest_first = "Việc bắt buộc trước, việc thiếu ít điểm nhất trước; sau đó các tiêu chí nâng thêm điểm, việc ít bậc nhất trước.", "Required steps first, the smallest gap first; then the criteria that add points, the fewest steps first.";
    step_prerequisite = "Làm trước tiên", "Do this first";
    step_minimum = "Bắt buộc", "Required";
    step_upgrade = "Thêm điểm", "More points";
    aim_for(option) = "Cần đạt: «{option}»", "Aim for: «{option}»";
    points_now_needed(now, points, gained) = "Đang được {now} điểm, cần {points} điểm (thêm {gained}).", "Now {now} points, {points} needed (+{gained}).", "Now {now} point, {points} needed (+{gained}).";
    points_short(after, needed, band) = "Điểm trung bình {after} (tính cả các việc bắt buộc): cần thêm {needed} điểm để đạt từ {band} điểm.", "Average {after} (counting the required steps): {needed} more points are needed to reach {band}.";
    further_stars = "Các hạng sao cao hơn", "Higher stars";
    mean_needed(points, now) = "Điểm trung bình từ {points} điểm (hiện được {now} điểm).", "An average of at least {points} points (now {now}).";
    level_minimums = "Các yêu cầu tối thiểu còn thiếu, việc thiếu ít điểm nhất trước:", "The minimum requirements still missing, the smallest gap first:";
    no_unmet_at_level(stars) = "Đã đạt mọi yêu cầu tối thiểu riêng của {stars} sao.", "Every minimum requirement of {stars} stars itself is met.";
    with_lower_stars = "Cùng với mọi việc của các hạng sao thấp hơn.", "Together with everything the lower stars take.";
    choose_sheet = "Chọn phiếu đánh giá", "Choose a scoring sheet";
    no_sheet_for(classification) = "Sản phẩm được phân loại «{classification}», không gắn với phiếu đánh giá nào của bộ tiêu chí hiện hành. Chọn phiếu (bộ sản phẩm) phù hợp:", "The product is classified as «{classification}», which has no scoring sheet in the current criteria. Choose the right sheet (product set):";
    // Role pages: each role's work on the dashboard, the refused edit explained, the two
    // ratings of a product labelled, error pages, the demo sign-in hint.
    demo_accounts_hint(official, council, producer, password) = "Bản trình diễn: đăng nhập bằng một tài khoản minh họa, ví dụ {official} (cán bộ tỉnh), {council} (thành viên hội đồng) hoặc {producer} (chủ thể), mật khẩu {password}.", "Demo: sign in with a demo account, e.g. {official} (provincial officer), {council} (council member) or {producer} (producer), password {password}.";
    back_to_back_office = "Về trang quản lý", "Back to the back office";
    your_work = "Việc của bạn", "Your work";
    work_to_evaluate = "Sản phẩm chờ đánh giá", "Products awaiting evaluation";
    work_to_evaluate_hint = "Sản phẩm đang hoạt động trong phạm vi của bạn, chưa có kết quả đánh giá của cán bộ hoặc hội đồng.", "Active products within your scope with no evaluation by an officer or a council yet.";
    work_drafts_hint = "Chủ thể đã chuẩn bị; cán bộ kiểm tra rồi chuyển sang hoạt động.", "Prepared by producers; an officer reviews them and makes them active.";
    work_unconfirmed = "Chủ thể chờ xác nhận xã sau sắp xếp", "Producers awaiting confirmation of their commune after the reorganisation";
    work_unconfirmed_hint = "Hồ sơ của xã cũ bị chia tách: xác nhận hoặc chọn xã kế thừa trên trang của chủ thể.", "Records of a divided former commune: confirm or choose the successor commune on the producer's page.";
    work_own_products = "Sản phẩm của bạn", "Your products";
    work_own_products_hint = "Tự đánh giá theo bộ tiêu chí, xem gợi ý nâng hạng sao; sửa thông tin và ảnh khi sản phẩm còn là bản nháp.", "Assess your products against the criteria and read how to reach the next star; change the details and photos while a product is a draft.";
    work_empty = "Không có hồ sơ nào.", "Nothing here.";
    work_see_all(n) = "Xem tất cả ({n})", "See all ({n})";
    self_assess = "Tự đánh giá", "Self-assess";
    score_now = "Chấm điểm", "Score";
    advice_short = "Gợi ý nâng hạng", "Next-star advice";
    photos_short = "Ảnh", "Photos";
    confirm_successor_short = "Xác nhận xã", "Confirm the commune";
    latest_result(stars, kind, at) = "Đánh giá gần nhất: {stars} · {kind} · {at}", "Latest evaluation: {stars} · {kind} · {at}";
    cannot_edit_product = "Không sửa được sản phẩm này", "This product cannot be edited";
    owner_after_draft(status) = "Sản phẩm đang ở trạng thái «{status}». Chủ thể chỉ sửa được sản phẩm khi còn là bản nháp; sau khi được duyệt, cán bộ OCOP của xã hoặc tỉnh cập nhật thông tin sản phẩm. Cần thay đổi thông tin, hãy liên hệ cán bộ OCOP phụ trách địa bàn.", "The product is «{status}». A producer can edit a product only while it is a draft; once approved, the commune's or province's OCOP officers keep its details. To change them, contact the OCOP officer of your area.";
    council_cannot_edit = "Thành viên hội đồng xem và chấm điểm sản phẩm trong tỉnh, không sửa hồ sơ.", "Council members read and score the province's products; they do not change records.";
    outside_scope_edit = "Sản phẩm này ngoài phạm vi quản lý của tài khoản bạn.", "This product is outside your account's scope.";
    you_can_still = "Bạn vẫn có thể:", "You can still:";
    open_product_record = "Xem hồ sơ sản phẩm", "Open the product record";
    public_page = "Trang công khai", "Public page";
    recognised_rating = "Hạng sao được công nhận", "Recognised star rating";
    rating_source_certificate(reference) = "Theo quyết định công nhận {reference}", "By recognition decision {reference}";
    rating_source_registry = "Theo hồ sơ đăng ký (chưa ghi số quyết định công nhận)", "From the registry (no recognition decision number recorded)";
    latest_evaluation = "Kết quả đánh giá gần nhất", "Latest evaluation";
    latest_evaluation_meta(kind, at) = "{kind}, lưu lúc {at}. Để tham khảo: hạng sao được công nhận chỉ thay đổi theo quyết định công nhận.", "{kind}, saved {at}. For reference: the recognised rating changes only by a recognition decision.";
    unevaluated_only = "Chỉ sản phẩm chưa có đánh giá của cán bộ hoặc hội đồng", "Only products with no evaluation by an officer or a council";
    unconfirmed_only = "Chỉ chủ thể chờ xác nhận xã kế thừa", "Only producers awaiting confirmation of their successor commune";
    choose_producer_first = "Chọn chủ thể trước: sản phẩm được đăng ký cho một chủ thể. Bấm «+ Sản phẩm» ở dòng của chủ thể đó.", "Choose the producer first: a product is registered for a producer. Click «+ Product» on that producer's row.";
    action_evaluation = "Lưu kết quả đánh giá", "Evaluation saved";
    evaluation_kind_field = "Người đánh giá", "Evaluated by";
    criteria_version_field = "Bộ tiêu chí", "Criteria";
    scoring_sheet_field = "Phiếu đánh giá", "Scoring sheet";
    mean_points_field = "Điểm trung bình", "Mean points";
    members_field = "Số phiếu chấm", "Sheets scored";
    // Domain values: the domain keeps its Vietnamese labels for the API and exports.
    category_food = "Sản phẩm thực phẩm", "Food";
    category_drink = "Sản phẩm đồ uống", "Drinks";
    category_herbal = "Sản phẩm dược liệu và sản phẩm từ dược liệu", "Medicinal herbs and herbal products";
    category_craft = "Sản phẩm hàng thủ công mỹ nghệ", "Handicrafts";
    category_ornamental = "Sản phẩm sinh vật cảnh", "Ornamental plants and animals";
    category_tourism = "Sản phẩm dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", "Community tourism, eco-tourism and destinations";
    sheet_named(number, name) = "Bộ {number}: {name}", "Set {number}: {name}";
    sheet_number(number) = "Bộ {number}", "Set {number}";
    sector_of_2019(name) = "{name} (phân loại 2019)", "{name} (2019 classification)";
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
    gender_female = "Nữ", "Female";
    gender_male = "Nam", "Male";
    structure_three_tier = "Ba cấp (trước 01/07/2025)", "Three tiers (before 1 July 2025)";
    structure_two_tier = "Hai cấp (từ 01/07/2025)", "Two tiers (since 1 July 2025)";
    role_central = "Quản trị trung ương", "Central administrator";
    role_provincial = "Cán bộ cấp tỉnh", "Provincial officer";
    role_commune = "Cán bộ cấp xã", "Commune officer";
    role_producer = "Chủ thể OCOP", "OCOP producer";
    // --- dossiers ---
    dossier_state_submitted = "Đã nộp", "Submitted";
    dossier_state_returned = "Trả lại để bổ sung", "Returned for completion";
    dossier_state_resubmitted = "Đã nộp lại", "Resubmitted";
    dossier_state_accepted = "Xã đã tiếp nhận", "Accepted by the commune";
    dossier_state_proposed = "Đã đề nghị tỉnh", "Proposed to the province";
    dossier_state_withdrawn = "Đã rút", "Withdrawn";
    dossier_kind_first_time = "Lần đầu", "First time";
    dossier_kind_upgrade = "Nâng hạng", "Upgrade";
    dossier_kind_re_evaluation = "Đánh giá lại", "Re-evaluation";
    dossier_due_on_time = "Trong hạn", "On time";
    dossier_due_nearly_due = "Sắp đến hạn", "Nearly due";
    dossier_due_overdue = "Quá hạn", "Overdue";
    role_council_member = "Thành viên hội đồng", "Council member";
    evaluation_self = "Chủ thể tự đánh giá", "Producer's self-assessment";
    evaluation_official = "Cán bộ / hội đồng đánh giá", "Evaluation by officers / council";
    // --- cycle: the yearly cycle, idea registrations, business plans ---
    error_state_conflict = "Chưa thực hiện được", "Not possible now";
    ocop_cycles = "Chu trình OCOP", "OCOP cycles";
    cycle_intro = "Chu trình OCOP thường niên của tỉnh gồm sáu bước: tuyên truyền, nhận ý tưởng sản phẩm, nhận phương án sản xuất kinh doanh, triển khai, đánh giá và xếp hạng, xúc tiến thương mại.", "A province's yearly OCOP cycle has six steps: promotion, product ideas, business plans, implementation, evaluation and ranking, trade promotion.";
    no_cycles = "Chưa có chu trình nào.", "No cycle yet.";
    open_cycle = "Mở chu trình", "Open a cycle";
    edit_cycle_dates = "Sửa thời gian các bước", "Edit the steps' dates";
    cycle_general = "Chu trình", "Cycle";
    cycle_year = "Năm", "Year";
    cycle_of_year(year) = "Chu trình năm {year}", "Cycle {year}";
    cycle_title(year, province) = "Chu trình OCOP năm {year}, {province}", "OCOP cycle {year}, {province}";
    workflow_version = "Quy trình áp dụng", "Rules applied";
    workflow_version_hint = "Mặc định theo Quyết định 26/2026/QĐ-TTg; chọn quy trình cũ để ghi lại một chu trình đã diễn ra.", "Decision 26/2026/QĐ-TTg by default; choose an earlier one to record a past cycle as it happened.";
    workflow_2023 = "Quyết định 148/QĐ-TTg (năm 2023)", "Decision 148/QĐ-TTg (2023)";
    workflow_2025 = "Quyết định 1489/QĐ-TTg (năm 2025)", "Decision 1489/QĐ-TTg (2025)";
    workflow_2026 = "Quyết định 26/2026/QĐ-TTg", "Decision 26/2026/QĐ-TTg";
    cycle_steps = "Các bước và thời gian dự kiến", "Steps and planned dates";
    step = "Bước", "Step";
    starts_on = "Bắt đầu", "Starts";
    ends_on = "Kết thúc", "Ends";
    step_promotion = "Tuyên truyền, hướng dẫn về OCOP", "Promotion and guidance";
    step_ideas = "Nhận đăng ký ý tưởng sản phẩm", "Product idea registrations";
    step_business_plans = "Nhận phương án, dự án sản xuất kinh doanh", "Business plans";
    step_implementation = "Triển khai phương án, dự án sản xuất kinh doanh", "Implementation of the plans";
    step_evaluation = "Đánh giá và xếp hạng sản phẩm", "Evaluation and ranking";
    step_trade_promotion = "Xúc tiến thương mại", "Trade promotion";
    counts_by_commune = "Số liệu từng bước theo xã", "Each step's figures by commune";
    counts_hint = "Số phiếu ý tưởng đã nộp (không tính phiếu đã rút), đã sơ tuyển, được chọn, không được chọn; phương án đã nộp, đã phê duyệt; số lần hỗ trợ và tổng kinh phí; hồ sơ sản phẩm của năm đã nộp cho xã, xã đã tiếp nhận, đã đề nghị tỉnh.", "Ideas filed (not counting withdrawn ones), screened, selected, declined; plans submitted, approved; support given and its total cost; the year's product dossiers filed with the commune, accepted by it, proposed to the province.";
    whole_province = "Toàn tỉnh", "Whole province";
    count_filed = "Ý tưởng đã nộp", "Ideas filed";
    count_screened = "Đã sơ tuyển", "Screened";
    count_selected = "Được chọn", "Selected";
    count_declined = "Không được chọn", "Declined";
    count_plans_submitted = "Phương án đã nộp", "Plans submitted";
    count_plans_approved = "Phương án đã duyệt", "Plans approved";
    count_support = "Lần hỗ trợ", "Support given";
    count_dossiers_filed = "Hồ sơ đã nộp", "Dossiers filed";
    count_dossiers_accepted = "Hồ sơ xã đã tiếp nhận", "Dossiers accepted";
    count_dossiers_proposed = "Hồ sơ đã đề nghị tỉnh", "Dossiers proposed";
    support_cost_total = "Tổng kinh phí hỗ trợ", "Total support cost";
    ideas_to_screen = "Ý tưởng chờ xã sơ tuyển", "Ideas awaiting the commune's screening";
    ideas_to_select = "Ý tưởng chờ tỉnh xét chọn", "Ideas awaiting the province's selection";
    plans_to_approve = "Phương án chờ phê duyệt", "Plans awaiting approval";
    approved_plans_support = "Phương án đã duyệt và hỗ trợ", "Approved plans and their support";
    idea_registrations = "Phiếu đăng ký ý tưởng sản phẩm", "Product idea registrations";
    my_ideas = "Ý tưởng sản phẩm của tôi", "My product ideas";
    idea_inbox = "Ý tưởng sản phẩm gửi xã", "Product ideas filed with the commune";
    all_states = "Tất cả", "All";
    state = "Trạng thái", "State";
    n_ideas(n) = "{n} phiếu ý tưởng", "{n} idea registrations", "{n} idea registration";
    no_ideas = "Không có phiếu ý tưởng nào.", "No idea registration.";
    file_idea = "Đăng ký ý tưởng sản phẩm", "Register a product idea";
    file_idea_hint = "Phiếu gửi về xã; xã sơ tuyển rồi chuyển lên tỉnh xét chọn. Ý tưởng được chọn sẽ lập phương án sản xuất kinh doanh.", "The registration goes to the commune, which screens it and forwards it to the province for selection. A selected idea is followed by a business plan.";
    send_idea = "Gửi phiếu", "Send the registration";
    idea_applicant = "Người đăng ký", "Applicant";
    idea_producer = "Chủ thể đăng ký", "Registering producer";
    idea_producer_hint = "Để trống nếu người đăng ký chưa có tài khoản chủ thể: ghi tên và số điện thoại.", "Leave empty if the applicant has no producer account: give their name and phone number.";
    would_be_producer = "Người chưa có tài khoản chủ thể", "Applicant without a producer account";
    applicant_name = "Họ tên người đăng ký", "Applicant's name";
    idea_product = "Sản phẩm", "The product";
    idea_year_hint = "Năm của chu trình tỉnh đã mở.", "The year of a cycle the province has opened.";
    product_kind = "Loại ý tưởng", "Kind of idea";
    product_kind_new = "Sản phẩm mới (biểu 01)", "New product (form 01)";
    product_kind_existing = "Sản phẩm đã có (biểu 02)", "Existing product (form 02)";
    existing_product = "Sản phẩm đã có", "The existing product";
    none_chosen = "Chưa chọn", "None chosen";
    raw_materials = "Nguyên liệu", "Raw materials";
    market = "Thị trường", "Market";
    help_asked = "Nhu cầu hỗ trợ", "Help asked for";
    help_consulting = "Tư vấn", "Consulting";
    help_training = "Đào tạo, tập huấn", "Training";
    help_design = "Thiết kế, bao bì", "Design and packaging";
    help_standards = "Tiêu chuẩn, chứng nhận", "Standards and certification";
    help_trade_promotion = "Xúc tiến thương mại (hỗ trợ)", "Trade promotion (help)";
    help_finance = "Tài chính, tín dụng", "Finance and credit";
    help_other = "Khác", "Other";
    help_other_text = "Hỗ trợ khác (ghi rõ)", "Other help (say which)";
    filed_at = "Ngày nộp", "Filed";
    idea_filed = "Đã nộp, chờ xã sơ tuyển", "Filed, awaiting the commune's screening";
    idea_screened = "Xã đã sơ tuyển, chờ tỉnh xét chọn", "Screened, awaiting the province's selection";
    idea_selected = "Được chọn", "Selected by the province";
    idea_declined = "Không được chọn", "Not selected";
    action_screen = "Sơ tuyển, chuyển lên tỉnh", "Screen and forward to the province";
    action_decline = "Không chọn", "Decline";
    action_select = "Chọn ý tưởng", "Select the idea";
    action_withdraw = "Rút phiếu", "Withdraw the registration";
    screen_note = "Ý kiến sơ tuyển", "Screening note";
    decline_reason = "Lý do không chọn", "Reason for declining";
    write_plan = "Lập phương án sản xuất kinh doanh", "Write the business plan";
    open_plan = "Xem phương án", "Open the business plan";
    open_idea = "Xem phiếu ý tưởng", "Open the idea registration";
    business_plan = "Phương án sản xuất kinh doanh", "Business plan";
    business_plans = "Phương án, dự án sản xuất kinh doanh", "Business plans";
    my_plans = "Phương án của tôi", "My business plans";
    n_plans(n) = "{n} phương án", "{n} business plans", "{n} business plan";
    no_plans = "Không có phương án nào.", "No business plan.";
    plan_for(product) = "Phương án sản xuất kinh doanh: {product}", "Business plan: {product}";
    plan_title = "Tên phương án, dự án", "Title of the plan";
    plan_summary = "Tóm tắt", "Summary";
    plan_goals = "Mục tiêu", "Goals";
    plan_investment = "Tổng vốn đầu tư", "Total investment";
    plan_timeline = "Tiến độ thực hiện", "Timeline";
    amount_hint = "Số đồng, ví dụ 150.000.000", "In đồng, for example 150.000.000";
    amount_dong(amount) = "{amount} đ", "{amount} VND";
    save_draft = "Lưu bản nháp", "Save the draft";
    plan_draft = "Bản nháp", "Draft plan";
    plan_submitted = "Đã nộp, chờ tỉnh phê duyệt", "Submitted, awaiting the province's approval";
    plan_returned = "Trả lại để chỉnh sửa", "Returned for revision";
    plan_approved = "Đã phê duyệt", "Approved";
    action_submit = "Nộp phương án", "Submit the plan";
    action_return = "Trả lại để chỉnh sửa", "Return for revision";
    action_approve = "Phê duyệt phương án", "Approve the plan";
    return_reason = "Lý do trả lại", "Reason for returning";
    submitted_at = "Ngày nộp gần nhất", "Last submitted";
    approved_at = "Ngày phê duyệt", "Approved on";
    attached_file = "Tệp đính kèm", "Attached file";
    no_attached_file = "Chưa có tệp đính kèm.", "No file attached.";
    choose_file = "Chọn tệp (PDF, Word, Excel, ảnh)", "Choose a file (PDF, Word, Excel, image)";
    attachment_hint(max_mb) = "Tối đa {max_mb} MB; tệp mới thay tệp cũ.", "At most {max_mb} MB; a new file replaces the previous one.";
    upload_file = "Tải tệp lên", "Upload the file";
    file_size_kb(kb) = "{kb} KB", "{kb} kB";
    comments = "Ý kiến của cán bộ", "Officials' comments";
    no_comments = "Chưa có ý kiến.", "No comment yet.";
    your_comment = "Ý kiến của bạn", "Your comment";
    send_comment = "Gửi ý kiến", "Send the comment";
    support_received = "Hỗ trợ trong triển khai", "Support during implementation";
    record_support = "Ghi nhận hỗ trợ", "Record support";
    save_support = "Lưu hỗ trợ", "Save the support";
    support_kind_field = "Loại hỗ trợ", "Kind of support";
    support_date = "Ngày hỗ trợ", "Date";
    support_description = "Nội dung", "What was given";
    support_cost = "Kinh phí", "Cost";
    funding_source_field = "Nguồn vốn", "Funding source";
    support_consulting = "Tư vấn (hỗ trợ)", "Consulting (support)";
    support_training = "Đào tạo, tập huấn (hỗ trợ)", "Training (support)";
    support_design = "Thiết kế, bao bì (hỗ trợ)", "Design and packaging (support)";
    support_standards = "Tiêu chuẩn, chứng nhận (hỗ trợ)", "Standards and certification (support)";
    support_trade_promotion = "Xúc tiến thương mại (hỗ trợ triển khai)", "Trade promotion (support)";
    support_other = "Hỗ trợ khác", "Other support";
    funding_central = "Ngân sách trung ương", "Central budget";
    funding_provincial = "Ngân sách tỉnh", "Provincial budget";
    funding_commune = "Ngân sách xã", "Commune budget";
    funding_community = "Xã hội hóa", "Community funds";
    funding_other = "Nguồn khác", "Other source";
    not_saved = "Chưa lưu được:", "Not saved:";
    not_saved_see_fields = "Chưa lưu được: xem các trường được đánh dấu bên dưới.", "Not saved: see the marked fields below.";
    cycle_tile_screen = "Ý tưởng chờ sơ tuyển", "Ideas to screen";
    cycle_tile_select = "Ý tưởng chờ xét chọn", "Ideas to select";
    cycle_tile_plans = "Phương án chờ duyệt", "Plans to approve";
    cycle_tile_mine = "Ý tưởng đã đăng ký", "Ideas registered";
    this_years_cycle(year) = "Chu trình OCOP năm {year}: số liệu từng bước theo xã", "OCOP cycle {year}: each step's figures by commune";
    // --- change requests ---
    cr_nav = "Yêu cầu thay đổi", "Change requests";
    cr_inbox_title = "Yêu cầu thay đổi thông tin sản phẩm", "Product change requests";
    cr_inbox_hint_official = "Đề nghị của chủ thể trong địa bàn bạn quản lý: xem từng thông tin thay đổi rồi duyệt hoặc từ chối. Thông tin mới chỉ công khai khi được duyệt.", "Proposals of the producers in your area: review each changed detail, then approve or reject. New details go public only once approved.";
    cr_inbox_hint_producer = "Các đề nghị thay đổi thông tin sản phẩm bạn đã gửi.", "The changes to your products you have proposed.";
    cr_open_tile = "Yêu cầu thay đổi chờ duyệt", "Change requests awaiting review";
    cr_state_open = "Chờ duyệt", "Awaiting review";
    cr_state_approved = "Đã duyệt", "Approved";
    cr_state_rejected = "Bị từ chối", "Rejected";
    cr_count(n) = "{n} yêu cầu", "{n} requests", "{n} request";
    cr_none = "Không có yêu cầu thay đổi nào.", "No change requests.";
    cr_title(name) = "Yêu cầu thay đổi: {name}", "Change request: {name}";
    cr_propose = "Đề nghị thay đổi", "Propose a change";
    cr_propose_title(name) = "Đề nghị thay đổi: {name}", "Propose a change: {name}";
    cr_form_intro = "Sản phẩm đang hoạt động: thông tin mới chỉ được công khai khi cán bộ OCOP của xã hoặc tỉnh duyệt. Trong thời gian chờ, trang công khai vẫn hiển thị thông tin đã duyệt.", "The product is active: new details go public only once an OCOP officer of the commune or province approves them. Until then the public page shows the approved details.";
    cr_revising(revision) = "Bạn đang sửa đề nghị đang chờ duyệt (lần sửa {revision}).", "You are editing the proposal awaiting review (revision {revision}).";
    cr_note = "Lý do thay đổi", "Reason for the change";
    cr_note_hint = "Giúp cán bộ hiểu vì sao cần thay đổi (không bắt buộc).", "Helps the officer understand why (optional).";
    cr_send = "Gửi đề nghị", "Send the proposal";
    cr_not_sent = "Chưa gửi được đề nghị:", "The proposal was not sent:";
    cr_not_sent_see_fields = "Chưa gửi được đề nghị: kiểm tra các trường được đánh dấu bên dưới.", "The proposal was not sent: check the fields marked below.";
    cr_changes = "Thông tin thay đổi", "What changes";
    cr_current = "Đang công khai", "Public now";
    cr_proposed = "Đề nghị", "Proposed";
    cr_empty_value = "(trống)", "(empty)";
    cr_proposed_by(who, at) = "Gửi bởi {who} lúc {at}", "Sent by {who} on {at}";
    cr_decided_by(who, at) = "Xử lý bởi {who} lúc {at}", "Handled by {who} on {at}";
    cr_revision(n) = "Lần sửa {n}", "Revision {n}";
    cr_reason = "Lý do từ chối", "Reason for rejection";
    cr_reject_hint = "Chủ thể sẽ đọc lý do này.", "The producer reads this reason.";
    cr_stale = "Sản phẩm đã được thay đổi sau khi đề nghị được gửi nên chưa thể duyệt: chủ thể cần sửa lại đề nghị theo thông tin hiện tại, hoặc cán bộ từ chối đề nghị.", "The product changed after this proposal was sent, so it cannot be approved yet: the producer must update the proposal to the current details, or an officer rejects it.";
    cr_approve = "Duyệt và công khai", "Approve and publish";
    cr_reject = "Từ chối", "Reject";
    cr_withdraw = "Rút đề nghị", "Withdraw the proposal";
    cr_edit = "Sửa đề nghị", "Edit the proposal";
    cr_view = "Xem đề nghị", "View the proposal";
    cr_pending_notice = "Sản phẩm có đề nghị thay đổi đang chờ duyệt; trang công khai vẫn hiển thị thông tin đã duyệt.", "This product has a proposed change awaiting review; the public page still shows the approved details.";
    cr_saved_proposed = "Đã gửi đề nghị thay đổi. Thông tin mới sẽ công khai khi cán bộ duyệt.", "Proposal sent. The new details go public once an officer approves them.";
    cr_saved_revised = "Đã cập nhật đề nghị thay đổi.", "Proposal updated.";
    cr_saved_approved = "Đã duyệt: sản phẩm đã được cập nhật và trang công khai hiển thị thông tin mới.", "Approved: the product is updated and its public page shows the new details.";
    cr_saved_rejected = "Đã từ chối đề nghị.", "Proposal rejected.";
    cr_saved_withdrawn = "Đã rút đề nghị.", "Proposal withdrawn.";
    // --- lots ---
    lots = "Lô sản phẩm", "Lots";
    lot = "Lô", "Lot";
    new_lot = "Thêm lô sản phẩm", "New lot";
    import_lots = "Nhập lô từ tệp", "Import lots from a file";
    lots_by_product_code = "Lô sản phẩm (theo mã sản phẩm)", "Lots (by product code)";
    no_lots = "Sản phẩm chưa có lô nào.", "This product has no lots yet.";
    lots_of_product(n) = "{n} lô", "{n} lots", "{n} lot";
    lot_number = "Số lô", "Lot number";
    lot_number_hint = "Chữ không dấu, chữ số và - . _ /, tối đa 20 ký tự; không trùng trong cùng sản phẩm", "Letters, digits and - . _ /, at most 20 characters; unique within the product";
    produced_on = "Ngày sản xuất", "Production date";
    expires_on = "Hạn sử dụng", "Expiry date";
    quantity = "Số lượng", "Quantity";
    unit_of_quantity = "Đơn vị tính", "Unit";
    unit_hint = "Ví dụ: gói, kg, chai 500 ml", "E.g. pack, kg, 500 ml bottle";
    storage_notes = "Điều kiện bảo quản", "Storage notes";
    raw_materials_hint = "Mỗi dòng một nguyên liệu (tối đa 20): tên | nhà cung cấp | vùng nguyên liệu | chứng nhận (VietGAP, hữu cơ …)", "One material a line (at most 20): name | supplier | growing area | certification (VietGAP, organic …)";
    no_materials = "Chưa ghi nguồn nguyên liệu.", "No raw materials recorded.";
    material_name = "Nguyên liệu", "Material";
    supplier = "Nhà cung cấp", "Supplier";
    material_origin = "Vùng nguyên liệu", "Growing area";
    certification = "Chứng nhận", "Certification";
    lot_active = "Đang lưu hành", "On the market";
    lot_recalled = "Đã thu hồi", "Recalled";
    lot_not_saved = "Chưa lưu được lô:", "The lot was not saved:";
    lot_not_saved_see_fields = "Chưa lưu được lô: xem các trường được đánh dấu bên dưới.", "The lot was not saved: see the marked fields below.";
    lot_created = "Đã tạo lô và ghi sự kiện sản xuất.", "Lot created, with its production event.";
    event_recorded = "Đã ghi sự kiện.", "Event recorded.";
    lab_test_added = "Đã thêm phiếu kiểm nghiệm.", "Lab test added.";
    lot_recalled_notice = "Đã thu hồi lô; người tiêu dùng quét tem sẽ thấy cảnh báo thu hồi.", "Lot recalled; consumers who scan its stamps will see a recall warning.";
    lot_recalled_banner(at) = "Lô này đã bị thu hồi lúc {at}", "This lot was recalled at {at}";
    epcis_download = "Tải dữ liệu truy xuất (EPCIS)", "Download traceability data (EPCIS)";
    lab_tests = "Phiếu kết quả kiểm nghiệm", "Lab test reports";
    no_lab_tests = "Chưa có phiếu kiểm nghiệm.", "No lab test reports yet.";
    add_lab_test = "Thêm phiếu kiểm nghiệm", "Add a lab test report";
    lab_name = "Đơn vị kiểm nghiệm", "Laboratory";
    tested_on = "Ngày kiểm nghiệm", "Test date";
    test_results = "Kết quả chính", "Key results";
    test_results_hint = "Mỗi dòng một chỉ tiêu (tối đa 30): chỉ tiêu | kết quả | đơn vị", "One result a line (at most 30): parameter | result | unit";
    report_file(mb) = "Tệp phiếu (PDF hoặc ảnh, tối đa {mb} MB)", "Report file (PDF or photo, at most {mb} MB)";
    report_file_refused(reason) = "Tệp phiếu không được nhận: {reason}", "The report file was refused: {reason}";
    view_report_file = "Xem tệp phiếu", "View the report file";
    event_log = "Nhật ký sự kiện", "Event log";
    record_event = "Ghi sự kiện", "Record an event";
    disposition = "Tình trạng", "Disposition";
    usual_disposition = "Theo bước (mặc định)", "As usual for the step";
    event_time = "Thời điểm", "When";
    event_time_hint = "Để trống: bây giờ (giờ Việt Nam)", "Blank: now (Vietnam time)";
    biz_location = "Địa điểm", "Location";
    location_hint = "Mã GLN 13 số, hoặc mã địa điểm nội bộ, ví dụ kho-binh-lieu", "A 13-digit GLN, or an internal location id such as kho-binh-lieu";
    serials = "Số sê-ri tem (nếu có)", "Stamp serials (if any)";
    n_serials(n) = "{n} tem", "{n} stamps", "{n} stamp";
    recorded_by(who, at) = "ghi bởi {who} lúc {at}", "recorded by {who} at {at}";
    corrects = "Đính chính sự kiện", "Corrects the event";
    not_a_correction = "Không (sự kiện mới)", "None (a new event)";
    correction_reason = "Lý do đính chính", "Why the earlier event was wrong";
    corrects_event(id, reason) = "Đính chính sự kiện #{id}: {reason}", "Corrects event #{id}: {reason}";
    recall_lot = "Thu hồi lô", "Recall the lot";
    recall_explained = "Thu hồi đánh dấu lô không còn lưu hành và ghi sự kiện thu hồi; mọi lượt quét tem của lô sẽ hiện cảnh báo. Không thể hoàn tác.", "A recall marks the lot off the market and records the recall event; every scan of its stamps shows a warning. It cannot be undone.";
    recall_reason = "Lý do thu hồi", "Reason for the recall";
    // --- dossier pages ---
    evidence_refused(name, reason) = "Tệp \"{name}\" bị từ chối: {reason}", "File \"{name}\" refused: {reason}";
    nav_dossiers = "Hồ sơ OCOP", "OCOP dossiers";
    dossiers_mine = "Hồ sơ của tôi", "My dossiers";
    dossiers_mine_hint = "Mỗi hồ sơ đăng ký một sản phẩm để đánh giá, phân hạng: Phiếu đăng ký (Mẫu 01), Báo cáo tự đánh giá (Mẫu 02) với điểm tự chấm và tài liệu minh chứng. Nộp cho UBND xã; xã xem xét trong 15 ngày làm việc.", "Each dossier registers one product for evaluation and ranking: the registration (form 01) and the self-assessment report (form 02) with the self-score and evidence. It is filed with the commune, which reviews it within 15 working days.";
    dossiers_inbox = "Hồ sơ chờ xét", "Dossiers to review";
    dossiers_inbox_hint = "Hồ sơ chủ thể đã nộp cho xã, hạn gần nhất trước. Xã xem xét trong 15 ngày làm việc kể từ ngày nhận (không tính thứ Bảy, Chủ nhật và ngày lễ).", "Dossiers filed with the commune, nearest deadline first. The commune reviews each within 15 working days of receipt (weekends and public holidays not counted).";
    dossiers_province = "Hồ sơ các xã trong tỉnh", "Dossiers of the province's communes";
    dossiers_province_hint = "Hồ sơ đã nộp ở các xã và hồ sơ xã đã đề nghị tỉnh; hồ sơ quá hạn xã xem xét được đánh dấu.", "Dossiers filed in the communes and those proposed to the province; those past the commune's deadline are flagged.";
    dossiers_central = "Hồ sơ OCOP toàn quốc", "OCOP dossiers nationwide";
    dossiers_read_only = "Chỉ xem: việc xét hồ sơ do UBND xã thực hiện.", "Read only: dossiers are reviewed by the communes.";
    dossier_new = "Lập hồ sơ mới", "New dossier";
    dossier_new_title = "Lập hồ sơ: Phiếu đăng ký (Mẫu 01)", "New dossier: registration (form 01)";
    dossier_no_products = "Chưa có sản phẩm để đăng ký: hãy đăng ký sản phẩm trước.", "No product to register yet: register a product first.";
    dossier_product = "Sản phẩm đăng ký", "Product registered";
    dossier_kind_field = "Lần đăng ký đánh giá", "Registration";
    dossier_year = "Năm đánh giá", "Evaluation year";
    dossier_criteria_version = "Bộ tiêu chí tự đánh giá", "Criteria of the self-score";
    dossier_criteria_current = "Quyết định 26/2026/QĐ-TTg (hiện hành)", "Decision 26/2026/QĐ-TTg (in force)";
    dossier_criteria_2025 = "Bộ tiêu chí năm 2025 (ghi lại đợt đã qua)", "2025 criteria (recording a past round)";
    dossier_criteria_2023 = "Quyết định 148/QĐ-TTg năm 2023 (ghi lại đợt đã qua)", "Decision 148/QĐ-TTg of 2023 (recording a past round)";
    dossier_unit_name = "Tên đơn vị", "Name of the registering unit";
    dossier_representative = "Họ tên người đại diện pháp lý", "Legal representative";
    dossier_position = "Chức vụ", "Position";
    dossier_contact_address = "Địa chỉ liên hệ", "Contact address";
    dossier_samples = "Sản phẩm mẫu (số lượng)", "Product samples (number)";
    dossier_samples_hint = "Thường là 5 sản phẩm mẫu; dịch vụ du lịch không gửi mẫu.", "Usually 5 samples; tourism services send none.";
    dossier_attachments = "Tài liệu kèm theo khác", "Other attached documents";
    dossier_default_hint = "Để trống: lấy theo thông tin đã đăng ký của chủ thể và sản phẩm.", "Left blank: taken from the producer's and product's registered details.";
    dossier_form01_section = "Phiếu đăng ký (Mẫu 01)", "Registration (form 01)";
    dossier_part1_section = "Mẫu 02 phần I: Thông tin chung", "Form 02 part I: general information";
    dossier_part2_section = "Mẫu 02 phần II: Kết quả thực hiện phương án sản xuất kinh doanh", "Form 02 part II: results of the business plan";
    dossier_part3_section = "Mẫu 02 phần III: Tự đánh giá theo bộ tiêu chí", "Form 02 part III: self-assessment against the criteria";
    dossier_part4_section = "Mẫu 02 phần IV: Kế hoạch sản xuất, kinh doanh", "Form 02 part IV: production and business plan";
    dossier_registration_number = "Số giấy đăng ký kinh doanh", "Business registration number";
    dossier_founded_on = "Ngày thành lập / đăng ký kinh doanh", "Founded / registered on";
    dossier_product_spec = "Tên sản phẩm, mô tả quy cách, tiêu chuẩn", "Product, specification and standards";
    dossier_has_business_registration = "Có giấy đăng ký kinh doanh", "Holds a business registration";
    dossier_quality_declared = "Đã công bố chất lượng sản phẩm theo quy định", "Product quality declared as required";
    dossier_food_safety_certified = "Có giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "Holds a food-safety certificate for the facility";
    dossier_production_licence = "Có giấy chứng nhận đủ điều kiện sản xuất bắt buộc (nếu sản phẩm cần)", "Holds the mandatory production certificate (where needed)";
    dossier_ip_titles = "Đăng ký sở hữu trí tuệ đã có (nhãn hiệu, chỉ dẫn địa lý, …)", "Intellectual property registered (trademark, geographical indication, …)";
    dossier_history = "Lịch sử hình thành của chủ thể", "History of the producer";
    dossier_organisation = "Cơ cấu tổ chức của chủ thể", "Organisation of the producer";
    dossier_business_plan_results = "Kết quả thực hiện phương án sản xuất kinh doanh", "Results of the business plan";
    dossier_business_plan_hint = "Vùng nguyên liệu, công nghệ, chế biến, đóng gói; thay đổi về chất lượng, bao bì, nhãn mác; thị trường phân phối; doanh thu, lợi nhuận.", "Raw-material area, technology, processing, packing; changes in quality, packaging and labels; markets; revenue and profit.";
    dossier_production_plan = "Kế hoạch sản xuất, kinh doanh", "Production and business plan";
    dossier_production_plan_hint = "Định hướng, kế hoạch thời gian tới về phát triển sản phẩm, tổ chức sản xuất, thị trường.", "Plans for developing the product, organising production, and markets.";
    dossier_create = "Lập hồ sơ", "Create the dossier";
    dossier_not_saved = "Hồ sơ chưa được lưu. Xem các lỗi dưới đây.", "The dossier was not saved. See the errors below.";
    dossier_title(product) = "Hồ sơ: {product}", "Dossier: {product}";
    dossier_edit_title(product) = "Sửa hồ sơ: {product}", "Edit dossier: {product}";
    dossier_edit = "Sửa thông tin hồ sơ", "Edit the dossier's details";
    dossier_self_score = "Tự chấm điểm", "Self-score";
    dossier_evidence = "Tài liệu minh chứng", "Evidence";
    dossier_state_label = "Trạng thái hồ sơ", "Dossier state";
    dossier_all_states = "Mọi trạng thái", "Every state";
    dossier_due_filter = "Hạn xem xét", "Review deadline";
    dossier_due_any = "Mọi hạn", "Any deadline";
    due_days_left(n, date) = "còn {n} ngày làm việc, hạn {date}", "{n} working days left, due {date}", "{n} working day left, due {date}";
    due_was(date) = "đã quá hạn {date}", "was due {date}";
    due_today(date) = "hạn cuối hôm nay, {date}", "due today, {date}";
    receipt_number = "Số phiếu tiếp nhận", "Receipt number";
    received_on_date = "Ngày xã nhận", "Received by the commune";
    commune_deadline = "Hạn xã xem xét", "Commune's review deadline";
    deadline_stopped = "Không còn tính hạn (xã đã xử lý)", "No longer running (the commune has acted)";
    self_score_result = "Điểm tự đánh giá", "Self-score";
    self_score_value(points, stars) = "{points} điểm · {stars}", "{points} points · {stars}";
    self_score_none = "Chưa tự chấm", "Not self-scored yet";
    self_score_saved = "Đã lưu điểm tự đánh giá.", "Self-score saved.";
    self_score_hint = "Chọn, ở mỗi tiêu chí, mức chủ thể tự đánh giá đạt được; mỗi tiêu chí có điểm cần có tài liệu minh chứng.", "For each criterion choose the level the producer achieves; each criterion scored needs evidence.";
    self_score_save = "Lưu điểm tự đánh giá", "Save the self-score";
    part_totals_hint = "Bộ tiêu chí này được ghi theo tổng điểm từng phần trên phiếu giấy.", "These criteria are recorded as each part's total on the paper sheet.";
    part_total_field(part) = "Tổng điểm phần {part}", "Total of part {part}";
    checklist_title = "Còn thiếu trước khi nộp", "Missing before filing";
    checklist_complete = "Hồ sơ đã đủ để nộp.", "The dossier is complete and can be filed.";
    returned_reasons = "Xã trả lại hồ sơ: các mục cần bổ sung", "Returned by the commune: items to complete";
    returned_item(item) = "Mục trả lại: {item}", "Item returned: {item}";
    returned_at(at, by) = "Trả lại lúc {at} bởi {by}", "Returned {at} by {by}";
    submit_dossier = "Nộp hồ sơ cho xã", "File with the commune";
    resubmit_dossier = "Nộp lại hồ sơ", "File again";
    withdraw_dossier = "Rút hồ sơ", "Withdraw the dossier";
    delete_dossier = "Xóa bản nháp", "Delete the draft";
    dossier_submitted_notice(receipt, deadline) = "Đã nộp hồ sơ. Số phiếu tiếp nhận {receipt}; hạn xã xem xét {deadline}.", "Dossier filed. Receipt number {receipt}; the commune reviews it by {deadline}.";
    dossier_saved_notice = "Đã lưu hồ sơ.", "Dossier saved.";
    dossier_withdrawn_notice = "Đã rút hồ sơ.", "Dossier withdrawn.";
    dossier_deleted_notice = "Đã xóa bản nháp hồ sơ.", "Draft dossier deleted.";
    dossier_returned_notice = "Đã trả lại hồ sơ cho chủ thể kèm lý do.", "Dossier returned to the producer with the reasons.";
    dossier_accepted_notice = "Đã tiếp nhận hồ sơ và lưu báo cáo của xã (Mẫu 03).", "Dossier accepted and the commune's report (form 03) saved.";
    dossier_proposed_notice = "Đã đề nghị tỉnh đánh giá, phân hạng sản phẩm.", "Product proposed to the province for evaluation.";
    dossier_stale = "Hồ sơ vừa được người khác thay đổi trước thao tác của bạn; nội dung bạn nhập vẫn còn dưới đây. Hãy xem lại trạng thái mới rồi thực hiện lại.", "Someone changed the dossier just before you; what you entered is kept below. Check its new state, then try again.";
    dossier_refused(reason) = "Không thực hiện được: {reason}", "Not done: {reason}";
    evidence_for_criterion(id, name) = "Tiêu chí {id}. {name}", "Criterion {id}. {name}";
    evidence_suggested(kinds) = "Tài liệu gợi ý: {kinds}", "Suggested documents: {kinds}";
    evidence_none = "Chưa có tệp minh chứng.", "No evidence file yet.";
    evidence_file = "Tệp minh chứng", "Evidence file";
    evidence_kind = "Loại tài liệu", "Document type";
    evidence_remove = "Gỡ tệp", "Remove the file";
    evidence_hint(mb) = "PDF, ảnh (JPEG, PNG, WebP), Word hoặc Excel; tối đa {mb} MB.", "PDF, image (JPEG, PNG, WebP), Word or Excel; at most {mb} MB.";
    evidence_documents = "Giấy tờ chung của hồ sơ", "General documents of the dossier";
    evidence_documents_hint = "Giấy đăng ký kinh doanh và các tài liệu bắt buộc theo lần đăng ký.", "The business registration and the documents the registration type requires.";
    evidence_uploaded = "Đã tải lên tài liệu minh chứng.", "Evidence uploaded.";
    evidence_count(n) = "{n} tệp minh chứng", "{n} evidence files", "{n} evidence file";
    evidence_needed = "Cần minh chứng", "Evidence needed";
    evidence_files_of(n) = "Tệp minh chứng ({n})", "Evidence files ({n})";
    dossier_versions = "Các lần nộp", "Filings";
    dossier_version_line(number, at) = "Lần nộp {number} · {at}", "Filing {number} · {at}";
    review_title(product) = "Xem xét hồ sơ: {product}", "Review the dossier: {product}";
    review_dossier = "Xem xét hồ sơ", "Review the dossier";
    review_frozen(number, at) = "Nội dung chủ thể đã nộp (lần {number}, lúc {at}); không thay đổi sau khi nộp.", "What the producer filed (filing {number}, {at}); unchanged since.";
    review_answers = "Câu trả lời tự đánh giá", "Self-assessment answers";
    review_criterion = "Tiêu chí", "Criterion";
    review_answer = "Mức tự đánh giá", "Level chosen";
    review_points = "Điểm", "Points";
    review_evidence = "Minh chứng", "Evidence";
    review_not_answered = "Không chọn", "Not chosen";
    return_title = "Trả lại hồ sơ để bổ sung", "Return the dossier for completion";
    return_hint = "Nêu từng mục cần bổ sung và lý do; chủ thể thấy lý do ngay tại mục đó.", "Name each item to complete and why; the producer sees the reason at that item.";
    return_item = "Mục cần bổ sung", "Item to complete";
    return_reason_n(n) = "Lý do {n}", "Reason {n}";
    return_submit = "Trả lại hồ sơ", "Return the dossier";
    return_item_criterion(id, name) = "Tiêu chí {id}: {name}", "Criterion {id}: {name}";
    return_item_document(kind) = "Tài liệu: {kind}", "Document: {kind}";
    accept_title = "Tiếp nhận và báo cáo của UBND xã (Mẫu 03)", "Accept, with the commune's report (form 03)";
    accept_hint = "Đánh giá một số nội dung của hồ sơ trên cơ sở thực tế của địa phương.", "Assess some items of the dossier against the situation in the commune.";
    report_raw_materials = "Về sử dụng nguyên liệu địa phương", "Use of local raw materials";
    report_raw_materials_hint = "Mô tả của chủ thể và đánh giá tình hình sử dụng nguyên liệu thực tế trên địa bàn xã.", "The producer's description and the commune's assessment of its actual use of local raw materials.";
    report_labour = "Về sử dụng lao động địa phương", "Use of local labour";
    report_labour_hint = "Mô tả của chủ thể và đánh giá tình hình sử dụng lao động địa phương thực tế.", "The producer's description and the commune's assessment of its actual use of local labour.";
    report_idea_origin = "Nguồn gốc ý tưởng sản phẩm", "Origin of the product idea";
    report_idea_origin_hint = "Nhận xét nguồn gốc sản phẩm (truyền thống, sản phẩm mới) dựa trên thực tế của địa phương.", "Comment on the product's origin (traditional or new) from what the commune knows.";
    report_identity = "Bản sắc, trí tuệ địa phương", "Local identity and knowledge";
    report_identity_hint = "Giá trị văn hóa, tri thức bản địa, kinh nghiệm sản xuất của cộng đồng và phương thức sản xuất đặc trưng tạo nên sự khác biệt của sản phẩm.", "Cultural values, local knowledge, the community's experience and the local way of producing that make the product different.";
    accept_submit = "Tiếp nhận hồ sơ", "Accept the dossier";
    propose_title = "Đề nghị tỉnh đánh giá, phân hạng", "Propose to the province for evaluation";
    propose_hint = "Văn bản đề nghị của UBND xã gửi UBND tỉnh kèm báo cáo Mẫu 03.", "The commune's letter to the province, with the form 03 report.";
    letter_number = "Số văn bản", "Letter number";
    letter_number_hint = "Ví dụ: 45/UBND-KT", "For example: 45/UBND-KT";
    letter_date = "Ngày văn bản", "Letter date";
    letter_signer = "Người ký", "Signed by";
    propose_submit = "Gửi đề nghị lên tỉnh", "Send the proposal to the province";
    commune_report = "Báo cáo của UBND xã (Mẫu 03)", "The commune's report (form 03)";
    proposal_letter = "Văn bản đề nghị tỉnh", "Letter to the province";
    proposal_letter_line(number, date, signer) = "Số {number}, ngày {date}, người ký {signer}", "No. {number}, dated {date}, signed by {signer}";
    print_form_01 = "In Phiếu đăng ký (Mẫu 01)", "Print the registration (form 01)";
    print_form_03 = "In Báo cáo của UBND xã (Mẫu 03)", "Print the commune's report (form 03)";
    dossier_form_01 = "Mẫu số 01: Phiếu đăng ký đánh giá, phân hạng sản phẩm OCOP", "Form 01: registration for the evaluation and ranking of an OCOP product";
    dossier_form_03 = "Mẫu số 03: Báo cáo đánh giá một số nội dung của hồ sơ đăng ký", "Form 03: report on some items of the registration dossier";
    dossier_back_to_dossier = "Về hồ sơ", "Back to the dossier";
    national_name = "Cộng hòa xã hội chủ nghĩa Việt Nam", "Socialist Republic of Viet Nam";
    national_motto = "Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness";
    registration_heading = "Phiếu đăng ký", "Registration";
    registration_subtitle(province, year) = "Tham gia đánh giá, phân hạng sản phẩm OCOP của {province} năm {year}", "For the evaluation and ranking of OCOP products of {province} in {year}";
    registrant_info = "Thông tin về đơn vị đăng ký", "The registering unit";
    unit_name_label = "Tên đơn vị", "Name of the unit";
    registered_group = "Nhóm sản phẩm đăng ký (Ngành, Nhóm, Phân nhóm)", "Product group registered (sector, group, subgroup)";
    attached_documents = "Tài liệu kèm theo", "Attached documents";
    attached_self_report = "Báo cáo đánh giá về sản phẩm theo Bộ tiêu chí (bản gốc, bản điện tử).", "The report on the product against the criteria (original and electronic copy).";
    registration_pledge = "Cam đoan những thông tin trong Phiếu đăng ký là đúng sự thật, chúng tôi xin cam kết tuân thủ các quy định về đánh giá, phân hạng sản phẩm OCOP, chịu trách nhiệm trước Hội đồng và pháp luật về Hồ sơ đăng ký đánh giá, phân hạng sản phẩm.", "We declare that the information in this registration is true, undertake to follow the rules on the evaluation and ranking of OCOP products, and answer to the Council and the law for the registration dossier.";
    representative_upper = "Đại diện", "Representative";
    sign_stamp_name = "(Ký, đóng dấu, ghi rõ họ tên)", "(Signature, seal and full name)";
    registration_footnote = "Theo Phụ lục I về Danh mục phân loại sản phẩm tham gia đánh giá, phân hạng sản phẩm OCOP.", "Per Annex I, the classification of products for OCOP evaluation and ranking.";
    office_part = "Phần dành cho cơ quan quản lý", "For the authorities";
    office_commune = "Dành cho Ủy ban nhân dân cấp xã", "For the commune People's Committee";
    office_province = "Dành cho cơ quan quản lý OCOP cấp tỉnh", "For the provincial OCOP office";
    receipt_number_label = "Phiếu số", "Receipt no.";
    received_on = "Ngày nhận", "Received on";
    received_by = "Người tiếp nhận", "Received by";
    signature = "Chữ ký", "Signature";
    receiving_office = "Cơ quan tiếp nhận", "Receiving office";
    sign_stamp_full_name = "(Ký, đóng dấu và ghi rõ họ tên)", "(Signature, seal and full name)";
    place_date(place, day, month, year) = "{place}, ngày {day} tháng {month} năm {year}", "{place}, {day}/{month}/{year}";
    blank_date = "........, ngày ..... tháng ..... năm ......", "........, date ...../...../..........";
    commune_committee_of(commune) = "Ủy ban nhân dân {commune}", "People's Committee of {commune}";
    report_heading = "Báo cáo", "Report";
    report_subtitle = "Đánh giá một số nội dung của hồ sơ đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP", "Assessment of some items of the dossier registered for OCOP evaluation and ranking";
    report_part_general = "Thông tin chung về hồ sơ sản phẩm", "General information on the product dossier";
    report_part_assessment = "Đánh giá một số nội dung của hồ sơ sản phẩm", "Assessment of some items of the product dossier";
    producer_name_label = "Tên chủ thể", "Producer";
    organisation_kind = "Loại hình tổ chức", "Kind of organisation";
    ethnicity = "Dân tộc", "Ethnicity";
    ethnic_minority_value = "Dân tộc thiểu số", "Ethnic minority";
    product_registered = "Sản phẩm đăng ký đánh giá", "Product registered for evaluation";
    report_proposal(commune, province, product, producer) = "Ủy ban nhân dân {commune} đề nghị Ủy ban nhân dân {province} đánh giá, phân hạng sản phẩm OCOP cho sản phẩm {product} của {producer}.", "The People's Committee of {commune} asks the People's Committee of {province} to evaluate and rank the OCOP product {product} of {producer}.";
    on_behalf_of_committee(commune) = "T.M Ủy ban nhân dân {commune}", "For the People's Committee of {commune}";
    sign_and_stamp = "(Ký tên và đóng dấu)", "(Signature and seal)";
    report_not_written = "Xã chưa viết báo cáo Mẫu 03: báo cáo có sau khi xã tiếp nhận hồ sơ.", "The commune has not written its form 03 report yet: it comes when the commune accepts the dossier.";
    work_dossiers_overdue = "Hồ sơ quá hạn xã xem xét", "Dossiers past the commune's deadline";
    work_dossiers_nearly_due = "Hồ sơ sắp đến hạn xã xem xét", "Dossiers nearly due for the commune's review";
    work_dossiers_hint = "Xã xem xét hồ sơ trong 15 ngày làm việc kể từ ngày nhận; sắp đến hạn: còn 3 ngày làm việc trở xuống.", "The commune reviews a dossier within 15 working days of receipt; nearly due: 3 working days or fewer left.";
    dossier_column_commune = "Xã", "Commune";
    dossier_list_empty = "Chưa có hồ sơ nào.", "No dossiers yet.";
    dossier_open = "Mở hồ sơ", "Open the dossier";
    dossier_demo_note = "Hồ sơ minh họa", "Demo dossier";
    dossier_choose_product = "Chọn sản phẩm đăng ký", "Choose the product to register";
    accepted_at_line(at) = "Xã tiếp nhận và lập báo cáo lúc {at}", "Accepted by the commune, report written {at}";
    doc_business_registration = "Giấy đăng ký kinh doanh", "Business registration";
    doc_production_certificate = "Giấy chứng nhận cơ sở đủ điều kiện sản xuất", "Production facility certificate";
    doc_raw_material_contract = "Nguồn gốc nguyên liệu, vùng nguyên liệu, liên kết chuỗi", "Raw-material origin, supply area, value-chain links";
    doc_environment_record = "Bảo vệ môi trường, sử dụng công nghệ theo hướng bền vững", "Environmental protection, sustainable technology";
    doc_social_insurance_list = "Danh sách lao động đóng bảo hiểm", "List of insured workers";
    doc_financial_report = "Báo cáo tài chính 2 năm gần nhất", "Financial statements of the last 2 years";
    doc_trademark_filing = "Sở hữu trí tuệ (nhãn hiệu, chỉ dẫn địa lý, …)", "Intellectual property (trademark, geographical indication, …)";
    doc_distribution_contract = "Hợp đồng, chứng từ phân phối, xúc tiến thương mại", "Distribution contracts and trade-promotion records";
    doc_promotion_material = "Tài liệu quảng bá sản phẩm", "Promotion material";
    doc_product_story = "Câu chuyện về sản phẩm", "The product's story";
    doc_quality_declaration = "Công bố chất lượng sản phẩm", "Quality declaration";
    doc_lab_report = "Phiếu kết quả kiểm nghiệm", "Laboratory test report";
    doc_barcode_traceability = "Mã số mã vạch, tem truy xuất nguồn gốc", "Barcode, traceability stamps";
    doc_qms_certificate = "Hệ thống quản lý chất lượng tiên tiến", "Advanced quality-management system";
    doc_award = "Giải thưởng, bình chọn", "Awards and distinctions";
    doc_photo = "Hình ảnh minh chứng", "Photographs";
    doc_change_evidence = "Minh chứng thay đổi so với sản phẩm đã công nhận", "Evidence of the changes since recognition";
    doc_update_report = "Cập nhật nội dung mới sau thời gian được công nhận", "Updates since recognition";
    doc_other = "Tài liệu khác", "Other document";
    // --- stamps, resolver and scans ---
    scan_title = "Kiểm tra tem OCOP", "OCOP stamp check";
    scan_genuine = "Tem chính hãng", "Genuine stamp";
    scan_code = "Mã tem", "Stamp code";
    scan_first = "Lần quét đầu tiên", "First scan of this stamp";
    scan_before(n, first) = "Đã quét {n} lần, lần đầu {first}", "Scanned {n} times before, first on {first}", "Scanned once before, on {first}";
    scan_many_warning = "Tem này đã được quét rất nhiều lần: có thể là tem sao chép. Hãy kiểm tra kỹ sản phẩm và báo cáo nếu nghi ngờ.", "This stamp has been scanned many times: it may be a copy. Check the product carefully and report it if in doubt.";
    scan_recalled = "LÔ SẢN PHẨM ĐÃ BỊ THU HỒI", "THIS LOT HAS BEEN RECALLED";
    scan_recall_reason = "Lý do", "Reason";
    scan_recalled_on = "Ngày thu hồi", "Recalled on";
    scan_do_not_use = "Không sử dụng sản phẩm này; hãy liên hệ nơi bán hoặc chủ thể sản xuất.", "Do not use this product; contact the seller or the producer.";
    scan_certificate = "Chứng nhận OCOP", "OCOP certification";
    scan_cert_stars(stars) = "Sản phẩm OCOP {stars} sao (theo hồ sơ đã ghi nhận)", "{stars}-star OCOP product (as recorded)";
    scan_cert_ref = "Số giấy chứng nhận", "Certificate no.";
    scan_cert_none = "Chưa có hạng sao OCOP được ghi nhận", "No OCOP star rating recorded";
    scan_not_listed = "Sản phẩm đã bị tạm dừng hoặc lưu trữ: chứng nhận OCOP không còn hiệu lực", "The product is suspended or archived: its OCOP recognition no longer applies";
    scan_demo_notice = "Dữ liệu minh họa, không phải hồ sơ thật", "Demo data, not a real record";
    scan_lot = "Lô sản phẩm", "Lot";
    scan_produced_on = "Ngày sản xuất", "Produced on";
    scan_expires_on = "Hạn sử dụng", "Best before";
    scan_expired = "Đã hết hạn", "Expired";
    scan_tests = "Kết quả kiểm nghiệm", "Lab tests";
    scan_story = "Câu chuyện sản phẩm", "The product's story";
    scan_product_code = "Mã sản phẩm", "Product code";
    scan_gs1_link = "Liên kết GS1 Digital Link", "GS1 Digital Link";
    scan_share_place = "Chia sẻ vị trí gần đúng", "Share my approximate place";
    scan_share_place_hint = "Bạn có thể chia sẻ vị trí gần đúng (làm tròn khoảng 10 km) để giúp phát hiện tem giả. Không bắt buộc.", "You may share your approximate place (rounded to about 10 km) to help detect copied stamps. Optional.";
    scan_report = "Báo cáo vấn đề", "Report a problem";
    scan_report_hint = "Gửi tới chủ thể sản xuất và cơ quan quản lý của tỉnh.", "Sent to the producer and the provincial authority.";
    scan_report_kind = "Loại vấn đề", "Kind of problem";
    scan_kind_counterfeit = "Nghi hàng giả", "Suspected counterfeit";
    scan_kind_quality = "Vấn đề chất lượng", "Quality problem";
    scan_report_phone = "Số điện thoại (không bắt buộc)", "Phone (optional)";
    scan_report_send = "Gửi báo cáo", "Send report";
    scan_report_thanks = "Đã nhận báo cáo", "Report received";
    scan_report_thanks_hint = "Cảm ơn bạn. Báo cáo đã được gửi tới chủ thể và cơ quan quản lý.", "Thank you. Your report has been sent to the producer and the authority.";
    scan_back_to_stamp = "Quay lại trang tem", "Back to the stamp";
    scan_not_found_title = "Không tìm thấy tem", "Stamp not found";
    scan_not_found_body = "Mã tem không đúng: có thể bị gõ sai, hoặc đây không phải tem do hệ thống OCOP phát hành. Hãy quét lại mã QR; nếu vẫn không được, sản phẩm có thể là hàng giả.", "This stamp code is not valid: it may be mistyped, or the stamp was not issued by the OCOP system. Scan the QR code again; if it still fails, the product may be counterfeit.";
    scan_too_many_title = "Quá nhiều yêu cầu", "Too many requests";
    scan_too_many_body = "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít phút.", "You have sent too many requests in a short time. Please try again in a few minutes.";
    scan_unavailable_title = "Chưa kiểm tra được tem", "The stamp cannot be checked yet";
    scan_unavailable_body = "Hệ thống vừa khởi động và đang nạp dữ liệu tem. Vui lòng quét lại sau ít giây; đây không phải dấu hiệu tem giả.", "The system has just started and is loading stamp data. Please scan again in a few seconds; this is not a sign of a fake stamp.";
    scans_dashboard = "Lượt quét tem", "Stamp scans";
    scans_dashboard_hint(days) = "Lượt quét tem các sản phẩm trong phạm vi của bạn, {days} ngày gần nhất.", "Scans of the stamps of the products in your scope, last {days} days.";
    scans_total(n) = "Tổng: {n} lượt quét", "Total: {n} scans", "Total: {n} scan";
    scans_per_product = "Theo sản phẩm", "By product";
    scans_per_province = "Theo tỉnh (nơi quét, nếu người dùng chia sẻ)", "By province (where scanned, when shared)";
    scans_per_day = "Theo ngày", "By day";
    scans_place_unknown = "Không chia sẻ vị trí", "Place not shared";
    scans_count = "Lượt quét", "Scans";
    scans_day = "Ngày", "Day";
    scans_alerts = "Cảnh báo", "Alerts";
    scans_reports = "Báo cáo của người tiêu dùng", "Consumer reports";
    scans_none = "Chưa có dữ liệu.", "Nothing yet.";
    scans_serial = "Số sê-ri", "Serial";
    scans_alert_kind = "Loại cảnh báo", "Alert";
    scans_alert_detail = "Chi tiết", "Detail";
    scans_alert_many = "Quét quá nhiều lần (có thể tem sao chép)", "Scanned too many times (possibly copied)";
    scans_alert_far = "Quét ở các nơi cách xa trong thời gian ngắn", "Scanned far apart within a short time";
    scans_alert_never = "Mã hợp lệ của dãy tem chưa phát hành (lộ khóa?)", "Valid code of a series never issued (key leak?)";
    scans_alert_expiry = "Quét sau hạn sử dụng của lô", "Scanned after the lot's expiry";
    scans_alert_handled(by, at) = "Đã xử lý — {by}, {at}", "Handled by {by}, {at}";
    scans_alert_handle = "Đánh dấu đã xử lý", "Mark handled";
    scans_alert_note = "Cách xử lý", "What was done";
    scans_report_kind = "Loại", "Kind";
    scans_report_message = "Nội dung", "Message";
    scans_dropped(n) = "Lượt quét bị bỏ qua do quá tải kể từ khi khởi động: {n}", "Scans dropped under load since start: {n}";
    stamps = "Tem điện tử", "Stamps";
    stamps_of_lot(number) = "Tem điện tử của lô {number}", "Stamps of lot {number}";
    stamp_lot_crumb(number) = "Lô {number}", "Lot {number}";
    stamps_explained = "Mỗi tem có một mã riêng in thành mã QR. Người mua quét mã để xem sản phẩm, lô và nguồn gốc; mã giả hoặc gõ sai bị từ chối. In tờ nhãn trên giấy A4 rồi cắt theo đường viền.", "Each stamp has its own code, printed as a QR code. Buyers scan it to see the product, the lot and its origin; a forged or mistyped code is refused. Print the label sheets on A4 paper and cut along the borders.";
    stamps_lot_recalled = "Lô này đã bị thu hồi: không phát hành thêm tem.", "This lot has been recalled: no more stamps are issued.";
    stamp_series = "Các đợt phát hành", "Issued series";
    no_stamp_series = "Lô này chưa có tem nào.", "No stamps issued for this lot yet.";
    series_number = "Đợt số", "Series";
    stamp_count = "Số tem", "Number of stamps";
    stamp_count_hint = "Từ 1 đến 1.000.000 tem mỗi đợt.", "From 1 to 1,000,000 stamps per series.";
    label_size = "Khổ nhãn", "Label size";
    label_width_mm = "Chiều rộng nhãn (mm)", "Label width (mm)";
    label_height_mm = "Chiều cao nhãn (mm)", "Label height (mm)";
    label_size_hint = "Mặc định 24 × 33 mm: mã QR 2,4 cm và ba dòng chữ. Rộng ít nhất 20 mm; cao hơn rộng ít nhất 9 mm.", "Default 24 × 33 mm: a 2.4 cm QR code and three lines of text. At least 20 mm wide, and at least 9 mm taller than wide.";
    labels_per_page(n) = "{n} nhãn/trang", "{n} labels per page", "{n} label per page";
    issued_at = "Phát hành", "Issued";
    downloads = "Tải về", "Downloads";
    label_sheets_pdf = "Tờ nhãn in (PDF)", "Label sheets (PDF)";
    label_sheets_part(part) = "Tờ nhãn in, phần {part} (PDF)", "Label sheets, part {part} (PDF)";
    codes_csv = "Danh sách mã (CSV) cho nhà in", "Code list (CSV) for the printer";
    first_stamp_svg = "Mã QR tem số 1 (SVG)", "QR code of stamp 1 (SVG)";
    signed_badge = "Có chữ ký số", "Digitally signed";
    issue_stamps = "Phát hành tem", "Issue stamps";
    series_issued(number) = "Đã phát hành đợt tem số {number}.", "Series {number} issued.";
    lot_stamps_link = "Tem điện tử của lô", "Stamps of this lot";
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

    /// The short name of a product's group, for cards (`taxonomy::SHORT_NAMES_V2026`).
    pub fn short_group_name(self, classification: &Classification) -> &'static str {
        match (classification.short_name(), self.0) {
            (Some((vi, _)), Lang::Vi) => vi,
            (Some((_, en)), Lang::En) => en,
            (None, _) => "",
        }
    }

    /// A product's classification: its sheet or its 2019 sector (named in the law's words).
    pub fn classification_name(self, classification: &Classification) -> String {
        match classification {
            Classification::V2026 { sheet } => match sheet_class(*sheet) {
                Some(class) => self.sheet_named(class.sheet, class.name),
                None => self.sheet_number(sheet),
            },
            Classification::V2019 { sector } => {
                let name = SECTORS_V2019
                    .iter()
                    .find(|(code, _, _)| code == sector)
                    .map_or(sector.as_str(), |(_, name, _)| name);
                self.sector_of_2019(name)
            }
        }
    }

    pub fn dossier_state(self, state: DossierState) -> &'static str {
        match state {
            DossierState::Draft => self.status_draft(),
            DossierState::Submitted => self.dossier_state_submitted(),
            DossierState::Returned => self.dossier_state_returned(),
            DossierState::Resubmitted => self.dossier_state_resubmitted(),
            DossierState::Accepted => self.dossier_state_accepted(),
            DossierState::Proposed => self.dossier_state_proposed(),
            DossierState::Withdrawn => self.dossier_state_withdrawn(),
        }
    }

    pub fn dossier_kind(self, kind: DossierKind) -> &'static str {
        match kind {
            DossierKind::FirstTime => self.dossier_kind_first_time(),
            DossierKind::Upgrade => self.dossier_kind_upgrade(),
            DossierKind::ReEvaluation => self.dossier_kind_re_evaluation(),
        }
    }

    pub fn due_state(self, due: DueState) -> &'static str {
        match due {
            DueState::OnTime => self.dossier_due_on_time(),
            DueState::NearlyDue => self.dossier_due_nearly_due(),
            DueState::Overdue => self.dossier_due_overdue(),
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

    pub fn gender_name(self, gender: Gender) -> &'static str {
        match gender {
            Gender::Female => self.gender_female(),
            Gender::Male => self.gender_male(),
        }
    }

    pub fn structure_name(self, structure: Structure) -> &'static str {
        match structure {
            Structure::ThreeTier => self.structure_three_tier(),
            Structure::TwoTier => self.structure_two_tier(),
        }
    }

    pub fn evaluation_kind(self, kind: EvaluationKind) -> &'static str {
        match kind {
            EvaluationKind::SelfAssessment => self.evaluation_self(),
            EvaluationKind::Official => self.evaluation_official(),
        }
    }

    /// Points with up to two decimals, as the language writes them: 75, 75,5, 75,33 in
    /// Vietnamese; 75, 75.5, 75.33 in English.
    pub fn decimal(self, value: impl Borrow<f64>) -> String {
        let text = format!("{:.2}", value.borrow());
        let text = text.trim_end_matches('0').trim_end_matches('.');
        match self.0 {
            Lang::Vi => text.replace('.', ","),
            Lang::En => text.to_owned(),
        }
    }

    /// The legal basis of a criteria set ("Quyết định 26/2026/QĐ-TTg").
    pub fn legal_basis(self, basis: &str) -> String {
        match basis.strip_prefix("Quyết định ") {
            Some(number) => self.decision(number),
            None => basis.to_owned(),
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

// --- cycle: labels of the cycle's domain values ---
impl Tr {
    pub fn workflow_name(self, version: WorkflowVersion) -> &'static str {
        match version {
            WorkflowVersion::V2023 => self.workflow_2023(),
            WorkflowVersion::V2025 => self.workflow_2025(),
            WorkflowVersion::V2026 => self.workflow_2026(),
        }
    }

    pub fn step_name(self, step: Step) -> &'static str {
        match step {
            Step::Promotion => self.step_promotion(),
            Step::Ideas => self.step_ideas(),
            Step::BusinessPlans => self.step_business_plans(),
            Step::Implementation => self.step_implementation(),
            Step::Evaluation => self.step_evaluation(),
            Step::TradePromotion => self.step_trade_promotion(),
        }
    }

    pub fn idea_state(self, state: IdeaState) -> &'static str {
        match state {
            IdeaState::Filed => self.idea_filed(),
            IdeaState::Screened => self.idea_screened(),
            IdeaState::Selected => self.idea_selected(),
            IdeaState::Declined => self.idea_declined(),
            IdeaState::Withdrawn => self.dossier_state_withdrawn(),
        }
    }

    pub fn idea_action(self, action: IdeaAction) -> &'static str {
        match action {
            IdeaAction::Screen => self.action_screen(),
            IdeaAction::Decline => self.action_decline(),
            IdeaAction::Select => self.action_select(),
            IdeaAction::Withdraw => self.action_withdraw(),
        }
    }

    pub fn help_kind(self, kind: HelpKind) -> &'static str {
        match kind {
            HelpKind::Consulting => self.help_consulting(),
            HelpKind::Training => self.help_training(),
            HelpKind::Design => self.help_design(),
            HelpKind::Standards => self.help_standards(),
            HelpKind::TradePromotion => self.help_trade_promotion(),
            HelpKind::Finance => self.help_finance(),
            HelpKind::Other => self.help_other(),
        }
    }

    pub fn plan_state(self, state: PlanState) -> &'static str {
        match state {
            PlanState::Draft => self.plan_draft(),
            PlanState::Submitted => self.plan_submitted(),
            PlanState::Returned => self.plan_returned(),
            PlanState::Approved => self.plan_approved(),
        }
    }

    pub fn plan_action(self, action: PlanAction) -> &'static str {
        match action {
            PlanAction::Submit => self.action_submit(),
            PlanAction::Return => self.action_return(),
            PlanAction::Approve => self.action_approve(),
            PlanAction::Edit => self.edit(),
            PlanAction::RecordSupport => self.record_support(),
        }
    }

    pub fn support_kind(self, kind: SupportKind) -> &'static str {
        match kind {
            SupportKind::Consulting => self.support_consulting(),
            SupportKind::Training => self.support_training(),
            SupportKind::Design => self.support_design(),
            SupportKind::Standards => self.support_standards(),
            SupportKind::TradePromotion => self.support_trade_promotion(),
            SupportKind::Other => self.support_other(),
        }
    }

    pub fn funding_source(self, source: FundingSource) -> &'static str {
        match source {
            FundingSource::CentralBudget => self.funding_central(),
            FundingSource::ProvincialBudget => self.funding_provincial(),
            FundingSource::CommuneBudget => self.funding_commune(),
            FundingSource::CommunityFunds => self.funding_community(),
            FundingSource::Other => self.funding_other(),
        }
    }
}

/// The language chosen by the `lang` cookie (Vietnamese by default).
impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(crate::auth::cookie(&parts.headers, LANG_COOKIE)
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

    #[test]
    fn decimals_drop_trailing_zeros_and_use_the_languages_mark() {
        let (vi, en) = (Lang::Vi.tr(), Lang::En.tr());
        assert_eq!(vi.decimal(75.0), "75");
        assert_eq!(vi.decimal(75.5), "75,5");
        assert_eq!(vi.decimal(75.333), "75,33");
        assert_eq!(vi.decimal(0.0), "0");
        assert_eq!(en.decimal(75.5), "75.5");
    }

    #[test]
    fn english_counts_agree_with_their_number() {
        let (vi, en) = (Lang::Vi.tr(), Lang::En.tr());
        assert_eq!(en.n_points(1), "1 point");
        assert_eq!(en.n_points(3u8), "3 points");
        assert_eq!(vi.n_points(1), "1 điểm");
        assert_eq!(en.download_errors(1), "Download the 1 error (Excel)");
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
        for kind in [EvaluationKind::SelfAssessment, EvaluationKind::Official] {
            assert_eq!(vi.evaluation_kind(kind), kind.label());
        }
        let basis = "Quyết định 26/2026/QĐ-TTg";
        assert_eq!(vi.legal_basis(basis), basis);
        assert_eq!(Lang::En.tr().legal_basis(basis), "Decision 26/2026/QĐ-TTg");
        for gender in [Gender::Female, Gender::Male] {
            assert_eq!(vi.gender_name(gender), gender.label());
        }
        for structure in Structure::ALL {
            assert_eq!(vi.structure_name(structure), structure.label());
        }
        let sheets = (0..=27).map(|sheet| Classification::V2026 { sheet });
        let sectors = SECTORS_V2019
            .iter()
            .map(|(code, _, _)| (*code).to_owned())
            .chain(["unknown".to_owned()])
            .map(|sector| Classification::V2019 { sector });
        for classification in sheets.chain(sectors) {
            assert_eq!(
                vi.classification_name(&classification),
                classification.label()
            );
        }
        assert_eq!(Lang::En.tr().category_name("craft"), "Handicrafts");
    }

    /// Every template, as (file, text people see): template tags, comments and form values
    /// left out.
    fn visible_template_text() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, found: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "html") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    found.push((path.display().to_string(), visible(&text)));
                }
            }
        }
        fn visible(template: &str) -> String {
            let mut out = String::new();
            let mut rest = template;
            while let Some((i, open)) = ["{{", "{%", "{#", "value=\""]
                .iter()
                .filter_map(|open| rest.find(open).map(|i| (i, *open)))
                .min()
            {
                out.push_str(&rest[..i]);
                let close = match open {
                    "{{" => "}}",
                    "{%" => "%}",
                    "{#" => "#}",
                    _ => "\"",
                };
                let after = &rest[i + open.len()..];
                rest = after.find(close).map_or("", |j| &after[j + close.len()..]);
            }
            out.push_str(rest);
            out
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Vec::new();
        walk(&root.join("templates"), &mut found);
        walk(&root.join("src/routes"), &mut found);
        assert!(found.len() > 25, "every template is read");
        found
    }

    /// Interface text lives in the table: no template writes Vietnamese itself.
    #[test]
    fn templates_hold_no_text_of_their_own() {
        for (file, text) in visible_template_text() {
            let own: String = text
                .chars()
                .filter(|c| c.is_alphabetic() && !c.is_ascii())
                .collect();
            assert!(own.is_empty(), "{file}: text outside the table ({own})");
        }
    }

    /// Words of developers, not of the people using the pages.
    fn developer_words(text: &str) -> Vec<&'static str> {
        let word = |w: &str| {
            text.match_indices(w).any(|(i, _)| {
                let before = text[..i].chars().next_back();
                let after = text[i + w.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        };
        let digits = |cs: &[char]| cs.iter().all(char::is_ascii_digit);
        let chars: Vec<char> = text.chars().collect();
        let mut found = Vec::new();
        if word("README") {
            found.push("README");
        }
        if word("API") {
            found.push("API");
        }
        let lower = text.to_lowercase();
        if lower.contains("mã băm") || lower.contains("hash") {
            found.push("hash");
        }
        if chars
            .windows(5)
            .any(|w| w[..3] == ['V', '2', '0'] && digits(&w[3..]))
        {
            found.push("a version code such as V2026");
        }
        if chars.windows(10).any(|w| {
            digits(&w[..4]) && w[4] == '-' && digits(&w[5..7]) && w[7] == '-' && digits(&w[8..])
        }) {
            found.push("an ISO date");
        }
        found
    }

    #[test]
    fn pages_speak_no_developer_words() {
        for (file, text) in visible_template_text() {
            assert_eq!(developer_words(&text), Vec::<&str>::new(), "{file}");
        }
        for (key, vi, en) in ALL {
            // The link to the API documentation, shown to signed-in officials only.
            if *key == "api_docs" {
                continue;
            }
            for text in [vi, en] {
                assert_eq!(developer_words(text), Vec::<&str>::new(), "{key}: {text}");
            }
        }
        assert_eq!(
            developer_words("Xem README, API V2026 từ 2026-05-22 (mã băm)"),
            [
                "README",
                "API",
                "hash",
                "a version code such as V2026",
                "an ISO date"
            ]
        );
        assert!(developer_words("RAPID V20 Quyết định 26/2026/QĐ-TTg 22/05/2026").is_empty());
    }
}
