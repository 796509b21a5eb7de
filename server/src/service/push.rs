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
use crate::db::{attachments, devices, users, Db};

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
            if devices::is_lost(&mut *tx, &device_id).await? {
                return Err(DeviceLost.into());
            }
            let mut pushed = Pushed {
                results: Vec::with_capacity(mutations.len()),
                queued: false,
            };
            // Read once for the whole push, then kept as each change is applied.
            let mut found = cases::found(tx, &mutations).await?;
            for m in &mutations {
                let seen = found.seen.get(&m.mutation_id).cloned();
                let current = match seen {
                    Some(_) => None,
                    None => found.cases.remove(&m.case_id),
                };
                let (outcome, case, queued) =
                    push_one(tx, &actor, &device_id, m, seen, current, &rules, messages).await?;
                pushed.queued |= queued;
                found
                    .seen
                    .entry(m.mutation_id)
                    .or_insert_with(|| (actor.user.id, outcome.clone()));
                if let Some(case) = case {
                    found.cases.insert(case.id, case);
                }
                pushed.results.push(MutationResult {
                    mutation_id: m.mutation_id,
                    outcome,
                });
            }
            Ok(pushed)
        })
    })
    .await
}

/// Applies one mutation, `seen` before or to the case as it stands (`current`); what
/// became of it, the case as it now stands, and whether it queued a message.
#[allow(clippy::too_many_arguments)]
async fn push_one(
    tx: &mut Tx,
    actor: &Actor,
    device_id: &str,
    m: &Mutation,
    seen: Option<(i64, Outcome)>,
    current: Option<Case>,
    rules: &Rules,
    messages: Messages,
) -> anyhow::Result<(Outcome, Option<Case>, bool)> {
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
        None => check_references(tx, actor, m).await?,
    };
    let mut queued = false;
    let mut s = Script::default();
    let mut now_stands = None;
    let outcome = match refused {
        Some(rejection) => Outcome::Rejected { rejection },
        None => match apply(current.as_ref(), m, actor, rules) {
            Ok(mut case) => {
                case.revision = current.as_ref().map_or(0, |c| c.revision) + 1;
                provenance(tx, &mut case, m, device_id).await?;
                // Only revisions after the one the device saw can have come from elsewhere:
                // a change made on the latest (or on a new case) needs no look.
                let newer = current
                    .as_ref()
                    .is_some_and(|c| c.revision > m.base_revision);
                let elsewhere = newer
                    && cases::changed_elsewhere(tx, m.case_id, m.base_revision, device_id).await?;
                if let (Some(before), Messages::Send) = (&current, messages) {
                    queued = crate::notify::on_change(tx, before, &mut case, &m.op, now).await?;
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
    // The case, its history and indexes, and the mutation's record, in one trip.
    s.run(tx).await?;
    // A refused change leaves the case as it stood.
    Ok((outcome, now_stands.or(current), queued))
}

/// What only the database can tell about a mutation: whether a new case's reference was
/// made on a device this user signed in on and is not taken (an imported one: is not
/// taken), and whether an attached file was uploaded.
async fn check_references(
    tx: &mut Tx,
    actor: &Actor,
    m: &Mutation,
) -> anyhow::Result<Option<Rejection>> {
    match &m.op {
        Op::Create { reference, .. } => {
            let (own, taken) =
                cases::reference_standing(tx, reference, actor.user.id, m.case_id).await?;
            Ok((!own || taken).then(|| invalid(Field::Reference, ErrorCode::ReferenceInvalid)))
        }
        // A row brought in keeps the reference its sheet gives, unless another request has it.
        Op::Import { reference, .. } => {
            let (_, taken) =
                cases::reference_standing(tx, reference, actor.user.id, m.case_id).await?;
            Ok(taken.then(|| invalid(Field::Reference, ErrorCode::ReferenceInvalid)))
        }
        Op::Attach { attachment, .. } => usable(tx, actor, [attachment]).await,
        Op::ReportVisit { visit } => usable(tx, actor, &visit.photos).await,
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
    case: &mut Case,
    m: &Mutation,
    device_id: &str,
) -> anyhow::Result<()> {
    let unknown = case
        .conflicts
        .iter()
        .any(|c| c.candidates.iter().any(|k| k.by.is_none()));
    let revisions = if unknown {
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
