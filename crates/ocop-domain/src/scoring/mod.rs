//! Đánh giá, phân hạng: the scoring engine. Pure: answers in, evaluation out.
//!
//! Each council member fills the sheet (one option per criterion); the mean total picks
//! the band; the star is the lower of the band and the highest level whose minimums are
//! all met; a knock-out rejects the dossier. See DOMAIN.md §1.2–1.3 and §1.6.

mod advisor;
mod council;
mod error;
mod member;
mod minimums;
mod order;
mod totals;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::criteria::{CriteriaSet, KnockOut, Sheet};

pub use advisor::{MinimumAdvice, NextStar, Upgrade};
pub use council::{Cap, KnockOutEntry};
pub use error::ScoringError;
pub use member::{CriterionScore, MemberScore, SectionScore};
pub use minimums::UnmetMinimum;
pub use order::{AdviceStep, StepKind, gap, unmet_cheapest_first};
pub use totals::{
    MemberTotals, MemberTotalsScore, TotalsAnswers, TotalsEvaluation, evaluate_totals,
};

/// Members' totals may differ by at most this many points before the council must
/// discuss and re-score (provincial rules of procedure; configurable per round).
pub const DEFAULT_SPREAD_THRESHOLD: u32 = 10;

/// The most council members one evaluation takes. Councils have a handful to about fifteen
/// members; the bound keeps the work of one request, and the size of its answer, small.
pub const MAX_MEMBERS: usize = 50;

fn check_member_count(count: usize) -> Result<(), ScoringError> {
    match count {
        0 => Err(ScoringError::NoMembers),
        count if count > MAX_MEMBERS => Err(ScoringError::TooManyMembers {
            count,
            max: MAX_MEMBERS,
        }),
        _ => Ok(()),
    }
}

/// What the council members marked on one sheet, plus the knock-outs found.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Answers {
    pub members: Vec<MemberAnswers>,
    #[serde(default)]
    pub knockouts: Vec<KnockOut>,
    /// Defaults to [`DEFAULT_SPREAD_THRESHOLD`].
    #[serde(default)]
    pub spread_threshold: Option<u32>,
}

impl Answers {
    /// Nothing chosen yet: no option ticked by any member and no knock-out marked. The
    /// engine scores it all the same, but such a result is no verdict to show.
    pub fn is_blank(&self) -> bool {
        self.knockouts.is_empty()
            && self
                .members
                .iter()
                .all(|member| member.choices.values().all(|&choice| choice == 0))
    }
}

/// Phiếu chấm: one council member's choices.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberAnswers {
    pub name: String,
    /// Criterion id → option number (1-based, the law's order). A criterion left out or
    /// given 0 scores 0; for a yes/no criterion 1 means met.
    #[serde(default)]
    pub choices: BTreeMap<String, u32>,
}

/// A mean kept exact as (sum, count), so band limits are compared without rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mean {
    pub sum: u64,
    pub count: u64,
}

impl Mean {
    /// `sum / count >= points`, exactly.
    pub fn at_least(&self, points: u32) -> bool {
        self.sum >= u64::from(points) * self.count
    }

    /// Rounded half up to 2 decimals, for display.
    pub fn rounded(&self) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        let hundredths = (self.sum * 200 + self.count) / (2 * self.count);
        hundredths as f64 / 100.0
    }
}

/// Kết quả đánh giá: the council's result on one sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evaluation {
    pub version: String,
    pub sheet: u8,
    pub sheet_name: String,
    pub members: Vec<MemberScore>,
    /// Tổng điểm trung bình, rounded to 2 decimals; `mean_exact` holds the exact value.
    pub mean_total: f64,
    pub mean_exact: Mean,
    /// Highest minus lowest member total.
    pub spread: u32,
    pub spread_threshold: u32,
    pub rescore_required: bool,
    /// The band the mean total reaches.
    pub band_stars: u8,
    /// The highest level whose minimums (cumulative) are all met.
    pub minimum_stars: u8,
    /// min(band_stars, minimum_stars).
    pub stars: u8,
    pub rejected: bool,
    pub knockouts: Vec<KnockOutEntry>,
    pub certifiable: bool,
    /// Every unmet minimum, all levels.
    pub unmet_minimums: Vec<UnmetMinimum>,
    /// Why the stars are below the band, one entry per level held back.
    pub caps: Vec<Cap>,
    /// What it takes to reach one more star; `None` at 5 stars or when rejected.
    pub next_star: Option<NextStar>,
}

