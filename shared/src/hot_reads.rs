//! What the worker may answer from an isolate's memory during a sale's burst, and for how long.
//!
//! **Reads.** An anonymous list or page is kept as its JSON text under the request's path and
//! query, with the write generation it was built under: any write that may have changed
//! something bumps the generation, so the next read rebuilds. An entry is also never older than
//! the policy's freshness in request time, which bounds what a write elsewhere (another isolate,
//! an object's alarm) leaves unseen.
//!
//! **Sold out.** A sale bucket that refuses a lock as sold out says until when no unit can come
//! back to it; the edge believes that at most the policy's time, so the rush of refusals after a
//! sell-out is answered without asking the object again. Forgetting on any write means the flag
//! can only send an order to the object early, never refuse one after units came back.

use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// How long kept answers are believed, and how many are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HotPolicy {
    fresh_ms: i64,
    sold_out_ms: i64,
    max_entries: usize,
}

impl HotPolicy {
    /// Reads at most 1 s old, a sold-out flag believed at most 1 s, 512 entries per table (a
    /// full table is emptied, not evicted entry by entry).
    pub const fn standard() -> HotPolicy {
        HotPolicy { fresh_ms: 1_000, sold_out_ms: 1_000, max_entries: 512 }
    }
    /// The longest a kept read is served, in request time (ms).
    pub fn fresh_ms(&self) -> i64 {
        self.fresh_ms
    }
    /// The longest a bucket's "sold out" is believed, from when it said so (ms).
    pub fn sold_out_ms(&self) -> i64 {
        self.sold_out_ms
    }
    /// Until when (ms) a bucket's "sold out" said at `now` may be believed: no unit comes back
    /// before its own earliest lock could lapse (`own_expiry`) nor, for a sale of several
    /// buckets, before a sibling could have units again (`siblings_empty_until`, ms), and never
    /// longer than [`HotPolicy::sold_out_ms`].
    pub fn sold_out_until(
        &self,
        own_expiry: Option<DateTime<Utc>>,
        siblings_empty_until: Option<i64>,
        now: DateTime<Utc>,
    ) -> i64 {
        let own = own_expiry.map_or(i64::MAX, |t| t.timestamp_millis());
        let until = siblings_empty_until.map_or(own, |s| own.min(s));
        until.min(now.timestamp_millis() + self.sold_out_ms)
    }
}

struct Kept {
    generation: u64,
    at: DateTime<Utc>,
    body: String,
}

/// Kept answers, each under the write generation it was built in.
pub struct ReadCache {
    policy: HotPolicy,
    generation: u64,
    entries: HashMap<String, Kept>,
}

impl ReadCache {
    /// An empty cache.
    pub fn new(policy: HotPolicy) -> ReadCache {
        ReadCache { policy, generation: 0, entries: HashMap::new() }
    }
    /// Something may have changed: every kept answer is stale.
    pub fn changed(&mut self) {
        self.generation = self.generation.wrapping_add(1);
    }
    /// The current write generation (read it before building an answer).
    pub fn generation(&self) -> u64 {
        self.generation
    }
    /// The kept answer for `key`, if it is of this generation and fresh at `now` (a stated time
    /// before the entry, a test's clock, is not fresh either).
    pub fn read(&self, key: &str, now: DateTime<Utc>) -> Option<&str> {
        let fresh = |at: DateTime<Utc>| now >= at && (now - at).num_milliseconds() < self.policy.fresh_ms;
        self.entries.get(key).filter(|k| k.generation == self.generation && fresh(k.at)).map(|k| k.body.as_str())
    }
    /// Keeps `body` for `key`, built at `now` under `generation` (so a write during the build
    /// leaves it stale).
    pub fn keep(&mut self, key: String, generation: u64, now: DateTime<Utc>, body: String) {
        if self.entries.len() >= self.policy.max_entries {
            self.entries.clear();
        }
        self.entries.insert(key, Kept { generation, at: now, body });
    }
}

/// Sale buckets known to be sold out, each until an instant (ms since the epoch).
pub struct SoldOutFlags {
    policy: HotPolicy,
    until: HashMap<String, i64>,
}

