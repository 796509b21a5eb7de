//! Needs and suggestions (GOAL): an applicant gives their own on a phone, an officer takes one on someone's behalf with its channel, both kept on the device until sent; each is followed until the head office answers and closes it, and the answer shows to whoever gave it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::people::Scope;
use shared::records::feedback::{
    AnswerInput, Feedback, FeedbackInput, FeedbackKind, FeedbackState,
};
use shared::records::Record;
use shared::validation::{ErrorCode, Field, FieldError};
use shared::{Channel, Role, Vocabulary};

use crate::api::{self, ApiError};
use crate::components::field::{SelectField, TextArea, TextField};
use crate::components::read_failed::{keep_read, ReadProblem};
use crate::components::record_form::RecordForm;
use crate::context::{I18n, Session};
use crate::i18n::Locale;
use crate::pages::request::choices;
use crate::store::local;
use crate::store::records::{LocalFeedback, LocalRecord};
use crate::sync::{self, SyncState};

fn state_name(l: Locale, s: FeedbackState) -> &'static str {
    match s {
        FeedbackState::Open => l.pick("بانتظار الرد", "Awaiting an answer"),
        FeedbackState::Answered => l.pick("تم الرد", "Answered"),
        FeedbackState::Closed => l.pick("مغلق", "Closed"),
    }
}

fn state_code(s: FeedbackState) -> &'static str {
    match s {
        FeedbackState::Open => "open",
        FeedbackState::Answered => "answered",
        FeedbackState::Closed => "closed",
    }
}

/// The needs and suggestions page.
#[component]
pub fn FeedbackPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let state = expect_context::<SyncState>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let me = session.me.get_untracked();
    let role = me.as_ref().map_or(Role::Applicant, |m| m.role);
    let scope = me
        .as_ref()
        .map_or(Scope::Nothing, |m| Feedback::seen_from(&m.actor()));
    let list = RwSignal::new(Vec::<LocalFeedback>::new());
    let reading = keep_read(state, || async { local::records::<Feedback>().await }, list);
    // The head office works through what waits first.
    let filter = RwSignal::new(if role.answers_feedback() {
        Some(FeedbackState::Open)
    } else {
        None
    });
    let shown = move || {
        let f = filter.get();
        list.get()
            .into_iter()
            .filter(|i| f.is_none_or(|s| i.record.state() == s))
            .collect::<Vec<_>>()
    };
    let count =
        move |s: FeedbackState| list.with(|l| l.iter().filter(|i| i.record.state() == s).count());
    let own = matches!(scope, Scope::Own(_));
    let (ar, en) = match scope {
        Scope::Own(_) => ("احتياجاتي ومقترحاتي", "My needs and suggestions"),
        Scope::Point(_) => (
            "احتياجات ومقترحات نقطة الاستقبال",
            "The outreach point's needs and suggestions",
        ),
        _ => ("كل الاحتياجات والمقترحات", "Every need and suggestion"),
    };
    let heading = move || t(ar, en);
    view! {
        <section class="page feedback">
            <h1>{move || t("الاحتياجات والمقترحات", "Needs and suggestions")}</h1>
            <p class="hint">{move || if own {
                t(
                    "اكتب ما تحتاجه أسرتك أو ما تقترحه على الجمعية. يُحفظ على جهازك ويُرسل عند الاتصال، ويصلك رد الإدارة هنا.",
                    "Write what your family needs or what you suggest to the association. It is kept on your phone and sent when online; the answer reaches you here.",
                )
            } else {
                t(
                    "يُسجَّل كل احتياج أو مقترح يصل بأي قناة، ويُتابع حتى ترد عليه الإدارة العامة وتغلقه.",
                    "Every need or suggestion that comes through any channel is logged and followed up until the head office answers and closes it.",
                )
            }}</p>
            <FeedbackForm role=role/>
            <h2>{heading}</h2>
            <ReadProblem reading=reading what=("الاحتياجات والمقترحات", "the needs and suggestions")/>
            {role.answers_feedback().then(|| view! {
                <nav class="queues" aria-label=move || t("تصفية حسب الحالة", "Filter by state")>
                    {[Some(FeedbackState::Open), Some(FeedbackState::Answered), Some(FeedbackState::Closed), None].into_iter().map(|s| {
                        let name = move || match s {
                            Some(s) => format!("{} ({})", state_name(i18n.get(), s), count(s)),
                            None => t("الكل", "All").to_owned(),
                        };
                        view! {
                            <button type="button" aria-pressed=move || (filter.get() == s).to_string()
                                on:click=move |_| filter.set(s)>{name}</button>
                        }
                    }).collect_view()}
                </nav>
            })}
            <ul class="feedback-list" aria-label=heading>
                {move || shown().into_iter().map(|f| view! { <FeedbackItem local=f role=role/> }).collect_view()}
            </ul>
            {move || shown().is_empty().then(|| view! {
                <p class="empty">{t("لا شيء هنا بعد.", "Nothing here yet.")}</p>
            })}
        </section>
    }
}

