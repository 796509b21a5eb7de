//! The server's configuration, from command-line flags and the environment.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Parser;

/// How to run the server. Every flag can also be set through its environment variable.
#[derive(Clone, Parser)]
#[command(name = "server", about = "The beneficiary relations server")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "BRS_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, env = "BRS_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Folder of the database file (when no `--database-url` is given) and of the
    /// attachments, created when missing.
    #[arg(long, env = "BRS_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// A PostgreSQL database to use instead of the SQLite file (`postgres://…`); several
    /// server instances may share one.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    pub database_url: Option<String>,
    /// When a change counts as kept: `full` waits for the disk before answering a device;
    /// `normal` is faster but a power cut can take back what devices were told was kept.
    #[arg(long, env = "BRS_DURABILITY", value_enum, default_value_t = crate::db::Durability::Full)]
    pub durability: crate::db::Durability,
    /// The most writes committed together (pushes that arrive together share one
    /// transaction and one flush to disk); 1 commits each on its own.
    #[arg(long, env = "BRS_WRITE_BATCH", default_value_t = 256,
          value_parser = clap::value_parser!(u16).range(1..=4096))]
    pub write_batch: u16,
    /// Folder of the built app to serve.
    #[arg(long, env = "BRS_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Also create one user per role and sample cases (for trying the system).
    #[arg(long, env = "BRS_DEMO")]
    pub demo: bool,
    /// With `--demo`, also this many requests handed in over the last year, studied,
    /// decided and served, so the head office's dashboard shows trends.
    #[arg(long, env = "BRS_DEMO_HISTORY", default_value_t = 0,
          value_parser = clap::value_parser!(u64).range(0..=5000))]
    pub demo_history: u64,
    /// Password of the first head-office account; a random one is printed when unset.
    #[arg(long, env = "BRS_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
    /// Served to users over HTTPS (by a proxy in front): the session cookie is marked
    /// `Secure` and browsers are told to come back over HTTPS only (HSTS).
    #[arg(long, env = "BRS_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Proxies in front of the server, trusted to say who the client is in
    /// `X-Forwarded-For`: addresses or networks, comma-separated (`127.0.0.1,10.0.0.0/8`).
    /// From anyone else the header is ignored.
    #[arg(long, env = "BRS_TRUSTED_PROXIES", value_delimiter = ',',
          value_parser = crate::proxy::parse_network)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Days a session lasts without use. Long, because tablets stay offline for days.
    #[arg(long, env = "BRS_SESSION_DAYS", default_value_t = 30)]
    pub session_days: i64,
    /// Days from submission to the date an answer can be expected (policy H5: "not less
    /// than two weeks").
    #[arg(long, env = "BRS_ANSWER_DAYS", default_value_t = 14,
          value_parser = clap::value_parser!(u32).range(14..=365))]
    pub answer_days: u32,

    /// Days a thrown-away draft is kept before it is purged for good. Devices that have not
    /// synced since then re-pull everything, keeping what they have not sent.
    #[arg(long, env = "BRS_PURGE_DISCARDED_DAYS", default_value_t = 90,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub purge_discarded_days: u32,

    /// A phone number applicants may call, shown on their start page.
    #[arg(long, env = "BRS_CONTACT_PHONE", value_parser = shared::api::Contact::phone)]
    pub contact_phone: Option<String>,
    /// An e-mail address applicants may write to, shown on their start page.
    #[arg(long, env = "BRS_CONTACT_EMAIL", value_parser = shared::api::Contact::email)]
    pub contact_email: Option<String>,
    /// The association's website (https://), shown on the applicants' start page.
    #[arg(long, env = "BRS_CONTACT_WEBSITE", value_parser = shared::api::Contact::website)]
    pub contact_website: Option<String>,

    /// Messages to applicants.
    #[command(flatten)]
    pub sms: crate::notify::config::SmsConfig,

    /// Days without a sync after which a device holding unsent work is at risk.
    #[arg(long, env = "BRS_AT_RISK_DAYS", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=365))]
    pub at_risk_days: u32,
    /// Days after their last change that the personal data of requests rejected, withdrawn
    /// or thrown away is kept before it is anonymised.
    #[arg(long, env = "BRS_RETENTION_DAYS", default_value_t = 730,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub retention_days: u32,
    /// The same for closed files.
    #[arg(long, env = "BRS_CLOSED_RETENTION_DAYS", default_value_t = 3650,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub closed_retention_days: u32,
    /// Years a beneficiary file's register entry (the beneficiary, the file and its
    /// services) is kept after its last service when its applicant's data is erased.
    #[arg(long, env = "BRS_REGISTER_KEEP_YEARS", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub register_keep_years: u32,
    /// Free space below which `/healthz` fails, in megabytes, on the attachments' disk.
    #[arg(long, env = "BRS_MIN_FREE_DISK_MB", default_value_t = 500)]
    pub min_free_disk_mb: u64,
    /// A token that opens `/metrics` to whoever sends it (`Authorization: Bearer …`).
    #[arg(long, env = "BRS_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Addresses or networks that may read `/metrics` without the token, comma-separated;
    /// the client's address as the trusted proxies tell it. With neither this nor the
    /// token, `/metrics` is not served.
    #[arg(long, env = "BRS_METRICS_FROM", value_delimiter = ',',
          value_parser = crate::proxy::parse_network)]
    pub metrics_from: Vec<ipnet::IpNet>,
    /// How the server's log is written: `text` for people, `json` (one object per line)
    /// for a log collector.
    #[arg(long, env = "BRS_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Something to do instead of serving.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How the log is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Lines for people to read.
    Text,
    /// One JSON object per line.
    Json,
}

