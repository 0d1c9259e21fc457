//! Yêu cầu thay đổi thông tin sản phẩm: once a product is active (public), its producer no
//! longer edits it directly but proposes the new values of its editable fields in a change
//! request; the approved version stays public until an official of the product's unit
//! approves the request. One open request per product.
//!
//! The states and the allowed transitions are one table ([`transition`]); who may take each
//! action is asked in [`crate::access::authorize_change_request`]. A request records the
//! product version it was based on and its own revision, so that an approval applies only
//! what the official saw, on the product as it was.

use serde::{Deserialize, Serialize};

use crate::input::{InputField, InputFields, Shape};
use crate::product::{ProductData, ProductInput, ProductStatus};
use crate::validation::{FieldErrors, optional_text, required_text};

/// Trạng thái yêu cầu thay đổi.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ChangeRequestState {
    /// Chờ duyệt: the producer may still revise or withdraw it.
    Open,
    /// Đã duyệt: its values were applied to the product.
    Approved,
    /// Bị từ chối, with the official's reason.
    Rejected,
    /// Đã rút by the producer.
    Withdrawn,
}

impl ChangeRequestState {
    pub const ALL: [ChangeRequestState; 4] = [
        ChangeRequestState::Open,
        ChangeRequestState::Approved,
        ChangeRequestState::Rejected,
        ChangeRequestState::Withdrawn,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ChangeRequestState::Open => "open",
            ChangeRequestState::Approved => "approved",
            ChangeRequestState::Rejected => "rejected",
            ChangeRequestState::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ChangeRequestState::Open => "Chờ duyệt",
            ChangeRequestState::Approved => "Đã duyệt",
            ChangeRequestState::Rejected => "Bị từ chối",
            ChangeRequestState::Withdrawn => "Đã rút",
        }
    }

    /// The state stored (or asked for) under `key`, exactly.
    pub fn from_key(key: &str) -> Option<ChangeRequestState> {
        ChangeRequestState::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What someone does with a change request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeRequestAction {
    /// Đề nghị: the producer files a new request.
    Propose,
    /// The producer changes the proposed values of its open request.
    Revise,
    /// Rút: the producer takes it back.
    Withdraw,
    /// Duyệt: an official of the product's unit applies it to the product.
    Approve,
    /// Từ chối, with a reason.
    Reject,
}

impl ChangeRequestAction {
    pub const ALL: [ChangeRequestAction; 5] = [
        ChangeRequestAction::Propose,
        ChangeRequestAction::Revise,
        ChangeRequestAction::Withdraw,
        ChangeRequestAction::Approve,
        ChangeRequestAction::Reject,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ChangeRequestAction::Propose => "propose",
            ChangeRequestAction::Revise => "revise",
            ChangeRequestAction::Withdraw => "withdraw",
            ChangeRequestAction::Approve => "approve",
            ChangeRequestAction::Reject => "reject",
        }
    }
}

/// Why an action is not allowed in the request's (or the product's) present state: a 409,
/// never a question of who asks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionRefused {
    #[error("Yêu cầu thay đổi đã ở trạng thái «{}»: không thể {} nữa", .0.label(), verb(*.1))]
    Closed(ChangeRequestState, ChangeRequestAction),
    /// Propose is the action of a product without an open request, not of a request.
    #[error("Yêu cầu thay đổi đã được gửi; hãy cập nhật yêu cầu này thay vì gửi yêu cầu mới")]
    AlreadyProposed,
    #[error(
        "Chỉ sản phẩm đang hoạt động mới thay đổi qua yêu cầu; sản phẩm đang ở trạng thái «{}»",
        .0.label()
    )]
    ProductNotActive(ProductStatus),
}

fn verb(action: ChangeRequestAction) -> &'static str {
    match action {
        ChangeRequestAction::Propose => "gửi",
        ChangeRequestAction::Revise => "sửa",
        ChangeRequestAction::Withdraw => "rút",
        ChangeRequestAction::Approve => "duyệt",
        ChangeRequestAction::Reject => "từ chối",
    }
}

