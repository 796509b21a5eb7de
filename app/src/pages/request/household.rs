//! The household step: the people who live with the applicant, added and removed freely.

use leptos::prelude::*;
use shared::request::household::{Health, MemberForm, Occupation, Relation, MAX_MEMBERS};
use shared::validation::Field;

use super::{choices, Editor};
use crate::components::after_paint::AfterPaint;
use crate::components::birth_date::BirthDateField;
use crate::components::field::{SelectField, TextField};
use crate::context::I18n;

/// Binds a text field of the member at `i` by its name.
macro_rules! member {
    ($editor:expr, $i:expr, $name:ident) => {{
        let i = $i;
        $editor.bind(
            move |f| {
                f.household
                    .get(i)
                    .map(|m| m.$name.clone())
                    .unwrap_or_default()
            },
            move |f, v| {
                if let Some(m) = f.household.get_mut(i) {
                    m.$name = v;
                }
            },
        )
    }};
}

/// The household members, one card each.
#[component]
pub fn HouseholdStep() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    // Each member's place and key: a member added draws its own card alone, and one
    // removed draws again only the cards after it, whose places moved.
    let members = Memo::new(move |_| {
        e.form.with(|f| {
            f.household
                .iter()
                .enumerate()
                .map(|(i, m)| (i, m.key.clone()))
                .collect::<Vec<_>>()
        })
    });
    let count = Memo::new(move |_| members.with(Vec::len));
    let add = move |_| {
        // Made here, so edits of this member from two devices meet field by field.
        let key = crate::device::new_case_id().to_string();
        e.add_fresh(key.clone());
        e.form.update(|f| {
            f.household.push(MemberForm {
                key,
                health: Health::Healthy.code().to_owned(),
                ..MemberForm::default()
            })
        });
        // The new member's first field takes the focus, so typing goes on at once.
        let id = format!("member-{}-relation", count.get_untracked() - 1);
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&id) {
                let _ =
                    wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&el).map(|el| el.focus());
            }
        });
    };
    view! {
        <p class="hint">{move || t(
            "أضف كل من يسكن مع مقدم الطلب. اترك رقم الهوية فارغًا لمن لا هوية له من الأطفال.",
            "Add everyone who lives with the applicant. Leave the ID empty for children who have none.",
        )}</p>
        <ol class="members" id="members" tabindex="-1">
            <For each=move || members.get() key=|member| member.clone() let:member>
                <MemberCard i=member.0/>
            </For>
        </ol>
        {move || (count.get() == 0).then(|| view! {
            <p class="empty">{t("لا أفراد مضافين: مقدم الطلب يسكن وحده.", "No members added: the applicant lives alone.")}</p>
        })}
        <button type="button" on:click=add disabled=move || { count.get() >= MAX_MEMBERS }>
            {move || t("إضافة فرد", "Add a member")}
        </button>
        <super::duplicates::DuplicateWarning/>
    }
}

use shared::Vocabulary;

/// One member's fields and the button that removes them.
#[component]
fn MemberCard(i: usize) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let err = move |f| e.error(f, Some(i));
    let (relation, set_relation) = member!(e, i, relation);
    let (name, set_name) = member!(e, i, name);
    let (national_id, set_national_id) = member!(e, i, national_id);
    let (birth, set_birth) = member!(e, i, birth_date);
    let (health, set_health) = member!(e, i, health);
    let (occupation, set_occupation) = member!(e, i, occupation);
    let remove = move |_| {
        e.form.update(|f| {
            if i < f.household.len() {
                f.household.remove(i);
            }
        })
    };
    let id = move |name: &str| format!("member-{i}-{name}");
    let key = e.form.with_untracked(|f| {
        f.household
            .get(i)
            .map(|m| m.key.clone())
            .unwrap_or_default()
    });
    let show = move |value: Signal<String>| e.show_member(key.clone(), value);
    view! {
        <li class="member" aria-label=move || format!("{} {}", t("الفرد", "Member"), i + 1)>
            <div class="member-head">
                <h3>{move || format!("{} {}", t("الفرد", "Member"), i + 1)}</h3>
                <button type="button" class="link danger" on:click=remove>{move || t("حذف", "Remove")}</button>
            </div>
            <div class="grid">
                <SelectField id=id("relation") label=("صلة القرابة", "Relation") value=relation on_input=set_relation
                    options={choices::<Relation>(i18n)} error=err(Field::MemberRelation) show=show(relation)/>
                <TextField id=id("name") label=("الاسم الكامل", "Full name") value=name on_input=set_name
                    error=err(Field::MemberName) show=show(name) maxlength=120/>
                // A card added by a tap shows its first fields at once, the rest a frame later.
                <AfterPaint>
                <TextField id=id("national_id") label=("رقم الهوية (إن وجد)", "ID number (if any)") value=national_id
                    on_input=set_national_id inputmode="numeric" dir="ltr"
                    error=err(Field::MemberNationalId) show=show(national_id) maxlength=14/>
                <BirthDateField id={id("birth_date")} value=birth on_input=set_birth
                    error=err(Field::MemberBirthDate) show=show(birth)/>
                <SelectField id=id("health") label=("إعاقة أو مرض مزمن", "Disability or chronic illness") value=health
                    on_input=set_health options={choices::<Health>(i18n)}
                    error=err(Field::MemberHealth) show=show(health)/>
                <SelectField id=id("occupation") label=("العمل أو الدراسة", "Work or study") value=occupation
                    on_input=set_occupation options={choices::<Occupation>(i18n)}
                    error=err(Field::MemberOccupation) show=show(occupation)/>
                </AfterPaint>
            </div>
        </li>
    }
}
