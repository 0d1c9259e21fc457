//! Chu trình OCOP thường niên: a province's yearly cycle of six steps (promotion → ideas →
//! business plans → implementation → evaluation and ranking → trade promotion), opened by the
//! provincial OCOP unit with the planned dates of each step. One cycle per province per year.
//! The workflow is versioned like the criteria: V2026 by default; V2023 and V2025 record a
//! historical round as it happened.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::input::{InputField, InputFields, Shape};
use crate::validation::{FieldErrors, invalid};

/// First year a cycle may be recorded for (the programme began in 2018).
pub const MIN_YEAR: i32 = 2018;
/// Last year a cycle may be opened for.
pub const MAX_YEAR: i32 = 2100;
/// A date as the API and forms send it.
pub const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// Phiên bản quy trình: the rules a cycle's round runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WorkflowVersion {
    /// Quyết định 148/QĐ-TTg (2023): district-level 3★ evaluation.
    V2023,
    /// Quyết định 1489/QĐ-TTg (2025).
    V2025,
    /// Quyết định 26/2026/QĐ-TTg: today's rules (the default).
    V2026,
}

impl WorkflowVersion {
    pub const ALL: [WorkflowVersion; 3] = [
        WorkflowVersion::V2026,
        WorkflowVersion::V2025,
        WorkflowVersion::V2023,
    ];

    pub fn key(self) -> &'static str {
        match self {
            WorkflowVersion::V2023 => "V2023",
            WorkflowVersion::V2025 => "V2025",
            WorkflowVersion::V2026 => "V2026",
        }
    }

    pub fn from_key(key: &str) -> Option<WorkflowVersion> {
        WorkflowVersion::ALL.into_iter().find(|v| v.key() == key)
    }

    /// The decision it follows, as people name it.
    pub fn legal_basis(self) -> &'static str {
        match self {
            WorkflowVersion::V2023 => "Quyết định 148/QĐ-TTg",
            WorkflowVersion::V2025 => "Quyết định 1489/QĐ-TTg",
            WorkflowVersion::V2026 => "Quyết định 26/2026/QĐ-TTg",
        }
    }
}

/// One of the six steps of the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Step {
    /// Tuyên truyền, hướng dẫn về OCOP.
    Promotion,
    /// Nhận đăng ký ý tưởng sản phẩm.
    Ideas,
    /// Nhận phương án / dự án sản xuất kinh doanh.
    BusinessPlans,
    /// Triển khai phương án / dự án sản xuất kinh doanh.
    Implementation,
    /// Đánh giá và xếp hạng sản phẩm.
    Evaluation,
    /// Xúc tiến thương mại.
    TradePromotion,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Promotion,
        Step::Ideas,
        Step::BusinessPlans,
        Step::Implementation,
        Step::Evaluation,
        Step::TradePromotion,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Step::Promotion => "promotion",
            Step::Ideas => "ideas",
            Step::BusinessPlans => "business_plans",
            Step::Implementation => "implementation",
            Step::Evaluation => "evaluation",
            Step::TradePromotion => "trade_promotion",
        }
    }

    pub fn from_key(key: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Promotion => "Tuyên truyền, hướng dẫn về OCOP",
            Step::Ideas => "Nhận đăng ký ý tưởng sản phẩm",
            Step::BusinessPlans => "Nhận phương án, dự án sản xuất kinh doanh",
            Step::Implementation => "Triển khai phương án, dự án sản xuất kinh doanh",
            Step::Evaluation => "Đánh giá và xếp hạng sản phẩm",
            Step::TradePromotion => "Xúc tiến thương mại",
        }
    }

    /// The input fields of its planned start and end.
    pub fn fields(self) -> (&'static str, &'static str) {
        match self {
            Step::Promotion => ("promotion_start", "promotion_end"),
            Step::Ideas => ("ideas_start", "ideas_end"),
            Step::BusinessPlans => ("business_plans_start", "business_plans_end"),
            Step::Implementation => ("implementation_start", "implementation_end"),
            Step::Evaluation => ("evaluation_start", "evaluation_end"),
            Step::TradePromotion => ("trade_promotion_start", "trade_promotion_end"),
        }
    }
}

/// A step's planned dates (both within the cycle's year or later: trade promotion runs on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDates {
    pub step: Step,
    pub starts_on: Date,
    pub ends_on: Date,
}

/// A cycle's data, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleData {
    pub year: i32,
    pub workflow_version: WorkflowVersion,
    /// The six steps, in order.
    pub steps: Vec<StepDates>,
}

