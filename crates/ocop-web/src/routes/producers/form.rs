//! The producer form: its fields by role, the commune finder, the page.

use askama::Template;
use ocop_domain::access::{Action, Role};
use ocop_domain::producer::{Gender, ProducerInput, ProducerKind, ProducerStatus};
use ocop_domain::text::fold_vi;
use ocop_domain::units::{AdminUnits, MAX_COMMUNE_QUERY_CHARS, Structure, UnitRef};
use ocop_domain::validation::FieldErrors;
use ocop_store::Producer;
use serde::Deserialize;

use crate::AppError;
use crate::backoffice::{Admin, Nav};
use crate::forms::{Field, Section, attach_errors};
use crate::i18n::Tr;
use crate::view::PageCtx;

#[derive(Template)]
#[template(path = "producers/form.html")]
pub(super) struct FormPage {
    ctx: PageCtx,
    nav: Nav,
    title: String,
    action: String,
    /// The record being edited (None: a new one).
    id: Option<String>,
    sections: Vec<Section>,
    general_errors: Vec<String>,
    has_field_errors: bool,
    can_audit: bool,
    /// On a new record's page: find a commune by its old or new name.
    finder: Option<CommuneFinder>,
}

/// "Chỉ biết địa chỉ cũ?": communes found by name or code, each with today's commune(s) to
/// pick, so a producer known only by its address before 01/07/2025 can be registered.
#[derive(Default)]
pub struct CommuneFinder {
    query: String,
    error: Option<String>,
    searched: bool,
    matches: Vec<CommuneFound>,
}

pub struct CommuneFound {
    /// E.g. "Xã Hữu Lân (cũ), Huyện Lộc Bình, Lạng Sơn".
    label: String,
    /// Today's communes: the link that picks one, and its name.
    today: Vec<(String, String)>,
}

impl CommuneFinder {
    pub(super) fn search(query: &str, tr: Tr) -> CommuneFinder {
        let query = query.trim();
        if query.is_empty() {
            return CommuneFinder::default();
        }
        if query.chars().count() > MAX_COMMUNE_QUERY_CHARS {
            return CommuneFinder {
                query: query.chars().take(MAX_COMMUNE_QUERY_CHARS).collect(),
                error: Some(tr.commune_query_too_long(MAX_COMMUNE_QUERY_CHARS)),
                ..CommuneFinder::default()
            };
        }
        let units = AdminUnits::embedded();
        let pick = |code: u32, default_of_divided: bool| {
            let name = units.full_name(UnitRef::commune(code));
            (
                format!("/admin/producers/new?xa={code}"),
                if default_of_divided {
                    tr.main_part(name)
                } else {
                    name
                },
            )
        };
        let matches = units
            .find_communes(query)
            .into_iter()
            .map(|unit| {
                let today = units.todays_communes(unit);
                let divided = today.len() > 1;
                let place = units.full_name(UnitRef {
                    structure: unit.structure,
                    level: unit.level,
                    code: unit.code,
                });
                CommuneFound {
                    label: match unit.structure {
                        Structure::TwoTier => tr.unit_today(place),
                        Structure::ThreeTier => tr.unit_before_2025(place),
                    },
                    today: today
                        .into_iter()
                        .map(|(code, is_default)| pick(code, divided && is_default))
                        .collect(),
                }
            })
            .collect();
        CommuneFinder {
            query: query.to_owned(),
            error: None,
            searched: true,
            matches,
        }
    }
}

/// `?tim_xa=` searches communes by name; `?xa=` picks today's commune for the form.
#[derive(Deserialize, Default)]
pub struct NewProducerQuery {
    #[serde(default)]
    pub(super) tim_xa: String,
    #[serde(default)]
    pub(super) xa: String,
}

/// Whether the form has the place and the status as fields: a producer's own form shows them
/// fixed, since officials place a producer and decide its status; what the form does not
/// have, a submission does not change.
pub(super) fn form_has_place_and_status(admin: &Admin) -> bool {
    admin.role() != Role::Producer
}

/// How the producer form shows the unit: a commune select of the actor's province, or (for
/// central officials and historical records) the code with its structure and level.
pub(super) fn unit_fields(
    admin: &Admin,
    input: &ProducerInput,
    stored: Option<&Producer>,
) -> Vec<Field> {
    let units = AdminUnits::embedded();
    let tr = admin.tr();
    if !form_has_place_and_status(admin) {
        let shown = stored
            .map(|p| units.full_name(p.data.unit))
            .unwrap_or_default();
        return vec![Field::fixed("unit_code", tr.commune_ward(), &shown)];
    }
    let current_structure = matches!(input.unit_structure.trim(), "" | "2025-07");
    let commune_level = matches!(input.unit_level.trim(), "" | "commune");
    if let Some(province) = admin.actor().province_code
        && current_structure
        && commune_level
    {
        let mut communes: Vec<(String, String)> = units
            .communes_of(province)
            .map(|c| (c.code.to_string(), c.name.clone()))
            .collect();
        communes.sort_by_key(|(_, name)| fold_vi(name));
        return vec![
            Field::select(
                "unit_code",
                tr.commune_ward(),
                communes,
                &input.unit_code,
                Some(tr.choose_commune()),
            )
            .required()
            .hint(tr.commune_hint()),
        ];
    }
    let structures = Structure::ALL
        .iter()
        .map(|s| (s.key().to_owned(), tr.structure_name(*s).to_owned()))
        .collect();
    let levels = vec![
        ("commune".to_owned(), tr.commune_ward().to_owned()),
        ("district".to_owned(), tr.district_old_records().to_owned()),
    ];
    let structure = if input.unit_structure.trim().is_empty() {
        "2025-07"
    } else {
        input.unit_structure.trim()
    };
    let level = if input.unit_level.trim().is_empty() {
        "commune"
    } else {
        input.unit_level.trim()
    };
    vec![
        Field::input("unit_code", tr.unit_code(), "number", &input.unit_code)
            .required()
            .hint(tr.unit_code_hint()),
        Field::select(
            "unit_structure",
            tr.unit_structure(),
            structures,
            structure,
            None,
        ),
        Field::select("unit_level", tr.unit_level(), levels, level, None),
    ]
}