/// What the server binary does instead of serving.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// Copies the database while the server runs (SQLite: a database file; PostgreSQL: a
    /// `pg_dump` archive) into FILE, and the attachments it lacks into the `attachments`
    /// folder beside FILE.
    Backup {
        /// Where the database copy goes; its folder gathers the attachments.
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Brings the association's existing register in from a sheet (XLSX, or CSV in UTF-8 or
    /// Windows-1256), as the head office's import page does, and prints each row's fate.
    /// Ends with 1 when a row was refused. May run while the server runs.
    Import {
        /// The sheet.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// Only say what would be done.
        #[arg(long)]
        dry_run: bool,
        /// The outreach point (its code) of rows that name none.
        #[arg(long, value_name = "ID")]
        point: Option<String>,
        /// The head-office account the import is recorded under.
        #[arg(long, value_name = "USERNAME", default_value = crate::seed::ADMIN_USERNAME)]
        by: String,
        /// Print the report in English instead of Arabic.
        #[arg(long)]
        english: bool,
    },
    /// Brings a backup back into an empty data folder (SQLite) or an empty database
    /// (`--database-url`), with the attachments beside it. The restored database gets a
    /// new epoch: devices start over and send again what it lacks.
    Restore {
        /// The database copy a backup made.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_deref().map(crate::db::redacted),
            )
            .field("durability", &self.durability)
            .field("write_batch", &self.write_batch)
            .field("dist", &self.dist)
            .field("demo", &self.demo)
            .field("demo_history", &self.demo_history)
            .field(
                "admin_password",
                &self.admin_password.as_ref().map(|_| "<hidden>"),
            )
            .field("secure_cookies", &self.secure_cookies)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("session_days", &self.session_days)
            .field("answer_days", &self.answer_days)
            .field("purge_discarded_days", &self.purge_discarded_days)
            .field("contact", &self.contact())
            .field("sms", &self.sms)
            .field("at_risk_days", &self.at_risk_days)
            .field("retention_days", &self.retention_days)
            .field("closed_retention_days", &self.closed_retention_days)
            .field("register_keep_years", &self.register_keep_years)
            .field("min_free_disk_mb", &self.min_free_disk_mb)
            .field(
                "metrics_token",
                &self.metrics_token.as_ref().map(|_| "<hidden>"),
            )
            .field("metrics_from", &self.metrics_from)
            .field("log_format", &self.log_format)
            .field("command", &self.command)
            .finish()
    }
}

impl Config {
    /// A configuration for tests: a free port, the given data folder, no demo data.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Self {
            host: [127, 0, 0, 1].into(),
            port: 0,
            data_dir,
            database_url: None,
            durability: crate::db::Durability::Full,
            write_batch: 256,
            dist: PathBuf::from("dist"),
            demo: false,
            demo_history: 0,
            admin_password: Some("admin-test-password".into()),
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            session_days: 30,
            answer_days: 14,
            purge_discarded_days: 90,
            contact_phone: None,
            contact_email: None,
            contact_website: None,
            sms: crate::notify::config::SmsConfig::default(),
            at_risk_days: 3,
            retention_days: 730,
            closed_retention_days: 3650,
            register_keep_years: 10,
            min_free_disk_mb: 500,
            metrics_token: None,
            metrics_from: Vec::new(),
            log_format: LogFormat::Text,
            command: None,
        }
    }

    /// How long requests' personal data is kept.
    pub fn retention(&self) -> shared::retention::Retention {
        shared::retention::Retention {
            ended_days: self.retention_days,
            closed_days: self.closed_retention_days,
        }
    }

    /// The settings the head office edits in the app, as these flags give them on a new
    /// database.
    pub fn first_settings(&self) -> shared::setup::Settings {
        shared::setup::Settings {
            contact: self.contact(),
            answer_days: self.answer_days,
            quiet_hours: self
                .sms
                .quiet_hours
                .0
                .map(|(from, to)| shared::setup::QuietHours { from, to }),
        }
    }

    /// How applicants reach the association, as the flags give it.
    pub fn contact(&self) -> shared::api::Contact {
        shared::api::Contact {
            phone: self.contact_phone.clone(),
            email: self.contact_email.clone(),
            website: self.contact_website.clone(),
        }
    }
}
