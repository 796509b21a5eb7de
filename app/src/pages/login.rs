//! The sign-in page.

use leptos::callback::UnsyncCallback;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::api::ErrorKind;

use crate::api::{self, ApiError};
use crate::components::account_form::AccountForm;
use crate::components::welcome::Welcome;
use crate::context::{I18n, Session};
use crate::store::local;
use crate::store::StoreError;
use crate::sync::{self, SyncProblem, SyncState};

/// Signs a user in with name and password.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let state = expect_context::<SyncState>();
    let sign_in = SignIn::new();
    let t = move |ar, en| i18n.get().pick(ar, en);
    crate::device::boot_done();

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let refused = RwSignal::new(None::<NotSignedIn>);
    // Its refusals are worded below; the form's state is the account forms' own.
    let form = AccountForm::new(Vec::new, ("", ""));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        error.set(None);
        refused.set(None);
        sync::prefetch();
        spawn_local(async move {
            match api::login(&username.get_untracked(), &password.get_untracked()).await {
                // A refusal may leave the device signed out, which draws this page anew: the
                // new one reads why from the sync's state.
                Ok(me) => {
                    if let Err(refusal) = sign_in.finish(me).await {
                        refused.try_set(Some(refusal));
                    }
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            form.end();
        });
    };

    let message = move || {
        if let Some(e) = refused.with(|r| r.as_ref().map(|e| e.message(i18n.get()))) {
            return Some(e);
        }
        let before = match state.problem.get() {
            Some(SyncProblem::DeviceLost) => Some(NotSignedIn::DeviceLost),
            Some(SyncProblem::DevicesFull) => Some(NotSignedIn::DevicesFull),
            _ => None,
        };
        if let Some(refusal) = before.filter(|_| error.with(Option::is_none)) {
            return Some(refusal.message(i18n.get()));
        }
        error.get().map(|e| {
            match e {
                ApiError::Refused {
                    kind: ErrorKind::BadCredentials,
                    ..
                } => t(
                    "اسم المستخدم أو كلمة المرور غير صحيحة",
                    "Wrong user name or password",
                ),
                ApiError::Refused {
                    kind: ErrorKind::TooManyAttempts,
                    ..
                } => t(
                    "محاولات كثيرة خاطئة: انتظر قليلًا ثم أعد المحاولة",
                    "Too many failed attempts: wait a while and try again",
                ),
                ApiError::Network(_) => t(
                    "لا يمكن تسجيل الدخول دون اتصال بالخادم. حاول عند توفر الشبكة",
                    "Signing in needs the server. Try again when the network is back",
                ),
                _ => t(
                    "تعذّر تسجيل الدخول، حاول مرة أخرى",
                    "Could not sign in; please try again",
                ),
            }
            .to_owned()
        })
    };

    view! {
        <section class="card narrow">
            <Welcome/>
            <h1>{move || t("تسجيل الدخول", "Sign in")}</h1>
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for="username">{move || t("رقم الهوية أو اسم المستخدم", "ID number or user name")}</label>
                    <input id="username" type="text" autocomplete="username" autocapitalize="none"
                        dir="ltr" required
                        prop:value=move || username.get()
                        on:input=move |ev| username.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="password">{move || t("كلمة المرور", "Password")}</label>
                    <input id="password" type="password" autocomplete="current-password" dir="ltr" required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                {move || message().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <button type="submit" class="primary" disabled=move || form.busy.get()>
                    {move || t("دخول", "Sign in")}
                </button>
            </form>
            <p class="alt-action">
                <A href="/forgot">{move || t("نسيت كلمة المرور؟", "Forgot your password?")}</A>
            </p>
            <p class="alt-action">
                {move || t("تقدّم بطلب دعم من هاتفك؟", "Applying for support from your phone?")}" "
                <A href="/register">{move || t("أنشئ حساب مقدم طلب", "Open an applicant account")}</A>
            </p>
        </section>
    }
}

/// Why a signed-in account could not start working on this device.
#[derive(Debug)]
pub(crate) enum NotSignedIn {
    /// The device could not keep the user's data.
    Storage(StoreError),
    /// The account holds its most devices, each with work not yet sent.
    DevicesFull,
    /// The head office marked this device lost.
    DeviceLost,
}

impl NotSignedIn {
    /// What the person reads.
    pub(crate) fn message(&self, l: crate::i18n::Locale) -> String {
        match self {
            Self::Storage(e) => l.storage(e).to_owned(),
            Self::DevicesFull => l.error(&shared::validation::ErrorCode::TooManyDevices {
                max: shared::api::DeviceRequest::ACTIVE_MAX,
            }),
            Self::DeviceLost => l.device_lost().to_owned(),
        }
    }
}

/// How the account pages (sign-in, sign-up, a forgotten password) end a sign-in.
#[derive(Clone, Copy)]
pub(crate) struct SignIn {
    session: Session,
    state: SyncState,
    home: UnsyncCallback<()>,
}

impl SignIn {
    /// For the page being drawn.
    pub fn new() -> Self {
        let navigate = use_navigate();
        Self {
            session: expect_context(),
            state: expect_context(),
            home: UnsyncCallback::new(move |()| navigate("/", Default::default())),
        }
    }

    /// Makes the device `me`'s and opens the start page; or says why the device cannot be
    /// theirs, having ended the session again.
    pub async fn finish(self, me: shared::api::Me) -> Result<(), NotSignedIn> {
        finish_sign_in(me, self.session, self.state).await?;
        self.home.run(());
        Ok(())
    }
}

/// Makes the device the signed-in user's and starts working: their data, the device's
/// number, the first sync. When the device cannot be theirs, the session is ended again.
async fn finish_sign_in(
    me: shared::api::Me,
    session: Session,
    state: SyncState,
) -> Result<(), NotSignedIn> {
    // The device opens this user's own data; another user's, unsent changes included,
    // stays apart for them. A device that cannot keep it ends the session again.
    if let Err(e) = local::sign_in(&me).await {
        let _ = api::logout().await;
        return Err(NotSignedIn::Storage(e));
    }
    // A password the head office chose is changed first: the server opens nothing else,
    // so the device is introduced and synced once it is (see the password page).
    if me.must_change_password {
        session.me.set(Some(me));
        return Ok(());
    }
    // The device gets its number now, while the network is there, so it can number
    // requests offline; a failure here is retried by the sync. An account on its most
    // devices, none of which may be released, is not signed in here.
    // Either way the device is left signed out (a user whose session had ended included),
    // with every user's data still on it.
    match sync::register_device().await {
        Err(SyncProblem::DevicesFull) => {
            let _ = api::logout().await;
            let _ = local::sign_out().await;
            state.problem.set(Some(SyncProblem::DevicesFull));
            session.me.set(None);
            return Err(NotSignedIn::DevicesFull);
        }
        // The server ended the session already; what waits on the device stays on it.
        Err(SyncProblem::DeviceLost) => {
            let _ = local::sign_out().await;
            state.problem.set(Some(SyncProblem::DeviceLost));
            session.me.set(None);
            return Err(NotSignedIn::DeviceLost);
        }
        _ => {}
    }
    session.me.set(Some(me));
    crate::update::keep_all_offline();
    state.problem.set(None);
    sync::request(state, session.me);
    Ok(())
}
