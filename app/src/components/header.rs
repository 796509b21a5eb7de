//! The top bar: the system's name and sync state for everyone; the staff's sections, user,
//! language and sign-out beside them on a tablet, and an applicant's compact bar.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::{Area, Role};

use crate::components::account_actions::{DigitsToggle, LanguageToggle, SignOutButtons};
use crate::components::sync_indicator::SyncIndicator;
use crate::context::{I18n, Session};

/// The top bar of every page.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let role = move || session.me.with(|me| me.as_ref().map(|m| m.role));

    view! {
        <header class="topbar" class:compact=move || role().is_some_and(|r| !r.is_staff())>
            <a class="brand" href="/">{move || t("علاقات المستفيدين", "Beneficiary relations")}</a>
            {move || match role() {
                None => view! { <div class="topbar-end"><LanguageToggle/><DigitsToggle/></div> }.into_any(),
                // An applicant's phone keeps the screen for the request: the sync state
                // folds into a small badge, everything else is in the bar at the bottom.
                Some(role) if !role.is_staff() => view! {
                    <div class="topbar-end">
                        <SyncIndicator compact=true/>
                        <LanguageToggle/><DigitsToggle/>
                    </div>
                }.into_any(),
                Some(role) => view! {
                    <SyncIndicator/>
                    <StaffSections role=role/>
                    <div class="topbar-end">
                        <Who/>
                        <LanguageToggle/><DigitsToggle/>
                        <A href="/password" attr:class="link">{move || t("كلمة المرور", "Password")}</A>
                        <SignOutButtons/>
                    </div>
                }.into_any(),
            }}
        </header>
    }
}

/// The sections a member of staff opens, by what their role reaches.
#[component]
fn StaffSections(role: Role) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let links = Area::ALL
        .iter()
        .copied()
        .filter(|area| role.reaches(*area))
        .flat_map(
            |area| -> &'static [(&'static str, &'static str, &'static str)] {
                match area {
                    Area::Office => &[
                        ("/office", "لوحة المتابعة", "Dashboard"),
                        ("/office/cases", "البحث في الطلبات", "Search requests"),
                        ("/office/duplicates", "مراجعة التكرار", "Duplicates"),
                    ],
                    Area::Committee => {
                        &[("/committee/agenda", "جدول أعمال اللجنة", "Committee agenda")]
                    }
                    Area::Reception => &[("/reception", "الاستقبال", "Reception")],
                    Area::Feedback => {
                        &[("/feedback", "الاحتياجات والمقترحات", "Needs and suggestions")]
                    }
                    Area::Library => &[("/library", "المكتبة", "Library")],
                    Area::Messages => &[("/messages", "نصوص الرسائل", "Message texts")],
                    Area::Devices => &[("/devices", "الأجهزة", "Devices")],
                    Area::Accounts => &[("/accounts", "الحسابات", "Accounts")],
                    Area::Setup => &[("/setup", "إعداد الجمعية", "Set-up")],
                }
            },
        )
        .map(|&(href, ar, en)| view! { <A href=href>{move || t(ar, en)}</A> })
        .collect_view();
    view! {
        <nav class="nav" aria-label=move || t("الأقسام", "Sections")>
            <A href="/">{move || t("الطلبات", "Requests")}</A>
            {links}
        </nav>
    }
}

/// The signed-in user's name and outreach point.
#[component]
fn Who() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    move || {
        session.me.get().map(|me| {
            let point = me.outreach_point.map(|p| i18n.get().point(&p));
            view! {
                <span class="who">
                    <span class="who-name">{me.display_name}</span>
                    {point.map(|p| view! { <span class="who-point">{p}</span> })}
                </span>
            }
        })
    }
}
