//! A subscriber of a sale's live stock (`GET /api/flash-sales/{id}/live`), for the tests and
//! the live-stock benchmark: a plain WebSocket client reading `LiveStock` messages.

use crate::client::Api;
use shared::api::LiveStock;
use std::net::TcpStream;
use std::time::{Duration, Instant};
use tungstenite::client::IntoClientRequest;
use tungstenite::{Message, WebSocket};

/// An open subscription.
pub struct Subscriber {
    socket: WebSocket<TcpStream>,
}

/// Why subscribing failed: the HTTP refusal (status and body), or a transport error.
#[derive(Debug)]
pub enum Refused {
    /// The server answered without upgrading.
    Http(u16, String),
    /// Anything else.
    Other(String),
}

impl Subscriber {
    /// Opens the live feed of sale `id` on `api`'s server.
    pub fn connect(api: &Api, id: &str) -> Result<Subscriber, Refused> {
        let url = format!("{}/api/flash-sales/{id}/live", api.base().replacen("http://", "ws://", 1));
        let request = url.into_client_request().map_err(|e| Refused::Other(e.to_string()))?;
        let host = request.uri().authority().map(|a| a.as_str().to_owned()).unwrap_or_default();
        let stream = TcpStream::connect(&host).map_err(|e| Refused::Other(format!("{host}: {e}")))?;
        // The handshake waits for the server; afterwards reads wake up often, so `next` can
        // keep its own deadline.
        stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| Refused::Other(e.to_string()))?;
        match tungstenite::client(request, stream) {
            Ok((socket, _)) => {
                let short = socket.get_ref().set_read_timeout(Some(Duration::from_millis(200)));
                short.map_err(|e| Refused::Other(e.to_string()))?;
                Ok(Subscriber { socket })
            }
            Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(resp))) => {
                let body = resp.body().as_ref().map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
                Err(Refused::Http(resp.status().as_u16(), body))
            }
            Err(e) => Err(Refused::Other(e.to_string())),
        }
    }

    /// The next message, waiting at most `wait`.
    pub fn next(&mut self, wait: Duration) -> Option<LiveStock> {
        let until = Instant::now() + wait;
        while Instant::now() < until {
            match self.socket.read() {
                Ok(Message::Text(text)) => return serde_json::from_str(text.as_str()).ok(),
                Ok(Message::Close(_)) => return None,
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
                Err(_) => return None,
            }
        }
        None
    }

    /// Messages until one satisfies `want` (within `wait`); the one that did, if any.
    pub fn until(&mut self, wait: Duration, want: impl Fn(&LiveStock) -> bool) -> Option<LiveStock> {
        let until = Instant::now() + wait;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match self.next(left) {
                Some(m) if want(&m) => return Some(m),
                Some(_) => {}
                None => return None,
            }
        }
        None
    }

    /// Closes the subscription.
    pub fn close(mut self) {
        let _ = self.socket.close(None);
        let _ = self.socket.flush();
    }
}
