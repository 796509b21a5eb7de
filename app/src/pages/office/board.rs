//! The board's report on the policy (BOARD): for a Hijri or Gregorian quarter or year, one
//! printed page per clause with what was measured against it; each figure opens the list
//! of what it counts, and the whole report downloads as a workbook.

use chrono::Utc;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use shared::dates::saudi_date;
use shared::reports::board::{quarter_name, BoardList, BoardQuery, BoardReport, Period, Value};
use shared::reports::office::{Calendar, Month};
use shared::Vocabulary;

use crate::api::{self};
use crate::components::letterhead::{Letterhead, PrintButton};
use crate::components::loaded::Loaded;
use crate::context::I18n;
use crate::i18n::Locale;

/// The query as the address holds it.
fn use_board_query() -> Memo<BoardQuery> {
    let location = use_location();
    Memo::new(move |_| {
        let search = location.search.get();
        serde_urlencoded::from_str(search.trim_start_matches('?')).unwrap_or_default()
    })
}

/// The period asked for, or the Hijri quarter of today.
fn period_of(q: &BoardQuery) -> Period {
    Period::parse(&q.period)
        .unwrap_or_else(|| Period::quarter_of(saudi_date(Utc::now()), Calendar::Hijri))
}

fn report_href(period: Period) -> String {
    format!("/office/board?period={period}")
}

fn list_href(period: Period, figure: &str) -> String {
    format!("/office/board/list?period={period}&figure={figure}")
}

/// `/office/board`.
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let q = use_board_query();
    let period = Memo::new(move |_| period_of(&q.get()));
    let report = LocalResource::new(move || {
        let asked = BoardQuery {
            period: period.get().to_string(),
            ..Default::default()
        };
        async move { api::board(&asked).await }
    });
    view! {
        <section class="page paper board" aria-labelledby="board-title">
            <div class="no-print">
                <PeriodChoice period=period/>
                <div class="actions">
                    <PrintButton label=("طباعة التقرير", "Print the report")/>
                    <a class="button" download="" href=move || {
                        let lang = if i18n.get() == Locale::En { "&lang=en" } else { "" };
                        format!("/api/office/board.xlsx?period={}{lang}", period.get())
                    }>{move || t("تنزيل ملف Excel", "Download as Excel")}</a>
                </div>
            </div>
            <Letterhead id="board-title">
                {move || format!(
                    "{} — {}",
                    t("تقرير مجلس الإدارة عن سياسة علاقات المستفيدين", "The board's report on the beneficiary relations policy"),
                    period.get().name(i18n.get() == Locale::En),
                )}
            </Letterhead>
            <Loaded from=report busy=("جارٍ العدّ…", "Counting…") let:r>
                <Clauses report=r l=i18n.get()/>
            </Loaded>
        </section>
    }
}

