//! Tài liệu minh chứng: per criterion of the dossier's sheet, the files that prove it and an
//! upload (one file, its kind); the general documents the registration type requires; and
//! the files themselves for whoever may see the dossier. An upload is checked before it is
//! stored: within the size limit, a PDF, image, Word or Excel file by its content (images
//! re-encoded as photos are).

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::dossier::DocumentKind;
use ocop_domain::dossier::evidence::{evidence_for, required_documents};
use ocop_store::dossiers::{EvidenceFile, NewEvidence};
use ocop_store::use_cases::DossierDetail;
use serde::Deserialize;
use uuid::Uuid;

use super::evidence;
use super::pages::{latest_reasons, refused};
use super::view::{ReasonView, criterion_item, document_label, dossier_sheet};
use crate::backoffice::{Admin, Nav, parse_id};
use crate::forms::Opt;
use crate::i18n::Tr;
use crate::view::PageCtx;
use crate::{AppError, AppState};

/// A file as the pages list it.
pub struct FileView {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub url: String,
}

impl FileView {
    fn of(dossier: Uuid, file: &EvidenceFile, tr: Tr) -> FileView {
        FileView {
            id: file.id.to_string(),
            name: file.file_name.clone(),
            kind: document_label(tr, file.kind),
            url: file_url(dossier, &file.sha256),
        }
    }
}

/// Where a dossier's file is served.
pub fn file_url(dossier: Uuid, sha256: &str) -> String {
    format!("/admin/dossiers/{dossier}/files/{sha256}")
}

/// One criterion with its files and its upload form.
pub struct CriterionEvidence {
    pub id: String,
    pub name: String,
    pub suggested: String,
    pub kinds: Vec<Opt>,
    pub files: Vec<FileView>,
    /// Answered above zero and not proved yet.
    pub needed: bool,
    pub reasons: Vec<ReasonView>,
}

#[derive(Template)]
#[template(path = "dossiers/evidence.html")]
struct EvidencePage {
    ctx: PageCtx,
    nav: Nav,
    id: String,
    product: String,
    notice: bool,
    alert: Option<String>,
    max_mb: usize,
    editable: bool,
    documents: Vec<FileView>,
    document_kinds: Vec<Opt>,
    document_reasons: Vec<ReasonView>,
    criteria: Vec<CriterionEvidence>,
}

/// `kinds` as the options of a select, the first chosen.
fn kind_options(kinds: &[DocumentKind], tr: Tr) -> Vec<Opt> {
    let mut options: Vec<Opt> = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| Opt {
            value: k.key().to_owned(),
            label: document_label(tr, *k).to_owned(),
            selected: i == 0,
        })
        .collect();
    for kind in DocumentKind::ALL {
        if !kinds.contains(&kind) {
            options.push(Opt {
                value: kind.key().to_owned(),
                label: document_label(tr, kind).to_owned(),
                selected: false,
            });
        }
    }
    options
}

