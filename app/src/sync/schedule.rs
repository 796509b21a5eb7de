//! When a sync runs: at start, when the network returns, every little while, on request, once typing pauses or its request is left, and again after a failure, one round at a time.

use super::*;

/// Starts syncing: now, whenever the network comes back, and every little while.
pub fn start(state: SyncState, me: RwSignal<Option<Me>>) {
    spawn_local(async move {
        if me.get_untracked().is_some() {
            if let Ok(work) = in_part!(resume(state)) {
                work.await;
            }
        }
        request(state, me);
    });
    let online = window_event_listener(leptos::ev::online, move |_| {
        state.online.set(true);
        request(state, me);
    });
    let offline = window_event_listener(leptos::ev::offline, move |_| state.online.set(false));
    // A tablet put down or an app switched away from may not run again for a while: what
    // was typed goes before that, not when it wakes.
    let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().hidden() {
            send_typed(state, me);
        }
    });
    // The listeners live as long as the page.
    std::mem::forget((online, offline, hidden));
    spawn_local(async move {
        loop {
            TimeoutFuture::new(PERIOD_MS).await;
            if js_sys::Date::now() >= NOT_BEFORE.get() {
                request(state, me);
            }
        }
    });
}

/// A sync's work, made where its code is: the sync and what it reads and writes are
/// loaded apart from the pages a visitor sees first, and only once someone is signed in.
type Work<T = ()> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;

/// Shows what the device knew when the app was last closed: when it last synced and what
/// waits to be sent.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sync, fallible, wasm_split_path = ::leptos::wasm_split)
)]
pub(super) fn resume(state: SyncState) -> Result<Work, PartMissing> {
    Ok(Box::pin(async move {
        if let Ok(store) = Store::get().await {
            if let Ok(Some(at)) = store.meta::<DateTime<Utc>>(meta::LAST_SYNCED).await {
                state.last_synced.set(Some(at));
            }
        }
        state.local_change().await;
    }))
}

/// How long to wait before retrying after `failures` failed syncs in a row: doubling from
/// two seconds up to five minutes, spread by `jitter` (0 to 1) over half to one and a half
/// times that, so tablets that lost the server together do not all come back at once.
pub fn backoff_ms(failures: u32, jitter: f64) -> u32 {
    const FIRST_MS: f64 = 2_000.0;
    const MOST_MS: f64 = 300_000.0;
    let base = (FIRST_MS * 2f64.powi(failures.saturating_sub(1).min(16) as i32)).min(MOST_MS);
    (base * (0.5 + jitter.clamp(0.0, 1.0))) as u32
}

/// Schedules the next attempt after a failed sync, and keeps the periodic sync from trying
/// before it.
pub(super) fn retry_later(state: SyncState, me: RwSignal<Option<Me>>) {
    let failures = FAILURES.get() + 1;
    FAILURES.set(failures);
    let delay = backoff_ms(failures, js_sys::Math::random());
    NOT_BEFORE.set(js_sys::Date::now() + f64::from(delay));
    spawn_local(async move {
        TimeoutFuture::new(delay).await;
        // A sync that succeeded meanwhile (the user saved, the network came back) reset it.
        if FAILURES.get() == failures {
            request(state, me);
        }
    });
}

/// How long typing must pause before what was typed is sent.
const QUIET_MS: u32 = 1_500;
/// The longest typing waits to be sent while a hand goes on typing.
const LONGEST_WAIT_MS: f64 = 10_000.0;

