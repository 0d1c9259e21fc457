//! Yêu cầu thay đổi: a producer proposes, revises or withdraws a change of its active product;
//! an official of the product's unit approves it (the values applied to the product through
//! the same update as a direct edit, in one transaction) or rejects it with a reason.
//!
//! Each action asks, in this order: may the caller see the request (else unknown), may it
//! take this action (else [`StoreError::Denied`]), does the state table allow it now (else
//! [`StoreError::StateConflict`]), is the input valid (else [`StoreError::Invalid`]). Then one
//! transaction writes the request from the revision the caller saw, and its audit row.

use ocop_domain::access::{
    Scope, authorize_change_request, authorize_change_request_view, change_request_scope,
};
use ocop_domain::change_request::{
    ChangeRequestAction, ChangeRequestState, DecisionInput, ProposalInput, RejectionInput,
    RevisionInput, TransitionRefused, may_propose_for, parse_reason, parse_revision, same_version,
    transition,
};
use ocop_domain::product::ProductData;
use uuid::Uuid;

use super::Caller;
use crate::audit::append_audit;
use crate::change_requests::{
    ChangeRequest, ChangeRequestItem, ChangeRequestQuery, insert_change_request,
    update_change_request,
};
use crate::db::Tx;
use crate::products::{PRODUCT_COLUMNS, ProductRow, write_product_update};
use crate::{Product, Result, Store, StoreError, ViewChange};

fn refused(refusal: TransitionRefused) -> StoreError {
    StoreError::StateConflict(refusal.to_string())
}

fn json(request: &ChangeRequest) -> Option<String> {
    serde_json::to_string(request).ok()
}

/// The product as stored now, read inside the transaction that changes it.
async fn product_in(tx: &mut Tx, id: Uuid) -> Result<Product> {
    let q = crate::db::Query::new(format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE id = $1"
    ))
    .bind(id);
    let row: Option<ProductRow> = tx.fetch_optional(&q).await?;
    row.ok_or(StoreError::NotFound("sản phẩm"))?.try_into()
}

impl Store {
    /// A change request the caller may read (its producer, the officials of its product's
    /// unit), with its product; any other is unknown.
    pub async fn visible_change_request(
        &self,
        caller: &Caller,
        id: Uuid,
    ) -> Result<(ChangeRequest, Product)> {
        let request = self.change_request(id).await?;
        let product = self.product(request.product_id).await?;
        let readable = match caller {
            Caller::System(_) => true,
            Caller::Anonymous => false,
            Caller::User(user) => {
                authorize_change_request_view(Some(&user.actor()), &product.resource()).is_ok()
            }
        };
        if readable {
            Ok((request, product))
        } else {
            Err(StoreError::NotFound("yêu cầu thay đổi"))
        }
    }

    /// The open change request of a product the caller may read the requests of; none when
    /// there is none or the caller may not read them.
    pub async fn visible_open_change_request(
        &self,
        caller: &Caller,
        product: &Product,
    ) -> Result<Option<ChangeRequest>> {
        let readable = match caller {
            Caller::System(_) => true,
            Caller::Anonymous => false,
            Caller::User(user) => {
                authorize_change_request_view(Some(&user.actor()), &product.resource()).is_ok()
            }
        };
        if !readable {
            return Ok(None);
        }
        self.open_change_request(product.id).await
    }

    /// The change requests the caller may read: of the products of its scope. A council member
    /// or a visitor reads none (refused).
    pub async fn change_requests(
        &self,
        caller: &Caller,
        query: &ChangeRequestQuery,
    ) -> Result<(Vec<ChangeRequestItem>, u64)> {
        let scope = match caller {
            Caller::System(_) => Scope::Everything,
            Caller::Anonymous => {
                return Err(StoreError::Denied(ocop_domain::access::Denied::NotSignedIn));
            }
            Caller::User(user) => change_request_scope(&user.actor())?,
        };
        self.list_change_requests(scope, query).await
    }

