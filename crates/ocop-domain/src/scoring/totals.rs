//! Scoring from part totals entered by hand, for versions whose sheets we do not hold
//! (V2025, V2023, V2019): bands only, the star minimums cannot be checked.

use serde::{Deserialize, Serialize};

use super::council::{self, Council, KnockOutEntry};
use super::{Mean, ScoringError};
use crate::criteria::{CriteriaSet, KnockOut, PartCode, PartPoints};

/// The council's part totals, plus the knock-outs found.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TotalsAnswers {
    pub members: Vec<MemberTotals>,
    #[serde(default)]
    pub knockouts: Vec<KnockOut>,
    #[serde(default)]
    pub spread_threshold: Option<u32>,
}

/// One member's points per part, as written on the old paper sheet.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberTotals {
    pub name: String,
    pub parts: PartPoints,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberTotalsScore {
    pub name: String,
    pub total: u32,
    pub parts: PartPoints,
}

/// The result of scoring from part totals: the band is the star.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotalsEvaluation {
    pub version: String,
    pub members: Vec<MemberTotalsScore>,
    pub mean_total: f64,
    pub mean_exact: Mean,
    pub spread: u32,
    pub spread_threshold: u32,
    pub rescore_required: bool,
    pub band_stars: u8,
    /// Equal to `band_stars`: without the sheet no minimum can cap it.
    pub stars: u8,
    pub rejected: bool,
    pub knockouts: Vec<KnockOutEntry>,
    pub certifiable: bool,
    /// Always false here: say so wherever the result is shown.
    pub minimums_checked: bool,
    /// Vietnamese note for the result page.
    pub note: &'static str,
}

const NOTE: &str = "Chấm theo tổng điểm từng phần: chưa kiểm tra các yêu cầu tối thiểu (dấu sao) của phiếu đánh giá; hạng sao chỉ dựa trên điểm trung bình";

/// Scores a council from hand-entered part totals. Any version may be scored this way;
/// each part must be within that version's maxima. Every knock-out code is accepted, as
/// there is no sheet to say which apply.
pub fn evaluate_totals(
    set: &CriteriaSet,
    answers: &TotalsAnswers,
) -> Result<TotalsEvaluation, ScoringError> {
    super::check_member_count(answers.members.len())?;
    for (member, totals) in answers.members.iter().enumerate() {
        for part in PartCode::ALL {
            let points = totals.parts.get(part);
            let max = set.part_maxima.get(part);
            if points > max {
                return Err(ScoringError::PartOverMaximum {
                    member,
                    part,
                    points,
                    max,
                });
            }
        }
    }
    let members: Vec<MemberTotalsScore> = answers
        .members
        .iter()
        .map(|member| MemberTotalsScore {
            name: member.name.clone(),
            total: member.parts.total(),
            parts: member.parts,
        })
        .collect();
    let totals: Vec<u32> = members.iter().map(|member| member.total).collect();
    let council = Council::new(set, &totals, answers.spread_threshold);
    let rejected = !answers.knockouts.is_empty();
    Ok(TotalsEvaluation {
        version: set.version.clone(),
        members,
        mean_total: council.mean.rounded(),
        mean_exact: council.mean,
        spread: council.spread,
        spread_threshold: council.spread_threshold,
        rescore_required: council.rescore_required,
        band_stars: council.band_stars,
        stars: council.band_stars,
        rejected,
        knockouts: council::knockout_entries(&answers.knockouts),
        certifiable: !rejected && council.band_stars >= set.recognised_min_stars,
        minimums_checked: false,
        note: NOTE,
    })
}