/// The transition table: the state `action` leads to from `state`. Only an open request moves;
/// revising keeps it open.
pub fn transition(
    state: ChangeRequestState,
    action: ChangeRequestAction,
) -> Result<ChangeRequestState, TransitionRefused> {
    use ChangeRequestAction as A;
    use ChangeRequestState as S;
    match (state, action) {
        (S::Open, A::Revise) => Ok(S::Open),
        (S::Open, A::Withdraw) => Ok(S::Withdrawn),
        (S::Open, A::Approve) => Ok(S::Approved),
        (S::Open, A::Reject) => Ok(S::Rejected),
        (S::Open, A::Propose) => Err(TransitionRefused::AlreadyProposed),
        (closed, action) => Err(TransitionRefused::Closed(closed, action)),
    }
}

/// Whether a product in `status` takes a new change request: only an active one (a draft is
/// edited directly by its producer; a suspended or archived product by its officials).
pub fn may_propose_for(status: ProductStatus) -> Result<(), TransitionRefused> {
    if status == ProductStatus::Active {
        Ok(())
    } else {
        Err(TransitionRefused::ProductNotActive(status))
    }
}

/// Longest note of the producer explaining the change, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;
/// Longest reason of a rejection, in characters.
pub const MAX_REASON_CHARS: usize = 1000;
/// Highest revision a client may name (a request is revised far fewer times).
pub const MAX_REVISION: u32 = 1_000_000;

/// What the producer proposes: the product's editable fields (every field of the product but
/// its status, which officials keep) and a note saying why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalInput {
    #[serde(flatten)]
    pub product: ProductInput,
    /// Lý do thay đổi (optional).
    pub note: String,
}

/// A checked proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The product's data with the proposed values; its status is the product's.
    pub proposed: ProductData,
    pub note: Option<String>,
}

fn note_field() -> InputField {
    InputField {
        name: "note",
        required: false,
        shape: Shape::Text {
            max_chars: MAX_NOTE_CHARS,
        },
        description: "Lý do thay đổi: what changed and why, for the official who reviews it",
    }
}

fn revision_field() -> InputField {
    InputField {
        name: "revision",
        required: true,
        shape: Shape::Integer {
            min: 1,
            max: MAX_REVISION,
        },
        description: "The request's revision the caller saw (`revision` of the request): a \
                      request revised since is a 409, nothing changed",
    }
}

fn reason_field() -> InputField {
    InputField {
        name: "reason",
        required: true,
        shape: Shape::Text {
            max_chars: MAX_REASON_CHARS,
        },
        description: "Lý do từ chối, shown to the producer",
    }
}

impl InputFields for ProposalInput {
    fn fields() -> Vec<InputField> {
        let mut fields: Vec<InputField> = ProductInput::fields()
            .into_iter()
            .filter(|f| f.name != "status")
            .collect();
        fields.push(note_field());
        fields
    }
}

impl ProposalInput {
    /// The proposal as it would change `current`: every editable field checked (each error
    /// naming its field), the status kept, and at least one field changed.
    pub fn parse(&self, current: &ProductData) -> Result<Proposal, FieldErrors> {
        let product = ProductInput {
            status: current.status.key().to_owned(),
            ..self.product.clone()
        };
        let mut errors = FieldErrors::default();
        let proposed = match product.parse() {
            Ok(proposed) => Some(proposed),
            Err(more) => {
                errors.0.extend(more.0);
                None
            }
        };
        let note = errors.take(
            "note",
            optional_text(&self.note, "Lý do thay đổi", MAX_NOTE_CHARS),
        );
        match (proposed, note) {
            (Some(proposed), Some(note)) if errors.is_empty() => {
                if diff(current, &proposed).is_empty() {
                    errors.add(
                        "changes",
                        "no_change",
                        "Chưa có thông tin nào khác với phiên bản đang công khai",
                    );
                    return Err(errors);
                }
                Ok(Proposal { proposed, note })
            }
            _ => Err(errors),
        }
    }

    /// A form prefilled with `data`.
    pub fn from_data(data: &ProductData, note: Option<&str>) -> ProposalInput {
        ProposalInput {
            product: ProductInput::from_data(data),
            note: note.unwrap_or_default().to_owned(),
        }
    }
}

/// A revised proposal: the revision the producer saw and the new values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct RevisionInput {
    pub revision: String,
    #[serde(flatten)]
    pub proposal: ProposalInput,
}

impl InputFields for RevisionInput {
    fn fields() -> Vec<InputField> {
        let mut fields = vec![revision_field()];
        fields.extend(ProposalInput::fields());
        fields
    }
}

