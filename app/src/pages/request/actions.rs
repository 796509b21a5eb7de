//! The next steps a role may take on a handed-in request, each a small form checked by the
//! shared rules before it is queued, offline or not: what is missing, the researcher, the
//! visit, the decision, the registration, a service, closing, withdrawing, a contact.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::case::{OutreachPoint, UserRef};
use shared::dates::saudi_date;
use shared::documents::DocumentKind;
use shared::life::mutation::{Context, Op};
use shared::life::steps::registration_problems;
use shared::life::workflow::{
    ContactInput, ContactOutcome, Missing, PointMove, ServiceInput, TEXT_MAX,
};
use shared::validation::FieldError;
use shared::{CaseStatus, Channel, Role, ServiceId, SupportType, Vocabulary};

use super::{choices, Editor};
use crate::components::field::{SelectField, TextArea, TextField};
use crate::context::I18n;
use crate::device;
use crate::store::local;

/// The Saudi calendar day today, by this device's clock.
pub(super) fn today() -> chrono::NaiveDate {
    saudi_date(Utc::now())
}

/// The errors of a form, in the current language.
pub(super) use crate::components::form_errors::FormErrors as Errors;

/// A labelled text input bound to `value`. Its errors show in the form's list.
#[component]
pub(super) fn Input(
    id: &'static str,
    label: (&'static str, &'static str),
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
) -> impl IntoView {
    view! {
        <TextField id=id label=label value=value on_input=move |v: String| value.set(v)
            error=Signal::derive(|| None) show=false input_type=kind inputmode=inputmode/>
    }
}

/// A labelled textarea bound to `value`.
#[component]
pub(super) fn Text(
    id: &'static str,
    label: (&'static str, &'static str),
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <TextArea id=id label=label value=value on_input=move |v: String| value.set(v)
            error=Signal::derive(|| None) show=false maxlength=TEXT_MAX/>
    }
}

/// A labelled select of a fixed list bound to `value`.
#[component]
pub(super) fn Choice(
    id: &'static str,
    label: (&'static str, &'static str),
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <SelectField id=id label=label value=value on_input=move |v: String| value.set(v)
            options=options error=Signal::derive(|| None) show=false/>
    }
}

