//! `/api/v1/dossiers`: hồ sơ sản phẩm — the caller's dossiers, filing and editing a draft,
//! the self-score, evidence files, and the workflow's actions as POSTs.
//!
//! Every action names the `revision` of the dossier it was decided on: a dossier changed
//! since answers 409 `stale`. An action the workflow does not allow from the dossier's state
//! answers 409 `transition_not_allowed`, one the caller's role never takes 403, a dossier the
//! caller may not see 404; none of them changes anything.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::http::header::{self, LOCATION};
use axum::response::{IntoResponse, Response};
use ocop_domain::criteria::PartPoints;
use ocop_domain::dossier::evidence::sheet_catalogue;
use ocop_domain::dossier::{
    CommuneReport, CommuneReportInput, DOSSIER_CRITERIA_VERSIONS, Deadline, DocumentKind,
    DossierAction, DossierInput, DossierKind, DossierState, MissingItem, ProposalInput,
    ProposalLetter, Registration, ReturnReason, ScoreSummary, SelfReport, SelfScore,
    check_linked_criteria, criteria_set,
};
use ocop_domain::input::{InputField, InputFields, Shape};
use ocop_domain::validation::FieldErrors;
use ocop_store::dossiers::{
    DossierReturn, DossierSummary, DossierVersion, EvidenceFile, FrozenEvidence, NewEvidence,
};
use ocop_store::use_cases::{CommuneCounts, DossierDetail, DossierQuery};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::evidence::{self, EvidenceFileError};
use crate::api::common::{
    CommuneCode, CommuneView, PageNumber, PerPage, ProvinceCode, ProvinceView, commune_param,
    given, paging, param_schema, province_param, schema, state_param,
};
use crate::api::extract::{ApiInput, ApiMultipart, ApiQuery, MAX_JSON_BYTES, read_body};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::routes::producers::api::path_id;
use crate::{ApiError, AppError, AppState};

/// An evidence file of a dossier.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceView {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// SHA-256 of the content (files are stored by it).
    pub sha256: String,
    pub kind: DocumentKind,
    pub kind_label: &'static str,
    /// The criteria of the dossier's sheet the file proves.
    pub criteria: Vec<String>,
    /// A demo file, not a real document.
    pub demo: bool,
    /// Where to download it.
    pub url: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl EvidenceView {
    fn of(e: EvidenceFile) -> EvidenceView {
        EvidenceView {
            url: format!("/api/v1/dossiers/{}/evidence/{}", e.dossier_id, e.id),
            id: e.id,
            file_name: e.file_name,
            content_type: e.content_type,
            size_bytes: e.size_bytes,
            sha256: e.sha256,
            kind: e.kind,
            kind_label: e.kind.label(),
            criteria: e.criteria,
            demo: e.demo,
            created_at: e.created_at,
        }
    }
}

/// An evidence file as a filed version holds it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FrozenEvidenceView {
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub kind: DocumentKind,
    pub criteria: Vec<String>,
}

impl FrozenEvidenceView {
    fn of(e: FrozenEvidence) -> FrozenEvidenceView {
        FrozenEvidenceView {
            file_name: e.file_name,
            content_type: e.content_type,
            size_bytes: e.size_bytes,
            sha256: e.sha256,
            kind: e.kind,
            criteria: e.criteria,
        }
    }
}

/// What was filed at one submission or resubmission, frozen.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionView {
    /// 1 for the first filing, then one more per resubmission.
    pub number: i64,
    /// `submit` or `resubmit`.
    pub action: String,
    pub kind: DossierKind,
    pub criteria_version: String,
    pub sheet: u8,
    pub registration: Registration,
    pub report: SelfReport,
    pub self_score: SelfScore,
    pub self_total: u32,
    pub self_stars: u8,
    pub evidence: Vec<FrozenEvidenceView>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl VersionView {
    fn of(v: DossierVersion) -> VersionView {
        VersionView {
            number: v.number,
            action: v.action,
            kind: v.kind,
            criteria_version: v.criteria_version,
            sheet: v.sheet,
            registration: v.registration,
            report: v.report,
            self_score: v.self_score,
            self_total: v.self_total,
            self_stars: v.self_stars,
            evidence: v.evidence.into_iter().map(FrozenEvidenceView::of).collect(),
            created_at: v.created_at,
        }
    }
}

/// One return by the commune.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnView {
    /// The version returned.
    pub version_number: i64,
    pub reasons: Vec<ReturnReason>,
    #[serde(with = "time::serde::rfc3339")]
    pub returned_at: OffsetDateTime,
}

impl ReturnView {
    fn of(r: DossierReturn) -> ReturnView {
        ReturnView {
            version_number: r.version_number,
            reasons: r.reasons,
            returned_at: r.returned_at,
        }
    }
}

