//! What the member object decides about a coupon in the wallet it keeps (lock, redeem, release,
//! take back): the object loads the coupon, asks here, and saves what comes back when it
//! changed, with no wait in between.

use super::{Coupon, CouponStatus};
use crate::ids::OrderId;
use crate::protocol::member::Reclaimed;
use crate::{ApiError, ErrorCode};
use chrono::{DateTime, Utc};

/// Puts the wallet's coupon `found` (`None`: not in the wallet) on `order` until `until`: the
/// coupon and whether it changed (to be saved), or the API's refusal (409
/// `COUPON_NOT_APPLICABLE`).
pub fn lock(
    found: Option<Coupon>,
    order: &OrderId,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(Coupon, bool), ApiError> {
    let Some(mut coupon) = found else {
        return Err(ApiError::new(ErrorCode::CouponNotApplicable, "this coupon is not in your wallet"));
    };
    match coupon.lock(order, until, now) {
        Ok(changed) => Ok((coupon, changed)),
        Err(e) => Err(ApiError::new(ErrorCode::CouponNotApplicable, format!("this coupon cannot be used: {e}"))),
    }
}

/// Redeems the wallet's coupon `found` for the paid `order`: the coupon and whether it changed
/// (to be saved), or the API's refusal (404 `NOT_FOUND` when it is not in the wallet, 409
/// `COUPON_NOT_APPLICABLE` when `order` does not hold it).
pub fn redeem(found: Option<Coupon>, order: &OrderId) -> Result<(Coupon, bool), ApiError> {
    let Some(mut coupon) = found else { return Err(ApiError::not_found("this coupon is not in the wallet")) };
    match coupon.redeem(order) {
        Ok(changed) => Ok((coupon, changed)),
        Err(e) => Err(ApiError::new(ErrorCode::CouponNotApplicable, e.to_string())),
    }
}

/// Gives the wallet's coupon `found` back from `order` if that order held or used it: the coupon
/// as it now is (the answer) and whether it changed (to be saved).
pub fn release(found: Option<Coupon>, order: &OrderId) -> (Option<Coupon>, bool) {
    match found {
        Some(mut coupon) => {
            let changed = coupon.release(order);
            (Some(coupon), changed)
        }
        None => (None, false),
    }
}

/// Takes a gift coupon back at `now`: `done` when an earlier call already removed it, `found` the
/// wallet's coupon. Answers what it came to and whether the coupon leaves the wallet now (to be
/// deleted and the removal recorded). A coupon on a pending order or used stays: its value is
/// owed instead.
pub fn reclaim(done: bool, found: Option<&Coupon>, now: DateTime<Utc>) -> (Reclaimed, bool) {
    match (done, found) {
        (true, _) => (Reclaimed::Removed, false),
        (false, None) => (Reclaimed::Absent, false),
        (false, Some(c)) => match c.status(now) {
            CouponStatus::Locked | CouponStatus::Redeemed => (Reclaimed::Used, false),
            CouponStatus::Available | CouponStatus::Expired => (Reclaimed::Removed, true),
        },
    }
}
