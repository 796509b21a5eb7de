//! The sync loop: pushes the outbox, pulls what changed, and lays unsent edits back on top.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{DeviceRequest, ErrorKind, Me, UploadStatus};
use shared::devices::DeviceState;
use shared::life::apply;
use shared::life::mutation::{Context, Op};
use shared::people::{Actor, Scope};
use shared::records::feedback::Feedback;
use shared::records::inquiry::Inquiry;
use shared::records::Batch;
use shared::sync::{Outcome, PushRequest};
use shared::validation::ErrorCode;
use shared::Case;

use crate::api::{self, ApiError};
use crate::store::attachments::StoredFile;
use crate::store::device::{keys, DeviceStore};
use crate::store::outbox::OutboxEntry;
use crate::store::records::{Kept, LocalRecord};
use crate::store::{self, meta, Store, StoreError};
use crate::update::PartMissing;
use crate::{device, media};

/// How often the app syncs on its own while it is open.
const PERIOD_MS: u32 = 30_000;

/// Why the last sync did not finish.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncProblem {
    /// The server could not be reached.
    Unreachable,
    /// The session ended; the outbox waits for the same user to sign in again.
    SessionExpired,
    /// The server refused or failed.
    Server(String),
    /// The device's storage is full.
    StorageFull,
    /// The device did not keep what was pulled, most likely for want of room.
    NotKept,
    /// The device's storage failed.
    Storage(String),
    /// Another user signed in while this sync ran; theirs starts afresh.
    UserChanged,
    /// The account holds its most devices, each with unsent work: this one cannot be
    /// introduced until one of them is sent.
    DevicesFull,
    /// The head office marked this device lost: it may no longer sync. What waits on it
    /// stays on it.
    DeviceLost,
}

/// What the sync indicator shows, and what pages watch to reload their data.
#[derive(Clone, Copy, Debug)]
pub struct SyncState {
    /// What the browser says of the network.
    pub online: RwSignal<bool>,
    /// Requests with changes waiting in the outbox, and inquiries, needs and suggestions
    /// not yet sent.
    pub pending: RwSignal<u32>,
    /// When the last full sync finished.
    pub last_synced: RwSignal<Option<DateTime<Utc>>>,
    /// Whether a sync is running.
    pub syncing: RwSignal<bool>,
    /// Why the last sync stopped short, if it did.
    pub problem: RwSignal<Option<SyncProblem>>,
    /// Bumped whenever cases on the device change, so lists reload.
    pub data_version: RwSignal<u64>,
    /// How far the running sync has gone, shown as "n of m".
    pub progress: RwSignal<Option<Progress>>,
}

/// How far one step of a sync has gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// What is being done.
    pub step: Step,
    /// How many are done.
    pub done: u64,
    /// How many there are in all.
    pub total: u64,
}

/// The steps of a sync, in their order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Files go up first.
    Uploading,
    /// Then the outbox.
    Sending,
    /// Then what changed elsewhere comes down.
    Receiving,
}

impl SyncState {
    fn show(self, step: Step, done: u64, total: u64) {
        self.progress.set(Some(Progress { step, done, total }));
    }
}

impl SyncState {
    /// A state with nothing known yet.
    pub fn new() -> Self {
        Self {
            online: RwSignal::new(device::navigator_online()),
            pending: RwSignal::new(0),
            last_synced: RwSignal::new(None),
            syncing: RwSignal::new(false),
            problem: RwSignal::new(None),
            data_version: RwSignal::new(0),
            progress: RwSignal::new(None),
        }
    }

    /// Tells watchers that cases on the device changed, and recounts what waits to be sent.
    pub async fn local_change(self) {
        self.data_version.update(|v| *v += 1);
        if let Ok(store) = Store::get().await {
            self.recount(&store).await;
        }
    }

    /// A page's data read from the device: `load` runs now and again whenever the cases on
    /// the device change, or a signal it reads before returning its future does (such as
    /// the page's address). A read that ends after a newer one began is dropped, so a slow
    /// read never brings back what a later change (a draft thrown away, a pull) removed.
    pub fn read<T, Fut>(self, load: impl Fn() -> Fut + 'static) -> LocalResource<T>
    where
        T: 'static,
        Fut: std::future::Future<Output = T> + 'static,
    {
        LocalResource::new(move || {
            self.data_version.track();
            load()
        })
    }

    /// As [`Self::read`], for a page that keeps what it read in its own signals: `show`
    /// gets each read, the latest only. Returns what reads again at once, for a read that
    /// failed. Unlike a resource, its reads never suspend the page around it: the request
    /// editor follows the device this way under its own `<Suspense>`, and a read after
    /// every keystroke's save must not draw it again.
    pub fn keep_loaded<T, Fut>(
        self,
        load: impl Fn() -> Fut + 'static,
        show: impl Fn(T) + 'static,
    ) -> Callback<()>
    where
        T: 'static,
        Fut: std::future::Future<Output = T> + 'static,
    {
        let show = std::rc::Rc::new(show);
        // Counts the reads begun, so only the latest one shows, whatever made it begin (a
        // change on the device, or a signal `load` tracks, such as the page's address).
        let begun = std::rc::Rc::new(std::cell::Cell::new(0u64));
        let again = Trigger::new();
        Effect::new(move |_| {
            self.data_version.track();
            again.track();
            let this = begun.get() + 1;
            begun.set(this);
            let read = load();
            let show = show.clone();
            let begun = begun.clone();
            spawn_local(async move {
                let value = read.await;
                if begun.get() == this {
                    show(value);
                }
            });
        });
        Callback::new(move |()| again.notify())
    }

    /// Counts the requests with changes waiting in the outbox: what a person thinks of as
    /// "waiting", whether one change or several were made to each.
    async fn recount(self, store: &Store) {
        if let Ok(cases) = store.waiting_cases().await {
            let records = store.unsent_records().await.unwrap_or(0);
            self.pending.set((cases.len() + records) as u32);
        }
    }
}

impl Default for SyncState {
    fn default() -> Self {
        Self::new()
    }
}

impl From<StoreError> for SyncProblem {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Full => Self::StorageFull,
            StoreError::NotKept => Self::NotKept,
            StoreError::SignedOut => Self::UserChanged,
            other => Self::Storage(other.to_string()),
        }
    }
}

