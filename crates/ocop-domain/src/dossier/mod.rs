//! Hồ sơ sản phẩm: the dossier a producer files for one product to be evaluated and ranked
//! (Decision 26/2026 Điều 6–7, Phụ lục III): Mẫu 01 the registration, Mẫu 02 the
//! self-assessment report (I general information, II business-plan results, III the
//! self-score with evidence per criterion, IV production plan), and, once the commune has
//! checked it, Mẫu 03 the commune's report and its letter to the province.
//!
//! The workflow is the transition table of [`workflow`]; the commune's 15 working days are
//! counted by [`calendar`]; the receipt number is [`receipt`]'s; what proves what is the
//! catalogue of [`evidence`].

pub mod calendar;
pub mod evidence;
pub mod receipt;
pub mod workflow;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use calendar::{Deadline, DueState, add_working_days, working_days_between};
pub use evidence::{DocumentKind, EvidenceFormat, EvidenceFormatError};
pub use receipt::ReceiptNumber;
pub use workflow::{DossierAction, DossierState, TransitionRefusal, available_actions, transition};

use crate::criteria::{CriteriaSet, Library, PartPoints, Sheet};
use crate::identifiers::{EMAIL_PATTERN, MAX_EMAIL_CHARS, MAX_PHONE_CHARS, PHONE_PATTERN};
use crate::input::{InputField, InputFields, Shape};
use crate::scoring::{Answers, MemberAnswers, MemberTotals, TotalsAnswers};
use crate::validation::{FieldErrors, invalid, optional_text, parse_flag, required_text};

/// Lần đăng ký đánh giá (Mẫu 01 mục 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DossierKind {
    /// Lần đầu.
    FirstTime,
    /// Nâng hạng.
    Upgrade,
    /// Đánh giá lại (phân hạng lại).
    ReEvaluation,
}

impl DossierKind {
    pub const ALL: [DossierKind; 3] = [
        DossierKind::FirstTime,
        DossierKind::Upgrade,
        DossierKind::ReEvaluation,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DossierKind::FirstTime => "first_time",
            DossierKind::Upgrade => "upgrade",
            DossierKind::ReEvaluation => "re_evaluation",
        }
    }

    pub fn from_key(key: &str) -> Option<DossierKind> {
        DossierKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            DossierKind::FirstTime => "Lần đầu",
            DossierKind::Upgrade => "Nâng hạng",
            DossierKind::ReEvaluation => "Đánh giá lại",
        }
    }
}

/// The criteria versions a dossier may be scored under: V2026 (the default), and V2025 or
/// V2023 to record a historical round as it happened.
pub const DOSSIER_CRITERIA_VERSIONS: [&str; 3] = ["V2026", "V2025", "V2023"];
/// Samples sent with a dossier (Điều 6.2.d): five, none for tourism services.
pub const DEFAULT_SAMPLES: u32 = 5;
/// Most samples a registration may state.
pub const MAX_SAMPLES: u32 = 100;
/// Longest short text of the forms (names, position, address), in characters.
pub const MAX_SHORT_CHARS: usize = 300;
/// Longest long text of the forms (Mẫu 02 parts, Mẫu 03 items), in characters.
pub const MAX_LONG_CHARS: usize = 10_000;
/// First and last year a dossier may be registered for.
pub const YEARS: (u32, u32) = (2018, 2100);
/// Most criteria answered in one self-score (a sheet has about 40).
pub const MAX_CHOICES: usize = 200;
/// Longest criterion id, in characters.
pub const MAX_CRITERION_ID_CHARS: usize = 16;
/// Most criteria one evidence file is linked to.
pub const MAX_LINKED_CRITERIA: usize = 40;
/// Most evidence files a dossier holds.
pub const MAX_EVIDENCE_FILES: usize = 100;
/// Longest file name kept, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 200;
/// Most reasons one return gives.
pub const MAX_RETURN_REASONS: usize = 50;
/// Longest item a return reason points at, in characters.
pub const MAX_REASON_ITEM_CHARS: usize = 100;
/// Longest return reason, in characters.
pub const MAX_REASON_CHARS: usize = 2000;
/// Longest letter number or signer, in characters.
pub const MAX_LETTER_CHARS: usize = 100;

/// Phiếu đăng ký (Mẫu 01): who registers which product, how, with what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Registration {
    /// Tên đơn vị.
    pub unit_name: String,
    /// Họ tên người đại diện pháp lý.
    pub representative: String,
    /// Chức vụ.
    pub position: Option<String>,
    /// Địa chỉ liên hệ.
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Tên sản phẩm.
    pub product_name: String,
    /// Sản phẩm mẫu (số lượng).
    pub samples: u32,
    /// Tài liệu kèm theo, beyond the self-assessment report.
    pub attachments: Option<String>,
}

