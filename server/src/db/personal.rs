//! Everything the association holds about one applicant, read for their download.

use chrono::{DateTime, Utc};
use shared::case::OutreachPoint;
use shared::my_data::{MyAccount, MyData, MyFeedback, MyRequest};
use shared::records::feedback::Feedback;
use sqlx::types::Json as Stored;

use super::sql::query;
use super::Db;

/// A stored account: name, national ID (its user name), mobile, language, opted out,
/// opened.
type AccountRow = (String, String, Option<String>, String, bool, DateTime<Utc>);

/// What is held about the applicant `user_id`: their account, every request they filed or
/// that names them and is proven theirs (thrown-away drafts included: they are still
/// held), the points holding one not yet proven theirs, and the needs and suggestions they
/// sent. None when there is no such applicant.
pub async fn of_applicant(db: &Db, user_id: i64) -> anyhow::Result<Option<MyData>> {
    let account: Option<AccountRow> = query(
        "SELECT display_name, username, mobile, language, sms_opt_out, created_at \
         FROM users WHERE id = ? AND role = 'applicant'",
    )
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?;
    let Some((name, national_id, mobile, language, sms_opt_out, opened_at)) = account else {
        return Ok(None);
    };
    let reached = super::identity::reached(db.pool(), user_id, false).await?;
    let mut unproven: Vec<OutreachPoint> = Vec::new();
    for (case, reach) in &reached {
        if !reach.reads() && !unproven.contains(&case.outreach_point) {
            unproven.push(case.outreach_point.clone());
        }
    }
    let feedback: Vec<Stored<Feedback>> =
        query("SELECT data FROM feedback WHERE applicant_id = ? OR recorded_by = ? ORDER BY seq")
            .bind(user_id)
            .bind(user_id)
            .scalars(db.pool())
            .await?;
    Ok(Some(MyData {
        made_at: Utc::now(),
        account: MyAccount {
            name,
            national_id,
            mobile,
            english: language == "en",
            sms_opt_out,
            opened_at,
        },
        requests: reached
            .iter()
            .filter(|(_, r)| r.reads())
            .map(|(c, _)| MyRequest::of(c))
            .collect(),
        unproven,
        feedback: feedback.iter().map(|f| MyFeedback::of(&f.0)).collect(),
    }))
}
