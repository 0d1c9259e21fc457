//! Phiếu đăng ký ý tưởng sản phẩm: an idea registration, the second step of the cycle. A
//! producer files it to its commune (biểu 01 for a new product, biểu 02 for an existing one
//! in the 2019 practice); a commune officer may file one for a would-be producer who has no
//! account. The commune screens it and forwards it to the province, or declines it; the
//! province selects or declines it; the producer may withdraw it while it is filed.
//!
//! [`TRANSITIONS`] is the one table of who moves an idea from which state to which.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::Role;
use crate::input::{InputField, InputFields, Shape};
use crate::validation::{FieldErrors, invalid, optional_text, required_text};

/// Trạng thái phiếu ý tưởng.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum IdeaState {
    /// Đã nộp: with the commune.
    Filed,
    /// Đã sơ tuyển: the commune forwarded it to the province.
    Screened,
    /// Được chọn: the province selected it; a business plan may follow.
    Selected,
    /// Không được chọn: declined by the commune or the province, with a reason.
    Declined,
    /// Đã rút: withdrawn by its producer.
    Withdrawn,
}

impl IdeaState {
    pub const ALL: [IdeaState; 5] = [
        IdeaState::Filed,
        IdeaState::Screened,
        IdeaState::Selected,
        IdeaState::Declined,
        IdeaState::Withdrawn,
    ];

    pub fn key(self) -> &'static str {
        match self {
            IdeaState::Filed => "filed",
            IdeaState::Screened => "screened",
            IdeaState::Selected => "selected",
            IdeaState::Declined => "declined",
            IdeaState::Withdrawn => "withdrawn",
        }
    }

    pub fn from_key(key: &str) -> Option<IdeaState> {
        IdeaState::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            IdeaState::Filed => "Đã nộp, chờ xã sơ tuyển",
            IdeaState::Screened => "Xã đã sơ tuyển, chờ tỉnh xét chọn",
            IdeaState::Selected => "Được chọn",
            IdeaState::Declined => "Không được chọn",
            IdeaState::Withdrawn => "Đã rút",
        }
    }
}

/// What is done to a filed idea.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdeaAction {
    /// Sơ tuyển: the commune forwards it to the province, with a note.
    Screen,
    /// Không chọn: the commune at screening, or the province, with a reason.
    Decline,
    /// Chọn: the province selects it.
    Select,
    /// Rút: its producer withdraws it.
    Withdraw,
}

impl IdeaAction {
    pub const ALL: [IdeaAction; 4] = [
        IdeaAction::Screen,
        IdeaAction::Decline,
        IdeaAction::Select,
        IdeaAction::Withdraw,
    ];

    pub fn key(self) -> &'static str {
        match self {
            IdeaAction::Screen => "screen",
            IdeaAction::Decline => "decline",
            IdeaAction::Select => "select",
            IdeaAction::Withdraw => "withdraw",
        }
    }

    pub fn from_key(key: &str) -> Option<IdeaAction> {
        IdeaAction::ALL.into_iter().find(|a| a.key() == key)
    }

    /// Whether the action needs a text: a reason to decline; screening takes an optional note.
    pub fn reason_required(self) -> bool {
        self == IdeaAction::Decline
    }
}

/// Who moves an idea from which state, and where to: (from, action, role, to). The rules'
/// unit scope (own producer, own commune, own province) is asked apart, by
/// [`crate::access::authorize_idea_action`].
pub const TRANSITIONS: [(IdeaState, IdeaAction, Role, IdeaState); 5] = [
    (
        IdeaState::Filed,
        IdeaAction::Screen,
        Role::Commune,
        IdeaState::Screened,
    ),
    (
        IdeaState::Filed,
        IdeaAction::Decline,
        Role::Commune,
        IdeaState::Declined,
    ),
    (
        IdeaState::Screened,
        IdeaAction::Decline,
        Role::Provincial,
        IdeaState::Declined,
    ),
    (
        IdeaState::Screened,
        IdeaAction::Select,
        Role::Provincial,
        IdeaState::Selected,
    ),
    (
        IdeaState::Filed,
        IdeaAction::Withdraw,
        Role::Producer,
        IdeaState::Withdrawn,
    ),
];