/// An approval or a withdrawal: the revision the caller saw.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    pub revision: String,
}

impl InputFields for DecisionInput {
    fn fields() -> Vec<InputField> {
        vec![revision_field()]
    }
}

/// A rejection: the revision the official saw and the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct RejectionInput {
    pub revision: String,
    pub reason: String,
}

impl InputFields for RejectionInput {
    fn fields() -> Vec<InputField> {
        vec![revision_field(), reason_field()]
    }
}

/// A revision number as a client gives it.
pub fn parse_revision(raw: &str) -> Result<u32, FieldErrors> {
    match raw.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_REVISION).contains(&n) => Ok(n),
        _ => {
            let mut errors = FieldErrors::default();
            errors.add(
                "revision",
                "invalid_revision",
                format!(
                    "Phiên bản yêu cầu \"{}\" phải là số nguyên từ 1 đến {MAX_REVISION}",
                    raw.trim()
                ),
            );
            Err(errors)
        }
    }
}

/// A rejection's reason: required, bounded.
pub fn parse_reason(raw: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::default();
    let reason = errors.take(
        "reason",
        required_text(raw, "Lý do từ chối", MAX_REASON_CHARS),
    );
    match reason {
        Some(reason) => Ok(reason),
        None => Err(errors),
    }
}

#[cfg(feature = "openapi")]
crate::input_schemas!(
    ProposalInput: "Đề nghị thay đổi: every field of the product except its status, with the \
                    proposed values, and an optional note",
    RevisionInput: "Cập nhật đề nghị: the revision seen and every field of the proposal",
    DecisionInput: "Duyệt hoặc rút: the request's revision the caller saw",
    RejectionInput: "Từ chối: the request's revision the official saw and the reason"
);

/// One field that a change request changes: its value in the approved version and the
/// proposed one (none: empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// The field's name in the product's input (`name`, `classification`, …).
    pub field: &'static str,
    /// The field's Vietnamese name.
    pub label: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The editable fields that differ between `before` and `after`, in the form's order, with
