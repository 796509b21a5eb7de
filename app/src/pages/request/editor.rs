//! The request being edited: its form, its errors by the shared rules, and the saving of
//! every change to the device.

use std::collections::HashSet;

use chrono::Utc;
use leptos::prelude::*;
use shared::life::mutation::{Context, Op};
use shared::life::steps::submission_problems;
use shared::life::{may_attach, may_fill};
use shared::request::Step;
use shared::validation::{ErrorCode, Field, FieldError};
use shared::{Case, RequestForm};

use crate::components::field::field_error;
use crate::context::Session;
use crate::store::attachments::StoredFile;
use crate::store::writer::{self, Pending, SaveState, Shown};
use crate::store::{local, LocalCase, StoreError};
use crate::sync::SyncState;

/// The request being edited, shared by the steps.
#[derive(Clone, Copy, Debug)]
pub struct Editor {
    /// The case as last saved on the device.
    pub case: RwSignal<Case>,
    /// The form as typed.
    pub form: RwSignal<RequestForm>,
    /// Every problem of the form by the shared rules.
    errors: Memo<Vec<FieldError>>,
    /// Steps left at least once: their errors show even in untouched fields.
    left: RwSignal<HashSet<Step>>,
    /// Household members added since the step was last left, by key: a new member's empty
    /// fields stay quiet until each is left (the field shows its own error then) or the
    /// person goes on.
    fresh: RwSignal<HashSet<String>>,
    /// Whether a change made here took away the applicant's signature, which must then be
    /// given again.
    pub signature_cleared: RwSignal<bool>,
    /// The save state.
    pub saved: RwSignal<SaveState>,
    session: Session,
    sync: SyncState,
}

impl Editor {
    /// Starts editing a case from the device. A resumed draft shows what every step it
    /// answered still misses; a step no one wrote in stays quiet until it is left.
    pub fn new(local: LocalCase, session: Session) -> Self {
        let form = RwSignal::new(local.case.request.clone());
        // A draft with nothing typed yet is new: only what a draft starts with is in it
        // (the officer's channel, the applicant's ID and mobile from the account).
        let typed = &local.case.request;
        let mut blank = RequestForm {
            channel: typed.channel.clone(),
            ..RequestForm::default()
        };
        blank.applicant.national_id = typed.applicant.national_id.clone();
        blank.applicant.mobile = typed.applicant.mobile.clone();
        let resumed = *typed != blank;
        let answered: HashSet<Step> = super::STEPS
            .iter()
            .copied()
            .filter(|s| s.answered(typed))
            .collect();
        let case = RwSignal::new(local.case);
        let role = session
            .me
            .with_untracked(|me| me.as_ref().map_or(shared::Role::Applicant, |m| m.role));
        // Everything that stops the submission: the form as typed, with the case's
        // documents and signature (policies H2, H4), by the one rule the server applies.
        let errors = Memo::new(move |_| {
            let rules = Context {
                now: Utc::now(),
                answer_days: Context::DEFAULT_ANSWER_DAYS,
            };
            form.with(|f| {
                case.with(|c| {
                    let mut typed = c.clone();
                    typed.request = f.clone();
                    submission_problems(&typed, role, &rules)
                })
            })
        });
        let editor = Self {
            case,
            form,
            errors,
            left: RwSignal::new(if resumed { answered } else { HashSet::new() }),
            fresh: RwSignal::new(HashSet::new()),
            signature_cleared: RwSignal::new(false),
            saved: RwSignal::new(SaveState::Saved),
            session,
            sync: expect_context::<SyncState>(),
        };
        // Every change is written to the device as it is made; the first run only reads,
        // and a form that is already the case's (after a reload of it) is not written again.
        Effect::new(move |first: Option<()>| {
            let current = form.get();
            let changed = editor.case.with_untracked(|c| c.request != current);
            if first.is_some() && changed {
                editor.enqueue(Pending::Edit(current));
            }
        });
        // A signature that goes while the request stays a draft went with a change of its
        // data: say so where the person is, not only on the last step.
        Effect::new(move |was_signed: Option<bool>| {
            let (signed, draft) = editor.case.with(|c| {
                (
                    c.attestation.is_some(),
                    matches!(
                        c.status,
                        shared::CaseStatus::Draft | shared::CaseStatus::Incomplete
                    ),
                )
            });
            if signed {
                editor.signature_cleared.set(false);
            } else if was_signed == Some(true) && draft {
                editor.signature_cleared.set(true);
            }
            signed
        });
        editor.follow_device();
        editor
    }

