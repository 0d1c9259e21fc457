//! Yêu cầu tối thiểu: the star-marked options a product must reach for each star level.

use serde::{Deserialize, Serialize};

use super::Mean;
use crate::criteria::{Criterion, Leaf};

/// Star levels that carry minimums (`***`, `****`, `*****`).
pub(super) const LEVELS: [u8; 3] = [3, 4, 5];

/// A star minimum the product does not meet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// The highest level whose minimums, and those of every level below, are all met; 2 when
/// a 3-star minimum is unmet. `sums[i]` is the sum over `count` members of the points on
/// `leaves[i]`; a minimum is met when the mean reaches the marked option's points,
/// compared exactly: `sum >= points * count`.
pub(super) fn minimum_stars(leaves: &[Leaf<'_>], sums: &[u64], count: u64) -> u8 {
    let lowest_unmet = leaves
        .iter()
        .zip(sums)
        .flat_map(|(leaf, &sum)| {
            LEVELS
                .into_iter()
                .filter(move |&stars| is_unmet(leaf.criterion, stars, Mean { sum, count }))
        })
        .min();
    lowest_unmet.map_or(5, |stars| stars - 1)
}

/// Every unmet minimum, all levels, in the law's order.
pub(super) fn unmet(leaves: &[Leaf<'_>], sums: &[u64], count: u64) -> Vec<UnmetMinimum> {
    let mut unmet = Vec::new();
    for (leaf, &sum) in leaves.iter().zip(sums) {
        let criterion = leaf.criterion;
        let mean = Mean { sum, count };
        for stars in LEVELS {
            if !is_unmet(criterion, stars, mean) {
                continue;
            }
            if let Some((option, marked)) = criterion.star_minimum(stars) {
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
    unmet
}

fn is_unmet(criterion: &Criterion, stars: u8, mean: Mean) -> bool {
    criterion
        .star_minimum(stars)
        .is_some_and(|(_, marked)| !mean.at_least(marked.points))
}
