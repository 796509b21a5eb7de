//! Messages to applicants: queued in the transaction of the change that causes them, sent
//! by a worker with retries, backoff and quiet hours, at most once per event.

pub mod config;
pub mod presets;
pub mod provider;

use std::sync::Arc;
use std::time::Duration;

use crate::db::Tx;
use anyhow::Context;
use chrono::{DateTime, Duration as Span, Utc};
use shared::case::UserRef;
use shared::dates::saudi_date;
use shared::notices::{self, Delivery, Message, Notice, Values};
use shared::sync::Op;
use shared::{Case, CaseId, Vocabulary};
use tokio::sync::Notify;

use crate::db::cases::{self, Writer};
use crate::db::notifications::{self as outbox, NewNotification, Recipient, Settled};
use crate::db::{users, Db};
use crate::service::setup::LiveSettings;
use config::SmsConfig;
use provider::{Outgoing, Provider, Sent};

/// The sending side, shared by handlers (to wake it) and its worker.
#[derive(Clone, Debug)]
pub struct Outbox {
    provider: Provider,
    config: Arc<SmsConfig>,
    wake: Arc<Notify>,
    /// The quiet hours in force: the flags' until the head office's are given.
    settings: LiveSettings,
}

impl Outbox {
    /// The outbox `config` describes.
    pub fn new(config: &SmsConfig) -> anyhow::Result<Self> {
        Ok(Self {
            provider: Provider::from_config(config)?,
            config: Arc::new(config.clone()),
            wake: Arc::new(Notify::new()),
            settings: LiveSettings::fixed(shared::setup::Settings {
                quiet_hours: config
                    .quiet_hours
                    .0
                    .map(|(from, to)| shared::setup::QuietHours { from, to }),
                ..Default::default()
            }),
        })
    }

    /// The outbox holding messages in the quiet hours the head office keeps.
    pub fn with_settings(mut self, settings: LiveSettings) -> Self {
        self.settings = settings;
        self
    }

    /// The provider messages leave by.
    pub fn provider(&self) -> &Provider {
        &self.provider
    }

    /// Tells the worker something may be due; called after a commit that queued a message.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// The settings.
    pub fn config(&self) -> &SmsConfig {
        &self.config
    }

    /// When a message queued `now` may go: at once, or after the quiet hours.
    fn due(&self, notice: Notice, now: DateTime<Utc>) -> DateTime<Utc> {
        self.settings
            .get()
            .quiet_hours
            .filter(|_| notice.waits_for_morning())
            .and_then(|q| notices::after_quiet_hours(now, q.from, q.to))
            .unwrap_or(now)
    }

