//! Phương án / dự án sản xuất kinh doanh: the business plan of a selected idea, the third
//! step of the cycle. Its producer drafts and submits it; commune and provincial officials
//! comment on it; the province approves it or returns it for revision. Once approved, the
//! support the producer receives while implementing it (hỗ trợ trong triển khai: consulting,
//! training, design, standards, trade promotion) is recorded with its cost and funding
//! source.
//!
//! [`TRANSITIONS`] is the one table of who moves a plan from which state to which.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::access::Role;
use crate::input::{InputField, InputFields, Shape};
use crate::validation::{FieldErrors, invalid, required_text};

/// Trạng thái phương án.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PlanState {
    /// Bản nháp: its producer is writing it.
    Draft,
    /// Đã nộp: with the province.
    Submitted,
    /// Trả lại để chỉnh sửa, with a reason.
    Returned,
    /// Đã phê duyệt: support may be recorded.
    Approved,
}

impl PlanState {
    pub const ALL: [PlanState; 4] = [
        PlanState::Draft,
        PlanState::Submitted,
        PlanState::Returned,
        PlanState::Approved,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PlanState::Draft => "draft",
            PlanState::Submitted => "submitted",
            PlanState::Returned => "returned",
            PlanState::Approved => "approved",
        }
    }

    pub fn from_key(key: &str) -> Option<PlanState> {
        PlanState::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            PlanState::Draft => "Bản nháp",
            PlanState::Submitted => "Đã nộp, chờ tỉnh phê duyệt",
            PlanState::Returned => "Trả lại để chỉnh sửa",
            PlanState::Approved => "Đã phê duyệt",
        }
    }
}

/// What is done to a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    /// Sửa: change its text (a draft, or a returned plan).
    Edit,
    /// Nộp (or nộp lại after a return).
    Submit,
    /// Trả lại để chỉnh sửa, with a reason.
    Return,
    /// Phê duyệt.
    Approve,
    /// Ghi nhận hỗ trợ: record support received (an approved plan).
    RecordSupport,
}

impl PlanAction {
    pub const ALL: [PlanAction; 5] = [
        PlanAction::Edit,
        PlanAction::Submit,
        PlanAction::Return,
        PlanAction::Approve,
        PlanAction::RecordSupport,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PlanAction::Edit => "edit",
            PlanAction::Submit => "submit",
            PlanAction::Return => "return",
            PlanAction::Approve => "approve",
            PlanAction::RecordSupport => "record_support",
        }
    }
}

/// Who does what to a plan in which state, and the state after: (from, action, role, to).
/// A commune officer writes and submits the plan of a would-be producer who has no account
/// (the unit and ownership rule is [`crate::access::authorize_plan_action`]).
pub const TRANSITIONS: [(PlanState, PlanAction, Role, PlanState); 12] = [
    (
        PlanState::Draft,
        PlanAction::Edit,
        Role::Producer,
        PlanState::Draft,
    ),
    (
        PlanState::Returned,
        PlanAction::Edit,
        Role::Producer,
        PlanState::Returned,
    ),
    (
        PlanState::Draft,
        PlanAction::Submit,
        Role::Producer,
        PlanState::Submitted,
    ),
    (
        PlanState::Returned,
        PlanAction::Submit,
        Role::Producer,
        PlanState::Submitted,
    ),
    (
        PlanState::Draft,
        PlanAction::Edit,
        Role::Commune,
        PlanState::Draft,
    ),
    (
        PlanState::Returned,
        PlanAction::Edit,
        Role::Commune,
        PlanState::Returned,
    ),
    (
        PlanState::Draft,
        PlanAction::Submit,
        Role::Commune,
        PlanState::Submitted,
    ),
    (
        PlanState::Returned,
        PlanAction::Submit,
        Role::Commune,
        PlanState::Submitted,
    ),
    (
        PlanState::Submitted,
        PlanAction::Return,
        Role::Provincial,
        PlanState::Returned,
    ),
    (
        PlanState::Submitted,
        PlanAction::Approve,
        Role::Provincial,
        PlanState::Approved,
    ),
    (
        PlanState::Approved,
        PlanAction::RecordSupport,
        Role::Commune,
        PlanState::Approved,
    ),
    (
        PlanState::Approved,
        PlanAction::RecordSupport,
        Role::Provincial,
        PlanState::Approved,
    ),
];

