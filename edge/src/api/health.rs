//! `GET /api/health`: really touches D1 and a Durable Object, and says what each answered.

use crate::ctx::Ctx;
use crate::http::{Reply, json};
use crate::{db, objects};
use shared::api::{Health, HealthCheck};

pub async fn health(ctx: &Ctx) -> Reply {
    let d1 = match db::catalog::count_stores(ctx).await {
        Ok(n) => HealthCheck { ok: true, detail: format!("D1: SELECT COUNT(*) FROM stores -> {n}") },
        Err(e) => HealthCheck { ok: false, detail: format!("D1 failed: {e:?}") },
    };
    let durable_object = match objects::stock::ping(ctx).await {
        Ok(pings) => {
            HealthCheck { ok: true, detail: format!("StockObject 'health': storage read and write, ping #{pings}") }
        }
        Err(e) => HealthCheck { ok: false, detail: format!("StockObject failed: {e:?}") },
    };
    let ok = d1.ok && durable_object.ok;
    let body = Health {
        status: if ok { "ok" } else { "degraded" }.to_owned(),
        d1,
        durable_object,
        now: ctx.now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    };
    json(if ok { 200 } else { 503 }, &body)
}
