//! The housing step: the current home, with the rent asked only when it is rented.

use leptos::prelude::*;
use shared::request::housing::{BuildingType, Condition, Ownership};
use shared::request::Step;
use shared::validation::Field;

use super::{choices, Editor};
use crate::components::field::{SelectField, TextArea, TextField};
use crate::context::I18n;

const STEP: Step = Step::Housing;

macro_rules! housing {
    ($editor:expr, $name:ident) => {
        $editor.bind(|f| f.housing.$name.clone(), |f, v| f.housing.$name = v)
    };
}

/// The home the applicant lives in now.
#[component]
pub fn HousingStep() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let err = move |f| e.error(f, None);
    let (ownership, set_ownership) = housing!(e, ownership);
    let (building, set_building) = housing!(e, building_type);
    let (condition, set_condition) = housing!(e, condition);
    let (rooms, set_rooms) = housing!(e, rooms);
    let (rent, set_rent) = housing!(e, rent);
    let (problems, set_problems) = housing!(e, problems);
    let owns = move || Ownership::from_code(&ownership.get());
    let has_home = move || owns() != Some(Ownership::NoHome);
    let rented = move || owns() == Some(Ownership::Rented);
    view! {
        <div class="grid">
            <SelectField id="ownership" label=("ملكية المسكن", "Ownership") value=ownership on_input=set_ownership
                options={choices::<Ownership>(i18n)} error=err(Field::Ownership) show=e.show(STEP, ownership)/>
            <Show when=rented>
                <TextField id="rent" label=("الإيجار السنوي (ريال)", "Yearly rent (SAR)") value=rent on_input=set_rent
                    inputmode="decimal" dir="ltr" error=err(Field::Rent) show=e.show(STEP, rent) maxlength=14/>
            </Show>
            <Show when=has_home>
                <SelectField id="building_type" label=("نوع البناء", "Building type") value=building on_input=set_building
                    options={choices::<BuildingType>(i18n)} error=err(Field::BuildingType) show=e.show(STEP, building)/>
                <SelectField id="condition" label=("حالة المسكن", "Condition") value=condition on_input=set_condition
                    options={choices::<Condition>(i18n)} error=err(Field::Condition) show=e.show(STEP, condition)/>
                <TextField id="rooms" label=("عدد الغرف", "Number of rooms") value=rooms on_input=set_rooms
                    inputmode="numeric" dir="ltr" error=err(Field::Rooms) show=e.show(STEP, rooms) maxlength=3/>
            </Show>
        </div>
        <TextArea id="problems" label=("مشكلات المسكن (اختياري)", "The home's problems (optional)") value=problems
            on_input=set_problems error=err(Field::Problems) show=e.show(STEP, problems) maxlength=1000/>
    }
}
