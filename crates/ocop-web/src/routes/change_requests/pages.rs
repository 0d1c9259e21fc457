//! Yêu cầu thay đổi in the back-office: the producer's form (the "edit" of an active product,
//! prefilled, creating a request or revising the open one), a request's page with its diff and
//! the actions its reader may take, and the inbox of the requests of the user's scope.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::{authorize_change_request, authorize_change_request_view};
use ocop_domain::change_request::{
    ChangeRequestAction, ChangeRequestState, DecisionInput, FieldChange, ProposalInput,
    RejectionInput, RevisionInput, may_propose_for, same_version,
};
use ocop_domain::product::ProductInput;
use ocop_domain::validation::FieldErrors;
use ocop_store::Product;
use ocop_store::change_requests::{ChangeRequest, ChangeRequestQuery};
use serde::Deserialize;

use crate::backoffice::{
    Admin, Nav, Pager, local_time, page_number, parse_id, place_name, url_with,
};
use crate::forms::{Field, Section, attach_errors, form_errors, invalid};
use crate::i18n::Tr;
use crate::routes::products::form::{ProductForm, classification_field};
use crate::view::PageCtx;
use crate::{AppError, AppState};

const PER_PAGE: u32 = 25;

/// The label of a field a request changes, in the user's language.
pub fn field_label(field: &str, tr: Tr) -> &'static str {
    match field {
        "name" => tr.product_name(),
        "classification" => tr.product_sheet(),
        "gtin" => tr.gtin(),
        "description" => tr.description(),
        "story" => tr.story(),
        "ingredients" => tr.ingredients(),
        _ => tr.packaging(),
    }
}

pub fn state_label(state: ChangeRequestState, tr: Tr) -> &'static str {
    match state {
        ChangeRequestState::Open => tr.cr_state_open(),
        ChangeRequestState::Approved => tr.cr_state_approved(),
        ChangeRequestState::Rejected => tr.cr_state_rejected(),
        ChangeRequestState::Withdrawn => tr.dossier_state_withdrawn(),
    }
}

/// What the proposal form submits.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProposalForm {
    #[serde(flatten)]
    pub product: ProductForm,
    pub note: String,
    /// The revision of the open request the form was prefilled from.
    pub revision: String,
}

impl ProposalForm {
    fn proposal(&self) -> ProposalInput {
        ProposalInput {
            product: self.product.input(),
            note: self.note.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "change_requests/form.html")]
struct FormPage {
    ctx: PageCtx,
    nav: Nav,
    title: String,
    product_id: String,
    action: String,
    /// The open request being revised: its id and revision.
    open: Option<(String, u32)>,
    sections: Vec<Section>,
    general_errors: Vec<String>,
    has_field_errors: bool,
}

fn form_page(
    admin: &Admin,
    product: &Product,
    open: Option<&ChangeRequest>,
    input: &ProposalInput,
    errors: &FieldErrors,
) -> Result<String, AppError> {
    let tr = admin.tr();
    let p = &input.product;
    let mut sections = vec![
        Section::new(
            tr.product(),
            vec![
                Field::text("name", tr.product_name(), &p.name).required(),
                classification_field(p, tr),
                Field::text("gtin", tr.gtin_field(), &p.gtin).hint(tr.gtin_hint()),
            ],
        ),
        Section::new(
            tr.presentation(),
            vec![
                Field::textarea("description", tr.description(), &p.description),
                Field::textarea("story", tr.story(), &p.story),
                Field::textarea("ingredients", tr.ingredients(), &p.ingredients),
                Field::text("packaging", tr.packaging(), &p.packaging),
            ],
        ),
        Section::new(
            tr.cr_note(),
            vec![Field::textarea("note", tr.cr_note(), &input.note).hint(tr.cr_note_hint())],
        ),
    ];
    let general_errors = attach_errors(
        &mut sections,
        errors,
        &[("taxonomy_version", "classification")],
    );
    let action = match open {
        Some(request) => format!("/admin/change-requests/{}/revise", request.id),
        None => format!("/admin/products/{}/change-request", product.id),
    };
    Ok(FormPage {
        ctx: admin.ctx(),
        nav: admin.nav("change_requests"),
        title: tr.cr_propose_title(&product.data.name),
        product_id: product.id.to_string(),
        action,
        open: open.map(|r| (r.id.to_string(), r.revision)),
        has_field_errors: crate::forms::has_field_errors(&sections),
        sections,
        general_errors,
    }
    .render()?)
}

/// The product, once the user may propose a change of it (its producer); else 404 or 403.
async fn proposable(state: &AppState, admin: &Admin, id: &str) -> Result<Product, AppError> {
    let product = state
        .store
        .visible_product(&admin.caller(), parse_id(id, "sản phẩm")?)
        .await?;
    authorize_change_request(
        &admin.actor(),
        ChangeRequestAction::Propose,
        &product.resource(),
    )?;
    Ok(product)
}

/// The proposal form, prefilled with the open request's values, or the product's.
pub async fn new_form(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let product = proposable(&state, &admin, &id).await?;
    // A draft is edited directly; a suspended or archived product's edit page says why not.
    if may_propose_for(product.data.status).is_err() {
        return Ok(Redirect::to(&format!("/admin/products/{}/edit", product.id)).into_response());
    }
    let open = state.store.open_change_request(product.id).await?;
    let input = match &open {
        Some(request) => ProposalInput::from_data(&request.proposed, request.note.as_deref()),
        None => ProposalInput {
            product: ProductInput::from_data(&product.data),
            note: String::new(),
        },
    };
    let html = form_page(
        &admin,
        &product,
        open.as_ref(),
        &input,
        &FieldErrors::default(),
    )?;
    Ok(Html(html).into_response())
}

/// The form's errors again, or the refusal as a page.
async fn form_again(
    state: &AppState,
    admin: &Admin,
    product: &Product,
    input: &ProposalInput,
    error: ocop_store::StoreError,
) -> Result<Response, AppError> {
    let errors = form_errors(error)?;
    let open = state.store.open_change_request(product.id).await?;
    Ok(invalid(form_page(
        admin,
        product,
        open.as_ref(),
        input,
        &errors,
    )?))
}

pub async fn propose(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<ProposalForm>,
) -> Result<Response, AppError> {
    let product = proposable(&state, &admin, &id).await?;
    let input = form.proposal();
    match state
        .store
        .propose_product_change(&admin.caller(), product.id, &input)
        .await
    {
        Ok(request) => Ok(Redirect::to(&format!(
            "/admin/change-requests/{}?saved=proposed",
            request.id
        ))
        .into_response()),
        Err(e) => form_again(&state, &admin, &product, &input, e).await,
    }
}

pub async fn revise(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<ProposalForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "yêu cầu thay đổi")?;
    let caller = admin.caller();
    let (_, product) = state.store.visible_change_request(&caller, id).await?;
    let input = RevisionInput {
        revision: form.revision.clone(),
        proposal: form.proposal(),
    };
    match state.store.revise_change_request(&caller, id, &input).await {
        Ok(request) => Ok(Redirect::to(&format!(
            "/admin/change-requests/{}?saved=revised",
            request.id
        ))
        .into_response()),
        Err(e) => form_again(&state, &admin, &product, &input.proposal, e).await,
    }
}

