//! Lượt quét tem: the scan dashboard of a producer and its officials — scans per product,
//! province and day over the last 30 days, the alerts and the consumers' reports — as a
//! back-office page (`/admin/scans`) and as JSON (`GET /api/v1/scans`). Both ask the one use
//! case, [`ocop_store::Store::scan_dashboard`], which limits every list to the caller's scope.
//!
//! An open alert is marked handled (đã xử lý) with what was done, from the page
//! (`POST /admin/scans/alerts/{id}/handle`) or the API (`POST /api/v1/scans/alerts/{id}/handle`),
//! both through [`ocop_store::Store::handle_scan_alert`].

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json};
use ocop_domain::scan::{AlertKind, HandlingInput, ReportKind};
use ocop_store::use_cases::{DASHBOARD_DAYS, ScanAlert, ScanDashboard};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::extract::ApiInput;
use crate::auth::ApiUser;
use crate::backoffice::{Admin, Nav, local_time, parse_id};
use crate::error::ErrorBody;
use crate::i18n::Tr;
use crate::routes::producers::api::path_id;
use crate::view::{PageCtx, province_name};
use crate::{ApiError, AppError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/admin/scans", get(page))
        .route("/admin/scans/alerts/{id}/handle", post(handle_page))
        .routes(routes!(api))
        .routes(routes!(handle_api))
}

/// One row of a count table.
pub struct CountRow {
    pub label: String,
    pub href: Option<String>,
    pub count: i64,
}

pub struct AlertRow {
    pub id: Uuid,
    pub kind: &'static str,
    pub serial: String,
    pub product: String,
    pub detail: String,
    pub at: String,
    pub demo: bool,
    /// "Handled by …, at …: what was done"; None while open.
    pub handled: Option<String>,
    /// The note sent back with why it was refused.
    pub refused: Option<(String, Vec<String>)>,
}

pub struct ReportRow {
    pub kind: &'static str,
    pub product: String,
    pub serial: String,
    pub message: String,
    pub phone: String,
    pub at: String,
    pub demo: bool,
}

#[derive(Template)]
#[template(path = "scans/scans.html")]
struct ScansPage {
    ctx: PageCtx,
    nav: Nav,
    total: i64,
    products: Vec<CountRow>,
    provinces: Vec<CountRow>,
    days: Vec<CountRow>,
    alerts: Vec<AlertRow>,
    reports: Vec<ReportRow>,
    dropped: u64,
}

fn rows(items: impl Iterator<Item = (String, Option<String>, i64)>) -> Vec<CountRow> {
    items
        .map(|(label, href, count)| CountRow { label, href, count })
        .collect()
}

fn alert_label(tr: Tr, kind: AlertKind) -> &'static str {
    match kind {
        AlertKind::ManyScans => tr.scans_alert_many(),
        AlertKind::FarApart => tr.scans_alert_far(),
        AlertKind::NeverIssued => tr.scans_alert_never(),
        AlertKind::AfterExpiry => tr.scans_alert_expiry(),
    }
}

fn report_label(tr: Tr, kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Counterfeit => tr.scan_kind_counterfeit(),
        ReportKind::Quality => tr.scan_kind_quality(),
        ReportKind::Other => tr.help_other(),
    }
}

/// `GET /admin/scans`.
async fn page(State(state): State<AppState>, admin: Admin) -> Result<Html<String>, AppError> {
    render(&state, &admin, None).await
}

/// `POST /admin/scans/alerts/{id}/handle`: back to the dashboard, or the dashboard again with
/// why not beside the alert.
async fn handle_page(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(input): Form<HandlingInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "cảnh báo")?;
    let (status, why) = match state
        .store
        .handle_scan_alert(&admin.caller(), id, &input)
        .await
        .map_err(AppError::from)
    {
        Ok(_) => return Ok(Redirect::to("/admin/scans#alerts").into_response()),
        Err(AppError::StateConflict { message, .. }) => (StatusCode::CONFLICT, vec![message]),
        Err(AppError::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors.0.into_iter().map(|e| e.message).collect(),
        ),
        Err(other) => return Err(other),
    };
    let page = render(&state, &admin, Some((id, input.note, why))).await?;
    Ok((status, page).into_response())
}

