//! Cases: reading and writing them for pushes, and answering pulls.

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use shared::case::{Audience, UserRef};
use shared::life::mutation::{Mutation, Op};
use shared::people::Actor;
use shared::sync::{Outcome, PullResponse};
use shared::{Case, CaseId, MutationId, Reference};
use sqlx::types::Json as Stored;

use super::office::{Entry, Was};
use super::script::{Script, NEXT_SEQ};
use super::sql::{marks, query, Json, On, Query, Tx};
use super::Db;

/// What a push finds before it applies anything: the mutations of it seen before (by whom,
/// and what became of each) and the cases it changes as they stand.
#[derive(Debug, Default)]
pub struct Found {
    /// Mutations seen before: who pushed each first, and its outcome.
    pub seen: HashMap<MutationId, (i64, Outcome)>,
    /// The cases as they stand.
    pub cases: HashMap<CaseId, Case>,
    /// The references the push's new requests (made or brought in) give, and the case
    /// that has each, if one does.
    pub references: HashMap<String, CaseId>,
    /// The devices the pushing user signed in on, by number.
    pub devices: HashSet<u32>,
    /// Whether the pushing device was marked lost.
    pub lost: bool,
}

impl Found {
    /// Whether `reference` was made on a device the pushing user signed in on, and whether
    /// a case other than `case_id` has it already.
    pub fn reference_standing(&self, reference: &Reference, case_id: CaseId) -> (bool, bool) {
        let own = self.devices.contains(&reference.device());
        let taken = self
            .references
            .get(&reference.to_string())
            .is_some_and(|holder| *holder != case_id);
        (own, taken)
    }
}

/// A row of [`found`]'s answer: its kind, a key, a number, and JSON or an id.
type FoundRow = (i64, Option<String>, Option<i64>, Option<String>);

/// Reads at once what the push of `mutations` by `user_id` from `device_id` needs to know
/// first (see [`Found`]): one query for a whole push, instead of a trip and a decode for
/// each of its changes. Each of its parts is a row kind of one `UNION ALL`: every trip to
/// the database's thread (SQLite's) or server (PostgreSQL's) is a wake-up on each side,
/// and under load those, not the reads, were the cost.
pub async fn found(
    tx: &mut Tx,
    mutations: &[Mutation],
    user_id: i64,
    device_id: &str,
) -> anyhow::Result<Found> {
    // Every part gives (kind, key, number, JSON or id), typed alike on both engines.
    const LOST: i64 = 0;
    const SEEN: i64 = 1;
    const CASE: i64 = 2;
    const REFERENCE: i64 = 3;
    const DEVICE: i64 = 4;
    let mut q = query(format!(
        "SELECT CAST({LOST} AS BIGINT), CAST(NULL AS TEXT), CAST(NULL AS BIGINT), CAST(NULL AS TEXT) \
         FROM devices WHERE device_id = ? AND lost_at IS NOT NULL"
    ));
    q.add(device_id.to_owned());
    let ids: Vec<String> = mutations
        .iter()
        .map(|m| m.mutation_id.to_string())
        .collect();
    let mut case_ids: Vec<String> = mutations.iter().map(|m| m.case_id.to_string()).collect();
    case_ids.sort_unstable();
    case_ids.dedup();
    let mut references: Vec<String> = mutations
        .iter()
        .filter_map(|m| match &m.op {
            Op::Create { reference, .. } | Op::Import { reference, .. } => {
                Some(reference.to_string())
            }
            _ => None,
        })
        .collect();
    references.sort_unstable();
    references.dedup();
    let new_requests = !references.is_empty();
    let parts = [
        (
            SEEN,
            "mutation_id, CAST(user_id AS BIGINT), CAST(outcome AS TEXT) FROM mutations WHERE mutation_id",
            ids,
        ),
        (
            CASE,
            "CAST(NULL AS TEXT), CAST(NULL AS BIGINT), CAST(data AS TEXT) FROM cases WHERE id",
            case_ids,
        ),
        (
            REFERENCE,
            "reference, CAST(NULL AS BIGINT), id FROM cases WHERE reference",
            references,
        ),
    ];
    for (kind, select, keys) in parts {
        if keys.is_empty() {
            continue;
        }
        q.push(format!(
            " UNION ALL SELECT CAST({kind} AS BIGINT), {select} IN ({})",
            marks(keys.len())
        ));
        for key in keys {
            q.add(key);
        }
    }
    // Only a new request's reference asks which devices are its user's.
    if new_requests {
        q.push(format!(
            " UNION ALL SELECT CAST({DEVICE} AS BIGINT), CAST(NULL AS TEXT), \
             CAST(device_number AS BIGINT), CAST(NULL AS TEXT) FROM device_users WHERE user_id = ?"
        ));
        q.add(user_id);
    }
    let rows: Vec<FoundRow> = q.fetch_all(&mut *tx).await?;
    let mut found = Found::default();
    for (kind, key, number, text) in rows {
        let (key, text) = (key.unwrap_or_default(), text.unwrap_or_default());
        match kind {
            LOST => found.lost = true,
            SEEN => {
                let outcome = serde_json::from_str(&text).context("stored outcome")?;
                found.seen.insert(
                    key.parse().context("stored mutation id")?,
                    (number.unwrap_or_default(), outcome),
                );
            }
            CASE => {
                let case: Case = serde_json::from_str(&text).context("stored case")?;
                found.cases.insert(case.id, case);
            }
            REFERENCE => {
                found
                    .references
                    .insert(key, text.parse().context("stored case id")?);
            }
            DEVICE => {
                if let Some(n) = number.and_then(|n| u32::try_from(n).ok()) {
                    found.devices.insert(n);
                }
            }
            _ => anyhow::bail!("a row of a kind the push's read does not ask for: {kind}"),
        }
    }
    Ok(found)
}