/// The form that gives (applicant) or takes (staff) a need or suggestion.
#[component]
fn FeedbackForm(role: Role) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let staff = role.is_staff();
    let kind = RwSignal::new(FeedbackKind::Need.code().to_owned());
    let channel = RwSignal::new(if staff {
        Channel::InPerson.code().to_owned()
    } else {
        String::new()
    });
    let person = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let input = move || FeedbackInput {
        kind: kind.get(),
        channel: channel.get(),
        person: person.get(),
        contact: contact.get(),
        text: text.get(),
    };
    let form = RecordForm::new(move || input().check(role).err().unwrap_or_default());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.keep::<Feedback>(input(), move || {
            for s in [person, contact, text] {
                s.set(String::new());
            }
        });
    };
    let saved = form.saved;
    let kinds = choices::<FeedbackKind>(i18n);
    view! {
        <form class="card feedback-form" on:submit=submit novalidate
            aria-label=move || if staff { t("تسجيل احتياج أو مقترح", "Log a need or suggestion") } else { t("إرسال احتياج أو مقترح", "Send a need or suggestion") }>
            <div class="grid">
                <SelectField id="feedback-kind" label=("النوع", "Kind") value=kind on_input=form.set(kind)
                    options=kinds error=form.checked.error_of(Field::FeedbackKind) show=form.checked.shown(kind)/>
                {staff.then(|| view! {
                    <SelectField id="feedback-channel" label=("قناة التواصل", "Channel") value=channel on_input=form.set(channel)
                        options={choices::<Channel>(i18n)} error=form.checked.error_of(Field::Channel) show=form.checked.shown(channel)/>
                    <TextField id="feedback-person" label=("صاحب الاحتياج أو المقترح", "Whose it is") value=person
                        on_input=form.set(person) error=form.checked.error_of(Field::Person) show=form.checked.shown(person) maxlength=120/>
                })}
                <TextField id="feedback-contact" label=("رقم الجوال للرد (اختياري)", "Mobile for the answer (optional)") value=contact
                    on_input=form.set(contact) inputmode="tel" dir="ltr" error=form.checked.error_of(Field::Mobile) show=form.checked.shown(contact) maxlength=20/>
            </div>
            <TextArea id="feedback-text" label=("الاحتياج أو المقترح", "The need or suggestion") value=text
                on_input=form.set(text) error=form.checked.error_of(Field::FeedbackText) show=form.checked.shown(text) maxlength=FeedbackInput::TEXT_MAX/>
            <div class="actions">
                <button type="submit" class="primary">{move || if staff { t("تسجيل", "Log it") } else { t("إرسال", "Send") }}</button>
                <span class="save-state" role="status">{move || saved.get().map(|s| match s {
                    Ok(()) => t("حُفظ على الجهاز ويُرسل عند الاتصال", "Kept on this device; sent when online"),
                    Err(p) => p,
                })}</span>
            </div>
        </form>
    }
}

