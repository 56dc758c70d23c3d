//! The member object's wallet decisions ([`crate::coupon::wallet`]): lock, redeem, release and
//! take back a gift, each only for what the wallet holds.

use super::super::*;
use super::{coupon, order, t, terms};

#[test]
fn the_wallet_locks_and_redeems_only_what_it_holds() {
    use crate::ErrorCode;
    let c = coupon("C1", terms(CouponKind::Fixed, 0, 100, 0, "all"), 0, 100);
    let missing = wallet::lock(None, &order(1), t(300), t(1)).expect_err("not in the wallet");
    assert_eq!(
        (missing.code(), missing.error.message.as_str()),
        (ErrorCode::CouponNotApplicable, "this coupon is not in your wallet")
    );
    let (locked, changed) = wallet::lock(Some(c.clone()), &order(1), t(300), t(1)).expect("locks");
    assert!(changed);
    assert_eq!(locked.status(t(2)), CouponStatus::Locked);
    assert_eq!(wallet::lock(Some(locked.clone()), &order(1), t(300), t(2)), Ok((locked.clone(), false)), "a repeat");
    let in_use = wallet::lock(Some(locked.clone()), &order(2), t(300), t(2)).expect_err("held by order 1");
    assert_eq!(
        (in_use.code(), in_use.error.message.as_str()),
        (ErrorCode::CouponNotApplicable, "this coupon cannot be used: in use on another order")
    );

    let missing = wallet::redeem(None, &order(1)).expect_err("not in the wallet");
    assert_eq!(
        (missing.code(), missing.error.message.as_str()),
        (ErrorCode::NotFound, "this coupon is not in the wallet")
    );
    let stranger = wallet::redeem(Some(locked.clone()), &order(2)).expect_err("order 2 holds nothing");
    assert_eq!(
        (stranger.code(), stranger.error.message.as_str()),
        (ErrorCode::CouponNotApplicable, "the coupon is not held by this order")
    );
    let (redeemed, changed) = wallet::redeem(Some(locked), &order(1)).expect("redeems");
    assert!(changed);
    assert_eq!(redeemed.status(t(2)), CouponStatus::Redeemed);
    assert_eq!(wallet::redeem(Some(redeemed.clone()), &order(1)), Ok((redeemed, false)), "a repeat");
}

#[test]
fn the_wallet_releases_only_for_the_order_that_held_it() {
    let mut held = coupon("C1", terms(CouponKind::Fixed, 0, 100, 0, "all"), 0, 100);
    held.lock(&order(1), t(300), t(1)).unwrap();
    assert_eq!(wallet::release(None, &order(1)), (None, false));
    assert_eq!(wallet::release(Some(held.clone()), &order(2)), (Some(held.clone()), false));
    let (back, changed) = wallet::release(Some(held), &order(1));
    assert!(changed);
    assert_eq!(back.expect("kept").status(t(2)), CouponStatus::Available);
}

#[test]
fn a_gift_coupon_is_taken_back_only_while_unused() {
    use crate::protocol::member::Reclaimed;
    let unused = coupon("C1", terms(CouponKind::Fixed, 0, 100, 0, "all"), 0, 100);
    let mut locked = unused.clone();
    locked.lock(&order(1), t(300), t(1)).unwrap();
    let mut redeemed = locked.clone();
    redeemed.redeem(&order(1)).unwrap();
    assert_eq!(wallet::reclaim(true, Some(&unused), t(2)), (Reclaimed::Removed, false), "removed before");
    assert_eq!(wallet::reclaim(false, None, t(2)), (Reclaimed::Absent, false));
    assert_eq!(wallet::reclaim(false, Some(&unused), t(2)), (Reclaimed::Removed, true));
    assert_eq!(wallet::reclaim(false, Some(&unused), t(200)), (Reclaimed::Removed, true), "expired");
    assert_eq!(wallet::reclaim(false, Some(&locked), t(2)), (Reclaimed::Used, false));
    assert_eq!(wallet::reclaim(false, Some(&redeemed), t(2)), (Reclaimed::Used, false));
    assert_eq!(wallet::reclaim(false, Some(&locked), t(300)), (Reclaimed::Removed, true), "the lock lapsed");
}
