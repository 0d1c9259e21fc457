//! Security headers on every answer: a Content-Security-Policy without inline script, no MIME
//! sniffing, no framing, a referrer policy, HSTS behind TLS, and `no-store` on what is meant
//! for one signed-in person only.

use axum::extract::{Request, State};
use axum::http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Scripts and style sheets come from our own files only. htmx is told (base.html) neither to
/// inject its indicator styles nor to evaluate strings, so it needs no exception.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

/// The vendored Swagger UI sets inline styles and draws its icons as `data:` images; its
/// scripts are files, so only styles are relaxed, and only on its own paths (which show no
/// user data).
const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");

/// The middleware; its state says whether the site is served over TLS (`secure_cookies`).
pub async fn headers(State(tls): State<bool>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let docs = path == "/api/docs" || path.starts_with("/api/docs/");
    let back_office = path == "/admin" || path.starts_with("/admin/");
    let signed_in = carries_credentials(request.headers());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if docs { DOCS_CSP } else { CSP }),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // For browsers older than `frame-ancestors`.
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Back-office addresses carry record ids and searches: other sites need not see them.
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if tls {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    // Back-office pages and exports never go to a disk cache. Other answers to a signed-in
    // caller (API answers, pages with the user's name and form token) neither, unless they
    // chose their own caching (static files, photos).
    if back_office || (signed_in && !headers.contains_key(CACHE_CONTROL)) {
        headers.insert(CACHE_CONTROL, NO_STORE);
    }
    response
}

/// A bearer token or the session cookie: the answer may be about this caller only.
fn carries_credentials(headers: &HeaderMap) -> bool {
    headers.contains_key(AUTHORIZATION) || crate::auth::has_session_cookie(headers)
}
