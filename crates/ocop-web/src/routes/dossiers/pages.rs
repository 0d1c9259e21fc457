//! Hồ sơ sản phẩm in the back-office: the list of each role ("Hồ sơ của tôi" of a producer,
//! "Hồ sơ chờ xét" of a commune by deadline, the province's across its communes, the
//! centre's to read), a dossier's page with its checklist, returned reasons, deadline and
//! the producer's actions (submit, resubmit, withdraw, delete a draft). Every action is the
//! store's use case; a refusal or a stale action shows the page again with why.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::Role;
use ocop_domain::dossier::{DossierAction, DossierState, DueState};
use ocop_store::StoreError;
use ocop_store::dossiers::DossierSummary;
use ocop_store::use_cases::{DossierDetail, DossierQuery};
use serde::Deserialize;
use uuid::Uuid;

use super::view::{DueView, ReasonView, dossier_sheet, item_label, kind_label, state_label};
use crate::backoffice::{Admin, Nav, Pager, local_time, page_number, parse_id, url_with};
use crate::i18n::Tr;
use crate::routes::producers::pages::Fact;
use crate::view::PageCtx;
use crate::{AppError, AppState};

const PER_PAGE: u32 = 25;

/// Filters of the dossier list.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    pub state: String,
    /// `overdue` or `nearly_due`: only the waiting dossiers so flagged.
    pub due: String,
    pub page: String,
    /// Set by the redirect after deleting a draft.
    pub saved: String,
}

impl ListParams {
    fn state(&self) -> Option<DossierState> {
        DossierState::from_key(self.state.trim())
    }

    fn due(&self) -> Option<DueState> {
        [DueState::Overdue, DueState::NearlyDue, DueState::OnTime]
            .into_iter()
            .find(|d| d.key() == self.due.trim())
    }
}

/// One dossier in a list.
pub struct RowView {
    pub id: String,
    pub product: String,
    pub producer: String,
    pub commune: String,
    pub receipt: String,
    pub state: &'static str,
    pub due: Option<DueView>,
    pub updated: String,
    pub demo: bool,
}

impl RowView {
    fn of(summary: &DossierSummary, tr: Tr) -> RowView {
        RowView {
            id: summary.id.to_string(),
            product: summary.product_name.clone(),
            producer: summary.producer_name.clone(),
            commune: summary
                .commune_code
                .map(|c| crate::view::unit_name(ocop_domain::units::UnitRef::commune(c)))
                .unwrap_or_default(),
            receipt: summary.receipt_number.clone().unwrap_or_default(),
            state: state_label(tr, summary.state),
            due: summary.deadline.as_ref().map(|d| DueView::of(d, tr)),
            updated: local_time(summary.updated_at),
            demo: summary.demo,
        }
    }
}

pub struct Choice {
    pub key: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "dossiers/list.html")]
struct ListPage {
    ctx: PageCtx,
    nav: Nav,
    title: &'static str,
    hint: &'static str,
    notice: Option<String>,
    /// Those waiting for the commune's review, nearest deadline first (officials of a
    /// commune or province).
    waiting: Option<Vec<RowView>>,
    due_choices: Vec<Choice>,
    states: Vec<Choice>,
    rows: Vec<RowView>,
    pager: Pager,
    new_url: Option<&'static str>,
}