/// Báo cáo tự đánh giá (Mẫu 02), parts I, II and IV; part III is the self-score and the
/// evidence files.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfReport {
    /// I.6 Số giấy đăng ký kinh doanh.
    pub registration_number: Option<String>,
    /// I.6 Ngày thành lập / đăng ký kinh doanh, as written.
    pub founded_on: Option<String>,
    /// I.7 Mô tả quy cách sản phẩm, tiêu chuẩn.
    pub product_spec: Option<String>,
    /// I.7a Có giấy đăng ký kinh doanh.
    pub has_business_registration: bool,
    /// I.7b Đã công bố chất lượng sản phẩm.
    pub quality_declared: bool,
    /// I.7c Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.
    pub food_safety_certified: bool,
    /// I.7c Giấy chứng nhận đủ điều kiện sản xuất bắt buộc (where the product needs one).
    pub production_licence: bool,
    /// I.7d Văn bằng sở hữu trí tuệ đã có (nhãn hiệu, chỉ dẫn địa lý, sáng chế, …).
    pub ip_titles: Option<String>,
    /// I.8 Lịch sử hình thành.
    pub history: Option<String>,
    /// I.9 Cơ cấu tổ chức.
    pub organisation: Option<String>,
    /// II Kết quả thực hiện phương án sản xuất kinh doanh.
    pub business_plan_results: Option<String>,
    /// IV Kế hoạch sản xuất, kinh doanh.
    pub production_plan: Option<String>,
}

/// A dossier's own data, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierData {
    pub kind: DossierKind,
    /// The criteria version the self-score is made under.
    pub criteria_version: String,
    /// The year of the evaluation registered for.
    pub year: i32,
    pub registration: Registration,
    pub report: SelfReport,
}

/// What the form fills a blank field with: the producer's and the product's registry data.
#[derive(Debug, Clone, Default)]
pub struct DossierDefaults {
    pub unit_name: String,
    pub representative: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub product_name: String,
    pub registration_number: Option<String>,
    /// The product is a tourism service: no samples.
    pub tourism: bool,
    pub year: i32,
}

/// What a form or the API submits for a dossier (every field text, as the forms send it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DossierInput {
    /// `first_time`, `upgrade`, `re_evaluation`.
    pub kind: String,
    /// `V2026` (default), `V2025`, `V2023`.
    pub criteria_version: String,
    pub year: String,
    pub unit_name: String,
    pub representative: String,
    pub position: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub product_name: String,
    pub samples: String,
    pub attachments: String,
    pub registration_number: String,
    pub founded_on: String,
    pub product_spec: String,
    pub has_business_registration: String,
    pub quality_declared: String,
    pub food_safety_certified: String,
    pub production_licence: String,
    pub ip_titles: String,
    pub history: String,
    pub organisation: String,
    pub business_plan_results: String,
    pub production_plan: String,
}

