//! Bộ tiêu chí: the criteria sets, one per version of the law, as data.
//!
//! A set is a tree: sheet → part (A/B/C) → section → criterion (→ child criteria) → option.
//! The files in `crates/ocop-domain/criteria/` are the source of truth (their format is
//! described in `FORMAT.md`); [`CriteriaSet::from_json`] parses and validates one, and
//! [`Library::load`] holds every version embedded in the binary.

mod error;
mod knockout;
mod library;
mod validate;

use serde::{Deserialize, Serialize};
use time::Date;

pub use error::CriteriaError;
pub use knockout::KnockOut;
pub use library::Library;

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// Bộ tiêu chí: every sheet and rule of one version of the law (e.g. `V2026`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CriteriaSet {
    /// The key used everywhere: API, CLI, stored evaluations.
    pub version: String,
    pub legal_basis: String,
    #[serde(with = "iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub effective_from: Date,
    pub part_maxima: PartPoints,
    /// Star bands on the mean total, listed high to low: the first whose `min` the mean
    /// reaches wins.
    pub bands: Vec<Band>,
    /// The lowest star level that is recognised and certified.
    pub recognised_min_stars: u8,
    /// Empty for versions whose sheets we do not hold; those are scored from part totals.
    pub sheets: Vec<Sheet>,
}

impl CriteriaSet {
    /// Parses a criteria file and checks every rule of the format (see `FORMAT.md`).
    pub fn from_json(json: &str) -> Result<CriteriaSet, CriteriaError> {
        let set: CriteriaSet = serde_json::from_str(json)?;
        validate::validate(&set)?;
        Ok(set)
    }

    /// The sheet with this number (1..=26), if the version holds it.
    pub fn sheet(&self, number: u8) -> Option<&Sheet> {
        self.sheets.iter().find(|sheet| sheet.number == number)
    }
}

/// Points per part (A, B, C): the version's maxima, or one member's part totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PartPoints {
    #[serde(rename = "A")]
    pub a: u32,
    #[serde(rename = "B")]
    pub b: u32,
    #[serde(rename = "C")]
    pub c: u32,
}

impl PartPoints {
    pub fn get(&self, part: PartCode) -> u32 {
        match part {
            PartCode::A => self.a,
            PartCode::B => self.b,
            PartCode::C => self.c,
        }
    }

    pub fn add(&mut self, part: PartCode, points: u32) {
        match part {
            PartCode::A => self.a += points,
            PartCode::B => self.b += points,
            PartCode::C => self.c += points,
        }
    }

    pub fn total(&self) -> u32 {
        self.a + self.b + self.c
    }
}

/// Phần: one of the three parts of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PartCode {
    /// Sản phẩm và sức mạnh của cộng đồng.
    A,
    /// Khả năng tiếp thị.
    B,
    /// Chất lượng sản phẩm.
    C,
}

impl PartCode {
    pub const ALL: [PartCode; 3] = [PartCode::A, PartCode::B, PartCode::C];
}

impl std::fmt::Display for PartCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let code = match self {
            PartCode::A => "A",
            PartCode::B => "B",
            PartCode::C => "C",
        };
        f.write_str(code)
    }
}

/// Hạng sao: a star band, half-open on the mean total: `[min, next band's min)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub stars: u8,
    pub min: u32,
}

/// Phiếu đánh giá (bộ sản phẩm): one scoring sheet, numbered 1..=26.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    pub number: u8,
    pub name: String,
    pub product_group: String,
    #[serde(default)]
    pub subgroup: Option<String>,
    pub lead_ministry: String,
    /// The law's "Hồ sơ bị loại khi" sentence, verbatim.
    pub knockout_text: String,
    /// The knock-outs this sheet applies.
    pub knockouts: Vec<KnockOut>,
    pub parts: Vec<Part>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    #[serde(default)]
    pub errata: Vec<Erratum>,
}

impl Sheet {
    /// The scored criteria (those without children), in the law's order.
    pub fn leaves(&self) -> Vec<Leaf<'_>> {
        let mut leaves = Vec::new();
        for part in &self.parts {
            for section in &part.sections {
                for criterion in &section.criteria {
                    push_leaves(part.code, section, criterion, &mut leaves);
                }
            }
        }
        leaves
    }

    /// Any criterion of the sheet (leaf or parent) by its id, e.g. `2.3` or `6.1.1`.
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.parts
            .iter()
            .flat_map(|part| &part.sections)
            .flat_map(|section| &section.criteria)
            .find_map(|criterion| criterion.find(id))
    }
}

