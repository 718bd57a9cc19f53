//! E-mail through the clinic's own SMTP server, when it has one. Nothing is
//! queued for later: a message that cannot be handed to the server now is
//! reported as not sent, so nobody believes a person was told who was not.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

/// How long to wait for the server before saying it cannot be reached.
pub const TIMEOUT: Duration = Duration::from_secs(8);

/// The profile's SMTP settings.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    /// none | starttls | tls
    pub security: String,
    pub user: String,
    pub password: String,
    pub from: String,
}

impl Smtp {
    /// From the profile values (`smtp-server` is host:port) and the
    /// password from the environment: it is never stored in the database.
    pub fn from_profile(get: impl Fn(&str) -> String) -> Option<Smtp> {
        let server = get("smtp-server");
        let (host, port) = server.trim().rsplit_once(':')?;
        Some(Smtp {
            host: host.to_string(),
            port: port.parse().ok()?,
            security: get("smtp-security"),
            user: get("smtp-user"),
            password: std::env::var("CRISISDESK_SMTP_PASSWORD").unwrap_or_default(),
            from: get("smtp-from"),
        })
    }
}

/// One message to one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    /// Whom it is for, as the caller knows them (a call-tree member).
    pub key: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Send each message; the result for each, in order.
pub fn send(smtp: &Smtp, mails: &[Mail]) -> Vec<(i64, Result<(), String>)> {
    let transport = match transport(smtp) {
        Ok(t) => t,
        Err(e) => return mails.iter().map(|m| (m.key, Err(e.clone()))).collect(),
    };
    mails
        .iter()
        .map(|m| {
            let r = message(smtp, m).and_then(|msg| transport.send(&msg).map(|_| ()).map_err(|e| e.to_string()));
            (m.key, r)
        })
        .collect()
}

fn transport(smtp: &Smtp) -> Result<SmtpTransport, String> {
    let builder = match smtp.security.as_str() {
        "tls" => SmtpTransport::relay(&smtp.host).map_err(|e| e.to_string())?,
        "none" => SmtpTransport::builder_dangerous(&smtp.host),
        _ => SmtpTransport::starttls_relay(&smtp.host).map_err(|e| e.to_string())?,
    };
    let mut builder = builder.port(smtp.port).timeout(Some(TIMEOUT));
    if !smtp.user.is_empty() {
        builder = builder.credentials(Credentials::new(smtp.user.clone(), smtp.password.clone()));
    }
    Ok(builder.build())
}

fn message(smtp: &Smtp, m: &Mail) -> Result<Message, String> {
    Message::builder()
        .from(smtp.from.parse().map_err(|e: lettre::address::AddressError| e.to_string())?)
        .to(m.to.parse().map_err(|e: lettre::address::AddressError| e.to_string())?)
        .subject(m.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(m.body.clone())
        .map_err(|e| e.to_string())
}
