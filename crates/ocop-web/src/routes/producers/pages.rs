//! Chủ thể in the back-office: the list of the user's scope, a record page, the create and
//! edit forms, archiving.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::{Action, Resource, Role, authorize_successor_choice, view_scope};
use ocop_domain::producer::{Gender, ProducerInput, ProducerKind, ProducerStatus};
use ocop_domain::text::fold_vi;
use ocop_domain::units::{AdminUnits, MAX_COMMUNE_QUERY_CHARS, Structure, UnitRef};
use ocop_domain::validation::FieldErrors;
use ocop_store::producers::ProducerQuery;
use ocop_store::{Producer, StoreError};
use serde::Deserialize;

use crate::backoffice::{Admin, Nav, Pager, own_unit, page_number, parse_id, place_name, url_with};
use crate::forms::{Field, Section, attach_errors, form_errors, invalid};
use crate::i18n::Tr;
use crate::view::PageCtx;
use crate::{AppError, AppState};

const PER_PAGE: u32 = 25;

/// Filters of the producer list (also used by its export).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    pub q: String,
    pub page: String,
}

impl ListParams {
    pub fn query(&self, page: u32, per_page: u32) -> ProducerQuery {
        ProducerQuery {
            text: Some(self.q.trim().to_owned()).filter(|t| !t.is_empty()),
            province: None,
            page,
            per_page,
        }
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
    let filters = [("q", params.q.trim())];
    Ok(Html(
        ListPage {
            ctx: admin.ctx(),
            nav: admin.nav("producers"),
            q: params.q.trim().to_owned(),
            rows,
            pager: Pager {
                page,
                per_page: PER_PAGE,
                total,
                base: url_with("/admin/producers", &filters),
            },
            can_create: admin.may(Action::Create, &new_producer(&actor)),
            can_export: admin.may(Action::Export, &own_unit(&actor)),
            export_xlsx: url_with("/admin/producers/export.xlsx", &filters),
            export_csv: url_with("/admin/producers/export.csv", &filters),
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

#[derive(Template)]
#[template(path = "producers/form.html")]
struct FormPage {
    ctx: PageCtx,
    nav: Nav,
    title: String,
    action: String,
    /// The record being edited (None: a new one).
    id: Option<String>,
    sections: Vec<Section>,
    general_errors: Vec<String>,
    has_field_errors: bool,
    can_audit: bool,
    /// On a new record's page: find a commune by its old or new name.
    finder: Option<CommuneFinder>,
}

/// "Chỉ biết địa chỉ cũ?": communes found by name or code, each with today's commune(s) to
/// pick, so a producer known only by its address before 01/07/2025 can be registered.
#[derive(Default)]
pub struct CommuneFinder {
    query: String,
    error: Option<String>,
    searched: bool,
    matches: Vec<CommuneFound>,
}

pub struct CommuneFound {
    /// E.g. "Xã Hữu Lân (cũ), Huyện Lộc Bình, Lạng Sơn".
    label: String,
    /// Today's communes: the link that picks one, and its name.
    today: Vec<(String, String)>,
}

impl CommuneFinder {
    fn search(query: &str, tr: Tr) -> CommuneFinder {
        let query = query.trim();
        if query.is_empty() {
            return CommuneFinder::default();
        }
        if query.chars().count() > MAX_COMMUNE_QUERY_CHARS {
            return CommuneFinder {
                query: query.chars().take(MAX_COMMUNE_QUERY_CHARS).collect(),
                error: Some(tr.commune_query_too_long(MAX_COMMUNE_QUERY_CHARS)),
                ..CommuneFinder::default()
            };
        }
        let units = AdminUnits::embedded();
        let pick = |code: u32, default_of_divided: bool| {
            let name = units.full_name(UnitRef::commune(code));
            (
                format!("/admin/producers/new?xa={code}"),
                if default_of_divided {
                    tr.main_part(name)
                } else {
                    name
                },
            )
        };
        let matches = units
            .find_communes(query)
            .into_iter()
            .map(|unit| {
                let today = units.todays_communes(unit);
                let divided = today.len() > 1;
                let place = units.full_name(UnitRef {
                    structure: unit.structure,
                    level: unit.level,
                    code: unit.code,
                });
                CommuneFound {
                    label: match unit.structure {
                        Structure::TwoTier => tr.unit_today(place),
                        Structure::ThreeTier => tr.unit_before_2025(place),
                    },
                    today: today
                        .into_iter()
                        .map(|(code, is_default)| pick(code, divided && is_default))
                        .collect(),
                }
            })
            .collect();
        CommuneFinder {
            query: query.to_owned(),
            error: None,
            searched: true,
            matches,
        }
    }
}

/// `?tim_xa=` searches communes by name; `?xa=` picks today's commune for the form.
#[derive(Deserialize, Default)]
pub struct NewProducerQuery {
    #[serde(default)]
    tim_xa: String,
    #[serde(default)]
    xa: String,
}

/// Whether the form has the place and the status as fields: a producer's own form shows them
/// fixed, since officials place a producer and decide its status; what the form does not
/// have, a submission does not change.
fn form_has_place_and_status(admin: &Admin) -> bool {
    admin.role() != Role::Producer
}

/// How the producer form shows the unit: a commune select of the actor's province, or (for
/// central officials and historical records) the code with its structure and level.
fn unit_fields(admin: &Admin, input: &ProducerInput, stored: Option<&Producer>) -> Vec<Field> {
    let units = AdminUnits::embedded();
    let tr = admin.tr();
    if !form_has_place_and_status(admin) {
        let shown = stored
            .map(|p| units.full_name(p.data.unit))
            .unwrap_or_default();
        return vec![Field::fixed("unit_code", tr.commune_ward(), &shown)];
    }
    let current_structure = matches!(input.unit_structure.trim(), "" | "2025-07");
    let commune_level = matches!(input.unit_level.trim(), "" | "commune");
    if let Some(province) = admin.actor().province_code
        && current_structure
        && commune_level
    {
        let mut communes: Vec<(String, String)> = units
            .communes_of(province)
            .map(|c| (c.code.to_string(), c.name.clone()))
            .collect();
        communes.sort_by_key(|(_, name)| fold_vi(name));
        return vec![
            Field::select(
                "unit_code",
                tr.commune_ward(),
                communes,
                &input.unit_code,
                Some(tr.choose_commune()),
            )
            .required()
            .hint(tr.commune_hint()),
        ];
    }
    let structures = Structure::ALL
        .iter()
        .map(|s| (s.key().to_owned(), tr.structure_name(*s).to_owned()))
        .collect();
    let levels = vec![
        ("commune".to_owned(), tr.commune_ward().to_owned()),
        ("district".to_owned(), tr.district_old_records().to_owned()),
    ];
    let structure = if input.unit_structure.trim().is_empty() {
        "2025-07"
    } else {
        input.unit_structure.trim()
    };
    let level = if input.unit_level.trim().is_empty() {
        "commune"
    } else {
        input.unit_level.trim()
    };
    vec![
        Field::input("unit_code", tr.unit_code(), "number", &input.unit_code)
            .required()
            .hint(tr.unit_code_hint()),
        Field::select(
            "unit_structure",
            tr.unit_structure(),
            structures,
            structure,
            None,
        ),
        Field::select("unit_level", tr.unit_level(), levels, level, None),
    ]
}

fn form_sections(admin: &Admin, input: &ProducerInput, stored: Option<&Producer>) -> Vec<Section> {
    let tr = admin.tr();
    let kinds = ProducerKind::ALL
        .iter()
        .map(|k| (k.key().to_owned(), tr.producer_kind(*k).to_owned()))
        .collect();
    let genders = [Gender::Female, Gender::Male]
        .iter()
        .map(|g| (g.key().to_owned(), tr.gender_name(*g).to_owned()))
        .collect();
    // The select shows keys; a value typed as a label ("Nữ") still selects its option.
    let kind = ProducerKind::parse(&input.kind).map_or(input.kind.clone(), |k| k.key().to_owned());
    let gender = Gender::parse(&input.representative_gender)
        .map_or(input.representative_gender.clone(), |g| g.key().to_owned());
    let status_field = if !form_has_place_and_status(admin) {
        let shown = tr.producer_status(stored.map_or(ProducerStatus::Active, |p| p.data.status));
        Field::fixed("status", tr.status(), shown)
    } else {
        let statuses = [
            ProducerStatus::Active,
            ProducerStatus::Suspended,
            ProducerStatus::Archived,
        ]
        .iter()
        .map(|s| (s.key().to_owned(), tr.producer_status(*s).to_owned()))
        .collect();
        let status = ProducerStatus::parse(&input.status)
            .map_or(input.status.clone(), |s| s.key().to_owned());
        Field::select("status", tr.status(), statuses, &status, None)
    };
    let mut place = unit_fields(admin, input, stored);
    place.push(Field::text("street", tr.street(), &input.street));
    place.push(Field::input("phone", tr.phone(), "tel", &input.phone));
    place.push(Field::input("email", tr.email(), "email", &input.email));
    vec![
        Section::new(
            tr.producer_details(),
            vec![
                Field::select("kind", tr.kind(), kinds, &kind, Some(tr.choose_kind())).required(),
                Field::text("name", tr.producer_name(), &input.name).required(),
                Field::text("tax_code", tr.tax_code_or_registration(), &input.tax_code)
                    .required()
                    .hint(tr.tax_code_hint()),
                Field::input(
                    "community_capital_percent",
                    tr.community_capital_percent(),
                    "number",
                    &input.community_capital_percent,
                )
                .hint(tr.community_capital_hint()),
            ],
        ),
        Section::new(
            tr.representative(),
            vec![
                Field::text(
                    "representative_name",
                    tr.full_name(),
                    &input.representative_name,
                )
                .required(),
                Field::select(
                    "representative_gender",
                    tr.gender(),
                    genders,
                    &gender,
                    Some(tr.choose()),
                )
                .required(),
                Field::checkbox(
                    "representative_ethnic_minority",
                    tr.ethnic_minority(),
                    crate::forms::is_yes(&input.representative_ethnic_minority),
                ),
                Field::checkbox(
                    "representative_disability",
                    tr.disability(),
                    crate::forms::is_yes(&input.representative_disability),
                ),
            ],
        ),
        Section::new(tr.place_and_contact(), place),
        Section::new(tr.record_status(), vec![status_field]),
    ]
}

/// The form page; `errors` go next to their fields.
fn form_page(
    admin: &Admin,
    input: &ProducerInput,
    stored: Option<&Producer>,
    errors: &FieldErrors,
    finder: Option<CommuneFinder>,
) -> Result<String, AppError> {
    let mut sections = form_sections(admin, input, stored);
    let general_errors = attach_errors(
        &mut sections,
        errors,
        &[("unit_structure", "unit_code"), ("unit_level", "unit_code")],
    );
    let (title, action, id) = match stored {
        Some(p) => (
            admin.tr().edit_producer(&p.data.name),
            format!("/admin/producers/{}", p.id),
            Some(p.id.to_string()),
        ),
        None => (
            admin.tr().add_producer().to_owned(),
            "/admin/producers".to_owned(),
            None,
        ),
    };
    Ok(FormPage {
        ctx: admin.ctx(),
        nav: admin.nav("producers"),
        title,
        action,
        id,
        has_field_errors: crate::forms::has_field_errors(&sections),
        sections,
        general_errors,
        can_audit: stored.is_some_and(|p| admin.may(Action::ViewAudit, &p.resource())),
        finder,
    }
    .render()?)
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