/// Checkboxes of a fixed list, the chosen codes in `chosen`.
#[component]
pub(super) fn Checks(
    legend: (&'static str, &'static str),
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <fieldset class="checks">
            <legend>{move || i18n.get().pick(legend.0, legend.1)}</legend>
            {move || options.get().into_iter().map(|(code, name)| {
                let id = format!("check-{code}");
                let label_for = id.clone();
                let mine = code.clone();
                view! {
                    <label class="check" for=label_for>
                        <input type="checkbox" id=id
                            prop:checked=move || chosen.with(|c| c.contains(&mine))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let code = code.clone();
                                chosen.update(|c| {
                                    c.retain(|x| *x != code);
                                    if on { c.push(code); }
                                });
                            }/>
                        {name}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The actions of the signed-in user's role on this case in its status.
#[component]
pub fn Actions() -> impl IntoView {
    let e = expect_context::<Editor>();
    let role = e.role();
    let status = Memo::new(move |_| e.case.with(|c| c.status));
    let researches = Memo::new(move |_| {
        e.actor()
            .is_some_and(|me| e.case.with(|c| me.researches(c)))
    });
    // Each form is shown while its own rule holds, and only redrawn when that changes: a
    // status change that keeps a form (a service recorded, a sync bringing a decision)
    // leaves what is typed in it alone.
    let when = move |rule: fn(CaseStatus, Role, bool) -> bool| {
        Memo::new(move |_| rule(status.get(), role, researches.get()))
    };
    // What moves the case on is shown where the status machine allows the move.
    let incomplete = when(|s, r, _| s.transition(CaseStatus::Incomplete, r).is_ok());
    let assign = when(|s, r, _| {
        r.follows_up()
            && matches!(
                s,
                CaseStatus::Submitted | CaseStatus::UnderResearch | CaseStatus::ReturnedForInfo
            )
    });
    let visit = when(|s, _, researches| {
        researches && matches!(s, CaseStatus::UnderResearch | CaseStatus::ReturnedForInfo)
    });
    let decide = when(|s, r, _| s.transition(CaseStatus::Accepted, r).is_ok());
    let register = when(|s, r, _| s.transition(CaseStatus::Registered, r).is_ok());
    let serve = when(|s, r, _| s.transition(CaseStatus::ServiceDelivered, r).is_ok());
    let close = when(|s, r, _| s.transition(CaseStatus::Closed, r).is_ok());
    // A draft is thrown away rather than withdrawn.
    let withdraw =
        when(|s, r, _| s.awaits_decision() && s.transition(CaseStatus::Withdrawn, r).is_ok());
    let contact = when(|s, r, _| r.logs_contacts() && s != CaseStatus::Draft);
    // The head office moves any request; an officer, those of their own point.
    let own_point = Memo::new(move |_| {
        e.actor().is_some_and(|me| {
            let scope = me.scope();
            e.case
                .with(|c| scope.covers(Some(&c.outreach_point.id), None))
        })
    });
    let moves = Memo::new(move |_| {
        own_point.get() && role.follows_up() && status.get() != CaseStatus::Draft
    });
    view! {
        <div class="actions-panel">
            {move || incomplete.get().then(|| view! { <ReturnIncomplete/> })}
            {move || assign.get().then(|| view! { <AssignResearcher/> })}
            {move || visit.get().then(|| view! { <super::visit::ReportVisit/> })}
            {move || decide.get().then(|| view! { <super::decide::Decide/> })}
            {move || register.get().then(|| view! { <Register/> })}
            {move || serve.get().then(|| view! { <DeliverService/> })}
            {move || close.get().then(|| view! { <Close/> })}
            {move || withdraw.get().then(|| view! { <Withdraw/> })}
            {move || contact.get().then(|| view! { <LogContact/> })}
            {move || contact.get().then(|| view! { <super::messages::SendMessage/> })}
            {move || moves.get().then(|| view! { <MoveRequest/> })}
        </div>
    }
}

#[component]
fn ReturnIncomplete() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let documents = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    let send = move |_| {
        let docs: Vec<DocumentKind> = documents
            .get_untracked()
            .iter()
            .filter_map(|c| DocumentKind::from_code(c))
            .collect();
        match Missing::check(&docs, &note.get_untracked()) {
            Err(found) => errors.set(found),
            Ok(_) => {
                errors.set(Vec::new());
                e.act(
                    Op::ReturnIncomplete {
                        documents: docs,
                        note: note.get_untracked(),
                    },
                    None,
                );
            }
        }
    };
    view! {
        <form class="action" aria-label=move || i18n.get().pick("إعادة الطلب لاستكمال النواقص", "Send back for what is missing")
            on:submit=|ev| ev.prevent_default()>
            <h3>{move || i18n.get().pick("إعادة الطلب لاستكمال النواقص", "Send back for what is missing")}</h3>
            <Checks legend=("المستندات الناقصة", "Documents missing") options={choices::<DocumentKind>(i18n)} chosen=documents/>
            <Text id="missing-note" label=("ما ينقص الطلب", "What else is missing") value=note/>
            <Errors errors=errors/>
            <button type="button" on:click=send>{move || i18n.get().pick("إعادة إلى مقدم الطلب", "Send back to the applicant")}</button>
        </form>
    }
}

#[component]
fn AssignResearcher() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let researchers = RwSignal::new(Vec::<UserRef>::new());
    spawn_local(async move {
        if let Ok(list) = local::researchers().await {
            researchers.try_set(list);
        }
    });
    let chosen = RwSignal::new(String::new());
    let options = Signal::derive(move || {
        researchers
            .get()
            .into_iter()
            .map(|r| (r.id.to_string(), r.name))
            .collect::<Vec<_>>()
    });
    let errors = RwSignal::new(Vec::new());
    let send = move |_| {
        let id = chosen.get_untracked();
        let found = researchers
            .with_untracked(|list| list.iter().find(|r| r.id.to_string() == id).cloned());
        match found {
            None => errors.set(vec![FieldError {
                field: shared::validation::Field::Researcher,
                index: None,
                code: shared::validation::ErrorCode::Required,
            }]),
            Some(researcher) => {
                errors.set(Vec::new());
                e.act(Op::AssignResearcher { researcher }, None);
            }
        }
    };
    view! {
        <form class="action" aria-label=move || i18n.get().pick("إحالة إلى باحث اجتماعي", "Assign a social researcher")
            on:submit=|ev| ev.prevent_default()>
            <h3>{move || i18n.get().pick("إحالة إلى باحث اجتماعي للزيارة", "Assign a social researcher to visit")}</h3>
            <Choice id="researcher" label=("الباحث الاجتماعي", "Social researcher") value=chosen options=options/>
            <Errors errors=errors/>
            <button type="button" on:click=send>{move || i18n.get().pick("إحالة للبحث", "Assign")}</button>
        </form>
    }
}

#[component]
fn Register() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let errors = RwSignal::new(Vec::new());
    let send = move |_| {
        let rules = Context {
            now: Utc::now(),
            answer_days: Context::DEFAULT_ANSWER_DAYS,
        };
        let found = e.case.with_untracked(|c| registration_problems(c, &rules));
        if found.is_empty() {
            errors.set(Vec::new());
            e.act(Op::Register, None);
        } else {
            errors.set(found);
        }
    };
    view! {
        <div class="action">
            <h3>{move || i18n.get().pick("تسجيل المستفيد", "Register the beneficiary")}</h3>
            <Errors errors=errors/>
            <button type="button" class="primary" on:click=send>{move || i18n.get().pick("تسجيل المستفيد", "Register the beneficiary")}</button>
        </div>
    }
}

#[component]
fn DeliverService() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let kind = RwSignal::new(String::new());
    let delivered_on = RwSignal::new(today().to_string());
    let amount = RwSignal::new(String::new());
    let supplier = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    let send = move |_| {
        let service = ServiceInput {
            kind: kind.get_untracked(),
            delivered_on: delivered_on.get_untracked(),
            amount: amount.get_untracked(),
            supplier: supplier.get_untracked(),
            notes: notes.get_untracked(),
        };
        match service.check(today()) {
            Err(found) => errors.set(found),
            Ok(_) => {
                errors.set(Vec::new());
                let service_id = ServiceId::new_v7(device::now_ms(), device::random_bytes());
                e.act(
                    Op::DeliverService {
                        service_id,
                        service,
                    },
                    None,
                );
                amount.set(String::new());
                supplier.set(String::new());
                notes.set(String::new());
            }
        }
    };
    view! {
        <form class="action" aria-label=move || i18n.get().pick("تسجيل خدمة مقدمة", "Record a service")
            on:submit=|ev| ev.prevent_default()>
            <h3>{move || i18n.get().pick("تسجيل خدمة مقدمة", "Record a service delivered")}</h3>
            <Choice id="service-kind" label=("نوع الخدمة", "Kind of service") value=kind options={choices::<SupportType>(i18n)}/>
            <Input id="service-date" label=("تاريخ التقديم", "Date delivered") value=delivered_on kind="date"/>
            <Input id="service-amount" label=("المبلغ (ريال)", "Amount (SAR)") value=amount inputmode="decimal"/>
            <Input id="service-supplier" label=("المورد أو المقاول", "Supplier or contractor") value=supplier/>
            <Text id="service-notes" label=("ملاحظات", "Notes") value=notes/>
            <Errors errors=errors/>
            <button type="button" on:click=send>{move || i18n.get().pick("تسجيل الخدمة", "Record the service")}</button>
        </form>
    }
}

