//! `GET /`: what OCOP is, a search box, the product categories and a few featured products.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use ocop_domain::access::Scope;
use ocop_domain::taxonomy::CATEGORIES;
use ocop_store::products::CatalogQuery;

use super::ProductCard;
use crate::auth::MaybeUser;
use crate::i18n::Lang;
use crate::view::PageCtx;
use crate::{AppError, AppState};

/// How many products the home page features.
const FEATURED: u32 = 6;

/// A quick link to the catalogue filtered by one product category.
struct CategoryLink {
    href: String,
    label: &'static str,
}

#[derive(Template)]
#[template(path = "catalog/home.html")]
struct HomePage {
    ctx: PageCtx,
    categories: Vec<CategoryLink>,
    featured: Vec<ProductCard>,
}

pub async fn home(
    State(state): State<AppState>,
    user: MaybeUser,
    lang: Lang,
) -> Result<Html<String>, AppError> {
    // The highest-rated public products: the catalogue query filters by one rating at a
    // time, so ratings are taken from 5 down until enough are found.
    let mut featured = Vec::new();
    for stars in (1..=5u8).rev() {
        let wanted = FEATURED - featured.len() as u32;
        if wanted == 0 {
            break;
        }
        let found = state
            .store
            .search_products(
                Scope::PublicOnly,
                &CatalogQuery {
                    stars: Some(stars),
                    page: 1,
                    per_page: wanted,
                    ..CatalogQuery::default()
                },
            )
            .await?;
        featured.extend(super::cards(&state, found.items, lang).await?);
    }
    let categories = CATEGORIES
        .iter()
        .map(|(code, _)| CategoryLink {
            href: format!("/catalog?group={code}"),
            label: lang.tr().category_name(code),
        })
        .collect();
    Ok(Html(
        HomePage {
            ctx: PageCtx::new(user.0.as_ref(), lang),
            categories,
            featured,
        }
        .render()?,
    ))
}
