//! The committee's agenda: every request waiting for its decision, searched, narrowed by
//! point, support and urgency and ordered as the committee asks, each with its urgency and
//! what the research found, to study on a tablet a page at a time or print for the meeting.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::committee::{Agenda, AgendaItem, AgendaOrder, AgendaQuery, Request};
use shared::request::support::Urgency;
use shared::{Governorate, SupportType, Vocabulary};

use crate::api::{self};
use crate::components::letterhead::{Letterhead, PrintButton};
use crate::components::loaded::Loaded;
use crate::context::I18n;
use crate::i18n::Locale;
use crate::pages::case_filters::{vocabulary, Choice};

/// `/committee/agenda`.
#[component]
pub fn AgendaPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let agenda = LocalResource::new(api::agenda);
    view! {
        <section class="page paper" aria-labelledby="agenda-title">
            <Letterhead id="agenda-title">{move || t("جدول أعمال لجنة البحث", "Research committee agenda")}</Letterhead>
            <div class="actions no-print">
                <PrintButton label=("طباعة جدول الأعمال", "Print the agenda")/>
                <A href="/committee/meetings" attr:class="button">{move || t("محاضر الاجتماعات", "Meeting minutes")}</A>
            </div>
            <Loaded from=agenda let:agenda>
                <Items agenda=agenda l=i18n.get()/>
            </Loaded>
        </section>
    }
}

/// Requests a screen shows at once; printing holds every one the committee narrowed to.
const PER_PAGE: usize = 10;

