//! The stamp resolver (trình phân giải tem): the public hot path a consumer's phone camera
//! opens.
//!
//! - `GET /v/{code}` and `/V/{code}` (the printed, upper-case form): the stamp's page, or its
//!   JSON with `Accept: application/json`; `?linkType=linkset` or `Accept:
//!   application/linkset+json` gives its RFC 9264 link set.
//! - `GET /01/{gtin}[/10/{lot}[/21/{code}]]`: GS1 Digital Link. The stamp's path answers the
//!   same stamp (its GTIN and lot must be the stamp's, else 404) by redirecting (307) to the
//!   link its `linkType` asks for (default `gs1:pip`, the stamp's page); `/01/{gtin}/10/{lot}`
//!   answers the lot, `/01/{gtin}` the product; an unknown lot of a known product walks up
//!   to the product (303).
//! - `GET /.well-known/gs1resolver`: the resolver description file.
//! - `POST /v/{code}/report` (the page's form) and `POST /api/v1/stamps/{code}/reports`
//!   (JSON): a consumer reports a problem.
//!
//! Recalls: the stamp's own page `/v/` answers 200 with a red banner, so that every phone
//! shows it whatever it does with error statuses; the GS1 paths answer 410 Gone for a
//! recalled lot, the resolver standard's answer for an entry withdrawn from use, with the
//! same page (or JSON) as body and the links in the `Link` header.
//!
//! Every answer carries the `Link` header (so `HEAD` works). A code is refused as unknown
//! (404, a fixed friendly page) before any database access when it is too long, malformed,
//! wrongly tagged, under an unknown key or of a series never issued. These routes sit outside
//! the site's middleware stack (tracing, compression, the session's CSRF check): they log no
//! code, set their security headers themselves, and the report form checks its origin here.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, LazyLock};

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRef, Request, State};
use axum::http::header::{
    ACCEPT, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST, LINK, LOCATION,
    REFERRER_POLICY, RETRY_AFTER, STRICT_TRANSPORT_SECURITY, USER_AGENT, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ocop_domain::scan::{AgentClass, CoarsePlace, ReportInput};
use ocop_domain::stamp::{MAX_CODE_INPUT, gs1, signing};
use ocop_store::{Caller, StoreError};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::extract::ApiInput;
use crate::error::ErrorBody;
use crate::{ApiError, AppError, AppState};

pub mod memory;
pub mod page;

use memory::{LotEntry, Resolver, Verdict};
use page::{Notice, notice_html, write_history_html, write_history_json};

/// Longest path the resolver reads (`/v/` and a code, or a Digital Link path).
pub const MAX_PATH: usize = gs1::MAX_PATH;
/// Largest report form or JSON body.
pub const MAX_REPORT_BODY: usize = 16 * 1024;

/// An answer that never changes, rendered once: its status, page and JSON body.
struct Fixed {
    status: StatusCode,
    html: Bytes,
    json: Bytes,
}

impl Fixed {
    fn new(notice: Notice, status: StatusCode, code: &str, message: &str) -> Fixed {
        Fixed {
            status,
            html: Bytes::from(notice_html(notice, None)),
            json: Bytes::from(serde_json::json!({"code": code, "message": message}).to_string()),
        }
    }

    /// The page of `notice` beside the API's code and message of `error`.
    fn of_error(notice: Notice, error: &AppError) -> Fixed {
        Fixed::new(notice, error.status(), error.code(), &error.to_string())
    }

    fn answer(&self, wants: Wants, tls: bool) -> Response {
        match wants {
            Wants::Html => answer(self.status, Kind::Html, self.html.clone(), tls),
            Wants::Json | Wants::Linkset => answer(self.status, Kind::Json, self.json.clone(), tls),
        }
    }
}

static NOT_FOUND: LazyLock<Fixed> = LazyLock::new(|| {
    Fixed::new(
        Notice::NotFound,
        StatusCode::NOT_FOUND,
        "not_found",
        "Không tìm thấy tem: mã không đúng hoặc không do hệ thống phát hành",
    )
});
static TOO_MANY: LazyLock<Fixed> =
    LazyLock::new(|| Fixed::of_error(Notice::TooMany, &AppError::TooManyRequests));
static UNAVAILABLE: LazyLock<Fixed> =
    LazyLock::new(|| Fixed::of_error(Notice::Unavailable, &AppError::Unavailable));

/// What an answer's body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Html,
    Json,
    Linkset,
}

