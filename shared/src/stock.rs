//! The stock ledger of one SKU in one store: one pool shared by the app and the counter.
//!
//! ```text
//! on_hand = available + locked + awaiting_pickup + reserved
//! ```
//! * `on_hand`: units physically in the store.
//! * `locked`: held by pending orders until their lock expires, is confirmed or released.
//! * `awaiting_pickup`: paid for, waiting at the counter for the customer.
//! * `reserved`: set aside for flash sales (each sale sells its reserve on its own).
//! * `available`: what can still be sold; never below zero (the other terms never exceed
//!   `on_hand`, which every operation checks before it changes anything).
//!
//! Units leave `on_hand` only when they physically leave: a pickup, an in-store sale, a
//! flash-sale unit collected at the counter, or a transfer to another store.

use crate::ids::{OrderId, SaleId};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A number of units on one order line or one stock movement: 1 to 999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct Qty(u32);

/// Why a quantity was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("qty must be between 1 and {}", Qty::MAX)]
pub struct QtyError;

impl Qty {
    /// The most units one line or movement may carry.
    pub const MAX: u32 = 999;
    /// Accepts 1..=999.
    pub fn parse(n: i64) -> Result<Qty, QtyError> {
        if (1..=Self::MAX as i64).contains(&n) { Ok(Qty(n as u32)) } else { Err(QtyError) }
    }
    /// The number of units.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<i64> for Qty {
    type Error = QtyError;
    fn try_from(n: i64) -> Result<Qty, QtyError> {
        Qty::parse(n)
    }
}

impl From<Qty> for u32 {
    fn from(q: Qty) -> u32 {
        q.0
    }
}

/// Units held for a pending order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    /// Units held.
    pub qty: u32,
    /// When the hold lapses if the order is not paid.
    pub expires_at: DateTime<Utc>,
}

/// The stock figures staff see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockFigures {
    /// Units physically in the store.
    pub on_hand: u32,
    /// Units held by pending orders.
    pub locked: u32,
    /// Units paid for and waiting to be collected.
    pub awaiting_pickup: u32,
    /// Units set aside for flash sales.
    pub reserved: u32,
    /// Units free to sell.
    pub available: u32,
}

/// Why a lock was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LockError {
    /// Nothing is available.
    #[error("sold out")]
    SoldOut,
    /// Fewer units are available than asked for.
    #[error("only {available} left")]
    InsufficientStock {
        /// Units that are available.
        available: u32,
    },
    /// The order already holds a lock of another size here (a retry with a different body).
    #[error("this order already holds {held} units here")]
    Mismatch {
        /// Units the existing lock holds.
        held: u32,
    },
}

/// Why confirming a lock (on payment) failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfirmError {
    /// The lock lapsed (or never existed) before payment.
    #[error("the stock lock expired before payment")]
    LockExpired,
}

/// Why an order's hold was not released on cancelling it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReleaseError {
    /// The order is paid: its units stay (a refund is a separate, later flow).
    #[error("the order is already paid")]
    AlreadyPaid,
}

/// Why a pickup could not be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PickupError {
    /// No paid units of this order wait here.
    #[error("no paid units of this order are waiting here")]
    NotAwaiting,
}

/// Why units could not be taken from the pool (in-store sale, flash-sale reserve).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TakeError {
    /// Fewer units are available than asked for.
    #[error("only {available} available")]
    InsufficientStock {
        /// Units that are available.
        available: u32,
    },
    /// The flash sale holds fewer reserved units than asked to give back or consume.
    #[error("the flash sale holds only {reserved} reserved units")]
    NotReserved {
        /// Units the sale holds.
        reserved: u32,
    },
}

/// What an operation did, so the caller knows whether anything must be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// State changed: persist it.
    Changed,
    /// Nothing changed (a repeat, or a refusal): no write needed.
    Unchanged,
}

/// The stock ledger of one SKU in one store. See the module docs for the invariant.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockPool {
    on_hand: u32,
    locks: BTreeMap<OrderId, Lock>,
    awaiting_pickup: BTreeMap<OrderId, u32>,
    reserved: BTreeMap<SaleId, u32>,
}

impl StockPool {
    /// An empty pool.
    pub fn new() -> Self {
        Self::default()
    }

