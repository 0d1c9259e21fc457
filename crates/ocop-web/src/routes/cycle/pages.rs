//! The cycle's back-office pages. A producer files its ideas and writes its plans; the commune
//! officer screens the commune's ideas (its inbox: filed ideas); the provincial officer opens
//! the cycle, selects ideas, approves plans and records support; central officials read. The
//! pages call the store's use cases and ask the domain only what to show.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::{
    Role, authorize_file_idea, authorize_idea_action, authorize_open_cycle, authorize_plan_action,
    authorize_plan_comment, own_unit,
};
use ocop_domain::business_plan::{
    AttachmentKind, MAX_FILE_NAME_CHARS, PlanAction, PlanInput, PlanState, SupportInput, TextInput,
    attachment_kind,
};
use ocop_domain::cycle::{CycleInput, Step, iso_date};
use ocop_domain::idea::{DecisionInput, IdeaAction, IdeaState};
use ocop_domain::units::{AdminUnits, UnitRef};
use ocop_domain::validation::FieldErrors;
use ocop_store::business_plans::{BusinessPlan, PlanQuery};
use ocop_store::cycles::{CommuneCounts, Cycle};
use ocop_store::ideas::{Idea, IdeaQuery};
use ocop_store::use_cases::NewAttachment;
use ocop_store::{Caller, StoreError};
use serde::Deserialize;
use uuid::Uuid;

use super::forms::{
    CycleForm, IDEA_ALIASES, IdeaChoices, IdeaForm, PlanForm, cycle_sections, idea_sections,
    plan_sections, support_sections,
};
use crate::backoffice::{Admin, Nav, Pager, page_number, parse_id, url_with};
use crate::forms::{Section, attach_errors, form_errors, has_field_errors, invalid};
use crate::i18n::Tr;
use crate::routes::producers::pages::Fact;
use crate::view::{PageCtx, day};
use crate::{AppError, AppState};

const PER_PAGE: u32 = 25;

/// An amount in đồng as people read it: "450.000.000 đ".
pub fn money(tr: Tr, amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mark = match tr.lang() {
        crate::i18n::Lang::Vi => '.',
        crate::i18n::Lang::En => ',',
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(mark);
        }
        grouped.push(c);
    }
    tr.amount_dong(grouped)
}

fn commune_name(code: u32) -> String {
    AdminUnits::embedded().full_name(UnitRef::commune(code))
}

/// The messages a refusal of an action shows on the record's page: a missing reason (422) or
/// a state that does not allow it (409). Anything else is an error page.
fn action_error(error: StoreError) -> Result<(StatusCode, String), AppError> {
    match error {
        StoreError::Invalid(errors) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            errors
                .0
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" "),
        )),
        StoreError::StateConflict(reason) => Ok((StatusCode::CONFLICT, reason)),
        e => Err(e.into()),
    }
}

/// A link to a list, with its count.
pub struct CountLink {
    pub label: String,
    pub url: String,
}

// ---------------------------------------------------------------- cycles

#[derive(Template)]
#[template(path = "cycle/cycles.html")]
struct CyclesPage {
    ctx: PageCtx,
    nav: Nav,
    rows: Vec<CycleRow>,
    can_open: bool,
    can_file: bool,
}

struct CycleRow {
    id: Uuid,
    year: i32,
    province: String,
    version: &'static str,
}

fn may_file(admin: &Admin) -> bool {
    let actor = admin.actor();
    let mut unit = own_unit(&actor);
    unit.producer_id = actor.producer_id;
    authorize_file_idea(&actor, &unit).is_ok()
}