thread_local! {
    /// The latest typing's number, and when the typing not yet sent began (0 when none).
    static TYPED: std::cell::Cell<(u64, f64)> = const { std::cell::Cell::new((0, 0.0)) };
    /// Whether the typing being saved now is to be sent as soon as it is saved.
    static HURRY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Asks for what a save wrote to be sent: a step taken on a request (handed in, decided, a
/// file attached) at once, typing once it pauses. What was typed is on the device already;
/// a round per key would send each key on its own and keep a slow tablet busy under the
/// hand. Typing that goes on is still sent every little while, and typing whose request
/// was left while it was being saved is sent at once.
pub fn saved(state: SyncState, me: RwSignal<Option<Me>>, typing_only: bool) {
    let hurry = HURRY.replace(false);
    let now = js_sys::Date::now();
    let (last, began) = TYPED.get();
    let began = if began == 0.0 { now } else { began };
    if !typing_only || hurry || now - began >= LONGEST_WAIT_MS {
        send_now(state, me);
        return;
    }
    let this = last + 1;
    TYPED.set((this, began));
    spawn_local(async move {
        TimeoutFuture::new(QUIET_MS).await;
        if TYPED.get().0 == this {
            send_now(state, me);
        }
    });
}

/// Sends everything now: typing waiting for its pause no longer waits.
fn send_now(state: SyncState, me: RwSignal<Option<Me>>) {
    let (last, _) = TYPED.get();
    TYPED.set((last + 1, 0.0));
    request(state, me);
}

/// Sends what was typed now instead of once typing pauses: the hand left the request (for
/// another page, or put the tablet down), so no more keys are coming to join it. Typing
/// still being saved is sent as soon as it is saved.
pub fn send_typed(state: SyncState, me: RwSignal<Option<Me>>) {
    if crate::store::writer::any_writing() {
        HURRY.set(true);
    }
    if TYPED.get().1 != 0.0 {
        send_now(state, me);
    }
}

/// Starts a sync unless one is running or nobody is signed in.
pub fn request(state: SyncState, me: RwSignal<Option<Me>>) {
    let Some(user) = me.get_untracked() else {
        return;
    };
    // Nothing is answered until a handed-over password is changed.
    if user.must_change_password {
        return;
    }
    if !device::navigator_online() {
        // The browser knows there is no network: trying would only mark the outbox as
        // sent-unanswered, and keep typing from folding into one edit.
        state.online.set(false);
        state.problem.set(Some(SyncProblem::Unreachable));
        return;
    }
    if state.syncing.get_untracked() {
        // A change made while a sync runs is sent by another round right after it.
        AGAIN.set(true);
        return;
    }
    AGAIN.set(false);
    state.syncing.set(true);
    spawn_local(async move {
        match in_part!(round(state, me, user)) {
            Ok(work) => work.await,
            // The sync's own code could not be fetched: no network since sign-in. It is
            // tried again as any failed sync is.
            Err(PartMissing) => {
                state.problem.set(Some(SyncProblem::Unreachable));
                state.syncing.set(false);
                retry_later(state, me);
            }
        }
    });
}

/// Starts fetching the sync's part of the app at a sign-in's tap: on a slow network it
/// comes while the sign-in is answered and the device numbered, not after them. A failed
/// fetch is tried again when the sync needs the part.
pub fn prefetch() {
    #[cfg(feature = "split")]
    spawn_local(async {
        let _ = fetch_part().await;
    });
}

/// How many requests with unsent changes, and unsent inquiries, needs and suggestions,
/// every user of the device has: what a wipe of the device would lose.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sync, fallible, wasm_split_path = ::leptos::wasm_split)
)]
pub(super) fn unsent_on_device() -> Result<Work<u32>, PartMissing> {
    Ok(Box::pin(async {
        match DeviceStore::get().await {
            Ok(device) => device.unsent_in(&crate::store::user_db).await.unwrap_or(0),
            Err(_) => 0,
        }
    }))
}

/// What a wipe of the device would lose, counted where the sync counts; `None` when the
/// sync's part of the app is not on the device to count with.
pub async fn unsent_everywhere() -> Option<u32> {
    Some(in_part!(unsent_on_device()).ok()?.await)
}

/// One sync for `user` and what follows it: the state shown, a retry planned after a
/// failure, another round when a change came meanwhile.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sync, fallible, preload(fetch_part), wasm_split_path = ::leptos::wasm_split)
)]
pub(super) fn round(
    state: SyncState,
    me: RwSignal<Option<Me>>,
    user: Me,
) -> Result<Work, PartMissing> {
    Ok(Box::pin(round_of(state, me, user)))
}

pub(super) async fn round_of(state: SyncState, me: RwSignal<Option<Me>>, user: Me) {
    let result = sync_once(state, &user.actor()).await;
    match result {
        Ok(at) => {
            FAILURES.set(0);
            NOT_BEFORE.set(0.0);
            state.problem.set(None);
            state.last_synced.set(Some(at));
        }
        // Only signing in again helps; the outbox waits for it.
        Err(SyncProblem::SessionExpired) => state.problem.set(Some(SyncProblem::SessionExpired)),
        // The new user's sync follows this one (it asked while this ran).
        Err(SyncProblem::UserChanged) => {}
        Err(problem) => {
            state.problem.set(Some(problem));
            retry_later(state, me);
        }
    }
    state.online.set(device::navigator_online());
    state.progress.set(None);
    state.syncing.set(false);
    state.local_change().await;
    if AGAIN.get() {
        request(state, me);
    }
}

thread_local! {
    /// Whether a sync was asked for while one was running.
    static AGAIN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Failed syncs in a row.
    static FAILURES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// No periodic sync before this time (ms since the epoch), while backing off.
    static NOT_BEFORE: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}