    /// The current figures (locks that lapsed before `now` are not counted).
    pub fn figures(&self, now: DateTime<Utc>) -> StockFigures {
        let locked = self.locks.values().filter(|l| l.expires_at > now).map(|l| l.qty).sum();
        let awaiting_pickup = self.awaiting_pickup.values().sum();
        let reserved = self.reserved.values().sum();
        StockFigures {
            on_hand: self.on_hand,
            locked,
            awaiting_pickup,
            reserved,
            available: self.on_hand.saturating_sub(locked + awaiting_pickup + reserved),
        }
    }

    /// Units free to sell at `now`.
    pub fn available(&self, now: DateTime<Utc>) -> u32 {
        self.figures(now).available
    }

    /// When the earliest live lock lapses (for the owner's alarm).
    pub fn next_expiry(&self) -> Option<DateTime<Utc>> {
        self.locks.values().map(|l| l.expires_at).min()
    }

    /// Drops locks that lapsed at or before `now`; returns the orders whose locks lapsed.
    pub fn expire(&mut self, now: DateTime<Utc>) -> Vec<OrderId> {
        let lapsed: Vec<OrderId> =
            self.locks.iter().filter(|(_, l)| l.expires_at <= now).map(|(id, _)| id.clone()).collect();
        for id in &lapsed {
            self.locks.remove(id);
        }
        lapsed
    }

    /// Goods received: `qty` more units on hand. (Idempotency of the delivery is the caller's.)
    pub fn receive(&mut self, qty: Qty) -> Change {
        self.on_hand = self.on_hand.saturating_add(qty.get());
        Change::Changed
    }

    /// Holds `qty` units for `order` until `now + ttl`. Repeating the same lock for the same
    /// order is a no-op (an idempotent retry); a sold-out refusal changes nothing.
    pub fn lock(&mut self, order: &OrderId, qty: Qty, now: DateTime<Utc>, ttl: Duration) -> Result<Change, LockError> {
        let expired = !self.expire(now).is_empty();
        if let Some(held) = self.locks.get(order) {
            return if held.qty == qty.get() {
                Ok(Change::from(expired))
            } else {
                Err(LockError::Mismatch { held: held.qty })
            };
        }
        if self.awaiting_pickup.contains_key(order) {
            return Ok(Change::from(expired));
        }
        let available = self.available(now);
        if available == 0 {
            return Err(LockError::SoldOut);
        }
        if available < qty.get() {
            return Err(LockError::InsufficientStock { available });
        }
        self.locks.insert(order.clone(), Lock { qty: qty.get(), expires_at: now + ttl });
        Ok(Change::Changed)
    }

    /// Payment arrived: the order's units move from locked to awaiting pickup. Confirming an
    /// already confirmed order is a no-op; a lock that lapsed cannot be confirmed.
    pub fn confirm(&mut self, order: &OrderId, now: DateTime<Utc>) -> Result<Change, ConfirmError> {
        if self.awaiting_pickup.contains_key(order) {
            return Ok(Change::Unchanged);
        }
        self.expire(now);
        let lock = self.locks.remove(order).ok_or(ConfirmError::LockExpired)?;
        self.awaiting_pickup.insert(order.clone(), lock.qty);
        Ok(Change::Changed)
    }

    /// The order was cancelled: its lock (if any) is dropped. Idempotent. Paid units are not
    /// touched (a refund of a paid order is a separate, later flow).
    pub fn release(&mut self, order: &OrderId) -> Change {
        Change::from(self.locks.remove(order).is_some())
    }

    /// An unpaid order was cancelled: as [`StockPool::release`], refused once the order's units
    /// are paid for and waiting here.
    pub fn release_unpaid(&mut self, order: &OrderId) -> Result<Change, ReleaseError> {
        if self.is_awaiting(order) {
            return Err(ReleaseError::AlreadyPaid);
        }
        Ok(self.release(order))
    }

    /// A confirmed order is undone before pickup (its payment failed half-way, or it was
    /// refunded): its units are free to sell again. Idempotent.
    pub fn unconfirm(&mut self, order: &OrderId) -> Change {
        Change::from(self.awaiting_pickup.remove(order).is_some())
    }

    /// Whether the order's units are paid for and waiting here.
    pub fn is_awaiting(&self, order: &OrderId) -> bool {
        self.awaiting_pickup.contains_key(order)
    }

    /// The customer collected the order: its units leave the store. Idempotent only through
    /// the caller (a second pickup of the same order finds nothing awaiting).
    pub fn pick_up(&mut self, order: &OrderId) -> Result<Change, PickupError> {
        let qty = self.awaiting_pickup.remove(order).ok_or(PickupError::NotAwaiting)?;
        self.on_hand -= qty; // awaiting units are part of on_hand by the invariant
        Ok(Change::Changed)
    }

