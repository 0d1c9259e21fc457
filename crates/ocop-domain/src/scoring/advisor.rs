//! Tư vấn nâng hạng: what a product needs to reach one more star.
//!
//! Two steps. First the unmet minimums of the target level and below, each raised to its
//! marked option. Then, if the mean still falls short of the target band, the cheapest set
//! of criterion upgrades that closes the gap: fewest criteria changed, then the fewest
//! option steps. Each criterion either stays or moves to one higher option, so this is a
//! small group knapsack over the gap, solved exactly.
//!
//! Points are handled as sums over the council's members (the mean times the member
//! count), so every comparison is exact; the advice assumes every member would mark the
//! target option.

use serde::Serialize;

use super::member::{MemberScore, position_of};
use super::minimums::LEVELS;
use super::Mean;
use crate::criteria::{CriteriaSet, Criterion, Leaf, Rule, Sheet};

/// Hạng sao tiếp theo: the advice to reach `target_stars`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextStar {
    pub target_stars: u8,
    /// The mean total the target band starts at.
    pub band_min: u32,
    /// Minimums to meet (target level and below), each criterion once, with the option
    /// to aim for.
    pub minimums: Vec<MinimumAdvice>,
    /// The mean total once those minimums are met.
    pub mean_after_minimums: f64,
    /// Points still missing after the minimums (0 when the band is already reached).
    pub points_needed: f64,
    /// The cheapest upgrades that close that gap.
    pub upgrades: Vec<Upgrade>,
    /// Criteria changed by the upgrades, and the option steps they climb.
    pub steps: u32,
    pub effort: u32,
    /// False when the remaining criteria cannot close the gap (e.g. criteria zeroed by a
    /// rule of the sheet are not counted on).
    pub reachable: bool,
    /// Summary in Vietnamese.
    pub message: String,
}

/// A minimum to meet: move the criterion to the marked option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MinimumAdvice {
    pub criterion: String,
    pub name: String,
    /// The star level of the marked option.
    pub stars: u8,
    pub option: u32,
    pub option_text: String,
    pub points: u32,
    /// Added to the mean total.
    pub points_gained: f64,
}

/// An upgrade of one criterion to a higher option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Upgrade {
    pub criterion: String,
    pub name: String,
    pub option: u32,
    pub option_text: String,
    pub points: u32,
    /// Added to the mean total.
    pub points_gained: f64,
    /// Option steps climbed (counting distinct point levels).
    pub effort: u32,
}

/// One possible move for one criterion, in sum units.
struct Move {
    leaf: usize,
    option: u32,
    points: u32,
    gain: u64,
    effort: u32,
}

