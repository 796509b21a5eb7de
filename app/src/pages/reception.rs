//! The reception (CH, H1): a request started, or an inquiry logged, in seconds; every
//! inquiry of the outreach point searchable, on the device.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::records::inquiry::{Inquiry, InquiryInput};
use shared::validation::Field;
use shared::{Channel, Vocabulary};

use crate::components::field::{SelectField, TextArea, TextField};
use crate::components::read_failed::{keep_read, ReadProblem};
use crate::components::record_form::RecordForm;
use crate::context::I18n;
use crate::pages::request::choices;
use crate::store::local;
use crate::store::records::LocalInquiry;
use crate::sync::SyncState;

/// The reception page.
#[component]
pub fn ReceptionPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let state = expect_context::<SyncState>();
    let t = move |ar, en| i18n.get().pick(ar, en);

    let channel = RwSignal::new(Channel::InPerson.code().to_owned());
    let person = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let list = RwSignal::new(Vec::<LocalInquiry>::new());

    let reading = keep_read(state, || async { local::records::<Inquiry>().await }, list);

    let input = move || InquiryInput {
        channel: channel.get(),
        person: person.get(),
        contact: contact.get(),
        summary: summary.get(),
    };
    let form = RecordForm::new(move || input().check().err().unwrap_or_default());
    let log = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.keep::<Inquiry>(input(), move || {
            for s in [person, contact, summary] {
                s.set(String::new());
            }
        });
    };

    let shown_list = move || {
        let q = query.get();
        list.get()
            .into_iter()
            .filter(|i| i.record.matches(&q))
            .collect::<Vec<_>>()
    };

    view! {
        <section class="page reception">
            <div class="page-head">
                <h1>{move || t("الاستقبال", "Reception")}</h1>
                <A href="/cases/new" attr:class="button primary">{move || t("بدء طلب دعم", "Start a support request")}</A>
            </div>
            <form class="card inquiry-form" on:submit=log novalidate>
                <h2>{move || t("تسجيل استفسار أو تواصل دون طلب", "Log an inquiry or contact without a request")}</h2>
                <div class="grid">
                    <SelectField id="inquiry-channel" label=("قناة التواصل", "Channel") value=channel on_input=form.set(channel)
                        options={choices::<Channel>(i18n)} error=form.checked.error_of(Field::Channel) show=form.checked.shown(channel)/>
                    <TextField id="inquiry-person" label=("اسم المراجع", "Who made contact") value=person on_input=form.set(person)
                        error=form.checked.error_of(Field::Person) show=form.checked.shown(person) maxlength=120/>
                    <TextField id="inquiry-contact" label=("رقم الجوال (اختياري)", "Mobile (optional)") value=contact
                        on_input=form.set(contact) inputmode="tel" dir="ltr" error=form.checked.error_of(Field::Mobile) show=form.checked.shown(contact) maxlength=20/>
                </div>
                <TextArea id="inquiry-summary" label=("موضوع التواصل وما أُجيب به", "What it was about and the answer given")
                    value=summary on_input=form.set(summary) error=form.checked.error_of(Field::Summary) show=form.checked.shown(summary) maxlength=2000/>
                <div class="actions">
                    <button type="submit" class="primary">{move || t("تسجيل الاستفسار", "Log the inquiry")}</button>
                    <span class="save-state" role="status">{move || form.saved.get().map(|s| match s {
                        Ok(()) => t("سُجّل على الجهاز", "Logged on this device"),
                        Err(p) => p,
                    })}</span>
                </div>
            </form>
            <crate::components::release_id::ReleaseId/>
            <crate::components::confirm_identity::ConfirmIdentity/>
            <h2>{move || t("سجل الاستفسارات", "Inquiries logged")}</h2>
            <ReadProblem reading=reading what=("سجل الاستفسارات", "the inquiries logged")/>
            <div class="field">
                <label for="inquiry-search">{move || t("بحث بالاسم أو الرقم أو الموضوع", "Search by name, number or subject")}</label>
                <input id="inquiry-search" type="search" prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))/>
            </div>
            <ul class="inquiries" aria-label=move || t("الاستفسارات", "Inquiries")>
                {move || shown_list().into_iter().map(|i| {
                    let l = i18n.get();
                    let channel = Channel::from_code(&i.record.input.channel).map(|c| l.label(c)).unwrap_or_default();
                    view! {
                        <li class="inquiry">
                            <div class="case-main">
                                <strong>{i.record.input.person.clone()}</strong>
                                <span dir="ltr" class="case-id">{i.record.input.contact.clone()}</span>
                            </div>
                            <p>{i.record.input.summary.clone()}</p>
                            <div class="case-meta">
                                <span>{channel}</span>
                                <span>{i.record.recorded_by.name.clone()}</span>
                                <span>{l.datetime(i.record.at)}</span>
                                {(!i.sent).then(|| view! { <span class="badge pending">{l.pick("بانتظار الإرسال", "Waiting to send")}</span> })}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || shown_list().is_empty().then(|| view! { <p class="empty">{t("لا استفسارات.", "No inquiries.")}</p> })}
        </section>
    }
}
