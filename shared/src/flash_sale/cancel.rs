//! Calling a flash sale off: until when it may be cancelled, and how each bucket hands its units
//! back to the store's pool — the free ones at once, the held ones as their locks end (or their
//! orders are cancelled) — in numbered returns. A return is first recorded in the bucket (as a
//! give under the return's transfer id), then sent to the pool under the return's reference,
//! then marked delivered; a crash anywhere in between repeats the same return, which both sides
//! take once, so a unit is never lost and never handed back twice. Paid units stay sold.

use super::{FlashSale, SaleBucket};
use crate::ids::SaleId;
use crate::stock::Change;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Why a sale may not be cancelled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CancelError {
    /// The window closed; what was sold is final and the rest went back with the sale's close.
    #[error("the sale ended at {0}; it can no longer be cancelled")]
    AlreadyEnded(DateTime<Utc>),
}

impl FlashSale {
    /// Whether the sale may be cancelled at `now`: see [`check_cancel`].
    pub fn check_cancel(&self, now: DateTime<Utc>) -> Result<(), CancelError> {
        check_cancel(self.ends_at(), now)
    }
}

/// Whether a sale ending at `ends_at` may be cancelled at `now`: any time before its end
/// (cancelling a cancelled sale again is harmless: the buckets keep their first cancel).
pub fn check_cancel(ends_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), CancelError> {
    if now >= ends_at {
        return Err(CancelError::AlreadyEnded(ends_at));
    }
    Ok(())
}

/// One hand-back of units from a cancelled sale's bucket to the store's pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolReturn {
    /// The give the bucket records it under (giving again under it gives the same units).
    pub transfer: String,
    /// What makes the pool take the units once (the pool's `Unreserve.reference`).
    pub reference: String,
    /// Units handed back.
    pub qty: u32,
}

/// A bucket's record of its sale's cancel: when, and the returns it has delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleCancel {
    cancelled_at: DateTime<Utc>,
    returns: u32,
    returned: u32,
}

impl SaleCancel {
    /// The sale was cancelled at `at`; nothing handed back yet.
    pub fn new(at: DateTime<Utc>) -> SaleCancel {
        SaleCancel { cancelled_at: at, returns: 0, returned: 0 }
    }

    /// When the sale was cancelled.
    pub fn cancelled_at(&self) -> DateTime<Utc> {
        self.cancelled_at
    }

    /// Units this bucket has handed back to the pool since the cancel.
    pub fn units_returned(&self) -> u32 {
        self.returned
    }

    /// The next return: every unit of `bucket` neither held nor sold at `now` leaves the sale.
    /// `None` when nothing is free. Until [`SaleCancel::delivered`], asking again gives the same
    /// return (same transfer, reference and units), even if more units came free meanwhile: they
    /// go with the next one.
    pub fn next_return(
        &self,
        bucket: &mut SaleBucket,
        sale: &SaleId,
        index: u32,
        now: DateTime<Utc>,
    ) -> (Option<PoolReturn>, Change) {
        let transfer = format!("cancel:{}", self.returns);
        if !bucket.has_given(&transfer) && bucket.figures(now).available == 0 {
            return (None, Change::Unchanged);
        }
        let (qty, change) = bucket.give(&transfer, u32::MAX, now);
        let reference = format!("cancel:{sale}:{index}:{}", self.returns);
        (Some(PoolReturn { transfer, reference, qty }), change)
    }

    /// The pool took `sent`: the next return gets the next number.
    pub fn delivered(&mut self, sent: &PoolReturn) {
        self.returns += 1;
        self.returned += sent.qty;
    }
}

#[cfg(test)]
mod tests;
