//! The applicant's sections in a bar at the bottom of the screen, where a thumb reaches.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::context::{I18n, Session};

/// The bar, for applicants only; staff have their sections in the top bar.
#[component]
pub fn ApplicantNav() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let applicant = move || {
        session
            .me
            .with(|me| me.as_ref().is_some_and(|m| !m.role.is_staff()))
    };
    // Each: the address, its icon's path (24×24), its name.
    let tabs: [(&'static str, &'static str, &'static str, &'static str); 4] = [
        (
            "/",
            "M3 11 12 3l9 8M5 10v10h5v-6h4v6h5V10",
            "الرئيسية",
            "Home",
        ),
        ("/cases/new", "M12 5v14M5 12h14", "طلب جديد", "New request"),
        (
            "/feedback",
            "M4 5h16v11H9l-5 4z",
            "الاحتياجات والمقترحات",
            "Needs and suggestions",
        ),
        (
            "/account",
            "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
            "حسابي",
            "My account",
        ),
    ];
    view! {
        <Show when=applicant>
            <nav class="tabbar" aria-label=move || t("الأقسام", "Sections")>
                {tabs.into_iter().map(|(href, icon, ar, en)| view! {
                    // The home tab is current only on the home page, not on every page under it.
                    <A href=href exact=true>
                        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=icon/></svg>
                        <span>{move || t(ar, en)}</span>
                    </A>
                }).collect_view()}
            </nav>
        </Show>
    }
}
