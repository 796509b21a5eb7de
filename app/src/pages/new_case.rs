//! The new-request form: validated by the shared rules as the officer types, saved to the device.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use shared::case::CaseInput;
use shared::sync::{apply, Mutation, Op};
use shared::validation::{ErrorCode, Field};
use shared::{CaseStatus, Channel, Governorate, SupportType, Vocabulary};

use crate::app::{I18n, Session};
use crate::components::field::{SelectField, TextField};
use crate::device;
use crate::store::{LocalCase, Store};
use crate::sync::{self, SyncState};

/// The form's fields as typed.
#[derive(Clone, Copy)]
struct Form {
    first_name: RwSignal<String>,
    father_name: RwSignal<String>,
    grandfather_name: RwSignal<String>,
    family_name: RwSignal<String>,
    national_id: RwSignal<String>,
    mobile: RwSignal<String>,
    governorate: RwSignal<String>,
    channel: RwSignal<String>,
    support_type: RwSignal<String>,
    notes: RwSignal<String>,
}

impl Form {
    fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Self {
            first_name: s(),
            father_name: s(),
            grandfather_name: s(),
            family_name: s(),
            national_id: s(),
            mobile: s(),
            governorate: s(),
            // Most requests at an outreach point are taken face to face.
            channel: RwSignal::new(Channel::InPerson.code().to_owned()),
            support_type: s(),
            notes: s(),
        }
    }

    fn input(self) -> CaseInput {
        CaseInput {
            first_name: self.first_name.get(),
            father_name: self.father_name.get(),
            grandfather_name: self.grandfather_name.get(),
            family_name: self.family_name.get(),
            national_id: self.national_id.get(),
            mobile: self.mobile.get(),
            governorate: self.governorate.get(),
            channel: self.channel.get(),
            support_type: self.support_type.get(),
            notes: self.notes.get(),
        }
    }

    fn value(self, field: Field) -> RwSignal<String> {
        match field {
            Field::FirstName => self.first_name,
            Field::FatherName => self.father_name,
            Field::GrandfatherName => self.grandfather_name,
            Field::FamilyName => self.family_name,
            Field::NationalId => self.national_id,
            Field::Mobile => self.mobile,
            Field::Governorate => self.governorate,
            Field::Channel => self.channel,
            Field::SupportType => self.support_type,
            Field::Notes => self.notes,
        }
    }
}

