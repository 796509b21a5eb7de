//! Writes the changes of a case to the device one after another, apart from the page that
//! made them: a change queued just before the page closes is still written.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::life::mutation::{Mutation, Op};
use shared::life::{apply, merge};
use shared::{Case, CaseId, RequestForm};

use crate::context::Session;
use crate::device;
use crate::store::attachments::StoredFile;
use crate::store::device::DeviceStore;
use crate::store::{LocalCase, Store, StoreError};
use crate::sync::{self, SyncState};

/// Where the saving of the latest change stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Every change is on the device.
    Saved,
    /// A change is being written.
    Saving,
    /// The device's storage is full; the form keeps what was typed.
    Full,
    /// The device did not keep the change, most likely for want of room.
    NotKept,
    /// The last write failed, with the storage's reason; the form keeps what was typed.
    Failed(String),
}

impl From<StoreError> for SaveState {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Full => Self::Full,
            StoreError::NotKept => Self::NotKept,
            other => Self::Failed(other.to_string()),
        }
    }
}

/// A change waiting to be written, in the order made.
#[derive(Debug)]
pub enum Pending {
    /// The form as typed.
    Edit(RequestForm),
    /// Another change to the case, with the file it attaches, if any.
    Act(Op, Option<StoredFile>),
}

/// What the page shows of the writing; updated only while the page is there.
#[derive(Clone, Copy, Debug)]
pub struct Shown {
    /// The case as last written.
    pub case: RwSignal<Case>,
    /// The form as typed.
    pub form: RwSignal<RequestForm>,
    /// The save state.
    pub saved: RwSignal<SaveState>,
}

/// The changes of one case waiting to be written, and the case they apply to.
struct Writer {
    case: Case,
    queue: VecDeque<Pending>,
    shown: Shown,
}

thread_local! {
    /// The writers with changes still to write, by case.
    static WRITERS: RefCell<HashMap<CaseId, Rc<RefCell<Writer>>>> = RefCell::new(HashMap::new());
}

thread_local! {
    /// New requests opened and not yet changed: kept on no device until their first change,
    /// so that one opened and left leaves no draft behind and takes no reference number.
    static UNWRITTEN: RefCell<HashMap<CaseId, LocalCase>> = RefCell::new(HashMap::new());
}

/// Why a new request cannot be kept: the device has no number yet.
pub const NOT_NUMBERED: &str = "يلزم الاتصال بالشبكة مرة واحدة لترقيم هذا الجهاز، ثم يعمل دونها / \
    This device needs the network once to get its number; then it works offline";

/// Holds a new request, made in memory with the reference number it will take, until its
/// first change writes it.
pub fn hold_new(local: LocalCase) {
    UNWRITTEN.with(|u| u.borrow_mut().insert(local.case.id, local));
}

/// A new request opened here and not yet written, if `id` is one.
pub fn unwritten(id: CaseId) -> Option<LocalCase> {
    UNWRITTEN.with(|u| u.borrow().get(&id).cloned())
}

/// Whether changes of the case are still being written.
pub fn writing(id: CaseId) -> bool {
    WRITERS.with(|w| w.borrow().contains_key(&id))
}

/// Whether changes of any case are still being written.
pub fn any_writing() -> bool {
    WRITERS.with(|w| !w.borrow().is_empty())
}

