//! The income step: the household's monthly income by source, and its total.

use leptos::prelude::*;
use shared::request::Step;
use shared::validation::Field;

use super::Editor;
use crate::components::field::TextField;
use crate::context::I18n;

const STEP: Step = Step::Income;

macro_rules! income {
    ($editor:expr, $name:ident) => {
        $editor.bind(|f| f.income.$name.clone(), |f, v| f.income.$name = v)
    };
}

/// The monthly amounts, in riyals; an empty amount is none.
#[component]
pub fn IncomeStep() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let err = move |f| e.error(f, None);
    let (salary, set_salary) = income!(e, salary);
    let (security, set_security) = income!(e, social_security);
    let (citizen, set_citizen) = income!(e, citizen_account);
    let (pension, set_pension) = income!(e, pension);
    let (other, set_other) = income!(e, other);
    let (source, set_source) = income!(e, other_source);
    let total = move || e.form.with(|f| f.income.total().grouped());
    let other_given = move || !other.get().trim().is_empty();
    view! {
        <p class="hint">{move || t(
            "الدخل الشهري للأسرة بالريال. اترك المصدر فارغًا إن لم يوجد.",
            "The household's monthly income in riyals. Leave a source empty if there is none.",
        )}</p>
        <div class="grid">
            <TextField id="salary" label=("الراتب", "Salary") value=salary on_input=set_salary
                inputmode="decimal" dir="ltr" error=err(Field::IncomeSalary) show=e.show(STEP, salary) maxlength=14/>
            <TextField id="social_security" label=("الضمان الاجتماعي", "Social security") value=security
                on_input=set_security inputmode="decimal" dir="ltr"
                error=err(Field::IncomeSocialSecurity) show=e.show(STEP, security) maxlength=14/>
            <TextField id="citizen_account" label=("حساب المواطن", "Citizen account") value=citizen
                on_input=set_citizen inputmode="decimal" dir="ltr"
                error=err(Field::IncomeCitizenAccount) show=e.show(STEP, citizen) maxlength=14/>
            <TextField id="pension" label=("التقاعد", "Pension") value=pension on_input=set_pension
                inputmode="decimal" dir="ltr" error=err(Field::IncomePension) show=e.show(STEP, pension) maxlength=14/>
            <TextField id="other" label=("دخل آخر", "Other income") value=other on_input=set_other
                inputmode="decimal" dir="ltr" error=err(Field::IncomeOther) show=e.show(STEP, other) maxlength=14/>
            <Show when=other_given>
                <TextField id="other_source" label=("مصدر الدخل الآخر", "Source of the other income") value=source
                    on_input=set_source error=err(Field::IncomeOtherSource) show=e.show(STEP, source) maxlength=100/>
            </Show>
        </div>
        <p class="total" role="status">
            {move || t("إجمالي الدخل الشهري:", "Total monthly income:")}
            " "<output id="income-total" dir="ltr">{total}</output>" "{move || t("ريال", "SAR")}
        </p>
    }
}