pub async fn cycles(State(state): State<AppState>, admin: Admin) -> Result<Html<String>, AppError> {
    let tr = admin.tr();
    let list = state.store.cycles(&admin.caller(), None).await?;
    let actor = admin.actor();
    let can_open = actor
        .province_code
        .is_some_and(|p| authorize_open_cycle(&actor, p).is_ok());
    Ok(Html(
        CyclesPage {
            rows: list
                .into_iter()
                .map(|c| CycleRow {
                    id: c.id,
                    year: c.data.year,
                    province: crate::view::province_name(c.province_code),
                    version: tr.workflow_name(c.data.workflow_version),
                })
                .collect(),
            can_open,
            can_file: may_file(&admin),
            nav: admin.nav("cycle"),
            ctx: admin.ctx(),
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "cycle/cycle_form.html")]
struct CycleFormPage {
    ctx: PageCtx,
    nav: Nav,
    title: String,
    action: String,
    id: Option<Uuid>,
    sections: Vec<Section>,
    general_errors: Vec<String>,
    has_field_errors: bool,
}

fn cycle_form_page(
    admin: &Admin,
    id: Option<Uuid>,
    input: &CycleInput,
    errors: &FieldErrors,
) -> Result<String, AppError> {
    let tr = admin.tr();
    let mut sections = cycle_sections(input, tr, id.is_some());
    let general_errors = attach_errors(&mut sections, errors, &[]);
    Ok(CycleFormPage {
        title: match id {
            Some(_) => tr.edit_cycle_dates().to_owned(),
            None => tr.open_cycle().to_owned(),
        },
        action: id.map_or("/admin/cycles".to_owned(), |id| {
            format!("/admin/cycles/{id}")
        }),
        id,
        has_field_errors: has_field_errors(&sections),
        sections,
        general_errors,
        nav: admin.nav("cycle"),
        ctx: admin.ctx(),
    }
    .render()?)
}

/// The province of the officer opening a cycle (none: they may not).
fn own_province(admin: &Admin) -> Result<u32, AppError> {
    let actor = admin.actor();
    match actor.province_code {
        Some(p) if authorize_open_cycle(&actor, p).is_ok() => Ok(p),
        _ => Err(ocop_domain::access::Denied::Forbidden.into()),
    }
}

pub async fn new_cycle(
    admin: Admin,
    State(state): State<AppState>,
) -> Result<Html<String>, AppError> {
    own_province(&admin)?;
    let year = ocop_store::use_cases::local_year(state.store.now());
    let input = CycleInput {
        year: year.to_string(),
        ..Default::default()
    };
    Ok(Html(cycle_form_page(
        &admin,
        None,
        &input,
        &FieldErrors::default(),
    )?))
}

pub async fn open_cycle(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<CycleForm>,
) -> Result<Response, AppError> {
    let province = own_province(&admin)?;
    match state
        .store
        .open_cycle(&admin.caller(), province, &form.input)
        .await
    {
        Ok(cycle) => Ok(Redirect::to(&format!("/admin/cycles/{}", cycle.id)).into_response()),
        Err(StoreError::StateConflict(reason)) => {
            let mut errors = FieldErrors::default();
            errors.add("year", "taken", reason);
            Ok(invalid(cycle_form_page(
                &admin,
                None,
                &form.input,
                &errors,
            )?))
        }
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(invalid(cycle_form_page(
                &admin,
                None,
                &form.input,
                &errors,
            )?))
        }
    }
}

pub async fn edit_cycle(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "chu trình")?;
    let cycle = state.store.visible_cycle(&admin.caller(), id).await?;
    authorize_open_cycle(&admin.actor(), cycle.province_code)?;
    let input = CycleInput::from_data(&cycle.data);
    Ok(Html(cycle_form_page(
        &admin,
        Some(id),
        &input,
        &FieldErrors::default(),
    )?))
}

pub async fn change_cycle(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<CycleForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "chu trình")?;
    let stored = state.store.visible_cycle(&admin.caller(), id).await?;
    // The year is shown, not sent: the stored one stays.
    let input = CycleInput {
        year: stored.data.year.to_string(),
        ..form.input
    };
    match state.store.change_cycle(&admin.caller(), id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/cycles/{id}")).into_response()),
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(invalid(cycle_form_page(&admin, Some(id), &input, &errors)?))
        }
    }
}

struct StepRow {
    name: &'static str,
    starts_on: String,
    ends_on: String,
}

struct CountRow {
    commune: String,
    ideas_url: String,
    /// In the order of the page's `columns`.
    counts: Vec<String>,
}

#[derive(Template)]
#[template(path = "cycle/cycle.html")]
struct CyclePage {
    ctx: PageCtx,
    nav: Nav,
    id: Uuid,
    title: String,
    version: &'static str,
    steps: Vec<StepRow>,
    /// The count columns' headings.
    columns: Vec<&'static str>,
    rows: Vec<CountRow>,
    total: CountRow,
    can_edit: bool,
    links: Vec<CountLink>,
}

fn count_row(c: &CommuneCounts, commune: String, ideas_url: String, tr: Tr) -> CountRow {
    CountRow {
        commune,
        ideas_url,
        counts: [
            c.ideas_filed,
            c.ideas_screened,
            c.ideas_selected,
            c.ideas_declined,
            c.plans_submitted,
            c.plans_approved,
            c.support_records,
        ]
        .iter()
        .map(i64::to_string)
        .chain([money(tr, c.support_cost)])
        .chain(
            [c.dossiers_filed, c.dossiers_accepted, c.dossiers_proposed]
                .iter()
                .map(i64::to_string),
        )
        .collect(),
    }
}

fn count_columns(tr: Tr) -> Vec<&'static str> {
    vec![
        tr.count_filed(),
        tr.count_screened(),
        tr.count_selected(),
        tr.count_declined(),
        tr.count_plans_submitted(),
        tr.count_plans_approved(),
        tr.count_support(),
        tr.support_cost_total(),
        tr.count_dossiers_filed(),
        tr.count_dossiers_accepted(),
        tr.count_dossiers_proposed(),
    ]
}

