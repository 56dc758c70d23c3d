//! The ledger of one bucket of a flash sale: `allocated = available + locked + sold`, and no
//! member over the limit. Units move between sibling buckets by idempotent transfers.

use crate::ids::{MemberId, OrderId};
use crate::stock::{Change, Qty};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Units held for an unpaid order in a bucket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleLock {
    /// Who.
    pub member: MemberId,
    /// How many.
    pub qty: u32,
    /// Until when.
    pub expires_at: DateTime<Utc>,
}

/// A bucket's figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketFigures {
    /// Units this bucket may sell (its share plus transfers in minus transfers out).
    pub allocated: u32,
    /// Free to lock.
    pub available: u32,
    /// Held by unpaid orders.
    pub locked: u32,
    /// Paid for.
    pub sold: u32,
}

/// Why a bucket refused a lock.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaleLockError {
    /// Nothing available here (the caller may pull units from siblings and retry).
    #[error("sold out")]
    SoldOut,
    /// Fewer units available here than asked for.
    #[error("only {available} left")]
    InsufficientStock {
        /// Units available.
        available: u32,
    },
    /// The member would exceed the per-member limit.
    #[error("the limit is {limit} per member and you already hold {held}")]
    LimitExceeded {
        /// The limit.
        limit: u32,
        /// What the member holds (locked or bought).
        held: u32,
    },
    /// The same order already holds a different quantity here.
    #[error("this order already holds {held} units here")]
    Mismatch {
        /// Units held.
        held: u32,
    },
}

