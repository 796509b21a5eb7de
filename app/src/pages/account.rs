//! "My account": who is signed in and where, the language, the password, signing out and
//! wiping the device. The applicant's phone reaches it from the bar at the bottom.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::account_actions::{LanguageToggle, SignOutButtons};
use crate::context::{I18n, Session};

/// `/account`.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    view! {
        <section class="page account">
            <h1>{move || t("حسابي", "My account")}</h1>
            {move || session.me.get().map(|me| {
                let point = me.outreach_point.map(|p| i18n.get().point(&p));
                // An applicant's account is named by their ID until staff give it a name.
                let name = (me.display_name != me.username).then_some(me.display_name);
                view! {
                    <dl class="facts">
                        {name.map(|name| view! {
                            <dt>{move || t("الاسم", "Name")}</dt>
                            <dd>{name}</dd>
                        })}
                        <dt>{move || t("اسم المستخدم", "User name")}</dt>
                        <dd dir="ltr">{me.username}</dd>
                        <dt>{move || t("الصفة", "Role")}</dt>
                        <dd>{move || i18n.get().role(me.role)}</dd>
                        {point.map(|p| view! {
                            <dt>{move || t("نقطة الاستقبال", "Outreach point")}</dt>
                            <dd>{p}</dd>
                        })}
                    </dl>
                }
            })}
            <h2>{move || t("الإعدادات", "Settings")}</h2>
            <div class="actions">
                <LanguageToggle class="button"/>
                <A href="/password" attr:class="button">{move || t("تغيير كلمة المرور", "Change password")}</A>
            </div>
            <h2>{move || t("الخروج", "Signing out")}</h2>
            <p class="hint">{move || t(
                "ما لم يُرسَل بعد يبقى على هذا الجهاز بعد تسجيل الخروج، ويُرسَل عند دخولك مجددًا. امسح الجهاز إن لم يكن جهازك.",
                "What has not been sent stays on this device after signing out, and is sent when you sign in again. Wipe the device if it is not yours.",
            )}</p>
            <div class="actions">
                <SignOutButtons class="button"/>
            </div>
        </section>
    }
}