/// A dossier with its evidence, versions, returns, checklist and deadline.
#[derive(Debug, Serialize, ToSchema)]
pub struct DossierView {
    pub id: Uuid,
    pub product_id: Uuid,
    pub product_name: String,
    pub producer_id: Uuid,
    pub producer_name: String,
    pub kind: DossierKind,
    pub kind_label: &'static str,
    pub state: DossierState,
    pub state_label: &'static str,
    /// Send it back with every change and action: a dossier changed since answers 409.
    pub revision: i64,
    /// The criteria version of the self-score.
    pub criteria_version: String,
    /// The product's scoring sheet (bộ sản phẩm).
    pub sheet: u8,
    pub year: i32,
    pub province: ProvinceView,
    pub commune: Option<CommuneView>,
    /// Mẫu 01.
    pub registration: Registration,
    /// Mẫu 02 parts I, II, IV.
    pub report: SelfReport,
    /// Mẫu 02 part III.
    pub self_score: Option<SelfScore>,
    pub score: Option<ScoreSummary>,
    /// Số phiếu tiếp nhận `<số>/PĐK-<mã tỉnh>-<mã xã>-<năm>`.
    pub receipt_number: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub first_submitted_at: Option<OffsetDateTime>,
    /// The latest filing, from which the commune's 15 working days run.
    #[serde(with = "time::serde::rfc3339::option")]
    pub received_at: Option<OffsetDateTime>,
    /// The commune's deadline while the dossier waits for it.
    pub deadline: Option<Deadline>,
    /// Mẫu 03.
    pub commune_report: Option<CommuneReport>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub accepted_at: Option<OffsetDateTime>,
    pub letter: Option<ProposalLetter>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub proposed_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub withdrawn_at: Option<OffsetDateTime>,
    /// Demo data, not a real dossier.
    pub demo: bool,
    pub evidence: Vec<EvidenceView>,
    /// The frozen filings, oldest first.
    pub versions: Vec<VersionView>,
    pub returns: Vec<ReturnView>,
    /// What is missing before filing (empty: it may be filed).
    pub checklist: Vec<MissingItem>,
    /// The actions the caller may take now.
    pub actions: Vec<DossierAction>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl DossierView {
    pub fn of(detail: DossierDetail) -> DossierView {
        let d = detail.dossier;
        DossierView {
            id: d.id,
            product_id: d.product_id,
            product_name: detail.product_name,
            producer_id: d.producer_id,
            producer_name: detail.producer_name,
            kind: d.data.kind,
            kind_label: d.data.kind.label(),
            state: d.state,
            state_label: d.state.label(),
            revision: d.revision,
            criteria_version: d.data.criteria_version,
            sheet: d.sheet,
            year: d.data.year,
            province: ProvinceView::of(d.province_code),
            commune: CommuneView::of(d.commune_code),
            registration: d.data.registration,
            report: d.data.report,
            self_score: d.self_score,
            score: d.score,
            receipt_number: d.receipt_number,
            first_submitted_at: d.first_submitted_at,
            received_at: d.received_at,
            deadline: detail.deadline,
            commune_report: d.commune_report,
            accepted_at: d.accepted_at,
            letter: d.letter,
            proposed_at: d.proposed_at,
            withdrawn_at: d.withdrawn_at,
            demo: d.demo,
            evidence: detail.evidence.into_iter().map(EvidenceView::of).collect(),
            versions: detail.versions.into_iter().map(VersionView::of).collect(),
            returns: detail.returns.into_iter().map(ReturnView::of).collect(),
            checklist: detail.checklist,
            actions: detail.actions,
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

/// One row of a dossier list.
#[derive(Debug, Serialize, ToSchema)]
pub struct DossierItem {
    pub id: Uuid,
    pub product_id: Uuid,
    pub product_name: String,
    pub producer_id: Uuid,
    pub producer_name: String,
    pub kind: DossierKind,
    pub state: DossierState,
    pub state_label: &'static str,
    pub revision: i64,
    pub year: i32,
    pub province: ProvinceView,
    pub commune: Option<CommuneView>,
    pub receipt_number: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub received_at: Option<OffsetDateTime>,
    pub self_stars: Option<u8>,
    pub deadline: Option<Deadline>,
    pub demo: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl DossierItem {
    pub fn of(s: DossierSummary) -> DossierItem {
        DossierItem {
            id: s.id,
            product_id: s.product_id,
            product_name: s.product_name,
            producer_id: s.producer_id,
            producer_name: s.producer_name,
            kind: s.kind,
            state: s.state,
            state_label: s.state.label(),
            revision: s.revision,
            year: s.year,
            province: ProvinceView::of(s.province_code),
            commune: CommuneView::of(s.commune_code),
            receipt_number: s.receipt_number,
            received_at: s.received_at,
            self_stars: s.self_stars,
            deadline: s.deadline,
            demo: s.demo,
            updated_at: s.updated_at,
        }
    }
}

/// One page of dossiers.
#[derive(Debug, Serialize, ToSchema)]
pub struct DossierPage {
    pub items: Vec<DossierItem>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// Dossier filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DossierListParams {
    /// Trạng thái: `draft`, `submitted`, `returned`, `resubmitted`, `accepted`, `proposed`,
    /// `withdrawn`.
    #[param(value_type = Option<DossierStateKey>)]
    pub state: Option<String>,
    /// Province code (today's structure).
    #[param(value_type = Option<ProvinceCode>, example = 22)]
    pub province: Option<String>,
    /// Commune code (today's structure).
    #[param(value_type = Option<CommuneCode>, example = 6838)]
    pub commune: Option<String>,
    /// Năm đánh giá.
    #[param(value_type = Option<DossierYear>, example = 2026)]
    pub year: Option<String>,
    /// Lần đăng ký: `first_time`, `upgrade`, `re_evaluation`.
    #[param(value_type = Option<DossierKindKey>, rename = "type")]
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Page number from 1 to 100000 (default 1).
    #[param(value_type = Option<PageNumber>)]
    pub page: Option<String>,
    /// Rows per page, 1–100 (default 20).
    #[param(value_type = Option<PerPage>)]
    pub per_page: Option<String>,
}

param_schema!(
    /// A dossier state.
    DossierStateKey = schema::choice(DossierState::ALL.iter().map(|s| s.key()))
);
param_schema!(
    /// A registration type.
    DossierKindKey = schema::choice(DossierKind::ALL.iter().map(|k| k.key()))
);
param_schema!(
    /// A year of evaluation.
    DossierYear = schema::integer(
        ocop_domain::dossier::YEARS.0,
        ocop_domain::dossier::YEARS.1
    )
);

fn year_param(value: &Option<String>, errors: &mut FieldErrors) -> Option<i32> {
    let raw = given(value)?;
    let (min, max) = ocop_domain::dossier::YEARS;
    match raw.parse::<u32>() {
        Ok(y) if (min..=max).contains(&y) => Some(y as i32),
        _ => {
            errors.add(
                "year",
                "invalid_year",
                format!("Năm \"{raw}\" phải từ {min} đến {max}"),
            );
            None
        }
    }
}

/// The dossiers the caller may see: a producer its own (drafts too), a commune officer its
/// commune's, a provincial official its province's, central officials all filed ones.
#[utoipa::path(
    get,
    operation_id = "list_dossiers",
    path = "/api/v1/dossiers",
    tag = "dossiers",
    params(DossierListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Một trang hồ sơ, thay đổi gần nhất trước", body = DossierPage),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không xem hồ sơ (thành viên hội đồng)", body = ErrorBody),
        (status = 422, description = "Tham số không hợp lệ", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(params): ApiQuery<DossierListParams>,
) -> Result<Json<DossierPage>, ApiError> {
    let mut errors = FieldErrors::default();
    let dossier_state = state_param(
        &params.state,
        &DossierState::ALL,
        DossierState::key,
        &mut errors,
    );
    let kind = given(&params.kind).and_then(|raw| {
        let found = DossierKind::from_key(raw);
        if found.is_none() {
            errors.add(
                "type",
                "invalid_type",
                format!(
                    "Lần đăng ký \"{}\" không hợp lệ",
                    raw.chars().take(40).collect::<String>()
                ),
            );
        }
        found
    });
    let province = province_param(&params.province, &mut errors);
    let commune = commune_param(&params.commune, &mut errors);
    let year = year_param(&params.year, &mut errors);
    let paging = paging(&params.page, &params.per_page, &mut errors);
    errors.into_result(())?;
    let query = DossierQuery {
        state: dossier_state,
        province,
        commune,
        year,
        kind,
        page: paging.page,
        per_page: paging.per_page,
    };
    let page = state.store.list_dossiers(&user.caller(), &query).await?;
    Ok(Json(DossierPage {
        items: page.items.into_iter().map(DossierItem::of).collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// The dossiers waiting for the commune's review in the caller's scope, the nearest
/// deadline first (at most 200).
#[utoipa::path(
    get,
    operation_id = "dossier_inbox",
    path = "/api/v1/dossiers/inbox",
    tag = "dossiers",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Hồ sơ chờ xã xem xét, hạn gần nhất trước", body = Vec<DossierItem>),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không xem hồ sơ", body = ErrorBody),
    )
)]
pub async fn inbox(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<Vec<DossierItem>>, ApiError> {
    let items = state.store.dossier_inbox(&user.caller()).await?;
    Ok(Json(items.into_iter().map(DossierItem::of).collect()))
}

/// A commune's counts in the province's overview.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommuneCountsView {
    pub commune: Option<CommuneView>,
    /// State → number of filed dossiers.
    pub by_state: BTreeMap<String, u64>,
    /// Waiting for the commune past its 15 working days.
    pub overdue: u64,
    /// Waiting, with at most 3 working days left.
    pub nearly_due: u64,
}

impl CommuneCountsView {
    fn of(c: CommuneCounts) -> CommuneCountsView {
        CommuneCountsView {
            commune: CommuneView::of(c.commune_code),
            by_state: c.by_state,
            overdue: c.overdue,
            nearly_due: c.nearly_due,
        }
    }
}

/// Overview parameters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverviewParams {
    /// Province code (today's structure).
    #[param(value_type = ProvinceCode, example = 22)]
    pub province: Option<String>,
    /// Năm đánh giá.
    #[param(value_type = DossierYear, example = 2026)]
    pub year: Option<String>,
}

/// A province's filed dossiers of a year per commune and state, with those overdue or
/// nearly due for the commune's review: central officials, and provincial officials for
/// their province.
#[utoipa::path(
    get,
    operation_id = "dossier_overview",
    path = "/api/v1/dossiers/overview",
    tag = "dossiers",
    params(OverviewParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Số hồ sơ theo xã và trạng thái", body = Vec<CommuneCountsView>),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Ngoài phạm vi quản lý", body = ErrorBody),
        (status = 422, description = "Tham số không hợp lệ", body = ErrorBody),
    )
)]
pub async fn overview(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(params): ApiQuery<OverviewParams>,
) -> Result<Json<Vec<CommuneCountsView>>, ApiError> {
    let mut errors = FieldErrors::default();
    let province = province_param(&params.province, &mut errors);
    let year = year_param(&params.year, &mut errors);
    if province.is_none() && errors.get("province").is_none() {
        errors.add("province", "required", "Cần chọn tỉnh/thành phố");
    }
    if year.is_none() && errors.get("year").is_none() {
        errors.add("year", "required", "Cần chọn năm");
    }
    let (Some(province), Some(year)) = (province, year) else {
        return Err(errors.into());
    };
    let counts = state
        .store
        .dossier_counts_by_commune(&user.caller(), province, year)
        .await?;
    Ok(Json(
        counts.into_iter().map(CommuneCountsView::of).collect(),
    ))
}

/// A UUID in its usual hyphenated form.
const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

fn revision_field() -> InputField {
    InputField {
        name: "revision",
        required: true,
        shape: Shape::Integer {
            min: 1,
            max: 1_000_000_000,
        },
        description: "The dossier's `revision` as last read: a dossier changed since answers \
                      409 `stale`",
    }
}

/// Checks the revision sent with a change or an action.
fn revision_of(raw: &str) -> Result<i64, ApiError> {
    match raw.trim().parse::<i64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => {
            let mut errors = FieldErrors::default();
            errors.add(
                "revision",
                "invalid_revision",
                "Cần gửi kèm phiên bản (revision) của hồ sơ đã đọc",
            );
            Err(errors.into())
        }
    }
}

