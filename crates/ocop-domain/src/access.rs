//! Phân quyền: who may do what to which record, by role and administrative unit.
//!
//! [`authorize`] is the one rule of role × action × unit; the named functions below
//! (`authorize_register`, `authorize_change`, `authorize_scoring`, …) are the questions the
//! use cases ask, one per use case, so that the page, the API and the command line cannot
//! disagree. Web handlers call them only to decide what to show. Officials are scoped to a unit of today's
//! structure: a provincial officer to a province, a commune officer to a commune. A record's
//! [`Placement`](crate::units::Placement) says which province and commune it sits in today.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::change_request::ChangeRequestAction;
use crate::dossier::{DossierAction, DossierState, TransitionRefusal, transition};
use crate::units::Placement;

/// Vai trò of a user account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// Quản trị trung ương: the central administrator.
    Central,
    /// Cán bộ cấp tỉnh.
    Provincial,
    /// Cán bộ cấp xã.
    Commune,
    /// Chủ thể: a producer's own account, linked to one producer.
    Producer,
    /// Thành viên hội đồng đánh giá (scoped to a province).
    CouncilMember,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Central,
        Role::Provincial,
        Role::Commune,
        Role::Producer,
        Role::CouncilMember,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Central => "central",
            Role::Provincial => "provincial",
            Role::Commune => "commune",
            Role::Producer => "producer",
            Role::CouncilMember => "council_member",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == raw.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Central => "Quản trị trung ương",
            Role::Provincial => "Cán bộ cấp tỉnh",
            Role::Commune => "Cán bộ cấp xã",
            Role::Producer => "Chủ thể OCOP",
            Role::CouncilMember => "Thành viên hội đồng",
        }
    }

    pub fn is_official(self) -> bool {
        matches!(self, Role::Central | Role::Provincial | Role::Commune)
    }
}

/// The signed-in user as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub user_id: Uuid,
    pub role: Role,
    /// Province code (today's structure) for provincial officers and council members; the
    /// commune's province for commune officers.
    pub province_code: Option<u32>,
    /// Commune code (today's structure) for commune officers.
    pub commune_code: Option<u32>,
    /// The producer a producer account belongs to.
    pub producer_id: Option<Uuid>,
}

/// What the actor wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See the record (public records need no account).
    View,
    Create,
    Edit,
    /// Move out of draft, suspend or reactivate (status changes other than archiving).
    Publish,
    Archive,
    ViewAudit,
    Export,
    Import,
    /// Create and manage user accounts in the actor's unit.
    ManageUsers,
}

impl Action {
    pub const ALL: [Action; 9] = [
        Action::View,
        Action::Create,
        Action::Edit,
        Action::Publish,
        Action::Archive,
        Action::ViewAudit,
        Action::Export,
        Action::Import,
        Action::ManageUsers,
    ];
}

/// The record the action is on: where it sits, who owns it, whether the public may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource {
    pub placement: Placement,
    /// The producer that owns the record (the producer itself, or a product's producer).
    pub producer_id: Option<Uuid>,
    /// Visible to everyone (an active product or producer).
    pub public: bool,
    /// The owning producer may still change it: its own profile, or a product in draft.
    pub owner_editable: bool,
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("Cần đăng nhập để thực hiện thao tác này")]
    NotSignedIn,
    #[error("Bạn không có quyền thực hiện thao tác này với hồ sơ ngoài phạm vi quản lý")]
    Forbidden,
    /// An administrator resetting or disabling their own account, which would lock them out.
    #[error(
        "Không thể khóa hoặc đặt lại mật khẩu tài khoản của chính mình; hãy dùng \"Đổi mật khẩu\""
    )]
    OwnAccount,
}

/// Whether `actor` (None: an anonymous visitor) may do `action` on `resource`.
pub fn authorize(actor: Option<&Actor>, action: Action, resource: &Resource) -> Result<(), Denied> {
    let Some(actor) = actor else {
        return if action == Action::View && resource.public {
            Ok(())
        } else {
            Err(Denied::NotSignedIn)
        };
    };
    if action == Action::View && resource.public {
        return Ok(());
    }
    let in_province = actor.province_code == Some(resource.placement.province_code);
    let in_commune =
        actor.commune_code.is_some() && actor.commune_code == resource.placement.commune_code;
    let own = actor.producer_id.is_some() && actor.producer_id == resource.producer_id;
    let allowed = match actor.role {
        Role::Central => true,
        Role::Provincial => in_province,
        // Users are managed by provincial and central officials.
        Role::Commune => in_commune && action != Action::ManageUsers,
        Role::Producer => {
            own && match action {
                Action::View => true,
                // A producer keeps its own profile current and prepares product drafts;
                // officials publish and archive.
                Action::Create | Action::Edit => resource.owner_editable,
                _ => false,
            }
        }
        Role::CouncilMember => in_province && action == Action::View,
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Whether `actor` may change a registry record (a producer, a product) from `before`:
/// `Edit` where it is; when the change moves it to `moved_to`, an official's `Edit` where it
/// lands too (a producer account never moves itself, and with it its products, out of its
/// officials' reach); when its status changes, `status_action` (publishing, suspending,
/// archiving) where it is. Every entry point that changes a record asks this, so the page, the
/// API and the command line cannot disagree.
pub fn authorize_change(
    actor: &Actor,
    before: &Resource,
    moved_to: Placement,
    status_action: Option<Action>,
) -> Result<(), Denied> {
    authorize(Some(actor), Action::Edit, before)?;
    if moved_to != before.placement {
        if !actor.role.is_official() {
            return Err(Denied::Forbidden);
        }
        let landing = Resource {
            placement: moved_to,
            ..*before
        };
        authorize(Some(actor), Action::Edit, &landing)?;
    }
    match status_action {
        Some(action) => authorize(Some(actor), action, before),
        None => Ok(()),
    }
}

/// Why an actor who sees a record may not edit it, so that a page can say what it may do
/// instead of only refusing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditRefusal {
    /// Its own producer, once the record is no longer a draft: officials of its unit change
    /// it from then on.
    OwnerAfterDraft,
    /// A council member reads and scores records, never changes them.
    CouncilReadOnly,
    /// Another unit's, or another producer's, record.
    OutsideScope,
}

/// `None` when `actor` may edit `record`; else why not, by the same rule as
/// [`authorize_change`].
pub fn edit_refusal(actor: &Actor, record: &Resource) -> Option<EditRefusal> {
    if authorize(Some(actor), Action::Edit, record).is_ok() {
        return None;
    }
    let own = actor.producer_id.is_some() && actor.producer_id == record.producer_id;
    Some(match actor.role {
        Role::Producer if own => EditRefusal::OwnerAfterDraft,
        Role::CouncilMember if authorize_view(Some(actor), &private(record)).is_ok() => {
            EditRefusal::CouncilReadOnly
        }
        _ => EditRefusal::OutsideScope,
    })
}

/// A new record inside the actor's own unit: what "may this user create, import, export or
/// manage accounts at all" is asked about. Central officials have no unit and need none.
pub fn own_unit(actor: &Actor) -> Resource {
    Resource {
        placement: Placement {
            province_code: actor.province_code.unwrap_or(0),
            commune_code: actor.commune_code,
        },
        producer_id: None,
        public: false,
        owner_editable: true,
    }
}

/// Whether `actor` may see a record. A record the caller may not see is answered as unknown.
pub fn authorize_view(actor: Option<&Actor>, record: &Resource) -> Result<(), Denied> {
    authorize(actor, Action::View, record)
}

/// Whether `actor` may register a new record at `record` (where it will sit, whose it is)
/// with `status_action`: the action its first status needs beyond a draft (see
/// [`status_action`]), e.g. registering a product straight as active is also publishing it.
pub fn authorize_register(
    actor: &Actor,
    record: &Resource,
    status_action: Option<Action>,
) -> Result<(), Denied> {
    authorize(Some(actor), Action::Create, record)?;
    match status_action {
        Some(action) => authorize(Some(actor), action, record),
        None => Ok(()),
    }
}

/// Whether `actor` may archive a record (officials of its unit; never its producer).
pub fn authorize_archive(actor: &Actor, record: &Resource) -> Result<(), Denied> {
    authorize(Some(actor), Action::Archive, record)
}

/// Whether `actor` may add or remove a product's photos: whoever may edit it.
pub fn authorize_photos(actor: &Actor, product: &Resource) -> Result<(), Denied> {
    authorize(Some(actor), Action::Edit, product)
}

/// Whether `actor` may issue stamps (phát hành tem) for a lot of `product`: whoever records
/// its lots (its producer, the officials of its unit). Central officials read series but do
/// not issue them.
pub fn authorize_issue_stamps(actor: &Actor, product: &Resource) -> Result<(), Denied> {
    authorize_lot_record(actor, product)
}

/// Whether `actor` may see the stamp series of a lot of `product` and download their codes
/// and labels: whoever reads its lots. Never the public, who meet a stamp only by scanning it.
pub fn authorize_stamps_read(actor: &Actor, product: &Resource) -> Result<(), Denied> {
    authorize_lot_read(actor, product)
}

/// Whether `actor` may read a record's change history.
pub fn authorize_audit(actor: &Actor, record: &Resource) -> Result<(), Denied> {
    authorize(Some(actor), Action::ViewAudit, record)
}

/// Whether `actor` may import rows into its unit, and a row landing at `record`.
pub fn authorize_import(actor: &Actor, record: &Resource) -> Result<(), Denied> {
    authorize(Some(actor), Action::Import, record)?;
    authorize(Some(actor), Action::Create, record)
}

/// Whether `actor` may export the lists of its unit.
pub fn authorize_export(actor: &Actor, unit: &Resource) -> Result<(), Denied> {
    authorize(Some(actor), Action::Export, unit)
}

/// Whether `actor` may create and manage accounts in `unit`.
pub fn authorize_accounts(actor: &Actor, unit: &Resource) -> Result<(), Denied> {
    authorize(Some(actor), Action::ManageUsers, unit)
}

/// The roles `actor` may give new accounts: central administrators any; provincial officials
/// the commune officers, council members and producer accounts of their province.
pub fn grantable_roles(actor: &Actor) -> Vec<Role> {
    match actor.role {
        Role::Central => Role::ALL.to_vec(),
        Role::Provincial => vec![Role::Commune, Role::Producer, Role::CouncilMember],
        _ => Vec::new(),
    }
}

/// A user account as the rules see it: whose it is, its role, and where it sits today (a
/// producer account sits where its producer does; a central administrator nowhere in
/// particular, province 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountRecord {
    pub user_id: Uuid,
    pub role: Role,
    pub placement: Placement,
}