/// `sums[i]` is the members' total on `leaves[i]`; `stars` the current star (below 5).
pub(super) fn next_star(
    set: &CriteriaSet,
    sheet: &Sheet,
    leaves: &[Leaf<'_>],
    members: &[MemberScore],
    sums: &[u64],
    stars: u8,
) -> Option<NextStar> {
    let target = stars + 1;
    let band_min = set.bands.iter().find(|band| band.stars == target)?.min;
    let count = members.len() as u64;

    let mut raised = sums.to_vec();
    let mut minimums = Vec::new();
    for (position, leaf) in leaves.iter().enumerate() {
        let criterion = leaf.criterion;
        // The highest unmet marked option up to the target level covers the lower ones.
        let aim = LEVELS
            .iter()
            .filter(|&&level| level <= target)
            .filter_map(|&level| {
                let (option, marked) = criterion.star_minimum(level)?;
                let required = u64::from(marked.points) * count;
                (sums[position] < required).then_some((level, option, marked))
            })
            .max_by_key(|(level, _, marked)| (marked.points, *level));
        if let Some((level, option, marked)) = aim {
            raised[position] = u64::from(marked.points) * count;
            minimums.push(MinimumAdvice {
                criterion: criterion.id.clone(),
                name: criterion.name.clone(),
                stars: level,
                option,
                option_text: marked.text.clone(),
                points: marked.points,
                points_gained: Mean {
                    sum: raised[position] - sums[position],
                    count,
                }
                .rounded(),
            });
        }
    }

    let after = Mean {
        sum: raised.iter().sum(),
        count,
    };
    let gap = (u64::from(band_min) * count).saturating_sub(after.sum);
    let blocked = blocked(sheet, leaves, members, sums, &raised);
    let moves: Vec<Vec<Move>> = leaves
        .iter()
        .enumerate()
        .filter(|(position, _)| !blocked[*position])
        .map(|(position, leaf)| moves_for(position, leaf.criterion, members, raised[position], count))
        .filter(|moves| !moves.is_empty())
        .collect();
    let chosen = cheapest(&moves, gap);
    let reachable = chosen.is_some();
    let upgrades: Vec<Upgrade> = chosen
        .unwrap_or_default()
        .into_iter()
        .map(|chosen| {
            let criterion = leaves[chosen.leaf].criterion;
            Upgrade {
                criterion: criterion.id.clone(),
                name: criterion.name.clone(),
                option: chosen.option,
                option_text: option_text(criterion, chosen.option),
                points: chosen.points,
                points_gained: Mean {
                    sum: chosen.gain,
                    count,
                }
                .rounded(),
                effort: chosen.effort,
            }
        })
        .collect();
    let message = message(target, band_min, &minimums, &upgrades, reachable);
    Some(NextStar {
        target_stars: target,
        band_min,
        mean_after_minimums: after.rounded(),
        points_needed: Mean { sum: gap, count }.rounded(),
        steps: upgrades.len() as u32,
        effort: upgrades.iter().map(|upgrade| upgrade.effort).sum(),
        minimums,
        upgrades,
        reachable,
        message,
    })
}

/// Criteria an upgrade would not count on: those voided by an option some member chose,
/// and those that need another criterion which some member scored 0 and the minimums step
/// does not raise.
fn blocked(
    sheet: &Sheet,
    leaves: &[Leaf<'_>],
    members: &[MemberScore],
    sums: &[u64],
    raised: &[u64],
) -> Vec<bool> {
    let mut blocked = vec![false; leaves.len()];
    for rule in &sheet.rules {
        match rule {
            Rule::OptionVoids {
                criterion,
                option,
                voids,
                ..
            } => {
                let Some(source) = position_of(leaves, criterion) else {
                    continue;
                };
                if members.iter().any(|m| m.criteria[source].choice == *option) {
                    for target in voids.iter().filter_map(|id| position_of(leaves, id)) {
                        blocked[target] = true;
                    }
                }
            }
            Rule::RequiresNonzero {
                criterion,
                requires,
                ..
            } => {
                let (Some(target), Some(required)) =
                    (position_of(leaves, criterion), position_of(leaves, requires))
                else {
                    continue;
                };
                let all_nonzero = members.iter().all(|m| m.criteria[required].points > 0);
                if !all_nonzero && raised[required] == sums[required] {
                    blocked[target] = true;
                }
            }
        }
    }
    blocked
}

/// Every higher point level the criterion offers above `current` (a sum over `count`
/// members). Where several options give the same points (a sheet listing two cases), the
/// option after the members' current choice is preferred, as it belongs to their case.
fn moves_for(
    leaf: usize,
    criterion: &Criterion,
    members: &[MemberScore],
    current: u64,
    count: u64,
) -> Vec<Move> {
    let mut levels: Vec<u32> = if criterion.is_yes_no() {
        vec![criterion.max]
    } else {
        criterion.options.iter().map(|option| option.points).collect()
    };
    levels.sort_unstable();
    levels.dedup();
    let reached = levels
        .iter()
        .filter(|&&points| u64::from(points) * count <= current)
        .count();
    let chosen = members
        .iter()
        .map(|member| member.criteria[leaf].choice)
        .max()
        .unwrap_or(0);
    levels
        .iter()
        .enumerate()
        .skip(reached)
        .map(|(rank, &points)| Move {
            leaf,
            option: option_with(criterion, points, chosen),
            points,
            gain: u64::from(points) * count - current,
            effort: (rank + 1 - reached) as u32,
        })
        .collect()
}

fn option_with(criterion: &Criterion, points: u32, chosen: u32) -> u32 {
    if criterion.is_yes_no() {
        return 1;
    }
    let numbered = || {
        criterion
            .options
            .iter()
            .zip(1u32..)
            .filter(move |(option, _)| option.points == points)
            .map(|(_, number)| number)
    };
    numbered()
        .find(|&number| number > chosen)
        .or_else(|| numbered().next())
        .unwrap_or(1)
}

fn option_text(criterion: &Criterion, option: u32) -> String {
    criterion
        .option(option)
        .map_or_else(|| criterion.name.clone(), |option| option.text.clone())
}

/// Lexicographic cost: criteria changed, then option steps.
type Cost = (u32, u32);

/// The cheapest choice of at most one move per group whose gains reach `gap`; `None`
/// when no choice does. `best[g]` is the cheapest cost reaching gain `g` (capped at `gap`).
fn cheapest(groups: &[Vec<Move>], gap: u64) -> Option<Vec<&Move>> {
    let width = usize::try_from(gap).ok()? + 1;
    let mut best: Vec<Option<Cost>> = vec![None; width];
    best[0] = Some((0, 0));
    // came_from[group][g] = (previous gain, move index) when that group improved `g`.
    let mut came_from: Vec<Vec<Option<(usize, usize)>>> = Vec::with_capacity(groups.len());
    for moves in groups {
        let mut next = best.clone();
        let mut from = vec![None; width];
        for (gain, cost) in best.iter().enumerate() {
            let Some((steps, effort)) = *cost else {
                continue;
            };
            for (index, step) in moves.iter().enumerate() {
                let reached = (gain as u64 + step.gain).min(gap) as usize;
                let candidate = (steps + 1, effort + step.effort);
                if next[reached].is_none_or(|known| candidate < known) {
                    next[reached] = Some(candidate);
                    from[reached] = Some((gain, index));
                }
            }
        }
        best = next;
        came_from.push(from);
    }
    best[width - 1]?;
    let mut chosen = Vec::new();
    let mut gain = width - 1;
    for (moves, from) in groups.iter().zip(&came_from).rev() {
        if let Some((previous, index)) = from[gain] {
            chosen.push(&moves[index]);
            gain = previous;
        }
    }
    chosen.reverse();
    Some(chosen)
}

fn message(
    target: u8,
    band_min: u32,
    minimums: &[MinimumAdvice],
    upgrades: &[Upgrade],
    reachable: bool,
) -> String {
    let ids = |ids: Vec<&str>| ids.join(", ");
    let mut parts = Vec::new();
    if !minimums.is_empty() {
        parts.push(format!(
            "đáp ứng yêu cầu tối thiểu ở tiêu chí {}",
            ids(minimums.iter().map(|m| m.criterion.as_str()).collect())
        ));
    }
    if !upgrades.is_empty() {
        parts.push(format!(
            "nâng {} tiêu chí ({}) để điểm trung bình đạt từ {band_min} điểm",
            upgrades.len(),
            ids(upgrades.iter().map(|u| u.criterion.as_str()).collect())
        ));
    }
    if !reachable {
        parts.push(format!(
            "không thể đạt {band_min} điểm chỉ bằng các tiêu chí còn lại (các tiêu chí đang bị tính 0 điểm theo ghi chú của phiếu không được tính)"
        ));
    }
    format!("Để đạt {target} sao: {}", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(leaf: usize, gain: u64, effort: u32) -> Move {
        Move {
            leaf,
            option: 1,
            points: 0,
            gain,
            effort,
        }
    }

    #[test]
    fn fewest_criteria_first_then_least_effort() {
        // Gap 4: one criterion +4 (effort 3) beats two criteria +2 (effort 1 each).
        let groups = vec![
            vec![step(0, 2, 1)],
            vec![step(1, 2, 1)],
            vec![step(2, 1, 1), step(2, 4, 3)],
        ];
        let chosen = cheapest(&groups, 4).unwrap();
        assert_eq!(chosen.len(), 1);
        assert_eq!((chosen[0].leaf, chosen[0].gain), (2, 4));

        // Gap 3 with two single-step criteria: the cheaper one in effort wins.
        let groups = vec![vec![step(0, 3, 2)], vec![step(1, 3, 1)]];
        let chosen = cheapest(&groups, 3).unwrap();
        assert_eq!(chosen[0].leaf, 1);
    }

    #[test]
    fn no_gap_needs_nothing_and_too_big_a_gap_is_unreachable() {
        let groups = vec![vec![step(0, 2, 1)]];
        assert!(cheapest(&groups, 0).unwrap().is_empty());
        assert!(cheapest(&groups, 3).is_none());
    }
}
