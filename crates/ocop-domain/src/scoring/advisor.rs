//! Tư vấn nâng hạng: what a product needs to reach one more star.
//!
//! Two steps (after lifting any choice that a note of the sheet makes zero other
//! criteria). First the unmet minimums of the target level and below, each raised to its
//! marked option. Then, if the mean still falls short of the target band, the cheapest set
//! of criterion upgrades that closes the gap: fewest criteria changed, then the fewest
//! option steps. Each criterion either stays or moves to one higher option, so this is a
//! small group knapsack over the gap, solved exactly.
//!
//! Points are handled as sums over the council's members (the mean times the member
//! count), so every comparison is exact; the advice assumes every member would mark the
//! target option.

use serde::{Deserialize, Serialize};

use super::Mean;
use super::member::{MemberScore, position_of};
use super::minimums::LEVELS;
use crate::criteria::{CriteriaSet, Criterion, Leaf, Rule, Sheet};

/// Hạng sao tiếp theo: the advice to reach `target_stars`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextStar {
    pub target_stars: u8,
    /// The mean total the target band starts at.
    pub band_min: u32,
    /// Changes needed first because a note of the sheet zeroes other criteria meanwhile:
    /// a chosen option that voids others (impurities), or a criterion another one needs.
    pub prerequisites: Vec<Upgrade>,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// The product's points per criterion as the advice raises them, summed over members.
