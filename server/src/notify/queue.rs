//! What is queued, in the transaction of the change that causes it: a case's news, an
//! answered need, a code, a staff member's message, and their settling.

use super::*;

/// Whether a change to a case may send a message: only then is there more to read.
pub fn may_send(before: &Case, case: &Case, op: &Op) -> bool {
    sending::caused_by(before, case, op, false).is_some()
}

/// Queues the message a change to a case sends, in the change's transaction, and keeps
/// it on the case. Called before the case is stored, so both land in one revision.
pub async fn on_change(
    tx: &mut Tx,
    before: &Case,
    case: &mut Case,
    op: &Op,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    // Decide first whether the change sends anything, so most changes read nothing more.
    if !may_send(before, case, op) {
        return Ok(false);
    }
    let Some(r) = outbox::case_recipient(tx, case).await? else {
        return Ok(false);
    };
    let Some((notice, values)) = sending::caused_by(before, case, op, r.english) else {
        return Ok(false);
    };
    queue(tx, case, notice, &values, &r, None, None, now).await
}

/// Queues the message telling the applicant their need or suggestion was answered, in the
/// answer's transaction: to their account, or to the mobile they gave when staff took it.
pub async fn feedback_answered(
    tx: &mut Tx,
    item: &shared::records::feedback::Feedback,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let to = match item.applicant {
        Some(user) => outbox::account_recipient(&mut *tx, user).await?,
        None => None,
    };
    let to = to.or_else(|| {
        shared::Mobile::parse(&item.input.contact)
            .ok()
            .map(|m| Recipient {
                mobile: m.to_string(),
                english: false,
                opted_out: false,
            })
    });
    let (Some(to), Some(answer)) = (to, &item.answer) else {
        return Ok(false);
    };
    let values = vec![("answer", answer.text.clone())];
    queue_loose(tx, Notice::FeedbackAnswered, &values, &to, now).await
}

/// Queues a one-time code to `mobile`; codes go at once, also in quiet hours.
pub async fn code(
    tx: &mut Tx,
    mobile: &str,
    code: &str,
    english: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let to = Recipient {
        mobile: mobile.to_owned(),
        english,
        opted_out: false,
    };
    queue_loose(tx, Notice::Code, &vec![("code", code.to_owned())], &to, now).await
}

/// Tells the holder of an ID, at the mobile their account proved, that someone proved
/// another mobile to open an account with it, and how to reach the association.
pub async fn sign_up_tried(
    tx: &mut Tx,
    to: &Recipient,
    contact: &shared::api::Contact,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let values = vec![("contact", contact.line(to.english))];
    queue_loose(tx, Notice::SignUpTried, &values, to, now).await
}

/// Writes a message about no case (a code, an answer, an erasure) to the outbox, unless
/// the applicant opted out of it.
pub async fn queue_loose(
    tx: &mut Tx,
    notice: Notice,
    values: &Values,
    to: &Recipient,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    if to.opted_out && !notice.essential() {
        return Ok(false);
    }
    let text = sending::render(&template(tx, notice, to.english).await?, values);
    let id = uuid::Uuid::now_v7().to_string();
    let n = NewNotification {
        id: &id,
        case_id: None,
        notice,
        mobile: &to.mobile,
        body: &text,
        due_at: now,
    };
    outbox::enqueue(tx, &n, now).await?;
    Ok(true)
}

/// The text of `notice` in use: the head office's latest, or the shipped one.
async fn template(tx: &mut Tx, notice: Notice, english: bool) -> anyhow::Result<String> {
    Ok(match outbox::text(&mut *tx, notice, english).await? {
        Some((_, body)) => body,
        None => notice.default_text(english).to_owned(),
    })
}

