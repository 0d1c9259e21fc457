//! Chủ thể in the back-office: the list of the user's scope, a record page, the create and
//! edit forms, archiving.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::{Action, Resource, authorize_successor_choice, view_scope};
use ocop_domain::producer::{ProducerInput, ProducerKind, ProducerStatus};
use ocop_domain::units::{AdminUnits, UnitRef};
use ocop_domain::validation::FieldErrors;
use ocop_store::producers::ProducerQuery;
use ocop_store::{Producer, StoreError};
use serde::Deserialize;

use crate::backoffice::{Admin, Nav, Pager, own_unit, page_number, parse_id, place_name, url_with};
use crate::forms::{form_errors, invalid};
use crate::i18n::Tr;
use crate::view::PageCtx;

use super::form::{CommuneFinder, NewProducerQuery, form_has_place_and_status, form_page};
use crate::{AppError, AppState};

const PER_PAGE: u32 = 25;

/// Filters of the producer list (also used by its export).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    pub q: String,
    /// `1`: only records whose commune of today awaits confirmation.
    pub unconfirmed: String,
    /// `product`: the user came to add a product and must choose its producer first.
    pub choose: String,
    pub page: String,
}

impl ListParams {
    pub fn query(&self, page: u32, per_page: u32) -> ProducerQuery {
        ProducerQuery {
            text: Some(self.q.trim().to_owned()).filter(|t| !t.is_empty()),
            province: None,
            unconfirmed: self.unconfirmed(),
            page,
            per_page,
        }
    }

    fn unconfirmed(&self) -> bool {
        self.unconfirmed.trim() == "1"
    }
}

pub struct ProducerRowView {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub tax_code: String,
    pub place: String,
    pub status: &'static str,
    pub status_key: &'static str,
    pub can_edit: bool,
    pub can_add_product: bool,
}

#[derive(Template)]
#[template(path = "producers/list.html")]
struct ListPage {
    ctx: PageCtx,
    nav: Nav,
    q: String,
    unconfirmed: bool,
    choosing_for_product: bool,
    rows: Vec<ProducerRowView>,
    pager: Pager,
    can_create: bool,
    can_export: bool,
    export_xlsx: String,
    export_csv: String,
}

pub async fn list(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<ListParams>,
) -> Result<Html<String>, AppError> {
    let actor = admin.actor();
    let page = page_number(&params.page);
    let (producers, total) = state
        .store
        .list_producers(view_scope(Some(&actor)), &params.query(page, PER_PAGE))
        .await?;
    let tr = admin.tr();
    let rows = producers
        .iter()
        .map(|p| {
            let resource = p.resource();
            ProducerRowView {
                id: p.id.to_string(),
                name: p.data.name.clone(),
                kind: tr.producer_kind(p.data.kind),
                tax_code: p.data.tax_code.as_str().to_owned(),
                place: place_name(p.placement()),
                status: tr.producer_status(p.data.status),
                status_key: p.data.status.key(),
                can_edit: admin.may(Action::Edit, &resource),
                can_add_product: admin.may(Action::Create, &resource),
            }
        })
        .collect();
    let unconfirmed = params.unconfirmed();
    let filters = [
        ("q", params.q.trim()),
        ("unconfirmed", if unconfirmed { "1" } else { "" }),
        (
            "choose",
            if params.choose == "product" {
                "product"
            } else {
                ""
            },
        ),
    ];
    Ok(Html(
        ListPage {
            ctx: admin.ctx(),
            nav: admin.nav("producers"),
            q: params.q.trim().to_owned(),
            unconfirmed,
            choosing_for_product: params.choose == "product",
            rows,
            pager: Pager {
                page,
                per_page: PER_PAGE,
                total,
                base: url_with("/admin/producers", &filters),
            },
            can_create: admin.may(Action::Create, &new_producer(&actor)),
            can_export: admin.may(Action::Export, &own_unit(&actor)),
            export_xlsx: url_with("/admin/producers/export.xlsx", &filters[..1]),
            export_csv: url_with("/admin/producers/export.csv", &filters[..1]),
        }
        .render()?,
    ))
}

/// A producer not yet placed, for "may this user create producers at all": no producer
/// account owns it.
fn new_producer(actor: &ocop_domain::access::Actor) -> Resource {
    own_unit(actor)
}