/// A new dossier: the product and the fields of Mẫu 01 and Mẫu 02.
#[derive(Debug, Deserialize)]
pub struct NewDossier {
    #[serde(default)]
    pub product_id: String,
    #[serde(flatten)]
    pub dossier: DossierInput,
}

impl InputFields for NewDossier {
    fn fields() -> Vec<InputField> {
        let mut fields = vec![InputField {
            name: "product_id",
            required: true,
            shape: Shape::Code {
                pattern: UUID_PATTERN,
                max_chars: 36,
                format: Some("uuid"),
            },
            description: "The product (its id) the dossier registers",
        }];
        fields.extend(DossierInput::fields());
        fields
    }
}

ocop_domain::input_schemas!(NewDossier: "A new dossier: its product and the fields of Mẫu 01 and Mẫu 02 (I, II, IV)");

/// A draft's new fields, with the revision they were decided on.
#[derive(Debug, Deserialize)]
pub struct DossierEdit {
    #[serde(default)]
    pub revision: String,
    #[serde(flatten)]
    pub dossier: DossierInput,
}

impl InputFields for DossierEdit {
    fn fields() -> Vec<InputField> {
        let mut fields = vec![revision_field()];
        fields.extend(DossierInput::fields());
        fields
    }
}

ocop_domain::input_schemas!(DossierEdit: "Every field of Mẫu 01 and Mẫu 02 (I, II, IV), as when filing, with the revision");

