//! The commune's review: the version the producer filed, frozen (Mẫu 01, Mẫu 02, the answers
//! with their points, the evidence of each criterion, the score), and the commune's actions:
//! return it with reasons per item, accept it with the Mẫu 03 report, then propose it to
//! the province with a letter. Provincial and central officials read the same page. A stale
//! action (someone acted first) shows the page again with what was typed.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::dossier::{
    CommuneReportInput, DossierAction, ProposalInput, ReturnReason, criteria_set,
};
use ocop_store::dossiers::{DossierVersion, FrozenEvidence};
use ocop_store::use_cases::DossierDetail;
use uuid::Uuid;

use super::evidence_pages::file_url;
use super::pages::{RevisionForm, refused};
use super::view::{document_label, kind_label, return_items, state_label};
use crate::backoffice::{Admin, Nav, local_time, parse_id};
use crate::forms::{Field, Opt, Section, attach_errors};
use crate::i18n::Tr;
use crate::routes::producers::pages::Fact;
use crate::view::PageCtx;
use crate::{AppError, AppState};

/// Reason rows the return form offers (more are sent by adding rows in the API).
const REASON_ROWS: usize = 3;

pub struct LinkView {
    pub name: String,
    pub kind: &'static str,
    pub url: String,
}

pub struct AnswerView {
    pub id: String,
    pub name: String,
    pub answer: String,
    pub points: String,
    pub evidence: Vec<LinkView>,
}

/// One row of the return form.
pub struct ReasonRow {
    pub n: usize,
    pub items: Vec<Opt>,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "dossiers/review.html")]
struct ReviewPage {
    ctx: PageCtx,
    nav: Nav,
    id: String,
    product: String,
    revision: i64,
    state: &'static str,
    notice: Option<&'static str>,
    alert: Option<String>,
    alert_items: Vec<String>,
    frozen_note: String,
    receipt: String,
    due: Option<super::view::DueView>,
    registration: Vec<Fact>,
    report: Vec<Fact>,
    score: String,
    answers: Vec<AnswerView>,
    documents: Vec<LinkView>,
    can_return: bool,
    can_accept: bool,
    can_propose: bool,
    reason_rows: Vec<ReasonRow>,
    accept_sections: Vec<Section>,
    propose_sections: Vec<Section>,
}

fn links(dossier: Uuid, files: &[&FrozenEvidence], tr: Tr) -> Vec<LinkView> {
    files
        .iter()
        .map(|f| LinkView {
            name: f.file_name.clone(),
            kind: document_label(tr, f.kind),
            url: file_url(dossier, &f.sha256),
        })
        .collect()
}

fn opt_text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn yes_no(value: bool, tr: Tr) -> String {
    if value { tr.yes() } else { tr.no() }.to_owned()
}

fn registration_facts(version: &DossierVersion, tr: Tr) -> Vec<Fact> {
    let r = &version.registration;
    vec![
        Fact {
            label: tr.dossier_kind_field(),
            value: kind_label(tr, version.kind).to_owned(),
        },
        Fact {
            label: tr.dossier_unit_name(),
            value: r.unit_name.clone(),
        },
        Fact {
            label: tr.dossier_representative(),
            value: r.representative.clone(),
        },
        Fact {
            label: tr.dossier_position(),
            value: opt_text(&r.position),
        },
        Fact {
            label: tr.dossier_contact_address(),
            value: opt_text(&r.address),
        },
        Fact {
            label: tr.phone_number(),
            value: opt_text(&r.phone),
        },
        Fact {
            label: tr.email(),
            value: opt_text(&r.email),
        },
        Fact {
            label: tr.product_name(),
            value: r.product_name.clone(),
        },
        Fact {
            label: tr.dossier_samples(),
            value: r.samples.to_string(),
        },
        Fact {
            label: tr.dossier_attachments(),
            value: opt_text(&r.attachments),
        },
    ]
}

fn report_facts(version: &DossierVersion, tr: Tr) -> Vec<Fact> {
    let p = &version.report;
    vec![
        Fact {
            label: tr.dossier_registration_number(),
            value: opt_text(&p.registration_number),
        },
        Fact {
            label: tr.dossier_founded_on(),
            value: opt_text(&p.founded_on),
        },
        Fact {
            label: tr.dossier_product_spec(),
            value: opt_text(&p.product_spec),
        },
        Fact {
            label: tr.dossier_has_business_registration(),
            value: yes_no(p.has_business_registration, tr),
        },
        Fact {
            label: tr.dossier_quality_declared(),
            value: yes_no(p.quality_declared, tr),
        },
        Fact {
            label: tr.dossier_food_safety_certified(),
            value: yes_no(p.food_safety_certified, tr),
        },
        Fact {
            label: tr.dossier_production_licence(),
            value: yes_no(p.production_licence, tr),
        },
        Fact {
            label: tr.dossier_ip_titles(),
            value: opt_text(&p.ip_titles),
        },
        Fact {
            label: tr.dossier_history(),
            value: opt_text(&p.history),
        },
        Fact {
            label: tr.dossier_organisation(),
            value: opt_text(&p.organisation),
        },
        Fact {
            label: tr.dossier_business_plan_results(),
            value: opt_text(&p.business_plan_results),
        },
        Fact {
            label: tr.dossier_production_plan(),
            value: opt_text(&p.production_plan),
        },
    ]
}

