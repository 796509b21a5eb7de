//! An applicant opens an account on their phone: national ID, mobile, password, and the
//! outreach point that will receive their requests; the code sent to the mobile opens it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::api::RegisterRequest;
use shared::identity::{CodeEntry, CodeSent};
use shared::validation::{ErrorCode, Field};
use shared::Role;

use crate::api::{self, ApiError};
use crate::components::account_form::AccountForm;
use crate::components::code_step::CodeStep;
use crate::components::field::{SelectField, TextField};
use crate::components::password_rule::PasswordRule;
use crate::components::welcome::Welcome;
use crate::context::I18n;
use crate::i18n::Locale;
use crate::pages::login::SignIn;

/// The account form.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let sign_in = SignIn::new();
    let t = move |ar, en| i18n.get().pick(ar, en);
    crate::device::boot_done();

    let national_id = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let password_again = RwSignal::new(String::new());
    let point = RwSignal::new(String::new());
    let points = LocalResource::new(|| async { api::outreach_points().await.unwrap_or_default() });
    let sent = RwSignal::new(None::<CodeSent>);
    let code = RwSignal::new(String::new());
    // The mobile was proven, but the ID already has an account: the step is over.
    let taken = RwSignal::new(false);

    let body = move || RegisterRequest {
        national_id: national_id.get(),
        mobile: mobile.get(),
        password: password.get(),
        password_again: password_again.get(),
        outreach_point: point.get(),
        english: i18n.get() == Locale::En,
    };
    let form = AccountForm::new(
        move || {
            if sent.with(Option::is_some) {
                CodeEntry {
                    pending: String::new(),
                    code: code.get(),
                }
                .check()
                .err()
            } else {
                body().check().err()
            }
            .unwrap_or_default()
        },
        (
            "إنشاء الحساب يحتاج إلى الاتصال بالشبكة",
            "Opening an account needs the network",
        ),
    );
    let options = Signal::derive(move || {
        let l = i18n.get();
        points
            .get()
            .map(|list| list.iter().map(|p| (p.id.clone(), l.point(p))).collect())
            .unwrap_or_default()
    });

    // First the form, which sends the code; then the code, which opens the account.
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let request = body();
        let step = sent.get_untracked();
        spawn_local(async move {
            match step {
                None => match api::register(&request).await {
                    Ok(code_sent) => {
                        // The sync's code comes while the code is read from the SMS.
                        crate::sync::prefetch();
                        form.next_step();
                        sent.set(Some(code_sent));
                    }
                    Err(e) => form.told(e),
                },
                Some(step) => {
                    let entry = CodeEntry {
                        pending: step.pending,
                        code: code.get_untracked(),
                    };
                    match api::verify_sign_up(&entry).await {
                        Ok(me) => {
                            if let Err(e) = sign_in.finish(me).await {
                                form.problem.set(Some(e.message(i18n.0.get_untracked())));
                            }
                        }
                        Err(ApiError::Invalid(errors))
                            if errors.iter().any(|e| e.code == ErrorCode::AccountExists) =>
                        {
                            taken.set(true)
                        }
                        Err(e) => form.told(e),
                    }
                }
            }
            form.end();
        });
    };
    let change_details = move |_| {
        sent.set(None);
        taken.set(false);
        code.set(String::new());
        form.forget_last();
    };
    let code_shown = form.checked.shown(code);
    let busy = form.busy;

    view! {
        <section class="card narrow">
            <Welcome/>
            <h1>{move || t("حساب مقدم طلب الدعم", "Applicant account")}</h1>
            <p class="hint">{move || t(
                "أنشئ حسابًا لتقديم طلب الدعم من هاتفك ومتابعته. تدخل لاحقًا برقم هويتك وكلمة المرور.",
                "Open an account to apply for support from your phone and follow your request. You sign in with your ID number and password.",
            )}</p>
            <form on:submit=submit novalidate>
                <Show when=move || sent.with(Option::is_some) && taken.get()>
                    <IdTaken/>
                </Show>
                <Show when=move || sent.with(Option::is_some) && !taken.get()>
                    <CodeStep sent=sent forgot=false code=code error=form.checked.error_of(Field::Code) show=code_shown/>
                    {form.problem_view()}
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || t("تأكيد وفتح الحساب", "Confirm and open the account")}
                    </button>
                </Show>
                <Show when=move || sent.with(Option::is_some)>
                    <p class="alt-action">
                        <button type="button" class="link" on:click=change_details>
                            {move || t("تعديل البيانات", "Change the details")}
                        </button>
                    </p>
                </Show>
                <Show when=move || sent.with(Option::is_none)>
                <TextField id="reg-national-id" label=("رقم الهوية الوطنية أو الإقامة", "National ID or iqama number")
                    value=national_id on_input=form.set(national_id) inputmode="numeric" dir="ltr" autocomplete="username"
                    error=form.checked.error_of(Field::NationalId) show=form.checked.shown(national_id) maxlength=14/>
                <TextField id="reg-mobile" label=("رقم الجوال", "Mobile number") value=mobile on_input=form.set(mobile)
                    inputmode="tel" dir="ltr" autocomplete="tel" placeholder="05XXXXXXXX"
                    error=form.checked.error_of(Field::Mobile) show=form.checked.shown(mobile) maxlength=20/>
                <TextField id="reg-password" label=("كلمة المرور", "Password") value=password on_input=form.set(password)
                    input_type="password" dir="ltr" autocomplete="new-password"
                    error=form.checked.error_of(Field::Password) show=form.checked.shown(password) maxlength=128/>
                <PasswordRule role=Role::Applicant/>
                <TextField id="reg-password-again" label=("تأكيد كلمة المرور", "Password again") value=password_again
                    on_input=form.set(password_again) input_type="password" dir="ltr" autocomplete="new-password"
                    error=form.checked.error_of(Field::PasswordAgain) show=form.checked.shown(password_again) maxlength=128/>
                <SelectField id="reg-point" label=("أقرب نقطة استقبال إليك", "The outreach point nearest you")
                    value=point on_input=form.set(point) options=options
                    error=form.checked.error_of(Field::OutreachPoint) show=form.checked.shown(point)/>
                {form.problem_view()}
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || t("إرسال رمز التحقق", "Send the verification code")}
                </button>
                </Show>
            </form>
            <p class="alt-action"><A href="/login">{move || t("لديّ حساب: تسجيل الدخول", "I have an account: sign in")}</A></p>
        </section>
    }
}

