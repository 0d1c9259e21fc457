//! CSRF protection: a state-changing request must come from our own pages when it carries the
//! session cookie, and always when it signs in or out (else a foreign page could sign the
//! visitor in to an account of its choosing: login CSRF). Our own pages send
//! `Sec-Fetch-Site: same-origin` (`none`: the user's own action), or else an `Origin` equal
//! to ours: scheme (`https` with `secure_cookies`, else `http`), host and port. Other requests
//! without the cookie (anonymous, or bearer-token API clients) carry no ambient authority and
//! pass. Session cookies are also `SameSite=Lax`.

use axum::extract::{Request, State};
use axum::http::header::{HOST, ORIGIN};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::auth::has_session_cookie;

pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    let guarded = !is_safe(request.method())
        && (has_session_cookie(request.headers()) || changes_the_session(request.uri().path()));
    if !guarded || from_our_pages(&request, scheme) {
        return next.run(request).await;
    }
    (
        StatusCode::FORBIDDEN,
        "Yêu cầu bị từ chối: không đến từ trang của hệ thống (CSRF)",
    )
        .into_response()
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn changes_the_session(path: &str) -> bool {
    matches!(path, "/login" | "/logout")
}

/// Whether a request comes from our own pages (see the module's comment); also asked by
/// anonymous forms outside this middleware (the stamp resolver's report form).
pub fn from_our_pages(request: &Request, scheme: &str) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "same-origin" || site == "none";
    }
    let host = headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    match (headers.get(ORIGIN).and_then(|v| v.to_str().ok()), host) {
        (Some(origin), Some(host)) => same_origin(origin, scheme, host),
        _ => false,
    }
}

/// Whether `origin` (`scheme://host[:port]`) is this server's, reached at `host` (the `Host`
/// header) over `scheme`. A default port may be written or not.
fn same_origin(origin: &str, scheme: &str, host: &str) -> bool {
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let without_default = |authority: &str| -> String {
        authority
            .strip_suffix(default_port)
            .unwrap_or(authority)
            .to_ascii_lowercase()
    };
    origin
        .split_once("://")
        .is_some_and(|(origin_scheme, authority)| {
            origin_scheme.eq_ignore_ascii_case(scheme)
                && without_default(authority) == without_default(host)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_origin_must_match() {
        for (origin, scheme, host, same) in [
            ("http://127.0.0.1:8080", "http", "127.0.0.1:8080", true),
            ("https://ocop.gov.vn", "https", "ocop.gov.vn", true),
            ("https://ocop.gov.vn", "https", "ocop.gov.vn:443", true),
            ("https://OCOP.gov.vn:443", "https", "ocop.gov.vn", true),
            ("http://ocop.gov.vn:80", "http", "ocop.gov.vn", true),
            ("https://127.0.0.1:8080", "http", "127.0.0.1:8080", false),
            ("http://ocop.gov.vn", "https", "ocop.gov.vn", false),
            ("http://127.0.0.1:8081", "http", "127.0.0.1:8080", false),
            ("https://ocop.gov.vn:8443", "https", "ocop.gov.vn", false),
            ("https://evil.example", "https", "ocop.gov.vn", false),
            (
                "https://ocop.gov.vn.evil.example",
                "https",
                "ocop.gov.vn",
                false,
            ),
            ("null", "https", "ocop.gov.vn", false),
            ("ocop.gov.vn", "https", "ocop.gov.vn", false),
        ] {
            assert_eq!(
                same_origin(origin, scheme, host),
                same,
                "{origin} vs {scheme}://{host}"
            );
        }
    }
}
