//! Quy trình hồ sơ: the dossier's states, the actions on it, and the one transition table
//! (state × action × role → next state, or why not). Decision 26/2026 Điều 7.1–7.2: the
//! producer files its dossier with the commune, which checks it within 15 working days and
//! either returns it or reports on it (Mẫu 03) and proposes it to the province.

use serde::{Deserialize, Serialize};

use crate::access::Role;

/// Trạng thái hồ sơ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DossierState {
    /// Bản nháp: the producer prepares it; nobody else sees it.
    Draft,
    /// Đã nộp: filed with the commune, which received it (receipt number issued).
    Submitted,
    /// Trả lại: the commune sent it back with reasons per item.
    Returned,
    /// Đã nộp lại: filed again after a return.
    Resubmitted,
    /// Xã đã tiếp nhận và đánh giá (Mẫu 03 written).
    Accepted,
    /// Đã đề nghị tỉnh: the commune's letter sent it on to the province.
    Proposed,
    /// Đã rút: the producer withdrew it before the commune accepted it.
    Withdrawn,
}

impl DossierState {
    pub const ALL: [DossierState; 7] = [
        DossierState::Draft,
        DossierState::Submitted,
        DossierState::Returned,
        DossierState::Resubmitted,
        DossierState::Accepted,
        DossierState::Proposed,
        DossierState::Withdrawn,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DossierState::Draft => "draft",
            DossierState::Submitted => "submitted",
            DossierState::Returned => "returned",
            DossierState::Resubmitted => "resubmitted",
            DossierState::Accepted => "accepted",
            DossierState::Proposed => "proposed",
            DossierState::Withdrawn => "withdrawn",
        }
    }

    pub fn from_key(key: &str) -> Option<DossierState> {
        DossierState::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            DossierState::Draft => "Bản nháp",
            DossierState::Submitted => "Đã nộp",
            DossierState::Returned => "Trả lại để bổ sung",
            DossierState::Resubmitted => "Đã nộp lại",
            DossierState::Accepted => "Xã đã tiếp nhận",
            DossierState::Proposed => "Đã đề nghị tỉnh",
            DossierState::Withdrawn => "Đã rút",
        }
    }

    /// Waiting for the commune's review: the states its 15 working days run in.
    pub fn awaits_commune(self) -> bool {
        matches!(self, DossierState::Submitted | DossierState::Resubmitted)
    }
}

impl std::fmt::Display for DossierState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// What someone does to a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DossierAction {
    /// Change Mẫu 01/02, the self-score or the evidence files.
    Edit,
    Submit,
    /// Trả lại, with reasons per item.
    Return,
    Resubmit,
    /// Tiếp nhận, with the Mẫu 03 report.
    Accept,
    /// Đề nghị tỉnh, with the commune's letter.
    Propose,
    Withdraw,
    /// Remove a draft that was never filed.
    Delete,
}

impl DossierAction {
    pub const ALL: [DossierAction; 8] = [
        DossierAction::Edit,
        DossierAction::Submit,
        DossierAction::Return,
        DossierAction::Resubmit,
        DossierAction::Accept,
        DossierAction::Propose,
        DossierAction::Withdraw,
        DossierAction::Delete,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DossierAction::Edit => "edit",
            DossierAction::Submit => "submit",
            DossierAction::Return => "return",
            DossierAction::Resubmit => "resubmit",
            DossierAction::Accept => "accept",
            DossierAction::Propose => "propose",
            DossierAction::Withdraw => "withdraw",
            DossierAction::Delete => "delete",
        }
    }

    /// The verb, as the refusals say it ("không thể … hồ sơ").
    pub fn label(self) -> &'static str {
        match self {
            DossierAction::Edit => "sửa",
            DossierAction::Submit => "nộp",
            DossierAction::Return => "trả lại",
            DossierAction::Resubmit => "nộp lại",
            DossierAction::Accept => "tiếp nhận",
            DossierAction::Propose => "đề nghị tỉnh đánh giá",
            DossierAction::Withdraw => "rút",
            DossierAction::Delete => "xóa",
        }
    }

    /// The role that acts so: the producer on its own dossier, the commune officer on those
    /// filed with its commune. Provincial and central officials read; council members do not
    /// see dossiers at this stage.
    pub fn actor_role(self) -> Role {
        match self {
            DossierAction::Edit
            | DossierAction::Submit
            | DossierAction::Resubmit
            | DossierAction::Withdraw
            | DossierAction::Delete => Role::Producer,
            DossierAction::Return | DossierAction::Accept | DossierAction::Propose => Role::Commune,
        }
    }
}

