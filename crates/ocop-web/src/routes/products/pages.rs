//! Sản phẩm in the back-office: the list of the user's scope (search, status filter), a
//! record page with its product code, create/edit forms, archiving. Producer accounts prepare
//! drafts; officials of the unit publish, suspend and archive.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::{
    Action, EditRefusal, ScoringCapacity, authorize_change_request, authorize_photos,
    authorize_results, authorize_scoring, edit_refusal, view_scope,
};
use ocop_domain::change_request::{ChangeRequestAction, may_propose_for};
use ocop_domain::product::{ProductInput, ProductStatus};
use ocop_domain::validation::FieldErrors;
use ocop_store::Product;
use ocop_store::products::{ProductExtras, ProductListQuery};
use serde::Deserialize;
use uuid::Uuid;

use crate::backoffice::{Admin, Nav, Pager, page_number, parse_id, place_name, url_with};
use crate::forms::{form_errors, invalid};
use crate::i18n::Tr;
use crate::routes::producers::pages::{Fact, SavedParams, saved_notice};
use crate::view::PageCtx;

use super::form::{ProductForm, Target, form_page};
use crate::{AppError, AppState};

const PER_PAGE: u32 = 25;

/// Where "add a product" leads an official: the producer list, which asks to choose the
/// producer first.
const CHOOSE_PRODUCER: &str = "/admin/producers?choose=product";

/// Filters of the product list (also used by its export).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    pub q: String,
    pub status: String,
    pub producer: String,
    /// `1`: only products without an official evaluation.
    pub unevaluated: String,
    pub page: String,
}

impl ListParams {
    pub fn query(&self, page: u32, per_page: u32) -> ProductListQuery {
        ProductListQuery {
            text: Some(self.q.trim().to_owned()).filter(|t| !t.is_empty()),
            status: self.status(),
            producer: Uuid::parse_str(self.producer.trim()).ok(),
            unevaluated: self.unevaluated(),
            page,
            per_page,
        }
    }

    /// The status filter; blank (or unknown) means every status.
    fn status(&self) -> Option<ProductStatus> {
        let raw = self.status.trim();
        ProductStatus::ALL.into_iter().find(|s| s.key() == raw)
    }

    fn unevaluated(&self) -> bool {
        self.unevaluated.trim() == "1"
    }

    pub fn filters(&self) -> [(&'static str, &str); 4] {
        [
            ("q", self.q.trim()),
            ("status", self.status().map_or("", |s| s.key())),
            ("producer", self.producer.trim()),
            ("unevaluated", if self.unevaluated() { "1" } else { "" }),
        ]
    }
}

pub struct ProductRowView {
    pub id: String,
    pub name: String,
    pub code: String,
    pub producer_id: String,
    pub producer_name: String,
    pub classification: String,
    pub place: String,
    pub status: &'static str,
    pub status_key: &'static str,
    pub stars: String,
    pub can_edit: bool,
}

pub struct StatusChoice {
    pub key: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "products/list.html")]
struct ListPage {
    ctx: PageCtx,
    nav: Nav,
    q: String,
    producer: String,
    producer_name: Option<String>,
    unevaluated: bool,
    /// Without the "only unevaluated" filter.
    all_url: String,
    statuses: Vec<StatusChoice>,
    rows: Vec<ProductRowView>,
    pager: Pager,
    /// Where "add a product" leads: the form for a producer account, the producer list (to
    /// pick one) for officials.
    new_url: Option<String>,
    export_xlsx: String,
    export_csv: String,
    can_export: bool,
}

fn score_label(capacity: ScoringCapacity, tr: Tr) -> &'static str {
    match capacity {
        ScoringCapacity::SelfAssessment => tr.self_assess(),
        ScoringCapacity::Official => tr.score_now(),
    }
}

/// The rating the product is recognised with and where it comes from: never a saved
/// evaluation, which is shown apart.
fn recognised_rating(product: &Product, tr: Tr) -> String {
    let Some(stars) = product.stars else {
        return tr.not_rated().to_owned();
    };
    let source = if product.stars_demo {
        tr.demo_note().to_owned()
    } else {
        match &product.certificate_ref {
            Some(reference) => tr.rating_source_certificate(reference),
            None => tr.rating_source_registry().to_owned(),
        }
    };
    format!("{} · {source}", crate::view::star_glyphs(stars))
}

fn stars_text(product: &Product, tr: Tr) -> String {
    match product.stars {
        Some(s) if product.stars_demo => tr.demo_stars(crate::view::star_glyphs(s)),
        Some(s) => crate::view::star_glyphs(s),
        None => String::new(),
    }
}

