//! An officer or the head office, having seen a person's original ID, releases it from an
//! applicant's account someone else opened with it, so its holder can open theirs.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::identity::Release;
use shared::validation::{Field, FieldError};

use crate::api::{self, ApiError};
use crate::components::field::{field_error, TextArea, TextField};
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
    let outcome = RwSignal::new(None::<Result<&'static str, &'static str>>);
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
            outcome.set(match api::release_id(&request).await {
                Ok(()) => {
                    national_id.set(String::new());
                    reason.set(String::new());
                    seen.set(false);
                    tried.set(false);
                    Some(Ok("released"))
                }
                Err(ApiError::Invalid(found)) => {
                    server_errors.set(found);
                    None
                }
                Err(ApiError::Refused { status: 404, .. }) => Some(Err("none")),
                Err(ApiError::Network(_)) => Some(Err("offline")),
                Err(_) => Some(Err("failed")),
            });
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
                <div class="field check">
                    <label for="release-seen">
                        <input id="release-seen" type="checkbox" prop:checked=move || seen.get()
                            on:change=move |ev| seen.set(event_target_checked(&ev))/>
                        {move || t("رأيت الهوية الأصلية لصاحب الرقم", "I have seen the original ID of its holder")}
                    </label>
                </div>
                {move || (tried.get() && !seen.get()).then(|| view! {
                    <p class="form-error" role="alert">{t("أكّد أنك رأيت الهوية الأصلية", "Confirm you have seen the original ID")}</p>
                })}
                <button type="submit" disabled=move || busy.get()>{move || t("تحرير رقم الهوية", "Release the ID")}</button>
            </form>
            {move || outcome.get().map(|o| match o {
                Ok(_) => view! { <p class="hint" role="status">{t(
                    "حُرّر الرقم: يستطيع صاحبه الآن فتح حسابه.",
                    "The ID is free: its holder can now open their account.",
                )}</p> }.into_any(),
                Err(why) => view! { <p class="form-error" role="alert">{match why {
                    "none" => t("لا يوجد حساب مقدم طلب بهذا الرقم.", "No applicant account has this ID."),
                    "offline" => t("يحتاج ذلك إلى الاتصال بالشبكة.", "This needs the network."),
                    _ => t("تعذّر ذلك، حاول مرة أخرى.", "That did not work; please try again."),
                }}</p> }.into_any(),
            })}
        </details>
    }
}
