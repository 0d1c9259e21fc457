//! The public catalogue: home with search, product list with filters, product and producer
//! pages.
//!
//! Lists show active products only, whoever asks (officials and producers have their own lists
//! in the back-office). Single pages follow `authorize`, so that a producer and the officials
//! in charge can preview a draft; everyone else gets 404 for it.

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::get;
use ocop_domain::taxonomy::Classification;
use ocop_domain::units::{Level, Structure, UnitRef};
use ocop_store::products::ProductSummary;
use uuid::Uuid;

use crate::i18n::Lang;
use crate::view::{province_name, star_glyphs, unit_name};
use crate::{AppError, AppState};

mod home;
pub mod search;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/catalog", get(search::catalog))
}

/// A star rating as pages show it.
pub struct Rating {
    pub stars: Option<u8>,
    pub glyphs: String,
    /// Demo value, not a real recognition: shown with a badge.
    pub demo: bool,
}

impl Rating {
    pub fn new(stars: Option<u8>, demo: bool) -> Rating {
        Rating {
            stars,
            glyphs: stars.map(star_glyphs).unwrap_or_default(),
            demo,
        }
    }
}

/// One product in a list (catalogue results, featured products, a producer's products).
pub struct ProductCard {
    pub id: Uuid,
    pub name: String,
    pub producer_id: Uuid,
    pub producer_name: String,
    pub place: String,
    /// The short name of the product's group (the law's full name is `classification`).
    pub group: &'static str,
    pub classification: String,
    pub rating: Rating,
    pub product_code: Option<String>,
    /// The product's first photo, else the neutral picture of its category.
    pub image: String,
}

impl ProductCard {
    /// The card of a listed product, with the id of its first photo if it has one.
    pub fn new(s: ProductSummary, photo: Option<Uuid>, lang: Lang) -> ProductCard {
        let classification = Classification::parse(&s.taxonomy_version, &s.classification).ok();
        let image = match photo {
            Some(photo) => format!("/photos/{photo}"),
            None => placeholder(&s.category).to_owned(),
        };
        ProductCard {
            place: summary_place(&s),
            group: classification
                .as_ref()
                .map_or("", |c| lang.tr().short_group_name(c)),
            classification: classification
                .map(|c| lang.tr().classification_name(&c))
                .unwrap_or_default(),
            image,
            rating: Rating::new(s.stars.map(|n| n.clamp(0, 5) as u8), s.stars_demo),
            id: s.id,
            name: s.name,
            producer_id: s.producer_id,
            producer_name: s.producer_name,
            product_code: s.product_code,
        }
    }
}

/// The cards of listed products, with their first photos (one query for them all).
pub async fn cards(
    state: &AppState,
    items: Vec<ProductSummary>,
    lang: Lang,
) -> Result<Vec<ProductCard>, AppError> {
    let ids: Vec<Uuid> = items.iter().map(|s| s.id).collect();
    let photos = state.store.first_photos(&ids).await?;
    Ok(items
        .into_iter()
        .map(|s| {
            let photo = photos.get(&s.id).copied();
            ProductCard::new(s, photo, lang)
        })
        .collect())
}

/// The neutral picture of a product category (`taxonomy::CATEGORIES` code), for products
/// without a photo.
pub fn placeholder(category: &str) -> &'static str {
    match category {
        "drink" => crate::assets::url("placeholder-drink.svg"),
        "herbal" => crate::assets::url("placeholder-herbal.svg"),
        "craft" => crate::assets::url("placeholder-craft.svg"),
        "ornamental" => crate::assets::url("placeholder-ornamental.svg"),
        "tourism" => crate::assets::url("placeholder-tourism.svg"),
        _ => crate::assets::url("placeholder-food.svg"),
    }
}

/// Where a listed product sits: its unit's full name, else its province.
fn summary_place(s: &ProductSummary) -> String {
    match (
        Structure::parse(&s.unit_structure),
        Level::parse(&s.unit_level),
    ) {
        (Some(structure), Some(level)) => unit_name(UnitRef {
            structure,
            level,
            code: s.unit_code as u32,
        }),
        _ => province_name(s.province_code as u32),
    }
}

/// htmx asks for a fragment; a history restore (cache miss) needs the whole page.
pub fn wants_fragment(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request") && !headers.contains_key("hx-history-restore-request")
}
