//! The scoring form: one person's sheet, scored as they tick it.
//!
//! - `GET/POST /scoring/{version}/{sheet}`: the sandbox, for anyone; nothing is saved.
//! - `GET/POST /products/{id}/score`: a product's producer (self-assessment, Mẫu 02
//!   part III) or an official / council member of its unit; "Lưu kết quả" saves it.
//! - `POST …/results`: the results panel alone, for htmx (`hx-trigger="change"`); the
//!   section and part subtotals come along out of band.
//!
//! Without JavaScript the "Tính điểm" button posts the form and the whole page comes back.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use ocop_domain::criteria::{CriteriaSet, KnockOut, Sheet};
use ocop_domain::scoring::{Answers, Evaluation, MemberAnswers, UnmetMinimum, evaluate};
use ocop_domain::validation::{FieldError, FieldErrors};
use ocop_store::Product;
use ocop_store::evaluations::EvaluationKind;
use serde::Deserialize;

use super::sheet_view::SheetView;
use super::sheets::{choose_sheet, product_sheet_of};
use super::summary::{ResultSummary, SummaryBlock};
use super::{current_set, find_sheet, may_read_results, scoring_errors};
use crate::auth::{MaybeUser, SignedIn};
use crate::i18n::{Lang, Tr};
use crate::view::PageCtx;
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/scoring/{version}/{sheet}",
            get(sandbox_page).post(sandbox_submit),
        )
        .route("/scoring/{version}/{sheet}/results", post(sandbox_results))
        .route(
            "/products/{id}/score",
            get(product_page).post(product_submit),
        )
        .route("/products/{id}/score/results", post(product_results))
}

/// What the form posted: `c.{criterion}` = option number (1 for a ticked yes/no
/// criterion), `ko` = knock-out codes, `action` = `compute` or `save`, and `sheet` for a
/// product without a sheet of its own.
#[derive(Default)]
struct Submission {
    choices: BTreeMap<String, u32>,
    knockouts: Vec<KnockOut>,
    sheet: Option<String>,
    save: bool,
    errors: FieldErrors,
}

impl Submission {
    fn parse(fields: Vec<(String, String)>) -> Submission {
        let mut submission = Submission::default();
        for (name, value) in fields {
            let value = value.trim();
            if let Some(criterion) = name.strip_prefix("c.") {
                if value.is_empty() {
                    continue;
                }
                match value.parse::<u32>() {
                    Ok(choice) => {
                        submission.choices.insert(criterion.to_owned(), choice);
                    }
                    Err(_) => submission.errors.add(
                        &name,
                        "invalid_choice",
                        format!("Tiêu chí {criterion}: lựa chọn \"{value}\" không hợp lệ"),
                    ),
                }
                continue;
            }
            match name.as_str() {
                "ko" => match KnockOut::ALL.into_iter().find(|k| k.code() == value) {
                    Some(knockout) if !submission.knockouts.contains(&knockout) => {
                        submission.knockouts.push(knockout)
                    }
                    Some(_) => {}
                    None => submission.errors.add(
                        "ko",
                        "unknown_knockout",
                        format!("Không có điều kiện loại hồ sơ mã \"{value}\""),
                    ),
                },
                "sheet" => submission.sheet = Some(value.to_owned()),
                "action" => submission.save = value == "save",
                _ => {}
            }
        }
        submission
    }
}

/// The form's answers as one member's sheet, and what the engine made of them.
struct Scored {
    answers: Answers,
    result: Result<Evaluation, FieldErrors>,
}

fn score(set: &CriteriaSet, sheet: &Sheet, name: &str, submission: &Submission) -> Scored {
    let answers = Answers {
        members: vec![MemberAnswers {
            name: name.to_owned(),
            choices: submission.choices.clone(),
        }],
        knockouts: submission.knockouts.clone(),
        spread_threshold: None,
    };
    let result = if submission.errors.is_empty() {
        evaluate(set, sheet.number, &answers).map_err(|error| scoring_errors(&error))
    } else {
        Err(submission.errors.clone())
    };
    Scored { answers, result }
}

struct Subtotal {
    id: String,
    name: String,
    points: u32,
    max: u32,
}