/// Scores one sheet of a criteria set for a council (one or more members).
pub fn evaluate(
    set: &CriteriaSet,
    sheet: u8,
    answers: &Answers,
) -> Result<Evaluation, ScoringError> {
    let sheet = find_sheet(set, sheet)?;
    check_member_count(answers.members.len())?;
    let leaves = sheet.leaves();
    let members = answers
        .members
        .iter()
        .enumerate()
        .map(|(index, member)| member::score_member(sheet, &leaves, index, member))
        .collect::<Result<Vec<_>, _>>()?;
    for (index, knockout) in answers.knockouts.iter().enumerate() {
        if !sheet.knockouts.contains(knockout) {
            return Err(ScoringError::KnockOutNotApplicable {
                index,
                knockout: *knockout,
                sheet: sheet.number,
            });
        }
    }

    let totals: Vec<u32> = members.iter().map(|member| member.total).collect();
    let council = council::Council::new(set, &totals, answers.spread_threshold);
    let sums: Vec<u64> = (0..leaves.len())
        .map(|position| {
            members
                .iter()
                .map(|member| u64::from(member.criteria[position].points))
                .sum()
        })
        .collect();
    let minimum_stars = minimums::minimum_stars(&leaves, &sums, council.mean.count);
    let unmet_minimums = minimums::unmet(&leaves, &sums, council.mean.count);
    let stars = council.band_stars.min(minimum_stars);
    let rejected = !answers.knockouts.is_empty();
    let caps = council::caps(council.band_stars, stars, &unmet_minimums);
    let next_star = if rejected || stars >= 5 {
        None
    } else {
        advisor::next_star(set, sheet, &leaves, &members, &sums, stars)
    };
    Ok(Evaluation {
        version: set.version.clone(),
        sheet: sheet.number,
        sheet_name: sheet.name.clone(),
        members,
        mean_total: council.mean.rounded(),
        mean_exact: council.mean,
        spread: council.spread,
        spread_threshold: council.spread_threshold,
        rescore_required: council.rescore_required,
        band_stars: council.band_stars,
        minimum_stars,
        stars,
        rejected,
        knockouts: council::knockout_entries(&answers.knockouts),
        certifiable: !rejected && stars >= set.recognised_min_stars,
        unmet_minimums,
        caps,
        next_star,
    })
}

fn find_sheet(set: &CriteriaSet, number: u8) -> Result<&Sheet, ScoringError> {
    if set.sheets.is_empty() {
        return Err(ScoringError::SheetsNotHeld {
            version: set.version.clone(),
        });
    }
    set.sheet(number).ok_or_else(|| ScoringError::UnknownSheet {
        version: set.version.clone(),
        sheet: number,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_blank_until_an_option_or_a_knockout_is_chosen() {
        let member = |choices: &[(&str, u32)]| MemberAnswers {
            name: "Thành viên".to_owned(),
            choices: choices
                .iter()
                .map(|(id, choice)| ((*id).to_owned(), *choice))
                .collect(),
        };
        let answers = |members, knockouts| Answers {
            members,
            knockouts,
            spread_threshold: None,
        };
        assert!(answers(vec![member(&[])], Vec::new()).is_blank());
        assert!(answers(vec![member(&[("1.1", 0)])], Vec::new()).is_blank());
        assert!(!answers(vec![member(&[]), member(&[("1.1", 2)])], Vec::new()).is_blank());
        assert!(!answers(vec![member(&[])], vec![KnockOut::ForgedDossier]).is_blank());
    }
}
