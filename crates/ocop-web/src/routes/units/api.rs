//! `/api/v1/units`: administrative units of both structures (public reference data).

use axum::Json;
use axum::extract::Path;
use ocop_domain::producer::MAX_UNIT_CODE;
use ocop_domain::units::{
    AdminUnits, Level, MAX_COMMUNE_QUERY_CHARS, Structure, Succession, Unit, UnitRef,
};
use ocop_domain::validation::FieldErrors;
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::{IntoParams, ToSchema};

use crate::api::common::{ProvinceView, given, param_schema, schema};
use crate::api::extract::ApiQuery;
use crate::error::ErrorBody;
use crate::{ApiError, AppError};

/// Which units to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitListParams {
    /// `2025-07` (two tiers, today's; default) or `2025-01` (three tiers, before 01/07/2025).
    #[param(value_type = Option<StructureKey>, example = "2025-07")]
    pub structure: Option<String>,
    /// `province`, `district` (2025-01 only) or `commune`. Default: `province`, or with
    /// `parent` the level below it.
    #[param(value_type = Option<LevelKey>, example = "commune")]
    pub level: Option<String>,
    /// Code of the direct parent: the province of districts and of 2025-07 communes, the
    /// district of 2025-01 communes.
    #[param(value_type = Option<UnitCode>, example = 22)]
    pub parent: Option<String>,
}

/// A list of units.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitList {
    pub items: Vec<Unit>,
    pub total: usize,
}

/// One unit with where it sits.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDetail {
    #[serde(flatten)]
    pub unit: Unit,
    /// E.g. "Xã Bình Liêu, Quảng Ninh".
    pub full_name: String,
    /// The units above it, nearest first (district, province).
    pub parents: Vec<Unit>,
    /// Today's province: for units of 2025-01, the province it merged into.
    pub current_province: ProvinceView,
    /// Communes of 2025-01 only: the communes of today (2025-07) it went into, the default
    /// (main) successor first; empty for the few that no longer existed in 2025.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successors: Option<Vec<CommuneLink>>,
    /// Communes of 2025-07 only: the old communes (2025-01) it took in, wholly or in part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predecessors: Option<Vec<CommuneLink>>,
}

/// A commune at the other end of the 2025 reform (`commune-merge-2025.csv`).
#[derive(Debug, Serialize, ToSchema)]
pub struct CommuneLink {
    /// The commune's code in its own structure (2025-07 for successors, 2025-01 for
    /// predecessors).
    #[schema(example = 8)]
    pub code: u32,
    #[schema(example = "Phường Ngọc Hà")]
    pub name: String,
    #[schema(example = "Phường Ngọc Hà, Thành phố Hà Nội")]
    pub full_name: String,
    /// This new commune is the old commune's default (main) successor.
    pub is_default: bool,
    /// The old commune was divided among several communes of today.
    pub divided: bool,
}

fn commune_link(units: &AdminUnits, s: &Succession, structure: Structure) -> CommuneLink {
    let r = UnitRef {
        structure,
        level: Level::Commune,
        code: match structure {
            Structure::TwoTier => s.new_code,
            Structure::ThreeTier => s.old_code,
        },
    };
    CommuneLink {
        code: r.code,
        name: units.get(r).map(|u| u.name.clone()).unwrap_or_default(),
        full_name: units.full_name(r),
        is_default: s.is_default,
        divided: units.successors(s.old_code).nth(1).is_some(),
    }
}

param_schema!(
    /// An administrative structure: `2025-07` (today's) or `2025-01`.
    StructureKey = schema::choice(Structure::ALL.map(Structure::key))
);
param_schema!(
    /// A level of administrative unit.
    LevelKey = schema::choice([Level::Province, Level::District, Level::Commune].map(Level::key))
);
param_schema!(
    /// An administrative unit's code.
    UnitCode = schema::integer(1, MAX_UNIT_CODE)
);
param_schema!(
    /// A commune's name (old or new, with or without marks) or code.
    CommuneQuery = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(MAX_COMMUNE_QUERY_CHARS))
        .pattern(Some(ocop_domain::input::not_blank_pattern()))
        .build()
);

/// Which unit.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UnitPath {
    /// `2025-07` or `2025-01`.
    #[param(value_type = StructureKey, example = "2025-07")]
    structure: String,
    /// `province`, `district` or `commune`.
    #[param(value_type = LevelKey, example = "commune")]
    level: String,
    /// Mã đơn vị.
    #[param(value_type = UnitCode, example = 6838)]
    code: String,
}

