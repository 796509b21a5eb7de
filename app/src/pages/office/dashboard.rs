//! The head office's dashboard (GOAL: one picture of every outreach point): requests by
//! status, the policy's eight channels, governorate, outreach point, support type and month
//! (Gregorian or Hijri); the time to a decision against the expected days; what is late,
//! open or possibly duplicated. Every bar and number links to the list behind it.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::reports::office::{Calendar, CaseQuery, Dashboard, Month};
use shared::{CaseStatus, Channel, Governorate, SupportType, Vocabulary};

use super::charts::BarChart;
use super::list_href;
use crate::api::{self};
use crate::components::loaded::Loaded;
use crate::context::I18n;

/// The dashboard page.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let calendar = RwSignal::new(Calendar::Gregorian);
    let dashboard = LocalResource::new(move || {
        let c = calendar.get();
        async move { api::dashboard(&CaseQuery::default(), c).await }
    });
    let link =
        |make: fn(&str) -> CaseQuery| Callback::new(move |key: String| list_href(&make(&key)));
    view! {
        <section class="page office">
            <div class="page-head">
                <h1>{move || t("لوحة المتابعة", "Dashboard")}</h1>
                <A href="/office/board">{move || t("تقرير مجلس الإدارة عن السياسة", "The board's report on the policy")}</A>
                <fieldset class="calendar-choice">
                    <legend>{move || t("الأشهر بالتقويم", "Months in the calendar")}</legend>
                    {Calendar::ALL.iter().map(|c| {
                        let c = *c;
                        view! {
                            <label class="choice">
                                <input type="radio" name="calendar" prop:checked=move || calendar.get() == c
                                    on:change=move |_| calendar.set(c)/>
                                <span>{move || i18n.get().label(c)}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            </div>
            <Loaded from=dashboard let:d>
                <Figures d=d.clone()/>
                <div class="charts">
                    <BarChart title=("حسب الحالة", "By status") counts=d.by_status.clone()
                        href=link(|k| CaseQuery { status: CaseStatus::from_code(k), ..Default::default() })/>
                    <BarChart title=("حسب القناة", "By channel") counts=d.by_channel.clone()
                        href=link(|k| CaseQuery { channel: Channel::from_code(k), ..Default::default() })/>
                    <BarChart title=("حسب نقطة الاستقبال", "By outreach point") counts=d.by_point.clone()
                        href=link(|k| CaseQuery { point: Some(k.to_owned()), ..Default::default() })/>
                    <BarChart title=("حسب نوع الدعم", "By support type") counts=d.by_support.clone()
                        href=link(|k| CaseQuery { support: SupportType::from_code(k), ..Default::default() })/>
                    <BarChart title=("حسب شهر التقديم، الأقدم أولًا", "By month handed in, oldest first") counts=d.by_month.clone()
                        href=link(|k| CaseQuery { month: Month::parse(k), ..Default::default() })/>
                    <BarChart title=("حسب المحافظة", "By governorate")
                        counts=governorates(&d)
                        href=link(|k| CaseQuery { governorate: Governorate::from_code(k), ..Default::default() })/>
                </div>
            </Loaded>
        </section>
    }
}

/// The governorates requests came from: the region has seventeen, most points serve few.
fn governorates(d: &Dashboard) -> Vec<shared::reports::office::Count> {
    d.by_governorate
        .iter()
        .filter(|c| c.n > 0)
        .cloned()
        .collect()
}

/// The headline numbers, each a link where a list stands behind it.
#[component]
fn Figures(d: Dashboard) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let times = d.decision_times.clone();
    let days = move |n: Option<u32>| match n {
        Some(n) => format!("{n} {}", t("يومًا", "days")),
        None => "—".to_owned(),
    };
    let overdue = list_href(&CaseQuery {
        overdue: true,
        ..Default::default()
    });
    // The pairs to rule on, side by side, rather than a list of each request alone.
    let duplicates = "/office/duplicates";
    let within = (times.within_expected * 100)
        .checked_div(times.decided)
        .map_or_else(|| "—".to_owned(), |p| format!("{p}%"));
    view! {
        <ul class="figures" aria-label=move || t("أرقام رئيسية", "Key figures")>
            <li><A href="/office/cases"><strong dir="ltr">{d.total}</strong>
                <span>{move || t("طلبًا مقدَّمًا", "requests handed in")}</span></A></li>
            <li class=(d.overdue > 0).then_some("alert")><A href=overdue><strong dir="ltr">{d.overdue}</strong>
                <span>{move || t("متأخرًا عن موعد الرد", "past their answer day")}</span></A></li>
            <li class=(d.duplicates > 0).then_some("alert")><A href=duplicates><strong dir="ltr">{d.duplicates}</strong>
                <span>{move || t("تكرار محتمل لم يُراجَع", "possible duplicates to review")}</span></A></li>
            <li><A href="/feedback"><strong dir="ltr">{d.open_feedback}</strong>
                <span>{move || t("احتياجًا ومقترحًا مفتوحًا", "open needs and suggestions")}</span></A></li>
        </ul>
        <section class="decision-times" role="region" aria-label=move || t("مدة البت في الطلبات", "Time to a decision")>
            <h2>{move || t("مدة البت من التقديم إلى قرار اللجنة", "From handing in to the committee's decision")}</h2>
            <dl>
                <dt>{move || t("الوسيط", "Median")}</dt><dd>{days(times.median_days)}</dd>
                <dt>{move || t("المئين التسعون", "90th percentile")}</dt><dd>{days(times.p90_days)}</dd>
                <dt>{move || t("المتوقع", "Expected")}</dt><dd>{days(Some(times.expected_days))}</dd>
                <dt>{move || t("بُتّ فيه ضمن المدة", "Decided within it")}</dt>
                <dd>{format!("{within} ({} / {})", times.within_expected, times.decided)}</dd>
            </dl>
        </section>
    }
}