impl Kind {
    fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Kind::Html => "text/html; charset=utf-8",
            Kind::Json => "application/json",
            Kind::Linkset => "application/linkset+json",
        })
    }
}

/// The headers of each kind of answer, without and with TLS, without and with a `Link`, built
/// once and cloned for each answer: inserting them one by one was a tenth of a scan's
/// instructions (BENCHMARKS.md, ninth session). The `Link` is empty, for the answer to
/// replace, so that its map never grows.
static HEADERS: LazyLock<[[[HeaderMap; 2]; 2]; 3]> = LazyLock::new(|| {
    [Kind::Html, Kind::Json, Kind::Linkset].map(|kind| {
        [false, true].map(|tls| [false, true].map(|linked| headers_of(kind, tls, linked)))
    })
});

/// A copy of the headers of `kind`.
fn headers(kind: Kind, tls: bool, linked: bool) -> HeaderMap {
    HEADERS[kind as usize][usize::from(tls)][usize::from(linked)].clone()
}

fn headers_of(kind: Kind, tls: bool, linked: bool) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, kind.content_type());
    // Each scan is counted and shows the count: never from a cache.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    secure(&mut headers, tls);
    if linked {
        headers.insert(LINK, HeaderValue::from_static(""));
    }
    headers
}
/// The site's policy (see `security.rs`), for the answers made here.
const CSP: HeaderValue = HeaderValue::from_static(
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
);

/// What the resolver's handlers take from the server's state: two shared pointers, cloned
/// for each request instead of the whole state (its store, file store and the rest), on the
/// path that must answer fastest.
#[derive(Clone)]
pub struct ResolverState {
    pub resolver: Arc<Resolver>,
    pub config: Arc<crate::WebConfig>,
}

impl FromRef<AppState> for ResolverState {
    fn from_ref(state: &AppState) -> ResolverState {
        ResolverState {
            resolver: state.resolver.clone(),
            config: state.config.clone(),
        }
    }
}

/// The resolver's routes. The scanned ones take [`ResolverState`] as their own state, so a
/// scan does not clone the whole server state.
pub fn router(state: &AppState) -> OpenApiRouter<AppState> {
    let hot = ResolverState::from_ref(state);
    // The body limit only where a body is read: on the scanned routes it would be one more
    // step of every scan.
    let reports = OpenApiRouter::new()
        .route("/v/{code}/report", post(report_form))
        .route("/V/{code}/report", post(report_form))
        .routes(routes!(report_api))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_REPORT_BODY));
    OpenApiRouter::new()
        .route("/v/{code}", get(stamp).with_state(hot.clone()))
        .route("/V/{code}", get(stamp).with_state(hot.clone()))
        .route("/01/{*rest}", get(digital_link).with_state(hot))
        .route("/.well-known/gs1resolver", get(well_known))
        .merge(reports)
}

/// The security headers of `security.rs`, set here for the routes outside its middleware.
fn secure(headers: &mut HeaderMap, tls: bool) {
    headers.insert(CONTENT_SECURITY_POLICY, CSP);
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if tls {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
}

fn answer(status: StatusCode, kind: Kind, body: impl Into<Body>, tls: bool) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    *response.headers_mut() = headers(kind, tls, false);
    response
}

/// [`answer`] with its `Link` header (none when `link` is not a valid header value).
fn linked_answer(
    status: StatusCode,
    kind: Kind,
    body: impl Into<Body>,
    tls: bool,
    link: String,
) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    let mut headers = headers(kind, tls, true);
    match link_value(link) {
        Some(link) => headers.insert(LINK, link),
        None => headers.remove(LINK),
    };
    *response.headers_mut() = headers;
    response
}

/// What the client asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wants {
    Html,
    Json,
    Linkset,
}

/// The query parameters the resolver reads, bounded.
#[derive(Default)]
struct Params<'a> {
    link_type: Option<&'a str>,
    signature: Option<&'a str>,
    place: Option<CoarsePlace>,
}

impl<'a> Params<'a> {
    fn parse(query: Option<&'a str>) -> Params<'a> {
        let mut params = Params::default();
        for pair in query.unwrap_or("").split('&').take(8) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "linkType" if value.len() <= 64 => params.link_type = Some(value),
                "s" if value.len() <= signing::MAX_SIGNATURE_CHARS => {
                    params.signature = Some(value)
                }
                "loc" => params.place = CoarsePlace::parse(&value.replace("%2C", ",")),
                _ => {}
            }
        }
        params
    }
}

