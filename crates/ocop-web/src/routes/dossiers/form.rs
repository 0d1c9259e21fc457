//! The dossier's form: Mẫu 01 (the registration) when a producer files a dossier for one of
//! its products, and with Mẫu 02 parts I, II and IV when it edits one. A blank Mẫu 01 field
//! takes the producer's or product's registered value (the domain's defaults).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::{Denied, view_scope};
use ocop_domain::dossier::{
    DOSSIER_CRITERIA_VERSIONS, DossierAction, DossierInput, DossierKind, transition,
};
use ocop_domain::validation::FieldErrors;
use ocop_store::StoreError;
use ocop_store::products::ProductListQuery;
use ocop_store::use_cases::DossierDetail;
use serde::Deserialize;

use super::pages::{RevisionForm, latest_reasons, refused};
use super::view::{FORM_01, PART_I, PART_II, PART_IV, ReasonView, kind_label};
use crate::backoffice::{Admin, Nav, parse_id};
use crate::forms::{Field, Section, attach_errors, has_field_errors, is_yes};
use crate::i18n::Tr;
use crate::view::PageCtx;
use crate::{AppError, AppState};

/// Most products the new-dossier form offers (a producer has a handful).
const MAX_PRODUCT_CHOICES: u32 = 200;

/// What the form submits: the dossier's fields, the product (new dossier) and the revision
/// the form was showing (edit).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DossierForm {
    pub product_id: String,
    pub revision: String,
    #[serde(flatten)]
    pub dossier: DossierInput,
}

#[derive(Template)]
#[template(path = "dossiers/form.html")]
struct FormPage {
    ctx: PageCtx,
    nav: Nav,
    title: String,
    action: String,
    cancel: String,
    revision: Option<i64>,
    /// Why the last save was not done (stale, refused).
    alert: Option<String>,
    reasons: Vec<ReasonView>,
    sections: Vec<Section>,
    general_errors: Vec<String>,
    has_field_errors: bool,
    submit_label: &'static str,
    no_products: bool,
}

fn version_label(version: &str, tr: Tr) -> &'static str {
    match version {
        "V2025" => tr.dossier_criteria_2025(),
        "V2023" => tr.dossier_criteria_2023(),
        _ => tr.dossier_criteria_current(),
    }
}

fn form01_fields(input: &DossierInput, tr: Tr) -> Vec<Field> {
    let kinds = DossierKind::ALL
        .into_iter()
        .map(|k| (k.key().to_owned(), kind_label(tr, k).to_owned()))
        .collect();
    let versions = DOSSIER_CRITERIA_VERSIONS
        .into_iter()
        .map(|v| (v.to_owned(), version_label(v, tr).to_owned()))
        .collect();
    let version = if input.criteria_version.trim().is_empty() {
        DOSSIER_CRITERIA_VERSIONS[0]
    } else {
        input.criteria_version.trim()
    };
    vec![
        Field::select(
            "kind",
            tr.dossier_kind_field(),
            kinds,
            &input.kind,
            Some(""),
        )
        .required(),
        Field::select(
            "criteria_version",
            tr.dossier_criteria_version(),
            versions,
            version,
            None,
        ),
        Field::input("year", tr.dossier_year(), "number", &input.year),
        Field::text("unit_name", tr.dossier_unit_name(), &input.unit_name)
            .hint(tr.dossier_default_hint()),
        Field::text(
            "representative",
            tr.dossier_representative(),
            &input.representative,
        )
        .hint(tr.dossier_default_hint()),
        Field::text("position", tr.dossier_position(), &input.position),
        Field::text("address", tr.dossier_contact_address(), &input.address)
            .hint(tr.dossier_default_hint()),
        Field::input("phone", tr.phone_number(), "tel", &input.phone),
        Field::input("email", tr.email(), "email", &input.email),
        Field::text("product_name", tr.product_name(), &input.product_name)
            .hint(tr.dossier_default_hint()),
        Field::input("samples", tr.dossier_samples(), "number", &input.samples)
            .hint(tr.dossier_samples_hint()),
        Field::textarea("attachments", tr.dossier_attachments(), &input.attachments),
    ]
}