/// The agenda's date, its counts, the committee's search, filters and order, and its
/// requests a page at a time.
#[component]
fn Items(agenda: Agenda, l: Locale) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let late = agenda.items.iter().filter(|i| i.overdue).count();
    let meta = match l {
        Locale::Ar => format!(
            "أُعدّ في {} الموافق {} — في انتظار القرار: {}، منها {late} تجاوز موعد الرد.",
            l.gregorian(agenda.on),
            l.hijri(agenda.on),
            l.count(agenda.items.len() as u64, &crate::i18n::plural::REQUESTS)
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
    // The points the agenda's requests come from, for the filter.
    let mut points: Vec<(String, String)> = Vec::new();
    for item in &agenda.items {
        let r = &item.request;
        if !points.iter().any(|(id, _)| *id == r.point) {
            let name = match l {
                Locale::Ar => r.point_ar.clone(),
                Locale::En => r.point_en.clone(),
            };
            points.push((r.point.clone(), name));
        }
    }
    let q = RwSignal::new(String::new());
    let point = RwSignal::new(String::new());
    let support = RwSignal::new(String::new());
    let urgency = RwSignal::new(String::new());
    let order = RwSignal::new(String::new());
    let page = RwSignal::new(0_usize);
    let agenda = StoredValue::new(agenda);
    let kept = Memo::new(move |_| {
        let query = AgendaQuery {
            q: q.get(),
            point: point.get(),
            support: support.get(),
            urgency: urgency.get(),
            order: AgendaOrder::from_code(&order.get()),
        };
        agenda.with_value(|a| a.narrowed(&query).into_iter().cloned().collect::<Vec<_>>())
    });
    let pages = move || kept.with(|k| k.len().div_ceil(PER_PAGE).max(1));
    // Narrowing again starts from the first page.
    let pick = move |s: RwSignal<String>| {
        Callback::new(move |v: String| {
            s.set(v);
            page.set(0);
        })
    };
    let orders = Signal::derive(move || vocabulary::<AgendaOrder>(i18n.get()));
    view! {
        <p class="paper-meta" role="status">{meta}</p>
        <div class="agenda-tools no-print" role="search">
            <div class="field">
                <label for="agenda-q">{move || t("بحث بالاسم أو رقم الهوية أو رقم الطلب", "Search by name, ID or reference")}</label>
                <input id="agenda-q" type="search" prop:value=move || q.get()
                    on:input=move |ev| { q.set(event_target_value(&ev)); page.set(0); }/>
            </div>
            <div class="grid">
                <Choice id="agenda-point" label=("نقطة الاستقبال", "Outreach point")
                    options=Signal::derive(move || points.clone()) value=point on_pick=pick(point)/>
                <Choice id="agenda-support" label=("نوع الدعم", "Support type")
                    options=Signal::derive(move || vocabulary::<SupportType>(i18n.get())) value=support on_pick=pick(support)/>
                <Choice id="agenda-urgency" label=("درجة الاستعجال", "Urgency")
                    options=Signal::derive(move || vocabulary::<Urgency>(i18n.get())) value=urgency on_pick=pick(urgency)/>
                <div class="field">
                    <label for="agenda-order">{move || t("الترتيب", "Order")}</label>
                    <select id="agenda-order" on:change=move |ev| { order.set(event_target_value(&ev)); page.set(0); }>
                        {move || orders.get().into_iter().map(|(code, name)| {
                            let mine = code.clone();
                            view! { <option value=code selected=move || order.with(|o| *o == mine || (o.is_empty() && mine == AgendaOrder::Oldest.code()))>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
        </div>
        <p class="hint no-print" aria-live="polite">{move || match i18n.get() {
            Locale::Ar => format!("{} من {}", kept.with(Vec::len), Locale::Ar.count(agenda.with_value(|a| a.items.len()) as u64, &crate::i18n::plural::REQUESTS_OF)),
            Locale::En => format!("{} of {} requests", kept.with(Vec::len), agenda.with_value(|a| a.items.len())),
        }}</p>
        <ol class="agenda">
            {move || {
                let shown = page.get();
                kept.get().into_iter().enumerate().map(|(n, item)| {
                    // Off its page on screen, yet printed with the rest.
                    let off = n / PER_PAGE != shown;
                    view! { <Item item=item l=i18n.get() off_page=off/> }
                }).collect_view()
            }}
        </ol>
        <Show when=move || { pages() > 1 }>
            <nav class="pager no-print" aria-label=move || t("صفحات جدول الأعمال", "Agenda pages")>
                <button type="button" disabled=move || { page.get() == 0 }
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>{move || t("السابق", "Previous")}</button>
                <span>{move || format!("{} {} {} {}", t("صفحة", "Page"), page.get() + 1, t("من", "of"), pages())}</span>
                <button type="button" disabled=move || { page.get() + 1 >= pages() }
                    on:click=move |_| page.update(|p| *p += 1)>{move || t("التالي", "Next")}</button>
            </nav>
        </Show>
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
fn Item(item: AgendaItem, l: Locale, #[prop(optional)] off_page: bool) -> impl IntoView {
    let r = &item.request;
    let urgency = Urgency::from_code(&r.urgency);
    let pressing = matches!(urgency, Some(Urgency::Urgent | Urgency::Critical));
    let both = |d| l.both_calendars(d);
    let household = match l {
        Locale::Ar => format!("{} مع مقدم الطلب", r.household),
        Locale::En => format!("{} with the applicant", r.household),
    };
    let income = l.money(r.income);
    let research = item
        .researcher
        .clone()
        .map(|name| match (l, item.visited_on) {
            (Locale::Ar, Some(d)) => format!("{name} — زيارة في {}", l.gregorian(d)),
            (Locale::En, Some(d)) => format!("{name} — visited on {}", l.gregorian(d)),
            (_, None) => name,
        });
    let returned = (item.returned > 0).then(|| {
        let times = l.count(item.returned as u64, &crate::i18n::plural::TIMES);
        match l {
            Locale::Ar => format!("أعادته اللجنة لاستكمال المعلومات {times} من قبل"),
            Locale::En => format!("Returned for more information {times} before"),
        }
    });
    view! {
        <li class="agenda-item" class:overdue=item.overdue class:off-page=off_page>
            <h2>
                <span>{r.name.clone()}</span>
                " "<bdi class="reference" dir="ltr">{r.reference.clone()}</bdi>
                {item.overdue.then(|| view! { " "<span class="badge alert">{l.pick("متأخر", "Late")}</span> })}
                {urgency.filter(|_| pressing).map(|u| view! {
                    " "<span class="badge urgency" class:critical={u == Urgency::Critical}>{l.label(u)}</span>
                })}
            </h2>
            <dl class="facts">
                <dt>{l.pick("رقم الهوية", "ID number")}</dt>
                <dd dir="ltr">{r.national_id.clone()}</dd>
                <dt>{l.pick("نقطة الاستقبال", "Outreach point")}</dt>
                <dd>{origin(l, r)}</dd>
                <dt>{l.pick("الدعم المطلوب", "Support asked")}</dt>
                <dd>{l.support_names(&r.support)}</dd>
                <dt>{l.pick("درجة الاستعجال", "Urgency")}</dt>
                <dd>{urgency.map(|u| l.label(u))}</dd>
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
