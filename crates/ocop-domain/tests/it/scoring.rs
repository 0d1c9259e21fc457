//! The scoring engine against the embedded V2026 criteria: every sheet at its best and
//! worst, properties over random answers, the worked examples and the error cases.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use ocop_domain::criteria::{CriteriaSet, Criterion, KnockOut, Library, PartPoints, Sheet};
use ocop_domain::scoring::{
    Answers, Evaluation, MemberAnswers, MemberTotals, NextStar, ScoringError, TotalsAnswers,
    evaluate, evaluate_totals,
};
use proptest::prelude::*;

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::load().expect("embedded criteria load"))
}

fn v2026() -> &'static CriteriaSet {
    library().version("V2026").expect("V2026 is embedded")
}

fn sheet(number: u8) -> &'static Sheet {
    v2026().sheet(number).expect("V2026 holds sheets 1..=26")
}

/// One member's choices: `pick` gives the option number for each scored criterion.
fn choices(sheet: &Sheet, pick: impl Fn(&Criterion) -> u32) -> BTreeMap<String, u32> {
    sheet
        .leaves()
        .iter()
        .map(|leaf| (leaf.criterion.id.clone(), pick(leaf.criterion)))
        .collect()
}

fn highest(criterion: &Criterion) -> u32 {
    if criterion.is_yes_no() {
        return 1;
    }
    let best = criterion.options.iter().map(|o| o.points).max().unwrap();
    criterion
        .options
        .iter()
        .position(|o| o.points == best)
        .unwrap() as u32
        + 1
}

fn lowest(criterion: &Criterion) -> u32 {
    if criterion.is_yes_no() {
        return 0;
    }
    let worst = criterion.options.iter().map(|o| o.points).min().unwrap();
    criterion
        .options
        .iter()
        .position(|o| o.points == worst)
        .unwrap() as u32
        + 1
}

fn council(members: Vec<BTreeMap<String, u32>>) -> Answers {
    Answers {
        members: members
            .into_iter()
            .enumerate()
            .map(|(index, choices)| MemberAnswers {
                name: format!("Thành viên {}", index + 1),
                choices,
            })
            .collect(),
        knockouts: Vec::new(),
        spread_threshold: None,
    }
}

fn one(choices: BTreeMap<String, u32>) -> Answers {
    council(vec![choices])
}

/// Sheet 1 answers worth exactly `total`, every star minimum met: start from the best
/// answers and lower criteria that carry no minimum.
fn sheet1_with_total(total: u32) -> BTreeMap<String, u32> {
    let sheet = sheet(1);
    let mut choices = choices(sheet, highest);
    let mut deficit = 100 - total;
    for leaf in sheet.leaves() {
        let criterion = leaf.criterion;
        if deficit == 0 {
            break;
        }
        if criterion.options.iter().any(|o| o.star_minimum.is_some()) {
            continue;
        }
        // The lowest option whose loss still fits in the deficit.
        let pick = if criterion.is_yes_no() {
            (criterion.max <= deficit).then_some((0, criterion.max))
        } else {
            criterion
                .options
                .iter()
                .zip(1u32..)
                .map(|(option, number)| (number, criterion.max - option.points))
                .filter(|(_, loss)| *loss <= deficit)
                .max_by_key(|(_, loss)| *loss)
        };
        if let Some((number, loss)) = pick {
            choices.insert(criterion.id.clone(), number);
            deficit -= loss;
        }
    }
    assert_eq!(deficit, 0, "sheet 1 cannot lose that many points freely");
    choices
}

fn apply_advice(answers: &mut Answers, advice: &NextStar) {
    let targets = advice
        .prerequisites
        .iter()
        .map(|u| (&u.criterion, u.option))
        .chain(advice.minimums.iter().map(|m| (&m.criterion, m.option)))
        .chain(advice.upgrades.iter().map(|u| (&u.criterion, u.option)));
    for (criterion, option) in targets {
        for member in &mut answers.members {
            member.choices.insert(criterion.clone(), option);
        }
    }
}

fn eval(sheet: u8, answers: &Answers) -> Evaluation {
    evaluate(v2026(), sheet, answers).unwrap_or_else(|e| panic!("sheet {sheet}: {e}"))
}