fn wants(headers: &HeaderMap, params: &Params) -> Wants {
    if params.link_type == Some("linkset") {
        return Wants::Linkset;
    }
    let accept = headers
        .get(ACCEPT)
        .map(HeaderValue::as_bytes)
        .unwrap_or(b"");
    let has = |needle: &[u8]| accept.windows(needle.len()).any(|w| w == needle);
    if has(b"application/linkset+json") {
        Wants::Linkset
    } else if has(b"application/json") && !has(b"text/html") {
        Wants::Json
    } else {
        Wants::Html
    }
}

fn not_found(wants: Wants, tls: bool) -> Response {
    NOT_FOUND.answer(wants, tls)
}

/// 503 while the keys and series load: a genuine stamp must never read "not found".
fn unavailable(wants: Wants, tls: bool) -> Response {
    let mut response = UNAVAILABLE.answer(wants, tls);
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from_static("5"));
    response
}

fn too_many(resolver: &Resolver, wants: Wants, tls: bool) -> Response {
    let mut response = TOO_MANY.answer(wants, tls);
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(resolver.views.retry_after()));
    response
}

fn serial_bytes(code: &str) -> [u8; 10] {
    let mut serial = [b'0'; 10];
    serial.copy_from_slice(&code.as_bytes()[..10]);
    serial
}

/// The client's address (none only where a test calls the router without a listener).
fn peer_ip(request: &Request) -> IpAddr {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip())
}

/// A `Link` header value made from `text` without copying it.
fn link_value(text: String) -> Option<HeaderValue> {
    HeaderValue::from_maybe_shared(Bytes::from(text)).ok()
}

/// `GET /v/{code}` through the router (tests that call it, `HEAD`): the server answers
/// scans before its router ([`crate::site`]).
async fn stamp(State(state): State<ResolverState>, request: Request) -> Response {
    let peer = peer_ip(&request);
    scan(&state, &request.into_parts().0, peer).await
}

/// Whether `request` is a scan, `GET /v/{code}` or `/V/{code}`, which the server answers
/// with [`scan`] before its router.
pub fn is_scan<B>(request: &axum::http::Request<B>) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET
        && (path.starts_with("/v/") || path.starts_with("/V/"))
        && path.len() > 3
        && !path[3..].contains('/')
}

/// A scan from `peer`: the stamp's page, JSON or link set. The request is read in place (its
/// headers and URI not copied; a scan has no body).
pub async fn scan(state: &ResolverState, request: &Parts, peer: IpAddr) -> Response {
    let (uri, headers) = (&request.uri, &request.headers);
    let tls = state.config.secure_cookies;
    let params = Params::parse(uri.query());
    let wants = wants(headers, &params);
    let resolver = &state.resolver;
    if !resolver.views.allow(peer) {
        return too_many(resolver, wants, tls);
    }
    let path = uri.path();
    if path.len() > MAX_PATH {
        return not_found(wants, tls);
    }
    let raw = &path[3..];
    if raw.len() > MAX_CODE_INPUT {
        return not_found(wants, tls);
    }
    let at = resolver.store().now();
    let agent = AgentClass::classify(headers.get(USER_AGENT).map(HeaderValue::as_bytes));
    let (stamp, code, series) = match resolver.verify(raw, params.signature).await {
        Verdict::Unknown => return not_found(wants, tls),
        Verdict::Unavailable => return unavailable(wants, tls),
        Verdict::NeverIssued(stamp) => {
            let serial = stamp_serial(&stamp);
            resolver.record(&stamp, serial, None, false, at, params.place, agent, None);
            return not_found(wants, tls);
        }
        Verdict::Genuine {
            stamp,
            code,
            series,
        } => (stamp, code, series),
    };
    let lot = match resolver.lot(series.lot_id, at).await {
        Ok(lot) => lot,
        Err(StoreError::NotFound(_)) => return not_found(wants, tls),
        Err(error) => return AppError::internal(error).into_response(),
    };
    let code_text = code.text();
    let code_text: &str = &code_text;
    if wants == Wants::Linkset {
        return linkset_answer(state, headers, &lot, Some(code_text), StatusCode::OK);
    }
    let serial = serial_bytes(code_text);
    let seen = resolver.seen(serial, at).await;
    resolver.record(
        &stamp,
        serial,
        Some(&lot.view),
        series.demo,
        at,
        params.place,
        agent,
        Some(seen),
    );
    stamp_answer(state, &lot, code_text, seen, wants, StatusCode::OK)
}