impl From<SaleLockError> for crate::ApiError {
    fn from(e: SaleLockError) -> crate::ApiError {
        use crate::ErrorCode as E;
        let code = match e {
            SaleLockError::SoldOut => E::SoldOut,
            SaleLockError::InsufficientStock { .. } => E::InsufficientStock,
            SaleLockError::LimitExceeded { .. } => E::LimitExceeded,
            SaleLockError::Mismatch { .. } => E::Conflict,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

/// The ledger of one bucket of one flash sale.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleBucket {
    allocated: u32,
    locks: BTreeMap<OrderId, SaleLock>,
    sold: BTreeMap<OrderId, (MemberId, u32)>,
    given: BTreeMap<String, u32>,
    received: BTreeSet<String>,
}

impl SaleBucket {
    /// A bucket with its initial share.
    pub fn new(allocation: u32) -> SaleBucket {
        SaleBucket { allocated: allocation, ..SaleBucket::default() }
    }

    /// Figures at `now` (lapsed locks not counted).
    pub fn figures(&self, now: DateTime<Utc>) -> BucketFigures {
        let locked = self.locks.values().filter(|l| l.expires_at > now).map(|l| l.qty).sum();
        let sold = self.sold.values().map(|(_, q)| q).sum();
        BucketFigures {
            allocated: self.allocated,
            available: self.allocated.saturating_sub(locked + sold),
            locked,
            sold,
        }
    }

    /// When the earliest lock lapses.
    pub fn next_expiry(&self) -> Option<DateTime<Utc>> {
        self.locks.values().map(|l| l.expires_at).min()
    }

    /// Drops lapsed locks; returns their orders.
    pub fn expire(&mut self, now: DateTime<Utc>) -> Vec<OrderId> {
        let lapsed: Vec<OrderId> =
            self.locks.iter().filter(|(_, l)| l.expires_at <= now).map(|(id, _)| id.clone()).collect();
        for id in &lapsed {
            self.locks.remove(id);
        }
        lapsed
    }

    /// Units a member holds here (locked and bought).
    pub fn held_by(&self, member: &MemberId, now: DateTime<Utc>) -> u32 {
        let locked: u32 =
            self.locks.values().filter(|l| &l.member == member && l.expires_at > now).map(|l| l.qty).sum();
        let sold: u32 = self.sold.values().filter(|(m, _)| m == member).map(|(_, q)| q).sum();
        locked + sold
    }

    /// Holds `qty` for `order` of `member` until `now + ttl`, within the member's limit.
    /// Checks the limit before availability, so a member at the limit hears so even when
    /// units remain. Repeating the same lock is a no-op.
    pub fn lock(
        &mut self,
        order: &OrderId,
        member: &MemberId,
        qty: Qty,
        limit: u32,
        now: DateTime<Utc>,
        ttl: Duration,
    ) -> Result<Change, SaleLockError> {
        let expired = !self.expire(now).is_empty();
        if let Some(l) = self.locks.get(order) {
            return if l.qty == qty.get() {
                Ok(Change::from(expired))
            } else {
                Err(SaleLockError::Mismatch { held: l.qty })
            };
        }
        if self.sold.contains_key(order) {
            return Ok(Change::from(expired));
        }
        let held = self.held_by(member, now);
        if held + qty.get() > limit {
            return Err(SaleLockError::LimitExceeded { limit, held });
        }
        let available = self.figures(now).available;
        if available == 0 {
            return Err(SaleLockError::SoldOut);
        }
        if available < qty.get() {
            return Err(SaleLockError::InsufficientStock { available });
        }
        self.locks.insert(order.clone(), SaleLock { member: member.clone(), qty: qty.get(), expires_at: now + ttl });
        Ok(Change::Changed)
    }

    /// Payment arrived: locked units become sold. Idempotent; a lapsed lock cannot be confirmed.
    pub fn confirm(&mut self, order: &OrderId, now: DateTime<Utc>) -> Result<Change, crate::stock::ConfirmError> {
        if self.sold.contains_key(order) {
            return Ok(Change::Unchanged);
        }
        self.expire(now);
        let lock = self.locks.remove(order).ok_or(crate::stock::ConfirmError::LockExpired)?;
        self.sold.insert(order.clone(), (lock.member, lock.qty));
        Ok(Change::Changed)
    }

    /// The order was cancelled: its lock goes. Idempotent.
    pub fn release(&mut self, order: &OrderId) -> Change {
        Change::from(self.locks.remove(order).is_some())
    }

    /// A confirmed order is undone (its payment failed half-way, or it was refunded): its
    /// units are available again. Idempotent.
    pub fn unconfirm(&mut self, order: &OrderId) -> Change {
        Change::from(self.sold.remove(order).is_some())
    }

    /// An unpaid order was cancelled: as [`SaleBucket::release`], refused once the order is
    /// sold here.
    pub fn release_unpaid(&mut self, order: &OrderId) -> Result<Change, crate::stock::ReleaseError> {
        if self.is_sold(order) {
            return Err(crate::stock::ReleaseError::AlreadyPaid);
        }
        Ok(self.release(order))
    }

    /// Whether the order's units are sold here.
    pub fn is_sold(&self, order: &OrderId) -> bool {
        self.sold.contains_key(order)
    }

    /// Gives up to `want` available units to a sibling under `transfer`; repeating a transfer
    /// returns what was given the first time.
    pub fn give(&mut self, transfer: &str, want: u32, now: DateTime<Utc>) -> (u32, Change) {
        if let Some(n) = self.given.get(transfer) {
            return (*n, Change::Unchanged);
        }
        self.expire(now);
        let n = want.min(self.figures(now).available);
        self.given.insert(transfer.to_owned(), n);
        self.allocated -= n; // n ≤ available ≤ allocated
        (n, Change::Changed)
    }

    /// Whether units were already given under `transfer`.
    pub fn has_given(&self, transfer: &str) -> bool {
        self.given.contains_key(transfer)
    }

    /// Takes in units a sibling gave under `transfer`, once.
    pub fn receive(&mut self, transfer: &str, n: u32) -> Change {
        if !self.received.insert(transfer.to_owned()) {
            return Change::Unchanged;
        }
        self.allocated += n;
        Change::Changed
    }

    /// The sale ended: gives back every unit not locked or sold (to return to the store's
    /// pool); a repeat gives 0.
    pub fn close(&mut self, now: DateTime<Utc>) -> u32 {
        self.give("close", u32::MAX, now).0
    }

    /// Whether the invariant holds.
    pub fn is_consistent(&self, limit: u32, now: DateTime<Utc>) -> bool {
        let f = self.figures(now);
        let members: BTreeSet<&MemberId> =
            crate::sorting::collect(self.locks.values().map(|l| &l.member).chain(self.sold.values().map(|(m, _)| m)));
        f.locked + f.sold <= f.allocated && members.iter().all(|m| self.held_by(m, now) <= limit)
    }

    /// Units sold to paid orders, with their orders (for audits).
    pub fn sold_orders(&self) -> impl Iterator<Item = (&OrderId, &MemberId, u32)> {
        self.sold.iter().map(|(o, (m, q))| (o, m, *q))
    }

    /// Units currently locked, with their orders and expiry (for audits).
    pub fn locked_orders(&self) -> impl Iterator<Item = (&OrderId, &SaleLock)> {
        self.locks.iter()
    }
}
