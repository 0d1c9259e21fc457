//! `/api/v1/cycles`, `/api/v1/ideas`, `/api/v1/business-plans`: the yearly cycle of a
//! province with its counts per commune, idea registrations and their moves, business plans
//! with comments and support. Every route is for signed-in callers; a record outside the
//! caller's scope is answered as unknown (404), an action the role or unit does not do as 403,
//! one the record's state does not allow as 409 with the reason.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use ocop_domain::business_plan::{
    FundingSource, PlanAction, PlanInput, PlanState, SupportInput, SupportKind, TextInput,
};
use ocop_domain::cycle::{CycleInput, Step, WorkflowVersion, iso_date};
use ocop_domain::idea::{DecisionInput, HelpKind, IdeaAction, IdeaInput, IdeaState, ProductKind};
use ocop_domain::validation::FieldErrors;
use ocop_store::business_plans::{BusinessPlan, PlanComment, PlanQuery, SupportRecord};
use ocop_store::cycles::{CommuneCounts, Cycle};
use ocop_store::ideas::{Idea, IdeaQuery};
use ocop_store::use_cases::{CycleOverview, PlanDetail};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::common::{
    CommuneCode, CommuneView, PageNumber, PerPage, ProvinceCode, ProvinceView, commune_param,
    given, paging, param_schema, province_param, schema, state_param,
};
use crate::api::extract::{ApiInput, ApiQuery};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::routes::producers::api::path_id;
use crate::{ApiError, AppError, AppState};

/// A step's planned dates.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepView {
    pub step: Step,
    pub label: &'static str,
    #[schema(format = Date, example = "2026-03-01")]
    pub starts_on: String,
    #[schema(format = Date, example = "2026-05-31")]
    pub ends_on: String,
}

/// A province's yearly cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct CycleView {
    pub id: Uuid,
    pub province: ProvinceView,
    pub year: i32,
    /// `V2026` (Decision 26/2026), or `V2025` / `V2023` for a historical cycle.
    pub workflow_version: WorkflowVersion,
    pub legal_basis: &'static str,
    /// The six steps, in order.
    pub steps: Vec<StepView>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl CycleView {
    pub fn of(c: Cycle) -> CycleView {
        CycleView {
            id: c.id,
            province: ProvinceView::of(c.province_code),
            year: c.data.year,
            workflow_version: c.data.workflow_version,
            legal_basis: c.data.workflow_version.legal_basis(),
            steps: c
                .data
                .steps
                .iter()
                .map(|s| StepView {
                    step: s.step,
                    label: s.step.label(),
                    starts_on: iso_date(s.starts_on),
                    ends_on: iso_date(s.ends_on),
                })
                .collect(),
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// Counts of each step in one commune (or the province's total).
#[derive(Debug, Serialize, ToSchema)]
pub struct CountsView {
    /// None for the province's total.
    pub commune: Option<CommuneView>,
    /// Ideas filed and not withdrawn.
    pub ideas_filed: i64,
    /// Ideas the commune screened and forwarded.
    pub ideas_screened: i64,
    pub ideas_selected: i64,
    pub ideas_declined: i64,
    /// Plans submitted at least once.
    pub plans_submitted: i64,
    pub plans_approved: i64,
    pub support_records: i64,
    /// Total cost of the support recorded, đồng.
    pub support_cost: i64,
    /// Dossiers filed with the commune (the province's, that year), not withdrawn.
    pub dossiers_filed: i64,
    /// Dossiers the commune accepted.
    pub dossiers_accepted: i64,
    /// Dossiers the commune proposed to the province.
    pub dossiers_proposed: i64,
}

impl CountsView {
    fn of(c: &CommuneCounts, commune: Option<u32>) -> CountsView {
        CountsView {
            commune: CommuneView::of(commune),
            ideas_filed: c.ideas_filed,
            ideas_screened: c.ideas_screened,
            ideas_selected: c.ideas_selected,
            ideas_declined: c.ideas_declined,
            plans_submitted: c.plans_submitted,
            plans_approved: c.plans_approved,
            support_records: c.support_records,
            support_cost: c.support_cost,
            dossiers_filed: c.dossiers_filed,
            dossiers_accepted: c.dossiers_accepted,
            dossiers_proposed: c.dossiers_proposed,
        }
    }
}

/// A cycle with the counts of each step per commune of its province.
#[derive(Debug, Serialize, ToSchema)]
pub struct CycleDetailView {
    #[serde(flatten)]
    pub cycle: CycleView,
    pub communes: Vec<CountsView>,
    pub total: CountsView,
}

impl CycleDetailView {
    fn of(o: CycleOverview) -> CycleDetailView {
        CycleDetailView {
            communes: o
                .communes
                .iter()
                .map(|c| CountsView::of(c, u32::try_from(c.commune_code).ok()))
                .collect(),
            total: CountsView::of(&o.total, None),
            cycle: CycleView::of(o.cycle),
        }
    }
}

/// The cycles the caller may read.
#[derive(Debug, Serialize, ToSchema)]
pub struct CycleList {
    pub items: Vec<CycleView>,
}

/// Filters of the cycle list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CycleListParams {
    /// Province code (today's structure).
    #[param(value_type = Option<ProvinceCode>, example = 22)]
    pub province: Option<String>,
}

/// The cycles the caller may read, newest year first: central officials all, every other
/// account its own province's.
#[utoipa::path(
    get,
    operation_id = "list_cycles",
    path = "/api/v1/cycles",
    tag = "cycle",
    params(CycleListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Các chu trình", body = CycleList, links(
            ("GetFirstCycle" = (operation_id = "get_cycle", parameters(("id" = "$response.body#/items/0/id")), description = "Đọc chu trình đầu tiên")),
        )),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 422, description = "Tham số không hợp lệ", body = ErrorBody),
    )
)]
pub async fn list_cycles(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(params): ApiQuery<CycleListParams>,
) -> Result<Json<CycleList>, ApiError> {
    let mut errors = FieldErrors::default();
    let province = province_param(&params.province, &mut errors);
    errors.into_result(())?;
    let cycles = state.store.cycles(&user.caller(), province).await?;
    Ok(Json(CycleList {
        items: cycles.into_iter().map(CycleView::of).collect(),
    }))
}

