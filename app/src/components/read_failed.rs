//! A read of the device's store that failed, said as such, with a way to read again.

use leptos::prelude::*;

use crate::context::I18n;
use crate::store::StoreError;

/// Says that `what` (Arabic, English) could not be read from this device, which is not the
/// same as its not being here: nothing was removed, and `retry` reads again.
#[component]
pub fn ReadFailed(
    what: (&'static str, &'static str),
    error: StoreError,
    retry: Callback<()>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    leptos::logging::warn!("reading {} failed: {error}", what.1);
    view! {
        <section class="page">
            <div class="form-error read-failed" role="alert">
                <p>{move || match i18n.get() {
                    crate::i18n::Locale::Ar => format!(
                        "تعذّرت قراءة {} من ذاكرة هذا الجهاز. لم يُحذف شيء؛ أعد المحاولة، وإن تكرر ذلك فأعد تشغيل المتصفح.",
                        what.0
                    ),
                    crate::i18n::Locale::En => format!(
                        "Could not read {} from this device's storage. Nothing was removed; try again, and if it happens again restart the browser.",
                        what.1
                    ),
                }}</p>
                <button type="button" on:click=move |_| retry.run(())>
                    {move || t("أعد المحاولة", "Try again")}
                </button>
            </div>
        </section>
    }
}

/// Says that a request is not held on this device.
#[component]
pub fn NotOnDevice() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <section class="page">
            <p class="form-error" role="alert">
                {move || i18n.get().pick("هذا الطلب غير موجود على هذا الجهاز.", "This request is not on this device.")}
            </p>
        </section>
    }
}