/// One line of a record page.
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

pub struct ProductLine {
    pub id: String,
    pub name: String,
    pub code: String,
    pub status: &'static str,
}

#[derive(Template)]
#[template(path = "producers/show.html")]
struct ShowPage {
    ctx: PageCtx,
    nav: Nav,
    id: String,
    name: String,
    notice: Option<String>,
    facts: Vec<Fact>,
    products: Vec<ProductLine>,
    can_edit: bool,
    can_archive: bool,
    can_audit: bool,
    can_add_product: bool,
    archived: bool,
    /// For an official of the province, the communes of today a record of a divided old
    /// commune may be placed in: (code, full name, chosen now).
    successors: Vec<(String, String, bool)>,
    successor_confirmed: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SavedParams {
    pub saved: String,
}

/// The notice shown after a redirect from a form.
pub fn saved_notice(saved: &str, tr: Tr) -> Option<String> {
    let notice = match saved {
        "created" => tr.record_created(),
        "updated" => tr.changes_saved(),
        "archived" => tr.record_archived(),
        "successor" => tr.successor_confirmed(),
        _ => return None,
    };
    Some(notice.to_owned())
}

fn yes_no(b: bool, tr: Tr) -> String {
    if b { tr.yes() } else { tr.no() }.to_owned()
}

pub async fn show(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(saved): Query<SavedParams>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "chủ thể")?;
    let producer = state.store.visible_producer(&admin.caller(), id).await?;
    let resource = producer.resource();
    let d = &producer.data;
    let units = AdminUnits::embedded();
    let tr = admin.tr();
    let facts = vec![
        Fact {
            label: tr.kind(),
            value: tr.producer_kind(d.kind).to_owned(),
        },
        Fact {
            label: tr.tax_code_or_registration(),
            value: d.tax_code.as_str().to_owned(),
        },
        Fact {
            label: tr.representative(),
            value: d.representative.name.clone(),
        },
        Fact {
            label: tr.representative_gender(),
            value: tr.gender_name(d.representative.gender).to_owned(),
        },
        Fact {
            label: tr.representative_ethnic_minority(),
            value: yes_no(d.representative.ethnic_minority, tr),
        },
        Fact {
            label: tr.representative_disability(),
            value: yes_no(d.representative.disability, tr),
        },
        Fact {
            label: tr.phone(),
            value: d.phone.clone().unwrap_or_default(),
        },
        Fact {
            label: tr.email(),
            value: d.email.clone().unwrap_or_default(),
        },
        Fact {
            label: tr.place(),
            value: units.place_name(d.unit, producer.commune_code, producer.successor_confirmed),
        },
        Fact {
            label: tr.address(),
            value: d.street.clone().unwrap_or_default(),
        },
        Fact {
            label: tr.community_capital(),
            value: d
                .community_capital_percent
                .map(|p| format!("{p}%"))
                .unwrap_or_default(),
        },
        Fact {
            label: tr.status(),
            value: tr.producer_status(d.status).to_owned(),
        },
        Fact {
            label: tr.last_updated(),
            value: crate::backoffice::local_time(producer.updated_at),
        },
    ];
    let products = state
        .store
        .products_of(producer.id)
        .await?
        .into_iter()
        .map(|p| ProductLine {
            id: p.id.to_string(),
            name: p.data.name.clone(),
            code: p.product_code.clone().unwrap_or_default(),
            status: tr.product_status(p.data.status),
        })
        .collect();
    Ok(Html(
        ShowPage {
            ctx: admin.ctx(),
            nav: admin.nav("producers"),
            id: producer.id.to_string(),
            name: d.name.clone(),
            notice: saved_notice(&saved.saved, tr),
            facts,
            products,
            can_edit: admin.may(Action::Edit, &resource),
            can_archive: admin.may(Action::Archive, &resource)
                && d.status != ProducerStatus::Archived,
            can_audit: admin.may(Action::ViewAudit, &resource),
            can_add_product: admin.may(Action::Create, &resource),
            archived: d.status == ProducerStatus::Archived,
            successors: successor_choices(&admin, &producer),
            successor_confirmed: producer.successor_confirmed,
        }
        .render()?,
    ))
}