#[test]
fn every_sheet_best_answers_give_100_points_and_5_stars() {
    for number in 1..=26 {
        let result = eval(number, &one(choices(sheet(number), highest)));
        let member = &result.members[0];
        assert_eq!(member.total, 100, "sheet {number}");
        assert_eq!(
            member.parts,
            PartPoints {
                a: 40,
                b: 25,
                c: 35
            },
            "sheet {number}"
        );
        assert_eq!(result.band_stars, 5, "sheet {number}");
        assert_eq!(
            result.minimum_stars, 5,
            "sheet {number}: {:?}",
            result.unmet_minimums
        );
        assert_eq!(result.stars, 5, "sheet {number}");
        assert!(result.certifiable && !result.rejected, "sheet {number}");
        assert!(
            result.unmet_minimums.is_empty() && result.caps.is_empty(),
            "sheet {number}"
        );
        assert!(result.next_star.is_none(), "sheet {number}");
    }
}

#[test]
fn every_sheet_worst_answers_are_not_certifiable() {
    for number in 1..=26 {
        let nothing = eval(number, &one(BTreeMap::new()));
        assert_eq!(nothing.members[0].total, 0, "sheet {number}");
        assert_eq!(nothing.stars, 1, "sheet {number}");
        assert!(!nothing.certifiable, "sheet {number}");

        let lowest = eval(number, &one(choices(sheet(number), lowest)));
        assert!(
            lowest.members[0].total < 50,
            "sheet {number}: {}",
            lowest.members[0].total
        );
        assert!(lowest.stars <= 2, "sheet {number}");
        assert!(!lowest.certifiable, "sheet {number}");
        assert!(lowest.next_star.is_some(), "sheet {number}");
    }
}

#[test]
fn every_applicable_knockout_rejects_even_a_perfect_product() {
    for number in 1..=26 {
        let sheet = sheet(number);
        for &knockout in &sheet.knockouts {
            let mut answers = one(choices(sheet, highest));
            answers.knockouts = vec![knockout];
            let result = eval(number, &answers);
            assert!(result.rejected, "sheet {number} {knockout:?}");
            assert!(!result.certifiable, "sheet {number} {knockout:?}");
            assert_eq!(result.stars, 5, "the points still rank: sheet {number}");
            assert!(result.next_star.is_none(), "sheet {number}");
            assert_eq!(result.knockouts[0].code, knockout);
        }
    }
}

#[test]
fn sheet1_at_75_points_without_electronic_traceability_gets_3_stars() {
    let mut choices = sheet1_with_total(76);
    // 2.3 option 2: compliant label with the story, but no electronic traceability code
    // (option 3 is the 4-star minimum).
    choices.insert("2.3".to_owned(), 2);
    let result = eval(1, &one(choices));
    assert_eq!(result.members[0].total, 75);
    assert_eq!(result.mean_total, 75.0);
    assert_eq!(result.band_stars, 4);
    assert_eq!(result.minimum_stars, 3);
    assert_eq!(result.stars, 3);
    assert!(result.certifiable);
    assert_eq!(
        result.unmet_minimums.len(),
        1,
        "{:?}",
        result.unmet_minimums
    );
    let unmet = &result.unmet_minimums[0];
    assert_eq!(
        (
            unmet.criterion.as_str(),
            unmet.stars,
            unmet.required_points,
            unmet.mean_points
        ),
        ("2.3", 4, 3, 2.0)
    );
    assert!(unmet.option_text.contains("truy xuất nguồn gốc điện tử"));
    assert_eq!(result.caps.len(), 1);
    assert_eq!(result.caps[0].criteria, ["2.3"]);
    assert_eq!((result.caps[0].band_stars, result.caps[0].stars), (4, 3));
    assert!(result.caps[0].message.contains("2.3"));

    // The advisor's way to 4 stars: the traceability option on 2.3, nothing more.
    let advice = result.next_star.expect("a 3-star product gets advice");
    assert_eq!(advice.target_stars, 4);
    assert_eq!(advice.minimums.len(), 1);
    let minimum = &advice.minimums[0];
    assert_eq!(
        (minimum.criterion.as_str(), minimum.option, minimum.points),
        ("2.3", 3, 3)
    );
    assert!(
        minimum
            .option_text
            .contains("mã truy xuất nguồn gốc điện tử")
    );
    assert_eq!(minimum.points_gained, 1.0);
    assert!(advice.upgrades.is_empty() && advice.reachable);
    assert_eq!(advice.points_needed, 0.0);
}

