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

pub fn health(ctx: &Ctx) -> Reply {
    json(200, &Liveness::at(ctx.now))
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
    json(if body.ok() { 200 } else { 503 }, &body.answered(ctx.now, cached))
}

async fn check(ctx: &Ctx) -> Health {
    let d1 = HealthCheck::d1(db::catalog::count_stores(ctx).await);
    let durable_object = HealthCheck::durable_object(calls::stock::ping(ctx).await);
    Health::of(d1, durable_object, ctx.now)
}
