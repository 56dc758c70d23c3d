//! The edgemall worker: serves the built app as static assets and the JSON API under `/api`.
//!
//! Thin by design: handlers in [`api`] parse a request into domain types, call the core in
//! `shared`, persist through [`db`] (D1) or an object in [`objects`] (Durable Objects), and map
//! the outcome to HTTP in [`http`].

mod api;
mod auth;
mod birthdays;
mod calls;
mod catalog_cache;
mod ctx;
mod db;
mod flows;
mod hot;
mod http;
mod idempotency;
mod messages;
mod objects;
mod orders;
mod payments;
mod push;
mod rand;
mod throttled;

pub use objects::campaign::CampaignObject;
pub use objects::envelope::EnvelopeObject;
pub use objects::member::MemberObject;
pub use objects::sale::SaleObject;
pub use objects::stock::StockObject;

use worker::{Context, Env, Request, Response, Result, ScheduleContext, ScheduledEvent, event};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    console_error_panic_hook::set_once();
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        return Ok(api::handle(req, env).await);
    }
    // `run_worker_first` only sends /api/* here, but a direct call still gets the app.
    env.assets("ASSETS")?.fetch_request(req).await
}

/// Every minute (wrangler.toml `[triggers]`): finish what crashes left half-done.
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    // A production build does no work on development secrets (the API refuses them too).
    #[cfg(not(feature = "dev"))]
    {
        let problems = api::guard::unsafe_secrets(&env);
        if !problems.is_empty() {
            worker::console_error!("scheduled work skipped: {}", problems.join("; "));
            return;
        }
    }
    let ctx = ctx::Ctx::at(env, ctx::real_now());
    if let Err(e) = payments::reconcile::reconcile(&ctx).await {
        worker::console_error!("reconcile: {e:?}");
    }
    if let Err(e) = orders::returns::settle_stragglers(&ctx).await {
        worker::console_error!("returns: {e:?}");
    }
    if let Err(e) = flows::rewards::catch_up(&ctx).await {
        worker::console_error!("rewards: {e:?}");
    }
    if let Err(e) = birthdays::upkeep(&ctx).await.map(|_| ()) {
        worker::console_error!("birthdays: {e:?}");
    }
    if let Err(e) = messages::upkeep(&ctx).await {
        worker::console_error!("messages: {e:?}");
    }
    prune(&ctx).await;
}

/// Rows kept past their use, pruned a bounded batch per run so one run stays short; a backlog
/// drains over the next minutes. Each step logs its error and the others still run.
async fn prune(ctx: &ctx::Ctx) {
    let policy = shared::upkeep::UpkeepPolicy::standard();
    let batch = policy.prune_batch();
    match db::sessions::prune(ctx, policy.sessions_expired_before(ctx.now), batch).await {
        Ok(n) if n > 0 => worker::console_log!("pruned {n} expired sessions"),
        Ok(_) => {}
        Err(e) => worker::console_error!("prune sessions: {e:?}"),
    }
    match db::throttles::prune(ctx, batch).await {
        Ok(n) if n > 0 => worker::console_log!("pruned {n} ended throttle windows"),
        Ok(_) => {}
        Err(e) => worker::console_error!("prune throttles: {e:?}"),
    }
    match idempotency::prune(ctx, policy.idempotency_seen_before(ctx.now), batch).await {
        Ok(n) if n > 0 => worker::console_log!("pruned {n} idempotency keys"),
        Ok(_) => {}
        Err(e) => worker::console_error!("prune idempotency keys: {e:?}"),
    }
    match db::members::seal_legacy_card_codes(ctx, policy.seal_batch()).await {
        Ok(n) if n > 0 => worker::console_log!("sealed {n} plain card scratch codes"),
        Ok(_) => {}
        Err(e) => worker::console_error!("seal card codes: {e:?}"),
    }
}