pub async fn list(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<ListParams>,
) -> Result<Html<String>, AppError> {
    let actor = admin.actor();
    let page = page_number(&params.page);
    let (items, total) = state
        .store
        .list_products(view_scope(Some(&actor)), &params.query(page, PER_PAGE))
        .await?;
    let tr = admin.tr();
    let rows = items
        .iter()
        .map(|item| {
            let p = &item.product;
            ProductRowView {
                id: p.id.to_string(),
                name: p.data.name.clone(),
                code: p.product_code.clone().unwrap_or_default(),
                producer_id: p.producer_id.to_string(),
                producer_name: item.producer_name.clone(),
                classification: tr.classification_name(&p.data.classification),
                place: place_name(p.placement()),
                status: tr.product_status(p.data.status),
                status_key: p.data.status.key(),
                stars: stars_text(p, tr),
                can_edit: admin.may(Action::Edit, &p.resource()),
            }
        })
        .collect();
    let producer_filter = params.query(page, PER_PAGE).producer;
    let producer_name = match producer_filter {
        // Named only to those who may see it: an id must not reveal a hidden producer.
        Some(id) => state
            .store
            .producer(id)
            .await
            .ok()
            .filter(|p| admin.may(Action::View, &p.resource()))
            .map(|p| p.data.name),
        None => None,
    };
    let new_url = match (admin.nav("products").own_producer, producer_filter) {
        (Some(own), _) => Some(format!("/admin/products/new?producer={own}")),
        (None, Some(id)) => Some(format!("/admin/products/new?producer={id}")),
        (None, None) if admin.role().is_official() => Some(CHOOSE_PRODUCER.to_owned()),
        _ => None,
    };
    let filters = params.filters();
    let selected = params.status();
    Ok(Html(
        ListPage {
            ctx: admin.ctx(),
            nav: admin.nav("products"),
            q: params.q.trim().to_owned(),
            producer: producer_filter.map(|id| id.to_string()).unwrap_or_default(),
            producer_name,
            unevaluated: params.unevaluated(),
            all_url: url_with("/admin/products", &filters[..3]),
            statuses: ProductStatus::ALL
                .iter()
                .map(|s| StatusChoice {
                    key: s.key(),
                    label: tr.product_status(*s),
                    selected: selected == Some(*s),
                })
                .collect(),
            rows,
            pager: Pager {
                page,
                per_page: PER_PAGE,
                total,
                base: url_with("/admin/products", &filters),
            },
            new_url,
            export_xlsx: url_with("/admin/products/export.xlsx", &filters),
            export_csv: url_with("/admin/products/export.csv", &filters),
            can_export: admin.may(Action::Export, &crate::backoffice::own_unit(&actor)),
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "products/show.html")]
struct ShowPage {
    ctx: PageCtx,
    nav: Nav,
    id: String,
    name: String,
    code: Option<String>,
    notice: Option<String>,
    producer_id: String,
    producer_name: String,
    facts: Vec<Fact>,
    can_edit: bool,
    can_archive: bool,
    can_audit: bool,
    /// The scoring form's link, labelled by the capacity the user scores in.
    score: Option<&'static str>,
    advice_url: Option<String>,
    photos_url: Option<String>,
    /// The product's lots, for whoever may read them.
    lots_url: Option<String>,
    public_url: String,
    /// Its producer's way to change an active product.
    propose_url: Option<String>,
    /// The open change request, to those who follow it.
    pending_url: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(saved): Query<SavedParams>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "sản phẩm")?;
    let product = state.store.visible_product(&admin.caller(), id).await?;
    let resource = product.resource();
    let producer = state.store.producer(product.producer_id).await?;
    let d = &product.data;
    let tr = admin.tr();
    let mut facts = vec![
        Fact {
            label: tr.classification(),
            value: tr.classification_name(&d.classification),
        },
        Fact {
            label: tr.category(),
            value: tr.category_name(d.classification.category()).to_owned(),
        },
        Fact {
            label: tr.status(),
            value: tr.product_status(d.status).to_owned(),
        },
        Fact {
            label: tr.recognised_rating(),
            value: recognised_rating(&product, tr),
        },
        Fact {
            label: tr.gtin_barcode(),
            value: d
                .gtin
                .as_ref()
                .map(|g| g.as_str().to_owned())
                .unwrap_or_default(),
        },
        Fact {
            label: tr.place(),
            value: crate::view::place(
                product.unit,
                product.commune_code,
                producer.successor_confirmed,
            ),
        },
        Fact {
            label: tr.description(),
            value: d.description.clone().unwrap_or_default(),
        },
        Fact {
            label: tr.story(),
            value: d.story.clone().unwrap_or_default(),
        },
        Fact {
            label: tr.ingredients(),
            value: d.ingredients.clone().unwrap_or_default(),
        },
        Fact {
            label: tr.packaging(),
            value: d.packaging.clone().unwrap_or_default(),
        },
        Fact {
            label: tr.last_updated(),
            value: crate::backoffice::local_time(product.updated_at),
        },
    ];
    let actor = admin.actor();
    let latest =
        crate::routes::scoring::latest_readable_evaluation(&state, Some(&actor), &product).await?;
    if let Some(saved) = latest {
        facts.insert(
            4,
            Fact {
                label: tr.latest_evaluation(),
                value: tr.latest_result(
                    tr.n_stars(saved.stars),
                    tr.evaluation_kind(saved.kind),
                    crate::backoffice::local_time(saved.created_at),
                ),
            },
        );
    }
    if !product.historical_codes.is_empty() {
        facts.push(Fact {
            label: tr.historical_codes(),
            value: product.historical_codes.join(", "),
        });
    }
    let pending_url = state
        .store
        .visible_open_change_request(&admin.caller(), &product)
        .await?
        .map(|request| format!("/admin/change-requests/{}", request.id));
    let propose_url = (authorize_change_request(&actor, ChangeRequestAction::Propose, &resource)
        .is_ok()
        && may_propose_for(d.status).is_ok())
    .then(|| format!("/admin/products/{}/change-request", product.id));
    let notice = match (saved.saved.as_str(), &product.product_code) {
        ("created", Some(code)) => Some(tr.product_created(code)),
        (other, _) => saved_notice(other, tr),
    };
    Ok(Html(
        ShowPage {
            ctx: admin.ctx(),
            nav: admin.nav("products"),
            id: product.id.to_string(),
            name: d.name.clone(),
            code: product.product_code.clone(),
            notice,
            producer_id: producer.id.to_string(),
            producer_name: producer.data.name.clone(),
            facts,
            can_edit: admin.may(Action::Edit, &resource),
            can_archive: admin.may(Action::Archive, &resource)
                && d.status != ProductStatus::Archived,
            can_audit: admin.may(Action::ViewAudit, &resource),
            score: authorize_scoring(&actor, &resource)
                .ok()
                .map(|capacity| score_label(capacity, tr)),
            advice_url: authorize_results(Some(&actor), &resource)
                .is_ok()
                .then(|| format!("/products/{}/advice", product.id)),
            photos_url: authorize_photos(&actor, &resource)
                .is_ok()
                .then(|| format!("/products/{}/photos", product.id)),
            lots_url: crate::routes::lots::pages::may_read_lots(&admin, &product)
                .then(|| format!("/admin/products/{}/lots", product.id)),
            public_url: format!("/products/{}", product.id),
            propose_url,
            pending_url,
        }
        .render()?,
    ))
}

/// A product about to be created for `producer`: its producer may prepare it only as a draft.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewParams {
    pub producer: String,
}