impl From<ApiError> for SyncProblem {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Network(_) => Self::Unreachable,
            ApiError::Unauthenticated => Self::SessionExpired,
            ApiError::Refused {
                kind: ErrorKind::OtherUser,
                ..
            } => Self::UserChanged,
            ApiError::Refused {
                kind: ErrorKind::DeviceLost,
                ..
            } => Self::DeviceLost,
            ApiError::Invalid(errors)
                if errors
                    .iter()
                    .any(|e| matches!(e.code, ErrorCode::TooManyDevices { .. })) =>
            {
                Self::DevicesFull
            }
            other => Self::Server(other.to_string()),
        }
    }
}

mod pull;
mod push;
mod records;
mod reports;
mod schedule;
mod uploads;

pub use pull::rebase;
use pull::{pull_changes, still_theirs};
use push::push_outbox;
use records::{sync_library, sync_records};
pub use reports::register_device;
use reports::report_device;
pub use schedule::{backoff_ms, prefetch, request, saved, send_typed, start, unsent_everywhere};
pub use uploads::upload_file;
use uploads::upload_files;

/// One full sync. Returns when it finished.
async fn sync_once(state: SyncState, actor: &Actor) -> Result<DateTime<Utc>, SyncProblem> {
    let store = Store::get().await?;
    // The device tells how it stands before sending, so that a sync that breaks off
    // midway still leaves the head office knowing what waits on it.
    if DeviceStore::get().await?.settings().await?.is_none() {
        register_device().await?;
    } else {
        report_device().await?;
    }
    // Files go up before the changes that attach them, so the server never hears of a
    // file it does not have.
    // A file attached while this runs waits for the next round of uploads.
    loop {
        upload_files(&store, state).await?;
        if push_outbox(&store, state).await? {
            break;
        }
    }
    // The records, the lists and the library do not depend on the cases: they are asked
    // for beside the pull, so a slow network carries them within its round trips. Both
    // run to their end even when one fails: a read or write of the device dropped midway
    // would be answered into code no longer there.
    let (cases, rest) = futures::join!(pull_changes(&store, actor, state), others(&store, actor));
    cases?;
    rest?;
    let now = Utc::now();
    store.set_meta(meta::LAST_SYNCED, &now).await?;
    report_device().await?;
    Ok(now)
}

/// What a sync brings besides the cases, each asked for at once: the inquiries, the
/// researchers, the open points, the needs and suggestions, and the library.
async fn others(store: &Store, actor: &Actor) -> Result<(), SyncProblem> {
    let researchers = async {
        if actor.role.follows_up() {
            let researchers = api::researchers().await?;
            store.set_meta(meta::RESEARCHERS, &researchers).await?;
        }
        Ok(())
    };
    // The open points with what applicants see of them: where to move a case for those
    // with a scope, the applicant's own point's address and hours on their start page.
    let points = async {
        if actor.scope() != Scope::Nothing {
            let points = api::public_points().await?;
            store.set_meta(meta::POINTS, &points).await?;
        }
        Ok(())
    };
    let library = async {
        if actor.role.is_staff() {
            sync_library(store).await?;
        }
        Ok::<_, SyncProblem>(())
    };
    let (inquiries, researchers, points, feedback, library) = futures::join!(
        records_seen::<Inquiry>(store, actor),
        researchers,
        points,
        records_seen::<Feedback>(store, actor),
        library
    );
    inquiries
        .and(researchers)
        .and(points)
        .and(feedback)
        .and(library)
}

/// The records of a kind, sent and pulled when the user sees any.
async fn records_seen<R: Kept>(store: &Store, actor: &Actor) -> Result<(), SyncProblem> {
    if R::seen_from(actor) != Scope::Nothing {
        sync_records::<R>(store).await?;
    }
    Ok(())
}

/// The rules a change made on this device at `now` is applied by: the server's settings
/// as last heard, or the policy's defaults before that.
pub async fn rules(now: DateTime<Utc>) -> Context {
    let settings = match DeviceStore::get().await {
        Ok(device) => device.settings().await.ok().flatten(),
        Err(_) => None,
    };
    let answer_days = settings.map_or(Context::DEFAULT_ANSWER_DAYS, |d| d.answer_days);
    Context { now, answer_days }
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn retries_back_off_with_a_spread_up_to_five_minutes() {
        assert_eq!(backoff_ms(1, 0.5), 2_000);
        assert_eq!(backoff_ms(2, 0.5), 4_000);
        assert_eq!(backoff_ms(4, 0.5), 16_000);
        assert_eq!(backoff_ms(30, 0.5), 300_000, "capped");
        assert_eq!(backoff_ms(3, 0.0), 4_000, "half, at the least");
        assert_eq!(backoff_ms(3, 1.0), 12_000, "one and a half, at the most");
    }
}
