//! The server's log, as lines for people or as one JSON object per line for a collector,
//! and the few announcements every operator must see whatever the log's level.

use std::sync::OnceLock;

use chrono::{SecondsFormat, Utc};
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// The format chosen at start; announcements follow it.
static FORMAT: OnceLock<LogFormat> = OnceLock::new();

/// Starts the log in `format`; `RUST_LOG` sets what is logged (`info` by default).
pub fn init(format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let log = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => log.init(),
        LogFormat::Json => log.json().with_current_span(false).init(),
    }
    let _ = FORMAT.set(format);
}

/// Writes `message` to the standard output whatever the log's level: where the server
/// listens, the first account's password. In the JSON format it is an object shaped as the
/// log's own, so a collector reads every line.
pub fn announce(message: &str) {
    match FORMAT.get() {
        Some(LogFormat::Json) => println!(
            "{}",
            serde_json::json!({
                "timestamp": Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true),
                "level": "INFO",
                "fields": { "message": message },
                "target": "server",
            })
        ),
        _ => println!("{message}"),
    }
}
