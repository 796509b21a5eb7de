//! What still stops the submission, all of it at once, each a link to where it is mended;
//! and the word, before a change, that a signed request must be signed again after one.

use leptos::prelude::*;
use shared::request::Step;
use shared::validation::{ErrorCode, Field, FieldError};
use wasm_bindgen::JsCast;

use super::Editor;
use crate::context::I18n;
use crate::i18n::plural::THINGS;

/// Every blocker of the request, from any step: a list that opens under the steps (open
/// on the last step), each item moving to its step and putting the focus on its field.
#[component]
pub fn Blockers(
    /// Moves to a step of the request.
    go: Callback<Step>,
    /// Whether the list starts open.
    #[prop(optional)]
    open: bool,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let all = Memo::new(move |_| e.all_errors());
    let follow = move |error: FieldError| {
        if let Some(step) = Step::of(error.field) {
            go.run(step);
        }
        focus_when_drawn(anchor(&error), 10);
    };
    view! {
        <Show when=move || !all.with(Vec::is_empty)>
            <details class="blockers" open=open>
                <summary>{move || {
                    let l = i18n.get();
                    let n = all.with(Vec::len) as u64;
                    format!("{} {}", l.pick("ما يمنع تقديم الطلب بعد:", "Still stopping the submission:"), l.count(n, &THINGS))
                }}</summary>
                <ul>
                    {move || {
                        let l = i18n.get();
                        all.get().into_iter().map(|error| {
                            let step = Step::of(error.field).map(|s| l.step(s)).unwrap_or_default();
                            let member = error.index.map(|i| format!(" ({} {})", l.pick("الفرد", "member"), i + 1)).unwrap_or_default();
                            let text = format!("{step} — {}{member}: {}", l.field(error.field), l.error(&error.code));
                            view! {
                                <li>
                                    <button type="button" class="link" on:click=move |_| follow(error.clone())>{text}</button>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
            </details>
        </Show>
    }
}

/// While a draft is signed, says on the steps that hold its data that a change there takes
/// the signature away; once one has, says that it must be given again.
#[component]
pub fn SignatureNote(step: Memo<Step>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let signed = move || e.case.with(|c| c.attestation.is_some());
    // Files are attached after signing without touching what was signed.
    let data_step = move || !matches!(step.get(), Step::Documents | Step::Attestation);
    move || {
        if !e.editable() {
            None
        } else if signed() && data_step() {
            Some(view! {
                <p class="notice signed-note" role="note">{move || t(
                    "وقّع مقدم الطلب على الإقرار. أي تعديل في بيانات الطلب يلغي توقيعه، لأن الإقرار يشهد على البيانات كما وُقّعت، ويلزم توقيعه من جديد قبل التقديم.",
                    "The applicant has signed the declaration. Any change to the request's data takes the signature away, because the declaration vouches for the data as signed; the applicant must then sign again before it is submitted.",
                )}</p>
            }.into_any())
        } else if e.signature_cleared.get() && !signed() {
            Some(view! {
                <p class="notice signed-note cleared" role="status">{move || t(
                    "أُلغي توقيع مقدم الطلب لأن بيانات الطلب تغيّرت بعده. يلزم توقيعه من جديد في خطوة الإقرار قبل التقديم.",
                    "The applicant's signature was taken away because the request's data changed after it. They must sign again at the declaration step before it is submitted.",
                )}</p>
            }.into_any())
        } else {
            None
        }
    }
}

/// The id of the element where `error` is mended: the field's own input, a household
/// member's, a document's line of the checklist, or the declaration.
fn anchor(error: &FieldError) -> String {
    let member = |name: &str| format!("member-{}-{name}", error.index.unwrap_or(0));
    let id = match error.field {
        Field::MemberRelation => return member("relation"),
        Field::MemberName => return member("name"),
        Field::MemberNationalId => return member("national_id"),
        Field::MemberBirthDate => return member("birth_date"),
        Field::MemberHealth => return member("health"),
        Field::MemberOccupation => return member("occupation"),
        Field::Documents => {
            return match &error.code {
                ErrorCode::DocumentsMissing { kinds }
                | ErrorCode::DocumentsUnverified { kinds } => {
                    kinds.first().map_or("documents".to_owned(), |k| {
                        format!("document-{}", shared::Vocabulary::code(*k))
                    })
                }
                _ => "documents".to_owned(),
            }
        }
        Field::Household => "members",
        Field::IncomeSalary => "salary",
        Field::IncomeSocialSecurity => "social_security",
        Field::IncomeCitizenAccount => "citizen_account",
        Field::IncomePension => "pension",
        Field::IncomeOther => "other",
        Field::IncomeOtherSource => "other_source",
        Field::Attestation => "attestation-title",
        // The other fields of the form are named as the rules name them.
        other => {
            return serde_json::to_value(other)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }
    };
    id.to_owned()
}

/// Puts the focus on the element `id` once the step that holds it is drawn: on a control
/// itself, on the first control in a group, or on a marked region.
fn focus_when_drawn(id: String, tries: u32) {
    request_animation_frame(move || {
        let Some(found) = document().get_element_by_id(&id) else {
            if tries > 0 {
                focus_when_drawn(id, tries - 1);
            }
            return;
        };
        let control = matches!(
            found.tag_name().as_str(),
            "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON"
        );
        let target = if control || found.has_attribute("tabindex") {
            Some(found)
        } else {
            found
                .query_selector("input, select, textarea, button")
                .ok()
                .flatten()
                .or(Some(found))
        };
        if let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}
