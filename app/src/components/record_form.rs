//! The state the forms that make a record on the device share (an inquiry at the
//! reception, a need or suggestion): the rule's errors, shown once a field is typed in or
//! the form is sent, and the record kept as the server will keep it, or why it was not.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::records::New;
use shared::validation::FieldError;

use crate::components::field::Checked;
use crate::context::{I18n, Session};
use crate::device;
use crate::store::local;
use crate::store::records::{Kept, LocalRecord};
use crate::sync::{self, SyncState};

/// One record form's state; `Copy`, so every handler of the form holds it.
#[derive(Clone, Copy, Debug)]
pub struct RecordForm {
    /// The rule's errors, and when they show.
    pub checked: Checked,
    /// What the last sending came to: kept, or why the device could not keep it.
    pub saved: RwSignal<Option<Result<(), &'static str>>>,
}

impl RecordForm {
    /// A form whose rule is `check`, the shared rule of its record's input.
    pub fn new(check: impl Fn() -> Vec<FieldError> + Send + Sync + 'static) -> Self {
        Self {
            checked: Checked::new(check),
            saved: RwSignal::new(None),
        }
    }

    /// Sets a field; what the last sending came to no longer stands beside it.
    pub fn set(self, value: RwSignal<String>) -> Callback<String> {
        Callback::new(move |v: String| {
            self.saved.set(None);
            value.set(v);
        })
    }

    /// Keeps a record of `input` on the device, as the server will keep it (the same rule
    /// accepts it), and asks for a sync; once kept, `emptied` empties the form. A record
    /// the rule refuses shows its errors; one the device cannot keep says why.
    pub fn keep<R: Kept>(self, input: R::Input, emptied: impl FnOnce() + 'static) {
        self.checked.tried.set(true);
        let session = expect_context::<Session>();
        let state = expect_context::<SyncState>();
        let i18n = expect_context::<I18n>();
        let Some(me) = session.me.get_untracked() else {
            return;
        };
        let new = New {
            id: device::new_mutation_id(),
            at: Utc::now(),
            input,
        };
        let Ok(record) = R::accept(new, &me.actor()) else {
            return;
        };
        spawn_local(async move {
            match local::keep(LocalRecord::made_here(record)).await {
                Ok(()) => {
                    emptied();
                    self.checked.tried.set(false);
                    self.saved.set(Some(Ok(())));
                    state.local_change().await;
                    sync::request(state, session.me);
                }
                Err(e) => self
                    .saved
                    .set(Some(Err(i18n.0.get_untracked().storage(&e)))),
            }
        });
    }
}