/// Whether `actor` may administer `account` — reset its password, disable or enable it: an
/// account of a role the actor may grant ([`grantable_roles`]) in a unit where the actor
/// manages accounts ([`authorize_accounts`]). Never the actor's own
/// ([`Denied::OwnAccount`]): disabling it would lock them out, and they change their own
/// password with the current one ([`authorize_password_change`]).
pub fn authorize_account_admin(actor: &Actor, account: &AccountRecord) -> Result<(), Denied> {
    if account.user_id == actor.user_id {
        return Err(Denied::OwnAccount);
    }
    if !grantable_roles(actor).contains(&account.role) {
        return Err(Denied::Forbidden);
    }
    let unit = Resource {
        placement: account.placement,
        producer_id: None,
        public: false,
        owner_editable: false,
    };
    authorize_accounts(actor, &unit)
}

/// Whether `actor` may see `account` in the account list and open its page: the accounts
/// they administer, and their own. Any other is answered as unknown.
pub fn authorize_account_view(actor: &Actor, account: &AccountRecord) -> Result<(), Denied> {
    if account.user_id == actor.user_id {
        return Ok(());
    }
    authorize_account_admin(actor, account)
}

/// Whether `actor` may change the password of the account `account_id` with its current
/// password: its owner only, whatever the role (producer accounts too). Administrators reset
/// other accounts' passwords instead ([`authorize_account_admin`]).
pub fn authorize_password_change(actor: &Actor, account_id: Uuid) -> Result<(), Denied> {
    if actor.user_id == account_id {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Whether `actor` may read a product's lots (lô sản phẩm), their events and tests: its
/// producer, the officials of its unit and central officials. Not council members (lots are
/// not part of an evaluation) and not the public, who reach a lot only through a stamp.
pub fn authorize_lot_read(actor: &Actor, product: &Resource) -> Result<(), Denied> {
    if actor.role == Role::CouncilMember {
        return Err(Denied::Forbidden);
    }
    authorize(Some(actor), Action::View, &private(product))
}

/// Whether `actor` may record a product's lots — create one, add its events and lab tests,
/// import lots — and recall one: its producer (whatever the product's state: lots are the
/// producer's own records of production) and the commune and provincial officials of its
/// unit. Central officials read lots but leave recording to the unit.
pub fn authorize_lot_record(actor: &Actor, product: &Resource) -> Result<(), Denied> {
    match actor.role {
        Role::Central | Role::CouncilMember => Err(Denied::Forbidden),
        Role::Provincial | Role::Commune | Role::Producer => {
            authorize(Some(actor), Action::View, &private(product))
        }
    }
}

/// Whether `actor` may recall (thu hồi) a lot of the product: whoever records its lots.
pub fn authorize_lot_recall(actor: &Actor, product: &Resource) -> Result<(), Denied> {
    authorize_lot_record(actor, product)
}

/// Whether `actor` may import lots at all (each row is then asked
/// [`authorize_lot_record`] on its product): the roles that record lots, within their unit.
pub fn authorize_lot_import(actor: &Actor) -> Result<(), Denied> {
    let unit = Resource {
        producer_id: actor.producer_id,
        ..own_unit(actor)
    };
    authorize_lot_record(actor, &unit)
}

/// Whether `actor` may see the scans of a product's stamps, their alerts and the consumers'
/// reports: whoever reads its lots (its producer, the officials of its unit, central
/// officials).
pub fn authorize_scans_read(actor: &Actor, product: &Resource) -> Result<(), Denied> {
    authorize_lot_read(actor, product)
}

/// Whether `actor` may mark a scan alert or a consumer's report handled (đã xử lý): whoever
/// sees it. For a stamp of a product, whoever reads its scans ([`authorize_scans_read`]: its
/// producer, the officials of its unit, central officials); for an alert on a code of a series
/// never issued, which belongs to no product (a stamp key may have leaked), central officials
/// only. (A report is always of a product: the resolver took it from a genuine stamp's page.)
pub fn authorize_scan_handle(actor: &Actor, product: Option<&Resource>) -> Result<(), Denied> {
    match product {
        Some(product) => authorize_scans_read(actor, product),
        None if actor.role == Role::Central => Ok(()),
        None => Err(Denied::Forbidden),
    }
}

/// Whether `actor` may open the scan dashboard at all (each row is then limited to what
/// [`authorize_scans_read`] lets them see, by [`view_scope`]).
pub fn authorize_scan_dashboard(actor: &Actor) -> Result<(), Denied> {
    let unit = Resource {
        producer_id: actor.producer_id,
        ..own_unit(actor)
    };
    authorize_scans_read(actor, &unit)
}

/// In which capacity an evaluation is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoringCapacity {
    /// Tự đánh giá: the producer scores its own product (Mẫu 02 part III).
    SelfAssessment,
    /// Đánh giá: an official or a council member of the product's unit.
    Official,
}

/// Whether `actor` may score a product and save the result, and as what: its producer
/// assesses itself; officials and council members of its unit evaluate it. Whether the
/// product is public does not matter, so the unit rule is asked as for a non-public record.
pub fn authorize_scoring(actor: &Actor, product: &Resource) -> Result<ScoringCapacity, Denied> {
    authorize(Some(actor), Action::View, &private(product))?;
    Ok(if actor.role == Role::Producer {
        ScoringCapacity::SelfAssessment
    } else {
        ScoringCapacity::Official
    })
}

/// Whether `actor` may read a product's saved results and advice: its producer and the
/// officials of its unit (not council members, who score but do not follow up).
pub fn authorize_results(actor: Option<&Actor>, product: &Resource) -> Result<(), Denied> {
    let actor = actor.ok_or(Denied::NotSignedIn)?;
    if actor.role == Role::CouncilMember {
        return Err(Denied::Forbidden);
    }
    authorize(Some(actor), Action::View, &private(product))
}

/// Whether `actor` may read one saved evaluation of a product, made by `author`: whoever may
/// read the product's results, and the member who saved it (a council member sees its own
/// scores, never another's).
pub fn authorize_evaluation_read(
    actor: Option<&Actor>,
    product: &Resource,
    author: Option<Uuid>,
) -> Result<(), Denied> {
    let refused = match authorize_results(actor, product) {
        Ok(()) => return Ok(()),
        Err(refused) => refused,
    };
    match actor {
        Some(actor) if author == Some(actor.user_id) => {
            authorize(Some(actor), Action::View, &private(product))
        }
        _ => Err(refused),
    }
}

fn private(record: &Resource) -> Resource {
    Resource {
        public: false,
        owner_editable: false,
        ..*record
    }
}

/// Whether `actor` may take `action` on a change request (yêu cầu thay đổi) of `product`: its
/// producer proposes, revises and withdraws; officials of the product's unit (the commune
/// officer of its commune, the provincial officer of its province, central) approve and
/// reject. Nobody else, whether the product is public or not.
pub fn authorize_change_request(
    actor: &Actor,
    action: ChangeRequestAction,
    product: &Resource,
) -> Result<(), Denied> {
    match action {
        ChangeRequestAction::Propose
        | ChangeRequestAction::Revise
        | ChangeRequestAction::Withdraw => {
            let own = actor.role == Role::Producer
                && actor.producer_id.is_some()
                && actor.producer_id == product.producer_id;
            if own { Ok(()) } else { Err(Denied::Forbidden) }
        }
        ChangeRequestAction::Approve | ChangeRequestAction::Reject => {
            if !actor.role.is_official() {
                return Err(Denied::Forbidden);
            }
            authorize(Some(actor), Action::Edit, &private(product))
        }
    }
}

/// Whether `actor` may read the change requests of `product`: its producer and the officials
/// of its unit; a request anyone else asks for is answered as unknown.
pub fn authorize_change_request_view(
    actor: Option<&Actor>,
    product: &Resource,
) -> Result<(), Denied> {
    let actor = actor.ok_or(Denied::NotSignedIn)?;
    if actor.role == Role::CouncilMember {
        return Err(Denied::Forbidden);
    }
    authorize(Some(actor), Action::View, &private(product))
}

/// The change requests a list may show `actor`: those of the products of its scope; none
/// for a council member, who reads and scores products but does not follow their changes.
pub fn change_request_scope(actor: &Actor) -> Result<Scope, Denied> {
    match actor.role {
        Role::CouncilMember => Err(Denied::Forbidden),
        _ => Ok(view_scope(Some(actor))),
    }
}

/// Whether `actor` may confirm, or change, which commune of today a record of a divided old
/// commune belongs to: an official of its province (central or provincial). Not a commune
/// officer, who would be choosing between its own commune and a neighbour's.
pub fn authorize_successor_choice(actor: &Actor, record: &Resource) -> Result<(), Denied> {
    let allowed = match actor.role {
        Role::Central => true,
        Role::Provincial => actor.province_code == Some(record.placement.province_code),
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Whether `actor` may see a record's personal data — the legal representative's name,
/// gender, ethnicity and disability — which the public does not, even on a public record
/// (personal data, Nghị định 13/2023/NĐ-CP): only those whose scope holds the record. One
/// rule for the public pages and the API.
pub fn may_see_personal_data(actor: Option<&Actor>, record: &Resource) -> bool {
    authorize(actor, Action::View, &private(record)).is_ok()
}

/// Whether `actor` may open a province's yearly cycle or change its dates: the provincial
/// OCOP unit of that province only (central officials read cycles, they do not run them).
pub fn authorize_open_cycle(actor: &Actor, province_code: u32) -> Result<(), Denied> {
    if actor.role == Role::Provincial && actor.province_code == Some(province_code) {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Whether `actor` may read a province's cycle and its counts: central officials, and every
/// account of that province (officials, council members, producers).
pub fn authorize_view_cycle(actor: &Actor, province_code: u32) -> Result<(), Denied> {
    if actor.role == Role::Central || actor.province_code == Some(province_code) {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Whether `record` (an idea, a plan) is in `actor`'s own reach for acting on it: its own
/// producer's for a producer account, its commune for a commune officer, its province for a
/// provincial officer. Central officials and council members act on none.
fn acts_on(actor: &Actor, record: &Resource) -> bool {
    match actor.role {
        Role::Producer => actor.producer_id.is_some() && actor.producer_id == record.producer_id,
        Role::Commune => {
            actor.commune_code.is_some() && actor.commune_code == record.placement.commune_code
        }
        Role::Provincial => actor.province_code == Some(record.placement.province_code),
        Role::Central | Role::CouncilMember => false,
    }
}

/// Whether `actor` may file an idea registration at `record` (its commune; its producer, or
/// none for a would-be producer with no account): a producer account for itself, a commune
/// officer in its commune (for a producer of the commune or a would-be producer).
pub fn authorize_file_idea(actor: &Actor, record: &Resource) -> Result<(), Denied> {
    let allowed = match actor.role {
        Role::Producer => acts_on(actor, record),
        Role::Commune => acts_on(actor, record),
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Whether `actor` may do `action` to an idea at `record`: a role that does it
/// ([`crate::idea::TRANSITIONS`]) in its own reach. Whether the idea's state allows it is
/// [`crate::idea::transition`]'s question, asked after this one.
pub fn authorize_idea_action(
    actor: &Actor,
    record: &Resource,
    action: crate::idea::IdeaAction,
) -> Result<(), Denied> {
    if crate::idea::role_acts(actor.role, action) && acts_on(actor, record) {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Whether `actor` may do `action` to a business plan at `record` (its idea's commune and
/// producer): a role that does it ([`crate::business_plan::TRANSITIONS`]) in its own reach.
/// A commune officer writes and submits only the plans of would-be producers (no producer
/// account); a producer's own plan is its own to write.
pub fn authorize_plan_action(
    actor: &Actor,
    record: &Resource,
    action: crate::business_plan::PlanAction,
) -> Result<(), Denied> {
    use crate::business_plan::PlanAction;
    let writing = matches!(action, PlanAction::Edit | PlanAction::Submit);
    let on_behalf_refused = writing && actor.role == Role::Commune && record.producer_id.is_some();
    if crate::business_plan::role_acts(actor.role, action)
        && acts_on(actor, record)
        && !on_behalf_refused
    {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Whether `actor` may comment on a business plan at `record`: the commune and provincial
/// officials of its unit.
pub fn authorize_plan_comment(actor: &Actor, record: &Resource) -> Result<(), Denied> {
    if matches!(actor.role, Role::Commune | Role::Provincial) && acts_on(actor, record) {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// The action a status change needs: archiving, or any other change (publishing, suspending,
/// reactivating); none when the status stays.
pub fn status_action<S: PartialEq>(before: S, after: S, archived: S) -> Option<Action> {
    if before == after {
        None
    } else if after == archived {
        Some(Action::Archive)
    } else {
        Some(Action::Publish)
    }
}

/// Whether `actor` may see a dossier in `state`: a draft is its producer's alone; once filed,
/// its producer, the commune officers of its commune, the provincial officials of its
/// province and central officials see it. Council members do not see dossiers at this stage.
pub fn authorize_dossier_view(
    actor: &Actor,
    dossier: &Resource,
    state: DossierState,
) -> Result<(), Denied> {
    let own = actor.role == Role::Producer
        && actor.producer_id.is_some()
        && actor.producer_id == dossier.producer_id;
    if actor.role == Role::CouncilMember || (state == DossierState::Draft && !own) {
        return Err(Denied::Forbidden);
    }
    authorize(Some(actor), Action::View, &private(dossier))
}

/// Whether `actor` may file a dossier for `product`: its own producer, whatever the product's
/// status (a draft product is registered by the dossier; an active one is upgraded or
/// re-evaluated).
pub fn authorize_dossier_file(actor: &Actor, product: &Resource) -> Result<(), Denied> {
    if actor.role != Role::Producer {
        return Err(Denied::Forbidden);
    }
    authorize(
        Some(actor),
        Action::Create,
        &Resource {
            public: false,
            owner_editable: true,
            ..*product
        },
    )
}

/// Why an action on a dossier is refused: outside the actor's scope, or not in the
/// transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DossierRefusal {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error(transparent)]
    Transition(#[from] TransitionRefusal),
}

/// Whether `actor` may take `action` on a dossier in `state`, and the state it leads to: the
/// dossier must be in the actor's scope (its own producer's, its commune's) and the
/// transition table must allow the action to the actor's role from that state
/// ([`crate::dossier::transition`]).
pub fn authorize_dossier_action(
    actor: &Actor,
    dossier: &Resource,
    state: DossierState,
    action: DossierAction,
) -> Result<DossierState, DossierRefusal> {
    authorize_dossier_view(actor, dossier, state)?;
    let scoped = Resource {
        public: false,
        owner_editable: true,
        ..*dossier
    };
    authorize(Some(actor), Action::Edit, &scoped)?;
    Ok(transition(state, action, actor.role)?)
}

/// Whether `actor` may read the dossier counts of a province's communes: central officials
/// any province, provincial officials their own.
pub fn authorize_dossier_overview(actor: &Actor, province_code: u32) -> Result<(), Denied> {
    match actor.role {
        Role::Central => Ok(()),
        Role::Provincial if actor.province_code == Some(province_code) => Ok(()),
        _ => Err(Denied::Forbidden),
    }
}

/// The scope a list query must be limited to for this actor (what they may view beyond the
/// public records).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everything,
    Province(u32),
    Commune(u32),
    Producer(Uuid),
    PublicOnly,
}

pub fn view_scope(actor: Option<&Actor>) -> Scope {
    match actor {
        None => Scope::PublicOnly,
        Some(a) => match a.role {
            Role::Central => Scope::Everything,
            Role::Provincial | Role::CouncilMember => {
                a.province_code.map_or(Scope::PublicOnly, Scope::Province)
            }
            Role::Commune => a.commune_code.map_or(Scope::PublicOnly, Scope::Commune),
            Role::Producer => a.producer_id.map_or(Scope::PublicOnly, Scope::Producer),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME_PROVINCE: u32 = 22;
    const HOME_COMMUNE: u32 = 6838;
    const OTHER_PROVINCE: u32 = 1;
    const OTHER_COMMUNE: u32 = 70;

    fn actor(role: Role, producer: Option<Uuid>) -> Actor {
        Actor {
            user_id: Uuid::nil(),
            role,
            province_code: Some(HOME_PROVINCE),
            commune_code: (role == Role::Commune).then_some(HOME_COMMUNE),
            producer_id: producer,
        }
    }

    fn resource(own_unit: bool, producer: Uuid, public: bool, owner_editable: bool) -> Resource {
        Resource {
            placement: if own_unit {
                Placement {
                    province_code: HOME_PROVINCE,
                    commune_code: Some(HOME_COMMUNE),
                }
            } else {
                Placement {
                    province_code: OTHER_PROVINCE,
                    commune_code: Some(OTHER_COMMUNE),
                }
            },
            producer_id: Some(producer),
            public,
            owner_editable,
        }
    }

    #[test]
    fn a_council_member_reads_its_own_evaluation_and_no_other() {
        let producer = Uuid::from_u128(1);
        let member = actor(Role::CouncilMember, None);
        let someone_else = Some(Uuid::from_u128(9));
        let own_unit = resource(true, producer, true, false);
        let foreign = resource(false, producer, true, false);
        // (actor, product, author, may read)
        let rows = [
            (&member, &own_unit, Some(member.user_id), true),
            (&member, &own_unit, someone_else, false),
            (&member, &own_unit, None, false),
            // Its own scores of a product it may no longer see stay hidden.
            (&member, &foreign, Some(member.user_id), false),
        ];
        for (who, product, author, expected) in rows {
            assert_eq!(
                authorize_evaluation_read(Some(who), product, author).is_ok(),
                expected,
                "{who:?} reading an evaluation by {author:?}"
            );
        }
        let officer = actor(Role::Provincial, None);
        assert!(authorize_evaluation_read(Some(&officer), &own_unit, someone_else).is_ok());
        assert!(authorize_evaluation_read(None, &own_unit, someone_else).is_err());
    }

    #[test]
    fn a_refused_edit_says_why() {
        let mine = Uuid::from_u128(1);
        let theirs = Uuid::from_u128(2);
        let producer = actor(Role::Producer, Some(mine));
        let council = actor(Role::CouncilMember, None);
        let commune = actor(Role::Commune, None);
        // (actor, own unit, owner, public, owner editable, refusal)
        let rows = [
            (&producer, true, mine, false, true, None),
            (
                &producer,
                true,
                mine,
                true,
                false,
                Some(EditRefusal::OwnerAfterDraft),
            ),
            (
                &producer,
                true,
                mine,
                false,
                false,
                Some(EditRefusal::OwnerAfterDraft),
            ),
            (
                &producer,
                true,
                theirs,
                true,
                false,
                Some(EditRefusal::OutsideScope),
            ),
            (
                &council,
                true,
                theirs,
                true,
                false,
                Some(EditRefusal::CouncilReadOnly),
            ),
            (
                &council,
                false,
                theirs,
                true,
                false,
                Some(EditRefusal::OutsideScope),
            ),
            (&commune, true, theirs, true, false, None),
            (
                &commune,
                false,
                theirs,
                true,
                false,
                Some(EditRefusal::OutsideScope),
            ),
        ];
        for (who, own, owner, public, editable, expected) in rows {
            let record = resource(own, owner, public, editable);
            assert_eq!(
                edit_refusal(who, &record),
                expected,
                "{:?} {record:?}",
                who.role
            );
            assert_eq!(
                expected.is_none(),
                authorize_change(who, &record, record.placement, None).is_ok()
            );
        }
    }

    #[test]
    fn officials_of_the_province_choose_a_successor() {
        let producer = Uuid::from_u128(7);
        for role in Role::ALL {
            for own in [true, false] {
                let allowed = authorize_successor_choice(
                    &actor(role, Some(producer)),
                    &resource(own, producer, true, true),
                )
                .is_ok();
                let expected = role == Role::Central || (role == Role::Provincial && own);
                assert_eq!(allowed, expected, "{role:?} own unit {own}");
            }
        }
    }

    /// Every role × action × own/foreign unit, on a non-public draft record. The expected
    /// answers are written out row by row so that a change of rule shows up here.
    #[test]
    fn matrix_on_private_drafts() {
        use Action::*;
        let mine = Uuid::from_u128(1);
        let theirs = Uuid::from_u128(2);
        // (role, action, own unit/record, expected)
        let rows: Vec<(Role, Action, bool, bool)> = vec![
            (Role::Central, View, false, true),
            (Role::Central, Edit, false, true),
            (Role::Central, ManageUsers, false, true),
            (Role::Provincial, View, true, true),
            (Role::Provincial, View, false, false),
            (Role::Provincial, Create, true, true),
            (Role::Provincial, Create, false, false),
            (Role::Provincial, Edit, true, true),
            (Role::Provincial, Edit, false, false),
            (Role::Provincial, Publish, true, true),
            (Role::Provincial, Publish, false, false),
            (Role::Provincial, Archive, true, true),
            (Role::Provincial, Archive, false, false),
            (Role::Provincial, ViewAudit, true, true),
            (Role::Provincial, ViewAudit, false, false),
            (Role::Provincial, Export, true, true),
            (Role::Provincial, Import, false, false),
            (Role::Provincial, ManageUsers, true, true),
            (Role::Provincial, ManageUsers, false, false),
            (Role::Commune, View, true, true),
            (Role::Commune, View, false, false),
            (Role::Commune, Create, true, true),
            (Role::Commune, Create, false, false),
            (Role::Commune, Edit, true, true),
            (Role::Commune, Edit, false, false),
            (Role::Commune, Publish, true, true),
            (Role::Commune, Archive, true, true),
            (Role::Commune, Archive, false, false),
            (Role::Commune, ViewAudit, true, true),
            (Role::Commune, ViewAudit, false, false),
            (Role::Commune, Import, true, true),
            (Role::Commune, ManageUsers, true, false),
            (Role::Producer, View, true, true),
            (Role::Producer, View, false, false),
            (Role::Producer, Create, true, true),
            (Role::Producer, Edit, true, true),
            (Role::Producer, Edit, false, false),
            (Role::Producer, Publish, true, false),
            (Role::Producer, Archive, true, false),
            (Role::Producer, ViewAudit, true, false),
            (Role::Producer, Export, true, false),
            (Role::Producer, Import, true, false),
            (Role::Producer, ManageUsers, true, false),
            (Role::CouncilMember, View, true, true),
            (Role::CouncilMember, View, false, false),
            (Role::CouncilMember, Edit, true, false),
            (Role::CouncilMember, ViewAudit, true, false),
        ];
        for (role, action, own, expected) in rows {
            let a = actor(role, Some(mine));
            // "own" means own unit for officials and own producer for producer accounts.
            let r = resource(own, if own { mine } else { theirs }, false, true);
            assert_eq!(
                authorize(Some(&a), action, &r).is_ok(),
                expected,
                "{role:?} {action:?} own={own}"
            );
        }
    }

    #[test]
    fn every_role_and_action_is_decided_consistently() {
        // Whatever the role, a foreign non-public record is never editable except by central.
        for role in Role::ALL {
            for action in Action::ALL {
                let a = actor(role, Some(Uuid::from_u128(1)));
                let r = resource(false, Uuid::from_u128(2), false, true);
                let ok = authorize(Some(&a), action, &r).is_ok();
                assert_eq!(ok, role == Role::Central, "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn producers_cannot_edit_published_products() {
        let me = Uuid::from_u128(1);
        let a = actor(Role::Producer, Some(me));
        let active = resource(true, me, true, false);
        assert!(authorize(Some(&a), Action::View, &active).is_ok());
        assert_eq!(
            authorize(Some(&a), Action::Edit, &active),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn anonymous_sees_only_public_records() {
        let r = resource(true, Uuid::from_u128(1), true, false);
        assert!(authorize(None, Action::View, &r).is_ok());
        assert_eq!(authorize(None, Action::Edit, &r), Err(Denied::NotSignedIn));
        let private = resource(true, Uuid::from_u128(1), false, true);
        assert_eq!(
            authorize(None, Action::View, &private),
            Err(Denied::NotSignedIn)
        );
    }

    /// Moving a record: role × where it lands (same commune, another commune of the province,
    /// another province) × a status change, on the actor's own record.
    #[test]
    fn moving_a_record_needs_an_official_of_both_units() {
        let mine = Uuid::from_u128(1);
        let here = resource(true, mine, true, true);
        let same_province = Placement {
            province_code: HOME_PROVINCE,
            commune_code: Some(HOME_COMMUNE + 1),
        };
        let other_province = resource(false, mine, true, true).placement;
        let stays = here.placement;
        // (role, moved to, status action, allowed)
        let rows = [
            (Role::Producer, stays, None, true),
            (Role::Producer, same_province, None, false),
            (Role::Producer, other_province, None, false),
            (Role::Producer, stays, Some(Action::Publish), false),
            (Role::Producer, stays, Some(Action::Archive), false),
            (Role::Commune, stays, Some(Action::Publish), true),
            (Role::Commune, same_province, None, false),
            (Role::Provincial, same_province, None, true),
            (Role::Provincial, other_province, None, false),
            (Role::Provincial, stays, Some(Action::Archive), true),
            (Role::CouncilMember, stays, None, false),
            (Role::Central, other_province, Some(Action::Archive), true),
        ];
        for (role, moved_to, status, allowed) in rows {
            let a = actor(role, (role == Role::Producer).then_some(mine));
            let decision = authorize_change(&a, &here, moved_to, status);
            assert_eq!(
                decision.is_ok(),
                allowed,
                "{role:?} → {moved_to:?} with {status:?}: {decision:?}"
            );
        }
    }

    /// A code of a series never issued belongs to no product: only central officials, who
    /// alone see such alerts, may mark one handled.
    #[test]
    fn alerts_of_no_product_are_central_officials_to_handle() {
        for role in [
            Role::Central,
            Role::Provincial,
            Role::Commune,
            Role::Producer,
            Role::CouncilMember,
        ] {
            let a = actor(role, Some(Uuid::from_u128(1)));
            assert_eq!(
                authorize_scan_handle(&a, None).is_ok(),
                role == Role::Central,
                "{role:?}"
            );
        }
    }

    /// The use cases' questions as one table: role × use case × own/foreign unit × record
    /// state. A draft is private and its producer may still change it; an active record is
    /// public and only officials change it; an archived one is private and closed.
    #[test]
    fn use_cases_as_one_table() {
        #[derive(Debug, Clone, Copy)]
        enum UseCase {
            View,
            Register,
            RegisterActive,
            Edit,
            Archive,
            Photos,
            Audit,
            Import,
            Export,
            Accounts,
            Score,
            Results,
            LotRead,
            LotRecord,
            LotRecall,
            IssueStamps,
            ReadStamps,
            ReadScans,
            HandleScan,
        }
        #[derive(Debug, Clone, Copy, PartialEq)]
        enum State {
            Draft,
            Active,
            Archived,
        }
        use State::*;
        use UseCase::*;
        fn decide(a: &Actor, case: UseCase, r: &Resource) -> bool {
            match case {
                View => authorize_view(Some(a), r).is_ok(),
                Register => authorize_register(a, r, None).is_ok(),
                RegisterActive => authorize_register(a, r, Some(Action::Publish)).is_ok(),
                Edit => authorize_change(a, r, r.placement, None).is_ok(),
                Archive => authorize_archive(a, r).is_ok(),
                Photos => authorize_photos(a, r).is_ok(),
                Audit => authorize_audit(a, r).is_ok(),
                Import => authorize_import(a, r).is_ok(),
                Export => authorize_export(a, r).is_ok(),
                Accounts => authorize_accounts(a, r).is_ok(),
                Score => authorize_scoring(a, r).is_ok(),
                Results => authorize_results(Some(a), r).is_ok(),
                LotRead => authorize_lot_read(a, r).is_ok(),
                LotRecord => authorize_lot_record(a, r).is_ok(),
                LotRecall => authorize_lot_recall(a, r).is_ok(),
                IssueStamps => authorize_issue_stamps(a, r).is_ok(),
                ReadStamps => authorize_stamps_read(a, r).is_ok(),
                ReadScans => authorize_scans_read(a, r).is_ok(),
                HandleScan => authorize_scan_handle(a, Some(r)).is_ok(),
            }
        }
        let mine = Uuid::from_u128(1);
        let theirs = Uuid::from_u128(2);
        // (role, use case, own unit or record, state, allowed)
        let rows: Vec<(Role, UseCase, bool, State, bool)> = vec![
            (Role::Central, Edit, false, Active, true),
            (Role::Central, Accounts, false, Draft, true),
            (Role::Provincial, View, false, Active, true),
            (Role::Provincial, View, false, Draft, false),
            (Role::Provincial, Edit, true, Active, true),
            (Role::Provincial, Edit, false, Active, false),
            (Role::Provincial, RegisterActive, true, Draft, true),
            (Role::Provincial, Archive, true, Active, true),
            (Role::Provincial, Accounts, true, Draft, true),
            (Role::Provincial, Accounts, false, Draft, false),
            (Role::Provincial, Score, true, Active, true),
            (Role::Provincial, Score, false, Active, false),
            (Role::Provincial, Results, true, Active, true),
            (Role::Commune, Edit, true, Archived, true),
            (Role::Commune, Edit, false, Draft, false),
            (Role::Commune, Import, true, Draft, true),
            (Role::Commune, Import, false, Draft, false),
            (Role::Commune, Export, true, Draft, true),
            (Role::Commune, Accounts, true, Draft, false),
            (Role::Commune, Audit, true, Active, true),
            (Role::Commune, Audit, false, Active, false),
            (Role::Commune, Photos, true, Active, true),
            (Role::Producer, View, true, Archived, true),
            (Role::Producer, View, false, Archived, false),
            (Role::Producer, View, false, Active, true),
            (Role::Producer, Register, true, Draft, true),
            (Role::Producer, RegisterActive, true, Draft, false),
            (Role::Producer, Edit, true, Draft, true),
            (Role::Producer, Edit, true, Active, false),
            (Role::Producer, Edit, false, Draft, false),
            (Role::Producer, Photos, true, Draft, true),
            (Role::Producer, Photos, true, Active, false),
            (Role::Producer, Archive, true, Draft, false),
            (Role::Producer, Audit, true, Draft, false),
            (Role::Producer, Import, true, Draft, false),
            (Role::Producer, Export, true, Draft, false),
            (Role::Producer, Score, true, Active, true),
            (Role::Producer, Score, false, Active, false),
            (Role::Producer, Results, true, Archived, true),
            (Role::Producer, Results, false, Active, false),
            (Role::CouncilMember, View, true, Draft, true),
            (Role::CouncilMember, Edit, true, Draft, false),
            (Role::CouncilMember, Score, true, Draft, true),
            (Role::CouncilMember, Score, false, Active, false),
            (Role::CouncilMember, Results, true, Active, false),
            (Role::CouncilMember, Photos, true, Draft, false),
            // Lots: the producer and the unit's officials record and recall, whatever the
            // product's state; central reads; council members and outsiders nothing.
            (Role::Central, LotRead, false, Active, true),
            (Role::Central, LotRecord, false, Active, false),
            (Role::Central, LotRecall, true, Active, false),
            (Role::Provincial, LotRead, true, Draft, true),
            (Role::Provincial, LotRecord, true, Active, true),
            (Role::Provincial, LotRecall, true, Archived, true),
            (Role::Provincial, LotRead, false, Active, false),
            (Role::Provincial, LotRecord, false, Active, false),
            (Role::Commune, LotRecord, true, Active, true),
            (Role::Commune, LotRecall, true, Active, true),
            (Role::Commune, LotRead, false, Active, false),
            (Role::Commune, LotRecall, false, Active, false),
            (Role::Producer, LotRead, true, Active, true),
            (Role::Producer, LotRecord, true, Active, true),
            (Role::Producer, LotRecord, true, Draft, true),
            (Role::Producer, LotRecall, true, Active, true),
            (Role::Producer, LotRead, false, Active, false),
            (Role::Producer, LotRecord, false, Draft, false),
            (Role::Producer, LotRecall, false, Active, false),
            (Role::CouncilMember, LotRead, true, Active, false),
            (Role::CouncilMember, LotRecord, true, Draft, false),
            (Role::CouncilMember, LotRecall, true, Active, false),
            (Role::Producer, IssueStamps, true, Active, true),
            (Role::Producer, IssueStamps, false, Active, false),
            (Role::Producer, ReadStamps, true, Archived, true),
            (Role::Producer, ReadStamps, false, Active, false),
            (Role::Commune, IssueStamps, true, Active, true),
            (Role::Commune, IssueStamps, false, Active, false),
            (Role::Commune, ReadStamps, false, Active, false),
            (Role::Provincial, IssueStamps, true, Active, true),
            (Role::Provincial, IssueStamps, false, Active, false),
            (Role::Provincial, ReadStamps, true, Active, true),
            (Role::Central, IssueStamps, false, Active, false),
            (Role::Central, ReadStamps, false, Active, true),
            (Role::CouncilMember, IssueStamps, true, Active, false),
            (Role::CouncilMember, ReadStamps, true, Active, false),
            // Scans, alerts and reports: whoever reads the lots.
            (Role::Producer, ReadScans, true, Active, true),
            (Role::Producer, ReadScans, false, Active, false),
            (Role::Commune, ReadScans, true, Active, true),
            (Role::Commune, ReadScans, false, Active, false),
            (Role::Provincial, ReadScans, true, Draft, true),
            (Role::Provincial, ReadScans, false, Active, false),
            (Role::Central, ReadScans, false, Active, true),
            (Role::CouncilMember, ReadScans, true, Active, false),
            // An alert on a product's stamp: whoever sees it may mark it handled.
            (Role::Producer, HandleScan, true, Active, true),
            (Role::Producer, HandleScan, false, Active, false),
            (Role::Commune, HandleScan, true, Active, true),
            (Role::Commune, HandleScan, false, Active, false),
            (Role::Provincial, HandleScan, true, Archived, true),
            (Role::Provincial, HandleScan, false, Active, false),
            (Role::Central, HandleScan, false, Active, true),
            (Role::CouncilMember, HandleScan, true, Active, false),
        ];
        for (role, case, own, state, expected) in rows {
            let a = actor(role, Some(mine));
            let record = resource(
                own,
                if own { mine } else { theirs },
                state == Active,
                state == Draft,
            );
            assert_eq!(
                decide(&a, case, &record),
                expected,
                "{role:?} {case:?} own={own} {state:?}"
            );
        }
    }

    /// The cycle's use cases as one table: role × use case × own/foreign unit (for a producer:
    /// own producer) × whether the idea or plan has a producer account.
    #[test]
    fn cycle_use_cases_as_one_table() {
        use crate::business_plan::PlanAction;
        use crate::idea::IdeaAction;
        #[derive(Debug, Clone, Copy)]
        enum UseCase {
            OpenCycle,
            ViewCycle,
            FileIdea,
            Screen,
            Decline,
            Select,
            Withdraw,
            WritePlan,
            SubmitPlan,
            ApprovePlan,
            ReturnPlan,
            Comment,
            Support,
        }
        use UseCase::*;
        fn decide(a: &Actor, case: UseCase, r: &Resource) -> bool {
            let province = r.placement.province_code;
            match case {
                OpenCycle => authorize_open_cycle(a, province).is_ok(),
                ViewCycle => authorize_view_cycle(a, province).is_ok(),
                FileIdea => authorize_file_idea(a, r).is_ok(),
                Screen => authorize_idea_action(a, r, IdeaAction::Screen).is_ok(),
                Decline => authorize_idea_action(a, r, IdeaAction::Decline).is_ok(),
                Select => authorize_idea_action(a, r, IdeaAction::Select).is_ok(),
                Withdraw => authorize_idea_action(a, r, IdeaAction::Withdraw).is_ok(),
                WritePlan => authorize_plan_action(a, r, PlanAction::Edit).is_ok(),
                SubmitPlan => authorize_plan_action(a, r, PlanAction::Submit).is_ok(),
                ApprovePlan => authorize_plan_action(a, r, PlanAction::Approve).is_ok(),
                ReturnPlan => authorize_plan_action(a, r, PlanAction::Return).is_ok(),
                Comment => authorize_plan_comment(a, r).is_ok(),
                Support => authorize_plan_action(a, r, PlanAction::RecordSupport).is_ok(),
            }
        }
        let mine = Uuid::from_u128(1);
        let theirs = Uuid::from_u128(2);
        // (role, use case, own unit or producer, has a producer account, allowed)
        let rows: Vec<(Role, UseCase, bool, bool, bool)> = vec![
            (Role::Provincial, OpenCycle, true, true, true),
            (Role::Provincial, OpenCycle, false, true, false),
            (Role::Central, OpenCycle, false, true, false),
            (Role::Commune, OpenCycle, true, true, false),
            (Role::Central, ViewCycle, false, true, true),
            (Role::Commune, ViewCycle, true, true, true),
            (Role::Producer, ViewCycle, true, true, true),
            (Role::Provincial, ViewCycle, false, true, false),
            (Role::Producer, FileIdea, true, true, true),
            (Role::Producer, FileIdea, false, true, false),
            (Role::Commune, FileIdea, true, false, true),
            (Role::Commune, FileIdea, false, false, false),
            (Role::Provincial, FileIdea, true, true, false),
            (Role::Central, FileIdea, true, true, false),
            (Role::Commune, Screen, true, true, true),
            (Role::Commune, Screen, false, true, false),
            (Role::Provincial, Screen, true, true, false),
            (Role::Producer, Screen, true, true, false),
            (Role::Commune, Decline, true, true, true),
            (Role::Provincial, Decline, true, true, true),
            (Role::Provincial, Decline, false, true, false),
            (Role::Provincial, Select, true, true, true),
            (Role::Provincial, Select, false, true, false),
            (Role::Commune, Select, true, true, false),
            (Role::Central, Select, true, true, false),
            (Role::Producer, Withdraw, true, true, true),
            (Role::Producer, Withdraw, false, true, false),
            (Role::Commune, Withdraw, true, true, false),
            (Role::Producer, WritePlan, true, true, true),
            (Role::Producer, SubmitPlan, false, true, false),
            (Role::Commune, WritePlan, true, false, true),
            (Role::Commune, SubmitPlan, true, true, false),
            (Role::Commune, SubmitPlan, false, false, false),
            (Role::Provincial, SubmitPlan, true, true, false),
            (Role::Provincial, ApprovePlan, true, true, true),
            (Role::Provincial, ApprovePlan, false, true, false),
            (Role::Provincial, ReturnPlan, true, true, true),
            (Role::Commune, ApprovePlan, true, true, false),
            (Role::Producer, ApprovePlan, true, true, false),
            (Role::Central, ApprovePlan, true, true, false),
            (Role::Commune, Comment, true, true, true),
            (Role::Provincial, Comment, true, true, true),
            (Role::Provincial, Comment, false, true, false),
            (Role::Producer, Comment, true, true, false),
            (Role::Central, Comment, true, true, false),
            (Role::Commune, Support, true, true, true),
            (Role::Commune, Support, false, true, false),
            (Role::Provincial, Support, true, true, true),
            (Role::Producer, Support, true, true, false),
            (Role::CouncilMember, ViewCycle, true, true, true),
            (Role::CouncilMember, Select, true, true, false),
        ];
        for (role, case, own, has_producer, expected) in rows {
            let a = actor(role, (role == Role::Producer).then_some(mine));
            let producer = if own { mine } else { theirs };
            let mut record = resource(own, producer, false, false);
            record.producer_id = has_producer.then_some(producer);
            assert_eq!(
                decide(&a, case, &record),
                expected,
                "{role:?} {case:?} own={own} producer account={has_producer}"
            );
        }
    }

    /// Change requests: every role × own or foreign unit × request state × action. Who may
    /// act is asked first (a refusal is a 403), then whether the state allows it (a 409).
    #[test]
    fn change_requests_as_one_table() {
        use crate::change_request::{ChangeRequestState, transition};
        use ChangeRequestAction::*;
        let mine = Uuid::from_u128(1);
        let theirs = Uuid::from_u128(2);
        // (role, own unit or product, the actions it may take, may read)
        let rows = [
            (Role::Central, false, &[Approve, Reject][..], true),
            (Role::Provincial, true, &[Approve, Reject][..], true),
            (Role::Provincial, false, &[][..], false),
            (Role::Commune, true, &[Approve, Reject][..], true),
            (Role::Commune, false, &[][..], false),
            (Role::Producer, true, &[Propose, Revise, Withdraw][..], true),
            (Role::Producer, false, &[][..], false),
            (Role::CouncilMember, true, &[][..], false),
            (Role::CouncilMember, false, &[][..], false),
        ];
        let mut decided = 0;
        for (role, own, allowed, reads) in rows {
            let a = actor(role, Some(mine));
            // An active product: public, which must not open its requests to everyone.
            let product = resource(own, if own { mine } else { theirs }, true, false);
            assert_eq!(
                authorize_change_request_view(Some(&a), &product).is_ok(),
                reads,
                "{role:?} reads, own {own}"
            );
            for state in ChangeRequestState::ALL {
                for action in ChangeRequestAction::ALL {
                    let decision = authorize_change_request(&a, action, &product)
                        .map_err(|_| 403)
                        .and_then(|()| transition(state, action).map_err(|_| 409));
                    let expected = if !allowed.contains(&action) {
                        Err(403)
                    } else {
                        transition(state, action).map_err(|_| 409)
                    };
                    assert_eq!(
                        decision, expected,
                        "{role:?} own {own} {state:?} {action:?}"
                    );
                    decided += 1;
                }
            }
        }
        assert_eq!(decided, 9 * 4 * 5);
        // A producer's own request, decided by an official of the commune: the cases people meet.
        let producer = actor(Role::Producer, Some(mine));
        let product = resource(true, mine, true, false);
        assert_eq!(
            authorize_change_request(&producer, Approve, &product),
            Err(Denied::Forbidden),
            "a producer never approves its own change"
        );
        assert!(authorize_change_request_view(None, &product).is_err());
        assert_eq!(
            change_request_scope(&actor(Role::CouncilMember, None)),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            change_request_scope(&actor(Role::Commune, None)),
            Ok(Scope::Commune(HOME_COMMUNE))
        );
    }

    /// The dossier use cases as one table: role × use case × own/foreign unit (or producer) ×
    /// state. Drafts are their producer's alone; once filed, the commune acts on them and the
    /// province and the centre read them.
    #[test]
    fn dossier_use_cases_as_one_table() {
        use crate::dossier::{DossierAction as A, DossierState as S};
        #[derive(Debug, Clone, Copy)]
        enum Case {
            View,
            File,
            Act(A),
            Overview,
        }
        fn decide(a: &Actor, case: Case, r: &Resource, state: S) -> bool {
            match case {
                Case::View => authorize_dossier_view(a, r, state).is_ok(),
                Case::File => authorize_dossier_file(a, r).is_ok(),
                Case::Act(action) => authorize_dossier_action(a, r, state, action).is_ok(),
                Case::Overview => authorize_dossier_overview(a, r.placement.province_code).is_ok(),
            }
        }
        let mine = Uuid::from_u128(1);
        let theirs = Uuid::from_u128(2);
        // (role, use case, own unit or producer, state, allowed)
        let rows: Vec<(Role, Case, bool, S, bool)> = vec![
            (Role::Producer, Case::View, true, S::Draft, true),
            (Role::Producer, Case::View, false, S::Submitted, false),
            (Role::Producer, Case::File, true, S::Draft, true),
            (Role::Producer, Case::File, false, S::Draft, false),
            (Role::Producer, Case::Act(A::Edit), true, S::Draft, true),
            (Role::Producer, Case::Act(A::Edit), true, S::Returned, true),
            (
                Role::Producer,
                Case::Act(A::Edit),
                true,
                S::Submitted,
                false,
            ),
            (Role::Producer, Case::Act(A::Edit), false, S::Draft, false),
            (Role::Producer, Case::Act(A::Submit), true, S::Draft, true),
            (
                Role::Producer,
                Case::Act(A::Resubmit),
                true,
                S::Returned,
                true,
            ),
            (
                Role::Producer,
                Case::Act(A::Withdraw),
                true,
                S::Submitted,
                true,
            ),
            (
                Role::Producer,
                Case::Act(A::Withdraw),
                true,
                S::Accepted,
                false,
            ),
            (
                Role::Producer,
                Case::Act(A::Accept),
                true,
                S::Submitted,
                false,
            ),
            (Role::Producer, Case::Act(A::Delete), true, S::Draft, true),
            (
                Role::Producer,
                Case::Act(A::Delete),
                true,
                S::Withdrawn,
                false,
            ),
            (Role::Producer, Case::Overview, true, S::Draft, false),
            (Role::Commune, Case::View, true, S::Draft, false),
            (Role::Commune, Case::View, true, S::Submitted, true),
            (Role::Commune, Case::View, false, S::Submitted, false),
            (Role::Commune, Case::File, true, S::Draft, false),
            (
                Role::Commune,
                Case::Act(A::Accept),
                true,
                S::Submitted,
                true,
            ),
            (
                Role::Commune,
                Case::Act(A::Accept),
                true,
                S::Resubmitted,
                true,
            ),
            (
                Role::Commune,
                Case::Act(A::Accept),
                false,
                S::Submitted,
                false,
            ),
            (
                Role::Commune,
                Case::Act(A::Accept),
                true,
                S::Accepted,
                false,
            ),
            (
                Role::Commune,
                Case::Act(A::Return),
                true,
                S::Submitted,
                true,
            ),
            (
                Role::Commune,
                Case::Act(A::Return),
                true,
                S::Returned,
                false,
            ),
            (
                Role::Commune,
                Case::Act(A::Propose),
                true,
                S::Accepted,
                true,
            ),
            (
                Role::Commune,
                Case::Act(A::Propose),
                true,
                S::Submitted,
                false,
            ),
            (Role::Commune, Case::Act(A::Submit), true, S::Draft, false),
            (Role::Commune, Case::Act(A::Edit), true, S::Returned, false),
            (Role::Commune, Case::Overview, true, S::Draft, false),
            (Role::Provincial, Case::View, true, S::Proposed, true),
            (Role::Provincial, Case::View, true, S::Draft, false),
            (Role::Provincial, Case::View, false, S::Proposed, false),
            (
                Role::Provincial,
                Case::Act(A::Accept),
                true,
                S::Submitted,
                false,
            ),
            (
                Role::Provincial,
                Case::Act(A::Propose),
                true,
                S::Accepted,
                false,
            ),
            (Role::Provincial, Case::File, true, S::Draft, false),
            (Role::Provincial, Case::Overview, true, S::Draft, true),
            (Role::Provincial, Case::Overview, false, S::Draft, false),
            (Role::Central, Case::View, false, S::Withdrawn, true),
            (Role::Central, Case::View, false, S::Draft, false),
            (
                Role::Central,
                Case::Act(A::Accept),
                false,
                S::Submitted,
                false,
            ),
            (
                Role::Central,
                Case::Act(A::Return),
                false,
                S::Submitted,
                false,
            ),
            (Role::Central, Case::Overview, false, S::Draft, true),
            (Role::CouncilMember, Case::View, true, S::Proposed, false),
            (
                Role::CouncilMember,
                Case::Act(A::Accept),
                true,
                S::Submitted,
                false,
            ),
            (Role::CouncilMember, Case::Overview, true, S::Draft, false),
        ];
        for (role, case, own, state, expected) in rows {
            let a = actor(role, Some(mine));
            let record = resource(own, if own { mine } else { theirs }, false, true);
            assert_eq!(
                decide(&a, case, &record, state),
                expected,
                "{role:?} {case:?} own={own} {state:?}"
            );
        }
        // The reasons: a role the table never lets act is told so; a state is told so.
        let commune = actor(Role::Commune, None);
        let here = resource(true, mine, false, true);
        assert!(matches!(
            authorize_dossier_action(&commune, &here, S::Accepted, A::Accept),
            Err(DossierRefusal::Transition(TransitionRefusal::State { .. }))
        ));
        let producer = actor(Role::Producer, Some(mine));
        assert!(matches!(
            authorize_dossier_action(&producer, &here, S::Submitted, A::Accept),
            Err(DossierRefusal::Transition(TransitionRefusal::Role { .. }))
        ));
    }

    /// Administering an account (reset, disable, enable): actor role × account role × the
    /// account in the actor's unit or not × the actor's own account.
    #[test]
    fn accounts_as_one_table() {
        let other_user = Uuid::from_u128(9);
        let me = Uuid::nil();
        let in_province = Placement {
            province_code: HOME_PROVINCE,
            commune_code: None,
        };
        let in_commune = Placement {
            province_code: HOME_PROVINCE,
            commune_code: Some(HOME_COMMUNE),
        };
        let elsewhere = Placement {
            province_code: OTHER_PROVINCE,
            commune_code: Some(OTHER_COMMUNE),
        };
        let nowhere = Placement {
            province_code: 0,
            commune_code: None,
        };
        use Role::*;
        // (actor, account's role, where it sits, own account, may administer, may see)
        let rows = [
            (Central, Central, nowhere, false, true, true),
            (Central, Provincial, elsewhere, false, true, true),
            (Central, Producer, elsewhere, false, true, true),
            (Central, Central, nowhere, true, false, true),
            (Provincial, Commune, in_commune, false, true, true),
            (Provincial, Producer, in_commune, false, true, true),
            (Provincial, CouncilMember, in_province, false, true, true),
            (Provincial, Commune, elsewhere, false, false, false),
            (Provincial, Producer, elsewhere, false, false, false),
            (Provincial, CouncilMember, elsewhere, false, false, false),
            (Provincial, Provincial, in_province, false, false, false),
            (Provincial, Central, nowhere, false, false, false),
            (Provincial, Provincial, in_province, true, false, true),
            (Commune, Producer, in_commune, false, false, false),
            (Commune, Commune, in_commune, true, false, true),
            (Producer, Producer, in_commune, false, false, false),
            (Producer, Producer, in_commune, true, false, true),
            (
                CouncilMember,
                CouncilMember,
                in_province,
                false,
                false,
                false,
            ),
        ];
        for (role, account_role, placement, own, administer, see) in rows {
            let a = actor(role, None);
            let account = AccountRecord {
                user_id: if own { me } else { other_user },
                role: account_role,
                placement,
            };
            let decision = authorize_account_admin(&a, &account);
            assert_eq!(
                decision.is_ok(),
                administer,
                "{role:?} administers {account_role:?} at {placement:?}, own {own}: {decision:?}"
            );
            if own {
                assert_eq!(decision, Err(Denied::OwnAccount), "{role:?}");
            }
            assert_eq!(
                authorize_account_view(&a, &account).is_ok(),
                see,
                "{role:?} sees {account_role:?} at {placement:?}, own {own}"
            );
            // Every role changes its own password, and nobody another's.
            assert_eq!(
                authorize_password_change(&a, account.user_id).is_ok(),
                own,
                "{role:?} changes the password of {account_role:?}, own {own}"
            );
        }
    }

    #[test]
    fn scoring_capacity_follows_the_role() {
        let mine = Uuid::from_u128(1);
        let record = resource(true, mine, true, false);
        for role in Role::ALL {
            let capacity = authorize_scoring(&actor(role, Some(mine)), &record);
            let expected = match role {
                Role::Producer => ScoringCapacity::SelfAssessment,
                _ => ScoringCapacity::Official,
            };
            assert_eq!(capacity, Ok(expected), "{role:?}");
        }
    }

    #[test]
    fn status_changes_name_their_action() {
        assert_eq!(status_action(1, 1, 9), None);
        assert_eq!(status_action(1, 9, 9), Some(Action::Archive));
        assert_eq!(status_action(1, 2, 9), Some(Action::Publish));
    }

    #[test]
    fn scopes() {
        assert_eq!(view_scope(None), Scope::PublicOnly);
        assert_eq!(
            view_scope(Some(&actor(Role::Commune, None))),
            Scope::Commune(HOME_COMMUNE)
        );
        assert_eq!(
            view_scope(Some(&actor(Role::Provincial, None))),
            Scope::Province(HOME_PROVINCE)
        );
    }
}