/// An action with nothing more than the revision it was decided on.
#[derive(Debug, Deserialize)]
pub struct ActionInput {
    #[serde(default)]
    pub revision: String,
}

impl InputFields for ActionInput {
    fn fields() -> Vec<InputField> {
        vec![revision_field()]
    }
}

ocop_domain::input_schemas!(ActionInput: "The revision the action was decided on");

/// Accepting: the commune's report (Mẫu 03) and the revision.
#[derive(Debug, Deserialize)]
pub struct AcceptInput {
    #[serde(default)]
    pub revision: String,
    #[serde(flatten)]
    pub report: CommuneReportInput,
}

impl InputFields for AcceptInput {
    fn fields() -> Vec<InputField> {
        let mut fields = vec![revision_field()];
        fields.extend(CommuneReportInput::fields());
        fields
    }
}

ocop_domain::input_schemas!(AcceptInput: "Báo cáo đánh giá của UBND xã (Mẫu 03), with the revision");

/// Proposing: the commune's letter and the revision.
#[derive(Debug, Deserialize)]
pub struct ProposeInput {
    #[serde(default)]
    pub revision: String,
    #[serde(flatten)]
    pub letter: ProposalInput,
}

impl InputFields for ProposeInput {
    fn fields() -> Vec<InputField> {
        let mut fields = vec![revision_field()];
        fields.extend(ProposalInput::fields());
        fields
    }
}

ocop_domain::input_schemas!(ProposeInput: "Văn bản đề nghị UBND tỉnh đánh giá, phân hạng, with the revision");

/// The self-score (Mẫu 02 part III) with the revision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfScoreRequest {
    pub revision: i64,
    /// Criterion id of the dossier's sheet → option number (1-based, 0 = none; a yes/no
    /// criterion: 1 = met). At most 200. V2026 only.
    #[serde(default)]
    pub choices: BTreeMap<String, u32>,
    /// V2025, V2023 (sheets not held): the points of parts A, B and C.
    #[serde(default)]
    pub part_totals: Option<PartPoints>,
}

/// A return: the reasons per item, with the revision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnRequest {
    pub revision: i64,
    /// 1 to 50 reasons: the item (a part of a form, a criterion, a document) and why.
    pub reasons: Vec<ReturnReason>,
}

/// Parses a typed JSON body of at most [`MAX_JSON_BYTES`].
async fn typed_body<T: serde::de::DeserializeOwned>(request: Request) -> Result<T, ApiError> {
    let bytes = read_body(request.into_body(), MAX_JSON_BYTES).await?;
    serde_json::from_slice(&bytes).map_err(|e| {
        if !e.is_data() {
            return ApiError(AppError::BadRequest(format!(
                "Nội dung JSON không hợp lệ (dòng {}, cột {}): {e}",
                e.line(),
                e.column()
            )));
        }
        let mut errors = FieldErrors::default();
        errors.add(
            "body",
            "invalid_body",
            format!("Nội dung JSON không đúng cấu trúc: {e}"),
        );
        ApiError(AppError::Invalid(errors))
    })
}

