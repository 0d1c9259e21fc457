//! Files on disk, content-addressed: a file's name is the SHA-256 of its bytes, so the same
//! photo uploaded twice is stored once and a stored file never changes.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

impl FileStore {
    pub fn new(dir: impl Into<PathBuf>) -> FileStore {
        FileStore { dir: dir.into() }
    }

    fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        // Names come from our own hashes; anything else is refused before touching the disk.
        (sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| self.dir.join(&sha256[..2]).join(sha256))
    }

    /// Stores the bytes; returns their SHA-256 (hex).
    pub async fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&sha).expect("a sha256 is a valid name");
        if tokio::fs::try_exists(&path).await? {
            return Ok(sha);
        }
        let parent = path.parent().unwrap_or(Path::new("."));
        tokio::fs::create_dir_all(parent).await?;
        // Write beside, then rename: readers never see half a file.
        let tmp = parent.join(format!("{sha}.{}.tmp", uuid::Uuid::new_v4().simple()));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
        Ok(sha)
    }

    /// Removes a stored file (one nothing refers to any more); a missing file is no error.
    pub async fn remove(&self, sha256: &str) -> std::io::Result<()> {
        let Some(path) = self.path_of(sha256) else {
            return Ok(());
        };
        match tokio::fs::remove_file(path).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    pub async fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        match self.path_of(sha256) {
            Some(path) => tokio::fs::read(path).await,
            None => Err(std::io::ErrorKind::NotFound.into()),
        }
    }
}

/// The answer to an upload that cannot be read: 413 when it outgrew the body limit (`limit`
/// bytes), else 400 saying why.
pub fn upload_error(e: axum::extract::multipart::MultipartError, limit: usize) -> crate::AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        crate::AppError::TooLarge(limit.div_ceil(1024 * 1024))
    } else {
        crate::AppError::BadRequest(format!("Tệp gửi lên không đọc được: {}", e.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stores_by_content_and_refuses_foreign_names() {
        let dir = tempfile::tempdir().unwrap();
        let files = FileStore::new(dir.path());
        let a = files.put(b"\x89PNG\r\n\x1a\nabc").await.unwrap();
        assert_eq!(a, files.put(b"\x89PNG\r\n\x1a\nabc").await.unwrap());
        assert_eq!(files.get(&a).await.unwrap(), b"\x89PNG\r\n\x1a\nabc");
        assert!(files.get("../../etc/passwd").await.is_err());
    }
}
