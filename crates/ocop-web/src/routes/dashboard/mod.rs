//! `GET /admin`: who the user is, the unit they work in, what their scope holds, and their
//! work: the lists of [`ocop_store::use_cases::Worklist`], each with its count, its first
//! records with the links the user may follow, and the full list.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use ocop_domain::access::{Action, Role, view_scope};
use ocop_domain::dossier::DueState;
use ocop_domain::product::ProductStatus;
use ocop_store::dossiers::DossierSummary;
use ocop_store::evaluations::EvaluationKind;
use ocop_store::producers::ProducerQuery;
use ocop_store::products::ProductListQuery;
use ocop_store::use_cases::{DossierQuery, Listing, WorkProduct};

use crate::backoffice::{Admin, Nav, own_unit, unit_label};
use crate::view::PageCtx;
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(page))
        .route("/admin/", get(page))
}

/// One count with the list it opens.
pub struct Tile {
    pub label: &'static str,
    pub count: u64,
    pub url: String,
}

#[derive(Template)]
#[template(path = "dashboard/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    nav: Nav,
    name: String,
    role: &'static str,
    unit: String,
    producer_name: Option<String>,
    tiles: Vec<Tile>,
    work: Vec<WorkSection>,
    can_create_producer: bool,
    /// This year's cycle of the user's province, with its link text.
    cycle_link: Option<(String, String)>,
    can_file_idea: bool,
    may_publish: bool,
    read_only: bool,
}

/// One list of the user's work.
pub struct WorkSection {
    pub id: &'static str,
    pub title: &'static str,
    pub hint: &'static str,
    pub total: u64,
    pub rows: Vec<WorkRow>,
    /// The full list, when it holds more than the rows shown.
    pub all_url: Option<String>,
}

/// A record in a list, with the links the user may follow.
pub struct WorkRow {
    pub name: String,
    pub url: String,
    pub detail: String,
    pub links: Vec<WorkLink>,
}

pub struct WorkLink {
    pub label: &'static str,
    pub url: String,
}

fn product_section(
    id: &'static str,
    title: &'static str,
    hint: &'static str,
    listing: Listing<WorkProduct>,
    all_url: &str,
    tr: crate::i18n::Tr,
) -> WorkSection {
    let rows = listing
        .items
        .into_iter()
        .map(|w| {
            let p = &w.item.product;
            let mut links = Vec::new();
            if let Some(kind) = w.scoring {
                links.push(WorkLink {
                    label: match kind {
                        EvaluationKind::SelfAssessment => tr.self_assess(),
                        EvaluationKind::Official => tr.score_now(),
                    },
                    url: format!("/products/{}/score", p.id),
                });
            }
            if w.may_read_results {
                links.push(WorkLink {
                    label: tr.advice_short(),
                    url: format!("/products/{}/advice", p.id),
                });
            }
            if w.may_edit {
                links.push(WorkLink {
                    label: tr.edit(),
                    url: format!("/admin/products/{}/edit", p.id),
                });
            }
            if w.may_manage_photos {
                links.push(WorkLink {
                    label: tr.photos_short(),
                    url: format!("/products/{}/photos", p.id),
                });
            }
            let mut detail = format!(
                "{} · {}",
                w.item.producer_name,
                tr.product_status(p.data.status)
            );
            if let Some(latest) = w.latest {
                detail.push_str(" · ");
                detail.push_str(&tr.latest_result(
                    tr.n_stars(latest.stars),
                    tr.evaluation_kind(latest.kind),
                    crate::backoffice::local_time(latest.at),
                ));
            }
            WorkRow {
                name: p.data.name.clone(),
                url: format!("/admin/products/{}", p.id),
                detail,
                links,
            }
        })
        .collect::<Vec<_>>();
    WorkSection {
        id,
        title,
        hint,
        all_url: (listing.total > rows.len() as u64).then(|| all_url.to_owned()),
        total: listing.total,
        rows,
    }
}

