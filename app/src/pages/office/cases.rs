//! Every outreach point's requests as the server holds them: searched by a name in any of
//! its spellings, a national ID, a mobile or a reference number; filtered, sorted and paged;
//! exported as CSV or XLSX as filtered. The address holds the query, so a dashboard bar, a
//! bookmark or the back button shows the same list.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::case::OutreachPoint;
use shared::filters::CaseFilter;
use shared::reports::office::{CasePage, CaseQuery, Sort};
use shared::{Channel, Vocabulary};

use super::{list_href, use_case_query};
use crate::api::{self};
use crate::components::loaded::Loaded;
use crate::components::scroll_table::ScrollTable;
use crate::context::I18n;
use crate::i18n::Locale;
use crate::pages::case_filters::CaseFilters;

fn filter_of(q: &CaseQuery) -> CaseFilter {
    q.filter()
}

fn with_filter(q: &CaseQuery, f: &CaseFilter) -> CaseQuery {
    CaseQuery {
        status: f.status,
        channel: f.channel,
        governorate: f.governorate,
        point: f.outreach_point.clone(),
        support: f.support,
        overdue: f.overdue,
        ..q.clone()
    }
    .first_page()
}

/// The consolidated list page.
#[component]
pub fn OfficeCasesPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let query = use_case_query();
    let navigate = use_navigate();
    let go = Callback::new(move |q: CaseQuery| navigate(&list_href(&q), Default::default()));
    // A slower answer to an earlier query is dropped, not shown over the current one.
    let cases = LocalResource::new(move || {
        let q = query.get();
        async move { api::office_cases(&q).await }
    });
    let points = RwSignal::new(Vec::<OutreachPoint>::new());
    spawn_local(async move {
        if let Ok(all) = api::outreach_points().await {
            points.try_set(all);
        }
    });
    // The filters' widget works on the shared filter; a change becomes a new address.
    let filter = RwSignal::new(query.get_untracked().filter());
    Effect::new(move |_| {
        let from_address = filter_of(&query.get());
        if filter.get_untracked() != from_address {
            filter.set(from_address);
        }
    });
    Effect::new(move |_| {
        let f = filter.get();
        let q = query.get_untracked();
        if f != filter_of(&q) {
            go.run(with_filter(&q, &f));
        }
    });
    let total = Signal::derive(move || {
        cases.with(|a| match a {
            Some(Ok(p)) => p.total as usize,
            _ => 0,
        })
    });
    let typed = RwSignal::new(query.get_untracked().q);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go.run(
            CaseQuery {
                q: typed.get_untracked(),
                ..query.get_untracked()
            }
            .first_page(),
        );
    };
    let lang = move || match i18n.get() {
        Locale::Ar => "ar",
        Locale::En => "en",
    };
    view! {
        <section class="page office">
            <div class="page-head">
                <h1>{move || t("البحث في كل الطلبات", "Search every request")}</h1>
                <A href="/office" attr:class="link">{move || t("لوحة المتابعة", "Dashboard")}</A>
            </div>
            <form class="search" role="search" on:submit=search>
                <label for="office-q">{move || t("الاسم أو رقم الهوية أو الجوال أو رقم الطلب", "Name, national ID, mobile or reference")}</label>
                <div class="search-row">
                    <input id="office-q" type="search" prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev)) maxlength=CaseQuery::Q_MAX/>
                    <button type="submit" class="primary">{move || t("بحث", "Search")}</button>
                </div>
            </form>
            <CaseFilters filter=filter points=points passing=total/>
            <div class="list-tools">
                <div class="field">
                    <label for="office-sort">{move || t("الترتيب", "Order")}</label>
                    <select id="office-sort" on:change=move |ev| {
                        let sort = Sort::from_code(&event_target_value(&ev));
                        go.run(CaseQuery { sort, ..query.get_untracked() }.first_page());
                    }>
                        {Sort::ALL.iter().map(|s| {
                            let s = *s;
                            view! {
                                <option value=s.code() selected=move || query.with(|q| q.sort.unwrap_or(Sort::Newest) == s)>
                                    {move || i18n.get().label(s)}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <Narrowing query=query go=go/>
                <div class="exports" role="group" aria-label=move || t("تصدير", "Export")>
                    <a class="button" download="" href=move || api::export_url("list.csv", &query.get().first_page(), lang())>
                        {move || t("تصدير القائمة CSV", "Export the list as CSV")}</a>
                    <a class="button" download="" href=move || api::export_url("list.xlsx", &query.get().first_page(), lang())>
                        {move || t("تصدير القائمة Excel", "Export the list as Excel")}</a>
                    <a class="button" download="" href=move || api::export_url("register.xlsx", &CaseQuery::default(), lang())>
                        {move || t("سجل المستفيدين Excel", "Beneficiary register (Excel)")}</a>
                </div>
            </div>
            <Loaded from=cases let:page>
                <Rows page=page query=query go=go l=i18n.get()/>
            </Loaded>
        </section>
    }
}

/// What the list is narrowed by beyond the filters' widget (a month, duplicates), each
/// removable.
#[component]
fn Narrowing(query: Memo<CaseQuery>, go: Callback<CaseQuery>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    move || {
        let q = query.get();
        let month = q.month.map(|m| {
            let q = q.clone();
            view! {
                <button type="button" class="chip" on:click=move |_| go.run(CaseQuery { month: None, ..q.clone() }.first_page())>
                    {format!("{} {} ✕", t("شهر التقديم:", "Month handed in:"), month_label(i18n.get(), m))}
                </button>
            }
        });
        let duplicates = q.duplicates.then(|| {
            let q = q.clone();
            view! {
                <button type="button" class="chip" on:click=move |_| go.run(CaseQuery { duplicates: false, ..q.clone() }.first_page())>
                    {format!("{} ✕", t("التكرار المحتمل فقط", "Possible duplicates only"))}
                </button>
            }
        });
        view! { <div class="chips">{month}{duplicates}</div> }
    }
}

fn month_label(l: Locale, m: shared::reports::office::Month) -> String {
    use shared::reports::office::Calendar;
    match m.calendar {
        Calendar::Gregorian => format!("{:04}-{:02}", m.year, m.month),
        Calendar::Hijri => format!("{:02}/{:04} {}", m.month, m.year, l.pick("هـ", "AH")),
    }
}

/// The rows of a page and the way to the others.
#[component]
fn Rows(
    page: CasePage,
    query: Memo<CaseQuery>,
    go: Callback<CaseQuery>,
    l: Locale,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let pages = page.total.div_ceil(u64::from(page.per_page)).max(1) as u32;
    let current = page.page;
    let to = move |n: u32| go.run(query.get_untracked().on_page(n));
    view! {
        <p class="count" aria-live="polite">
            {move || i18n.get().count(page.total, &crate::i18n::plural::MATCHING)}
        </p>
        <ScrollTable label=("الطلبات", "Requests")>
            <table class="cases">
                <thead><tr>
                    <th>{t("مقدم الطلب", "Applicant")}</th>
                    <th>{t("المرجع", "Reference")}</th>
                    <th>{t("الحالة", "Status")}</th>
                    <th>{t("نقطة الاستقبال", "Outreach point")}</th>
                    <th>{t("القناة", "Channel")}</th>
                    <th>{t("الدعم", "Support")}</th>
                    <th>{t("التقديم", "Handed in")}</th>
                    <th>{t("موعد الرد", "Answer due")}</th>
                </tr></thead>
                <tbody>
                    {page.rows.into_iter().map(|r| {
                        let support = l.support_names(&r.support);
                        let channel = Channel::from_code(&r.channel).map(|c| l.label(c)).unwrap_or_default();
                        view! {
                            <tr class:overdue=r.overdue>
                                <td>
                                    <A href=format!("/cases/{}/applicant", r.id)>{r.name.clone()}</A>
                                    {r.national_id.clone().map(|n| view! { " "<bdi class="muted" dir="ltr">{n}</bdi> })}
                                    {r.duplicate.then(|| view! { <span class="badge warn">{l.pick("تكرار محتمل", "Possible duplicate")}</span> })}
                                </td>
                                <td class="reference" dir="ltr">{r.reference.clone()}</td>
                                <td>{l.status(r.status)}</td>
                                <td>{match l { Locale::Ar => r.point_ar.clone(), Locale::En => r.point_en.clone() }}</td>
                                <td>{channel}</td>
                                <td>{support}</td>
                                <td>{r.submitted_at.map(|at| l.gregorian(shared::dates::saudi_date(at)))}</td>
                                <td>
                                    {r.answer_expected_on.map(|d| l.gregorian(d))}
                                    {r.overdue.then(|| view! { <span class="badge alert">{l.pick("متأخر", "Late")}</span> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
        <nav class="pager" aria-label=move || t("الصفحات", "Pages")>
            <button type="button" disabled={current <= 1} on:click=move |_| to(current - 1)>{move || t("السابق", "Previous")}</button>
            <span>{move || format!("{} {current} {} {pages}", t("صفحة", "Page"), t("من", "of"))}</span>
            <button type="button" disabled={current >= pages} on:click=move |_| to(current + 1)>{move || t("التالي", "Next")}</button>
        </nav>
    }
}
