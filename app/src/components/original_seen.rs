//! What the forms an officer fills having seen a person's original share: the tick that
//! says so, which must be given, and what the server answered.

use leptos::prelude::*;
use shared::validation::FieldError;

use crate::api::ApiError;
use crate::context::I18n;

/// Arabic and English words.
type Words = (&'static str, &'static str);

/// Why such a step did not go through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failed {
    /// No active applicant account has the ID.
    NoAccount,
    /// The network is down.
    Offline,
    /// Anything else.
    Other,
}

/// What the server's answer means: done, refused field by field (the fields go to
/// `server_errors`, and nothing is shown besides them), or failed.
pub fn answered(
    answer: Result<(), ApiError>,
    server_errors: RwSignal<Vec<FieldError>>,
) -> Option<Result<(), Failed>> {
    match answer {
        Ok(()) => Some(Ok(())),
        Err(ApiError::Invalid(found)) => {
            server_errors.set(found);
            None
        }
        Err(ApiError::Refused { status: 404, .. }) => Some(Err(Failed::NoAccount)),
        Err(ApiError::Network(_)) => Some(Err(Failed::Offline)),
        Err(_) => Some(Err(Failed::Other)),
    }
}

/// The tick "I saw the original", and its reminder once the form was tried without it.
#[component]
pub fn SeenTick(
    id: &'static str,
    label: Words,
    missing: Words,
    seen: RwSignal<bool>,
    tried: RwSignal<bool>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |(ar, en): Words| i18n.get().pick(ar, en);
    view! {
        <div class="field check">
            <label for=id>
                <input id=id type="checkbox" prop:checked=move || seen.get()
                    on:change=move |ev| seen.set(event_target_checked(&ev))/>
                {move || t(label)}
            </label>
        </div>
        {move || (tried.get() && !seen.get()).then(|| view! {
            <p class="form-error" role="alert">{t(missing)}</p>
        })}
    }
}

/// What came of the step: `done` once it went through, else why not, `no_account` when
/// no account has the ID.
#[component]
pub fn Outcome(
    outcome: RwSignal<Option<Result<(), Failed>>>,
    done: Words,
    no_account: Words,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |(ar, en): Words| i18n.get().pick(ar, en);
    move || {
        outcome.get().map(|o| {
            match o {
        Ok(()) => view! { <p class="hint" role="status">{t(done)}</p> }.into_any(),
        Err(why) => view! { <p class="form-error" role="alert">{t(match why {
            Failed::NoAccount => no_account,
            Failed::Offline => ("يحتاج ذلك إلى الاتصال بالشبكة.", "This needs the network."),
            Failed::Other => ("تعذّر ذلك، حاول مرة أخرى.", "That did not work; please try again."),
        })}</p> }.into_any(),
    }
        })
    }
}
