//! Ảnh sản phẩm: upload, list, remove and serve product photos. Uploads are checked for size
//! and, by their first bytes, for type (JPEG, PNG, WebP).

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use ocop_domain::access::{Action, Actor, authorize};
use ocop_store::Product;
use ocop_store::photos::Photo;
use uuid::Uuid;

use crate::auth::{MaybeUser, SignedIn};
use crate::files::image_type;
use crate::i18n::Lang;
use crate::view::PageCtx;
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/products/{id}/photos",
            get(manage).post(upload).layer(super::admin::UPLOAD_BODY),
        )
        .route("/products/{id}/photos/{photo}/delete", post(remove))
        .route("/photos/{photo}", get(serve))
}

fn may(actor: Option<&Actor>, action: Action, product: &Product) -> Result<(), AppError> {
    authorize(actor, action, &product.resource()).map_err(AppError::from)
}

#[derive(Template)]
#[template(path = "photos.html")]
struct PhotosPage {
    ctx: PageCtx,
    product: Product,
    photos: Vec<Photo>,
    error: Option<String>,
    max_mb: usize,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    lang: Lang,
    product: Product,
    error: Option<String>,
) -> Result<Html<String>, AppError> {
    let photos = state.store.photos_of(product.id).await?;
    Ok(Html(
        PhotosPage {
            ctx: PageCtx::new(Some(&user.0), lang),
            product,
            photos,
            error,
            max_mb: state.config.max_upload_bytes / (1024 * 1024),
        }
        .render()?,
    ))
}

async fn manage(
    State(state): State<AppState>,
    user: SignedIn,
    lang: Lang,
    Path(id): Path<Uuid>,
) -> Result<Html<String>, AppError> {
    let product = state.store.product(id).await?;
    may(Some(&user.actor()), Action::Edit, &product)?;
    page(&state, &user, lang, product, None).await
}

async fn upload(
    State(state): State<AppState>,
    user: SignedIn,
    lang: Lang,
    Path(id): Path<Uuid>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let product = state.store.product(id).await?;
    let actor = user.actor();
    may(Some(&actor), Action::Edit, &product)?;
    let limit = state.config.max_upload_bytes;
    let mut bytes = Vec::new();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("Tệp gửi lên không đọc được: {e}")))?
    {
        if field.name() != Some("photo") {
            continue;
        }
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|e| AppError::BadRequest(format!("Tệp gửi lên không đọc được: {e}")))?
        {
            if bytes.len() + chunk.len() > limit {
                return Err(AppError::TooLarge(limit / (1024 * 1024)));
            }
            bytes.extend_from_slice(&chunk);
        }
    }
    let Some(content_type) = image_type(&bytes) else {
        let message = if bytes.is_empty() {
            "Chưa chọn ảnh để tải lên"
        } else {
            "Ảnh phải là tệp JPEG, PNG hoặc WebP"
        };
        let page = page(&state, &user, lang, product, Some(message.to_owned())).await?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let sha = state.files.put(&bytes).await.map_err(AppError::internal)?;
    state
        .store
        .add_photo(
            &user.0.user.audit_actor(),
            id,
            &sha,
            content_type,
            bytes.len() as i64,
            |p| authorize(Some(&actor), Action::Edit, &p.resource()),
        )
        .await?;
    Ok(Redirect::to(&format!("/products/{id}/photos")).into_response())
}

async fn remove(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, photo)): Path<(Uuid, Uuid)>,
) -> Result<Redirect, AppError> {
    let actor = user.actor();
    if state.store.photo(photo).await?.product_id != id {
        return Err(AppError::not_found("ảnh"));
    }
    state
        .store
        .remove_photo(&user.0.user.audit_actor(), photo, |p| {
            authorize(Some(&actor), Action::Edit, &p.resource())
        })
        .await?;
    Ok(Redirect::to(&format!("/products/{id}/photos")))
}

/// Serves a photo to whoever may view its product.
async fn serve(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(photo): Path<Uuid>,
) -> Result<Response, AppError> {
    let photo = state.store.photo(photo).await?;
    let product = state.store.product(photo.product_id).await?;
    if may(user.actor().as_ref(), Action::View, &product).is_err() {
        // A photo of a record the visitor may not see does not exist for them.
        return Err(AppError::not_found("ảnh"));
    }
    let bytes = state
        .files
        .get(&photo.sha256)
        .await
        .map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, photo.content_type),
            (header::CACHE_CONTROL, "private, max-age=86400".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
