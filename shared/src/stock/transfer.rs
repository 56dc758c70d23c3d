//! Units leaving a store's pool for another store (调货): they leave `on_hand` at once, from
//! what is available, and count as in transit until the other store receives them (which is
//! a plain [`StockPool::receive`] there).

use super::{Change, StockPool, TakeError};
use crate::stock::Qty;
use chrono::{DateTime, Utc};

impl StockPool {
    /// Sends `qty` available units to another store. (That a repeat takes nothing is the
    /// caller's: the owner applies it once per transfer reference.)
    pub fn send_out(&mut self, qty: Qty, now: DateTime<Utc>) -> Result<Change, TakeError> {
        self.expire(now);
        let available = self.available(now);
        if available < qty.get() {
            return Err(TakeError::InsufficientStock { available });
        }
        self.on_hand -= qty.get();
        Ok(Change::Changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn units_sent_away_leave_only_what_is_available() {
        let now = Utc.timestamp_opt(1_800_000_000, 0).single().expect("valid");
        let mut pool = StockPool::new();
        pool.receive(Qty::parse(5).expect("qty"));
        let order = crate::ids::OrderId::parse("O1").expect("id");
        pool.lock(&order, Qty::parse(2).expect("qty"), now, chrono::Duration::minutes(15)).expect("locked");
        assert_eq!(pool.send_out(Qty::parse(4).expect("qty"), now), Err(TakeError::InsufficientStock { available: 3 }));
        assert_eq!(pool.send_out(Qty::parse(3).expect("qty"), now), Ok(Change::Changed));
        let f = pool.figures(now);
        assert_eq!((f.on_hand, f.locked, f.available), (2, 2, 0));
        assert!(pool.is_consistent());
    }
}
