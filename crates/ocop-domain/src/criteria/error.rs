use super::PartCode;

/// A criteria file that cannot be used: it does not parse, or it breaks a rule of the
/// format. Each error names the version, sheet and item at fault so the data can be fixed.
#[derive(Debug, thiserror::Error)]
pub enum CriteriaError {
    #[error("criteria file does not match the format: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{version}: part maxima sum to {total}, not 100")]
    PartMaximaTotal { version: String, total: u32 },
    #[error("{version}: bands {problem}")]
    Bands {
        version: String,
        problem: &'static str,
    },
    #[error("{version}: recognised_min_stars {stars} is not a star level 1..=5")]
    RecognisedMinStars { version: String, stars: u8 },
    #[error("{version}: sheet number {sheet} is outside 1..=26")]
    SheetNumber { version: String, sheet: u8 },
    #[error("{version}: sheet {sheet} appears twice")]
    DuplicateSheet { version: String, sheet: u8 },
    #[error("{version} sheet {sheet}: parts must be A, B, C, once each and in that order")]
    Parts { version: String, sheet: u8 },
    #[error("{version} sheet {sheet}: part {part} max is {max}, the version says {expected}")]
    PartMax {
        version: String,
        sheet: u8,
        part: PartCode,
        max: u32,
        expected: u32,
    },
    #[error("{version} sheet {sheet}: part {part} max is {max}, its sections sum to {sum}")]
    PartSum {
        version: String,
        sheet: u8,
        part: PartCode,
        max: u32,
        sum: u32,
    },
    #[error("{version} sheet {sheet}: section {section} max is {max}, its criteria sum to {sum}")]
    SectionSum {
        version: String,
        sheet: u8,
        section: String,
        max: u32,
        sum: u32,
    },
    #[error("{version} sheet {sheet}: section id {section} appears twice")]
    DuplicateSection {
        version: String,
        sheet: u8,
        section: String,
    },
    #[error("{version} sheet {sheet}: criterion id {criterion} appears twice")]
    DuplicateCriterion {
        version: String,
        sheet: u8,
        criterion: String,
    },
    #[error(
        "{version} sheet {sheet}: criterion {criterion} max is {max}, its options or children give {expected}"
    )]
    CriterionMax {
        version: String,
        sheet: u8,
        criterion: String,
        max: u32,
        expected: u32,
    },
    #[error("{version} sheet {sheet}: criterion {criterion} has both options and children")]
    OptionsAndChildren {
        version: String,
        sheet: u8,
        criterion: String,
    },
    #[error(
        "{version} sheet {sheet}: criterion {criterion} option {option} has star_minimum {stars}, not 3, 4 or 5"
    )]
    StarMinimum {
        version: String,
        sheet: u8,
        criterion: String,
        option: u32,
        stars: u8,
    },
    #[error(
        "{version} sheet {sheet}: criterion {criterion} marks more than one option as the {stars}-star minimum"
    )]
    DuplicateStarMinimum {
        version: String,
        sheet: u8,
        criterion: String,
        stars: u8,
    },
    #[error("{version} sheet {sheet}: knock-out {code} is listed twice")]
    DuplicateKnockOut {
        version: String,
        sheet: u8,
        code: &'static str,
    },
    #[error(
        "{version} sheet {sheet}: rule on {criterion} names {target}, which is not a scored criterion of the sheet"
    )]
    RuleTarget {
        version: String,
        sheet: u8,
        criterion: String,
        target: String,
    },
    #[error(
        "{version} sheet {sheet}: rule on {criterion} names option {option}, which it does not have"
    )]
    RuleOption {
        version: String,
        sheet: u8,
        criterion: String,
        option: u32,
    },
    #[error(
        "{version} sheet {sheet}: erratum names criterion {criterion} option {option:?}, which the sheet does not have"
    )]
    ErratumTarget {
        version: String,
        sheet: u8,
        criterion: String,
        option: Option<u32>,
    },
    #[error("version {version} is embedded twice")]
    DuplicateVersion { version: String },
}
