//! All routes, one module per feature. Each module exposes `router()`: an [`OpenApiRouter`]
//! for the features with JSON API routes (each handler registered once with `routes!`, which
//! also adds its `#[utoipa::path]` to the OpenAPI document), a plain axum router for the
//! others.

use axum::Router;
use axum::http::Uri;
use axum::middleware;
use axum::response::IntoResponse;
use tower_http::compression::predicate::{NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel, DefaultPredicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::{ApiError, AppError, AppState};

pub mod accounts;
pub mod assets;
pub mod audit;
pub mod catalog;
pub mod change_requests;
pub mod cycle;
pub mod dashboard;
pub mod dossiers;
pub mod export;
pub mod health;
pub mod import;
pub mod lots;
pub mod openapi;
pub mod photos;
pub mod producers;
pub mod products;
pub mod resolver;
pub mod scans;
pub mod scoring;
pub mod session;
pub mod stamps;
pub mod units;

/// Largest body of a form or JSON request, unless its route says otherwise: the API's record
/// bodies, the scoring engine's batches and the upload routes set their own.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub fn router(state: AppState) -> Router {
    // Multipart bodies are checked against the configured limit in the upload handlers;
    // this outer limit only stops runaway bodies.
    let body_limit = state.config.max_upload_bytes + MAX_BODY_BYTES;
    let (routes, document) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(health::router().into())
        .merge(assets::router().into())
        .merge(session::router())
        .merge(catalog::router().into())
        .merge(dashboard::router().into())
        .merge(producers::router())
        .merge(products::router())
        .merge(change_requests::router())
        .merge(photos::router().into())
        .merge(lots::router())
        .merge(scoring::router())
        .merge(audit::router().into())
        .merge(import::router().into())
        .merge(dossiers::router())
        .merge(export::router().into())
        .merge(accounts::router().into())
        .merge(units::router())
        .merge(cycle::router())
        .merge(scans::router())
        .merge(stamps::router())
        .split_for_parts();
    // The stamp resolver is the public hot path: its routes join the document but not the
    // middleware below (see `resolver`).
    let (resolver_routes, resolver_document) = resolver::router(&state).split_for_parts();
    let mut document = document;
    document.merge(resolver_document);
    routes
        .merge(openapi::router(openapi::complete(document)))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::error::with_signed_in_header,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::csrf::protect,
        ))
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        // Outside the layers that refuse (CSRF, body size), so refusals get the headers too.
        .layer(middleware::from_fn_with_state(
            state.config.secure_cookies,
            crate::security::headers,
        ))
        .layer(compression())
        // A 5xx is not logged again as a failure: the handler's error was logged, with its
        // cause, where it was turned into the answer.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(crate::trace::span)
                .on_response(crate::trace::answered)
                .on_failure(()),
        )
        // Outermost: the span and every answer get the id.
        .layer(middleware::from_fn(crate::trace::assign_id))
        .merge(resolver_routes)
        .with_state(state)
}

/// Pages and JSON compressed as they go, at a level quick enough for every answer (the
/// static files come compressed already). Spreadsheets and PDFs are compressed inside.
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Precise(4))
        .compress_when(
            DefaultPredicate::new()
                .and(NotForContentType::const_new(
                    "application/vnd.openxmlformats",
                ))
                .and(NotForContentType::const_new("application/pdf")),
        )
}

/// A known path asked with a method it does not take: JSON under `/api`, a page elsewhere.
async fn method_not_allowed(uri: Uri) -> axum::response::Response {
    let error = AppError::MethodNotAllowed;
    if uri.path().starts_with("/api/") {
        ApiError(error).into_response()
    } else {
        error.into_response()
    }
}

/// Unknown routes: a JSON error under `/api`, a friendly page elsewhere.
async fn not_found(uri: Uri) -> axum::response::Response {
    if uri.path().starts_with("/api/") {
        ApiError(AppError::NotFound(format!("đường dẫn {}", uri.path()))).into_response()
    } else {
        AppError::NotFound(format!("trang {}", uri.path())).into_response()
    }
}
