//! The quiet banner that says a new version of the app is ready.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::context::{I18n, Session};
use crate::sync::SyncState;
use crate::update::{self, NewBuild};

/// Shown when a new build waits on the device; reloading writes what was typed first.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let new_build = expect_context::<NewBuild>();
    let session = expect_context::<Session>();
    let state = expect_context::<SyncState>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let busy = RwSignal::new(false);
    let reload = move |_| {
        busy.set(true);
        spawn_local(update::switch(state, session.me));
    };
    view! {
        <Show when=move || new_build.0.get()>
            <div class="update-banner" role="status">
                <span>{move || t("نسخة جديدة من التطبيق جاهزة", "A new version of the app is ready")}</span>
                <button type="button" class="link" disabled=move || busy.get() on:click=reload>
                    {move || if busy.get() {
                        t("جارٍ حفظ ما كُتب…", "Saving what was typed…")
                    } else {
                        t("إعادة التحميل", "Reload")
                    }}
                </button>
            </div>
        </Show>
    }
}
