//! After submission: where the request stands, in plain words for the applicant, with its
//! timeline, what is missing, the visit, the committee's decision, the registration, the
//! services and the contacts — and, for staff, the next step their role may take.

use leptos::prelude::*;
use shared::dates::saudi_date;
use shared::life::workflow::Verdict;
use shared::{Case, CaseStatus};

use super::actions::Actions;
use super::Editor;
use crate::components::location::{coordinates, geo_uri};
use crate::components::thumb::Thumb;
use crate::context::I18n;
use crate::i18n::Locale;

/// What the applicant reads of where their request stands.
fn plain_status(l: Locale, case: &Case) -> String {
    let answer = case
        .answer_expected_on
        .map(|d| format!("{} ({})", l.gregorian(d), l.hijri(d)))
        .unwrap_or_default();
    let text = match case.status {
        CaseStatus::Draft => l.pick(
            "لم يُقدَّم الطلب بعد. أكمل خطواته ثم وقّع وقدّمه.",
            "The request is not handed in yet. Complete its steps, sign and submit it.",
        ),
        CaseStatus::Submitted => l.pick(
            "وصل طلبك إلى الجمعية، ويراجعه موظف علاقات المستفيدين. يُتوقع الرد ابتداءً من:",
            "Your request reached the association and is being checked. An answer can be expected from:",
        ),
        CaseStatus::Incomplete => l.pick(
            "ينقص طلبك ما يلي. أكمله ثم أعد تقديمه من خطوة الإقرار والتقديم.",
            "Your request misses what is listed below. Complete it, then submit it again from the last step.",
        ),
        CaseStatus::UnderResearch => l.pick(
            "يدرس الباحث الاجتماعي طلبك، وقد يزورك في المسكن. يُتوقع الرد ابتداءً من:",
            "A social researcher is studying your request and may visit your home. An answer can be expected from:",
        ),
        CaseStatus::AtCommittee | CaseStatus::ReturnedForInfo => l.pick(
            "طلبك لدى لجنة البحث لدراسته واتخاذ القرار. يُتوقع الرد ابتداءً من:",
            "Your request is with the research committee for a decision. An answer can be expected from:",
        ),
        CaseStatus::Accepted => l.pick(
            "قُبل طلبك. تُستكمل الآن إجراءات تسجيلك مستفيدًا.",
            "Your request was accepted. Your registration as a beneficiary is being completed.",
        ),
        CaseStatus::Rejected => l.pick(
            "اعتذرت لجنة البحث عن قبول طلبك، وسبب القرار أدناه.",
            "The research committee could not accept your request; the reason is below.",
        ),
        CaseStatus::Registered => l.pick(
            "سُجّلت مستفيدًا لدى الجمعية، وتُجهَّز الخدمة المطلوبة.",
            "You are registered as a beneficiary; the service is being prepared.",
        ),
        CaseStatus::ServiceDelivered => l.pick(
            "قُدّمت لك الخدمة المبيّنة أدناه.",
            "The service below was delivered to you.",
        ),
        CaseStatus::Closed => l.pick("اكتمل طلبك وأُغلق.", "Your request is complete and closed."),
        CaseStatus::Withdrawn => l.pick("سُحب الطلب.", "The request was withdrawn."),
    };
    if case.status.awaits_decision() && case.status != CaseStatus::Incomplete {
        format!("{text} {answer}")
    } else {
        text.to_owned()
    }
}

/// What staff read of where a request stands: its status and, while undecided, the day
/// the answer was promised from.
fn staff_status(l: Locale, case: &Case) -> String {
    let status = format!("{} {}", l.pick("الحالة:", "Status:"), l.status(case.status));
    match case.answer_expected_on {
        Some(d) if case.status.awaits_decision() => format!(
            "{status} — {} {} ({})",
            l.pick("الرد متوقع ابتداءً من", "answer expected from"),
            l.gregorian(d),
            l.hijri(d)
        ),
        _ => status,
    }
}