/// Open the caller's province's cycle for a year (provincial officers). One cycle per
/// province per year: a second answers 409.
#[utoipa::path(
    post,
    operation_id = "open_cycle",
    path = "/api/v1/cycles",
    tag = "cycle",
    request_body(content = CycleInput, description = "Năm, phiên bản quy trình, ngày của sáu bước"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã mở", body = CycleView,
            headers(("Location" = String, description = "Đường dẫn của chu trình")),
            links(("GetCycle" = (operation_id = "get_cycle", parameters(("id" = "$response.body#/id")), description = "Đọc chu trình này")))),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không phải cán bộ OCOP cấp tỉnh", body = ErrorBody),
        (status = 409, description = "Tỉnh đã mở chu trình năm này", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường)", body = ErrorBody),
    )
)]
pub async fn open_cycle(
    State(state): State<AppState>,
    user: ApiUser,
    ApiInput(input): ApiInput<CycleInput>,
) -> Result<Response, ApiError> {
    let province = user.actor().province_code.ok_or_else(|| {
        ApiError(AppError::Forbidden(
            ocop_domain::access::Denied::Forbidden.to_string(),
        ))
    })?;
    let cycle = state
        .store
        .open_cycle(&user.caller(), province, &input)
        .await?;
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/api/v1/cycles/{}", cycle.id))],
        Json(CycleView::of(cycle)),
    )
        .into_response())
}

