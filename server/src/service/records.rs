//! Keeping the records a device sends: each accepted by its kind's rules or refused with
//! its problems, and those accepted written together in the next group of writes.

use chrono::Utc;
use shared::people::Actor;
use shared::records::{New, Results};

use crate::db::records::{self, Table};
use crate::db::script::Script;
use crate::db::Db;

/// Keeps each of `items` the rules accept, once; says of each what became of it. The
/// answer comes once those kept are on disk.
pub async fn push<R: Table>(db: &Db, actor: &Actor, items: Vec<New<R>>) -> anyhow::Result<Results> {
    let mut kept = Vec::new();
    let mut results = Vec::with_capacity(items.len());
    for new in items {
        match R::accept(new, actor) {
            Ok(record) => {
                kept.push(record);
                results.push(None);
            }
            Err(errors) => results.push(Some(errors)),
        }
    }
    if !kept.is_empty() {
        let now = Utc::now();
        db.grouped(move |tx| {
            Box::pin(async move {
                let mut s = Script::default();
                for record in &kept {
                    records::insert(&mut s, record, now)?;
                }
                s.run(tx).await
            })
        })
        .await?;
    }
    Ok(Results { results })
}