/// Why a transition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdeaRefusal {
    /// The role never does this action.
    #[error("Vai trò này không thực hiện thao tác này với phiếu ý tưởng")]
    Role,
    /// The role does it, but not from the idea's state.
    #[error("{0}")]
    State(String),
}

/// Whether `role` ever does `action` (the system, with no role, does what any role does).
pub fn role_acts(role: Role, action: IdeaAction) -> bool {
    TRANSITIONS
        .iter()
        .any(|(_, a, r, _)| *a == action && *r == role)
}

/// The state an idea moves to when `role` does `action` in `state`.
pub fn transition(
    state: IdeaState,
    action: IdeaAction,
    role: Option<Role>,
) -> Result<IdeaState, IdeaRefusal> {
    let rows = TRANSITIONS
        .iter()
        .filter(|(_, a, r, _)| *a == action && role.is_none_or(|role| *r == role));
    let mut any = false;
    for (from, _, _, to) in rows {
        any = true;
        if *from == state {
            return Ok(*to);
        }
    }
    if !any {
        return Err(IdeaRefusal::Role);
    }
    Err(IdeaRefusal::State(state_reason(state, action)))
}

fn state_reason(state: IdeaState, action: IdeaAction) -> String {
    let doing = match action {
        IdeaAction::Screen => "sơ tuyển",
        IdeaAction::Decline => "không chọn",
        IdeaAction::Select => "chọn",
        IdeaAction::Withdraw => "rút",
    };
    let why = match state {
        IdeaState::Filed => "phiếu chưa được xã sơ tuyển",
        IdeaState::Screened => "phiếu đã được xã chuyển lên tỉnh",
        IdeaState::Selected => "phiếu đã được chọn",
        IdeaState::Declined => "phiếu đã bị từ chối",
        IdeaState::Withdrawn => "phiếu đã được rút",
    };
    format!("Không thể {doing} phiếu ý tưởng: {why}")
}

/// Sản phẩm mới hay sản phẩm đã có (biểu 01 / biểu 02).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProductKind {
    New,
    Existing,
}

impl ProductKind {
    pub fn key(self) -> &'static str {
        match self {
            ProductKind::New => "new",
            ProductKind::Existing => "existing",
        }
    }

    pub fn from_key(key: &str) -> Option<ProductKind> {
        [ProductKind::New, ProductKind::Existing]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

/// Nhu cầu hỗ trợ: the help an idea asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum HelpKind {
    /// Tư vấn.
    Consulting,
    /// Đào tạo, tập huấn.
    Training,
    /// Thiết kế, bao bì.
    Design,
    /// Tiêu chuẩn, chứng nhận.
    Standards,
    /// Xúc tiến thương mại.
    TradePromotion,
    /// Tài chính, tín dụng.
    Finance,
    /// Khác (see the text).
    Other,
}