impl InputFields for DossierInput {
    fn fields() -> Vec<InputField> {
        let field = |name, required, shape, description| InputField {
            name,
            required,
            shape,
            description,
        };
        let short = Shape::Text {
            max_chars: MAX_SHORT_CHARS,
        };
        let long = Shape::Text {
            max_chars: MAX_LONG_CHARS,
        };
        vec![
            field(
                "kind",
                true,
                Shape::Choice(&["first_time", "upgrade", "re_evaluation"]),
                "Lần đăng ký đánh giá: `first_time` (lần đầu), `upgrade` (nâng hạng), \
                 `re_evaluation` (đánh giá lại)",
            ),
            field(
                "criteria_version",
                false,
                Shape::Choice(&DOSSIER_CRITERIA_VERSIONS),
                "Bộ tiêu chí của phần tự đánh giá: `V2026` (default); `V2025`, `V2023` to record \
                 a historical round",
            ),
            field(
                "year",
                false,
                Shape::Integer {
                    min: YEARS.0,
                    max: YEARS.1,
                },
                "Năm đánh giá (default: this year)",
            ),
            field(
                "unit_name",
                false,
                short,
                "Mẫu 01 Tên đơn vị (default: the producer's name)",
            ),
            field(
                "representative",
                false,
                short,
                "Mẫu 01 Người đại diện pháp lý (default: the producer's)",
            ),
            field("position", false, short, "Mẫu 01 Chức vụ"),
            field(
                "address",
                false,
                short,
                "Mẫu 01 Địa chỉ liên hệ (default: the producer's)",
            ),
            field(
                "phone",
                false,
                Shape::Code {
                    pattern: PHONE_PATTERN,
                    max_chars: MAX_PHONE_CHARS,
                    format: Some("phone"),
                },
                "Mẫu 01 Điện thoại (default: the producer's)",
            ),
            field(
                "email",
                false,
                Shape::Code {
                    pattern: EMAIL_PATTERN,
                    max_chars: MAX_EMAIL_CHARS,
                    format: Some("email"),
                },
                "Mẫu 01 Email (default: the producer's)",
            ),
            field(
                "product_name",
                false,
                short,
                "Mẫu 01 Tên sản phẩm (default: the product's name)",
            ),
            field(
                "samples",
                false,
                Shape::Integer {
                    min: 0,
                    max: MAX_SAMPLES,
                },
                "Mẫu 01 Sản phẩm mẫu (default 5; 0 for tourism services)",
            ),
            field("attachments", false, long, "Mẫu 01 Tài liệu kèm theo"),
            field(
                "registration_number",
                false,
                short,
                "Mẫu 02 I.6 Số giấy đăng ký kinh doanh (default: the producer's tax code)",
            ),
            field("founded_on", false, short, "Mẫu 02 I.6 Ngày thành lập"),
            field(
                "product_spec",
                false,
                long,
                "Mẫu 02 I.7 Quy cách sản phẩm, tiêu chuẩn",
            ),
            field(
                "has_business_registration",
                false,
                Shape::Flag,
                "Mẫu 02 I.7a Có giấy đăng ký kinh doanh",
            ),
            field(
                "quality_declared",
                false,
                Shape::Flag,
                "Mẫu 02 I.7b Đã công bố chất lượng",
            ),
            field(
                "food_safety_certified",
                false,
                Shape::Flag,
                "Mẫu 02 I.7c Có giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
            ),
            field(
                "production_licence",
                false,
                Shape::Flag,
                "Mẫu 02 I.7c Có giấy chứng nhận đủ điều kiện sản xuất bắt buộc",
            ),
            field(
                "ip_titles",
                false,
                short,
                "Mẫu 02 I.7d Văn bằng sở hữu trí tuệ",
            ),
            field("history", false, long, "Mẫu 02 I.8 Lịch sử hình thành"),
            field("organisation", false, long, "Mẫu 02 I.9 Cơ cấu tổ chức"),
            field(
                "business_plan_results",
                false,
                long,
                "Mẫu 02 II Kết quả thực hiện phương án sản xuất kinh doanh",
            ),
            field(
                "production_plan",
                false,
                long,
                "Mẫu 02 IV Kế hoạch sản xuất, kinh doanh",
            ),
        ]
    }
}

#[cfg(feature = "openapi")]
crate::input_schemas!(DossierInput: "Hồ sơ sản phẩm: Mẫu 01 and Mẫu 02 parts I, II, IV; checked together, each error \
             naming its field. A blank Mẫu 01 field takes the producer's or product's value");

fn or_default(value: &str, default: &str) -> String {
    if value.trim().is_empty() {
        default.to_owned()
    } else {
        value.to_owned()
    }
}

fn or_default_opt(value: &str, default: &Option<String>) -> String {
    if value.trim().is_empty() {
        default.clone().unwrap_or_default()
    } else {
        value.to_owned()
    }
}

