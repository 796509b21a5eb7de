//! The last step (H4, H5): the attestation text in full, the applicant's signature, what
//! still stops the submission, and the submission itself.

use chrono::Utc;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::attestation::{current_text, text};
use shared::life::mutation::{Context, Op};
use shared::life::steps::submission_problems;
use shared::CaseStatus;

use super::blockers::Blockers;
use super::{Editor, StepTo};
use crate::components::signature_pad::{SignaturePad, SignatureView};
use crate::context::I18n;
use crate::i18n::Locale;

/// The attestation, the signature and the submission.
#[component]
pub fn AttestationStep() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let navigate = use_navigate();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let signed = Memo::new(move |_| e.case.with(|c| c.attestation.clone()));
    let resign = RwSignal::new(false);
    let shown = move || {
        let version = signed.get().map_or(current_text().version, |a| a.version);
        text(version).unwrap_or(current_text())
    };
    let signer = move || e.form.with(|f| f.applicant.full_name());
    let on_sign = Callback::new(move |signature| {
        resign.set(false);
        e.act(
            Op::Sign {
                version: current_text().version,
                signature,
            },
            None,
        );
    });

    let step_to = expect_context::<StepTo>().0;
    let role = e.role();
    let problems = Memo::new(move |_| {
        e.case.with(|c| {
            let rules = Context {
                now: Utc::now(),
                answer_days: Context::DEFAULT_ANSWER_DAYS,
            };
            submission_problems(c, role, &rules)
        })
    });
    let submitting = RwSignal::new(false);
    let submit = move |_| {
        submitting.set(true);
        e.act(
            Op::Transition {
                to: CaseStatus::Submitted,
            },
            None,
        );
    };
    // Once the submission is written on the device, the receipt is shown.
    Effect::new(move |_| {
        let id = e
            .case
            .with(|c| (c.status == CaseStatus::Submitted).then_some(c.id));
        if let (true, Some(id)) = (submitting.get(), id) {
            navigate(&format!("/cases/{id}/receipt"), Default::default());
        }
    });

    view! {
        <section class="attestation" aria-labelledby="attestation-title">
            <h2 id="attestation-title" tabindex="-1">{move || t("إقرار مقدم الطلب", "The applicant's declaration")}</h2>
            <blockquote class="attestation-text" lang="ar" dir="rtl">{move || shown().ar}</blockquote>
            {move || (i18n.get() == Locale::En).then(|| view! {
                <blockquote class="attestation-text translation" lang="en" dir="ltr">{shown().en}</blockquote>
            })}
            <p class="version">{move || format!("{} {}", t("نص الإقرار، الإصدار", "Declaration text, version"), shown().version)}</p>
            <p><strong>{move || t("المقرّ:", "Declared by:")}</strong>" "{signer}</p>
            {move || match (signed.get(), resign.get()) {
                (Some(a), false) => view! {
                    <div class="signed" data-signed="true">
                        <SignatureView signature=a.signature.clone()/>
                        <p>
                            {t("وقّع", "Signed by")}" "{a.signer_name.clone()}" — "{i18n.get().datetime(a.signed_at)}
                            {a.witnessed_by.clone().map(|w| format!(" — {} {}", t("بحضور", "witnessed by"), w.name))}
                        </p>
                        <button type="button" on:click=move |_| resign.set(true) disabled=move || !e.editable_now()>
                            {t("إعادة التوقيع", "Sign again")}
                        </button>
                    </div>
                }.into_any(),
                _ => view! { <SignaturePad on_sign=on_sign/> }.into_any(),
            }}
        </section>
        <section class="submission">
            <h2>{move || t("تقديم الطلب", "Submitting the request")}</h2>
            <p class="hint">{move || t(
                "يُحال الطلب إلى لجنة البحث التي تدرسه وتجيب بالقبول أو الرفض. لا يكون الرد قبل مضي أسبوعين من التقديم، ويبيّن الإيصال اليوم الذي يُتوقع الرد ابتداءً منه.",
                "The request goes to the research committee, which studies it and answers with acceptance or rejection. The answer does not come before two weeks have passed since it was handed in; the receipt gives the day from which it can be expected.",
            )}</p>
            <Blockers go=step_to open=true/>
            <button type="button" class="primary submit" on:click=submit
                disabled=move || !problems.get().is_empty() || submitting.get() || !e.editable_now()>
                {move || t("تقديم الطلب", "Submit the request")}
            </button>
        </section>
    }
}