impl HelpKind {
    pub const ALL: [HelpKind; 7] = [
        HelpKind::Consulting,
        HelpKind::Training,
        HelpKind::Design,
        HelpKind::Standards,
        HelpKind::TradePromotion,
        HelpKind::Finance,
        HelpKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            HelpKind::Consulting => "consulting",
            HelpKind::Training => "training",
            HelpKind::Design => "design",
            HelpKind::Standards => "standards",
            HelpKind::TradePromotion => "trade_promotion",
            HelpKind::Finance => "finance",
            HelpKind::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<HelpKind> {
        HelpKind::ALL.into_iter().find(|h| h.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            HelpKind::Consulting => "Tư vấn",
            HelpKind::Training => "Đào tạo, tập huấn",
            HelpKind::Design => "Thiết kế, bao bì",
            HelpKind::Standards => "Tiêu chuẩn, chứng nhận",
            HelpKind::TradePromotion => "Xúc tiến thương mại",
            HelpKind::Finance => "Tài chính, tín dụng",
            HelpKind::Other => "Khác",
        }
    }
}

/// Stored order of a list of help kinds: `consulting,design`.
pub fn help_keys(help: &[HelpKind]) -> String {
    help.iter().map(|h| h.key()).collect::<Vec<_>>().join(",")
}

/// Longest product name, raw-material or market text, applicant name, other help, note.
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 2000;
pub const MAX_PHONE_CHARS: usize = 20;
pub const MAX_REASON_CHARS: usize = 2000;
/// The `help` field: keys separated by commas.
pub const HELP_PATTERN: &str = "^((consulting|training|design|standards|trade_promotion|finance|other)(,(consulting|training|design|standards|trade_promotion|finance|other)){0,6})?$";
const HELP_MAX_CHARS: usize = 90;

/// An idea's data as filed, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaData {
    pub year: i32,
    pub product_kind: ProductKind,
    /// For an existing product: which of the producer's products.
    pub product_id: Option<Uuid>,
    /// A would-be producer with no account: the name and phone number given.
    pub applicant_name: Option<String>,
    pub applicant_phone: Option<String>,
    pub product_name: String,
    pub raw_materials: String,
    pub market: String,
    pub help: Vec<HelpKind>,
    pub help_other: Option<String>,
}

/// What a form or the API submits to file an idea.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdeaInput {
    /// The producer filing (officials filing for a producer of their commune); empty for a
    /// producer account (its own) or a would-be producer.
    pub producer_id: String,
    /// The cycle's year (default: this year).
    pub year: String,
    /// `new` (default) or `existing`.
    pub product_kind: String,
    pub product_id: String,
    pub applicant_name: String,
    pub applicant_phone: String,
    pub product_name: String,
    pub raw_materials: String,
    pub market: String,
    /// Keys separated by commas.
    pub help: String,
    pub help_other: String,
}