impl DossierInput {
    /// Checks every field, a blank Mẫu 01 field taking its default.
    pub fn parse(&self, defaults: &DossierDefaults) -> Result<DossierData, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = match DossierKind::from_key(self.kind.trim()) {
            Some(kind) => Some(kind),
            None => {
                let message = if self.kind.trim().is_empty() {
                    "Chưa chọn lần đăng ký đánh giá".to_owned()
                } else {
                    format!(
                        "Lần đăng ký \"{}\" không hợp lệ (first_time, upgrade, re_evaluation)",
                        self.kind
                    )
                };
                errors.add("kind", "invalid_kind", message);
                None
            }
        };
        let criteria_version = match self.criteria_version.trim() {
            "" => Some("V2026".to_owned()),
            v if DOSSIER_CRITERIA_VERSIONS.contains(&v) => Some(v.to_owned()),
            other => {
                errors.add(
                    "criteria_version",
                    "invalid_version",
                    format!("Bộ tiêu chí \"{other}\" không dùng cho hồ sơ (V2026, V2025, V2023)"),
                );
                None
            }
        };
        let year = match self.year.trim() {
            "" => Some(defaults.year),
            raw => match raw.parse::<u32>() {
                Ok(y) if (YEARS.0..=YEARS.1).contains(&y) => Some(y as i32),
                _ => {
                    errors.add(
                        "year",
                        "invalid_year",
                        format!("Năm \"{raw}\" phải từ {} đến {}", YEARS.0, YEARS.1),
                    );
                    None
                }
            },
        };
        let unit_name = errors.take(
            "unit_name",
            required_text(
                &or_default(&self.unit_name, &defaults.unit_name),
                "Tên đơn vị",
                MAX_SHORT_CHARS,
            ),
        );
        let representative = errors.take(
            "representative",
            required_text(
                &or_default(&self.representative, &defaults.representative),
                "Người đại diện pháp lý",
                MAX_SHORT_CHARS,
            ),
        );
        let position = errors.take(
            "position",
            optional_text(&self.position, "Chức vụ", MAX_SHORT_CHARS),
        );
        let address = errors.take(
            "address",
            optional_text(
                &or_default_opt(&self.address, &defaults.address),
                "Địa chỉ",
                MAX_SHORT_CHARS,
            ),
        );
        let phone = errors.take(
            "phone",
            match or_default_opt(&self.phone, &defaults.phone).trim() {
                "" => Ok(None),
                raw => crate::identifiers::parse_phone(raw).map(Some),
            },
        );
        let email = errors.take(
            "email",
            match or_default_opt(&self.email, &defaults.email).trim() {
                "" => Ok(None),
                raw => crate::identifiers::parse_email(raw).map(Some),
            },
        );
        let product_name = errors.take(
            "product_name",
            required_text(
                &or_default(&self.product_name, &defaults.product_name),
                "Tên sản phẩm",
                MAX_SHORT_CHARS,
            ),
        );
        let samples = match self.samples.trim() {
            "" => Some(if defaults.tourism { 0 } else { DEFAULT_SAMPLES }),
            raw => match raw.parse::<u32>() {
                Ok(n) if n <= MAX_SAMPLES => Some(n),
                _ => {
                    errors.add(
                        "samples",
                        "invalid_samples",
                        format!("Số sản phẩm mẫu \"{raw}\" phải từ 0 đến {MAX_SAMPLES}"),
                    );
                    None
                }
            },
        };
        let long = |errors: &mut FieldErrors, name: &str, value: &str, label: &str| {
            errors
                .take(name, optional_text(value, label, MAX_LONG_CHARS))
                .flatten()
        };
        let short = |errors: &mut FieldErrors, name: &str, value: &str, label: &str| {
            errors
                .take(name, optional_text(value, label, MAX_SHORT_CHARS))
                .flatten()
        };
        let flag = |errors: &mut FieldErrors, name: &str, value: &str, label: &str| {
            errors.take(name, parse_flag(value, label)).unwrap_or(false)
        };
        let attachments = long(
            &mut errors,
            "attachments",
            &self.attachments,
            "Tài liệu kèm theo",
        );
        let report = SelfReport {
            registration_number: short(
                &mut errors,
                "registration_number",
                &or_default_opt(&self.registration_number, &defaults.registration_number),
                "Số giấy đăng ký kinh doanh",
            ),
            founded_on: short(
                &mut errors,
                "founded_on",
                &self.founded_on,
                "Ngày thành lập",
            ),
            product_spec: long(
                &mut errors,
                "product_spec",
                &self.product_spec,
                "Quy cách sản phẩm",
            ),
            has_business_registration: flag(
                &mut errors,
                "has_business_registration",
                &self.has_business_registration,
                "Có giấy đăng ký kinh doanh",
            ),
            quality_declared: flag(
                &mut errors,
                "quality_declared",
                &self.quality_declared,
                "Đã công bố chất lượng",
            ),
            food_safety_certified: flag(
                &mut errors,
                "food_safety_certified",
                &self.food_safety_certified,
                "Có giấy chứng nhận an toàn thực phẩm",
            ),
            production_licence: flag(
                &mut errors,
                "production_licence",
                &self.production_licence,
                "Có giấy chứng nhận đủ điều kiện sản xuất",
            ),
            ip_titles: short(
                &mut errors,
                "ip_titles",
                &self.ip_titles,
                "Văn bằng sở hữu trí tuệ",
            ),
            history: long(&mut errors, "history", &self.history, "Lịch sử hình thành"),
            organisation: long(
                &mut errors,
                "organisation",
                &self.organisation,
                "Cơ cấu tổ chức",
            ),
            business_plan_results: long(
                &mut errors,
                "business_plan_results",
                &self.business_plan_results,
                "Kết quả thực hiện phương án sản xuất kinh doanh",
            ),
            production_plan: long(
                &mut errors,
                "production_plan",
                &self.production_plan,
                "Kế hoạch sản xuất, kinh doanh",
            ),
        };
        let (
            Some(kind),
            Some(criteria_version),
            Some(year),
            Some(unit_name),
            Some(representative),
            Some(position),
            Some(address),
            Some(phone),
            Some(email),
            Some(product_name),
            Some(samples),
        ) = (
            kind,
            criteria_version,
            year,
            unit_name,
            representative,
            position,
            address,
            phone,
            email,
            product_name,
            samples,
        )
        else {
            return Err(errors);
        };
        errors.into_result(DossierData {
            kind,
            criteria_version,
            year,
            registration: Registration {
                unit_name,
                representative,
                position,
                address,
                phone,
                email,
                product_name,
                samples,
                attachments,
            },
            report,
        })
    }

    /// The input that gives back `data` (to edit a stored dossier).
    pub fn of(data: &DossierData) -> DossierInput {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let flag = |v: bool| if v { "true" } else { "false" }.to_owned();
        let r = &data.registration;
        let p = &data.report;
        DossierInput {
            kind: data.kind.key().to_owned(),
            criteria_version: data.criteria_version.clone(),
            year: data.year.to_string(),
            unit_name: r.unit_name.clone(),
            representative: r.representative.clone(),
            position: text(&r.position),
            address: text(&r.address),
            phone: text(&r.phone),
            email: text(&r.email),
            product_name: r.product_name.clone(),
            samples: r.samples.to_string(),
            attachments: text(&r.attachments),
            registration_number: text(&p.registration_number),
            founded_on: text(&p.founded_on),
            product_spec: text(&p.product_spec),
            has_business_registration: flag(p.has_business_registration),
            quality_declared: flag(p.quality_declared),
            food_safety_certified: flag(p.food_safety_certified),
            production_licence: flag(p.production_licence),
            ip_titles: text(&p.ip_titles),
            history: text(&p.history),
            organisation: text(&p.organisation),
            business_plan_results: text(&p.business_plan_results),
            production_plan: text(&p.production_plan),
        }
    }
}