/// The communes of today a record of a divided old commune may be placed in, as (code,
/// name, chosen), for an official who may choose; empty otherwise.
fn successor_choices(admin: &Admin, producer: &Producer) -> Vec<(String, String, bool)> {
    let units = AdminUnits::embedded();
    let unit = producer.data.unit;
    if !units.needs_successor_choice(unit)
        || authorize_successor_choice(&admin.actor(), &producer.resource()).is_err()
    {
        return Vec::new();
    }
    units
        .successors(unit.code)
        .map(|s| {
            (
                s.new_code.to_string(),
                units.full_name(UnitRef::commune(s.new_code)),
                producer.commune_code == Some(s.new_code),
            )
        })
        .collect()
}

/// The successor form: the commune of today chosen.
#[derive(Debug, Deserialize)]
pub struct SuccessorForm {
    pub commune: String,
}

/// Confirms the default successor commune of a record of a divided old commune, or places it
/// in another successor (officials of the province).
pub async fn choose_successor(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<SuccessorForm>,
) -> Result<Redirect, AppError> {
    let id = parse_id(&id, "chủ thể")?;
    let Ok(commune) = form.commune.trim().parse::<u32>() else {
        let mut errors = FieldErrors::default();
        errors.add("successor", "invalid_code", "Cần chọn một xã kế thừa");
        return Err(StoreError::from(errors).into());
    };
    state
        .store
        .confirm_successor(&admin.caller(), id, commune)
        .await?;
    Ok(Redirect::to(&format!(
        "/admin/producers/{id}?saved=successor"
    )))
}

pub async fn new_form(
    admin: Admin,
    Query(query): Query<NewProducerQuery>,
) -> Result<Html<String>, AppError> {
    admin.require(Action::Create, &new_producer(&admin.actor()))?;
    // A commune picked in the finder: today's, by its code.
    let picked = query
        .xa
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|&code| AdminUnits::embedded().commune(code).is_some());
    let input = ProducerInput {
        kind: ProducerKind::Cooperative.key().to_owned(),
        status: ProducerStatus::Active.key().to_owned(),
        unit_code: picked.map(|code| code.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    Ok(Html(form_page(
        &admin,
        &input,
        None,
        &FieldErrors::default(),
        Some(CommuneFinder::search(&query.tim_xa, admin.tr())),
    )?))
}

pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    Form(input): Form<ProducerInput>,
) -> Result<Response, AppError> {
    match state.store.register_producer(&admin.caller(), &input).await {
        Ok(p) => {
            Ok(Redirect::to(&format!("/admin/producers/{}?saved=created", p.id)).into_response())
        }
        Err(e) => {
            let errors = form_errors(e)?;
            let finder = Some(CommuneFinder::default());
            Ok(invalid(form_page(&admin, &input, None, &errors, finder)?))
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let producer = state.store.producer(parse_id(&id, "chủ thể")?).await?;
    admin.require_on(Action::Edit, &producer.resource())?;
    let input = ProducerInput::from_data(&producer.data);
    Ok(Html(form_page(
        &admin,
        &input,
        Some(&producer),
        &FieldErrors::default(),
        None,
    )?))
}

pub async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(mut input): Form<ProducerInput>,
) -> Result<Response, AppError> {
    let caller = admin.caller();
    let stored = state
        .store
        .visible_producer(&caller, parse_id(&id, "chủ thể")?)
        .await?;
    let kept = ProducerInput::from_data(&stored.data);
    if !form_has_place_and_status(&admin) {
        input.unit_structure = kept.unit_structure;
        input.unit_level = kept.unit_level;
        input.unit_code = kept.unit_code;
        input.status = kept.status;
    } else if input.status.trim().is_empty() {
        input.status = kept.status;
    }
    match state
        .store
        .change_producer(&caller, stored.id, &input)
        .await
    {
        Ok(p) => {
            Ok(Redirect::to(&format!("/admin/producers/{}?saved=updated", p.id)).into_response())
        }
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(invalid(form_page(
                &admin,
                &input,
                Some(&stored),
                &errors,
                None,
            )?))
        }
    }
}

pub async fn archive(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    let id = parse_id(&id, "chủ thể")?;
    state.store.archive_producer(&admin.caller(), id).await?;
    Ok(Redirect::to(&format!(
        "/admin/producers/{id}?saved=archived"
    )))
}
