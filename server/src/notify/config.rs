//! How messages leave the server: the provider and its settings, and the quiet hours.

use chrono::NaiveTime;
use clap::{Args, ValueEnum};

/// Which provider sends messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProviderKind {
    /// Writes each message to the server's log; nothing leaves the machine.
    Log,
    /// Posts each message to an HTTP SMS gateway.
    Http,
}

/// How the gateway takes a message's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BodyFormat {
    /// A JSON object.
    Json,
    /// An HTML form (`application/x-www-form-urlencoded`).
    Form,
}

/// How the gateway wants the mobile written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NumberFormat {
    /// `9665XXXXXXXX`.
    International,
    /// `+9665XXXXXXXX`, E.164.
    E164,
    /// `05XXXXXXXX`.
    Local,
}

/// A gateway whose documented request the adapter knows (see `super::presets`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Preset {
    /// Unifonic's REST messages API.
    Unifonic,
    /// Taqnyat's messages API.
    Taqnyat,
    /// Msegat's send API.
    Msegat,
    /// 4jawaly's SMS API.
    #[value(name = "4jawaly")]
    FourJawaly,
    /// Twilio's Messages API.
    Twilio,
}

/// The messaging settings; each flag also reads its environment variable.
#[derive(Clone, Args)]
pub struct SmsConfig {
    /// Which provider sends messages.
    #[arg(
        long = "sms-provider",
        env = "BRS_SMS_PROVIDER",
        value_enum,
        default_value = "log"
    )]
    pub provider: ProviderKind,
    /// A gateway whose documented request fills the fields below that are not given
    /// (and sets `--sms-provider http`).
    #[arg(long = "sms-preset", env = "BRS_SMS_PRESET", value_enum)]
    pub preset: Option<Preset>,
    /// The gateway's address for sending, with `--sms-provider http`.
    #[arg(long = "sms-url", env = "BRS_SMS_URL")]
    pub url: Option<String>,
    /// How the gateway takes the message's fields [default: json].
    #[arg(long = "sms-format", env = "BRS_SMS_FORMAT", value_enum)]
    pub format: Option<BodyFormat>,
    /// A token sent as `Authorization: Bearer …`.
    #[arg(long = "sms-token", env = "BRS_SMS_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// A user name for HTTP basic authentication.
    #[arg(long = "sms-user", env = "BRS_SMS_USER")]
    pub user: Option<String>,
    /// The password for HTTP basic authentication.
    #[arg(
        long = "sms-password",
        env = "BRS_SMS_PASSWORD",
        hide_env_values = true
    )]
    pub password: Option<String>,
    /// The sender name registered with the gateway.
    #[arg(long = "sms-sender", env = "BRS_SMS_SENDER", default_value = "")]
    pub sender: String,
    /// The field that holds the mobile, a path in a JSON body (`messages[0].numbers`)
    /// [default: to].
    #[arg(long = "sms-to-field", env = "BRS_SMS_TO_FIELD")]
    pub to_field: Option<String>,
    /// Write the mobile as a one-number list (`"to": ["9665…"]`), for a JSON gateway that
    /// takes its recipients as an array.
    #[arg(long = "sms-to-list", env = "BRS_SMS_TO_LIST")]
    pub to_list: bool,
    /// The field that holds the text [default: body].
    #[arg(long = "sms-body-field", env = "BRS_SMS_BODY_FIELD")]
    pub body_field: Option<String>,
    /// The field that holds the sender name [default: sender].
    #[arg(long = "sms-sender-field", env = "BRS_SMS_SENDER_FIELD")]
    pub sender_field: Option<String>,
    /// The field of the client reference, for a gateway that sends a reference it has
    /// seen only once. Without it, a message whose sending was cut off is not sent again
    /// but left for staff to decide.
    #[arg(long = "sms-reference-field", env = "BRS_SMS_REFERENCE_FIELD")]
    pub reference_field: Option<String>,
    /// Where the gateway's answer holds its message id, as a path (`data.id`)
    /// [default: id].
    #[arg(long = "sms-id-field", env = "BRS_SMS_ID_FIELD")]
    pub id_field: Option<String>,
    /// Where a gateway that answers a refusal with a 2xx says whether it took the message,
    /// as a path in its answer (`code`); with `--sms-ok-values`.
    #[arg(long = "sms-ok-field", env = "BRS_SMS_OK_FIELD")]
    pub ok_field: Option<String>,
    /// The values of `--sms-ok-field` that mean taken, comma-separated (`1,M0000`); any
    /// other is a refusal.
    #[arg(
        long = "sms-ok-values",
        env = "BRS_SMS_OK_VALUES",
        value_delimiter = ','
    )]
    pub ok_values: Vec<String>,
    /// Where its answer gives the reason of a refusal, as a path (`message`).
    #[arg(long = "sms-reason-field", env = "BRS_SMS_REASON_FIELD")]
    pub reason_field: Option<String>,
    /// More fields in the address's query string, as `name=value`, comma-separated in the
    /// environment.
    #[arg(long = "sms-query", env = "BRS_SMS_QUERY", value_delimiter = ',',
          value_parser = parse_pair, hide_env_values = true)]
    pub query: Vec<(String, String)>,
    /// The field of a delivery report that names the message, besides the usual ones.
    #[arg(long = "sms-report-id-field", env = "BRS_SMS_REPORT_ID_FIELD")]
    pub report_id_field: Option<String>,
    /// The field of a delivery report that gives its status [default: status].
    #[arg(long = "sms-report-status-field", env = "BRS_SMS_REPORT_STATUS_FIELD")]
    pub report_status_field: Option<String>,
    /// More fields every request carries (an API key a gateway wants in the body), as
    /// `name=value`, comma-separated in the environment.
    #[arg(long = "sms-extra", env = "BRS_SMS_EXTRA", value_delimiter = ',',
          value_parser = parse_pair, hide_env_values = true)]
    pub extra: Vec<(String, String)>,
    /// How the gateway wants the mobile written [default: international].
    #[arg(long = "sms-number", env = "BRS_SMS_NUMBER", value_enum)]
    pub number: Option<NumberFormat>,
    /// Seconds to wait for the gateway's answer.
    #[arg(
        long = "sms-timeout-secs",
        env = "BRS_SMS_TIMEOUT_SECS",
        default_value_t = 15
    )]
    pub timeout_secs: u64,
    /// Seconds before the first retry of a message the gateway refused; each next wait is
    /// four times longer, up to six hours.
    #[arg(
        long = "sms-retry-secs",
        env = "BRS_SMS_RETRY_SECS",
        default_value_t = 30
    )]
    pub retry_secs: u64,
    /// Tries before a message is marked failed.
    #[arg(long = "sms-max-attempts", env = "BRS_SMS_MAX_ATTEMPTS", default_value_t = 6,
          value_parser = clap::value_parser!(u32).range(1..=20))]
    pub max_attempts: u32,
    /// The token a gateway's delivery reports must carry (`?token=` or `X-Callback-Token`);
    /// reports are refused without one set.
    #[arg(
        long = "sms-callback-token",
        env = "BRS_SMS_CALLBACK_TOKEN",
        hide_env_values = true
    )]
    pub callback_token: Option<String>,
    /// Hours, Riyadh time, in which no message goes except a code someone waits for;
    /// `HH:MM-HH:MM`, or `none`.
    #[arg(long = "quiet-hours", env = "BRS_QUIET_HOURS", default_value = "22:00-07:00",
          value_parser = parse_quiet_hours)]
    pub quiet_hours: QuietHours,
    /// Send an apology with a new expected day when the expected answer day of a request
    /// comes without a decision (policy H5).
    #[arg(long = "late-apologies", env = "BRS_LATE_APOLOGIES", default_value_t = true,
          action = clap::ArgAction::Set)]
    pub late_apologies: bool,
}

