//! A push service for the tests: a tiny HTTP server on a loopback port of its own that
//! records every request the worker sends it and answers each with a fixed status (201 as a
//! real service accepts a message, or 410 for a browser that unsubscribed).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// One request the worker made.
#[derive(Debug, Clone)]
pub struct Delivered {
    /// The request path (the subscription's endpoint path).
    pub path: String,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The encrypted body.
    pub body: Vec<u8>,
}

impl Delivered {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The running service.
pub struct PushService {
    origin: String,
    received: Receiver<Delivered>,
}

impl PushService {
    /// Starts a service answering every push with `status`.
    pub fn start(status: u16) -> PushService {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let origin = format!("http://127.0.0.1:{}", listener.local_addr().expect("its address").port());
        let (tx, received) = channel();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let tx = tx.clone();
                std::thread::spawn(move || serve(stream, status, &tx));
            }
        });
        PushService { origin, received }
    }

    /// `http://127.0.0.1:PORT`: the VAPID audience of its endpoints.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// An endpoint URL for one browser.
    pub fn endpoint(&self, browser: &str) -> String {
        format!("{}/push/{browser}", self.origin)
    }

    /// The next request, if one comes within `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<Delivered> {
        self.received.recv_timeout(timeout).ok()
    }

    /// A request already received, without waiting.
    pub fn already(&self) -> Option<Delivered> {
        self.received.try_recv().ok()
    }
}

fn serve(stream: TcpStream, status: u16, tx: &Sender<Delivered>) {
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    let length = headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0u8; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let _ = tx.send(Delivered { path, headers, body });
    let reason = if status == 410 { "Gone" } else { "Created" };
    let _ = (&stream)
        .write_all(format!("HTTP/1.1 {status} {reason}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").as_bytes());
}