impl IdeaInput {
    /// Every field checked; `default_year` is this year. `has_producer`: filed for a producer
    /// (its account, or named); else a would-be producer's name and phone are required.
    pub fn parse(&self, default_year: i32, has_producer: bool) -> Result<IdeaData, FieldErrors> {
        let mut errors = FieldErrors::default();
        let year = match self.year.trim() {
            "" => Some(default_year),
            raw => errors.take("year", crate::cycle::parse_year(raw)),
        };
        let product_kind = match self.product_kind.trim() {
            "" => Some(ProductKind::New),
            raw => {
                let kind = ProductKind::from_key(raw);
                if kind.is_none() {
                    errors.add(
                        "product_kind",
                        "invalid_choice",
                        format!("Loại sản phẩm \"{raw}\" không hợp lệ; dùng new hoặc existing"),
                    );
                }
                kind
            }
        };
        let product_id = match self.product_id.trim() {
            "" => None,
            raw => match Uuid::parse_str(raw) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add(
                        "product_id",
                        "invalid_id",
                        format!("Mã sản phẩm \"{raw}\" không hợp lệ"),
                    );
                    None
                }
            },
        };
        match (product_kind, product_id) {
            (Some(ProductKind::Existing), None) if self.product_id.trim().is_empty() => errors.add(
                "product_id",
                "required",
                "Sản phẩm đã có: chọn sản phẩm của chủ thể",
            ),
            (Some(ProductKind::New), Some(_)) => errors.add(
                "product_id",
                "not_for_new",
                "Sản phẩm mới không gắn với sản phẩm đã có",
            ),
            _ => {}
        }
        let applicant_name = errors
            .take(
                "applicant_name",
                optional_text(&self.applicant_name, "Tên người đăng ký", MAX_NAME_CHARS),
            )
            .flatten();
        let applicant_phone = errors
            .take("applicant_phone", optional_phone(&self.applicant_phone))
            .flatten();
        if !has_producer {
            if applicant_name.is_none() && errors.get("applicant_name").is_none() {
                errors.add(
                    "applicant_name",
                    "required",
                    "Người chưa có tài khoản chủ thể: cần tên người đăng ký",
                );
            }
            if applicant_phone.is_none() && errors.get("applicant_phone").is_none() {
                errors.add(
                    "applicant_phone",
                    "required",
                    "Người chưa có tài khoản chủ thể: cần số điện thoại",
                );
            }
            if product_kind == Some(ProductKind::Existing) {
                errors.add(
                    "product_kind",
                    "no_producer",
                    "Sản phẩm đã có chỉ đăng ký được cho chủ thể có tài khoản",
                );
            }
        }
        let product_name = errors.take(
            "product_name",
            required_text(&self.product_name, "Tên sản phẩm", MAX_NAME_CHARS),
        );
        let raw_materials = errors.take(
            "raw_materials",
            required_text(&self.raw_materials, "Nguyên liệu", MAX_TEXT_CHARS),
        );
        let market = errors.take(
            "market",
            required_text(&self.market, "Thị trường", MAX_TEXT_CHARS),
        );
        let help = errors.take("help", parse_help(&self.help));
        let help_other = errors
            .take(
                "help_other",
                optional_text(&self.help_other, "Hỗ trợ khác", MAX_TEXT_CHARS),
            )
            .flatten();
        if let Some(help) = &help
            && help.contains(&HelpKind::Other)
            && help_other.is_none()
        {
            errors.add(
                "help_other",
                "required",
                "Đã chọn \"Khác\": ghi rõ hỗ trợ cần",
            );
        }
        match (
            year,
            product_kind,
            product_name,
            raw_materials,
            market,
            help,
        ) {
            (
                Some(year),
                Some(product_kind),
                Some(product_name),
                Some(raw_materials),
                Some(market),
                Some(help),
            ) if errors.is_empty() => Ok(IdeaData {
                year,
                product_kind,
                product_id,
                applicant_name: if has_producer { None } else { applicant_name },
                applicant_phone: if has_producer { None } else { applicant_phone },
                product_name,
                raw_materials,
                market,
                help,
                help_other,
            }),
            _ => Err(errors),
        }
    }
}

fn optional_phone(raw: &str) -> Result<Option<String>, crate::validation::FieldError> {
    let v = optional_text(raw, "Số điện thoại", MAX_PHONE_CHARS)?;
    match v {
        Some(phone)
            if !phone
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '.' | '-'))
                || phone.chars().filter(char::is_ascii_digit).count() < 8 =>
        {
            Err(invalid(
                "invalid_phone",
                format!("Số điện thoại \"{phone}\" không hợp lệ"),
            ))
        }
        other => Ok(other),
    }
}

/// The help kinds of a comma list (each once, in the list's order of [`HelpKind::ALL`]).
pub fn parse_help(raw: &str) -> Result<Vec<HelpKind>, crate::validation::FieldError> {
    if raw.len() > HELP_MAX_CHARS * 2 {
        return Err(invalid("too_long", "Danh sách hỗ trợ quá dài"));
    }
    let mut found = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match HelpKind::from_key(part) {
            Some(kind) => found.push(kind),
            None => {
                return Err(invalid(
                    "invalid_choice",
                    format!("Loại hỗ trợ \"{part}\" không hợp lệ"),
                ));
            }
        }
    }
    Ok(HelpKind::ALL
        .into_iter()
        .filter(|kind| found.contains(kind))
        .collect())
}

