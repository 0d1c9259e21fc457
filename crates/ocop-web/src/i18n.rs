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
    role_council_member = "Thành viên hội đồng", "Council member";
    evaluation_self = "Chủ thể tự đánh giá", "Producer's self-assessment";
    evaluation_official = "Cán bộ / hội đồng đánh giá", "Evaluation by officers / council";
    // --- Stamp resolver, scans and consumer reports ---
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
    scan_kind_other = "Khác", "Other";
    scan_report_phone = "Số điện thoại (không bắt buộc)", "Phone (optional)";
    scan_report_send = "Gửi báo cáo", "Send report";
    scan_report_thanks = "Đã nhận báo cáo", "Report received";
    scan_report_thanks_hint = "Cảm ơn bạn. Báo cáo đã được gửi tới chủ thể và cơ quan quản lý.", "Thank you. Your report has been sent to the producer and the authority.";
    scan_back_to_stamp = "Quay lại trang tem", "Back to the stamp";
    scan_not_found_title = "Không tìm thấy tem", "Stamp not found";
    scan_not_found_body = "Mã tem không đúng: có thể bị gõ sai, hoặc đây không phải tem do hệ thống OCOP phát hành. Hãy quét lại mã QR; nếu vẫn không được, sản phẩm có thể là hàng giả.", "This stamp code is not valid: it may be mistyped, or the stamp was not issued by the OCOP system. Scan the QR code again; if it still fails, the product may be counterfeit.";
    scan_too_many_title = "Quá nhiều yêu cầu", "Too many requests";
    scan_too_many_body = "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít phút.", "You have sent too many requests in a short time. Please try again in a few minutes.";
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
    scans_report_kind = "Loại", "Kind";
    scans_report_message = "Nội dung", "Message";
    scans_dropped(n) = "Lượt quét bị bỏ qua do quá tải kể từ khi khởi động: {n}", "Scans dropped under load since start: {n}";
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
    raw_materials = "Nguồn nguyên liệu", "Raw materials";
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
    biz_step = "Bước", "Step";
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
    // --- stamps ---
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