pub async fn cycle(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "chu trình")?;
    let overview = state.store.cycle_overview(&admin.caller(), id).await?;
    let tr = admin.tr();
    let actor = admin.actor();
    let c: &Cycle = &overview.cycle;
    let year = c.data.year.to_string();
    // A commune officer reads its own commune's row first; the others stay for comparison.
    let mut rows: Vec<(bool, CountRow)> = overview
        .communes
        .iter()
        .filter_map(|counts| {
            let code = u32::try_from(counts.commune_code).ok()?;
            let url = url_with(
                "/admin/ideas",
                &[("commune", &code.to_string()), ("year", &year)],
            );
            Some((
                actor.commune_code == Some(code),
                count_row(counts, commune_name(code), url, tr),
            ))
        })
        .collect();
    rows.sort_by_key(|(own, _)| !own);
    let links = vec![
        CountLink {
            label: tr.ideas_to_screen().to_owned(),
            url: url_with("/admin/ideas", &[("state", "filed"), ("year", &year)]),
        },
        CountLink {
            label: tr.ideas_to_select().to_owned(),
            url: url_with("/admin/ideas", &[("state", "screened"), ("year", &year)]),
        },
        CountLink {
            label: tr.plans_to_approve().to_owned(),
            url: url_with("/admin/plans", &[("state", "submitted"), ("year", &year)]),
        },
        CountLink {
            label: tr.approved_plans_support().to_owned(),
            url: url_with("/admin/plans", &[("state", "approved"), ("year", &year)]),
        },
    ];
    Ok(Html(
        CyclePage {
            id,
            title: tr.cycle_title(c.data.year, crate::view::province_name(c.province_code)),
            version: tr.workflow_name(c.data.workflow_version),
            columns: count_columns(tr),
            steps: Step::ALL
                .iter()
                .filter_map(|s| c.step(*s))
                .map(|s| StepRow {
                    name: tr.step_name(s.step),
                    starts_on: day(s.starts_on),
                    ends_on: day(s.ends_on),
                })
                .collect(),
            rows: rows.into_iter().map(|(_, r)| r).collect(),
            total: count_row(
                &overview.total,
                tr.whole_province().to_owned(),
                String::new(),
                tr,
            ),
            can_edit: authorize_open_cycle(&actor, c.province_code).is_ok(),
            links,
            nav: admin.nav("cycle"),
            ctx: admin.ctx(),
        }
        .render()?,
    ))
}

// ---------------------------------------------------------------- ideas

/// Filters of the idea and plan lists.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    pub state: String,
    pub commune: String,
    pub year: String,
    pub page: String,
}

pub struct Tab {
    pub label: String,
    pub url: String,
    pub current: bool,
}

struct IdeaRow {
    id: Uuid,
    product_name: String,
    applicant: String,
    commune: String,
    state: &'static str,
    state_key: &'static str,
    filed: String,
}

#[derive(Template)]
#[template(path = "cycle/ideas.html")]
struct IdeasPage {
    ctx: PageCtx,
    nav: Nav,
    title: &'static str,
    tabs: Vec<Tab>,
    rows: Vec<IdeaRow>,
    pager: Pager,
    can_file: bool,
}

fn ideas_title(role: Role, tr: Tr) -> &'static str {
    match role {
        Role::Producer => tr.my_ideas(),
        Role::Commune => tr.idea_inbox(),
        _ => tr.idea_registrations(),
    }
}

