//! The head office sets the association up: outreach points opened, changed and closed
//! (their requests moved through the ordinary move), and the settings kept by version.

use std::sync::{Arc, RwLock};

use chrono::Utc;
use serde_json::json;
use shared::life::mutation::{Context, Mutation, Op};
use shared::people::Actor;
use shared::setup::{Closed, OfficersThen, Point, PointClosing, PointDetails, Settings};
use shared::sync::Outcome;
use shared::validation::{ErrorCode, Field, FieldError};
use shared::{MutationId, Role};

use crate::db::sql::On;
use crate::db::{accounts, setup as sql, users, Db};
use crate::service::push::{self, Messages};

/// Why a set-up change was refused.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// The input broke a rule.
    #[error("invalid: {0:?}")]
    Invalid(Vec<FieldError>),
    /// The point is not there.
    #[error("no such point")]
    NotFound,
    /// The settings were saved by someone else since the editor read them.
    #[error("the settings changed since")]
    Stale,
    /// The database failed.
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl From<sqlx::Error> for Refused {
    fn from(e: sqlx::Error) -> Self {
        Self::Failed(e.into())
    }
}

fn refused(field: Field, code: ErrorCode) -> Refused {
    Refused::Invalid(vec![FieldError {
        field,
        index: None,
        code,
    }])
}

/// The point as the head office's list shows it.
async fn point(db: impl Into<On<'_>>, id: &str) -> Result<Point, Refused> {
    sql::points(db)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(Refused::NotFound)
}

/// Opens a point with `details`, coded from its English name, logged as done by `by`.
/// The demo's points are opened through here too.
pub async fn create_point(db: &Db, by: i64, details: &PointDetails) -> Result<Point, Refused> {
    let details = details.check().map_err(Refused::Invalid)?;
    let mut w = db.write().await?;
    let id = sql::free_code(&mut w.tx, &details.code()).await?;
    sql::create_point(&mut w.tx, &id, &details).await?;
    sql::log_point(&mut w.tx, by, &id, "created", json!(details)).await?;
    w.commit().await?;
    tracing::info!(by, point = id, "outreach point opened");
    point(db.pool(), &id).await
}

/// Opens the point `id` with `details` unless it exists: the demo's points keep the codes
/// their sample users and requests name.
pub async fn ensure_point(
    db: &Db,
    by: i64,
    id: &str,
    details: &PointDetails,
) -> Result<(), Refused> {
    let details = details.check().map_err(Refused::Invalid)?;
    let mut w = db.write().await?;
    if sql::create_point(&mut w.tx, id, &details).await? {
        sql::log_point(&mut w.tx, by, id, "created", json!(details)).await?;
    }
    w.commit().await?;
    Ok(())
}

/// Renames the point or changes what applicants see of it. Requests keep the name they
/// were taken under; accounts and new moves use the new one.
pub async fn change_point(
    db: &Db,
    by: i64,
    id: &str,
    details: &PointDetails,
) -> Result<Point, Refused> {
    let details = details.check().map_err(Refused::Invalid)?;
    let mut w = db.write().await?;
    // Read in the change's own transaction, so the log's "before" is what it replaced.
    let before = point(&mut w.tx, id).await?;
    sql::change_point(&mut w.tx, id, &details).await?;
    sql::log_point(
        &mut w.tx,
        by,
        id,
        "changed",
        json!({ "before": before.details, "after": details }),
    )
    .await?;
    w.commit().await?;
    tracing::info!(by, point = id, "outreach point changed");
    point(db.pool(), id).await
}

/// The most moves applied in one group of writes.
const MOVES_AT_ONCE: usize = 200;

