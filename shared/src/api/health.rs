//! Health shapes: `GET /api/health` (the worker answers) and `GET /api/health/deep` (D1 and a
//! Durable Object are asked), and how their answers are written.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What `GET /api/health` reports: the worker answers, nothing else is touched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Liveness {
    /// Always `ok`.
    pub status: String,
    /// Server time (RFC 3339 UTC).
    pub now: String,
    /// Where the deep check (D1 and a Durable Object) is.
    pub deep: String,
}

/// What `GET /api/health/deep` reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` when every check passed, else `degraded`.
    pub status: String,
    /// The D1 check.
    pub d1: HealthCheck,
    /// The Durable Object check.
    pub durable_object: HealthCheck,
    /// Server time (RFC 3339 UTC).
    pub now: String,
    /// When the checks reported here really ran (RFC 3339 UTC).
    pub checked_at: String,
    /// Whether this is the answer of an earlier check (deep checks are throttled).
    pub cached: bool,
}

/// One dependency's health.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthCheck {
    /// Whether it answered.
    pub ok: bool,
    /// What was done and what came back.
    pub detail: String,
}

/// An instant as the health answers write it: RFC 3339 UTC with milliseconds.
fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Liveness {
    /// The liveness answer at `now`.
    pub fn at(now: DateTime<Utc>) -> Liveness {
        Liveness { status: "ok".into(), now: stamp(now), deep: "/api/health/deep".into() }
    }
}

impl HealthCheck {
    /// D1's check: counting the stores gave `counted`.
    pub fn d1(counted: Result<impl fmt::Display, impl fmt::Debug>) -> HealthCheck {
        match counted {
            Ok(n) => HealthCheck { ok: true, detail: format!("D1: SELECT COUNT(*) FROM stores -> {n}") },
            Err(e) => HealthCheck { ok: false, detail: format!("D1 failed: {e:?}") },
        }
    }

    /// The Durable Object's check: pinging the `health` stock object gave `pinged`.
    pub fn durable_object(pinged: Result<impl fmt::Display, impl fmt::Debug>) -> HealthCheck {
        match pinged {
            Ok(pings) => {
                HealthCheck { ok: true, detail: format!("StockObject 'health': storage read and write, ping #{pings}") }
            }
            Err(e) => HealthCheck { ok: false, detail: format!("StockObject failed: {e:?}") },
        }
    }
}

impl Health {
    /// The checks that ran at `now`: `ok` when both passed, else `degraded`.
    pub fn of(d1: HealthCheck, durable_object: HealthCheck, now: DateTime<Utc>) -> Health {
        let ok = d1.ok && durable_object.ok;
        Health {
            status: if ok { "ok" } else { "degraded" }.to_owned(),
            d1,
            durable_object,
            now: stamp(now),
            checked_at: stamp(now),
            cached: false,
        }
    }

    /// Whether every check passed (200; otherwise 503).
    pub fn ok(&self) -> bool {
        self.status == "ok"
    }

    /// This answer as given at `now`, `cached` when the checks ran earlier.
    pub fn answered(self, now: DateTime<Utc>, cached: bool) -> Health {
        Health { now: stamp(now), cached, ..self }
    }
}

#[cfg(test)]
mod tests;