/// Why a plan action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanRefusal {
    #[error("Vai trò này không thực hiện thao tác này với phương án")]
    Role,
    #[error("{0}")]
    State(String),
}

/// Whether `role` ever does `action`.
pub fn role_acts(role: Role, action: PlanAction) -> bool {
    TRANSITIONS
        .iter()
        .any(|(_, a, r, _)| *a == action && *r == role)
}

/// The state a plan moves to when `role` (none: the system) does `action` in `state`.
pub fn transition(
    state: PlanState,
    action: PlanAction,
    role: Option<Role>,
) -> Result<PlanState, PlanRefusal> {
    let mut any = false;
    for (from, _, _, to) in TRANSITIONS
        .iter()
        .filter(|(_, a, r, _)| *a == action && role.is_none_or(|role| *r == role))
    {
        any = true;
        if *from == state {
            return Ok(*to);
        }
    }
    if !any {
        return Err(PlanRefusal::Role);
    }
    let doing = match action {
        PlanAction::Edit => "sửa",
        PlanAction::Submit => "nộp",
        PlanAction::Return => "trả lại",
        PlanAction::Approve => "phê duyệt",
        PlanAction::RecordSupport => "ghi nhận hỗ trợ cho",
    };
    let why = match state {
        PlanState::Draft => "phương án còn là bản nháp",
        PlanState::Submitted => "phương án đã nộp, đang chờ tỉnh",
        PlanState::Returned => "phương án đang được trả lại để chỉnh sửa",
        PlanState::Approved => "phương án đã được phê duyệt",
    };
    Err(PlanRefusal::State(format!(
        "Không thể {doing} phương án: {why}"
    )))
}

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 5000;
pub const MAX_COMMENT_CHARS: usize = 2000;
/// Largest investment or support cost, in đồng (one trillion).
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;
/// Comments on one plan.
pub const MAX_COMMENTS: usize = 200;
/// Support records of one plan.
pub const MAX_SUPPORT_RECORDS: usize = 500;

/// A plan's text, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanData {
    pub title: String,
    pub summary: String,
    pub goals: String,
    /// Tổng vốn đầu tư, đồng.
    pub investment: i64,
    pub timeline: String,
    pub market: String,
}

/// What a form or the API submits for a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanInput {
    pub title: String,
    pub summary: String,
    pub goals: String,
    /// Whole đồng.
    pub investment: String,
    pub timeline: String,
    pub market: String,
}

impl PlanInput {
    pub fn from_data(data: &PlanData) -> PlanInput {
        PlanInput {
            title: data.title.clone(),
            summary: data.summary.clone(),
            goals: data.goals.clone(),
            investment: data.investment.to_string(),
            timeline: data.timeline.clone(),
            market: data.market.clone(),
        }
    }

    pub fn parse(&self) -> Result<PlanData, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.take(
            "title",
            required_text(&self.title, "Tên phương án", MAX_TITLE_CHARS),
        );
        let summary = errors.take(
            "summary",
            required_text(&self.summary, "Tóm tắt", MAX_TEXT_CHARS),
        );
        let goals = errors.take(
            "goals",
            required_text(&self.goals, "Mục tiêu", MAX_TEXT_CHARS),
        );
        let investment = errors.take(
            "investment",
            parse_amount(&self.investment, "Tổng vốn đầu tư", true).map(|a| a.unwrap_or(0)),
        );
        let timeline = errors.take(
            "timeline",
            required_text(&self.timeline, "Tiến độ", MAX_TEXT_CHARS),
        );
        let market = errors.take(
            "market",
            required_text(&self.market, "Thị trường", MAX_TEXT_CHARS),
        );
        match (title, summary, goals, investment, timeline, market) {
            (
                Some(title),
                Some(summary),
                Some(goals),
                Some(investment),
                Some(timeline),
                Some(market),
            ) if errors.is_empty() => Ok(PlanData {
                title,
                summary,
                goals,
                investment,
                timeline,
                market,
            }),
            _ => Err(errors),
        }
    }
}