/// The cycle's work waiting for the user: the commune's ideas to screen, the province's
/// ideas to select and plans to approve, a producer's own ideas.
async fn cycle_tiles(state: &AppState, admin: &Admin) -> Result<Vec<Tile>, AppError> {
    use ocop_domain::business_plan::PlanState;
    use ocop_domain::idea::IdeaState;
    let tr = admin.tr();
    let caller = admin.caller();
    let ideas = |state_filter: Option<IdeaState>| {
        let store = state.store.clone();
        let caller = caller.clone();
        async move {
            let query = ocop_store::ideas::IdeaQuery {
                state: state_filter,
                page: 1,
                per_page: 1,
                ..Default::default()
            };
            store.ideas(&caller, &query).await.map(|(_, n)| n)
        }
    };
    let tile = |label: &'static str, count: u64, url: &str| Tile {
        label,
        count,
        url: url.to_owned(),
    };
    Ok(match admin.role() {
        Role::Commune => vec![tile(
            tr.cycle_tile_screen(),
            ideas(Some(IdeaState::Filed)).await?,
            "/admin/ideas?state=filed",
        )],
        Role::Provincial => {
            let query = ocop_store::business_plans::PlanQuery {
                state: Some(PlanState::Submitted),
                page: 1,
                per_page: 1,
                ..Default::default()
            };
            let (_, plans) = state.store.business_plans(&caller, &query).await?;
            vec![
                tile(
                    tr.cycle_tile_select(),
                    ideas(Some(IdeaState::Screened)).await?,
                    "/admin/ideas?state=screened",
                ),
                tile(tr.cycle_tile_plans(), plans, "/admin/plans?state=submitted"),
            ]
        }
        Role::Producer => vec![tile(
            tr.cycle_tile_mine(),
            ideas(None).await?,
            "/admin/ideas",
        )],
        Role::Central | Role::CouncilMember => Vec::new(),
    })
}

/// The link to this year's cycle of the user's province, once opened.
async fn this_years_cycle(
    state: &AppState,
    admin: &Admin,
) -> Result<Option<(String, String)>, AppError> {
    let Some(province) = admin.actor().province_code else {
        return Ok(None);
    };
    let year = ocop_store::use_cases::local_year(state.store.now());
    Ok(state.store.cycle_for(province, year).await?.map(|c| {
        (
            format!("/admin/cycles/{}", c.id),
            admin.tr().this_years_cycle(year),
        )
    }))
}

/// Rows of the dossier lists shown on the dashboard.
const DOSSIER_ROWS: usize = 5;

/// The dossiers past or near the commune's deadline, for a commune's or a province's
/// officials: a tile for each count and a list of each, with links.
async fn dossier_sections(
    state: &AppState,
    admin: &Admin,
    tiles: &mut Vec<Tile>,
) -> Result<Vec<WorkSection>, AppError> {
    let tr = admin.tr();
    let waiting = state.store.dossier_inbox(&admin.caller()).await?;
    let mut sections = Vec::new();
    for (due, id, title) in [
        (
            DueState::Overdue,
            "dossiers-overdue",
            tr.work_dossiers_overdue(),
        ),
        (
            DueState::NearlyDue,
            "dossiers-nearly-due",
            tr.work_dossiers_nearly_due(),
        ),
    ] {
        let flagged: Vec<&DossierSummary> = waiting
            .iter()
            .filter(|s| s.deadline.map(|d| d.state) == Some(due))
            .collect();
        let url = format!("/admin/dossiers?due={}#waiting", due.key());
        tiles.push(Tile {
            label: title,
            count: flagged.len() as u64,
            url: url.clone(),
        });
        let rows: Vec<WorkRow> = flagged
            .iter()
            .take(DOSSIER_ROWS)
            .map(|s| {
                let due_text = s
                    .deadline
                    .as_ref()
                    .map(|d| {
                        let view = crate::routes::dossiers::DueView::of(d, tr);
                        format!("{}: {}", view.label, view.detail)
                    })
                    .unwrap_or_default();
                WorkRow {
                    name: s.product_name.clone(),
                    url: format!("/admin/dossiers/{}", s.id),
                    detail: format!("{} · {due_text}", s.producer_name),
                    links: vec![WorkLink {
                        label: tr.review_dossier(),
                        url: format!("/admin/dossiers/{}/review", s.id),
                    }],
                }
            })
            .collect();
        sections.push(WorkSection {
            id,
            title,
            hint: tr.work_dossiers_hint(),
            all_url: (flagged.len() > rows.len()).then_some(url),
            total: flagged.len() as u64,
            rows,
        });
    }
    Ok(sections)
}

