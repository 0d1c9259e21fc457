//! Hồ sơ sản phẩm: filing, editing, self-scoring, evidence, the workflow's actions, and the
//! lists (the caller's dossiers, the commune's inbox by deadline, the province's counts per
//! commune). Each action: the dossier the caller may see (else unknown), the domain's rule
//! ([`authorize_dossier_action`]: scope, then the transition table), then the revision the
//! caller saw against the stored one, and in one transaction the write, the state, the
//! revision and the audit row. A refusal writes nothing.

use std::collections::BTreeMap;

use ocop_domain::access::{
    Denied, DossierRefusal, Role, authorize_dossier_action, authorize_dossier_file,
    authorize_dossier_overview, authorize_dossier_view,
};
use ocop_domain::dossier::{
    CommuneReportInput, Deadline, DossierAction, DossierDefaults, DossierInput, DossierKind,
    DossierState, DueState, EvidenceLink, MAX_EVIDENCE_FILES, MissingItem, ProposalInput,
    ReceiptNumber, ReturnReason, SelfScore, TransitionRefusal, check_linked_criteria, checklist,
    criteria_set, parse_return_reasons, score_self, transition,
};
use ocop_domain::taxonomy::Classification;
use ocop_domain::validation::FieldErrors;
use ocop_domain::vietnam_date;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use super::Caller;
use crate::audit::append_audit;
use crate::db::{Query, Tx, Value};
use crate::dossiers::{
    Dossier, DossierReturn, DossierSummary, DossierVersion, EvidenceFile, NewEvidence,
    SUMMARY_SELECT, SummaryRow, dossier_in, evidence_in, freeze_version, insert_evidence,
    next_receipt_seq, to_json,
};
use crate::{Result, Store, StoreError};

/// Most dossiers an inbox lists (the oldest first: those nearest their deadline).
pub const DOSSIER_INBOX_LIMIT: u32 = 200;

/// A dossier with everything its page and the API show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DossierDetail {
    pub dossier: Dossier,
    pub product_name: String,
    pub producer_name: String,
    pub evidence: Vec<EvidenceFile>,
    pub versions: Vec<DossierVersion>,
    pub returns: Vec<DossierReturn>,
    /// What is missing before the dossier can be filed (empty once it may be).
    pub checklist: Vec<MissingItem>,
    /// The commune's deadline while the dossier waits for it.
    pub deadline: Option<Deadline>,
    /// The actions the caller may take now.
    pub actions: Vec<DossierAction>,
}

/// A dossier list request.
#[derive(Debug, Clone, Default)]
pub struct DossierQuery {
    pub state: Option<DossierState>,
    pub province: Option<u32>,
    pub commune: Option<u32>,
    pub year: Option<i32>,
    pub kind: Option<DossierKind>,
    pub page: u32,
    pub per_page: u32,
}

/// One page of dossiers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DossierPage {
    pub items: Vec<DossierSummary>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// A commune's dossiers of a year by state, with those overdue or nearly due for its review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommuneCounts {
    pub commune_code: Option<u32>,
    /// State key → number of dossiers (filed ones: drafts are their producers' alone).
    pub by_state: BTreeMap<String, u64>,
    pub overdue: u64,
    pub nearly_due: u64,
}

fn refusal(r: DossierRefusal) -> StoreError {
    match r {
        DossierRefusal::Denied(d) => StoreError::Denied(d),
        DossierRefusal::Transition(t) => StoreError::Transition(t),
    }
}

/// The state `action` leads to, for this caller: a user by the domain's rule; the system
/// (command line, demo data) by the transition table as the action's own role.
fn decide(caller: &Caller, dossier: &Dossier, action: DossierAction) -> Result<DossierState> {
    match caller {
        Caller::Anonymous => Err(StoreError::Denied(Denied::NotSignedIn)),
        Caller::User(user) => {
            authorize_dossier_action(&user.actor(), &dossier.resource(), dossier.state, action)
                .map_err(refusal)
        }
        Caller::System(_) => {
            transition(dossier.state, action, action.actor_role()).map_err(StoreError::Transition)
        }
    }
}

