//! Minh chứng: the evidence catalogue as data — which kinds of document prove which
//! criterion, the list Mẫu 02 part III gives, the documents each registration type requires —
//! and the file formats an evidence file may have.

use serde::{Deserialize, Serialize};

use super::DossierKind;
use crate::criteria::{Criterion, Sheet};
use crate::text::fold_vi;

/// Loại tài liệu minh chứng.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentKind {
    /// Giấy đăng ký kinh doanh.
    BusinessRegistration,
    /// Giấy chứng nhận cơ sở đủ điều kiện sản xuất / an toàn thực phẩm.
    ProductionCertificate,
    /// Nguồn gốc nguyên liệu, vùng nguyên liệu, liên kết chuỗi: contracts, invoices.
    RawMaterialContract,
    /// Hồ sơ, thủ tục về môi trường; hình ảnh giải pháp bảo vệ môi trường, công nghệ bền vững.
    EnvironmentRecord,
    /// Danh sách lao động đóng bảo hiểm (sử dụng lao động địa phương).
    SocialInsuranceList,
    /// Báo cáo tài chính 2 năm gần nhất / kết quả phân loại hợp tác xã.
    FinancialReport,
    /// Đơn, giấy chứng nhận đăng ký nhãn hiệu, chỉ dẫn địa lý, sáng chế, kiểu dáng.
    TrademarkFiling,
    /// Hợp đồng, đơn hàng, hóa đơn phân phối, xuất khẩu, xúc tiến thương mại.
    DistributionContract,
    /// Website, tài liệu quảng bá.
    PromotionMaterial,
    /// Tờ rơi, hình ảnh, phim, ghi âm về câu chuyện sản phẩm.
    ProductStory,
    /// Hồ sơ công bố chất lượng sản phẩm.
    QualityDeclaration,
    /// Phiếu kết quả kiểm nghiệm chất lượng, an toàn thực phẩm.
    LabReport,
    /// Mã số mã vạch, tem truy xuất nguồn gốc.
    BarcodeTraceability,
    /// Chứng nhận hệ thống quản lý chất lượng tiên tiến.
    QmsCertificate,
    /// Giải thưởng, bình chọn.
    Award,
    /// Hình ảnh sản phẩm, bao bì, nhãn, cơ sở sản xuất.
    Photo,
    /// Nâng hạng: minh chứng những thay đổi so với sản phẩm đã được công nhận.
    ChangeEvidence,
    /// Đánh giá lại: cập nhật nguyên liệu, công nghệ, bao bì, nhãn mác, thị trường, sản lượng,
    /// doanh thu và giấy tờ pháp lý có thời hạn.
    UpdateReport,
    /// Tài liệu khác.
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 19] = [
        DocumentKind::BusinessRegistration,
        DocumentKind::ProductionCertificate,
        DocumentKind::RawMaterialContract,
        DocumentKind::EnvironmentRecord,
        DocumentKind::SocialInsuranceList,
        DocumentKind::FinancialReport,
        DocumentKind::TrademarkFiling,
        DocumentKind::DistributionContract,
        DocumentKind::PromotionMaterial,
        DocumentKind::ProductStory,
        DocumentKind::QualityDeclaration,
        DocumentKind::LabReport,
        DocumentKind::BarcodeTraceability,
        DocumentKind::QmsCertificate,
        DocumentKind::Award,
        DocumentKind::Photo,
        DocumentKind::ChangeEvidence,
        DocumentKind::UpdateReport,
        DocumentKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DocumentKind::BusinessRegistration => "business_registration",
            DocumentKind::ProductionCertificate => "production_certificate",
            DocumentKind::RawMaterialContract => "raw_material_contract",
            DocumentKind::EnvironmentRecord => "environment_record",
            DocumentKind::SocialInsuranceList => "social_insurance_list",
            DocumentKind::FinancialReport => "financial_report",
            DocumentKind::TrademarkFiling => "trademark_filing",
            DocumentKind::DistributionContract => "distribution_contract",
            DocumentKind::PromotionMaterial => "promotion_material",
            DocumentKind::ProductStory => "product_story",
            DocumentKind::QualityDeclaration => "quality_declaration",
            DocumentKind::LabReport => "lab_report",
            DocumentKind::BarcodeTraceability => "barcode_traceability",
            DocumentKind::QmsCertificate => "qms_certificate",
            DocumentKind::Award => "award",
            DocumentKind::Photo => "photo",
            DocumentKind::ChangeEvidence => "change_evidence",
            DocumentKind::UpdateReport => "update_report",
            DocumentKind::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::BusinessRegistration => "Giấy đăng ký kinh doanh",
            DocumentKind::ProductionCertificate => "Giấy chứng nhận cơ sở đủ điều kiện sản xuất",
            DocumentKind::RawMaterialContract => {
                "Nguồn gốc nguyên liệu, vùng nguyên liệu, liên kết chuỗi"
            }
            DocumentKind::EnvironmentRecord => {
                "Bảo vệ môi trường, sử dụng công nghệ theo hướng bền vững"
            }
            DocumentKind::SocialInsuranceList => "Danh sách lao động đóng bảo hiểm",
            DocumentKind::FinancialReport => "Báo cáo tài chính 2 năm gần nhất",
            DocumentKind::TrademarkFiling => "Sở hữu trí tuệ (nhãn hiệu, chỉ dẫn địa lý, …)",
            DocumentKind::DistributionContract => {
                "Hợp đồng, chứng từ phân phối, xúc tiến thương mại"
            }
            DocumentKind::PromotionMaterial => "Tài liệu quảng bá sản phẩm",
            DocumentKind::ProductStory => "Câu chuyện về sản phẩm",
            DocumentKind::QualityDeclaration => "Công bố chất lượng sản phẩm",
            DocumentKind::LabReport => "Phiếu kết quả kiểm nghiệm",
            DocumentKind::BarcodeTraceability => "Mã số mã vạch, tem truy xuất nguồn gốc",
            DocumentKind::QmsCertificate => "Hệ thống quản lý chất lượng tiên tiến",
            DocumentKind::Award => "Giải thưởng, bình chọn",
            DocumentKind::Photo => "Hình ảnh minh chứng",
            DocumentKind::ChangeEvidence => "Minh chứng thay đổi so với sản phẩm đã công nhận",
            DocumentKind::UpdateReport => "Cập nhật nội dung mới sau thời gian được công nhận",
            DocumentKind::Other => "Tài liệu khác",
        }
    }
}