/// The follow-up of a request that has been handed in.
#[component]
pub fn FollowUpPanel() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let staff = e.role().is_staff();
    let case = Memo::new(move |_| e.case.get());
    view! {
        <section class="follow-up" aria-labelledby="follow-up-title">
            <h2 id="follow-up-title">{move || t("متابعة الطلب", "Follow-up")}</h2>
            <p class="plain-status" role="status">{move || case.with(|c| {
                let l = i18n.get();
                if staff { staff_status(l, c) } else { plain_status(l, c) }
            })}</p>
            {move || case.with(|c| {
                let today = saudi_date(chrono::Utc::now());
                c.overdue(today).then(|| view! {
                    <p class="badge overdue">{t("تجاوز موعد الرد المتوقع", "Past the expected answer date")}</p>
                })
            })}
            {staff.then(|| view! { <super::summary::Summary case=case/> })}
            <Missing case=case/>
            <Decisions case=case/>
            <Services case=case/>
            {staff.then(|| view! {
                <Research case=case/>
                <Contacts case=case/>
            })}
            <super::messages::Messages case=case decides=e.role().logs_contacts()/>
            <Timeline case=case staff=staff/>
            {staff.then(|| view! { <super::history::HistoryPanel/> })}
            {e.role().oversees_data().then(|| view! { <super::history::ReadsPanel/> })}
            <Actions/>
        </section>
    }
}

#[component]
fn Missing(case: Memo<Case>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    move || {
        case.with(|c| c.missing.clone()).map(|m| {
            let l = i18n.get();
            view! {
                <div class="missing-list" role="region" aria-label=l.pick("ما ينقص الطلب", "What the request misses")>
                    <h3>{l.pick("ما ينقص الطلب", "What the request misses")}</h3>
                    <ul>
                        {m.documents.iter().map(|d| view! { <li>{l.label(*d)}</li> }).collect_view()}
                    </ul>
                    {(!m.note.is_empty()).then(|| view! { <p class="note">{m.note.clone()}</p> })}
                </div>
            }
        })
    }
}

