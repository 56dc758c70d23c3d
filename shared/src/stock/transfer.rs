//! Units leaving a store's pool for another store (调货): they leave `on_hand` at once, from
//! what is available, and count as in transit until the other store receives them (which is
//! a plain [`StockPool::receive`] there). A member's order of units another store has travels
//! the same way, but its units stay the order's: paid units leave the sending store
//! ([`StockPool::send_out_for`]) and arrive waiting for pickup ([`StockPool::receive_for`]).

use super::{Change, PickupError, StockPool, TakeError};
use crate::ids::OrderId;
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

    /// Sends a paid order's units to the store where it is collected: they leave `on_hand`
    /// and stop waiting here. (A repeat is the caller's, once per transfer reference.)
    pub fn send_out_for(&mut self, order: &OrderId) -> Result<Change, PickupError> {
        self.pick_up(order)
    }

    /// A paid order's units arrive from another store: on hand, waiting for its pickup.
    pub fn receive_for(&mut self, order: &OrderId, qty: Qty) -> Change {
        self.on_hand = self.on_hand.saturating_add(qty.get());
        *self.awaiting_pickup.entry(order.clone()).or_default() += qty.get();
        Change::Changed
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

    #[test]
    fn an_orders_units_travel_waiting_for_it() {
        let now = Utc.timestamp_opt(1_800_000_000, 0).single().expect("valid");
        let order = crate::ids::OrderId::parse("O1").expect("id");
        let (mut from, mut to) = (StockPool::new(), StockPool::new());
        from.receive(Qty::parse(3).expect("qty"));
        assert_eq!(from.send_out_for(&order), Err(PickupError::NotAwaiting), "only paid units travel");
        from.lock(&order, Qty::parse(2).expect("qty"), now, chrono::Duration::minutes(10)).expect("locked");
        from.confirm(&order, now).expect("paid");
        assert_eq!(from.send_out_for(&order), Ok(Change::Changed));
        let f = from.figures(now);
        assert_eq!((f.on_hand, f.awaiting_pickup, f.available), (1, 0, 1));
        to.receive_for(&order, Qty::parse(2).expect("qty"));
        let f = to.figures(now);
        assert_eq!((f.on_hand, f.awaiting_pickup, f.available), (2, 2, 0), "nobody else can buy them");
        assert_eq!(to.pick_up(&order), Ok(Change::Changed));
        assert!(from.is_consistent() && to.is_consistent());
    }
}
