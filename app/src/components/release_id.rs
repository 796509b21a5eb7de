//! An officer or the head office, having seen a person's original ID, releases it from an
//! applicant's account someone else opened with it, so its holder can open theirs.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::identity::Release;
use shared::validation::{Field, FieldError};

use crate::api;
use crate::components::field::{field_error, TextArea, TextField};
use crate::components::original_seen::{answered, Failed, Outcome, SeenTick};
use crate::context::I18n;

/// The release form, folded until opened.
#[component]
pub fn ReleaseId() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let national_id = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let seen = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let server_errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Result<(), Failed>>);
    let busy = RwSignal::new(false);
    let body = move || Release {
        national_id: national_id.get(),
        reason: reason.get(),
    };
    let errors = Memo::new(move |_| {
        let mut all = body().check().err().unwrap_or_default();
        all.extend(server_errors.get());
        all
    });
    let set = move |s: RwSignal<String>| {
        Callback::new(move |v: String| {
            server_errors.set(Vec::new());
            outcome.set(None);
            s.set(v);
        })
    };
    let shown = Signal::derive(move || tried.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if !errors.get_untracked().is_empty() || !seen.get_untracked() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let request = body();
        spawn_local(async move {
            let answer = api::release_id(&request).await;
            let done = answered(answer, server_errors);
            if done == Some(Ok(())) {
                national_id.set(String::new());
                reason.set(String::new());
                seen.set(false);
                tried.set(false);
            }
            outcome.set(done);
            busy.set(false);
        });
    };
    view! {
        <details class="card release-id">
            <summary>{move || t("رقم هوية مسجّل باسم غير صاحبه", "An ID taken by someone else's account")}</summary>
            <p class="hint">{move || t(
                "إن لم يستطع صاحب الهوية فتح حسابه لأن غيره فتح حسابًا برقمه، وقد رأيتَ هويته الأصلية، فحرّر الرقم هنا. يُوقف الحساب الآخر وتنتهي جلساته، ويُسجَّل ذلك مع السبب.",
                "If a person cannot open their account because someone else opened one with their ID, and you have seen their original ID, release the ID here. The other account is disabled and signed out, and this is logged with the reason.",
            )}</p>
            <form on:submit=submit novalidate>
                <TextField id="release-national-id" label=("رقم الهوية", "ID number") value=national_id
                    on_input=set(national_id) inputmode="numeric" dir="ltr" maxlength=14
                    error=field_error(errors, Field::NationalId, None) show=shown/>
                <TextArea id="release-reason" label=("السبب وما رأيته", "Reason, and what you saw") value=reason
                    on_input=set(reason) maxlength=Release::REASON_MAX
                    error=field_error(errors, Field::Reason, None) show=shown/>
                <SeenTick id="release-seen" seen=seen tried=tried
                    label=("رأيت الهوية الأصلية لصاحب الرقم", "I have seen the original ID of its holder")
                    missing=("أكّد أنك رأيت الهوية الأصلية", "Confirm you have seen the original ID")/>
                <button type="submit" disabled=move || busy.get()>{move || t("تحرير رقم الهوية", "Release the ID")}</button>
            </form>
            <Outcome outcome=outcome
                done=("حُرّر الرقم: يستطيع صاحبه الآن فتح حسابه.", "The ID is free: its holder can now open their account.")
                no_account=("لا يوجد حساب مقدم طلب بهذا الرقم.", "No applicant account has this ID.")/>
        </details>
    }
}
