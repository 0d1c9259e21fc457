//! Thứ tự việc cần làm: the order in which advice lists what a product is missing,
//! cheapest first.
//!
//! A star is out of reach while any minimum of its level is unmet, whatever the points, so
//! minimums come before optional points. Changes a note of the sheet requires first
//! (prerequisites) lead, as nothing they void counts until they are made. Among the
//! minimums, the smallest gap in points comes first; among the optional upgrades, the
//! fewest option steps, then the most points for them. Ties keep the law's order.

use serde::Serialize;

use super::{NextStar, UnmetMinimum};

/// Why a step is on the list; also its rank in the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// A chosen option makes other criteria score 0: change it before anything else.
    Prerequisite,
    /// A minimum of the target level or below: without it, no such star.
    Minimum,
    /// Points to reach the target band, once the minimums are met.
    Upgrade,
}

/// Việc cần làm: one criterion to raise to one option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdviceStep {
    pub kind: StepKind,
    pub criterion: String,
    pub name: String,
    pub option: u32,
    pub option_text: String,
    /// The criterion's points now (the members' mean, 2 decimals).
    pub points_now: f64,
    /// The option's points, once the step is taken.
    pub points: u32,
    /// The gap: added to the mean total.
    pub points_gained: f64,
}

impl NextStar {
    /// Every step of the advice, cheapest first (see the module's documentation).
    pub fn steps_cheapest_first(&self) -> Vec<AdviceStep> {
        let mut minimums: Vec<_> = self.minimums.iter().collect();
        minimums.sort_by(|a, b| a.points_gained.total_cmp(&b.points_gained));
        let mut upgrades: Vec<_> = self.upgrades.iter().collect();
        upgrades.sort_by(|a, b| {
            a.effort
                .cmp(&b.effort)
                .then(b.points_gained.total_cmp(&a.points_gained))
        });
        let prerequisites = self.prerequisites.iter().map(|step| {
            step_of(
                StepKind::Prerequisite,
                &step.criterion,
                &step.name,
                step.option,
                &step.option_text,
                step.points,
                step.points_gained,
            )
        });
        let minimums = minimums.into_iter().map(|step| {
            step_of(
                StepKind::Minimum,
                &step.criterion,
                &step.name,
                step.option,
                &step.option_text,
                step.points,
                step.points_gained,
            )
        });
        let upgrades = upgrades.into_iter().map(|step| {
            step_of(
                StepKind::Upgrade,
                &step.criterion,
                &step.name,
                step.option,
                &step.option_text,
                step.points,
                step.points_gained,
            )
        });
        prerequisites.chain(minimums).chain(upgrades).collect()
    }
}

fn step_of(
    kind: StepKind,
    criterion: &str,
    name: &str,
    option: u32,
    option_text: &str,
    points: u32,
    points_gained: f64,
) -> AdviceStep {
    AdviceStep {
        kind,
        criterion: criterion.to_owned(),
        name: name.to_owned(),
        option,
        option_text: option_text.to_owned(),
        points_now: two_decimals(f64::from(points) - points_gained),
        points,
        points_gained,
    }
}