/// One row of the table of Mẫu 02 part III: what to attach, and what the law asks of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogueRow {
    pub kind: DocumentKind,
    /// Nội dung.
    pub content: &'static str,
    /// Yêu cầu.
    pub requirement: &'static str,
}

const fn row(kind: DocumentKind, content: &'static str, requirement: &'static str) -> CatalogueRow {
    CatalogueRow {
        kind,
        content,
        requirement,
    }
}

/// The evidence table of Mẫu 02 part III (Decision 26/2026, Phụ lục III), in the law's order.
pub const MAU_02_PART_III: [CatalogueRow; 15] = [
    row(
        DocumentKind::BusinessRegistration,
        "Giấy đăng ký kinh doanh",
        "Bản sao chứng minh hoạt động kinh doanh hợp pháp (đối với các đơn vị/cá nhân có đăng ký kinh doanh)",
    ),
    row(
        DocumentKind::ProductionCertificate,
        "Giấy chứng nhận cơ sở đủ điều kiện sản xuất",
        "Bản sao (đối với sản phẩm cần phải có giấy chứng nhận theo quy định hiện hành)",
    ),
    row(
        DocumentKind::RawMaterialContract,
        "Nguồn gốc nguyên liệu, vùng nguyên liệu, liên kết chuỗi",
        "Bản sao tài liệu: Giấy xác nhận an toàn thực phẩm đối với vùng nguyên liệu, hợp đồng mua bán/hợp đồng nguyên tắc, thỏa thuận liên kết, thanh lý hợp đồng, hóa đơn chứng từ hợp lệ... chứng minh nguồn gốc nguyên liệu, liên kết chuỗi",
    ),
    row(
        DocumentKind::EnvironmentRecord,
        "Bảo vệ môi trường, sử dụng công nghệ theo hướng bền vững",
        "Bản sao hồ sơ, thủ tục về môi trường theo quy định; hình ảnh minh chứng về thực hiện giải pháp bảo vệ môi trường; hình ảnh, mô tả công nghệ sử dụng theo hướng bền vững",
    ),
    row(
        DocumentKind::SocialInsuranceList,
        "Sử dụng lao động địa phương",
        "Danh sách lao động đóng bảo hiểm có xác nhận của chủ thể, bao gồm cả nơi thường trú",
    ),
    row(
        DocumentKind::FinancialReport,
        "Tăng trưởng sản xuất kinh doanh",
        "Bản sao tài liệu minh chứng kết quả phân loại hợp tác xã hoặc báo cáo tài chính 2 năm gần nhất; bản sao báo cáo tài chính của chủ thể 2 năm gần nhất",
    ),
    row(
        DocumentKind::TrademarkFiling,
        "Sở hữu trí tuệ",
        "Minh chứng đơn đăng ký nhãn hiệu đã được cơ quan có thẩm quyền chấp nhận hoặc công bố; bản sao giấy chứng nhận đăng ký nhãn hiệu; văn bằng ghi nhận quyền sử dụng chỉ dẫn địa lý, nhãn hiệu tập thể, nhãn hiệu chứng nhận; bằng sáng chế, bằng độc quyền kiểu dáng công nghiệp,...",
    ),
    row(
        DocumentKind::DistributionContract,
        "Phát triển thị trường, hoạt động quảng bá, xúc tiến thương mại",
        "Bản sao tài liệu: hợp đồng, cam kết, ký gửi, đặt hàng, biên nhận, hóa đơn, chứng từ để minh chứng xác nhận về phân phối sản phẩm, xuất khẩu sản phẩm, hoạt động xúc tiến thương mại...",
    ),
    row(
        DocumentKind::PromotionMaterial,
        "Quảng bá sản phẩm",
        "Tài liệu minh chứng về website, hoạt động quảng bá",
    ),
    row(
        DocumentKind::ProductStory,
        "Câu chuyện về sản phẩm",
        "Bản sao tờ rơi, hình ảnh, phim, ghi âm... minh chứng về câu chuyện của sản phẩm",
    ),
    row(
        DocumentKind::QualityDeclaration,
        "Công bố chất lượng sản phẩm",
        "Bản sao tài liệu, chứng minh chất lượng sản phẩm được công bố",
    ),
    row(
        DocumentKind::LabReport,
        "Phiếu kết quả kiểm nghiệm chỉ tiêu chất lượng, an toàn thực phẩm theo tiêu chuẩn công bố",
        "Bản sao tài liệu chứng minh đạt tiêu chuẩn chất lượng, an toàn thực phẩm",
    ),
    row(
        DocumentKind::BarcodeTraceability,
        "Mã số mã vạch, tem truy xuất nguồn gốc",
        "Bản sao tài liệu, chứng minh mã, tem, sở hữu thương hiệu...",
    ),
    row(
        DocumentKind::QmsCertificate,
        "Hệ thống quản lý chất lượng tiên tiến, kiểm soát chất lượng",
        "Bản sao tài liệu: chứng nhận hệ thống quản lý chất lượng tiên tiến, chứng minh hệ thống quản lý đạt tiêu chuẩn",
    ),
    row(
        DocumentKind::Award,
        "Giải thưởng của sản phẩm, bình chọn của các tổ chức uy tín trong nước và quốc tế...",
        "Bản sao tài liệu, minh chứng về các thành tích, giải thưởng, bình chọn...",
    ),
];

