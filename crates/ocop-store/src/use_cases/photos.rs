//! Ảnh sản phẩm: adding and removing a product's photos.

use ocop_domain::access::authorize_photos;
use uuid::Uuid;

use super::Caller;
use crate::photos::{NewPhoto, Photo};
use crate::{Product, Result, Store};

impl Store {
    /// A product whose photos the caller may manage (asked before an upload is read).
    pub async fn product_for_photos(&self, caller: &Caller, product_id: Uuid) -> Result<Product> {
        let product = self.visible_product(caller, product_id).await?;
        caller.check(|actor| authorize_photos(actor, &product.resource()))?;
        Ok(product)
    }

    /// Links stored files to a product the caller may edit, all or none.
    pub async fn attach_photos(
        &self,
        caller: &Caller,
        product_id: Uuid,
        files: &[NewPhoto],
    ) -> Result<Vec<Photo>> {
        self.product_for_photos(caller, product_id).await?;
        self.add_photos(&caller.audit(), product_id, files, |product| {
            caller.check(|actor| authorize_photos(actor, &product.resource()))
        })
        .await
    }

    /// Removes a photo from a product the caller may edit.
    pub async fn detach_photo(&self, caller: &Caller, id: Uuid) -> Result<()> {
        let photo = self.photo(id).await?;
        self.product_for_photos(caller, photo.product_id).await?;
        self.remove_photo(&caller.audit(), id, |product| {
            caller.check(|actor| authorize_photos(actor, &product.resource()))
        })
        .await
    }
}
