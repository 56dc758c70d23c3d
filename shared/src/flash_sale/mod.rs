//! Flash sales (秒杀): a window, a tiny price, a quantity carved from a store's stock pool, a
//! per-member limit, and the ledger of one bucket of the sale's units.
//!
//! A hot sale splits its quantity over `k` buckets (one Durable Object each) so one item is not
//! capped by one object's throughput. A member always buys from the same bucket
//! ([`home_bucket`]), so the per-member limit is decided in one place. A bucket that runs dry
//! pulls units from its siblings ([`SaleBucket::give`] / [`SaleBucket::receive`]), so the sale
//! is sold out only when every bucket is.
//!
//! Bucket invariant: `allocated = available + locked + sold`, and for every member
//! `locked + sold ≤ per_member_limit`.

use crate::Fen;
use crate::ids::{MemberId, SaleId, Sku, StoreId};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A sale's status at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaleStatus {
    /// Before the window.
    Upcoming,
    /// In the window with units left.
    Live,
    /// In the window, nothing left to lock.
    SoldOut,
    /// After the window.
    Ended,
    /// Called off by the store before its end: no new orders (see [`SaleCancel`]).
    Cancelled,
}

/// What a manager asks for (raw, as it arrives).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRequest {
    /// The product.
    pub sku: String,
    /// The store whose pool supplies the units.
    pub store_id: String,
    /// Sale price, fen.
    pub price_fen: i64,
    /// Units for sale.
    pub quantity: i64,
    /// Units one member may buy.
    pub per_member_limit: i64,
    /// Window start.
    pub starts_at: DateTime<Utc>,
    /// Window end.
    pub ends_at: DateTime<Utc>,
    /// Shown to customers (defaults to the product name).
    #[serde(default)]
    pub title: Option<String>,
    /// Buckets to split the quantity over (default 1).
    #[serde(default)]
    pub buckets: Option<i64>,
    /// Minutes an unpaid order holds its units (default 10).
    #[serde(default)]
    pub lock_minutes: Option<i64>,
}

/// A validated flash sale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashSale {
    id: SaleId,
    sku: Sku,
    store_id: StoreId,
    title: String,
    price: Fen,
    original_price: Fen,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    quantity: u32,
    per_member_limit: u32,
    buckets: u32,
    lock_minutes: u32,
}

/// Why a sale definition was refused (each names the field for a 422).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaleError {
    /// A field breaks a rule.
    #[error("{field}: {problem}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        problem: &'static str,
    },
}

fn invalid(field: &'static str, problem: &'static str) -> SaleError {
    SaleError::Invalid { field, problem }
}

/// The longest a sale may run.
pub fn max_duration() -> Duration {
    Duration::days(14)
}

impl FlashSale {
    /// Validates a request against the product's shelf price and `now`.
    pub fn parse(
        id: SaleId,
        req: &SaleRequest,
        product_name: &str,
        original_price: Fen,
        now: DateTime<Utc>,
    ) -> Result<FlashSale, SaleError> {
        let sku = Sku::parse(&req.sku).map_err(|_| invalid("sku", "is not a valid sku"))?;
        let store_id = StoreId::parse(&req.store_id).map_err(|_| invalid("store_id", "is not a valid store id"))?;
        if req.price_fen < 1 {
            return Err(invalid("price_fen", "must be at least 1 fen"));
        }
        let price = Fen::parse(req.price_fen).map_err(|_| invalid("price_fen", "is too large"))?;
        if price > original_price {
            return Err(invalid("price_fen", "must not exceed the shelf price"));
        }
        if !(1..=10_000).contains(&req.quantity) {
            return Err(invalid("quantity", "must be 1 to 10000"));
        }
        if !(1..=req.quantity.min(99)).contains(&req.per_member_limit) {
            return Err(invalid("per_member_limit", "must be 1 to the quantity (at most 99)"));
        }
        if req.ends_at <= req.starts_at {
            return Err(invalid("ends_at", "must be after starts_at"));
        }
        if req.ends_at <= now {
            return Err(invalid("ends_at", "must be in the future"));
        }
        if req.ends_at - req.starts_at > max_duration() {
            return Err(invalid("ends_at", "a sale may run at most 14 days"));
        }
        let buckets = req.buckets.unwrap_or(1);
        if !(1..=16).contains(&buckets) || buckets > req.quantity {
            return Err(invalid("buckets", "must be 1 to 16 and at most the quantity"));
        }
        let lock_minutes = req.lock_minutes.unwrap_or(10);
        if !(1..=60).contains(&lock_minutes) {
            return Err(invalid("lock_minutes", "must be 1 to 60"));
        }
        let title = req.title.as_deref().map(str::trim).filter(|t| !t.is_empty()).unwrap_or(product_name);
        if title.chars().count() > 60 {
            return Err(invalid("title", "must be at most 60 characters"));
        }
        Ok(FlashSale {
            id,
            sku,
            store_id,
            title: title.to_owned(),
            price,
            original_price,
            starts_at: req.starts_at,
            ends_at: req.ends_at,
            quantity: req.quantity as u32,
            per_member_limit: req.per_member_limit as u32,
            buckets: buckets as u32,
            lock_minutes: lock_minutes as u32,
        })
    }

