//! What buyers press during a sale, answered from this isolate's memory where that is safe.
//!
//! **Reads.** The anonymous sale list, one sale, the product list and one product are kept as
//! their JSON text under the request's path and query, with the isolate's write generation
//! (the version): any write this isolate lets through that may have changed something (an
//! answer other than 4xx to a non-GET) bumps the generation, so the next read rebuilds. An
//! entry is also never older than [`FRESH_MS`] in request time, which bounds what a write in
//! another isolate, or an object's alarm (a lock lapsing), leaves unseen here.
//!
//! **Sold out.** A sale's bucket that refuses a lock as sold out says until when no unit can
//! come back to it (`x-sold-out-until`: never past its own or a sibling's earliest lock lapse,
//! nor [`SOLD_OUT_MS`] ahead); this isolate keeps that, so the rush of refusals after a
//! sell-out is answered here, without a storage write and without waiting on the object. A
//! cancel through this isolate forgets it at once; the flag can only send an order to the
//! object early, never refuse one after units came back to the bucket.

use crate::ctx::Ctx;
use crate::http::{Failure, Reply, json_text};
use chrono::{DateTime, Utc};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use worker::Request;

/// The longest a kept read is served, in request time (ms).
pub const FRESH_MS: i64 = 1_000;
/// The longest a bucket's "sold out" is believed, from when it said so (ms).
pub const SOLD_OUT_MS: i64 = 1_000;
/// The header a sale bucket's sold-out refusal carries: ms since the epoch.
pub const SOLD_OUT_HEADER: &str = "x-sold-out-until";
/// Entries kept at most (a query string per filter; a full table is simply emptied).
const MAX_ENTRIES: usize = 512;

struct Kept {
    generation: u64,
    at: DateTime<Utc>,
    body: String,
}

thread_local! {
    static GENERATION: Cell<u64> = const { Cell::new(0) };
    static READS: RefCell<HashMap<String, Kept>> = RefCell::new(HashMap::new());
    static SOLD_OUT: RefCell<HashMap<String, i64>> = RefCell::new(HashMap::new());
}

/// Something may have changed: every kept read and sold-out flag of this isolate is stale.
pub fn changed() {
    GENERATION.with(|g| g.set(g.get().wrapping_add(1)));
    SOLD_OUT.with(|s| s.borrow_mut().clear());
}

fn fresh(at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    // A stated time before the entry (a test's clock) is not fresh either.
    now >= at && (now - at).num_milliseconds() < FRESH_MS
}

/// The kept answer for `key`, if it is of this generation and fresh at `now`.
pub fn read(key: &str, now: DateTime<Utc>) -> Option<String> {
    let generation = GENERATION.with(Cell::get);
    READS.with(|r| {
        r.borrow().get(key).filter(|k| k.generation == generation && fresh(k.at, now)).map(|k| k.body.clone())
    })
}

/// Keeps `body` as the answer for `key`, built at `now` under generation `generation` (read
/// before building, so a write during the build leaves it stale).
pub fn keep(key: String, generation: u64, now: DateTime<Utc>, body: String) {
    READS.with(|r| {
        let mut r = r.borrow_mut();
        if r.len() >= MAX_ENTRIES {
            r.clear();
        }
        r.insert(key, Kept { generation, at: now, body });
    });
}

/// The current write generation.
pub fn generation() -> u64 {
    GENERATION.with(Cell::get)
}

/// Serves the kept answer for this request's path and query, or builds it (JSON text), keeps
/// it and serves it. A failure is answered as usual and never kept.
pub async fn kept(ctx: &Ctx, req: &Request, build: impl Future<Output = Result<String, Failure>>) -> Reply {
    let url = req.url()?;
    let key = format!("{}?{}", url.path(), url.query().unwrap_or_default());
    if let Some(body) = read(&key, ctx.now) {
        return json_text(200, body);
    }
    let generation = generation();
    let body = build.await?;
    keep(key, generation, ctx.now, body.clone());
    json_text(200, body)
}

/// A bucket (`object`, the sale object's name) said it is sold out until `until_ms`.
pub fn note_sold_out(object: &str, until_ms: i64, now: DateTime<Utc>) {
    let until = until_ms.min(now.timestamp_millis() + SOLD_OUT_MS);
    if until > now.timestamp_millis() {
        SOLD_OUT.with(|s| {
            let mut s = s.borrow_mut();
            if s.len() >= MAX_ENTRIES {
                s.clear();
            }
            s.insert(object.to_owned(), until);
        });
    }
}

/// Whether bucket `object` is known to be sold out at `now`.
pub fn sold_out(object: &str, now: DateTime<Utc>) -> bool {
    SOLD_OUT.with(|s| s.borrow().get(object).is_some_and(|until| now.timestamp_millis() < *until))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(ms: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(1_800_000_000_000 + ms).unwrap_or_default()
    }

    #[test]
    fn a_kept_read_is_served_until_a_write_or_its_age() {
        let g = generation();
        keep("/api/x".into(), g, t(0), "[1]".into());
        assert_eq!(read("/api/x", t(500)).as_deref(), Some("[1]"));
        assert_eq!(read("/api/x", t(FRESH_MS)), None, "too old");
        assert_eq!(read("/api/x", t(-1)), None, "a clock before the entry");
        changed();
        assert_eq!(read("/api/x", t(10)), None, "a write in between");
        keep("/api/y".into(), g, t(0), "[2]".into());
        assert_eq!(read("/api/y", t(10)), None, "built before a write: stale at once");
    }

    #[test]
    fn sold_out_is_believed_only_until_the_bucket_said_and_never_past_a_cancel() {
        note_sold_out("S:0", t(300).timestamp_millis(), t(0));
        assert!(sold_out("S:0", t(299)));
        assert!(!sold_out("S:0", t(300)), "a lock may lapse then");
        assert!(!sold_out("S:1", t(10)), "another bucket is asked");
        note_sold_out("S:0", t(60_000).timestamp_millis(), t(0));
        assert!(!sold_out("S:0", t(SOLD_OUT_MS)), "never believed longer than SOLD_OUT_MS");
        note_sold_out("S:0", t(500).timestamp_millis(), t(0));
        changed();
        assert!(!sold_out("S:0", t(1)), "a cancel here forgets it");
        note_sold_out("S:0", t(0).timestamp_millis(), t(0));
        assert!(!sold_out("S:0", t(0)), "an instant already past is not kept");
    }
}