/// The answers of a filed version on its sheet: the option chosen and its points, with the
/// files linked to each criterion.
fn answers(dossier: Uuid, version: &DossierVersion, tr: Tr) -> Vec<AnswerView> {
    let Some(sheet) =
        criteria_set(&version.criteria_version).and_then(|set| set.sheet(version.sheet))
    else {
        return Vec::new();
    };
    sheet
        .leaves()
        .into_iter()
        .map(|leaf| {
            let criterion = leaf.criterion;
            let choice = version
                .self_score
                .choices
                .get(&criterion.id)
                .copied()
                .unwrap_or(0);
            let answer = if choice == 0 {
                tr.review_not_answered().to_owned()
            } else if criterion.is_yes_no() {
                tr.met().to_owned()
            } else {
                criterion
                    .options
                    .get(choice as usize - 1)
                    .map(|o| o.text.clone())
                    .unwrap_or_default()
            };
            let files: Vec<&FrozenEvidence> = version
                .evidence
                .iter()
                .filter(|f| f.criteria.contains(&criterion.id))
                .collect();
            AnswerView {
                id: criterion.id.clone(),
                name: criterion.name.clone(),
                answer,
                points: criterion
                    .points_for(choice)
                    .map_or_else(String::new, |p| p.to_string()),
                evidence: links(dossier, &files, tr),
            }
        })
        .collect()
}

/// What the officer typed, kept when the page comes back.
#[derive(Default)]
struct Typed {
    reasons: Vec<ReturnReason>,
    report: CommuneReportInput,
    letter: ProposalInput,
    errors: ocop_domain::validation::FieldErrors,
}

fn accept_sections(report: &CommuneReportInput, tr: Tr) -> Vec<Section> {
    vec![Section::new(
        tr.accept_title(),
        vec![
            Field::textarea(
                "local_raw_materials",
                tr.report_raw_materials(),
                &report.local_raw_materials,
            )
            .required()
            .hint(tr.report_raw_materials_hint()),
            Field::textarea("local_labour", tr.report_labour(), &report.local_labour)
                .required()
                .hint(tr.report_labour_hint()),
            Field::textarea("idea_origin", tr.report_idea_origin(), &report.idea_origin)
                .required()
                .hint(tr.report_idea_origin_hint()),
            Field::textarea(
                "local_identity",
                tr.report_identity(),
                &report.local_identity,
            )
            .required()
            .hint(tr.report_identity_hint()),
        ],
    )]
}

fn propose_sections(letter: &ProposalInput, tr: Tr) -> Vec<Section> {
    vec![Section::new(
        tr.propose_title(),
        vec![
            Field::text("letter_number", tr.letter_number(), &letter.letter_number)
                .required()
                .hint(tr.letter_number_hint()),
            Field::input("letter_date", tr.letter_date(), "date", &letter.letter_date).required(),
            Field::text("letter_signer", tr.letter_signer(), &letter.letter_signer).required(),
        ],
    )]
}

