//! Ảnh sản phẩm: photo metadata. The bytes live on disk, content-addressed by SHA-256 (the
//! web layer's file store); a row here links a file to a product.

use std::collections::HashMap;

use ocop_domain::access::Denied;
use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{AuditActor, append_audit};
use crate::db::Query;
use crate::products::Product;
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Photo {
    pub id: Uuid,
    pub product_id: Uuid,
    pub sha256: String,
    pub content_type: String,
    pub size_bytes: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

const COLUMNS: &str = "id, product_id, sha256, content_type, size_bytes, created_at";

/// A stored file to link to a product.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub sha256: String,
    pub content_type: String,
    pub size_bytes: i64,
}

impl Store {
    /// Links stored files to a product, all or none; `authorize` sees the product first.
    pub async fn add_photos(
        &self,
        actor: &AuditActor,
        product_id: Uuid,
        files: &[NewPhoto],
        authorize: impl FnOnce(&Product) -> Result<(), Denied>,
    ) -> Result<Vec<Photo>> {
        let product = self.product(product_id).await?;
        authorize(&product)?;
        // Photos list by (time, id): one time for the upload, and ids from one counter so that
        // they keep the order they were sent in, even within a millisecond.
        let now = self.now();
        let ids = uuid::ContextV7::new();
        let photos: Vec<Photo> = files
            .iter()
            .map(|file| Photo {
                id: Uuid::new_v7(uuid::Timestamp::now(&ids)),
                product_id,
                sha256: file.sha256.clone(),
                content_type: file.content_type.clone(),
                size_bytes: file.size_bytes,
                created_at: now,
            })
            .collect();
        let mut tx = self.begin().await?;
        for photo in &photos {
            let q = Query::new(format!(
                "INSERT INTO product_photos ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"
            ))
            .bind(photo.id)
            .bind(photo.product_id)
            .bind(photo.sha256.as_str())
            .bind(photo.content_type.as_str())
            .bind(photo.size_bytes)
            .bind(photo.created_at);
            tx.execute(&q).await?;
            let after = serde_json::to_string(photo).ok();
            append_audit(
                &mut tx,
                actor,
                "product",
                product_id,
                "add_photo",
                None,
                after,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(photos)
    }

    pub async fn photos_of(&self, product_id: Uuid) -> Result<Vec<Photo>> {
        let q = Query::new(format!(
            "SELECT {COLUMNS} FROM product_photos WHERE product_id = $1 ORDER BY created_at, id"
        ))
        .bind(product_id);
        Ok(self.fetch_all(&q).await?)
    }

    /// The first photo (oldest, as [`Store::photos_of`] lists them) of each of these products
    /// that has one, as product id → photo id: one query for a page of cards.
    pub async fn first_photos(&self, product_ids: &[Uuid]) -> Result<HashMap<Uuid, Uuid>> {
        if product_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut q = Query::new(
            "SELECT p.product_id, p.id FROM product_photos p WHERE NOT EXISTS (\
             SELECT 1 FROM product_photos e WHERE e.product_id = p.product_id \
             AND (e.created_at < p.created_at OR (e.created_at = p.created_at AND e.id < p.id)))",
        );
        q.push(" AND p.product_id IN (");
        q.push_bind_list(product_ids.iter().copied()).push(")");
        let rows: Vec<(Uuid, Uuid)> = self.fetch_all(&q).await?;
        Ok(rows.into_iter().collect())
    }

    pub async fn photo(&self, id: Uuid) -> Result<Photo> {
        let q = Query::new(format!(
            "SELECT {COLUMNS} FROM product_photos WHERE id = $1"
        ))
        .bind(id);
        let row: Option<Photo> = self.fetch_optional(&q).await?;
        row.ok_or(StoreError::NotFound("ảnh"))
    }

    /// Unlinks a photo from its product (the file stays: another product may share it).
    pub async fn remove_photo(
        &self,
        actor: &AuditActor,
        id: Uuid,
        authorize: impl FnOnce(&Product) -> Result<(), Denied>,
    ) -> Result<()> {
        let photo = self.photo(id).await?;
        let product = self.product(photo.product_id).await?;
        authorize(&product)?;
        let before = serde_json::to_string(&photo).ok();
        let mut tx = self.begin().await?;
        tx.execute(&Query::new("DELETE FROM product_photos WHERE id = $1").bind(id))
            .await?;
        append_audit(
            &mut tx,
            actor,
            "product",
            photo.product_id,
            "remove_photo",
            before,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
