//! The forms of the cycle pages: what they submit, and their fields as `fields.html` draws
//! them, each in the page's language.

use ocop_domain::business_plan::{FundingSource, PlanInput, SupportInput, SupportKind};
use ocop_domain::cycle::{CycleInput, Step, WorkflowVersion};
use ocop_domain::idea::{HelpKind, IdeaInput};
use serde::Deserialize;

use crate::forms::{Field, Section, is_yes};
use crate::i18n::Tr;

/// The cycle form, as submitted (the domain's input plus the CSRF token).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CycleForm {
    #[serde(flatten)]
    pub input: CycleInput,
}

fn date_value(input: &CycleInput, name: &str) -> String {
    let v = serde_json::to_value(input).unwrap_or_default();
    v[name].as_str().unwrap_or_default().to_owned()
}

pub fn cycle_sections(input: &CycleInput, tr: Tr, editing: bool) -> Vec<Section> {
    let versions = WorkflowVersion::ALL
        .iter()
        .map(|v| (v.key().to_owned(), tr.workflow_name(*v).to_owned()))
        .collect();
    let year = if editing {
        Field::fixed("year", tr.cycle_year(), &input.year)
    } else {
        Field::input("year", tr.cycle_year(), "number", &input.year).required()
    };
    let mut sections = vec![Section::new(
        tr.cycle_general(),
        vec![
            year,
            Field::select(
                "workflow_version",
                tr.workflow_version(),
                versions,
                &input.workflow_version,
                None,
            )
            .hint(tr.workflow_version_hint()),
        ],
    )];
    for step in Step::ALL {
        let (start, end) = step.fields();
        sections.push(Section::new(
            tr.step_name(step),
            vec![
                Field::input(start, tr.starts_on(), "date", &date_value(input, start)).required(),
                Field::input(end, tr.ends_on(), "date", &date_value(input, end)).required(),
            ],
        ));
    }
    sections
}

/// The idea form, as submitted: the help asked for comes as one checkbox per kind.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IdeaForm {
    pub producer_id: String,
    pub year: String,
    pub product_kind: String,
    pub product_id: String,
    pub applicant_name: String,
    pub applicant_phone: String,
    pub product_name: String,
    pub raw_materials: String,
    pub market: String,
    pub help_consulting: String,
    pub help_training: String,
    pub help_design: String,
    pub help_standards: String,
    pub help_trade_promotion: String,
    pub help_finance: String,
    pub help_other: String,
    pub help_other_text: String,
}

impl IdeaForm {
    fn ticked(&self, kind: HelpKind) -> bool {
        is_yes(match kind {
            HelpKind::Consulting => &self.help_consulting,
            HelpKind::Training => &self.help_training,
            HelpKind::Design => &self.help_design,
            HelpKind::Standards => &self.help_standards,
            HelpKind::TradePromotion => &self.help_trade_promotion,
            HelpKind::Finance => &self.help_finance,
            HelpKind::Other => &self.help_other,
        })
    }

    pub fn input(&self) -> IdeaInput {
        let help: Vec<&str> = HelpKind::ALL
            .into_iter()
            .filter(|k| self.ticked(*k))
            .map(HelpKind::key)
            .collect();
        IdeaInput {
            producer_id: self.producer_id.clone(),
            year: self.year.clone(),
            product_kind: self.product_kind.clone(),
            product_id: self.product_id.clone(),
            applicant_name: self.applicant_name.clone(),
            applicant_phone: self.applicant_phone.clone(),
            product_name: self.product_name.clone(),
            raw_materials: self.raw_materials.clone(),
            market: self.market.clone(),
            help: help.join(","),
            help_other: self.help_other_text.clone(),
        }
    }
}

fn help_field(kind: HelpKind) -> &'static str {
    match kind {
        HelpKind::Consulting => "help_consulting",
        HelpKind::Training => "help_training",
        HelpKind::Design => "help_design",
        HelpKind::Standards => "help_standards",
        HelpKind::TradePromotion => "help_trade_promotion",
        HelpKind::Finance => "help_finance",
        HelpKind::Other => "help_other",
    }
}

/// Who may be named on the form: a producer account files for itself (its products to pick);
/// a commune officer for one of the commune's producers or a would-be producer.
pub struct IdeaChoices {
    /// `(id, name)` of the producers a commune officer may file for; None for a producer.
    pub producers: Option<Vec<(String, String)>>,
    /// `(id, name)` of the producer's own products.
    pub products: Vec<(String, String)>,
}

