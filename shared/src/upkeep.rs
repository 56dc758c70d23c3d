//! The horizons of the worker's background passes, named in one place: when a scheduled pass
//! steps in for a request that did not finish its work, how far back it looks, and how long
//! rows are kept past their use. The worker reads them from here; the numbers are rules of
//! the shop, not of the runtime.

use chrono::{DateTime, Duration, Utc};

/// When the scheduled passes act, and what they keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpkeepPolicy {
    settle_after: Duration,
    catch_up_within: Duration,
    session_margin: Duration,
    idempotency_kept: Duration,
    sales_listed_after_end: Duration,
    alarm_retry: Duration,
    prune_batch: u32,
    seal_batch: u32,
    deep_check_every: Duration,
}

impl UpkeepPolicy {
    /// The shop's policy: passes leave the last minute's work to the request doing it, rewards
    /// are caught up for a day, expired sessions are kept a day and idempotency keys a week,
    /// a sale is listed for a day after it ends, a failed object alarm tries again in 30 s,
    /// each pass prunes at most 500 rows (and seals 100 legacy card codes), and the deep health
    /// check touches storage at most once per 10 s per isolate.
    pub fn standard() -> UpkeepPolicy {
        UpkeepPolicy {
            settle_after: Duration::minutes(1),
            catch_up_within: Duration::days(1),
            session_margin: Duration::days(1),
            idempotency_kept: Duration::days(7),
            sales_listed_after_end: Duration::days(1),
            alarm_retry: Duration::seconds(30),
            prune_batch: 500,
            seal_batch: 100,
            deep_check_every: Duration::seconds(10),
        }
    }

    /// Work started before this (a return, a payment by balance, a paid order's rewards) is
    /// left unfinished by its request, so a pass finishes it; younger work may still be under
    /// way in the request that started it.
    pub fn settle_before(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.settle_after
    }

    /// Rewards are caught up for orders paid after this; older ones are given up on.
    pub fn catch_up_since(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.catch_up_within
    }

    /// Sessions that expired before this are deleted. A day's margin: an expired token is
    /// refused by its own expiry, the row only backs revocation.
    pub fn sessions_expired_before(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.session_margin
    }

    /// Idempotency keys first seen before this are deleted: far longer than any client retries.
    pub fn idempotency_seen_before(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.idempotency_kept
    }

    /// Sales that ended after this are still listed (so a buyer sees "ended", not nothing).
    pub fn sales_ended_since(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.sales_listed_after_end
    }

    /// How soon an object alarm that failed runs again (units left unreturned otherwise).
    pub fn alarm_retry(&self) -> Duration {
        self.alarm_retry
    }

    /// At most this many rows are pruned per kind per pass, so one pass stays short; a
    /// backlog drains over the next passes.
    pub fn prune_batch(&self) -> u32 {
        self.prune_batch
    }

    /// At most this many legacy plain card codes are sealed per pass.
    pub fn seal_batch(&self) -> u32 {
        self.seal_batch
    }

    /// Whether a deep health check made at `checked_at` still answers for `now` (so storage is
    /// not touched again). A clock that went back (a test's stated time) is not recent.
    pub fn deep_check_is_recent(&self, checked_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now >= checked_at && now - checked_at < self.deep_check_every
    }
}

impl Default for UpkeepPolicy {
    fn default() -> Self {
        UpkeepPolicy::standard()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("time").with_timezone(&Utc)
    }

    #[test]
    fn a_deep_health_check_answers_for_ten_seconds_and_never_for_the_past() {
        let p = UpkeepPolicy::standard();
        let checked = at("2026-11-30T12:00:00Z");
        assert!(p.deep_check_is_recent(checked, checked));
        assert!(p.deep_check_is_recent(checked, at("2026-11-30T12:00:09.999Z")));
        assert!(!p.deep_check_is_recent(checked, at("2026-11-30T12:00:10Z")));
        assert!(!p.deep_check_is_recent(checked, at("2026-11-30T11:59:59Z")), "a clock that went back");
    }

    #[test]
    fn passes_leave_the_last_minute_to_requests_and_look_back_a_day() {
        let p = UpkeepPolicy::standard();
        let now = at("2026-11-30T12:00:00Z");
        assert_eq!(p.settle_before(now), at("2026-11-30T11:59:00Z"));
        assert_eq!(p.catch_up_since(now), at("2026-11-29T12:00:00Z"));
        assert_eq!(p.sales_ended_since(now), at("2026-11-29T12:00:00Z"));
    }

    #[test]
    fn sessions_are_kept_a_day_past_expiry_and_idempotency_keys_a_week() {
        let p = UpkeepPolicy::standard();
        let now = at("2026-11-30T12:00:00Z");
        assert_eq!(p.sessions_expired_before(now), at("2026-11-29T12:00:00Z"));
        assert_eq!(p.idempotency_seen_before(now), at("2026-11-23T12:00:00Z"));
    }

    #[test]
    fn passes_are_bounded_and_a_failed_alarm_retries_within_a_minute() {
        let p = UpkeepPolicy::default();
        assert_eq!((p.prune_batch(), p.seal_batch()), (500, 100));
        assert_eq!(p.alarm_retry(), Duration::seconds(30));
        // A pass finishes work only after the request that started it had its chance.
        assert!(p.settle_before(at("2026-11-30T12:00:00Z")) < at("2026-11-30T12:00:00Z"));
    }
}