fn structure_param(raw: Option<&str>, field: &str, errors: &mut FieldErrors) -> Option<Structure> {
    match raw {
        None => Some(Structure::TwoTier),
        Some(raw) => {
            let parsed = Structure::parse(raw);
            if parsed.is_none() {
                errors.add(
                    field,
                    "invalid_structure",
                    format!(
                        "Cơ cấu đơn vị hành chính \"{raw}\" không hợp lệ (2025-07 hoặc 2025-01)"
                    ),
                );
            }
            parsed
        }
    }
}

fn level_param(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<Level> {
    let parsed = Level::parse(raw);
    if parsed.is_none() {
        errors.add(
            field,
            "invalid_level",
            format!("Cấp đơn vị \"{raw}\" không hợp lệ (province, district hoặc commune)"),
        );
    }
    parsed
}

/// The level directly above units of `level` in `structure`.
fn parent_level(structure: Structure, level: Level) -> Option<Level> {
    match (structure, level) {
        (_, Level::Province) => None,
        (Structure::ThreeTier, Level::Commune) => Some(Level::District),
        _ => Some(Level::Province),
    }
}

/// Units of one structure and level, optionally under one parent.
#[utoipa::path(
    get,
    operation_id = "list_units",
    path = "/api/v1/units",
    tag = "units",
    params(UnitListParams),
    responses(
        (status = 200, description = "Danh sách đơn vị hành chính", body = UnitList),
        (status = 422, description = "Tham số không hợp lệ", body = ErrorBody),
    )
)]
pub async fn list(ApiQuery(params): ApiQuery<UnitListParams>) -> Result<Json<UnitList>, ApiError> {
    let units = AdminUnits::embedded();
    let mut errors = FieldErrors::default();
    let structure = structure_param(given(&params.structure), "structure", &mut errors);
    let parent_code = given(&params.parent).and_then(|raw| match raw.parse::<u32>() {
        Ok(code) => Some(code),
        Err(_) => {
            errors.add(
                "parent",
                "invalid_parent",
                format!("Mã đơn vị cấp trên \"{raw}\" phải là số"),
            );
            None
        }
    });
    let level = match given(&params.level) {
        Some(raw) => level_param(raw, "level", &mut errors),
        None if parent_code.is_some() => Some(match structure {
            Some(Structure::ThreeTier) => Level::District,
            _ => Level::Commune,
        }),
        None => Some(Level::Province),
    };
    let (Some(structure), Some(level)) = (structure, level) else {
        return Err(errors.into());
    };
    if structure == Structure::TwoTier && level == Level::District {
        errors.add(
            "level",
            "invalid_level",
            "Cơ cấu hai cấp (2025-07) không có cấp huyện",
        );
    }
    let parent = match (parent_code, parent_level(structure, level)) {
        (None, _) => None,
        (Some(_), None) => {
            errors.add(
                "parent",
                "invalid_parent",
                "Đơn vị cấp tỉnh không có đơn vị cấp trên",
            );
            None
        }
        (Some(code), Some(parent_level)) => {
            let r = UnitRef {
                structure,
                level: parent_level,
                code,
            };
            if units.get(r).is_none() {
                errors.add(
                    "parent",
                    "unknown_unit",
                    format!(
                        "Không có đơn vị cấp {} mã {code} trong cơ cấu {}",
                        parent_level.key(),
                        structure.key()
                    ),
                );
            }
            Some(r)
        }
    };
    errors.into_result(())?;
    let items: Vec<Unit> = units
        .all()
        .iter()
        .filter(|u| u.structure == structure && u.level == level)
        .filter(|u| {
            parent.is_none_or(|p| {
                units
                    .parent(u)
                    .is_some_and(|up| up.level == p.level && up.code == p.code)
            })
        })
        .cloned()
        .collect();
    Ok(Json(UnitList {
        total: items.len(),
        items,
    }))
}