pub fn idea_sections(form: &IdeaForm, choices: &IdeaChoices, tr: Tr) -> Vec<Section> {
    let mut who = Vec::new();
    if let Some(producers) = &choices.producers {
        who.push(
            Field::select(
                "producer_id",
                tr.idea_producer(),
                producers.clone(),
                &form.producer_id,
                Some(tr.would_be_producer()),
            )
            .hint(tr.idea_producer_hint()),
        );
        who.push(Field::text(
            "applicant_name",
            tr.applicant_name(),
            &form.applicant_name,
        ));
        who.push(Field::input(
            "applicant_phone",
            tr.phone_number(),
            "tel",
            &form.applicant_phone,
        ));
    }
    let kinds = vec![
        ("new".to_owned(), tr.product_kind_new().to_owned()),
        ("existing".to_owned(), tr.product_kind_existing().to_owned()),
    ];
    let mut product = vec![
        Field::input("year", tr.cycle_year(), "number", &form.year).hint(tr.idea_year_hint()),
        Field::select(
            "product_kind",
            tr.product_kind(),
            kinds,
            &form.product_kind,
            None,
        ),
    ];
    if !choices.products.is_empty() {
        product.push(Field::select(
            "product_id",
            tr.existing_product(),
            choices.products.clone(),
            &form.product_id,
            Some(tr.none_chosen()),
        ));
    }
    product.extend([
        Field::text("product_name", tr.product_name(), &form.product_name).required(),
        Field::textarea("raw_materials", tr.raw_materials(), &form.raw_materials).required(),
        Field::textarea("market", tr.market(), &form.market).required(),
    ]);
    let mut help: Vec<Field> = HelpKind::ALL
        .into_iter()
        .map(|kind| Field::checkbox(help_field(kind), tr.help_kind(kind), form.ticked(kind)))
        .collect();
    help.push(Field::text(
        "help_other_text",
        tr.help_other_text(),
        &form.help_other_text,
    ));
    let mut sections = Vec::new();
    if !who.is_empty() {
        sections.push(Section::new(tr.idea_applicant(), who));
    }
    sections.push(Section::new(tr.idea_product(), product));
    sections.push(Section::new(tr.help_asked(), help));
    sections
}

/// Errors on fields the idea form shows under another name.
pub const IDEA_ALIASES: &[(&str, &str)] = &[
    ("help", "help_other_text"),
    ("help_other", "help_other_text"),
];

/// The plan form, as submitted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PlanForm {
    pub idea: String,
    #[serde(flatten)]
    pub input: PlanInput,
}

pub fn plan_sections(input: &PlanInput, tr: Tr) -> Vec<Section> {
    vec![Section::new(
        tr.business_plan(),
        vec![
            Field::text("title", tr.plan_title(), &input.title).required(),
            Field::textarea("summary", tr.plan_summary(), &input.summary).required(),
            Field::textarea("goals", tr.plan_goals(), &input.goals).required(),
            Field::text("investment", tr.plan_investment(), &input.investment)
                .required()
                .hint(tr.amount_hint()),
            Field::textarea("timeline", tr.plan_timeline(), &input.timeline).required(),
            Field::textarea("market", tr.market(), &input.market).required(),
        ],
    )]
}

pub fn support_sections(input: &SupportInput, tr: Tr) -> Vec<Section> {
    let kinds = SupportKind::ALL
        .iter()
        .map(|k| (k.key().to_owned(), tr.support_kind(*k).to_owned()))
        .collect();
    let sources = FundingSource::ALL
        .iter()
        .map(|s| (s.key().to_owned(), tr.funding_source(*s).to_owned()))
        .collect();
    vec![Section::new(
        tr.record_support(),
        vec![
            Field::select("kind", tr.support_kind_field(), kinds, &input.kind, None).required(),
            Field::input("given_on", tr.support_date(), "date", &input.given_on).required(),
            Field::text("description", tr.support_description(), &input.description).required(),
            Field::text("cost", tr.support_cost(), &input.cost)
                .required()
                .hint(tr.amount_hint()),
            Field::select(
                "funding_source",
                tr.funding_source_field(),
                sources,
                &input.funding_source,
                None,
            )
            .required(),
        ],
    )]
}