    /// Files a change request of an active product with the proposed values.
    pub async fn propose_product_change(
        &self,
        caller: &Caller,
        product_id: Uuid,
        input: &ProposalInput,
    ) -> Result<ChangeRequest> {
        let product = self.visible_product(caller, product_id).await?;
        caller.check(|actor| {
            authorize_change_request(actor, ChangeRequestAction::Propose, &product.resource())
        })?;
        may_propose_for(product.data.status).map_err(refused)?;
        if let Some(open) = self.open_change_request(product.id).await? {
            return Err(StoreError::OpenChangeRequest(open.id));
        }
        let proposal = input.parse(&product.data)?;
        let audit = caller.audit();
        let mut tx = self.begin().await?;
        let request = ChangeRequest::new(
            product.id,
            product.data.clone(),
            product.updated_at,
            proposal.proposed,
            proposal.note,
            &audit,
            tx.now(),
        );
        insert_change_request(&mut tx, &request).await?;
        let after = json(&request);
        append_audit(
            &mut tx,
            &audit,
            "change_request",
            request.id,
            "propose",
            None,
            after,
        )
        .await?;
        tx.commit().await?;
        Ok(request)
    }

    /// The request and its product, once the caller may read it, may take `action` on it, and
    /// its state allows `action`.
    async fn change_request_for(
        &self,
        caller: &Caller,
        id: Uuid,
        action: ChangeRequestAction,
    ) -> Result<(ChangeRequest, Product)> {
        let (request, product) = self.visible_change_request(caller, id).await?;
        caller.check(|actor| authorize_change_request(actor, action, &product.resource()))?;
        transition(request.state, action).map_err(refused)?;
        Ok((request, product))
    }