/// The minimums of one star level: how many the sheet marks, which are unmet.
struct MinimumLevel {
    stars: u8,
    marks: String,
    count: usize,
    unmet: Vec<UnmetMinimum>,
}

struct ScoreView {
    total: u32,
    total_max: u32,
    parts: Vec<Subtotal>,
    sections: Vec<Subtotal>,
    /// Nothing chosen yet: no verdict, only the prompt to choose.
    blank: bool,
    stars: u8,
    rejected: bool,
    levels: Vec<MinimumLevel>,
    summary_html: String,
}

impl ScoreView {
    fn new(
        sheet: &Sheet,
        evaluation: &Evaluation,
        blank: bool,
        tr: Tr,
    ) -> Result<ScoreView, AppError> {
        let member = &evaluation.members[0];
        let leaves = sheet.leaves();
        let levels = [3u8, 4, 5]
            .into_iter()
            .map(|stars| MinimumLevel {
                stars,
                marks: "*".repeat(usize::from(stars)),
                count: leaves
                    .iter()
                    .filter(|leaf| leaf.criterion.star_minimum(stars).is_some())
                    .count(),
                unmet: evaluation
                    .unmet_minimums
                    .iter()
                    .filter(|unmet| unmet.stars == stars)
                    .cloned()
                    .collect(),
            })
            .filter(|level| level.count > 0)
            .collect();
        let summary_html = if blank {
            String::new()
        } else {
            SummaryBlock {
                tr,
                summary: &ResultSummary::of(evaluation)?,
            }
            .render()?
        };
        Ok(ScoreView {
            total: member.total,
            total_max: sheet.parts.iter().map(|part| part.max).sum(),
            parts: sheet
                .parts
                .iter()
                .map(|part| Subtotal {
                    id: part.code.to_string(),
                    name: part.name.clone(),
                    points: member.parts.get(part.code),
                    max: part.max,
                })
                .collect(),
            sections: sheet
                .parts
                .iter()
                .flat_map(|part| &part.sections)
                .zip(&member.sections)
                .map(|(section, score)| Subtotal {
                    id: section.id.clone(),
                    name: section.name.clone(),
                    points: score.points,
                    max: section.max,
                })
                .collect(),
            blank,
            stars: evaluation.stars,
            rejected: evaluation.rejected,
            levels,
            summary_html,
        })
    }
}

/// The compact summary in the form's sticky bar: total, parts and stars, kept in view on a
/// phone while the full results panel sits below the form.
#[derive(Template)]
#[template(path = "scoring/live.html")]
struct LiveSummary<'a> {
    tr: Tr,
    score: Option<&'a ScoreView>,
    /// Sent with the htmx fragment, to be swapped out of band.
    oob: bool,
}

#[derive(Template)]
#[template(path = "scoring/results.html")]
struct ResultsPanel {
    tr: Tr,
    errors: Vec<FieldError>,
    score: Option<ScoreView>,
    /// Also send the subtotals and the compact summary for htmx to swap out of band.
    oob: bool,
    live_html: String,
}

impl ResultsPanel {
    fn new(sheet: &Sheet, scored: &Scored, oob: bool, tr: Tr) -> Result<ResultsPanel, AppError> {
        let (errors, score) = match &scored.result {
            Ok(evaluation) => {
                let blank = scored.answers.is_blank();
                (
                    Vec::new(),
                    Some(ScoreView::new(sheet, evaluation, blank, tr)?),
                )
            }
            Err(errors) => (errors.0.clone(), None),
        };
        let live_html = LiveSummary {
            tr,
            score: score.as_ref(),
            oob,
        }
        .render()?;
        Ok(ResultsPanel {
            tr,
            errors,
            score,
            oob,
            live_html,
        })
    }

    fn render_for(sheet: &Sheet, scored: &Scored, oob: bool, tr: Tr) -> Result<String, AppError> {
        Ok(ResultsPanel::new(sheet, scored, oob, tr)?.render()?)
    }
}

/// The product a form scores, as its header shows it.
struct ProductHeader {
    name: String,
    code: Option<String>,
    producer: String,
    kind_label: &'static str,
    advice_url: Option<String>,
}

