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
use shared::life::mutation::Op;
use shared::messages::sending::{self, Values};
use shared::messages::{Delivery, Message, Notice};
use shared::{Case, CaseId, Vocabulary};
use tokio::sync::Notify;

use crate::db::cases::{self, Writer};
use crate::db::notifications::{self as outbox, NewNotification, Recipient, Settled};
use crate::db::{users, Db};
use crate::service::setup::LiveSettings;
use config::SmsConfig;
use provider::{Outgoing, Provider, Sent};

mod queue;
mod worker;

pub use queue::{
    code, feedback_answered, may_send, on_change, queue_loose, settle, sign_up_tried,
    staff_message, update_message,
};
use queue::{queue, store_system};
pub use worker::Outbox;