fn page(
    admin: &Admin,
    detail: &DossierDetail,
    typed: Typed,
    notice: Option<&'static str>,
    refusal: Option<super::pages::Refused>,
) -> Result<Response, AppError> {
    let tr = admin.tr();
    let dossier = &detail.dossier;
    let version = detail
        .versions
        .iter()
        .max_by_key(|v| v.number)
        .ok_or_else(|| AppError::not_found("lần nộp của hồ sơ"))?;
    let may = |action| detail.actions.contains(&action);
    let sheet = criteria_set(&version.criteria_version).and_then(|set| set.sheet(version.sheet));
    let items = return_items(sheet, tr);
    let reason_rows = (0..REASON_ROWS.max(typed.reasons.len()))
        .map(|i| {
            let chosen = typed.reasons.get(i);
            ReasonRow {
                n: i + 1,
                items: std::iter::once(Opt {
                    value: String::new(),
                    label: tr.return_item().to_owned(),
                    selected: chosen.is_none_or(|r| r.item.is_empty()),
                })
                .chain(items.iter().map(|(value, label)| Opt {
                    selected: chosen.is_some_and(|r| r.item == *value),
                    value: value.clone(),
                    label: label.clone(),
                }))
                .collect(),
                reason: chosen.map(|r| r.reason.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let mut accept = accept_sections(&typed.report, tr);
    let mut propose = propose_sections(&typed.letter, tr);
    attach_errors(&mut accept, &typed.errors, &[]);
    attach_errors(&mut propose, &typed.errors, &[]);
    let (status, alert, mut alert_items) = match refusal {
        Some(r) => (r.status, Some(r.message), r.items),
        None => (StatusCode::OK, None, Vec::new()),
    };
    // A message a field shows is not repeated at the top (a reason row's is).
    let placed: Vec<&str> = accept
        .iter()
        .chain(&propose)
        .flat_map(|s| &s.fields)
        .filter_map(|f| f.error.as_deref())
        .collect();
    alert_items.retain(|m| !placed.iter().any(|e| e.contains(m.as_str())));
    let documents: Vec<&FrozenEvidence> = version
        .evidence
        .iter()
        .filter(|f| f.criteria.is_empty())
        .collect();
    let html = ReviewPage {
        ctx: admin.ctx(),
        nav: admin.nav("dossiers"),
        id: dossier.id.to_string(),
        product: detail.product_name.clone(),
        revision: dossier.revision,
        state: state_label(tr, dossier.state),
        notice,
        alert,
        alert_items,
        frozen_note: tr.review_frozen(version.number, local_time(version.created_at)),
        receipt: dossier.receipt_number.clone().unwrap_or_default(),
        due: detail
            .deadline
            .as_ref()
            .map(|d| super::view::DueView::of(d, tr)),
        registration: registration_facts(version, tr),
        report: report_facts(version, tr),
        score: tr.self_score_value(
            version.self_total,
            crate::view::star_glyphs(version.self_stars),
        ),
        answers: answers(dossier.id, version, tr),
        documents: links(dossier.id, &documents, tr),
        can_return: may(DossierAction::Return),
        can_accept: may(DossierAction::Accept),
        can_propose: may(DossierAction::Propose),
        reason_rows,
        accept_sections: accept,
        propose_sections: propose,
    }
    .render()?;
    Ok((status, Html(html)).into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReviewParams {
    pub saved: String,
}

pub async fn review_page(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    axum::extract::Query(params): axum::extract::Query<ReviewParams>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let detail = state.store.dossier_detail(&admin.caller(), id).await?;
    let notice = (params.saved == "accepted").then(|| admin.tr().dossier_accepted_notice());
    page(&admin, &detail, Typed::default(), notice, None)
}

/// The page again after a refused action, with what was typed.
async fn again(
    state: &AppState,
    admin: &Admin,
    id: Uuid,
    mut typed: Typed,
    error: ocop_store::StoreError,
) -> Result<Response, AppError> {
    if let ocop_store::StoreError::Invalid(errors) = &error {
        typed.errors = errors.clone();
    }
    let refusal = refused(error, admin.tr())?;
    let detail = state.store.dossier_detail(&admin.caller(), id).await?;
    page(admin, &detail, typed, None, Some(refusal))
}

/// `POST …/return`: `item`/`reason` pairs in order (a row left blank is skipped).
pub async fn return_dossier(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let mut revision = RevisionForm::default();
    let mut items = Vec::new();
    let mut texts = Vec::new();
    for (name, value) in fields {
        match name.as_str() {
            "revision" => revision.revision = value,
            "item" => items.push(value),
            "reason" => texts.push(value),
            _ => {}
        }
    }
    let reasons: Vec<ReturnReason> = items
        .into_iter()
        .zip(texts)
        .filter(|(item, reason)| !item.trim().is_empty() || !reason.trim().is_empty())
        .map(|(item, reason)| ReturnReason { item, reason })
        .collect();
    match state
        .store
        .return_dossier(&admin.caller(), id, revision.revision(), &reasons)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/dossiers/{id}?saved=returned")).into_response()),
        Err(e) => {
            let typed = Typed {
                reasons,
                ..Typed::default()
            };
            again(&state, &admin, id, typed, e).await
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AcceptForm {
    pub revision: String,
    #[serde(flatten)]
    pub report: CommuneReportInput,
}

pub async fn accept(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let revision = RevisionForm {
        revision: form.revision,
    }
    .revision();
    match state
        .store
        .accept_dossier(&admin.caller(), id, revision, &form.report)
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/admin/dossiers/{id}/review?saved=accepted")).into_response(),
        ),
        Err(e) => {
            let typed = Typed {
                report: form.report,
                ..Typed::default()
            };
            again(&state, &admin, id, typed, e).await
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProposeForm {
    pub revision: String,
    #[serde(flatten)]
    pub letter: ProposalInput,
}

pub async fn propose(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<ProposeForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let revision = RevisionForm {
        revision: form.revision,
    }
    .revision();
    match state
        .store
        .propose_dossier(&admin.caller(), id, revision, &form.letter)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/dossiers/{id}?saved=proposed")).into_response()),
        Err(e) => {
            let typed = Typed {
                letter: form.letter,
                ..Typed::default()
            };
            again(&state, &admin, id, typed, e).await
        }
    }
}
