//! What buyers press during a sale, answered from this isolate's memory where that is safe
//! (the rules, and why they can only err towards asking again, are `shared::hot_reads`).
//!
//! **Reads.** The anonymous sale list and one sale are kept as their JSON text under the
//! request's path and query, the catalog reads under their versioned key (`crate::catalog_cache`);
//! any write this isolate lets through that may have changed something (an answer other than 4xx
//! to a non-GET) makes them stale.
//!
//! **Sold out.** A sale's bucket that refuses a lock as sold out says until when no unit can
//! come back to it (`x-sold-out-until`: never past its own or a sibling's earliest lock lapse);
//! this isolate keeps that, so the rush of refusals after a sell-out is answered here, without
//! a storage write and without waiting on the object.

use crate::ctx::Ctx;
use crate::http::{Failure, Reply, json_text};
use chrono::{DateTime, Utc};
use shared::hot_reads::{HotPolicy, ReadCache, SoldOutFlags};
use std::cell::RefCell;
use worker::Request;

/// The header a sale bucket's sold-out refusal carries: ms since the epoch.
pub const SOLD_OUT_HEADER: &str = "x-sold-out-until";

thread_local! {
    static READS: RefCell<ReadCache> = RefCell::new(ReadCache::new(HotPolicy::standard()));
    static SOLD_OUT: RefCell<SoldOutFlags> = RefCell::new(SoldOutFlags::new(HotPolicy::standard()));
}

/// Something may have changed: every kept read and sold-out flag of this isolate is stale.
pub fn changed() {
    READS.with(|r| r.borrow_mut().changed());
    SOLD_OUT.with(|s| s.borrow_mut().forget_all());
}

/// Serves the kept answer for this request's path and query, or builds it (JSON text), keeps
/// it and serves it. A failure is answered as usual and never kept.
pub async fn kept(ctx: &Ctx, req: &Request, build: impl Future<Output = Result<String, Failure>>) -> Reply {
    let url = req.url()?;
    let key = format!("{}?{}", url.path(), url.query().unwrap_or_default());
    if let Some(body) = READS.with(|r| r.borrow().read(&key, ctx.now).map(str::to_owned)) {
        return json_text(200, body);
    }
    let generation = READS.with(|r| r.borrow().generation());
    let body = build.await?;
    READS.with(|r| r.borrow_mut().keep(key, generation, ctx.now, body.clone()));
    json_text(200, body)
}

/// A bucket (`object`, the sale object's name) said it is sold out until `until_ms`.
pub fn note_sold_out(object: &str, until_ms: i64, now: DateTime<Utc>) {
    SOLD_OUT.with(|s| s.borrow_mut().note(object, until_ms, now));
}

/// Whether bucket `object` is known to be sold out at `now`.
pub fn sold_out(object: &str, now: DateTime<Utc>) -> bool {
    SOLD_OUT.with(|s| s.borrow().is_sold_out(object, now))
}

/// The kept answer under `key` (a catalog read's versioned key), if fresh at `now`.
pub fn remembered(key: &str, now: DateTime<Utc>) -> Option<String> {
    READS.with(|r| r.borrow().read(key, now).map(str::to_owned))
}

/// This isolate's write generation (read it before building an answer).
pub fn generation() -> u64 {
    READS.with(|r| r.borrow().generation())
}

/// Keeps `body` under `key`, counted from `at`, as of `generation`.
pub fn remember(key: String, generation: u64, at: DateTime<Utc>, body: String) {
    READS.with(|r| r.borrow_mut().keep(key, generation, at, body));
}