/// An amount in whole đồng, 0 to [`MAX_AMOUNT`]; dots, commas and spaces between digit
/// groups are read as people write them ("150.000.000").
pub fn parse_amount(
    raw: &str,
    label: &str,
    required: bool,
) -> Result<Option<i64>, crate::validation::FieldError> {
    let digits: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() {
        return if required {
            Err(invalid("required", format!("{label} không được để trống")))
        } else {
            Ok(None)
        };
    }
    if digits.len() > 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid(
            "invalid_amount",
            format!("{label} phải là số đồng không âm, tối đa {MAX_AMOUNT}"),
        ));
    }
    match digits.parse::<i64>() {
        Ok(v) if v <= MAX_AMOUNT => Ok(Some(v)),
        _ => Err(invalid(
            "invalid_amount",
            format!("{label} phải là số đồng không âm, tối đa {MAX_AMOUNT}"),
        )),
    }
}

impl InputFields for PlanInput {
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
                "title",
                true,
                text(MAX_TITLE_CHARS),
                "Tên phương án / dự án",
            ),
            field("summary", true, text(MAX_TEXT_CHARS), "Tóm tắt"),
            field("goals", true, text(MAX_TEXT_CHARS), "Mục tiêu"),
            field(
                "investment",
                true,
                Shape::Amount { max: MAX_AMOUNT },
                "Tổng vốn đầu tư, đồng",
            ),
            field("timeline", true, text(MAX_TEXT_CHARS), "Tiến độ thực hiện"),
            field("market", true, text(MAX_TEXT_CHARS), "Thị trường"),
        ]
    }
}

/// A reason to return a plan, or a comment: one required text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TextInput {
    pub text: String,
}

impl TextInput {
    pub fn parse(&self, label: &str) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let text = errors.take("text", required_text(&self.text, label, MAX_COMMENT_CHARS));
        errors.into_result(text.unwrap_or_default())
    }
}

impl InputFields for TextInput {
    fn fields() -> Vec<InputField> {
        vec![InputField {
            name: "text",
            required: true,
            shape: Shape::Text {
                max_chars: MAX_COMMENT_CHARS,
            },
            description: "Nội dung (ý kiến, hoặc lý do trả lại)",
        }]
    }
}

/// Loại hỗ trợ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SupportKind {
    Consulting,
    Training,
    Design,
    Standards,
    TradePromotion,
    Other,
}