/// The mobile was proven but the ID already has an account: what the applicant can do,
/// whether the account is theirs or someone else took the ID.
#[component]
fn IdTaken() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    view! {
        <div class="notice id-taken" role="alert">
            <p><strong>{move || t(
                "لرقم الهوية هذا حساب قائم، فلم يُفتح حساب جديد.",
                "This ID already has an account, so no new one was opened.",
            )}</strong></p>
            <p>{move || t(
                "إن كان الحساب لك فادخل به، أو استعد كلمة المرور برمز يصل إلى جوالك المسجّل فيه.",
                "If the account is yours, sign in, or get a new password by a code sent to the mobile it holds.",
            )}</p>
            <p>{move || t(
                "وإن لم يكن لك، فاحضر بهويتك الأصلية إلى أقرب نقطة استقبال: يتحقق الموظف منها ويحرّر الرقم لتفتح حسابك.",
                "If it is not yours, bring your original ID to the nearest outreach point: the officer checks it and releases the number so you can open yours.",
            )}</p>
            <p class="actions">
                <A href="/login" attr:class="button primary">{move || t("تسجيل الدخول", "Sign in")}</A>
                " "
                <A href="/forgot" attr:class="button">{move || t("نسيت كلمة المرور", "Forgot the password")}</A>
            </p>
        </div>
    }
}