#[test]
fn advisor_closes_the_point_gap_with_the_fewest_criteria_then_least_effort() {
    // 65 points with every criterion free of minimums at its lowest; 2.3 down to its
    // 3-star option (-2). 4 stars needs 2.3's traceability (+2) and 5 more points: only
    // 4.3 (promotion, 0 -> 5) closes that in one step.
    let mut choices = sheet1_with_total(65);
    choices.insert("2.3".to_owned(), 1);
    let result = eval(1, &one(choices.clone()));
    assert_eq!((result.members[0].total, result.stars), (63, 3));
    let advice = result.next_star.unwrap();
    assert_eq!(advice.minimums.len(), 1);
    assert_eq!(
        (
            advice.minimums[0].criterion.as_str(),
            advice.minimums[0].option
        ),
        ("2.3", 3)
    );
    assert_eq!(
        (advice.mean_after_minimums, advice.points_needed),
        (65.0, 5.0)
    );
    let upgrades: Vec<(&str, u32)> = advice
        .upgrades
        .iter()
        .map(|u| (u.criterion.as_str(), u.option))
        .collect();
    assert_eq!(upgrades, [("4.3", 5)]);
    assert_eq!((advice.steps, advice.effort), (1, 4));

    // Two points fewer on 5.3 (its 3-star minimum still met): 7 points needed, no single
    // criterion gives 7, so 4.3 (+5) and the cheapest +2, 5.3 back up one step.
    choices.insert("5.3".to_owned(), 3);
    let mut answers = one(choices);
    let result = eval(1, &answers);
    assert_eq!((result.members[0].total, result.stars), (61, 3));
    let advice = result.next_star.unwrap();
    assert_eq!(advice.points_needed, 7.0);
    let upgrades: Vec<(&str, u32)> = advice
        .upgrades
        .iter()
        .map(|u| (u.criterion.as_str(), u.option))
        .collect();
    assert_eq!(upgrades, [("4.3", 5), ("5.3", 4)]);
    assert_eq!((advice.steps, advice.effort), (2, 5));
    assert!(advice.message.contains("4.3"));

    apply_advice(&mut answers, &advice);
    let after = eval(1, &answers);
    assert_eq!((after.members[0].total, after.stars), (70, 4));
}

#[test]
fn advisor_first_lifts_a_choice_that_voids_other_criteria() {
    // Sheet 11: impurities (6.1.1 option 1) void the rest of the sensory section.
    let mut choices = choices(sheet(11), highest);
    choices.insert("6.1.1".to_owned(), 1);
    let mut answers = one(choices);
    let result = eval(11, &answers);
    let voided = result.members[0]
        .criteria
        .iter()
        .filter(|c| c.zeroed_by.as_deref() == Some("6.1.1"))
        .count();
    assert_eq!(voided, 4);
    let advice = result.next_star.unwrap();
    assert_eq!(advice.prerequisites[0].criterion, "6.1.1");
    apply_advice(&mut answers, &advice);
    assert!(eval(11, &answers).stars >= advice.target_stars);
}

#[test]
fn a_council_spread_above_the_threshold_requires_rescoring() {
    let answers = council(vec![
        sheet1_with_total(80),
        sheet1_with_total(92),
        sheet1_with_total(85),
    ]);
    let result = eval(1, &answers);
    assert_eq!(result.spread, 12);
    assert!(result.rescore_required);
    assert_eq!(result.mean_exact.sum, 257);
    assert_eq!(result.mean_total, 85.67);

    let within = council(vec![sheet1_with_total(80), sheet1_with_total(90)]);
    let result = eval(1, &within);
    assert_eq!(result.spread, 10);
    assert!(
        !result.rescore_required,
        "a spread of exactly 10 is allowed"
    );

    let mut lenient = answers.clone();
    lenient.spread_threshold = Some(15);
    assert!(!eval(1, &lenient).rescore_required);
}

#[test]
fn a_mean_of_exactly_90_is_5_stars_and_just_below_is_4() {
    let exact = council(vec![
        sheet1_with_total(95),
        sheet1_with_total(85),
        sheet1_with_total(90),
    ]);
    let result = eval(1, &exact);
    assert_eq!((result.mean_exact.sum, result.mean_exact.count), (270, 3));
    assert_eq!(result.mean_total, 90.0);
    assert_eq!(result.band_stars, 5);
    assert_eq!(result.stars, 5);

    let below = council(vec![
        sheet1_with_total(90),
        sheet1_with_total(90),
        sheet1_with_total(89),
    ]);
    let result = eval(1, &below);
    assert_eq!(result.mean_exact.sum, 269);
    assert_eq!(result.mean_total, 89.67);
    assert_eq!(result.band_stars, 4);
}