#[derive(Template)]
#[template(path = "scoring/form.html")]
struct FormPage {
    ctx: PageCtx,
    sheet: SheetView,
    product: Option<ProductHeader>,
    action_url: String,
    results_url: String,
    print_url: String,
    can_save: bool,
    saved: bool,
    /// Posted back for a product without a sheet of its own.
    sheet_field: Option<u8>,
    results_html: String,
    live_html: String,
}

/// The page's status: 422 when the answers could not be scored.
fn status(scored: &Scored) -> StatusCode {
    if scored.result.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

fn sheet_view(set: &CriteriaSet, sheet: &Sheet, scored: &Scored) -> SheetView {
    let member = &scored.answers.members[0];
    let score = scored.result.as_ref().ok().map(|e| &e.members[0]);
    SheetView::new(
        set,
        sheet,
        &member.choices,
        &scored.answers.knockouts,
        score,
    )
}

// ---- Sandbox -------------------------------------------------------------------------

const SANDBOX_NAME: &str = "Người chấm thử";

async fn sandbox_page(
    user: MaybeUser,
    lang: Lang,
    Path((version, number)): Path<(String, String)>,
) -> Result<Response, AppError> {
    sandbox(user, lang, &version, &number, Submission::default())
}

async fn sandbox_submit(
    user: MaybeUser,
    lang: Lang,
    Path((version, number)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    sandbox(user, lang, &version, &number, Submission::parse(fields))
}

fn sandbox(
    user: MaybeUser,
    lang: Lang,
    version: &str,
    number: &str,
    submission: Submission,
) -> Result<Response, AppError> {
    let (set, sheet) = find_sheet(version, number)?;
    let scored = score(set, sheet, SANDBOX_NAME, &submission);
    let results = ResultsPanel::new(sheet, &scored, false, lang.tr())?;
    let base = format!("/scoring/{}/{}", set.version, sheet.number);
    let page = FormPage {
        ctx: PageCtx::new(user.0.as_ref(), lang),
        sheet: sheet_view(set, sheet, &scored),
        product: None,
        results_url: format!("{base}/results"),
        action_url: base,
        print_url: format!("/scoring/sheets/{}/{}", set.version, sheet.number),
        can_save: false,
        saved: false,
        sheet_field: None,
        results_html: results.render()?,
        live_html: results.live_html,
    };
    Ok((status(&scored), Html(page.render()?)).into_response())
}

async fn sandbox_results(
    lang: Lang,
    Path((version, number)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Html<String>, AppError> {
    let (set, sheet) = find_sheet(&version, &number)?;
    let scored = score(set, sheet, SANDBOX_NAME, &Submission::parse(fields));
    // 200 even for unscorable answers: htmx swaps only successful responses, and the
    // panel is where the problem is explained.
    Ok(Html(ResultsPanel::render_for(
        sheet,
        &scored,
        true,
        lang.tr(),
    )?))
}

// ---- Product -------------------------------------------------------------------------

#[derive(Deserialize)]
struct ProductQuery {
    sheet: Option<String>,
    /// Set by the redirect after "Lưu kết quả".
    saved: Option<String>,
}

/// The product, what the signed-in user's evaluation of it counts as, and its sheet.
struct Target {
    product: Product,
    kind: EvaluationKind,
    sheet: Option<&'static Sheet>,
}

async fn target(
    state: &AppState,
    user: &SignedIn,
    id: &str,
    requested_sheet: Option<&str>,
) -> Result<Target, AppError> {
    let id = uuid::Uuid::parse_str(id).map_err(|_| AppError::not_found("sản phẩm"))?;
    let (product, kind) = state.store.product_to_score(&user.caller(), id).await?;
    let sheet = product_sheet_of(current_set(), &product, requested_sheet);
    Ok(Target {
        product,
        kind,
        sheet,
    })
}

async fn product_page(
    State(state): State<AppState>,
    user: SignedIn,
    lang: Lang,
    Path(id): Path<String>,
    Query(query): Query<ProductQuery>,
) -> Result<Response, AppError> {
    let target = target(&state, &user, &id, query.sheet.as_deref()).await?;
    let ctx = PageCtx::new(Some(&user.0), lang);
    let Some(sheet) = target.sheet else {
        return Ok(choose_sheet(ctx, current_set(), &target.product, "score")?.into_response());
    };
    // Start from what this user saved last on this sheet, if anything.
    let set = current_set();
    let previous = state
        .store
        .evaluations_of(target.product.id)
        .await?
        .into_iter()
        .find(|saved| {
            saved.created_by == Some(user.0.user.id)
                && saved.version == set.version
                && saved.sheet == sheet.number
        });
    let submission = match previous.and_then(|saved| {
        let knockouts = saved.answers.knockouts;
        saved
            .answers
            .members
            .into_iter()
            .next()
            .map(|member| (member.choices, knockouts))
    }) {
        Some((choices, knockouts)) => Submission {
            choices,
            knockouts,
            ..Submission::default()
        },
        None => Submission::default(),
    };
    let saved = query.saved.is_some();
    product_form(&state, &user, ctx, target, sheet, submission, saved).await
}

async fn product_submit(
    State(state): State<AppState>,
    user: SignedIn,
    lang: Lang,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let submission = Submission::parse(fields);
    let target = target(&state, &user, &id, submission.sheet.as_deref()).await?;
    let ctx = PageCtx::new(Some(&user.0), lang);
    let Some(sheet) = target.sheet else {
        return Ok(choose_sheet(ctx, current_set(), &target.product, "score")?.into_response());
    };
    if submission.save {
        let scored = score(current_set(), sheet, &user.0.user.display_name, &submission);
        // Only a result the engine accepted is saved; otherwise the form explains why.
        if let Ok(evaluation) = &scored.result {
            let product_id = target.product.id;
            state
                .store
                .save_scores(&user.caller(), product_id, &scored.answers, evaluation)
                .await?;
            return Ok(Redirect::to(&format!(
                "/products/{}/score?saved=1&sheet={}",
                target.product.id, sheet.number
            ))
            .into_response());
        }
    }
    product_form(&state, &user, ctx, target, sheet, submission, false).await
}

async fn product_form(
    state: &AppState,
    user: &SignedIn,
    ctx: PageCtx,
    target: Target,
    sheet: &'static Sheet,
    submission: Submission,
    saved: bool,
) -> Result<Response, AppError> {
    let set = current_set();
    let scored = score(set, sheet, &user.0.user.display_name, &submission);
    let product = &target.product;
    let producer = state.store.producer(product.producer_id).await?;
    let base = format!("/products/{}/score", product.id);
    let results = ResultsPanel::new(sheet, &scored, false, ctx.tr())?;
    let page = FormPage {
        sheet: sheet_view(set, sheet, &scored),
        product: Some(ProductHeader {
            name: product.data.name.clone(),
            code: product.product_code.clone(),
            producer: producer.data.name.clone(),
            kind_label: ctx.tr().evaluation_kind(target.kind),
            advice_url: may_read_results(Some(&user.actor()), product)
                .then(|| format!("/products/{}/advice", product.id)),
        }),
        results_url: format!("{base}/results"),
        action_url: base,
        print_url: format!(
            "/products/{}/scoring-sheet?sheet={}",
            product.id, sheet.number
        ),
        can_save: true,
        saved,
        sheet_field: product
            .data
            .classification
            .sheet_class()
            .is_none()
            .then_some(sheet.number),
        results_html: results.render()?,
        live_html: results.live_html,
        ctx,
    };
    Ok((status(&scored), Html(page.render()?)).into_response())
}

async fn product_results(
    State(state): State<AppState>,
    user: SignedIn,
    lang: Lang,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Html<String>, AppError> {
    let submission = Submission::parse(fields);
    let target = target(&state, &user, &id, submission.sheet.as_deref()).await?;
    let sheet = target
        .sheet
        .ok_or_else(|| AppError::not_found("phiếu đánh giá của sản phẩm"))?;
    let scored = score(current_set(), sheet, &user.0.user.display_name, &submission);
    Ok(Html(ResultsPanel::render_for(
        sheet,
        &scored,
        true,
        lang.tr(),
    )?))
}
