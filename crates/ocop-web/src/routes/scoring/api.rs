//! The scoring API: the criteria sets as data, and the engine over HTTP.
//!
//! - `GET /api/v1/criteria`: the versions, with their sheets' names.
//! - `GET /api/v1/criteria/{version}`: a whole criteria set.
//! - `GET /api/v1/criteria/{version}/{sheet}`: one sheet.
//! - `POST /api/v1/scoring/evaluate`: a council's answers in, the evaluation out.
//! - `POST /api/v1/scoring/evaluate-batch`: many evaluations in one request (a council
//!   session), answered in order.
//!
//! Nothing is stored and no account is needed: the engine is public, like the law.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Request};
use ocop_domain::criteria::{Band, CriteriaSet, KnockOut, Library, PartPoints, Sheet};
use ocop_domain::scoring::{
    Answers, Evaluation, MAX_MEMBERS, MemberAnswers, MemberTotals, ScoringError, TotalsAnswers,
    TotalsEvaluation, evaluate as evaluate_sheet, evaluate_totals,
};
use ocop_domain::validation::{FieldError, FieldErrors};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::scoring_errors;
use crate::api::extract::read_body;
use crate::error::ErrorBody;
use crate::{ApiError, AppError, AppState};

/// The most evaluations one batch may hold (a large council session).
pub const MAX_BATCH: usize = 500;

/// Largest body of one evaluation: a council of [`MAX_MEMBERS`] with every criterion answered
/// takes well under this. The engine is public, so no request may cost much.
pub const MAX_EVALUATE_BYTES: usize = 256 * 1024;
/// Largest body of a batch: a session of a hundred products by a council of nine fits.
pub const MAX_BATCH_BYTES: usize = 4 * 1024 * 1024;
/// Most criteria one member's sheet may answer (the longest sheet has far fewer).
pub const MAX_CHOICES: usize = 200;
/// Most knock-out codes one evaluation may name (there are fewer codes than this).
pub const MAX_KNOCKOUTS: usize = 16;
/// Longest member name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest criterion id, knock-out code or version, in characters.
pub const MAX_CODE_CHARS: usize = 64;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_versions))
        .routes(routes!(criteria_set))
        .routes(routes!(criteria_sheet))
        .routes(routes!(evaluate))
        .routes(routes!(evaluate_batch))
}

/// One version of the criteria, without its sheets' contents.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionSummary {
    pub version: String,
    pub legal_basis: String,
    /// ISO date the version applies from.
    pub effective_from: String,
    pub part_maxima: PartPoints,
    pub bands: Vec<Band>,
    pub recognised_min_stars: u8,
    /// False for versions scored from part totals (their sheets are not held).
    pub sheets_held: bool,
    pub sheets: Vec<SheetSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SheetSummary {
    pub number: u8,
    pub name: String,
    pub product_group: String,
    pub subgroup: Option<String>,
}

/// A council's answers on one sheet (versions with sheets), or its part totals (versions
/// without: V2025, V2023, V2019).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluateRequest {
    /// Criteria version, e.g. `V2026`.
    #[schema(max_length = 64)]
    pub version: String,
    /// Sheet number 1..=26; only for versions that hold sheets.
    #[serde(default)]
    pub sheet: Option<u8>,
    #[schema(min_items = 1, max_items = 50)]
    pub members: Vec<MemberRequest>,
    /// Knock-out codes found (e.g. `forged_dossier`); each must be listed by the sheet.
    #[serde(default)]
    #[schema(max_items = 16)]
    pub knockouts: Vec<String>,
    /// Largest spread of members' totals before a re-score (default 10).
    #[serde(default)]
    pub spread_threshold: Option<u32>,
}

/// One council member's sheet: `choices` (criterion id → option number, 1-based; 0 or
/// absent = none; 1 = met for a yes/no criterion), or `parts` {A, B, C} for versions
/// scored from part totals.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberRequest {
    #[serde(default)]
    #[schema(max_length = 200)]
    pub name: String,
    #[serde(default)]
    pub choices: BTreeMap<String, u32>,
    #[serde(default)]
    pub parts: Option<PartPoints>,
}