#[component]
fn Decisions(case: Memo<Case>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    move || {
        let l = i18n.get();
        case.with(|c| c.decision().cloned()).map(|d| {
            let reasons: Vec<&str> = d.reasons.iter().map(|r| l.label(*r)).collect();
            view! {
                <div class=format!("decision verdict-{}", shared::Vocabulary::code(d.verdict))
                    role="region" aria-label=l.pick("قرار لجنة البحث", "The committee's decision")>
                    <h3>{l.pick("قرار لجنة البحث", "The committee's decision")}</h3>
                    <p class="verdict">{l.label(d.verdict)}</p>
                    {(d.verdict == Verdict::Reject).then(|| view! {
                        <ul class="reasons">{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                    })}
                    {(!d.note.is_empty()).then(|| view! { <p class="note">{d.note.clone()}</p> })}
                    <p class="meeting">
                        {format!("{} {} — {}", l.pick("الاجتماع رقم", "Meeting no."), d.meeting.number,
                            l.gregorian(d.meeting.held_on))}
                    </p>
                </div>
            }
        })
    }
}

#[component]
fn Services(case: Memo<Case>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    move || {
        let l = i18n.get();
        let (services, file) = case.with(|c| {
            (
                c.services.clone(),
                c.registration.as_ref().map(|r| r.file_number.clone()),
            )
        });
        (file.is_some() || !services.is_empty()).then(|| view! {
            <div class="services" role="region" aria-label=l.pick("الخدمات المقدمة", "Services delivered")>
                <h3>{l.pick("الخدمات المقدمة", "Services delivered")}</h3>
                {file.map(|f| view! {
                    <p>{l.pick("رقم ملف المستفيد: ", "Beneficiary file: ")}<span dir="ltr">{f}</span></p>
                })}
                <ul>
                    {services.into_iter().map(|s| view! {
                        <li class="service">
                            <strong>{l.label(s.kind)}</strong>
                            " — "{l.gregorian(s.delivered_on)}" — "
                            <span dir="ltr">{format!("{:.2}", s.amount.0 as f64 / 100.0)}</span>
                            {l.pick(" ريال", " SAR")}
                            {(!s.supplier.is_empty()).then(|| format!(" — {}", s.supplier))}
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        })
    }
}

#[component]
fn Research(case: Memo<Case>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    move || {
        let l = i18n.get();
        case.with(|c| c.research.clone()).map(|r| view! {
            <div class="research" role="region" aria-label=l.pick("البحث الاجتماعي", "Social research")>
                <h3>{l.pick("البحث الاجتماعي", "Social research")}</h3>
                <p>{l.pick("الباحث: ", "Researcher: ")}{r.researcher.name.clone()}</p>
                {match r.visit {
                    None => view! { <p class="empty">{l.pick("لم تُسجَّل الزيارة بعد.", "No visit reported yet.")}</p> }.into_any(),
                    Some(v) => view! {
                        <p>{l.pick("تاريخ الزيارة: ", "Visited on: ")}{l.gregorian(v.visited_on)}</p>
                        <p class="findings">{v.findings.clone()}</p>
                        <p>{l.pick("التوصية: ", "Recommendation: ")}<strong>{l.label(v.recommendation)}</strong></p>
                        {(!v.photos.is_empty()).then(|| view! {
                            <ul class="thumbs" aria-label=l.pick("صور الزيارة", "Photos of the visit")>
                                {v.photos.iter().cloned().map(|a| view! { <Thumb attachment=a/> }).collect_view()}
                            </ul>
                        })}
                        {v.location.map(|p| view! {
                            <p>{l.pick("موقع الزيارة: ", "Where: ")}
                                <a href=geo_uri(p) dir="ltr">{coordinates(p)}</a></p>
                        })}
                    }.into_any(),
                }}
            </div>
        })
    }
}

#[component]
fn Contacts(case: Memo<Case>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    move || {
        let l = i18n.get();
        let contacts = case.with(|c| c.contacts.clone());
        (!contacts.is_empty()).then(|| view! {
            <div class="contacts" role="region" aria-label=l.pick("سجل التواصل", "Contact log")>
                <h3>{l.pick("سجل التواصل", "Contact log")}</h3>
                <ul>
                    {contacts.into_iter().rev().map(|c| view! {
                        <li>
                            {format!("{} — {} — {}", l.datetime(c.at), l.label(c.channel), l.label(c.outcome))}
                            {(!c.summary.is_empty()).then(|| format!(": {}", c.summary))}
                            <span class="by">{format!(" ({})", c.by.name)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        })
    }
}

/// Every status change and every move to another outreach point, oldest first; staff also
/// see who made each, why a request moved, and the sheet a request was brought in from.
#[component]
fn Timeline(case: Memo<Case>, staff: bool) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    move || {
        let l = i18n.get();
        let (steps, moves, imports) =
            case.with(|c| (c.timeline.clone(), c.moves.clone(), c.imports.clone()));
        let mut entries: Vec<(chrono::DateTime<chrono::Utc>, AnyView)> = imports
            .into_iter()
            .filter(|_| staff)
            .map(|i| {
            let view = view! {
                <li data-imported=i.row>
                    <span class="when">{l.datetime(i.at)}</span>
                    " "<strong>{l.texts().imported_from(&i.file, i.row)}</strong>
                    {staff.then(|| view! { <span class="by">{format!(" ({})", i.by.name)}</span> })}
                </li>
            };
            (i.at, view.into_any())
        })
        .collect();
        entries.extend(steps.into_iter().map(|s| {
            let view = view! {
                <li data-status=s.to.code()>
                    <span class="when">{l.datetime(s.at)}</span>
                    " "<strong>{l.status(s.to)}</strong>
                    {staff.then(|| view! { <span class="by">{format!(" ({})", s.by.name)}</span> })}
                </li>
            };
            (s.at, view.into_any())
        }));
        entries.extend(moves.into_iter().map(|m| {
            let what = format!(
                "{} {} {} {}",
                l.pick("نُقل من", "Moved from"),
                l.point(&m.from),
                l.pick("إلى", "to"),
                l.point(&m.to)
            );
            let view = view! {
                <li data-move=m.to.id.clone()>
                    <span class="when">{l.datetime(m.at)}</span>
                    " "<strong>{what}</strong>
                    {staff.then(|| view! { <span class="by">{format!(" ({}): {}", m.by.name, m.reason)}</span> })}
                </li>
            };
            (m.at, view.into_any())
        }));
        // Sorted by time (a stable sort: of one instant, where a request came from first,
        // then its status changes, then its moves).
        entries.sort_by_key(|(at, _)| *at);
        (!entries.is_empty()).then(|| {
            view! {
                <div class="timeline" role="region" aria-label=l.pick("مراحل الطلب", "Timeline")>
                    <h3>{l.pick("مراحل الطلب", "Timeline")}</h3>
                    <ol>{entries.into_iter().map(|(_, v)| v).collect_view()}</ol>
                </div>
            }
        })
    }
}
