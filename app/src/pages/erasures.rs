//! The applicants' requests to have their data erased, on the accounts page: the head
//! office grants or refuses each with a reason, and sees the latest ruled.

use leptos::prelude::*;
use shared::erasure::{Erasure, ErasureRuling, ErasureState};

use crate::api::{self};
use crate::components::field::typed;
use crate::components::loaded::Loaded;
use crate::components::sending::{SendProblems, Sending};
use crate::context::I18n;
use crate::i18n::Locale;

/// The section: what waits, then what was ruled.
#[component]
pub fn ErasureRequests() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let list = LocalResource::new(api::erasures);
    let reload = Callback::new(move |()| list.refetch());
    view! {
        <section class="erasures" aria-labelledby="erasures-title">
            <h2 id="erasures-title">{move || t("طلبات حذف البيانات", "Requests to erase data")}</h2>
            <p class="hint">{move || t(
                "يطلبها مقدم الطلب من جواله وفق نظام حماية البيانات الشخصية. عند الموافقة تُمحى بياناته من طلباته وحسابه وسجلات الدخول، ويبقى من ملفات المستفيدين المسجلة الاسم والهوية ورقم الملف والخدمات للمدة التي يحددها النظام، ثم تُمحى. يُبلَّغ برسالة في الحالتين.",
                "Applicants ask from their phone under the Personal Data Protection Law. Granted, their data leaves their requests, account and sign-in log; a registered beneficiary file keeps the name, ID, file number and services for the configured years, then goes too. They are texted either way.",
            )}</p>
            <Loaded from=list let:all>
                {if all.pending.is_empty() {
                    view! { <p class="empty">{t("لا طلبات بانتظار القرار.", "No request waits for a ruling.")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="erasure-list">
                            {all.pending.into_iter().map(|e| view! { <Waiting erasure=e on_ruled=reload/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {(!all.ruled.is_empty()).then(|| view! {
                    <details class="ruled">
                        <summary>{t("آخر القرارات", "Latest rulings")}</summary>
                        <ul class="erasure-list">
                            {all.ruled.into_iter().map(|e| view! { <Ruled erasure=e l=i18n.get()/> }).collect_view()}
                        </ul>
                    </details>
                })}
            </Loaded>
        </section>
    }
}

/// A request waiting: who, when, why, and the ruling's form.
#[component]
fn Waiting(erasure: Erasure, on_ruled: Callback<()>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let l = i18n.0.get_untracked();
    let reason = RwSignal::new(String::new());
    let sending = Sending::new();
    let id = erasure.id;
    let rule = move |grant: bool| {
        let body = ErasureRuling {
            grant,
            reason: reason.get_untracked(),
        };
        let checked = body.check().map(drop);
        sending.send(
            checked,
            async move { api::rule_erasure(id, &body).await },
            move |_| on_ruled.run(()),
        );
    };
    let field = format!("erasure-reason-{id}");
    // An applicant's account is named by their ID until staff give it a name.
    let title = if erasure.name == erasure.national_id {
        erasure.national_id.clone()
    } else {
        format!("{} — {}", erasure.name, erasure.national_id)
    };
    let label = title.clone();
    view! {
        <li class="erasure" aria-label=label>
            <h3>{title}</h3>
            <p>{format!(
                "{} {} · {}",
                l.pick("طلب في", "Asked on"),
                l.datetime(erasure.asked_at),
                requests_words(l, erasure.requests),
            )}</p>
            {(!erasure.note.is_empty()).then(|| view! { <blockquote dir="auto">{erasure.note.clone()}</blockquote> })}
            <form class="action" on:submit=move |ev| ev.prevent_default()>
                <div class="field">
                    <label for=field.clone()>{move || t("سبب القرار (يصل إلى مقدم الطلب إن رُفض)", "Reason for the ruling (sent to the applicant if refused)")}</label>
                    <textarea id=field.clone() maxlength=ErasureRuling::REASON_MAX dir="auto"
                        prop:value=move || reason.get() on:input=move |ev| reason.set(typed(&ev))></textarea>
                </div>
                <SendProblems sending=sending/>
                <div class="actions">
                    <button type="button" class="danger" disabled=move || sending.busy.get() on:click=move |_| rule(true)>
                        {move || t("احذف بياناته", "Erase the data")}
                    </button>
                    <button type="button" disabled=move || sending.busy.get() on:click=move |_| rule(false)>
                        {move || t("ارفض الطلب", "Refuse")}
                    </button>
                </div>
            </form>
        </li>
    }
}

/// A request ruled on.
#[component]
fn Ruled(erasure: Erasure, l: Locale) -> impl IntoView {
    let (by, at) = erasure
        .ruled
        .clone()
        .map(|(by, at)| (by, l.datetime(at)))
        .unwrap_or_default();
    let kept = (!erasure.files.is_empty()).then(|| {
        format!(
            "{} {}",
            l.pick("بقي في سجل المستفيدين:", "Kept in the register:"),
            l.list(&erasure.files)
        )
    });
    view! {
        <li class="erasure" class:granted=erasure.state == ErasureState::Granted>
            <p>
                <strong>{l.label(erasure.state)}</strong>
                {format!(" — {} · {by} · {at}", erasure.national_id)}
            </p>
            <p>{format!("{} {}", l.pick("السبب:", "Reason:"), erasure.reason)}</p>
            {kept.map(|k| view! { <p>{k}</p> })}
        </li>
    }
}

/// "3 requests", in the locale's words.
pub fn requests_words(l: Locale, n: u32) -> String {
    l.count(u64::from(n), &crate::i18n::plural::REQUESTS)
}
