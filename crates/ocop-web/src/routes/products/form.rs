//! The product form: what it submits, its fields by role, the page.

use askama::Template;
use ocop_domain::access::{Action, Role};
use ocop_domain::product::{ProductInput, ProductStatus};
use ocop_domain::taxonomy::{SECTORS_V2019, SHEETS_V2026};
use ocop_domain::validation::FieldErrors;
use ocop_store::{Producer, Product};
use serde::Deserialize;

use crate::AppError;
use crate::backoffice::{Admin, Nav};
use crate::forms::{Field, Section, attach_errors};
use crate::i18n::Tr;
use crate::view::PageCtx;

/// What the product form submits. The classification select sends `V2026:6` or
/// `V2019:food`; a plain sheet number with `taxonomy_version` works too.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProductForm {
    pub producer: String,
    /// The product fields, except that the classification select sends `VERSION:VALUE`.
    #[serde(flatten)]
    pub product: ProductInput,
}

impl ProductForm {
    pub(crate) fn input(&self) -> ProductInput {
        let mut input = self.product.clone();
        if let Some((version, value)) = self.product.classification.split_once(':') {
            input.taxonomy_version = version.to_owned();
            input.classification = value.to_owned();
        }
        input
    }
}

#[derive(Template)]
#[template(path = "products/form.html")]
pub(super) struct FormPage {
    ctx: PageCtx,
    nav: Nav,
    title: String,
    action: String,
    id: Option<String>,
    producer_id: String,
    producer_name: String,
    code: Option<String>,
    sections: Vec<Section>,
    general_errors: Vec<String>,
    has_field_errors: bool,
    can_audit: bool,
}

pub(crate) fn classification_field(input: &ProductInput, tr: Tr) -> Field {
    let version = if input.taxonomy_version.trim().is_empty() {
        "V2026"
    } else {
        input.taxonomy_version.trim()
    };
    let selected = format!("{version}:{}", input.classification.trim());
    let sheets = SHEETS_V2026
        .iter()
        .map(|s| {
            (
                format!("V2026:{}", s.sheet),
                tr.sheet_named(s.sheet, s.name),
            )
        })
        .collect();
    let sectors = SECTORS_V2019
        .iter()
        .map(|(code, name, _)| (format!("V2019:{code}"), tr.sector_of_2019(name)))
        .collect();
    let mut field = Field::grouped(
        "classification",
        tr.product_sheet(),
        vec![
            (tr.classification_2026().to_owned(), sheets),
            (tr.classification_2019().to_owned(), sectors),
        ],
        &selected,
    )
    .required()
    .hint(tr.product_sheet_hint());
    // Nothing chosen yet: an empty first choice, so a new product is not silently put on sheet 1.
    if input.classification.trim().is_empty()
        && let Some(first) = field.groups.first_mut()
    {
        first.options.insert(
            0,
            crate::forms::Opt {
                value: String::new(),
                label: tr.choose_product_sheet().to_owned(),
                selected: true,
            },
        );
    }
    field
}

pub(super) fn form_sections(
    admin: &Admin,
    input: &ProductInput,
    may_publish: bool,
) -> Vec<Section> {
    let tr = admin.tr();
    let status = if may_publish {
        let statuses = ProductStatus::ALL
            .iter()
            .map(|s| (s.key().to_owned(), tr.product_status(*s).to_owned()))
            .collect();
        let selected = ProductStatus::parse(&input.status)
            .map_or(input.status.clone(), |s| s.key().to_owned());
        Field::select("status", tr.status(), statuses, &selected, None).hint(tr.status_hint())
    } else {
        let hint = if admin.role() == Role::Producer {
            tr.draft_hint()
        } else {
            ""
        };
        let shown = ProductStatus::parse(&input.status).map_or("", |s| tr.product_status(s));
        Field::fixed("status", tr.status(), shown).hint(hint)
    };
    vec![
        Section::new(
            tr.product(),
            vec![
                Field::text("name", tr.product_name(), &input.name).required(),
                classification_field(input, tr),
                Field::text("gtin", tr.gtin_field(), &input.gtin).hint(tr.gtin_hint()),
                status,
            ],
        ),
        Section::new(
            tr.presentation(),
            vec![
                Field::textarea("description", tr.description(), &input.description),
                Field::textarea("story", tr.story(), &input.story),
                Field::textarea("ingredients", tr.ingredients(), &input.ingredients),
                Field::text("packaging", tr.packaging(), &input.packaging),
            ],
        ),
    ]
}

/// Who the form is for: a new product of `producer`, or a stored one.
pub(super) enum Target<'a> {
    New(&'a Producer),
    Stored(&'a Product, &'a Producer),
}

pub(super) fn form_page(
    admin: &Admin,
    target: Target<'_>,
    input: &ProductInput,
    errors: &FieldErrors,
) -> Result<String, AppError> {
    let (title, action, id, producer, code, resource) = match target {
        Target::New(producer) => (
            admin.tr().add_product().to_owned(),
            "/admin/products".to_owned(),
            None,
            producer,
            None,
            producer.new_product(),
        ),
        Target::Stored(product, producer) => (
            admin.tr().edit_product_named(&product.data.name),
            format!("/admin/products/{}", product.id),
            Some(product.id.to_string()),
            producer,
            product.product_code.clone(),
            product.resource(),
        ),
    };
    let mut sections = form_sections(admin, input, admin.may(Action::Publish, &resource));
    let general_errors = attach_errors(
        &mut sections,
        errors,
        &[("taxonomy_version", "classification")],
    );
    Ok(FormPage {
        ctx: admin.ctx(),
        nav: admin.nav("products"),
        title,
        action,
        can_audit: id.is_some() && admin.may(Action::ViewAudit, &resource),
        id,
        producer_id: producer.id.to_string(),
        producer_name: producer.data.name.clone(),
        code,
        has_field_errors: crate::forms::has_field_errors(&sections),
        sections,
        general_errors,
    }
    .render()?)
}
