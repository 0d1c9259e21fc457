use crate::criteria::{KnockOut, PartCode};

/// Answers that cannot be scored. Each error names the offending item: `code()` is stable
/// for the API, `message()` is the Vietnamese text for users, `field()` the input path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoringError {
    #[error("version {version} holds no sheets; score it from part totals")]
    SheetsNotHeld { version: String },
    #[error("version {version} has no sheet {sheet}")]
    UnknownSheet { version: String, sheet: u8 },
    #[error("no council member answered")]
    NoMembers,
    #[error("{count} members answered; at most {max} are taken")]
    TooManyMembers { count: usize, max: usize },
    #[error("member {member}: sheet has no criterion {criterion}")]
    UnknownCriterion { member: usize, criterion: String },
    #[error("member {member}: criterion {criterion} is scored through its children")]
    ParentCriterion { member: usize, criterion: String },
    #[error("member {member}: criterion {criterion} has no option {choice} (it has {options})")]
    OptionOutOfRange {
        member: usize,
        criterion: String,
        choice: u32,
        options: u32,
    },
    #[error("knock-out {} does not apply to sheet {sheet}", knockout.code())]
    KnockOutNotApplicable {
        index: usize,
        knockout: KnockOut,
        sheet: u8,
    },
    #[error("member {member}: part {part} has {points} points, more than its maximum {max}")]
    PartOverMaximum {
        member: usize,
        part: PartCode,
        points: u32,
        max: u32,
    },
}

impl ScoringError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ScoringError::SheetsNotHeld { .. } => "sheets_not_held",
            ScoringError::UnknownSheet { .. } => "unknown_sheet",
            ScoringError::NoMembers => "no_members",
            ScoringError::TooManyMembers { .. } => "too_many_members",
            ScoringError::UnknownCriterion { .. } => "unknown_criterion",
            ScoringError::ParentCriterion { .. } => "parent_criterion",
            ScoringError::OptionOutOfRange { .. } => "option_out_of_range",
            ScoringError::KnockOutNotApplicable { .. } => "knockout_not_applicable",
            ScoringError::PartOverMaximum { .. } => "part_over_maximum",
        }
    }

    /// The input path at fault, e.g. `members[0].choices.1.9` or `knockouts[1]`.
    pub fn field(&self) -> String {
        match self {
            ScoringError::SheetsNotHeld { .. } | ScoringError::UnknownSheet { .. } => {
                "sheet".to_owned()
            }
            ScoringError::NoMembers | ScoringError::TooManyMembers { .. } => "members".to_owned(),
            ScoringError::UnknownCriterion { member, criterion }
            | ScoringError::ParentCriterion { member, criterion }
            | ScoringError::OptionOutOfRange {
                member, criterion, ..
            } => format!("members[{member}].choices.{criterion}"),
            ScoringError::KnockOutNotApplicable { index, .. } => format!("knockouts[{index}]"),
            ScoringError::PartOverMaximum { member, part, .. } => {
                format!("members[{member}].parts.{part}")
            }
        }
    }

    /// The message shown to users, in Vietnamese.
    pub fn message(&self) -> String {
        match self {
            ScoringError::SheetsNotHeld { version } => format!(
                "Bộ tiêu chí {version} không có phiếu đánh giá chi tiết; hãy nhập điểm theo từng phần A, B, C"
            ),
            ScoringError::UnknownSheet { version, sheet } => {
                format!("Bộ tiêu chí {version} không có phiếu đánh giá số {sheet}")
            }
            ScoringError::NoMembers => "Chưa có phiếu chấm của thành viên hội đồng nào".to_owned(),
            ScoringError::TooManyMembers { count, max } => format!(
                "Có {count} phiếu chấm; một lần đánh giá nhận tối đa {max} thành viên hội đồng"
            ),
            ScoringError::UnknownCriterion { member, criterion } => format!(
                "Phiếu của thành viên thứ {}: không có tiêu chí {criterion} trong phiếu đánh giá",
                member + 1
            ),
            ScoringError::ParentCriterion { member, criterion } => format!(
                "Phiếu của thành viên thứ {}: tiêu chí {criterion} được chấm qua các tiêu chí con, không chấm trực tiếp",
                member + 1
            ),
            ScoringError::OptionOutOfRange {
                member,
                criterion,
                choice,
                options,
            } => format!(
                "Phiếu của thành viên thứ {}: tiêu chí {criterion} không có lựa chọn số {choice} (chỉ có {options} lựa chọn)",
                member + 1
            ),
            ScoringError::KnockOutNotApplicable {
                knockout, sheet, ..
            } => format!(
                "Điều kiện loại hồ sơ \"{}\" không áp dụng cho phiếu đánh giá số {sheet}",
                knockout.label()
            ),
            ScoringError::PartOverMaximum {
                member,
                part,
                points,
                max,
            } => format!(
                "Phiếu của thành viên thứ {}: phần {part} được {points} điểm, vượt quá điểm tối đa {max}",
                member + 1
            ),
        }
    }
}