pub async fn new_form(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<NewParams>,
) -> Result<Response, AppError> {
    let producer_id = match (params.producer.trim(), admin.session.user.producer_id) {
        ("", Some(own)) => own,
        // Officials pick the producer in the producer list ("+ Sản phẩm" on its row).
        ("", None) => return Ok(Redirect::to(CHOOSE_PRODUCER).into_response()),
        (raw, _) => parse_id(raw, "chủ thể")?,
    };
    let producer = state.store.producer(producer_id).await?;
    admin.require_on(Action::View, &producer.resource())?;
    admin.require(Action::Create, &producer.new_product())?;
    let input = ProductInput {
        status: ProductStatus::Draft.key().to_owned(),
        ..Default::default()
    };
    Ok(Html(form_page(
        &admin,
        Target::New(&producer),
        &input,
        &FieldErrors::default(),
    )?)
    .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<ProductForm>,
) -> Result<Response, AppError> {
    let caller = admin.caller();
    let producer = state
        .store
        .visible_producer(&caller, parse_id(form.producer.trim(), "chủ thể")?)
        .await?;
    let input = form.input();
    let extras = ProductExtras::default();
    match state
        .store
        .register_product(&caller, producer.id, &input, extras)
        .await
    {
        Ok(product) => Ok(
            Redirect::to(&format!("/admin/products/{}?saved=created", product.id)).into_response(),
        ),
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(invalid(form_page(
                &admin,
                Target::New(&producer),
                &input,
                &errors,
            )?))
        }
    }
}

