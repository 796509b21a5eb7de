//! The support step: which kinds of support, what exactly, and how urgent.

use leptos::prelude::*;
use shared::request::support::Urgency;
use shared::request::Step;
use shared::validation::Field;
use shared::{SupportType, Vocabulary};

use super::{choices, Editor};
use crate::components::field::{SelectField, TextArea};
use crate::context::I18n;

const STEP: Step = Step::Support;

/// The support asked for.
#[component]
pub fn SupportStep() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let (description, set_description) = e.bind(
        |f| f.support.description.clone(),
        |f, v| f.support.description = v,
    );
    let (urgency, set_urgency) =
        e.bind(|f| f.support.urgency.clone(), |f, v| f.support.urgency = v);
    let types_error = e.error(Field::SupportTypes, None);
    let types_touched = Signal::derive(move || e.form.with(|f| f.support.types.join(",")));
    let types_shown = e.show(STEP, types_touched);
    let visible = move || {
        if types_shown.get() {
            types_error.get()
        } else {
            None
        }
    };
    let toggle = move |code: &'static str, on: bool| {
        e.form.update(|f| {
            f.support.types.retain(|t| t != code);
            if on {
                f.support.types.push(code.to_owned());
            }
        })
    };
    view! {
        <fieldset class="field choices" class:invalid=move || visible().is_some()
            aria-describedby="support_types-error" id="support_types">
            <legend>{move || t("نوع الدعم المطلوب (واحد أو أكثر)", "Support asked for (one or more)")}</legend>
            {SupportType::ALL.iter().map(|s| {
                let code = s.code();
                let s = *s;
                let checked = move || e.form.with(|f| f.support.types.iter().any(|t| t == code));
                view! {
                    <label class="choice">
                        <input type="checkbox" value=code prop:checked=checked
                            on:change=move |ev| toggle(code, event_target_checked(&ev))/>
                        <span>{move || i18n.get().label(s)}</span>
                    </label>
                }
            }).collect_view()}
            <p class="field-error" id="support_types-error" aria-live="polite">
                {move || visible().map(|c| i18n.get().error(&c))}
            </p>
        </fieldset>
        <TextArea id="description" label=("وصف الاحتياج", "What is needed") value=description
            on_input=set_description error=e.error(Field::Description, None) show=e.show(STEP, description)
            maxlength=2000/>
        <div class="grid">
            <SelectField id="urgency" label=("درجة الاستعجال", "Urgency") value=urgency on_input=set_urgency
                options={choices::<Urgency>(i18n)} error=e.error(Field::Urgency, None) show=e.show(STEP, urgency)/>
        </div>
    }
}
