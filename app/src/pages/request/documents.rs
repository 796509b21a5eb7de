//! The documents step (H2): the checklist the request needs, files from the camera or the
//! disk for each, and the officer's check of each against its original.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::documents::{required_documents, DocumentKind};
use shared::life::mutation::Op;
use shared::Vocabulary;

use super::Editor;
use crate::components::thumb::Thumb;
use crate::context::I18n;
use crate::i18n::Locale;
use crate::media::{self, MediaError};
use crate::store::attachments::StoredFile;

/// The checklist: each document the request needs, and any other attached.
#[component]
pub fn DocumentsStep() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let rows = Memo::new(move |_| {
        let required = e.form.with(required_documents);
        let attached: Vec<DocumentKind> = e.case.with(|c| c.documents.keys().copied().collect());
        DocumentKind::ALL
            .iter()
            .copied()
            .filter(|k| required.contains(k) || attached.contains(k) || *k == DocumentKind::Other)
            .map(|k| (k, required.contains(&k)))
            .collect::<Vec<_>>()
    });
    view! {
        <p class="hint">{move || if e.self_service() {
            t("صوّر كل مستند بهاتفك أو اختر ملفه. يطابقه الموظف مع الأصل عند المراجعة.",
              "Photograph each document with your phone or pick its file. An officer checks it against the original.")
        } else {
            t("أرفق صورة كل مستند، ثم طابقه مع الأصل الذي يقدّمه المستفيد.",
              "Attach a copy of each document, then check it against the original the applicant shows.")
        }}</p>
        <ul class="documents" id="documents" tabindex="-1">
            {move || rows.get().into_iter().map(|(kind, required)| view! {
                <DocumentRow kind=kind required=required/>
            }).collect_view()}
        </ul>
    }
}

/// One line of the checklist.
#[component]
fn DocumentRow(kind: DocumentKind, required: bool) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let record = Memo::new(move |_| {
        e.case
            .with(|c| c.documents.get(&kind).cloned().unwrap_or_default())
    });
    let problem = RwSignal::new(None::<MediaError>);
    let busy = RwSignal::new(false);
    let name = move || i18n.get().label(kind);
    let officer = !e.self_service();

    let take = move |ev: leptos::ev::Event| {
        let files = media::picked(&ev);
        problem.set(None);
        busy.set(true);
        spawn_local(async move {
            for file in files {
                match media::prepare(&file).await {
                    Ok(prepared) => {
                        let stored = StoredFile {
                            attachment: prepared.attachment.clone(),
                            uploaded: false,
                            blob: prepared.blob,
                            thumb: prepared.thumb,
                        };
                        e.act(
                            Op::Attach {
                                kind,
                                attachment: prepared.attachment,
                            },
                            Some(stored),
                        );
                    }
                    Err(err) => problem.set(Some(err)),
                }
            }
            busy.set(false);
        });
    };
    let verify = move |ev: leptos::ev::Event| {
        e.act(
            Op::Verify {
                kind,
                verified: event_target_checked(&ev),
            },
            None,
        );
    };
    let status = move || {
        let r = record.get();
        match (&r.verified, r.provided()) {
            (Some(v), _) => format!(
                "{} {} — {}",
                t("طوبق مع الأصل:", "Checked against the original:"),
                v.by.name,
                i18n.get().datetime(v.at)
            ),
            // The photos of the home have no original to check against.
            (None, true) if !kind.has_original() => t("مرفق", "Attached").to_owned(),
            (None, true) => t(
                "مرفق، لم يطابَق مع الأصل بعد",
                "Attached, not yet checked against the original",
            )
            .to_owned(),
            (None, false) if required => t("مطلوب، لم يُرفق", "Required, not attached").to_owned(),
            (None, false) => t("اختياري", "Optional").to_owned(),
        }
    };
    let state = move || {
        let r = record.get();
        if r.verified.is_some() || (r.provided() && !kind.has_original()) {
            "verified"
        } else if r.provided() {
            "provided"
        } else {
            "missing"
        }
    };
    view! {
        <li class="document" id=format!("document-{}", kind.code()) tabindex="-1" data-kind=kind.code() data-state=state aria-label=name>
            <div class="document-head">
                <strong>{name}</strong>
                {required.then(|| view! { <span class="badge">{move || t("مطلوب", "Required")}</span> })}
            </div>
            <p class="document-status">{status}</p>
            <ul class="thumbs">
                {move || record.get().attachments.into_iter().map(|a| {
                    let sha256 = a.sha256.clone();
                    let remove = Callback::new(move |()| e.act(Op::Detach { kind, sha256: sha256.clone() }, None));
                    view! { <Thumb attachment=a remove=remove removable=Signal::derive(move || e.editable_now())/> }
                }).collect_view()}
            </ul>
            <div class="actions">
                <label class="button">
                    {move || t("التقاط صورة", "Take a photo")}
                    <input type="file" class="visually-hidden" accept="image/*" capture="environment"
                        aria-label=move || format!("{} {}", t("التقاط صورة:", "Take a photo:"), name())
                        on:change=take disabled=move || busy.get()/>
                </label>
                <label class="button">
                    {move || t("اختيار ملف", "Pick a file")}
                    <input type="file" class="visually-hidden" accept="image/*,application/pdf" multiple
                        aria-label=move || format!("{} {}", t("اختيار ملف:", "Pick a file:"), name())
                        on:change=take disabled=move || busy.get()/>
                </label>
                {(officer && kind.has_original()).then(|| view! {
                    <label class="choice verify">
                        <input type="checkbox" prop:checked=move || record.get().verified.is_some()
                            disabled=move || !record.get().provided()
                            on:change=verify/>
                        <span>{move || t("طابقتُه مع الأصل", "Checked against the original")}</span>
                    </label>
                })}
            </div>
            <p class="field-error" aria-live="polite">
                {move || busy.get().then(|| t("جارٍ تجهيز الملف…", "Preparing the file…").to_owned())}
                {move || problem.get().map(|p| media_error(i18n.get(), &p))}
            </p>
        </li>
    }
}

/// What people read when a file cannot be taken.
pub fn media_error(l: Locale, e: &MediaError) -> String {
    match e {
        MediaError::Unsupported => l
            .pick(
                "يُقبل التصوير وملفات الصور وPDF فقط",
                "Only photos, images and PDF files are accepted",
            )
            .to_owned(),
        MediaError::TooLarge { max } => match l {
            Locale::Ar => format!("الملف أكبر من {} ميغابايت", max / (1024 * 1024)),
            Locale::En => format!("The file is larger than {} MB", max / (1024 * 1024)),
        },
        MediaError::Unreadable(_) => l
            .pick("تعذّرت قراءة الملف", "The file could not be read")
            .to_owned(),
    }
}
