//! CSRF protection: a state-changing request that carries the session cookie must come from
//! our own pages — `Sec-Fetch-Site: same-origin` or an `Origin` that matches `Host`.
//! Requests without the cookie (anonymous, or bearer-token API clients) carry no ambient
//! authority and pass. Session cookies are also `SameSite=Lax`.

use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::has_session_cookie;

pub async fn protect(request: Request, next: Next) -> Response {
    if is_safe(request.method()) || !has_session_cookie(request.headers()) || same_origin(&request)
    {
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

fn same_origin(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "same-origin" || site == "none";
    }
    let (Some(origin), Some(host)) = (
        headers.get(ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(HOST).and_then(|v| v.to_str().ok()),
    ) else {
        return false;
    };
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority == host)
}