/// Whether a device other than `device_id` changed the case after `base_revision`.
pub async fn changed_elsewhere(
    tx: &mut Tx,
    case_id: CaseId,
    base_revision: u64,
    device_id: &str,
) -> anyhow::Result<bool> {
    Ok(query(
        "SELECT EXISTS (SELECT 1 FROM case_history h JOIN mutations m ON m.mutation_id = h.mutation_id \
         WHERE h.case_id = ? AND h.revision > ? AND m.device_id <> ?)",
    )
    .bind(case_id.to_string())
    .bind(i64::try_from(base_revision)?)
    .bind(device_id)
    .scalar(&mut *tx)
    .await?)
}

/// The case `case_id` as it was at `revision`, from its history, if it is kept.
pub async fn revision(tx: &mut Tx, case_id: CaseId, revision: u64) -> anyhow::Result<Option<Case>> {
    let data: Option<Stored<Case>> =
        query("SELECT data FROM case_history WHERE case_id = ? AND revision = ?")
            .bind(case_id.to_string())
            .bind(i64::try_from(revision)?)
            .scalar_optional(&mut *tx)
            .await?;
    Ok(data.map(|d| d.0))
}

/// A past revision of a case, with who made it, when, where and by which change.
#[derive(Debug)]
pub struct PastRevision {
    /// The request as it stood.
    pub request: shared::RequestForm,
    /// Who wrote it.
    pub by: UserRef,
    /// When the change was made, by its device's clock.
    pub at: Option<DateTime<Utc>>,
    /// The device it was made on.
    pub device: Option<String>,
    /// The change that made it.
    pub mutation_id: String,
}

/// A revision as read: its data, its writer's id and name, when, where and by which change.
type HistoryRow = (
    Stored<Case>,
    i64,
    String,
    Option<DateTime<Utc>>,
    Option<String>,
    String,
);

/// Every revision of the case, newest first.
pub async fn history(tx: &mut Tx, case_id: CaseId) -> anyhow::Result<Vec<PastRevision>> {
    let rows: Vec<HistoryRow> = query(
        "SELECT h.data, h.user_id, u.display_name, m.created_at, m.device_id, h.mutation_id \
             FROM case_history h JOIN users u ON u.id = h.user_id \
             LEFT JOIN mutations m ON m.mutation_id = h.mutation_id \
             WHERE h.case_id = ? ORDER BY h.revision DESC",
    )
    .bind(case_id.to_string())
    .fetch_all(&mut *tx)
    .await?;
    rows.into_iter()
        .map(|(data, id, name, at, device, mutation_id)| {
            Ok(PastRevision {
                request: data.0.request,
                by: UserRef { id, name },
                at,
                device,
                mutation_id,
            })
        })
        .collect()
}