fn page(
    state: &AppState,
    admin: &Admin,
    detail: &DossierDetail,
    notice: bool,
    alert: Option<String>,
) -> Result<String, AppError> {
    let tr = admin.tr();
    let dossier = &detail.dossier;
    let reasons = latest_reasons(detail, tr);
    let answered = |id: &str| {
        dossier
            .self_score
            .as_ref()
            .and_then(|s| s.choices.get(id))
            .is_some_and(|choice| *choice > 0)
    };
    let criteria = dossier_sheet(dossier)
        .map(|sheet| {
            sheet
                .leaves()
                .into_iter()
                .map(|leaf| {
                    let id = leaf.criterion.id.clone();
                    let kinds = evidence_for(leaf.criterion);
                    let files: Vec<FileView> = detail
                        .evidence
                        .iter()
                        .filter(|f| f.criteria.contains(&id))
                        .map(|f| FileView::of(dossier.id, f, tr))
                        .collect();
                    let item = criterion_item(&id);
                    CriterionEvidence {
                        needed: answered(&id) && files.is_empty(),
                        suggested: tr.evidence_suggested(
                            kinds
                                .iter()
                                .map(|k| document_label(tr, *k))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                        kinds: kind_options(&kinds, tr),
                        reasons: reasons.iter().filter(|r| r.item == item).cloned().collect(),
                        name: leaf.criterion.name.clone(),
                        id,
                        files,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(EvidencePage {
        ctx: admin.ctx(),
        nav: admin.nav("dossiers"),
        id: dossier.id.to_string(),
        product: detail.product_name.clone(),
        notice,
        alert,
        max_mb: state.config.max_upload_bytes / (1024 * 1024),
        editable: detail
            .actions
            .contains(&ocop_domain::dossier::DossierAction::Edit),
        documents: detail
            .evidence
            .iter()
            .filter(|f| f.criteria.is_empty())
            .map(|f| FileView::of(dossier.id, f, tr))
            .collect(),
        document_kinds: kind_options(required_documents(dossier.data.kind), tr),
        document_reasons: reasons
            .into_iter()
            .filter(|r| r.item.starts_with("document."))
            .collect(),
        criteria,
    }
    .render()?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EvidenceParams {
    pub saved: String,
}

pub async fn evidence_page(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(params): Query<EvidenceParams>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let detail = state.store.dossier_detail(&admin.caller(), id).await?;
    super::form::editable(&admin, &detail)?;
    let html = page(&state, &admin, &detail, !params.saved.is_empty(), None)?;
    Ok(Html(html).into_response())
}

/// The evidence page again with why the upload was refused (nothing stored).
async fn refused_upload(
    state: &AppState,
    admin: &Admin,
    id: Uuid,
    status: StatusCode,
    message: String,
) -> Result<Response, AppError> {
    let detail = state.store.dossier_detail(&admin.caller(), id).await?;
    let html = page(state, admin, &detail, false, Some(message))?;
    Ok((status, Html(html)).into_response())
}

pub async fn upload(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let caller = admin.caller();
    // Who may add files is the use case's to say; asked first so a refusal reads no file.
    state.store.dossier_for_evidence(&caller, id).await?;
    let tr = admin.tr();
    let upload = match evidence::read_upload(&mut multipart, state.config.max_upload_bytes).await {
        Ok(upload) => upload,
        // Too big: the page again with the limit, nothing stored.
        Err(e @ AppError::TooLarge(_)) => {
            let status = e.status();
            return refused_upload(&state, &admin, id, status, e.to_string()).await;
        }
        Err(e) => return Err(e),
    };
    let kind = match evidence::parse_kind(&upload.kind) {
        Ok(kind) => kind,
        Err(message) => {
            return refused_upload(
                &state,
                &admin,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                message,
            )
            .await;
        }
    };
    let Some(file) = upload.files.into_iter().next() else {
        let message = tr.no_file_chosen().to_owned();
        return refused_upload(
            &state,
            &admin,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            message,
        )
        .await;
    };
    let cleaned = match crate::heavy::run(move || evidence::clean(file)).await? {
        Ok(cleaned) => cleaned,
        Err((_, evidence::EvidenceFileError::Image(e @ crate::images::PhotoError::Encode(_)))) => {
            return Err(AppError::internal(e));
        }
        Err((name, e)) => {
            let message = tr.evidence_refused(name, e);
            return refused_upload(
                &state,
                &admin,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                message,
            )
            .await;
        }
    };
    let sha256 = state
        .files
        .put(&cleaned.bytes)
        .await
        .map_err(AppError::internal)?;
    let file = NewEvidence {
        sha256,
        content_type: cleaned.content_type.to_owned(),
        size_bytes: i64::try_from(cleaned.bytes.len()).map_err(AppError::internal)?,
        file_name: cleaned.name,
        kind,
        criteria: evidence::parse_criteria(&upload.criteria),
        demo: false,
    };
    match state
        .store
        .attach_evidence(&caller, id, None, &[file])
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/admin/dossiers/{id}/evidence?saved=1")).into_response())
        }
        Err(e) => {
            let refusal = refused(e, tr)?;
            let message = std::iter::once(refusal.message)
                .chain(refusal.items)
                .collect::<Vec<_>>()
                .join(" ");
            refused_upload(&state, &admin, id, refusal.status, message).await
        }
    }
}

pub async fn remove(
    State(state): State<AppState>,
    admin: Admin,
    Path((id, evidence)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let evidence = parse_id(&evidence, "tệp minh chứng")?;
    let detail = state.store.dossier_detail(&admin.caller(), id).await?;
    if !detail.evidence.iter().any(|f| f.id == evidence) {
        return Err(AppError::not_found("tệp minh chứng"));
    }
    match state
        .store
        .detach_evidence(&admin.caller(), evidence, None)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/dossiers/{id}/evidence")).into_response()),
        Err(e) => {
            let refusal = refused(e, admin.tr())?;
            refused_upload(&state, &admin, id, refusal.status, refusal.message).await
        }
    }
}

/// Serves a file of a dossier (its current evidence or a filed version's) to whoever may
/// see the dossier; any other file is unknown here.
pub async fn serve(
    State(state): State<AppState>,
    admin: Admin,
    Path((id, sha256)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "hồ sơ")?;
    let detail = state.store.dossier_detail(&admin.caller(), id).await?;
    let current = detail
        .evidence
        .iter()
        .find(|f| f.sha256 == sha256)
        .map(|f| (f.content_type.clone(), f.file_name.clone()));
    let filed = || {
        detail
            .versions
            .iter()
            .flat_map(|v| &v.evidence)
            .find(|f| f.sha256 == sha256)
            .map(|f| (f.content_type.clone(), f.file_name.clone()))
    };
    let Some((content_type, file_name)) = current.or_else(filed) else {
        return Err(AppError::not_found("tệp minh chứng"));
    };
    let bytes = state.files.get(&sha256).await.map_err(AppError::internal)?;
    // The name as sent, reduced to what a header may carry.
    let safe: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{safe}\""),
            ),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