impl SoldOutFlags {
    /// No bucket known to be sold out.
    pub fn new(policy: HotPolicy) -> SoldOutFlags {
        SoldOutFlags { policy, until: HashMap::new() }
    }
    /// Bucket `object` said at `now` it is sold out until `until_ms`: believed until then, and
    /// never longer than the policy allows; an instant already past is not kept.
    pub fn note(&mut self, object: &str, until_ms: i64, now: DateTime<Utc>) {
        let now_ms = now.timestamp_millis();
        let until = until_ms.min(now_ms + self.policy.sold_out_ms);
        if until > now_ms {
            if self.until.len() >= self.policy.max_entries {
                self.until.clear();
            }
            self.until.insert(object.to_owned(), until);
        }
    }
    /// Whether bucket `object` is known to be sold out at `now`.
    pub fn is_sold_out(&self, object: &str, now: DateTime<Utc>) -> bool {
        self.until.get(object).is_some_and(|until| now.timestamp_millis() < *until)
    }
    /// Something may have changed (a cancel): every flag is forgotten.
    pub fn forget_all(&mut self) {
        self.until.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(ms: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(1_800_000_000_000 + ms).unwrap_or_default()
    }

    #[test]
    fn sold_out_is_believed_until_a_unit_could_come_back_and_never_long() {
        let policy = HotPolicy::standard();
        let ms = |at: i64| t(at).timestamp_millis();
        assert_eq!(policy.sold_out_until(None, None, t(0)), ms(1_000), "nothing held: the policy's bound");
        assert_eq!(policy.sold_out_until(Some(t(300)), None, t(0)), ms(300), "its own lock lapses first");
        assert_eq!(policy.sold_out_until(Some(t(300)), Some(ms(200)), t(0)), ms(200), "a sibling may refill first");
        assert_eq!(policy.sold_out_until(None, Some(ms(5_000)), t(100)), ms(1_100));
        assert_eq!(policy.sold_out_until(Some(t(50)), Some(0), t(100)), 0, "siblings known empty until long ago");
    }

    #[test]
    fn a_kept_read_is_served_until_a_write_or_its_age() {
        let policy = HotPolicy::standard();
        let mut cache = ReadCache::new(policy);
        let g = cache.generation();
        cache.keep("/api/x".into(), g, t(0), "[1]".into());
        assert_eq!(cache.read("/api/x", t(500)), Some("[1]"));
        assert_eq!(cache.read("/api/x", t(policy.fresh_ms())), None, "too old");
        assert_eq!(cache.read("/api/x", t(-1)), None, "a clock before the entry");
        cache.changed();
        assert_eq!(cache.read("/api/x", t(10)), None, "a write in between");
        cache.keep("/api/y".into(), g, t(0), "[2]".into());
        assert_eq!(cache.read("/api/y", t(10)), None, "built before a write: stale at once");
    }

    #[test]
    fn a_full_table_starts_over() {
        let mut cache = ReadCache::new(HotPolicy::standard());
        for i in 0..512 {
            cache.keep(format!("/k{i}"), 0, t(0), "[]".into());
        }
        assert_eq!(cache.read("/k0", t(1)), Some("[]"));
        cache.keep("/new".into(), 0, t(0), "[3]".into());
        assert_eq!(cache.read("/k0", t(1)), None);
        assert_eq!(cache.read("/new", t(1)), Some("[3]"));
    }

    #[test]
    fn sold_out_is_believed_only_until_the_bucket_said_and_never_past_a_cancel() {
        let policy = HotPolicy::standard();
        let mut flags = SoldOutFlags::new(policy);
        flags.note("S:0", t(300).timestamp_millis(), t(0));
        assert!(flags.is_sold_out("S:0", t(299)));
        assert!(!flags.is_sold_out("S:0", t(300)), "a lock may lapse then");
        assert!(!flags.is_sold_out("S:1", t(10)), "another bucket is asked");
        flags.note("S:0", t(60_000).timestamp_millis(), t(0));
        assert!(!flags.is_sold_out("S:0", t(policy.sold_out_ms())), "never believed longer than the policy");
        flags.note("S:0", t(500).timestamp_millis(), t(0));
        flags.forget_all();
        assert!(!flags.is_sold_out("S:0", t(1)), "a cancel forgets it");
        flags.note("S:0", t(0).timestamp_millis(), t(0));
        assert!(!flags.is_sold_out("S:0", t(0)), "an instant already past is not kept");
    }
}
