//! Every request gets an id, answered in `x-request-id` and shown on error pages, so that a
//! user's report ("Mã yêu cầu: …") leads to the server's log lines of that request. Each
//! request is one span (`request_id`, method, path, then status and latency); its query
//! string and headers are never logged, as they may hold searches, cookies or tokens.

use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Span;

use crate::i18n::{LANG_COOKIE, Lang};
use tracing::field::Empty;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Longest id taken from a client (a UUID is 36 characters); a longer one is replaced.
const MAX_GIVEN_LEN: usize = 64;

tokio::task_local! {
    /// The id of the request this task is answering, set by [`assign_id`].
    static CURRENT: String;
    /// The language of the page it answers with, from the `lang` cookie: error pages are
    /// rendered without the request, so they read it here.
    static LANG: Lang;
}

/// The language of the request being answered; the default outside a request.
pub fn current_lang() -> Lang {
    LANG.try_with(|lang| *lang).unwrap_or_default()
}

/// The id of the request being answered; `None` outside a request (tests, the CLI).
pub fn current_id() -> Option<String> {
    CURRENT.try_with(String::clone).ok()
}

/// The middleware: takes the client's `x-request-id` if it is short and of safe characters
/// (a proxy's or a client's id then joins their logs to ours), else makes a new one (UUID v7,
/// which sorts by time); answers it in `x-request-id`. Outermost, so every answer has it.
pub async fn assign_id(request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|given| acceptable(given))
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned);
    let header = HeaderValue::from_str(&id).expect("an id is visible ASCII");
    let lang = crate::auth::cookie(request.headers(), LANG_COOKIE)
        .and_then(Lang::parse)
        .unwrap_or_default();
    let mut response = CURRENT.scope(id, LANG.scope(lang, next.run(request))).await;
    response.headers_mut().insert(REQUEST_ID, header);
    response
}

/// Letters, digits, `-`, `_`, `.`: nothing that could forge a log line or a header.
fn acceptable(given: &str) -> bool {
    (1..=MAX_GIVEN_LEN).contains(&given.len())
        && given
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The request's span, for tower-http's `TraceLayer` (inside [`assign_id`], which has set
/// the id by then). The path only: a query string may hold what a user searched for.
pub fn span(request: &Request) -> Span {
    tracing::info_span!(
        "request",
        request_id = current_id().as_deref().unwrap_or("-"),
        method = %request.method(),
        path = request.uri().path(),
        status = Empty,
        latency_ms = Empty,
    )
}

/// Records the status and latency on the span and logs the one line of a finished request.
pub fn answered(response: &Response, latency: Duration, span: &Span) {
    span.record("status", response.status().as_u16());
    span.record("latency_ms", latency.as_millis() as u64);
    tracing::info!("answered");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_only_short_ids_of_safe_characters() {
        for given in [
            "abc",
            "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
            "req_1.2",
            &"a".repeat(64),
        ] {
            assert!(acceptable(given), "{given}");
        }
        for given in ["", &"a".repeat(65), "a b", "a\"b", "a=b;c", "ä", "a/b"] {
            assert!(!acceptable(given), "{given}");
        }
    }
}