/// Adds to `s` the record of mutation `m` pushed by `actor` from `device_id`, with what
/// became of it, so the same mutation sent again gets the same answer.
pub fn record(
    s: &mut Script,
    m: &Mutation,
    actor: &Actor,
    device_id: &str,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    s.statement(
        "INSERT INTO mutations (mutation_id, case_id, user_id, role, device_id, created_at, received_at, op, outcome) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(m.mutation_id.to_string())
    .bind(m.case_id.to_string())
    .bind(actor.user.id)
    .bind(actor.role.code())
    .bind(device_id.to_owned())
    .bind(m.created_at)
    .bind(now)
    .bind(Json(serde_json::to_string(&m.op)?))
    .bind(Json(serde_json::to_string(outcome)?));
    Ok(())
}

/// The current state of a case, if there is one.
pub async fn current(db: &Db, id: CaseId) -> anyhow::Result<Option<Case>> {
    let data: Option<Stored<Case>> = query("SELECT data FROM cases WHERE id = ?")
        .bind(id.to_string())
        .scalar_optional(db.pool())
        .await?;
    Ok(data.map(|d| d.0))
}

/// The current state of a case, read inside a write.
pub async fn load_id(tx: &mut Tx, id: CaseId) -> anyhow::Result<Option<Case>> {
    let data: Option<Stored<Case>> = query("SELECT data FROM cases WHERE id = ?")
        .bind(id.to_string())
        .scalar_optional(&mut *tx)
        .await?;
    Ok(data.map(|d| d.0))
}

/// Who made a revision, for the case's history.
#[derive(Debug)]
pub struct Writer {
    /// The change that made it; the server's own changes get a fresh id.
    pub mutation_id: String,
    /// The user who made it.
    pub user_id: i64,
    /// Whether it may have changed which files the case refers to.
    pub files: bool,
}

/// Writes the case's new state under the next sequence number, keeps the revision in the
/// case's history, and records which files it refers to.
pub async fn store(
    tx: &mut Tx,
    case: &Case,
    before: Option<&Case>,
    by: &Writer,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut s = Script::default();
    write(&mut s, case, before, by, now)?;
    s.run(tx).await
}

/// Adds to `s` the statements that [`store`] sends.
pub fn write(
    s: &mut Script,
    case: &Case,
    before: Option<&Case>,
    by: &Writer,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let id = case.id.to_string();
    let data = Json(serde_json::to_string(case)?);
    let revision = i64::try_from(case.revision)?;
    let seq = s.take_seq();
    s.statement(&format!(
        "INSERT INTO cases (id, reference, outreach_point_id, created_by, status, national_id, has_referral, \
           submitted_at, answer_expected_on, revision, seq, data, created_at, updated_at, discarded) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {NEXT_SEQ}, ?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET outreach_point_id = excluded.outreach_point_id, \
           status = excluded.status, national_id = excluded.national_id, \
           has_referral = excluded.has_referral, submitted_at = excluded.submitted_at, \
           answer_expected_on = excluded.answer_expected_on, revision = excluded.revision, \
           seq = excluded.seq, data = excluded.data, updated_at = excluded.updated_at, \
           discarded = excluded.discarded"
    ))
    .bind(id.clone())
    .bind(case.reference.to_string())
    .bind(case.outreach_point.id.clone())
    .bind(case.created_by.id)
    .bind(case.status.code())
    .bind(case.request.applicant.national_id().map(|n| n.to_string()))
    .bind(!case.referrals.is_empty())
    .bind(case.submitted_at)
    .bind(case.answer_expected_on)
    .bind(revision)
    .bind_seq(seq)
    .bind(data.clone())
    .bind(case.created_at)
    .bind(now)
    .bind(case.discarded);
    s.statement(
        "INSERT INTO case_history (case_id, revision, mutation_id, user_id, data, at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(id.clone())
    .bind(revision)
    .bind(by.mutation_id.clone())
    .bind(by.user_id)
    .bind(data)
    .bind(now);
    audiences(s, case, before.map(|b| (b, seq)));
    // Most changes (an address, a description) touch nothing the head office's index
    // holds: its rows would be written again as they are, so they are left alone.
    let after = Entry::of(case);
    match before.map(Entry::of) {
        None => after.write(s, Was::New),
        Some(b) if b != after => after.write(s, Was::Indexed(&b)),
        Some(_) => {}
    }
    if by.files {
        s.statement("DELETE FROM case_attachments WHERE case_id = ?")
            .bind(id.clone());
        let files: Vec<&str> = case.files().collect();
        if !files.is_empty() {
            s.statement(&format!(
                "INSERT INTO case_attachments (case_id, sha256) VALUES {} ON CONFLICT DO NOTHING",
                Script::rows(files.len(), 2)
            ));
            for sha in files {
                s.bind(id.clone()).bind(sha.to_owned());
            }
        }
    }
    Ok(())
}

/// Keeps the case's audiences beside it, and notes those the change took away so their
/// devices remove the case. `before` is the case as it was, with the sequence number the
/// change took in `s`, under which those it took away are noted. Most changes leave the
/// audiences as they were, and write nothing here. Without a case before, every audience
/// is written where missing.
pub(super) fn audiences(s: &mut Script, case: &Case, before: Option<(&Case, i64)>) {
    // Every case is seen from `all`: that audience is the one not stored (see `Scope`).
    let stored = |c: &Case| {
        let mut keys = c.audiences();
        keys.retain(|k| k != Audience::ALL);
        keys
    };
    let after = stored(case);
    let (before, seq) = before.map_or((Vec::new(), 0), |(b, seq)| (stored(b), seq));
    let id = case.id.to_string();
    let added: Vec<&String> = after.iter().filter(|k| !before.contains(k)).collect();
    if !added.is_empty() {
        s.statement(&format!(
            "INSERT INTO case_audiences (case_id, audience) VALUES {} ON CONFLICT DO NOTHING",
            Script::rows(added.len(), 2)
        ));
        for key in added {
            s.bind(id.clone()).bind(key.clone());
        }
    }
    for key in before.iter().filter(|k| !after.contains(k)) {
        s.statement("DELETE FROM case_audiences WHERE audience = ? AND case_id = ?")
            .bind(key.clone())
            .bind(id.clone());
        s.statement(&format!(
            "INSERT INTO scope_exits (seq, case_id, audience) VALUES ({NEXT_SEQ}, ?, ?)"
        ))
        .bind_seq(seq)
        .bind(id.clone())
        .bind(key.clone());
    }
}

/// What a user sees, as SQL: their audiences (see `Actor::audiences`), bound in order.
#[derive(Debug)]
pub struct Scope {
    keys: Vec<String>,
}

impl Scope {
    /// The scope of `actor`, and for an applicant the requests their account proves they
    /// hold (read in `db`): a typed national ID alone opens nothing.
    pub async fn of(db: impl Into<On<'_>>, actor: &Actor) -> sqlx::Result<Self> {
        // Only an applicant holds a file, proven or not, of their own.
        let proof = if actor.role.has_own_file() {
            super::identity::proof(db, actor.user.id).await?
        } else {
            None
        };
        Ok(Self {
            keys: shared::identity::audiences_with(actor, proof.as_ref()),
        })
    }

    /// Names what the scope covers; a device that pulled under another name starts over.
    pub fn key(&self) -> String {
        self.keys.join("+")
    }

    /// Whether the user sees every case (the head office): no audience needs checking.
    fn sees_all(&self) -> bool {
        self.keys.iter().any(|k| k == Audience::ALL)
    }

    /// `column IN (?, …)`, or a condition nothing meets for a user who sees nothing (an
    /// officer without an outreach point).
    pub fn audience_in(&self, column: &str) -> String {
        if self.keys.is_empty() || self.sees_all() {
            // Nothing is stored under `all`, and nothing leaves it.
            "0 = 1".into()
        } else {
            format!("{column} IN ({})", vec!["?"; self.keys.len()].join(", "))
        }
    }

    /// A condition on the case whose id is `case_id`: it is seen from one of the audiences.
    pub fn sees(&self, case_id: &str) -> String {
        if self.sees_all() {
            return "1 = 1".into();
        }
        format!(
            "EXISTS (SELECT 1 FROM case_audiences sa WHERE sa.case_id = {case_id} AND {})",
            self.audience_in("sa.audience")
        )
    }

    /// Adds the audiences, in their place after the parameters added before them (none
    /// for a user who sees everything).
    pub fn add_to(&self, q: &mut Query) {
        if self.sees_all() {
            return;
        }
        for key in &self.keys {
            q.add(key);
        }
    }
}

/// A page of changes whose cases are their stored text, sent as it is.
pub type PullPage = PullResponse<Box<RawValue>>;

/// The changes visible to `actor` after `cursor`, at most `limit` of them.
pub async fn pull(db: &Db, actor: &Actor, cursor: u64, limit: u32) -> anyhow::Result<PullPage> {
    // One read transaction, so the page and the server's last sequence number come from
    // the same snapshot.
    let mut tx = db.pool().snapshot().await?;
    let (epoch, last_seq, horizon): (String, i64, i64) =
        query("SELECT epoch, seq, horizon FROM server_state WHERE id = 1")
            .fetch_one(&mut tx)
            .await?;
    let scope = Scope::of(&mut tx, actor).await?;
    let scope_key = scope.key();
    let cursor = i64::try_from(cursor)?;
    if cursor > 0 && cursor < horizon {
        tx.commit().await?;
        return Ok(PullResponse {
            server_epoch: epoch,
            scope: scope_key,
            reset: true,
            changes: Vec::new(),
            removed: Vec::new(),
            cursor: 0,
            has_more: false,
            remaining: 0,
        });
    }
    let mut q = query(format!(
        "SELECT seq, id, discarded, data FROM cases WHERE seq > ? AND {} ORDER BY seq LIMIT ?",
        scope.sees("cases.id")
    ));
    q.add(cursor);
    scope.add_to(&mut q);
    q.add(i64::from(limit) + 1);
    let mut page: Vec<(i64, String, bool, Stored<Box<RawValue>>)> = q.fetch_all(&mut tx).await?;
    let has_more = page.len() > limit as usize;
    page.truncate(limit as usize);
    // Counted only when a sync is long enough to need a progress bar.
    let remaining = match (has_more, page.last()) {
        (true, Some((seq, ..))) => {
            let mut q = query(format!(
                "SELECT COUNT(*) FROM cases WHERE seq > ? AND {}",
                scope.sees("cases.id")
            ));
            q.add(*seq);
            scope.add_to(&mut q);
            let n: i64 = q.scalar(&mut tx).await?;
            u64::try_from(n)?
        }
        _ => 0,
    };
    // With nothing more to send, the cursor jumps to the server's last change, so the next
    // pull does not scan past other users' changes again.
    let next = match (has_more, page.last()) {
        (true, Some((seq, ..))) => *seq,
        _ => last_seq.max(cursor),
    };
    // Cases this page's span of changes took out of the user's sight, and not back in. A
    // device pulling from the start holds nothing the server must tell it to drop.
    let exits: Vec<(String,)> = if cursor == 0 {
        Vec::new()
    } else {
        let mut q = query(format!(
            "SELECT DISTINCT case_id FROM scope_exits \
             WHERE {} AND seq > ? AND seq <= ? AND NOT {}",
            scope.audience_in("audience"),
            scope.sees("scope_exits.case_id")
        ));
        scope.add_to(&mut q);
        q.add(cursor).add(next);
        scope.add_to(&mut q);
        q.fetch_all(&mut tx).await?
    };
    tx.commit().await?;

    let mut changes = Vec::with_capacity(page.len());
    let mut removed = Vec::new();
    for (_, id, discarded, data) in page {
        if discarded {
            // A tombstone: the device only needs to know the case is gone.
            removed.push(id.parse().context("stored case id")?);
        } else {
            // Sent as stored: the case was checked when it was written.
            changes.push(data.0);
        }
    }
    for (id,) in exits {
        removed.push(id.parse().context("stored case id")?);
    }
    Ok(PullResponse {
        server_epoch: epoch,
        scope: scope_key,
        reset: false,
        changes,
        removed,
        cursor: u64::try_from(next)?,
        has_more,
        remaining,
    })
}

/// Deletes the drafts thrown away before `before`, with their history. A device that last
/// pulled before one of them was thrown away would never hear it is gone, so pulls from
/// before the newest of them start over.
pub async fn purge_discarded(db: &Db, before: DateTime<Utc>) -> anyhow::Result<u64> {
    let mut w = db.write().await?;
    let rows: Vec<(String, i64)> =
        query("SELECT id, seq FROM cases WHERE discarded = TRUE AND updated_at < ?")
            .bind(before)
            .fetch_all(&mut w.tx)
            .await?;
    for (id, _) in &rows {
        for table in [
            "case_history",
            "case_attachments",
            "case_audiences",
            "scope_exits",
        ] {
            query(format!("DELETE FROM {table} WHERE case_id = ?"))
                .bind(id)
                .execute(&mut w.tx)
                .await?;
        }
        query("DELETE FROM cases WHERE id = ?")
            .bind(id)
            .execute(&mut w.tx)
            .await?;
    }
    if let Some(newest) = rows.iter().map(|(_, seq)| *seq).max() {
        query("UPDATE server_state SET horizon = CASE WHEN horizon > ?1 THEN horizon ELSE ?1 END WHERE id = 1")
            .bind(newest)
            .execute(&mut w.tx)
            .await?;
    }
    w.commit().await?;
    Ok(rows.len() as u64)
}