pub async fn list(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<ListParams>,
) -> Result<Html<String>, AppError> {
    let caller = admin.caller();
    let tr = admin.tr();
    let role = admin.role();
    let (title, hint) = match role {
        Role::Producer => (tr.dossiers_mine(), tr.dossiers_mine_hint()),
        Role::Commune => (tr.dossiers_inbox(), tr.dossiers_inbox_hint()),
        Role::Provincial => (tr.dossiers_province(), tr.dossiers_province_hint()),
        Role::Central | Role::CouncilMember => (tr.dossiers_central(), tr.dossiers_read_only()),
    };
    let waiting = if matches!(role, Role::Commune | Role::Provincial) {
        let due = params.due();
        let inbox = state.store.dossier_inbox(&caller).await?;
        Some(
            inbox
                .iter()
                .filter(|s| due.is_none() || s.deadline.map(|d| d.state) == due)
                .map(|s| RowView::of(s, tr))
                .collect(),
        )
    } else {
        None
    };
    let page = page_number(&params.page);
    let listing = state
        .store
        .list_dossiers(
            &caller,
            &DossierQuery {
                state: params.state(),
                page,
                per_page: PER_PAGE,
                ..Default::default()
            },
        )
        .await?;
    let selected_state = params.state();
    let selected_due = params.due();
    let filters = [
        ("state", selected_state.map_or("", |s| s.key())),
        ("due", selected_due.map_or("", |d| d.key())),
    ];
    Ok(Html(
        ListPage {
            ctx: admin.ctx(),
            nav: admin.nav("dossiers"),
            title,
            hint,
            notice: (params.saved == "deleted").then(|| tr.dossier_deleted_notice().to_owned()),
            waiting,
            due_choices: [DueState::Overdue, DueState::NearlyDue, DueState::OnTime]
                .into_iter()
                .map(|d| Choice {
                    key: d.key(),
                    label: super::view::due_label(tr, d),
                    selected: selected_due == Some(d),
                })
                .collect(),
            states: DossierState::ALL
                .into_iter()
                .filter(|s| role == Role::Producer || *s != DossierState::Draft)
                .map(|s| Choice {
                    key: s.key(),
                    label: state_label(tr, s),
                    selected: selected_state == Some(s),
                })
                .collect(),
            rows: listing.items.iter().map(|s| RowView::of(s, tr)).collect(),
            pager: Pager {
                page,
                per_page: PER_PAGE,
                total: listing.total,
                base: url_with("/admin/dossiers", &filters),
            },
            new_url: (role == Role::Producer).then_some("/admin/dossiers/new"),
        }
        .render()?,
    ))
}

/// A filed version, as the dossier page lists it.
pub struct VersionView {
    pub number: i64,
    pub at: String,
}

#[derive(Template)]
#[template(path = "dossiers/show.html")]
struct ShowPage {
    ctx: PageCtx,
    nav: Nav,
    id: String,
    revision: i64,
    product: String,
    product_id: String,
    state: &'static str,
    notice: Option<String>,
    /// Why the last action was not done (refused, stale, incomplete).
    alert: Option<String>,
    alert_items: Vec<String>,
    facts: Vec<Fact>,
    receipt: Option<String>,
    due: Option<DueView>,
    reasons: Vec<ReasonView>,
    returned_at: Option<String>,
    /// The checklist, while the producer may still change the dossier.
    checklist: Option<Vec<String>>,
    can_edit: bool,
    can_submit: bool,
    can_resubmit: bool,
    can_withdraw: bool,
    can_delete: bool,
    /// The commune may act (return, accept, propose), or an official reads what was filed.
    review_url: Option<String>,
    commune_report: Option<String>,
    letter: Option<String>,
    print_03: bool,
    versions: Vec<VersionView>,
    evidence_count: usize,
    demo: bool,
}

/// Notices after a redirect from an action.
fn saved_notice(saved: &str, detail: &DossierDetail, tr: Tr) -> Option<String> {
    let dossier = &detail.dossier;
    Some(match saved {
        "created" | "updated" => tr.dossier_saved_notice().to_owned(),
        "score" => tr.self_score_saved().to_owned(),
        "submitted" => tr.dossier_submitted_notice(
            dossier.receipt_number.clone().unwrap_or_default(),
            detail
                .deadline
                .map(|d| crate::view::day(d.due_on))
                .unwrap_or_default(),
        ),
        "withdrawn" => tr.dossier_withdrawn_notice().to_owned(),
        "returned" => tr.dossier_returned_notice().to_owned(),
        "accepted" => tr.dossier_accepted_notice().to_owned(),
        "proposed" => tr.dossier_proposed_notice().to_owned(),
        _ => return None,
    })
}