    /// A sale at the counter: units leave at once, from what is available.
    pub fn sell_in_store(&mut self, qty: Qty, now: DateTime<Utc>) -> Result<Change, TakeError> {
        self.expire(now);
        let available = self.available(now);
        if available < qty.get() {
            return Err(TakeError::InsufficientStock { available });
        }
        self.on_hand -= qty.get();
        Ok(Change::Changed)
    }

    /// Sets `qty` available units aside for a flash sale, once per sale (a repeat is a no-op).
    pub fn reserve(&mut self, sale: &SaleId, qty: Qty, now: DateTime<Utc>) -> Result<Change, TakeError> {
        if self.reserved.contains_key(sale) {
            return Ok(Change::Unchanged);
        }
        self.expire(now);
        let available = self.available(now);
        if available < qty.get() {
            return Err(TakeError::InsufficientStock { available });
        }
        *self.reserved.entry(sale.clone()).or_default() += qty.get();
        Ok(Change::Changed)
    }

    /// A flash sale gives back `qty` units it did not sell.
    pub fn unreserve(&mut self, sale: &SaleId, qty: u32) -> Result<Change, TakeError> {
        self.take_reserved(sale, qty)?;
        Ok(Change::Changed)
    }

    /// A flash-sale unit was collected at the counter: it leaves the sale's reserve and the store.
    pub fn consume_reserved(&mut self, sale: &SaleId, qty: u32) -> Result<Change, TakeError> {
        self.take_reserved(sale, qty)?;
        self.on_hand -= qty; // reserved units are part of on_hand by the invariant
        Ok(Change::Changed)
    }

    /// Units reserved for one flash sale.
    pub fn reserved_for(&self, sale: &SaleId) -> u32 {
        self.reserved.get(sale).copied().unwrap_or(0)
    }

    fn take_reserved(&mut self, sale: &SaleId, qty: u32) -> Result<(), TakeError> {
        let reserved = self.reserved_for(sale);
        if reserved < qty {
            return Err(TakeError::NotReserved { reserved });
        }
        if reserved == qty {
            self.reserved.remove(sale);
        } else {
            self.reserved.insert(sale.clone(), reserved - qty);
        }
        Ok(())
    }

    /// Whether the invariant holds (used by tests and by the owner's self-check).
    pub fn is_consistent(&self) -> bool {
        let held: u64 = self.locks.values().map(|l| l.qty as u64).sum::<u64>()
            + self.awaiting_pickup.values().map(|&q| q as u64).sum::<u64>()
            + self.reserved.values().map(|&q| q as u64).sum::<u64>();
        held <= self.on_hand as u64
    }
}

impl From<LockError> for crate::ApiError {
    fn from(e: LockError) -> crate::ApiError {
        use crate::ErrorCode as E;
        let code = match e {
            LockError::SoldOut => E::SoldOut,
            LockError::InsufficientStock { .. } => E::InsufficientStock,
            LockError::Mismatch { .. } => E::Conflict,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

impl From<ConfirmError> for crate::ApiError {
    fn from(e: ConfirmError) -> crate::ApiError {
        crate::ApiError::new(crate::ErrorCode::LockExpired, e.to_string())
    }
}

impl From<PickupError> for crate::ApiError {
    fn from(e: PickupError) -> crate::ApiError {
        crate::ApiError::new(crate::ErrorCode::NotPaid, e.to_string())
    }
}

impl From<ReleaseError> for crate::ApiError {
    fn from(e: ReleaseError) -> crate::ApiError {
        crate::ApiError::new(crate::ErrorCode::AlreadyPaid, e.to_string())
    }
}

impl From<TakeError> for crate::ApiError {
    fn from(e: TakeError) -> crate::ApiError {
        use crate::ErrorCode as E;
        match e {
            // The API names the store: the pool is one store's.
            TakeError::InsufficientStock { available } => {
                crate::ApiError::new(E::InsufficientStock, format!("only {available} available in this store"))
            }
            TakeError::NotReserved { .. } => crate::ApiError::new(E::Conflict, e.to_string()),
        }
    }
}

impl From<bool> for Change {
    fn from(changed: bool) -> Change {
        if changed { Change::Changed } else { Change::Unchanged }
    }
}

mod movement;
mod transfer;

pub use movement::{MovementError, StockMovement};

#[cfg(test)]
mod tests;
