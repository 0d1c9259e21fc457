//! The outcome of an evaluation as pages show it: stars, band, knock-outs, caps and the
//! next-star advice. Read back from the evaluation's JSON, so a fresh result (form) and a
//! saved one (advice page, as it was stored) render the same way.

use askama::Template;
use ocop_domain::scoring::{AdviceStep, Evaluation, NextStar, StepKind, UnmetMinimum};
use serde::Deserialize;

use crate::AppError;
use crate::i18n::Tr;
use crate::view::star_glyphs;

#[derive(Debug, Deserialize)]
pub struct ResultSummary {
    pub sheet_name: String,
    pub mean_total: f64,
    pub band_stars: u8,
    pub minimum_stars: u8,
    pub stars: u8,
    pub rejected: bool,
    pub certifiable: bool,
    pub knockouts: Vec<KnockOutSummary>,
    pub unmet_minimums: Vec<UnmetMinimum>,
    pub caps: Vec<CapSummary>,
    pub next_star: Option<NextStar>,
}

#[derive(Debug, Deserialize)]
pub struct CapSummary {
    pub message: String,
}

#[derive(Debug, Deserialize)]
pub struct KnockOutSummary {
    pub label: String,
}

impl ResultSummary {
    pub fn of(evaluation: &Evaluation) -> Result<ResultSummary, AppError> {
        let value = serde_json::to_value(evaluation).map_err(AppError::internal)?;
        serde_json::from_value(value).map_err(AppError::internal)
    }

    pub fn from_json(json: &str) -> Result<ResultSummary, AppError> {
        serde_json::from_str(json).map_err(AppError::internal)
    }

    pub fn glyphs(&self) -> String {
        star_glyphs(self.stars)
    }

    /// What the next star takes, cheapest first.
    pub fn steps(&self) -> Vec<AdviceStep> {
        self.next_star
            .as_ref()
            .map_or_else(Vec::new, NextStar::steps_cheapest_first)
    }
}

/// The summary block, shared by the form's results panel and the advice page.
#[derive(Template)]
#[template(path = "scoring/summary.html")]
pub struct SummaryBlock<'a> {
    pub tr: Tr,
    pub summary: &'a ResultSummary,
}

impl SummaryBlock<'_> {
    /// The label of a step's kind, in the page's language.
    pub fn kind_label(&self, kind: &StepKind) -> &'static str {
        match kind {
            StepKind::Prerequisite => self.tr.step_prerequisite(),
            StepKind::Minimum => self.tr.step_minimum(),
            StepKind::Upgrade => self.tr.step_upgrade(),
        }
    }

    /// The class of a step's kind, for the page's style.
    pub fn kind_class(&self, kind: &StepKind) -> &'static str {
        match kind {
            StepKind::Prerequisite => "prerequisite",
            StepKind::Minimum => "minimum",
            StepKind::Upgrade => "upgrade",
        }
    }
}
