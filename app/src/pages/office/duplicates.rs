//! The national IDs found on more than one open request, across every outreach point: the
//! head office links each pair or finds them not duplicates, with a reason; its finding is
//! kept and shown beside the pair.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::reports::office::{
    DuplicatePair, DuplicateReviewInput, DuplicateSide, DuplicateVerdict,
};
use shared::validation::FieldError;
use shared::Vocabulary;

use crate::api::{self, ApiError};
use crate::components::field::typed;
use crate::components::form_errors::FormErrors;
use crate::components::loaded::{problem, Loaded};
use crate::context::I18n;
use crate::i18n::Locale;

/// The duplicates page.
#[component]
pub fn DuplicatesPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let reviewed = RwSignal::new(false);
    let reload = Trigger::new();
    let pairs = LocalResource::new(move || {
        reload.track();
        let all = reviewed.get();
        async move { api::duplicates(all).await }
    });
    view! {
        <section class="page office">
            <div class="page-head">
                <h1>{move || t("التكرار المحتمل", "Possible duplicates")}</h1>
                <A href="/office" attr:class="link">{move || t("لوحة المتابعة", "Dashboard")}</A>
            </div>
            <p class="hint">{move || t(
                "رقم هوية واحد في أكثر من طلب مفتوح، مقدّمًا أو فردًا من الأسرة، أو مقدّما طلبين بالاسم الرباعي وتاريخ الميلاد نفسيهما برقمي هوية مختلفين، في أي نقطة استقبال. اربط الطلبين أو قرّر أنهما ليسا مكررين مع ذكر السبب.",
                "One national ID on more than one open request, as applicant or household member, or two applicants with the same four-part name and birth date under different IDs, at any point. Link the two or find them not duplicates, with a reason.")}</p>
            <label class="choice">
                <input type="checkbox" prop:checked=move || reviewed.get()
                    on:change=move |ev| reviewed.set(event_target_checked(&ev))/>
                <span>{move || t("عرض ما رُوجع أيضًا", "Show those already reviewed too")}</span>
            </label>
            <Loaded from=pairs let:pairs>
                {if pairs.is_empty() {
                    view! {
                        <p class="empty">{t("لا يوجد تكرار محتمل ينتظر المراجعة.", "No possible duplicate waits for review.")}</p>
                    }.into_any()
                } else {
                    view! {
                        <ul class="pairs">
                            {pairs.into_iter().map(|p| view! { <Pair pair=p reload=reload/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}

fn side_view(l: Locale, s: &DuplicateSide, by_name: bool) -> impl IntoView + use<> {
    let role = if s.as_member {
        l.pick("فرد من الأسرة", "household member")
    } else {
        l.pick("مقدم الطلب", "applicant")
    };
    let point = match l {
        Locale::Ar => s.point_ar.clone(),
        Locale::En => s.point_en.clone(),
    };
    let (href, name, reference) = (
        format!("/cases/{}/applicant", s.id),
        s.name.clone(),
        s.reference.clone(),
    );
    let line = format!("{point} — {} — {role}", l.status(s.status));
    // Found by name, the IDs are what differs: each is shown.
    let id = by_name.then(|| {
        (
            l.pick("رقم الهوية: ", "National ID: "),
            s.applicant_id.clone(),
        )
    });
    view! {
        <div class="side">
            <A href=href>{name}</A>
            " "<bdi class="muted" dir="ltr">{reference}</bdi>
            <p>{line}</p>
            {id.map(|(label, id)| view! { <p>{label}<bdi dir="ltr">{id}</bdi></p> })}
        </div>
    }
}

/// One pair, its finding or the form to make one.
#[component]
fn Pair(pair: DuplicatePair, reload: Trigger) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let verdict = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let (first, second) = (pair.first.id, pair.second.id);
    let national_id = pair.national_id.clone();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = DuplicateReviewInput {
            first: Some(first),
            second: Some(second),
            national_id: national_id.clone(),
            verdict: verdict.get_untracked(),
            reason: reason.get_untracked(),
        };
        if let Err(found) = body.check() {
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        busy.set(true);
        spawn_local(async move {
            match api::review_duplicates(&body).await {
                Ok(_) => reload.notify(),
                Err(ApiError::Invalid(found)) => {
                    errors.try_set(found);
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let by_name = pair.same_person.is_some();
    let label = match &pair.same_person {
        Some(same) => format!("{} {}", same.name, same.born),
        None => pair.national_id.clone(),
    };
    view! {
        <li class="pair" aria-label=label>
            {match pair.same_person.clone() {
                None => view! {
                    <p class="shared-id">{move || t("رقم الهوية المشترك: ", "Shared national ID: ")}<strong dir="ltr">{pair.national_id.clone()}</strong></p>
                }.into_any(),
                Some(same) => view! {
                    <p class="shared-id">
                        {move || t("الاسم الرباعي وتاريخ الميلاد نفسهما برقمي هوية مختلفين: ", "Same four-part name and birth date under two IDs: ")}
                        <strong>{same.name.clone()}</strong>
                        {move || format!(" — {} ", t("مولود في", "born"))}
                        <bdi dir="ltr">{same.born.to_string()}</bdi>
                    </p>
                }.into_any(),
            }}
            <div class="sides">
                {move || side_view(i18n.get(), &pair.first, by_name)}
                {move || side_view(i18n.get(), &pair.second, by_name)}
            </div>
            {match pair.review.clone() {
                Some(r) => view! {
                    <p class="review">
                        <strong>{move || i18n.get().label(r.verdict)}</strong>
                        {format!(" — {} — {} — ", r.reason, r.by.name)}
                        {move || i18n.get().datetime(r.at)}
                    </p>
                }.into_any(),
                None => view! {
                    <form class="action" on:submit=send aria-label=move || t("مراجعة التكرار", "Review the pair")>
                        <fieldset class="checks">
                            <legend>{move || t("نتيجة المراجعة", "Finding")}</legend>
                            {DuplicateVerdict::ALL.iter().map(|v| {
                                let v = *v;
                                view! {
                                    <label class="choice">
                                        <input type="radio" name=format!("verdict-{first}-{second}") value=v.code()
                                            on:change=move |_| verdict.set(v.code().to_owned())/>
                                        <span>{move || i18n.get().label(v)}</span>
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <div class="field">
                            <label for=format!("reason-{first}-{second}")>{move || t("سبب القرار", "Reason")}</label>
                            <textarea id=format!("reason-{first}-{second}") maxlength=DuplicateReviewInput::REASON_MAX
                                prop:value=move || reason.get() on:input=move |ev| reason.set(typed(&ev))></textarea>
                        </div>
                        <FormErrors errors=errors/>
                        {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{problem(i18n.get(), &e)}</p> })}
                        <button type="submit" class="primary" disabled=move || busy.get()>
                            {move || t("حفظ المراجعة", "Save the finding")}
                        </button>
                    </form>
                }.into_any(),
            }}
        </li>
    }
}