pub async fn ideas(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<ListParams>,
) -> Result<Html<String>, AppError> {
    let tr = admin.tr();
    let page = page_number(&params.page);
    let chosen = IdeaState::from_key(params.state.trim());
    let commune = params.commune.trim().parse::<u32>().ok();
    let year = params.year.trim().parse::<i32>().ok();
    let query = IdeaQuery {
        state: chosen,
        commune,
        year,
        page,
        per_page: PER_PAGE,
        ..Default::default()
    };
    let (items, total) = state.store.ideas(&admin.caller(), &query).await?;
    let keep = [
        ("commune", params.commune.trim()),
        ("year", params.year.trim()),
    ];
    let tab_url = |state: &str| {
        let mut p = vec![("state", state)];
        p.extend(keep);
        url_with("/admin/ideas", &p)
    };
    let mut tabs = vec![Tab {
        label: tr.all_states().to_owned(),
        url: tab_url(""),
        current: chosen.is_none(),
    }];
    tabs.extend(IdeaState::ALL.iter().map(|s| Tab {
        label: tr.idea_state(*s).to_owned(),
        url: tab_url(s.key()),
        current: chosen == Some(*s),
    }));
    Ok(Html(
        IdeasPage {
            title: ideas_title(admin.role(), tr),
            tabs,
            rows: items
                .into_iter()
                .map(|i| IdeaRow {
                    id: i.id,
                    applicant: i.applicant(),
                    commune: commune_name(i.commune_code),
                    state: tr.idea_state(i.state),
                    state_key: i.state.key(),
                    filed: crate::backoffice::local_time(i.created_at),
                    product_name: i.data.product_name,
                })
                .collect(),
            pager: Pager {
                page,
                per_page: PER_PAGE,
                total,
                base: url_with(
                    "/admin/ideas",
                    &[("state", chosen.map_or("", |s| s.key())), keep[0], keep[1]],
                ),
            },
            can_file: may_file(&admin),
            nav: admin.nav("cycle"),
            ctx: admin.ctx(),
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "cycle/idea_form.html")]
struct IdeaFormPage {
    ctx: PageCtx,
    nav: Nav,
    sections: Vec<Section>,
    general_errors: Vec<String>,
    has_field_errors: bool,
}

async fn idea_choices(state: &AppState, admin: &Admin) -> Result<IdeaChoices, AppError> {
    let actor = admin.actor();
    let scope = ocop_domain::access::view_scope(Some(&actor));
    match actor.role {
        Role::Producer => {
            let query = ocop_store::products::ProductListQuery {
                producer: actor.producer_id,
                page: 1,
                per_page: 100,
                ..Default::default()
            };
            let (products, _) = state.store.list_products(scope, &query).await?;
            Ok(IdeaChoices {
                producers: None,
                products: products
                    .into_iter()
                    .map(|p| (p.product.id.to_string(), p.product.data.name))
                    .collect(),
            })
        }
        _ => {
            let query = ocop_store::producers::ProducerQuery {
                page: 1,
                per_page: 200,
                ..Default::default()
            };
            let (producers, _) = state.store.list_producers(scope, &query).await?;
            Ok(IdeaChoices {
                producers: Some(
                    producers
                        .into_iter()
                        .filter(|p| {
                            p.commune_code.is_some() && p.commune_code == actor.commune_code
                        })
                        .map(|p| (p.id.to_string(), p.data.name))
                        .collect(),
                ),
                products: Vec::new(),
            })
        }
    }
}

async fn idea_form_page(
    state: &AppState,
    admin: &Admin,
    form: &IdeaForm,
    errors: &FieldErrors,
) -> Result<String, AppError> {
    let choices = idea_choices(state, admin).await?;
    let mut sections = idea_sections(form, &choices, admin.tr());
    let general_errors = attach_errors(&mut sections, errors, IDEA_ALIASES);
    Ok(IdeaFormPage {
        has_field_errors: has_field_errors(&sections),
        sections,
        general_errors,
        nav: admin.nav("cycle"),
        ctx: admin.ctx(),
    }
    .render()?)
}

pub async fn new_idea(
    State(state): State<AppState>,
    admin: Admin,
) -> Result<Html<String>, AppError> {
    if !may_file(&admin) {
        return Err(ocop_domain::access::Denied::Forbidden.into());
    }
    let form = IdeaForm {
        year: ocop_store::use_cases::local_year(state.store.now()).to_string(),
        ..Default::default()
    };
    Ok(Html(
        idea_form_page(&state, &admin, &form, &FieldErrors::default()).await?,
    ))
}

pub async fn file_idea(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<IdeaForm>,
) -> Result<Response, AppError> {
    match state.store.file_idea(&admin.caller(), &form.input()).await {
        Ok(idea) => Ok(Redirect::to(&format!("/admin/ideas/{}", idea.id)).into_response()),
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(invalid(
                idea_form_page(&state, &admin, &form, &errors).await?,
            ))
        }
    }
}

/// An action the user may take on a record, as a form.
pub struct ActionForm {
    pub url: String,
    pub label: &'static str,
    /// The text field's label: none, optional or required.
    pub text_label: Option<&'static str>,
    pub text_required: bool,
    pub danger: bool,
}

#[derive(Template)]
#[template(path = "cycle/idea.html")]
struct IdeaPage {
    ctx: PageCtx,
    nav: Nav,
    title: String,
    state: &'static str,
    state_key: &'static str,
    facts: Vec<Fact>,
    actions: Vec<ActionForm>,
    plan_url: Option<String>,
    new_plan_url: Option<String>,
    error: Option<String>,
}

fn idea_actions(actor: &ocop_domain::access::Actor, idea: &Idea, tr: Tr) -> Vec<ActionForm> {
    IdeaAction::ALL
        .into_iter()
        .filter(|a| {
            authorize_idea_action(actor, &idea.resource(), *a).is_ok()
                && ocop_domain::idea::transition(idea.state, *a, Some(actor.role)).is_ok()
        })
        .map(|a| ActionForm {
            url: format!("/admin/ideas/{}/{}", idea.id, a.key()),
            label: tr.idea_action(a),
            text_label: match a {
                IdeaAction::Screen => Some(tr.screen_note()),
                IdeaAction::Decline => Some(tr.decline_reason()),
                _ => None,
            },
            text_required: a == IdeaAction::Decline,
            danger: matches!(a, IdeaAction::Decline | IdeaAction::Withdraw),
        })
        .collect()
}

fn idea_page(admin: &Admin, idea: Idea, error: Option<String>) -> Result<String, AppError> {
    let tr = admin.tr();
    let actor = admin.actor();
    let d = &idea.data;
    let help: Vec<&str> = d.help.iter().map(|h| tr.help_kind(*h)).collect();
    let mut facts = vec![
        Fact {
            label: tr.idea_applicant(),
            value: idea.applicant(),
        },
        Fact {
            label: tr.phone_number(),
            value: d.applicant_phone.clone().unwrap_or_default(),
        },
        Fact {
            label: tr.commune(),
            value: commune_name(idea.commune_code),
        },
        Fact {
            label: tr.cycle_year(),
            value: d.year.to_string(),
        },
        Fact {
            label: tr.product_kind(),
            value: match d.product_kind {
                ocop_domain::idea::ProductKind::New => tr.product_kind_new(),
                ocop_domain::idea::ProductKind::Existing => tr.product_kind_existing(),
            }
            .to_owned(),
        },
        Fact {
            label: tr.raw_materials(),
            value: d.raw_materials.clone(),
        },
        Fact {
            label: tr.market(),
            value: d.market.clone(),
        },
        Fact {
            label: tr.help_asked(),
            value: help.join(", "),
        },
        Fact {
            label: tr.help_other_text(),
            value: d.help_other.clone().unwrap_or_default(),
        },
        Fact {
            label: tr.filed_at(),
            value: crate::backoffice::local_time(idea.created_at),
        },
    ];
    if let Some(note) = &idea.screen_note {
        facts.push(Fact {
            label: tr.screen_note(),
            value: note.clone(),
        });
    }
    if let Some(reason) = &idea.decline_reason {
        facts.push(Fact {
            label: tr.decline_reason(),
            value: reason.clone(),
        });
    }
    let new_plan_url = (idea.state == IdeaState::Selected
        && idea.plan_id.is_none()
        && authorize_plan_action(&actor, &idea.resource(), PlanAction::Edit).is_ok())
    .then(|| format!("/admin/plans/new?idea={}", idea.id));
    Ok(IdeaPage {
        title: d.product_name.clone(),
        state: tr.idea_state(idea.state),
        state_key: idea.state.key(),
        actions: idea_actions(&actor, &idea, tr),
        plan_url: idea.plan_id.map(|p| format!("/admin/plans/{p}")),
        new_plan_url,
        facts,
        error,
        nav: admin.nav("cycle"),
        ctx: admin.ctx(),
    }
    .render()?)
}

pub async fn idea(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "phiếu ý tưởng")?;
    let idea = state.store.visible_idea(&admin.caller(), id).await?;
    Ok(Html(idea_page(&admin, idea, None)?))
}

