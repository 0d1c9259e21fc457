//! `/api/v1/lots/{id}/stamp-series` and `/api/v1/stamp-series/{id}/…`: tem điện tử — issue a
//! lot's series, list them, and download a series' codes (CSV), label sheets (PDF) and each
//! stamp's QR code (SVG, PNG). `/.well-known/ocop-stamp-keys.json` publishes the public keys
//! that check signed stamps offline. No answer ever holds a stamp key's secret.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ocop_domain::stamp::{IssueInput, signing};
use ocop_store::SeriesPrint;
use ocop_store::stamps::StampSeries;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::print;
use crate::api::extract::{ApiInput, ApiQuery};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::routes::producers::api::path_id;
use crate::{ApiError, AppError, AppState};

/// An issued series as the API shows it: no key, only the key's id.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesView {
    pub id: Uuid,
    /// Số đợt: the series number inside each of its serials.
    pub series_no: u32,
    pub lot_id: Uuid,
    /// Id (0–31) of the key that tags its codes.
    pub key_id: u8,
    /// Stamps 1…count.
    pub count: u32,
    pub label_width_mm: u32,
    pub label_height_mm: u32,
    pub labels_per_page: u32,
    /// The label PDF comes in this many parts of up to 10,000 labels (`?part=`).
    pub pdf_parts: u32,
    /// Its stamp URLs carry an Ed25519 signature (`?s=`).
    pub signed: bool,
    pub demo: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    pub issued_by: String,
    pub codes_csv: String,
    pub labels_pdf: String,
    pub first_stamp_svg: String,
}

impl SeriesView {
    pub fn of(s: StampSeries) -> SeriesView {
        let base = format!("/api/v1/stamp-series/{}", s.id);
        SeriesView {
            id: s.id,
            series_no: s.series_no,
            lot_id: s.lot_id,
            key_id: s.key_id,
            count: s.count,
            label_width_mm: s.label.width_mm,
            label_height_mm: s.label.height_mm,
            labels_per_page: s.label.per_page(),
            pdf_parts: print::pdf_parts(s.count),
            signed: s.signed,
            demo: s.demo,
            issued_at: s.issued_at,
            issued_by: s.issued_by,
            codes_csv: format!("{base}/codes.csv"),
            labels_pdf: format!("{base}/labels.pdf"),
            first_stamp_svg: format!("{base}/stamps/1.svg"),
        }
    }
}

/// Issue a series of stamps for a lot: its producer and the officials of its unit. One row
/// is stored whatever the count; the codes are computed when downloaded.
#[utoipa::path(
    post,
    operation_id = "issue_stamps",
    path = "/api/v1/lots/{id}/stamp-series",
    tag = "stamps",
    params(("id" = Uuid, Path, description = "Mã lô sản phẩm")),
    request_body(content = IssueInput, description = "Số tem và khổ nhãn"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã phát hành", body = SeriesView,
            headers(("Location" = String, description = "Tệp mã tem (CSV) của đợt"))),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được phát hành tem cho lô này", body = ErrorBody),
        (status = 404, description = "Không có lô này hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Lô đã thu hồi", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Số tem hoặc khổ nhãn không hợp lệ", body = ErrorBody),
    )
)]
pub async fn issue(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<IssueInput>,
) -> Result<Response, ApiError> {
    let id = path_id(&id, "lô sản phẩm")?;
    let series = state
        .store
        .issue_stamps(&user.caller(), id, &input, state.config.stamp_signing)
        .await?;
    let view = SeriesView::of(series);
    Ok((
        StatusCode::CREATED,
        [(LOCATION, view.codes_csv.clone())],
        Json(view),
    )
        .into_response())
}

