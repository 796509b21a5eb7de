//! The sync loop: pushes the outbox, pulls what changed, and lays unsent edits back on top.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{DeviceRequest, ErrorKind, Me, UploadStatus};
use shared::devices::DeviceState;
use shared::feedback::Feedback;
use shared::inquiry::Inquiry;
use shared::people::Scope;
use shared::records::{Batch, Record};
use shared::sync::{apply, Actor, Context, Op, Outcome, PushRequest};
use shared::validation::ErrorCode;
use shared::Case;

use crate::api::{self, ApiError};
use crate::store::attachments::StoredFile;
use crate::store::device::{keys, DeviceStore};
use crate::store::outbox::{self, OutboxEntry};
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

    /// Keeps a page's data read from the device: `load` runs now and again whenever the
    /// cases on the device change, and `show` gets what it read. A read that ends after a
    /// newer one began is dropped, so a slow read never brings back what a later change
    /// (a draft thrown away, a pull) removed. Signals `load` reads before its first
    /// `await` are tracked too. Returns what reads again at once, for a read that failed.
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
        if let Ok(entries) = store.outbox(None).await {
            let records = store.unsent_records().await.unwrap_or(0);
            self.pending
                .set((outbox::cases_of(&entries).len() + records) as u32);
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
    // The listeners live as long as the page.
    std::mem::forget((online, offline));
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
fn resume(state: SyncState) -> Result<Work, PartMissing> {
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
fn retry_later(state: SyncState, me: RwSignal<Option<Me>>) {
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

/// How many requests with unsent changes, and unsent inquiries, needs and suggestions,
/// every user of the device has: what a wipe of the device would lose.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sync, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn unsent_on_device() -> Result<Work<u32>, PartMissing> {
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
    leptos::wasm_split::wasm_split(sync, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn round(state: SyncState, me: RwSignal<Option<Me>>, user: Me) -> Result<Work, PartMissing> {
    Ok(Box::pin(round_of(state, me, user)))
}

async fn round_of(state: SyncState, me: RwSignal<Option<Me>>, user: Me) {
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
    pull_changes(&store, actor, state).await?;
    if Inquiry::seen_from(actor) != Scope::Nothing {
        sync_records::<Inquiry>(&store).await?;
    }
    if actor.role.follows_up() {
        let researchers = api::researchers().await?;
        store.set_meta(meta::RESEARCHERS, &researchers).await?;
    }
    // The open points with what applicants see of them: where to move a case for those
    // with a scope, the applicant's own point's address and hours on their start page.
    if actor.scope() != Scope::Nothing {
        let points = api::public_points().await?;
        store.set_meta(meta::POINTS, &points).await?;
    }
    if Feedback::seen_from(actor) != Scope::Nothing {
        sync_records::<Feedback>(&store).await?;
    }
    if actor.role.is_staff() {
        sync_tools(&store).await?;
    }
    let now = Utc::now();
    store.set_meta(meta::LAST_SYNCED, &now).await?;
    report_device().await?;
    Ok(now)
}

/// Introduces the device to the server (after sign-in, or at the next sync if that failed)
/// and keeps its number and settings, so requests can be numbered offline from then on.
pub async fn register_device() -> Result<(), SyncProblem> {
    let device = DeviceStore::get().await?;
    let (body, _) = device_report(&device).await?;
    let settings = api::register_device(&body).await?;
    device.set_meta(keys::DEVICE, &settings).await?;
    Ok(())
}

/// How often a device that has nothing new to tell still reports, so the head office
/// sees it alive.
const REPORT_EVERY_MS: f64 = 5.0 * 60.0 * 1000.0;

thread_local! {
    /// What the last report told (all but what changes by itself) and when it went.
    static LAST_REPORT: std::cell::RefCell<Option<(String, f64)>> =
        const { std::cell::RefCell::new(None) };
}

/// Reports how the device stands at a sync: what it holds unsent, its last finished
/// sync, its build and its storage. Sent when any of it changed, else every few minutes.
/// Only a device marked lost, or a session ended, stops the sync; any other failure of a
/// report is tried again at the next.
async fn report_device() -> Result<(), SyncProblem> {
    let device = DeviceStore::get().await?;
    let (body, said) = device_report(&device).await?;
    let now = js_sys::Date::now();
    let fresh = LAST_REPORT.with_borrow(|last| {
        last.as_ref()
            .is_some_and(|(told, at)| *told == said && now - at < REPORT_EVERY_MS)
    });
    if fresh {
        return Ok(());
    }
    match api::register_device(&body).await {
        Ok(settings) => {
            LAST_REPORT.set(Some((said, now)));
            // Written only when they changed: a report is no reason to write to the device.
            if device.settings().await?.as_ref() != Some(&settings) {
                device.set_meta(keys::DEVICE, &settings).await?;
            }
            Ok(())
        }
        Err(e) => match SyncProblem::from(e) {
            p @ (SyncProblem::DeviceLost | SyncProblem::SessionExpired) => Err(p),
            _ => Ok(()),
        },
    }
}

/// The device's report, and what of it, once told, need not be told again soon: its age
/// since the last sync matters only while something waits to be sent, and its storage use
/// moves with every change.
async fn device_report(device: &DeviceStore) -> Result<(DeviceRequest, String), SyncProblem> {
    // What waits to be sent tells the server whether this device may be released when its
    // user signs in on one device too many, and whether work on it is at risk.
    let (unsent, synced) = match Store::get().await {
        Ok(store) => (
            store.outbox_len().await.unwrap_or(0),
            store
                .meta::<DateTime<Utc>>(meta::LAST_SYNCED)
                .await
                .ok()
                .flatten(),
        ),
        Err(_) => (0, None),
    };
    let (persistent, storage_used, storage_quota) = device::storage().await;
    let state = DeviceState {
        build: device::build(),
        // By this device's clock on both ends, so a clock set wrong does not matter.
        since_sync_secs: synced.map(|at| (Utc::now() - at).num_seconds().max(0) as u64),
        persistent,
        storage_used,
        storage_quota,
    };
    let said = format!(
        "{unsent}/{:?}/{persistent:?}/{:?}",
        state.build,
        synced.filter(|_| unsent > 0)
    );
    let body = DeviceRequest {
        device_id: device.device_id().await?,
        unsent,
        state,
    };
    Ok((body, said))
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

/// Uploads every file the server does not have yet, in chunks, each resumed where the
/// server says it stands: a connection that drops mid-file loses at most one chunk.
async fn upload_files(store: &Store, state: SyncState) -> Result<(), SyncProblem> {
    let files = store.files_to_upload().await?;
    let total = files.len() as u64;
    for (done, file) in files.iter().enumerate() {
        state.show(Step::Uploading, done as u64, total);
        upload_file(file).await?;
        store.mark_uploaded(&file.attachment.sha256).await?;
    }
    Ok(())
}

/// Uploads one file in chunks, from where the server has it.
pub async fn upload_file(file: &StoredFile) -> Result<(), SyncProblem> {
    let sha256 = &file.attachment.sha256;
    let total = file.attachment.size;
    let mut status = api::upload_status(sha256).await?;
    while !status.complete {
        let start = status.received;
        let end = (start + UploadStatus::CHUNK_MAX as u64).min(total);
        let chunk = file
            .blob
            .slice_with_f64_and_f64(start as f64, end as f64)
            .map_err(|e| SyncProblem::Storage(format!("{e:?}")))?;
        let bytes = media::bytes_of(&chunk)
            .await
            .map_err(|e| SyncProblem::Storage(e.to_string()))?;
        status = match api::upload_chunk(sha256, start, total, &bytes).await {
            Ok(status) => status,
            // Someone else's chunk got there first: ask where it stands and go on.
            Err(ApiError::Refused {
                kind: ErrorKind::UploadOffset,
                ..
            }) => api::upload_status(sha256).await?,
            Err(e) => return Err(e.into()),
        };
    }
    Ok(())
}

/// Sends the records of a kind made here (the reception's inquiries, needs and
/// suggestions) and pulls those this user sees that changed elsewhere.
async fn sync_records<R: Kept>(store: &Store) -> Result<(), SyncProblem> {
    let unsent: Vec<LocalRecord<R>> = store
        .records::<R>()
        .await?
        .into_iter()
        .filter(|r| !r.sent)
        .collect();
    for chunk in unsent.chunks(R::MAX_BATCH) {
        let batch = Batch::<R> {
            items: chunk.iter().map(|r| r.record.to_send()).collect(),
        };
        // The form checks what the server checks; one it refuses anyway stays on the
        // device, unsent, rather than being lost.
        let reply = api::push_records(&batch).await?;
        let kept: Vec<String> = chunk
            .iter()
            .zip(reply.results)
            .filter(|(_, refused)| refused.is_none())
            .map(|(r, _)| r.id.clone())
            .collect();
        store.mark_sent::<R>(&kept).await?;
    }
    let mut cursor: u64 = store.meta(R::CURSOR).await?.unwrap_or(0);
    loop {
        let page = api::pull_records::<R>(cursor).await?;
        let pulled: Vec<LocalRecord<R>> = page
            .items
            .into_iter()
            .map(LocalRecord::from_server)
            .collect();
        store.put_records(&pulled).await?;
        cursor = page.cursor;
        store.set_meta(R::CURSOR, &cursor).await?;
        if !page.has_more {
            return Ok(());
        }
    }
}

/// Fetches the list of reference documents and keeps each file on the device, so the
/// library opens offline.
async fn sync_tools(store: &Store) -> Result<(), SyncProblem> {
    let docs = api::tools().await?;
    for doc in &docs {
        if store.file(&doc.attachment.sha256).await?.is_none() {
            let bytes = api::download(&doc.attachment.sha256).await?;
            let blob = media::blob_of(&bytes, doc.attachment.media_type)
                .map_err(|e| SyncProblem::Storage(e.to_string()))?;
            store
                .put_file(&StoredFile {
                    attachment: doc.attachment.clone(),
                    uploaded: true,
                    blob,
                    thumb: None,
                })
                .await?;
        }
    }
    store.set_meta(meta::TOOLS, &docs).await?;
    Ok(())
}

/// Sends the outbox in batches, in order, until it is empty.
///
/// Stops before a change that attaches a file not uploaded yet (attached after the
/// uploads of this round began) and returns `false`; `true` once the outbox is empty.
async fn push_outbox(store: &Store, state: SyncState) -> Result<bool, SyncProblem> {
    let device_id = DeviceStore::get().await?.device_id().await?;
    let (mut sent, mut total) = (0u64, 0u64);
    loop {
        // Counted again each round: typing meanwhile adds to what is to send.
        total = total.max(sent + u64::from(store.outbox_len().await?));
        state.show(Step::Sending, sent, total);
        let mut entries = store.outbox_to_send(PushRequest::MAX_BATCH as u32).await?;
        if entries.is_empty() {
            // Counted once at the end: counting requests reads the whole outbox, which a
            // long push would otherwise do after every batch.
            state.recount(store).await;
            return Ok(true);
        }
        let mut ready = entries.len();
        for (i, entry) in entries.iter().enumerate() {
            if let Op::Attach { attachment, .. } = &entry.mutation.op {
                let uploaded = store
                    .file(&attachment.sha256)
                    .await?
                    .is_none_or(|f| f.uploaded);
                if !uploaded {
                    ready = i;
                    break;
                }
            }
        }
        if ready == 0 {
            state.recount(store).await;
            return Ok(false);
        }
        entries.truncate(ready);
        let request = PushRequest {
            device_id: device_id.clone(),
            user_id: store.user(),
            mutations: entries.iter().map(|e| e.mutation.clone()).collect(),
        };
        still_theirs(store)?;
        // Until the reply comes, the server may have applied these: they were marked so
        // when read, and no edit is folded into them (see `Store::record_edit`), even if
        // the app is closed meanwhile.
        let reply = api::push(&request).await?;
        let mut refused = HashSet::new();
        for (entry, result) in entries.iter().zip(reply.results) {
            // Keep what was typed and show why it was refused; never drop it silently. The
            // first refusal of a case is the cause (a refused create makes the submit that
            // follows it "not found"), so it is the one shown.
            let case_id = entry.mutation.case_id;
            if let Outcome::Rejected { rejection } = result.outcome {
                if refused.insert(case_id) {
                    if let Some(mut local) = store.case(case_id).await? {
                        local.rejected = Some(rejection);
                        store.put_cases(&[local]).await?;
                    }
                }
            }
        }
        if let Some(last) = entries.iter().filter_map(|e| e.seq).max() {
            store.remove_through(last).await?;
        }
        sent += entries.len() as u64;
    }
}

/// Pulls every change after the stored cursor, page by page.
///
/// Starts over from the beginning when the server is another (its epoch changed: restored
/// from a backup, or rebuilt), when the user's scope changed, or when the server no longer
/// keeps what this device missed. A pull from the beginning ends by removing every case
/// it did not bring; cases with unsent changes stay, and so does the outbox.
async fn pull_changes(store: &Store, actor: &Actor, state: SyncState) -> Result<(), SyncProblem> {
    let mut cursor: u64 = store.meta(meta::CURSOR).await?.unwrap_or(0);
    let mut epoch: Option<String> = store.meta(meta::EPOCH).await?;
    let mut scope: Option<String> = store.meta(meta::SCOPE).await?;
    let mut full = cursor == 0;
    let mut seen = HashSet::new();
    let mut received = 0u64;
    loop {
        let api::PulledPage { page, cases } = api::pull(cursor, store.user()).await?;
        still_theirs(store)?;
        let moved = epoch.as_deref() != Some(page.server_epoch.as_str())
            || scope.as_deref() != Some(page.scope.as_str());
        epoch = Some(page.server_epoch.clone());
        scope = Some(page.scope.clone());
        if page.reset || (moved && cursor > 0) {
            cursor = 0;
            full = true;
            seen.clear();
            received = 0;
            continue;
        }
        let ids = store::case_ids(&cases)?;
        received += (ids.len() + page.removed.len()) as u64;
        seen.extend(ids);
        state.show(Step::Receiving, received, received + page.remaining);
        let answer_days = rules(Utc::now()).await.answer_days;
        store
            .put_pulled(&cases, &page.removed, |case, pending| {
                rebase(case, pending, actor, answer_days)
            })
            .await?;
        if !page.has_more {
            if full {
                store.keep_only(&seen).await?;
            }
            // The cursor moves only once the whole reset is done, so a pull cut short
            // starts over again rather than leaving stale cases behind.
            store.set_meta(meta::EPOCH, &page.server_epoch).await?;
            store.set_meta(meta::SCOPE, &page.scope).await?;
            store.set_meta(meta::CURSOR, &page.cursor).await?;
            return Ok(());
        }
        cursor = page.cursor;
        if !full {
            store.set_meta(meta::CURSOR, &cursor).await?;
        }
    }
}

/// Stops a sync whose user is no longer the signed-in one: it must neither send their
/// changes under the new session nor write the new user's cases into their data. The
/// server refuses both as well; this spares the round trip.
fn still_theirs(store: &Store) -> Result<(), SyncProblem> {
    if store.is_current() {
        Ok(())
    } else {
        Err(SyncProblem::UserChanged)
    }
}

/// Lays this device's unsent mutations of a case on top of the state just pulled, so a
/// pull never hides an edit that is still waiting to be sent.
pub fn rebase(pulled: Case, pending: &[OutboxEntry], actor: &Actor, answer_days: u32) -> Case {
    let id = pulled.id;
    pending
        .iter()
        .filter(|e| e.mutation.case_id == id)
        .fold(pulled, |case, e| {
            let rules = Context {
                now: e.mutation.created_at,
                answer_days,
            };
            apply(Some(&case), &e.mutation, actor, &rules).unwrap_or(case)
        })
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