pub(super) fn form_sections(
    admin: &Admin,
    input: &ProducerInput,
    stored: Option<&Producer>,
) -> Vec<Section> {
    let tr = admin.tr();
    let kinds = ProducerKind::ALL
        .iter()
        .map(|k| (k.key().to_owned(), tr.producer_kind(*k).to_owned()))
        .collect();
    let genders = [Gender::Female, Gender::Male]
        .iter()
        .map(|g| (g.key().to_owned(), tr.gender_name(*g).to_owned()))
        .collect();
    // The select shows keys; a value typed as a label ("Nữ") still selects its option.
    let kind = ProducerKind::parse(&input.kind).map_or(input.kind.clone(), |k| k.key().to_owned());
    let gender = Gender::parse(&input.representative_gender)
        .map_or(input.representative_gender.clone(), |g| g.key().to_owned());
    let status_field = if !form_has_place_and_status(admin) {
        let shown = tr.producer_status(stored.map_or(ProducerStatus::Active, |p| p.data.status));
        Field::fixed("status", tr.status(), shown)
    } else {
        let statuses = [
            ProducerStatus::Active,
            ProducerStatus::Suspended,
            ProducerStatus::Archived,
        ]
        .iter()
        .map(|s| (s.key().to_owned(), tr.producer_status(*s).to_owned()))
        .collect();
        let status = ProducerStatus::parse(&input.status)
            .map_or(input.status.clone(), |s| s.key().to_owned());
        Field::select("status", tr.status(), statuses, &status, None)
    };
    let mut place = unit_fields(admin, input, stored);
    place.push(Field::text("street", tr.street(), &input.street));
    place.push(Field::input("phone", tr.phone(), "tel", &input.phone));
    place.push(Field::input("email", tr.email(), "email", &input.email));
    vec![
        Section::new(
            tr.producer_details(),
            vec![
                Field::select("kind", tr.kind(), kinds, &kind, Some(tr.choose_kind())).required(),
                Field::text("name", tr.producer_name(), &input.name).required(),
                Field::text("tax_code", tr.tax_code_or_registration(), &input.tax_code)
                    .required()
                    .hint(tr.tax_code_hint()),
                Field::input(
                    "community_capital_percent",
                    tr.community_capital_percent(),
                    "number",
                    &input.community_capital_percent,
                )
                .hint(tr.community_capital_hint()),
            ],
        ),
        Section::new(
            tr.representative(),
            vec![
                Field::text(
                    "representative_name",
                    tr.full_name(),
                    &input.representative_name,
                )
                .required(),
                Field::select(
                    "representative_gender",
                    tr.gender(),
                    genders,
                    &gender,
                    Some(tr.choose()),
                )
                .required(),
                Field::checkbox(
                    "representative_ethnic_minority",
                    tr.ethnic_minority(),
                    crate::forms::is_yes(&input.representative_ethnic_minority),
                ),
                Field::checkbox(
                    "representative_disability",
                    tr.disability(),
                    crate::forms::is_yes(&input.representative_disability),
                ),
            ],
        ),
        Section::new(tr.place_and_contact(), place),
        Section::new(tr.record_status(), vec![status_field]),
    ]
}

/// The form page; `errors` go next to their fields.
pub(super) fn form_page(
    admin: &Admin,
    input: &ProducerInput,
    stored: Option<&Producer>,
    errors: &FieldErrors,
    finder: Option<CommuneFinder>,
) -> Result<String, AppError> {
    let mut sections = form_sections(admin, input, stored);
    let general_errors = attach_errors(
        &mut sections,
        errors,
        &[("unit_structure", "unit_code"), ("unit_level", "unit_code")],
    );
    let (title, action, id) = match stored {
        Some(p) => (
            admin.tr().edit_producer(&p.data.name),
            format!("/admin/producers/{}", p.id),
            Some(p.id.to_string()),
        ),
        None => (
            admin.tr().add_producer().to_owned(),
            "/admin/producers".to_owned(),
            None,
        ),
    };
    Ok(FormPage {
        ctx: admin.ctx(),
        nav: admin.nav("producers"),
        title,
        action,
        id,
        has_field_errors: crate::forms::has_field_errors(&sections),
        sections,
        general_errors,
        can_audit: stored.is_some_and(|p| admin.may(Action::ViewAudit, &p.resource())),
        finder,
    }
    .render()?)
}
