//! The research committee's decision: the meeting suggested from the open one, and a
//! review before it is recorded — the decision, its reasons, the meeting and the very text
//! the applicant will receive — with a meeting out of sequence or on another day confirmed
//! knowingly.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::committee::{meeting_doubts, suggested_meeting, MeetingDoubt};
use shared::life::mutation::Op;
use shared::life::workflow::{DecisionFacts, DecisionInput, Meeting, RefusalReason, Verdict};
use shared::messages::sending::{decided, render, NoticeText};
use shared::Vocabulary;

use super::actions::{today, Checks, Choice, Errors, Input, Text};
use super::{choices, Editor};
use crate::api;
use crate::context::I18n;
use crate::i18n::Locale;

/// The decision form, then its review.
#[component]
pub(super) fn Decide() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let verdict = RwSignal::new(String::new());
    let reasons = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let held_on = RwSignal::new(today().to_string());
    let errors = RwSignal::new(Vec::new());
    // The committee's meetings and the texts in use, read once; offline, neither.
    let known = RwSignal::new(None::<Vec<Meeting>>);
    let texts = RwSignal::new(None::<Vec<NoticeText>>);
    spawn_local(async move {
        if let Ok(meetings) = api::meetings().await {
            let meetings: Vec<Meeting> = meetings.into_iter().map(|m| m.meeting).collect();
            // The open meeting, unless the form was typed in meanwhile.
            if number.get_untracked().is_empty() {
                let open = suggested_meeting(&meetings, today());
                number.try_set(open.number.to_string());
                held_on.try_set(open.held_on.to_string());
            }
            known.try_set(Some(meetings));
        }
        if let Ok(found) = api::current_texts().await {
            texts.try_set(Some(found));
        }
    });
    let review = RwSignal::new(None::<DecisionFacts>);
    let understood = RwSignal::new(false);
    let check = move |_| {
        let decision = input(verdict, reasons, note, number, held_on);
        match decision.check(today()) {
            Err(found) => errors.set(found),
            Ok(facts) => {
                errors.set(Vec::new());
                understood.set(false);
                review.set(Some(facts));
            }
        }
    };
    let record = move |_| {
        let decision = input(verdict, reasons, note, number, held_on);
        if decision.check(today()).is_ok() {
            review.set(None);
            e.act(Op::Decide { decision }, None);
        }
    };
    let doubts = Memo::new(move |_| {
        let facts = review.get()?;
        let known = known.get()?;
        Some(meeting_doubts(&known, &facts.meeting)).filter(|d| !d.is_empty())
    });
    let message = move || {
        let facts = review.get()?;
        let reference = e.case.with(|c| c.reference.to_string());
        // The applicant reads Arabic unless their account chose English; the Arabic is the
        // text most receive.
        let (notice, values) = decided(&reference, facts.verdict, &facts.reasons, false);
        let template = texts
            .get()
            .and_then(|all| {
                all.into_iter()
                    .find(|x| x.notice == notice && !x.english)
                    .map(|x| x.body)
            })
            .unwrap_or_else(|| notice.default_text(false).to_owned());
        Some((notice, render(&template, &values)))
    };
    view! {
        <form class="action" aria-label=move || t("قرار لجنة البحث", "The committee's decision")
            on:submit=|ev| ev.prevent_default()>
            <h3>{move || t("قرار لجنة البحث", "The committee's decision")}</h3>
            <Show when=move || review.with(Option::is_none)>
                <Choice id="verdict" label=("القرار", "Decision") value=verdict options={choices::<Verdict>(i18n)}/>
                <Show when=move || verdict.get() == Verdict::Reject.code()>
                    <Checks legend=("أسباب الرفض", "Reasons for rejection") options={choices::<RefusalReason>(i18n)} chosen=reasons/>
                </Show>
                <Text id="decision-note" label=("نص القرار أو المعلومات المطلوبة", "The committee's words") value=note/>
                <Input id="meeting-number" label=("رقم الاجتماع", "Meeting number") value=number inputmode="numeric"/>
                <Input id="meeting-date" label=("تاريخ الاجتماع", "Meeting date") value=held_on kind="date"/>
                <Errors errors=errors/>
                <button type="button" class="primary" on:click=check>{move || t("مراجعة القرار قبل تسجيله", "Review the decision")}</button>
            </Show>
            {move || review.get().map(|facts| {
                let l = i18n.get();
                view! {
                    <div class="decision-review" role="group" aria-label=l.pick("مراجعة القرار", "Review the decision")>
                        <p class="notice">{l.pick(
                            "راجع القرار: بعد تسجيله يدخل محضر الاجتماع ولا يُتراجع عنه، وتُرسل الرسالة أدناه إلى مقدم الطلب.",
                            "Check the decision: once recorded it enters the meeting's minute and cannot be undone, and the text below goes to the applicant.",
                        )}</p>
                        <dl class="facts">
                            <dt>{l.pick("القرار", "Decision")}</dt>
                            <dd><strong>{l.label(facts.verdict)}</strong></dd>
                            {(!facts.reasons.is_empty()).then(|| view! {
                                <dt>{l.pick("الأسباب", "Reasons")}</dt>
                                <dd>{joined(l, &facts.reasons)}</dd>
                            })}
                            {(!facts.note.is_empty()).then(|| view! {
                                <dt>{l.pick("نص القرار", "The committee's words")}</dt>
                                <dd>{facts.note.clone()}</dd>
                            })}
                            <dt>{l.pick("الاجتماع", "Meeting")}</dt>
                            <dd>{meeting_line(l, &facts.meeting)}</dd>
                        </dl>
                        {message().map(|(notice, text)| view! {
                            <p class="hint">{match l {
                                Locale::Ar => format!("الرسالة النصية التي تصل مقدم الطلب ({}):", l.label(notice)),
                                Locale::En => format!("The text the applicant receives ({}):", l.label(notice)),
                            }}</p>
                            <blockquote class="sms-preview" dir="rtl" lang="ar">{text}</blockquote>
                        })}
                        {move || doubts.get().map(|found| view! {
                            <div class="notice warn meeting-doubt" role="alert">
                                <ul>{found.iter().map(|d| view! { <li>{doubt_line(i18n.get(), facts.meeting.number, *d)}</li> }).collect_view()}</ul>
                                <div class="field check">
                                    <label for="meeting-understood">
                                        <input id="meeting-understood" type="checkbox" prop:checked=move || understood.get()
                                            on:change=move |ev| understood.set(event_target_checked(&ev))/>
                                        {move || t("الرقم والتاريخ صحيحان كما كتبتهما", "The number and the date are right as typed")}
                                    </label>
                                </div>
                            </div>
                        })}
                        <p class="actions">
                            <button type="button" class="primary"
                                disabled=move || doubts.with(Option::is_some) && !understood.get()
                                on:click=record>{move || t("تأكيد وتسجيل القرار", "Confirm and record the decision")}</button>
                            " "
                            <button type="button" on:click=move |_| review.set(None)>{move || t("رجوع للتعديل", "Back to edit")}</button>
                        </p>
                    </div>
                }
            })}
        </form>
    }
}

