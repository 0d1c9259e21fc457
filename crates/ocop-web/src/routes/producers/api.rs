//! `/api/v1/producers`: chủ thể OCOP — list, get, create, update.
//!
//! Everyone sees active producers; signed-in users also see the records of their scope.
//! The representative's personal details (gender, ethnic minority, disability) are shown
//! only to users whose scope holds the producer.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use ocop_domain::access::{Actor, may_see_personal_data, view_scope};
use ocop_domain::producer::{LegalRepresentative, ProducerInput, ProducerKind, ProducerStatus};
use ocop_domain::validation::FieldErrors;
use ocop_store::Producer;
use ocop_store::producers::ProducerQuery;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::common::{
    CommuneView, PageNumber, PerPage, ProvinceCode, ProvinceView, SearchText, UnitView, paging,
    province_param, search_param,
};
use crate::api::extract::{ApiInput, ApiQuery};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppError, AppState};

/// A producer as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProducerView {
    pub id: Uuid,
    pub kind: ProducerKind,
    /// Vietnamese label of the kind, e.g. "Hợp tác xã".
    pub kind_label: &'static str,
    pub name: String,
    /// Mã số thuế (or registration number of households, groups and farms).
    pub tax_code: String,
    /// Người đại diện theo pháp luật; only for users whose scope holds the producer.
    pub representative: Option<LegalRepresentative>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The unit the producer was registered under.
    pub unit: UnitView,
    /// Today's province.
    /// The commune of today it sits in; for a record of an old commune (2025-01), the
    /// successor (none for a record of an old district).
    pub commune: Option<CommuneView>,
    /// False while the commune of today of a record of a divided old commune is the default
    /// successor, not yet confirmed by an official of the province.
    pub successor_confirmed: bool,
    pub province: ProvinceView,
    pub street: Option<String>,
    /// Tỷ lệ vốn góp của cộng đồng (%), joint-stock companies only.
    pub community_capital_percent: Option<u8>,
    pub status: ProducerStatus,
    pub status_label: &'static str,
    /// Demo data, not a real record.
    pub demo: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl ProducerView {
    pub fn of(p: Producer, actor: Option<&Actor>) -> ProducerView {
        let in_scope = may_see_personal_data(actor, &p.resource());
        let d = p.data;
        ProducerView {
            id: p.id,
            kind: d.kind,
            kind_label: d.kind.label(),
            name: d.name,
            tax_code: d.tax_code.as_str().to_owned(),
            representative: in_scope.then_some(d.representative),
            phone: d.phone,
            email: d.email,
            unit: UnitView::of(d.unit),
            province: ProvinceView::of(p.province_code),
            commune: CommuneView::of(p.commune_code),
            successor_confirmed: p.successor_confirmed,
            street: d.street,
            community_capital_percent: d.community_capital_percent,
            status: d.status,
            status_label: d.status.label(),
            demo: p.demo,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// One page of producers.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProducerPage {
    pub items: Vec<ProducerView>,
    /// All matches, over every page.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// Producer list filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProducerListParams {
    /// Words of the name, with or without Vietnamese marks.
    #[param(value_type = Option<SearchText>, example = "dinh trung")]
    pub q: Option<String>,
    /// Province code (today's structure).
    #[param(value_type = Option<ProvinceCode>, example = 22)]
    pub province: Option<String>,
    /// Page number from 1 to 100000 (default 1); a page past the end is empty.
    #[param(value_type = Option<PageNumber>)]
    pub page: Option<String>,
    /// Rows per page, 1–100 (default 20).
    #[param(value_type = Option<PerPage>)]
    pub per_page: Option<String>,
}

/// An id from the path; one that is not a UUID names no record.
pub fn path_id(raw: &str, what: &str) -> Result<Uuid, ApiError> {
    raw.parse()
        .map_err(|_| ApiError(AppError::NotFound(what.to_owned())))
}

/// Producers the caller may see (anonymous: active ones), by name.
#[utoipa::path(
    get,
    operation_id = "list_producers",
    path = "/api/v1/producers",
    tag = "producers",
    params(ProducerListParams),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Một trang chủ thể", body = ProducerPage, links(
            ("GetFirstProducer" = (operation_id = "get_producer", parameters(("id" = "$response.body#/items/0/id")), description = "Đọc chủ thể đầu tiên của trang")),
            ("UpdateFirstProducer" = (operation_id = "update_producer", parameters(("id" = "$response.body#/items/0/id")), description = "Cập nhật chủ thể đầu tiên của trang")),
        )),
        (status = 422, description = "Tham số không hợp lệ", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: Option<ApiUser>,
    ApiQuery(params): ApiQuery<ProducerListParams>,
) -> Result<Json<ProducerPage>, ApiError> {
    let mut errors = FieldErrors::default();
    let text = search_param(&params.q, &mut errors);
    let province = province_param(&params.province, &mut errors);
    let paging = paging(&params.page, &params.per_page, &mut errors);
    errors.into_result(())?;
    let actor = user.map(|u| u.actor());
    let query = ProducerQuery {
        text,
        province,
        unconfirmed: false,
        page: paging.page,
        per_page: paging.per_page,
    };
    let (producers, total) = state
        .store
        .list_producers(view_scope(actor.as_ref()), &query)
        .await?;
    Ok(Json(ProducerPage {
        items: producers
            .into_iter()
            .map(|p| ProducerView::of(p, actor.as_ref()))
            .collect(),
        total,
        page: paging.page,
        per_page: paging.per_page,
    }))
}