#[test]
fn a_council_meets_a_minimum_when_the_mean_reaches_it() {
    let with = |points: [u32; 3]| {
        let members = points
            .iter()
            .map(|&option| {
                let mut choices = sheet1_with_total(90);
                choices.insert("2.3".to_owned(), option);
                choices
            })
            .collect();
        eval(1, &council(members))
    };
    // 2.3 option 3 = 3 points (4-star minimum), option 2 = 2 points: mean 8/3 < 3.
    let result = with([3, 3, 2]);
    let unmet = &result.unmet_minimums[0];
    assert_eq!((unmet.criterion.as_str(), unmet.mean_points), ("2.3", 2.67));
    assert_eq!(result.stars, 3);
    assert_eq!(with([3, 3, 3]).stars, 5);
}

#[test]
fn story_structure_needs_a_story() {
    let mut choices = choices(sheet(1), highest);
    choices.insert("5.1".to_owned(), 1); // "Không có câu chuyện sản phẩm", 0 points
    let result = eval(1, &one(choices));
    let structure = result.members[0]
        .criteria
        .iter()
        .find(|c| c.criterion == "5.2")
        .unwrap();
    assert_eq!((structure.choice, structure.points), (3, 0));
    assert_eq!(structure.zeroed_by.as_deref(), Some("5.1"));
    assert_eq!(result.members[0].total, 100 - 5 - 2);
}

#[test]
fn child_criteria_count_towards_their_section() {
    let result = eval(11, &one(choices(sheet(11), highest)));
    let sensory = result.members[0]
        .sections
        .iter()
        .find(|s| s.id == "6")
        .unwrap();
    assert_eq!((sensory.points, sensory.max), (15, 15));
}