    /// The sale's id.
    pub fn id(&self) -> &SaleId {
        &self.id
    }
    /// The product.
    pub fn sku(&self) -> &Sku {
        &self.sku
    }
    /// The store.
    pub fn store_id(&self) -> &StoreId {
        &self.store_id
    }
    /// Title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// Sale price.
    pub fn price(&self) -> Fen {
        self.price
    }
    /// Shelf price.
    pub fn original_price(&self) -> Fen {
        self.original_price
    }
    /// Window start.
    pub fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }
    /// Window end.
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.ends_at
    }
    /// Units for sale.
    pub fn quantity(&self) -> u32 {
        self.quantity
    }
    /// Units per member.
    pub fn per_member_limit(&self) -> u32 {
        self.per_member_limit
    }

    /// The per-member limit for a member of `tier` (the tier's extra units on top of the
    /// sale's own limit). The tier comes from the member's record, never from a request.
    pub fn limit_for(&self, tier: crate::tier::Tier) -> u32 {
        crate::tier_benefits::benefits(tier).flash_sale_limit(self.per_member_limit)
    }

    /// The highest per-member limit any tier has here (what a bucket's audit checks against).
    pub fn highest_limit(&self) -> u32 {
        crate::tier::Tier::ALL.iter().map(|t| self.limit_for(*t)).max().unwrap_or(self.per_member_limit)
    }
    /// Buckets.
    pub fn buckets(&self) -> u32 {
        self.buckets
    }
    /// How long an unpaid order holds units.
    pub fn lock_ttl(&self) -> Duration {
        Duration::minutes(self.lock_minutes as i64)
    }

    /// Whether orders may lock units at `now`.
    pub fn is_live_at(&self, now: DateTime<Utc>) -> bool {
        in_window(self.starts_at, self.ends_at, now)
    }

    /// When a bucket closes: the end plus one lock lifetime, when every lock has resolved and
    /// its unsold units go back to the store's pool.
    pub fn closes_at(&self) -> DateTime<Utc> {
        self.ends_at + self.lock_ttl()
    }

    /// A bucket's next alarm before the close: its earliest lock expiry (`next_expiry`), or the
    /// close if that comes first or nothing is held.
    pub fn next_alarm(&self, next_expiry: Option<DateTime<Utc>>) -> DateTime<Utc> {
        let close = self.closes_at();
        next_expiry.map_or(close, |t| t.min(close))
    }

    /// The stock reference under which bucket `index` hands its unsold units back at the
    /// close (one per bucket, so a repeated close returns them once).
    pub fn close_reference(&self, index: u32) -> String {
        format!("close:{}:{}", self.id, index)
    }

    /// The status at `now` given the units still available across buckets.
    pub fn status(&self, now: DateTime<Utc>, available: u32) -> SaleStatus {
        if now < self.starts_at {
            SaleStatus::Upcoming
        } else if now >= self.ends_at {
            SaleStatus::Ended
        } else if available == 0 {
            SaleStatus::SoldOut
        } else {
            SaleStatus::Live
        }
    }

    /// Units each bucket starts with: the quantity split as evenly as possible.
    pub fn initial_allocation(&self, bucket: u32) -> u32 {
        let base = self.quantity / self.buckets;
        base + u32::from(bucket < self.quantity % self.buckets)
    }
}

/// The bucket a member always buys from.
pub fn home_bucket(member: &MemberId, buckets: u32) -> u32 {
    let h = Sha256::digest(member.as_str().as_bytes());
    u32::from_be_bytes([h[0], h[1], h[2], h[3]]) % buckets.max(1)
}

/// Whether `now` falls in the window `[starts_at, ends_at)`.
fn in_window(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    starts_at <= now && now < ends_at
}

mod bucket;
mod cancel;
mod edit;
mod listing;
mod live;
mod tally;

pub use bucket::*;
pub use cancel::{CancelError, PoolReturn, SaleCancel, check_cancel};
pub use edit::{BucketAmend, BucketStarted, EDIT_CUTOFF_MINUTES, EditError, definition_cache_ttl};
pub use listing::{CorruptSale, SaleRow, SaleTotals};
pub use live::{LiveFeed, LiveFigure, Push};
pub use tally::LiveTally;

#[cfg(test)]
mod tests;