/// Which documents prove a criterion, by words of its name (folded: lower case, without
/// marks), in order; a criterion takes the kinds of every rule its name matches. The sheets
/// number their criteria differently (1.2 is "Gia tăng giá trị" on one and "Vùng nguyên
/// liệu" on another), so the rule follows the name. Senses, shape and taste (part C) are
/// proved by lab reports and photos.
const CRITERION_RULES: &[(&[&str], &[DocumentKind])] = {
    use DocumentKind::*;
    &[
        (
            &["nguyen lieu", "nguon goc san pham", "lien ket"],
            &[RawMaterialContract],
        ),
        (
            &["chung nhan chat luong", "vung san xuat"],
            &[RawMaterialContract, QmsCertificate],
        ),
        (
            &["gia tang gia tri", "nang luc san xuat", "dieu phoi"],
            &[ProductionCertificate, Photo],
        ),
        (
            &["moi truong", "cong nghe", "nang luong"],
            &[EnvironmentRecord],
        ),
        (&["y tuong"], &[ProductStory]),
        (
            &["bao bi", "dong goi", "ghi nhan", "song ngu", "phong cach"],
            &[Photo, BarcodeTraceability],
        ),
        (
            &["loai hinh to chuc", "dai dien phap luat", "co che quan ly"],
            &[BusinessRegistration],
        ),
        (&["lao dong", "nhan vien"], &[SocialInsuranceList]),
        (&["tang truong"], &[FinancialReport]),
        (&["so huu tri tue"], &[TrademarkFiling]),
        (
            &["phan phoi", "thi truong", "ban hang"],
            &[DistributionContract],
        ),
        (&["quang ba", "nhan dien"], &[PromotionMaterial]),
        (
            &["cau chuyen", "ban sac", "tri tue dia phuong", "di san"],
            &[ProductStory],
        ),
        (&["cong bo chat luong"], &[QualityDeclaration, LabReport]),
        (
            &[
                "dam bao chat luong",
                "kiem tra dinh ky",
                "an toan",
                "dinh duong",
                "cam quan",
            ],
            &[LabReport, QmsCertificate],
        ),
        (&["toan cau", "xuat khau"], &[DistributionContract, Award]),
        (&["giai thuong", "binh chon"], &[Award]),
        (&["truy xuat", "ma vach"], &[BarcodeTraceability]),
    ]
};

