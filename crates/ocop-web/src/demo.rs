//! Demo photos: illustrations made for the project (`demo-photos/`, CC0), attached to a few
//! demo products through the path an upload takes — checked and re-encoded
//! ([`crate::images::clean`]), stored by hash, linked by the photo use case with its audit row.

use ocop_domain::access::Scope;
use ocop_store::photos::NewPhoto;
use ocop_store::products::CatalogQuery;
use ocop_store::{Caller, Store, StoreError};

use crate::files::FileStore;
use crate::images::{self, PhotoError};

/// (product name in the demo, picture).
const PHOTOS: [(&str, &[u8]); 4] = [
    (
        "Miến dong Bình Liêu",
        include_bytes!("../demo-photos/mien-dong.png"),
    ),
    (
        "Mật ong Tiên Yên",
        include_bytes!("../demo-photos/mat-ong.png"),
    ),
    ("Chè Đường Hoa", include_bytes!("../demo-photos/che.png")),
    (
        "Gốm sứ Quang Vinh",
        include_bytes!("../demo-photos/gom-su.png"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("ảnh demo: {0}")]
    Photo(#[from] PhotoError),
    #[error("ghi ảnh demo: {0}")]
    Files(#[from] std::io::Error),
}

/// Gives the demo products of [`PHOTOS`] their picture, unless they have a photo already;
/// returns how many got one.
pub async fn attach_photos(store: &Store, files: &FileStore) -> Result<usize, DemoError> {
    let caller = Caller::system("demo");
    let mut attached = 0;
    for (name, bytes) in PHOTOS {
        let query = CatalogQuery {
            text: Some(name.to_owned()),
            page: 1,
            per_page: 20,
            ..CatalogQuery::default()
        };
        let found = store.search_products(Scope::Everything, &query).await?;
        let Some(product) = found.items.into_iter().find(|p| p.name == name) else {
            continue;
        };
        if !store.photos_of(product.id).await?.is_empty() {
            continue;
        }
        // 480×360 pictures, once at start: too small to need a blocking thread.
        let photo = images::clean(bytes)?;
        let sha256 = files.put(&photo.bytes).await?;
        let size_bytes = i64::try_from(photo.bytes.len()).map_err(std::io::Error::other)?;
        let new = NewPhoto {
            sha256,
            content_type: photo.content_type.to_owned(),
            size_bytes,
        };
        store.attach_photos(&caller, product.id, &[new]).await?;
        attached += 1;
    }
    Ok(attached)
}

/// Writes the demo dossiers' evidence files (generated PDFs, flagged demo where they are
/// linked) into the file store, so that they can be downloaded; returns how many.
pub async fn store_evidence_files(files: &FileStore) -> Result<usize, DemoError> {
    let mut stored = 0;
    for (_, bytes) in ocop_store::demo::dossiers::evidence_files() {
        files.put(&bytes).await?;
        stored += 1;
    }
    Ok(stored)
}