/// A lot's series, the latest first.
#[utoipa::path(
    get,
    operation_id = "list_stamp_series",
    path = "/api/v1/lots/{id}/stamp-series",
    tag = "stamps",
    params(("id" = Uuid, Path, description = "Mã lô sản phẩm")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Các đợt phát hành tem", body = Vec<SeriesView>),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được xem tem của lô này", body = ErrorBody),
        (status = 404, description = "Không có lô này hoặc không được xem", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<SeriesView>>, ApiError> {
    let id = path_id(&id, "lô sản phẩm")?;
    let series = state.store.lot_stamp_series(&user.caller(), id).await?;
    Ok(Json(series.into_iter().map(SeriesView::of).collect()))
}

async fn series_for_print(
    state: &AppState,
    user: &ApiUser,
    id: &str,
) -> Result<SeriesPrint, ApiError> {
    let id = path_id(id, "đợt phát hành tem")?;
    Ok(state.store.series_for_print(&user.caller(), id).await?)
}

fn download(
    content_type: &'static str,
    file_name: &str,
) -> [(axum::http::HeaderName, HeaderValue); 3] {
    [
        (CONTENT_TYPE, HeaderValue::from_static(content_type)),
        (
            CONTENT_DISPOSITION,
            HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
                .unwrap_or(HeaderValue::from_static("attachment")),
        ),
        (CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
    ]
}

/// A series' codes as CSV for a printing house (`index, serial, tag, code, url, gs1_url`),
/// streamed as it is made: a million rows never sit in memory.
#[utoipa::path(
    get,
    operation_id = "stamp_codes_csv",
    path = "/api/v1/stamp-series/{id}/codes.csv",
    tag = "stamps",
    params(("id" = Uuid, Path, description = "Mã đợt phát hành")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Mã tem (CSV, UTF-8)", content_type = "text/csv"),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được xem tem của lô này", body = ErrorBody),
        (status = 404, description = "Không có đợt này hoặc không được xem", body = ErrorBody),
    )
)]
pub async fn codes_csv(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let print = series_for_print(&state, &user, &id).await?;
    let name = format!("tem-dot-{}.csv", print.series.series_no);
    let host = state.config.stamp_host.clone();
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    tokio::task::spawn_blocking(move || {
        let mut out = ChannelWriter {
            sender,
            buffer: Vec::with_capacity(CHUNK_BYTES),
        };
        // A client that goes away stops the writing; nothing else can fail here.
        // One thread: a download must not take every core from the other requests.
        if let Err(e) = print::write_csv(&print, &host, &mut out, 1) {
            tracing::debug!(error = %e, "tải mã tem dừng giữa chừng");
        }
    });
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    Ok((
        download("text/csv; charset=utf-8", &name),
        Body::from_stream(stream),
    )
        .into_response())
}

const CHUNK_BYTES: usize = 64 * 1024;

/// Hands what is written to the response in chunks, waiting while the client is slower.
struct ChannelWriter {
    sender: tokio::sync::mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
    buffer: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK_BYTES));
        self.sender
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// Which part of a large series' label sheets.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PdfParams {
    /// Part 1, 2, … of up to 10,000 labels each (default 1).
    #[param(value_type = Option<u32>, minimum = 1)]
    pub part: Option<String>,
}

/// A series' print-ready label sheets: A4 PDF, each label with its QR code, the OCOP mark
/// with the stars, the product code and the stamp's code.
#[utoipa::path(
    get,
    operation_id = "stamp_labels_pdf",
    path = "/api/v1/stamp-series/{id}/labels.pdf",
    tag = "stamps",
    params(("id" = Uuid, Path, description = "Mã đợt phát hành"), PdfParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Tờ nhãn in (PDF)", content_type = "application/pdf"),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được xem tem của lô này", body = ErrorBody),
        (status = 404, description = "Không có đợt (hoặc phần) này, hoặc không được xem", body = ErrorBody),
        (status = 422, description = "Tham số truy vấn không hợp lệ", body = ErrorBody),
    )
)]
pub async fn labels_pdf(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<PdfParams>,
) -> Result<Response, ApiError> {
    let part = match params.part.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(raw) if raw.len() <= 4 => raw
            .parse()
            .map_err(|_| ApiError(AppError::not_found("phần tờ nhãn")))?,
        Some(_) => return Err(ApiError(AppError::not_found("phần tờ nhãn"))),
    };
    let print = series_for_print(&state, &user, &id).await?;
    if part == 0 || part > print::pdf_parts(print.series.count) {
        return Err(ApiError(AppError::not_found("phần tờ nhãn")));
    }
    let name = format!("nhan-tem-dot-{}-phan-{part}.pdf", print.series.series_no);
    let host = state.config.stamp_host.clone();
    let pdf = crate::heavy::run(move || {
        let mut out = Vec::new();
        print::write_pdf(&print, &host, part, &mut out).map(|r| r.map(|_| out))
    })
    .await?;
    match pdf {
        Some(Ok(bytes)) => Ok((download("application/pdf", &name), bytes).into_response()),
        Some(Err(e)) => Err(ApiError(AppError::internal(e))),
        None => Err(ApiError(AppError::not_found("phần tờ nhãn"))),
    }
}

