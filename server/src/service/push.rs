//! Applying a device's push: each mutation checked against what only the server knows,
//! applied by the shared rules, and written with its record, in the next group of writes.

use shared::documents::AttachmentRef;
use shared::life::mutation::{invalid, Context as Rules, Mutation, Op, Rejection};
use shared::life::{apply, merge};
use shared::people::Actor;
use shared::sync::{outcome_of, MutationResult, Outcome};
use shared::validation::{ErrorCode, Field};
use shared::Case;

use crate::db::cases::{self, Writer};
use crate::db::group::Tx;
use crate::db::script::Script;
use crate::db::{attachments, users, Db};

/// Whether the changes of a push send the applicant the messages they cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Messages {
    /// They do: a device's push.
    Send,
    /// They do not: the demo's sample requests, whose applicants are made up.
    Skip,
}

/// What a push did.
#[derive(Debug)]
pub struct Pushed {
    /// What became of each mutation, in order.
    pub results: Vec<MutationResult>,
    /// Whether a change queued a message to an applicant.
    pub queued: bool,
}

/// Why a push was refused whole: its device was marked lost. Read inside the push's own
/// transaction, so a mark either comes first and refuses it, or waits for it to commit.
#[derive(Debug, thiserror::Error)]
#[error("the device was marked lost")]
pub struct DeviceLost;

/// Applies a batch of mutations in order, for `actor` on `device_id`, in the next group of
/// writes: the results come back once they are on disk. A mutation seen before gets the
/// outcome it got the first time, so a retried push is harmless. A device marked lost has
/// nothing applied: the error is then [`DeviceLost`].
pub async fn push(
    db: &Db,
    actor: &Actor,
    device_id: &str,
    mutations: Vec<Mutation>,
    rules: &Rules,
    messages: Messages,
) -> anyhow::Result<Pushed> {
    let (actor, device_id, rules) = (actor.clone(), device_id.to_owned(), *rules);
    db.grouped(move |tx| {
        Box::pin(async move {
            // Read once for the whole push, then kept as each change is applied.
            let mut found = cases::found(tx, &mutations, actor.user.id, &device_id).await?;
            if found.lost {
                return Err(DeviceLost.into());
            }
            let mut pushed = Pushed {
                results: Vec::with_capacity(mutations.len()),
                queued: false,
            };
            let mut pending = Deferred::default();
            let one = One {
                actor: &actor,
                device_id: &device_id,
                rules: &rules,
                messages,
            };
            for m in &mutations {
                let seen = found.seen.get(&m.mutation_id).cloned();
                let current = match seen {
                    Some(_) => None,
                    None => found.cases.remove(&m.case_id),
                };
                let (outcome, case, queued) =
                    push_one(tx, &mut pending, &found, &one, m, seen, current).await?;
                pushed.queued |= queued;
                found
                    .seen
                    .entry(m.mutation_id)
                    .or_insert_with(|| (actor.user.id, outcome.clone()));
                if let Some(case) = case {
                    // A request made now holds its reference for the changes after it.
                    if matches!(m.op, Op::Create { .. } | Op::Import { .. }) {
                        found.references.insert(case.reference.to_string(), case.id);
                    }
                    found.cases.insert(case.id, case);
                }
                pushed.results.push(MutationResult {
                    mutation_id: m.mutation_id,
                    outcome,
                });
            }
            pending.flush(tx).await?;
            Ok(pushed)
        })
    })
    .await
}

/// The most changes whose writes wait to be sent together. Their statements go in one
/// message, which SQLite keeps prepared: a push of one kind of change sends the same text
/// again and again. More would save few trips, and each text kept would hold more: 32
/// were no faster, and an import of 10,000 rows peaked 20 to 30 MB higher.
const DEFERRED_CHANGES: usize = 8;

/// The writes of a push's changes not sent yet. Each change's writes would otherwise be a
/// trip to the database and back of their own; they go together instead, before anything
/// is read that they could change, every [`DEFERRED_CHANGES`] changes, and at the end.
#[derive(Default)]
struct Deferred {
    script: Script,
    changes: usize,
}

impl Deferred {
    /// Adds one change's writes, sending them all once enough wait.
    async fn add(&mut self, tx: &mut Tx, writes: Script) -> anyhow::Result<()> {
        self.script.extend(writes);
        self.changes += 1;
        if self.changes >= DEFERRED_CHANGES {
            self.flush(tx).await?;
        }
        Ok(())
    }

