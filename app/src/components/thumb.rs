//! A small view of a kept file that opens in full on a tap: from the device, or fetched once
//! from the server when another device took it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::documents::{AttachmentRef, MediaType};

use crate::context::I18n;
use crate::media;
use crate::store::attachments::StoredFile;
use crate::store::local;

/// One file as a thumbnail; with `remove`, a button that takes it away while `removable`.
#[component]
pub fn Thumb(
    attachment: AttachmentRef,
    #[prop(optional, into)] remove: Option<Callback<()>>,
    #[prop(optional, into)] removable: Option<Signal<bool>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let urls = RwSignal::new(None::<(String, Option<String>)>);
    let missing = RwSignal::new(false);
    let media_type = attachment.media_type;
    let name = attachment.name.clone();
    spawn_local(async move {
        match local_or_fetched(&attachment).await {
            Some(file) => {
                let full = media::object_url(&file.blob);
                let thumb = file.thumb.as_ref().and_then(media::object_url);
                if let Some(full) = full {
                    // The page may have closed while the file was fetched.
                    if urls.try_set(Some((full.clone(), thumb.clone()))).is_some() {
                        media::revoke(&full);
                        if let Some(thumb) = thumb {
                            media::revoke(&thumb);
                        }
                    }
                }
            }
            None => {
                missing.try_set(true);
            }
        }
    });
    on_cleanup(move || {
        if let Some((full, thumb)) = urls.try_get_untracked().flatten() {
            media::revoke(&full);
            if let Some(thumb) = thumb {
                media::revoke(&thumb);
            }
        }
    });
    let removable = removable.unwrap_or_else(|| Signal::from(true));
    view! {
        <li class="thumb">
            {move || match urls.get() {
                Some((full, Some(thumb))) => view! {
                    <a href=full target="_blank" rel="noopener"><img src=thumb alt=name.clone()/></a>
                }.into_any(),
                // A photo fetched from the server has no thumbnail of its own: the photo,
                // at most 1600 px, is shown small.
                Some((full, None)) if matches!(media_type, MediaType::Jpeg | MediaType::Png) => {
                    let src = full.clone();
                    view! {
                        <a href=full target="_blank" rel="noopener"><img src=src alt=name.clone()/></a>
                    }.into_any()
                }
                Some((full, None)) => view! {
                    <a href=full target="_blank" rel="noopener" class="file">
                        {match media_type { MediaType::Pdf => "PDF", MediaType::Text => "TXT", _ => "IMG" }}
                        <span>{name.clone()}</span>
                    </a>
                }.into_any(),
                None if missing.get() => view! {
                    <span class="file">{t("يُعرض عند الاتصال", "Shown when online")}</span>
                }.into_any(),
                None => view! { <span class="file" aria-busy="true">"…"</span> }.into_any(),
            }}
            {remove.map(|remove| view! {
                <button type="button" class="link danger" on:click=move |_| remove.run(())
                    disabled=move || !removable.get()>
                    {move || t("إزالة", "Remove")}
                </button>
            })}
        </li>
    }
}

/// The file from the device, or fetched from the server and kept for next time.
async fn local_or_fetched(attachment: &AttachmentRef) -> Option<StoredFile> {
    if let Ok(Some(file)) = local::file(&attachment.sha256).await {
        return Some(file);
    }
    let bytes = crate::api::download(&attachment.sha256).await.ok()?;
    let blob = media::blob_of(&bytes, attachment.media_type).ok()?;
    let file = StoredFile {
        attachment: attachment.clone(),
        uploaded: true,
        thumb: None,
        blob,
    };
    let _ = local::put_file(&file).await;
    Some(file)
}