/// One changed field as the page shows it.
pub struct ChangeView {
    pub label: &'static str,
    pub before: String,
    pub after: String,
}

fn change_views(changes: &[FieldChange], tr: Tr) -> Vec<ChangeView> {
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| tr.cr_empty_value().to_owned());
    changes
        .iter()
        .map(|c| ChangeView {
            label: field_label(c.field, tr),
            before: shown(&c.before),
            after: shown(&c.after),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "change_requests/show.html")]
struct ShowPage {
    ctx: PageCtx,
    nav: Nav,
    id: String,
    product_id: String,
    product_name: String,
    state_key: &'static str,
    state: &'static str,
    revision: u32,
    notice: Option<String>,
    proposed_by: String,
    decided_by: Option<String>,
    note: Option<String>,
    reason: Option<String>,
    changes: Vec<ChangeView>,
    stale: bool,
    can_decide: bool,
    can_withdraw: bool,
    public: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SavedParams {
    pub saved: String,
}

fn saved_notice(saved: &str, tr: Tr) -> Option<String> {
    let notice = match saved {
        "proposed" => tr.cr_saved_proposed(),
        "revised" => tr.cr_saved_revised(),
        "approved" => tr.cr_saved_approved(),
        "rejected" => tr.cr_saved_rejected(),
        "withdrawn" => tr.cr_saved_withdrawn(),
        _ => return None,
    };
    Some(notice.to_owned())
}

pub async fn show(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(saved): Query<SavedParams>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "yêu cầu thay đổi")?;
    let (request, product) = state
        .store
        .visible_change_request(&admin.caller(), id)
        .await?;
    let tr = admin.tr();
    let actor = admin.actor();
    let resource = product.resource();
    let open = request.state == ChangeRequestState::Open;
    let may = |action| open && authorize_change_request(&actor, action, &resource).is_ok();
    Ok(Html(
        ShowPage {
            ctx: admin.ctx(),
            nav: admin.nav("change_requests"),
            id: request.id.to_string(),
            product_id: product.id.to_string(),
            product_name: product.data.name.clone(),
            state_key: request.state.key(),
            state: state_label(request.state, tr),
            revision: request.revision,
            notice: saved_notice(&saved.saved, tr),
            proposed_by: tr
                .cr_proposed_by(&request.proposed_by_label, local_time(request.created_at)),
            decided_by: match (&request.decided_by_label, request.decided_at) {
                (Some(who), Some(at)) => Some(tr.cr_decided_by(who, local_time(at))),
                _ => None,
            },
            stale: open
                && (product.updated_at != request.base_updated_at
                    || !same_version(&request.base, &product.data)),
            changes: change_views(&request.changes(), tr),
            note: request.note.clone(),
            reason: request.reason.clone(),
            can_decide: may(ChangeRequestAction::Approve),
            can_withdraw: may(ChangeRequestAction::Withdraw),
            public: resource.public,
        }
        .render()?,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub revision: String,
    pub reason: String,
}

fn done(id: uuid::Uuid, saved: &str) -> Redirect {
    Redirect::to(&format!("/admin/change-requests/{id}?saved={saved}"))
}

pub async fn approve(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<DecisionForm>,
) -> Result<Redirect, AppError> {
    let id = parse_id(&id, "yêu cầu thay đổi")?;
    let input = DecisionInput {
        revision: form.revision,
    };
    state
        .store
        .approve_change_request(&admin.caller(), id, &input)
        .await?;
    Ok(done(id, "approved"))
}

pub async fn reject(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<DecisionForm>,
) -> Result<Redirect, AppError> {
    let id = parse_id(&id, "yêu cầu thay đổi")?;
    let input = RejectionInput {
        revision: form.revision,
        reason: form.reason,
    };
    state
        .store
        .reject_change_request(&admin.caller(), id, &input)
        .await?;
    Ok(done(id, "rejected"))
}

pub async fn withdraw(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<DecisionForm>,
) -> Result<Redirect, AppError> {
    let id = parse_id(&id, "yêu cầu thay đổi")?;
    let input = DecisionInput {
        revision: form.revision,
    };
    state
        .store
        .withdraw_change_request(&admin.caller(), id, &input)
        .await?;
    Ok(done(id, "withdrawn"))
}

/// Filters of the inbox.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    /// A state key, `all`, or blank: the open requests.
    pub state: String,
    pub page: String,
}

impl ListParams {
    /// The state shown: open ones unless another (or every one) is asked for.
    fn state(&self) -> Option<ChangeRequestState> {
        match self.state.trim() {
            "" => Some(ChangeRequestState::Open),
            raw => ChangeRequestState::from_key(raw),
        }
    }
}

pub struct RowView {
    pub id: String,
    pub product_name: String,
    pub detail: String,
    pub state_key: &'static str,
    pub state: &'static str,
}

pub struct StateChoice {
    pub key: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "change_requests/list.html")]
