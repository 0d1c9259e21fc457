//! `GET /admin`: who the user is, the unit they work in, what their scope holds, and where
//! to go next.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use ocop_domain::access::{Action, Role, view_scope};
use ocop_domain::product::ProductStatus;
use ocop_store::producers::ProducerQuery;
use ocop_store::products::ProductListQuery;

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
    can_create_producer: bool,
    read_only: bool,
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
    let nav = admin.nav("dashboard");
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
            can_create_producer: admin.may(Action::Create, &own_unit(&actor)),
            read_only: user.role == Role::CouncilMember,
            nav,
        }
        .render()?,
    ))
}