/// One cycle with the counts of each step per commune.
#[utoipa::path(
    get,
    operation_id = "get_cycle",
    path = "/api/v1/cycles/{id}",
    tag = "cycle",
    params(("id" = Uuid, Path, description = "Mã chu trình")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Chu trình và số liệu từng bước theo xã", body = CycleDetailView),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 404, description = "Không có hoặc ngoài phạm vi", body = ErrorBody),
    )
)]
pub async fn get_cycle(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CycleDetailView>, ApiError> {
    let id = path_id(&id, "chu trình")?;
    let overview = state.store.cycle_overview(&user.caller(), id).await?;
    Ok(Json(CycleDetailView::of(overview)))
}

/// Change a cycle's workflow version and dates (its year stays).
#[utoipa::path(
    put,
    operation_id = "update_cycle",
    path = "/api/v1/cycles/{id}",
    tag = "cycle",
    params(("id" = Uuid, Path, description = "Mã chu trình")),
    request_body(content = CycleInput, description = "Toàn bộ các trường, như khi mở"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Đã cập nhật", body = CycleView),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không phải cán bộ OCOP của tỉnh", body = ErrorBody),
        (status = 404, description = "Không có hoặc ngoài phạm vi", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường)", body = ErrorBody),
    )
)]
pub async fn update_cycle(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<CycleInput>,
) -> Result<Json<CycleView>, ApiError> {
    let id = path_id(&id, "chu trình")?;
    let cycle = state.store.change_cycle(&user.caller(), id, &input).await?;
    Ok(Json(CycleView::of(cycle)))
}

/// An idea registration.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdeaView {
    pub id: Uuid,
    pub cycle_id: Uuid,
    pub year: i32,
    pub province: ProvinceView,
    pub commune: Option<CommuneView>,
    /// None: a would-be producer with no account.
    pub producer_id: Option<Uuid>,
    /// The producer's name, or the would-be producer's.
    pub applicant: String,
    pub applicant_phone: Option<String>,
    /// `new` (biểu 01) or `existing` (biểu 02).
    pub product_kind: ProductKind,
    pub product_id: Option<Uuid>,
    pub product_name: String,
    pub raw_materials: String,
    pub market: String,
    pub help: Vec<HelpKind>,
    pub help_other: Option<String>,
    pub state: IdeaState,
    pub state_label: &'static str,
    pub screen_note: Option<String>,
    pub decline_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub screened_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
    /// Its business plan, once written.
    pub plan_id: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl IdeaView {
    pub fn of(i: Idea) -> IdeaView {
        IdeaView {
            id: i.id,
            cycle_id: i.cycle_id,
            year: i.data.year,
            province: ProvinceView::of(i.province_code),
            commune: CommuneView::of(Some(i.commune_code)),
            producer_id: i.producer_id,
            applicant: i.applicant(),
            applicant_phone: i.data.applicant_phone,
            product_kind: i.data.product_kind,
            product_id: i.data.product_id,
            product_name: i.data.product_name,
            raw_materials: i.data.raw_materials,
            market: i.data.market,
            help: i.data.help,
            help_other: i.data.help_other,
            state: i.state,
            state_label: i.state.label(),
            screen_note: i.screen_note,
            decline_reason: i.decline_reason,
            screened_at: i.screened_at,
            decided_at: i.decided_at,
            plan_id: i.plan_id,
            created_at: i.created_at,
            updated_at: i.updated_at,
        }
    }
}

/// One page of ideas.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdeaPage {
    pub items: Vec<IdeaView>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

param_schema!(
    /// A state of an idea registration.
    IdeaStateKey = schema::choice(IdeaState::ALL.iter().map(|s| s.key()))
);
param_schema!(
    /// A state of a business plan.
    PlanStateKey = schema::choice(PlanState::ALL.iter().map(|s| s.key()))
);
param_schema!(
    /// A cycle's year.
    CycleYear = schema::integer(
        ocop_domain::cycle::MIN_YEAR as u32,
        ocop_domain::cycle::MAX_YEAR as u32
    )
);

/// Filters of the idea and plan lists.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IdeaListParams {
    /// `filed`, `screened`, `selected`, `declined`, `withdrawn`.
    #[param(value_type = Option<IdeaStateKey>)]
    pub state: Option<String>,
    /// Province code (today's structure).
    #[param(value_type = Option<ProvinceCode>, example = 22)]
    pub province: Option<String>,
    /// Commune code (today's structure).
    #[param(value_type = Option<CommuneCode>, example = 6838)]
    pub commune: Option<String>,
    /// The cycle's year.
    #[param(value_type = Option<CycleYear>, example = 2026)]
    pub year: Option<String>,
    /// Page number from 1 to 100000 (default 1).
    #[param(value_type = Option<PageNumber>)]
    pub page: Option<String>,
    /// Rows per page, 1–100 (default 20).
    #[param(value_type = Option<PerPage>)]
    pub per_page: Option<String>,
}

