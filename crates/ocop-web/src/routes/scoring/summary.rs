//! The outcome of an evaluation as pages show it: stars, band, knock-outs, caps and the
//! next-star advice. Read back from the evaluation's JSON, so a fresh result (form) and a
//! saved one (advice page, as it was stored) render the same way.

use askama::Template;
use ocop_domain::scoring::Evaluation;
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
    pub unmet_minimums: Vec<UnmetSummary>,
    pub caps: Vec<CapSummary>,
    pub next_star: Option<NextStarSummary>,
}

#[derive(Debug, Deserialize)]
pub struct KnockOutSummary {
    pub label: String,
}

#[derive(Debug, Deserialize)]
pub struct UnmetSummary {
    pub criterion: String,
    pub name: String,
    pub stars: u8,
    pub option_text: String,
    pub required_points: u32,
    pub mean_points: f64,
}

#[derive(Debug, Deserialize)]
pub struct CapSummary {
    pub message: String,
}

#[derive(Debug, Deserialize)]
pub struct NextStarSummary {
    pub target_stars: u8,
    pub band_min: u32,
    pub prerequisites: Vec<StepSummary>,
    pub minimums: Vec<StepSummary>,
    pub points_needed: f64,
    pub upgrades: Vec<StepSummary>,
    pub reachable: bool,
    pub message: String,
}

/// A change of one criterion to an option: a prerequisite, a minimum or an upgrade.
#[derive(Debug, Deserialize)]
pub struct StepSummary {
    pub criterion: String,
    pub name: String,
    pub option_text: String,
    pub points: u32,
    pub points_gained: f64,
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
}

/// The summary block, shared by the form's results panel and the advice page.
#[derive(Template)]
#[template(path = "scoring/summary.html")]
pub struct SummaryBlock<'a> {
    pub tr: Tr,
    pub summary: &'a ResultSummary,
}