    /// Shows what a sync brings to the case while the page is open (a decision, a visit,
    /// a call logged elsewhere), but never over typing not yet written: the device's copy
    /// already holds every change written from here, laid on the server's.
    fn follow_device(self) {
        let id = self.case.with_untracked(|c| c.id);
        let (case, form) = (self.case, self.form);
        self.sync.keep_loaded(
            move || {
                // The page's own saves move the device's data too: while one is being
                // written there is nothing to show from it, so the case is not read at
                // every key. The sync's round after it moves the data again.
                let own = writer::writing(id);
                async move {
                    if own {
                        Ok(None)
                    } else {
                        local::case(id).await
                    }
                }
            },
            move |found: Result<Option<LocalCase>, StoreError>| {
                // The page already shows the case; a failed read leaves it shown, and the
                // next change on the device reads again.
                let Ok(Some(local)) = found else { return };
                // A read may end after the page closed: its signals are gone then.
                let Some(typed) = form.try_get_untracked() else {
                    return;
                };
                let Some(shown) = case.try_get_untracked() else {
                    return;
                };
                if writer::writing(id) || shown.request != typed || shown == local.case {
                    return;
                }
                // The case first, so the form's save sees nothing new to write.
                let request = local.case.request.clone();
                case.try_set(local.case);
                form.try_set(request);
            },
        );
    }

    /// Whether this user may still change the request, tracked: only those who fill
    /// requests, and only while it is a draft or sent back as incomplete.
    pub fn editable(self) -> bool {
        may_fill(self.role(), self.case.with(|c| c.status))
    }

    /// Whether files may be attached now, tracked: also while an officer checks a
    /// submitted request against the originals.
    pub fn editable_now(self) -> bool {
        may_attach(self.role(), self.case.with(|c| c.status))
    }

    /// The signed-in user's role.
    pub fn role(self) -> shared::Role {
        self.session
            .me
            .with_untracked(|me| me.as_ref().map_or(shared::Role::Applicant, |m| m.role))
    }

    /// The signed-in user as changes are applied for.
    pub fn actor(self) -> Option<shared::people::Actor> {
        self.session
            .me
            .with_untracked(|me| me.as_ref().map(|m| m.actor()))
    }

    /// Whether this user is the applicant filling their own request.
    pub fn self_service(self) -> bool {
        !self.role().is_staff()
    }

    /// A part of the form as a value to show and a callback that changes it.
    pub fn bind(
        self,
        get: impl Fn(&RequestForm) -> String + Copy + Send + Sync + 'static,
        set: impl Fn(&mut RequestForm, String) + Copy + Send + Sync + 'static,
    ) -> (Signal<String>, Callback<String>) {
        let form = self.form;
        (
            Signal::derive(move || form.with(get)),
            Callback::new(move |v: String| form.update(|f| set(f, v))),
        )
    }

    /// The error of `field` (of the household member at `index`), if any.
    pub fn error(self, field: Field, index: Option<usize>) -> Signal<Option<ErrorCode>> {
        field_error(self.errors, field, index)
    }

    /// Whether to show a field's error: once something is typed in it, or once its step was
    /// left.
    pub fn show(self, step: Step, value: Signal<String>) -> Signal<bool> {
        let left = self.left;
        Signal::derive(move || {
            left.with(|l| l.contains(&step)) || !value.with(|v| v.trim().is_empty())
        })
    }

    /// Every problem that stops the submission, tracked.
    pub fn all_errors(self) -> Vec<FieldError> {
        self.errors.get()
    }

    /// Whether to show the error of a household member's field: as [`Self::show`], except
    /// that a member added since the step was last left stays quiet until something is
    /// typed (or the field is left, which the field itself notes).
    pub fn show_member(self, key: String, value: Signal<String>) -> Signal<bool> {
        let (left, fresh) = (self.left, self.fresh);
        Signal::derive(move || {
            !value.with(|v| v.trim().is_empty())
                || (!fresh.with(|f| f.contains(&key))
                    && left.with(|l| l.contains(&Step::Household)))
        })
    }

    /// Notes a household member just added.
    pub fn add_fresh(self, key: String) {
        self.fresh.update(|f| {
            f.insert(key);
        });
    }

    /// The problems of one step.
    pub fn errors_in(self, step: Step) -> Vec<FieldError> {
        self.errors.with(|all| {
            all.iter()
                .filter(|e| Step::of(e.field) == Some(step))
                .cloned()
                .collect()
        })
    }

    /// How many problems a step has.
    pub fn missing_in(self, step: Step) -> usize {
        self.errors.with(|all| {
            all.iter()
                .filter(|e| Step::of(e.field) == Some(step))
                .count()
        })
    }

    /// Whether `step` was left at least once.
    pub fn was_left(self, step: Step) -> bool {
        self.left.with(|l| l.contains(&step))
    }

    /// Notes that `step` is being left: going on shows every error in it, a new member's
    /// too.
    pub fn leave(self, step: Step) {
        if step == Step::Household && self.fresh.with_untracked(|f| !f.is_empty()) {
            self.fresh.update(HashSet::clear);
        }
        if !self.was_left(step) {
            self.left.update(|l| {
                l.insert(step);
            });
        }
    }

    /// Makes a change to the case other than typing (attach, verify, sign, submit): written
    /// after every change made before it.
    pub fn act(self, op: Op, file: Option<StoredFile>) {
        self.enqueue(Pending::Act(op, file));
    }

    /// Queues a change to be written after every change made before it, even if the page
    /// closes meanwhile.
    fn enqueue(self, change: Pending) {
        let shown = Shown {
            case: self.case,
            form: self.form,
            saved: self.saved,
        };
        self.case.with_untracked(|case| {
            writer::enqueue(case, change, shown, self.session, self.sync);
        });
    }
}