    /// Sends what waits, so what is read next sees it.
    async fn flush(&mut self, tx: &mut Tx) -> anyhow::Result<()> {
        self.changes = 0;
        std::mem::take(&mut self.script).run(tx).await
    }
}

/// Who pushes, from where, under which rules.
struct One<'a> {
    actor: &'a Actor,
    device_id: &'a str,
    rules: &'a Rules,
    messages: Messages,
}

/// Applies one mutation, `seen` before or to the case as it stands (`current`); what
/// became of it, the case as it now stands, and whether it queued a message. Its writes
/// join `pending`; whatever it reads that they could change sends those waiting first.
async fn push_one(
    tx: &mut Tx,
    pending: &mut Deferred,
    found: &cases::Found,
    one: &One<'_>,
    m: &Mutation,
    seen: Option<(i64, Outcome)>,
    current: Option<Case>,
) -> anyhow::Result<(Outcome, Option<Case>, bool)> {
    let One {
        actor,
        device_id,
        rules,
        messages,
    } = *one;
    let now = rules.now;
    if let Some((user_id, outcome)) = seen {
        // A mutation id belongs to the user who first pushed it; anyone else replaying
        // it learns nothing about what became of it.
        if user_id != actor.user.id {
            let rejection = Rejection::Permission;
            return Ok((Outcome::Rejected { rejection }, None, false));
        }
        return Ok((outcome, None, false));
    }

    let upgraded;
    let m = match (&m.op, &current) {
        // A whole request from an older app: the fields it changed are those that differ
        // from the revision its device had seen.
        (Op::Edit { .. }, Some(case)) => {
            pending.flush(tx).await?;
            let base = cases::revision(tx, case.id, m.base_revision)
                .await?
                .unwrap_or_else(|| case.clone());
            upgraded = m.as_change_from(&base.request);
            &upgraded
        }
        _ => m,
    };
    // The researcher (or the outreach point a case moves to) is named as the server knows
    // them, whatever the device had; someone who is not an active researcher, or a point
    // that does not exist, is refused.
    // Staff and points are read while the writes wait: no push writes them.
    let named;
    let mut refused = None;
    let m = match &m.op {
        Op::AssignResearcher { researcher } => {
            match users::researcher(&mut *tx, researcher.id).await? {
                Some(known) => {
                    named = Mutation {
                        op: Op::AssignResearcher { researcher: known },
                        ..m.clone()
                    };
                    &named
                }
                None => {
                    refused = Some(invalid(Field::Researcher, ErrorCode::UnknownChoice));
                    m
                }
            }
        }
        Op::Import { reference, to, row } => match users::outreach_point(&mut *tx, &to.id).await? {
            Some(known) => {
                named = Mutation {
                    op: Op::Import {
                        reference: reference.clone(),
                        to: known,
                        row: row.clone(),
                    },
                    ..m.clone()
                };
                &named
            }
            None => {
                refused = Some(invalid(Field::OutreachPoint, ErrorCode::UnknownChoice));
                m
            }
        },
        Op::Move { to, reason } => match users::outreach_point(&mut *tx, &to.id).await? {
            Some(known) => {
                named = Mutation {
                    op: Op::Move {
                        to: known,
                        reason: reason.clone(),
                    },
                    ..m.clone()
                };
                &named
            }
            None => {
                refused = Some(invalid(Field::OutreachPoint, ErrorCode::UnknownChoice));
                m
            }
        },
        _ => m,
    };
    let refused = match refused {
        Some(r) => Some(r),
        None => check_references(tx, pending, found, actor, m).await?,
    };
    let mut queued = false;
    let mut s = Script::default();
    let mut now_stands = None;
    let outcome = match refused {
        Some(rejection) => Outcome::Rejected { rejection },
        None => match apply(current.as_ref(), m, actor, rules) {
            Ok(mut case) => {
                case.revision = current.as_ref().map_or(0, |c| c.revision) + 1;
                provenance(tx, pending, &mut case, m, device_id).await?;
                // Only revisions after the one the device saw can have come from elsewhere:
                // a change made on the latest (or on a new case) needs no look.
                let newer = current
                    .as_ref()
                    .is_some_and(|c| c.revision > m.base_revision);
                let elsewhere = if newer {
                    pending.flush(tx).await?;
                    cases::changed_elsewhere(tx, m.case_id, m.base_revision, device_id).await?
                } else {
                    false
                };
                if let (Some(before), Messages::Send) = (&current, messages) {
                    if crate::notify::may_send(before, &case, &m.op) {
                        pending.flush(tx).await?;
                        queued =
                            crate::notify::on_change(tx, before, &mut case, &m.op, now).await?;
                    }
                }
                let files = matches!(
                    m.op,
                    Op::Attach { .. } | Op::Detach { .. } | Op::ReportVisit { .. }
                );
                let by = Writer {
                    mutation_id: m.mutation_id.to_string(),
                    user_id: actor.user.id,
                    files,
                };
                cases::write(&mut s, &case, current.as_ref(), &by, now)?;
                let outcome = outcome_of(&case, m, elsewhere);
                now_stands = Some(case);
                outcome
            }
            Err(rejection) => Outcome::Rejected { rejection },
        },
    };
    cases::record(&mut s, m, actor, device_id, &outcome, now)?;
    // The case, its history and indexes, and the mutation's record, with the writes of
    // the changes before it.
    pending.add(tx, s).await?;
    // A refused change leaves the case as it stood.
    Ok((outcome, now_stands.or(current), queued))
}

