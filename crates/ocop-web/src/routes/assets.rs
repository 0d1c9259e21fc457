//! `GET /static/{file}`: the files of [`crate::assets`]. The current fingerprinted address is
//! cached for a year; the plain name and an earlier fingerprint answer the current file, to
//! be revalidated (`no-cache` with an `ETag`), so a page cached before an update still gets
//! its style sheet.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::assets::{self, Coding, Lookup};
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new().route("/static/{file}", get(serve))
}

async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Result<Response, AppError> {
    let (asset, cache) = match assets::lookup(&file) {
        Some(Lookup::Current(asset)) => (asset, "public, max-age=31536000, immutable"),
        Some(Lookup::Other(asset)) => (asset, "no-cache"),
        None => return Err(AppError::NotFound(format!("tệp {file}"))),
    };
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok());
    let (body, encoding, tag): (&[u8], _, _) =
        match (Coding::negotiate(accept), &asset.brotli, &asset.gzip) {
            (Coding::Brotli, Some(br), _) => (br, Some("br"), "br"),
            (Coding::Brotli | Coding::Gzip, _, Some(gz)) => (gz, Some("gzip"), "gz"),
            _ => (asset.body, None, "id"),
        };
    // One tag per variant: a cache must not answer a gzip request with brotli bytes.
    let etag = format!("\"{}-{tag}\"", asset.fingerprint);
    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, asset.content_type)], body).into_response()
    };
    let out = response.headers_mut();
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        out.insert(header::ETAG, etag);
    }
    if let Some(encoding) = encoding {
        out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    Ok(response)
}
