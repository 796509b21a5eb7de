//! The top bar: the system's name, the sync indicator, the user, language, sign-out and wipe.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::Role;

use crate::api;
use crate::components::sync_indicator::SyncIndicator;
use crate::context::{I18n, Session};
use crate::i18n::Locale;
use crate::store::{self, device::DeviceStore};

/// The top bar of every page.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let t = move |ar, en| i18n.get().pick(ar, en);

    let toggle = move |_| {
        i18n.0.update(|l| {
            *l = match l {
                Locale::Ar => Locale::En,
                Locale::En => Locale::Ar,
            }
        })
    };
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // The server forgets the session when it can be reached; the device forgets
            // the user at once. Unsent work stays in the outbox.
            let _ = api::logout().await;
            if let Ok(device) = DeviceStore::get().await {
                let _ = device.sign_out().await;
            }
            session.me.set(None);
            navigate("/login", Default::default());
        });
    };
    let wipe = move |_| {
        spawn_local(async move {
            let unsent = crate::sync::unsent_everywhere().await;
            let question = match (i18n.0.get_untracked(), unsent) {
                (Locale::Ar, Some(0)) => "سيُحذف من هذا الجهاز كل ما عليه من طلبات وملفات لكل المستخدمين، ويُسجَّل خروجك. هل تتابع؟".to_owned(),
                (Locale::En, Some(0)) => "Every request and file on this device, of every user, will be deleted and you will be signed out. Continue?".to_owned(),
                // The count needs a part of the app this device has not fetched yet.
                (Locale::Ar, None) => "تعذّر الآن عدّ ما لم يُرسَل من هذا الجهاز؛ إن وُجد فسيضيع نهائيًا مع كل ما عليه من طلبات وملفات. هل تتابع؟".to_owned(),
                (Locale::En, None) => "What this device has not sent yet cannot be counted now; anything unsent would be lost for good with every request and file on it. Continue?".to_owned(),
                (Locale::Ar, Some(n)) => format!("على هذا الجهاز {n} من الطلبات والاستفسارات لم تصل تغييراتها إلى الخادم بعد، وستضيع نهائيًا مع كل ما على الجهاز من طلبات وملفات. هل تتابع؟"),
                (Locale::En, Some(n)) => format!("{n} requests or inquiries on this device have changes that have not reached the server yet; they will be lost for good with every request and file on it. Continue?"),
            };
            let sure = web_sys::window()
                .and_then(|w| w.confirm_with_message(&question).ok())
                .unwrap_or(false);
            if !sure {
                return;
            }
            let _ = api::logout().await;
            // Open databases cannot be deleted: the wipe runs at the start of the reloaded
            // page, before any is opened, and again at each start until it is done.
            store::device::ask_wipe();
            if let Some(window) = web_sys::window() {
                let _ = window.location().replace("/login");
            }
        });
    };

    view! {
        <header class="topbar">
            <a class="brand" href="/">{move || t("علاقات المستفيدين", "Beneficiary relations")}</a>
            <Show when=move || session.me.get().is_some()>
                <SyncIndicator/>
            </Show>
            {move || session.me.get().map(|me| {
                let reception = me.role == Role::Officer;
                let library = me.role != Role::Applicant;
                let accounts = me.role == Role::HeadOffice;
                let committee = matches!(me.role, Role::Committee | Role::HeadOffice);
                let feedback = matches!(me.role, Role::Applicant | Role::Officer | Role::HeadOffice);
                view! {
                    <nav class="nav" aria-label=move || t("الأقسام", "Sections")>
                        <A href="/">{move || t("الطلبات", "Requests")}</A>
                        {accounts.then(|| view! { <A href="/office">{move || t("لوحة المتابعة", "Dashboard")}</A> })}
                        {accounts.then(|| view! { <A href="/office/cases">{move || t("البحث في الطلبات", "Search requests")}</A> })}
                        {committee.then(|| view! { <A href="/committee/agenda">{move || t("جدول أعمال اللجنة", "Committee agenda")}</A> })}
                        {reception.then(|| view! { <A href="/reception">{move || t("الاستقبال", "Reception")}</A> })}
                        {feedback.then(|| view! { <A href="/feedback">{move || t("الاحتياجات والمقترحات", "Needs and suggestions")}</A> })}
                        {library.then(|| view! { <A href="/library">{move || t("المكتبة", "Library")}</A> })}
                        {accounts.then(|| view! { <A href="/accounts">{move || t("الحسابات", "Accounts")}</A> })}
                    </nav>
                }
            })}
            <div class="topbar-end">
                {move || session.me.get().map(|me| {
                    let point = me.outreach_point.map(|p| match i18n.get() {
                        Locale::Ar => p.name_ar,
                        Locale::En => p.name_en,
                    });
                    view! {
                        <span class="who">
                            <span class="who-name">{me.display_name}</span>
                            {point.map(|p| view! { <span class="who-point">{p}</span> })}
                        </span>
                    }
                })}
                <button type="button" class="link" on:click=toggle
                    lang=move || t("en", "ar")>
                    {move || t("English", "العربية")}
                </button>
                <Show when=move || session.me.get().is_some()>
                    <A href="/password" attr:class="link">{move || t("كلمة المرور", "Password")}</A>
                    <button type="button" class="link" on:click=sign_out.clone()>
                        {move || t("تسجيل الخروج", "Sign out")}
                    </button>
                    <button type="button" class="link danger wipe" on:click=wipe>
                        {move || t("خروج ومسح الجهاز", "Sign out and wipe this device")}
                    </button>
                </Show>
            </div>
        </header>
    }
}