impl SupportKind {
    pub const ALL: [SupportKind; 6] = [
        SupportKind::Consulting,
        SupportKind::Training,
        SupportKind::Design,
        SupportKind::Standards,
        SupportKind::TradePromotion,
        SupportKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SupportKind::Consulting => "consulting",
            SupportKind::Training => "training",
            SupportKind::Design => "design",
            SupportKind::Standards => "standards",
            SupportKind::TradePromotion => "trade_promotion",
            SupportKind::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<SupportKind> {
        SupportKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// Nguồn vốn (GLOSSARY: central / provincial / commune budget, community funds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FundingSource {
    /// Ngân sách trung ương.
    CentralBudget,
    /// Ngân sách tỉnh.
    ProvincialBudget,
    /// Ngân sách xã.
    CommuneBudget,
    /// Xã hội hóa.
    CommunityFunds,
    Other,
}

impl FundingSource {
    pub const ALL: [FundingSource; 5] = [
        FundingSource::CentralBudget,
        FundingSource::ProvincialBudget,
        FundingSource::CommuneBudget,
        FundingSource::CommunityFunds,
        FundingSource::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FundingSource::CentralBudget => "central_budget",
            FundingSource::ProvincialBudget => "provincial_budget",
            FundingSource::CommuneBudget => "commune_budget",
            FundingSource::CommunityFunds => "community_funds",
            FundingSource::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<FundingSource> {
        FundingSource::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// A support record's data, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportData {
    pub kind: SupportKind,
    pub given_on: Date,
    pub description: String,
    /// Kinh phí, đồng.
    pub cost: i64,
    pub funding_source: FundingSource,
}

/// What a form or the API submits to record support.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupportInput {
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub given_on: String,
    pub description: String,
    pub cost: String,
    pub funding_source: String,
}

impl SupportInput {
    pub fn parse(&self) -> Result<SupportData, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = SupportKind::from_key(self.kind.trim());
        if kind.is_none() {
            errors.add(
                "kind",
                "invalid_choice",
                format!("Loại hỗ trợ \"{}\" không hợp lệ", self.kind.trim()),
            );
        }
        let given_on = errors.take(
            "given_on",
            crate::cycle::parse_date(&self.given_on, "Ngày hỗ trợ"),
        );
        let description = errors.take(
            "description",
            required_text(&self.description, "Nội dung hỗ trợ", MAX_COMMENT_CHARS),
        );
        let cost = errors.take(
            "cost",
            parse_amount(&self.cost, "Kinh phí", true).map(|a| a.unwrap_or(0)),
        );
        let funding_source = FundingSource::from_key(self.funding_source.trim());
        if funding_source.is_none() {
            errors.add(
                "funding_source",
                "invalid_choice",
                format!("Nguồn vốn \"{}\" không hợp lệ", self.funding_source.trim()),
            );
        }
        match (kind, given_on, description, cost, funding_source) {
            (Some(kind), Some(given_on), Some(description), Some(cost), Some(funding_source))
                if errors.is_empty() =>
            {
                Ok(SupportData {
                    kind,
                    given_on,
                    description,
                    cost,
                    funding_source,
                })
            }
            _ => Err(errors),
        }
    }
}

impl InputFields for SupportInput {
    fn fields() -> Vec<InputField> {
        let field = |name, required, shape, description| InputField {
            name,
            required,
            shape,
            description,
        };
        vec![
            field(
                "kind",
                true,
                Shape::Choice(&[
                    "consulting",
                    "training",
                    "design",
                    "standards",
                    "trade_promotion",
                    "other",
                ]),
                "Loại hỗ trợ",
            ),
            field(
                "given_on",
                true,
                Shape::Code {
                    pattern: crate::cycle::DATE_PATTERN,
                    max_chars: 10,
                    format: Some("date"),
                },
                "Ngày hỗ trợ (YYYY-MM-DD)",
            ),
            field(
                "description",
                true,
                Shape::Text {
                    max_chars: MAX_COMMENT_CHARS,
                },
                "Nội dung hỗ trợ",
            ),
            field(
                "cost",
                true,
                Shape::Amount { max: MAX_AMOUNT },
                "Kinh phí, đồng",
            ),
            field(
                "funding_source",
                true,
                Shape::Choice(&[
                    "central_budget",
                    "provincial_budget",
                    "commune_budget",
                    "community_funds",
                    "other",
                ]),
                "Nguồn vốn",
            ),
        ]
    }
}

/// A file attached to a plan: the types accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttachmentKind {
    Pdf,
    Docx,
    Xlsx,
    Png,
    Jpeg,
}

impl AttachmentKind {
    pub fn content_type(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "application/pdf",
            AttachmentKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            AttachmentKind::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            AttachmentKind::Png => "image/png",
            AttachmentKind::Jpeg => "image/jpeg",
        }
    }

    pub fn from_content_type(content_type: &str) -> Option<AttachmentKind> {
        [
            AttachmentKind::Pdf,
            AttachmentKind::Docx,
            AttachmentKind::Xlsx,
            AttachmentKind::Png,
            AttachmentKind::Jpeg,
        ]
        .into_iter()
        .find(|k| k.content_type() == content_type)
    }
}

/// Longest attachment name kept, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 200;

/// Why a file is refused as an attachment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentError {
    #[error("Tệp trống")]
    Empty,
    #[error(
        "Loại tệp không được nhận: chỉ nhận PDF, Word (.docx), Excel (.xlsx), ảnh PNG hoặc JPEG"
    )]
    Type,
}

