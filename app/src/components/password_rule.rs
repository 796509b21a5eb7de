//! The password rule, said beside a new password before anyone is refused by it.

use leptos::prelude::*;
use shared::accounts::password_min;
use shared::Role;

use crate::context::I18n;
use crate::i18n::Locale;

/// What a new password of an account in `role` must be (`shared::accounts::password_problem`).
#[component]
pub fn PasswordRule(role: Role) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let min = password_min(role);
    // Staff sign in with a user name, applicants with their national ID.
    let name = if role.is_staff() {
        ("اسم المستخدم", "the user name")
    } else {
        ("رقم هويتك", "your ID number")
    };
    view! {
        <p class="hint password-rule">{move || match i18n.get() {
            Locale::Ar => format!(
                "كلمة المرور {min} أحرف أو أرقام على الأقل، لا تحوي {} ولا تكرر حرفًا واحدًا ولا تكون من الكلمات الشائعة مثل 12345678.",
                name.0
            ),
            Locale::En => format!(
                "At least {min} letters or digits, not holding {}, not one character repeated, and not a common password such as 12345678.",
                name.1
            ),
        }}</p>
    }
}
