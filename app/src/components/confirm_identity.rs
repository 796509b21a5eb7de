//! An officer or the head office, having seen a person's original ID, confirms that the
//! applicant account of that ID is theirs: it then shows the requests taken under the ID.

use leptos::prelude::*;
use shared::identity::{IdentityConfirmation, IdentityDocument};
use shared::validation::Field;
use shared::Vocabulary;

use crate::api;
use crate::components::field::{field_error, SelectField, TextArea, TextField};
use crate::components::original_seen::{Outcome, SeenForm, SeenTick};
use crate::context::I18n;

/// The confirmation form, folded until opened.
#[component]
pub fn ConfirmIdentity() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let national_id = RwSignal::new(String::new());
    let document = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let form = SeenForm::new();
    let body = move || IdentityConfirmation {
        national_id: national_id.get(),
        document: document.get(),
        note: note.get(),
    };
    let errors = form.errors(move || body().check().err().unwrap_or_default());
    let (set, shown) = (move |s| form.typing(s), form.shown());
    let documents = Signal::derive(move || {
        let l = i18n.get();
        let mut options = vec![(String::new(), l.pick("— اختر —", "— choose —").to_owned())];
        options.extend(
            IdentityDocument::ALL
                .iter()
                .map(|d| (d.code().to_owned(), l.label(*d).to_owned())),
        );
        options
    });
    let submit = form.submit(
        errors,
        move || {
            let request = body();
            async move { api::confirm_identity(&request).await }
        },
        [national_id, document, note],
    );
    view! {
        <details class="card confirm-identity">
            <summary>{move || t("تأكيد هوية صاحب حساب", "Confirm who holds an account")}</summary>
            <p class="hint">{move || t(
                "رقم الهوية الذي يُكتب عند فتح الحساب لا يثبت صاحبه. إذا رأيت الهوية الأصلية لصاحب الحساب فأكّدها هنا، فتظهر في حسابه الطلبات المقدمة برقم هويته في النقاط. يُسجَّل ذلك باسمك مع الوثيقة التي رأيتها.",
                "The ID typed when an account is opened does not prove who holds it. If you have seen the account holder's original ID, confirm it here: the requests taken under that ID at the points then show in their account. This is logged under your name with the document you saw.",
            )}</p>
            <form on:submit=submit novalidate>
                <TextField id="confirm-national-id" label=("رقم الهوية", "ID number") value=national_id
                    on_input=set(national_id) inputmode="numeric" dir="ltr" maxlength=14
                    error=field_error(errors, Field::NationalId, None) show=shown/>
                <SelectField id="confirm-document" label=("الوثيقة الأصلية التي رأيتها", "The original you saw")
                    value=document on_input=set(document) options=documents
                    error=field_error(errors, Field::IdentityDocument, None) show=shown/>
                <TextArea id="confirm-note" label=("ملاحظة (اختياري)", "Note (optional)") value=note
                    on_input=set(note) maxlength=IdentityConfirmation::NOTE_MAX
                    error=field_error(errors, Field::Reason, None) show=shown/>
                <SeenTick id="confirm-seen" seen=form.seen tried=form.tried
                    label=("رأيت الوثيقة الأصلية وصاحبها أمامي", "I saw the original, with its holder")
                    missing=("أكّد أنك رأيت الوثيقة الأصلية", "Confirm you have seen the original")/>
                <button type="submit" disabled=move || form.busy.get()>{move || t("تأكيد الهوية", "Confirm the holder")}</button>
            </form>
            <Outcome outcome=form.outcome
                done=("أُكّدت الهوية: يرى صاحب الحساب الآن طلباته المقدمة برقم هويته.",
                    "Confirmed: the account now shows the requests taken under its ID.")
                no_account=("لا يوجد حساب مقدم طلب مفعّل بهذا الرقم.", "No active applicant account has this ID.")/>
        </details>
    }
}
