//! The retention job: requests whose period has passed lose their person's data, on the
//! case and everywhere the server kept a copy of it, and devices receive the change.

use chrono::{DateTime, Utc};
use shared::retention::Retention;
use shared::Case;

use crate::blobs::Blobs;
use crate::db::retention::{self, erase_in, Erased};
use crate::db::Db;

/// Cases anonymised in one transaction.
const BATCH: i64 = 200;

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Done {
    /// Requests anonymised.
    pub cases: u64,
    /// Files deleted: no other request or document referred to them.
    pub files: u64,
}

/// Anonymises every request due at `now` under `retention`: see [`anonymise`].
pub async fn run(
    db: &Db,
    blobs: &Blobs,
    retention: Retention,
    now: DateTime<Utc>,
) -> anyhow::Result<Done> {
    let ended = now
        - retention
            .period(shared::CaseStatus::Rejected, false)
            .unwrap_or_default();
    let closed = now
        - retention
            .period(shared::CaseStatus::Closed, false)
            .unwrap_or_default();
    let mut done = Done::default();
    loop {
        let cases = retention::due(db, ended, closed, now, BATCH).await?;
        if cases.is_empty() {
            if done.cases > 0 {
                db.fold_log().await?;
            }
            return Ok(done);
        }
        let files = anonymise(db, &cases, now).await?;
        done.cases += cases.len() as u64;
        done.files += blobs.remove(&files).await?;
    }
}

/// Takes the person out of each of `cases` at `now`, in one transaction: see [`erase_in`].
/// Each is read again inside it: a change made since `cases` were read (a message's
/// delivery) took the next revision, which this one must follow.
pub async fn anonymise(db: &Db, cases: &[Case], now: DateTime<Utc>) -> anyhow::Result<Vec<String>> {
    let mut w = db.write().await?;
    let erased: Vec<Erased> = retention::current(&mut w.tx, cases)
        .await?
        .into_iter()
        .map(|current| Erased {
            after: current.anonymised(now),
            before: current,
            keep_until: None,
        })
        .collect();
    let files = erase_in(&mut w.tx, &erased, now).await?;
    w.commit().await?;
    Ok(files)
}
