//! `GET /producers/{id}`: a producer's public page with its public products.
//!
//! Active producers are public; a suspended or archived one is shown only to whom `authorize`
//! lets view it (its own account, the officials of its unit) and is 404 for everyone else.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use ocop_domain::access::{Action, Scope, authorize, may_see_personal_data};
use ocop_domain::producer::ProducerStatus;
use ocop_store::products::CatalogQuery;
use uuid::Uuid;

use crate::auth::MaybeUser;
use crate::i18n::Lang;
use crate::routes::catalog::ProductCard;
use crate::routes::catalog::search::MAX_PER_PAGE;
use crate::view::PageCtx;
use crate::{AppError, AppState};

/// The producer as its page shows it.
pub struct ProducerView {
    pub name: String,
    pub kind: &'static str,
    pub hidden_status: Option<&'static str>,
    /// Personal data: only for those whose scope holds the producer.
    pub representative: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub edit_href: Option<String>,
}

#[derive(Template)]
#[template(path = "producers/public.html")]
struct ProducerPage {
    ctx: PageCtx,
    producer: ProducerView,
    products: Vec<ProductCard>,
    total: u64,
}

pub async fn producer_page(
    State(state): State<AppState>,
    user: MaybeUser,
    lang: Lang,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let not_found = || AppError::not_found("chủ thể");
    let id = Uuid::parse_str(&id).map_err(|_| not_found())?;
    let producer = state.store.visible_producer(&user.caller(), id).await?;
    let actor = user.actor();
    let resource = producer.resource();
    let may_edit = authorize(actor.as_ref(), Action::Edit, &resource).is_ok();
    let personal = may_see_personal_data(actor.as_ref(), &resource);
    // Public products only, as in the catalogue; a producer with more than one page of them
    // is not expected (the largest chains have a handful), so one page is shown.
    let found = state
        .store
        .search_products(
            Scope::PublicOnly,
            &CatalogQuery {
                producer: Some(id),
                page: 1,
                per_page: MAX_PER_PAGE,
                ..CatalogQuery::default()
            },
        )
        .await?;
    let d = producer.data;
    let place = crate::view::place(d.unit, producer.commune_code, producer.successor_confirmed);
    let view = ProducerView {
        name: d.name,
        kind: lang.tr().producer_kind(d.kind),
        hidden_status: (d.status != ProducerStatus::Active)
            .then(|| lang.tr().producer_status(d.status)),
        representative: personal.then_some(d.representative.name),
        address: match d.street {
            Some(street) => format!("{street}, {place}"),
            None => place,
        },
        phone: d.phone,
        edit_href: may_edit.then(|| format!("/admin/producers/{id}/edit")),
    };
    let products = crate::routes::catalog::cards(&state, found.items, lang).await?;
    Ok(Html(
        ProducerPage {
            ctx: PageCtx::new(user.0.as_ref(), lang),
            producer: view,
            total: found.total,
            products,
        }
        .render()?,
    ))
}