fn stale(current: i64) -> StoreError {
    StoreError::Stale { current }
}

fn sees(caller: &Caller, dossier: &Dossier) -> bool {
    match caller {
        Caller::Anonymous => false,
        Caller::User(user) => {
            authorize_dossier_view(&user.actor(), &dossier.resource(), dossier.state).is_ok()
        }
        Caller::System(_) => true,
    }
}

/// The checklist of a dossier with its evidence files.
fn missing(dossier: &Dossier, evidence: &[EvidenceFile]) -> Vec<MissingItem> {
    let links: Vec<EvidenceLink<'_>> = evidence
        .iter()
        .map(|e| EvidenceLink {
            kind: e.kind,
            criteria: &e.criteria,
        })
        .collect();
    checklist(
        &dossier.data,
        dossier.sheet,
        dossier.self_score.as_ref(),
        &links,
    )
}

/// The checklist as the errors of a refused filing, one per missing item.
fn incomplete(items: &[MissingItem]) -> StoreError {
    let mut errors = FieldErrors::default();
    for item in items {
        errors.add(&format!("checklist.{}", item.key), "missing", &item.message);
    }
    StoreError::Invalid(errors)
}

fn product_error(code: &str, message: String) -> StoreError {
    let mut errors = FieldErrors::default();
    errors.add("product_id", code, message);
    StoreError::Invalid(errors)
}

impl Store {
    /// A dossier the caller may see; any other is unknown.
    pub async fn visible_dossier(&self, caller: &Caller, id: Uuid) -> Result<Dossier> {
        let dossier = self.dossier(id).await?;
        if sees(caller, &dossier) {
            Ok(dossier)
        } else {
            Err(StoreError::NotFound("hồ sơ"))
        }
    }

