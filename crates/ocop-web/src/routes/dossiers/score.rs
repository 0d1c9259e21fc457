//! Mẫu 02 part III: the producer's self-score on its product's sheet, with the scoring form's
//! criterion widgets; the engine's points and stars come back from the store's use case. A
//! version whose sheets are not held (a historical round) takes the parts' totals.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::criteria::PartPoints;
use ocop_domain::dossier::{SelfScore, criteria_set};
use ocop_domain::validation::FieldErrors;
use ocop_store::StoreError;
use ocop_store::use_cases::DossierDetail;
use serde::Deserialize;

use super::pages::{RevisionForm, latest_reasons, refused};
use super::view::{PART_III, ReasonView};
use crate::backoffice::{Admin, Nav, parse_id};
use crate::routes::scoring::sheet_view::SheetView;
use crate::view::PageCtx;
use crate::{AppError, AppState};

/// Longest form a self-score posts: one field per criterion (a sheet has about 40).
const MAX_FIELDS: usize = 300;

#[derive(Template)]
#[template(path = "dossiers/score.html")]
struct ScorePage {
    ctx: PageCtx,
    nav: Nav,
    id: String,
    product: String,
    revision: i64,
    notice: bool,
    alert: Option<String>,
    errors: Vec<String>,
    reasons: Vec<ReasonView>,
    /// The stored result: "75 điểm · ★★★★☆".
    result: Option<String>,
    /// The sheet, for a version that holds it; otherwise the parts' totals.
    sheet: Option<SheetView>,
    totals: Vec<(String, String)>,
}

/// What the form posted: `c.<criterion>` = option, `part.A|B|C` = a part's total.
struct Posted {
    choices: BTreeMap<String, u32>,
    totals: BTreeMap<String, String>,
    revision: i64,
    errors: FieldErrors,
}

impl Posted {
    fn parse(fields: Vec<(String, String)>) -> Posted {
        let mut posted = Posted {
            choices: BTreeMap::new(),
            totals: BTreeMap::new(),
            revision: -1,
            errors: FieldErrors::default(),
        };
        if fields.len() > MAX_FIELDS {
            posted.errors.add(
                "choices",
                "too_many",
                format!("Biểu mẫu gửi quá nhiều trường (tối đa {MAX_FIELDS})"),
            );
            return posted;
        }
        for (name, value) in fields {
            let value = value.trim().to_owned();
            if let Some(criterion) = name.strip_prefix("c.") {
                if value.is_empty() {
                    continue;
                }
                match value.parse::<u32>() {
                    Ok(choice) => {
                        posted.choices.insert(criterion.to_owned(), choice);
                    }
                    Err(_) => posted.errors.add(
                        &format!("choices.{criterion}"),
                        "invalid_choice",
                        format!("Tiêu chí {criterion}: lựa chọn \"{value}\" không hợp lệ"),
                    ),
                }
            } else if let Some(part) = name.strip_prefix("part.") {
                posted.totals.insert(part.to_owned(), value);
            } else if name == "revision" {
                posted.revision = RevisionForm { revision: value }.revision();
            }
        }
        posted
    }

    /// The parts' totals, when the form had them.
    fn part_totals(&mut self) -> Option<PartPoints> {
        if self.totals.is_empty() {
            return None;
        }
        let mut points = [0u32; 3];
        for (slot, part) in points.iter_mut().zip(["A", "B", "C"]) {
            let raw = self.totals.get(part).map_or("", String::as_str);
            match raw.parse::<u32>() {
                Ok(n) => *slot = n,
                Err(_) => self.errors.add(
                    &format!("part_totals.{part}"),
                    "invalid_points",
                    format!("Tổng điểm phần {part} \"{raw}\" phải là số nguyên không âm"),
                ),
            }
        }
        Some(PartPoints {
            a: points[0],
            b: points[1],
            c: points[2],
        })
    }
}

fn page(
    admin: &Admin,
    detail: &DossierDetail,
    choices: &BTreeMap<String, u32>,
    totals: &BTreeMap<String, String>,
    notice: bool,
    alert: Option<String>,
    errors: &FieldErrors,
) -> Result<String, AppError> {
    let tr = admin.tr();
    let dossier = &detail.dossier;
    let set = criteria_set(&dossier.data.criteria_version)
        .ok_or_else(|| AppError::not_found("bộ tiêu chí của hồ sơ"))?;
    let sheet = set
        .sheet(dossier.sheet)
        .map(|sheet| SheetView::new(set, sheet, choices, &[], None));
    let stored = dossier.self_score.as_ref().and_then(|s| s.part_totals);
    let totals = if sheet.is_none() {
        ["A", "B", "C"]
            .into_iter()
            .map(|part| {
                let value = totals.get(part).cloned().unwrap_or_else(|| {
                    stored.map_or_else(String::new, |p| match part {
                        "A" => p.a.to_string(),
                        "B" => p.b.to_string(),
                        _ => p.c.to_string(),
                    })
                });
                (part.to_owned(), value)
            })
            .collect()
    } else {
        Vec::new()
    };
    let reasons = latest_reasons(detail, tr)
        .into_iter()
        .filter(|r| r.item == PART_III || r.item.starts_with(&super::view::criterion_item("")))
        .collect();
    Ok(ScorePage {
        ctx: admin.ctx(),
        nav: admin.nav("dossiers"),
        id: dossier.id.to_string(),
        product: detail.product_name.clone(),
        revision: dossier.revision,
        notice,
        alert,
        errors: errors.0.iter().map(|e| e.message.clone()).collect(),
        reasons,
        result: dossier
            .score
            .map(|s| tr.self_score_value(s.total, crate::view::star_glyphs(s.stars))),
        sheet,
        totals,
    }
    .render()?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ScoreParams {
    pub saved: String,
}

pub async fn score_page(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(params): Query<ScoreParams>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let detail = state.store.dossier_detail(&admin.caller(), id).await?;
    super::form::editable(&admin, &detail)?;
    let choices = detail
        .dossier
        .self_score
        .as_ref()
        .map(|s| s.choices.clone())
        .unwrap_or_default();
    let html = page(
        &admin,
        &detail,
        &choices,
        &BTreeMap::new(),
        !params.saved.is_empty(),
        None,
        &FieldErrors::default(),
    )?;
    Ok(Html(html).into_response())
}

pub async fn save_score(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let caller = admin.caller();
    let mut posted = Posted::parse(fields);
    let part_totals = posted.part_totals();
    let outcome = if posted.errors.is_empty() {
        let score = SelfScore {
            choices: posted.choices.clone(),
            part_totals,
        };
        state
            .store
            .score_dossier(&caller, id, posted.revision, &score)
            .await
    } else {
        Err(StoreError::Invalid(posted.errors.clone()))
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/admin/dossiers/{id}/score?saved=1")).into_response()),
        Err(e) => {
            let refusal = refused(e, admin.tr())?;
            let detail = state.store.dossier_detail(&caller, id).await?;
            let mut errors = FieldErrors::default();
            for message in &refusal.items {
                errors.add("choices", "invalid", message);
            }
            let html = page(
                &admin,
                &detail,
                &posted.choices,
                &posted.totals,
                false,
                Some(refusal.message),
                &errors,
            )?;
            Ok((refusal.status, Html(html)).into_response())
        }
    }
}
