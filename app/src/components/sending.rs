//! A form that sends one request to the server: its check first, then the refused fields
//! or the failure shown under it, and its button held while it waits.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::validation::FieldError;

use crate::api::ApiError;
use crate::components::form_errors::FormErrors;
use crate::components::loaded::problem;
use crate::context::I18n;

/// What such a form shows.
#[derive(Clone, Copy, Debug)]
pub struct Sending {
    /// The fields refused, by the shared check or by the server.
    pub errors: RwSignal<Vec<FieldError>>,
    /// Why the server's answer could not be had.
    pub failure: RwSignal<Option<ApiError>>,
    /// Whether it waits for the server.
    pub busy: RwSignal<bool>,
}

impl Sending {
    /// A form with nothing sent yet.
    pub fn new() -> Self {
        Self {
            errors: RwSignal::new(Vec::new()),
            failure: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// Sends `request` once `checked` passes, and gives its answer to `done`.
    pub fn send<T: 'static>(
        self,
        checked: Result<(), Vec<FieldError>>,
        request: impl Future<Output = Result<T, ApiError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        if let Err(found) = checked {
            self.errors.set(found);
            return;
        }
        self.errors.set(Vec::new());
        self.failure.set(None);
        self.busy.set(true);
        spawn_local(async move {
            match request.await {
                Ok(answer) => done(answer),
                Err(ApiError::Invalid(found)) => {
                    self.errors.try_set(found);
                }
                Err(e) => {
                    self.failure.try_set(Some(e));
                }
            }
            self.busy.try_set(false);
        });
    }
}

impl Default for Sending {
    fn default() -> Self {
        Self::new()
    }
}

/// The refused fields and the failure, under the form.
#[component]
pub fn SendProblems(sending: Sending) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <FormErrors errors=sending.errors/>
        {move || sending.failure.get().map(|e| view! { <p class="form-error" role="alert">{problem(i18n.get(), &e)}</p> })}
    }
}
