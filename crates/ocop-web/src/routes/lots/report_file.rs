//! A lab test report's file (tệp phiếu kiểm nghiệm): read from a form, checked by its content
//! and stored, for the lot's page, the API and the command line alike.

use axum::extract::Multipart;
use ocop_domain::lot::LabTestInput;
use ocop_store::lots::TestFile;

use crate::AppError;
use crate::files::FileStore;
use crate::images::{self, PhotoError};

/// A lab test report's file: a PDF (as sent) or a photo (decoded and re-encoded like product
/// photos, which drops its metadata).
fn clean_report(bytes: Vec<u8>) -> Result<(Vec<u8>, &'static str), PhotoError> {
    if bytes.starts_with(b"%PDF-") {
        return Ok((bytes, "application/pdf"));
    }
    let photo = images::clean(&bytes)?;
    Ok((photo.bytes, photo.content_type))
}

/// What a report's form sends (multipart: `lab_name`, `tested_on`, `results`, `file`).
pub(crate) struct ReportUpload {
    pub input: LabTestInput,
    /// Empty when no file was chosen.
    pub file: Vec<u8>,
}

/// Reads a report's form, each part bounded before it is kept: the file by `limit` (413
/// over it), each text part by the largest field's size.
pub(crate) async fn read_upload(
    multipart: &mut Multipart,
    limit: usize,
) -> Result<ReportUpload, AppError> {
    let unreadable = |e| crate::files::upload_error(e, limit);
    let mut upload = ReportUpload {
        input: LabTestInput::default(),
        file: Vec::new(),
    };
    // Text parts are bounded by the largest field (the results list) plus room for UTF-8.
    let text_limit = ocop_domain::lot::MAX_RESULTS_CHARS * 4;
    while let Some(mut part) = multipart.next_field().await.map_err(unreadable)? {
        let name = part.name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        let bound = if name == "file" { limit } else { text_limit };
        while let Some(chunk) = part.chunk().await.map_err(unreadable)? {
            if bytes.len() + chunk.len() > bound {
                return Err(if name == "file" {
                    AppError::TooLarge(limit.div_ceil(1024 * 1024))
                } else {
                    AppError::BadRequest(format!("Nội dung trường \"{name}\" quá dài"))
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "lab_name" => upload.input.lab_name = text(),
            "tested_on" => upload.input.tested_on = text(),
            "results" => upload.input.results = text(),
            "file" => upload.file = bytes,
            _ => {}
        }
    }
    Ok(upload)
}

/// Checks and stores a report's file (none when `bytes` is empty): the stored file, or why
/// the file is refused. The page, the API and `ocop lots add-test --file`.
pub async fn store(
    files: &FileStore,
    bytes: Vec<u8>,
) -> Result<Result<Option<TestFile>, PhotoError>, AppError> {
    if bytes.is_empty() {
        return Ok(Ok(None));
    }
    let (bytes, content_type) = match crate::heavy::run(move || clean_report(bytes)).await? {
        Ok(cleaned) => cleaned,
        // Our own encoder failed: not the sender's fault.
        Err(e @ PhotoError::Encode(_)) => return Err(AppError::internal(e)),
        Err(refusal) => return Ok(Err(refusal)),
    };
    let sha256 = files.put(&bytes).await.map_err(AppError::internal)?;
    Ok(Ok(Some(TestFile {
        sha256,
        content_type: content_type.to_owned(),
        size_bytes: i64::try_from(bytes.len()).map_err(AppError::internal)?,
    })))
}