/// The calendar, the year and the quarter (or the whole year).
#[component]
fn PeriodChoice(period: Memo<Period>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let navigate = use_navigate();
    let go = move |p: Period| navigate(&report_href(p), Default::default());
    let go_calendar = go.clone();
    let go_year = go.clone();
    let this_year = move |c: Calendar| Month::of(saudi_date(Utc::now()), c).year;
    view! {
        <form class="period-choice" aria-label=move || t("فترة التقرير", "The report's period") on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="board-calendar">{move || t("التقويم", "Calendar")}</label>
                <select id="board-calendar" on:change=move |ev| {
                    let c = Calendar::from_code(&event_target_value(&ev)).unwrap_or(Calendar::Hijri);
                    go_calendar(Period { calendar: c, year: this_year(c), ..period.get_untracked() });
                }>
                    {Calendar::ALL.iter().map(|c| {
                        let c = *c;
                        view! { <option value=c.code() selected=move || period.get().calendar == c>{move || i18n.get().label(c)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="board-year">{move || t("السنة", "Year")}</label>
                <select id="board-year" on:change=move |ev| {
                    if let Ok(year) = event_target_value(&ev).parse() {
                        go_year(Period { year, ..period.get_untracked() });
                    }
                }>
                    {move || {
                        let p = period.get();
                        let now = this_year(p.calendar);
                        (now - 4..=now).rev().map(|y| view! {
                            <option value=y.to_string() selected={y == p.year}>{y.to_string()}</option>
                        }).collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="board-part">{move || t("الفترة", "Period")}</label>
                <select id="board-part" on:change=move |ev| {
                    let quarter = event_target_value(&ev).parse().ok();
                    go(Period { quarter, ..period.get_untracked() });
                }>
                    {move || {
                        let p = period.get();
                        let english = i18n.get() == Locale::En;
                        [None, Some(1), Some(2), Some(3), Some(4)].into_iter().map(|quarter| {
                            let name = match quarter {
                                None => if english { "The whole year".to_owned() } else { "السنة كاملة".to_owned() },
                                Some(q) => quarter_name(q, english).to_owned(),
                            };
                            let value = quarter.map(|q| q.to_string()).unwrap_or_default();
                            view! { <option value=value selected={quarter == p.quarter}>{name}</option> }
                        }).collect_view()
                    }}
                </select>
            </div>
        </form>
    }
}

#[component]
fn Clauses(report: BoardReport, l: Locale) -> impl IntoView {
    let (from, to) = report.days;
    let last = to.pred_opt().unwrap_or(to);
    let period = report.period;
    view! {
        <p class="made-at">{format!(
            "{} {} {} {} · {} {}",
            l.pick("من", "From"),
            from,
            l.pick("إلى", "to"),
            last,
            l.pick("أُعدّ في", "made on"),
            l.datetime(report.made_at),
        )}</p>
        {report.clauses.into_iter().map(|c| {
            let heading = format!("board-{}", c.code.to_lowercase());
            let labelled = heading.clone();
            view! {
                <section class="board-clause" aria-labelledby=labelled>
                    <h2 id=heading>{format!("{} — {}", c.code, l.pick(clause_title_ar(&c.code), clause_title_en(&c.code)))}</h2>
                    <p class="clause-text">{if l == Locale::En { c.text_en.clone() } else { c.text_ar.clone() }}</p>
                    <table class="board-figures">
                        <tbody>
                            {c.figures.into_iter().map(|f| {
                                let name = if l == Locale::En { f.name_en.clone() } else { f.name_ar.clone() };
                                view! {
                                    <tr class:part=f.part>
                                        <th scope="row"><A href=list_href(period, &f.key)>{name}</A></th>
                                        <td>{value_words(l, &f.value)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }
        }).collect_view()}
    }
}

fn clause_title_ar(code: &str) -> &'static str {
    match code {
        "CH" => "قنوات التواصل",
        "H2" => "استيفاء المعلومات ومطابقتها",
        "H3" => "الإحالة إلى الباحث الاجتماعي",
        "H4" => "إقرار مقدم الطلب وتوقيعه",
        "H5" => "دراسة اللجنة والرد في الموعد",
        "H6" => "التسجيل",
        "H7" => "تقديم الخدمة",
        _ => "الهدف العام: المتابعة والتواصل",
    }
}

fn clause_title_en(code: &str) -> &'static str {
    match code {
        "CH" => "Channels of contact",
        "H2" => "Information complete and verified",
        "H3" => "Referral to the social researcher",
        "H4" => "The applicant's signed declaration",
        "H5" => "The committee's answer on time",
        "H6" => "Registration",
        "H7" => "Services",
        _ => "General goal: follow-up and contact",
    }
}

/// Hours as people say them: hours under two days, days after.
fn duration_words(l: Locale, hours: u64) -> String {
    if hours < 48 {
        format!("{hours} {}", l.pick("ساعة", "h"))
    } else {
        format!("{} {}", (hours + 12) / 24, l.pick("يومًا", "days"))
    }
}

/// What a figure measured, in words.
pub fn value_words(l: Locale, v: &Value) -> String {
    match *v {
        Value::Count { n } => n.to_string(),
        Value::Share { n, of } if of == 0 => format!("{n} {} {of}", l.pick("من", "of")),
        Value::Share { n, of } => format!(
            "{n} {} {of} ({}%)",
            l.pick("من", "of"),
            (n * 1000 / of) as f64 / 10.0
        ),
        Value::Time { n: 0, .. } => l.pick("لا شيء بعد", "none yet").to_owned(),
        Value::Time {
            median_hours,
            p90_hours,
            n,
        } => format!(
            "{} {} · {} {} ({n})",
            l.pick("الوسيط", "median"),
            duration_words(l, median_hours.unwrap_or(0)),
            l.pick("المئين التسعون", "90th percentile"),
            duration_words(l, p90_hours.unwrap_or(0)),
        ),
        Value::Money { halalas, n } => format!(
            "{} ({n})",
            l.money(shared::request::income::Halalas(halalas))
        ),
    }
}

/// `/office/board/list`.
#[component]
pub fn BoardListPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let _t = move |ar, en| i18n.get().pick(ar, en);
    let q = use_board_query();
    let list = LocalResource::new(move || {
        let mut asked = q.get();
        if i18n.get() == Locale::En {
            asked.lang = "en".to_owned();
        }
        async move { api::board_list(&asked).await }
    });
    view! {
        <section class="page paper board" aria-labelledby="board-list-title">
            <Loaded from=list let:list>
                <FigureRows list=list l=i18n.get()/>
            </Loaded>
        </section>
    }
}

/// A figure's list: what it counts, each with a link where one opens.
#[component]
fn FigureRows(list: BoardList, l: Locale) -> impl IntoView {
    let english = l == Locale::En;
    let name = if english {
        list.figure.name_en.clone()
    } else {
        list.figure.name_ar.clone()
    };
    view! {
        <div class="actions no-print">
            <A href=report_href(list.period)>{l.pick("العودة إلى التقرير", "Back to the report")}</A>
            <PrintButton label=("طباعة", "Print")/>
        </div>
        <Letterhead id="board-list-title">{format!("{} {} — {name}", list.clause, list.period.name(english))}</Letterhead>
        <p class="made-at">{format!("{}: {}", l.pick("القيمة", "Value"), value_words(l, &list.figure.value))}</p>
        {if list.rows.is_empty() {
            view! { <p class="empty">{l.pick("لا شيء في هذه القائمة.", "Nothing in this list.")}</p> }.into_any()
        } else {
            view! {
                <ol class="board-rows">
                    {list.rows.into_iter().map(|r| view! {
                        <li>
                            {match r.link {
                                Some(href) => view! { <A href=href>{r.title.clone()}</A> }.into_any(),
                                None => view! { <strong>{r.title.clone()}</strong> }.into_any(),
                            }}
                            " "<span dir="auto">{r.detail}</span>
                            <span class="hint">{format!(" · {}", l.datetime(r.at))}</span>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}