/// The reasons of the latest return, while the producer works on them.
pub fn latest_reasons(detail: &DossierDetail, tr: Tr) -> Vec<ReasonView> {
    if detail.dossier.state != DossierState::Returned {
        return Vec::new();
    }
    let sheet = dossier_sheet(&detail.dossier);
    detail
        .returns
        .iter()
        .max_by_key(|r| r.returned_at)
        .map(|r| {
            r.reasons
                .iter()
                .map(|reason| ReasonView {
                    item: reason.item.clone(),
                    label: item_label(&reason.item, sheet, tr),
                    reason: reason.reason.clone(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What went wrong with an action, for the top of the page.
pub struct Refused {
    pub status: StatusCode,
    pub message: String,
    pub items: Vec<String>,
}

/// Turns a refused action into what the page says; any other error is an error page.
pub fn refused(error: StoreError, tr: Tr) -> Result<Refused, AppError> {
    Ok(match error {
        StoreError::Stale { .. } => Refused {
            status: StatusCode::CONFLICT,
            message: tr.dossier_stale().to_owned(),
            items: Vec::new(),
        },
        StoreError::Transition(refusal) => Refused {
            status: match refusal {
                ocop_domain::dossier::TransitionRefusal::Role { .. } => StatusCode::FORBIDDEN,
                ocop_domain::dossier::TransitionRefusal::State { .. } => StatusCode::CONFLICT,
            },
            message: tr.dossier_refused(refusal),
            items: Vec::new(),
        },
        StoreError::Invalid(errors) => Refused {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: tr.dossier_not_saved().to_owned(),
            items: errors.0.into_iter().map(|e| e.message).collect(),
        },
        e => return Err(e.into()),
    })
}

async fn show_page(
    state: &AppState,
    admin: &Admin,
    id: Uuid,
    notice: Option<&str>,
    refusal: Option<Refused>,
) -> Result<Response, AppError> {
    let detail = state.store.dossier_detail(&admin.caller(), id).await?;
    let tr = admin.tr();
    let dossier = &detail.dossier;
    let data = &dossier.data;
    let may = |action| detail.actions.contains(&action);
    let mut facts = vec![
        Fact {
            label: tr.producer(),
            value: detail.producer_name.clone(),
        },
        Fact {
            label: tr.dossier_kind_field(),
            value: kind_label(tr, data.kind).to_owned(),
        },
        Fact {
            label: tr.dossier_year(),
            value: data.year.to_string(),
        },
        Fact {
            label: tr.scoring_sheet_field(),
            value: match dossier_sheet(dossier) {
                Some(sheet) => tr.sheet_named(sheet.number, &sheet.name),
                None => tr.sheet_number(dossier.sheet),
            },
        },
        Fact {
            label: tr.self_score_result(),
            value: match &dossier.score {
                Some(score) => {
                    tr.self_score_value(score.total, crate::view::star_glyphs(score.stars))
                }
                None => tr.self_score_none().to_owned(),
            },
        },
    ];
    if let Some(received) = dossier.received_on() {
        facts.push(Fact {
            label: tr.received_on_date(),
            value: crate::view::day(received),
        });
    }
    let (status, alert, alert_items) = match refusal {
        Some(r) => (r.status, Some(r.message), r.items),
        None => (StatusCode::OK, None, Vec::new()),
    };
    let editable = may(DossierAction::Edit);
    let reasons = latest_reasons(&detail, tr);
    let returned_at = (!reasons.is_empty())
        .then(|| {
            detail
                .returns
                .iter()
                .max_by_key(|r| r.returned_at)
                .map(|r| local_time(r.returned_at))
        })
        .flatten();
    let official = admin.role().is_official();
    let page = ShowPage {
        ctx: admin.ctx(),
        nav: admin.nav("dossiers"),
        id: dossier.id.to_string(),
        revision: dossier.revision,
        product: detail.product_name.clone(),
        product_id: dossier.product_id.to_string(),
        state: state_label(tr, dossier.state),
        notice: notice.and_then(|saved| saved_notice(saved, &detail, tr)),
        alert,
        alert_items,
        facts,
        receipt: dossier.receipt_number.clone(),
        due: detail.deadline.as_ref().map(|d| DueView::of(d, tr)),
        reasons,
        returned_at,
        checklist: editable.then(|| {
            detail
                .checklist
                .iter()
                .map(|item| item.message.clone())
                .collect()
        }),
        can_edit: editable,
        can_submit: may(DossierAction::Submit),
        can_resubmit: may(DossierAction::Resubmit),
        can_withdraw: may(DossierAction::Withdraw),
        can_delete: may(DossierAction::Delete),
        review_url: (official && !detail.versions.is_empty())
            .then(|| format!("/admin/dossiers/{}/review", dossier.id)),
        commune_report: dossier
            .accepted_at
            .map(|at| tr.accepted_at_line(local_time(at))),
        letter: dossier
            .letter
            .as_ref()
            .map(|l| tr.proposal_letter_line(&l.number, crate::view::day(l.date), &l.signer)),
        print_03: dossier.commune_report.is_some(),
        versions: detail
            .versions
            .iter()
            .map(|v| VersionView {
                number: v.number,
                at: local_time(v.created_at),
            })
            .collect(),
        evidence_count: detail.evidence.len(),
        demo: dossier.demo,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowParams {
    pub saved: String,
}

pub async fn show(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(params): Query<ShowParams>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    show_page(&state, &admin, id, Some(&params.saved), None).await
}

/// The revision the page was showing, sent back with every action.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RevisionForm {
    pub revision: String,
}

impl RevisionForm {
    /// An unreadable revision names none: the store answers that it is stale.
    pub fn revision(&self) -> i64 {
        self.revision.trim().parse().unwrap_or(-1)
    }
}

/// `POST /admin/dossiers/{id}/{action}` for the producer's actions.
pub async fn act(
    State(state): State<AppState>,
    admin: Admin,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<RevisionForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let caller = admin.caller();
    let revision = form.revision();
    let store = &state.store;
    let outcome = match action.as_str() {
        "submit" => store
            .submit_dossier(&caller, id, revision)
            .await
            .map(|_| "submitted"),
        "resubmit" => store
            .resubmit_dossier(&caller, id, revision)
            .await
            .map(|_| "submitted"),
        "withdraw" => store
            .withdraw_dossier(&caller, id, revision)
            .await
            .map(|_| "withdrawn"),
        "delete" => match store.delete_dossier(&caller, id, revision).await {
            Ok(_) => return Ok(Redirect::to("/admin/dossiers?saved=deleted").into_response()),
            Err(e) => Err(e),
        },
        _ => return Err(AppError::not_found("thao tác trên hồ sơ")),
    };
    match outcome {
        Ok(saved) => {
            Ok(Redirect::to(&format!("/admin/dossiers/{id}?saved={saved}")).into_response())
        }
        Err(e) => {
            let refusal = refused(e, admin.tr())?;
            show_page(&state, &admin, id, None, Some(refusal)).await
        }
    }
}

/// The dossier pages (the JSON API is `api.rs`'s).
pub fn page_routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/admin/dossiers", get(list).post(super::form::create))
        .route("/admin/dossiers/new", get(super::form::new_form))
        .route("/admin/dossiers/{id}", get(show))
        .route(
            "/admin/dossiers/{id}/edit",
            get(super::form::edit_form).post(super::form::update),
        )
        .route(
            "/admin/dossiers/{id}/score",
            get(super::score::score_page).post(super::score::save_score),
        )
        .route(
            "/admin/dossiers/{id}/evidence",
            get(super::evidence_pages::evidence_page)
                .post(super::evidence_pages::upload)
                .layer(crate::backoffice::UPLOAD_BODY),
        )
        .route(
            "/admin/dossiers/{id}/evidence/{evidence}/remove",
            post(super::evidence_pages::remove),
        )
        .route(
            "/admin/dossiers/{id}/files/{sha256}",
            get(super::evidence_pages::serve),
        )
        .route(
            "/admin/dossiers/{id}/review",
            get(super::review::review_page),
        )
        .route(
            "/admin/dossiers/{id}/return",
            post(super::review::return_dossier),
        )
        .route("/admin/dossiers/{id}/accept", post(super::review::accept))
        .route("/admin/dossiers/{id}/propose", post(super::review::propose))
        .route(
            "/admin/dossiers/{id}/print/01",
            get(super::print::registration),
        )
        .route(
            "/admin/dossiers/{id}/print/03",
            get(super::print::commune_report),
        )
        .route("/admin/dossiers/{id}/{action}", post(act))
}