/// The text of an action form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionText {
    pub text: String,
}

pub async fn act_on_idea(
    State(state): State<AppState>,
    admin: Admin,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<ActionText>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "phiếu ý tưởng")?;
    let action = IdeaAction::from_key(&action).ok_or_else(|| AppError::not_found("thao tác"))?;
    let input = DecisionInput { reason: form.text };
    match state
        .store
        .act_on_idea(&admin.caller(), id, action, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/ideas/{id}")).into_response()),
        Err(e) => {
            let (status, message) = action_error(e)?;
            let idea = state.store.visible_idea(&admin.caller(), id).await?;
            Ok((status, Html(idea_page(&admin, idea, Some(message))?)).into_response())
        }
    }
}

// ---------------------------------------------------------------- plans

struct PlanRow {
    id: Uuid,
    title: String,
    applicant: String,
    commune: String,
    investment: String,
    support: String,
    state: &'static str,
    state_key: &'static str,
}

#[derive(Template)]
#[template(path = "cycle/plans.html")]
struct PlansPage {
    ctx: PageCtx,
    nav: Nav,
    title: &'static str,
    tabs: Vec<Tab>,
    rows: Vec<PlanRow>,
    pager: Pager,
}

pub async fn plans(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<ListParams>,
) -> Result<Html<String>, AppError> {
    let tr = admin.tr();
    let page = page_number(&params.page);
    let chosen = PlanState::from_key(params.state.trim());
    let query = PlanQuery {
        state: chosen,
        commune: params.commune.trim().parse().ok(),
        year: params.year.trim().parse().ok(),
        page,
        per_page: PER_PAGE,
        ..Default::default()
    };
    let (items, total) = state.store.business_plans(&admin.caller(), &query).await?;
    let keep = [
        ("commune", params.commune.trim()),
        ("year", params.year.trim()),
    ];
    let tab_url = |state: &str| {
        let mut p = vec![("state", state)];
        p.extend(keep);
        url_with("/admin/plans", &p)
    };
    let mut tabs = vec![Tab {
        label: tr.all_states().to_owned(),
        url: tab_url(""),
        current: chosen.is_none(),
    }];
    tabs.extend(PlanState::ALL.iter().map(|s| Tab {
        label: tr.plan_state(*s).to_owned(),
        url: tab_url(s.key()),
        current: chosen == Some(*s),
    }));
    Ok(Html(
        PlansPage {
            title: if admin.role() == Role::Producer {
                tr.my_plans()
            } else {
                tr.business_plans()
            },
            tabs,
            rows: items
                .into_iter()
                .map(|p| PlanRow {
                    id: p.id,
                    commune: commune_name(p.commune_code),
                    investment: money(tr, p.data.investment),
                    support: money(tr, p.support_total),
                    state: tr.plan_state(p.state),
                    state_key: p.state.key(),
                    applicant: p.applicant,
                    title: p.data.title,
                })
                .collect(),
            pager: Pager {
                page,
                per_page: PER_PAGE,
                total,
                base: url_with(
                    "/admin/plans",
                    &[("state", chosen.map_or("", |s| s.key())), keep[0], keep[1]],
                ),
            },
            nav: admin.nav("cycle"),
            ctx: admin.ctx(),
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "cycle/plan_form.html")]
struct PlanFormPage {
    ctx: PageCtx,
    nav: Nav,
    title: String,
    action: String,
    idea: Option<Uuid>,
    cancel_url: String,
    sections: Vec<Section>,
    general_errors: Vec<String>,
    has_field_errors: bool,
}

fn plan_form_page(
    admin: &Admin,
    idea: &Idea,
    plan: Option<Uuid>,
    input: &PlanInput,
    errors: &FieldErrors,
) -> Result<String, AppError> {
    let tr = admin.tr();
    let mut sections = plan_sections(input, tr);
    let general_errors = attach_errors(&mut sections, errors, &[]);
    Ok(PlanFormPage {
        title: tr.plan_for(&idea.data.product_name),
        action: plan.map_or("/admin/plans".to_owned(), |p| format!("/admin/plans/{p}")),
        idea: plan.is_none().then_some(idea.id),
        cancel_url: plan.map_or(format!("/admin/ideas/{}", idea.id), |p| {
            format!("/admin/plans/{p}")
        }),
        has_field_errors: has_field_errors(&sections),
        sections,
        general_errors,
        nav: admin.nav("cycle"),
        ctx: admin.ctx(),
    }
    .render()?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewPlanParams {
    pub idea: String,
}

pub async fn new_plan(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<NewPlanParams>,
) -> Result<Html<String>, AppError> {
    let idea_id = parse_id(params.idea.trim(), "phiếu ý tưởng")?;
    let idea = state.store.visible_idea(&admin.caller(), idea_id).await?;
    authorize_plan_action(&admin.actor(), &idea.resource(), PlanAction::Edit)?;
    Ok(Html(plan_form_page(
        &admin,
        &idea,
        None,
        &PlanInput::default(),
        &FieldErrors::default(),
    )?))
}

pub async fn create_plan(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<PlanForm>,
) -> Result<Response, AppError> {
    let idea_id = parse_id(form.idea.trim(), "phiếu ý tưởng")?;
    match state
        .store
        .create_plan(&admin.caller(), idea_id, &form.input)
        .await
    {
        Ok(plan) => Ok(Redirect::to(&format!("/admin/plans/{}", plan.id)).into_response()),
        Err(e) => {
            let errors = form_errors(e)?;
            let idea = state.store.visible_idea(&admin.caller(), idea_id).await?;
            Ok(invalid(plan_form_page(
                &admin,
                &idea,
                None,
                &form.input,
                &errors,
            )?))
        }
    }
}

pub async fn edit_plan(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "phương án")?;
    let (plan, _) = state
        .store
        .plan_for(&admin.caller(), id, PlanAction::Edit)
        .await?;
    let idea = state
        .store
        .visible_idea(&admin.caller(), plan.idea_id)
        .await?;
    Ok(Html(plan_form_page(
        &admin,
        &idea,
        Some(id),
        &PlanInput::from_data(&plan.data),
        &FieldErrors::default(),
    )?))
}

pub async fn change_plan(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<PlanForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "phương án")?;
    match state
        .store
        .change_plan(&admin.caller(), id, &form.input)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/plans/{id}")).into_response()),
        Err(e) => {
            let errors = form_errors(e)?;
            let plan = state.store.visible_plan(&admin.caller(), id).await?;
            let idea = state
                .store
                .visible_idea(&admin.caller(), plan.idea_id)
                .await?;
            Ok(invalid(plan_form_page(
                &admin,
                &idea,
                Some(id),
                &form.input,
                &errors,
            )?))
        }
    }
}

struct CommentRow {
    author: String,
    at: String,
    text: String,
}

struct SupportRow {
    kind: &'static str,
    given_on: String,
    description: String,
    cost: String,
    source: &'static str,
}

#[derive(Template)]
#[template(path = "cycle/plan.html")]
struct PlanPage {
    ctx: PageCtx,
    nav: Nav,
    id: Uuid,
    idea_id: Uuid,
    title: String,
    state: &'static str,
    state_key: &'static str,
    facts: Vec<Fact>,
    attachment: Option<(String, String)>,
    can_edit: bool,
    actions: Vec<ActionForm>,
    can_comment: bool,
    comments: Vec<CommentRow>,
    support: Vec<SupportRow>,
    support_total: String,
    sections: Vec<Section>,
    can_support: bool,
    max_mb: usize,
    error: Option<String>,
}

async fn plan_page(
    state: &AppState,
    admin: &Admin,
    id: Uuid,
    error: Option<String>,
    support_input: &SupportInput,
    support_errors: &FieldErrors,
) -> Result<String, AppError> {
    let tr = admin.tr();
    let actor = admin.actor();
    let detail = state.store.plan_detail(&admin.caller(), id).await?;
    let p: &BusinessPlan = &detail.plan;
    let may = |action: PlanAction| {
        authorize_plan_action(&actor, &p.resource(), action).is_ok()
            && ocop_domain::business_plan::transition(p.state, action, Some(actor.role)).is_ok()
    };
    let mut facts = vec![
        Fact {
            label: tr.idea_applicant(),
            value: p.applicant.clone(),
        },
        Fact {
            label: tr.product_name(),
            value: p.product_name.clone(),
        },
        Fact {
            label: tr.commune(),
            value: commune_name(p.commune_code),
        },
        Fact {
            label: tr.plan_summary(),
            value: p.data.summary.clone(),
        },
        Fact {
            label: tr.plan_goals(),
            value: p.data.goals.clone(),
        },
        Fact {
            label: tr.plan_investment(),
            value: money(tr, p.data.investment),
        },
        Fact {
            label: tr.plan_timeline(),
            value: p.data.timeline.clone(),
        },
        Fact {
            label: tr.market(),
            value: p.data.market.clone(),
        },
    ];
    if let Some(at) = p.submitted_at {
        facts.push(Fact {
            label: tr.submitted_at(),
            value: crate::backoffice::local_time(at),
        });
    }
    if let Some(reason) = &p.return_reason {
        facts.push(Fact {
            label: tr.return_reason(),
            value: reason.clone(),
        });
    }
    if let Some(at) = p.approved_at {
        facts.push(Fact {
            label: tr.approved_at(),
            value: crate::backoffice::local_time(at),
        });
    }
    let actions = [PlanAction::Submit, PlanAction::Return, PlanAction::Approve]
        .into_iter()
        .filter(|a| may(*a))
        .map(|a| ActionForm {
            url: format!("/admin/plans/{id}/do/{}", a.key()),
            label: tr.plan_action(a),
            text_label: (a == PlanAction::Return).then(|| tr.return_reason()),
            text_required: a == PlanAction::Return,
            danger: a == PlanAction::Return,
        })
        .collect();
    let can_support = may(PlanAction::RecordSupport);
    let mut sections = support_sections(support_input, tr);
    attach_errors(&mut sections, support_errors, &[]);
    Ok(PlanPage {
        id,
        idea_id: p.idea_id,
        title: p.data.title.clone(),
        state: tr.plan_state(p.state),
        state_key: p.state.key(),
        attachment: p.attachment.as_ref().map(|a| {
            (
                a.file_name.clone(),
                tr.file_size_kb(a.size_bytes.div_euclid(1024).max(1)),
            )
        }),
        can_edit: may(PlanAction::Edit),
        actions,
        can_comment: authorize_plan_comment(&actor, &p.resource()).is_ok(),
        comments: detail
            .comments
            .iter()
            .map(|c| CommentRow {
                author: c.author_label.clone(),
                at: crate::backoffice::local_time(c.created_at),
                text: c.body.clone(),
            })
            .collect(),
        support: detail
            .support
            .iter()
            .map(|s| SupportRow {
                kind: tr.support_kind(s.data.kind),
                given_on: day(s.data.given_on),
                description: s.data.description.clone(),
                cost: money(tr, s.data.cost),
                source: tr.funding_source(s.data.funding_source),
            })
            .collect(),
        support_total: money(tr, p.support_total),
        sections,
        can_support,
        max_mb: state.config.max_upload_bytes / (1024 * 1024),
        facts,
        error,
        nav: admin.nav("cycle"),
        ctx: admin.ctx(),
    }
    .render()?)
}

pub async fn plan(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "phương án")?;
    let today = iso_date(ocop_domain::vietnam_date(state.store.now()));
    let support = SupportInput {
        given_on: today,
        ..Default::default()
    };
    Ok(Html(
        plan_page(&state, &admin, id, None, &support, &FieldErrors::default()).await?,
    ))
}

