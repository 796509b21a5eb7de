//! The app's own files on the device: the service worker, new builds, and going offline-ready.

use std::cell::Cell;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::Me;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

use crate::device;
use crate::store::writer;
use crate::sync::{self, SyncState};

/// How often a running app asks the server whether a new build is out.
const CHECK_EVERY_MS: u32 = 15 * 60 * 1000;
/// How long a switch to a new build waits for the outbox to be sent.
const SEND_WAIT_MS: u32 = 8_000;

thread_local! {
    /// Whether this page is switching to the new build itself (its own reload follows).
    static SWITCHING: Cell<bool> = const { Cell::new(false) };
}

/// A part of the app that could not be loaded: not kept on the device yet, and no network
/// to fetch it with. Nothing is lost: the page says so and the sync tries again later.
#[derive(Clone, Copy, Debug)]
pub struct PartMissing;

impl From<leptos::wasm_split::SplitLoaderError> for PartMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Self
    }
}

/// Whether a new build of the app is on the device, waiting for the user to reload.
#[derive(Clone, Copy, Debug)]
pub struct NewBuild(pub RwSignal<bool>);

/// Registers the service worker and watches for new builds. `ready` turns true when a new
/// build is installed beside the running one; the first build a device gets is not "new".
pub fn watch(ready: NewBuild) {
    let Some(container) = web_sys::window().map(|w| w.navigator().service_worker()) else {
        return;
    };
    let had_controller = container.controller().is_some();
    // Another tab of this device switched to the new build: this page runs the old one
    // against the new files, so it reloads too, once what was typed here is written.
    let changed = Closure::<dyn FnMut()>::new(move || {
        if had_controller && !SWITCHING.get() {
            spawn_local(async {
                writer::all_written().await;
                reload();
            });
        }
    });
    container.set_oncontrollerchange(Some(changed.as_ref().unchecked_ref()));
    changed.forget();

    let registered = container.register("/sw.js");
    spawn_local(async move {
        // A browser that keeps no service workers (a private window may) answers nothing.
        let Some(reg) = JsFuture::from(registered)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
        else {
            return;
        };
        if reg.waiting().is_some() && had_controller {
            ready.0.set(true);
        }
        let found_reg = reg.clone();
        let found = Closure::<dyn FnMut()>::new(move || {
            let Some(worker) = found_reg.installing() else {
                return;
            };
            let watched = worker.clone();
            let installed = Closure::<dyn FnMut()>::new(move || {
                let controlled = web_sys::window()
                    .is_some_and(|w| w.navigator().service_worker().controller().is_some());
                if watched.state() == ServiceWorkerState::Installed && controlled {
                    ready.0.set(true);
                }
            });
            worker.set_onstatechange(Some(installed.as_ref().unchecked_ref()));
            installed.forget();
        });
        reg.set_onupdatefound(Some(found.as_ref().unchecked_ref()));
        found.forget();
        // A tablet keeps the app open for days: it asks now and then, and whenever the
        // network comes back, rather than only when the app is opened.
        let on_line = reg.clone();
        let back = Closure::<dyn FnMut()>::new(move || ask_for_new_build(&on_line));
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("online", back.as_ref().unchecked_ref());
        }
        back.forget();
        loop {
            TimeoutFuture::new(CHECK_EVERY_MS).await;
            ask_for_new_build(&reg);
        }
    });
}

/// Asks the server for the service worker again; a new build installs beside the running
/// one. A server that cannot be reached is no news: the next check asks again.
fn ask_for_new_build(reg: &ServiceWorkerRegistration) {
    if let Ok(asked) = reg.update() {
        spawn_local(async move {
            let _ = JsFuture::from(asked).await;
        });
    }
}

/// Switches to the new build: what was typed is written to the device first, and when the
/// network is there the outbox is sent (unsent changes stay in the outbox across the
/// reload either way); then the new worker takes over and the page reloads into it.
pub async fn switch(state: SyncState, me: RwSignal<Option<Me>>) {
    writer::all_written().await;
    if me.get_untracked().is_some() && device::navigator_online() {
        sync::request(state, me);
        // A weak network is not waited on for long: the outbox keeps what is not sent.
        let mut waited = 0;
        while state.syncing.get_untracked() && waited < SEND_WAIT_MS {
            TimeoutFuture::new(50).await;
            waited += 50;
        }
    }
    SWITCHING.set(true);
    let waiting = registration().await.and_then(|r| r.waiting());
    match waiting {
        Some(worker) => {
            // The page reloads when the new worker has taken over (`controllerchange`).
            let reload_now = Closure::<dyn FnMut()>::new(reload);
            if let Some(container) = web_sys::window().map(|w| w.navigator().service_worker()) {
                container.set_oncontrollerchange(Some(reload_now.as_ref().unchecked_ref()));
            }
            reload_now.forget();
            post(&worker, "activate");
        }
        None => reload(),
    }
}

/// Asks the service worker to keep every part of the app on the device, so a signed-in
/// device opens every page offline, not only those already visited.
pub fn keep_all_offline() {
    spawn_local(async {
        if let Some(worker) = registration().await.and_then(|r| r.active()) {
            post(&worker, "keep-all");
        }
    });
}

/// The service worker's registration, once there is an active worker.
async fn registration() -> Option<ServiceWorkerRegistration> {
    let container = web_sys::window()?.navigator().service_worker();
    let ready = JsFuture::from(container.ready().ok()?).await.ok()?;
    ready.dyn_into().ok()
}

/// Sends `{kind}` to a worker.
fn post(worker: &ServiceWorker, kind: &str) {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"kind".into(), &JsValue::from_str(kind));
    let _ = worker.post_message(&message);
}

/// Loads the page again, from the service worker's copy of the app.
pub fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