fn stamp_serial(stamp: &ocop_domain::stamp::VerifiedStamp) -> [u8; 10] {
    ocop_domain::stamp::serial_chars(stamp.serial)
}

/// A stamp's page or JSON, with its `Link` header.
fn stamp_answer(
    state: &ResolverState,
    lot: &LotEntry,
    code: &str,
    seen: memory::Seen,
    wants: Wants,
    status: StatusCode,
) -> Response {
    let tls = state.config.secure_cookies;
    let many = state
        .config
        .resolver
        .scan_log
        .rules
        .too_many(seen.before + 1);
    let link = lot.page.links.fill(code, "");
    match wants {
        Wants::Json => linked_answer(
            status,
            Kind::Json,
            lot.page.json.fill_with(code, |out| {
                write_history_json(out, seen.before, seen.first_at)
            }),
            tls,
            link,
        ),
        _ => linked_answer(
            status,
            Kind::Html,
            lot.page.html.fill_with(code, |out| {
                write_history_html(out, seen.before, seen.first_at, many)
            }),
            tls,
            link,
        ),
    }
}

/// The origin of absolute links (linksets, the description file): the request's host if it
/// is a plain host name, else none (relative links).
fn origin(state: &ResolverState, headers: &HeaderMap) -> String {
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'))
        })
        .map(|h| format!("{scheme}://{h}"))
        .unwrap_or_default()
}

/// One link of a link set.
#[derive(Serialize)]
struct Link {
    href: String,
    title: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    hreflang: [&'static str; 1],
}

const VOC: &str = "https://gs1.org/voc/";

/// The link set (RFC 9264) of a stamp, or of its lot when `code` is None.
fn linkset_answer(
    state: &ResolverState,
    headers: &HeaderMap,
    lot: &LotEntry,
    code: Option<&str>,
    status: StatusCode,
) -> Response {
    let base = origin(state, headers);
    let view = &lot.view;
    let link = |href: String, title: &'static str| {
        vec![Link {
            href: format!("{base}{href}"),
            title,
            kind: "text/html",
            hreflang: ["vi"],
        }]
    };
    let mut set = serde_json::Map::new();
    let (anchor, pip, trace, cert) = match (code, &lot.page.gs1_lot) {
        (Some(code), gs1_lot) => (
            match gs1_lot {
                Some(path) => format!("{base}{path}/21/{code}"),
                None => format!("{base}/v/{code}"),
            },
            format!("/v/{code}"),
            format!("/v/{code}#lot"),
            format!("/v/{code}#certificate"),
        ),
        (None, Some(path)) => (
            format!("{base}{path}"),
            format!("/products/{}", view.product_id),
            format!("{path}?linkType=gs1:traceability"),
            format!("{path}?linkType=gs1:traceability#certificate"),
        ),
        (None, None) => return not_found(Wants::Json, state.config.secure_cookies),
    };
    set.insert("anchor".into(), anchor.into());
    let entries = [
        ("defaultLink", pip.clone(), "Thông tin sản phẩm"),
        ("pip", pip, "Thông tin sản phẩm"),
        ("traceability", trace, "Truy xuất nguồn gốc lô"),
        ("certificationInfo", cert, "Chứng nhận OCOP"),
        (
            "masterData",
            format!("/products/{}", view.product_id),
            "Trang sản phẩm",
        ),
    ];
    for (kind, href, title) in entries {
        set.insert(
            format!("{VOC}{kind}"),
            serde_json::to_value(link(href, title)).unwrap_or_default(),
        );
    }
    let body = serde_json::json!({ "linkset": [set] }).to_string();
    let mut response = answer(status, Kind::Linkset, body, state.config.secure_cookies);
    if let Some(code) = code
        && let Some(link) = link_value(lot.page.links.fill(code, ""))
    {
        response.headers_mut().insert(LINK, link);
    }
    response
}

fn redirect(status: StatusCode, to: &str, link: Option<String>, tls: bool) -> Response {
    let mut response = answer(status, Kind::Html, Body::empty(), tls);
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(LOCATION, location);
    }
    if let Some(link) = link.and_then(link_value) {
        response.headers_mut().insert(LINK, link);
    }
    response
}