    /// A dossier with its files, versions, returns, checklist, deadline and the caller's
    /// possible actions.
    pub async fn dossier_detail(&self, caller: &Caller, id: Uuid) -> Result<DossierDetail> {
        let dossier = self.visible_dossier(caller, id).await?;
        let product = self.product(dossier.product_id).await?;
        let producer = self.producer(dossier.producer_id).await?;
        let evidence = self.evidence_of(id).await?;
        let versions = self.dossier_versions(id).await?;
        let returns = self.dossier_returns(id).await?;
        let actions = match caller {
            Caller::User(user) => DossierAction::ALL
                .into_iter()
                .filter(|&action| {
                    authorize_dossier_action(
                        &user.actor(),
                        &dossier.resource(),
                        dossier.state,
                        action,
                    )
                    .is_ok()
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(DossierDetail {
            checklist: missing(&dossier, &evidence),
            deadline: dossier.deadline(vietnam_date(self.now())),
            dossier,
            product_name: product.data.name,
            producer_name: producer.data.name,
            evidence,
            versions,
            returns,
            actions,
        })
    }

    /// Files a new dossier (a draft) for a product of the caller's own producer. A product
    /// the caller cannot see is reported on `product_id` like one that does not exist.
    pub async fn file_dossier(
        &self,
        caller: &Caller,
        product_id: Uuid,
        input: &DossierInput,
    ) -> Result<Dossier> {
        let product = match self.visible_product(caller, product_id).await {
            Ok(product) => product,
            Err(StoreError::NotFound(_)) => {
                return Err(product_error(
                    "unknown_product",
                    format!("Không có sản phẩm mã {product_id}"),
                ));
            }
            Err(e) => return Err(e),
        };
        caller.check(|actor| authorize_dossier_file(actor, &product.resource()))?;
        let Classification::V2026 { sheet } = product.data.classification else {
            return Err(product_error(
                "not_v2026",
                "Sản phẩm đang phân loại theo năm 2019: cần chọn bộ sản phẩm (1–26) theo \
                 Quyết định 26/2026 trước khi lập hồ sơ"
                    .to_owned(),
            ));
        };
        let Some(commune_code) = product.commune_code else {
            return Err(product_error(
                "no_commune",
                "Sản phẩm chưa gắn với một xã, phường của cơ cấu hiện nay: hồ sơ nộp cho UBND \
                 cấp xã"
                    .to_owned(),
            ));
        };
        let producer = self.producer(product.producer_id).await?;
        let now = self.now();
        let place = self.units.full_name(producer.data.unit);
        let address = match &producer.data.street {
            Some(street) => format!("{street}, {place}"),
            None => place,
        };
        let defaults = DossierDefaults {
            unit_name: producer.data.name.clone(),
            representative: producer.data.representative.name.clone(),
            address: Some(address),
            phone: producer.data.phone.clone(),
            email: producer.data.email.clone(),
            product_name: product.data.name.clone(),
            registration_number: Some(producer.data.tax_code.as_str().to_owned()),
            tourism: product.data.classification.category() == "tourism",
            year: vietnam_date(now).year(),
        };
        let data = input.parse(&defaults)?;
        let id = Uuid::now_v7();
        let created_by = caller.audit().user_id;
        let columns: Vec<(&str, Value)> = vec![
            ("id", id.into()),
            ("product_id", product.id.into()),
            ("producer_id", product.producer_id.into()),
            ("kind", data.kind.key().into()),
            ("state", DossierState::Draft.key().into()),
            ("revision", 1i64.into()),
            ("criteria_version", data.criteria_version.as_str().into()),
            ("sheet", sheet.into()),
            ("year", i64::from(data.year).into()),
            ("province_code", product.province_code.into()),
            ("commune_code", commune_code.into()),
            ("registration_json", to_json(&data.registration)?.into()),
            ("report_json", to_json(&data.report)?.into()),
            ("created_by", created_by.into()),
            ("created_at", now.into()),
            ("updated_at", now.into()),
        ];
        let mut tx = self.begin().await?;
        tx.execute(&Query::insert("dossiers", columns)).await?;
        let created = dossier_in(&mut tx, id).await?;
        append_audit(
            &mut tx,
            &caller.audit(),
            "dossier",
            id,
            "create",
            None,
            Some(to_json(&created)?),
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Asks the rule for `action` on the dossier as the caller saw it (refusals first), then
    /// the revision the caller saw; opens the transaction and asks again on the dossier as
    /// it is there. Returns the transaction, that dossier and the state the action leads to.
    async fn begin_action(
        &self,
        caller: &Caller,
        id: Uuid,
        expected: i64,
        action: DossierAction,
    ) -> Result<(Tx, Dossier, DossierState)> {
        let seen = self.visible_dossier(caller, id).await?;
        match decide(caller, &seen, action) {
            // The state moved on since the caller looked: someone acted first.
            Err(StoreError::Transition(TransitionRefusal::State { .. }))
                if seen.revision != expected =>
            {
                return Err(stale(seen.revision));
            }
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        if seen.revision != expected {
            return Err(stale(seen.revision));
        }
        let mut tx = self.begin().await?;
        let fresh = dossier_in(&mut tx, id).await?;
        if fresh.revision != expected {
            return Err(stale(fresh.revision));
        }
        let next = decide(caller, &fresh, action)?;
        Ok((tx, fresh, next))
    }

    /// Writes the action's columns with the new state and revision (only over the revision
    /// decided on: a writer in between makes it stale), audits it and commits.
    async fn finish_action(
        &self,
        mut tx: Tx,
        caller: &Caller,
        before: &Dossier,
        next: DossierState,
        action: &str,
        mut columns: Vec<(&'static str, Value)>,
    ) -> Result<Dossier> {
        columns.push(("state", next.key().into()));
        columns.push(("revision", (before.revision + 1).into()));
        columns.push(("updated_at", tx.now().into()));
        let mut q = Query::update("dossiers", columns, before.id);
        q.push(" AND revision = ").push_bind(before.revision);
        if tx.execute(&q).await? != 1 {
            return Err(stale(before.revision + 1));
        }
        let after = dossier_in(&mut tx, before.id).await?;
        append_audit(
            &mut tx,
            &caller.audit(),
            "dossier",
            before.id,
            action,
            Some(to_json(before)?),
            Some(to_json(&after)?),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Replaces Mẫu 01 and Mẫu 02 parts I, II and IV of a draft or returned dossier. A new
    /// criteria version clears the self-score, which was made under the old one.
    pub async fn edit_dossier(
        &self,
        caller: &Caller,
        id: Uuid,
        revision: i64,
        input: &DossierInput,
    ) -> Result<Dossier> {
        let (tx, dossier, next) = self
            .begin_action(caller, id, revision, DossierAction::Edit)
            .await?;
        let defaults = DossierDefaults {
            unit_name: dossier.data.registration.unit_name.clone(),
            representative: dossier.data.registration.representative.clone(),
            address: dossier.data.registration.address.clone(),
            phone: dossier.data.registration.phone.clone(),
            email: dossier.data.registration.email.clone(),
            product_name: dossier.data.registration.product_name.clone(),
            registration_number: dossier.data.report.registration_number.clone(),
            tourism: dossier.data.registration.samples == 0,
            year: dossier.data.year,
        };
        let data = input.parse(&defaults)?;
        let mut columns: Vec<(&'static str, Value)> = vec![
            ("kind", data.kind.key().into()),
            ("criteria_version", data.criteria_version.as_str().into()),
            ("year", i64::from(data.year).into()),
            ("registration_json", to_json(&data.registration)?.into()),
            ("report_json", to_json(&data.report)?.into()),
        ];
        if data.criteria_version != dossier.data.criteria_version {
            columns.push(("self_score_json", None::<String>.into()));
            columns.push(("self_total", None::<i64>.into()));
            columns.push(("self_stars", None::<i64>.into()));
        }
        self.finish_action(tx, caller, &dossier, next, "edit", columns)
            .await
    }

    /// Records the producer's self-score (Mẫu 02 part III), scored by the engine under the
    /// dossier's criteria version and sheet.
    pub async fn score_dossier(
        &self,
        caller: &Caller,
        id: Uuid,
        revision: i64,
        score: &SelfScore,
    ) -> Result<Dossier> {
        let (tx, dossier, next) = self
            .begin_action(caller, id, revision, DossierAction::Edit)
            .await?;
        let set = criteria_set(&dossier.data.criteria_version).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "hồ sơ {id}: bộ tiêu chí {}",
                dossier.data.criteria_version
            ))
        })?;
        let summary = score_self(set, dossier.sheet, score)?;
        let columns: Vec<(&'static str, Value)> = vec![
            ("self_score_json", to_json(score)?.into()),
            ("self_total", i64::from(summary.total).into()),
            ("self_stars", summary.stars.into()),
        ];
        self.finish_action(tx, caller, &dossier, next, "self_score", columns)
            .await
    }

    /// A dossier whose evidence the caller may change now (asked before an upload is read).
    pub async fn dossier_for_evidence(&self, caller: &Caller, id: Uuid) -> Result<Dossier> {
        let dossier = self.visible_dossier(caller, id).await?;
        decide(caller, &dossier, DossierAction::Edit)?;
        Ok(dossier)
    }

    /// Links stored files to a dossier as evidence, all or none. `revision`, when given, is
    /// the one the caller saw.
    pub async fn attach_evidence(
        &self,
        caller: &Caller,
        id: Uuid,
        revision: Option<i64>,
        files: &[NewEvidence],
    ) -> Result<Vec<EvidenceFile>> {
        let seen = self.dossier_for_evidence(caller, id).await?;
        let (tx, dossier, next) = self
            .begin_action(
                caller,
                id,
                revision.unwrap_or(seen.revision),
                DossierAction::Edit,
            )
            .await?;
        let mut tx = tx;
        let set = criteria_set(&dossier.data.criteria_version).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "hồ sơ {id}: bộ tiêu chí {}",
                dossier.data.criteria_version
            ))
        })?;
        for file in files {
            check_linked_criteria(set, dossier.sheet, &file.criteria)?;
        }
        let held = evidence_in(&mut tx, id).await?.len();
        if held + files.len() > MAX_EVIDENCE_FILES {
            let mut errors = FieldErrors::default();
            errors.add(
                "file",
                "too_many",
                format!("Một hồ sơ có tối đa {MAX_EVIDENCE_FILES} tệp minh chứng (đã có {held})"),
            );
            return Err(errors.into());
        }
        let now = tx.now();
        let ids = uuid::ContextV7::new();
        let mut added = Vec::with_capacity(files.len());
        for file in files {
            let evidence = EvidenceFile {
                id: Uuid::new_v7(uuid::Timestamp::now(&ids)),
                dossier_id: id,
                sha256: file.sha256.clone(),
                content_type: file.content_type.clone(),
                size_bytes: file.size_bytes,
                file_name: file.file_name.clone(),
                kind: file.kind,
                criteria: file.criteria.clone(),
                demo: file.demo,
                created_at: now,
            };
            insert_evidence(&mut tx, &evidence).await?;
            append_audit(
                &mut tx,
                &caller.audit(),
                "dossier",
                id,
                "add_evidence",
                None,
                Some(to_json(&evidence)?),
            )
            .await?;
            added.push(evidence);
        }
        self.bump(&mut tx, &dossier, next).await?;
        tx.commit().await?;
        Ok(added)
    }

    /// Moves a dossier on by one revision inside `tx` (a change of its evidence).
    async fn bump(&self, tx: &mut Tx, dossier: &Dossier, next: DossierState) -> Result<()> {
        let q = Query::new(
            "UPDATE dossiers SET revision = $1, state = $2, updated_at = $3 \
             WHERE id = $4 AND revision = $5",
        )
        .bind(dossier.revision + 1)
        .bind(next.key())
        .bind(tx.now())
        .bind(dossier.id)
        .bind(dossier.revision);
        if tx.execute(&q).await? != 1 {
            return Err(stale(dossier.revision + 1));
        }
        Ok(())
    }

    /// Removes an evidence file from a dossier the caller may edit; returns the stored files
    /// nothing refers to any more (the file may be another record's too, or frozen in a
    /// version: then it stays).
    pub async fn detach_evidence(
        &self,
        caller: &Caller,
        evidence_id: Uuid,
        revision: Option<i64>,
    ) -> Result<Vec<String>> {
        let file = self.evidence_file(evidence_id).await?;
        let seen = self.dossier_for_evidence(caller, file.dossier_id).await?;
        let (mut tx, dossier, next) = self
            .begin_action(
                caller,
                file.dossier_id,
                revision.unwrap_or(seen.revision),
                DossierAction::Edit,
            )
            .await?;
        tx.execute(&Query::new("DELETE FROM dossier_evidence WHERE id = $1").bind(evidence_id))
            .await?;
        append_audit(
            &mut tx,
            &caller.audit(),
            "dossier",
            dossier.id,
            "remove_evidence",
            Some(to_json(&file)?),
            None,
        )
        .await?;
        self.bump(&mut tx, &dossier, next).await?;
        tx.commit().await?;
        self.unreferenced_files(&[file.sha256]).await
    }

    /// Deletes a draft that was never filed, with its evidence rows; returns the stored
    /// files nothing refers to any more.
    pub async fn delete_dossier(
        &self,
        caller: &Caller,
        id: Uuid,
        revision: i64,
    ) -> Result<Vec<String>> {
        let (mut tx, dossier, _) = self
            .begin_action(caller, id, revision, DossierAction::Delete)
            .await?;
        let files = evidence_in(&mut tx, id).await?;
        tx.execute(&Query::new("DELETE FROM dossier_evidence WHERE dossier_id = $1").bind(id))
            .await?;
        let deleted = tx
            .execute(
                &Query::new("DELETE FROM dossiers WHERE id = $1 AND revision = $2")
                    .bind(id)
                    .bind(dossier.revision),
            )
            .await?;
        if deleted != 1 {
            return Err(stale(dossier.revision + 1));
        }
        append_audit(
            &mut tx,
            &caller.audit(),
            "dossier",
            id,
            "delete",
            Some(to_json(&dossier)?),
            None,
        )
        .await?;
        tx.commit().await?;
        let shas: Vec<String> = files.into_iter().map(|f| f.sha256).collect();
        self.unreferenced_files(&shas).await
    }

    /// Files a draft with the commune: refused with the checklist while something is
    /// missing; otherwise the commune's next receipt number, the version frozen, and the
    /// commune's 15 working days start.
    pub async fn submit_dossier(
        &self,
        caller: &Caller,
        id: Uuid,
        revision: i64,
    ) -> Result<Dossier> {
        let (mut tx, dossier, next) = self
            .begin_action(caller, id, revision, DossierAction::Submit)
            .await?;
        let evidence = evidence_in(&mut tx, id).await?;
        let items = missing(&dossier, &evidence);
        if !items.is_empty() {
            return Err(incomplete(&items));
        }
        let commune = dossier
            .commune_code
            .ok_or_else(|| StoreError::Corrupt(format!("hồ sơ {id}: không có xã tiếp nhận")))?;
        let now = tx.now();
        let year = vietnam_date(now).year();
        let seq = next_receipt_seq(&mut tx, commune, year).await?;
        let receipt = ReceiptNumber {
            seq,
            province: dossier.province_code,
            commune,
            year,
        };
        freeze_version(&mut tx, &dossier, "submit", caller.audit().user_id).await?;
        let columns: Vec<(&'static str, Value)> = vec![
            ("receipt_seq", i64::from(seq).into()),
            ("receipt_number", receipt.to_string().into()),
            ("first_submitted_at", now.into()),
            ("received_at", now.into()),
        ];
        self.finish_action(tx, caller, &dossier, next, "submit", columns)
            .await
    }

    /// Files a returned dossier again: a new version; the commune's days start again.
    pub async fn resubmit_dossier(
        &self,
        caller: &Caller,
        id: Uuid,
        revision: i64,
    ) -> Result<Dossier> {
        let (mut tx, dossier, next) = self
            .begin_action(caller, id, revision, DossierAction::Resubmit)
            .await?;
        let evidence = evidence_in(&mut tx, id).await?;
        let items = missing(&dossier, &evidence);
        if !items.is_empty() {
            return Err(incomplete(&items));
        }
        let now = tx.now();
        freeze_version(&mut tx, &dossier, "resubmit", caller.audit().user_id).await?;
        let columns: Vec<(&'static str, Value)> = vec![("received_at", now.into())];
        self.finish_action(tx, caller, &dossier, next, "resubmit", columns)
            .await
    }

    /// The commune returns a filed dossier with its reasons per item.
    pub async fn return_dossier(
        &self,
        caller: &Caller,
        id: Uuid,
        revision: i64,
        reasons: &[ReturnReason],
    ) -> Result<Dossier> {
        let (mut tx, dossier, next) = self
            .begin_action(caller, id, revision, DossierAction::Return)
            .await?;
        let reasons = parse_return_reasons(reasons)?;
        let (version,): (i64,) = tx
            .fetch_one(
                &Query::new("SELECT COUNT(*) FROM dossier_versions WHERE dossier_id = $1").bind(id),
            )
            .await?;
        let q = Query::insert(
            "dossier_returns",
            vec![
                ("id", Uuid::now_v7().into()),
                ("dossier_id", id.into()),
                ("version_number", version.into()),
                ("reasons_json", to_json(&reasons)?.into()),
                ("returned_by", caller.audit().user_id.into()),
                ("returned_at", tx.now().into()),
            ],
        );
        tx.execute(&q).await?;
        self.finish_action(tx, caller, &dossier, next, "return", Vec::new())
            .await
    }

    /// The commune accepts a filed dossier with its report (Mẫu 03).
    pub async fn accept_dossier(
        &self,
        caller: &Caller,
        id: Uuid,
        revision: i64,
        report: &CommuneReportInput,
    ) -> Result<Dossier> {
        let (tx, dossier, next) = self
            .begin_action(caller, id, revision, DossierAction::Accept)
            .await?;
        let report = report.parse()?;
        let columns: Vec<(&'static str, Value)> = vec![
            ("commune_report_json", to_json(&report)?.into()),
            ("accepted_at", tx.now().into()),
        ];
        self.finish_action(tx, caller, &dossier, next, "accept", columns)
            .await
    }

    /// The commune proposes an accepted dossier to the province with its letter.
    pub async fn propose_dossier(
        &self,
        caller: &Caller,
        id: Uuid,
        revision: i64,
        letter: &ProposalInput,
    ) -> Result<Dossier> {
        let (tx, dossier, next) = self
            .begin_action(caller, id, revision, DossierAction::Propose)
            .await?;
        let letter = letter.parse(dossier.received_on(), vietnam_date(tx.now()))?;
        let columns: Vec<(&'static str, Value)> = vec![
            ("letter_json", to_json(&letter)?.into()),
            ("proposed_at", tx.now().into()),
        ];
        self.finish_action(tx, caller, &dossier, next, "propose", columns)
            .await
    }

    /// The producer withdraws a filed dossier before the commune accepts it.
    pub async fn withdraw_dossier(
        &self,
        caller: &Caller,
        id: Uuid,
        revision: i64,
    ) -> Result<Dossier> {
        let (tx, dossier, next) = self
            .begin_action(caller, id, revision, DossierAction::Withdraw)
            .await?;
        let columns: Vec<(&'static str, Value)> = vec![("withdrawn_at", tx.now().into())];
        self.finish_action(tx, caller, &dossier, next, "withdraw", columns)
            .await
    }

    /// The condition limiting a dossier list to what the caller may see (None: everything).
    fn dossier_scope(&self, caller: &Caller, q: &mut Query) -> Result<()> {
        let user = match caller {
            Caller::Anonymous => return Err(StoreError::Denied(Denied::NotSignedIn)),
            Caller::System(_) => return Ok(()),
            Caller::User(user) => user,
        };
        let actor = user.actor();
        let nothing = "1 = 0";
        match actor.role {
            Role::Central => {
                q.and_where("d.state <> 'draft'");
            }
            Role::Provincial => {
                match actor.province_code {
                    Some(code) => q.and_where("d.province_code = ").push_bind(code),
                    None => q.and_where(nothing),
                };
                q.and_where("d.state <> 'draft'");
            }
            Role::Commune => {
                match actor.commune_code {
                    Some(code) => q.and_where("d.commune_code = ").push_bind(code),
                    None => q.and_where(nothing),
                };
                q.and_where("d.state <> 'draft'");
            }
            Role::Producer => {
                match actor.producer_id {
                    Some(id) => q.and_where("d.producer_id = ").push_bind(id),
                    None => q.and_where(nothing),
                };
            }
            Role::CouncilMember => return Err(StoreError::Denied(Denied::Forbidden)),
        }
        Ok(())
    }

    /// The dossiers the caller may see, filtered, newest change first.
    pub async fn list_dossiers(
        &self,
        caller: &Caller,
        query: &DossierQuery,
    ) -> Result<DossierPage> {
        let mut q = Query::new(SUMMARY_SELECT);
        let mut count = Query::new("SELECT COUNT(*) FROM dossiers d");
        for q in [&mut q, &mut count] {
            self.dossier_scope(caller, q)?;
            if let Some(state) = query.state {
                q.and_where("d.state = ").push_bind(state.key());
            }
            if let Some(province) = query.province {
                q.and_where("d.province_code = ").push_bind(province);
            }
            if let Some(commune) = query.commune {
                q.and_where("d.commune_code = ").push_bind(commune);
            }
            if let Some(year) = query.year {
                q.and_where("d.year = ").push_bind(i64::from(year));
            }
            if let Some(kind) = query.kind {
                q.and_where("d.kind = ").push_bind(kind.key());
            }
        }
        q.push(" ORDER BY d.updated_at DESC, d.id DESC");
        q.push_page(query.page, query.per_page);
        let (total,): (i64,) = self.fetch_one(&count).await?;
        let rows: Vec<SummaryRow> = self.fetch_all(&q).await?;
        let today = vietnam_date(self.now());
        Ok(DossierPage {
            items: rows
                .into_iter()
                .map(|row| row.into_summary(today))
                .collect::<Result<_>>()?,
            total: u64::try_from(total).unwrap_or(0),
            page: query.page,
            per_page: query.per_page,
        })
    }

    /// The dossiers waiting for the commune's review in the caller's scope (a commune
    /// officer's: its commune's), the nearest deadline first, at most
    /// [`DOSSIER_INBOX_LIMIT`].
    pub async fn dossier_inbox(&self, caller: &Caller) -> Result<Vec<DossierSummary>> {
        let mut q = Query::new(SUMMARY_SELECT);
        self.dossier_scope(caller, &mut q)?;
        q.and_where("d.state IN ('submitted', 'resubmitted')");
        q.push(" ORDER BY d.received_at, d.id");
        q.push(&format!(" LIMIT {DOSSIER_INBOX_LIMIT}"));
        let rows: Vec<SummaryRow> = self.fetch_all(&q).await?;
        let today = vietnam_date(self.now());
        rows.into_iter()
            .map(|row| row.into_summary(today))
            .collect()
    }

    /// A province's filed dossiers of a year per commune and state, with how many are
    /// overdue or nearly due for the commune's review (the cycle's overview).
    pub async fn dossier_counts_by_commune(
        &self,
        caller: &Caller,
        province: u32,
        year: i32,
    ) -> Result<Vec<CommuneCounts>> {
        caller.check(|actor| authorize_dossier_overview(actor, province))?;
        let q = Query::new(
            "SELECT commune_code, state, COUNT(*) FROM dossiers \
             WHERE province_code = $1 AND year = $2 AND state <> 'draft' \
             GROUP BY commune_code, state ORDER BY commune_code, state",
        )
        .bind(province)
        .bind(i64::from(year));
        let rows: Vec<(Option<i64>, String, i64)> = self.fetch_all(&q).await?;
        let waiting = Query::new(
            "SELECT commune_code, received_at FROM dossiers \
             WHERE province_code = $1 AND year = $2 \
             AND state IN ('submitted', 'resubmitted') AND received_at IS NOT NULL",
        )
        .bind(province)
        .bind(i64::from(year));
        let waiting: Vec<(Option<i64>, OffsetDateTime)> = self.fetch_all(&waiting).await?;
        let mut counts: BTreeMap<Option<i64>, CommuneCounts> = BTreeMap::new();
        let entry = |counts: &mut BTreeMap<Option<i64>, CommuneCounts>, code: Option<i64>| {
            counts.entry(code).or_insert_with(|| CommuneCounts {
                commune_code: code.and_then(|c| u32::try_from(c).ok()),
                by_state: BTreeMap::new(),
                overdue: 0,
                nearly_due: 0,
            });
        };
        for (code, state, n) in rows {
            entry(&mut counts, code);
            if let Some(c) = counts.get_mut(&code) {
                c.by_state.insert(state, u64::try_from(n).unwrap_or(0));
            }
        }
        let today = vietnam_date(self.now());
        for (code, received_at) in waiting {
            entry(&mut counts, code);
            let due = Deadline::commune_review(vietnam_date(received_at), today).state;
            if let Some(c) = counts.get_mut(&code) {
                match due {
                    DueState::Overdue => c.overdue += 1,
                    DueState::NearlyDue => c.nearly_due += 1,
                    DueState::OnTime => {}
                }
            }
        }
        Ok(counts.into_values().collect())
    }
}
