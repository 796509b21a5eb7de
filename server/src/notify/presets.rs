//! The request each known gateway documents, and the shape the HTTP adapter sends in: a
//! preset's, with any flag given on top of it.

use super::config::{BodyFormat, NumberFormat, Preset, SmsConfig};

/// How one gateway takes a message and answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    /// The send address.
    pub url: String,
    /// JSON or a form.
    pub format: BodyFormat,
    /// How the mobile is written.
    pub number: NumberFormat,
    /// The path of the mobile (`messages[0].numbers`).
    pub to: String,
    /// The mobile as a one-number list.
    pub to_list: bool,
    /// The path of the text.
    pub body: String,
    /// The path of the sender name.
    pub sender: String,
    /// Fields every request carries besides the configured ones.
    pub fixed: Vec<(String, String)>,
    /// The path of its message id in the answer.
    pub id: String,
    /// Where a 2xx answer says whether it took the message, and the values that mean so.
    pub ok: Option<(String, Vec<String>)>,
    /// The path of a refusal's reason in the answer.
    pub reason: Option<String>,
    /// The field of a delivery report that names the message, besides the usual ones.
    pub report_id: Option<String>,
    /// The field of a delivery report that gives its status.
    pub report_status: String,
}

/// What a preset fills: its documented address (`{user}` stands for `--sms-user`), body
/// and answer.
struct Base {
    url: &'static str,
    format: BodyFormat,
    number: NumberFormat,
    to: &'static str,
    to_list: bool,
    body: &'static str,
    sender: &'static str,
    fixed: &'static [(&'static str, &'static str)],
    id: &'static str,
    ok: Option<(&'static str, &'static [&'static str])>,
    reason: Option<&'static str>,
    report_id: Option<&'static str>,
    report_status: &'static str,
}

/// A gateway of no preset: the flags' documented defaults.
const PLAIN: Base = Base {
    url: "",
    format: BodyFormat::Json,
    number: NumberFormat::International,
    to: "to",
    to_list: false,
    body: "body",
    sender: "sender",
    fixed: &[],
    id: "id",
    ok: None,
    reason: None,
    report_id: None,
    report_status: "status",
};

impl Preset {
    /// Where the provider documents the request its preset sends.
    pub fn documentation(self) -> &'static str {
        match self {
            Self::Unifonic => "https://docs.unifonic.com/reference/sendmessage",
            Self::Taqnyat => "https://dev.taqnyat.sa/ar/doc/sms/",
            Self::Msegat => "https://msegat.docs.apiary.io/",
            Self::FourJawaly => "https://apidocs.4jawaly.com/",
            Self::Twilio => "https://www.twilio.com/docs/messaging/api/message-resource",
        }
    }

    fn base(self) -> Base {
        match self {
            // A form with the app's id in `AppSid` (`--sms-extra AppSid=…`); its answer
            // says `success` in a 200 either way.
            Self::Unifonic => Base {
                url: "https://el.cloud.unifonic.com/rest/SMS/messages",
                format: BodyFormat::Form,
                to: "Recipient",
                body: "Body",
                sender: "SenderID",
                fixed: &[("responseType", "JSON")],
                id: "data.MessageID",
                ok: Some(("success", &["true"])),
                reason: Some("message"),
                ..PLAIN
            },
            // JSON with a bearer token (`--sms-token`), recipients as a list; refusals
            // are 4xx.
            Self::Taqnyat => Base {
                url: "https://api.taqnyat.sa/v1/messages",
                to: "recipients",
                to_list: true,
                id: "messageId",
                reason: Some("message"),
                ..PLAIN
            },
            // JSON with `userName` and `apiKey` in the body (`--sms-extra`); every answer
            // is a 200 whose `code` says whether it went.
            Self::Msegat => Base {
                url: "https://www.msegat.com/gw/sendsms.php",
                to: "numbers",
                body: "msg",
                sender: "userSender",
                fixed: &[("msgEncoding", "UTF8")],
                id: "id",
                ok: Some(("code", &["1", "M0000"])),
                reason: Some("message"),
                ..PLAIN
            },
            // JSON nested in a list of messages, with the API key and secret as basic
            // authentication (`--sms-user`, `--sms-password`).
            Self::FourJawaly => Base {
                url: "https://api-sms.4jawaly.com/api/v1/account/area/sms/send",
                to: "messages[0].numbers",
                to_list: true,
                body: "messages[0].text",
                sender: "messages[0].sender",
                id: "job_id",
                reason: Some("message"),
                ..PLAIN
            },
            // A form to the account's address, numbers in E.164, the account SID and
            // token as basic authentication; delivery reports name `MessageSid`.
            Self::Twilio => Base {
                url: "https://api.twilio.com/2010-04-01/Accounts/{user}/Messages.json",
                format: BodyFormat::Form,
                number: NumberFormat::E164,
                to: "To",
                body: "Body",
                sender: "From",
                id: "sid",
                reason: Some("message"),
                report_id: Some("MessageSid"),
                report_status: "MessageStatus",
                ..PLAIN
            },
        }
    }
}

impl Shape {
    /// The shape `c` configures: its preset's, with each flag given on top.
    pub fn of(c: &SmsConfig) -> anyhow::Result<Self> {
        let base = c.preset.map_or(PLAIN, Preset::base);
        let url = match &c.url {
            Some(url) => url.clone(),
            None if !base.url.is_empty() => {
                if base.url.contains("{user}") {
                    let user = c.user.as_deref().ok_or_else(|| {
                        anyhow::anyhow!("this --sms-preset needs --sms-user for its address")
                    })?;
                    base.url.replace("{user}", user)
                } else {
                    base.url.to_owned()
                }
            }
            None => anyhow::bail!("--sms-provider http needs --sms-url or --sms-preset"),
        };
        let owned = |s: &str| s.to_owned();
        let ok = match (&c.ok_field, base.ok) {
            (Some(field), _) => Some((field.clone(), c.ok_values.clone())),
            (None, Some((field, values))) => {
                Some((field.to_owned(), values.iter().map(|v| owned(v)).collect()))
            }
            (None, None) => None,
        };
        Ok(Self {
            url,
            format: c.format.unwrap_or(base.format),
            number: c.number.unwrap_or(base.number),
            to: c.to_field.clone().unwrap_or_else(|| owned(base.to)),
            to_list: c.to_list || base.to_list,
            body: c.body_field.clone().unwrap_or_else(|| owned(base.body)),
            sender: c.sender_field.clone().unwrap_or_else(|| owned(base.sender)),
            fixed: base
                .fixed
                .iter()
                .map(|(k, v)| (owned(k), owned(v)))
                .collect(),
            id: c.id_field.clone().unwrap_or_else(|| owned(base.id)),
            ok,
            reason: c.reason_field.clone().or(base.reason.map(owned)),
            report_id: c.report_id_field.clone().or(base.report_id.map(owned)),
            report_status: c
                .report_status_field
                .clone()
                .unwrap_or_else(|| owned(base.report_status)),
        })
    }
}

/// One step of a path: a key of an object or a place in a list.
#[derive(Debug, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `messages[0].text` as its steps; a name with neither `.` nor `[` is one key.
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some((index, after)) = rest.split_once(']') {
            if let Ok(i) = index.parse() {
                out.push(Step::Index(i));
            }
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    out
}

/// Writes `value` at `path` in `root`, making the objects and lists on the way.
pub fn put(root: &mut serde_json::Value, path: &str, value: serde_json::Value) {
    use serde_json::Value;
    let mut at = root;
    for step in steps(path) {
        at = match step {
            Step::Key(key) => {
                if !at.is_object() {
                    *at = Value::Object(serde_json::Map::new());
                }
                at.as_object_mut()
                    .map(|o| o.entry(key).or_insert(Value::Null))
                    .unwrap_or_else(|| unreachable!("made an object above"))
            }
            Step::Index(i) => {
                if !at.is_array() {
                    *at = Value::Array(Vec::new());
                }
                let list = at
                    .as_array_mut()
                    .unwrap_or_else(|| unreachable!("made a list above"));
                if list.len() <= i {
                    list.resize(i + 1, Value::Null);
                }
                &mut list[i]
            }
        };
    }
    *at = value;
}

/// The value at `path` in `root`, written as text: a string as it is, a number or a
/// boolean as JSON writes it.
pub fn read(root: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value;
    let mut at = root;
    for step in steps(path) {
        at = match step {
            Step::Key(key) => at.get(key)?,
            Step::Index(i) => at.get(i)?,
        };
    }
    match at {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_path_writes_nested_objects_and_lists() {
        let mut body = json!({});
        put(&mut body, "messages[0].text", json!("نص"));
        put(&mut body, "messages[0].numbers", json!(["966551234567"]));
        put(&mut body, "sender", json!("JAZAN"));
        assert_eq!(
            body,
            json!({"messages": [{"text": "نص", "numbers": ["966551234567"]}], "sender": "JAZAN"})
        );
        assert_eq!(read(&body, "messages[0].text").as_deref(), Some("نص"));
        assert_eq!(
            read(&json!({"data": {"MessageID": 42}}), "data.MessageID").as_deref(),
            Some("42")
        );
        assert_eq!(
            read(&json!({"success": true}), "success").as_deref(),
            Some("true")
        );
        assert_eq!(read(&body, "messages[1].text"), None);
    }

    #[test]
    fn a_preset_fills_what_no_flag_gives() {
        let config = SmsConfig {
            preset: Some(Preset::Twilio),
            user: Some("AC123".into()),
            ..SmsConfig::default()
        };
        let shape = Shape::of(&config).expect("shape");
        assert_eq!(
            shape.url,
            "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json"
        );
        assert_eq!(shape.number, NumberFormat::E164);
        let config = SmsConfig {
            preset: Some(Preset::Msegat),
            url: Some("http://127.0.0.1:9/gw/sendsms.php".into()),
            body_field: Some("message".into()),
            ..SmsConfig::default()
        };
        let shape = Shape::of(&config).expect("shape");
        assert_eq!(shape.url, "http://127.0.0.1:9/gw/sendsms.php");
        assert_eq!(
            (shape.to.as_str(), shape.body.as_str()),
            ("numbers", "message")
        );
        assert_eq!(
            shape.ok,
            Some(("code".into(), vec!["1".into(), "M0000".into()]))
        );
        assert!(Shape::of(&SmsConfig::default()).is_err(), "no address");
    }
}