    /// Writes `after` from the revision the caller saw, with its audit row, in `tx`.
    async fn record_change_request(
        &self,
        mut tx: Tx,
        caller: &Caller,
        before: &ChangeRequest,
        after: &ChangeRequest,
        seen_revision: u32,
        action: ChangeRequestAction,
    ) -> Result<()> {
        update_change_request(&mut tx, after, seen_revision).await?;
        append_audit(
            &mut tx,
            &caller.audit(),
            "change_request",
            after.id,
            action.key(),
            json(before),
            json(after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the proposed values of an open request, based now on the product as it is
    /// (a product changed meanwhile is taken as the new base).
    pub async fn revise_change_request(
        &self,
        caller: &Caller,
        id: Uuid,
        input: &RevisionInput,
    ) -> Result<ChangeRequest> {
        let action = ChangeRequestAction::Revise;
        let (request, product) = self.change_request_for(caller, id, action).await?;
        may_propose_for(product.data.status).map_err(refused)?;
        let seen = parse_revision(&input.revision);
        let proposal = input.proposal.parse(&product.data);
        let (seen, proposal) = match (seen, proposal) {
            (Ok(seen), Ok(proposal)) => (seen, proposal),
            (seen, proposal) => {
                let mut errors = seen.err().unwrap_or_default();
                errors.0.extend(proposal.err().unwrap_or_default().0);
                return Err(errors.into());
            }
        };
        let tx = self.begin().await?;
        let after = ChangeRequest {
            revision: request.revision + 1,
            base: product.data.clone(),
            base_updated_at: product.updated_at,
            proposed: proposal.proposed,
            note: proposal.note,
            updated_at: tx.now(),
            ..request.clone()
        };
        self.record_change_request(tx, caller, &request, &after, seen, action)
            .await?;
        Ok(after)
    }

    /// Closes a request as `state` (withdrawn or rejected, with `reason`), from `seen`.
    async fn close_change_request(
        &self,
        caller: &Caller,
        request: ChangeRequest,
        state: ChangeRequestState,
        reason: Option<String>,
        seen: u32,
        action: ChangeRequestAction,
    ) -> Result<ChangeRequest> {
        let audit = caller.audit();
        let tx = self.begin().await?;
        let after = ChangeRequest {
            state,
            reason,
            revision: request.revision + 1,
            decided_by: audit.user_id,
            decided_by_label: Some(audit.label.clone()),
            decided_at: Some(tx.now()),
            updated_at: tx.now(),
            ..request.clone()
        };
        self.record_change_request(tx, caller, &request, &after, seen, action)
            .await?;
        Ok(after)
    }

    /// The producer takes its open request back.
    pub async fn withdraw_change_request(
        &self,
        caller: &Caller,
        id: Uuid,
        input: &DecisionInput,
    ) -> Result<ChangeRequest> {
        let action = ChangeRequestAction::Withdraw;
        let (request, _) = self.change_request_for(caller, id, action).await?;
        let seen = parse_revision(&input.revision)?;
        let state = transition(request.state, action).map_err(refused)?;
        self.close_change_request(caller, request, state, None, seen, action)
            .await
    }

    /// An official of the product's unit refuses the request, saying why.
    pub async fn reject_change_request(
        &self,
        caller: &Caller,
        id: Uuid,
        input: &RejectionInput,
    ) -> Result<ChangeRequest> {
        let action = ChangeRequestAction::Reject;
        let (request, _) = self.change_request_for(caller, id, action).await?;
        let (seen, reason) = match (parse_revision(&input.revision), parse_reason(&input.reason)) {
            (Ok(seen), Ok(reason)) => (seen, reason),
            (seen, reason) => {
                let mut errors = seen.err().unwrap_or_default();
                errors.0.extend(reason.err().unwrap_or_default().0);
                return Err(errors.into());
            }
        };
        let state = transition(request.state, action).map_err(refused)?;
        self.close_change_request(caller, request, state, Some(reason), seen, action)
            .await
    }

    /// An official of the product's unit approves the request at the revision it saw: the
    /// proposed values replace the product's (its status kept) through the product's one
    /// update — search row and audit row included — in the same transaction, and only if the
    /// product is still the version the request was based on. Otherwise a conflict, nothing
    /// written: the product changed since (the producer revises the request onto it, or the
    /// official rejects it), or the request was revised or decided since the official saw it.
    pub async fn approve_change_request(
        &self,
        caller: &Caller,
        id: Uuid,
        input: &DecisionInput,
    ) -> Result<(ChangeRequest, Product)> {
        let action = ChangeRequestAction::Approve;
        let (request, _) = self.change_request_for(caller, id, action).await?;
        let seen = parse_revision(&input.revision)?;
        let audit = caller.audit();
        let mut tx = self.begin().await?;
        let now = tx.now();
        let after = ChangeRequest {
            state: transition(request.state, action).map_err(refused)?,
            revision: request.revision + 1,
            decided_by: audit.user_id,
            decided_by_label: Some(audit.label.clone()),
            decided_at: Some(now),
            updated_at: now,
            ..request.clone()
        };
        // First the request, from the revision seen: of two approvals at once, the second
        // waits for this row and then finds it decided.
        update_change_request(&mut tx, &after, seen).await?;
        let before = product_in(&mut tx, request.product_id).await?;
        if before.updated_at != request.base_updated_at
            || !same_version(&request.base, &before.data)
        {
            return Err(StoreError::StateConflict(
                "Sản phẩm đã thay đổi sau khi yêu cầu được gửi; hãy xem lại: chủ thể cập nhật \
                 yêu cầu theo thông tin hiện tại, hoặc cán bộ từ chối yêu cầu"
                    .to_owned(),
            ));
        }
        let data = ProductData {
            status: before.data.status,
            ..request.proposed.clone()
        };
        let producer = self.producer(before.producer_id).await?;
        let product = write_product_update(
            &mut tx,
            self.units,
            &audit,
            &before,
            data,
            &producer.data.name,
            now,
        )
        .await?;
        append_audit(
            &mut tx,
            &audit,
            "change_request",
            id,
            action.key(),
            json(&request),
            json(&after),
        )
        .await?;
        tx.commit().await?;
        self.notify_lot_view(ViewChange::Product(product.id));
        Ok((after, product))
    }
}