#[test]
fn the_evaluation_serialises_with_the_documented_keys() {
    let result = eval(1, &one(sheet1_with_total(75)));
    let json = serde_json::to_value(&result).unwrap();
    for key in [
        "version",
        "sheet",
        "members",
        "mean_total",
        "spread",
        "rescore_required",
        "band_stars",
        "minimum_stars",
        "stars",
        "rejected",
        "knockouts",
        "certifiable",
        "unmet_minimums",
        "caps",
        "next_star",
    ] {
        assert!(json.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(json["version"], "V2026");
    assert!(json["members"][0]["parts"]["A"].is_u64());
    assert_eq!(json["members"][0]["total"], 75);
    assert!(json["members"][0]["criteria"][0]["points"].is_u64());
}

#[test]
fn answers_deserialise_from_json() {
    let answers: Answers = serde_json::from_str(
        r#"{"members": [{"name": "Chủ tịch", "choices": {"1.1": 3, "2.4": 1}}],
            "knockouts": ["forged_dossier"]}"#,
    )
    .unwrap();
    assert_eq!(answers.spread_threshold, None);
    let result = eval(1, &answers);
    assert_eq!(result.members[0].total, 4);
    assert_eq!(result.spread_threshold, 10);
    assert!(result.rejected);
}

fn error(sheet: u8, answers: &Answers) -> ScoringError {
    evaluate(v2026(), sheet, answers).expect_err("the answers must be refused")
}

#[test]
fn unknown_criterion_is_refused() {
    let error = error(1, &one(BTreeMap::from([("1.9".to_owned(), 1)])));
    assert_eq!(error.code(), "unknown_criterion");
    assert_eq!(error.field(), "members[0].choices.1.9");
    assert!(error.message().contains("1.9"));
}

#[test]
fn a_parent_criterion_is_scored_through_its_children() {
    let error = error(11, &one(BTreeMap::from([("6.1".to_owned(), 1)])));
    assert_eq!(error.code(), "parent_criterion");
    assert_eq!(error.field(), "members[0].choices.6.1");
}

#[test]
fn option_out_of_range_is_refused() {
    let error = error(1, &one(BTreeMap::from([("1.1".to_owned(), 4)])));
    assert_eq!(
        error,
        ScoringError::OptionOutOfRange {
            member: 0,
            criterion: "1.1".to_owned(),
            choice: 4,
            options: 3,
        }
    );
    assert_eq!(error.code(), "option_out_of_range");
    // A yes/no criterion has one choice: met.
    let error = self::error(1, &one(BTreeMap::from([("2.4".to_owned(), 2)])));
    assert_eq!(error.code(), "option_out_of_range");
}

#[test]
fn knockouts_must_exist_and_apply_to_the_sheet() {
    let unknown = serde_json::from_str::<Answers>(
        r#"{"members": [{"name": "A", "choices": {}}], "knockouts": ["bad_smell"]}"#,
    );
    assert!(unknown.is_err());

    let mut answers = one(BTreeMap::new());
    answers.knockouts = vec![KnockOut::ForgedDossier, KnockOut::NoGmp];
    let error = error(1, &answers);
    assert_eq!(error.code(), "knockout_not_applicable");
    assert_eq!(error.field(), "knockouts[1]");
    assert!(error.message().contains("GMP"));
    // Sheet 18 (functional foods) does list the GMP knock-out.
    assert!(eval(18, &answers).rejected);
}

#[test]
fn unknown_sheet_and_versions_without_sheets_are_refused() {
    let error = error(27, &one(BTreeMap::new()));
    assert_eq!(
        (error.code(), error.field().as_str()),
        ("unknown_sheet", "sheet")
    );
    let old = library().version("V2025").unwrap();
    let error = evaluate(old, 1, &one(BTreeMap::new())).unwrap_err();
    assert_eq!(error.code(), "sheets_not_held");
    assert_eq!(self::error(1, &Answers::default()).code(), "no_members");
}

#[test]
fn old_versions_are_scored_from_part_totals_without_minimums() {
    let v2019 = library().version("V2019").unwrap();
    let member = |name: &str, a, b, c| MemberTotals {
        name: name.to_owned(),
        parts: PartPoints { a, b, c },
    };
    let answers = TotalsAnswers {
        members: vec![member("A", 30, 20, 40), member("B", 30, 20, 35)],
        knockouts: Vec::new(),
        spread_threshold: None,
    };
    let result = evaluate_totals(v2019, &answers).unwrap();
    assert_eq!(result.mean_total, 87.5);
    assert_eq!((result.band_stars, result.stars), (4, 4));
    assert!(result.certifiable && !result.minimums_checked);
    assert!(!result.note.is_empty());

    // V2019 gives part A 35 points at most (V2023 and later: 40).
    let over = TotalsAnswers {
        members: vec![member("A", 36, 20, 40)],
        ..answers.clone()
    };
    let error = evaluate_totals(v2019, &over).unwrap_err();
    assert_eq!(
        (error.code(), error.field().as_str()),
        ("part_over_maximum", "members[0].parts.A")
    );
    let v2023 = library().version("V2023").unwrap();
    assert!(
        evaluate_totals(
            v2023,
            &TotalsAnswers {
                members: vec![member("A", 36, 20, 35)],
                ..answers.clone()
            }
        )
        .is_ok()
    );

    let rejected = TotalsAnswers {
        knockouts: vec![KnockOut::ForgedDossier],
        ..answers
    };
    let result = evaluate_totals(v2019, &rejected).unwrap();
    assert!(result.rejected && !result.certifiable);
}

/// A sheet and the random choices of 1..=`max_members` members (each criterion: none or
/// any option).
fn sheet_and_council(
    max_members: usize,
) -> impl Strategy<Value = (u8, Vec<BTreeMap<String, u32>>)> {
    let seeds = prop::collection::vec(any::<u32>(), 40);
    (1u8..=26, prop::collection::vec(seeds, 1..=max_members)).prop_map(|(number, members)| {
        let leaves = sheet(number).leaves();
        let members = members
            .into_iter()
            .map(|seeds| {
                leaves
                    .iter()
                    .zip(seeds)
                    .map(|(leaf, seed)| {
                        let criterion = leaf.criterion;
                        (criterion.id.clone(), seed % (criterion.choice_count() + 1))
                    })
                    .collect()
            })
            .collect();
        (number, members)
    })
}

fn sheet_and_choices() -> impl Strategy<Value = (u8, BTreeMap<String, u32>)> {
    sheet_and_council(1).prop_map(|(number, mut members)| (number, members.remove(0)))
}

proptest! {
    #[test]
    fn totals_stay_within_0_to_100_and_stars_within_the_band(
        (number, choices) in sheet_and_choices()
    ) {
        let result = eval(number, &one(choices));
        let member = &result.members[0];
        prop_assert!(member.total <= 100);
        prop_assert_eq!(member.total, member.parts.a + member.parts.b + member.parts.c);
        prop_assert!(member.parts.a <= 40 && member.parts.b <= 25 && member.parts.c <= 35);
        prop_assert!((1..=5).contains(&result.band_stars));
        prop_assert!(result.stars <= result.band_stars);
        prop_assert!(result.stars <= result.minimum_stars);
        prop_assert_eq!(result.certifiable, result.stars >= 3);
        prop_assert_eq!(result.caps.is_empty(), result.stars == result.band_stars);
    }

    #[test]
    fn raising_one_criterion_never_lowers_the_band(
        (number, choices) in sheet_and_choices(),
        pick in any::<prop::sample::Index>(),
    ) {
        // Every (criterion, choice) worth more points than the current choice.
        let raises: Vec<(&Criterion, u32)> = sheet(number)
            .leaves()
            .iter()
            .flat_map(|leaf| {
                let criterion = leaf.criterion;
                let current = criterion.points_for(choices[&criterion.id]).unwrap();
                (1..=criterion.choice_count())
                    .filter(move |&choice| criterion.points_for(choice).unwrap() > current)
                    .map(move |choice| (criterion, choice))
            })
            .collect();
        if raises.is_empty() {
            return Ok(());
        }
        let (criterion, choice) = raises[pick.index(raises.len())];
        let mut raised = choices.clone();
        raised.insert(criterion.id.clone(), choice);
        let before = eval(number, &one(choices));
        let after = eval(number, &one(raised));
        prop_assert!(after.members[0].total >= before.members[0].total);
        prop_assert!(after.band_stars >= before.band_stars);
        prop_assert!(after.minimum_stars >= before.minimum_stars);
    }

    #[test]
    fn a_knockout_is_never_certifiable(
        (number, choices) in sheet_and_choices(),
        which in any::<prop::sample::Index>(),
    ) {
        let knockouts = &sheet(number).knockouts;
        prop_assume!(!knockouts.is_empty());
        let mut answers = one(choices);
        answers.knockouts = vec![knockouts[which.index(knockouts.len())]];
        let result = eval(number, &answers);
        prop_assert!(result.rejected);
        prop_assert!(!result.certifiable);
        prop_assert!(result.next_star.is_none());
    }

    #[test]
    fn following_the_advice_reaches_the_next_star((number, members) in sheet_and_council(3)) {
        let mut answers = council(members);
        let result = eval(number, &answers);
        prop_assume!(result.stars < 5);
        let advice = result.next_star.expect("advice below 5 stars");
        prop_assert_eq!(advice.target_stars, result.stars + 1);
        prop_assert!(advice.reachable, "{}", advice.message);
        apply_advice(&mut answers, &advice);
        let after = eval(number, &answers);
        prop_assert!(after.stars >= advice.target_stars, "sheet {}: {:?}", number, advice);
    }

    #[test]
    fn a_council_mean_is_exact((number, members) in sheet_and_council(9)) {
        let answers = council(members);
        let result = eval(number, &answers);
        let totals: Vec<u32> = result.members.iter().map(|m| m.total).collect();
        let sum: u32 = totals.iter().sum();
        prop_assert_eq!(result.mean_exact.sum, u64::from(sum));
        prop_assert_eq!(result.spread, totals.iter().max().unwrap() - totals.iter().min().unwrap());
        prop_assert_eq!(result.rescore_required, result.spread > 10);
        let count = totals.len() as u32;
        let expected_band = [(90, 5), (70, 4), (50, 3), (30, 2), (0, 1)]
            .iter()
            .find(|(min, _)| sum >= min * count)
            .unwrap()
            .1;
        prop_assert_eq!(result.band_stars, expected_band);
        prop_assert!((f64::from(sum) / f64::from(count) - result.mean_total).abs() <= 0.005 + 1e-9);
    }
}

#[test]
fn a_council_larger_than_the_bound_is_refused_before_scoring() {
    let best = choices(sheet(1), highest);
    let at_bound = council(vec![best.clone(); ocop_domain::scoring::MAX_MEMBERS]);
    assert!(evaluate(v2026(), 1, &at_bound).is_ok());
    let over = council(vec![best; ocop_domain::scoring::MAX_MEMBERS + 1]);
    let error = error(1, &over);
    assert_eq!(error.code(), "too_many_members");
    assert_eq!(error.field(), "members");
    assert!(error.message().contains("tối đa 50"), "{}", error.message());

    let set = library().version("V2025").expect("V2025");
    let parts = MemberTotals {
        name: String::new(),
        parts: PartPoints {
            a: 10,
            b: 10,
            c: 10,
        },
    };
    let totals = TotalsAnswers {
        members: vec![parts; ocop_domain::scoring::MAX_MEMBERS + 1],
        knockouts: Vec::new(),
        spread_threshold: None,
    };
    let error = evaluate_totals(set, &totals).expect_err("too many members");
    assert_eq!(error.code(), "too_many_members");
}
