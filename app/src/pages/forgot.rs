//! "Forgot my password": the applicant's national ID, then the code sent to the account's
//! proven mobile with a new password, which signs in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::identity::{CodeSent, ForgotPassword, PasswordRecovery};
use shared::validation::Field;
use shared::Role;

use crate::api;
use crate::components::account_form::AccountForm;
use crate::components::code_step::CodeStep;
use crate::components::field::TextField;
use crate::components::password_rule::PasswordRule;
use crate::components::welcome::Welcome;
use crate::context::I18n;
use crate::i18n::Locale;
use crate::pages::login::SignIn;

/// The two steps of a forgotten password.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let sign_in = SignIn::new();
    let t = move |ar, en| i18n.get().pick(ar, en);
    crate::device::boot_done();

    let national_id = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let password_again = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<CodeSent>);

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
    let form = AccountForm::new(
        move || {
            if sent.with(Option::is_some) {
                recovery().check(&national_id.get()).err()
            } else {
                forgot().check().err()
            }
            .unwrap_or_default()
        },
        (
            "استعادة كلمة المرور تحتاج إلى الاتصال بالشبكة",
            "Resetting a password needs the network",
        ),
    );

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let step = sent.get_untracked();
        let (asked, recovered) = (forgot(), recovery());
        spawn_local(async move {
            match step {
                None => match api::forgot_password(&asked).await {
                    Ok(code_sent) => {
                        // The sync's code comes while the code is read from the SMS.
                        crate::sync::prefetch();
                        form.next_step();
                        sent.set(Some(code_sent));
                    }
                    Err(e) => form.told(e),
                },
                Some(_) => match api::recover_password(&recovered).await {
                    Ok(me) => {
                        if let Err(e) = sign_in.finish(me).await {
                            form.problem.set(Some(e.message(i18n.0.get_untracked())));
                        }
                    }
                    Err(e) => form.told(e),
                },
            }
            form.end();
        });
    };
    let code_shown = form.checked.shown(code);
    let busy = form.busy;

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
                        value=national_id on_input=form.set(national_id) inputmode="numeric" dir="ltr" autocomplete="username"
                        error=form.checked.error_of(Field::NationalId) show=form.checked.shown(national_id) maxlength=14/>
                    {form.problem_view()}
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || t("إرسال رمز التحقق", "Send the verification code")}
                    </button>
                </Show>
                <Show when=move || sent.with(Option::is_some)>
                    <CodeStep sent=sent forgot=true code=code error=form.checked.error_of(Field::Code) show=code_shown/>
                    <TextField id="forgot-password" label=("كلمة المرور الجديدة", "New password") value=password
                        on_input=form.set(password) input_type="password" dir="ltr" autocomplete="new-password"
                        error=form.checked.error_of(Field::Password) show=form.checked.shown(password) maxlength=128/>
                    <PasswordRule role=Role::Applicant/>
                    <TextField id="forgot-password-again" label=("تأكيد كلمة المرور", "Password again") value=password_again
                        on_input=form.set(password_again) input_type="password" dir="ltr" autocomplete="new-password"
                        error=form.checked.error_of(Field::PasswordAgain) show=form.checked.shown(password_again) maxlength=128/>
                    {form.problem_view()}
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || t("حفظ كلمة المرور والدخول", "Save the password and sign in")}
                    </button>
                </Show>
            </form>
            <p class="alt-action"><A href="/login">{move || t("العودة إلى تسجيل الدخول", "Back to sign in")}</A></p>
        </section>
    }
}