async fn detail(state: &AppState, user: &ApiUser, id: Uuid) -> Result<Json<DossierView>, ApiError> {
    let detail = state.store.dossier_detail(&user.caller(), id).await?;
    Ok(Json(DossierView::of(detail)))
}

/// File a dossier (a draft) for a product of the caller's own producer. Blank Mẫu 01 fields
/// take the producer's and the product's registry data.
#[utoipa::path(
    post,
    operation_id = "create_dossier",
    path = "/api/v1/dossiers",
    tag = "dossiers",
    request_body(content = NewDossier, description = "Sản phẩm và các trường của Mẫu 01, Mẫu 02"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã lập hồ sơ (bản nháp)", body = DossierView,
            headers(("Location" = String, description = "Đường dẫn của hồ sơ mới"))),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Chỉ chủ thể của sản phẩm lập hồ sơ", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường), hoặc không có sản phẩm này", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    ApiInput(input): ApiInput<NewDossier>,
) -> Result<Response, ApiError> {
    let product_id = match input.product_id.trim().parse::<Uuid>() {
        Ok(id) => id,
        Err(_) => {
            let mut errors = FieldErrors::default();
            errors.add(
                "product_id",
                "invalid_id",
                format!(
                    "Mã sản phẩm \"{}\" không hợp lệ",
                    input.product_id.chars().take(40).collect::<String>()
                ),
            );
            return Err(errors.into());
        }
    };
    let dossier = state
        .store
        .file_dossier(&user.caller(), product_id, &input.dossier)
        .await?;
    let Json(view) = detail(&state, &user, dossier.id).await?;
    let location = format!("/api/v1/dossiers/{}", view.id);
    Ok((StatusCode::CREATED, [(LOCATION, location)], Json(view)).into_response())
}

/// One dossier with its evidence, its frozen versions, the commune's returns, the checklist
/// of what is missing before filing, its deadline and the caller's possible actions.
#[utoipa::path(
    get,
    operation_id = "get_dossier",
    path = "/api/v1/dossiers/{id}",
    tag = "dossiers",
    params(("id" = Uuid, Path, description = "Mã hồ sơ")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Hồ sơ", body = DossierView),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<DossierView>, ApiError> {
    let id = path_id(&id, "hồ sơ")?;
    detail(&state, &user, id).await
}

/// Replace Mẫu 01 and Mẫu 02 (I, II, IV) of a draft or returned dossier (its producer). A
/// new criteria version clears the self-score.
#[utoipa::path(
    put,
    operation_id = "update_dossier",
    path = "/api/v1/dossiers/{id}",
    tag = "dossiers",
    params(("id" = Uuid, Path, description = "Mã hồ sơ")),
    request_body(content = DossierEdit, description = "Toàn bộ các trường, như khi lập, và revision"),
    security(("bearer" = [])),
    responses(
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 200, description = "Đã cập nhật", body = DossierView),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không sửa hồ sơ", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Không sửa được ở trạng thái này, hoặc hồ sơ đã thay đổi (stale)", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường)", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<DossierEdit>,
) -> Result<Json<DossierView>, ApiError> {
    let id = path_id(&id, "hồ sơ")?;
    let revision = revision_of(&input.revision)?;
    state
        .store
        .edit_dossier(&user.caller(), id, revision, &input.dossier)
        .await?;
    detail(&state, &user, id).await
}

/// Revision of a deletion.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevisionParam {
    /// The dossier's `revision` as last read.
    #[param(value_type = Option<i64>)]
    pub revision: Option<String>,
}

/// Delete a draft that was never filed (its producer). Files held elsewhere stay.
#[utoipa::path(
    delete,
    operation_id = "delete_dossier",
    path = "/api/v1/dossiers/{id}",
    tag = "dossiers",
    params(("id" = Uuid, Path, description = "Mã hồ sơ"), RevisionParam),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Đã xóa"),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không xóa hồ sơ", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Hồ sơ đã nộp, hoặc đã thay đổi (stale)", body = ErrorBody),
        (status = 422, description = "Thiếu revision", body = ErrorBody),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<RevisionParam>,
) -> Result<StatusCode, ApiError> {
    let id = path_id(&id, "hồ sơ")?;
    let revision = revision_of(params.revision.as_deref().unwrap_or_default())?;
    let orphans = state
        .store
        .delete_dossier(&user.caller(), id, revision)
        .await?;
    remove_files(&state, &orphans).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes stored files nothing refers to any more; a failure leaves a file behind, which
/// only costs space, so it is logged and not answered.
async fn remove_files(state: &AppState, shas: &[String]) {
    for sha in shas {
        if let Err(e) = state.files.remove(sha).await {
            tracing::warn!(sha, error = %e, "could not remove an unreferenced file");
        }
    }
}

/// Record the self-score (Mẫu 02 part III) of a draft or returned dossier: the engine scores
/// it under the dossier's criteria version and sheet. A criterion the sheet does not have is
/// refused (422 naming `choices.<id>`).
#[utoipa::path(
    put,
    operation_id = "score_dossier",
    path = "/api/v1/dossiers/{id}/self-score",
    tag = "dossiers",
    params(("id" = Uuid, Path, description = "Mã hồ sơ")),
    request_body(content = SelfScoreRequest, description = "Lựa chọn từng tiêu chí, hoặc tổng điểm phần"),
    security(("bearer" = [])),
    responses(
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 200, description = "Đã chấm", body = DossierView),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không sửa hồ sơ", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Không sửa được ở trạng thái này, hoặc hồ sơ đã thay đổi (stale)", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Tiêu chí hoặc lựa chọn không có trong phiếu", body = ErrorBody),
    )
)]
pub async fn self_score(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    request: Request,
) -> Result<Json<DossierView>, ApiError> {
    let id = path_id(&id, "hồ sơ")?;
    let body: SelfScoreRequest = typed_body(request).await?;
    let score = SelfScore {
        choices: body.choices,
        part_totals: body.part_totals,
    };
    state
        .store
        .score_dossier(&user.caller(), id, body.revision, &score)
        .await?;
    detail(&state, &user, id).await
}