    /// Sends what is due until the server stops. Messages cut off by a stop are settled
    /// first (see [`Self::recover`]).
    pub async fn run(self, db: Db) {
        if let Err(e) = self.recover(&db).await {
            tracing::error!(error = ?e, "settling interrupted messages");
        }
        let mut last_sweep: Option<DateTime<Utc>> = None;
        loop {
            let now = Utc::now();
            let sweep = self.config.late_apologies
                && last_sweep.is_none_or(|at| now - at >= Span::minutes(10));
            if sweep {
                last_sweep = Some(now);
                if let Err(e) = self.apologise_for_late_answers(&db, now).await {
                    tracing::error!(error = ?e, "late answers");
                }
            }
            let wait = match self.send_due(&db).await {
                Ok(next) => next
                    .map(|at| (at - Utc::now()).to_std().unwrap_or_default())
                    .unwrap_or(Duration::from_secs(60))
                    .min(Duration::from_secs(60)),
                Err(e) => {
                    tracing::error!(error = ?e, "sending messages");
                    Duration::from_secs(5)
                }
            };
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Sends every message now due; returns when the next one is.
    pub async fn send_due(&self, db: &Db) -> anyhow::Result<Option<DateTime<Utc>>> {
        loop {
            let now = Utc::now();
            let batch = outbox::due(db.pool(), now, 20).await?;
            if batch.is_empty() {
                return Ok(outbox::next_due(db.pool()).await?);
            }
            for m in batch {
                self.send_one(db, m).await?;
            }
        }
    }

    async fn send_one(&self, db: &Db, m: outbox::Pending) -> anyhow::Result<()> {
        let notice = Notice::from_code(&m.notice).context("a stored notice")?;
        let now = Utc::now();
        let due = self.due(notice, now);
        if due > now {
            // Queued in the day, its turn came in the night: it waits for the morning.
            let riyadh = due + Span::hours(3);
            let detail = format!("held until {}", riyadh.format("%Y-%m-%d %H:%M"));
            let mut w = db.write().await?;
            let case_id = m.case_id.as_deref();
            settle(
                &mut w.tx,
                &m.id,
                case_id,
                Delivery::Queued,
                due,
                &detail,
                now,
            )
            .await?;
            w.commit().await?;
            return Ok(());
        }
        // The attempt is on disk before the call: after a crash it tells that this
        // message may have gone.
        let attempt = {
            let mut w = db.write().await?;
            let attempt = outbox::begin_attempt(&mut w.tx, &m.id, now).await?;
            w.commit().await?;
            attempt
        };
        // Another sender (a second worker) took it between the read and the claim.
        let Some(attempt) = attempt else {
            return Ok(());
        };
        let sent = self
            .provider
            .send(&Outgoing {
                reference: &m.id,
                mobile: &m.mobile,
                body: &m.body,
            })
            .await;
        let now = Utc::now();
        let last = attempt >= i64::from(self.config.max_attempts);
        let retry = |reason: &str| {
            let first = i64::try_from(self.config.retry_secs).unwrap_or(30);
            let factor = 4_i64.pow(u32::try_from(attempt - 1).unwrap_or(0).min(5));
            let wait = Span::seconds(first.saturating_mul(factor));
            (
                if last { "failed" } else { "queued" },
                now + wait.min(Span::hours(6)),
                reason.to_owned(),
            )
        };
        let (state, due_at, detail, provider_id) = match &sent {
            Sent::Accepted(id) => ("sent", now, String::new(), id.as_deref()),
            Sent::Refused(reason) => {
                let (s, d, r) = retry(reason);
                (s, d, r, None)
            }
            Sent::Rejected(reason) => ("failed", now, reason.clone(), None),
            // Sent again only when the gateway drops a reference it has seen.
            Sent::NoAnswer(reason) if self.provider.deduplicates() => {
                let (s, d, r) = retry(reason);
                (s, d, r, None)
            }
            Sent::NoAnswer(reason) => ("unknown", now, reason.clone(), None),
        };
        if state != "sent" {
            tracing::warn!(id = %m.id, attempt, state, detail = %detail, "message not sent");
        }
        let delivery = Delivery::from_code(state).unwrap_or(Delivery::Queued);
        let mut w = db.write().await?;
        let settled = Settled {
            state,
            due_at,
            provider_id,
            detail: &detail,
        };
        outbox::finish_attempt(&mut w.tx, &m.id, attempt, &settled, now).await?;
        update_message(
            &mut w.tx,
            m.case_id.as_deref(),
            &m.id,
            delivery,
            &detail,
            now,
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// Settles the messages that were being sent when the server stopped: sent again under
    /// the same reference when the gateway drops repeats, otherwise left for staff to
    /// decide as "outcome unknown".
    pub async fn recover(&self, db: &Db) -> anyhow::Result<()> {
        let cut = outbox::interrupted(db.pool()).await?;
        if cut.is_empty() {
            return Ok(());
        }
        let now = Utc::now();
        let again = self.provider.deduplicates();
        let mut w = db.write().await?;
        for (id, case_id) in &cut {
            let (delivery, detail) = if again {
                (
                    Delivery::Queued,
                    "sent again under the same reference after an interruption",
                )
            } else {
                (
                    Delivery::Unknown,
                    "the server stopped while sending: it may have gone",
                )
            };
            settle(
                &mut w.tx,
                id,
                case_id.as_deref(),
                delivery,
                now,
                detail,
                now,
            )
            .await?;
        }
        w.commit().await?;
        tracing::warn!(
            count = cut.len(),
            resent = again,
            "messages interrupted by a stop"
        );
        Ok(())
    }

    /// Queues an apology, with a new expected day, to each applicant whose answer is late.
    pub async fn apologise_for_late_answers(
        &self,
        db: &Db,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let today = saudi_date(now);
        let ids = outbox::late_cases(db.pool(), today).await?;
        let mut queued = false;
        for id in ids {
            let id: CaseId = id.parse().context("a stored case id")?;
            // Most late requests owe nothing today: that is read without taking the
            // writers' turn, and checked again inside it.
            let owed = cases::current(db, id)
                .await?
                .is_some_and(|c| notices::late_answer_due(&c, today).is_some());
            if !owed {
                continue;
            }
            let mut w = db.write().await?;
            let Some(before) = cases::load_id(&mut w.tx, id).await? else {
                continue;
            };
            let Some(new_day) = notices::late_answer_due(&before, today) else {
                continue;
            };
            let mut case = before.clone();
            let Some(r) = outbox::case_recipient(&mut w.tx, &case).await? else {
                continue;
            };
            let values = vec![
                ("reference", case.reference.to_string()),
                ("answer_day", notices::day_text(new_day, r.english)),
            ];
            let queued_now = queue(
                &mut w.tx,
                &mut case,
                Notice::AnswerLate,
                &values,
                &r,
                None,
                Some(new_day),
                now,
            )
            .await?;
            store_system(&mut w.tx, &mut case, &before, now).await?;
            w.commit().await?;
            queued |= queued_now;
        }
        if queued {
            self.wake();
        }
        Ok(())
    }
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
    if notices::caused_by(before, case, op, false).is_none() {
        return Ok(false);
    }
    let Some(r) = outbox::case_recipient(tx, case).await? else {
        return Ok(false);
    };
    let Some((notice, values)) = notices::caused_by(before, case, op, r.english) else {
        return Ok(false);
    };
    queue(tx, case, notice, &values, &r, None, None, now).await
}

/// Queues the message telling the applicant their need or suggestion was answered, in the
/// answer's transaction: to their account, or to the mobile they gave when staff took it.
pub async fn feedback_answered(
    tx: &mut Tx,
    item: &shared::feedback::Feedback,
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
    let text = notices::render(&template(tx, notice, to.english).await?, values);
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
async fn queue(
    tx: &mut Tx,
    case: &mut Case,
    notice: Notice,
    values: &Values,
    to: &Recipient,
    by: Option<UserRef>,
    promised_on: Option<chrono::NaiveDate>,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let text = notices::render(&template(tx, notice, to.english).await?, values);
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
async fn store_system(
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