#[derive(Template)]
#[template(path = "products/locked.html")]
struct LockedPage {
    ctx: PageCtx,
    nav: Nav,
    id: String,
    name: String,
    reason: String,
    score: Option<&'static str>,
    advice: bool,
    public: bool,
    /// Its producer's way to change an active product: a change request.
    propose_url: Option<String>,
}

/// The 403 page for someone who sees `product` but may not edit it: why, and what they may
/// do instead (score it, read its advice, open it).
fn locked_page(
    admin: &Admin,
    product: &ocop_store::Product,
    refusal: EditRefusal,
) -> Result<Response, AppError> {
    let resource = product.resource();
    let actor = admin.actor();
    let tr = admin.tr();
    let reason = match refusal {
        EditRefusal::OwnerAfterDraft => {
            tr.owner_after_draft(tr.product_status(product.data.status))
        }
        EditRefusal::CouncilReadOnly => tr.council_cannot_edit().to_owned(),
        EditRefusal::OutsideScope => tr.outside_scope_edit().to_owned(),
    };
    let page = LockedPage {
        ctx: admin.ctx(),
        nav: admin.nav("products"),
        id: product.id.to_string(),
        name: product.data.name.clone(),
        reason,
        score: authorize_scoring(&actor, &resource)
            .ok()
            .map(|capacity| score_label(capacity, tr)),
        advice: authorize_results(Some(&actor), &resource).is_ok(),
        public: resource.public,
        propose_url: (authorize_change_request(&actor, ChangeRequestAction::Propose, &resource)
            .is_ok()
            && may_propose_for(product.data.status).is_ok())
        .then(|| format!("/admin/products/{}/change-request", product.id)),
    };
    Ok((StatusCode::FORBIDDEN, Html(page.render()?)).into_response())
}

/// The edit form; to someone who sees the product but may not edit it, a 403 page that says
/// why and what they may do instead (score it, read its advice, open it).
pub async fn edit_form(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let product = state
        .store
        .visible_product(&admin.caller(), parse_id(&id, "sản phẩm")?)
        .await?;
    let resource = product.resource();
    let actor = admin.actor();
    if let Some(refusal) = edit_refusal(&actor, &resource) {
        // Its producer changes an active product through a change request.
        if authorize_change_request(&actor, ChangeRequestAction::Propose, &resource).is_ok()
            && may_propose_for(product.data.status).is_ok()
        {
            return Ok(
                Redirect::to(&format!("/admin/products/{}/change-request", product.id))
                    .into_response(),
            );
        }
        return locked_page(&admin, &product, refusal);
    }
    let producer = state.store.producer(product.producer_id).await?;
    let input = ProductInput::from_data(&product.data);
    Ok(Html(form_page(
        &admin,
        Target::Stored(&product, &producer),
        &input,
        &FieldErrors::default(),
    )?)
    .into_response())
}

pub async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<ProductForm>,
) -> Result<Response, AppError> {
    let caller = admin.caller();
    let stored = state
        .store
        .visible_product(&caller, parse_id(&id, "sản phẩm")?)
        .await?;
    let mut input = form.input();
    // No status submitted (a form without the choice): the status stays as it is.
    if input.status.trim().is_empty() {
        input.status = stored.data.status.key().to_owned();
    }
    match state.store.change_product(&caller, stored.id, &input).await {
        Ok(updated) => Ok(
            Redirect::to(&format!("/admin/products/{}?saved=updated", updated.id)).into_response(),
        ),
        // Refused by the use case: the same explanation the edit page gives.
        Err(ocop_store::StoreError::Denied(denied)) => {
            match edit_refusal(&admin.actor(), &stored.resource()) {
                Some(refusal) => locked_page(&admin, &stored, refusal),
                None => Err(ocop_store::StoreError::Denied(denied).into()),
            }
        }
        Err(e) => {
            let errors = form_errors(e)?;
            let producer = state.store.producer(stored.producer_id).await?;
            let target = Target::Stored(&stored, &producer);
            Ok(invalid(form_page(&admin, target, &input, &errors)?))
        }
    }
}

pub async fn archive(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    let id = parse_id(&id, "sản phẩm")?;
    state.store.archive_product(&admin.caller(), id).await?;
    Ok(Redirect::to(&format!(
        "/admin/products/{id}?saved=archived"
    )))
}
