//! "My account": who is signed in and where, the language, the password, signing out and
//! wiping the device. The applicant's phone reaches it from the bar at the bottom.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::messages::sending::Preferences;

use crate::api;
use crate::components::account_actions::{DigitsToggle, LanguageToggle, SignOutButtons};
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
                <DigitsToggle class="button"/>
                <A href="/password" attr:class="button">{move || t("تغيير كلمة المرور", "Change password")}</A>
            </div>
            <Show when=move || session.me.with(|m| m.as_ref().is_some_and(|m| m.role.has_own_file()))>
                <MessageChoices/>
                <h2>{move || t("بياناتي", "My data")}</h2>
                <p class="hint">{move || t(
                    "اطّلع على كل ما تحتفظ به الجمعية عنك، واطبعه أو نزّله ملفًا.",
                    "See everything the association holds about you, and print it or download it as a file.",
                )}</p>
                <div class="actions">
                    <A href="/my-data" attr:class="button">{move || t("بياناتي لدى الجمعية", "My data held by the association")}</A>
                </div>
            </Show>
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

/// What an applicant chooses for the text messages the association sends them: the
/// language, and whether they want those their request does not need.
#[component]
fn MessageChoices() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let choices = RwSignal::new(None::<Preferences>);
    let status = RwSignal::new(None::<&'static str>);
    let load = move || {
        spawn_local(async move {
            match api::preferences().await {
                Ok(p) => choices.set(Some(p)),
                Err(_) => status.set(Some("offline")),
            }
        })
    };
    load();
    let save = move |p: Preferences| {
        choices.set(Some(p));
        status.set(None);
        spawn_local(async move {
            status.set(Some(match api::set_preferences(&p).await {
                Ok(_) => "saved",
                Err(_) => "failed",
            }));
        });
    };
    let said = move || {
        status.get().map(|s| match s {
            "saved" => t("حُفظ اختيارك", "Your choice is saved"),
            "offline" => t(
                "تُعرض اختيارات الرسائل عند الاتصال بالشبكة",
                "Message choices show when the network is there",
            ),
            _ => t(
                "تعذّر الحفظ، حاول مرة أخرى",
                "Could not save; please try again",
            ),
        })
    };
    view! {
        <h2>{move || t("الرسائل النصية", "Text messages")}</h2>
        <p class="hint">{move || t(
            "نرسل إلى جوالك ما يخص طلبك: استلامه، وما ينقصه، وقرار اللجنة، والخدمات المقدَّمة.",
            "We text your mobile about your request: when it is received, what is missing, the committee's decision, and services delivered.",
        )}</p>
        {move || choices.get().map(|p| view! {
            <fieldset class="checks">
                <legend>{move || t("لغة الرسائل", "Language of the messages")}</legend>
                <label class="check" for="sms-ar">
                    <input type="radio" id="sms-ar" name="sms-language" prop:checked=!p.english
                        on:change=move |_| save(Preferences { english: false, ..p })/>
                    "العربية"
                </label>
                <label class="check" for="sms-en">
                    <input type="radio" id="sms-en" name="sms-language" prop:checked=p.english
                        on:change=move |_| save(Preferences { english: true, ..p })/>
                    "English"
                </label>
            </fieldset>
            <div class="field check">
                <label for="sms-opt-out">
                    <input id="sms-opt-out" type="checkbox" prop:checked=p.sms_opt_out
                        on:change=move |ev| save(Preferences { sms_opt_out: event_target_checked(&ev), ..p })/>
                    {move || t(
                        "أرسلوا فقط ما يحتاجه طلبي (دون إشعارات الخدمات والردود والاعتذار عن التأخير)",
                        "Only what my request needs (no news of services, answers or apologies for delays)",
                    )}
                </label>
            </div>
        })}
        {move || said().map(|s| view! { <p class="hint" role="status">{s}</p> })}
    }
}
