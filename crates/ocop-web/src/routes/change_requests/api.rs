//! `/api/v1/change-requests`: yêu cầu thay đổi thông tin sản phẩm — the list of the caller's
//! scope, one request with its diff, and the actions. A producer files a request of its active
//! product with `POST /api/v1/products/{id}/change-requests` (its `PUT` of the product stays
//! refused: an active product is changed through a request); the actions carry the request's
//! `revision` the caller saw, and a request revised or decided since is a 409.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use ocop_domain::change_request::{
    ChangeRequestState, DecisionInput, FieldChange, ProposalInput, RejectionInput, RevisionInput,
    same_version,
};
use ocop_domain::product::ProductData;
use ocop_domain::validation::FieldErrors;
use ocop_store::Product;
use ocop_store::change_requests::{ChangeRequest, ChangeRequestItem, ChangeRequestQuery};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::common::{
    CommuneView, PageNumber, PerPage, ProvinceCode, ProvinceView, commune_param, paging,
    param_schema, province_param, schema, state_param,
};
use crate::api::extract::{ApiInput, ApiQuery};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::routes::producers::api::path_id;
use crate::routes::units::api::UnitCode;
use crate::{ApiError, AppState};

/// A change request with what it changes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeRequestView {
    pub id: Uuid,
    pub product_id: Uuid,
    /// The product's name as public now (the approved version).
    pub product_name: String,
    pub state: ChangeRequestState,
    /// "Chờ duyệt", "Đã duyệt", "Bị từ chối", "Đã rút".
    pub state_label: &'static str,
    /// Send it back with an action: a request revised or decided since is a 409.
    pub revision: u32,
    /// The fields it changes, old (the version it was based on) → new; only changed fields.
    pub changes: Vec<FieldChange>,
    /// The product's data as proposed (its status is the product's).
    pub proposed: ProductData,
    /// The product's last change the request was based on.
    #[serde(with = "time::serde::rfc3339")]
    pub base_updated_at: OffsetDateTime,
    /// The product changed since the request was based on it: approving is a 409 until its
    /// producer revises the request.
    pub stale: bool,
    /// The producer's note: why the change.
    pub note: Option<String>,
    /// Why it was rejected.
    pub reason: Option<String>,
    pub proposed_by: String,
    /// Who approved, rejected or withdrew it.
    pub decided_by: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
}

impl ChangeRequestView {
    pub fn of(request: ChangeRequest, product: &Product) -> ChangeRequestView {
        let stale = request.state == ChangeRequestState::Open
            && (product.updated_at != request.base_updated_at
                || !same_version(&request.base, &product.data));
        ChangeRequestView {
            changes: request.changes(),
            id: request.id,
            product_id: request.product_id,
            product_name: product.data.name.clone(),
            state: request.state,
            state_label: request.state.label(),
            revision: request.revision,
            proposed: request.proposed,
            base_updated_at: request.base_updated_at,
            stale,
            note: request.note,
            reason: request.reason,
            proposed_by: request.proposed_by_label,
            decided_by: request.decided_by_label,
            created_at: request.created_at,
            updated_at: request.updated_at,
            decided_at: request.decided_at,
        }
    }
}

