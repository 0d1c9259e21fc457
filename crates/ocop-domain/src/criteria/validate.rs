//! The rules of the criteria format (`FORMAT.md`), checked when a file is loaded, so the
//! scoring engine can trust the tree it walks.

use std::collections::BTreeSet;

use super::{CriteriaError, CriteriaSet, Criterion, PartCode, Rule, Sheet};

/// The law numbers its sheets 1..=26.
const SHEET_NUMBERS: std::ops::RangeInclusive<u8> = 1..=26;
const STAR_MINIMUM_LEVELS: std::ops::RangeInclusive<u8> = 3..=5;

pub(super) fn validate(set: &CriteriaSet) -> Result<(), CriteriaError> {
    let version = || set.version.clone();
    let total = set.part_maxima.total();
    if total != 100 {
        return Err(CriteriaError::PartMaximaTotal {
            version: version(),
            total,
        });
    }
    validate_bands(set)?;
    if !(1..=5).contains(&set.recognised_min_stars) {
        return Err(CriteriaError::RecognisedMinStars {
            version: version(),
            stars: set.recognised_min_stars,
        });
    }
    let mut numbers = BTreeSet::new();
    for sheet in &set.sheets {
        if !SHEET_NUMBERS.contains(&sheet.number) {
            return Err(CriteriaError::SheetNumber {
                version: version(),
                sheet: sheet.number,
            });
        }
        if !numbers.insert(sheet.number) {
            return Err(CriteriaError::DuplicateSheet {
                version: version(),
                sheet: sheet.number,
            });
        }
        SheetCheck { set, sheet }.run()?;
    }
    Ok(())
}

fn validate_bands(set: &CriteriaSet) -> Result<(), CriteriaError> {
    let problem = if set.bands.is_empty() {
        Some("are empty")
    } else if set.bands.iter().any(|band| !(1..=5).contains(&band.stars)) {
        Some("name a star level outside 1..=5")
    } else if set
        .bands
        .windows(2)
        .any(|pair| pair[0].stars <= pair[1].stars)
    {
        Some("must list star levels from high to low")
    } else if set.bands.windows(2).any(|pair| pair[0].min <= pair[1].min) {
        Some("must list minimums from high to low")
    } else if set.bands.last().is_some_and(|band| band.min != 0) {
        Some("must end with a band starting at 0")
    } else if set.bands[0].min > 100 {
        Some("must start at or below 100")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(CriteriaError::Bands {
            version: set.version.clone(),
            problem,
        }),
        None => Ok(()),
    }
}

struct SheetCheck<'a> {
    set: &'a CriteriaSet,
    sheet: &'a Sheet,
}