async fn plan_refused(
    state: &AppState,
    admin: &Admin,
    id: Uuid,
    error: StoreError,
) -> Result<Response, AppError> {
    let (status, message) = action_error(error)?;
    let page = plan_page(
        state,
        admin,
        id,
        Some(message),
        &SupportInput::default(),
        &FieldErrors::default(),
    )
    .await?;
    Ok((status, Html(page)).into_response())
}

pub async fn act_on_plan(
    State(state): State<AppState>,
    admin: Admin,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<ActionText>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "phương án")?;
    let action = match action.as_str() {
        "submit" => PlanAction::Submit,
        "return" => PlanAction::Return,
        "approve" => PlanAction::Approve,
        _ => return Err(AppError::not_found("thao tác")),
    };
    let input = TextInput { text: form.text };
    match state
        .store
        .act_on_plan(&admin.caller(), id, action, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/plans/{id}")).into_response()),
        Err(e) => plan_refused(&state, &admin, id, e).await,
    }
}

pub async fn comment(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<ActionText>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "phương án")?;
    let input = TextInput { text: form.text };
    match state
        .store
        .comment_on_plan(&admin.caller(), id, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/plans/{id}#comments")).into_response()),
        Err(e) => plan_refused(&state, &admin, id, e).await,
    }
}