/// The evaluation: per sheet (with minimums, caps and next-star advice), or from part
/// totals (bands only, `minimums_checked: false`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum EvaluateResponse {
    Sheet(Box<Evaluation>),
    Totals(Box<TotalsEvaluation>),
}

/// Lists the criteria versions, newest first, with their sheets.
#[utoipa::path(
    get,
    path = "/api/v1/criteria",
    tag = "scoring",
    responses((status = 200, description = "Các bộ tiêu chí", body = Vec<VersionSummary>))
)]
async fn list_versions() -> Json<Vec<VersionSummary>> {
    Json(
        Library::embedded()
            .versions()
            .iter()
            .map(|set| VersionSummary {
                version: set.version.clone(),
                legal_basis: set.legal_basis.clone(),
                effective_from: set.effective_from.to_string(),
                part_maxima: set.part_maxima,
                bands: set.bands.clone(),
                recognised_min_stars: set.recognised_min_stars,
                sheets_held: !set.sheets.is_empty(),
                sheets: set
                    .sheets
                    .iter()
                    .map(|sheet| SheetSummary {
                        number: sheet.number,
                        name: sheet.name.clone(),
                        product_group: sheet.product_group.clone(),
                        subgroup: sheet.subgroup.clone(),
                    })
                    .collect(),
            })
            .collect(),
    )
}

/// A whole criteria set: every sheet, criterion, option, star minimum, rule and erratum.
#[utoipa::path(
    get,
    path = "/api/v1/criteria/{version}",
    tag = "scoring",
    params(("version" = String, Path, description = "Phiên bản, ví dụ V2026")),
    responses(
        (status = 200, description = "Bộ tiêu chí", body = CriteriaSet),
        (status = 404, description = "Không có phiên bản này", body = ErrorBody)
    )
)]
async fn criteria_set(Path(version): Path<String>) -> Result<Json<&'static CriteriaSet>, ApiError> {
    Ok(Json(set_of(&version)?))
}

/// One scoring sheet of a version.
#[utoipa::path(
    get,
    path = "/api/v1/criteria/{version}/{sheet}",
    tag = "scoring",
    params(
        ("version" = String, Path, description = "Phiên bản, ví dụ V2026"),
        ("sheet" = u8, Path, description = "Số phiếu (bộ sản phẩm) 1–26")
    ),
    responses(
        (status = 200, description = "Phiếu đánh giá", body = Sheet),
        (status = 404, description = "Không có phiếu này", body = ErrorBody)
    )
)]
async fn criteria_sheet(
    Path((version, sheet)): Path<(String, String)>,
) -> Result<Json<&'static Sheet>, ApiError> {
    let (_, sheet) = super::find_sheet(&version, &sheet)?;
    Ok(Json(sheet))
}

/// Scores a council's answers. Bad input answers 422 with `fields` naming each problem
/// (unknown criterion, option out of range, knock-out the sheet does not list, unknown
/// sheet…); JSON that does not parse answers 400.
#[utoipa::path(
    post,
    path = "/api/v1/scoring/evaluate",
    tag = "scoring",
    request_body = EvaluateRequest,
    responses(
        (status = 200, description = "Kết quả đánh giá", body = EvaluateResponse),
        (status = 400, description = "JSON không hợp lệ", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu chấm không hợp lệ", body = ErrorBody)
    )
)]
async fn evaluate(request: Request) -> Result<Json<EvaluateResponse>, ApiError> {
    let body = read_body(request.into_body(), MAX_EVALUATE_BYTES).await?;
    let request: EvaluateRequest = parse_json(&body)?;
    Ok(Json(run(&request).map_err(AppError::Invalid)?))
}

/// Scores many councils at once (e.g. every product of a session), answered in order. If
/// any item is invalid nothing is scored and the 422 names it: `[3].members[0]…`.
#[utoipa::path(
    post,
    path = "/api/v1/scoring/evaluate-batch",
    tag = "scoring",
    request_body = Vec<EvaluateRequest>,
    responses(
        (status = 200, description = "Kết quả, theo thứ tự", body = Vec<EvaluateResponse>),
        (status = 400, description = "JSON không hợp lệ", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu chấm không hợp lệ", body = ErrorBody)
    )
)]
async fn evaluate_batch(request: Request) -> Result<Json<Vec<EvaluateResponse>>, ApiError> {
    let body = read_body(request.into_body(), MAX_BATCH_BYTES).await?;
    // Parsing up to 4 MiB and scoring up to 500 sheets is CPU work: off the async workers.
    let results = tokio::task::spawn_blocking(move || score_batch(&body))
        .await
        .map_err(AppError::internal)??;
    Ok(Json(results))
}

