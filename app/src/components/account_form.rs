//! The state the account forms share (signing in, signing up, a forgotten password): the
//! rules' errors and the server's, shown once a field is typed in or the form is sent, a
//! problem that is no field's, and one submission at a time.

use leptos::prelude::*;
use shared::validation::FieldError;

use crate::api::ApiError;
use crate::components::code_step::refusal;
use crate::components::field::Checked;
use crate::context::I18n;

/// One account form's state; `Copy`, so every handler of the form holds it.
#[derive(Clone, Copy, Debug)]
pub struct AccountForm {
    /// The rules' errors and the server's, and when they show.
    pub checked: Checked,
    /// What the server found wrong with the last sending, until a field changes.
    server: RwSignal<Vec<FieldError>>,
    /// Why the last sending failed when no field is to blame.
    pub problem: RwSignal<Option<String>>,
    /// Whether a sending is under way.
    pub busy: RwSignal<bool>,
    i18n: I18n,
    /// What to say when the network is missing (Arabic, English).
    offline: (&'static str, &'static str),
}

impl AccountForm {
    /// A form whose own rules are `check` (the shared rule of its current step), and
    /// which says `offline` when the network is missing.
    pub fn new(
        check: impl Fn() -> Vec<FieldError> + Send + Sync + 'static,
        offline: (&'static str, &'static str),
    ) -> Self {
        let server = RwSignal::new(Vec::<FieldError>::new());
        let checked = Checked::new(move || {
            let mut all = check();
            all.extend(server.get());
            all
        });
        Self {
            checked,
            server,
            problem: RwSignal::new(None),
            busy: RwSignal::new(false),
            i18n: expect_context::<I18n>(),
            offline,
        }
    }

    /// Sets a field; what the server said of the last sending no longer holds.
    pub fn set(self, value: RwSignal<String>) -> Callback<String> {
        Callback::new(move |v: String| {
            self.server.set(Vec::new());
            value.set(v);
        })
    }

    /// Begins a sending: whether it may go, which it may not while the form has errors
    /// or another sending is under way. What the server said of the last sending is asked
    /// again, not held against this one.
    pub fn begin(self) -> bool {
        self.checked.tried.set(true);
        self.problem.set(None);
        self.server.set(Vec::new());
        if !self.checked.errors.get_untracked().is_empty() || self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        true
    }

    /// Ends a sending.
    pub fn end(self) {
        self.busy.try_set(false);
    }

    /// Moves to the form's next step: its fields are fresh, their errors quiet again.
    pub fn next_step(self) {
        self.checked.tried.set(false);
    }

    /// Forgets what the last sending came to, for details about to be changed.
    pub fn forget_last(self) {
        self.server.set(Vec::new());
        self.problem.set(None);
    }

    /// Shows what the server refused: the fields it names, or the problem in words.
    pub fn told(self, e: ApiError) {
        match e {
            ApiError::Invalid(errors) => self.server.set(errors),
            other => self.problem.set(Some(refusal(
                self.i18n.0.get_untracked(),
                &other,
                self.offline,
            ))),
        }
    }

    /// The problem, said where the person looks next.
    pub fn problem_view(self) -> impl IntoView {
        move || {
            self.problem
                .get()
                .map(|p| view! { <p class="form-error" role="alert">{p}</p> })
        }
    }
}
