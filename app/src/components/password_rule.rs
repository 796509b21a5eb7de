//! The password rule, said beside a new password before anyone is refused by it.

use leptos::prelude::*;
use shared::accounts::{APPLICANT_PASSWORD_MIN, STAFF_PASSWORD_MIN};
use shared::Role;

use crate::context::I18n;
use crate::i18n::Locale;

/// What a new password of an account in `role` must be (`shared::accounts::password_problem`).
#[component]
pub fn PasswordRule(role: Role) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let min = if role == Role::Applicant {
        APPLICANT_PASSWORD_MIN
    } else {
        STAFF_PASSWORD_MIN
    };
    let name = if role == Role::Applicant {
        ("رقم هويتك", "your ID number")
    } else {
        ("اسم المستخدم", "the user name")
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