/// Parses and scores a batch; errors name the item (`[3].members`).
fn score_batch(body: &[u8]) -> Result<Vec<EvaluateResponse>, ApiError> {
    let requests: Vec<EvaluateRequest> = parse_json(body)?;
    if requests.len() > MAX_BATCH {
        let mut errors = FieldErrors::default();
        errors.add(
            "",
            "batch_too_large",
            format!(
                "Mỗi lần gửi tối đa {MAX_BATCH} phiếu đánh giá (nhận được {})",
                requests.len()
            ),
        );
        return Err(AppError::Invalid(errors).into());
    }
    let mut results = Vec::with_capacity(requests.len());
    for (index, request) in requests.iter().enumerate() {
        let result = run(request).map_err(|errors| {
            AppError::Invalid(FieldErrors(
                errors
                    .0
                    .into_iter()
                    .map(|error| FieldError {
                        field: format!("[{index}].{}", error.field),
                        ..error
                    })
                    .collect(),
            ))
        })?;
        results.push(result);
    }
    Ok(results)
}

fn set_of(version: &str) -> Result<&'static CriteriaSet, AppError> {
    Library::embedded()
        .version(version)
        .ok_or_else(|| AppError::NotFound(format!("bộ tiêu chí {version}")))
}

/// JSON that does not parse → 400; JSON of the wrong shape → 422 naming the path at fault.
fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        if inner.is_data() {
            let mut errors = FieldErrors::default();
            let field = if path == "." { String::new() } else { path };
            errors.add(
                &field,
                "invalid_value",
                format!("Giá trị không đúng kiểu hoặc không được phép: {inner}"),
            );
            AppError::Invalid(errors)
        } else {
            AppError::BadRequest(format!("Nội dung JSON không hợp lệ: {inner}"))
        }
    })
}

/// Checks what the engine cannot (version, knock-out codes, which input kind the version
/// takes), then lets the engine score and judge the rest.
fn run(request: &EvaluateRequest) -> Result<EvaluateResponse, FieldErrors> {
    let errors = over_bounds(request);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut errors = FieldErrors::default();
    let set = Library::embedded().version(&request.version);
    if set.is_none() {
        let known: Vec<&str> = Library::embedded()
            .versions()
            .iter()
            .map(|set| set.version.as_str())
            .collect();
        errors.add(
            "version",
            "unknown_version",
            format!(
                "Không có bộ tiêu chí \"{}\" (có: {})",
                request.version,
                known.join(", ")
            ),
        );
    }
    let mut knockouts = Vec::with_capacity(request.knockouts.len());
    for (index, code) in request.knockouts.iter().enumerate() {
        match KnockOut::ALL.into_iter().find(|k| k.code() == code) {
            Some(knockout) => knockouts.push(knockout),
            None => errors.add(
                &format!("knockouts[{index}]"),
                "unknown_knockout",
                format!(
                    "Không có điều kiện loại hồ sơ mã \"{code}\" (các mã: {})",
                    KnockOut::ALL.map(KnockOut::code).join(", ")
                ),
            ),
        }
    }
    let Some(set) = set else {
        return Err(errors);
    };
    if set.sheets.is_empty() {
        totals(set, request, knockouts, errors)
    } else {
        sheet(set, request, knockouts, errors)
    }
}