/// Why a transition is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionRefusal {
    /// The role never does this action (answered 403).
    #[error("{} không được {} hồ sơ; việc này do {} thực hiện", .role.label(), .action.label(), .action.actor_role().label())]
    Role { role: Role, action: DossierAction },
    /// Not from the dossier's current state (answered 409).
    #[error("Không thể {} hồ sơ đang ở trạng thái \"{}\"", .action.label(), .state.label())]
    State {
        state: DossierState,
        action: DossierAction,
    },
}

/// The transition table: the state an action leads to from `state` when done by `role`, or
/// why it may not be done. The role is asked first: an action a role never does is refused
/// as such whatever the state.
pub fn transition(
    state: DossierState,
    action: DossierAction,
    role: Role,
) -> Result<DossierState, TransitionRefusal> {
    use DossierAction as A;
    use DossierState as S;
    if role != action.actor_role() {
        return Err(TransitionRefusal::Role { role, action });
    }
    let next = match (state, action) {
        (S::Draft, A::Edit) => S::Draft,
        // The producer fixes a returned dossier before filing it again.
        (S::Returned, A::Edit) => S::Returned,
        (S::Draft, A::Submit) => S::Submitted,
        (S::Submitted | S::Resubmitted, A::Return) => S::Returned,
        (S::Returned, A::Resubmit) => S::Resubmitted,
        (S::Submitted | S::Resubmitted, A::Accept) => S::Accepted,
        (S::Accepted, A::Propose) => S::Proposed,
        (S::Submitted | S::Returned | S::Resubmitted, A::Withdraw) => S::Withdrawn,
        (S::Draft, A::Delete) => S::Draft,
        _ => return Err(TransitionRefusal::State { state, action }),
    };
    Ok(next)
}

/// The actions `role` may take on a dossier in `state` (for a page's buttons).
pub fn available_actions(state: DossierState, role: Role) -> Vec<DossierAction> {
    DossierAction::ALL
        .into_iter()
        .filter(|&action| transition(state, action, role).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every state × action × role, each cell written out: the next state, or the refusal.
    #[test]
    fn the_table_is_exhaustive() {
        use DossierAction as A;
        use DossierState as S;
        // (state, action) → next state, when done by the action's role.
        let allowed: &[(S, A, S)] = &[
            (S::Draft, A::Edit, S::Draft),
            (S::Returned, A::Edit, S::Returned),
            (S::Draft, A::Submit, S::Submitted),
            (S::Submitted, A::Return, S::Returned),
            (S::Resubmitted, A::Return, S::Returned),
            (S::Returned, A::Resubmit, S::Resubmitted),
            (S::Submitted, A::Accept, S::Accepted),
            (S::Resubmitted, A::Accept, S::Accepted),
            (S::Accepted, A::Propose, S::Proposed),
            (S::Submitted, A::Withdraw, S::Withdrawn),
            (S::Returned, A::Withdraw, S::Withdrawn),
            (S::Resubmitted, A::Withdraw, S::Withdrawn),
            (S::Draft, A::Delete, S::Draft),
        ];
        let roles_of = |action: A| match action {
            A::Return | A::Accept | A::Propose => Role::Commune,
            _ => Role::Producer,
        };
        let mut cells = 0;
        for state in S::ALL {
            for action in A::ALL {
                for role in Role::ALL {
                    cells += 1;
                    let got = transition(state, action, role);
                    let expected = if role != roles_of(action) {
                        Err(TransitionRefusal::Role { role, action })
                    } else {
                        allowed
                            .iter()
                            .find(|(s, a, _)| *s == state && *a == action)
                            .map(|(_, _, next)| *next)
                            .ok_or(TransitionRefusal::State { state, action })
                    };
                    assert_eq!(got, expected, "{state:?} × {action:?} × {role:?}");
                }
            }
        }
        assert_eq!(cells, 7 * 8 * 5);
    }

    #[test]
    fn final_states_take_no_action() {
        for role in Role::ALL {
            assert!(available_actions(DossierState::Proposed, role).is_empty());
            assert!(available_actions(DossierState::Withdrawn, role).is_empty());
        }
        assert_eq!(
            available_actions(DossierState::Submitted, Role::Commune),
            [DossierAction::Return, DossierAction::Accept]
        );
    }

    #[test]
    fn refusals_say_why() {
        let role = transition(
            DossierState::Submitted,
            DossierAction::Accept,
            Role::Producer,
        )
        .unwrap_err()
        .to_string();
        assert!(role.contains("Chủ thể OCOP không được tiếp nhận"), "{role}");
        let state = transition(DossierState::Draft, DossierAction::Accept, Role::Commune)
            .unwrap_err()
            .to_string();
        assert_eq!(
            state,
            "Không thể tiếp nhận hồ sơ đang ở trạng thái \"Bản nháp\""
        );
    }
}
