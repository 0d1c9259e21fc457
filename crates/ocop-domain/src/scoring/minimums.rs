//! Yêu cầu tối thiểu: the star-marked options a product must reach for each star level.

use serde::Serialize;

use super::Mean;
use crate::criteria::Leaf;

/// Star levels that carry minimums (`***`, `****`, `*****`).
pub(super) const LEVELS: [u8; 3] = [3, 4, 5];

/// A star minimum the product does not meet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmetMinimum {
    pub criterion: String,
    pub name: String,
    /// The star level this minimum belongs to.
    pub stars: u8,
    /// The marked option (1-based) and its text: what the product must reach.
    pub option: u32,
    pub option_text: String,
    pub required_points: u32,
    /// The members' mean points on the criterion, rounded to 2 decimals.
    pub mean_points: f64,
}

pub(super) struct MinimumCheck {
    /// The highest level whose minimums, and those of every level below, are all met;
    /// 2 when a 3-star minimum is unmet.
    pub minimum_stars: u8,
    pub unmet: Vec<UnmetMinimum>,
}

/// Checks every minimum against the members' points. `sums[i]` is the sum over `count`
/// members of the points on `leaves[i]`; a minimum is met when the mean reaches the marked
/// option's points, compared exactly: `sum >= points * count`.
pub(super) fn check(leaves: &[Leaf<'_>], sums: &[u64], count: u64) -> MinimumCheck {
    let mut unmet = Vec::new();
    for (leaf, &sum) in leaves.iter().zip(sums) {
        let criterion = leaf.criterion;
        for stars in LEVELS {
            let Some((option, marked)) = criterion.star_minimum(stars) else {
                continue;
            };
            let mean = Mean { sum, count };
            if !mean.at_least(marked.points) {
                unmet.push(UnmetMinimum {
                    criterion: criterion.id.clone(),
                    name: criterion.name.clone(),
                    stars,
                    option,
                    option_text: marked.text.clone(),
                    required_points: marked.points,
                    mean_points: mean.rounded(),
                });
            }
        }
    }
    let lowest_unmet = unmet.iter().map(|minimum| minimum.stars).min();
    MinimumCheck {
        minimum_stars: lowest_unmet.map_or(5, |stars| stars - 1),
        unmet,
    }
}