/// What only the database can tell about a mutation: whether a new case's reference was
/// made on a device this user signed in on and is not taken (an imported one: is not
/// taken), as the push `found` it, and whether an attached file was uploaded.
async fn check_references(
    tx: &mut Tx,
    pending: &mut Deferred,
    found: &cases::Found,
    actor: &Actor,
    m: &Mutation,
) -> anyhow::Result<Option<Rejection>> {
    let refused = || Some(invalid(Field::Reference, ErrorCode::ReferenceInvalid));
    match &m.op {
        Op::Create { reference, .. } => {
            let (own, taken) = found.reference_standing(reference, m.case_id);
            Ok(if !own || taken { refused() } else { None })
        }
        // A row brought in keeps the reference its sheet gives, unless another request has it.
        Op::Import { reference, .. } => {
            let (_, taken) = found.reference_standing(reference, m.case_id);
            Ok(if taken { refused() } else { None })
        }
        Op::Attach { attachment, .. } => {
            pending.flush(tx).await?;
            usable(tx, actor, [attachment]).await
        }
        Op::ReportVisit { visit } => {
            pending.flush(tx).await?;
            usable(tx, actor, &visit.photos).await
        }
        _ => Ok(None),
    }
}

/// Only a file this user sent whole, or one on a case they see, may be attached: attaching
/// a file known only by its hash would be a way to read it.
async fn usable(
    tx: &mut Tx,
    actor: &Actor,
    files: impl IntoIterator<Item = &AttachmentRef>,
) -> anyhow::Result<Option<Rejection>> {
    for file in files {
        if !attachments::may_read_in(tx, actor, &file.sha256).await? {
            return Ok(Some(Rejection::AttachmentMissing {
                sha256: file.sha256.clone(),
            }));
        }
    }
    Ok(None)
}

/// Completes the conflicts `m` opened or joined: the device it was written on, and who
/// wrote each field's standing value, when and where, found in the case's history.
async fn provenance(
    tx: &mut Tx,
    pending: &mut Deferred,
    case: &mut Case,
    m: &Mutation,
    device_id: &str,
) -> anyhow::Result<()> {
    let unknown = case
        .conflicts
        .iter()
        .any(|c| c.candidates.iter().any(|k| k.by.is_none()));
    let revisions = if unknown {
        pending.flush(tx).await?;
        cases::history(tx, case.id).await?
    } else {
        Vec::new()
    };
    for conflict in &mut case.conflicts {
        for k in &mut conflict.candidates {
            if k.mutation_id == Some(m.mutation_id) && k.device.is_none() {
                k.device = Some(device_id.to_owned());
            }
            if k.by.is_some() {
                continue;
            }
            // The oldest revision of the latest run that held this value wrote it.
            let writer = revisions
                .iter()
                .take_while(|r| merge::value_at(&r.request, &conflict.path) == k.value)
                .last();
            if let Some(r) = writer {
                k.by = Some(r.by.clone());
                k.at = r.at;
                k.device = r.device.clone();
                k.mutation_id = r.mutation_id.parse().ok();
            }
        }
    }
    Ok(())
}
