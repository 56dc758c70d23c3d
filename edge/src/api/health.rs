//! `GET /api/health`: liveness, answered by the worker alone (no storage is read or written, so
//! anonymous traffic on it costs nothing). `GET /api/health/deep`: really touches D1 and a
//! Durable Object and says what each answered, at most once per isolate in the interval
//! [`UpkeepPolicy::deep_check_is_recent`] sets; calls in between get the last answer, marked `cached`.

use crate::ctx::Ctx;
use crate::http::{Reply, json};
use crate::{calls, db};
use chrono::{DateTime, Utc};
use shared::api::{Health, HealthCheck, Liveness};
use shared::upkeep::UpkeepPolicy;
use std::cell::RefCell;

thread_local! {
    /// The last real deep check of this isolate, and when it ran.
    static LAST_DEEP: RefCell<Option<(DateTime<Utc>, Health)>> = const { RefCell::new(None) };
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn health(ctx: &Ctx) -> Reply {
    json(200, &Liveness { status: "ok".into(), now: stamp(ctx.now), deep: "/api/health/deep".into() })
}

pub async fn deep(ctx: &Ctx) -> Reply {
    let recent = LAST_DEEP.with(|last| {
        let policy = UpkeepPolicy::standard();
        last.borrow()
            .as_ref()
            .and_then(|(at, health)| policy.deep_check_is_recent(*at, ctx.now).then(|| health.clone()))
    });
    let (body, cached) = match recent {
        Some(health) => (health, true),
        None => {
            let health = check(ctx).await;
            LAST_DEEP.with(|last| *last.borrow_mut() = Some((ctx.now, health.clone())));
            (health, false)
        }
    };
    let ok = body.status == "ok";
    json(if ok { 200 } else { 503 }, &Health { now: stamp(ctx.now), cached, ..body })
}

async fn check(ctx: &Ctx) -> Health {
    let d1 = match db::catalog::count_stores(ctx).await {
        Ok(n) => HealthCheck { ok: true, detail: format!("D1: SELECT COUNT(*) FROM stores -> {n}") },
        Err(e) => HealthCheck { ok: false, detail: format!("D1 failed: {e:?}") },
    };
    let durable_object = match calls::stock::ping(ctx).await {
        Ok(pings) => {
            HealthCheck { ok: true, detail: format!("StockObject 'health': storage read and write, ping #{pings}") }
        }
        Err(e) => HealthCheck { ok: false, detail: format!("StockObject failed: {e:?}") },
    };
    let ok = d1.ok && durable_object.ok;
    Health {
        status: if ok { "ok" } else { "degraded" }.to_owned(),
        d1,
        durable_object,
        now: stamp(ctx.now),
        checked_at: stamp(ctx.now),
        cached: false,
    }
}
