//! The committee's meetings and the minute of each: every decision taken in it, with the
//! reasons, the counts, and lines for the members' signatures, printable.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::committee::{MeetingSummary, Minute, MinuteEntry};
use shared::life::workflow::{Meeting, Verdict};
use shared::{Area, Vocabulary};

use super::agenda::origin;
use crate::api::{self};
use crate::components::letterhead::{Letterhead, PrintButton};
use crate::components::loaded::Loaded;
use crate::components::scroll_table::ScrollTable;
use crate::context::{I18n, Session};
use crate::i18n::Locale;

/// Blank signature lines beside those of the members who recorded decisions: for the
/// members who attended without recording one.
const BLANK_SIGNATURES: usize = 2;

/// Where a meeting's minute is read.
fn minute_href(m: &Meeting) -> String {
    format!("/committee/meetings/{}/{}", m.held_on, m.number)
}

/// `/committee/meetings`.
#[component]
pub fn MeetingsPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let meetings = LocalResource::new(api::meetings);
    view! {
        <section class="page paper" aria-labelledby="meetings-title">
            <div class="page-head">
                <h1 id="meetings-title">{move || t("اجتماعات لجنة البحث", "Research committee meetings")}</h1>
                <A href="/committee/agenda" attr:class="link">{move || t("جدول الأعمال", "The agenda")}</A>
            </div>
            <Loaded from=meetings let:list>
                <Meetings list=list l=i18n.get()/>
            </Loaded>
        </section>
    }
}

