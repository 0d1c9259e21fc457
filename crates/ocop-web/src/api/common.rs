//! What several resources of the API share: unit and province views, paging and filter
//! parameters checked one by one (each bad value reported on its own parameter, in
//! Vietnamese), and the record resources that `authorize` decides on.

use ocop_domain::units::{AdminUnits, Level, Structure, UnitRef};
use ocop_domain::validation::FieldErrors;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 100;
/// Past it a page number is a client bug (422), not a list position; below it a page past
/// the end is simply empty.
pub const MAX_PAGE: u32 = 100_000;
/// Longer search text is refused rather than cut: a cut query would search something else.
pub const MAX_QUERY_CHARS: usize = 200;

/// The OpenAPI schemas of the shared parameters, from the constants their checks use.
pub mod schema {
    use super::*;

    /// A whole number from `min` to `max`.
    pub fn integer(min: u32, max: u32) -> Object {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(min))
            .maximum(Some(max))
            .build()
    }

    /// One of these texts.
    pub fn choice<'a>(values: impl IntoIterator<Item = &'a str>) -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(values))
            .build()
    }

    pub fn page() -> Object {
        integer(1, MAX_PAGE)
    }

    pub fn per_page() -> Object {
        integer(1, MAX_PER_PAGE)
    }

    /// The provinces of today's structure, by code.
    pub fn province() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .enum_values(Some(
                AdminUnits::embedded()
                    .provinces(Structure::TwoTier)
                    .map(|p| p.code)
                    .collect::<Vec<_>>(),
            ))
            .build()
    }

    /// Search words.
    pub fn search() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(MAX_QUERY_CHARS))
            .build()
    }
}

/// A named schema made by `$make`, for a parameter's `#[param(value_type = …)]` (one given by
/// `schema_with` would lose its description and whether it is required).
macro_rules! param_schema {
    ($(#[$doc:meta])* $name:ident = $make:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::Schema::Object($make).into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}
pub(crate) use param_schema;

param_schema!(
    /// A page number.
    PageNumber = schema::page()
);
param_schema!(
    /// Rows per page.
    PerPage = schema::per_page()
);
param_schema!(
    /// A province of today's structure, by code.
    ProvinceCode = schema::province()
);
param_schema!(
    /// A commune of today's structure, by code.
    CommuneCode = schema::integer(1, 99_999)
);
param_schema!(
    /// Search words.
    SearchText = schema::search()
);

/// The unit a record was made under.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitView {
    pub structure: Structure,
    pub level: Level,
    pub code: u32,
    /// E.g. "Xã Bình Liêu".
    pub name: String,
    /// With its parents, e.g. "Xã Bình Liêu, Quảng Ninh".
    pub full_name: String,
}

impl UnitView {
    pub fn of(r: UnitRef) -> UnitView {
        let units = AdminUnits::embedded();
        UnitView {
            structure: r.structure,
            level: r.level,
            code: r.code,
            name: units
                .get(r)
                .map_or_else(|| format!("(mã {})", r.code), |u| u.name.clone()),
            full_name: units.full_name(r),
        }
    }
}

/// The commune of today a record sits in: the one it was made under, or for a record of an
/// old commune (2025-01) the successor that commune went into.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommuneView {
    #[schema(example = 6838)]
    pub code: u32,
    #[schema(example = "Xã Bình Liêu")]
    pub name: String,
    #[schema(example = "Xã Bình Liêu, Quảng Ninh")]
    pub full_name: String,
}

impl CommuneView {
    pub fn of(code: Option<u32>) -> Option<CommuneView> {
        let units = AdminUnits::embedded();
        let commune = units.commune(code?)?;
        Some(CommuneView {
            code: commune.code,
            name: commune.name.clone(),
            full_name: units.full_name(UnitRef::commune(commune.code)),
        })
    }
}

/// A province of today's structure (records of old units roll up to it).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProvinceView {
    pub code: u32,
    pub name: String,
}