struct ListPage {
    ctx: PageCtx,
    nav: Nav,
    hint: &'static str,
    states: Vec<StateChoice>,
    all_selected: bool,
    rows: Vec<RowView>,
    pager: Pager,
}

pub async fn list(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<ListParams>,
) -> Result<Html<String>, AppError> {
    let page = page_number(&params.page);
    let shown = params.state();
    let query = ChangeRequestQuery {
        state: shown,
        page,
        per_page: PER_PAGE,
        ..Default::default()
    };
    let (items, total) = state.store.change_requests(&admin.caller(), &query).await?;
    let tr = admin.tr();
    let rows = items
        .iter()
        .map(|item| {
            let r = &item.request;
            let fields: Vec<&str> = r
                .changes()
                .iter()
                .map(|c| field_label(c.field, tr))
                .collect();
            RowView {
                id: r.id.to_string(),
                product_name: item.product_name.clone(),
                detail: format!(
                    "{} · {} · {} · {}",
                    item.producer_name,
                    place_name(item.placement),
                    fields.join(", "),
                    local_time(r.created_at)
                ),
                state_key: r.state.key(),
                state: state_label(r.state, tr),
            }
        })
        .collect();
    let state_key = shown.map_or("all", |s| s.key());
    Ok(Html(
        ListPage {
            ctx: admin.ctx(),
            nav: admin.nav("change_requests"),
            hint: if admin.role().is_official() {
                tr.cr_inbox_hint_official()
            } else {
                tr.cr_inbox_hint_producer()
            },
            states: ChangeRequestState::ALL
                .iter()
                .map(|s| StateChoice {
                    key: s.key(),
                    label: state_label(*s, tr),
                    selected: shown == Some(*s),
                })
                .collect(),
            all_selected: shown.is_none(),
            rows,
            pager: Pager {
                page,
                per_page: PER_PAGE,
                total,
                base: url_with("/admin/change-requests", &[("state", state_key)]),
            },
        }
        .render()?,
    ))
}

/// Whether the user reads the change requests of `product`: to show the open one's link.
pub fn may_read(admin: &Admin, product: &Product) -> bool {
    authorize_change_request_view(Some(&admin.actor()), &product.resource()).is_ok()
}
