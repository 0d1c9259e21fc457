//! Sheets scored per second, for one member and for a council of nine, over all 26 sheets
//! of V2026 with varied (pseudo-random, fixed-seed) answers. Plain `Instant`, no harness.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use ocop_domain::criteria::{CriteriaSet, Library};
use ocop_domain::scoring::{Answers, MemberAnswers, evaluate};

/// A small linear congruential generator: reproducible answers without a dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }
}

/// Answers for every sheet; members mostly mark the best option and now and then one or
/// two below it, so every star level (and the advisor's work) shows up.
fn answers(set: &CriteriaSet, members: usize, rng: &mut Lcg) -> Vec<(u8, Answers)> {
    set.sheets
        .iter()
        .map(|sheet| {
            let members = (0..members)
                .map(|index| MemberAnswers {
                    name: format!("Thành viên {}", index + 1),
                    choices: sheet
                        .leaves()
                        .iter()
                        .map(|leaf| {
                            let below = match rng.next() % 10 {
                                0..=6 => 0,
                                7 | 8 => 1,
                                _ => 2,
                            };
                            let choice = leaf.criterion.choice_count().saturating_sub(below);
                            (leaf.criterion.id.clone(), choice)
                        })
                        .collect::<BTreeMap<_, _>>(),
                })
                .collect();
            let answers = Answers {
                members,
                knockouts: Vec::new(),
                spread_threshold: None,
            };
            (sheet.number, answers)
        })
        .collect()
}

fn run(set: &CriteriaSet, members: usize) {
    let mut rng = Lcg(2026);
    let batch: Vec<(u8, Answers)> = (0..20)
        .flat_map(|_| answers(set, members, &mut rng))
        .collect();
    let budget = Duration::from_secs(2);
    let started = Instant::now();
    let mut scored = 0u64;
    let mut stars = [0u64; 6];
    while started.elapsed() < budget {
        for (sheet, answers) in &batch {
            let result = evaluate(set, *sheet, black_box(answers)).expect("valid answers");
            stars[usize::from(result.stars)] += 1;
            scored += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{members} member(s): {scored} sheets in {seconds:.2} s = {:.0} sheets/s ({:.1} µs each); stars 1-5: {:?}",
        scored as f64 / seconds,
        seconds * 1e6 / scored as f64,
        &stars[1..]
    );
}

fn main() {
    let started = Instant::now();
    let library = Library::load().expect("embedded criteria load");
    println!(
        "Library::load (parse + validate 4 versions): {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let set = library.version("V2026").expect("V2026 is embedded");
    run(set, 1);
    run(set, 9);
}
