//! The business constants of orders, named in one place: how long an order holds its units,
//! how much longer its coupon stays locked, what a line costs, and when an abandoned payment
//! is given up. The worker reads them from here; it holds no order rule of its own.

use crate::Fen;
use chrono::{DateTime, Duration, Utc};

/// The rules an order is placed and paid under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderPolicy {
    lock: Duration,
    coupon_grace: Duration,
    longest_lock: Duration,
    abandon_payment_after: Duration,
}

/// Why a policy cannot be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A duration is zero or negative.
    #[error("{0} must be positive")]
    NotPositive(&'static str),
    /// The default lock is longer than the longest lock an object accepts.
    #[error("the default lock exceeds the longest lock")]
    LockTooLong,
    /// A stored-value payment would be given up while its order could still be paid.
    #[error("a payment may only be abandoned after its order's lock and coupon grace")]
    AbandonTooSoon,
}

impl OrderPolicy {
    /// The shop's policy: a 10-minute lock, a 2-minute coupon grace, locks of at most a day,
    /// stored-value payments given up 15 minutes after they were made.
    pub fn standard() -> OrderPolicy {
        OrderPolicy {
            lock: Duration::minutes(10),
            coupon_grace: Duration::minutes(2),
            longest_lock: Duration::hours(24),
            abandon_payment_after: Duration::minutes(15),
        }
    }

    /// A policy with other durations, checked for consistency.
    pub fn new(
        lock: Duration,
        coupon_grace: Duration,
        longest_lock: Duration,
        abandon_payment_after: Duration,
    ) -> Result<OrderPolicy, PolicyError> {
        for (name, d) in [
            ("lock", lock),
            ("coupon_grace", coupon_grace),
            ("longest_lock", longest_lock),
            ("abandon_payment_after", abandon_payment_after),
        ] {
            if d <= Duration::zero() {
                return Err(PolicyError::NotPositive(name));
            }
        }
        if lock > longest_lock {
            return Err(PolicyError::LockTooLong);
        }
        if abandon_payment_after < lock + coupon_grace {
            return Err(PolicyError::AbandonTooSoon);
        }
        Ok(OrderPolicy { lock, coupon_grace, longest_lock, abandon_payment_after })
    }

    /// How long an ordinary (non flash-sale) line holds its units.
    pub fn lock(&self) -> Duration {
        self.lock
    }

    /// How long a line holds: its flash sale's own lock, or the ordinary one.
    pub fn line_lock(&self, sale_lock: Option<Duration>) -> Duration {
        sale_lock.unwrap_or(self.lock)
    }

    /// A flash sale's own lock, which its manager sets in whole minutes.
    pub fn sale_lock(&self, lock_minutes: u32) -> Duration {
        Duration::minutes(i64::from(lock_minutes))
    }

    /// The order lapses at its shortest line: every line holds that long, so the order lapses
    /// as one. An order without lines holds for the ordinary lock.
    pub fn order_lock(&self, line_locks: impl IntoIterator<Item = Duration>) -> Duration {
        line_locks.into_iter().min().unwrap_or(self.lock)
    }

    /// A coupon lock outlives its order's stock lock by this much, so the order can still be
    /// completed at the last moment; after it, a lock left by an order never recorded frees
    /// itself.
    pub fn coupon_grace(&self) -> Duration {
        self.coupon_grace
    }

    /// Until when an order's coupon is locked, given when its units lapse.
    pub fn coupon_until(&self, lock_expires_at: DateTime<Utc>) -> DateTime<Utc> {
        lock_expires_at + self.coupon_grace
    }

    /// A requested lock brought within what a stock pool accepts (a second to the longest).
    pub fn bounded_lock(&self, requested: Duration) -> Duration {
        requested.clamp(Duration::seconds(1), self.longest_lock)
    }

    /// A stored-value payment still pending this long after it was made was never debited:
    /// its order's lock has lapsed, so no payment of it can start any more.
    pub fn abandon_payment_after(&self) -> Duration {
        self.abandon_payment_after
    }

    /// What one unit of a line costs: the flash sale's price when bought under one, else the
    /// shelf price.
    pub fn unit_price(&self, shelf: Fen, sale: Option<Fen>) -> Fen {
        sale.unwrap_or(shelf)
    }
}

impl Default for OrderPolicy {
    fn default() -> Self {
        OrderPolicy::standard()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_policy_is_ten_minutes_with_two_of_grace() {
        let p = OrderPolicy::standard();
        assert_eq!(p.lock(), Duration::minutes(10));
        assert_eq!(p.coupon_grace(), Duration::minutes(2));
        assert_eq!(p.abandon_payment_after(), Duration::minutes(15));
        assert_eq!(OrderPolicy::new(p.lock, p.coupon_grace, p.longest_lock, p.abandon_payment_after), Ok(p));
    }

    #[test]
    fn an_order_lapses_at_its_shortest_line() {
        let p = OrderPolicy::standard();
        let lines =
            [p.line_lock(None), p.line_lock(Some(Duration::minutes(3))), p.line_lock(Some(Duration::minutes(5)))];
        assert_eq!(p.order_lock(lines), Duration::minutes(3));
        assert_eq!(p.order_lock([]), Duration::minutes(10));
    }

    #[test]
    fn a_sale_line_holds_for_its_sales_minutes() {
        let p = OrderPolicy::standard();
        assert_eq!(p.line_lock(Some(p.sale_lock(3))), Duration::minutes(3));
    }

    #[test]
    fn sale_price_wins_over_shelf_price() {
        let p = OrderPolicy::standard();
        assert_eq!(p.unit_price(Fen::new(500), Some(Fen::new(300))), Fen::new(300));
        assert_eq!(p.unit_price(Fen::new(500), None), Fen::new(500));
    }

    #[test]
    fn locks_are_bounded_and_policies_checked() {
        let p = OrderPolicy::standard();
        assert_eq!(p.bounded_lock(Duration::zero()), Duration::seconds(1));
        assert_eq!(p.bounded_lock(Duration::days(3)), Duration::hours(24));
        let m = Duration::minutes;
        assert_eq!(OrderPolicy::new(m(0), m(2), m(60), m(15)), Err(PolicyError::NotPositive("lock")));
        assert_eq!(OrderPolicy::new(m(90), m(2), m(60), m(150)), Err(PolicyError::LockTooLong));
        assert_eq!(OrderPolicy::new(m(10), m(2), m(60), m(11)), Err(PolicyError::AbandonTooSoon));
    }
}
