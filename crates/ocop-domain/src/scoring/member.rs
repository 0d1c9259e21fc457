//! One council member's sheet: choices → points per criterion, section, part and total.

use serde::Serialize;

use super::{MemberAnswers, ScoringError, minimums};
use crate::criteria::{Leaf, PartPoints, Rule, Sheet};

/// Phiếu chấm của một thành viên: one member's scored sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberScore {
    pub name: String,
    pub total: u32,
    pub parts: PartPoints,
    pub sections: Vec<SectionScore>,
    /// Every scored criterion, in the law's order.
    pub criteria: Vec<CriterionScore>,
    /// The highest star level whose minimums this member's points all meet.
    pub minimum_stars: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SectionScore {
    pub id: String,
    pub points: u32,
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionScore {
    pub criterion: String,
    /// Option number (1-based), 0 = none.
    pub choice: u32,
    pub points: u32,
    /// The criterion whose rule scored this one 0 although an option was chosen
    /// (`requires_nonzero`: the required criterion; `option_voids`: the voiding one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zeroed_by: Option<String>,
}

pub(super) fn score_member(
    sheet: &Sheet,
    leaves: &[Leaf<'_>],
    index: usize,
    answers: &MemberAnswers,
) -> Result<MemberScore, ScoringError> {
    let mut criteria: Vec<CriterionScore> = leaves
        .iter()
        .map(|leaf| CriterionScore {
            criterion: leaf.criterion.id.clone(),
            choice: 0,
            points: 0,
            zeroed_by: None,
        })
        .collect();
    for (id, &choice) in &answers.choices {
        let Some(position) = position_of(leaves, id) else {
            return Err(if sheet.criterion(id).is_some() {
                ScoringError::ParentCriterion {
                    member: index,
                    criterion: id.clone(),
                }
            } else {
                ScoringError::UnknownCriterion {
                    member: index,
                    criterion: id.clone(),
                }
            });
        };
        let criterion = leaves[position].criterion;
        let points =
            criterion
                .points_for(choice)
                .ok_or_else(|| ScoringError::OptionOutOfRange {
                    member: index,
                    criterion: id.clone(),
                    choice,
                    options: criterion.choice_count(),
                })?;
        criteria[position].choice = choice;
        criteria[position].points = points;
    }
    apply_rules(sheet, leaves, &mut criteria);

    let mut parts = PartPoints::default();
    for (leaf, score) in leaves.iter().zip(&criteria) {
        parts.add(leaf.part, score.points);
    }
    let sections = sheet
        .parts
        .iter()
        .flat_map(|part| &part.sections)
        .map(|section| SectionScore {
            id: section.id.clone(),
            points: leaves
                .iter()
                .zip(&criteria)
                .filter(|(leaf, _)| std::ptr::eq(leaf.section, section))
                .map(|(_, score)| score.points)
                .sum(),
            max: section.max,
        })
        .collect();
    let sums: Vec<u64> = criteria
        .iter()
        .map(|score| u64::from(score.points))
        .collect();
    let minimum_stars = minimums::minimum_stars(leaves, &sums, 1);
    Ok(MemberScore {
        name: answers.name.clone(),
        total: parts.total(),
        parts,
        sections,
        criteria,
        minimum_stars,
    })
}

pub(super) fn position_of(leaves: &[Leaf<'_>], id: &str) -> Option<usize> {
    leaves.iter().position(|leaf| leaf.criterion.id == id)
}

/// Applies the notes of the law. Voiding comes first, as it depends on the choice alone;
/// then `requires_nonzero` until nothing changes, so a chain (c needs b needs a) settles
/// whatever order the rules are listed in.
fn apply_rules(sheet: &Sheet, leaves: &[Leaf<'_>], criteria: &mut [CriterionScore]) {
    for rule in &sheet.rules {
        let Rule::OptionVoids {
            criterion,
            option,
            voids,
            ..
        } = rule
        else {
            continue;
        };
        let Some(source) = position_of(leaves, criterion) else {
            continue;
        };
        if criteria[source].choice != *option {
            continue;
        }
        for target in voids.iter().filter_map(|id| position_of(leaves, id)) {
            zero(&mut criteria[target], criterion);
        }
    }
    loop {
        let mut changed = false;
        for rule in &sheet.rules {
            let Rule::RequiresNonzero {
                criterion,
                requires,
                ..
            } = rule
            else {
                continue;
            };
            let (Some(target), Some(required)) = (
                position_of(leaves, criterion),
                position_of(leaves, requires),
            ) else {
                continue;
            };
            if criteria[required].points == 0 && criteria[target].points > 0 {
                zero(&mut criteria[target], requires);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

fn zero(score: &mut CriterionScore, by: &str) {
    if score.points > 0 {
        score.points = 0;
        score.zeroed_by = Some(by.to_owned());
    }
}