/// their values as people read them (a classification by its label).
pub fn diff(before: &ProductData, after: &ProductData) -> Vec<FieldChange> {
    fn text(
        field: &'static str,
        label: &'static str,
        before: Option<String>,
        after: Option<String>,
    ) -> Option<FieldChange> {
        (before != after).then_some(FieldChange {
            field,
            label,
            before,
            after,
        })
    }
    let gtin = |d: &ProductData| d.gtin.as_ref().map(|g| g.as_str().to_owned());
    [
        text(
            "name",
            "Tên sản phẩm",
            Some(before.name.clone()),
            Some(after.name.clone()),
        ),
        (before.classification != after.classification).then(|| FieldChange {
            field: "classification",
            label: "Bộ sản phẩm",
            before: Some(before.classification.label()),
            after: Some(after.classification.label()),
        }),
        text("gtin", "Mã số mã vạch (GTIN)", gtin(before), gtin(after)),
        text(
            "description",
            "Mô tả",
            before.description.clone(),
            after.description.clone(),
        ),
        text(
            "story",
            "Câu chuyện sản phẩm",
            before.story.clone(),
            after.story.clone(),
        ),
        text(
            "ingredients",
            "Thành phần, nguồn gốc nguyên liệu",
            before.ingredients.clone(),
            after.ingredients.clone(),
        ),
        text(
            "packaging",
            "Quy cách đóng gói",
            before.packaging.clone(),
            after.packaging.clone(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Whether the product's data `now` is still the version a request was based on: the same
/// values in every field a request changes, and the same status. (The store also compares
/// the time of the product's last change.)
pub fn same_version(base: &ProductData, now: &ProductData) -> bool {
    base.status == now.status && diff(base, now).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn active() -> ProductData {
        ProductInput {
            name: "Miến dong Bình Liêu".into(),
            classification: "6".into(),
            status: "active".into(),
            ..Default::default()
        }
        .parse()
        .unwrap()
    }

    /// Every state × action: where it leads, or why not.
    #[test]
    fn the_transition_table() {
        use ChangeRequestAction as A;
        use ChangeRequestState as S;
        // (state, action, next state; None: refused)
        let rows = [
            (S::Open, A::Propose, None),
            (S::Open, A::Revise, Some(S::Open)),
            (S::Open, A::Withdraw, Some(S::Withdrawn)),
            (S::Open, A::Approve, Some(S::Approved)),
            (S::Open, A::Reject, Some(S::Rejected)),
            (S::Approved, A::Propose, None),
            (S::Approved, A::Revise, None),
            (S::Approved, A::Withdraw, None),
            (S::Approved, A::Approve, None),
            (S::Approved, A::Reject, None),
            (S::Rejected, A::Propose, None),
            (S::Rejected, A::Revise, None),
            (S::Rejected, A::Withdraw, None),
            (S::Rejected, A::Approve, None),
            (S::Rejected, A::Reject, None),
            (S::Withdrawn, A::Propose, None),
            (S::Withdrawn, A::Revise, None),
            (S::Withdrawn, A::Withdraw, None),
            (S::Withdrawn, A::Approve, None),
            (S::Withdrawn, A::Reject, None),
        ];
        assert_eq!(
            rows.len(),
            S::ALL.len() * A::ALL.len(),
            "every pair is written out"
        );
        for (state, action, next) in rows {
            assert_eq!(transition(state, action).ok(), next, "{state:?} {action:?}");
        }
        let refused = transition(S::Approved, A::Withdraw).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "Yêu cầu thay đổi đã ở trạng thái «Đã duyệt»: không thể rút nữa"
        );
    }

    #[test]
    fn only_active_products_take_a_request() {
        for status in ProductStatus::ALL {
            assert_eq!(
                may_propose_for(status).is_ok(),
                status == ProductStatus::Active,
                "{status:?}"
            );
        }
    }

    #[test]
    fn states_read_back_exactly() {
        for state in ChangeRequestState::ALL {
            assert_eq!(ChangeRequestState::from_key(state.key()), Some(state));
        }
        assert_eq!(ChangeRequestState::from_key("Open"), None);
    }

    #[test]
    fn a_proposal_keeps_the_status_and_must_change_something() {
        let current = active();
        let same = ProposalInput::from_data(&current, None);
        let errors = same.parse(&current).unwrap_err();
        assert_eq!(errors.get("changes").unwrap().code, "no_change");

        let mut changed = same.clone();
        changed.product.story = "Làng nghề miến dong từ năm 1990".into();
        changed.product.status = "archived".into();
        changed.note = "Bổ sung câu chuyện".into();
        let proposal = changed.parse(&current).unwrap();
        assert_eq!(proposal.proposed.status, ProductStatus::Active);
        assert_eq!(proposal.note.as_deref(), Some("Bổ sung câu chuyện"));
        let changes = diff(&current, &proposal.proposed);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "story");
        assert_eq!(changes[0].before, None);
        assert!(!same_version(&proposal.proposed, &current));
        assert!(same_version(&current, &current.clone()));
    }

    #[test]
    fn bad_fields_are_named_together() {
        let current = active();
        let mut input = ProposalInput::from_data(&current, None);
        input.product.name = " ".into();
        input.product.gtin = "123".into();
        input.note = "x".repeat(MAX_NOTE_CHARS + 1);
        let errors = input.parse(&current).unwrap_err();
        for field in ["name", "gtin", "note"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn the_diff_lists_changed_fields_in_order() {
        let before = active();
        let mut after = before.clone();
        after.name = "Miến dong Bình Liêu loại 1".into();
        after.classification = crate::taxonomy::Classification::V2026 { sheet: 7 };
        after.packaging = Some("Túi 500 g".into());
        let fields: Vec<&str> = diff(&before, &after).iter().map(|c| c.field).collect();
        assert_eq!(fields, ["name", "classification", "packaging"]);
    }

    #[test]
    fn revisions_and_reasons_are_bounded() {
        assert_eq!(parse_revision(" 3 ").unwrap(), 3);
        for bad in ["0", "-1", "abc", "", "1000001"] {
            assert!(parse_revision(bad).is_err(), "{bad}");
        }
        assert!(parse_reason("  ").is_err());
        assert!(parse_reason(&"x".repeat(MAX_REASON_CHARS + 1)).is_err());
        assert_eq!(parse_reason(" Ảnh chưa rõ ").unwrap(), "Ảnh chưa rõ");
    }
}
