//! Chu trình OCOP: opening a province's yearly cycle, changing its dates, reading it with the
//! counts of each step per commune.

use ocop_domain::access::{Role, authorize_open_cycle, authorize_view_cycle};
use ocop_domain::cycle::CycleInput;
use ocop_domain::validation::FieldErrors;
use uuid::Uuid;

use super::Caller;
use crate::audit::append_audit;
use crate::cycles::{CommuneCounts, Cycle, insert_cycle, update_cycle};
use crate::{Result, Store, StoreError};

/// Most cycles one list shows (one a year per province: decades of a whole country).
pub const MAX_CYCLES: u32 = 2000;

/// A cycle with the counts of each step, for every commune of its province (zeros where
/// nothing happened yet), and the province's total.
#[derive(Debug, Clone)]
pub struct CycleOverview {
    pub cycle: Cycle,
    pub communes: Vec<CommuneCounts>,
    pub total: CommuneCounts,
}

fn duplicate(province_code: u32, year: i32) -> StoreError {
    StoreError::StateConflict(format!(
        "Tỉnh (mã {province_code}) đã mở chu trình OCOP năm {year}: mỗi năm một chu trình"
    ))
}

impl Store {
    /// Opens the cycle of `province_code` for the input's year. A provincial officer opens
    /// their own province's; a second cycle for the same year is refused (409).
    pub async fn open_cycle(
        &self,
        caller: &Caller,
        province_code: u32,
        input: &CycleInput,
    ) -> Result<Cycle> {
        caller.check(|actor| authorize_open_cycle(actor, province_code))?;
        if self.units.province(province_code).is_none() {
            let mut errors = FieldErrors::default();
            errors.add(
                "province",
                "unknown_province",
                format!("Không có tỉnh mã {province_code}"),
            );
            return Err(errors.into());
        }
        let data = input.parse()?;
        if self.cycle_for(province_code, data.year).await?.is_some() {
            return Err(duplicate(province_code, data.year));
        }
        let now = self.now();
        let cycle = Cycle {
            id: Uuid::now_v7(),
            province_code,
            data,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.begin().await?;
        insert_cycle(&mut tx, &cycle).await.map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                duplicate(province_code, cycle.data.year)
            }
            _ => StoreError::Database(e),
        })?;
        let after = serde_json::to_string(&cycle).ok();
        append_audit(
            &mut tx,
            &caller.audit(),
            "cycle",
            cycle.id,
            "open",
            None,
            after,
        )
        .await?;
        tx.commit().await?;
        Ok(cycle)
    }

    /// Changes a cycle's workflow version and dates (its year stays).
    pub async fn change_cycle(
        &self,
        caller: &Caller,
        id: Uuid,
        input: &CycleInput,
    ) -> Result<Cycle> {
        let before = self.visible_cycle(caller, id).await?;
        caller.check(|actor| authorize_open_cycle(actor, before.province_code))?;
        let data = input.parse()?;
        if data.year != before.data.year {
            let mut errors = FieldErrors::default();
            errors.add(
                "year",
                "year_fixed",
                format!("Không đổi được năm của chu trình ({})", before.data.year),
            );
            return Err(errors.into());
        }
        let cycle = Cycle {
            data,
            updated_at: self.now(),
            ..before.clone()
        };
        let mut tx = self.begin().await?;
        update_cycle(&mut tx, &cycle).await?;
        append_audit(
            &mut tx,
            &caller.audit(),
            "cycle",
            id,
            "change",
            serde_json::to_string(&before).ok(),
            serde_json::to_string(&cycle).ok(),
        )
        .await?;
        tx.commit().await?;
        Ok(cycle)
    }

    /// A cycle the caller may read; any other is unknown.
    pub async fn visible_cycle(&self, caller: &Caller, id: Uuid) -> Result<Cycle> {
        let cycle = self.cycle(id).await?;
        let sees = match caller {
            Caller::Anonymous => false,
            Caller::User(user) => authorize_view_cycle(&user.actor(), cycle.province_code).is_ok(),
            Caller::System(_) => true,
        };
        if sees {
            Ok(cycle)
        } else {
            Err(StoreError::NotFound("chu trình"))
        }
    }

    /// The cycles the caller may read, newest first: of `province` when given.
    pub async fn cycles(&self, caller: &Caller, province: Option<u32>) -> Result<Vec<Cycle>> {
        let scope = match caller {
            Caller::Anonymous => return Err(ocop_domain::access::Denied::NotSignedIn.into()),
            Caller::User(user) if user.role != Role::Central => match user.province_code {
                Some(own) if province.is_none_or(|p| p == own) => Some(own),
                _ => return Ok(Vec::new()),
            },
            _ => province,
        };
        self.list_cycles(scope, MAX_CYCLES).await
    }

    /// A cycle with each commune's counts at each step.
    pub async fn cycle_overview(&self, caller: &Caller, id: Uuid) -> Result<CycleOverview> {
        let cycle = self.visible_cycle(caller, id).await?;
        let counted = self.cycle_counts(id).await?;
        let mut total = CommuneCounts::default();
        let mut communes: Vec<CommuneCounts> = self
            .units
            .communes_of(cycle.province_code)
            .map(|unit| {
                counted
                    .iter()
                    .find(|c| c.commune_code == i64::from(unit.code))
                    .cloned()
                    .unwrap_or(CommuneCounts {
                        commune_code: i64::from(unit.code),
                        ..Default::default()
                    })
            })
            .collect();
        // A commune no longer in the lists (none today) still counts.
        for c in &counted {
            if !communes.iter().any(|x| x.commune_code == c.commune_code) {
                communes.push(c.clone());
            }
        }
        for c in &communes {
            total.add(c);
        }
        Ok(CycleOverview {
            cycle,
            communes,
            total,
        })
    }
}