/// Phần III: the producer's self-score — one option per criterion of its sheet (criterion id
/// → option number, 0 = none), or, under a version whose sheets are not held (V2025, V2023),
/// the points per part as written on the paper sheet.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SelfScore {
    #[serde(default)]
    pub choices: BTreeMap<String, u32>,
    #[serde(default)]
    pub part_totals: Option<PartPoints>,
}

/// What the scoring engine made of a self-score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreSummary {
    pub total: u32,
    pub stars: u8,
    /// The star minimums were checked (not so from part totals).
    pub minimums_checked: bool,
}

/// The criteria set of a dossier's version (one of [`DOSSIER_CRITERIA_VERSIONS`]).
pub fn criteria_set(version: &str) -> Option<&'static CriteriaSet> {
    Library::embedded().version(version)
}

/// Scores `score` with the engine under `set` and `sheet`: every criterion must be one the
/// sheet scores and every option one it has (a criterion the sheet does not have is refused
/// on `choices.<id>`). Each error names its field.
pub fn score_self(
    set: &CriteriaSet,
    sheet: u8,
    score: &SelfScore,
) -> Result<ScoreSummary, FieldErrors> {
    let mut errors = FieldErrors::default();
    if score.choices.len() > MAX_CHOICES {
        errors.add(
            "choices",
            "too_many",
            format!(
                "Tối đa {MAX_CHOICES} tiêu chí (nhận được {})",
                score.choices.len()
            ),
        );
        return Err(errors);
    }
    if set.sheets.is_empty() {
        if !score.choices.is_empty() {
            errors.add(
                "choices",
                "sheets_not_held",
                format!(
                    "Bộ tiêu chí {} chấm theo tổng điểm từng phần (part_totals), không theo từng tiêu chí",
                    set.version
                ),
            );
        }
        let Some(parts) = score.part_totals else {
            errors.add(
                "part_totals",
                "required",
                format!("Bộ tiêu chí {} cần tổng điểm phần A, B, C", set.version),
            );
            return Err(errors);
        };
        errors.into_result(())?;
        let answers = TotalsAnswers {
            members: vec![MemberTotals {
                name: "Chủ thể".to_owned(),
                parts,
            }],
            knockouts: Vec::new(),
            spread_threshold: None,
        };
        return match crate::scoring::evaluate_totals(set, &answers) {
            Ok(result) => Ok(ScoreSummary {
                total: parts.total(),
                stars: result.stars,
                minimums_checked: false,
            }),
            Err(e) => {
                let mut errors = FieldErrors::default();
                errors.add("part_totals", e.code(), e.to_string());
                Err(errors)
            }
        };
    }
    if score.part_totals.is_some() {
        errors.add(
            "part_totals",
            "not_applicable",
            format!(
                "Bộ tiêu chí {} chấm theo từng tiêu chí (choices)",
                set.version
            ),
        );
    }
    let Some(found) = set.sheet(sheet) else {
        errors.add(
            "sheet",
            "unknown_sheet",
            format!("Bộ tiêu chí {} không có phiếu số {sheet}", set.version),
        );
        return Err(errors);
    };
    let leaves = found.leaves();
    for (id, &choice) in &score.choices {
        let field = format!("choices.{id}");
        if id.chars().count() > MAX_CRITERION_ID_CHARS {
            errors.add(&field, "too_long", "Mã tiêu chí quá dài");
            continue;
        }
        match leaves.iter().find(|leaf| leaf.criterion.id == *id) {
            None => errors.add(
                &field,
                "unknown_criterion",
                format!("Phiếu số {sheet} ({}) không có tiêu chí {id}", found.name),
            ),
            Some(leaf) if leaf.criterion.points_for(choice).is_none() => errors.add(
                &field,
                "invalid_option",
                format!(
                    "Tiêu chí {id} không có lựa chọn {choice} (có {})",
                    leaf.criterion.choice_count()
                ),
            ),
            Some(_) => {}
        }
    }
    errors.into_result(())?;
    let answers = Answers {
        members: vec![MemberAnswers {
            name: "Chủ thể".to_owned(),
            choices: score.choices.clone(),
        }],
        knockouts: Vec::new(),
        spread_threshold: None,
    };
    match crate::scoring::evaluate(set, sheet, &answers) {
        Ok(result) => Ok(ScoreSummary {
            total: result.members.first().map_or(0, |m| m.total),
            stars: result.stars,
            minimums_checked: true,
        }),
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("choices", e.code(), e.to_string());
            Err(errors)
        }
    }
}

