//! Cases: applying pushed mutations and answering pulls.

use anyhow::Context;
use chrono::{DateTime, Utc};
use shared::sync::{apply, Actor, Mutation, MutationResult, Outcome, PullResponse, Rejection};
use shared::{Case, Role};
use sqlx::{Sqlite, Transaction};

use super::Db;

/// Applies a batch of mutations in order, in one transaction, for `actor` on `device_id`.
/// A mutation seen before gets the outcome it got the first time, so a retried push is
/// harmless.
pub async fn push(
    db: &Db,
    actor: &Actor,
    device_id: &str,
    mutations: &[Mutation],
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<MutationResult>> {
    let mut w = db.write().await?;
    let mut results = Vec::with_capacity(mutations.len());
    for m in mutations {
        let outcome = push_one(&mut w.tx, actor, device_id, m, now).await?;
        results.push(MutationResult {
            mutation_id: m.mutation_id,
            outcome,
        });
    }
    w.commit().await?;
    Ok(results)
}

async fn push_one(
    tx: &mut Transaction<'static, Sqlite>,
    actor: &Actor,
    device_id: &str,
    m: &Mutation,
    now: DateTime<Utc>,
) -> anyhow::Result<Outcome> {
    let seen: Option<(i64, String)> =
        sqlx::query_as("SELECT user_id, outcome FROM mutations WHERE mutation_id = ?")
            .bind(m.mutation_id.to_string())
            .fetch_optional(&mut **tx)
            .await?;
    if let Some((user_id, outcome)) = seen {
        // A mutation id belongs to the user who first pushed it; anyone else replaying
        // it learns nothing about what became of it.
        if user_id != actor.user.id {
            return Ok(Outcome::Rejected {
                rejection: Rejection::Permission,
            });
        }
        return serde_json::from_str(&outcome).context("stored outcome");
    }

    let current = load(tx, m).await?;
    let outcome = match apply(current.as_ref(), m, actor, now) {
        Ok(mut case) => {
            case.revision = current.as_ref().map_or(0, |c| c.revision) + 1;
            store(tx, &case, now).await?;
            Outcome::Applied {
                revision: case.revision,
            }
        }
        Err(rejection) => Outcome::Rejected { rejection },
    };
    sqlx::query(
        "INSERT INTO mutations (mutation_id, case_id, user_id, device_id, created_at, received_at, op, outcome) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(m.mutation_id.to_string())
    .bind(m.case_id.to_string())
    .bind(actor.user.id)
    .bind(device_id)
    .bind(m.created_at)
    .bind(now)
    .bind(serde_json::to_string(&m.op)?)
    .bind(serde_json::to_string(&outcome)?)
    .execute(&mut **tx)
    .await?;
    Ok(outcome)
}

async fn load(tx: &mut Transaction<'static, Sqlite>, m: &Mutation) -> anyhow::Result<Option<Case>> {
    let data: Option<String> = sqlx::query_scalar("SELECT data FROM cases WHERE id = ?")
        .bind(m.case_id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    data.map(|d| serde_json::from_str(&d).context("stored case"))
        .transpose()
}

/// Writes the case's new state under the next sequence number.
async fn store(
    tx: &mut Transaction<'static, Sqlite>,
    case: &Case,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let seq: i64 =
        sqlx::query_scalar("UPDATE server_state SET seq = seq + 1 WHERE id = 1 RETURNING seq")
            .fetch_one(&mut **tx)
            .await?;
    sqlx::query(
        "INSERT INTO cases (id, outreach_point_id, created_by, status, national_id, revision, seq, data, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET outreach_point_id = excluded.outreach_point_id, \
           status = excluded.status, national_id = excluded.national_id, revision = excluded.revision, \
           seq = excluded.seq, data = excluded.data, updated_at = excluded.updated_at",
    )
    .bind(case.id.to_string())
    .bind(&case.outreach_point.id)
    .bind(case.created_by.id)
    .bind(case.status.code())
    .bind(case.details.national_id.as_str())
    .bind(i64::try_from(case.revision)?)
    .bind(seq)
    .bind(serde_json::to_string(case)?)
    .bind(case.created_at)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The changes visible to `actor` after `cursor`, at most `limit` of them.
pub async fn pull(db: &Db, actor: &Actor, cursor: u64, limit: u32) -> anyhow::Result<PullResponse> {
    // One read transaction, so the page and the server's last sequence number come from
    // the same snapshot.
    let mut tx = db.pool().begin().await?;
    let (epoch, last_seq): (String, i64) =
        sqlx::query_as("SELECT epoch, seq FROM server_state WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
    // The scope of each role, in SQL; `Actor::may_see` states the same rule for one case.
    let none = "0 = 1";
    let (scope, point, creator) = match (actor.role, &actor.outreach_point) {
        (Role::HeadOffice, _) => ("1 = 1", None, None),
        (Role::Officer, Some(p)) => ("outreach_point_id = ?", Some(p.id.as_str()), None),
        (Role::Officer, None) => (none, None, None),
        (Role::Applicant, _) => ("created_by = ?", None, Some(actor.user.id)),
        (Role::Researcher | Role::Committee, _) => (none, None, None),
    };
    let sql = format!("SELECT seq, data FROM cases WHERE seq > ? AND {scope} ORDER BY seq LIMIT ?");
    let mut query = sqlx::query_as::<_, (i64, String)>(&sql).bind(i64::try_from(cursor)?);
    if let Some(point) = point {
        query = query.bind(point);
    }
    if let Some(creator) = creator {
        query = query.bind(creator);
    }
    let rows = query.bind(i64::from(limit) + 1).fetch_all(&mut *tx).await?;
    tx.commit().await?;

    let has_more = rows.len() > limit as usize;
    let page = &rows[..rows.len().min(limit as usize)];
    let changes = page
        .iter()
        .map(|(_, data)| serde_json::from_str(data).context("stored case"))
        .collect::<anyhow::Result<Vec<Case>>>()?;
    // With nothing more to send, the cursor jumps to the server's last change, so the next
    // pull does not scan past other users' changes again.
    let next = match (has_more, page.last()) {
        (true, Some((seq, _))) => *seq,
        _ => last_seq.max(i64::try_from(cursor)?),
    };
    Ok(PullResponse {
        server_epoch: epoch,
        changes,
        cursor: u64::try_from(next)?,
        has_more,
    })
}