fn two_decimals(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The unmet minimums of one star level, the smallest gap in points first (the law's order
/// on ties): the list for a star beyond the next one.
pub fn unmet_cheapest_first(unmet: &[UnmetMinimum], stars: u8) -> Vec<&UnmetMinimum> {
    let mut level: Vec<_> = unmet.iter().filter(|u| u.stars == stars).collect();
    level.sort_by(|a, b| gap(a).total_cmp(&gap(b)));
    level
}

/// Points the criterion still lacks for the minimum.
pub fn gap(unmet: &UnmetMinimum) -> f64 {
    two_decimals(f64::from(unmet.required_points) - unmet.mean_points).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::{MinimumAdvice, Upgrade};

    fn minimum(criterion: &str, points: u32, gained: f64) -> MinimumAdvice {
        MinimumAdvice {
            criterion: criterion.to_owned(),
            name: format!("tiêu chí {criterion}"),
            stars: 4,
            option: 2,
            option_text: "mức cần đạt".to_owned(),
            points,
            points_gained: gained,
        }
    }

    fn upgrade(criterion: &str, points: u32, gained: f64, effort: u32) -> Upgrade {
        Upgrade {
            criterion: criterion.to_owned(),
            name: format!("tiêu chí {criterion}"),
            option: 3,
            option_text: "mức cao hơn".to_owned(),
            points,
            points_gained: gained,
            effort,
        }
    }

    fn advice(
        prerequisites: Vec<Upgrade>,
        minimums: Vec<MinimumAdvice>,
        upgrades: Vec<Upgrade>,
    ) -> NextStar {
        NextStar {
            target_stars: 4,
            band_min: 70,
            prerequisites,
            minimums,
            mean_after_minimums: 60.0,
            points_needed: 10.0,
            steps: upgrades.len() as u32,
            effort: upgrades.iter().map(|u| u.effort).sum(),
            upgrades,
            reachable: true,
            message: String::new(),
        }
    }

    fn order(steps: &[AdviceStep]) -> Vec<(StepKind, &str)> {
        steps
            .iter()
            .map(|s| (s.kind, s.criterion.as_str()))
            .collect()
    }

    #[test]
    fn prerequisites_then_minimums_by_smallest_gap_then_upgrades_by_fewest_steps() {
        let next = advice(
            vec![upgrade("6.1", 2, 2.0, 1)],
            vec![
                minimum("1.5", 3, 3.0),
                minimum("2.3", 3, 1.0),
                minimum("4.1", 4, 2.0),
            ],
            vec![
                upgrade("4.3", 5, 5.0, 4),
                upgrade("5.3", 4, 1.0, 1),
                upgrade("3.2", 3, 3.0, 1),
            ],
        );
        let steps = next.steps_cheapest_first();
        assert_eq!(
            order(&steps),
            [
                (StepKind::Prerequisite, "6.1"),
                (StepKind::Minimum, "2.3"),
                (StepKind::Minimum, "4.1"),
                (StepKind::Minimum, "1.5"),
                // One step each: the one giving more points first.
                (StepKind::Upgrade, "3.2"),
                (StepKind::Upgrade, "5.3"),
                (StepKind::Upgrade, "4.3"),
            ]
        );
        let first_minimum = &steps[1];
        assert_eq!(
            (
                first_minimum.points_now,
                first_minimum.points,
                first_minimum.points_gained
            ),
            (2.0, 3, 1.0)
        );
    }

    #[test]
    fn equal_gaps_keep_the_laws_order() {
        let next = advice(
            Vec::new(),
            vec![
                minimum("9", 2, 2.0),
                minimum("1.5", 2, 2.0),
                minimum("2.1", 2, 1.0),
            ],
            Vec::new(),
        );
        assert_eq!(
            order(&next.steps_cheapest_first()),
            [
                (StepKind::Minimum, "2.1"),
                (StepKind::Minimum, "9"),
                (StepKind::Minimum, "1.5"),
            ]
        );
    }

    #[test]
    fn a_council_mean_gives_fractional_points_now() {
        let next = advice(Vec::new(), vec![minimum("2.3", 3, 1.33)], Vec::new());
        assert_eq!(next.steps_cheapest_first()[0].points_now, 1.67);
    }

    #[test]
    fn further_levels_list_their_own_minimums_smallest_gap_first() {
        let unmet =
            |criterion: &str, stars: u8, required_points: u32, mean_points: f64| UnmetMinimum {
                criterion: criterion.to_owned(),
                name: String::new(),
                stars,
                option: 1,
                option_text: String::new(),
                required_points,
                mean_points,
            };
        let all = [
            unmet("1.3", 5, 3, 0.0),
            unmet("2.3", 4, 3, 2.0),
            unmet("4.1", 5, 4, 3.0),
            unmet("1.5", 5, 4, 2.5),
        ];
        let five: Vec<&str> = unmet_cheapest_first(&all, 5)
            .iter()
            .map(|u| u.criterion.as_str())
            .collect();
        assert_eq!(five, ["4.1", "1.5", "1.3"]);
        assert_eq!(gap(&all[3]), 1.5);
        assert!(unmet_cheapest_first(&all, 3).is_empty());
    }
}
