//! What the forms an officer fills having seen a person's original share: their state,
//! the tick that says so, which must be given, and what the server answered.

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

/// The state of such a form: the tick, whether it was tried, what the server refused of
/// the last try, what came of it, and whether it is under way.
#[derive(Clone, Copy, Debug)]
pub struct SeenForm {
    /// The tick "I saw the original".
    pub seen: RwSignal<bool>,
    /// Whether it was tried: its errors show from then on.
    pub tried: RwSignal<bool>,
    server_errors: RwSignal<Vec<FieldError>>,
    /// What came of the last try.
    pub outcome: RwSignal<Option<Result<(), Failed>>>,
    /// Whether a try is under way.
    pub busy: RwSignal<bool>,
}

impl SeenForm {
    /// A form not yet tried.
    pub fn new() -> Self {
        Self {
            seen: RwSignal::new(false),
            tried: RwSignal::new(false),
            server_errors: RwSignal::new(Vec::new()),
            outcome: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// Every error of the form: what `check` (the shared rule) finds, and what the server
    /// refused of the last try.
    pub fn errors(
        self,
        check: impl Fn() -> Vec<FieldError> + Send + Sync + 'static,
    ) -> Memo<Vec<FieldError>> {
        let server = self.server_errors;
        Memo::new(move |_| {
            let mut all = check();
            all.extend(server.get());
            all
        })
    }

    /// The callback a field types into `value` through: a change forgets what the server
    /// said of the last try.
    pub fn typing(self, value: RwSignal<String>) -> Callback<String> {
        Callback::new(move |v: String| {
            self.server_errors.set(Vec::new());
            self.outcome.set(None);
            value.set(v);
        })
    }

    /// Whether the fields show their errors: once the form was tried.
    pub fn shown(self) -> Signal<bool> {
        let tried = self.tried;
        Signal::derive(move || tried.get())
    }

    /// The form's submit: it is tried, and when it may be sent, what `send` makes is sent
    /// and the try ended with the answer; done, each of `fields` is cleared.
    pub fn submit<Fut, const N: usize>(
        self,
        errors: Memo<Vec<FieldError>>,
        send: impl Fn() -> Fut + 'static,
        fields: [RwSignal<String>; N],
    ) -> impl Fn(leptos::ev::SubmitEvent) + 'static
    where
        Fut: std::future::Future<Output = Result<(), ApiError>> + 'static,
    {
        move |ev| {
            ev.prevent_default();
            if !self.begin(errors) {
                return;
            }
            let sent = send();
            leptos::task::spawn_local(async move { self.end(sent.await, &fields) });
        }
    }

    /// Marks the form tried, and whether it may be sent now: nothing wrong in `errors`,
    /// the original seen, and no try under way (which it then becomes).
    fn begin(self, errors: Memo<Vec<FieldError>>) -> bool {
        self.tried.set(true);
        if !errors.get_untracked().is_empty()
            || !self.seen.get_untracked()
            || self.busy.get_untracked()
        {
            return false;
        }
        self.busy.set(true);
        true
    }

    /// Ends a try with the server's `answer`: done, the form starts again empty (each of
    /// `fields` cleared).
    fn end(self, answer: Result<(), ApiError>, fields: &[RwSignal<String>]) {
        // The answer may come after the page closed: its signals are gone then.
        let done = answered(answer, self.server_errors);
        if done == Some(Ok(())) {
            for field in fields {
                field.try_set(String::new());
            }
            self.seen.try_set(false);
            self.tried.try_set(false);
        }
        self.outcome.try_set(done);
        self.busy.try_set(false);
    }
}

impl Default for SeenForm {
    fn default() -> Self {
        Self::new()
    }
}

/// What the server's answer means: done, refused field by field (the fields go to
/// `server_errors`, and nothing is shown besides them), or failed.
fn answered(
    answer: Result<(), ApiError>,
    server_errors: RwSignal<Vec<FieldError>>,
) -> Option<Result<(), Failed>> {
    match answer {
        Ok(()) => Some(Ok(())),
        Err(ApiError::Invalid(found)) => {
            server_errors.try_set(found);
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