/// An evidence file as the checklist sees it: its kind and the criteria it proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceLink<'a> {
    pub kind: DocumentKind,
    pub criteria: &'a [String],
}

/// Checks the criteria an evidence file is linked to: at most [`MAX_LINKED_CRITERIA`], each
/// one the sheet scores (a version without sheets takes none).
pub fn check_linked_criteria(
    set: &CriteriaSet,
    sheet: u8,
    criteria: &[String],
) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    if criteria.len() > MAX_LINKED_CRITERIA {
        errors.add(
            "criteria",
            "too_many",
            format!("Một tệp minh chứng gắn với tối đa {MAX_LINKED_CRITERIA} tiêu chí"),
        );
        return Err(errors);
    }
    let leaves = set.sheet(sheet).map(Sheet::leaves).unwrap_or_default();
    for id in criteria {
        if !leaves.iter().any(|leaf| leaf.criterion.id == *id) {
            errors.add(
                "criteria",
                "unknown_criterion",
                format!(
                    "Phiếu số {sheet} của bộ tiêu chí {} không có tiêu chí \"{}\"",
                    set.version,
                    id.chars().take(MAX_CRITERION_ID_CHARS).collect::<String>()
                ),
            );
        }
    }
    errors.into_result(())
}

/// One thing missing before a dossier can be filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissingItem {
    /// Stable key: `self_score`, `evidence.<criterion>`, `document.<kind>`,
    /// `business_plan_results`, `production_plan`.
    pub key: String,
    /// What is missing, in Vietnamese.
    pub message: String,
}

