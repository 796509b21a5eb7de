//! The committee's agenda: every request waiting for its decision, the longest waiting
//! first, each with what the research found, to study on a tablet or print for the meeting.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::committee::{Agenda, AgendaItem, Request};
use shared::Governorate;

use super::CommitteeOnly;
use crate::api::{self, ApiError};
use crate::components::letterhead::{Letterhead, PrintButton};
use crate::context::I18n;
use crate::i18n::Locale;
use crate::pages::office::problem;

/// `/committee/agenda`.
#[component]
pub fn AgendaPage() -> impl IntoView {
    view! { <CommitteeOnly><AgendaPaper/></CommitteeOnly> }
}

#[component]
fn AgendaPaper() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let answer = RwSignal::new(None::<Result<Agenda, ApiError>>);
    spawn_local(async move {
        let got = api::agenda().await;
        answer.try_set(Some(got));
    });
    view! {
        <section class="page paper" aria-labelledby="agenda-title">
            <Letterhead id="agenda-title">{move || t("جدول أعمال لجنة البحث", "Research committee agenda")}</Letterhead>
            <div class="actions no-print">
                <PrintButton label=("طباعة جدول الأعمال", "Print the agenda")/>
                <A href="/committee/meetings" attr:class="button">{move || t("محاضر الاجتماعات", "Meeting minutes")}</A>
            </div>
            {move || match answer.get() {
                None => view! { <p class="empty" aria-busy="true">{t("جارٍ التحميل…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{problem(i18n.get(), &e)}</p> }.into_any(),
                Some(Ok(agenda)) => {
                    let l = i18n.get();
                    view! { <Items agenda=agenda l=l/> }.into_any()
                }
            }}
        </section>
    }
}

/// The agenda's date, its counts, and its requests.
#[component]
fn Items(agenda: Agenda, l: Locale) -> impl IntoView {
    let late = agenda.items.iter().filter(|i| i.overdue).count();
    let meta = match l {
        Locale::Ar => format!(
            "أُعدّ في {} الموافق {} — {} طلبًا ينتظر القرار، منها {late} تجاوز موعد الرد.",
            l.gregorian(agenda.on),
            l.hijri(agenda.on),
            agenda.items.len()
        ),
        Locale::En => format!(
            "Drawn up on {} ({}) — {} requests await a decision, {late} of them past the promised day.",
            l.gregorian(agenda.on),
            l.hijri(agenda.on),
            agenda.items.len()
        ),
    };
    if agenda.items.is_empty() {
        return view! {
            <p class="paper-meta">{meta}</p>
            <p class="empty">{l.pick("لا طلبات تنتظر قرار اللجنة.", "No request waits for the committee.")}</p>
        }
        .into_any();
    }
    view! {
        <p class="paper-meta" role="status">{meta}</p>
        <ol class="agenda">
            {agenda.items.into_iter().map(|item| view! { <Item item=item l=l/> }).collect_view()}
        </ol>
    }
    .into_any()
}

/// Where the request came from: the outreach point and the governorate.
pub fn origin(l: Locale, r: &Request) -> String {
    let point = match l {
        Locale::Ar => &r.point_ar,
        Locale::En => &r.point_en,
    };
    match Governorate::from_code(&r.governorate) {
        Some(g) => format!("{point} — {}", l.label(g)),
        None => point.clone(),
    }
}

#[component]
fn Item(item: AgendaItem, l: Locale) -> impl IntoView {
    let r = &item.request;
    let both = |d| l.both_calendars(d);
    let household = match l {
        Locale::Ar => format!("{} مع مقدم الطلب", r.household),
        Locale::En => format!("{} with the applicant", r.household),
    };
    let income = format!("{} {}", r.income.riyals(), l.pick("ريال", "SAR"));
    let research = item
        .researcher
        .clone()
        .map(|name| match (l, item.visited_on) {
            (Locale::Ar, Some(d)) => format!("{name} — زيارة في {}", l.gregorian(d)),
            (Locale::En, Some(d)) => format!("{name} — visited on {}", l.gregorian(d)),
            (_, None) => name,
        });
    let returned = (item.returned > 0).then(|| match l {
        Locale::Ar => format!(
            "أعادته اللجنة لاستكمال المعلومات {} مرة من قبل",
            item.returned
        ),
        Locale::En => format!(
            "Returned for more information {} time(s) before",
            item.returned
        ),
    });
    view! {
        <li class="agenda-item" class:overdue=item.overdue>
            <h2>
                <span>{r.name.clone()}</span>
                " "<bdi class="reference" dir="ltr">{r.reference.clone()}</bdi>
                {item.overdue.then(|| view! { " "<span class="badge alert">{l.pick("متأخر", "Late")}</span> })}
            </h2>
            <dl class="facts">
                <dt>{l.pick("رقم الهوية", "ID number")}</dt>
                <dd dir="ltr">{r.national_id.clone()}</dd>
                <dt>{l.pick("نقطة الاستقبال", "Outreach point")}</dt>
                <dd>{origin(l, r)}</dd>
                <dt>{l.pick("الدعم المطلوب", "Support asked")}</dt>
                <dd>{l.support_names(&r.support)}</dd>
                <dt>{l.pick("أفراد الأسرة", "Household")}</dt>
                <dd>{household}</dd>
                <dt>{l.pick("الدخل الشهري", "Monthly income")}</dt>
                <dd>{income}</dd>
                <dt>{l.pick("تاريخ التقديم", "Handed in")}</dt>
                <dd>{item.submitted_on.map(both)}</dd>
                <dt>{l.pick("يُتوقع الرد ابتداءً من", "Answer promised from")}</dt>
                <dd>{item.answer_expected_on.map(both)}</dd>
                <dt>{l.pick("الباحث الاجتماعي", "Social researcher")}</dt>
                <dd>{research}</dd>
                <dt>{l.pick("التوصية", "Recommendation")}</dt>
                <dd class="recommendation">{item.recommendation.map(|rec| l.label(rec))}</dd>
            </dl>
            {(!item.findings.is_empty()).then(|| view! {
                <p class="findings"><strong>{l.pick("ما وجده الباحث: ", "What the researcher found: ")}</strong>{item.findings.clone()}</p>
            })}
            {returned.map(|text| view! { <p class="muted">{text}</p> })}
            <p class="decision-boxes print-only">
                <strong>{l.pick("القرار:", "Decision:")}</strong>
                <span>"☐ "{l.pick("قبول", "Accept")}</span>
                <span>"☐ "{l.pick("رفض", "Reject")}</span>
                <span>"☐ "{l.pick("إعادة لاستكمال المعلومات", "Return for information")}</span>
            </p>
            <A href=format!("/cases/{}/applicant", r.id) attr:class="link no-print">{l.pick("فتح الطلب", "Open the request")}</A>
        </li>
    }
}
