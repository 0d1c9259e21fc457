//! Tem điện tử: issuing a lot's stamp series, reading series for their codes and labels, and
//! rotating the stamp keys.

use ocop_domain::access::{Denied, authorize_issue_stamps, authorize_stamps_read};
use ocop_domain::lot::{LotStatus, TransitionRefused};
use ocop_domain::stamp::{IssueInput, StampKey};
use uuid::Uuid;

use super::Caller;
use crate::lots::Lot;
use crate::stamps::{NewSeries, StampKeyInfo, StampSeries, active_key, insert_series, rotate_key};
use crate::{Product, Result, Store, StoreError};

/// A series with what printing it needs: its lot, product and the key that tags its codes.
/// The key's `Debug` is redacted, so this may be logged.
#[derive(Debug, Clone)]
pub struct SeriesPrint {
    pub series: StampSeries,
    pub lot: Lot,
    pub product: Product,
    pub key: StampKey,
}

impl Store {
    /// A lot whose stamps the caller may read, with its product: a lot the caller cannot see
    /// is unknown, one whose stamps it may not read is refused.
    pub async fn lot_for_stamps(&self, caller: &Caller, lot_id: Uuid) -> Result<(Lot, Product)> {
        let (lot, product) = self.visible_lot(caller, lot_id).await?;
        caller.check(|actor| authorize_stamps_read(actor, &product.resource()))?;
        Ok((lot, product))
    }

    /// Issues a series of `input.count` stamps for a lot: one row, whatever the count. A
    /// recalled lot gets no new stamps. `signed`: the installation signs its stamps
    /// (setting `stamps.ed25519_signing`), which needs larger labels.
    pub async fn issue_stamps(
        &self,
        caller: &Caller,
        lot_id: Uuid,
        input: &IssueInput,
        signed: bool,
    ) -> Result<StampSeries> {
        let (lot, product) = self.lot_for_stamps(caller, lot_id).await?;
        caller.check(|actor| authorize_issue_stamps(actor, &product.resource()))?;
        let request = input.parse(signed)?;
        if lot.status == LotStatus::Recalled {
            return Err(StoreError::LotTransition(
                TransitionRefused::StampsOfRecalledLot,
            ));
        }
        let audit = caller.audit();
        let mut tx = self.begin().await?;
        let key = active_key(&mut tx, &audit).await?;
        let new = NewSeries {
            lot_id,
            count: request.count,
            label: request.label,
            signed,
            demo: lot.demo,
        };
        let series = insert_series(&mut tx, &audit, &key, &new).await?;
        tx.commit().await?;
        self.notify_stamp_series();
        Ok(series)
    }

    /// A lot's series, the latest first.
    pub async fn lot_stamp_series(
        &self,
        caller: &Caller,
        lot_id: Uuid,
    ) -> Result<Vec<StampSeries>> {
        self.lot_for_stamps(caller, lot_id).await?;
        self.stamp_series_of_lot(lot_id).await
    }

    /// A series the caller may read, with what printing its codes and labels needs.
    pub async fn series_for_print(&self, caller: &Caller, series_id: Uuid) -> Result<SeriesPrint> {
        let series = self.stamp_series(series_id).await?;
        let (lot, product) =
            self.lot_for_stamps(caller, series.lot_id)
                .await
                .map_err(|e| match e {
                    StoreError::NotFound(_) => StoreError::NotFound("đợt phát hành tem"),
                    e => e,
                })?;
        let ring = self.stamp_keys().await?;
        let key_id = ocop_domain::stamp::KeyId::new(series.key_id)
            .ok_or_else(|| StoreError::Corrupt(format!("đợt tem {series_id}: khóa")))?;
        let key = ring
            .key(key_id)
            .cloned()
            .ok_or_else(|| StoreError::Corrupt(format!("đợt tem {series_id}: thiếu khóa")))?;
        Ok(SeriesPrint {
            series,
            lot,
            product,
            key,
        })
    }

    /// Adds a new active stamp key (the command line's `ocop keys rotate`): the system only.
    pub async fn rotate_stamp_keys(&self, caller: &Caller) -> Result<StampKeyInfo> {
        system_only(caller)?;
        let mut tx = self.begin().await?;
        let info = rotate_key(&mut tx, &caller.audit()).await?;
        tx.commit().await?;
        Ok(info)
    }

    /// The stamp keys' ids and dates (the command line's `ocop keys list`): the system only.
    pub async fn list_stamp_keys(&self, caller: &Caller) -> Result<Vec<StampKeyInfo>> {
        system_only(caller)?;
        self.stamp_key_infos().await
    }
}

/// Keys are handled by whoever runs the server, never through an account.
fn system_only(caller: &Caller) -> Result<()> {
    match caller {
        Caller::System(_) => Ok(()),
        Caller::Anonymous => Err(StoreError::Denied(Denied::NotSignedIn)),
        Caller::User(_) => Err(StoreError::Denied(Denied::Forbidden)),
    }
}