/// Filters of the plan list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanListParams {
    /// `draft`, `submitted`, `returned`, `approved`.
    #[param(value_type = Option<PlanStateKey>)]
    pub state: Option<String>,
    /// Province code (today's structure).
    #[param(value_type = Option<ProvinceCode>, example = 22)]
    pub province: Option<String>,
    /// Commune code (today's structure).
    #[param(value_type = Option<CommuneCode>, example = 6838)]
    pub commune: Option<String>,
    /// The cycle's year.
    #[param(value_type = Option<CycleYear>, example = 2026)]
    pub year: Option<String>,
    /// Page number from 1 to 100000 (default 1).
    #[param(value_type = Option<PageNumber>)]
    pub page: Option<String>,
    /// Rows per page, 1–100 (default 20).
    #[param(value_type = Option<PerPage>)]
    pub per_page: Option<String>,
}

pub fn year_param(value: &Option<String>, errors: &mut FieldErrors) -> Option<i32> {
    let raw = given(value)?;
    errors.take("year", ocop_domain::cycle::parse_year(raw))
}

/// The ideas the caller sees (its producer's, its commune's, its province's; central all),
/// newest first.
#[utoipa::path(
    get,
    operation_id = "list_ideas",
    path = "/api/v1/ideas",
    tag = "cycle",
    params(IdeaListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Một trang phiếu ý tưởng", body = IdeaPage, links(
            ("GetFirstIdea" = (operation_id = "get_idea", parameters(("id" = "$response.body#/items/0/id")), description = "Đọc phiếu đầu tiên của trang")),
        )),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 422, description = "Tham số không hợp lệ", body = ErrorBody),
    )
)]
pub async fn list_ideas(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(params): ApiQuery<IdeaListParams>,
) -> Result<Json<IdeaPage>, ApiError> {
    let mut errors = FieldErrors::default();
    let query = IdeaQuery {
        state: state_param(&params.state, &IdeaState::ALL, IdeaState::key, &mut errors),
        province: province_param(&params.province, &mut errors),
        commune: commune_param(&params.commune, &mut errors),
        year: year_param(&params.year, &mut errors),
        ..Default::default()
    };
    let paging = paging(&params.page, &params.per_page, &mut errors);
    errors.into_result(())?;
    let query = IdeaQuery {
        page: paging.page,
        per_page: paging.per_page,
        ..query
    };
    let (items, total) = state.store.ideas(&user.caller(), &query).await?;
    Ok(Json(IdeaPage {
        items: items.into_iter().map(IdeaView::of).collect(),
        total,
        page: paging.page,
        per_page: paging.per_page,
    }))
}

/// File an idea registration: a producer account for itself; a commune officer for a producer
/// of its commune (`producer_id`) or a would-be producer (`applicant_name`,
/// `applicant_phone`). The province must have opened its cycle for the year.
#[utoipa::path(
    post,
    operation_id = "file_idea",
    path = "/api/v1/ideas",
    tag = "cycle",
    request_body(content = IdeaInput, description = "Các trường của phiếu"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã nộp", body = IdeaView,
            headers(("Location" = String, description = "Đường dẫn của phiếu")),
            links(("GetIdea" = (operation_id = "get_idea", parameters(("id" = "$response.body#/id")), description = "Đọc phiếu này")))),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò hoặc đơn vị không được nộp phiếu này", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường), hoặc tỉnh chưa mở chu trình năm đó", body = ErrorBody),
    )
)]
pub async fn file_idea(
    State(state): State<AppState>,
    user: ApiUser,
    ApiInput(input): ApiInput<IdeaInput>,
) -> Result<Response, ApiError> {
    let idea = state.store.file_idea(&user.caller(), &input).await?;
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/api/v1/ideas/{}", idea.id))],
        Json(IdeaView::of(idea)),
    )
        .into_response())
}

