//! What every handler gets: the bindings and the time of the request.

use crate::http::Failure;
use chrono::{DateTime, Utc};
use shared::keys::Keys;
use worker::{D1Database, Env, Request};

/// The request's context. `now` is read once, here, and passed down into the core.
pub struct Ctx {
    /// The worker's bindings.
    pub env: Env,
    /// The instant the request is handled at.
    pub now: DateTime<Utc>,
}

impl Ctx {
    /// The context for a request. In a build with the `dev` feature (local development and
    /// tests only) and `DEV_CLOCK = "1"`, a request may state its own time in `X-Edgemall-Now`,
    /// so tests can move time forward instead of sleeping. Any other build ignores the header.
    pub fn new(env: Env, req: &Request) -> Ctx {
        let now = stated_now(&env, req).unwrap_or_else(real_now);
        Ctx { env, now }
    }

    /// A context outside a request (an object's alarm), at `now`.
    pub fn at(env: Env, now: DateTime<Utc>) -> Ctx {
        Ctx { env, now }
    }

    /// The D1 database.
    pub fn db(&self) -> worker::Result<D1Database> {
        self.env.d1("DB")
    }

    /// The deployment's keys, derived from the `APP_SECRET` secret.
    pub fn keys(&self) -> Result<Keys, Failure> {
        let secret = var(&self.env, "APP_SECRET").ok_or_else(|| Failure::Internal("APP_SECRET is not set".into()))?;
        Keys::derive(&secret).map_err(|e| Failure::Internal(format!("APP_SECRET: {e}")))
    }

    /// The key the (sandbox) payment gateway signs notifications with.
    pub fn gateway_key(&self) -> Result<Vec<u8>, Failure> {
        var(&self.env, "GATEWAY_KEY")
            .filter(|k| k.len() >= 16)
            .map(String::into_bytes)
            .ok_or_else(|| Failure::Internal("GATEWAY_KEY is not set".into()))
    }

    /// Points per yuan paid (`POINTS_PER_YUAN`, default 1).
    pub fn points_per_yuan(&self) -> u32 {
        var(&self.env, "POINTS_PER_YUAN").and_then(|v| v.parse().ok()).unwrap_or(1)
    }

    /// Whether the sandbox gateway confirms payments at once: only in a `dev` build with
    /// `SANDBOX_AUTO_CONFIRM = "1"`.
    #[cfg(feature = "dev")]
    pub fn sandbox_auto_confirm(&self) -> bool {
        var(&self.env, "SANDBOX_AUTO_CONFIRM").as_deref() == Some("1")
    }
}

/// The time a request states in `X-Edgemall-Now` (a `dev` build with `DEV_CLOCK = "1"` only).
#[cfg(feature = "dev")]
fn stated_now(env: &Env, req: &Request) -> Option<DateTime<Utc>> {
    if var(env, "DEV_CLOCK").as_deref() != Some("1") {
        return None;
    }
    crate::http::header(req.headers(), "x-edgemall-now")
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// A production build has no stated time: the header is ignored.
#[cfg(not(feature = "dev"))]
fn stated_now(_env: &Env, _req: &Request) -> Option<DateTime<Utc>> {
    None
}

/// The platform clock.
pub fn real_now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(worker::Date::now().as_millis() as i64).unwrap_or_default()
}

/// A plain variable or secret, if set.
pub fn var(env: &Env, name: &str) -> Option<String> {
    env.var(name).ok().map(|v| v.to_string()).or_else(|| env.secret(name).ok().map(|v| v.to_string()))
}
