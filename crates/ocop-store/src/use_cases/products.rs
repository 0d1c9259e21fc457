//! Sản phẩm: register, change and archive.

use ocop_domain::access::{
    Action, Resource, authorize, authorize_archive, authorize_change, authorize_register,
    status_action,
};
use ocop_domain::product::{ProductInput, ProductStatus};
use ocop_domain::validation::FieldErrors;
use uuid::Uuid;

use super::Caller;
use crate::products::ProductExtras;
use crate::{Producer, Product, Result, Store, StoreError, ViewChange};

impl Producer {
    /// A product about to be registered for this producer, as the rules see it: a draft of
    /// its producer, where the producer sits. The one way this resource is built.
    pub fn new_product(&self) -> Resource {
        Resource {
            placement: self.placement(),
            producer_id: Some(self.id),
            public: false,
            owner_editable: true,
        }
    }
}

impl Store {
    /// A product the caller may see; any other is unknown.
    pub async fn visible_product(&self, caller: &Caller, id: Uuid) -> Result<Product> {
        let product = self.product(id).await?;
        if caller.sees(&product.resource()) {
            Ok(product)
        } else {
            Err(StoreError::NotFound("sản phẩm"))
        }
    }

    /// Registers a product of `producer_id`. A producer the caller cannot see is reported on
    /// the `producer_id` field like one that does not exist.
    pub async fn register_product(
        &self,
        caller: &Caller,
        producer_id: Uuid,
        input: &ProductInput,
        extras: ProductExtras,
    ) -> Result<Product> {
        let producer = match self.visible_producer(caller, producer_id).await {
            Ok(producer) => producer,
            Err(StoreError::NotFound(_)) => {
                let mut errors = FieldErrors::default();
                errors.add(
                    "producer_id",
                    "unknown_producer",
                    format!("Không có chủ thể mã {producer_id}"),
                );
                // The product's own fields are reported at the same time.
                if let Err(more) = input.parse() {
                    errors.0.extend(more.0);
                }
                return Err(errors.into());
            }
            Err(e) => return Err(e),
        };
        caller.check(|actor| authorize(Some(actor), Action::Create, &producer.new_product()))?;
        let data = input.parse()?;
        // Anything but a draft is also a publication (or an archiving).
        let status = status_action(ProductStatus::Draft, data.status, ProductStatus::Archived);
        self.create_product(&caller.audit(), producer_id, data, extras, |producer| {
            caller.check(|actor| authorize_register(actor, &producer.new_product(), status))
        })
        .await
    }

    /// Replaces a product's registry data; a status change is checked as what it is.
    pub async fn change_product(
        &self,
        caller: &Caller,
        id: Uuid,
        input: &ProductInput,
    ) -> Result<Product> {
        let stored = self.visible_product(caller, id).await?;
        caller.check(|actor| authorize(Some(actor), Action::Edit, &stored.resource()))?;
        let data = input.parse()?;
        let new_status = data.status;
        self.update_product(&caller.audit(), id, data, |before| {
            let record = before.resource();
            let status = status_action(before.data.status, new_status, ProductStatus::Archived);
            caller.check(|actor| authorize_change(actor, &record, record.placement, status))
        })
        .await
        .inspect(|_| self.notify_lot_view(ViewChange::Product(id)))
    }

    pub async fn archive_product(&self, caller: &Caller, id: Uuid) -> Result<Product> {
        let stored = self.visible_product(caller, id).await?;
        caller.check(|actor| authorize_archive(actor, &stored.resource()))?;
        let mut data = stored.data.clone();
        data.status = ProductStatus::Archived;
        self.update_product(&caller.audit(), id, data, |before| {
            caller.check(|actor| authorize_archive(actor, &before.resource()))
        })
        .await
        .inspect(|_| self.notify_lot_view(ViewChange::Product(id)))
    }
}