impl InputFields for IdeaInput {
    fn fields() -> Vec<InputField> {
        let field = |name, required, shape, description| InputField {
            name,
            required,
            shape,
            description,
        };
        let text = |max_chars| Shape::Text { max_chars };
        vec![
            field(
                "producer_id",
                false,
                Shape::Code {
                    pattern: crate::input::UUID_PATTERN,
                    max_chars: 36,
                    format: Some("uuid"),
                },
                "Chủ thể đăng ký (cán bộ xã đăng ký thay); để trống với tài khoản chủ thể hoặc người chưa có tài khoản",
            ),
            field(
                "year",
                false,
                Shape::Integer {
                    min: crate::cycle::MIN_YEAR as u32,
                    max: crate::cycle::MAX_YEAR as u32,
                },
                "Năm của chu trình (mặc định: năm nay); tỉnh phải đã mở chu trình năm đó",
            ),
            field(
                "product_kind",
                false,
                Shape::Choice(&["new", "existing"]),
                "`new` (biểu 01, default) or `existing` (biểu 02)",
            ),
            field(
                "product_id",
                false,
                Shape::Code {
                    pattern: crate::input::UUID_PATTERN,
                    max_chars: 36,
                    format: Some("uuid"),
                },
                "Sản phẩm đã có của chủ thể (bắt buộc khi `existing`)",
            ),
            field(
                "applicant_name",
                false,
                text(MAX_NAME_CHARS),
                "Tên người đăng ký chưa có tài khoản chủ thể",
            ),
            field(
                "applicant_phone",
                false,
                text(MAX_PHONE_CHARS),
                "Số điện thoại người đăng ký chưa có tài khoản chủ thể",
            ),
            field("product_name", true, text(MAX_NAME_CHARS), "Tên sản phẩm"),
            field("raw_materials", true, text(MAX_TEXT_CHARS), "Nguyên liệu"),
            field("market", true, text(MAX_TEXT_CHARS), "Thị trường"),
            field(
                "help",
                false,
                Shape::Code {
                    pattern: HELP_PATTERN,
                    max_chars: HELP_MAX_CHARS,
                    format: Some("help-list"),
                },
                "Hỗ trợ cần, các mã cách nhau bởi dấu phẩy: consulting, training, design, standards, trade_promotion, finance, other",
            ),
            field(
                "help_other",
                false,
                text(MAX_TEXT_CHARS),
                "Hỗ trợ khác (bắt buộc khi chọn `other`)",
            ),
        ]
    }
}

/// The text of a decision on an idea: the screening note, or the reason to decline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    /// Ý kiến (screening) or lý do (declining; required).
    pub reason: String,
}

impl DecisionInput {
    pub fn parse(&self, action: IdeaAction) -> Result<Option<String>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let text = if action.reason_required() {
            errors
                .take(
                    "reason",
                    required_text(&self.reason, "Lý do", MAX_REASON_CHARS),
                )
                .map(Some)
        } else {
            errors.take(
                "reason",
                optional_text(&self.reason, "Ý kiến", MAX_REASON_CHARS),
            )
        };
        errors.into_result(text.flatten())
    }
}

impl InputFields for DecisionInput {
    fn fields() -> Vec<InputField> {
        vec![InputField {
            name: "reason",
            required: false,
            shape: Shape::Text {
                max_chars: MAX_REASON_CHARS,
            },
            description: "Ý kiến khi sơ tuyển; lý do khi không chọn (bắt buộc)",
        }]
    }
}

#[cfg(feature = "openapi")]
crate::input_schemas!(IdeaInput: "Phiếu đăng ký ý tưởng sản phẩm: checked together, each error naming its field");

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for DecisionInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::input::schema::object(
            "Ý kiến sơ tuyển, hoặc lý do không chọn",
            &DecisionInput::fields(),
        )
        .into()
    }
}

