//! The step after a one-time code went by SMS: where it went, the code's field, and
//! "send again" once its wait is over.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::identity::{CodeSent, Resend};
use shared::validation::ErrorCode;

use crate::api::{self, ApiError};
use crate::components::field::TextField;
use crate::context::I18n;
use crate::i18n::Locale;

/// Why a step that sends or checks a code was refused, other than by its fields:
/// `needs` says what needs the network (Arabic, English).
pub fn refusal(l: Locale, e: &ApiError, needs: (&'static str, &'static str)) -> String {
    match e {
        ApiError::Network(_) => l.pick(needs.0, needs.1).to_owned(),
        ApiError::Refused { status: 429, .. } => l
            .pick(
                "محاولات كثيرة: انتظر ساعة ثم أعد المحاولة",
                "Too many attempts: wait an hour and try again",
            )
            .to_owned(),
        _ => l
            .pick(
                "تعذّر ذلك، حاول مرة أخرى",
                "That did not work; please try again",
            )
            .to_owned(),
    }
}

/// The code's field under a line saying where the code went, and "send again".
#[component]
pub fn CodeStep(
    /// The step, as the server named it; a new code replaces it.
    sent: RwSignal<Option<CodeSent>>,
    /// Whether this is a forgotten password (the answer does not say where the code went).
    forgot: bool,
    /// The code as typed.
    code: RwSignal<String>,
    /// The code's current error.
    #[prop(into)]
    error: Signal<Option<ErrorCode>>,
    /// Whether to show it yet.
    #[prop(into)]
    show: Signal<bool>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let wait = RwSignal::new(
        sent.get_untracked()
            .map_or(0, |s| s.resend_after_secs.max(0)),
    );
    if let Ok(handle) = set_interval_with_handle(
        move || wait.update(|w| *w = (*w - 1).max(0)),
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let note = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let resend = move |_| {
        let Some(step) = sent.get_untracked() else {
            return;
        };
        busy.set(true);
        note.set(None);
        spawn_local(async move {
            let l = i18n.0.get_untracked();
            let body = Resend {
                pending: step.pending,
            };
            note.set(Some(match api::resend_code(&body, forgot).await {
                Ok(again) => {
                    wait.set(again.resend_after_secs);
                    sent.set(Some(again));
                    l.pick("أُرسل رمز جديد", "A new code was sent").to_owned()
                }
                Err(ApiError::Invalid(errors)) => {
                    errors.first().map(|e| l.error(&e.code)).unwrap_or_default()
                }
                Err(ApiError::Network(_)) => l
                    .pick("لا اتصال بالشبكة", "No network connection")
                    .to_owned(),
                Err(_) => l
                    .pick(
                        "طلبت رموزًا كثيرة: انتظر قليلًا",
                        "Too many codes asked for: wait a while",
                    )
                    .to_owned(),
            }));
            busy.set(false);
        });
    };
    let where_to = move || {
        let mobile = sent.with(|s| s.as_ref().map(|s| s.mobile.clone()).unwrap_or_default());
        if forgot || mobile.is_empty() {
            t(
                "إن كان لهذا الرقم حساب، فقد أرسلنا رمز تحقق من ستة أرقام برسالة نصية إلى جواله المسجّل.",
                "If this ID has an account, a six-digit code was sent by SMS to its registered mobile.",
            )
            .to_owned()
        } else {
            format!(
                "{} {mobile}",
                t(
                    "أرسلنا رمز تحقق من ستة أرقام برسالة نصية إلى",
                    "We sent a six-digit code by SMS to",
                )
            )
        }
    };
    let set_code = Callback::new(move |v: String| code.set(v));
    view! {
        <p class="hint" role="status"><bdi>{where_to}</bdi></p>
        <TextField id="code" label=("رمز التحقق", "Verification code") value=code on_input=set_code
            inputmode="numeric" dir="ltr" autocomplete="one-time-code" placeholder="000000"
            error=error show=show maxlength=12/>
        <p class="alt-action">
            <button type="button" class="link" disabled=move || { busy.get() || wait.get() > 0 } on:click=resend>
                {move || {
                    let w = wait.get();
                    if w > 0 {
                        format!("{} ({w})", t("إرسال رمز جديد", "Send a new code"))
                    } else {
                        t("إرسال رمز جديد", "Send a new code").to_owned()
                    }
                }}
            </button>
        </p>
        {move || note.get().map(|n| view! { <p class="hint" role="status">{n}</p> })}
    }
}