impl ProvinceView {
    pub fn of(code: u32) -> ProvinceView {
        ProvinceView {
            code,
            name: crate::view::province_name(code),
        }
    }
}

/// Checked paging: `page` ≥ 1, `per_page` 1–100.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

/// A parameter's value; an empty one (`?province=`, as a form sends it) is an absent one.
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

pub fn paging(
    page: &Option<String>,
    per_page: &Option<String>,
    errors: &mut FieldErrors,
) -> Paging {
    let page = match given(page) {
        None => 1,
        Some(raw) => match raw.parse::<u32>() {
            Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
            _ => {
                errors.add(
                    "page",
                    "invalid_page",
                    format!("Số trang \"{raw}\" phải là số nguyên từ 1 đến {MAX_PAGE}"),
                );
                1
            }
        },
    };
    let per_page = match given(per_page) {
        None => DEFAULT_PER_PAGE,
        Some(raw) => match raw.parse::<u32>() {
            Ok(n) if (1..=MAX_PER_PAGE).contains(&n) => n,
            _ => {
                errors.add(
                    "per_page",
                    "invalid_per_page",
                    format!(
                        "Số dòng mỗi trang \"{raw}\" phải là số nguyên từ 1 đến {MAX_PER_PAGE}"
                    ),
                );
                DEFAULT_PER_PAGE
            }
        },
    };
    Paging { page, per_page }
}

/// A province code of today's structure.
pub fn province_param(value: &Option<String>, errors: &mut FieldErrors) -> Option<u32> {
    let raw = given(value)?;
    match raw.parse::<u32>() {
        Ok(code) if AdminUnits::embedded().province(code).is_some() => Some(code),
        Ok(code) => {
            errors.add(
                "province",
                "unknown_province",
                format!("Không có tỉnh/thành phố mã {code} (cơ cấu từ 01/07/2025)"),
            );
            None
        }
        Err(_) => {
            errors.add(
                "province",
                "invalid_province",
                format!("Mã tỉnh/thành phố \"{raw}\" phải là số"),
            );
            None
        }
    }
}

/// A commune code of today's structure.
pub fn commune_param(value: &Option<String>, errors: &mut FieldErrors) -> Option<u32> {
    let raw = given(value)?;
    match raw.parse::<u32>() {
        Ok(code) if AdminUnits::embedded().commune(code).is_some() => Some(code),
        _ => {
            errors.add(
                "commune",
                "unknown_commune",
                format!(
                    "Không có xã/phường mã \"{}\" (cơ cấu từ 01/07/2025)",
                    raw.chars().take(40).collect::<String>()
                ),
            );
            None
        }
    }
}

/// One of a workflow's states by its key (`all` and `key` of the state type), on `state`.
pub fn state_param<S: Copy>(
    value: &Option<String>,
    all: &[S],
    key: fn(S) -> &'static str,
    errors: &mut FieldErrors,
) -> Option<S> {
    let raw = given(value)?;
    let found = all.iter().copied().find(|s| key(*s) == raw);
    if found.is_none() {
        let keys: Vec<&str> = all.iter().map(|s| key(*s)).collect();
        errors.add(
            "state",
            "invalid_state",
            format!(
                "Trạng thái \"{}\" không hợp lệ; dùng một trong: {}",
                raw.chars().take(40).collect::<String>(),
                keys.join(", ")
            ),
        );
    }
    found
}

/// The search text, at most 200 characters; blank is no search.
pub fn search_param(value: &Option<String>, errors: &mut FieldErrors) -> Option<String> {
    let q = given(value)?.trim();
    if q.is_empty() {
        return None;
    }
    if q.chars().count() > MAX_QUERY_CHARS {
        errors.add(
            "q",
            "too_long",
            format!("Từ khóa tìm kiếm dài quá {MAX_QUERY_CHARS} ký tự"),
        );
        return None;
    }
    Some(q.to_owned())
}
