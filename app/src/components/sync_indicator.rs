//! The sync indicator: online or not, how much waits to be sent, when the last sync was.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::context::{I18n, Session};
use crate::store::StoreError;
use crate::sync::{self, Step, SyncProblem, SyncState};

/// Shows the state of sync and offers to sync now. `compact` folds it into a badge (a dot
/// and a word or two) that opens the whole of it, for the applicant's phone.
#[component]
pub fn SyncIndicator(#[prop(optional)] compact: bool) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let state = expect_context::<SyncState>();
    let session = expect_context::<Session>();
    let t = move |ar, en| i18n.get().pick(ar, en);

    let network = move || {
        let problem = state.problem.get();
        if !state.online.get() {
            ("offline", t("غير متصل", "Offline"))
        } else if problem == Some(SyncProblem::Unreachable) {
            ("unreachable", t("الخادم غير متاح", "Server unreachable"))
        } else {
            ("online", t("متصل", "Online"))
        }
    };
    let pending = move || {
        let n = state.pending.get();
        if n == 0 {
            t("لا شيء بانتظار الإرسال", "Nothing waiting to send").to_owned()
        } else {
            format!(
                "{}: {n}",
                t("طلبات بانتظار الإرسال", "Requests waiting to send")
            )
        }
    };
    let last = move || {
        state.last_synced.get().map(|at| {
            format!(
                "{} {}",
                t("آخر مزامنة", "Last synced"),
                i18n.get().datetime(at)
            )
        })
    };
    // "n of m" while a sync moves many cases or files, so a long wait reads as progress.
    let progress = move || {
        let p = state.progress.get().filter(|p| p.total > 0)?;
        let step = match p.step {
            Step::Uploading => t("رفع الملفات", "Uploading files"),
            Step::Sending => t("إرسال التغييرات", "Sending changes"),
            Step::Receiving => t("استلام الطلبات", "Receiving requests"),
        };
        let of = t("من", "of");
        Some((format!("{step}: {} {of} {}", p.done, p.total), p))
    };
    let problem = move || {
        match state.problem.get() {
        Some(SyncProblem::SessionExpired) => Some(t(
            "انتهت الجلسة: سجّل الدخول مجددًا لإرسال ما ينتظر",
            "Session ended: sign in again to send what is waiting",
        )),
        Some(SyncProblem::Server(_)) => Some(t(
            "تعذّرت المزامنة، ستُعاد المحاولة تلقائيًا",
            "Sync failed; it will be retried automatically",
        )),
        Some(SyncProblem::StorageFull) => Some(i18n.get().storage(&StoreError::Full)),
        Some(SyncProblem::NotKept) => Some(i18n.get().storage(&StoreError::NotKept)),
        Some(SyncProblem::DevicesFull) => Some(t(
            "حسابك مفتوح على أقصى عدد من الأجهزة، وفي كل منها ما لم يُرسل بعد: افتح أحدها متصلًا بالإنترنت حتى يُرسل، أو تواصل مع الجمعية",
            "Your account is open on its most devices, each with work not yet sent: open one online until it is sent, or contact the association",
        )),
        Some(SyncProblem::DeviceLost) => Some(i18n.get().device_lost()),
        Some(SyncProblem::Storage(_)) => Some(t(
            "تعذّر الحفظ على هذا الجهاز، ستُعاد المحاولة تلقائيًا",
            "Could not save on this device; it will be retried automatically",
        )),
        _ => None,
    }
    };

    // In both forms: what the state is, when it last changed, and "sync now".
    let details = move || {
        view! {
            <span class="sync-network">{move || network().1}</span>
            <span class="sync-pending">{pending}</span>
            {move || progress().map(|(text, p)| view! {
                <span class="sync-progress">
                    <progress max=p.total.to_string() value=p.done.to_string() aria-hidden="true"></progress>
                    <span>{text}</span>
                </span>
            })}
            {move || last().map(|l| view! { <span class="sync-last">{l}</span> })}
            {move || problem().map(|p| view! { <span class="sync-problem">{p}</span> })}
            <Show when=move || state.problem.get() == Some(SyncProblem::SessionExpired)>
                <A href="/login">{move || t("تسجيل الدخول", "Sign in")}</A>
            </Show>
            <button type="button" class="link" disabled=move || state.syncing.get()
                on:click=move |_| sync::request(state, session.me)>
                {move || if state.syncing.get() { t("جارٍ المزامنة…", "Syncing…") } else { t("زامن الآن", "Sync now") }}
            </button>
        }
    };
    // The badge's words: what waits, else whether the network is there; a problem that
    // needs the person (a session ended, a full storage) opens the details by itself.
    let short = move || {
        let n = state.pending.get();
        if state.syncing.get() {
            t("جارٍ المزامنة…", "Syncing…").to_owned()
        } else if n > 0 {
            format!("{n} {}", t("بانتظار الإرسال", "waiting"))
        } else {
            network().1.to_owned()
        }
    };
    // A memo, so each sync round (which sets the problem again) leaves an opened badge open.
    let needs_person = Memo::new(move |_| {
        matches!(
            state.problem.get(),
            Some(
                SyncProblem::SessionExpired
                    | SyncProblem::StorageFull
                    | SyncProblem::NotKept
                    | SyncProblem::DeviceLost
            )
        )
    });

    view! {
        <div class="sync" class:sync-compact=compact role="status" aria-live="polite"
            aria-label=move || t("حالة المزامنة", "Sync status")
            data-network=move || network().0
            data-pending=move || state.pending.get()
            data-syncing=move || state.syncing.get().to_string()>
            {if compact {
                view! {
                    <details class="sync-badge" prop:open=move || needs_person.get()>
                        <summary>
                            <span class=move || format!("dot dot-{}", network().0) aria-hidden="true"></span>
                            <span class="visually-hidden">{move || t("حالة المزامنة: ", "Sync status: ")}</span>
                            <span class="sync-short">{short}</span>
                        </summary>
                        <div class="sync-panel">{details}</div>
                    </details>
                }.into_any()
            } else {
                view! {
                    <span class=move || format!("dot dot-{}", network().0) aria-hidden="true"></span>
                    {details}
                }.into_any()
            }}
        </div>
    }
}