pub async fn support(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(input): Form<SupportInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "phương án")?;
    match state
        .store
        .record_support(&admin.caller(), id, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/plans/{id}#support")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let page = plan_page(&state, &admin, id, None, &input, &errors).await?;
            Ok(invalid(page))
        }
        Err(e) => plan_refused(&state, &admin, id, e).await,
    }
}

/// Uploads the plan's file: the caller's right to change the plan is asked before the body is
/// read; the file is read in chunks against the upload limit and its type checked from its
/// bytes before anything is stored.
pub async fn attach(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "phương án")?;
    let caller: Caller = admin.caller();
    state.store.plan_for(&caller, id, PlanAction::Edit).await?;
    let limit = state.config.max_upload_bytes;
    let unreadable = |e| crate::files::upload_error(e, limit);
    let mut upload: Option<(String, Vec<u8>)> = None;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("file") || upload.is_some() {
            continue;
        }
        let name: String = field
            .file_name()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_FILE_NAME_CHARS)
            .collect();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            if bytes.len() + chunk.len() > limit {
                return Err(AppError::TooLarge(limit / (1024 * 1024)));
            }
            bytes.extend_from_slice(&chunk);
        }
        upload = Some((name, bytes));
    }
    let (name, bytes) = upload.unwrap_or_default();
    let kind: AttachmentKind = match attachment_kind(&bytes, &name) {
        Ok(kind) => kind,
        Err(e) => {
            let page = plan_page(
                &state,
                &admin,
                id,
                Some(e.to_string()),
                &SupportInput::default(),
                &FieldErrors::default(),
            )
            .await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response());
        }
    };
    let sha256 = state.files.put(&bytes).await.map_err(AppError::internal)?;
    let file = NewAttachment {
        sha256,
        content_type: kind.content_type().to_owned(),
        file_name: if name.trim().is_empty() {
            "tep-dinh-kem".to_owned()
        } else {
            name
        },
        size_bytes: i64::try_from(bytes.len()).map_err(AppError::internal)?,
    };
    match state.store.attach_plan_file(&caller, id, &file).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/plans/{id}")).into_response()),
        Err(e) => plan_refused(&state, &admin, id, e).await,
    }
}

/// Serves a plan's file to whoever may see the plan, as a download.
pub async fn attachment(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "phương án")?;
    let plan = state.store.visible_plan(&admin.caller(), id).await?;
    let a = plan
        .attachment
        .ok_or_else(|| AppError::not_found("tệp đính kèm"))?;
    let bytes = state
        .files
        .get(&a.sha256)
        .await
        .map_err(AppError::internal)?;
    // The name as an RFC 5987 value: any character is safe there.
    let encoded: String = a
        .file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, a.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