/// `GET /01/{gtin}[/10/{lot}][/21/{code}]`: GS1 Digital Link.
async fn digital_link(State(state): State<ResolverState>, request: Request) -> Response {
    let (uri, headers) = (request.uri(), request.headers());
    let tls = state.config.secure_cookies;
    let params = Params::parse(uri.query());
    let wants = wants(headers, &params);
    let resolver = &state.resolver;
    if !resolver.views.allow(peer_ip(&request)) {
        return too_many(resolver, wants, tls);
    }
    let Ok(link) = gs1::parse_path(uri.path()) else {
        return not_found(wants, tls);
    };
    let link_type = params
        .link_type
        .map(|t| t.strip_prefix("gs1:").unwrap_or(t))
        .unwrap_or("pip");
    if let Some(serial) = &link.serial {
        return gs1_stamp(&state, headers, &link, serial, &params, wants, link_type).await;
    }
    let product_id = match resolver.store().product_id_by_gtin(&link.gtin).await {
        Ok(Some(id)) => id,
        Ok(None) => return not_found(wants, tls),
        Err(error) => return AppError::internal(error).into_response(),
    };
    let product_page = format!("/products/{product_id}");
    let gtin_path = format!("/01/{}", link.gtin);
    let Some(lot_number) = &link.lot else {
        let links = format!(
            "<{product_page}>; rel=\"{VOC}pip\"; type=\"text/html\", \
             <{product_page}>; rel=\"{VOC}defaultLink\"; type=\"text/html\""
        );
        if wants == Wants::Linkset {
            let base = origin(&state, headers);
            let body = serde_json::json!({ "linkset": [{
                "anchor": format!("{base}{gtin_path}"),
                format!("{VOC}defaultLink"): [{"href": format!("{base}{product_page}"), "title": "Trang sản phẩm", "type": "text/html", "hreflang": ["vi"]}],
                format!("{VOC}pip"): [{"href": format!("{base}{product_page}"), "title": "Trang sản phẩm", "type": "text/html", "hreflang": ["vi"]}],
            }]});
            let mut response = answer(StatusCode::OK, Kind::Linkset, body.to_string(), tls);
            if let Ok(value) = HeaderValue::from_str(&links) {
                response.headers_mut().insert(LINK, value);
            }
            return response;
        }
        return redirect(
            StatusCode::TEMPORARY_REDIRECT,
            &product_page,
            Some(links),
            tls,
        );
    };
    let lot_id = match resolver
        .store()
        .lot_id_by_number(product_id, lot_number)
        .await
    {
        Ok(Some(id)) => id,
        // A lot this product does not have: walk up to the product.
        Ok(None) => return redirect(StatusCode::SEE_OTHER, &gtin_path, None, tls),
        Err(error) => return AppError::internal(error).into_response(),
    };
    let lot = match resolver.lot(lot_id, resolver.store().now()).await {
        Ok(lot) => lot,
        Err(StoreError::NotFound(_)) => return not_found(wants, tls),
        Err(error) => return AppError::internal(error).into_response(),
    };
    let Some(lot_path) = lot.page.gs1_lot.clone() else {
        return not_found(wants, tls);
    };
    let links = format!(
        "<{product_page}>; rel=\"{VOC}pip\"; type=\"text/html\", \
         <{lot_path}?linkType=gs1:traceability>; rel=\"{VOC}traceability\"; type=\"text/html\", \
         <{lot_path}?linkType=linkset>; rel=\"linkset\"; type=\"application/linkset+json\""
    );
    let status = if lot.page.recalled {
        StatusCode::GONE
    } else {
        StatusCode::OK
    };
    let mut response = match (wants, link_type) {
        (Wants::Linkset, _) => linkset_answer(&state, headers, &lot, None, StatusCode::OK),
        // The lot itself: its page (410 when recalled, the banner on it).
        (_, "traceability") | (_, "certificationInfo") => {
            answer(status, Kind::Html, lot.page.lot_html.clone(), tls)
        }
        _ if lot.page.recalled => answer(status, Kind::Html, lot.page.lot_html.clone(), tls),
        _ => redirect(StatusCode::TEMPORARY_REDIRECT, &product_page, None, tls),
    };
    if let Ok(value) = HeaderValue::from_str(&links) {
        response.headers_mut().insert(LINK, value);
    }
    response
}

