//! A need or suggestion answered by the head office: the answer kept, the item closed
//! when asked, and the applicant's message queued, in one transaction.

use shared::records::feedback::{Answer, Feedback, FeedbackState};

use crate::db::records;
use crate::db::script::Script;
use crate::db::Db;

/// What became of an answer.
#[derive(Debug)]
pub enum Answered {
    /// Kept; the item as it stands now.
    Done(Box<Feedback>),
    /// There is no such need or suggestion.
    Missing,
    /// It was closed already.
    Closed,
}

/// Gives the head office's answer, closing the item when `close`; the applicant's message
/// is queued in the same transaction. Devices pull the item again.
pub async fn answer(db: &Db, id: &str, answer: Answer, close: bool) -> anyhow::Result<Answered> {
    let id = id.to_owned();
    db.grouped(move |tx| {
        Box::pin(async move {
            let Some(mut item) = records::get_in::<Feedback>(tx, &id).await? else {
                return Ok(Answered::Missing);
            };
            if item.state() == FeedbackState::Closed {
                return Ok(Answered::Closed);
            }
            let at = answer.at;
            item.answer = Some(answer);
            if close {
                item.closed_at = Some(at);
            }
            let mut s = Script::default();
            records::update(&mut s, &item)?;
            s.run(tx).await?;
            crate::notify::feedback_answered(tx, &item, at).await?;
            Ok(Answered::Done(Box::new(item)))
        })
    })
    .await
}