/// One idea registration.
#[utoipa::path(
    get,
    operation_id = "get_idea",
    path = "/api/v1/ideas/{id}",
    tag = "cycle",
    params(("id" = Uuid, Path, description = "Mã phiếu")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Phiếu ý tưởng", body = IdeaView),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 404, description = "Không có hoặc ngoài phạm vi", body = ErrorBody),
    )
)]
pub async fn get_idea(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<IdeaView>, ApiError> {
    let id = path_id(&id, "phiếu ý tưởng")?;
    let idea = state.store.visible_idea(&user.caller(), id).await?;
    Ok(Json(IdeaView::of(idea)))
}

async fn act_on_idea(
    state: AppState,
    user: ApiUser,
    id: String,
    action: IdeaAction,
    input: DecisionInput,
) -> Result<Json<IdeaView>, ApiError> {
    let id = path_id(&id, "phiếu ý tưởng")?;
    let idea = state
        .store
        .act_on_idea(&user.caller(), id, action, &input)
        .await?;
    Ok(Json(IdeaView::of(idea)))
}

macro_rules! idea_action {
    ($fn:ident, $action:expr, $op:literal, $path:literal, $summary:literal, $who:literal) => {
        #[doc = $summary]
        #[utoipa::path(
            post,
            operation_id = $op,
            path = $path,
            tag = "cycle",
            params(("id" = Uuid, Path, description = "Mã phiếu")),
            request_body(content = DecisionInput, description = "Ý kiến hoặc lý do"),
            security(("bearer" = [])),
            responses(
                (status = 200, description = "Đã thực hiện", body = IdeaView),
                (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
                (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
                (status = 403, description = $who, body = ErrorBody),
                (status = 404, description = "Không có hoặc ngoài phạm vi", body = ErrorBody),
                (status = 409, description = "Trạng thái của phiếu không cho phép (lý do trong thông báo)", body = ErrorBody),
                (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
                (status = 422, description = "Thiếu lý do", body = ErrorBody),
            )
        )]
        pub async fn $fn(
            State(state): State<AppState>,
            user: ApiUser,
            Path(id): Path<String>,
            ApiInput(input): ApiInput<DecisionInput>,
        ) -> Result<Json<IdeaView>, ApiError> {
            act_on_idea(state, user, id, $action, input).await
        }
    };
}

idea_action!(
    screen_idea,
    IdeaAction::Screen,
    "screen_idea",
    "/api/v1/ideas/{id}/screen",
    "Screen a filed idea and forward it to the province (the commune officer; `reason`: an optional note).",
    "Chỉ cán bộ xã của phiếu"
);
idea_action!(
    decline_idea,
    IdeaAction::Decline,
    "decline_idea",
    "/api/v1/ideas/{id}/decline",
    "Decline an idea with a reason: the commune officer at screening, or the province once screened.",
    "Chỉ cán bộ xã hoặc tỉnh của phiếu"
);
idea_action!(
    select_idea,
    IdeaAction::Select,
    "select_idea",
    "/api/v1/ideas/{id}/select",
    "Select a screened idea (the provincial officer): a business plan may follow.",
    "Chỉ cán bộ tỉnh của phiếu"
);
idea_action!(
    withdraw_idea,
    IdeaAction::Withdraw,
    "withdraw_idea",
    "/api/v1/ideas/{id}/withdraw",
    "Withdraw a filed idea (its producer).",
    "Chỉ chủ thể của phiếu"
);

/// An attached file.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Where a signed-in browser downloads it.
    pub url: String,
}

/// A comment on a plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentView {
    pub id: Uuid,
    pub author: String,
    pub text: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl CommentView {
    fn of(c: PlanComment) -> CommentView {
        CommentView {
            id: c.id,
            author: c.author_label,
            text: c.body,
            created_at: c.created_at,
        }
    }
}

/// Support recorded for a plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportView {
    pub id: Uuid,
    pub kind: SupportKind,
    #[schema(format = Date, example = "2026-08-01")]
    pub given_on: String,
    pub description: String,
    /// Đồng.
    pub cost: i64,
    pub funding_source: FundingSource,
    pub recorded_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl SupportView {
    fn of(s: SupportRecord) -> SupportView {
        SupportView {
            id: s.id,
            kind: s.data.kind,
            given_on: iso_date(s.data.given_on),
            description: s.data.description,
            cost: s.data.cost,
            funding_source: s.data.funding_source,
            recorded_by: s.recorded_by,
            created_at: s.created_at,
        }
    }
}

/// A business plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    pub id: Uuid,
    pub idea_id: Uuid,
    pub cycle_id: Uuid,
    pub year: i32,
    pub province: ProvinceView,
    pub commune: Option<CommuneView>,
    pub producer_id: Option<Uuid>,
    pub applicant: String,
    pub product_name: String,
    pub title: String,
    pub summary: String,
    pub goals: String,
    /// Đồng.
    pub investment: i64,
    pub timeline: String,
    pub market: String,
    pub attachment: Option<AttachmentView>,
    pub state: PlanState,
    pub state_label: &'static str,
    pub return_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub approved_at: Option<OffsetDateTime>,
    pub support_records: i64,
    /// Total cost of the support recorded, đồng.
    pub support_total: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl PlanView {
    pub fn of(p: BusinessPlan) -> PlanView {
        let id = p.id;
        PlanView {
            id,
            idea_id: p.idea_id,
            cycle_id: p.cycle_id,
            year: p.year,
            province: ProvinceView::of(p.province_code),
            commune: CommuneView::of(Some(p.commune_code)),
            producer_id: p.producer_id,
            applicant: p.applicant,
            product_name: p.product_name,
            title: p.data.title,
            summary: p.data.summary,
            goals: p.data.goals,
            investment: p.data.investment,
            timeline: p.data.timeline,
            market: p.data.market,
            attachment: p.attachment.map(|a| AttachmentView {
                file_name: a.file_name,
                content_type: a.content_type,
                size_bytes: a.size_bytes,
                url: format!("/admin/plans/{id}/attachment"),
            }),
            state: p.state,
            state_label: p.state.label(),
            return_reason: p.return_reason,
            submitted_at: p.submitted_at,
            approved_at: p.approved_at,
            support_records: p.support_records,
            support_total: p.support_total,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A plan with its comments and support records.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanDetailView {
    #[serde(flatten)]
    pub plan: PlanView,
    pub comments: Vec<CommentView>,
    pub support: Vec<SupportView>,
}

impl PlanDetailView {
    fn of(d: PlanDetail) -> PlanDetailView {
        PlanDetailView {
            plan: PlanView::of(d.plan),
            comments: d.comments.into_iter().map(CommentView::of).collect(),
            support: d.support.into_iter().map(SupportView::of).collect(),
        }
    }
}

/// One page of plans.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanPage {
    pub items: Vec<PlanView>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// A new plan: the selected idea it is for, and its text.
#[derive(Debug, Deserialize)]
pub struct NewPlan {
    #[serde(default)]
    pub idea_id: String,
    #[serde(flatten)]
    pub plan: PlanInput,
}

impl ocop_domain::input::InputFields for NewPlan {
    fn fields() -> Vec<ocop_domain::input::InputField> {
        let mut fields = vec![ocop_domain::input::InputField {
            name: "idea_id",
            required: true,
            shape: ocop_domain::input::Shape::Code {
                pattern: ocop_domain::input::UUID_PATTERN,
                max_chars: 36,
                format: Some("uuid"),
            },
            description: "The selected idea (its id) the plan is for",
        }];
        fields.extend(<PlanInput as ocop_domain::input::InputFields>::fields());
        fields
    }
}

ocop_domain::input_schemas!(
    NewPlan: "A new business plan: the selected idea and every field of the plan"
);

/// The plans the caller sees, most recently changed first.
#[utoipa::path(
    get,
    operation_id = "list_business_plans",
    path = "/api/v1/business-plans",
    tag = "cycle",
    params(PlanListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Một trang phương án", body = PlanPage, links(
            ("GetFirstPlan" = (operation_id = "get_business_plan", parameters(("id" = "$response.body#/items/0/id")), description = "Đọc phương án đầu tiên của trang")),
        )),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 422, description = "Tham số không hợp lệ", body = ErrorBody),
    )
)]
pub async fn list_plans(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(params): ApiQuery<PlanListParams>,
) -> Result<Json<PlanPage>, ApiError> {
    let mut errors = FieldErrors::default();
    let query = PlanQuery {
        state: state_param(&params.state, &PlanState::ALL, PlanState::key, &mut errors),
        province: province_param(&params.province, &mut errors),
        commune: commune_param(&params.commune, &mut errors),
        year: year_param(&params.year, &mut errors),
        ..Default::default()
    };
    let paging = paging(&params.page, &params.per_page, &mut errors);
    errors.into_result(())?;
    let query = PlanQuery {
        page: paging.page,
        per_page: paging.per_page,
        ..query
    };
    let (items, total) = state.store.business_plans(&user.caller(), &query).await?;
    Ok(Json(PlanPage {
        items: items.into_iter().map(PlanView::of).collect(),
        total,
        page: paging.page,
        per_page: paging.per_page,
    }))
}

