//! The list of a form's refused fields, each with why, in the current language.

use leptos::prelude::*;
use shared::validation::FieldError;

use crate::context::I18n;

/// The errors of a form; nothing while there are none. Announced as they appear.
#[component]
pub fn FormErrors(errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    move || {
        let l = i18n.get();
        let list = errors.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="form-error" role="alert"><ul>
                    {list.iter().map(|e| view! {
                        <li>{format!("{}: {}", l.field(e.field), l.error(&e.code))}</li>
                    }).collect_view()}
                </ul></div>
            }
        })
    }
}
