//! Hồ sơ sản phẩm: the pages of the producer, the commune and the province (`pages.rs` and
//! the modules beside it), every action through the store's dossier use cases.

mod evidence;
mod form;
pub mod pages;
mod print;
mod review;
mod score;
pub(crate) mod view;

use axum::Router;

use crate::AppState;
pub(crate) use view::DueView;

pub fn router() -> Router<AppState> {
    pages::page_routes()
}