#[component]
fn Close() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    view! {
        <div class="action">
            <button type="button" on:click=move |_| e.act(Op::Transition { to: CaseStatus::Closed }, None)>
                {move || i18n.get().pick("إغلاق الطلب", "Close the request")}
            </button>
        </div>
    }
}

#[component]
fn Withdraw() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let send = move |_| {
        let asked = i18n.0.get_untracked().pick(
            "سحب هذا الطلب؟ لن تدرسه لجنة البحث.",
            "Withdraw this request? The committee will not study it.",
        );
        if window().confirm_with_message(asked).unwrap_or(false) {
            e.act(
                Op::Transition {
                    to: CaseStatus::Withdrawn,
                },
                None,
            );
        }
    };
    view! {
        <div class="action">
            <button type="button" class="discard" on:click=send>{move || i18n.get().pick("سحب الطلب", "Withdraw the request")}</button>
        </div>
    }
}

/// Moves the request to another outreach point with a reason; the points are those the
/// last sync brought, so it works offline too.
#[component]
fn MoveRequest() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let points = RwSignal::new(Vec::<OutreachPoint>::new());
    spawn_local(async move {
        if let Ok(list) = local::points().await {
            points.try_set(list);
        }
    });
    let here = Memo::new(move |_| e.case.with(|c| c.outreach_point.id.clone()));
    let chosen = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    let options = Signal::derive(move || {
        let l = i18n.get();
        points
            .get()
            .into_iter()
            .filter(|p| p.id != here.get())
            .map(|p| (p.id.clone(), l.point(&p)))
            .collect::<Vec<_>>()
    });
    let send = move |_| {
        let id = chosen.get_untracked();
        let to = points.with_untracked(|list| list.iter().find(|p| p.id == id).cloned());
        let from = e.case.with_untracked(|c| c.outreach_point.clone());
        match PointMove::check(&from, to.as_ref(), &reason.get_untracked()) {
            Err(found) => errors.set(found),
            Ok(reason_given) => {
                errors.set(Vec::new());
                if let Some(to) = to {
                    e.act(
                        Op::Move {
                            to,
                            reason: reason_given,
                        },
                        None,
                    );
                    reason.set(String::new());
                    chosen.set(String::new());
                }
            }
        }
    };
    let title = move || {
        i18n.get().pick(
            "نقل الطلب إلى نقطة أخرى",
            "Move the request to another point",
        )
    };
    view! {
        <form class="action" aria-label=title on:submit=|ev| ev.prevent_default()>
            <h3>{title}</h3>
            <p class="hint">{move || i18n.get().pick(
                "إذا انتقلت الأسرة أو اختار مقدم الطلب نقطة غير نقطته. تتابعه النقطة الجديدة من بعدها، ويُبلَّغ مقدم الطلب.",
                "When the family moved, or the applicant chose the wrong point. The new point follows it from then on, and the applicant is told.",
            )}</p>
            <Choice id="move-point" label=("النقطة التي يُنقل إليها", "Point to move it to") value=chosen options=options/>
            <Text id="move-reason" label=("سبب النقل", "Reason for the move") value=reason/>
            <Errors errors=errors/>
            <button type="button" on:click=send>{move || i18n.get().pick("نقل الطلب", "Move the request")}</button>
        </form>
    }
}