/// A stamp's Digital Link path: the stamp must be genuine and of this GTIN and lot.
async fn gs1_stamp(
    state: &ResolverState,
    headers: &HeaderMap,
    link: &gs1::DigitalLink,
    serial: &str,
    params: &Params<'_>,
    wants: Wants,
    link_type: &str,
) -> Response {
    let tls = state.config.secure_cookies;
    let resolver = &state.resolver;
    let at = resolver.store().now();
    let agent = AgentClass::classify(headers.get(USER_AGENT).map(HeaderValue::as_bytes));
    let (stamp, code, series) = match resolver.verify(serial, params.signature).await {
        Verdict::Unknown => return not_found(wants, tls),
        Verdict::Unavailable => return unavailable(wants, tls),
        Verdict::NeverIssued(stamp) => {
            resolver.record(
                &stamp,
                stamp_serial(&stamp),
                None,
                false,
                at,
                params.place,
                agent,
                None,
            );
            return not_found(wants, tls);
        }
        Verdict::Genuine {
            stamp,
            code,
            series,
        } => (stamp, code, series),
    };
    let lot = match resolver.lot(series.lot_id, at).await {
        Ok(lot) => lot,
        Err(StoreError::NotFound(_)) => return not_found(wants, tls),
        Err(error) => return AppError::internal(error).into_response(),
    };
    let view = &lot.view;
    let gtin_matches = view
        .gtin
        .as_deref()
        .and_then(|g| gs1::gtin14(g).ok())
        .is_some_and(|g| g == link.gtin);
    let lot_matches = link.lot.as_deref().is_none_or(|l| l == view.lot_number);
    if !gtin_matches || !lot_matches {
        return not_found(wants, tls);
    }
    let code_text = code.text();
    let code_text: &str = &code_text;
    if wants == Wants::Linkset {
        return linkset_answer(state, headers, &lot, Some(code_text), StatusCode::OK);
    }
    // Content answered here (JSON, or a recalled lot's 410) counts as a scan; a redirect
    // does not, since the page it leads to counts it.
    if wants == Wants::Json || lot.page.recalled {
        let serial = serial_bytes(code_text);
        let seen = resolver.seen(serial, at).await;
        resolver.record(
            &stamp,
            serial,
            Some(view),
            series.demo,
            at,
            params.place,
            agent,
            Some(seen),
        );
        let status = if lot.page.recalled {
            StatusCode::GONE
        } else {
            StatusCode::OK
        };
        return stamp_answer(state, &lot, code_text, seen, wants, status);
    }
    let target = match link_type {
        "traceability" => format!("/v/{code_text}#lot"),
        "certificationInfo" => format!("/v/{code_text}#certificate"),
        "masterData" => format!("/products/{}", view.product_id),
        _ => format!("/v/{code_text}"),
    };
    redirect(
        StatusCode::TEMPORARY_REDIRECT,
        &target,
        Some(lot.page.links.fill(code_text, "")),
        tls,
    )
}

/// `GET /.well-known/gs1resolver`: what this resolver resolves (GS1 resolver description
/// file).
async fn well_known(State(state): State<ResolverState>, headers: HeaderMap) -> Response {
    let root = origin(&state, &headers);
    let body = serde_json::json!({
        "name": "OCOP Việt Nam — tem điện tử",
        "resolverRoot": root,
        "supportedPrimaryKeys": ["gtin"],
        "supportedQualifiers": ["10", "21"],
        "supportedLinkType": [
            {"namespace": VOC, "prefix": "gs1:", "profile": "https://gs1.org/voc/?show=linktypes"}
        ],
        "linkTypes": ["gs1:pip", "gs1:defaultLink", "gs1:traceability", "gs1:certificationInfo", "gs1:masterData", "linkset"],
        "linkTypeDefaultCanBeLinkset": false,
        "supportedContextValuesEnumerated": [],
        "contact": {"name": "OCOP Việt Nam"},
        "stampPath": "/v/{serial}.{tag}",
    });
    let mut response = answer(
        StatusCode::OK,
        Kind::Json,
        body.to_string(),
        state.config.secure_cookies,
    );
    response.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// The stamp of a report's path, checked by memory: its code and lot, or why not.
async fn reported_stamp(
    resolver: &Resolver,
    path_code: &str,
) -> Result<(String, uuid::Uuid), AppError> {
    match resolver.verify(path_code, None).await {
        Verdict::Genuine { code, series, .. } => Ok((code.to_string(), series.lot_id)),
        Verdict::Unavailable => Err(AppError::Unavailable),
        Verdict::Unknown | Verdict::NeverIssued(_) => Err(AppError::not_found("tem")),
    }
}

/// The code in `/v/{code}/report` or `/api/v1/stamps/{code}/reports`.
fn code_in<'a>(path: &'a str, prefix_len: usize, suffix: &str) -> Option<&'a str> {
    path.get(prefix_len..)?
        .strip_suffix(suffix)
        .filter(|c| c.len() <= MAX_CODE_INPUT)
}

