//! "Forgot my password": the applicant's national ID, then the code sent to the account's
//! proven mobile with a new password, which signs in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::identity::{CodeSent, ForgotPassword, PasswordRecovery};
use shared::validation::{Field, FieldError};
use shared::Role;

use crate::api::{self, ApiError};
use crate::components::code_step::{refusal, CodeStep};
use crate::components::field::{field_error, TextField};
use crate::components::password_rule::PasswordRule;
use crate::components::welcome::Welcome;
use crate::context::{I18n, Session};
use crate::i18n::Locale;
use crate::pages::login::finish_sign_in;
use crate::sync::SyncState;

/// The two steps of a forgotten password.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let state = expect_context::<SyncState>();
    let navigate = use_navigate();
    let t = move |ar, en| i18n.get().pick(ar, en);
    crate::device::boot_done();

    let national_id = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let password_again = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<CodeSent>);
    let tried = RwSignal::new(false);
    let server_errors = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let forgot = move || ForgotPassword {
        national_id: national_id.get(),
        english: i18n.get() == Locale::En,
    };
    let recovery = move || PasswordRecovery {
        pending: sent.with(|s| s.as_ref().map(|s| s.pending.clone()).unwrap_or_default()),
        code: code.get(),
        password: password.get(),
        password_again: password_again.get(),
    };
    let errors = Memo::new(move |_| {
        let mut all = if sent.with(Option::is_some) {
            recovery()
                .check(&national_id.get())
                .err()
                .unwrap_or_default()
        } else {
            forgot().check().err().unwrap_or_default()
        };
        all.extend(server_errors.get());
        all
    });
    let error_of = move |field: Field| field_error(errors, field, None);
    let shown = move |value: RwSignal<String>| {
        Signal::derive(move || tried.get() || !value.get().is_empty())
    };
    let set = move |s: RwSignal<String>| {
        Callback::new(move |v: String| {
            server_errors.set(Vec::new());
            s.set(v);
        })
    };
    let told = move |e: ApiError| match e {
        ApiError::Invalid(errors) => server_errors.set(errors),
        other => problem.set(Some(refusal(
            i18n.get(),
            &other,
            (
                "استعادة كلمة المرور تحتاج إلى الاتصال بالشبكة",
                "Resetting a password needs the network",
            ),
        ))),
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        problem.set(None);
        // What the server said of the last try is asked again, not held against this one.
        server_errors.set(Vec::new());
        if !errors.get_untracked().is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        let step = sent.get_untracked();
        let (asked, recovered) = (forgot(), recovery());
        spawn_local(async move {
            match step {
                None => match api::forgot_password(&asked).await {
                    Ok(code_sent) => {
                        tried.set(false);
                        sent.set(Some(code_sent));
                    }
                    Err(e) => told(e),
                },
                Some(_) => match api::recover_password(&recovered).await {
                    Ok(me) => match finish_sign_in(me, session, state).await {
                        Ok(()) => navigate("/", Default::default()),
                        Err(e) => problem.set(Some(e.message(i18n.0.get_untracked()))),
                    },
                    Err(e) => told(e),
                },
            }
            busy.set(false);
        });
    };
    let code_shown = Signal::derive(move || tried.get() || !code.get().is_empty());

    view! {
        <section class="card narrow">
            <Welcome/>
            <h1>{move || t("استعادة كلمة المرور", "Reset your password")}</h1>
            <form on:submit=submit novalidate>
                <Show when=move || sent.with(Option::is_none)>
                    <p class="hint">{move || t(
                        "أدخل رقم هويتك، وسنرسل رمز تحقق إلى الجوال المسجّل في حسابك.",
                        "Enter your ID number and we will send a code to the mobile registered on your account.",
                    )}</p>
                    <TextField id="forgot-national-id" label=("رقم الهوية الوطنية أو الإقامة", "National ID or iqama number")
                        value=national_id on_input=set(national_id) inputmode="numeric" dir="ltr" autocomplete="username"
                        error=error_of(Field::NationalId) show=shown(national_id) maxlength=14/>
                    {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || t("إرسال رمز التحقق", "Send the verification code")}
                    </button>
                </Show>
                <Show when=move || sent.with(Option::is_some)>
                    <CodeStep sent=sent forgot=true code=code error=error_of(Field::Code) show=code_shown/>
                    <TextField id="forgot-password" label=("كلمة المرور الجديدة", "New password") value=password
                        on_input=set(password) input_type="password" dir="ltr" autocomplete="new-password"
                        error=error_of(Field::Password) show=shown(password) maxlength=128/>
                    <PasswordRule role=Role::Applicant/>
                    <TextField id="forgot-password-again" label=("تأكيد كلمة المرور", "Password again") value=password_again
                        on_input=set(password_again) input_type="password" dir="ltr" autocomplete="new-password"
                        error=error_of(Field::PasswordAgain) show=shown(password_again) maxlength=128/>
                    {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || t("حفظ كلمة المرور والدخول", "Save the password and sign in")}
                    </button>
                </Show>
            </form>
            <p class="alt-action"><A href="/login">{move || t("العودة إلى تسجيل الدخول", "Back to sign in")}</A></p>
        </section>
    }
}