struct Plan<'a> {
    sheet: &'a Sheet,
    leaves: &'a [Leaf<'a>],
    members: &'a [MemberScore],
    count: u64,
    raised: Vec<u64>,
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
    let mut plan = Plan {
        sheet,
        leaves,
        members,
        count,
        raised: sums.to_vec(),
    };
    let mut prerequisites = Vec::new();
    let mut blocked = vec![false; leaves.len()];

    // A chosen option that voids other criteria (impurities) must go first: until it
    // does, nothing the voided criteria score counts.
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
        if !members.iter().any(|m| m.criteria[source].choice == *option) {
            continue;
        }
        match plan.moves(source).into_iter().next() {
            Some(step) => prerequisites.push(plan.apply(step)),
            None => {
                for voided in voids.iter().filter_map(|id| position_of(leaves, id)) {
                    blocked[voided] = true;
                }
            }
        }
    }

    let minimums = plan.meet_minimums(target);

    // A criterion that only counts when another one scores (5.2 needs a story in 5.1):
    // if a minimum raised it, the other one must score too; otherwise upgrades leave it be.
    for rule in &sheet.rules {
        let Rule::RequiresNonzero {
            criterion,
            requires,
            ..
        } = rule
        else {
            continue;
        };
        let (Some(dependent), Some(required)) = (
            position_of(leaves, criterion),
            position_of(leaves, requires),
        ) else {
            continue;
        };
        let scores_for_all = members.iter().all(|m| m.criteria[required].points > 0)
            || plan.raised[required] > sums[required];
        if scores_for_all {
            continue;
        }
        let raised_by_minimum = plan.raised[dependent] > sums[dependent];
        match plan.moves(required).into_iter().next() {
            Some(step) if raised_by_minimum => prerequisites.push(plan.apply(step)),
            _ => blocked[dependent] = true,
        }
    }

    let after = Mean {
        sum: plan.raised.iter().sum(),
        count,
    };
    let gap = (u64::from(band_min) * count).saturating_sub(after.sum);
    let moves: Vec<Vec<Move>> = (0..leaves.len())
        .filter(|&position| !blocked[position])
        .map(|position| plan.moves(position))
        .filter(|moves| !moves.is_empty())
        .collect();
    let chosen = cheapest(&moves, gap);
    let reachable = chosen.is_some();
    let upgrades: Vec<Upgrade> = chosen
        .unwrap_or_default()
        .into_iter()
        .map(|step| plan.upgrade(step))
        .collect();
    let message = message(
        target,
        band_min,
        &prerequisites,
        &minimums,
        &upgrades,
        reachable,
    );
    Some(NextStar {
        target_stars: target,
        band_min,
        prerequisites,
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

impl Plan<'_> {
    /// Raises each criterion to its highest unmet marked option up to the target level
    /// (which covers the lower levels' options on the same criterion).
    fn meet_minimums(&mut self, target: u8) -> Vec<MinimumAdvice> {
        let mut minimums = Vec::new();
        for (position, leaf) in self.leaves.iter().enumerate() {
            let criterion = leaf.criterion;
            let current = self.raised[position];
            let aim = LEVELS
                .iter()
                .filter(|&&level| level <= target)
                .filter_map(|&level| {
                    let (option, marked) = criterion.star_minimum(level)?;
                    (current < u64::from(marked.points) * self.count)
                        .then_some((level, option, marked))
                })
                .max_by_key(|(level, _, marked)| (marked.points, *level));
            let Some((level, option, marked)) = aim else {
                continue;
            };
            self.raised[position] = u64::from(marked.points) * self.count;
            minimums.push(MinimumAdvice {
                criterion: criterion.id.clone(),
                name: criterion.name.clone(),
                stars: level,
                option,
                option_text: marked.text.clone(),
                points: marked.points,
                points_gained: Mean {
                    sum: self.raised[position] - current,
                    count: self.count,
                }
                .rounded(),
            });
        }
        minimums
    }

    /// Every higher point level the criterion offers above its current points, lowest
    /// first. Where several options give the same points (a sheet listing two cases), the
    /// option after the members' current choice is preferred, as it belongs to their case.
    /// Options that void other criteria are never a target.
    fn moves(&self, leaf: usize) -> Vec<Move> {
        let criterion = self.leaves[leaf].criterion;
        let current = self.raised[leaf];
        let candidates: Vec<(u32, u32)> = if criterion.is_yes_no() {
            vec![(1, criterion.max)]
        } else {
            criterion
                .options
                .iter()
                .zip(1u32..)
                .filter(|(_, number)| !self.voids_others(criterion, *number))
                .map(|(option, number)| (number, option.points))
                .collect()
        };
        let mut levels: Vec<u32> = candidates.iter().map(|(_, points)| *points).collect();
        levels.sort_unstable();
        levels.dedup();
        let reached = levels
            .iter()
            .filter(|&&points| u64::from(points) * self.count <= current)
            .count();
        let chosen = self
            .members
            .iter()
            .map(|member| member.criteria[leaf].choice)
            .max()
            .unwrap_or(0);
        levels
            .iter()
            .enumerate()
            .skip(reached)
            .map(|(rank, &points)| {
                let with_points = candidates.iter().filter(|(_, p)| *p == points);
                let option = with_points
                    .clone()
                    .find(|(number, _)| *number > chosen)
                    .or_else(|| with_points.clone().next())
                    .map_or(1, |(number, _)| *number);
                Move {
                    leaf,
                    option,
                    points,
                    gain: u64::from(points) * self.count - current,
                    effort: (rank + 1 - reached) as u32,
                }
            })
            .collect()
    }

    fn voids_others(&self, criterion: &Criterion, number: u32) -> bool {
        self.sheet.rules.iter().any(|rule| {
            matches!(rule, Rule::OptionVoids { criterion: id, option, .. }
                if *id == criterion.id && *option == number)
        })
    }

    fn apply(&mut self, step: Move) -> Upgrade {
        self.raised[step.leaf] = u64::from(step.points) * self.count;
        self.upgrade(&step)
    }

    fn upgrade(&self, step: &Move) -> Upgrade {
        let criterion = self.leaves[step.leaf].criterion;
        Upgrade {
            criterion: criterion.id.clone(),
            name: criterion.name.clone(),
            option: step.option,
            option_text: option_text(criterion, step.option),
            points: step.points,
            points_gained: Mean {
                sum: step.gain,
                count: self.count,
            }
            .rounded(),
            effort: step.effort,
        }
    }
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
    prerequisites: &[Upgrade],
    minimums: &[MinimumAdvice],
    upgrades: &[Upgrade],
    reachable: bool,
) -> String {
    let ids = |ids: Vec<&str>| ids.join(", ");
    let mut parts = Vec::new();
    if !prerequisites.is_empty() {
        parts.push(format!(
            "trước hết nâng tiêu chí {} (theo ghi chú của phiếu, lựa chọn hiện tại làm các tiêu chí khác bị tính 0 điểm)",
            ids(prerequisites.iter().map(|u| u.criterion.as_str()).collect())
        ));
    }
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
