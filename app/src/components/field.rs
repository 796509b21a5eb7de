//! Labelled form fields whose error, from the shared rules, shows as the person types.
//!
//! A field reads its value through a signal and reports each change through a callback,
//! so one form held in one signal can bind any of its parts.

use leptos::prelude::*;
use shared::validation::{ErrorCode, Field, FieldError};

use crate::context::I18n;

/// What was typed in a free-text input or textarea, without the hidden characters the
/// shared rule takes out, so the draft holds what the server will keep.
pub fn typed(ev: &leptos::ev::Event) -> String {
    shared::text::tidy(&event_target_value(ev)).into_owned()
}

/// A form's errors by its rule, and when each shows: once its field holds something, or
/// once the form was sent.
#[derive(Clone, Copy, Debug)]
pub struct Checked {
    /// Whether the form was sent since it was last emptied.
    pub tried: RwSignal<bool>,
    /// Every error the rule finds now.
    pub errors: Memo<Vec<FieldError>>,
}

impl Checked {
    /// The errors `check` finds, none shown yet.
    pub fn new(check: impl Fn() -> Vec<FieldError> + Send + Sync + 'static) -> Self {
        Self {
            tried: RwSignal::new(false),
            errors: Memo::new(move |_| check()),
        }
    }

    /// The error of `field`.
    pub fn error_of(self, field: Field) -> Signal<Option<ErrorCode>> {
        field_error(self.errors, field, None)
    }

    /// Whether a field's error shows: once it holds something, or once the form was sent.
    pub fn shown(self, value: RwSignal<String>) -> Signal<bool> {
        Signal::derive(move || self.tried.get() || !value.get().is_empty())
    }
}

/// The error of `field` (of the household member at `index`) among `errors`, as a field
/// shows it.
pub fn field_error(
    errors: Memo<Vec<FieldError>>,
    field: Field,
    index: Option<usize>,
) -> Signal<Option<ErrorCode>> {
    Signal::derive(move || {
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == field && e.index == index)
                .map(|e| e.code.clone())
        })
    })
}

/// The error the shared rules or the server gave `field` of a form, as its field shows it.
pub fn error_of(errors: RwSignal<Vec<FieldError>>, field: Field) -> Signal<Option<ErrorCode>> {
    Signal::derive(move || {
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == field)
                .map(|e| e.code.clone())
        })
    })
}

/// A text input with its label and its localised error.
#[component]
pub fn TextField(
    /// The input's id, also naming its error element.
    #[prop(into)]
    id: String,
    /// The label, Arabic and English.
    label: (&'static str, &'static str),
    /// The value as typed.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new value on every keystroke.
    #[prop(into)]
    on_input: Callback<String>,
    /// The field's current error, if any.
    #[prop(into)]
    error: Signal<Option<ErrorCode>>,
    /// Whether to show the error yet (after something was typed or the step was left); it
    /// shows too once the field itself is left.
    #[prop(into)]
    show: Signal<bool>,
    /// The input's type: `text`, `date`…
    #[prop(default = "text")]
    input_type: &'static str,
    /// The keyboard to offer on phones and tablets.
    #[prop(default = "text")]
    inputmode: &'static str,
    /// An example of the expected form.
    #[prop(optional)]
    placeholder: &'static str,
    /// The browser's autofill hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Text direction of the value: numbers are written left to right even in Arabic.
    #[prop(default = "auto")]
    dir: &'static str,
    /// The longest value the input takes.
    #[prop(optional)]
    maxlength: Option<usize>,
) -> impl IntoView {
    let (visible, left) = shown_error(show, error);
    let error_id = format!("{id}-error");
    view! {
        <FieldFrame id=id.clone() label=label visible=visible>
            <input id=id type=input_type inputmode=inputmode placeholder=placeholder
                autocomplete=autocomplete dir=dir maxlength=maxlength
                aria-invalid=move || visible.get().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:blur=move |_| left.set(true)
                on:input=move |ev| on_input.run(typed(&ev))/>
        </FieldFrame>
    }
}

/// A multi-line text with its label and localised error.
#[component]
pub fn TextArea(
    /// The textarea's id.
    #[prop(into)]
    id: String,
    /// The label, Arabic and English.
    label: (&'static str, &'static str),
    /// The value as typed.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new value on every keystroke.
    #[prop(into)]
    on_input: Callback<String>,
    /// The field's current error, if any.
    #[prop(into)]
    error: Signal<Option<ErrorCode>>,
    /// Whether to show the error yet.
    #[prop(into)]
    show: Signal<bool>,
    /// The longest value the textarea takes.
    maxlength: usize,
) -> impl IntoView {
    let (visible, left) = shown_error(show, error);
    let error_id = format!("{id}-error");
    view! {
        <FieldFrame id=id.clone() label=label visible=visible>
            <textarea id=id rows="3" maxlength=maxlength
                aria-invalid=move || visible.get().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:blur=move |_| left.set(true)
                on:input=move |ev| on_input.run(typed(&ev))></textarea>
        </FieldFrame>
    }
}

/// A choice from a fixed list, with its label and localised error.
#[component]
pub fn SelectField(
    /// The select's id.
    #[prop(into)]
    id: String,
    /// The label, Arabic and English.
    label: (&'static str, &'static str),
    /// The chosen code.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the chosen code.
    #[prop(into)]
    on_input: Callback<String>,
    /// The options: code and label, in the current locale.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The field's current error, if any.
    #[prop(into)]
    error: Signal<Option<ErrorCode>>,
    /// Whether to show the error yet.
    #[prop(into)]
    show: Signal<bool>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let (visible, left) = shown_error(show, error);
    let error_id = format!("{id}-error");
    view! {
        <FieldFrame id=id.clone() label=label visible=visible>
            <select id=id
                aria-invalid=move || visible.get().is_some().to_string()
                aria-describedby=error_id.clone()
                on:blur=move |_| left.set(true)
                on:change=move |ev| on_input.run(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>
                    {move || i18n.get().pick("— اختر —", "— choose —")}
                </option>
                {move || options.get().into_iter().map(|(code, name)| {
                    let selected = code.clone();
                    view! { <option value=code selected=move || value.with(|v| *v == selected)>{name}</option> }
                }).collect_view()}
            </select>
        </FieldFrame>
    }
}

/// The error a field shows: once `show` says so, or once the field itself was left (a
/// person who moves on from an empty required field learns it at once); and the flag its
/// control sets when left.
fn shown_error(
    show: Signal<bool>,
    error: Signal<Option<ErrorCode>>,
) -> (Signal<Option<ErrorCode>>, RwSignal<bool>) {
    let left = RwSignal::new(false);
    let visible = Signal::derive(move || {
        if show.get() || left.get() {
            error.get()
        } else {
            None
        }
    });
    (visible, left)
}

/// The frame every field shares: its label, its control, and its error, whose element id
/// is the control's id with `-error`, for the control's `aria-describedby`.
#[component]
fn FieldFrame(
    id: String,
    label: (&'static str, &'static str),
    visible: Signal<Option<ErrorCode>>,
    children: Children,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <div class="field" class:invalid=move || visible.get().is_some()>
            <label for=id.clone()>{move || i18n.get().pick(label.0, label.1)}</label>
            {children()}
            <p class="field-error" id=format!("{id}-error") aria-live="polite">
                {move || visible.get().map(|e| i18n.get().error(&e))}
            </p>
        </div>
    }
}