#[component]
fn LogContact() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let channel = RwSignal::new(Channel::Phone.code().to_owned());
    let outcome = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    let send = move |_| {
        let contact = ContactInput {
            channel: channel.get_untracked(),
            outcome: outcome.get_untracked(),
            summary: summary.get_untracked(),
        };
        match contact.check() {
            Err(found) => errors.set(found),
            Ok(_) => {
                errors.set(Vec::new());
                e.act(Op::LogContact { contact }, None);
                summary.set(String::new());
            }
        }
    };
    view! {
        <form class="action" aria-label=move || i18n.get().pick("تسجيل تواصل مع المستفيد", "Log a contact")
            on:submit=|ev| ev.prevent_default()>
            <h3>{move || i18n.get().pick("تسجيل تواصل مع المستفيد", "Log a contact with the applicant")}</h3>
            <Choice id="contact-channel" label=("قناة التواصل", "Channel") value=channel options={choices::<Channel>(i18n)}/>
            <Choice id="contact-outcome" label=("نتيجة التواصل", "Outcome") value=outcome options={choices::<ContactOutcome>(i18n)}/>
            <Text id="contact-summary" label=("ملخص التواصل", "Summary") value=summary/>
            <Errors errors=errors/>
            <button type="button" on:click=send>{move || i18n.get().pick("تسجيل التواصل", "Log the contact")}</button>
        </form>
    }
}