/// The kinds of document that prove `criterion` (never empty: what no rule names is proved
/// by lab reports and photos).
pub fn evidence_for(criterion: &Criterion) -> Vec<DocumentKind> {
    let name = fold_vi(&criterion.name);
    let mut kinds: Vec<DocumentKind> = Vec::new();
    for (words, rule_kinds) in CRITERION_RULES {
        if words.iter().any(|word| name.contains(word)) {
            for kind in *rule_kinds {
                if !kinds.contains(kind) {
                    kinds.push(*kind);
                }
            }
        }
    }
    if kinds.is_empty() {
        kinds = vec![DocumentKind::LabReport, DocumentKind::Photo];
    }
    kinds
}

/// The catalogue of one sheet: each scored criterion, in the law's order, with the kinds of
/// document that prove it.
pub fn sheet_catalogue(sheet: &Sheet) -> Vec<(String, String, Vec<DocumentKind>)> {
    sheet
        .leaves()
        .into_iter()
        .map(|leaf| {
            (
                leaf.criterion.id.clone(),
                leaf.criterion.name.clone(),
                evidence_for(leaf.criterion),
            )
        })
        .collect()
}

/// The documents a dossier of this registration type must hold before it is filed
/// (Decision 26/2026 Điều 6.1): the business registration always; an upgrade the evidence of
/// its changes; a re-evaluation the updates since recognition (quality declaration, periodic
/// lab reports, and the report on raw materials, technology, packaging, labels, markets,
/// output and revenue).
pub fn required_documents(kind: DossierKind) -> &'static [DocumentKind] {
    match kind {
        DossierKind::FirstTime => &[DocumentKind::BusinessRegistration],
        DossierKind::Upgrade => &[
            DocumentKind::BusinessRegistration,
            DocumentKind::ChangeEvidence,
        ],
        DossierKind::ReEvaluation => &[
            DocumentKind::BusinessRegistration,
            DocumentKind::QualityDeclaration,
            DocumentKind::LabReport,
            DocumentKind::UpdateReport,
        ],
    }
}

/// The formats an evidence file may have, recognised by their content (never by the name or
/// the declared type). Images are re-encoded by the web layer as photos are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceFormat {
    Pdf,
    Jpeg,
    Png,
    Webp,
    Docx,
    Xlsx,
}

/// Why a file is not accepted as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceFormatError {
    #[error("Tệp minh chứng phải là PDF, ảnh (JPEG, PNG, WebP), Word (DOCX) hoặc Excel (XLSX)")]
    NotAccepted,
    #[error("Tệp PDF không trọn vẹn (thiếu phần kết thúc %%EOF)")]
    TruncatedPdf,
    #[error("Tệp nén không phải tài liệu Word (DOCX) hoặc Excel (XLSX)")]
    UnknownOfficeFile,
}

