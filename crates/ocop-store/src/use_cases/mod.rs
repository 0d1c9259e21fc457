//! Use cases: one function per thing a person does, called alike by the pages, the JSON API
//! and the command line, which only translate input and output. Each takes the [`Caller`] and
//! the input, asks the domain's named permission question
//! ([`ocop_domain::access`]), and writes in one transaction with its audit row. A record the
//! caller may not see is answered as unknown ([`StoreError::NotFound`]); one it sees but may
//! not change as [`StoreError::Denied`]. Refusals come before validation, so an outsider
//! learns nothing from the data's errors.

use ocop_domain::access::{Actor, Denied};

use crate::audit::AuditActor;
use crate::users::User;

mod accounts;
mod business_plans;
mod change_requests;
mod cycles;
mod dossiers;
mod evaluations;
mod exports;
mod ideas;
mod imports;
mod lots;
mod photos;
mod producers;
pub use dossiers::{CommuneCounts, DOSSIER_INBOX_LIMIT, DossierDetail, DossierPage, DossierQuery};
mod products;
mod records;
mod scans;
mod stamps;
mod worklist;

pub use accounts::{
    ACCOUNTS_PER_PAGE, Account, AccountCursor, AccountPage, PasswordChange, Registered,
};
pub use business_plans::{NewAttachment, PlanDetail};
pub use cycles::CycleOverview;
pub use ideas::local_year;
pub use lots::LotDetail;
pub use records::Entity;
pub use scans::{
    ConsumerReport, DASHBOARD_DAYS, DASHBOARD_ROWS, DayScans, Handling, ProductScans,
    ProvinceScans, ScanAlert, ScanDashboard,
};
pub use stamps::SeriesPrint;
pub use worklist::{LatestResult, Listing, WORKLIST_LIMIT, WorkProduct, Worklist};

/// Who asks: a visitor who is not signed in (public records only), a signed-in user, whom
/// the domain's rules decide for, or the system — the command line and demo data, run by
/// whoever runs the server, which the rules do not limit.
#[derive(Debug, Clone)]
pub enum Caller {
    Anonymous,
    User(User),
    System(AuditActor),
}

impl Caller {
    pub fn system(label: &str) -> Caller {
        Caller::System(AuditActor::system(label))
    }

    /// The user as the rules see them; none for the system.
    pub fn actor(&self) -> Option<Actor> {
        match self {
            Caller::User(user) => Some(user.actor()),
            Caller::Anonymous | Caller::System(_) => None,
        }
    }

    pub fn audit(&self) -> AuditActor {
        match self {
            Caller::Anonymous => AuditActor::system("khách"),
            Caller::User(user) => user.audit_actor(),
            Caller::System(actor) => actor.clone(),
        }
    }

    /// Asks `rule` for a user; the system may do anything.
    pub(crate) fn check<T: Default>(
        &self,
        rule: impl FnOnce(&Actor) -> Result<T, Denied>,
    ) -> Result<T, Denied> {
        match self {
            Caller::Anonymous => Err(Denied::NotSignedIn),
            Caller::User(user) => rule(&user.actor()),
            Caller::System(_) => Ok(T::default()),
        }
    }

    /// Whether the caller may see a record: the system sees everything.
    pub(crate) fn sees(&self, record: &ocop_domain::access::Resource) -> bool {
        match self {
            Caller::Anonymous => ocop_domain::access::authorize_view(None, record).is_ok(),
            Caller::User(user) => {
                ocop_domain::access::authorize_view(Some(&user.actor()), record).is_ok()
            }
            Caller::System(_) => true,
        }
    }
}

impl From<Option<User>> for Caller {
    /// A signed-in user, or an anonymous visitor.
    fn from(user: Option<User>) -> Caller {
        user.map_or(Caller::Anonymous, Caller::User)
    }
}
