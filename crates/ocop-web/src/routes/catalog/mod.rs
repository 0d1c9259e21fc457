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

use crate::AppState;
use crate::i18n::Lang;
use crate::view::{province_name, star_glyphs, unit_name};

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
    pub category: &'static str,
    pub classification: String,
    pub rating: Rating,
    pub product_code: Option<String>,
}

impl ProductCard {
    pub fn new(s: ProductSummary, lang: Lang) -> ProductCard {
        let classification = Classification::parse(&s.taxonomy_version, &s.classification)
            .map(|c| lang.tr().classification_name(&c))
            .unwrap_or_default();
        ProductCard {
            place: summary_place(&s),
            category: lang.tr().category_name(&s.category),
            classification,
            rating: Rating::new(s.stars.map(|n| n.clamp(0, 5) as u8), s.stars_demo),
            id: s.id,
            name: s.name,
            producer_id: s.producer_id,
            producer_name: s.producer_name,
            product_code: s.product_code,
        }
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