/// One row of the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeRequestItemView {
    pub id: Uuid,
    pub product_id: Uuid,
    pub product_name: String,
    pub producer_id: Uuid,
    pub producer_name: String,
    pub state: ChangeRequestState,
    pub state_label: &'static str,
    pub revision: u32,
    /// The names of the fields it changes (`name`, `story`, …).
    pub changed_fields: Vec<&'static str>,
    pub province: ProvinceView,
    pub commune: Option<CommuneView>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl ChangeRequestItemView {
    pub fn of(item: ChangeRequestItem) -> ChangeRequestItemView {
        let r = item.request;
        ChangeRequestItemView {
            id: r.id,
            product_id: r.product_id,
            product_name: item.product_name,
            producer_id: item.producer_id,
            producer_name: item.producer_name,
            state: r.state,
            state_label: r.state.label(),
            revision: r.revision,
            changed_fields: r.changes().iter().map(|c| c.field).collect(),
            province: ProvinceView::of(item.placement.province_code),
            commune: CommuneView::of(item.placement.commune_code),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// One page of change requests.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeRequestPage {
    pub items: Vec<ChangeRequestItemView>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

param_schema!(
    /// A change request's state.
    ChangeRequestStateKey = schema::choice(ChangeRequestState::ALL.iter().map(|s| s.key()))
);

/// Filters of the list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangeRequestListParams {
    /// `open`, `approved`, `rejected` or `withdrawn`; all by default.
    #[param(value_type = Option<ChangeRequestStateKey>, example = "open")]
    pub state: Option<String>,
    /// Province code (today's structure) of the product.
    #[param(value_type = Option<ProvinceCode>, example = 22)]
    pub province: Option<String>,
    /// Commune code (today's structure) of the product.
    #[param(value_type = Option<UnitCode>, example = 6838)]
    pub commune: Option<String>,
    /// Page number from 1 to 100000 (default 1).
    #[param(value_type = Option<PageNumber>)]
    pub page: Option<String>,
    /// Rows per page, 1–100 (default 20).
    #[param(value_type = Option<PerPage>)]
    pub per_page: Option<String>,
}

/// The change requests of the products in the caller's scope (its producer's own; the
/// officials' unit), newest first. Council members read none (403).
#[utoipa::path(
    get,
    operation_id = "list_change_requests",
    path = "/api/v1/change-requests",
    tag = "change_requests",
    params(ChangeRequestListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Một trang yêu cầu thay đổi", body = ChangeRequestPage, links(
            ("GetFirstChangeRequest" = (operation_id = "get_change_request", parameters(("id" = "$response.body#/items/0/id")), description = "Đọc yêu cầu đầu tiên của trang")),
        )),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không xem yêu cầu thay đổi", body = ErrorBody),
        (status = 422, description = "Tham số không hợp lệ", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(params): ApiQuery<ChangeRequestListParams>,
) -> Result<Json<ChangeRequestPage>, ApiError> {
    let mut errors = FieldErrors::default();
    let request_state = state_param(
        &params.state,
        &ChangeRequestState::ALL,
        ChangeRequestState::key,
        &mut errors,
    );
    let province = province_param(&params.province, &mut errors);
    let commune = commune_param(&params.commune, &mut errors);
    let paging = paging(&params.page, &params.per_page, &mut errors);
    errors.into_result(())?;
    let query = ChangeRequestQuery {
        state: request_state,
        province,
        commune,
        product: None,
        page: paging.page,
        per_page: paging.per_page,
    };
    let (items, total) = state.store.change_requests(&user.caller(), &query).await?;
    Ok(Json(ChangeRequestPage {
        items: items.into_iter().map(ChangeRequestItemView::of).collect(),
        total,
        page: paging.page,
        per_page: paging.per_page,
    }))
}

/// One change request with its diff. Unknown to anyone but its producer and the officials of
/// its product's unit.
#[utoipa::path(
    get,
    operation_id = "get_change_request",
    path = "/api/v1/change-requests/{id}",
    tag = "change_requests",
    params(("id" = Uuid, Path, description = "Mã yêu cầu thay đổi")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Yêu cầu thay đổi", body = ChangeRequestView, links(
            ("ApproveChangeRequest" = (operation_id = "approve_change_request", parameters(("id" = "$response.body#/id")), description = "Duyệt yêu cầu này")),
            ("GetProduct" = (operation_id = "get_product", parameters(("id" = "$response.body#/product_id")), description = "Đọc sản phẩm (phiên bản đang công khai)")),
        )),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ChangeRequestView>, ApiError> {
    let id = path_id(&id, "yêu cầu thay đổi")?;
    let (request, product) = state
        .store
        .visible_change_request(&user.caller(), id)
        .await?;
    Ok(Json(ChangeRequestView::of(request, &product)))
}

fn created(request: ChangeRequest, product: &Product) -> Response {
    let location = format!("/api/v1/change-requests/{}", request.id);
    (
        StatusCode::CREATED,
        [(LOCATION, location)],
        Json(ChangeRequestView::of(request, product)),
    )
        .into_response()
}

/// The producer proposes a change of its active product: every field of the product except
/// its status, with the proposed values. The product stays as it is, and public, until an
/// official of its unit approves. One open request per product: a second is a 409 whose
/// `Location` names the open one (revise it with `PUT`).
#[utoipa::path(
    post,
    operation_id = "propose_product_change",
    path = "/api/v1/products/{id}/change-requests",
    tag = "change_requests",
    params(("id" = Uuid, Path, description = "Mã sản phẩm")),
    request_body(content = ProposalInput, description = "Các trường của sản phẩm với giá trị đề nghị, và lý do"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã gửi yêu cầu", body = ChangeRequestView,
            headers(("Location" = String, description = "Đường dẫn của yêu cầu mới")),
            links(("GetChangeRequest" = (operation_id = "get_change_request", parameters(("id" = "$response.body#/id")), description = "Đọc yêu cầu này")))),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không phải chủ thể của sản phẩm", body = ErrorBody),
        (status = 404, description = "Không có sản phẩm này hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Sản phẩm không ở trạng thái hoạt động, hoặc đã có yêu cầu đang chờ duyệt (`Location`)", body = ErrorBody,
            headers(("Location" = String, description = "Yêu cầu đang chờ duyệt của sản phẩm"))),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường), hoặc không thay đổi gì", body = ErrorBody),
    )
)]
pub async fn propose(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<ProposalInput>,
) -> Result<Response, ApiError> {
    let id = path_id(&id, "sản phẩm")?;
    let request = state
        .store
        .propose_product_change(&user.caller(), id, &input)
        .await?;
    let product = state.store.product(request.product_id).await?;
    Ok(created(request, &product))
}

