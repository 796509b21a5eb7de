//! The library (TOOLS): the four reference documents of the policy, kept on the device so
//! they open offline; the head office uploads or replaces them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sha2::{Digest, Sha256};
use shared::documents::{AttachmentRef, MediaType};
use shared::library::{LibraryDocument, LibraryKind, LibraryUpload};
use shared::Vocabulary;

use crate::api;
use crate::components::read_failed::{keep_read, ReadProblem};
use crate::context::{I18n, Session};
use crate::media;
use crate::store::attachments::StoredFile;
use crate::store::local;
use crate::sync::{self, SyncState};

/// The library page.
#[component]
pub fn LibraryPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let state = expect_context::<SyncState>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let docs = RwSignal::new(Vec::<LibraryDocument>::new());
    let reading = keep_read(state, || async { local::library().await }, docs);
    let head = session
        .me
        .get_untracked()
        .is_some_and(|m| m.role.edits_library());
    view! {
        <section class="page library">
            <h1>{move || t("أدوات موظف علاقات المستفيدين", "The relations officer's tools")}</h1>
            <ReadProblem reading=reading what=("وثائق المكتبة", "the library's documents")/>
            <p class="hint">{move || t(
                "المستندات المرجعية للسياسة، محفوظة على هذا الجهاز فتُفتح دون اتصال.",
                "The policy's reference documents, kept on this device so they open offline.",
            )}</p>
            <ul class="tools">
                {LibraryKind::ALL.iter().map(|kind| {
                    let kind = *kind;
                    let doc = Signal::derive(move || docs.get().into_iter().find(|d| d.kind == kind));
                    view! { <LibraryItem kind=kind doc=doc head=head/> }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// One reference document: open it, and for the head office, replace it.
#[component]
fn LibraryItem(
    kind: LibraryKind,
    doc: Signal<Option<LibraryDocument>>,
    head: bool,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let state = expect_context::<SyncState>();
    let session = expect_context::<Session>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let url = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    // The file's address on the device, made again when the document is replaced.
    Effect::new(move |_| {
        let Some(d) = doc.get() else { return };
        spawn_local(async move {
            if let Ok(Some(file)) = local::file(&d.attachment.sha256).await {
                if let Some(old) = url.get_untracked() {
                    media::revoke(&old);
                }
                url.set(media::object_url(&file.blob));
            }
        });
    });
    let name = move || i18n.get().label(kind);
    let replace = move |ev: leptos::ev::Event| {
        let Some(file) = media::picked(&ev).into_iter().next() else {
            return;
        };
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            let outcome = upload(kind, &file).await;
            busy.set(false);
            match outcome {
                Ok(()) => {
                    state.local_change().await;
                    sync::request(state, session.me);
                }
                Err(p) => problem.set(Some(p)),
            }
        });
    };
    view! {
        <li class="tool" data-kind=kind.code() aria-label=name>
            <strong>{name}</strong>
            {move || match (doc.get(), url.get()) {
                (Some(d), Some(href)) => view! {
                    <p class="document-status">{format!("{} — {}", d.attachment.name, i18n.get().datetime(d.updated_at))}</p>
                    <a class="button" href=href target="_blank" rel="noopener">{t("فتح", "Open")}</a>
                }.into_any(),
                (Some(_), None) => view! { <p class="document-status">{t("يُنزَّل عند المزامنة", "Downloaded at the next sync")}</p> }.into_any(),
                (None, _) => view! { <p class="document-status">{t("لم يُرفع بعد", "Not uploaded yet")}</p> }.into_any(),
            }}
            {head.then(|| view! {
                <label class="button">
                    {move || t("رفع أو استبدال (PDF أو نص)", "Upload or replace (PDF or text)")}
                    <input type="file" class="visually-hidden" accept="application/pdf,text/plain"
                        aria-label=move || format!("{} {}", t("رفع:", "Upload:"), name())
                        on:change=replace disabled=move || busy.get()/>
                </label>
            })}
            <p class="field-error" aria-live="polite">{move || problem.get().map(|p| t(p, p))}</p>
        </li>
    }
}

/// Uploads `file` and makes it the document of `kind`; keeps it on this device too.
async fn upload(kind: LibraryKind, file: &web_sys::File) -> Result<(), &'static str> {
    let unreadable = "تعذّرت قراءة الملف / The file could not be read";
    let bytes = media::bytes_of(file).await.map_err(|_| unreadable)?;
    let media_type = MediaType::sniff(&bytes)
        .filter(|m| matches!(m, MediaType::Pdf | MediaType::Text))
        .ok_or("يُقبل ملف PDF أو نص فقط / Only a PDF or a text file is accepted")?;
    if bytes.len() as u64 > AttachmentRef::MAX_BYTES {
        return Err("الملف أكبر من 10 ميغابايت / The file is larger than 10 MB");
    }
    let attachment = AttachmentRef {
        sha256: hex::encode(Sha256::digest(&bytes)),
        name: file.name().chars().take(AttachmentRef::NAME_MAX).collect(),
        media_type,
        size: bytes.len() as u64,
    };
    let stored = StoredFile {
        attachment: attachment.clone(),
        uploaded: false,
        blob: media::blob_of(&bytes, media_type).map_err(|_| unreadable)?,
        thumb: None,
    };
    let offline = "رفع المستندات يحتاج إلى الاتصال / Uploading needs the network";
    sync::upload_file(&stored).await.map_err(|_| offline)?;
    let doc = api::replace_document(kind, &LibraryUpload { attachment })
        .await
        .map_err(|_| offline)?;
    local::put_file(&StoredFile {
        uploaded: true,
        ..stored
    })
    .await
    .map_err(|_| unreadable)?;
    local::replace_document(doc).await.map_err(|_| unreadable)?;
    Ok(())
}