impl Default for SmsConfig {
    fn default() -> Self {
        Self {
            provider: ProviderKind::Log,
            preset: None,
            url: None,
            format: None,
            token: None,
            user: None,
            password: None,
            sender: String::new(),
            to_field: None,
            to_list: false,
            body_field: None,
            sender_field: None,
            reference_field: None,
            id_field: None,
            ok_field: None,
            ok_values: Vec::new(),
            reason_field: None,
            query: Vec::new(),
            report_id_field: None,
            report_status_field: None,
            extra: Vec::new(),
            number: None,
            timeout_secs: 15,
            retry_secs: 30,
            max_attempts: 6,
            callback_token: None,
            quiet_hours: parse_quiet_hours("22:00-07:00").unwrap_or(QuietHours(None)),
            late_apologies: true,
        }
    }
}

impl std::fmt::Debug for SmsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsConfig")
            .field("provider", &self.provider)
            .field("preset", &self.preset)
            .field("url", &self.url)
            .field("format", &self.format)
            .field("sender", &self.sender)
            .field("reference_field", &self.reference_field)
            .field("number", &self.number)
            .field("quiet_hours", &self.quiet_hours)
            .field("late_apologies", &self.late_apologies)
            .finish_non_exhaustive()
    }
}

fn parse_pair(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("`{s}` is not name=value"))
}

/// The hours, from and to (Riyadh time), in which messages wait for the morning; none when
/// they go at any hour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuietHours(pub Option<(NaiveTime, NaiveTime)>);

/// `HH:MM-HH:MM`, or `none` for no quiet hours: the rule the head office's settings keep.
pub fn parse_quiet_hours(s: &str) -> Result<QuietHours, String> {
    shared::setup::QuietHours::parse(s).map(|q| QuietHours(q.map(|q| (q.from, q.to))))
}
