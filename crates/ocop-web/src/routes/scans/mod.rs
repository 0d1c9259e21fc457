//! Lượt quét tem: the scan dashboard of a producer and its officials — scans per product,
//! province and day over the last 30 days, the alerts and the consumers' reports — as a
//! back-office page (`/admin/scans`) and as JSON (`GET /api/v1/scans`). Both ask the one use
//! case, [`ocop_store::Store::scan_dashboard`], which limits every list to the caller's scope.
//!
//! An open alert is marked handled (đã xử lý) with what was done, from the page
//! (`POST /admin/scans/alerts/{id}/handle`) or the API (`POST /api/v1/scans/alerts/{id}/handle`),
//! both through [`ocop_store::Store::handle_scan_alert`]; a consumer's report likewise
//! (`…/reports/{id}/handle`, [`ocop_store::Store::handle_consumer_report`]).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json};
use ocop_domain::scan::{AlertKind, HandlingInput, ReportKind};
use ocop_store::use_cases::{ConsumerReport, DASHBOARD_DAYS, Handling, ScanAlert, ScanDashboard};
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
        .route("/admin/scans/alerts/{id}/handle", post(handle_alert_page))
        .route("/admin/scans/reports/{id}/handle", post(handle_report_page))
        .routes(routes!(api))
        .routes(routes!(handle_alert_api))
        .routes(routes!(handle_report_api))
}

/// One row of a count table.
pub struct CountRow {
    pub label: String,
    pub href: Option<String>,
    pub count: i64,
}

/// How an open alert or report is marked handled, or how it was.
pub struct FollowUpRow {
    /// Where the form posts.
    pub action: String,
    pub id: Uuid,
    /// "Handled by …, at …: what was done"; None while open.
    pub handled: Option<String>,
    /// The note sent back with why it was refused.
    pub refused: Option<(String, Vec<String>)>,
}

pub struct AlertRow {
    pub kind: &'static str,
    pub serial: String,
    pub product: String,
    pub detail: String,
    pub at: String,
    pub demo: bool,
    pub follow_up: FollowUpRow,
}

pub struct ReportRow {
    pub kind: &'static str,
    pub product: String,
    pub serial: String,
    pub message: String,
    pub phone: String,
    pub at: String,
    pub demo: bool,
    pub follow_up: FollowUpRow,
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
async fn handle_alert_page(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(input): Form<HandlingInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "cảnh báo")?;
    let handled = state
        .store
        .handle_scan_alert(&admin.caller(), id, &input)
        .await
        .map(|_| "/admin/scans#alerts");
    handled_or_again(&state, &admin, id, input, handled).await
}

/// `POST /admin/scans/reports/{id}/handle`: as for an alert.
async fn handle_report_page(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(input): Form<HandlingInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "báo cáo")?;
    let handled = state
        .store
        .handle_consumer_report(&admin.caller(), id, &input)
        .await
        .map(|_| "/admin/scans#reports");
    handled_or_again(&state, &admin, id, input, handled).await
}

/// Back to the dashboard when handled; when refused for the note (422) or because it was
/// handled meanwhile (409), the dashboard again with why beside it and the note kept.
async fn handled_or_again(
    state: &AppState,
    admin: &Admin,
    id: Uuid,
    input: HandlingInput,
    handled: ocop_store::Result<&'static str>,
) -> Result<Response, AppError> {
    let (status, why) = match handled.map_err(AppError::from) {
        Ok(back) => return Ok(Redirect::to(back).into_response()),
        Err(AppError::StateConflict { message, .. }) => (StatusCode::CONFLICT, vec![message]),
        Err(AppError::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors.0.into_iter().map(|e| e.message).collect(),
        ),
        Err(other) => return Err(other),
    };
    let page = render(state, admin, Some((id, input.note, why))).await?;
    Ok((status, page).into_response())
}

/// The handling form's row of an alert or report.
fn follow_up(
    tr: Tr,
    kind: &str,
    id: Uuid,
    handled: Option<&Handling>,
    refused: Option<&(Uuid, String, Vec<String>)>,
) -> FollowUpRow {
    FollowUpRow {
        action: format!("/admin/scans/{kind}/{id}/handle"),
        id,
        handled: handled.map(|h| {
            let when = local_time(h.at);
            format!("{}: {}", tr.scans_alert_handled(&h.by, &when), h.note)
        }),
        refused: refused
            .filter(|(refused_id, ..)| *refused_id == id)
            .map(|(_, note, why)| (note.clone(), why.clone())),
    }
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
                follow_up: follow_up(tr, "alerts", a.id, a.handled.as_ref(), refused.as_ref()),
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
                follow_up: follow_up(tr, "reports", r.id, r.handled.as_ref(), refused.as_ref()),
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
async fn handle_alert_api(
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

/// Mark an open consumer's report (báo cáo của người tiêu dùng) handled, with what was done.
/// Whoever sees the report may: the product's producer, the officials of its unit, central
/// officials.
#[utoipa::path(
    post,
    operation_id = "handle_consumer_report",
    path = "/api/v1/scans/reports/{id}/handle",
    tag = "stamps",
    params(("id" = Uuid, Path, description = "Mã báo cáo")),
    request_body(content = HandlingInput, description = "Cách xử lý"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Đã xử lý", body = inline(Object)),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Cần đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không được xem báo cáo", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Báo cáo đã được xử lý", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Thiếu cách xử lý hoặc quá dài", body = ErrorBody),
    )
)]
async fn handle_report_api(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<HandlingInput>,
) -> Result<Json<ConsumerReport>, ApiError> {
    let id = path_id(&id, "báo cáo")?;
    Ok(Json(
        state
            .store
            .handle_consumer_report(&user.caller(), id, &input)
            .await?,
    ))
}

/// Days the dashboard covers, for the page's heading.
pub fn days() -> u32 {
    DASHBOARD_DAYS
}
