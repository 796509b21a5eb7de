//! The text messages sent to the applicant, each with where it stands; staff write one,
//! and decide on one that failed or whose outcome is unknown.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::messages::sending::{segments, MessageAction, StaffMessage, TEXT_MAX};
use shared::messages::{Delivery, Message};
use shared::validation::FieldError;
use shared::{Case, Vocabulary};

use super::actions::Errors;
use super::Editor;
use crate::api::{self, ApiError};
use crate::components::field::TextArea;
use crate::context::{I18n, Session};
use crate::sync::SyncState;

/// Asks for a sync, so what the server just did to the case comes back to the device.
/// The contexts are read where the component is made: the answer comes outside it.
fn refresher() -> impl Fn() + Clone + 'static {
    let state = expect_context::<SyncState>();
    let session = expect_context::<Session>();
    move || crate::sync::request(state, session.me)
}

/// The messages, newest first. `decides` lets staff settle one that failed or whose
/// outcome is unknown.
#[component]
pub(super) fn Messages(case: Memo<Case>, decides: bool) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    move || {
        let l = i18n.get();
        let (id, messages) = case.with(|c| (c.id, c.messages.clone()));
        (!messages.is_empty()).then(|| view! {
            <div class="messages" role="region" aria-label=l.pick("الرسائل النصية", "Text messages")>
                <h3>{l.pick("الرسائل النصية", "Text messages")}</h3>
                <ul>
                    {messages.into_iter().rev().map(|m| view! { <Sent case=id message=m decides=decides/> }).collect_view()}
                </ul>
            </div>
        })
    }
}

#[component]
fn Sent(case: shared::CaseId, message: Message, decides: bool) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<&'static str>);
    let open = decides && matches!(message.delivery, Delivery::Failed | Delivery::Unknown);
    let id = message.id.clone();
    let refresh = refresher();
    let decide = move |action: MessageAction| {
        let id = id.clone();
        let refresh = refresh.clone();
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            match api::decide_message(case, &id, action).await {
                Ok(()) => refresh(),
                Err(ApiError::Network(_)) => problem.set(Some("offline")),
                Err(_) => problem.set(Some("failed")),
            }
            busy.set(false);
        });
    };
    let again = decide.clone();
    let state = message.delivery;
    view! {
        <li data-delivery=state.code()>
            <span class="when">{move || i18n.get().datetime(message.queued_at)}</span>
            " "<strong>{move || i18n.get().label(message.notice)}</strong>
            " "<span class=format!("badge delivery {}", state.code())>{move || i18n.get().label(state)}</span>
            {message.by.as_ref().map(|by| view! { <span class="by">{format!(" ({})", by.name)}</span> })}
            <p class="message-text" dir="auto">{message.text.clone()}</p>
            {(!message.detail.is_empty()).then(|| view! { <p class="hint" dir="auto">{message.detail.clone()}</p> })}
            {open.then(|| view! {
                <div class="actions">
                    <button type="button" disabled=move || busy.get()
                        on:click=move |_| again(MessageAction::SendAgain)>
                        {move || t("إعادة الإرسال", "Send again")}
                    </button>
                    <button type="button" disabled=move || busy.get()
                        on:click=move |_| decide(MessageAction::MarkSent)>
                        {move || t("وصلت (أكّدها المستفيد)", "It arrived (the applicant confirmed)")}
                    </button>
                </div>
            })}
            {move || problem.get().map(|p| view! {
                <p class="form-error" role="alert">{if p == "offline" {
                    t("يحتاج ذلك إلى الاتصال بالشبكة", "This needs the network")
                } else {
                    t("تعذّر ذلك، حاول مرة أخرى", "That did not work; please try again")
                }}</p>
            })}
        </li>
    }
}

/// Staff write a text message to the applicant; it goes through the server, so it needs
/// the network, and is kept on the case with the rest.
#[component]
pub(super) fn SendMessage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let note = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let refresh = refresher();
    let count = move || {
        let s = segments(&text.get());
        let l = i18n.get();
        format!(
            "{}{}{}",
            l.count(s.units as u64, &crate::i18n::plural::CHARACTERS),
            l.pick("، ", ", "),
            l.count(s.parts as u64, &crate::i18n::plural::MESSAGES)
        )
    };
    let send = move |_| {
        let body = StaffMessage {
            text: text.get_untracked(),
        };
        if let Err(found) = body.check() {
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        note.set(None);
        busy.set(true);
        let case = e.case.get_untracked().id;
        let refresh = refresh.clone();
        spawn_local(async move {
            match api::send_message(case, &body).await {
                Ok(()) => {
                    text.set(String::new());
                    note.set(Some("queued"));
                    refresh();
                }
                Err(ApiError::Invalid(found)) => errors.set(found),
                Err(ApiError::Network(_)) => note.set(Some("offline")),
                Err(_) => note.set(Some("failed")),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="action" aria-label=move || t("رسالة نصية إلى المستفيد", "Text the applicant")
            on:submit=|ev| ev.prevent_default()>
            <h3>{move || t("رسالة نصية إلى المستفيد", "Text message to the applicant")}</h3>
            <TextArea id="message-text" label=("نص الرسالة", "Message") value=text
                on_input=move |v| text.set(v) error=Signal::derive(|| None) show=false maxlength=TEXT_MAX/>
            <p class="hint" aria-live="polite">{count}</p>
            <Errors errors=errors/>
            <button type="button" disabled=move || busy.get() on:click=send>
                {move || t("إرسال الرسالة", "Send the message")}
            </button>
            {move || note.get().map(|n| view! {
                <p class="hint" role="status">{match n {
                    "queued" => t("أُضيفت إلى قائمة الإرسال", "Queued to be sent"),
                    "offline" => t("إرسال الرسائل يحتاج إلى الاتصال بالشبكة", "Sending a message needs the network"),
                    _ => t("تعذّر الإرسال، حاول مرة أخرى", "Could not send; please try again"),
                }}</p>
            })}
        </form>
    }
}
