//! Referrals (H3): the officer refers what is unclear to the social researchers; a
//! researcher answers; the answer shows on the case for everyone who sees it.

use leptos::prelude::*;
use shared::case::Referral;
use shared::life::mutation::Op;
use shared::{ReferralId, Role};

use super::Editor;
use crate::components::field::typed;
use crate::context::I18n;
use crate::device;

/// The referrals of the case, and the form to ask or answer.
#[component]
pub fn ReferralsPanel() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let referrals = Memo::new(move |_| e.case.with(|c| c.referrals.clone()));
    let role = e.role();
    let question = RwSignal::new(String::new());
    let ask = move |_| {
        let text = question.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        let referral_id = ReferralId::new_v7(device::now_ms(), device::random_bytes());
        e.act(
            Op::Refer {
                referral_id,
                question: text,
            },
            None,
        );
        question.set(String::new());
    };
    view! {
        <section class="referrals" aria-labelledby="referrals-title">
            <h2 id="referrals-title">{move || t("الإحالة إلى الباحث الاجتماعي", "Referral to a social researcher")}</h2>
            {move || referrals.get().is_empty().then(|| view! {
                <p class="empty">{t("لا أسئلة محالة.", "No questions referred.")}</p>
            })}
            <ul class="referral-list">
                {move || referrals.get().into_iter().map(|r| view! { <ReferralItem referral=r role=role/> }).collect_view()}
            </ul>
            {role.refers().then(|| view! {
                <div class="field">
                    <label for="referral-question">{move || t("سؤال غير واضح للمستفيد", "A question unclear to the applicant")}</label>
                    <textarea id="referral-question" rows="2" maxlength=Referral::TEXT_MAX
                        prop:value=move || question.get()
                        on:input=move |ev| question.set(typed(&ev))></textarea>
                </div>
                <button type="button" on:click=ask disabled=move || question.get().trim().is_empty()>
                    {move || t("إحالة إلى الباحث الاجتماعي", "Refer to a social researcher")}
                </button>
            })}
        </section>
    }
}

/// One referral: the question, and the answer or the researcher's form to give it.
#[component]
fn ReferralItem(referral: Referral, role: Role) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let answer = RwSignal::new(String::new());
    let id = referral.id;
    let send = move |_| {
        let text = answer.get_untracked();
        if !text.trim().is_empty() {
            e.act(
                Op::Answer {
                    referral_id: id,
                    answer: text,
                },
                None,
            );
        }
    };
    let asked = format!(
        "{} — {}",
        referral.asked_by.name,
        i18n.0.get_untracked().datetime(referral.asked_at)
    );
    let field_id = format!("answer-{id}");
    view! {
        <li class="referral" data-answered=referral.answer.is_some().to_string()>
            <p class="question"><strong>{move || t("السؤال:", "Question:")}</strong>" "{referral.question.clone()}</p>
            <p class="meta">{asked}</p>
            {match referral.answer.clone() {
                Some(a) => view! {
                    <p class="answer"><strong>{move || t("إجابة الباحث:", "Researcher's answer:")}</strong>" "{a.text}</p>
                    <p class="meta">{format!("{} — {}", a.by.name, i18n.0.get_untracked().datetime(a.at))}</p>
                }.into_any(),
                None if role.answers_referrals() => view! {
                    <div class="field">
                        <label for=field_id.clone()>{move || t("الإجابة والشرح", "Answer and explanation")}</label>
                        <textarea id=field_id rows="2" maxlength=Referral::TEXT_MAX
                            prop:value=move || answer.get()
                            on:input=move |ev| answer.set(typed(&ev))></textarea>
                    </div>
                    <button type="button" class="primary" on:click=send disabled=move || answer.get().trim().is_empty()>
                        {move || t("إرسال الإجابة", "Send the answer")}
                    </button>
                }.into_any(),
                None => view! {
                    <p class="badge pending">{move || t("بانتظار إجابة الباحث", "Waiting for the researcher's answer")}</p>
                }.into_any(),
            }}
        </li>
    }
}