/// The form of an evidence upload (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct EvidenceForm {
    /// 1 to 10 files: PDF, JPEG, PNG, WebP, DOCX or XLSX, all together within the upload
    /// limit (8 MB by default).
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
    /// The kind of document (minh chứng), e.g. `lab_report`.
    kind: String,
    /// The criteria of the dossier's sheet the files prove, separated by commas.
    criteria: Option<String>,
    /// The dossier's `revision` as last read.
    revision: Option<i64>,
}

/// Upload evidence files to a draft or returned dossier (its producer). Every file is checked
/// by its content before any is stored; over the size limit answers 413, another type 422.
#[utoipa::path(
    post,
    operation_id = "upload_dossier_evidence",
    path = "/api/v1/dossiers/{id}/evidence",
    tag = "dossiers",
    params(("id" = Uuid, Path, description = "Mã hồ sơ")),
    request_body(content = EvidenceForm, content_type = "multipart/form-data"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã lưu", body = Vec<EvidenceView>),
        (status = 400, description = "Tệp gửi lên không đọc được", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không sửa hồ sơ", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Không sửa được ở trạng thái này, hoặc hồ sơ đã thay đổi (stale)", body = ErrorBody),
        (status = 413, description = "Tệp quá lớn", body = ErrorBody),
        (status = 422, description = "Loại tệp, loại tài liệu hoặc tiêu chí không hợp lệ", body = ErrorBody),
    )
)]
pub async fn upload_evidence(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiMultipart(mut multipart): ApiMultipart,
) -> Result<Response, ApiError> {
    let id = path_id(&id, "hồ sơ")?;
    let caller = user.caller();
    // Who may change the dossier is asked before the upload is read.
    let dossier = state.store.dossier_for_evidence(&caller, id).await?;
    let upload = evidence::read_upload(&mut multipart, state.config.max_upload_bytes).await?;
    let mut errors = FieldErrors::default();
    if upload.files.is_empty() {
        errors.add("file", "required", "Chưa chọn tệp minh chứng");
    }
    let kind = evidence::parse_kind(&upload.kind)
        .map_err(|message| errors.add("kind", "invalid_kind", message))
        .ok();
    let criteria = evidence::parse_criteria(&upload.criteria);
    if let Some(set) = criteria_set(&dossier.data.criteria_version)
        && let Err(more) = check_linked_criteria(set, dossier.sheet, &criteria)
    {
        errors.0.extend(more.0);
    }
    let revision = match upload.revision.trim() {
        "" => None,
        raw => Some(revision_of(raw)?),
    };
    let Some(kind) = kind else {
        return Err(errors.into());
    };
    errors.into_result(())?;
    let several = upload.files.len() > 1;
    let cleaned = crate::heavy::run(move || {
        upload
            .files
            .into_iter()
            .map(evidence::clean)
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    let files = match cleaned {
        Ok(files) => files,
        Err((_, EvidenceFileError::Image(e @ crate::images::PhotoError::Encode(_)))) => {
            return Err(AppError::internal(e).into());
        }
        Err((name, e)) => {
            let message = if several {
                format!("Tệp \"{name}\" bị từ chối: {e}")
            } else {
                e.to_string()
            };
            let mut errors = FieldErrors::default();
            errors.add("file", "invalid_file", message);
            return Err(errors.into());
        }
    };
    let mut new = Vec::with_capacity(files.len());
    for file in files {
        let sha256 = state
            .files
            .put(&file.bytes)
            .await
            .map_err(AppError::internal)?;
        new.push(NewEvidence {
            sha256,
            content_type: file.content_type.to_owned(),
            size_bytes: i64::try_from(file.bytes.len()).map_err(AppError::internal)?,
            file_name: file.name,
            kind,
            criteria: criteria.clone(),
            demo: false,
        });
    }
    match state
        .store
        .attach_evidence(&caller, id, revision, &new)
        .await
    {
        Ok(added) => Ok((
            StatusCode::CREATED,
            Json(added.into_iter().map(EvidenceView::of).collect::<Vec<_>>()),
        )
            .into_response()),
        Err(e) => {
            // Refused after the files were written: remove those nothing else holds.
            let shas: Vec<String> = new.into_iter().map(|f| f.sha256).collect();
            if let Ok(orphans) = state.store.unreferenced_files(&shas).await {
                remove_files(&state, &orphans).await;
            }
            Err(e.into())
        }
    }
}

/// An evidence file of a dossier the caller may see.
async fn evidence_of_dossier(
    state: &AppState,
    user: &ApiUser,
    id: &str,
    evidence: &str,
) -> Result<EvidenceFile, ApiError> {
    let id = path_id(id, "hồ sơ")?;
    let evidence = path_id(evidence, "tệp minh chứng")?;
    state.store.visible_dossier(&user.caller(), id).await?;
    let file = state.store.evidence_file(evidence).await?;
    if file.dossier_id != id {
        return Err(AppError::not_found("tệp minh chứng").into());
    }
    Ok(file)
}

/// Download an evidence file of a dossier the caller may see.
#[utoipa::path(
    get,
    operation_id = "download_dossier_evidence",
    path = "/api/v1/dossiers/{id}/evidence/{evidence_id}",
    tag = "dossiers",
    params(
        ("id" = Uuid, Path, description = "Mã hồ sơ"),
        ("evidence_id" = Uuid, Path, description = "Mã tệp minh chứng"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Nội dung tệp", content_type = "application/octet-stream"),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
    )
)]
pub async fn download_evidence(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, evidence_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let file = evidence_of_dossier(&state, &user, &id, &evidence_id).await?;
    let bytes = state
        .files
        .get(&file.sha256)
        .await
        .map_err(AppError::internal)?;
    // Served as an attachment: an uploaded document never runs in the site's origin.
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        percent_encode(&file.file_name)
    );
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        Body::from(bytes),
    )
        .into_response())
}

