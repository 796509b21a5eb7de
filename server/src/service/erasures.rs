//! The head office's ruling on an applicant's erasure request: granted, the applicant's
//! requests lose their person (a beneficiary file keeps its register entry), and their
//! needs and suggestions, account and logs follow, in one transaction with the text that
//! tells them.

use chrono::{DateTime, Utc};
use shared::erasure::{Erasure, ErasureState, RegisterKeep};
use shared::messages::Notice;

use crate::db::erasures::{self, Waiting};
use crate::db::retention::{erase_in, Erased};
use crate::db::{notifications, Db};

/// What became of a ruling.
#[derive(Debug)]
pub enum Ruled {
    /// Kept; the erasure as it stands, and the files to delete now it is committed.
    Done(Box<Erasure>, Vec<String>),
    /// There is no such request.
    Missing,
    /// It was ruled on already.
    AlreadyRuled,
}

/// The head office `by` rules on erasure `id` at `now`. Granted, the applicant's requests
/// lose their person — a beneficiary file keeps its register entry for `keep`'s years —,
/// their needs and suggestions their words, their account its name, ID, mobile and
/// password (their sessions end), and the sign-in and account logs what named them. The
/// applicant is texted either way, before their mobile goes.
pub async fn rule(
    db: &Db,
    id: i64,
    grant: bool,
    reason: &str,
    by: i64,
    keep: RegisterKeep,
    now: DateTime<Utc>,
) -> anyhow::Result<Ruled> {
    let mut w = db.write().await?;
    let Waiting {
        user_id,
        national_id,
    } = match erasures::waiting(&mut w.tx, id).await? {
        None => return Ok(Ruled::Missing),
        Some(Err(())) => return Ok(Ruled::AlreadyRuled),
        Some(Ok(waiting)) => waiting,
    };
    let to = notifications::account_recipient(&mut w.tx, user_id).await?;
    let mut shas = Vec::new();
    let mut files = Vec::new();
    if grant {
        if let Some(to) = &to {
            crate::notify::queue_loose(&mut w.tx, Notice::ErasureGranted, &Vec::new(), to, now)
                .await?;
        }
        let erased: Vec<Erased> = erasures::cases_of(&mut w.tx, user_id)
            .await?
            .into_iter()
            .map(|before| {
                let keep_until = keep.until(&before, now);
                let after = match keep_until {
                    Some(_) => {
                        if let Some(r) = &before.registration {
                            files.push(r.file_number.clone());
                        }
                        before.kept_for_register(now)
                    }
                    None => before.anonymised(now),
                };
                Erased {
                    before,
                    after,
                    keep_until,
                }
            })
            .collect();
        shas = erase_in(&mut w.tx, &erased, now).await?;
        erasures::erase_feedback(&mut w.tx, user_id).await?;
        erasures::blank_notes(&mut w.tx, user_id).await?;
        erasures::close_account(&mut w.tx, user_id, &national_id).await?;
    } else if let Some(to) = &to {
        let values = vec![("reason", reason.to_owned())];
        crate::notify::queue_loose(&mut w.tx, Notice::ErasureRefused, &values, to, now).await?;
    }
    let state = if grant {
        ErasureState::Granted
    } else {
        ErasureState::Refused
    };
    let erasure = erasures::record_ruling(&mut w.tx, id, state, by, reason, &files, now).await?;
    w.commit().await?;
    Ok(Ruled::Done(Box::new(erasure), shas))
}