/// What is missing before submission: the self-score; evidence for each criterion scored
/// above zero; the documents the registration type requires; parts II and IV of Mẫu 02.
/// Empty: the dossier may be filed.
pub fn checklist(
    data: &DossierData,
    sheet: u8,
    score: Option<&SelfScore>,
    evidence: &[EvidenceLink<'_>],
) -> Vec<MissingItem> {
    let mut missing = Vec::new();
    let set = criteria_set(&data.criteria_version);
    let scored = score.filter(|s| !s.choices.is_empty() || s.part_totals.is_some());
    match (scored, set) {
        (None, _) | (_, None) => missing.push(MissingItem {
            key: "self_score".to_owned(),
            message: "Chưa tự đánh giá theo bộ tiêu chí (Mẫu 02 phần III)".to_owned(),
        }),
        (Some(score), Some(set)) => {
            if let Some(found) = set.sheet(sheet) {
                for leaf in found.leaves() {
                    let id = &leaf.criterion.id;
                    let answered = score.choices.get(id).copied().unwrap_or(0) > 0;
                    let proved = evidence.iter().any(|e| e.criteria.contains(id));
                    if answered && !proved {
                        missing.push(MissingItem {
                            key: format!("evidence.{id}"),
                            message: format!(
                                "Tiêu chí {id} ({}) chưa có tài liệu minh chứng",
                                leaf.criterion.name
                            ),
                        });
                    }
                }
            }
        }
    }
    for kind in evidence::required_documents(data.kind) {
        if !evidence.iter().any(|e| e.kind == *kind) {
            missing.push(MissingItem {
                key: format!("document.{}", kind.key()),
                message: format!(
                    "Thiếu tài liệu bắt buộc cho hồ sơ {}: {}",
                    data.kind.label().to_lowercase(),
                    kind.label()
                ),
            });
        }
    }
    if data.report.business_plan_results.is_none() {
        missing.push(MissingItem {
            key: "business_plan_results".to_owned(),
            message: "Chưa có kết quả thực hiện phương án sản xuất kinh doanh (Mẫu 02 phần II)"
                .to_owned(),
        });
    }
    if data.report.production_plan.is_none() {
        missing.push(MissingItem {
            key: "production_plan".to_owned(),
            message: "Chưa có kế hoạch sản xuất, kinh doanh (Mẫu 02 phần IV)".to_owned(),
        });
    }
    missing
}

/// One reason a commune gives when it returns a dossier: which item (a part of a form, a
/// criterion, a document) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReturnReason {
    /// E.g. `Mẫu 01`, `Mẫu 02 phần II`, `tiêu chí 1.2`, `document.lab_report`.
    pub item: String,
    pub reason: String,
}

/// Checks the reasons of a return: at least one, at most [`MAX_RETURN_REASONS`], each with
/// an item and a reason within their bounds.
pub fn parse_return_reasons(reasons: &[ReturnReason]) -> Result<Vec<ReturnReason>, FieldErrors> {
    let mut errors = FieldErrors::default();
    if reasons.is_empty() {
        errors.add(
            "reasons",
            "required",
            "Cần nêu ít nhất một lý do trả lại hồ sơ",
        );
        return Err(errors);
    }
    if reasons.len() > MAX_RETURN_REASONS {
        errors.add(
            "reasons",
            "too_many",
            format!("Tối đa {MAX_RETURN_REASONS} lý do trả lại"),
        );
        return Err(errors);
    }
    let mut parsed = Vec::with_capacity(reasons.len());
    for (index, r) in reasons.iter().enumerate() {
        let item = errors.take(
            &format!("reasons[{index}].item"),
            required_text(&r.item, "Mục cần bổ sung", MAX_REASON_ITEM_CHARS),
        );
        let reason = errors.take(
            &format!("reasons[{index}].reason"),
            required_text(&r.reason, "Lý do", MAX_REASON_CHARS),
        );
        if let (Some(item), Some(reason)) = (item, reason) {
            parsed.push(ReturnReason { item, reason });
        }
    }
    errors.into_result(parsed)
}

/// Báo cáo đánh giá của UBND xã (Mẫu 03 part II).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuneReport {
    /// 1. Về sử dụng nguyên liệu địa phương.
    pub local_raw_materials: String,
    /// 2. Về sử dụng lao động địa phương.
    pub local_labour: String,
    /// 3. Nguồn gốc ý tưởng sản phẩm.
    pub idea_origin: String,
    /// 4. Bản sắc / trí tuệ địa phương.
    pub local_identity: String,
}

/// What the commune officer submits when accepting a dossier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommuneReportInput {
    pub local_raw_materials: String,
    pub local_labour: String,
    pub idea_origin: String,
    pub local_identity: String,
}

impl CommuneReportInput {
    pub fn fields() -> Vec<InputField> {
        let text = |name, description| InputField {
            name,
            required: true,
            shape: Shape::Text {
                max_chars: MAX_LONG_CHARS,
            },
            description,
        };
        vec![
            text(
                "local_raw_materials",
                "Mẫu 03 II.1 Về sử dụng nguyên liệu địa phương",
            ),
            text("local_labour", "Mẫu 03 II.2 Về sử dụng lao động địa phương"),
            text("idea_origin", "Mẫu 03 II.3 Nguồn gốc ý tưởng sản phẩm"),
            text("local_identity", "Mẫu 03 II.4 Bản sắc, trí tuệ địa phương"),
        ]
    }

