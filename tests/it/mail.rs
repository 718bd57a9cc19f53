//! E-mail through the clinic's SMTP server, against a small SMTP server on
//! the loopback interface, and against one that is not there.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use crisisdesk::effects::mail::{Mail, Smtp, send};

/// Speak just enough SMTP to take messages; hand each one's data back.
fn smtp_server() -> (u16, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("addr").port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // One connection per message (no pool): serve a few in turn.
        for stream in listener.incoming().take(4) {
            let Ok(stream) = stream else { return };
            let mut w = stream.try_clone().expect("clone");
            let mut r = BufReader::new(stream);
            let _ = w.write_all(b"220 test ESMTP\r\n");
            let mut line = String::new();
            let mut data: Option<String> = None;
            while r.read_line(&mut line).unwrap_or(0) > 0 {
                if let Some(d) = data.as_mut() {
                    if line == ".\r\n" {
                        let _ = tx.send(std::mem::take(d));
                        data = None;
                        let _ = w.write_all(b"250 queued\r\n");
                    } else {
                        d.push_str(&line);
                    }
                } else {
                    let cmd = line.to_ascii_uppercase();
                    let reply: &[u8] = if cmd.starts_with("EHLO") {
                        b"250-test\r\n250 8BITMIME\r\n"
                    } else if cmd.starts_with("DATA") {
                        data = Some(String::new());
                        b"354 go ahead\r\n"
                    } else if cmd.starts_with("QUIT") {
                        let _ = w.write_all(b"221 bye\r\n");
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = w.write_all(reply);
                }
                line.clear();
            }
        }
    });
    (port, rx)
}

fn smtp(port: u16) -> Smtp {
    Smtp {
        host: "127.0.0.1".into(),
        port,
        security: "none".into(),
        user: String::new(),
        password: String::new(),
        from: "clinic@example-clinic.tw".into(),
    }
}

fn mail(key: i64, to: &str) -> Mail {
    Mail {
        key,
        to: to.into(),
        subject: "緊急集合".into(),
        body: "請立即回電確認。".into(),
    }
}

#[test]
fn messages_reach_a_local_smtp_server() {
    let (port, rx) = smtp_server();
    let results = send(&smtp(port), &[mail(1, "a@example-clinic.tw"), mail(2, "b@example-clinic.tw")]);
    assert_eq!(results.iter().filter(|(_, r)| r.is_ok()).count(), 2, "{results:?}");
    let first = rx.recv_timeout(std::time::Duration::from_secs(10)).expect("delivered");
    assert!(
        first.contains("a@example-clinic.tw") && first.contains("From: clinic@example-clinic.tw"),
        "{first}"
    );
}

#[test]
fn an_unreachable_server_is_one_clear_reason_for_each_message() {
    // A port that was just free: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let results = send(&smtp(port), &[mail(7, "a@example-clinic.tw")]);
    assert_eq!(results.len(), 1);
    let (key, r) = &results[0];
    assert_eq!(*key, 7);
    let why = r.as_ref().expect_err("not sent");
    assert!(!why.is_empty() && !why.contains('\n'), "{why}");
    // A bad address is refused before anything is sent.
    let results = send(&smtp(port), &[mail(8, "not an address")]);
    assert!(results[0].1.is_err());
}
