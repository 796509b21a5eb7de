//! The worker that sends what is queued: retries with backoff, quiet hours, delivery
//! reports, and one sending per message across instances.

use super::*;

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
            .and_then(|q| sending::after_quiet_hours(now, q.from, q.to))
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
                .is_some_and(|c| sending::late_answer_due(&c, today).is_some());
            if !owed {
                continue;
            }
            let mut w = db.write().await?;
            let Some(before) = cases::load_id(&mut w.tx, id).await? else {
                continue;
            };
            let Some(new_day) = sending::late_answer_due(&before, today) else {
                continue;
            };
            let mut case = before.clone();
            let Some(r) = outbox::case_recipient(&mut w.tx, &case).await? else {
                continue;
            };
            let values = vec![
                ("reference", case.reference.to_string()),
                ("answer_day", sending::day_text(new_day, r.english)),
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