fn report_sections(input: &DossierInput, tr: Tr) -> Vec<Section> {
    vec![
        Section::new(
            tr.dossier_part1_section(),
            vec![
                Field::text(
                    "registration_number",
                    tr.dossier_registration_number(),
                    &input.registration_number,
                ),
                Field::text("founded_on", tr.dossier_founded_on(), &input.founded_on),
                Field::textarea(
                    "product_spec",
                    tr.dossier_product_spec(),
                    &input.product_spec,
                ),
                Field::checkbox(
                    "has_business_registration",
                    tr.dossier_has_business_registration(),
                    is_yes(&input.has_business_registration),
                ),
                Field::checkbox(
                    "quality_declared",
                    tr.dossier_quality_declared(),
                    is_yes(&input.quality_declared),
                ),
                Field::checkbox(
                    "food_safety_certified",
                    tr.dossier_food_safety_certified(),
                    is_yes(&input.food_safety_certified),
                ),
                Field::checkbox(
                    "production_licence",
                    tr.dossier_production_licence(),
                    is_yes(&input.production_licence),
                ),
                Field::text("ip_titles", tr.dossier_ip_titles(), &input.ip_titles),
                Field::textarea("history", tr.dossier_history(), &input.history),
                Field::textarea(
                    "organisation",
                    tr.dossier_organisation(),
                    &input.organisation,
                ),
            ],
        ),
        Section::new(
            tr.dossier_part2_section(),
            vec![
                Field::textarea(
                    "business_plan_results",
                    tr.dossier_business_plan_results(),
                    &input.business_plan_results,
                )
                .hint(tr.dossier_business_plan_hint()),
            ],
        ),
        Section::new(
            tr.dossier_part4_section(),
            vec![
                Field::textarea(
                    "production_plan",
                    tr.dossier_production_plan(),
                    &input.production_plan,
                )
                .hint(tr.dossier_production_plan_hint()),
            ],
        ),
    ]
}

/// The new-dossier page: the producer's products to choose from and Mẫu 01.
async fn new_page(
    state: &AppState,
    admin: &Admin,
    form: &DossierForm,
    errors: &FieldErrors,
) -> Result<String, AppError> {
    let tr = admin.tr();
    let products = match admin.session.user.producer_id {
        Some(own) => {
            state
                .store
                .list_products(
                    view_scope(Some(&admin.actor())),
                    &ProductListQuery {
                        producer: Some(own),
                        page: 1,
                        per_page: MAX_PRODUCT_CHOICES,
                        ..Default::default()
                    },
                )
                .await?
                .0
        }
        None => Vec::new(),
    };
    let choices: Vec<(String, String)> = products
        .iter()
        .map(|item| (item.product.id.to_string(), item.product.data.name.clone()))
        .collect();
    let no_products = choices.is_empty();
    let mut fields = vec![
        Field::select(
            "product_id",
            tr.dossier_product(),
            choices,
            &form.product_id,
            Some(""),
        )
        .required(),
    ];
    fields.extend(form01_fields(&form.dossier, tr));
    let mut sections = vec![Section::new(tr.dossier_form01_section(), fields)];
    let general_errors = attach_errors(&mut sections, errors, &[]);
    Ok(FormPage {
        ctx: admin.ctx(),
        nav: admin.nav("dossiers"),
        title: tr.dossier_new_title().to_owned(),
        action: "/admin/dossiers".to_owned(),
        cancel: "/admin/dossiers".to_owned(),
        revision: None,
        alert: None,
        reasons: Vec::new(),
        has_field_errors: has_field_errors(&sections),
        sections,
        general_errors,
        submit_label: tr.dossier_create(),
        no_products,
    }
    .render()?)
}