/// What a form or the API submits to open a cycle or change its dates. The province is the
/// caller's (a provincial officer's) or, for the system, given apart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CycleInput {
    pub year: String,
    /// `V2026` (default), `V2025` or `V2023`.
    pub workflow_version: String,
    pub promotion_start: String,
    pub promotion_end: String,
    pub ideas_start: String,
    pub ideas_end: String,
    pub business_plans_start: String,
    pub business_plans_end: String,
    pub implementation_start: String,
    pub implementation_end: String,
    pub evaluation_start: String,
    pub evaluation_end: String,
    pub trade_promotion_start: String,
    pub trade_promotion_end: String,
}

impl CycleInput {
    fn date_field(&self, name: &str) -> &str {
        match name {
            "promotion_start" => &self.promotion_start,
            "promotion_end" => &self.promotion_end,
            "ideas_start" => &self.ideas_start,
            "ideas_end" => &self.ideas_end,
            "business_plans_start" => &self.business_plans_start,
            "business_plans_end" => &self.business_plans_end,
            "implementation_start" => &self.implementation_start,
            "implementation_end" => &self.implementation_end,
            "evaluation_start" => &self.evaluation_start,
            "evaluation_end" => &self.evaluation_end,
            "trade_promotion_start" => &self.trade_promotion_start,
            _ => &self.trade_promotion_end,
        }
    }

    /// The input that gives `data` back (to fill a form with the stored cycle).
    pub fn from_data(data: &CycleData) -> CycleInput {
        let mut input = CycleInput {
            year: data.year.to_string(),
            workflow_version: data.workflow_version.key().to_owned(),
            ..Default::default()
        };
        for s in &data.steps {
            let (start, end) = s.step.fields();
            let (start_text, end_text) = (iso_date(s.starts_on), iso_date(s.ends_on));
            match start {
                "promotion_start" => input.promotion_start = start_text,
                "ideas_start" => input.ideas_start = start_text,
                "business_plans_start" => input.business_plans_start = start_text,
                "implementation_start" => input.implementation_start = start_text,
                "evaluation_start" => input.evaluation_start = start_text,
                _ => input.trade_promotion_start = start_text,
            }
            match end {
                "promotion_end" => input.promotion_end = end_text,
                "ideas_end" => input.ideas_end = end_text,
                "business_plans_end" => input.business_plans_end = end_text,
                "implementation_end" => input.implementation_end = end_text,
                "evaluation_end" => input.evaluation_end = end_text,
                _ => input.trade_promotion_end = end_text,
            }
        }
        input
    }

    /// Every field checked; each error names its field.
    pub fn parse(&self) -> Result<CycleData, FieldErrors> {
        let mut errors = FieldErrors::default();
        let year = errors.take("year", parse_year(&self.year));
        let workflow_version = match self.workflow_version.trim() {
            "" => Some(WorkflowVersion::V2026),
            raw => match WorkflowVersion::from_key(raw) {
                Some(v) => Some(v),
                None => {
                    errors.add(
                        "workflow_version",
                        "invalid_choice",
                        format!("Phiên bản quy trình \"{raw}\" không hợp lệ; dùng V2026, V2025 hoặc V2023"),
                    );
                    None
                }
            },
        };
        let mut steps = Vec::new();
        for step in Step::ALL {
            let (start_name, end_name) = step.fields();
            let start = errors.take(
                start_name,
                parse_date(self.date_field(start_name), "Ngày bắt đầu"),
            );
            let end = errors.take(
                end_name,
                parse_date(self.date_field(end_name), "Ngày kết thúc"),
            );
            if let (Some(starts_on), Some(ends_on)) = (start, end) {
                if ends_on < starts_on {
                    errors.add(
                        end_name,
                        "end_before_start",
                        format!("{}: ngày kết thúc trước ngày bắt đầu", step.label()),
                    );
                } else if let Some(year) = year
                    && starts_on.year() != year
                {
                    errors.add(
                        start_name,
                        "outside_year",
                        format!("{}: ngày bắt đầu phải trong năm {year}", step.label()),
                    );
                } else {
                    steps.push(StepDates {
                        step,
                        starts_on,
                        ends_on,
                    });
                }
            }
        }
        match (year, workflow_version) {
            (Some(year), Some(workflow_version)) if errors.is_empty() => Ok(CycleData {
                year,
                workflow_version,
                steps,
            }),
            _ => Err(errors),
        }
    }
}

