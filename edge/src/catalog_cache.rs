//! Catalog reads from the Workers Cache API under versioned keys (the rules, and how stale a
//! read can be, are `shared::catalog_cache`): this isolate's memory first (`crate::hot`), then
//! the shared cache, then D1. Each answer says which in `x-edgemall-cache` (`memory`, `shared`
//! or `built`).

use crate::ctx::Ctx;
use crate::http::{Failure, Reply, json_text, set_header};
use crate::{db, hot};
use chrono::{DateTime, Utc};
use shared::catalog_cache::{self as rules, CachePolicy, CatalogRead, VersionClock};
use shared::routes::RouteId;
use std::cell::RefCell;
use worker::{Cache, Request, Response};

const POLICY: CachePolicy = CachePolicy::standard();
/// When a stored entry was built (ms since the epoch), read back on a hit.
const BUILT_AT: &str = "x-built-at";

thread_local! {
    static VERSION: RefCell<VersionClock> = RefCell::new(VersionClock::new(POLICY));
}

/// Serves `read` for this request from memory or the shared cache, or builds it (JSON text)
/// and keeps it in both. A failure is answered as usual and never kept.
pub async fn served(
    ctx: &Ctx,
    req: &Request,
    read: CatalogRead,
    build: impl Future<Output = Result<String, Failure>>,
) -> Reply {
    if shared_cache_off(req) {
        return hot::kept(ctx, req, build).await;
    }
    let url = req.url()?;
    let version = version(ctx).await?;
    let origin = url.origin().ascii_serialization();
    let key = rules::cache_key(&origin, version, url.path(), url.query().unwrap_or_default());
    if let Some(body) = hot::remembered(&key, ctx.now) {
        return answer(body, "memory");
    }
    let generation = hot::generation();
    let cache = Cache::default();
    if let Some((body, built_at)) = stored(&cache, &key, read, ctx.now).await {
        hot::remember(key, generation, at(POLICY.kept_since(read, built_at, ctx.now)), body.clone());
        return answer(body, "shared");
    }
    let body = build.await?;
    store(&cache, &key, read, ctx.now, &body).await;
    hot::remember(key, generation, ctx.now, body.clone());
    answer(body, "built")
}

/// After a write's answer: moves the catalog version forward if the core says it may have
/// changed a catalog read, and learns the new one at once.
pub async fn after_write(ctx: &Ctx, route: RouteId, status: u16) {
    if !rules::bumps_version(route, status) {
        return;
    }
    match db::catalog_version::bump(ctx, ctx.now.timestamp_millis()).await {
        Ok(v) => VERSION.with(|c| c.borrow_mut().learned(v, ctx.now)),
        // Other isolates then see the write only when the entries' age runs out.
        Err(e) => worker::console_error!("catalog version bump after {route:?}: {e:?}"),
    }
}

/// The version to key reads with: known, or asked of D1 (at most once a second).
async fn version(ctx: &Ctx) -> Result<i64, Failure> {
    if let Some(v) = VERSION.with(|c| c.borrow().current(ctx.now)) {
        return Ok(v);
    }
    let v = db::catalog_version::read(ctx).await?;
    VERSION.with(|c| c.borrow_mut().learned(v, ctx.now));
    Ok(VERSION.with(|c| c.borrow().current(ctx.now)).unwrap_or(v))
}

/// A fresh entry from the shared cache and when it was built; a failing cache is a miss.
async fn stored(cache: &Cache, key: &str, read: CatalogRead, now: DateTime<Utc>) -> Option<(String, i64)> {
    let mut resp = match cache.get(key, false).await {
        Ok(found) => found?,
        Err(e) => {
            worker::console_error!("cache get: {e:?}");
            return None;
        }
    };
    let built_at = resp.headers().get(BUILT_AT).ok().flatten()?.parse::<i64>().ok()?;
    if !POLICY.is_fresh(read, built_at, now) {
        return None;
    }
    resp.text().await.ok().map(|body| (body, built_at))
}

/// Puts a built answer in the shared cache; a failure only costs the next reader a build.
async fn store(cache: &Cache, key: &str, read: CatalogRead, now: DateTime<Utc>, body: &str) {
    let entry = Response::ok(body).map(|mut resp| {
        let h = resp.headers_mut();
        set_header(h, "content-type", "application/json; charset=utf-8");
        set_header(h, "cache-control", &POLICY.cache_control(read));
        set_header(h, BUILT_AT, &now.timestamp_millis().to_string());
        resp
    });
    if let Err(e) = match entry {
        Ok(entry) => cache.put(key, entry).await,
        Err(e) => Err(e),
    } {
        worker::console_error!("cache put: {e:?}");
    }
}

fn answer(body: String, source: &str) -> Reply {
    let mut resp = json_text(200, body)?;
    set_header(resp.headers_mut(), "x-edgemall-cache", source);
    Ok(resp)
}

/// Development builds only: `x-edgemall-catalog-cache: off` answers as before the shared cache
/// (memory under the path, then D1), so the load tool measures both in one run.
#[cfg(feature = "dev")]
fn shared_cache_off(req: &Request) -> bool {
    crate::http::header(req.headers(), "x-edgemall-catalog-cache").as_deref() == Some("off")
}

#[cfg(not(feature = "dev"))]
fn shared_cache_off(_req: &Request) -> bool {
    false
}

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}