/// Named apart from the change request's decision (`revision`), which is also a
/// `DecisionInput`: one name in the document would give the idea's actions the other body.
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for DecisionInput {
    fn name() -> std::borrow::Cow<'static, str> {
        "IdeaDecisionInput".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every state × action × role: the one allowed move, or why not (the role never does
    /// it: 403; not from this state: 409).
    #[test]
    fn transitions_over_every_state_action_and_role() {
        use IdeaAction::*;
        use IdeaState::*;
        let allowed = |state, action, role| -> Option<IdeaState> {
            match (state, action, role) {
                (Filed, Screen, Role::Commune) => Some(Screened),
                (Filed, Decline, Role::Commune) => Some(Declined),
                (Screened, Decline, Role::Provincial) => Some(Declined),
                (Screened, Select, Role::Provincial) => Some(Selected),
                (Filed, Withdraw, Role::Producer) => Some(Withdrawn),
                _ => None,
            }
        };
        let acts = |action, role| match action {
            Screen => role == Role::Commune,
            Decline => matches!(role, Role::Commune | Role::Provincial),
            Select => role == Role::Provincial,
            Withdraw => role == Role::Producer,
        };
        let mut checked = 0;
        for state in IdeaState::ALL {
            for action in IdeaAction::ALL {
                for role in Role::ALL {
                    let got = transition(state, action, Some(role));
                    match allowed(state, action, role) {
                        Some(to) => assert_eq!(got, Ok(to), "{state:?} {action:?} {role:?}"),
                        None if acts(action, role) => assert!(
                            matches!(got, Err(IdeaRefusal::State(_))),
                            "{state:?} {action:?} {role:?}: {got:?}"
                        ),
                        None => {
                            assert_eq!(got, Err(IdeaRefusal::Role), "{state:?} {action:?} {role:?}")
                        }
                    }
                    assert_eq!(role_acts(role, action), acts(action, role));
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 5 * 4 * 5);
        // The system (no role) may make any move of the table, from its state only.
        assert_eq!(transition(Screened, Select, None), Ok(Selected));
        assert!(matches!(
            transition(Selected, Select, None),
            Err(IdeaRefusal::State(_))
        ));
    }

    fn input() -> IdeaInput {
        IdeaInput {
            product_name: "Miến dong sợi nhỏ".into(),
            raw_materials: "Củ dong riềng Bình Liêu".into(),
            market: "Siêu thị trong tỉnh".into(),
            help: "design, consulting".into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_idea_names_each_bad_field() {
        let data = input().parse(2026, true).unwrap();
        assert_eq!(data.year, 2026);
        assert_eq!(data.help, [HelpKind::Consulting, HelpKind::Design]);
        let bad = IdeaInput {
            product_kind: "existing".into(),
            help: "design,cooking,other".into(),
            product_name: " ".into(),
            ..input()
        };
        let errors = bad.parse(2026, false).unwrap_err();
        for field in [
            "product_id",
            "help",
            "product_name",
            "applicant_name",
            "applicant_phone",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors}");
        }
        let other = IdeaInput {
            help: "other".into(),
            ..input()
        };
        assert_eq!(
            other
                .parse(2026, true)
                .unwrap_err()
                .get("help_other")
                .unwrap()
                .code,
            "required"
        );
        let would_be = IdeaInput {
            applicant_name: "Hoàng Văn Sáng".into(),
            applicant_phone: "0912 345 678".into(),
            ..input()
        };
        assert_eq!(
            would_be
                .parse(2026, false)
                .unwrap()
                .applicant_phone
                .as_deref(),
            Some("0912 345 678")
        );
        let bad_phone = IdeaInput {
            applicant_phone: "gọi tôi".into(),
            ..would_be
        };
        assert!(
            bad_phone
                .parse(2026, false)
                .unwrap_err()
                .get("applicant_phone")
                .is_some()
        );
    }

    #[test]
    fn declining_needs_a_reason() {
        let blank = DecisionInput::default();
        assert!(blank.parse(IdeaAction::Decline).is_err());
        assert_eq!(blank.parse(IdeaAction::Screen), Ok(None));
    }
}
