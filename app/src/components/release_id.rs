//! An officer or the head office, having seen a person's original ID, releases it from an
//! applicant's account someone else opened with it, so its holder can open theirs.

use leptos::prelude::*;
use shared::identity::Release;
use shared::validation::Field;

use crate::api;
use crate::components::field::{field_error, TextArea, TextField};
use crate::components::original_seen::{Outcome, SeenForm, SeenTick};
use crate::context::I18n;

/// The release form, folded until opened.
#[component]
pub fn ReleaseId() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let national_id = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let form = SeenForm::new();
    let body = move || Release {
        national_id: national_id.get(),
        reason: reason.get(),
    };
    let errors = form.errors(move || body().check().err().unwrap_or_default());
    let (set, shown) = (move |s| form.typing(s), form.shown());
    let submit = form.submit(
        errors,
        move || {
            let request = body();
            async move { api::release_id(&request).await }
        },
        [national_id, reason],
    );
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
                <SeenTick id="release-seen" seen=form.seen tried=form.tried
                    label=("رأيت الهوية الأصلية لصاحب الرقم", "I have seen the original ID of its holder")
                    missing=("أكّد أنك رأيت الهوية الأصلية", "Confirm you have seen the original ID")/>
                <button type="submit" disabled=move || form.busy.get()>{move || t("تحرير رقم الهوية", "Release the ID")}</button>
            </form>
            <Outcome outcome=form.outcome
                done=("حُرّر الرقم: يستطيع صاحبه الآن فتح حسابه.", "The ID is free: its holder can now open their account.")
                no_account=("لا يوجد حساب مقدم طلب بهذا الرقم.", "No applicant account has this ID.")/>
        </details>
    }
}
