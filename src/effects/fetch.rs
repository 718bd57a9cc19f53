//! Downloading a feed for `monitor fetch`, when a network exists. One
//! request with a bounded timeout; a failure is one line saying why, and
//! nothing is stored from a feed that did not arrive whole.

use std::time::Duration;

use crate::error::Msg;

/// How long a fetch waits in all (connect, send, read) by default.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// The most a feed may weigh.
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// The body of `url`, or why not (worded, naming the address).
pub fn fetch(url: &str, timeout: Duration) -> Result<Vec<u8>, Msg> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!("crisisdesk/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let worded = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => Msg::new("monitor.fetch_timeout").with("url", url).with("secs", timeout.as_secs()),
        ureq::Error::StatusCode(code) => Msg::new("monitor.fetch_status").with("url", url).with("status", code),
        ureq::Error::BodyExceedsLimit(_) => Msg::new("monitor.fetch_too_big").with("url", url),
        ureq::Error::BadUri(_) => Msg::new("monitor.feed_url").with("url", url),
        other => Msg::new("monitor.fetch_offline").with("url", url).with("detail", other),
    };
    let mut resp = agent.get(url).call().map_err(worded)?;
    let status = resp.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(Msg::new("monitor.fetch_status").with("url", url).with("status", status));
    }
    resp.body_mut().with_config().limit(MAX_BYTES).read_to_vec().map_err(worded)
}