/// Queues a message to the case's applicant written by a member of staff.
pub async fn staff_message(
    tx: &mut Tx,
    case_id: CaseId,
    text: &str,
    by: &UserRef,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<bool>> {
    let Some(before) = cases::load_id(tx, case_id).await? else {
        return Ok(None);
    };
    let Some(r) = outbox::case_recipient(tx, &before).await? else {
        return Ok(Some(false));
    };
    let mut case = before.clone();
    let values = vec![("text", text.to_owned())];
    queue(
        tx,
        &mut case,
        Notice::Staff,
        &values,
        &r,
        Some(by.clone()),
        None,
        now,
    )
    .await?;
    store_system(tx, &mut case, &before, now).await?;
    Ok(Some(true))
}

/// Writes a message for `notice` to the outbox (unless the applicant opted out of it) and
/// to the case. Returns whether one waits to be sent.
#[expect(
    clippy::too_many_arguments,
    reason = "each is a different part of the message; a struct would only rename them"
)]
pub(super) async fn queue(
    tx: &mut Tx,
    case: &mut Case,
    notice: Notice,
    values: &Values,
    to: &Recipient,
    by: Option<UserRef>,
    promised_on: Option<chrono::NaiveDate>,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let text = sending::render(&template(tx, notice, to.english).await?, values);
    let id = uuid::Uuid::now_v7().to_string();
    let send = notice.essential() || !to.opted_out;
    if send {
        // Due now: when its turn comes in quiet hours, the worker holds it for the morning.
        let due_at = now;
        outbox::enqueue(
            tx,
            &NewNotification {
                id: &id,
                case_id: Some(case.id.to_string()),
                notice,
                mobile: &to.mobile,
                body: &text,
                due_at,
            },
            now,
        )
        .await?;
    }
    case.messages.push(Message {
        id,
        notice,
        text,
        to: to.mobile.clone(),
        delivery: if send {
            Delivery::Queued
        } else {
            Delivery::OptedOut
        },
        detail: String::new(),
        by,
        queued_at: now,
        updated_at: now,
        promised_on,
    });
    let over = case.messages.len().saturating_sub(Message::MAX);
    case.messages.drain(..over);
    Ok(send)
}

/// Moves a message to `delivery` outside an attempt (held for the morning, settled after a
/// stop, decided by staff, reported by the gateway): in the outbox, due at `due_at`, and
/// on its case.
pub async fn settle(
    tx: &mut Tx,
    id: &str,
    case_id: Option<&str>,
    delivery: Delivery,
    due_at: DateTime<Utc>,
    detail: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    // The outbox's states are the deliveries' codes, with `sending` between them.
    let settled = Settled {
        state: delivery.code(),
        due_at,
        provider_id: None,
        detail,
    };
    outbox::set_state(tx, id, &settled, now).await?;
    update_message(tx, case_id, id, delivery, detail, now).await
}

/// Changes a message's delivery on its case, as a revision by the server's account.
pub async fn update_message(
    tx: &mut Tx,
    case_id: Option<&str>,
    id: &str,
    delivery: Delivery,
    detail: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let Some(case_id) = case_id else {
        return Ok(());
    };
    let Some(before) = cases::load_id(tx, case_id.parse().context("a stored case id")?).await?
    else {
        return Ok(());
    };
    let mut case = before.clone();
    let Some(m) = case.messages.iter_mut().find(|m| m.id == id) else {
        return Ok(());
    };
    if m.delivery == delivery && m.detail == detail {
        return Ok(());
    }
    m.delivery = delivery;
    detail.clone_into(&mut m.detail);
    m.updated_at = now;
    store_system(tx, &mut case, &before, now).await
}

/// Stores a change the server made to a case under the next revision.
pub(super) async fn store_system(
    tx: &mut Tx,
    case: &mut Case,
    before: &Case,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let system = users::system(&mut *tx).await?;
    case.revision = before.revision + 1;
    let by = Writer {
        mutation_id: uuid::Uuid::now_v7().to_string(),
        user_id: system.id,
        files: false,
    };
    cases::store(tx, case, Some(before), &by, now).await
}
