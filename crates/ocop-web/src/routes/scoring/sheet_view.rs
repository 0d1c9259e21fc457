//! A scoring sheet laid out for templates: parts → sections → criteria → options, with the
//! star-minimum marks, the current choices (form) and the running points (form results).

use std::collections::BTreeMap;

use ocop_domain::criteria::{CriteriaSet, Criterion, KnockOut, Sheet};
use ocop_domain::scoring::MemberScore;

pub struct SheetView {
    pub legal_basis: String,
    pub number: u8,
    pub name: String,
    pub product_group: String,
    pub subgroup: Option<String>,
    pub knockout_text: String,
    pub knockouts: Vec<KnockOutView>,
    pub parts: Vec<PartView>,
    pub total_max: u32,
}

pub struct KnockOutView {
    pub code: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

pub struct PartView {
    pub code: String,
    pub name: String,
    pub max: u32,
    pub points: u32,
    pub sections: Vec<SectionView>,
}

pub struct SectionView {
    pub id: String,
    pub name: String,
    pub max: u32,
    pub points: u32,
    pub criteria: Vec<CriterionView>,
}

pub struct CriterionView {
    pub id: String,
    pub name: String,
    pub max: u32,
    /// 0 for a criterion of the section, 1 for a child (e.g. 6.1.1 under 6.1).
    pub depth: usize,
    /// False when the section is the criterion itself (e.g. "8. TÍNH ĐỘC ĐÁO"): the section
    /// row already names it.
    pub heading: bool,
    pub requirement: Option<String>,
    pub note: Option<String>,
    /// Scored directly (no children).
    pub scored: bool,
    /// Yes/no criterion: one checkbox worth `max`.
    pub yes_no: bool,
    pub met: bool,
    pub options: Vec<OptionView>,
    /// The criterion whose rule scored this one 0 although an option was chosen.
    pub zeroed_by: Option<String>,
}

pub struct OptionView {
    pub number: u32,
    pub text: String,
    pub points: u32,
    /// `***`, `****` or `*****` when the option is a star minimum.
    pub marks: String,
    pub published_points: Option<String>,
    pub checked: bool,
}

impl SheetView {
    /// The sheet with `choices` ticked and, when given, one member's points filled in.
    pub fn new(
        set: &CriteriaSet,
        sheet: &Sheet,
        choices: &BTreeMap<String, u32>,
        knockouts: &[KnockOut],
        score: Option<&MemberScore>,
    ) -> SheetView {
        let score_of = |id: &str| score.and_then(|s| s.criteria.iter().find(|c| c.criterion == id));
        let parts = sheet
            .parts
            .iter()
            .map(|part| PartView {
                code: part.code.to_string(),
                name: part.name.clone(),
                max: part.max,
                points: score.map_or(0, |s| s.parts.get(part.code)),
                sections: part
                    .sections
                    .iter()
                    .map(|section| {
                        let merged =
                            section.criteria.len() == 1 && section.criteria[0].id == section.id;
                        let mut criteria = Vec::new();
                        for criterion in &section.criteria {
                            push_criterion(
                                criterion,
                                0,
                                !merged,
                                choices,
                                &score_of,
                                &mut criteria,
                            );
                        }
                        SectionView {
                            id: section.id.clone(),
                            name: if merged {
                                section.criteria[0].name.clone()
                            } else {
                                section.name.clone()
                            },
                            max: section.max,
                            points: score
                                .and_then(|s| s.sections.iter().find(|x| x.id == section.id))
                                .map_or(0, |x| x.points),
                            criteria,
                        }
                    })
                    .collect(),
            })
            .collect::<Vec<_>>();
        SheetView {
            legal_basis: set.legal_basis.clone(),
            number: sheet.number,
            name: sheet.name.clone(),
            product_group: sheet.product_group.clone(),
            subgroup: sheet.subgroup.clone(),
            knockout_text: sheet.knockout_text.clone(),
            knockouts: sheet
                .knockouts
                .iter()
                .map(|&knockout| KnockOutView {
                    code: knockout.code(),
                    label: knockout.label(),
                    checked: knockouts.contains(&knockout),
                })
                .collect(),
            total_max: parts.iter().map(|part| part.max).sum(),
            parts,
        }
    }
}

fn push_criterion<'a>(
    criterion: &Criterion,
    depth: usize,
    heading: bool,
    choices: &BTreeMap<String, u32>,
    score_of: &impl Fn(&str) -> Option<&'a ocop_domain::scoring::CriterionScore>,
    out: &mut Vec<CriterionView>,
) {
    let choice = choices.get(&criterion.id).copied().unwrap_or(0);
    let scored = criterion.children.is_empty();
    let score = score_of(&criterion.id);
    out.push(CriterionView {
        id: criterion.id.clone(),
        name: criterion.name.clone(),
        max: criterion.max,
        depth,
        heading,
        requirement: criterion.requirement.clone(),
        note: criterion.note.clone(),
        scored,
        yes_no: criterion.is_yes_no(),
        met: criterion.is_yes_no() && choice == 1,
        options: criterion
            .options
            .iter()
            .zip(1u32..)
            .map(|(option, number)| OptionView {
                number,
                text: option.text.clone(),
                points: option.points,
                marks: option
                    .star_minimum
                    .map_or_else(String::new, |stars| "*".repeat(usize::from(stars))),
                published_points: option.published_points.clone(),
                checked: choice == number,
            })
            .collect(),
        zeroed_by: score.and_then(|s| s.zeroed_by.clone()),
    });
    for child in &criterion.children {
        push_criterion(child, depth + 1, true, choices, score_of, out);
    }
}