/// One producer.
#[utoipa::path(
    get,
    operation_id = "get_producer",
    path = "/api/v1/producers/{id}",
    tag = "producers",
    params(("id" = Uuid, Path, description = "Mã chủ thể")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Chủ thể", body = ProducerView, links(("UpdateProducer" = (operation_id = "update_producer", parameters(("id" = "$response.body#/id")), description = "Cập nhật chủ thể này")))),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    user: Option<ApiUser>,
    Path(id): Path<String>,
) -> Result<Json<ProducerView>, ApiError> {
    let id = path_id(&id, "chủ thể")?;
    let caller = ApiUser::caller_of(&user);
    let producer = state.store.visible_producer(&caller, id).await?;
    Ok(Json(ProducerView::of(producer, caller.actor().as_ref())))
}

/// Register a producer in the caller's scope.
#[utoipa::path(
    post,
    operation_id = "create_producer",
    path = "/api/v1/producers",
    tag = "producers",
    request_body(content = ProducerInput, description = "Các trường của chủ thể"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã tạo", body = ProducerView,
            headers(("Location" = String, description = "Đường dẫn của chủ thể mới")),
            links(("GetProducer" = (operation_id = "get_producer", parameters(("id" = "$response.body#/id")), description = "Đọc chủ thể này")), ("UpdateProducer" = (operation_id = "update_producer", parameters(("id" = "$response.body#/id")), description = "Cập nhật chủ thể này")))),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Ngoài phạm vi quản lý", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường), hoặc mã số thuế đã đăng ký", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    ApiInput(input): ApiInput<ProducerInput>,
) -> Result<Response, ApiError> {
    let producer = state
        .store
        .register_producer(&user.caller(), &input)
        .await?;
    let location = format!("/api/v1/producers/{}", producer.id);
    Ok((
        StatusCode::CREATED,
        [(LOCATION, location)],
        Json(ProducerView::of(producer, Some(&user.actor()))),
    )
        .into_response())
}

/// Replace a producer's registry data (every field, as in `POST`).
#[utoipa::path(
    put,
    operation_id = "update_producer",
    path = "/api/v1/producers/{id}",
    tag = "producers",
    params(("id" = Uuid, Path, description = "Mã chủ thể")),
    request_body(content = ProducerInput, description = "Toàn bộ các trường, như khi tạo"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Đã cập nhật", body = ProducerView, links(("GetProducer" = (operation_id = "get_producer", parameters(("id" = "$response.body#/id")), description = "Đọc chủ thể này")))),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Ngoài phạm vi quản lý", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường), hoặc mã số thuế đã đăng ký", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<ProducerInput>,
) -> Result<Json<ProducerView>, ApiError> {
    let id = path_id(&id, "chủ thể")?;
    let updated = state
        .store
        .change_producer(&user.caller(), id, &input)
        .await?;
    Ok(Json(ProducerView::of(updated, Some(&user.actor()))))
}
