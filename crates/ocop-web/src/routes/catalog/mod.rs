//! The public catalogue: home with search, product list with filters, product and producer
//! pages.

use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