/// The kind of a file, from its bytes (the name only tells Word from Excel, both ZIP
/// archives, and the archive's own entries must agree).
pub fn attachment_kind(bytes: &[u8], file_name: &str) -> Result<AttachmentKind, AttachmentError> {
    if bytes.is_empty() {
        return Err(AttachmentError::Empty);
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(AttachmentKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(AttachmentKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(AttachmentKind::Jpeg);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let name = file_name.to_ascii_lowercase();
        let has = |entry: &[u8]| bytes.windows(entry.len()).any(|w| w == entry);
        if name.ends_with(".docx") && has(b"word/") {
            return Ok(AttachmentKind::Docx);
        }
        if name.ends_with(".xlsx") && has(b"xl/") {
            return Ok(AttachmentKind::Xlsx);
        }
    }
    Err(AttachmentError::Type)
}

#[cfg(feature = "openapi")]
crate::input_schemas!(PlanInput: "Phương án / dự án sản xuất kinh doanh: checked together, each error naming its field");

#[cfg(feature = "openapi")]
crate::input_schemas!(TextInput: "Một nội dung: ý kiến, hoặc lý do trả lại");

#[cfg(feature = "openapi")]
crate::input_schemas!(SupportInput: "Hỗ trợ trong triển khai: loại, ngày, nội dung, kinh phí (đồng), nguồn vốn");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_over_every_state_action_and_role() {
        use PlanAction::*;
        use PlanState::*;
        let writer = |role| matches!(role, Role::Producer | Role::Commune);
        let allowed = |state, action, role| -> Option<PlanState> {
            match (state, action) {
                (Draft | Returned, Edit) if writer(role) => Some(state),
                (Draft | Returned, Submit) if writer(role) => Some(Submitted),
                (Submitted, Return) if role == Role::Provincial => Some(Returned),
                (Submitted, Approve) if role == Role::Provincial => Some(Approved),
                (Approved, RecordSupport) if matches!(role, Role::Commune | Role::Provincial) => {
                    Some(Approved)
                }
                _ => None,
            }
        };
        let acts = |action, role| match action {
            Edit | Submit => writer(role),
            Return | Approve => role == Role::Provincial,
            RecordSupport => matches!(role, Role::Commune | Role::Provincial),
        };
        for state in PlanState::ALL {
            for action in PlanAction::ALL {
                for role in Role::ALL {
                    let got = transition(state, action, Some(role));
                    match allowed(state, action, role) {
                        Some(to) => assert_eq!(got, Ok(to), "{state:?} {action:?} {role:?}"),
                        None if acts(action, role) => assert!(
                            matches!(got, Err(PlanRefusal::State(_))),
                            "{state:?} {action:?} {role:?}: {got:?}"
                        ),
                        None => {
                            assert_eq!(got, Err(PlanRefusal::Role), "{state:?} {action:?} {role:?}")
                        }
                    }
                    assert_eq!(role_acts(role, action), acts(action, role));
                }
            }
        }
    }

    #[test]
    fn amounts_are_whole_dong_within_bounds() {
        assert_eq!(
            parse_amount("150.000.000", "x", true),
            Ok(Some(150_000_000))
        );
        assert_eq!(parse_amount("", "x", false), Ok(None));
        assert!(parse_amount("", "x", true).is_err());
        assert!(parse_amount("-5", "x", true).is_err());
        assert!(parse_amount("1000000000001", "x", true).is_err());
        assert!(parse_amount("99999999999999999999", "x", true).is_err());
    }

    #[test]
    fn support_and_plans_name_their_bad_fields() {
        let bad = SupportInput {
            kind: "party".into(),
            given_on: "hôm qua".into(),
            cost: "nhiều".into(),
            ..Default::default()
        };
        let errors = bad.parse().unwrap_err();
        for field in ["kind", "given_on", "description", "cost", "funding_source"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let plan = PlanInput {
            title: "Mở rộng xưởng miến".into(),
            summary: "s".into(),
            goals: "g".into(),
            investment: "500000000".into(),
            timeline: "t".into(),
            market: "m".into(),
        };
        let data = plan.parse().unwrap();
        assert_eq!(PlanInput::from_data(&data).parse().unwrap(), data);
    }

    #[test]
    fn attachments_are_known_by_their_bytes() {
        assert_eq!(
            attachment_kind(b"%PDF-1.7 ...", "a.pdf"),
            Ok(AttachmentKind::Pdf)
        );
        assert_eq!(
            attachment_kind(b"\x89PNG\r\n\x1a\n..", "x.bin"),
            Ok(AttachmentKind::Png)
        );
        assert_eq!(
            attachment_kind(b"PK\x03\x04....word/document.xml", "plan.DOCX"),
            Ok(AttachmentKind::Docx)
        );
        assert_eq!(
            attachment_kind(b"PK\x03\x04....xl/workbook.xml", "budget.xlsx"),
            Ok(AttachmentKind::Xlsx)
        );
        // A ZIP that is not what its name says, an executable renamed, nothing.
        assert_eq!(
            attachment_kind(b"PK\x03\x04....evil", "plan.docx"),
            Err(AttachmentError::Type)
        );
        assert_eq!(
            attachment_kind(b"MZ\x90\x00", "plan.pdf"),
            Err(AttachmentError::Type)
        );
        assert_eq!(
            attachment_kind(b"", "plan.pdf"),
            Err(AttachmentError::Empty)
        );
    }
}