/// Write the business plan of a selected idea, as a draft (its producer; the commune officer
/// for a would-be producer). Submit it with `POST …/submit`.
#[utoipa::path(
    post,
    operation_id = "create_business_plan",
    path = "/api/v1/business-plans",
    tag = "cycle",
    request_body(content = NewPlan, description = "Ý tưởng và các trường của phương án"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã tạo bản nháp", body = PlanView,
            headers(("Location" = String, description = "Đường dẫn của phương án")),
            links(("GetPlan" = (operation_id = "get_business_plan", parameters(("id" = "$response.body#/id")), description = "Đọc phương án này")))),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không phải chủ thể của ý tưởng", body = ErrorBody),
        (status = 404, description = "Không có ý tưởng này hoặc ngoài phạm vi", body = ErrorBody),
        (status = 409, description = "Ý tưởng chưa được chọn, hoặc đã có phương án", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường)", body = ErrorBody),
    )
)]
pub async fn create_plan(
    State(state): State<AppState>,
    user: ApiUser,
    ApiInput(input): ApiInput<NewPlan>,
) -> Result<Response, ApiError> {
    let idea_id = match input.idea_id.trim().parse::<Uuid>() {
        Ok(id) => id,
        Err(_) => {
            let mut errors = FieldErrors::default();
            errors.add("idea_id", "invalid_id", "Mã ý tưởng không hợp lệ");
            if let Err(more) = input.plan.parse() {
                errors.0.extend(more.0);
            }
            return Err(errors.into());
        }
    };
    let plan = state
        .store
        .create_plan(&user.caller(), idea_id, &input.plan)
        .await?;
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/api/v1/business-plans/{}", plan.id))],
        Json(PlanView::of(plan)),
    )
        .into_response())
}