impl EvidenceFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            EvidenceFormat::Pdf => "application/pdf",
            EvidenceFormat::Jpeg => "image/jpeg",
            EvidenceFormat::Png => "image/png",
            EvidenceFormat::Webp => "image/webp",
            EvidenceFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            EvidenceFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    pub fn is_image(self) -> bool {
        matches!(
            self,
            EvidenceFormat::Jpeg | EvidenceFormat::Png | EvidenceFormat::Webp
        )
    }

    /// The format of `bytes`. A PDF must end with its `%%EOF` marker (a cut-off upload is
    /// refused); a DOCX or XLSX is a ZIP archive holding the main part of its kind.
    pub fn sniff(bytes: &[u8]) -> Result<EvidenceFormat, EvidenceFormatError> {
        if bytes.starts_with(b"%PDF-") {
            let tail = &bytes[bytes.len().saturating_sub(1024)..];
            return if tail.windows(5).any(|w| w == b"%%EOF") {
                Ok(EvidenceFormat::Pdf)
            } else {
                Err(EvidenceFormatError::TruncatedPdf)
            };
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Ok(EvidenceFormat::Jpeg);
        }
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Ok(EvidenceFormat::Png);
        }
        if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            return Ok(EvidenceFormat::Webp);
        }
        if bytes.starts_with(b"PK\x03\x04") {
            // The names of a ZIP's members are stored uncompressed.
            let has = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
            if !has(b"[Content_Types].xml") {
                return Err(EvidenceFormatError::UnknownOfficeFile);
            }
            if has(b"word/document.xml") {
                return Ok(EvidenceFormat::Docx);
            }
            if has(b"xl/workbook.xml") {
                return Ok(EvidenceFormat::Xlsx);
            }
            return Err(EvidenceFormatError::UnknownOfficeFile);
        }
        Err(EvidenceFormatError::NotAccepted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::Library;

    #[test]
    fn every_criterion_of_every_v2026_sheet_has_its_documents() {
        let set = Library::embedded().version("V2026").unwrap();
        for sheet in &set.sheets {
            for (id, name, kinds) in sheet_catalogue(sheet) {
                assert!(!kinds.is_empty(), "sheet {} {id} {name}", sheet.number);
            }
        }
        let sheet = set.sheet(1).unwrap();
        let kinds_of = |id: &str| evidence_for(sheet.criterion(id).unwrap());
        assert_eq!(kinds_of("3.3"), [DocumentKind::SocialInsuranceList]);
        assert_eq!(kinds_of("3.4"), [DocumentKind::FinancialReport]);
        assert_eq!(kinds_of("3.5"), [DocumentKind::TrademarkFiling]);
        assert!(kinds_of("1.2").contains(&DocumentKind::RawMaterialContract));
        assert!(kinds_of("9").contains(&DocumentKind::QualityDeclaration));
        assert!(kinds_of("5.1").contains(&DocumentKind::ProductStory));
    }

    #[test]
    fn the_law_s_table_names_each_kind_once() {
        let mut kinds: Vec<DocumentKind> = MAU_02_PART_III.iter().map(|r| r.kind).collect();
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds.len(), MAU_02_PART_III.len());
        for kind in DocumentKind::ALL {
            assert_eq!(DocumentKind::from_key(kind.key()), Some(kind));
        }
    }

    #[test]
    fn re_evaluation_needs_the_updates() {
        assert!(
            required_documents(DossierKind::ReEvaluation).contains(&DocumentKind::UpdateReport)
        );
        assert!(required_documents(DossierKind::Upgrade).contains(&DocumentKind::ChangeEvidence));
        assert_eq!(
            required_documents(DossierKind::FirstTime),
            [DocumentKind::BusinessRegistration]
        );
    }

    #[test]
    fn formats_are_recognised_by_content() {
        assert_eq!(
            EvidenceFormat::sniff(b"%PDF-1.4\n1 0 obj\n%%EOF\n"),
            Ok(EvidenceFormat::Pdf)
        );
        assert_eq!(
            EvidenceFormat::sniff(b"%PDF-1.4\n1 0 obj\n"),
            Err(EvidenceFormatError::TruncatedPdf)
        );
        let docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml";
        assert_eq!(EvidenceFormat::sniff(docx), Ok(EvidenceFormat::Docx));
        let xlsx = b"PK\x03\x04....[Content_Types].xml....xl/workbook.xml";
        assert_eq!(EvidenceFormat::sniff(xlsx), Ok(EvidenceFormat::Xlsx));
        assert_eq!(
            EvidenceFormat::sniff(b"PK\x03\x04 a zip of something else"),
            Err(EvidenceFormatError::UnknownOfficeFile)
        );
        for refused in [&b"MZ\x90\x00"[..], b"<html>", b"", b"GIF89a"] {
            assert_eq!(
                EvidenceFormat::sniff(refused),
                Err(EvidenceFormatError::NotAccepted)
            );
        }
    }
}
