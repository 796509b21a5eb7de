//! The association's welcome at the top of the sign-in and sign-up cards.

use leptos::prelude::*;

use crate::components::letterhead::ASSOCIATION;
use crate::context::I18n;

/// The association's name and what the app is for. `index.html` draws the same words in
/// the same place while the app arrives (keep the two alike), so nothing moves when the
/// app takes over and the first thing a phone shows is already the page's largest text.
#[component]
pub fn Welcome() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    view! {
        <div class="welcome">
            <p class="welcome-org">{move || t(ASSOCIATION.0, ASSOCIATION.1)}</p>
            <p class="welcome-text">{move || t(
                "قدّم طلب دعم السكن وتابعه من هاتفك، ويعمل التطبيق دون اتصال بعد أول فتح.",
                "Apply for housing support and follow your request from your phone; the app works offline once it has been opened.",
            )}</p>
        </div>
    }
}