impl SheetCheck<'_> {
    fn version(&self) -> String {
        self.set.version.clone()
    }

    fn run(&self) -> Result<(), CriteriaError> {
        self.check_knockouts()?;
        self.check_tree()?;
        self.check_rules()?;
        self.check_errata()
    }

    fn check_knockouts(&self) -> Result<(), CriteriaError> {
        let mut seen = BTreeSet::new();
        for knockout in &self.sheet.knockouts {
            if !seen.insert(*knockout) {
                return Err(CriteriaError::DuplicateKnockOut {
                    version: self.version(),
                    sheet: self.sheet.number,
                    code: knockout.code(),
                });
            }
        }
        Ok(())
    }

    fn check_tree(&self) -> Result<(), CriteriaError> {
        let sheet = self.sheet.number;
        let codes: Vec<PartCode> = self.sheet.parts.iter().map(|part| part.code).collect();
        if codes != PartCode::ALL {
            return Err(CriteriaError::Parts {
                version: self.version(),
                sheet,
            });
        }
        let mut section_ids = BTreeSet::new();
        let mut criterion_ids = BTreeSet::new();
        for part in &self.sheet.parts {
            let expected = self.set.part_maxima.get(part.code);
            if part.max != expected {
                return Err(CriteriaError::PartMax {
                    version: self.version(),
                    sheet,
                    part: part.code,
                    max: part.max,
                    expected,
                });
            }
            let sum = part.sections.iter().map(|section| section.max).sum();
            if part.max != sum {
                return Err(CriteriaError::PartSum {
                    version: self.version(),
                    sheet,
                    part: part.code,
                    max: part.max,
                    sum,
                });
            }
            for section in &part.sections {
                if !section_ids.insert(section.id.as_str()) {
                    return Err(CriteriaError::DuplicateSection {
                        version: self.version(),
                        sheet,
                        section: section.id.clone(),
                    });
                }
                let sum = section.criteria.iter().map(|criterion| criterion.max).sum();
                if section.max != sum {
                    return Err(CriteriaError::SectionSum {
                        version: self.version(),
                        sheet,
                        section: section.id.clone(),
                        max: section.max,
                        sum,
                    });
                }
                for criterion in &section.criteria {
                    self.check_criterion(criterion, &mut criterion_ids)?;
                }
            }
        }
        Ok(())
    }

    fn check_criterion<'c>(
        &self,
        criterion: &'c Criterion,
        ids: &mut BTreeSet<&'c str>,
    ) -> Result<(), CriteriaError> {
        let sheet = self.sheet.number;
        if !ids.insert(criterion.id.as_str()) {
            return Err(CriteriaError::DuplicateCriterion {
                version: self.version(),
                sheet,
                criterion: criterion.id.clone(),
            });
        }
        if !criterion.options.is_empty() && !criterion.children.is_empty() {
            return Err(CriteriaError::OptionsAndChildren {
                version: self.version(),
                sheet,
                criterion: criterion.id.clone(),
            });
        }
        // A yes/no criterion is worth its own `max`; nothing to compare it with.
        let expected = if !criterion.children.is_empty() {
            Some(criterion.children.iter().map(|child| child.max).sum())
        } else {
            criterion.options.iter().map(|option| option.points).max()
        };
        if let Some(expected) = expected.filter(|expected| *expected != criterion.max) {
            return Err(CriteriaError::CriterionMax {
                version: self.version(),
                sheet,
                criterion: criterion.id.clone(),
                max: criterion.max,
                expected,
            });
        }
        let mut levels = BTreeSet::new();
        for (index, option) in criterion.options.iter().enumerate() {
            let Some(stars) = option.star_minimum else {
                continue;
            };
            if !STAR_MINIMUM_LEVELS.contains(&stars) {
                return Err(CriteriaError::StarMinimum {
                    version: self.version(),
                    sheet,
                    criterion: criterion.id.clone(),
                    option: index as u32 + 1,
                    stars,
                });
            }
            if !levels.insert(stars) {
                return Err(CriteriaError::DuplicateStarMinimum {
                    version: self.version(),
                    sheet,
                    criterion: criterion.id.clone(),
                    stars,
                });
            }
        }
        for child in &criterion.children {
            self.check_criterion(child, ids)?;
        }
        Ok(())
    }

    fn check_rules(&self) -> Result<(), CriteriaError> {
        let leaves = self.sheet.leaves();
        let leaf = |id: &str| {
            leaves
                .iter()
                .map(|leaf| leaf.criterion)
                .find(|criterion| criterion.id == id)
        };
        for rule in &self.sheet.rules {
            let (criterion, targets): (&str, Vec<&str>) = match rule {
                Rule::RequiresNonzero {
                    criterion,
                    requires,
                    ..
                } => (criterion, vec![criterion, requires]),
                Rule::OptionVoids {
                    criterion, voids, ..
                } => {
                    let mut targets = vec![criterion.as_str()];
                    targets.extend(voids.iter().map(String::as_str));
                    (criterion, targets)
                }
            };
            if let Some(missing) = targets.iter().find(|target| leaf(target).is_none()) {
                return Err(CriteriaError::RuleTarget {
                    version: self.version(),
                    sheet: self.sheet.number,
                    criterion: criterion.to_owned(),
                    target: (*missing).to_owned(),
                });
            }
            if let Rule::OptionVoids { option, .. } = rule {
                let has_option = leaf(criterion).is_some_and(|c| c.option(*option).is_some());
                if !has_option {
                    return Err(CriteriaError::RuleOption {
                        version: self.version(),
                        sheet: self.sheet.number,
                        criterion: criterion.to_owned(),
                        option: *option,
                    });
                }
            }
        }
        Ok(())
    }

    fn check_errata(&self) -> Result<(), CriteriaError> {
        for erratum in &self.sheet.errata {
            let found = self
                .sheet
                .criterion(&erratum.criterion)
                .is_some_and(|criterion| match erratum.option {
                    Some(option) => criterion.option(option).is_some(),
                    None => true,
                });
            if !found {
                return Err(CriteriaError::ErratumTarget {
                    version: self.version(),
                    sheet: self.sheet.number,
                    criterion: erratum.criterion.clone(),
                    option: erratum.option,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::{CriteriaError, CriteriaSet, Library};

    /// Sheet 1 (faithful in points and minimums) and a sheet 11 with child criteria.
    const FIXTURE: &str = include_str!("../../tests/it/fixtures/vtest.json");

    // Pointers into the fixture.
    const SHEET_1: &str = "/sheets/0";
    const CRITERION_1_1: &str = "/sheets/0/parts/0/sections/0/criteria/0";
    const CRITERION_6_1_OF_11: &str = "/sheets/1/parts/2/sections/0/criteria/0";

    fn corrupt(edit: impl FnOnce(&mut Value)) -> CriteriaError {
        let mut value: Value = serde_json::from_str(FIXTURE).unwrap();
        edit(&mut value);
        CriteriaSet::from_json(&value.to_string()).expect_err("the corrupted set must be rejected")
    }

    fn at<'a>(value: &'a mut Value, pointer: &str) -> &'a mut Value {
        value
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("fixture has no {pointer}"))
    }

    #[test]
    fn fixture_is_valid() {
        let set = CriteriaSet::from_json(FIXTURE).unwrap();
        assert_eq!(set.sheets.len(), 2);
    }

    #[test]
    fn part_maxima_must_sum_to_100() {
        let error = corrupt(|v| *at(v, "/part_maxima/A") = json!(41));
        assert!(
            matches!(error, CriteriaError::PartMaximaTotal { total: 101, .. }),
            "{error}"
        );
    }

    #[test]
    fn bands_must_run_high_to_low_and_end_at_0() {
        let error = corrupt(|v| at(v, "/bands").as_array_mut().unwrap().swap(0, 1));
        assert!(matches!(error, CriteriaError::Bands { .. }), "{error}");
        let error = corrupt(|v| *at(v, "/bands/4/min") = json!(10));
        assert!(matches!(error, CriteriaError::Bands { .. }), "{error}");
    }

    #[test]
    fn recognised_min_stars_must_be_a_star_level() {
        let error = corrupt(|v| *at(v, "/recognised_min_stars") = json!(0));
        assert!(
            matches!(error, CriteriaError::RecognisedMinStars { .. }),
            "{error}"
        );
    }

    #[test]
    fn sheet_numbers_are_1_to_26_and_unique() {
        let error = corrupt(|v| *at(v, "/sheets/1/number") = json!(27));
        assert!(
            matches!(error, CriteriaError::SheetNumber { sheet: 27, .. }),
            "{error}"
        );
        let error = corrupt(|v| *at(v, "/sheets/1/number") = json!(1));
        assert!(
            matches!(error, CriteriaError::DuplicateSheet { sheet: 1, .. }),
            "{error}"
        );
    }

    #[test]
    fn parts_are_a_b_c_in_order() {
        let error = corrupt(|v| at(v, "/sheets/0/parts").as_array_mut().unwrap().swap(0, 1));
        assert!(
            matches!(error, CriteriaError::Parts { sheet: 1, .. }),
            "{error}"
        );
    }

    #[test]
    fn part_max_matches_the_version() {
        // Move 5 points from A to C in the sheet only: the sums hold, the maxima do not.
        let error = corrupt(|v| {
            *at(v, "/sheets/0/parts/0/max") = json!(35);
            *at(v, "/sheets/0/parts/2/max") = json!(40);
        });
        assert!(
            matches!(
                error,
                CriteriaError::PartMax {
                    expected: 40,
                    max: 35,
                    ..
                }
            ),
            "{error}"
        );
    }

    #[test]
    fn part_max_is_the_sum_of_its_sections() {
        let error = corrupt(|v| *at(v, "/sheets/0/parts/0/sections/0/max") = json!(19));
        assert!(
            matches!(
                error,
                CriteriaError::PartSum {
                    max: 40,
                    sum: 41,
                    ..
                }
            ),
            "{error}"
        );
    }

    #[test]
    fn section_max_is_the_sum_of_its_criteria() {
        let error = corrupt(|v| {
            *at(v, &format!("{CRITERION_1_1}/max")) = json!(4);
            *at(v, &format!("{CRITERION_1_1}/options/2/points")) = json!(4);
        });
        assert!(
            matches!(&error, CriteriaError::SectionSum { section, max: 18, sum: 19, .. } if section == "1"),
            "{error}"
        );
    }

    #[test]
    fn criterion_max_is_its_highest_option() {
        let error = corrupt(|v| *at(v, &format!("{CRITERION_1_1}/options/2/points")) = json!(2));
        assert!(
            matches!(&error, CriteriaError::CriterionMax { criterion, max: 3, expected: 2, .. } if criterion == "1.1"),
            "{error}"
        );
    }

    #[test]
    fn parent_max_is_the_sum_of_its_children() {
        let error = corrupt(|v| {
            let child = at(v, &format!("{CRITERION_6_1_OF_11}/children/1"));
            child["max"] = json!(3);
            child["options"][2]["points"] = json!(3);
        });
        assert!(
            matches!(&error, CriteriaError::CriterionMax { criterion, max: 4, expected: 5, .. } if criterion == "6.1"),
            "{error}"
        );
    }

    #[test]
    fn a_criterion_has_options_or_children_not_both() {
        let error = corrupt(|v| {
            at(v, CRITERION_6_1_OF_11)["options"] = json!([{"text": "x", "points": 4}]);
        });
        assert!(
            matches!(error, CriteriaError::OptionsAndChildren { .. }),
            "{error}"
        );
    }

    #[test]
    fn star_minimum_is_3_4_or_5_and_once_per_level() {
        let error = corrupt(|v| {
            at(v, &format!("{CRITERION_1_1}/options/0"))["star_minimum"] = json!(2);
        });
        assert!(
            matches!(
                error,
                CriteriaError::StarMinimum {
                    option: 1,
                    stars: 2,
                    ..
                }
            ),
            "{error}"
        );
        let error = corrupt(|v| {
            at(v, &format!("{CRITERION_1_1}/options/0"))["star_minimum"] = json!(3);
            at(v, &format!("{CRITERION_1_1}/options/1"))["star_minimum"] = json!(3);
        });
        assert!(
            matches!(error, CriteriaError::DuplicateStarMinimum { stars: 3, .. }),
            "{error}"
        );
    }

    #[test]
    fn ids_are_unique_within_a_sheet() {
        let error = corrupt(|v| {
            *at(v, "/sheets/0/parts/0/sections/0/criteria/1/id") = json!("1.1");
        });
        assert!(
            matches!(error, CriteriaError::DuplicateCriterion { .. }),
            "{error}"
        );
        let error = corrupt(|v| *at(v, "/sheets/0/parts/0/sections/1/id") = json!("1"));
        assert!(
            matches!(error, CriteriaError::DuplicateSection { .. }),
            "{error}"
        );
    }

    #[test]
    fn knockouts_come_from_the_closed_list_once_each() {
        let error = corrupt(|v| at(v, SHEET_1)["knockouts"] = json!(["bad_smell"]));
        assert!(matches!(error, CriteriaError::Json(_)), "{error}");
        let error = corrupt(|v| at(v, SHEET_1)["knockouts"] = json!(["no_gmp", "no_gmp"]));
        assert!(
            matches!(
                error,
                CriteriaError::DuplicateKnockOut { code: "no_gmp", .. }
            ),
            "{error}"
        );
    }

    #[test]
    fn rule_targets_are_scored_criteria_of_the_sheet() {
        let error = corrupt(|v| *at(v, "/sheets/0/rules/0/requires") = json!("5.9"));
        assert!(
            matches!(&error, CriteriaError::RuleTarget { target, .. } if target == "5.9"),
            "{error}"
        );
        // 6.1 on sheet 11 is a parent: it is not scored, so no rule can name it.
        let error = corrupt(|v| *at(v, "/sheets/1/rules/1/voids/0") = json!("6.1"));
        assert!(
            matches!(&error, CriteriaError::RuleTarget { target, .. } if target == "6.1"),
            "{error}"
        );
        let error = corrupt(|v| *at(v, "/sheets/1/rules/1/option") = json!(4));
        assert!(
            matches!(error, CriteriaError::RuleOption { option: 4, .. }),
            "{error}"
        );
    }

    #[test]
    fn rule_kinds_are_closed() {
        let error = corrupt(|v| *at(v, "/sheets/0/rules/0/kind") = json!("requires_story"));
        assert!(matches!(error, CriteriaError::Json(_)), "{error}");
    }

    #[test]
    fn errata_name_an_existing_criterion_and_option() {
        let error = corrupt(|v| *at(v, "/sheets/1/errata/0/option") = json!(9));
        assert!(
            matches!(
                error,
                CriteriaError::ErratumTarget {
                    option: Some(9),
                    ..
                }
            ),
            "{error}"
        );
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let error = corrupt(|v| at(v, CRITERION_1_1)["star_minumum"] = json!(3));
        assert!(matches!(error, CriteriaError::Json(_)), "{error}");
    }

    #[test]
    fn a_library_holds_each_version_once() {
        let error = Library::from_sources(&[FIXTURE, FIXTURE]).unwrap_err();
        assert!(
            matches!(error, CriteriaError::DuplicateVersion { .. }),
            "{error}"
        );
    }
}