/// Takes a new support request.
#[component]
pub fn NewCasePage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let state = expect_context::<SyncState>();
    let navigate = use_navigate();
    let t = move |ar, en| i18n.get().pick(ar, en);

    let form = Form::new();
    let errors = Memo::new(move |_| form.input().validate().err().unwrap_or_default());
    let tried = RwSignal::new(false);
    let save_error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);

    let error_of = move |field: Field| {
        Signal::derive(move || {
            errors
                .get()
                .into_iter()
                .find(|e| e.field == field)
                .map(|e| e.code)
        })
    };
    // An error shows once something was typed in the field, or after a save was tried.
    let show_of = move |field: Field| {
        Signal::derive(move || tried.get() || !form.value(field).get().trim().is_empty())
    };

    let save = move |submit: bool| {
        tried.set(true);
        let Some(me) = session.me.get_untracked() else {
            return;
        };
        let input = form.input();
        if let Err(errors) = input.validate() {
            focus_first(&errors);
            return;
        }
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let actor = me.actor();
            let now = Utc::now();
            let case_id = device::new_case_id();
            let mut mutations = vec![Mutation {
                mutation_id: device::new_mutation_id(),
                case_id,
                base_revision: 0,
                created_at: now,
                op: Op::Create { input },
            }];
            if submit {
                mutations.push(Mutation {
                    mutation_id: device::new_mutation_id(),
                    case_id,
                    base_revision: 0,
                    created_at: now,
                    op: Op::Transition {
                        to: CaseStatus::Submitted,
                    },
                });
            }
            // The same rules the server applies, applied here so the case shows at once.
            let mut case = None;
            for m in &mutations {
                match apply(case.as_ref(), m, &actor, now) {
                    Ok(next) => case = Some(next),
                    Err(e) => {
                        save_error.set(Some(e.to_string()));
                        saving.set(false);
                        return;
                    }
                }
            }
            let Some(case) = case else { return };
            let result = match Store::get().await {
                Ok(store) => store.record(&LocalCase::new(case), &mutations).await,
                Err(e) => Err(e),
            };
            saving.set(false);
            match result {
                Ok(()) => {
                    state.local_change().await;
                    sync::request(state, session.me);
                    navigate("/", Default::default());
                }
                Err(e) => save_error.set(Some(e.to_string())),
            }
        });
    };
    let save_draft = {
        let save = save.clone();
        move |_| save(false)
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(true);
    };

    let notes_error = error_of(Field::Notes);

    view! {
        <section class="page">
            <h1>{move || t("طلب دعم مستفيد", "Beneficiary support request")}</h1>
            <form on:submit=on_submit novalidate class="case-form">
                <fieldset>
                    <legend>{move || t("اسم مقدم الطلب الرباعي", "Applicant's four-part name")}</legend>
                    <div class="grid">
                        <TextField id="first_name" label=("الاسم الأول", "First name") value=form.first_name
                            error=error_of(Field::FirstName) show=show_of(Field::FirstName)/>
                        <TextField id="father_name" label=("اسم الأب", "Father's name") value=form.father_name
                            error=error_of(Field::FatherName) show=show_of(Field::FatherName)/>
                        <TextField id="grandfather_name" label=("اسم الجد", "Grandfather's name") value=form.grandfather_name
                            error=error_of(Field::GrandfatherName) show=show_of(Field::GrandfatherName)/>
                        <TextField id="family_name" label=("اسم العائلة", "Family name") value=form.family_name
                            error=error_of(Field::FamilyName) show=show_of(Field::FamilyName)/>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{move || t("الهوية والتواصل", "Identity and contact")}</legend>
                    <div class="grid">
                        <TextField id="national_id" label=("رقم الهوية الوطنية أو الإقامة", "National ID or iqama number")
                            value=form.national_id inputmode="numeric" placeholder="1XXXXXXXXX" dir="ltr"
                            error=error_of(Field::NationalId) show=show_of(Field::NationalId)/>
                        <TextField id="mobile" label=("رقم الجوال", "Mobile number")
                            value=form.mobile inputmode="tel" placeholder="05XXXXXXXX" autocomplete="tel" dir="ltr"
                            error=error_of(Field::Mobile) show=show_of(Field::Mobile)/>
                        <SelectField id="governorate" label=("المحافظة", "Governorate") value=form.governorate
                            options={choices::<Governorate>(i18n)}
                            error=error_of(Field::Governorate) show=show_of(Field::Governorate)/>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{move || t("الطلب", "The request")}</legend>
                    <div class="grid">
                        <SelectField id="support_type" label=("نوع الدعم المطلوب", "Support requested") value=form.support_type
                            options={choices::<SupportType>(i18n)}
                            error=error_of(Field::SupportType) show=show_of(Field::SupportType)/>
                        <SelectField id="channel" label=("قناة التواصل", "Channel") value=form.channel
                            options={choices::<Channel>(i18n)}
                            error=error_of(Field::Channel) show=show_of(Field::Channel)/>
                    </div>
                    <div class="field" class:invalid=move || notes_error.get().is_some()>
                        <label for="notes">{move || t("ملاحظات", "Notes")}</label>
                        <textarea id="notes" rows="3" aria-describedby="notes-error"
                            prop:value=move || form.notes.get()
                            on:input=move |ev| form.notes.set(event_target_value(&ev))></textarea>
                        <p class="field-error" id="notes-error">
                            {move || notes_error.get().map(|e: ErrorCode| i18n.get().error(&e))}
                        </p>
                    </div>
                </fieldset>
                {move || (tried.get() && !errors.get().is_empty()).then(|| view! {
                    <p class="form-error" role="alert">
                        {t("لم يُحفظ الطلب: صحّح الحقول المشار إليها.", "Not saved: correct the fields marked.")}
                    </p>
                })}
                {move || save_error.get().map(|e| view! {
                    <p class="form-error" role="alert">
                        {t("تعذّر الحفظ على الجهاز: ", "Could not save on this device: ")}{e}
                    </p>
                })}
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || saving.get()>
                        {move || t("حفظ وتقديم الطلب", "Save and submit")}
                    </button>
                    <button type="button" disabled=move || saving.get() on:click=save_draft>
                        {move || t("حفظ كمسودة", "Save as draft")}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The values of a fixed list as a select's options, named in the current language.
fn choices<T: Vocabulary>(i18n: I18n) -> Signal<Vec<(&'static str, &'static str)>> {
    Signal::derive(move || {
        T::ALL
            .iter()
            .map(|v| (v.code(), i18n.get().label(*v)))
            .collect()
    })
}

/// Moves the focus (and the screen) to the first refused field, whose input has the
/// field's wire name as its id.
fn focus_first(errors: &[shared::validation::FieldError]) {
    let Some(first) = errors.first() else { return };
    let Ok(serde_json::Value::String(id)) = serde_json::to_value(first.field) else {
        return;
    };
    let element = document()
        .get_element_by_id(&id)
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
