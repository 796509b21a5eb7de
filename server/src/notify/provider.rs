//! The providers a message leaves by: one interface, a log for development and an HTTP
//! gateway shaped by configuration to what the common Saudi gateways take.

use std::time::Duration;

use super::config::{BodyFormat, NumberFormat, ProviderKind, SmsConfig};

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
    /// The provider `config` names; an HTTP one needs its URL.
    pub fn from_config(config: &SmsConfig) -> anyhow::Result<Self> {
        Ok(match config.provider {
            ProviderKind::Log => Self::Log,
            ProviderKind::Http => {
                let url = config
                    .url
                    .clone()
                    .ok_or_else(|| anyhow::anyhow!("--sms-provider http needs --sms-url"))?;
                let client = reqwest::Client::builder()
                    .timeout(Duration::from_secs(config.timeout_secs))
                    .build()?;
                Self::Http(Box::new(HttpGateway {
                    url,
                    client,
                    config: config.clone(),
                }))
            }
        })
    }

    /// Whether sending again under the same reference is safe: the gateway drops a
    /// reference it has seen. The log provider never loses an answer.
    pub fn deduplicates(&self) -> bool {
        match self {
            Self::Log => true,
            Self::Http(g) => g.config.reference_field.is_some(),
        }
    }

    /// Sends one message.
    pub async fn send(&self, m: &Outgoing<'_>) -> Sent {
        match self {
            Self::Log => {
                tracing::info!(reference = m.reference, to = m.mobile, body = m.body, "sms");
                Sent::Accepted(None)
            }
            Self::Http(g) => g.send(m).await,
        }
    }
}

/// An HTTP gateway and how it takes a message.
#[derive(Clone)]
pub struct HttpGateway {
    url: String,
    client: reqwest::Client,
    config: SmsConfig,
}

impl std::fmt::Debug for HttpGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpGateway")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl HttpGateway {
    fn number(&self, mobile: &str) -> String {
        match self.config.number {
            NumberFormat::Local => mobile.to_owned(),
            NumberFormat::International => {
                format!("966{}", mobile.strip_prefix('0').unwrap_or(mobile))
            }
        }
    }

    async fn send(&self, m: &Outgoing<'_>) -> Sent {
        let c = &self.config;
        let mut fields = vec![
            (c.to_field.clone(), self.number(m.mobile)),
            (c.body_field.clone(), m.body.to_owned()),
        ];
        if !c.sender.is_empty() {
            fields.push((c.sender_field.clone(), c.sender.clone()));
        }
        if let Some(field) = &c.reference_field {
            fields.push((field.clone(), m.reference.to_owned()));
        }
        fields.extend(c.extra.iter().cloned());
        let mut request = self.client.post(&self.url);
        request = match c.format {
            BodyFormat::Json => {
                use serde_json::Value;
                let mut object: serde_json::Map<String, Value> = fields
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect();
                if c.to_list {
                    if let Some(to) = object.get_mut(&c.to_field) {
                        *to = Value::Array(vec![to.take()]);
                    }
                }
                request.json(&object)
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
            Err(e) if e.is_connect() => return Sent::Refused(format!("no connection: {e}")),
            Err(e) => return Sent::NoAnswer(e.to_string()),
        };
        let status = response.status();
        let text = match response.text().await {
            Ok(t) => t,
            Err(e) => return Sent::NoAnswer(e.to_string()),
        };
        let reason = || {
            let said: String = text.chars().take(200).collect();
            format!("{status}: {said}")
        };
        if status.is_success() {
            let id = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| {
                    c.id_field
                        .split('.')
                        .try_fold(v, |v, key| v.get(key).cloned())
                })
                .and_then(|v| match v {
                    serde_json::Value::String(s) => Some(s),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                });
            Sent::Accepted(id)
        } else if status.is_server_error() || status.as_u16() == 429 {
            Sent::Refused(reason())
        } else {
            Sent::Rejected(reason())
        }
    }
}
