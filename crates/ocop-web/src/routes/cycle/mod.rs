//! Chu trình OCOP thường niên: the province's yearly cycle (open it, its dates, its counts per
//! commune), idea registrations (file, screen, select, decline, withdraw) and business plans
//! (write, submit, comment, return, approve, attach a file, record support): the back-office
//! pages and the JSON API.

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub mod api;
mod forms;
pub mod pages;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/admin/cycles", get(pages::cycles).post(pages::open_cycle))
        .route("/admin/cycles/new", get(pages::new_cycle))
        .route(
            "/admin/cycles/{id}",
            get(pages::cycle).post(pages::change_cycle),
        )
        .route("/admin/cycles/{id}/edit", get(pages::edit_cycle))
        .route("/admin/ideas", get(pages::ideas).post(pages::file_idea))
        .route("/admin/ideas/new", get(pages::new_idea))
        .route("/admin/ideas/{id}", get(pages::idea))
        .route("/admin/ideas/{id}/{action}", post(pages::act_on_idea))
        .route("/admin/plans", get(pages::plans).post(pages::create_plan))
        .route("/admin/plans/new", get(pages::new_plan))
        .route(
            "/admin/plans/{id}",
            get(pages::plan).post(pages::change_plan),
        )
        .route("/admin/plans/{id}/edit", get(pages::edit_plan))
        .route(
            "/admin/plans/{id}/attachment",
            get(pages::attachment)
                .post(pages::attach)
                .layer(crate::backoffice::UPLOAD_BODY),
        )
        .route("/admin/plans/{id}/comments", post(pages::comment))
        .route("/admin/plans/{id}/support", post(pages::support))
        .route("/admin/plans/{id}/do/{action}", post(pages::act_on_plan))
        .routes(routes!(api::list_cycles, api::open_cycle))
        .routes(routes!(api::get_cycle, api::update_cycle))
        .routes(routes!(api::list_ideas, api::file_idea))
        .routes(routes!(api::get_idea))
        .routes(routes!(api::screen_idea))
        .routes(routes!(api::decline_idea))
        .routes(routes!(api::select_idea))
        .routes(routes!(api::withdraw_idea))
        .routes(routes!(api::list_plans, api::create_plan))
        .routes(routes!(api::get_plan, api::update_plan))
        .routes(routes!(api::submit_plan))
        .routes(routes!(api::return_plan))
        .routes(routes!(api::approve_plan))
        .routes(routes!(api::comment_plan))
        .routes(routes!(api::record_support))
}
