//! A wide table that scrolls sideways on a phone, reachable and scrollable with the keyboard.

use leptos::prelude::*;

use crate::context::I18n;

/// Holds a table wider than a phone: a named region that takes focus, so someone on a
/// keyboard can reach it and scroll it with the arrow keys.
#[component]
pub fn ScrollTable(label: (&'static str, &'static str), children: Children) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <div class="table-wrap" role="region" tabindex="0"
            aria-label=move || i18n.get().pick(label.0, label.1)>
            {children()}
        </div>
    }
}
