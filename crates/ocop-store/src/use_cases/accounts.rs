//! Tài khoản: accounts created by officials for their unit.

use ocop_domain::access::Role;
use ocop_domain::access::{Denied, Resource, authorize_accounts, grantable_roles, own_unit};
use ocop_domain::units::Placement;

use super::Caller;
use crate::users::{NewUser, User};
use crate::{Result, Store};

impl Store {
    /// Whether the caller may manage accounts at all.
    pub fn may_manage_accounts(&self, caller: &Caller) -> Result<()> {
        caller.check(|actor| authorize_accounts(actor, &own_unit(actor)))?;
        Ok(())
    }

    /// Creates an account of a role the caller may grant, in a unit the caller manages.
    pub async fn register_account(&self, caller: &Caller, new: NewUser) -> Result<User> {
        self.may_manage_accounts(caller)?;
        caller.check(|actor| {
            if grantable_roles(actor).contains(&new.role) {
                Ok(())
            } else {
                Err(Denied::Forbidden)
            }
        })?;
        // Where the account will sit; one without a valid unit is refused, field by field, by
        // `create_user`.
        if let Some(placement) = self.account_placement(&new).await? {
            let record = Resource {
                placement,
                producer_id: None,
                public: false,
                owner_editable: false,
            };
            caller.check(|actor| authorize_accounts(actor, &record))?;
        }
        self.create_user(&caller.audit(), new).await
    }

    async fn account_placement(&self, new: &NewUser) -> Result<Option<Placement>> {
        Ok(match new.role {
            Role::Central => Some(Placement {
                province_code: 0,
                commune_code: None,
            }),
            Role::Provincial | Role::CouncilMember => new
                .unit_code
                .filter(|code| self.units.province(*code).is_some())
                .map(|province_code| Placement {
                    province_code,
                    commune_code: None,
                }),
            Role::Commune => new
                .unit_code
                .and_then(|code| self.units.commune(code))
                .and_then(|commune| {
                    commune.parent_code.map(|province_code| Placement {
                        province_code,
                        commune_code: Some(commune.code),
                    })
                }),
            Role::Producer => match new.producer_id {
                Some(id) => Some(self.producer(id).await?.placement()),
                None => None,
            },
        })
    }
}
