//! Attachment files on disk, named by the SHA-256 of their content, and uploads in chunks
//! that resume where a dropped connection left them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use sha2::{Digest, Sha256};
use shared::documents::{AttachmentRef, MediaType};
use tokio::io::AsyncWriteExt;
use tokio::sync::Mutex;

use crate::error::ApiError;

/// The attachment files under the data folder.
#[derive(Clone, Debug)]
pub struct Blobs {
    root: PathBuf,
    /// Chunks are appended one at a time, so two uploads of the same file cannot interleave.
    lock: Arc<Mutex<()>>,
}

/// What became of a chunk.
#[derive(Debug, PartialEq, Eq)]
pub enum Progress {
    /// More to come; the server has this many bytes.
    Partial(u64),
    /// The whole file arrived and matches its hash.
    Complete {
        /// The file's size.
        size: u64,
        /// What its first bytes say it is.
        media_type: MediaType,
    },
}

impl Blobs {
    /// Free space on the attachments' disk, in bytes.
    pub fn free_space(&self) -> std::io::Result<u64> {
        fs4::available_space(&self.root)
    }

    /// The attachment folder inside `data_dir`, created when missing.
    pub async fn open(data_dir: &Path) -> anyhow::Result<Self> {
        let root = data_dir.join("attachments");
        tokio::fs::create_dir_all(root.join("partial"))
            .await
            .with_context(|| format!("creating {}", root.display()))?;
        Ok(Self {
            root,
            lock: Arc::new(Mutex::new(())),
        })
    }

    /// Where a complete file lives. Callers pass only checked hashes (64 hex digits).
    pub fn path(&self, sha256: &str) -> PathBuf {
        self.root.join(&sha256[..2]).join(sha256)
    }

    fn partial(&self, sha256: &str) -> PathBuf {
        self.root.join("partial").join(sha256)
    }

    /// Deletes the files of `sha256s`, which nothing refers to any more; returns how many
    /// were there. The folder's names are flushed, so a power cut does not bring them back.
    pub async fn remove(&self, sha256s: &[String]) -> anyhow::Result<u64> {
        let mut removed = 0;
        for sha in sha256s {
            let path = self.path(sha);
            match tokio::fs::remove_file(&path).await {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e).with_context(|| format!("removing {}", path.display())),
            }
            if let Some(folder) = path.parent() {
                tokio::fs::File::open(folder)
                    .await?
                    .sync_all()
                    .await
                    .with_context(|| format!("flushing {}", folder.display()))?;
            }
        }
        Ok(removed)
    }

    /// The bytes received so far of an unfinished upload.
    pub async fn received(&self, sha256: &str) -> u64 {
        tokio::fs::metadata(self.partial(sha256))
            .await
            .map_or(0, |m| m.len())
    }

    /// Appends a chunk at `offset` of a file of `total` bytes. A chunk that does not start
    /// where the upload stands is refused with the offset to continue from.
    pub async fn append(
        &self,
        sha256: &str,
        offset: u64,
        total: u64,
        chunk: &[u8],
    ) -> Result<Progress, ApiError> {
        if total == 0 || total > AttachmentRef::MAX_BYTES {
            return Err(ApiError::TooLarge {
                max: AttachmentRef::MAX_BYTES,
            });
        }
        let _turn = self.lock.lock().await;
        let partial = self.partial(sha256);
        let received = self.received(sha256).await;
        if offset != received || offset + chunk.len() as u64 > total {
            return Err(ApiError::UploadOffset { received });
        }
        let mut file = tokio::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&partial)
            .await
            .context("opening a partial upload")?;
        file.write_all(chunk).await.context("writing a chunk")?;
        file.sync_data().await.context("syncing a chunk")?;
        let received = received + chunk.len() as u64;
        if received < total {
            return Ok(Progress::Partial(received));
        }
        let bytes = tokio::fs::read(&partial)
            .await
            .context("reading an upload")?;
        let hash = hex::encode(Sha256::digest(&bytes));
        // A wrong hash or type means the whole upload is bad: it starts again from nothing.
        if hash != sha256 {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(ApiError::HashMismatch);
        }
        let Some(media_type) = MediaType::sniff(&bytes) else {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(ApiError::UnsupportedType);
        };
        let path = self.path(sha256);
        // Someone else sent the same file before: it is kept once.
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            let _ = tokio::fs::remove_file(&partial).await;
            return Ok(Progress::Complete {
                size: received,
                media_type,
            });
        }
        let dir = path.parent().context("a blob's folder")?;
        if !tokio::fs::try_exists(dir).await.unwrap_or(false) {
            tokio::fs::create_dir_all(dir)
                .await
                .context("creating a blob folder")?;
            sync_dir(&self.root).await?;
        }
        tokio::fs::rename(&partial, &path)
            .await
            .context("moving a finished upload")?;
        // The device is told the file is kept, and forgets its copy: the new name must be
        // on disk first, not only the bytes.
        sync_dir(dir).await?;
        Ok(Progress::Complete {
            size: received,
            media_type,
        })
    }

    /// Stores a whole file at once (the demo data uses it); returns its reference parts.
    pub async fn put(&self, bytes: &[u8]) -> Result<(String, Progress), ApiError> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        if tokio::fs::try_exists(self.path(&sha256))
            .await
            .unwrap_or(false)
        {
            let media_type = MediaType::sniff(bytes).ok_or(ApiError::UnsupportedType)?;
            return Ok((
                sha256,
                Progress::Complete {
                    size: bytes.len() as u64,
                    media_type,
                },
            ));
        }
        let _ = tokio::fs::remove_file(self.partial(&sha256)).await;
        let progress = self.append(&sha256, 0, bytes.len() as u64, bytes).await?;
        Ok((sha256, progress))
    }
}

/// Waits until the names in `dir` (a file moved or made there) are on disk.
async fn sync_dir(dir: &Path) -> anyhow::Result<()> {
    let folder = tokio::fs::File::open(dir)
        .await
        .with_context(|| format!("opening {}", dir.display()))?;
    folder
        .sync_all()
        .await
        .with_context(|| format!("syncing {}", dir.display()))
}
