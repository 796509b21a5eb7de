//! The head office edits the texts of the messages sent to applicants: each event in
//! Arabic and English, with a preview, its SMS count, and its earlier versions.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::messages::sending::{
    check_text, render, sample_values, segments, NoticeText, TextEdit, TEXT_MAX,
};
use shared::messages::Notice;
use shared::validation::ErrorCode;
use shared::Vocabulary;

use crate::api::{self, ApiError};
use crate::components::loaded::{problem, Loaded};
use crate::context::I18n;

/// `/messages`.
#[component]
pub fn MessagesPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let texts = LocalResource::new(api::notice_texts);
    view! {
        <section class="page messages-texts">
            <h1>{move || t("نصوص الرسائل النصية", "Text message texts")}</h1>
            <p class="hint">{move || t(
                "تُرسل هذه الرسائل إلى المستفيدين تلقائيًا. يُحفظ كل تعديل نسخة جديدة، وتُستعمل في الرسائل التالية. تُستبدل الكلمات بين القوسين {} بقيم الطلب.",
                "These messages go to applicants on their own. Each edit is saved as a new version and used for the next messages. Words in {} are replaced by the request's values.",
            )}</p>
            <Loaded from=texts let:list>
                {Notice::templated()
                    .map(|notice| {
                        let both: Vec<NoticeText> =
                            list.iter().filter(|t| t.notice == notice).cloned().collect();
                        view! {
                            <details class="card notice-texts">
                                <summary>{move || i18n.get().label(notice)}</summary>
                                {both.into_iter().map(|text| view! { <TextEditor text=text/> }).collect_view()}
                            </details>
                        }
                    })
                    .collect_view()
                    .into_any()}
            </Loaded>
        </section>
    }
}

/// One event's text in one language.
#[component]
fn TextEditor(text: NoticeText) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let notice = text.notice;
    let english = text.english;
    let id = format!(
        "text-{}-{}",
        notice.code(),
        if english { "en" } else { "ar" }
    );
    let body = RwSignal::new(text.body.clone());
    let current = RwSignal::new(text.clone());
    let saved = RwSignal::new(None::<Result<i64, String>>);
    let busy = RwSignal::new(false);
    let checked = Memo::new(move |_| check_text(notice, &body.get()));
    let preview = move || render(&body.get(), &sample_values(english));
    let count = move || {
        let s = segments(&preview());
        let l = i18n.get();
        format!(
            "{} — {}",
            l.count(s.units as u64, &crate::i18n::plural::CHARACTERS),
            l.count(s.parts as u64, &crate::i18n::plural::MESSAGES)
        )
    };
    let save = move |_| {
        if checked.get_untracked().is_err() {
            return;
        }
        busy.set(true);
        saved.set(None);
        let edit = TextEdit {
            body: body.get_untracked(),
        };
        spawn_local(async move {
            let l = i18n.0.get_untracked();
            saved.set(Some(
                match api::edit_notice_text(notice, english, &edit).await {
                    Ok(version) => {
                        current.update(|c| {
                            let before = c.clone();
                            c.earlier.insert(
                                0,
                                NoticeText {
                                    earlier: Vec::new(),
                                    ..before
                                },
                            );
                            c.body = edit.body.clone();
                            c.version = version;
                        });
                        Ok(version)
                    }
                    Err(ApiError::Invalid(errors)) => {
                        Err(errors.first().map(|e| l.error(&e.code)).unwrap_or_default())
                    }
                    Err(e) => Err(problem(l, &e).to_owned()),
                },
            ));
            busy.set(false);
        });
    };
    let placeholders = notice
        .placeholders()
        .iter()
        .map(|p| format!("{{{p}}}"))
        .collect::<Vec<_>>()
        .join(" ");
    let error_id = format!("{id}-error");
    view! {
        <article class="text-editor" aria-labelledby=format!("{id}-title")>
            <h2 id=format!("{id}-title")>
                {move || i18n.get().label(notice)}
                " — "{if english { "English" } else { "العربية" }}
            </h2>
            <p class="hint">
                {move || t("الإصدار", "Version")}" "{move || current.with(|c| c.version)}
                {move || current.with(|c| c.by.clone()).map(|by| format!(" — {by}"))}
            </p>
            <div class="field">
                <label for=id.clone()>{move || t("النص", "Text")}</label>
                <textarea id=id.clone() rows="3" maxlength=TEXT_MAX dir=if english { "ltr" } else { "rtl" }
                    aria-invalid=move || checked.get().is_err().to_string()
                    aria-describedby=error_id.clone()
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(crate::components::field::typed(&ev))></textarea>
                <p class="field-error" id=error_id.clone() aria-live="polite">
                    {move || checked.get().err().map(|e: ErrorCode| i18n.get().error(&e))}
                </p>
            </div>
            <p class="hint"><bdi dir="ltr">{placeholders}</bdi></p>
            <div class="preview" role="group" aria-label=move || t("معاينة", "Preview")>
                <p class="preview-label">{move || t("معاينة بقيم مثال", "Preview with sample values")}</p>
                <p class="message-text" dir=if english { "ltr" } else { "rtl" }>{preview}</p>
                <p class="hint">{count}</p>
            </div>
            <div class="actions">
                <button type="button" class="primary" on:click=save
                    disabled=move || busy.get() || checked.get().is_err() || current.with(|c| c.body == body.get())>
                    {move || t("حفظ نسخة جديدة", "Save a new version")}
                </button>
            </div>
            {move || saved.get().map(|r| match r {
                Ok(v) => view! { <p class="hint" role="status">{format!("{} {v}", t("حُفظ الإصدار", "Saved version"))}</p> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
            })}
            {move || {
                let earlier = current.with(|c| c.earlier.clone());
                (!earlier.is_empty()).then(|| view! {
                    <details>
                        <summary>{move || t("الإصدارات السابقة", "Earlier versions")}</summary>
                        <ul class="versions">
                            {earlier.into_iter().map(|v| {
                                let restore = v.body.clone();
                                view! {
                                    <li>
                                        <span class="hint">
                                            {move || t("الإصدار", "Version")}" "{v.version}
                                            {v.by.clone().map(|by| format!(" — {by}"))}
                                        </span>
                                        <p class="message-text" dir="auto">{v.body.clone()}</p>
                                        <button type="button" class="link" on:click=move |_| body.set(restore.clone())>
                                            {move || t("نسخه إلى المحرر", "Copy into the editor")}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </details>
                })
            }}
        </article>
    }
}