async fn render(
    state: &AppState,
    admin: &Admin,
    refused: Option<(Uuid, String, Vec<String>)>,
) -> Result<Html<String>, AppError> {
    let d = state.store.scan_dashboard(&admin.caller()).await?;
    let tr = admin.tr();
    let page = ScansPage {
        total: d.total,
        products: rows(d.per_product.iter().map(|p| {
            (
                p.product_name.clone(),
                Some(format!("/products/{}", p.product_id)),
                p.scans,
            )
        })),
        provinces: rows(d.per_province.iter().map(|p| {
            (
                p.province_code
                    .map_or_else(|| tr.scans_place_unknown().to_owned(), province_name),
                None,
                p.scans,
            )
        })),
        days: rows(d.per_day.iter().map(|p| (p.day.clone(), None, p.scans))),
        alerts: d
            .alerts
            .iter()
            .map(|a| AlertRow {
                id: a.id,
                handled: a.handled.as_ref().map(|h| {
                    let when = local_time(h.at);
                    format!("{}: {}", tr.scans_alert_handled(&h.by, &when), h.note)
                }),
                refused: refused
                    .as_ref()
                    .filter(|(id, ..)| *id == a.id)
                    .map(|(_, note, why)| (note.clone(), why.clone())),
                kind: alert_label(tr, a.kind),
                serial: a.serial.clone(),
                product: match (&a.product_name, &a.lot_number) {
                    (Some(p), Some(l)) => format!("{p} · {l}"),
                    _ => "—".to_owned(),
                },
                detail: a.detail.clone(),
                at: local_time(a.raised_at),
                demo: a.demo,
            })
            .collect(),
        reports: d
            .reports
            .iter()
            .map(|r| ReportRow {
                kind: report_label(tr, r.kind),
                product: format!("{} · {}", r.product_name, r.lot_number),
                serial: r.serial.clone(),
                message: r.message.clone(),
                phone: r.phone.clone().unwrap_or_default(),
                at: local_time(r.reported_at),
                demo: r.demo,
            })
            .collect(),
        dropped: state.resolver.scan_log().figures().dropped,
        nav: admin.nav("scans"),
        ctx: admin.ctx(),
    };
    Ok(Html(page.render()?))
}

/// The scan dashboard (lượt quét tem) of the caller's products: scans per product, province
/// (nearest the place consumers chose to share) and day over the last 30 days, the alerts
/// and the consumers' reports. For producers and officials; not council members.
#[utoipa::path(
    get,
    operation_id = "scan_dashboard",
    path = "/api/v1/scans",
    tag = "stamps",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Lượt quét, cảnh báo và báo cáo", body = inline(Object)),
        (status = 401, description = "Cần đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không được xem", body = ErrorBody),
    )
)]
async fn api(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
) -> Result<Json<ScanDashboard>, ApiError> {
    let caller = ocop_store::Caller::User(session.user);
    Ok(Json(state.store.scan_dashboard(&caller).await?))
}

/// Mark an open scan alert handled (đã xử lý), with what was done. Whoever sees the alert
/// may: the product's producer, the officials of its unit, central officials; an alert of a
/// series never issued, central officials only.
#[utoipa::path(
    post,
    operation_id = "handle_scan_alert",
    path = "/api/v1/scans/alerts/{id}/handle",
    tag = "stamps",
    params(("id" = Uuid, Path, description = "Mã cảnh báo")),
    request_body(content = HandlingInput, description = "Cách xử lý"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Đã xử lý", body = inline(Object)),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Cần đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không được xem cảnh báo", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Cảnh báo đã được xử lý", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Thiếu cách xử lý hoặc quá dài", body = ErrorBody),
    )
)]
async fn handle_api(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<HandlingInput>,
) -> Result<Json<ScanAlert>, ApiError> {
    let id = path_id(&id, "cảnh báo")?;
    Ok(Json(
        state
            .store
            .handle_scan_alert(&user.caller(), id, &input)
            .await?,
    ))
}

/// Days the dashboard covers, for the page's heading.
pub fn days() -> u32 {
    DASHBOARD_DAYS
}
