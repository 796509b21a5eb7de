//! Files from the camera or the disk, made ready to keep: photos downscaled and re-encoded
//! as JPEG, a thumbnail for the checklist, and the SHA-256 that names the file.

use js_sys::{Array, Uint8Array};
use sha2::{Digest, Sha256};
use shared::documents::{AttachmentRef, MediaType};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, File, HtmlCanvasElement, ImageBitmap,
};

/// The longest side a kept photo may have, in pixels: enough to read a document.
pub const PHOTO_MAX_SIDE: u32 = 1600;
/// The longest side of a thumbnail.
pub const THUMB_MAX_SIDE: u32 = 240;
/// JPEG quality of kept photos.
const PHOTO_QUALITY: f64 = 0.85;

/// Why a file could not be taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    /// Not an image or a PDF.
    #[error("only photos and PDF files can be attached")]
    Unsupported,
    /// Larger than the association accepts, even after downscaling.
    #[error("the file is larger than {max} bytes")]
    TooLarge {
        /// The limit.
        max: u64,
    },
    /// The browser could not read or decode it.
    #[error("the file could not be read: {0}")]
    Unreadable(String),
}

fn unreadable(e: JsValue) -> MediaError {
    MediaError::Unreadable(format!("{e:?}"))
}

/// A file ready to keep: its bytes as a blob, its thumbnail, and its reference.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The file to keep and upload.
    pub blob: Blob,
    /// A small JPEG for the checklist; `None` for PDFs.
    pub thumb: Option<Blob>,
    /// The reference a case attaches.
    pub attachment: AttachmentRef,
}

/// The files picked or photographed in a file input's `change` event; the input is emptied
/// so the same file can be picked again after it is removed.
pub fn picked(ev: &web_sys::Event) -> Vec<File> {
    use wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// Prepares a picked or photographed file: photos are downscaled to
/// [`PHOTO_MAX_SIDE`] and re-encoded as JPEG, PDFs are kept as they are.
pub async fn prepare(file: &File) -> Result<Prepared, MediaError> {
    let name: String = file.name().chars().take(AttachmentRef::NAME_MAX).collect();
    let kind = file.type_();
    let (blob, thumb, media_type) = if kind.starts_with("image/") {
        let bitmap = decode(file).await?;
        let photo = encode(&bitmap, PHOTO_MAX_SIDE).await?;
        let thumb = encode(&bitmap, THUMB_MAX_SIDE).await?;
        bitmap.close();
        (photo, Some(thumb), MediaType::Jpeg)
    } else if kind == "application/pdf" {
        (file.clone().into(), None, MediaType::Pdf)
    } else {
        return Err(MediaError::Unsupported);
    };
    let size = blob.size() as u64;
    if size > AttachmentRef::MAX_BYTES {
        return Err(MediaError::TooLarge {
            max: AttachmentRef::MAX_BYTES,
        });
    }
    let bytes = bytes_of(&blob).await?;
    // What the bytes are, not what the file claims: a renamed file is refused here already.
    if MediaType::sniff(&bytes) != Some(media_type) {
        return Err(MediaError::Unsupported);
    }
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let name = if media_type == MediaType::Jpeg && !name.to_lowercase().ends_with(".jpg") {
        format!(
            "{}.jpg",
            name.rsplit_once('.')
                .map_or(name.as_str(), |(stem, _)| stem)
        )
    } else {
        name
    };
    Ok(Prepared {
        blob,
        thumb,
        attachment: AttachmentRef {
            sha256,
            name: if name.trim().is_empty() {
                "document".into()
            } else {
                name
            },
            media_type,
            size,
        },
    })
}

/// The bytes of a blob.
pub async fn bytes_of(blob: &Blob) -> Result<Vec<u8>, MediaError> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(unreadable)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// A blob holding `bytes` of `media_type`.
pub fn blob_of(bytes: &[u8], media_type: MediaType) -> Result<Blob, MediaError> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(media_type.mime());
    Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(unreadable)
}

async fn decode(file: &File) -> Result<ImageBitmap, MediaError> {
    let window = web_sys::window().ok_or(MediaError::Unsupported)?;
    let promise = window
        .create_image_bitmap_with_blob(file)
        .map_err(unreadable)?;
    let bitmap = JsFuture::from(promise).await.map_err(unreadable)?;
    bitmap.dyn_into().map_err(unreadable)
}

/// Draws `bitmap` with its longest side at most `max_side` and encodes it as JPEG.
async fn encode(bitmap: &ImageBitmap, max_side: u32) -> Result<Blob, MediaError> {
    let (w, h) = (bitmap.width(), bitmap.height());
    let scale = (f64::from(max_side) / f64::from(w.max(h).max(1))).min(1.0);
    let (tw, th) = (
        ((f64::from(w) * scale).round() as u32).max(1),
        ((f64::from(h) * scale).round() as u32).max(1),
    );
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(MediaError::Unsupported)?;
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(unreadable)?
        .dyn_into()
        .map_err(|_| MediaError::Unsupported)?;
    canvas.set_width(tw);
    canvas.set_height(th);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(unreadable)?
        .ok_or(MediaError::Unsupported)?
        .dyn_into()
        .map_err(|_| MediaError::Unsupported)?;
    // JPEG has no transparency: a transparent PNG gets a white page, not a black one.
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, f64::from(tw), f64::from(th));
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, f64::from(tw), f64::from(th))
        .map_err(unreadable)?;
    let (sender, receiver) = futures::channel::oneshot::channel::<Option<Blob>>();
    let callback = Closure::once_into_js(move |blob: JsValue| {
        let _ = sender.send(blob.dyn_into::<Blob>().ok());
    });
    canvas
        .to_blob_with_type_and_encoder_options(
            callback.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(PHOTO_QUALITY),
        )
        .map_err(unreadable)?;
    receiver
        .await
        .ok()
        .flatten()
        .ok_or_else(|| MediaError::Unreadable("the image could not be encoded".into()))
}

/// A `blob:` address for showing a kept file; revoke it with [`revoke`] when done.
pub fn object_url(blob: &Blob) -> Option<String> {
    web_sys::Url::create_object_url_with_blob(blob).ok()
}

/// Frees a `blob:` address.
pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}