    pub fn parse(&self) -> Result<CommuneReport, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut take = |name: &str, value: &str, label: &str| {
            errors.take(name, required_text(value, label, MAX_LONG_CHARS))
        };
        let local_raw_materials = take(
            "local_raw_materials",
            &self.local_raw_materials,
            "Đánh giá sử dụng nguyên liệu địa phương",
        );
        let local_labour = take(
            "local_labour",
            &self.local_labour,
            "Đánh giá sử dụng lao động địa phương",
        );
        let idea_origin = take(
            "idea_origin",
            &self.idea_origin,
            "Nhận xét nguồn gốc ý tưởng sản phẩm",
        );
        let local_identity = take(
            "local_identity",
            &self.local_identity,
            "Đánh giá bản sắc, trí tuệ địa phương",
        );
        match (
            local_raw_materials,
            local_labour,
            idea_origin,
            local_identity,
        ) {
            (
                Some(local_raw_materials),
                Some(local_labour),
                Some(idea_origin),
                Some(local_identity),
            ) if errors.is_empty() => Ok(CommuneReport {
                local_raw_materials,
                local_labour,
                idea_origin,
                local_identity,
            }),
            _ => Err(errors),
        }
    }
}

/// Văn bản đề nghị: the commune's letter proposing the product to the province.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalLetter {
    /// Số văn bản, e.g. `45/UBND-KT`.
    pub number: String,
    #[serde(with = "iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: time::Date,
    /// Người ký.
    pub signer: String,
}

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// The pattern of a date as the API takes it.
pub const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// What the commune officer submits when proposing a dossier to the province.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalInput {
    pub letter_number: String,
    pub letter_date: String,
    pub letter_signer: String,
}

impl ProposalInput {
    pub fn fields() -> Vec<InputField> {
        vec![
            InputField {
                name: "letter_number",
                required: true,
                shape: Shape::Text {
                    max_chars: MAX_LETTER_CHARS,
                },
                description: "Số văn bản đề nghị của UBND xã",
            },
            InputField {
                name: "letter_date",
                required: true,
                shape: Shape::Code {
                    pattern: DATE_PATTERN,
                    max_chars: 10,
                    format: Some("date"),
                },
                description: "Ngày văn bản (YYYY-MM-DD), not before the dossier was received",
            },
            InputField {
                name: "letter_signer",
                required: true,
                shape: Shape::Text {
                    max_chars: MAX_LETTER_CHARS,
                },
                description: "Người ký văn bản",
            },
        ]
    }

    /// Checks the letter; its date may not be before `received` (the dossier's receipt) nor
    /// after `today`.
    pub fn parse(
        &self,
        received: Option<time::Date>,
        today: time::Date,
    ) -> Result<ProposalLetter, FieldErrors> {
        let mut errors = FieldErrors::default();
        let number = errors.take(
            "letter_number",
            required_text(&self.letter_number, "Số văn bản", MAX_LETTER_CHARS),
        );
        let signer = errors.take(
            "letter_signer",
            required_text(&self.letter_signer, "Người ký", MAX_LETTER_CHARS),
        );
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let date = errors.take(
            "letter_date",
            match time::Date::parse(self.letter_date.trim(), &format) {
                Err(_) => Err(invalid(
                    "invalid_date",
                    format!(
                        "Ngày văn bản \"{}\" không hợp lệ (YYYY-MM-DD)",
                        self.letter_date.chars().take(20).collect::<String>()
                    ),
                )),
                Ok(date) if date > today => Err(invalid(
                    "future_date",
                    "Ngày văn bản không được sau hôm nay",
                )),
                Ok(date) if received.is_some_and(|r| date < r) => Err(invalid(
                    "before_receipt",
                    "Ngày văn bản không được trước ngày tiếp nhận hồ sơ",
                )),
                Ok(date) => Ok(date),
            },
        );
        match (number, date, signer) {
            (Some(number), Some(date), Some(signer)) if errors.is_empty() => Ok(ProposalLetter {
                number,
                date,
                signer,
            }),
            _ => Err(errors),
        }
    }
}

/// A dossier as the access rules see it: where its product sits and whose it is.
pub fn resource(
    placement: crate::units::Placement,
    producer_id: uuid::Uuid,
) -> crate::access::Resource {
    crate::access::Resource {
        placement,
        producer_id: Some(producer_id),
        public: false,
        owner_editable: true,
    }
}

#[cfg(test)]
mod tests;