/// One need or suggestion: what it is, where it stands, the answer, and for the head
/// office, the answer form.
#[component]
fn FeedbackItem(local: LocalFeedback, role: Role) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let f = local.record.clone();
    let st = f.state();
    let kind = FeedbackKind::from_code(&f.input.kind);
    let channel = Channel::from_code(&f.input.channel);
    let who = if f.input.person.is_empty() {
        f.recorded_by.name.clone()
    } else {
        f.input.person.clone()
    };
    let taken_by = (!f.input.person.is_empty()).then(|| f.recorded_by.name.clone());
    let point = f.outreach_point.clone();
    let answer = f.answer.clone();
    let at = f.at;
    let answerable = role.answers_feedback() && local.sent && st != FeedbackState::Closed;
    let label = format!(
        "{}: {}",
        who,
        f.input.text.chars().take(40).collect::<String>()
    );
    view! {
        <li class="feedback-item" data-state=state_code(st) aria-label=label>
            <div class="case-main">
                <span class="badge">{move || kind.map(|k| i18n.get().label(k)).unwrap_or_default()}</span>
                <strong>{who}</strong>
                <span class=format!("badge state-{}", state_code(st))>{move || state_name(i18n.get(), st)}</span>
                {(!local.sent).then(|| view! { <span class="badge pending">{move || t("بانتظار الإرسال", "Waiting to send")}</span> })}
            </div>
            <p class="feedback-text">{f.input.text.clone()}</p>
            <div class="case-meta">
                <span>{move || channel.map(|c| i18n.get().label(c)).unwrap_or_default()}</span>
                {point.map(|p| view! { <span>{move || i18n.get().point(&p)}</span> })}
                {taken_by.map(|n| view! { <span>{move || format!("{} {n}", t("سجّله", "Logged by"))}</span> })}
                <span>{move || i18n.get().datetime(at)}</span>
                {(!f.input.contact.is_empty()).then(|| view! { <span dir="ltr">{f.input.contact.clone()}</span> })}
            </div>
            {answer.map(|a| view! {
                <div class="feedback-answer" role="note" aria-label=move || t("رد الإدارة", "The association's answer")>
                    <strong>{move || t("رد الإدارة:", "The association's answer:")}</strong>
                    <p>{a.text.clone()}</p>
                    <span class="hint">{move || format!("{} — {}", a.by.name, i18n.get().datetime(a.at))}</span>
                </div>
            })}
            {answerable.then(|| view! { <AnswerForm id=local.id.clone()/> })}
        </li>
    }
}

/// The head office's answer to one need or suggestion, sent at once: answers are the
/// server's to keep and pass on.
#[component]
fn AnswerForm(id: String) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let state = expect_context::<SyncState>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let text = RwSignal::new(String::new());
    let close = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let error: Signal<Option<ErrorCode>> =
        Signal::derive(move || errors.with(|all| all.first().map(|e| e.code.clone())));
    let close_id = format!("answer-{id}-close");
    let text_id = format!("answer-{id}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = AnswerInput {
            text: text.get_untracked(),
            close: close.get_untracked(),
        };
        if let Err(found) = body.check() {
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        busy.set(true);
        let id = id.clone();
        spawn_local(async move {
            let answer = api::answer_feedback(&id, &body).await;
            busy.set(false);
            let l = i18n.0.get_untracked();
            match answer {
                Ok(item) => {
                    let _ = local::keep(LocalRecord::from_server(item)).await;
                    state.local_change().await;
                    sync::request(state, session.me);
                }
                Err(ApiError::Invalid(found)) => errors.set(found),
                Err(ApiError::Network(_)) => problem.set(Some(l.pick(
                    "تعذّر الاتصال بالخادم: الرد يحتاج إلى اتصال.",
                    "The server cannot be reached: answering needs a connection.",
                ))),
                Err(_) => problem.set(Some(
                    l.pick("رفض الخادم الرد.", "The server refused the answer."),
                )),
            }
        });
    };
    view! {
        <form class="answer-form" novalidate on:submit=submit aria-label=move || t("الرد", "Answer")>
            <TextArea id=text_id label=("الرد", "Answer") value=text on_input=move |v| {
                    errors.set(Vec::new());
                    text.set(v)
                }
                error=error show=Signal::derive(|| true) maxlength=FeedbackInput::TEXT_MAX/>
            <div class="field check">
                <label for=close_id.clone()>
                    <input id=close_id.clone() type="checkbox" prop:checked=move || close.get()
                        on:change=move |ev| close.set(event_target_checked(&ev))/>
                    {move || t("إغلاق بعد الرد", "Close with this answer")}
                </label>
            </div>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>{move || t("إرسال الرد", "Send the answer")}</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
        </form>
    }
}
