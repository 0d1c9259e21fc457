//! Chủ thể: register, change, archive, and place a record of a divided old commune.

use ocop_domain::access::{
    Action, Resource, authorize, authorize_archive, authorize_change, authorize_register,
    authorize_successor_choice, status_action,
};
use ocop_domain::producer::{ProducerInput, ProducerStatus};
use uuid::Uuid;

use super::Caller;
use crate::{Producer, Result, Store, StoreError, ViewChange};

impl Store {
    /// A producer the caller may see; any other is unknown.
    pub async fn visible_producer(&self, caller: &Caller, id: Uuid) -> Result<Producer> {
        let producer = self.producer(id).await?;
        if caller.sees(&producer.resource()) {
            Ok(producer)
        } else {
            Err(StoreError::NotFound("chủ thể"))
        }
    }

    /// Registers a producer from the form's or the API's fields.
    pub async fn register_producer(
        &self,
        caller: &Caller,
        input: &ProducerInput,
    ) -> Result<Producer> {
        // Whether the caller may register anywhere at all, before the data is looked at.
        if let Some(actor) = caller.actor() {
            authorize(
                Some(&actor),
                Action::Create,
                &ocop_domain::access::own_unit(&actor),
            )?;
        }
        let data = input.parse(self.units)?;
        self.create_producer(&caller.audit(), data, false, |placement| {
            caller.check(|actor| {
                let record = Resource {
                    placement,
                    producer_id: None,
                    public: false,
                    owner_editable: true,
                };
                authorize_register(actor, &record, None)
            })
        })
        .await
    }

    /// Replaces a producer's data: where it lands and any status change are checked too.
    pub async fn change_producer(
        &self,
        caller: &Caller,
        id: Uuid,
        input: &ProducerInput,
    ) -> Result<Producer> {
        let stored = self.visible_producer(caller, id).await?;
        caller.check(|actor| authorize(Some(actor), Action::Edit, &stored.resource()))?;
        let data = input.parse(self.units)?;
        let new_status = data.status;
        self.update_producer(&caller.audit(), id, data, |before, placement| {
            let status = status_action(before.data.status, new_status, ProducerStatus::Archived);
            caller.check(|actor| authorize_change(actor, &before.resource(), placement, status))
        })
        .await
        .inspect(|_| self.notify_lot_view(ViewChange::Producer(id)))
    }

    pub async fn archive_producer(&self, caller: &Caller, id: Uuid) -> Result<Producer> {
        let stored = self.visible_producer(caller, id).await?;
        caller.check(|actor| authorize_archive(actor, &stored.resource()))?;
        let mut data = stored.data.clone();
        data.status = ProducerStatus::Archived;
        self.update_producer(&caller.audit(), id, data, |before, _| {
            caller.check(|actor| authorize_archive(actor, &before.resource()))
        })
        .await
        .inspect(|_| self.notify_lot_view(ViewChange::Producer(id)))
    }

    /// Confirms or changes which commune of today a record of a divided old commune is in.
    pub async fn confirm_successor(
        &self,
        caller: &Caller,
        id: Uuid,
        commune_code: u32,
    ) -> Result<Producer> {
        let stored = self.visible_producer(caller, id).await?;
        caller.check(|actor| authorize_successor_choice(actor, &stored.resource()))?;
        // The stamp page names the producer's province.
        self.choose_successor(&caller.audit(), id, commune_code, |before| {
            caller.check(|actor| authorize_successor_choice(actor, &before.resource()))
        })
        .await
        .inspect(|_| self.notify_lot_view(ViewChange::Producer(id)))
    }
}