/// One plan with its comments and support records.
#[utoipa::path(
    get,
    operation_id = "get_business_plan",
    path = "/api/v1/business-plans/{id}",
    tag = "cycle",
    params(("id" = Uuid, Path, description = "Mã phương án")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Phương án", body = PlanDetailView),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 404, description = "Không có hoặc ngoài phạm vi", body = ErrorBody),
    )
)]
pub async fn get_plan(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<PlanDetailView>, ApiError> {
    let id = path_id(&id, "phương án")?;
    let detail = state.store.plan_detail(&user.caller(), id).await?;
    Ok(Json(PlanDetailView::of(detail)))
}

/// Change the text of a draft or returned plan.
#[utoipa::path(
    put,
    operation_id = "update_business_plan",
    path = "/api/v1/business-plans/{id}",
    tag = "cycle",
    params(("id" = Uuid, Path, description = "Mã phương án")),
    request_body(content = PlanInput, description = "Toàn bộ các trường của phương án"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Đã cập nhật", body = PlanView),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không phải người lập phương án", body = ErrorBody),
        (status = 404, description = "Không có hoặc ngoài phạm vi", body = ErrorBody),
        (status = 409, description = "Phương án đã nộp hoặc đã phê duyệt", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường)", body = ErrorBody),
    )
)]
pub async fn update_plan(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<PlanInput>,
) -> Result<Json<PlanView>, ApiError> {
    let id = path_id(&id, "phương án")?;
    let plan = state.store.change_plan(&user.caller(), id, &input).await?;
    Ok(Json(PlanView::of(plan)))
}

