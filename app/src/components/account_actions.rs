//! What a signed-in user does to their session: change the language, sign out, and sign
//! out wiping the device. In the staff's bar and on the applicant's account page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::context::{I18n, Session};
use crate::i18n::digits::{self, Digits};
use crate::i18n::Locale;
use crate::store::{self, local};
use gloo_storage::{LocalStorage, Storage};

/// Switches between Arabic and English; the button is named in the language it opens.
#[component]
pub fn LanguageToggle(#[prop(default = "link")] class: &'static str) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let toggle = move |_| {
        i18n.0.update(|l| {
            *l = match l {
                Locale::Ar => Locale::En,
                Locale::En => Locale::Ar,
            }
        })
    };
    view! {
        <button type="button" class=class on:click=toggle lang=move || t("en", "ar")>
            {move || t("English", "العربية")}
        </button>
    }
}

/// Switches the digits of Arabic screens between Western (123) and Arabic-Indic (١٢٣);
/// shown in Arabic only, and named by the set it turns to.
#[component]
pub fn DigitsToggle(#[prop(default = "link")] class: &'static str) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let current = RwSignal::new(digits::chosen());
    let toggle = move |_| {
        let next = match current.get_untracked() {
            Digits::Western => Digits::ArabicIndic,
            Digits::ArabicIndic => Digits::Western,
        };
        digits::choose(next);
        let _ = LocalStorage::set(digits::KEY, next);
        current.set(next);
        // Every word on the screen is drawn again, its numbers in the new set.
        i18n.0.update(|_| {});
    };
    move || {
        (i18n.get() == Locale::Ar).then(|| {
            let (label, name) = match current.get() {
                Digits::Western => ("١٢٣", "كتابة الأرقام بالأرقام الهندية"),
                Digits::ArabicIndic => ("123", "كتابة الأرقام بالأرقام العربية الغربية"),
            };
            view! {
                <button type="button" class=class on:click=toggle title=name>
                    {label}<span class="visually-hidden">{format!(" — {name}")}</span>
                </button>
            }
        })
    }
}

/// Signs out, and signs out wiping the device after saying what would be lost.
#[component]
pub fn SignOutButtons(#[prop(default = "link")] class: &'static str) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // The server forgets the session when it can be reached; the device forgets
            // the user at once. Unsent work stays in the outbox.
            let _ = api::logout().await;
            let _ = local::sign_out().await;
            session.me.set(None);
            navigate("/login", Default::default());
        });
    };
    let wipe = move |_| {
        spawn_local(async move {
            let unsent = crate::sync::unsent_everywhere().await;
            let question = wipe_question(i18n.0.get_untracked(), unsent);
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
        <button type="button" class=class on:click=sign_out>
            {move || t("تسجيل الخروج", "Sign out")}
        </button>
        <button type="button" class=format!("{class} danger wipe") on:click=wipe>
            {move || t("خروج ومسح الجهاز", "Sign out and wipe this device")}
        </button>
    }
}

/// What the wipe asks before it runs: how much unsent work it would lose, if that can be
/// counted.
fn wipe_question(l: Locale, unsent: Option<u32>) -> String {
    match (l, unsent) {
        (Locale::Ar, Some(0)) => "سيُحذف من هذا الجهاز كل ما عليه من طلبات وملفات لكل المستخدمين، ويُسجَّل خروجك. هل تتابع؟".to_owned(),
        (Locale::En, Some(0)) => "Every request and file on this device, of every user, will be deleted and you will be signed out. Continue?".to_owned(),
        // The count needs a part of the app this device has not fetched yet.
        (Locale::Ar, None) => "تعذّر الآن عدّ ما لم يُرسَل من هذا الجهاز؛ إن وُجد فسيضيع نهائيًا مع كل ما عليه من طلبات وملفات. هل تتابع؟".to_owned(),
        (Locale::En, None) => "What this device has not sent yet cannot be counted now; anything unsent would be lost for good with every request and file on it. Continue?".to_owned(),
        (Locale::Ar, Some(n)) => format!("على هذا الجهاز {n} من الطلبات والاستفسارات لم تصل تغييراتها إلى الخادم بعد، وستضيع نهائيًا مع كل ما على الجهاز من طلبات وملفات. هل تتابع؟"),
        (Locale::En, Some(n)) => format!("{n} requests or inquiries on this device have changes that have not reached the server yet; they will be lost for good with every request and file on it. Continue?"),
    }
}
