//! A signed-in user changes their own password: the one they have, the new one twice, by the shared rule. Online only.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::accounts::PasswordChange;
use shared::validation::{ErrorCode, Field, FieldError};

use crate::api::{self, ApiError};
use crate::components::field::TextField;
use crate::components::password_rule::PasswordRule;
use crate::context::{I18n, Session};

/// The password page.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let sign_in = crate::pages::login::SignIn::new();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let first = move || {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.must_change_password))
    };
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Result<(), &'static str>>);
    let busy = RwSignal::new(false);
    let error = move |field: Field| -> Signal<Option<ErrorCode>> {
        Signal::derive(move || {
            errors.with(|all| {
                all.iter()
                    .find(|e| e.field == field)
                    .map(|e| e.code.clone())
            })
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(me) = session.me.get_untracked() else {
            return;
        };
        let change = PasswordChange {
            current: current.get_untracked(),
            password: password.get_untracked(),
            password_again: again.get_untracked(),
        };
        if let Err(found) = change.check(&me.username, me.role) {
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        busy.set(true);
        spawn_local(async move {
            let answer = api::change_password(&change).await;
            busy.set(false);
            let l = i18n.0.get_untracked();
            match answer {
                Ok(()) if me.must_change_password => {
                    // The account is the user's own now: the device is introduced and
                    // synced as at any sign-in, and work begins.
                    if let Ok(me) = api::me().await {
                        let _ = sign_in.finish(me).await;
                    }
                }
                Ok(()) => {
                    for field in [current, password, again] {
                        field.set(String::new());
                    }
                    outcome.set(Some(Ok(())));
                }
                Err(ApiError::Invalid(found)) => errors.set(found),
                Err(ApiError::Network(_)) => outcome.set(Some(Err(l.pick(
                    "تعذّر الاتصال بالخادم. تغيير كلمة المرور يحتاج إلى اتصال.",
                    "The server cannot be reached. Changing the password needs a connection.",
                )))),
                Err(ApiError::Refused { status: 429, .. }) => outcome.set(Some(Err(l.pick(
                    "محاولات خاطئة كثيرة: حاول بعد ربع ساعة.",
                    "Too many wrong tries: try again in a quarter of an hour.",
                )))),
                Err(_) => outcome.set(Some(
                    Err(l.pick("رفض الخادم الطلب.", "The server refused.")),
                )),
            }
        });
    };
    let show = Signal::derive(|| true);
    view! {
        <section class="page password">
            <h1>{move || t("تغيير كلمة المرور", "Change the password")}</h1>
            {move || first().then(|| view! {
                <p class="notice" role="status">{t(
                    "كلمة المرور هذه سلّمتها لك الإدارة. اختر كلمة مرور خاصة بك قبل المتابعة؛ لا يفتح النظام شيئًا قبل ذلك.",
                    "This password was handed to you by the head office. Choose your own before going on; nothing opens until you do.",
                )}</p>
            })}
            <form class="panel" novalidate on:submit=submit aria-label=move || t("تغيير كلمة المرور", "Change the password")>
                <TextField id="password-current" label=("كلمة المرور الحالية", "Current password")
                    input_type="password" dir="ltr" autocomplete="current-password"
                    value=current on_input=move |v| current.set(v)
                    error=error(Field::CurrentPassword) show=show/>
                <TextField id="password-new" label=("كلمة المرور الجديدة", "New password")
                    input_type="password" dir="ltr" autocomplete="new-password"
                    value=password on_input=move |v| password.set(v)
                    error=error(Field::Password) show=show/>
                <TextField id="password-again" label=("تأكيد كلمة المرور الجديدة", "New password again")
                    input_type="password" dir="ltr" autocomplete="new-password"
                    value=again on_input=move |v| again.set(v)
                    error=error(Field::PasswordAgain) show=show/>
                {move || session.me.get().map(|me| view! { <PasswordRule role=me.role/> })}
                <p class="hint">{move || t(
                    "بعد التغيير تنتهي جلساتك على الأجهزة الأخرى.",
                    "Once changed, your sessions on other devices end.",
                )}</p>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get()>{move || t("تغيير كلمة المرور", "Change the password")}</button>
                </div>
                {move || outcome.get().map(|o| match o {
                    Ok(()) => view! { <p class="done" role="status">{t("تغيّرت كلمة المرور.", "The password is changed.")}</p> }.into_any(),
                    Err(p) => view! { <p class="form-error" role="alert">{p}</p> }.into_any(),
                })}
            </form>
        </section>
    }
}