/// The form's values as typed.
fn input(
    verdict: RwSignal<String>,
    reasons: RwSignal<Vec<String>>,
    note: RwSignal<String>,
    number: RwSignal<String>,
    held_on: RwSignal<String>,
) -> DecisionInput {
    DecisionInput {
        verdict: verdict.get_untracked(),
        reasons: reasons.get_untracked(),
        note: note.get_untracked(),
        meeting_number: number.get_untracked(),
        meeting_date: held_on.get_untracked(),
    }
}

fn joined(l: Locale, reasons: &[RefusalReason]) -> String {
    let words: Vec<&str> = reasons.iter().map(|r| l.label(*r)).collect();
    words.join(l.pick("، ", ", "))
}

fn meeting_line(l: Locale, m: &Meeting) -> String {
    match l {
        Locale::Ar => format!("رقم {} بتاريخ {}", m.number, l.gregorian(m.held_on)),
        Locale::En => format!("No. {} held on {}", m.number, l.gregorian(m.held_on)),
    }
}

fn doubt_line(l: Locale, number: u32, doubt: MeetingDoubt) -> String {
    match (l, doubt) {
        (Locale::Ar, MeetingDoubt::OutOfSequence { last }) => format!(
            "آخر اجتماع مسجّل رقمه {last}، والرقم {number} لا يليه: سيُفتح محضر جديد بهذا الرقم."
        ),
        (Locale::En, MeetingDoubt::OutOfSequence { last }) => format!(
            "The last meeting recorded is No. {last}; No. {number} does not follow it, and opens a new minute."
        ),
        (Locale::Ar, MeetingDoubt::OtherDay { held_on }) => format!(
            "الاجتماع رقم {number} عُقد بتاريخ {}، لا بالتاريخ المكتوب.",
            l.gregorian(held_on)
        ),
        (Locale::En, MeetingDoubt::OtherDay { held_on }) => format!(
            "Meeting No. {number} was held on {}, not on the date typed.",
            l.gregorian(held_on)
        ),
    }
}