/// One stamp's QR code: `{number}.svg` or `{number}.png`, numbered 1…count.
#[utoipa::path(
    get,
    operation_id = "stamp_qr",
    path = "/api/v1/stamp-series/{id}/stamps/{file}",
    tag = "stamps",
    params(
        ("id" = Uuid, Path, description = "Mã đợt phát hành"),
        ("file" = String, Path, description = "Số thứ tự tem và định dạng, e.g. `1.svg`, `25.png`"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Mã QR của tem (SVG hoặc PNG)", content_type = "image/svg+xml"),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được xem tem của lô này", body = ErrorBody),
        (status = 404, description = "Không có tem này hoặc không được xem", body = ErrorBody),
    )
)]
pub async fn stamp_qr(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let unknown = || ApiError(AppError::not_found("tem"));
    let (number, format) = file.rsplit_once('.').ok_or_else(unknown)?;
    if number.len() > 7 || !matches!(format, "svg" | "png") {
        return Err(unknown());
    }
    let number: u32 = number.parse().map_err(|_| unknown())?;
    let print = series_for_print(&state, &user, &id).await?;
    if number == 0 || number > print.series.count {
        return Err(unknown());
    }
    let code = print::stamp_code(&print, number - 1);
    let url = print::stamp_url(&print, &code, &state.config.stamp_host);
    let name = format!("tem-{code}.{format}");
    let answer = if format == "svg" {
        let svg = ocop_render::labels::qr_svg(&url, 240).map_err(AppError::internal)?;
        (download("image/svg+xml", &name), svg).into_response()
    } else {
        let png = ocop_render::labels::qr_png(&url, 8).map_err(AppError::internal)?;
        (download("image/png", &name), png).into_response()
    };
    Ok(answer)
}

/// One public key, as a JSON Web Key (RFC 8037).
#[derive(Debug, Serialize)]
pub struct PublicKeyView {
    /// `OKP`.
    pub kty: &'static str,
    /// `Ed25519`.
    pub crv: &'static str,
    /// `EdDSA`.
    pub alg: &'static str,
    /// `sig`.
    #[serde(rename = "use")]
    pub use_: &'static str,
    /// The stamp key id (0–31): the first character of a code's tag.
    pub kid: String,
    /// The public key, base64url without padding.
    pub x: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub retired_at: Option<OffsetDateTime>,
}

/// The keys that check stamp signatures, and how.
#[derive(Debug, Serialize)]
pub struct StampKeySet {
    pub keys: Vec<PublicKeyView>,
    /// What is signed: `ocop-stamp-v1:` followed by the code `SERIAL.TAG` in upper case.
    pub signed_message: &'static str,
    /// The query parameter of a stamp URL that carries the signature (base64url, 64 bytes).
    pub signature_parameter: &'static str,
}

/// `GET /.well-known/ocop-stamp-keys.json`: the public keys of signed stamps, for checking a
/// stamp offline — verify the Ed25519 signature in the URL's `s` parameter over
/// `ocop-stamp-v1:<SERIAL>.<TAG>` with the key whose `kid` is the tag's first character. A
/// well-known document beside the API, like the resolver's, not an operation of it.
pub async fn public_keys(State(state): State<AppState>) -> Result<Response, ApiError> {
    let ring = state.store.stamp_keys().await?;
    let infos = state.store.stamp_key_infos().await?;
    let keys = ring
        .keys()
        .iter()
        .filter_map(|key| {
            let info = infos.iter().find(|i| i.id == key.id.get())?;
            Some(PublicKeyView {
                kty: "OKP",
                crv: "Ed25519",
                alg: "EdDSA",
                use_: "sig",
                kid: key.id.digit().to_string(),
                x: signing::encode_key(&signing::public_key(key)),
                created_at: info.created_at,
                retired_at: info.retired_at,
            })
        })
        .collect();
    let set = StampKeySet {
        keys,
        signed_message: "ocop-stamp-v1:<SERIAL>.<TAG>",
        signature_parameter: "s",
    };
    Ok((
        [(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        )],
        Json(set),
    )
        .into_response())
}
