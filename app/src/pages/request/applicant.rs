//! The applicant step: who they are, how to reach them, where they live.

use leptos::prelude::*;
use shared::request::applicant::{Gender, MaritalStatus, Nationality};
use shared::request::Step;
use shared::validation::Field;
use shared::{Channel, Governorate};

use super::{choices, Editor};
use crate::components::birth_date::BirthDateField;
use crate::components::field::{SelectField, TextArea, TextField};
use crate::components::location::LocationField;
use crate::context::I18n;

const STEP: Step = Step::Applicant;

/// Binds an applicant text field by its name in the form.
macro_rules! applicant {
    ($editor:expr, $name:ident) => {
        $editor.bind(|f| f.applicant.$name.clone(), |f, v| f.applicant.$name = v)
    };
}

/// The applicant's identity, contact and address.
#[component]
pub fn ApplicantStep() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let err = move |f| e.error(f, None);

    let (channel, set_channel) = e.bind(|f| f.channel.clone(), |f, v| f.channel = v);
    let (first, set_first) = applicant!(e, first_name);
    let (father, set_father) = applicant!(e, father_name);
    let (grandfather, set_grandfather) = applicant!(e, grandfather_name);
    let (family, set_family) = applicant!(e, family_name);
    let (national_id, set_national_id) = applicant!(e, national_id);
    let (birth, set_birth) = applicant!(e, birth_date);
    let (gender, set_gender) = applicant!(e, gender);
    let (marital, set_marital) = applicant!(e, marital_status);
    let (nationality, set_nationality) = applicant!(e, nationality);
    let (mobile, set_mobile) = applicant!(e, mobile);
    let (alt, set_alt) = applicant!(e, alt_mobile);
    let (governorate, set_governorate) = applicant!(e, governorate);
    let (centre, set_centre) = applicant!(e, centre);
    let (address, set_address) = applicant!(e, address);

    view! {
        {(!e.self_service()).then(|| view! {
            <div class="grid">
                <SelectField id="channel" label=("قناة التواصل", "Channel") value=channel on_input=set_channel
                    options={choices::<Channel>(i18n)} error=err(Field::Channel) show=e.show(STEP, channel)/>
            </div>
        })}
        <h2>{move || t("الاسم الرباعي", "Four-part name")}</h2>
        <div class="grid">
            <TextField id="first_name" label=("الاسم الأول", "First name") value=first on_input=set_first
                error=err(Field::FirstName) show=e.show(STEP, first) maxlength=40/>
            <TextField id="father_name" label=("اسم الأب", "Father's name") value=father on_input=set_father
                error=err(Field::FatherName) show=e.show(STEP, father) maxlength=40/>
            <TextField id="grandfather_name" label=("اسم الجد", "Grandfather's name") value=grandfather on_input=set_grandfather
                error=err(Field::GrandfatherName) show=e.show(STEP, grandfather) maxlength=40/>
            <TextField id="family_name" label=("اسم العائلة", "Family name") value=family on_input=set_family
                error=err(Field::FamilyName) show=e.show(STEP, family) maxlength=40/>
        </div>
        <h2>{move || t("الهوية", "Identity")}</h2>
        <div class="grid">
            <TextField id="national_id" label=("رقم الهوية الوطنية أو الإقامة", "National ID or iqama number")
                value=national_id on_input=set_national_id inputmode="numeric" placeholder="1XXXXXXXXX" dir="ltr"
                error=err(Field::NationalId) show=e.show(STEP, national_id) maxlength=14/>
            <BirthDateField id="birth_date" value=birth on_input=set_birth
                error=err(Field::BirthDate) show=e.show(STEP, birth)/>
            <SelectField id="gender" label=("الجنس", "Gender") value=gender on_input=set_gender
                options={choices::<Gender>(i18n)} error=err(Field::Gender) show=e.show(STEP, gender)/>
            <SelectField id="marital_status" label=("الحالة الاجتماعية", "Marital status") value=marital on_input=set_marital
                options={choices::<MaritalStatus>(i18n)} error=err(Field::MaritalStatus) show=e.show(STEP, marital)/>
            <SelectField id="nationality" label=("الجنسية", "Nationality") value=nationality on_input=set_nationality
                options={choices::<Nationality>(i18n)} error=err(Field::Nationality) show=e.show(STEP, nationality)/>
        </div>
        <h2>{move || t("التواصل", "Contact")}</h2>
        <div class="grid">
            <TextField id="mobile" label=("رقم الجوال", "Mobile number") value=mobile on_input=set_mobile
                inputmode="tel" placeholder="05XXXXXXXX" autocomplete="tel" dir="ltr"
                error=err(Field::Mobile) show=e.show(STEP, mobile) maxlength=20/>
            <TextField id="alt_mobile" label=("رقم آخر للتواصل (اختياري)", "Another number (optional)") value=alt on_input=set_alt
                inputmode="tel" placeholder="05XXXXXXXX" dir="ltr"
                error=err(Field::AltMobile) show=e.show(STEP, alt) maxlength=20/>
        </div>
        <h2>{move || t("العنوان", "Address")}</h2>
        <div class="grid">
            <SelectField id="governorate" label=("المحافظة", "Governorate") value=governorate on_input=set_governorate
                options={choices::<Governorate>(i18n)} error=err(Field::Governorate) show=e.show(STEP, governorate)/>
            <TextField id="centre" label=("المركز أو القرية", "Centre or village") value=centre on_input=set_centre
                error=err(Field::Centre) show=e.show(STEP, centre) maxlength=80/>
        </div>
        <TextArea id="address" label=("وصف العنوان", "How to find the home") value=address on_input=set_address
            error=err(Field::Address) show=e.show(STEP, address) maxlength=300/>
        <super::duplicates::DuplicateWarning/>
        <LocationField label=("موقع المسكن (اختياري)", "Location of the home (optional)")
            value=Signal::derive(move || e.form.with(|f| f.applicant.location))
            set=Callback::new(move |p| e.form.update(|f| f.applicant.location = p))
            error=e.error(Field::Location, None)/>
    }
}