/// RFC 5987 encoding of a file name.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Remove an evidence file from a draft or returned dossier (its producer). The stored file
/// stays while a filed version or another record holds it.
#[utoipa::path(
    delete,
    operation_id = "remove_dossier_evidence",
    path = "/api/v1/dossiers/{id}/evidence/{evidence_id}",
    tag = "dossiers",
    params(
        ("id" = Uuid, Path, description = "Mã hồ sơ"),
        ("evidence_id" = Uuid, Path, description = "Mã tệp minh chứng"),
        RevisionParam,
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Đã gỡ"),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không sửa hồ sơ", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Không sửa được ở trạng thái này, hoặc hồ sơ đã thay đổi (stale)", body = ErrorBody),
        (status = 422, description = "Tham số truy vấn không hợp lệ", body = ErrorBody),
    )
)]
pub async fn remove_evidence(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, evidence_id)): Path<(String, String)>,
    ApiQuery(params): ApiQuery<RevisionParam>,
) -> Result<StatusCode, ApiError> {
    let file = evidence_of_dossier(&state, &user, &id, &evidence_id).await?;
    let revision = match given(&params.revision) {
        Some(raw) => Some(revision_of(raw)?),
        None => None,
    };
    let orphans = state
        .store
        .detach_evidence(&user.caller(), file.id, revision)
        .await?;
    remove_files(&state, &orphans).await;
    Ok(StatusCode::NO_CONTENT)
}

macro_rules! simple_action {
    ($(#[$doc:meta])* $name:ident, $operation:literal, $path:literal, $use_case:ident, $done:literal) => {
        $(#[$doc])*
        #[utoipa::path(
            post,
            operation_id = $operation,
            path = $path,
            tag = "dossiers",
            params(("id" = Uuid, Path, description = "Mã hồ sơ")),
            request_body(content = ActionInput, description = "revision"),
            security(("bearer" = [])),
            responses(
                (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
                (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
                (status = 200, description = $done, body = DossierView),
                (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
                (status = 403, description = "Vai trò không thực hiện thao tác này", body = ErrorBody),
                (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
                (status = 409, description = "Không thực hiện được từ trạng thái này, hoặc hồ sơ đã thay đổi (stale)", body = ErrorBody),
                (status = 422, description = "Thiếu revision, hoặc hồ sơ còn thiếu (checklist.*)", body = ErrorBody),
            )
        )]
        pub async fn $name(
            State(state): State<AppState>,
            user: ApiUser,
            Path(id): Path<String>,
            ApiInput(input): ApiInput<ActionInput>,
        ) -> Result<Json<DossierView>, ApiError> {
            let id = path_id(&id, "hồ sơ")?;
            let revision = revision_of(&input.revision)?;
            state.store.$use_case(&user.caller(), id, revision).await?;
            detail(&state, &user, id).await
        }
    };
}

simple_action!(
    /// File a draft with the commune (its producer): refused (422, one `checklist.*` field per
    /// missing item) while the checklist is not empty; gives the receipt number and freezes
    /// the first version.
    submit,
    "submit_dossier",
    "/api/v1/dossiers/{id}/submit",
    submit_dossier,
    "Đã nộp"
);
simple_action!(
    /// File a returned dossier again (its producer): a new frozen version; the commune's 15
    /// working days start again.
    resubmit,
    "resubmit_dossier",
    "/api/v1/dossiers/{id}/resubmit",
    resubmit_dossier,
    "Đã nộp lại"
);
simple_action!(
    /// Withdraw a filed dossier before the commune accepts it (its producer).
    withdraw,
    "withdraw_dossier",
    "/api/v1/dossiers/{id}/withdraw",
    withdraw_dossier,
    "Đã rút"
);

/// Return a filed dossier to its producer with the reasons per item (the commune officer).
#[utoipa::path(
    post,
    operation_id = "return_dossier",
    path = "/api/v1/dossiers/{id}/return",
    tag = "dossiers",
    params(("id" = Uuid, Path, description = "Mã hồ sơ")),
    request_body(content = ReturnRequest, description = "Lý do trả lại từng mục, và revision"),
    security(("bearer" = [])),
    responses(
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 200, description = "Đã trả lại", body = DossierView),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không trả lại hồ sơ", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Không trả lại được từ trạng thái này, hoặc hồ sơ đã thay đổi (stale)", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Lý do không hợp lệ", body = ErrorBody),
    )
)]
pub async fn return_dossier(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    request: Request,
) -> Result<Json<DossierView>, ApiError> {
    let id = path_id(&id, "hồ sơ")?;
    // Who may act is asked before the body is read.
    state.store.visible_dossier(&user.caller(), id).await?;
    let body: ReturnRequest = typed_body(request).await?;
    state
        .store
        .return_dossier(&user.caller(), id, body.revision, &body.reasons)
        .await?;
    detail(&state, &user, id).await
}

/// Accept a filed dossier with the commune's report, Mẫu 03 (the commune officer).
#[utoipa::path(
    post,
    operation_id = "accept_dossier",
    path = "/api/v1/dossiers/{id}/accept",
    tag = "dossiers",
    params(("id" = Uuid, Path, description = "Mã hồ sơ")),
    request_body(content = AcceptInput, description = "Mẫu 03 và revision"),
    security(("bearer" = [])),
    responses(
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 200, description = "Đã tiếp nhận", body = DossierView),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không tiếp nhận hồ sơ", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Không tiếp nhận được từ trạng thái này, hoặc hồ sơ đã thay đổi (stale)", body = ErrorBody),
        (status = 422, description = "Báo cáo không hợp lệ (từng trường)", body = ErrorBody),
    )
)]
pub async fn accept(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<AcceptInput>,
) -> Result<Json<DossierView>, ApiError> {
    let id = path_id(&id, "hồ sơ")?;
    let revision = revision_of(&input.revision)?;
    state
        .store
        .accept_dossier(&user.caller(), id, revision, &input.report)
        .await?;
    detail(&state, &user, id).await
}

