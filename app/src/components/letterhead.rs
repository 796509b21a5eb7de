//! The head of every printed paper: the association's name above the paper's title.

use leptos::prelude::*;

use crate::context::I18n;

/// The association's name, in Arabic and English.
pub const ASSOCIATION: (&str, &str) = (
    "جمعية بناء وتنمية مساكن بمنطقة جازان",
    "Housing Building and Development Association, Jazan region",
);

/// The association's name, then the title (`children`) as the page's heading, `id` naming
/// it for the page's label.
#[component]
pub fn Letterhead(id: &'static str, children: Children) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <header class="letterhead">
            <p class="association">{move || i18n.get().pick(ASSOCIATION.0, ASSOCIATION.1)}</p>
            <h1 id=id>{children()}</h1>
        </header>
    }
}

/// A button that prints the page; hidden on the printed paper itself.
#[component]
pub fn PrintButton(label: (&'static str, &'static str)) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <button type="button" class="primary no-print" on:click=print>
            {move || i18n.get().pick(label.0, label.1)}
        </button>
    }
}
