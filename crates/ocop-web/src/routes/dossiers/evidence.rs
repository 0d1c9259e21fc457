//! Evidence files as they are stored: recognised by their content
//! ([`EvidenceFormat::sniff`]: PDF, DOCX, XLSX, or an image), images decoded and re-encoded
//! as photos are ([`crate::images`]), every check made before anything is stored. An upload
//! is read in chunks against the configured limit and refused (413) as soon as it passes it.

use axum::extract::Multipart;
use ocop_domain::dossier::{DocumentKind, EvidenceFormat, MAX_FILE_NAME_CHARS};

use crate::AppError;
use crate::images::{self, PhotoError};

/// Files per upload.
pub const MAX_EVIDENCE_PER_UPLOAD: usize = 10;
/// Longest text field of an upload form (`kind`, `criteria`, `revision`), in bytes.
const MAX_FIELD_BYTES: usize = 2048;

/// One uploaded file, as sent.
pub struct UploadedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// An evidence upload: its files and the form's fields.
#[derive(Default)]
pub struct EvidenceUpload {
    pub files: Vec<UploadedFile>,
    pub kind: String,
    pub criteria: String,
    pub revision: String,
}

/// A file ready to store.
pub struct CleanFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

/// Why a file is refused (none of the upload is stored).
#[derive(Debug, thiserror::Error)]
pub enum EvidenceFileError {
    #[error(transparent)]
    Format(#[from] ocop_domain::dossier::EvidenceFormatError),
    #[error(transparent)]
    Image(#[from] PhotoError),
}

/// Reads the `file` parts (at most [`MAX_EVIDENCE_PER_UPLOAD`]; an empty one is a form sent
/// without a file) and the `kind`, `criteria` and `revision` fields, all within `limit`
/// bytes together.
pub async fn read_upload(
    multipart: &mut Multipart,
    limit: usize,
) -> Result<EvidenceUpload, AppError> {
    let unreadable = |e| crate::files::upload_error(e, limit);
    let mut upload = EvidenceUpload::default();
    let mut total = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        let field_limit = if name == "file" {
            limit
        } else {
            MAX_FIELD_BYTES
        };
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            total += chunk.len();
            if total > limit {
                return Err(AppError::TooLarge(limit / (1024 * 1024)));
            }
            if bytes.len() + chunk.len() > field_limit {
                return Err(AppError::BadRequest(format!(
                    "Trường \"{name}\" dài quá {MAX_FIELD_BYTES} byte"
                )));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" if !bytes.is_empty() => {
                if upload.files.len() == MAX_EVIDENCE_PER_UPLOAD {
                    return Err(AppError::Invalid(too_many()));
                }
                upload.files.push(UploadedFile {
                    name: file_name,
                    bytes,
                });
            }
            "kind" => upload.kind = String::from_utf8_lossy(&bytes).into_owned(),
            "criteria" => upload.criteria = String::from_utf8_lossy(&bytes).into_owned(),
            "revision" => upload.revision = String::from_utf8_lossy(&bytes).into_owned(),
            _ => {}
        }
    }
    Ok(upload)
}

fn too_many() -> ocop_domain::validation::FieldErrors {
    let mut errors = ocop_domain::validation::FieldErrors::default();
    errors.add(
        "file",
        "too_many",
        format!("Mỗi lần gửi tối đa {MAX_EVIDENCE_PER_UPLOAD} tệp minh chứng"),
    );
    errors
}

/// The kind of document an upload says its files are.
pub fn parse_kind(raw: &str) -> Result<DocumentKind, String> {
    DocumentKind::from_key(raw.trim()).ok_or_else(|| {
        if raw.trim().is_empty() {
            "Chưa chọn loại tài liệu minh chứng".to_owned()
        } else {
            format!(
                "Loại tài liệu \"{}\" không có trong danh mục minh chứng",
                raw.chars().take(40).collect::<String>()
            )
        }
    })
}

/// The criteria an upload links its files to: ids separated by commas or spaces.
pub fn parse_criteria(raw: &str) -> Vec<String> {
    raw.split([',', ' ', ';', '\n'])
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A file name as kept: no path, no control characters, at most [`MAX_FILE_NAME_CHARS`].
pub fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_FILE_NAME_CHARS)
        .collect();
    let name = name.trim().to_owned();
    if name.is_empty() {
        "minh-chung".to_owned()
    } else {
        name
    }
}

/// Checks one file and makes it ready to store (CPU-bound for images: run it through
/// [`crate::heavy::run`]).
pub fn clean(file: UploadedFile) -> Result<CleanFile, (String, EvidenceFileError)> {
    let name = clean_name(&file.name);
    let format = match EvidenceFormat::sniff(&file.bytes) {
        Ok(format) => format,
        Err(e) => return Err((name, e.into())),
    };
    if format.is_image() {
        return match images::clean(&file.bytes) {
            Ok(photo) => Ok(CleanFile {
                name,
                bytes: photo.bytes,
                content_type: photo.content_type,
            }),
            Err(e) => Err((name, e.into())),
        };
    }
    Ok(CleanFile {
        name,
        bytes: file.bytes,
        content_type: format.content_type(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_path_and_controls() {
        assert_eq!(clean_name("C:\\tmp\\hop-dong.pdf"), "hop-dong.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\u{0}b.pdf"), "ab.pdf");
        assert_eq!(clean_name(""), "minh-chung");
        assert_eq!(parse_criteria("1.1, 1.2 3.3;;"), ["1.1", "1.2", "3.3"]);
    }

    #[test]
    fn only_documents_and_images_pass() {
        let pdf = UploadedFile {
            name: "a.pdf".into(),
            bytes: b"%PDF-1.4\n%%EOF\n".to_vec(),
        };
        assert_eq!(clean(pdf).ok().unwrap().content_type, "application/pdf");
        let exe = UploadedFile {
            name: "a.pdf".into(),
            bytes: b"MZ\x90\x00".to_vec(),
        };
        assert!(clean(exe).is_err());
        let fake_png = UploadedFile {
            name: "a.png".into(),
            bytes: b"\x89PNG\r\n\x1a\n<script>".to_vec(),
        };
        assert!(matches!(
            clean(fake_png),
            Err((_, EvidenceFileError::Image(_)))
        ));
    }
}
