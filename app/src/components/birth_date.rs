//! A birth date typed in either calendar: Gregorian with the date picker, or Umm al-Qura
//! Hijri as a national ID card gives it; stored once, as the Gregorian day, with the other
//! calendar shown beside it.

use leptos::prelude::*;
use shared::dates::{hijri, parse_date, parse_hijri};
use shared::validation::ErrorCode;

use crate::components::field::TextField;
use crate::context::I18n;

/// The day `stored` holds, written as an ID card writes its Hijri date: `1410/10/22`.
fn hijri_text(stored: &str) -> Option<String> {
    let h = hijri(parse_date(stored).ok()?);
    Some(format!("{:04}/{:02}/{:02}", h.year, h.month, h.day))
}

/// The birth date field with its calendar switch. `value` is the stored text: the
/// Gregorian day (`YYYY-MM-DD`) once what was typed is a date, else what was typed, so the
/// rule says what is wrong and nothing typed is lost.
#[component]
pub fn BirthDateField(
    /// The input's id, also naming its error element.
    #[prop(into)]
    id: String,
    /// The stored value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the value to store.
    #[prop(into)]
    on_input: Callback<String>,
    /// The field's current error, if any.
    #[prop(into)]
    error: Signal<Option<ErrorCode>>,
    /// Whether to show the error yet.
    #[prop(into)]
    show: Signal<bool>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let in_hijri = RwSignal::new(false);
    // What is typed in Hijri, kept as typed: rewriting it while typing would move the caret.
    let typed = RwSignal::new(String::new());
    let switch = move |to_hijri: bool| {
        if to_hijri {
            let stored = value.get_untracked();
            typed.set(hijri_text(&stored).unwrap_or(stored));
        }
        in_hijri.set(to_hijri);
    };
    let type_hijri = Callback::new(move |text: String| {
        typed.set(text.clone());
        match parse_hijri(&text) {
            Ok(day) => on_input.run(day.to_string()),
            Err(_) => on_input.run(text),
        }
    });
    let other = move || {
        let day = parse_date(&value.get()).ok()?;
        let l = i18n.get();
        Some(if in_hijri.get() {
            format!("{} {}", l.pick("يوافق", "That is"), l.gregorian(day))
        } else {
            format!("{} {}", l.pick("يوافق", "That is"), l.hijri(day))
        })
    };
    let name = format!("{id}-calendar");
    let (gregorian_id, hijri_id) = (id.clone(), id.clone());
    view! {
        <div class="birth-date">
            <fieldset class="calendar-switch">
                <legend>{move || t("التقويم", "Calendar")}</legend>
                <label>
                    <input type="radio" name=name.clone() prop:checked=move || !in_hijri.get()
                        on:change=move |_| switch(false)/>
                    {move || t("ميلادي", "Gregorian")}
                </label>
                <label>
                    <input type="radio" name=name.clone() prop:checked=move || in_hijri.get()
                        on:change=move |_| switch(true)/>
                    {move || t("هجري", "Hijri")}
                </label>
            </fieldset>
            <Show when=move || in_hijri.get() fallback=move || view! {
                <TextField id=gregorian_id.clone() label=("تاريخ الميلاد (ميلادي)", "Birth date (Gregorian)")
                    value=value on_input=on_input input_type="date" dir="ltr" error=error show=show/>
            }>
                <TextField id=hijri_id.clone() label=("تاريخ الميلاد (هجري)", "Birth date (Hijri)")
                    value=typed on_input=type_hijri inputmode="numeric" dir="ltr" placeholder="1400/01/01"
                    error=error show=show maxlength=10usize/>
            </Show>
            <p class="hint calendar-other" aria-live="polite">{other}</p>
        </div>
    }
}