/// Closes the point `id`: no new accounts or requests from then on; its officers go to
/// the other point or are disabled, its applicants' accounts go to the other point, and
/// each of its unfinished requests moves there through the ordinary move (timeline, text
/// to the applicant). Closing a closed point again moves what is still left at it.
pub async fn close_point(
    db: &Db,
    actor: &Actor,
    id: &str,
    closing: &PointClosing,
    answer_days: u32,
) -> Result<(Closed, bool), Refused> {
    let reason = closing.check(id).map_err(Refused::Invalid)?;
    if !sql::point_known(db.pool(), id).await? {
        return Err(Refused::NotFound);
    }
    let Some(to) = users::outreach_point(db.pool(), closing.to.trim()).await? else {
        return Err(refused(Field::OutreachPoint, ErrorCode::UnknownChoice));
    };
    let by = actor.user.id;
    let mut done = Closed::default();

    // First the point and its people, so nothing new arrives at it while its requests move.
    let mut w = db.write().await?;
    sql::close_point(&mut w.tx, id, Utc::now()).await?;
    let officers = sql::placed_at(&mut w.tx, id, Role::Officer).await?;
    let disable = closing.officers == OfficersThen::Disable;
    sql::replace_accounts(&mut w.tx, &officers, &to.id, disable).await?;
    for officer in &officers {
        let detail = json!({ "point_closed": id, "to": to.id, "disabled": disable });
        accounts::log(&mut w.tx, by, *officer, "changed", detail).await?;
    }
    let applicants = sql::placed_at(&mut w.tx, id, Role::Applicant).await?;
    sql::replace_accounts(&mut w.tx, &applicants, &to.id, false).await?;
    done.officers = u32::try_from(officers.len()).unwrap_or(u32::MAX);
    done.applicants = u32::try_from(applicants.len()).unwrap_or(u32::MAX);
    w.commit().await?;

    let cases = sql::unfinished_at(db.pool(), id).await?;
    let rules = Context {
        now: Utc::now(),
        answer_days,
    };
    let mut queued = false;
    for chunk in cases.chunks(MOVES_AT_ONCE) {
        let moves = chunk
            .iter()
            .map(|(case_id, revision)| Mutation {
                mutation_id: MutationId::new_v7(
                    u64::try_from(rules.now.timestamp_millis()).unwrap_or_default(),
                    rand::random(),
                ),
                case_id: *case_id,
                base_revision: u64::try_from(*revision).unwrap_or_default(),
                created_at: rules.now,
                op: Op::Move {
                    to: to.clone(),
                    reason: reason.clone(),
                },
            })
            .collect();
        let pushed = push::push(db, actor, CLOSING_DEVICE, moves, &rules, Messages::Send).await?;
        queued |= pushed.queued;
        for (r, (case_id, _)) in pushed.results.iter().zip(chunk) {
            match &r.outcome {
                Outcome::Rejected { rejection } => {
                    tracing::warn!(case = %case_id, ?rejection, "a request stayed at a closed point");
                    done.not_moved.push(case_id.to_string());
                }
                _ => done.moved += 1,
            }
        }
    }
    sql::log_point(
        db.pool(),
        by,
        id,
        "closed",
        json!({ "to": to.id, "reason": reason, "officers": closing.officers, "done": done }),
    )
    .await?;
    tracing::info!(
        by,
        point = id,
        to = to.id,
        moved = done.moved,
        "outreach point closed"
    );
    Ok((done, queued))
}

/// What the moves of a closing are recorded as made on.
const CLOSING_DEVICE: &str = "head-office:point-closing";

/// The settings in force, read by every handler and the message worker, and refreshed
/// from the database so that instances sharing one see each other's edits.
#[derive(Clone, Debug)]
pub struct LiveSettings(Arc<RwLock<(i64, Settings)>>);

impl LiveSettings {
    /// The settings kept in the database; on a new one, `flags` become the first version.
    pub async fn load(db: &Db, flags: Settings) -> anyhow::Result<Self> {
        if sql::settings(db.pool()).await?.is_none() {
            sql::save_settings(db.pool(), 1, &flags, None).await?;
        }
        let (version, settings) = sql::settings(db.pool())
            .await?
            .ok_or_else(|| anyhow::anyhow!("the settings' first version is missing"))?;
        if settings != flags {
            tracing::info!(
                version,
                "the settings edited in the app stand; flags for them apply on a new database only"
            );
        }
        Ok(Self(Arc::new(RwLock::new((version, settings)))))
    }

    /// Settings that are only these values, until a database's are given (an outbox
    /// made from the flags alone).
    pub fn fixed(settings: Settings) -> Self {
        Self(Arc::new(RwLock::new((0, settings))))
    }

    /// The settings in force.
    pub fn get(&self) -> Settings {
        self.0.read().map(|s| s.1.clone()).unwrap_or_default()
    }

    /// Their version.
    pub fn version(&self) -> i64 {
        self.0.read().map(|s| s.0).unwrap_or_default()
    }

    fn set(&self, version: i64, settings: Settings) {
        if let Ok(mut s) = self.0.write() {
            if version > s.0 {
                *s = (version, settings);
            }
        }
    }

    /// Reads them again when another instance saved a newer version.
    pub async fn refresh(&self, db: &Db) -> anyhow::Result<()> {
        if sql::settings_version(db.pool()).await? > self.version() {
            if let Some((version, settings)) = sql::settings(db.pool()).await? {
                self.set(version, settings);
            }
        }
        Ok(())
    }

    /// Saves `settings` as the version after `seen`, by `by`; refused when someone saved
    /// since `seen` was read.
    pub async fn save(
        &self,
        db: &Db,
        by: i64,
        seen: i64,
        settings: &Settings,
    ) -> Result<i64, Refused> {
        let settings = settings.check().map_err(Refused::Invalid)?;
        let mut w = db.write().await?;
        if sql::settings_version(&mut w.tx).await? != seen
            || !sql::save_settings(&mut w.tx, seen + 1, &settings, Some(by)).await?
        {
            return Err(Refused::Stale);
        }
        w.commit().await?;
        tracing::info!(by, version = seen + 1, "settings saved");
        self.set(seen + 1, settings);
        Ok(seen + 1)
    }
}
