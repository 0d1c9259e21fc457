//! How the dossier pages name the domain's values in the page's language, and the pieces
//! several of them show (the deadline badge, a returned item's label, the frozen answers).

use ocop_domain::criteria::Sheet;
use ocop_domain::dossier::{
    Deadline, DocumentKind, DossierKind, DossierState, DueState, criteria_set,
};
use ocop_store::dossiers::Dossier;

use crate::i18n::Tr;

pub fn state_label(tr: Tr, state: DossierState) -> &'static str {
    tr.dossier_state(state)
}

pub fn kind_label(tr: Tr, kind: DossierKind) -> &'static str {
    tr.dossier_kind(kind)
}

pub fn due_label(tr: Tr, due: DueState) -> &'static str {
    tr.due_state(due)
}

pub fn document_label(tr: Tr, kind: DocumentKind) -> &'static str {
    use DocumentKind as K;
    match kind {
        K::BusinessRegistration => tr.doc_business_registration(),
        K::ProductionCertificate => tr.doc_production_certificate(),
        K::RawMaterialContract => tr.doc_raw_material_contract(),
        K::EnvironmentRecord => tr.doc_environment_record(),
        K::SocialInsuranceList => tr.doc_social_insurance_list(),
        K::FinancialReport => tr.doc_financial_report(),
        K::TrademarkFiling => tr.doc_trademark_filing(),
        K::DistributionContract => tr.doc_distribution_contract(),
        K::PromotionMaterial => tr.doc_promotion_material(),
        K::ProductStory => tr.doc_product_story(),
        K::QualityDeclaration => tr.doc_quality_declaration(),
        K::LabReport => tr.doc_lab_report(),
        K::BarcodeTraceability => tr.doc_barcode_traceability(),
        K::QmsCertificate => tr.doc_qms_certificate(),
        K::Award => tr.doc_award(),
        K::Photo => tr.doc_photo(),
        K::ChangeEvidence => tr.doc_change_evidence(),
        K::UpdateReport => tr.doc_update_report(),
        K::Other => tr.doc_other(),
    }
}

/// The deadline as a badge: its words (never the colour alone) and the day.
pub struct DueView {
    /// `due-on-time`, `due-nearly`, `due-overdue`.
    pub class: &'static str,
    pub label: &'static str,
    pub detail: String,
}

impl DueView {
    pub fn of(deadline: &Deadline, tr: Tr) -> DueView {
        let date = crate::view::day(deadline.due_on);
        let (class, detail) = match deadline.state {
            DueState::Overdue => ("due-overdue", tr.due_was(&date)),
            DueState::NearlyDue if deadline.working_days_left == 0 => {
                ("due-nearly", tr.due_today(&date))
            }
            DueState::NearlyDue => (
                "due-nearly",
                tr.due_days_left(deadline.working_days_left, &date),
            ),
            DueState::OnTime => (
                "due-on-time",
                tr.due_days_left(deadline.working_days_left, &date),
            ),
        };
        DueView {
            class,
            label: due_label(tr, deadline.state),
            detail,
        }
    }
}

/// The sheet a dossier is scored on, when its criteria version holds sheets.
pub fn dossier_sheet(dossier: &Dossier) -> Option<&'static Sheet> {
    criteria_set(&dossier.data.criteria_version).and_then(|set| set.sheet(dossier.sheet))
}

/// The items a commune may return, as (stored item, label): the forms' parts, then each
/// criterion of the sheet, then each kind of document. The stored item is the one the
/// domain documents (`Mẫu 01`, `Mẫu 02 phần II`, `tiêu chí 1.2`, `document.lab_report`).
pub fn return_items(sheet: Option<&Sheet>, tr: Tr) -> Vec<(String, String)> {
    let mut items = vec![
        (FORM_01.to_owned(), tr.dossier_form01_section().to_owned()),
        (PART_I.to_owned(), tr.dossier_part1_section().to_owned()),
        (PART_II.to_owned(), tr.dossier_part2_section().to_owned()),
        (PART_III.to_owned(), tr.dossier_part3_section().to_owned()),
        (PART_IV.to_owned(), tr.dossier_part4_section().to_owned()),
    ];
    if let Some(sheet) = sheet {
        for leaf in sheet.leaves() {
            let id = &leaf.criterion.id;
            items.push((
                criterion_item(id),
                tr.return_item_criterion(id, &leaf.criterion.name),
            ));
        }
    }
    for kind in DocumentKind::ALL {
        items.push((
            format!("document.{}", kind.key()),
            tr.return_item_document(document_label(tr, kind)),
        ));
    }
    items
}

pub const FORM_01: &str = "Mẫu 01";
pub const PART_I: &str = "Mẫu 02 phần I";
pub const PART_II: &str = "Mẫu 02 phần II";
pub const PART_III: &str = "Mẫu 02 phần III";
pub const PART_IV: &str = "Mẫu 02 phần IV";

/// The stored item of a criterion.
pub fn criterion_item(id: &str) -> String {
    format!("tiêu chí {id}")
}

/// A stored item as people read it: its label when it is one of [`return_items`], else as
/// stored (an item the API wrote in its own words).
pub fn item_label(item: &str, sheet: Option<&Sheet>, tr: Tr) -> String {
    return_items(sheet, tr)
        .into_iter()
        .find(|(key, _)| key == item)
        .map_or_else(|| item.to_owned(), |(_, label)| label)
}

/// One reason of the latest return, as the producer's pages show it.
#[derive(Clone)]
pub struct ReasonView {
    pub item: String,
    pub label: String,
    pub reason: String,
}