/// Propose an accepted dossier to the province with the commune's letter (the commune
/// officer).
#[utoipa::path(
    post,
    operation_id = "propose_dossier",
    path = "/api/v1/dossiers/{id}/propose",
    tag = "dossiers",
    params(("id" = Uuid, Path, description = "Mã hồ sơ")),
    request_body(content = ProposeInput, description = "Văn bản đề nghị và revision"),
    security(("bearer" = [])),
    responses(
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 200, description = "Đã đề nghị tỉnh", body = DossierView),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Vai trò không đề nghị", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Không đề nghị được từ trạng thái này, hoặc hồ sơ đã thay đổi (stale)", body = ErrorBody),
        (status = 422, description = "Văn bản không hợp lệ (từng trường)", body = ErrorBody),
    )
)]
pub async fn propose(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<ProposeInput>,
) -> Result<Json<DossierView>, ApiError> {
    let id = path_id(&id, "hồ sơ")?;
    let revision = revision_of(&input.revision)?;
    state
        .store
        .propose_dossier(&user.caller(), id, revision, &input.letter)
        .await?;
    detail(&state, &user, id).await
}

/// One criterion of a sheet with the documents that prove it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogueEntry {
    pub criterion: String,
    pub name: String,
    pub documents: Vec<DocumentKind>,
}

/// The evidence catalogue of a sheet: each criterion with the kinds of document that prove
/// it, and the law's Mẫu 02 part III table.
#[derive(Debug, Serialize, ToSchema)]
pub struct Catalogue {
    pub version: String,
    pub sheet: u8,
    /// Empty for a version whose sheets are not held (V2025, V2023).
    pub criteria: Vec<CatalogueEntry>,
    pub mau_02_part_iii: Vec<ocop_domain::dossier::evidence::CatalogueRow>,
}

/// The evidence catalogue (minh chứng) of a criteria version's sheet: which documents prove
/// each criterion, and the table of Mẫu 02 part III. Public reference data.
#[utoipa::path(
    get,
    operation_id = "evidence_catalogue",
    path = "/api/v1/dossiers/catalogue/{version}/{sheet}",
    tag = "dossiers",
    params(
        ("version" = String, Path, description = "`V2026`, `V2025` hoặc `V2023`"),
        ("sheet" = u8, Path, description = "Số phiếu (bộ sản phẩm) 1–26"),
    ),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Danh mục minh chứng", body = Catalogue),
        (status = 404, description = "Không có bộ tiêu chí hoặc phiếu này", body = ErrorBody),
    )
)]
pub async fn catalogue(
    Path((version, sheet)): Path<(String, String)>,
) -> Result<Json<Catalogue>, ApiError> {
    let set = DOSSIER_CRITERIA_VERSIONS
        .iter()
        .find(|v| **v == version)
        .and_then(|v| criteria_set(v))
        .ok_or_else(|| AppError::not_found("bộ tiêu chí"))?;
    let number: u8 = sheet.parse().map_err(|_| AppError::not_found("phiếu"))?;
    let criteria = match set.sheet(number) {
        Some(found) => sheet_catalogue(found)
            .into_iter()
            .map(|(criterion, name, documents)| CatalogueEntry {
                criterion,
                name,
                documents,
            })
            .collect(),
        None if set.sheets.is_empty() => Vec::new(),
        None => return Err(AppError::not_found("phiếu").into()),
    };
    Ok(Json(Catalogue {
        version: set.version.clone(),
        sheet: number,
        criteria,
        mau_02_part_iii: ocop_domain::dossier::evidence::MAU_02_PART_III.to_vec(),
    }))
}
