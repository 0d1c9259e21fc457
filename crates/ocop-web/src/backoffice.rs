//! What every back-office page shares: the signed-in user ([`Admin`]), the menu, paging and
//! small formatting helpers. The pages themselves live with their feature in `routes/`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
pub use ocop_domain::access::own_unit;
use ocop_domain::access::{Action, Actor, Resource, Role, authorize};
use ocop_domain::units::{AdminUnits, Placement};
use ocop_store::AuditActor;
use ocop_store::users::Session;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::i18n::{Lang, Tr};
use crate::view::PageCtx;
use crate::{AppError, AppState};

/// Upload routes read their multipart body in chunks against the configured upload limit
/// (`max_upload_bytes`), so they lift the small default body limit of the other routes.
pub(crate) const UPLOAD_BODY: axum::extract::DefaultBodyLimit =
    axum::extract::DefaultBodyLimit::disable();

/// The signed-in user of a back-office page (anonymous visitors are sent to the login page).
pub struct Admin {
    pub session: Session,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedIn(session) = SignedIn::from_request_parts(parts, state).await?;
        let lang = match Lang::from_request_parts(parts, state).await {
            Ok(lang) => lang,
            Err(never) => match never {},
        };
        Ok(Admin { session, lang })
    }
}

impl Admin {
    pub fn actor(&self) -> Actor {
        self.session.user.actor()
    }

    pub fn role(&self) -> Role {
        self.session.user.role
    }

    /// The caller of the store's use cases.
    pub fn caller(&self) -> ocop_store::Caller {
        ocop_store::Caller::User(self.session.user.clone())
    }

    pub fn audit_actor(&self) -> AuditActor {
        self.session.user.audit_actor()
    }

    /// The messages in the user's language.
    pub fn tr(&self) -> Tr {
        self.lang.tr()
    }

    pub fn ctx(&self) -> PageCtx {
        PageCtx::back_office(&self.session, self.lang)
    }

    /// The back-office menu, with the entries this user may use.
    pub fn nav(&self, active: &'static str) -> Nav {
        let unit = own_unit(&self.actor());
        Nav {
            active,
            can_import: self.may(Action::Import, &unit),
            can_manage_users: self.may(Action::ManageUsers, &unit),
            // Council members do not see dossiers; the dossier pages ask the store.
            can_see_dossiers: self.role() != Role::CouncilMember,
            can_change_requests: ocop_domain::access::change_request_scope(&self.actor()).is_ok(),
            own_producer: self.session.user.producer_id,
            can_see_scans: ocop_domain::access::authorize_scan_dashboard(&self.actor()).is_ok(),
        }
    }

    pub fn may(&self, action: Action, resource: &Resource) -> bool {
        authorize(Some(&self.actor()), action, resource).is_ok()
    }

    /// 403 unless the action is allowed.
    pub fn require(&self, action: Action, resource: &Resource) -> Result<(), AppError> {
        Ok(authorize(Some(&self.actor()), action, resource)?)
    }

    /// For an action on a stored record: 404 when the user may not even see it, as for a
    /// record that does not exist, so that ids cannot be probed (the API answers the same);
    /// 403 when they see it but may not do this.
    pub fn require_on(&self, action: Action, record: &Resource) -> Result<(), AppError> {
        if !self.may(Action::View, record) {
            return Err(AppError::not_found("hồ sơ"));
        }
        self.require(action, record)
    }
}

/// Entries of the back-office menu.
pub struct Nav {
    pub active: &'static str,
    pub can_import: bool,
    pub can_see_dossiers: bool,
    pub can_manage_users: bool,
    /// The user follows change requests (its own as a producer, its unit's as an official).
    pub can_change_requests: bool,
    pub own_producer: Option<Uuid>,
    /// The scan dashboard (producers and officials, not council members).
    pub can_see_scans: bool,
}

/// A record id from the path; anything that is not a UUID names no record.
pub fn parse_id(raw: &str, what: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw).map_err(|_| AppError::not_found(what))
}

/// A page number from the query string; anything odd is page 1.
pub fn page_number(raw: &str) -> u32 {
    raw.trim().parse().ok().filter(|p| *p >= 1).unwrap_or(1)
}

/// Previous/next links of a list page.
pub struct Pager {
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    /// The list URL with its filters, without the page.
    pub base: String,
}

impl Pager {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(u64::from(self.per_page.max(1))) as u32).max(1)
    }

    fn link(&self, page: u32) -> String {
        let separator = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{separator}page={page}", self.base)
    }

    pub fn prev_url(&self) -> Option<String> {
        (self.page > 1).then(|| self.link(self.page - 1))
    }

    pub fn next_url(&self) -> Option<String> {
        (self.page < self.pages()).then(|| self.link(self.page + 1))
    }

    /// Past the last page (an old link, a hand-typed number): the way back to page 1.
    pub fn first_url(&self) -> Option<String> {
        (self.page > self.pages()).then(|| self.link(1))
    }
}

/// `path?k=v&…` with the non-empty parameters.
pub fn url_with(path: &str, params: &[(&str, &str)]) -> String {
    let kept: Vec<(&str, &str)> = params
        .iter()
        .copied()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    if kept.is_empty() {
        return path.to_owned();
    }
    format!(
        "{path}?{}",
        serde_urlencoded::to_string(kept).unwrap_or_default()
    )
}

/// Vietnam's time (UTC+7, no daylight saving), as people read it: "14/05/2026 09:30".
pub fn local_time(at: OffsetDateTime) -> String {
    let local = at.to_offset(ocop_domain::VIETNAM);
    local
        .format(time::macros::format_description!(
            "[day]/[month]/[year] [hour]:[minute]:[second]"
        ))
        .unwrap_or_default()
}

/// Today's date in Vietnam, for file names.
pub fn local_date() -> String {
    let now = OffsetDateTime::now_utc().to_offset(ocop_domain::VIETNAM);
    now.format(time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// "Xã Bình Liêu, Quảng Ninh" for a record's placement today.
pub fn place_name(placement: Placement) -> String {
    let units = AdminUnits::embedded();
    match placement.commune_code {
        Some(code) => units.full_name(ocop_domain::units::UnitRef::commune(code)),
        None => crate::view::province_name(placement.province_code),
    }
}

/// The unit an account works in, as the dashboard names it.
pub fn unit_label(user: &ocop_store::User, tr: Tr) -> String {
    let units = AdminUnits::embedded();
    match user.role {
        Role::Central => tr.whole_country().to_owned(),
        Role::Commune => user
            .commune_code
            .map(|c| units.full_name(ocop_domain::units::UnitRef::commune(c)))
            .unwrap_or_default(),
        Role::Provincial | Role::CouncilMember | Role::Producer => user
            .province_code
            .map(crate::view::province_name)
            .unwrap_or_default(),
    }
}