impl InputFields for CycleInput {
    fn fields() -> Vec<InputField> {
        let mut fields = vec![
            InputField {
                name: "year",
                required: true,
                shape: Shape::Integer {
                    min: MIN_YEAR as u32,
                    max: MAX_YEAR as u32,
                },
                description: "Năm của chu trình",
            },
            InputField {
                name: "workflow_version",
                required: false,
                shape: Shape::Choice(&["V2026", "V2025", "V2023"]),
                description: "Phiên bản quy trình: `V2026` (default); `V2025` or `V2023` to record a historical cycle",
            },
        ];
        for step in Step::ALL {
            let (start, end) = step.fields();
            for (name, description) in [
                (start, "Ngày bắt đầu dự kiến (YYYY-MM-DD)"),
                (end, "Ngày kết thúc dự kiến (YYYY-MM-DD)"),
            ] {
                fields.push(InputField {
                    name,
                    required: true,
                    shape: Shape::Code {
                        pattern: DATE_PATTERN,
                        max_chars: 10,
                        format: Some("date"),
                    },
                    description,
                });
            }
        }
        fields
    }
}

/// A year of a cycle, 2018–2100.
pub fn parse_year(raw: &str) -> Result<i32, crate::validation::FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(invalid("required", "Năm không được để trống"));
    }
    match raw.parse::<i32>() {
        Ok(year) if (MIN_YEAR..=MAX_YEAR).contains(&year) => Ok(year),
        _ => Err(invalid(
            "invalid_year",
            format!("Năm \"{raw}\" phải từ {MIN_YEAR} đến {MAX_YEAR}"),
        )),
    }
}

/// A date written `YYYY-MM-DD` (as a date input sends it).
pub fn parse_date(raw: &str, label: &str) -> Result<Date, crate::validation::FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(invalid("required", format!("{label} không được để trống")));
    }
    if raw.len() > 10 {
        return Err(invalid("invalid_date", format!("{label} không hợp lệ")));
    }
    Date::parse(
        raw,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| {
        invalid(
            "invalid_date",
            format!("{label} \"{raw}\" không hợp lệ (dạng năm-tháng-ngày, ví dụ 2026-03-01)"),
        )
    })
}

/// `YYYY-MM-DD`, as date inputs take it.
pub fn iso_date(date: Date) -> String {
    date.format(time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

#[cfg(feature = "openapi")]
crate::input_schemas!(CycleInput: "Chu trình: its year, workflow version and the planned start and end of each of its six steps");

#[cfg(test)]
mod tests {
    use super::*;

    fn input(year: &str) -> CycleInput {
        CycleInput {
            year: year.into(),
            promotion_start: "2026-01-05".into(),
            promotion_end: "2026-03-31".into(),
            ideas_start: "2026-03-01".into(),
            ideas_end: "2026-05-31".into(),
            business_plans_start: "2026-06-01".into(),
            business_plans_end: "2026-08-31".into(),
            implementation_start: "2026-07-01".into(),
            implementation_end: "2026-12-31".into(),
            evaluation_start: "2026-03-01".into(),
            evaluation_end: "2026-12-30".into(),
            trade_promotion_start: "2026-01-05".into(),
            trade_promotion_end: "2027-01-31".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_cycle_has_six_dated_steps_and_v2026_by_default() {
        let data = input("2026").parse().unwrap();
        assert_eq!(data.workflow_version, WorkflowVersion::V2026);
        assert_eq!(data.steps.len(), 6);
        assert_eq!(CycleInput::from_data(&data).parse().unwrap(), data);
    }

    #[test]
    fn bad_dates_and_years_name_their_field() {
        let mut bad = input("1990");
        bad.ideas_end = "2026-02-01".into();
        bad.evaluation_start = "31/12/2026".into();
        bad.workflow_version = "V1999".into();
        let errors = bad.parse().unwrap_err();
        for field in ["year", "ideas_end", "evaluation_start", "workflow_version"] {
            assert!(errors.get(field).is_some(), "{field}: {errors}");
        }
        let mut other_year = input("2026");
        other_year.promotion_start = "2025-12-01".into();
        assert_eq!(
            other_year
                .parse()
                .unwrap_err()
                .get("promotion_start")
                .unwrap()
                .code,
            "outside_year"
        );
        let historical = CycleInput {
            workflow_version: "V2023".into(),
            ..input("2026")
        };
        assert_eq!(
            historical.parse().unwrap().workflow_version,
            WorkflowVersion::V2023
        );
    }
}