fn push_leaves<'a>(
    part: PartCode,
    section: &'a Section,
    criterion: &'a Criterion,
    leaves: &mut Vec<Leaf<'a>>,
) {
    if criterion.children.is_empty() {
        leaves.push(Leaf {
            part,
            section,
            criterion,
        });
    } else {
        for child in &criterion.children {
            push_leaves(part, section, child, leaves);
        }
    }
}

/// A scored criterion with the part and section it counts towards.
#[derive(Debug, Clone, Copy)]
pub struct Leaf<'a> {
    pub part: PartCode,
    pub section: &'a Section,
    pub criterion: &'a Criterion,
}

/// Phần: part A, B or C of a sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub code: PartCode,
    pub name: String,
    pub max: u32,
    pub sections: Vec<Section>,
}

/// Nhóm tiêu chí: a numbered section of a part, e.g. `1. TỔ CHỨC SẢN XUẤT`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub name: String,
    pub max: u32,
    pub criteria: Vec<Criterion>,
}

/// Tiêu chí: a criterion; scored through its options, or through its children.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The law's number, e.g. `1.1`, `7`, `6.1.1`.
    pub id: String,
    pub name: String,
    pub max: u32,
    #[serde(default)]
    pub requirement: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Mutually exclusive, numbered 1, 2, 3 … in the law's order. Empty for a yes/no
    /// criterion (met = `max` points) and for a criterion with children.
    #[serde(default)]
    pub options: Vec<CriterionOption>,
    /// `no_recursion`: without it the OpenAPI schema collection recurses forever.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<Criterion>,
}

impl Criterion {
    /// True for a yes/no criterion: no options and no children; choice 1 = met.
    pub fn is_yes_no(&self) -> bool {
        self.options.is_empty() && self.children.is_empty()
    }

    /// How many choices a member may make (0 always means "none").
    pub fn choice_count(&self) -> u32 {
        if self.is_yes_no() {
            1
        } else {
            self.options.len() as u32
        }
    }

    /// Points for a choice (1-based option number, 0 = none); `None` when out of range.
    pub fn points_for(&self, choice: u32) -> Option<u32> {
        match choice {
            0 => Some(0),
            _ if choice > self.choice_count() => None,
            _ if self.is_yes_no() => Some(self.max),
            _ => Some(self.options[choice as usize - 1].points),
        }
    }

    /// The option (1-based number) the law marks as the minimum for that star level.
    pub fn star_minimum(&self, stars: u8) -> Option<(u32, &CriterionOption)> {
        self.options
            .iter()
            .enumerate()
            .find(|(_, option)| option.star_minimum == Some(stars))
            .map(|(index, option)| (index as u32 + 1, option))
    }

    /// The option with that 1-based number.
    pub fn option(&self, number: u32) -> Option<&CriterionOption> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        self.options.get(index)
    }

    fn find(&self, id: &str) -> Option<&Criterion> {
        if self.id == id {
            return Some(self);
        }
        self.children.iter().find_map(|child| child.find(id))
    }
}

/// Lựa chọn: one option of a criterion, with its points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CriterionOption {
    pub text: String,
    pub points: u32,
    /// Yêu cầu tối thiểu: this option is the minimum for that star level (3, 4 or 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub star_minimum: Option<u8>,
    /// The points as published, where an erratum corrected them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_points: Option<String>,
}

/// A scoring rule imposed by a note of the law. The kinds are closed; the engine
/// implements each one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// `criterion` scores 0 unless `requires` scored more than 0
    /// (e.g. "Chỉ áp dụng khi có câu chuyện sản phẩm").
    RequiresNonzero {
        criterion: String,
        requires: String,
        text: String,
    },
    /// Choosing `option` of `criterion` scores every criterion in `voids` 0
    /// (e.g. impurities: "sẽ không đánh giá các bước tiếp theo").
    OptionVoids {
        criterion: String,
        option: u32,
        voids: Vec<String>,
        text: String,
    },
}

/// A correction of an obvious misprint in the published text, kept for the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    pub criterion: String,
    #[serde(default)]
    pub option: Option<u32>,
    pub field: String,
    pub published: String,
    pub corrected: String,
    pub reason: String,
}