pub async fn new_form(
    State(state): State<AppState>,
    admin: Admin,
) -> Result<Html<String>, AppError> {
    let form = DossierForm {
        dossier: DossierInput {
            kind: DossierKind::FirstTime.key().to_owned(),
            ..Default::default()
        },
        ..Default::default()
    };
    Ok(Html(
        new_page(&state, &admin, &form, &FieldErrors::default()).await?,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<DossierForm>,
) -> Result<Response, AppError> {
    let product_id = match uuid::Uuid::parse_str(form.product_id.trim()) {
        Ok(id) => id,
        Err(_) => {
            let mut errors = FieldErrors::default();
            errors.add(
                "product_id",
                "required",
                admin.tr().dossier_choose_product(),
            );
            let page = new_page(&state, &admin, &form, &errors).await?;
            return Ok(crate::forms::invalid(page));
        }
    };
    match state
        .store
        .file_dossier(&admin.caller(), product_id, &form.dossier)
        .await
    {
        Ok(dossier) => Ok(
            Redirect::to(&format!("/admin/dossiers/{}?saved=created", dossier.id)).into_response(),
        ),
        Err(e) => {
            let errors = crate::forms::form_errors(e)?;
            let page = new_page(&state, &admin, &form, &errors).await?;
            Ok(crate::forms::invalid(page))
        }
    }
}

/// The edit page of a stored dossier: Mẫu 01 and Mẫu 02 parts I, II, IV, with the
/// commune's reasons for what it returned.
fn edit_page(
    admin: &Admin,
    detail: &DossierDetail,
    input: &DossierInput,
    revision: i64,
    errors: &FieldErrors,
    alert: Option<String>,
) -> Result<String, AppError> {
    let tr = admin.tr();
    let mut sections = vec![Section::new(
        tr.dossier_form01_section(),
        form01_fields(input, tr),
    )];
    sections.extend(report_sections(input, tr));
    let general_errors = attach_errors(&mut sections, errors, &[]);
    let id = detail.dossier.id;
    // The reasons this form can answer: the forms' parts (criteria and documents are
    // answered on the self-score and evidence pages).
    let reasons = latest_reasons(detail, tr)
        .into_iter()
        .filter(|r| [FORM_01, PART_I, PART_II, PART_IV].contains(&r.item.as_str()))
        .collect();
    Ok(FormPage {
        ctx: admin.ctx(),
        nav: admin.nav("dossiers"),
        title: tr.dossier_edit_title(&detail.product_name),
        action: format!("/admin/dossiers/{id}/edit"),
        cancel: format!("/admin/dossiers/{id}"),
        revision: Some(revision),
        alert,
        reasons,
        has_field_errors: has_field_errors(&sections),
        sections,
        general_errors,
        submit_label: tr.save(),
        no_products: false,
    }
    .render()?)
}

/// A dossier the user may not change now: why, as the workflow says it (409 for its state,
/// 403 for the role).
pub(super) fn editable(admin: &Admin, detail: &DossierDetail) -> Result<(), AppError> {
    if detail.actions.contains(&DossierAction::Edit) {
        return Ok(());
    }
    Err(
        match transition(detail.dossier.state, DossierAction::Edit, admin.role()) {
            Err(refusal) => StoreError::Transition(refusal),
            Ok(_) => StoreError::Denied(Denied::Forbidden),
        }
        .into(),
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let detail = state.store.dossier_detail(&admin.caller(), id).await?;
    editable(&admin, &detail)?;
    let input = DossierInput::of(&detail.dossier.data);
    let page = edit_page(
        &admin,
        &detail,
        &input,
        detail.dossier.revision,
        &FieldErrors::default(),
        None,
    )?;
    Ok(Html(page).into_response())
}

pub async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<DossierForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let caller = admin.caller();
    let revision = RevisionForm {
        revision: form.revision.clone(),
    }
    .revision();
    match state
        .store
        .edit_dossier(&caller, id, revision, &form.dossier)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/dossiers/{id}?saved=updated")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let detail = state.store.dossier_detail(&caller, id).await?;
            let page = edit_page(&admin, &detail, &form.dossier, revision, &errors, None)?;
            Ok(crate::forms::invalid(page))
        }
        Err(e) => {
            let refusal = refused(e, admin.tr())?;
            let detail = state.store.dossier_detail(&caller, id).await?;
            // What the producer typed stays; the new revision lets them save it again.
            let page = edit_page(
                &admin,
                &detail,
                &form.dossier,
                detail.dossier.revision,
                &FieldErrors::default(),
                Some(refusal.message),
            )?;
            Ok((refusal.status, Html(page)).into_response())
        }
    }
}