pub async fn page(State(state): State<AppState>, admin: Admin) -> Result<Html<String>, AppError> {
    let actor = admin.actor();
    let scope = view_scope(Some(&actor));
    let count_products = |status: Option<ProductStatus>| {
        let query = ProductListQuery {
            status,
            page: 1,
            per_page: 1,
            ..Default::default()
        };
        let store = state.store.clone();
        async move {
            store
                .list_products(scope, &query)
                .await
                .map(|(_, total)| total)
        }
    };
    let (_, producers) = state
        .store
        .list_producers(
            scope,
            &ProducerQuery {
                page: 1,
                per_page: 1,
                ..Default::default()
            },
        )
        .await?;
    let tr = admin.tr();
    let mut tiles = vec![
        Tile {
            label: tr.nav_producers(),
            count: producers,
            url: "/admin/producers".to_owned(),
        },
        Tile {
            label: tr.products(),
            count: count_products(None).await?,
            url: "/admin/products".to_owned(),
        },
        Tile {
            label: tr.status_active(),
            count: count_products(Some(ProductStatus::Active)).await?,
            url: "/admin/products?status=active".to_owned(),
        },
        Tile {
            label: tr.drafts_pending(),
            count: count_products(Some(ProductStatus::Draft)).await?,
            url: "/admin/products?status=draft".to_owned(),
        },
    ];
    tiles.extend(cycle_tiles(&state, &admin).await?);
    let nav = admin.nav("dashboard");
    if nav.can_change_requests {
        let open = ocop_store::change_requests::ChangeRequestQuery {
            state: Some(ocop_domain::change_request::ChangeRequestState::Open),
            page: 1,
            per_page: 1,
            ..Default::default()
        };
        let (_, count) = state.store.change_requests(&admin.caller(), &open).await?;
        tiles.push(Tile {
            label: tr.cr_open_tile(),
            count,
            url: "/admin/change-requests".to_owned(),
        });
    }
    if nav.can_manage_users {
        let users = state
            .store
            .list_users()
            .await?
            .iter()
            .filter(|u| actor.role == Role::Central || u.province_code == actor.province_code)
            .count();
        tiles.push(Tile {
            label: tr.nav_accounts(),
            count: users as u64,
            url: "/admin/users".to_owned(),
        });
    }
    let worklist = state.store.worklist(&admin.caller()).await?;
    let mut work = Vec::new();
    let user_role = admin.role();
    if matches!(user_role, Role::Commune | Role::Provincial) {
        work.extend(dossier_sections(&state, &admin, &mut tiles).await?);
    }
    if user_role == Role::Producer {
        let mine = state
            .store
            .list_dossiers(
                &admin.caller(),
                &DossierQuery {
                    page: 1,
                    per_page: 1,
                    ..Default::default()
                },
            )
            .await?;
        tiles.push(Tile {
            label: tr.dossiers_mine(),
            count: mine.total,
            url: "/admin/dossiers".to_owned(),
        });
    }
    if let Some(listing) = worklist.own_products {
        work.push(product_section(
            "own-products",
            tr.work_own_products(),
            tr.work_own_products_hint(),
            listing,
            "/admin/products",
            tr,
        ));
    }
    if let Some(listing) = worklist.to_evaluate {
        work.push(product_section(
            "to-evaluate",
            tr.work_to_evaluate(),
            tr.work_to_evaluate_hint(),
            listing,
            "/admin/products?status=active&unevaluated=1",
            tr,
        ));
    }
    let may_publish = worklist.drafts.is_some();
    if let Some(listing) = worklist.drafts {
        work.push(product_section(
            "drafts",
            tr.drafts_pending(),
            tr.work_drafts_hint(),
            listing,
            "/admin/products?status=draft",
            tr,
        ));
    }
    if let Some(listing) = worklist.unconfirmed {
        let rows: Vec<WorkRow> = listing
            .items
            .iter()
            .map(|p| WorkRow {
                name: p.data.name.clone(),
                url: format!("/admin/producers/{}", p.id),
                detail: crate::view::place(p.data.unit, p.commune_code, p.successor_confirmed),
                links: vec![WorkLink {
                    label: tr.confirm_successor_short(),
                    url: format!("/admin/producers/{}", p.id),
                }],
            })
            .collect();
        work.push(WorkSection {
            id: "unconfirmed",
            title: tr.work_unconfirmed(),
            hint: tr.work_unconfirmed_hint(),
            all_url: (listing.total > rows.len() as u64)
                .then(|| "/admin/producers?unconfirmed=1".to_owned()),
            total: listing.total,
            rows,
        });
    }
    let producer_name = match actor.producer_id {
        Some(id) => Some(state.store.producer(id).await?.data.name),
        None => None,
    };
    let user = &admin.session.user;
    Ok(Html(
        DashboardPage {
            ctx: admin.ctx(),
            name: user.display_name.clone(),
            role: tr.role_name(user.role),
            unit: unit_label(user, tr),
            producer_name,
            tiles,
            work,
            may_publish,
            can_create_producer: admin.may(Action::Create, &own_unit(&actor)),
            cycle_link: this_years_cycle(&state, &admin).await?,
            can_file_idea: {
                let mut unit = own_unit(&actor);
                unit.producer_id = actor.producer_id;
                ocop_domain::access::authorize_file_idea(&actor, &unit).is_ok()
            },
            read_only: user.role == Role::CouncilMember,
            nav,
        }
        .render()?,
    ))
}