/// The producer replaces the proposed values of its open request, from the revision it saw.
/// The request is based anew on the product as it is now.
#[utoipa::path(
    put,
    operation_id = "revise_change_request",
    path = "/api/v1/change-requests/{id}",
    tag = "change_requests",
    params(("id" = Uuid, Path, description = "Mã yêu cầu thay đổi")),
    request_body(content = RevisionInput, description = "Phiên bản đã xem và toàn bộ các trường đề nghị"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Đã cập nhật yêu cầu", body = ChangeRequestView),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không phải chủ thể của sản phẩm", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Yêu cầu đã đóng, hoặc đã đổi sau phiên bản đã xem", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường)", body = ErrorBody),
    )
)]
pub async fn revise(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<RevisionInput>,
) -> Result<Json<ChangeRequestView>, ApiError> {
    let id = path_id(&id, "yêu cầu thay đổi")?;
    let request = state
        .store
        .revise_change_request(&user.caller(), id, &input)
        .await?;
    let product = state.store.product(request.product_id).await?;
    Ok(Json(ChangeRequestView::of(request, &product)))
}

/// An official of the product's unit approves the request at the revision it saw: the
/// proposed values become the product's public version, in one step with its audit. A 409,
/// nothing changed, when the request was revised or decided since, or the product changed
/// since the request was based on it.
#[utoipa::path(
    post,
    operation_id = "approve_change_request",
    path = "/api/v1/change-requests/{id}/approve",
    tag = "change_requests",
    params(("id" = Uuid, Path, description = "Mã yêu cầu thay đổi")),
    request_body(content = DecisionInput, description = "Phiên bản yêu cầu đã xem"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Đã duyệt; sản phẩm đã được cập nhật", body = ChangeRequestView, links(("GetProduct" = (operation_id = "get_product", parameters(("id" = "$response.body#/product_id")), description = "Đọc sản phẩm đã cập nhật")))),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không phải cán bộ của địa bàn sản phẩm", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Yêu cầu đã đóng hoặc đã đổi sau phiên bản đã xem, hoặc sản phẩm đã thay đổi", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Phiên bản không hợp lệ", body = ErrorBody),
    )
)]
pub async fn approve(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<DecisionInput>,
) -> Result<Json<ChangeRequestView>, ApiError> {
    let id = path_id(&id, "yêu cầu thay đổi")?;
    let (request, product) = state
        .store
        .approve_change_request(&user.caller(), id, &input)
        .await?;
    Ok(Json(ChangeRequestView::of(request, &product)))
}

/// An official of the product's unit rejects the request, with the reason the producer reads.
#[utoipa::path(
    post,
    operation_id = "reject_change_request",
    path = "/api/v1/change-requests/{id}/reject",
    tag = "change_requests",
    params(("id" = Uuid, Path, description = "Mã yêu cầu thay đổi")),
    request_body(content = RejectionInput, description = "Phiên bản đã xem và lý do từ chối"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Đã từ chối", body = ChangeRequestView),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không phải cán bộ của địa bàn sản phẩm", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Yêu cầu đã đóng hoặc đã đổi sau phiên bản đã xem", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Thiếu lý do, hoặc phiên bản không hợp lệ", body = ErrorBody),
    )
)]
pub async fn reject(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<RejectionInput>,
) -> Result<Json<ChangeRequestView>, ApiError> {
    let id = path_id(&id, "yêu cầu thay đổi")?;
    let request = state
        .store
        .reject_change_request(&user.caller(), id, &input)
        .await?;
    let product = state.store.product(request.product_id).await?;
    Ok(Json(ChangeRequestView::of(request, &product)))
}

/// The producer withdraws its open request.
#[utoipa::path(
    post,
    operation_id = "withdraw_change_request",
    path = "/api/v1/change-requests/{id}/withdraw",
    tag = "change_requests",
    params(("id" = Uuid, Path, description = "Mã yêu cầu thay đổi")),
    request_body(content = DecisionInput, description = "Phiên bản yêu cầu đã xem"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Đã rút", body = ChangeRequestView),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không phải chủ thể của sản phẩm", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Yêu cầu đã đóng hoặc đã đổi sau phiên bản đã xem", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Phiên bản không hợp lệ", body = ErrorBody),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<DecisionInput>,
) -> Result<Json<ChangeRequestView>, ApiError> {
    let id = path_id(&id, "yêu cầu thay đổi")?;
    let request = state
        .store
        .withdraw_change_request(&user.caller(), id, &input)
        .await?;
    let product = state.store.product(request.product_id).await?;
    Ok(Json(ChangeRequestView::of(request, &product)))
}
