//! A coupon in a member's wallet and the states it moves through: available → locked (on a
//! pending order, until that order's lock lapses plus a grace) → redeemed (paid), or back to
//! available when the order is cancelled, expires or is refunded.

use super::{NotApplicable, Terms};
use crate::ids::OrderId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A coupon's state as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Held {
    /// In the wallet.
    Available,
    /// On a pending order, until the order's stock lock lapses (plus a grace): a lock left
    /// behind by an order that was never recorded frees itself.
    Locked {
        /// The order.
        order: OrderId,
        /// After this, the lock no longer holds the coupon against other orders.
        until: DateTime<Utc>,
    },
    /// Used by a paid order.
    Redeemed {
        /// The order.
        order: OrderId,
    },
}

/// A coupon's status as the member sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponStatus {
    /// Usable.
    Available,
    /// On a pending order.
    Locked,
    /// Used.
    Redeemed,
    /// Past its validity, unused.
    Expired,
}

/// A coupon in a member's wallet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coupon {
    /// `C…`.
    pub id: String,
    /// The campaign it came from.
    pub campaign_id: String,
    /// Its title.
    pub title: String,
    /// What it promises.
    pub terms: Terms,
    /// First instant it can be used.
    pub valid_from: DateTime<Utc>,
    /// First instant it can no longer be used.
    pub valid_until: DateTime<Utc>,
    /// Its state.
    pub held: Held,
}

/// Why a coupon could not move to a state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CouponError {
    /// It cannot be used now, for this reason.
    #[error("{0}")]
    NotApplicable(NotApplicable),
    /// It is not locked by this order (redeem or release by a stranger).
    #[error("the coupon is not held by this order")]
    NotHeld,
}

impl Coupon {
    /// The status at `now`. A coupon locked or redeemed in time stays so past its validity
    /// (an order placed before expiry may still be paid).
    pub fn status(&self, now: DateTime<Utc>) -> CouponStatus {
        match &self.held {
            Held::Redeemed { .. } => CouponStatus::Redeemed,
            Held::Locked { until, .. } if now < *until => CouponStatus::Locked,
            _ if now >= self.valid_until => CouponStatus::Expired,
            _ => CouponStatus::Available,
        }
    }

    fn locked_by(&self, now: DateTime<Utc>) -> Option<&OrderId> {
        match &self.held {
            Held::Locked { order, until } if now < *until => Some(order),
            _ => None,
        }
    }

    /// Whether it can be used on `order` at `now` (a coupon already locked by the same order
    /// counts as usable for it).
    pub fn usable(&self, order: Option<&OrderId>, now: DateTime<Utc>) -> Result<(), NotApplicable> {
        if let Held::Redeemed { .. } = self.held {
            return Err(NotApplicable::Redeemed);
        }
        let mine = self.locked_by(now).is_some() && self.locked_by(now) == order;
        if self.locked_by(now).is_some() && !mine {
            return Err(NotApplicable::InUse);
        }
        if now < self.valid_from {
            return Err(NotApplicable::NotYetValid);
        }
        if now >= self.valid_until && !mine {
            return Err(NotApplicable::Expired);
        }
        Ok(())
    }

    /// Puts the coupon on a pending order until `until`. Repeating it for the same order is a
    /// no-op.
    pub fn lock(&mut self, order: &OrderId, until: DateTime<Utc>, now: DateTime<Utc>) -> Result<bool, CouponError> {
        self.usable(Some(order), now).map_err(CouponError::NotApplicable)?;
        if self.locked_by(now) == Some(order) {
            return Ok(false);
        }
        self.held = Held::Locked { order: order.clone(), until };
        Ok(true)
    }

    /// The order was paid: the coupon is used, once. Repeating it for the same order is a no-op.
    pub fn redeem(&mut self, order: &OrderId) -> Result<bool, CouponError> {
        match &self.held {
            Held::Redeemed { order: o } if o == order => Ok(false),
            Held::Locked { order: o, .. } if o == order => {
                self.held = Held::Redeemed { order: order.clone() };
                Ok(true)
            }
            _ => Err(CouponError::NotHeld),
        }
    }

    /// The order was cancelled or expired, or its payment was refunded: the coupon goes back
    /// to the wallet if that order held or used it; anything else is left alone.
    pub fn release(&mut self, order: &OrderId) -> bool {
        match &self.held {
            Held::Locked { order: o, .. } | Held::Redeemed { order: o } if o == order => {
                self.held = Held::Available;
                true
            }
            _ => false,
        }
    }
}
