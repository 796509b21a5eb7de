//! Attached files on the device: the blobs by content hash, with their thumbnails and
//! whether the server has them yet.

use js_sys::Reflect;
use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use shared::documents::AttachmentRef;
use shared::life::mutation::Mutation;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

use super::outbox::enqueue;
use super::{
    done, from_js, to_js, LocalCase, Store, StoreError, StoreResult, ATTACHMENTS, CASES, OUTBOX,
};

/// A file kept on the device.
#[derive(Clone, Debug)]
pub struct StoredFile {
    /// What the file is.
    pub attachment: AttachmentRef,
    /// Whether the server has the whole file.
    pub uploaded: bool,
    /// The content.
    pub blob: Blob,
    /// A small JPEG for lists; `None` for PDFs.
    pub thumb: Option<Blob>,
}

/// The part of a stored file that is plain data; the blobs sit beside it in the record.
#[derive(Serialize, Deserialize)]
struct FileRecord {
    sha256: String,
    attachment: AttachmentRef,
    uploaded: bool,
}

fn to_record(file: &StoredFile) -> StoreResult<JsValue> {
    let value = to_js(&FileRecord {
        sha256: file.attachment.sha256.clone(),
        attachment: file.attachment.clone(),
        uploaded: file.uploaded,
    })?;
    let set = |key: &str, v: &JsValue| {
        Reflect::set(&value, &JsValue::from_str(key), v)
            .map(|_| ())
            .map_err(|e| StoreError::Record(format!("{e:?}")))
    };
    set("blob", &file.blob)?;
    set(
        "thumb",
        file.thumb.as_ref().map_or(&JsValue::NULL, |t| t.as_ref()),
    )?;
    Ok(value)
}

fn from_record(value: JsValue) -> StoreResult<StoredFile> {
    let get = |key: &str| Reflect::get(&value, &JsValue::from_str(key)).ok();
    let blob = get("blob")
        .and_then(|b| b.dyn_into::<Blob>().ok())
        .ok_or_else(|| StoreError::Record("a stored file without its content".into()))?;
    let thumb = get("thumb").and_then(|b| b.dyn_into::<Blob>().ok());
    let record: FileRecord = from_js(value)?;
    Ok(StoredFile {
        attachment: record.attachment,
        uploaded: record.uploaded,
        blob,
        thumb,
    })
}

impl Store {
    /// Keeps a file, the case it is attached to, and the mutation attaching it, in one
    /// transaction: the outbox never refers to a file the device does not have.
    pub async fn record_with_file(
        &self,
        case: &LocalCase,
        mutations: &[Mutation],
        file: &StoredFile,
    ) -> StoreResult<()> {
        let tx = self
            .db()
            .transaction(&[CASES, OUTBOX, ATTACHMENTS], TransactionMode::ReadWrite)?;
        let files = tx.store(ATTACHMENTS)?;
        // The same file attached again (another document, another case) is kept once; if
        // it was uploaded already, it stays so.
        let kept = files
            .get(JsValue::from_str(&file.attachment.sha256))
            .await?
            .map(from_record)
            .transpose()?;
        if kept.is_none() {
            files.put(&to_record(file)?, None).await?;
        }
        tx.store(CASES)?.put(&to_js(case)?, None).await?;
        let outbox = tx.store(OUTBOX)?;
        for mutation in mutations {
            enqueue(&outbox, mutation).await?;
        }
        done(tx).await?;
        Ok(())
    }

    /// Keeps a file taken on this device and not yet attached (a visit's photo while the
    /// report is written); a file kept already stays as it is.
    pub async fn keep_file(&self, file: &StoredFile) -> StoreResult<()> {
        let tx = self
            .db()
            .transaction(&[ATTACHMENTS], TransactionMode::ReadWrite)?;
        let files = tx.store(ATTACHMENTS)?;
        if files
            .get(JsValue::from_str(&file.attachment.sha256))
            .await?
            .is_none()
        {
            files.put(&to_record(file)?, None).await?;
        }
        done(tx).await?;
        Ok(())
    }

    /// Keeps a file fetched from the server, so it opens offline from now on.
    pub async fn put_file(&self, file: &StoredFile) -> StoreResult<()> {
        let tx = self
            .db()
            .transaction(&[ATTACHMENTS], TransactionMode::ReadWrite)?;
        tx.store(ATTACHMENTS)?.put(&to_record(file)?, None).await?;
        done(tx).await?;
        Ok(())
    }

    /// A kept file.
    pub async fn file(&self, sha256: &str) -> StoreResult<Option<StoredFile>> {
        let tx = self
            .db()
            .transaction(&[ATTACHMENTS], TransactionMode::ReadOnly)?;
        let found = tx
            .store(ATTACHMENTS)?
            .get(JsValue::from_str(sha256))
            .await?;
        done(tx).await?;
        found.map(from_record).transpose()
    }

    /// The files the server does not have yet.
    pub async fn files_to_upload(&self) -> StoreResult<Vec<StoredFile>> {
        let tx = self
            .db()
            .transaction(&[ATTACHMENTS], TransactionMode::ReadOnly)?;
        let all = tx.store(ATTACHMENTS)?.get_all(None, None).await?;
        done(tx).await?;
        let mut files = Vec::new();
        for value in all {
            let file = from_record(value)?;
            if !file.uploaded {
                files.push(file);
            }
        }
        Ok(files)
    }

    /// Notes that the server has the whole file.
    pub async fn mark_uploaded(&self, sha256: &str) -> StoreResult<()> {
        if let Some(mut file) = self.file(sha256).await? {
            file.uploaded = true;
            self.put_file(&file).await?;
        }
        Ok(())
    }
}
