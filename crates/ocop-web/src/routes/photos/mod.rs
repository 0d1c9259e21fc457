//! Ảnh sản phẩm: upload, list, remove and serve product photos. An upload may carry several
//! photos (one per `photo` part, at most [`MAX_PHOTOS`]); each is decoded in full and
//! re-encoded ([`crate::images`]), and if one is refused none is stored.

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use ocop_store::photos::{NewPhoto, Photo};
use ocop_store::{Product, StoreError};
use uuid::Uuid;

use crate::auth::{MaybeUser, SignedIn};
use crate::i18n::Lang;
use crate::images::{self, CleanPhoto, PhotoError};
use crate::view::PageCtx;
use crate::{AppError, AppState};

/// Photos per upload: each costs a full decode.
pub const MAX_PHOTOS: usize = 10;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/products/{id}/photos",
            get(manage)
                .post(upload)
                .layer(crate::backoffice::UPLOAD_BODY),
        )
        .route("/products/{id}/photos/{photo}/delete", post(remove))
        .route("/photos/{photo}", get(serve))
}

#[derive(Template)]
#[template(path = "photos/photos.html")]
struct PhotosPage {
    ctx: PageCtx,
    product: Product,
    photos: Vec<Photo>,
    error: Option<String>,
    max_mb: usize,
    max_photos: usize,
    max_side: u32,
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
            max_photos: MAX_PHOTOS,
            max_side: images::MAX_SIDE,
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
    let product = state.store.product_for_photos(&user.caller(), id).await?;
    page(&state, &user, lang, product, None).await
}

/// One uploaded file, as sent.
struct Upload {
    name: String,
    bytes: Vec<u8>,
}

async fn upload(
    State(state): State<AppState>,
    user: SignedIn,
    lang: Lang,
    Path(id): Path<Uuid>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let caller = user.caller();
    let product = state.store.product_for_photos(&caller, id).await?;
    let uploads = read_uploads(&mut multipart, state.config.max_upload_bytes).await?;
    if uploads.is_empty() {
        let message = lang.tr().no_photo_chosen().to_owned();
        return refused(&state, &user, lang, product, message).await;
    }
    if uploads.len() > MAX_PHOTOS {
        let message = lang.tr().too_many_photos(MAX_PHOTOS);
        return refused(&state, &user, lang, product, message).await;
    }
    let several = uploads.len() > 1;
    let cleaned = crate::heavy::run(move || {
        uploads
            .into_iter()
            .map(|upload| images::clean(&upload.bytes).map_err(|e| (upload.name, e)))
            .collect::<Result<Vec<CleanPhoto>, _>>()
    })
    .await?;
    let photos = match cleaned {
        Ok(photos) => photos,
        Err((_, e @ PhotoError::Encode(_))) => return Err(AppError::internal(e)),
        Err((name, e)) => {
            // With several files, say which one is refused (none is stored).
            let message = if several {
                lang.tr().photo_refused(name, e)
            } else {
                e.to_string()
            };
            return refused(&state, &user, lang, product, message).await;
        }
    };
    let mut files = Vec::with_capacity(photos.len());
    for photo in photos {
        let sha256 = state
            .files
            .put(&photo.bytes)
            .await
            .map_err(AppError::internal)?;
        files.push(NewPhoto {
            sha256,
            content_type: photo.content_type.to_owned(),
            size_bytes: i64::try_from(photo.bytes.len()).map_err(AppError::internal)?,
        });
    }
    state.store.attach_photos(&caller, id, &files).await?;
    Ok(Redirect::to(&format!("/products/{id}/photos")).into_response())
}

/// The non-empty `photo` parts (a form with no file chosen sends an empty one), within the
/// size limit for all of them together; one more than [`MAX_PHOTOS`] is enough to refuse.
async fn read_uploads(multipart: &mut Multipart, limit: usize) -> Result<Vec<Upload>, AppError> {
    let unreadable = |e| crate::files::upload_error(e, limit);
    let mut uploads = Vec::new();
    let mut total = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("photo") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            total += chunk.len();
            if total > limit {
                return Err(AppError::TooLarge(limit / (1024 * 1024)));
            }
            bytes.extend_from_slice(&chunk);
        }
        if !bytes.is_empty() {
            uploads.push(Upload { name, bytes });
            if uploads.len() > MAX_PHOTOS {
                break;
            }
        }
    }
    Ok(uploads)
}

/// The photos page again, with why the upload was refused.
async fn refused(
    state: &AppState,
    user: &SignedIn,
    lang: Lang,
    product: Product,
    message: String,
) -> Result<Response, AppError> {
    let page = page(state, user, lang, product, Some(message)).await?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn remove(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, photo)): Path<(Uuid, Uuid)>,
) -> Result<Redirect, AppError> {
    if state.store.photo(photo).await?.product_id != id {
        return Err(AppError::not_found("ảnh"));
    }
    state.store.detach_photo(&user.caller(), photo).await?;
    Ok(Redirect::to(&format!("/products/{id}/photos")))
}

/// Serves a photo to whoever may view its product.
async fn serve(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(photo): Path<Uuid>,
) -> Result<Response, AppError> {
    let photo = state.store.photo(photo).await?;
    // A photo of a record the visitor may not see does not exist for them.
    match state
        .store
        .visible_product(&user.caller(), photo.product_id)
        .await
    {
        Ok(_) => {}
        Err(StoreError::NotFound(_)) => return Err(AppError::not_found("ảnh")),
        Err(e) => return Err(e.into()),
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