/// `POST /v/{code}/report`: the page's report form. Anonymous, so the session's CSRF check
/// does not cover it: it must come from our own page (`Sec-Fetch-Site` or `Origin`).
async fn report_form(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let tls = state.config.secure_cookies;
    let scheme = if tls { "https" } else { "http" };
    if !crate::csrf::from_our_pages(&request, scheme) {
        return AppError::Forbidden(
            "Yêu cầu bị từ chối: không đến từ trang của hệ thống (CSRF)".into(),
        )
        .into_response();
    }
    if !state.resolver.reports.allow(peer.ip()) {
        return too_many(&state.resolver, Wants::Html, tls);
    }
    let path = request.uri().path().to_owned();
    let Some(code) = code_in(&path, 3, "/report") else {
        return not_found(Wants::Html, tls);
    };
    let (code, lot_id) = match reported_stamp(&state.resolver, code).await {
        Ok(stamp) => stamp,
        Err(AppError::Unavailable) => return unavailable(Wants::Html, tls),
        Err(_) => return not_found(Wants::Html, tls),
    };
    let body = match axum::body::to_bytes(request.into_body(), MAX_REPORT_BODY).await {
        Ok(body) => body,
        Err(_) => return AppError::BodyTooLarge(MAX_REPORT_BODY / 1024).into_response(),
    };
    let input: ReportInput = match serde_urlencoded::from_bytes(&body) {
        Ok(input) => input,
        Err(_) => {
            return AppError::BadRequest("Biểu mẫu báo cáo không hợp lệ".into()).into_response();
        }
    };
    let report = match input.parse() {
        Ok(report) => report,
        Err(errors) => return AppError::Invalid(errors).into_response(),
    };
    match state
        .store
        .report_problem(&Caller::Anonymous, lot_id, &code[..10], &report)
        .await
    {
        Ok(_) => answer(
            StatusCode::OK,
            Kind::Html,
            notice_html(Notice::Reported, Some(format!("/v/{code}"))),
            tls,
        ),
        Err(error) => AppError::from(error).into_response(),
    }
}

/// A report received.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportReceived {
    pub id: uuid::Uuid,
    /// The stamp's serial.
    pub serial: String,
}

/// Report a problem with a stamp (báo cáo vấn đề): a suspected counterfeit, a quality
/// problem or another. Anyone may; it reaches the producer and the province. Limited per
/// client address.
#[utoipa::path(
    post,
    path = "/api/v1/stamps/{code}/reports",
    tag = "stamps",
    params(("code" = String, Path, description = "The stamp's code SERIAL.TAG")),
    request_body = ReportInput,
    responses(
        (status = 201, description = "Received", body = ReportReceived),
        (status = 400, description = "Not JSON", body = ErrorBody),
        (status = 404, description = "Not a genuine stamp", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
        (status = 429, description = "Too many reports from this address", body = ErrorBody),
        (status = 503, description = "The stamp cannot be checked yet (just started); retry", body = ErrorBody),
    )
)]
async fn report_api(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    ApiInput(input): ApiInput<ReportInput>,
) -> Result<(StatusCode, Json<ReportReceived>), ApiError> {
    if !state.resolver.reports.allow(peer.ip()) {
        return Err(ApiError(AppError::TooManyRequests));
    }
    let not_found = || ApiError(AppError::not_found("tem"));
    let code = code_in(uri.path(), "/api/v1/stamps/".len(), "/reports").ok_or_else(not_found)?;
    let (code, lot_id) = reported_stamp(&state.resolver, code)
        .await
        .map_err(ApiError)?;
    let report = input.parse().map_err(|e| ApiError(AppError::Invalid(e)))?;
    let serial = code[..10].to_owned();
    let id = state
        .store
        .report_problem(&Caller::Anonymous, lot_id, &serial, &report)
        .await?;
    Ok((StatusCode::CREATED, Json(ReportReceived { id, serial })))
}