async fn act_on_plan(
    state: AppState,
    user: ApiUser,
    id: String,
    action: PlanAction,
    input: TextInput,
) -> Result<Json<PlanView>, ApiError> {
    let id = path_id(&id, "phương án")?;
    let plan = state
        .store
        .act_on_plan(&user.caller(), id, action, &input)
        .await?;
    Ok(Json(PlanView::of(plan)))
}

macro_rules! plan_action {
    ($fn:ident, $action:expr, $op:literal, $path:literal, $summary:literal, $who:literal) => {
        #[doc = $summary]
        #[utoipa::path(
            post,
            operation_id = $op,
            path = $path,
            tag = "cycle",
            params(("id" = Uuid, Path, description = "Mã phương án")),
            request_body(content = TextInput, description = "Lý do (khi trả lại); bỏ qua với thao tác khác"),
            security(("bearer" = [])),
            responses(
                (status = 200, description = "Đã thực hiện", body = PlanView),
                (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
                (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
                (status = 403, description = $who, body = ErrorBody),
                (status = 404, description = "Không có hoặc ngoài phạm vi", body = ErrorBody),
                (status = 409, description = "Trạng thái của phương án không cho phép (lý do trong thông báo)", body = ErrorBody),
                (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
                (status = 422, description = "Thiếu lý do", body = ErrorBody),
            )
        )]
        pub async fn $fn(
            State(state): State<AppState>,
            user: ApiUser,
            Path(id): Path<String>,
            ApiInput(input): ApiInput<TextInput>,
        ) -> Result<Json<PlanView>, ApiError> {
            act_on_plan(state, user, id, $action, input).await
        }
    };
}

plan_action!(
    submit_plan,
    PlanAction::Submit,
    "submit_business_plan",
    "/api/v1/business-plans/{id}/submit",
    "Submit a draft or returned plan to the province.",
    "Không phải người lập phương án"
);
plan_action!(
    return_plan,
    PlanAction::Return,
    "return_business_plan",
    "/api/v1/business-plans/{id}/return",
    "Return a submitted plan for revision, with a reason (`text`; the provincial officer).",
    "Chỉ cán bộ tỉnh của phương án"
);
plan_action!(
    approve_plan,
    PlanAction::Approve,
    "approve_business_plan",
    "/api/v1/business-plans/{id}/approve",
    "Approve a submitted plan (the provincial officer).",
    "Chỉ cán bộ tỉnh của phương án"
);

/// Comment on a plan (commune and provincial officials of its unit).
#[utoipa::path(
    post,
    operation_id = "comment_business_plan",
    path = "/api/v1/business-plans/{id}/comments",
    tag = "cycle",
    params(("id" = Uuid, Path, description = "Mã phương án")),
    request_body(content = TextInput, description = "Ý kiến"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã ghi ý kiến", body = CommentView),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Chỉ cán bộ xã, tỉnh của phương án", body = ErrorBody),
        (status = 404, description = "Không có hoặc ngoài phạm vi", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Ý kiến trống hoặc quá dài", body = ErrorBody),
    )
)]
pub async fn comment_plan(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<TextInput>,
) -> Result<Response, ApiError> {
    let id = path_id(&id, "phương án")?;
    let comment = state
        .store
        .comment_on_plan(&user.caller(), id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(CommentView::of(comment))).into_response())
}

/// Record support received for an approved plan (commune and provincial officials of its
/// unit).
#[utoipa::path(
    post,
    operation_id = "record_support",
    path = "/api/v1/business-plans/{id}/support",
    tag = "cycle",
    params(("id" = Uuid, Path, description = "Mã phương án")),
    request_body(content = SupportInput, description = "Loại, ngày, nội dung, kinh phí, nguồn vốn"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã ghi nhận", body = SupportView),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Chỉ cán bộ xã, tỉnh của phương án", body = ErrorBody),
        (status = 404, description = "Không có hoặc ngoài phạm vi", body = ErrorBody),
        (status = 409, description = "Phương án chưa được phê duyệt", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường)", body = ErrorBody),
    )
)]
pub async fn record_support(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<SupportInput>,
) -> Result<Response, ApiError> {
    let id = path_id(&id, "phương án")?;
    let record = state
        .store
        .record_support(&user.caller(), id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(SupportView::of(record))).into_response())
}