/// The meetings held, each with its decisions counted and a link to its minute.
#[component]
fn Meetings(list: Vec<MeetingSummary>, l: Locale) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <p class="empty">{l.pick("لم تُسجّل قرارات لأي اجتماع بعد.", "No meeting has decisions recorded yet.")}</p>
        }
        .into_any();
    }
    view! {
        <ScrollTable label=("الاجتماعات", "Meetings")>
            <table class="cases meetings">
                <thead><tr>
                    <th>{l.pick("الاجتماع", "Meeting")}</th>
                    <th>{l.pick("التاريخ", "Held on")}</th>
                    <th>{l.label(Verdict::Accept)}</th>
                    <th>{l.label(Verdict::Reject)}</th>
                    <th>{l.label(Verdict::ReturnForInfo)}</th>
                    <th>{l.pick("المجموع", "Total")}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|m| view! {
                        <tr>
                            <td><A href=minute_href(&m.meeting)>{format!("{} {}", l.pick("محضر الاجتماع", "Minute of meeting"), m.meeting.number)}</A></td>
                            <td>{l.gregorian(m.meeting.held_on)}<br/><span class="muted">{l.hijri(m.meeting.held_on)}</span></td>
                            <td>{m.accepted}</td>
                            <td>{m.rejected}</td>
                            <td>{m.returned}</td>
                            <td>{m.total()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
    .into_any()
}

/// `/committee/meetings/:date/:number`.
#[component]
pub fn MinutePage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let _t = move |ar, en| i18n.get().pick(ar, en);
    let params = use_params_map();
    let minute = LocalResource::new(move || {
        let (date, number) = params.with(|p| {
            (
                p.get("date").unwrap_or_default(),
                p.get("number").unwrap_or_default(),
            )
        });
        async move { api::minute(&date, &number).await }
    });
    view! {
        <section class="page paper">
            <Loaded from=minute let:minute>
                <MinuteView minute=minute l=i18n.get()/>
            </Loaded>
        </section>
    }
}

#[component]
fn MinuteView(minute: Minute, l: Locale) -> impl IntoView {
    let linked = expect_context::<Session>()
        .me
        .with_untracked(|m| m.as_ref().is_some_and(|m| m.role.reaches(Area::Office)));
    let s = &minute.summary;
    let day = s.meeting.held_on;
    let title = match l {
        Locale::Ar => format!("محضر اجتماع لجنة البحث رقم {}", s.meeting.number),
        Locale::En => format!("Minute of research committee meeting {}", s.meeting.number),
    };
    let meta = match l {
        Locale::Ar => format!(
            "عُقد في {} الموافق {}. نظرت اللجنة في {}: قبول {}، رفض {}، إعادة لاستكمال المعلومات {}.",
            l.gregorian(day),
            l.hijri(day),
            l.count(u64::from(s.total()), &crate::i18n::plural::REQUESTS_OF),
            s.accepted,
            s.rejected,
            s.returned
        ),
        Locale::En => format!(
            "Held on {} ({}). The committee decided on {} requests: {} accepted, {} rejected, {} returned for more information.",
            l.gregorian(day),
            l.hijri(day),
            s.total(),
            s.accepted,
            s.rejected,
            s.returned
        ),
    };
    let signers: Vec<Option<String>> = minute
        .members
        .iter()
        .cloned()
        .map(Some)
        .chain(std::iter::repeat_n(None, BLANK_SIGNATURES))
        .collect();
    view! {
        <Letterhead id="minute-title">{title}</Letterhead>
        <div class="actions no-print">
            <PrintButton label=("طباعة المحضر", "Print the minute")/>
            <A href="/committee/meetings" attr:class="button">{l.pick("كل الاجتماعات", "All meetings")}</A>
        </div>
        <p class="paper-meta" role="status">{meta}</p>
        <ScrollTable label=("قرارات الاجتماع", "The meeting's decisions")>
            <table class="cases minute">
                <thead><tr>
                    <th>"#"</th>
                    <th>{l.pick("الطلب", "Request")}</th>
                    <th>{l.pick("نقطة الاستقبال", "Outreach point")}</th>
                    <th>{l.pick("الدعم المطلوب", "Support asked")}</th>
                    <th>{l.pick("القرار", "Decision")}</th>
                    <th>{l.pick("الأسباب والملاحظات", "Reasons and notes")}</th>
                </tr></thead>
                <tbody>
                    {minute.entries.iter().enumerate().map(|(n, e)| entry(l, n + 1, e, linked)).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
        <section class="signatures" aria-label=l.pick("توقيعات أعضاء اللجنة", "The members' signatures")>
            <h2>{l.pick("توقيعات أعضاء اللجنة", "The members' signatures")}</h2>
            <ol>
                {signers.into_iter().map(|name| view! {
                    <li>
                        <span class="signer">{name.unwrap_or_default()}</span>
                        <span class="sign-line">{l.pick("التوقيع", "Signature")}</span>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// A decision's row; `linked` when the reader has the decided request on their device (the
/// head office: a decided request leaves the committee's).
fn entry(l: Locale, n: usize, e: &MinuteEntry, linked: bool) -> impl IntoView + use<> {
    let r = &e.request;
    let mut why: Vec<String> = e.reasons.iter().map(|x| l.label(*x).to_owned()).collect();
    if !e.note.is_empty() {
        why.push(e.note.clone());
    }
    let name = if linked {
        let name = r.name.clone();
        view! { <A href=format!("/cases/{}/applicant", r.id)>{name}</A> }.into_any()
    } else {
        view! { <span>{r.name.clone()}</span> }.into_any()
    };
    view! {
        <tr class=format!("verdict-{}", e.verdict.code())>
            <td>{n}</td>
            <td>
                {name}
                <br/><bdi class="muted" dir="ltr">{r.reference.clone()}</bdi>
                <br/><bdi class="muted" dir="ltr">{r.national_id.clone()}</bdi>
            </td>
            <td>{origin(l, r)}</td>
            <td>{l.support_names(&r.support)}</td>
            <td class="verdict">{l.label(e.verdict)}</td>
            <td>{why.join(l.pick("؛ ", "; "))}<br/><span class="muted">{format!("{} {}", l.pick("سجّله", "Recorded by"), e.by)}</span></td>
        </tr>
    }
}
