//! The providers a message leaves by: one interface, a log for development and an HTTP
//! gateway shaped by configuration to what the common Saudi gateways take.

use std::time::Duration;

use super::config::{BodyFormat, NumberFormat, ProviderKind, SmsConfig};
use super::presets::{self, Shape};

/// One message to send.
#[derive(Debug)]
pub struct Outgoing<'a> {
    /// The event's id, sent as the client reference where the gateway takes one.
    pub reference: &'a str,
    /// The mobile, `05XXXXXXXX`.
    pub mobile: &'a str,
    /// The text.
    pub body: &'a str,
}

/// What became of a call to the provider.
#[derive(Debug, PartialEq, Eq)]
pub enum Sent {
    /// The provider took it, with its own id when it gave one.
    Accepted(Option<String>),
    /// The provider refused it; trying again may help (it was busy, or down).
    Refused(String),
    /// The provider refused it for good (a malformed number, bad credentials).
    Rejected(String),
    /// No answer came: it may or may not have gone.
    NoAnswer(String),
}

/// Sends messages.
#[derive(Clone, Debug)]
pub enum Provider {
    /// Prints each message to the server's log.
    Log,
    /// An HTTP SMS gateway.
    Http(Box<HttpGateway>),
}

impl Provider {
    /// The provider `config` names; an HTTP one needs its address, which a preset gives.
    pub fn from_config(config: &SmsConfig) -> anyhow::Result<Self> {
        if config.provider == ProviderKind::Log && config.preset.is_none() {
            return Ok(Self::Log);
        }
        let shape = Shape::of(config)?;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(config.timeout_secs))
            .build()?;
        Ok(Self::Http(Box::new(HttpGateway {
            shape,
            client,
            config: config.clone(),
        })))
    }

    /// Whether sending again under the same reference is safe: the gateway drops a
    /// reference it has seen. The log provider never loses an answer.
    pub fn deduplicates(&self) -> bool {
        match self {
            Self::Log => true,
            Self::Http(g) => g.config.reference_field.is_some(),
        }
    }

    /// The fields of a delivery report that name the message and give its status, beyond
    /// the usual names.
    pub fn report_fields(&self) -> (Option<&str>, &str) {
        match self {
            Self::Log => (None, "status"),
            Self::Http(g) => (g.shape.report_id.as_deref(), g.shape.report_status.as_str()),
        }
    }

    /// Sends one message.
    pub async fn send(&self, m: &Outgoing<'_>) -> Sent {
        self.send_answered(m).await.0
    }

    /// Sends one message; also the gateway's answer as it came, `HTTP 200: {…}`, for the
    /// head office's test text.
    pub async fn send_answered(&self, m: &Outgoing<'_>) -> (Sent, String) {
        match self {
            Self::Log => {
                tracing::info!(reference = m.reference, to = m.mobile, body = m.body, "sms");
                (Sent::Accepted(None), "written to the server's log".into())
            }
            Self::Http(g) => g.send(m).await,
        }
    }
}

/// An HTTP gateway and how it takes a message.
#[derive(Clone)]
pub struct HttpGateway {
    shape: Shape,
    client: reqwest::Client,
    config: SmsConfig,
}

impl std::fmt::Debug for HttpGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpGateway")
            .field("url", &self.shape.url)
            .finish_non_exhaustive()
    }
}

impl HttpGateway {
    fn number(&self, mobile: &str) -> String {
        let national = mobile.strip_prefix('0').unwrap_or(mobile);
        match self.shape.number {
            NumberFormat::Local => mobile.to_owned(),
            NumberFormat::International => format!("966{national}"),
            NumberFormat::E164 => format!("+966{national}"),
        }
    }

    /// The request's fields, by path, in the order written.
    fn fields(&self, m: &Outgoing<'_>) -> Vec<(String, String)> {
        let (c, shape) = (&self.config, &self.shape);
        let mut fields = vec![
            (shape.to.clone(), self.number(m.mobile)),
            (shape.body.clone(), m.body.to_owned()),
        ];
        if !c.sender.is_empty() {
            fields.push((shape.sender.clone(), c.sender.clone()));
        }
        if let Some(field) = &c.reference_field {
            fields.push((field.clone(), m.reference.to_owned()));
        }
        fields.extend(shape.fixed.iter().cloned());
        fields.extend(c.extra.iter().cloned());
        fields
    }

    async fn send(&self, m: &Outgoing<'_>) -> (Sent, String) {
        let (c, shape) = (&self.config, &self.shape);
        let fields = self.fields(m);
        let mut request = self.client.post(&shape.url);
        if !c.query.is_empty() {
            request = request.query(&c.query);
        }
        request = match shape.format {
            BodyFormat::Json => {
                use serde_json::Value;
                let mut body = Value::Object(serde_json::Map::new());
                for (path, value) in fields {
                    let value = if path == shape.to && shape.to_list {
                        Value::Array(vec![Value::String(value)])
                    } else {
                        Value::String(value)
                    };
                    presets::put(&mut body, &path, value);
                }
                request.json(&body)
            }
            BodyFormat::Form => request.form(&fields),
        };
        if let Some(token) = &c.token {
            request = request.bearer_auth(token);
        } else if let Some(user) = &c.user {
            request = request.basic_auth(user, c.password.as_ref());
        }
        let response = match request.send().await {
            Ok(r) => r,
            // A request that never reached the gateway was certainly not sent.
            Err(e) if e.is_connect() => {
                let why = format!("no connection: {e}");
                return (Sent::Refused(why.clone()), why);
            }
            Err(e) => return (Sent::NoAnswer(e.to_string()), e.to_string()),
        };
        let status = response.status();
        let text = match response.text().await {
            Ok(t) => t,
            Err(e) => return (Sent::NoAnswer(e.to_string()), e.to_string()),
        };
        let answer: String = text.chars().take(500).collect();
        let raw = format!("HTTP {}: {answer}", status.as_u16());
        (self.judge(status, &text), raw)
    }

    /// What the answer `status` and `text` say became of the message: a 2xx is taken
    /// unless the body says otherwise where the gateway puts it.
    fn judge(&self, status: reqwest::StatusCode, text: &str) -> Sent {
        let shape = &self.shape;
        let json = serde_json::from_str::<serde_json::Value>(text).ok();
        let said = |path: &Option<String>| {
            path.as_deref()
                .zip(json.as_ref())
                .and_then(|(p, j)| presets::read(j, p))
        };
        let reason = |code: Option<String>| {
            let why =
                said(&shape.reason).unwrap_or_else(|| text.chars().take(200).collect::<String>());
            match code {
                Some(code) => format!("{}: {code}: {why}", status.as_u16()),
                None => format!("{}: {why}", status.as_u16()),
            }
        };
        if status.is_success() {
            if let Some((field, values)) = &shape.ok {
                let value = said(&Some(field.clone()));
                let taken = value
                    .as_deref()
                    .is_some_and(|v| values.iter().any(|ok| ok.eq_ignore_ascii_case(v)));
                if !taken {
                    // The gateway answered, and said no: a refusal for good, with its
                    // reason on the case, not a message marked sent.
                    return Sent::Rejected(reason(value));
                }
            }
            Sent::Accepted(said(&Some(shape.id.clone())))
        } else if status.is_server_error() || status.as_u16() == 429 {
            Sent::Refused(reason(None))
        } else {
            Sent::Rejected(reason(None))
        }
    }
}