/// Every list and text of a request within its bound, before any work is done on it.
fn over_bounds(request: &EvaluateRequest) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let mut too_many = |field: &str, count: usize, max: usize, what: &str| {
        if count > max {
            errors.add(
                field,
                "too_many",
                format!("Tối đa {max} {what} (nhận được {count})"),
            );
        }
    };
    too_many(
        "members",
        request.members.len(),
        MAX_MEMBERS,
        "phiếu chấm của thành viên hội đồng",
    );
    too_many(
        "knockouts",
        request.knockouts.len(),
        MAX_KNOCKOUTS,
        "điều kiện loại hồ sơ",
    );
    for (index, member) in request.members.iter().take(MAX_MEMBERS).enumerate() {
        too_many(
            &format!("members[{index}].choices"),
            member.choices.len(),
            MAX_CHOICES,
            "tiêu chí trong một phiếu",
        );
    }
    let mut too_long = |field: &str, text: &str, max: usize| {
        if text.chars().count() > max {
            errors.add(field, "too_long", format!("Dài quá {max} ký tự"));
        }
    };
    too_long("version", &request.version, MAX_CODE_CHARS);
    for (index, code) in request.knockouts.iter().take(MAX_KNOCKOUTS).enumerate() {
        too_long(&format!("knockouts[{index}]"), code, MAX_CODE_CHARS);
    }
    for (index, member) in request.members.iter().take(MAX_MEMBERS).enumerate() {
        too_long(
            &format!("members[{index}].name"),
            &member.name,
            MAX_NAME_CHARS,
        );
        for criterion in member.choices.keys().take(MAX_CHOICES) {
            too_long(
                &format!("members[{index}].choices"),
                criterion,
                MAX_CODE_CHARS,
            );
        }
    }
    errors
}

fn sheet(
    set: &CriteriaSet,
    request: &EvaluateRequest,
    knockouts: Vec<KnockOut>,
    mut errors: FieldErrors,
) -> Result<EvaluateResponse, FieldErrors> {
    if request.sheet.is_none() {
        errors.add(
            "sheet",
            "required",
            format!(
                "Cần chọn phiếu đánh giá (bộ sản phẩm) số 1–{} của bộ tiêu chí {}",
                set.sheets.len(),
                set.version
            ),
        );
    }
    for (index, member) in request.members.iter().enumerate() {
        if member.parts.is_some() {
            errors.add(
                &format!("members[{index}].parts"),
                "parts_not_allowed",
                format!(
                    "Bộ tiêu chí {} chấm theo từng tiêu chí (choices), không nhập tổng điểm từng phần",
                    set.version
                ),
            );
        }
    }
    let Some(number) = request.sheet.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    let answers = Answers {
        members: request
            .members
            .iter()
            .enumerate()
            .map(|(index, member)| MemberAnswers {
                name: member_name(index, &member.name),
                choices: member.choices.clone(),
            })
            .collect(),
        knockouts,
        spread_threshold: request.spread_threshold,
    };
    evaluate_sheet(set, number, &answers)
        .map(|evaluation| EvaluateResponse::Sheet(Box::new(evaluation)))
        .map_err(|error| scoring_errors(&error))
}

fn totals(
    set: &CriteriaSet,
    request: &EvaluateRequest,
    knockouts: Vec<KnockOut>,
    mut errors: FieldErrors,
) -> Result<EvaluateResponse, FieldErrors> {
    if request.sheet.is_some() {
        let error = ScoringError::SheetsNotHeld {
            version: set.version.clone(),
        };
        errors.0.extend(scoring_errors(&error).0);
    }
    let mut members = Vec::with_capacity(request.members.len());
    for (index, member) in request.members.iter().enumerate() {
        if !member.choices.is_empty() {
            errors.add(
                &format!("members[{index}].choices"),
                "choices_not_allowed",
                format!(
                    "Bộ tiêu chí {} không có phiếu chi tiết: nhập tổng điểm từng phần (parts A, B, C)",
                    set.version
                ),
            );
        }
        match member.parts {
            Some(parts) => members.push(MemberTotals {
                name: member_name(index, &member.name),
                parts,
            }),
            None => errors.add(
                &format!("members[{index}].parts"),
                "required",
                format!(
                    "Phiếu của thành viên thứ {}: cần nhập điểm từng phần A, B, C",
                    index + 1
                ),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let answers = TotalsAnswers {
        members,
        knockouts,
        spread_threshold: request.spread_threshold,
    };
    evaluate_totals(set, &answers)
        .map(|evaluation| EvaluateResponse::Totals(Box::new(evaluation)))
        .map_err(|error| scoring_errors(&error))
}

fn member_name(index: usize, name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        format!("Thành viên {}", index + 1)
    } else {
        name.to_owned()
    }
}
