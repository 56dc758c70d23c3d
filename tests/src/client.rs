//! A small blocking HTTP client for the API, for tests and tools.

use serde_json::Value;
use shared::retry::{self, Outcome};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use ureq::Agent;

static RETRIES: AtomicU64 = AtomicU64::new(0);

/// How many requests this process has sent again so far (GETs and keyed writes on a dropped
/// connection, 503, 502/504 or 429; see `shared::retry`).
pub fn retries_so_far() -> u64 {
    RETRIES.load(Ordering::Relaxed)
}

/// A random number for spreading retries: the hash of a fresh `RandomState` (seeded per
/// process and counter) with the time; no dependency needed for that.
fn random() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    h.finish() as u32
}

/// An agent that reports every status as a response (4xx/5xx are results, not errors).
pub fn agent(timeout: Duration) -> Agent {
    Agent::config_builder().timeout_global(Some(timeout)).http_status_as_error(false).build().into()
}

/// A client bound to one server, optionally signed in, optionally at a stated time.
#[derive(Clone)]
pub struct Api {
    base: String,
    agent: Agent,
    token: Option<String>,
    now: Option<String>,
    headers: Vec<(String, String)>,
    retries: bool,
}

/// An answer: status, JSON body (`Null` when empty or not JSON), headers.
#[derive(Debug, Clone)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The body as JSON.
    pub body: Value,
    /// The raw body.
    pub text: String,
    /// Response headers, lower-case names.
    pub headers: Vec<(String, String)>,
}

impl Reply {
    /// The `error.code` of an error answer ("" otherwise).
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    /// Panics with the whole answer unless the status is `status`.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "unexpected answer: {} {}", self.status, self.text);
        &self.body
    }
    /// Panics unless this is the error `status` + `code` in the contract's envelope.
    #[track_caller]
    pub fn expect_error(&self, status: u16, code: &str) {
        assert_eq!((self.status, self.code()), (status, code), "unexpected answer: {} {}", self.status, self.text);
        assert!(
            self.body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()),
            "error without message: {}",
            self.text
        );
    }
}

impl Api {
    /// A client for `base` (e.g. `http://127.0.0.1:8787`).
    pub fn new(base: &str) -> Api {
        Api {
            base: base.trim_end_matches('/').to_owned(),
            agent: agent(Duration::from_secs(60)),
            token: None,
            now: None,
            headers: Vec::new(),
            retries: true,
        }
    }

    /// The same client without retries: every request is sent once, whatever comes back (for
    /// tests that count what a single attempt gets, like the crash test).
    pub fn no_retry(&self) -> Api {
        Api { retries: false, ..self.clone() }
    }

    /// A client for the server named by `EDGEMALL_URL` (set by `cargo xtask test`).
    pub fn from_env() -> Api {
        let base = std::env::var("EDGEMALL_URL").unwrap_or_else(|_| {
            panic!(
                "EDGEMALL_URL is not set: run the integration tests through `cargo xtask test` (it starts the server)"
            )
        });
        Api::new(&base)
    }

    /// The server's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The bearer token this client sends, if any.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The same client with a bearer token.
    pub fn with_token(&self, token: &str) -> Api {
        Api { token: Some(token.to_owned()), ..self.clone() }
    }

    /// The same client stating the request time (honoured only where `DEV_CLOCK=1`).
    pub fn at(&self, now: &str) -> Api {
        Api { now: Some(now.to_owned()), ..self.clone() }
    }

    /// The same client with one more header on every request.
    pub fn with_header(&self, name: &str, value: &str) -> Api {
        let mut api = self.clone();
        api.headers.push((name.to_owned(), value.to_owned()));
        api
    }

    /// GET.
    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path, None)
    }
    /// POST with a JSON body.
    pub fn post(&self, path: &str, body: &Value) -> Reply {
        self.request("POST", path, Some(body.to_string().as_bytes()))
    }
    /// DELETE.
    pub fn delete(&self, path: &str) -> Reply {
        self.request("DELETE", path, None)
    }

    /// Any method, any body bytes. A GET or a keyed write is sent again (with the same key) on
    /// a dropped connection, 503, 502/504 or 429, as `shared::retry` says.
    pub fn request(&self, method: &str, path: &str, body: Option<&[u8]>) -> Reply {
        let keyed = self.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("idempotency-key"));
        let mut attempt = 1;
        loop {
            let reply = self.once(method, path, body);
            if !self.retries {
                return reply;
            }
            let outcome = match reply.status {
                0 => Outcome::Dropped,
                status => Outcome::Answered {
                    status,
                    retry_after: reply.header("retry-after").and_then(|s| s.trim().parse().ok()),
                },
            };
            match retry::DEFAULT.next_wait_jittered_ms(method, keyed, attempt, outcome, random()) {
                Some(ms) => {
                    RETRIES.fetch_add(1, Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(ms));
                    attempt += 1;
                }
                None => return reply,
            }
        }
    }

    fn once(&self, method: &str, path: &str, body: Option<&[u8]>) -> Reply {
        let url = format!("{}{}", self.base, path);
        let mut builder = ureq::http::Request::builder().method(method).uri(&url);
        if body.is_some() {
            builder = builder.header("content-type", "application/json");
        }
        if let Some(token) = &self.token {
            builder = builder.header("authorization", format!("Bearer {token}"));
        }
        if let Some(now) = &self.now {
            builder = builder.header("x-edgemall-now", now);
        }
        for (k, v) in &self.headers {
            builder = builder.header(k, v);
        }
        let request = builder.body(body.map(<[u8]>::to_vec).unwrap_or_default()).expect("a valid request");
        // A transport failure (server down, killed) is status 0, so load and crash tests can
        // count it; `expect` on such a reply fails with the error text.
        let mut resp = match self.agent.run(request) {
            Ok(r) => r,
            Err(e) => {
                return Reply {
                    status: 0,
                    body: Value::Null,
                    text: format!("{method} {url} failed: {e}"),
                    headers: Vec::new(),
                };
            }
        };
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
            .collect();
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, body, text, headers }
    }
}