/// One unit, its parents and today's province; for a commune, the communes at the other
/// end of the 2025 reform (successors of an old commune, predecessors of today's).
#[utoipa::path(
    get,
    operation_id = "get_unit",
    path = "/api/v1/units/{structure}/{level}/{code}",
    tag = "units",
    params(UnitPath),
    responses(
        (status = 200, description = "Đơn vị hành chính; với xã: các xã kế thừa (2025-01) hoặc các xã cũ đã nhập vào (2025-07)", body = UnitDetail),
        (status = 404, description = "Không có đơn vị này (cơ cấu 2025-07 không có cấp huyện)", body = ErrorBody),
        (status = 422, description = "Cơ cấu, cấp hoặc mã không hợp lệ", body = ErrorBody),
    )
)]
pub async fn get(
    Path(UnitPath {
        structure,
        level,
        code,
    }): Path<UnitPath>,
) -> Result<Json<UnitDetail>, ApiError> {
    let units = AdminUnits::embedded();
    let mut errors = FieldErrors::default();
    let structure = structure_param(Some(&structure), "structure", &mut errors);
    let level = level_param(&level, "level", &mut errors);
    let code = match code.parse::<u32>() {
        Ok(c) => Some(c),
        Err(_) => {
            errors.add(
                "code",
                "invalid_code",
                format!("Mã đơn vị \"{code}\" phải là số"),
            );
            None
        }
    };
    let (Some(structure), Some(level), Some(code)) = (structure, level, code) else {
        return Err(errors.into());
    };
    let r = UnitRef {
        structure,
        level,
        code,
    };
    let unit = units.get(r).ok_or_else(|| {
        ApiError(AppError::NotFound(format!(
            "đơn vị cấp {} mã {code} trong cơ cấu {}",
            level.key(),
            structure.key()
        )))
    })?;
    let mut parents = Vec::new();
    let mut u = unit;
    while let Some(p) = units.parent(u) {
        parents.push(p.clone());
        u = p;
    }
    let links = |list: Vec<&Succession>, to: Structure| {
        (level == Level::Commune).then(|| {
            list.into_iter()
                .map(|s| commune_link(units, s, to))
                .collect()
        })
    };
    let (successors, predecessors) = match structure {
        Structure::ThreeTier => (
            links(units.successors(code).collect(), Structure::TwoTier),
            None,
        ),
        Structure::TwoTier => (
            None,
            links(units.predecessors(code).collect(), Structure::ThreeTier),
        ),
    };
    Ok(Json(UnitDetail {
        unit: unit.clone(),
        full_name: units.full_name(r),
        parents,
        current_province: ProvinceView::of(units.current_province_code(unit)),
        successors,
        predecessors,
    }))
}

/// What to look for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitSearchParams {
    /// A commune's name as a person gives it, old or new, with or without marks ("Hữu Lân",
    /// "xa huu lan"), or its code.
    #[param(value_type = CommuneQuery, required = true, example = "Hữu Lân")]
    pub q: Option<String>,
}

/// A commune found by name or code, with where it is today.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommuneMatch {
    #[serde(flatten)]
    pub unit: Unit,
    pub full_name: String,
    /// Today's commune(s) (2025-07): the commune itself, or the communes an old one went
    /// into, the default (main) successor first.
    pub today: Vec<CommuneLink>,
}

/// Finds communes of both structures by name or code, and answers with today's commune: a
/// producer who knows only its address before 01/07/2025 ("Xã Hữu Lân") learns which commune
/// it is in now. At most 20, whole-name matches and today's communes first.
#[utoipa::path(
    get,
    operation_id = "search_communes",
    path = "/api/v1/units/search",
    tag = "units",
    params(UnitSearchParams),
    responses(
        (status = 200, description = "Các xã tìm thấy, kèm xã hiện nay", body = Vec<CommuneMatch>),
        (status = 422, description = "Thiếu hoặc quá dài", body = ErrorBody),
    )
)]
pub async fn search(
    ApiQuery(params): ApiQuery<UnitSearchParams>,
) -> Result<Json<Vec<CommuneMatch>>, ApiError> {
    let query = given(&params.q).unwrap_or_default();
    let mut errors = FieldErrors::default();
    if query.trim().is_empty() {
        errors.add("q", "required", "Nhập tên hoặc mã xã cần tìm");
    } else if query.chars().count() > MAX_COMMUNE_QUERY_CHARS {
        errors.add(
            "q",
            "too_long",
            format!("Dài quá {MAX_COMMUNE_QUERY_CHARS} ký tự"),
        );
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let units = AdminUnits::embedded();
    let found = units
        .find_communes(query)
        .into_iter()
        .map(|unit| {
            let today = units.todays_communes(unit);
            let divided = today.len() > 1;
            let today = today
                .into_iter()
                .map(|(code, is_default)| {
                    let r = UnitRef::commune(code);
                    CommuneLink {
                        code,
                        name: units.get(r).map(|u| u.name.clone()).unwrap_or_default(),
                        full_name: units.full_name(r),
                        is_default,
                        divided,
                    }
                })
                .collect();
            CommuneMatch {
                full_name: units.full_name(UnitRef {
                    structure: unit.structure,
                    level: unit.level,
                    code: unit.code,
                }),
                unit: unit.clone(),
                today,
            }
        })
        .collect();
    Ok(Json(found))
}