/// Waits until every change queued, of any case, is written to the device (or failed to
/// be, which the page it came from shows): before the page reloads into a new build.
pub async fn all_written() {
    while any_writing() {
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
}

/// Queues a change of `case` (as the page has it) and starts writing unless a writer for it
/// runs. Typing replaces a form still waiting at the end of the queue: only the newest form
/// is written.
pub fn enqueue(case: &Case, change: Pending, shown: Shown, session: Session, state: SyncState) {
    // A new request thrown away before anything was written leaves nothing to write.
    if matches!(change, Pending::Act(Op::Discard, _))
        && !writing(case.id)
        && UNWRITTEN
            .with(|u| u.borrow_mut().remove(&case.id))
            .is_some()
    {
        return;
    }
    shown.saved.try_set(SaveState::Saving);
    let running = WRITERS.with(|w| {
        let mut writers = w.borrow_mut();
        if let Some(writer) = writers.get(&case.id) {
            let mut writer = writer.borrow_mut();
            writer.shown = shown;
            if let (Pending::Edit(_), Some(Pending::Edit(_))) = (&change, writer.queue.back()) {
                writer.queue.pop_back();
            }
            writer.queue.push_back(change);
            return None;
        }
        let writer = Rc::new(RefCell::new(Writer {
            case: case.clone(),
            queue: VecDeque::from([change]),
            shown,
        }));
        writers.insert(case.id, writer.clone());
        Some(writer)
    });
    let Some(writer) = running else { return };
    let id = case.id;
    spawn_local(async move {
        // Whether anything other than typing was written: that is sent at once.
        let mut acted = false;
        loop {
            let next = writer.borrow_mut().queue.pop_front();
            let Some(change) = next else {
                // The data version moves on before the case stops counting as being
                // written: a read of the device begun before the write, landing in
                // between, would otherwise lay the case as it was over what was typed.
                state.local_change().await;
                if writer.borrow().queue.is_empty() {
                    break;
                }
                continue;
            };
            acted |= matches!(change, Pending::Act(..));
            if let Err(e) = write(&writer, change, session, state).await {
                let shown = writer.borrow().shown;
                shown.saved.try_set(e);
                WRITERS.with(|w| w.borrow_mut().remove(&id));
                return;
            }
        }
        let shown = writer.borrow().shown;
        WRITERS.with(|w| w.borrow_mut().remove(&id));
        shown.saved.try_set(SaveState::Saved);
        sync::saved(state, session.me, !acted);
    });
}

async fn write(
    writer: &Rc<RefCell<Writer>>,
    change: Pending,
    session: Session,
    state: SyncState,
) -> Result<(), SaveState> {
    let Some(me) = session.me.get_untracked() else {
        return Err(StoreError::SignedOut.into());
    };
    let store = Store::get().await?;
    let case = writer.borrow().case.clone();
    let new = UNWRITTEN.with(|u| u.borrow().contains_key(&case.id));
    // A new request is made by its first change: the number is taken then, and the
    // creation carries what was typed.
    let creation = if new {
        let Some(reference) = DeviceStore::get().await?.next_reference().await? else {
            return Err(SaveState::Failed(NOT_NUMBERED.to_owned()));
        };
        Some(reference)
    } else {
        None
    };
    let (ops, file) = match (change, creation) {
        (Pending::Edit(request), Some(reference)) => {
            (vec![Op::Create { reference, request }], None)
        }
        (Pending::Edit(request), None) => {
            let changes = merge::changes_between(&case.request, &request);
            if changes.is_empty() {
                return Ok(());
            }
            (vec![Op::Change { changes }], None)
        }
        (Pending::Act(op, file), Some(reference)) => {
            let request = case.request.clone();
            (vec![Op::Create { reference, request }, op], file)
        }
        (Pending::Act(op, file), None) => (vec![op], file),
    };
    let created_at = Utc::now();
    let rules = sync::rules(created_at).await;
    let mut next = (!new).then(|| case.clone());
    let mut mutations = Vec::with_capacity(ops.len());
    for op in ops {
        let mutation = Mutation {
            mutation_id: device::new_mutation_id(),
            case_id: case.id,
            base_revision: next.as_ref().map_or(0, |c| c.revision),
            created_at,
            op,
        };
        next = Some(
            apply(next.as_ref(), &mutation, &me.actor(), &rules)
                .map_err(|e| SaveState::Failed(e.to_string()))?,
        );
        mutations.push(mutation);
    }
    let Some(next) = next else { return Ok(()) };
    let local = LocalCase::new(next.clone());
    let written = match (mutations.as_slice(), file) {
        (
            [edit @ Mutation {
                op: Op::Change { .. },
                ..
            }],
            _,
        ) => store.record_edit(&local, edit).await,
        (all, Some(file)) => store.record_with_file(&local, all, &file).await,
        (all, None) => store.record(&local, all).await,
    };
    written?;
    if new {
        UNWRITTEN.with(|u| u.borrow_mut().remove(&case.id));
    }
    writer.borrow_mut().case = next.clone();
    // The count of waiting changes is right before anything reacts to the new state.
    state.local_change().await;
    // What the rules did to the request (normalised on submission) shows in the form;
    // typing is never laid over.
    let acted = mutations
        .iter()
        .any(|m| !matches!(m.op, Op::Change { .. } | Op::Create { .. }));
    let normalised = (acted && next.request != case.request).then(|| next.request.clone());
    let shown = writer.borrow().shown;
    shown.case.try_set(next);
    if let Some(request) = normalised {
        shown.form.try_set(request);
    }
    Ok(())
}
