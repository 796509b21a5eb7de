//! The association's settings: how applicants reach it, the days to an answer (H5) and
//! the quiet hours, each save a new version.

use chrono::NaiveTime;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::Contact;
use shared::setup::{QuietHours, Settings, SettingsEdit, SettingsHistory};
use shared::validation::{ErrorCode, Field, FieldError};

use crate::api::{self, ApiError};
use crate::components::field::{error_of, TextField};
use crate::components::loaded::{problem, Loaded};
use crate::context::I18n;

/// The settings form, filled from the version in force.
#[component]
pub fn SettingsForm(changed: Trigger) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let reload = Trigger::new();
    // Kept here, so that what a save said outlives the editor drawn again from its result.
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let history = LocalResource::new(move || {
        reload.track();
        api::settings()
    });
    view! {
        <section class="card settings" id="settings" aria-labelledby="settings-title">
            <h2 id="settings-title">{move || t("إعدادات الجمعية", "The association's settings")}</h2>
            <Loaded from=history let:h>
                <Editor history=h changed=changed reload=reload outcome=outcome/>
            </Loaded>
        </section>
    }
}

fn time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

#[component]
fn Editor(
    history: SettingsHistory,
    changed: Trigger,
    reload: Trigger,
    outcome: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let current = history.current.clone();
    let s = current.settings.clone();
    let phone = RwSignal::new(s.contact.phone.clone().unwrap_or_default());
    let email = RwSignal::new(s.contact.email.clone().unwrap_or_default());
    let website = RwSignal::new(s.contact.website.clone().unwrap_or_default());
    let days = RwSignal::new(s.answer_days.to_string());
    let quiet = RwSignal::new(s.quiet_hours.is_some());
    let from = RwSignal::new(
        s.quiet_hours
            .map(|q| q.from.format("%H:%M").to_string())
            .unwrap_or_else(|| "22:00".into()),
    );
    let to = RwSignal::new(
        s.quiet_hours
            .map(|q| q.to.format("%H:%M").to_string())
            .unwrap_or_else(|| "07:00".into()),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    let version = current.version;
    // What was typed, or the first field whose text is not a value at all.
    let typed = move || -> Result<Settings, FieldError> {
        let refused = |field, code| FieldError {
            field,
            index: None,
            code,
        };
        let answer_days = shared::digits::to_ascii_digits(days.get_untracked().trim())
            .parse()
            .map_err(|_| refused(Field::AnswerDays, ErrorCode::DigitsOnly))?;
        let quiet_hours = if quiet.get_untracked() {
            match (time(&from.get_untracked()), time(&to.get_untracked())) {
                (Some(from), Some(to)) => Some(QuietHours { from, to }),
                _ => return Err(refused(Field::QuietHours, ErrorCode::Required)),
            }
        } else {
            None
        };
        let some = |v: String| (!v.trim().is_empty()).then_some(v);
        Ok(Settings {
            contact: Contact {
                phone: some(phone.get_untracked()),
                email: some(email.get_untracked()),
                website: some(website.get_untracked()),
            },
            answer_days,
            quiet_hours,
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = match typed().map(|s| s.check()) {
            Err(e) => {
                errors.set(vec![e]);
                return;
            }
            Ok(Err(found)) => {
                errors.set(found);
                return;
            }
            Ok(Ok(s)) => s,
        };
        errors.set(Vec::new());
        outcome.set(None);
        busy.set(true);
        spawn_local(async move {
            let answer = api::save_settings(&SettingsEdit { version, settings }).await;
            busy.set(false);
            let l = i18n.0.get_untracked();
            match answer {
                Ok(saved) => {
                    outcome.set(Some(Ok(format!(
                        "{} {}",
                        l.pick("حُفظ الإصدار", "Saved version"),
                        saved.version
                    ))));
                    changed.notify();
                    reload.notify();
                }
                Err(ApiError::Invalid(found)) => {
                    let said = found.first().map(|e| l.error(&e.code)).unwrap_or_default();
                    errors.set(found);
                    outcome.set(Some(Err(said)));
                }
                Err(e) => outcome.set(Some(Err(problem(l, &e).to_owned()))),
            }
        });
    };
    let show = Signal::derive(|| true);
    let by = current.by.clone();
    let at = current.at;
    let earlier = history.earlier.clone();
    view! {
        <form class="panel settings-form" novalidate on:submit=submit aria-labelledby="settings-title">
            <p class="hint">
                {move || format!("{} {version} — {}", t("الإصدار", "Version"), i18n.get().datetime(at))}
                {move || match &by {
                    Some(by) => format!(" — {by}"),
                    None => format!(" — {}", t("من إعدادات التشغيل الأولى", "from the first start's flags")),
                }}
            </p>
            <fieldset>
                <legend>{move || t("كيف يتواصل المستفيد مع الجمعية (تظهر في صفحته الأولى)", "How applicants reach the association (shown on their start page)")}</legend>
                <TextField id="settings-phone" label=("الهاتف", "Phone") dir="ltr" input_type="tel" inputmode="tel"
                    value=phone on_input=move |v| phone.set(v) placeholder="920000000"
                    error=error_of(errors, Field::Phone) show=show/>
                <TextField id="settings-email" label=("البريد الإلكتروني", "E-mail") dir="ltr" input_type="email" inputmode="email"
                    value=email on_input=move |v| email.set(v) placeholder="info@example.org.sa"
                    error=error_of(errors, Field::Email) show=show/>
                <TextField id="settings-website" label=("الموقع الإلكتروني", "Website") dir="ltr" input_type="url" inputmode="url"
                    value=website on_input=move |v| website.set(v) placeholder="https://example.org.sa"
                    error=error_of(errors, Field::Website) show=show/>
            </fieldset>
            <TextField id="settings-days" label=("أيام الرد على الطلب (١٤ على الأقل، البند H5)", "Days to answer a request (at least 14, clause H5)")
                dir="ltr" inputmode="numeric" value=days on_input=move |v| days.set(v)
                error=error_of(errors, Field::AnswerDays) show=show/>
            <fieldset>
                <legend>{move || t("ساعات الهدوء (بتوقيت الرياض): تنتظر فيها الرسائل غير العاجلة إلى الصباح", "Quiet hours (Riyadh time): messages that can wait go in the morning")}</legend>
                <label>
                    <input type="checkbox" prop:checked=move || quiet.get()
                        on:change=move |ev| quiet.set(event_target_checked(&ev))/>
                    {move || t("لا تُرسل الرسائل غير العاجلة في هذه الساعات", "Hold messages that can wait in these hours")}
                </label>
                <Show when=move || quiet.get()>
                    <div class="search-row">
                        <label for="settings-quiet-from">{move || t("من", "From")}</label>
                        <input id="settings-quiet-from" type="time" dir="ltr" prop:value=move || from.get()
                            on:input=move |ev| from.set(event_target_value(&ev))/>
                        <label for="settings-quiet-to">{move || t("إلى", "To")}</label>
                        <input id="settings-quiet-to" type="time" dir="ltr" prop:value=move || to.get()
                            on:input=move |ev| to.set(event_target_value(&ev))/>
                    </div>
                </Show>
                <p class="field-error" aria-live="polite">
                    {move || error_of(errors, Field::QuietHours).get().map(|e| i18n.get().error(&e))}
                </p>
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>{move || t("حفظ إصدار جديد", "Save a new version")}</button>
            </div>
            {move || outcome.get().map(|o| match o {
                Ok(text) => view! { <p class="done" role="status">{text}</p> }.into_any(),
                Err(text) => view! { <p class="form-error" role="alert">{text}</p> }.into_any(),
            })}
            {(!earlier.is_empty()).then(|| view! {
                <details>
                    <summary>{move || t("الإصدارات السابقة", "Earlier versions")}</summary>
                    <ul class="versions">
                        {earlier.iter().map(|v| {
                            let s = v.settings.clone();
                            let who = v.by.clone().unwrap_or_default();
                            let (n, at) = (v.version, v.at);
                            view! {
                                <li class="hint">
                                    {move || format!("{} {n} — {} {who}", t("الإصدار", "Version"), i18n.get().datetime(at))}
                                    <br/>
                                    <bdi dir="ltr">{format!(
                                        "{} · {} · {} · {} days · {}",
                                        s.contact.phone.clone().unwrap_or_default(),
                                        s.contact.email.clone().unwrap_or_default(),
                                        s.contact.website.clone().unwrap_or_default(),
                                        s.answer_days,
                                        s.quiet_hours.map(|q| format!("{}–{}", q.from.format("%H:%M"), q.to.format("%H:%M"))).unwrap_or_else(|| "—".into()),
                                    )}</bdi>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </form>
    }
}
