//! The new customer's two gift coupons, as coupons of the existing kinds.

use crate::Fen;
use crate::coupon::{Coupon, CouponKind, Held, Scope, Terms};
use chrono::{DateTime, Duration, Utc};

/// Days a gift coupon stays valid from registration.
pub const GIFT_VALID_DAYS: i64 = 30;

/// One of the two gifts a customer gets for registering through a promoter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCustomerGift {
    campaign_id: &'static str,
    title: &'static str,
    terms: Terms,
}

/// The two gifts: 1000 fen off the first order (any amount, any store) and 500 fen off another
/// order. The coupon types have no "second order only"; the 500-fen gift is an ordinary fixed
/// coupon, and since one coupon goes on an order and the wallet proposes the larger one, a
/// first order takes the 1000 and the 500 is left for the second. (A member who picks the 500
/// for their first order forfeits the first-order 1000: their choice, shown in the wallet.)
pub fn new_customer_gifts() -> [NewCustomerGift; 2] {
    let fixed = |off: u64, first_order_only: bool| Terms {
        kind: CouponKind::Fixed,
        threshold: Fen::ZERO,
        off: Fen::new(off),
        percent: 0,
        scope: Scope::All,
        store: None,
        flash_sale_ok: false,
        first_order_only,
    };
    [
        NewCustomerGift {
            campaign_id: "promoter-first-order",
            title: "新人首单立减 First order ¥10 off",
            terms: fixed(1_000, true),
        },
        NewCustomerGift {
            campaign_id: "promoter-second-order",
            title: "新人第二单立减 Second order ¥5 off",
            terms: fixed(500, false),
        },
    ]
}

impl NewCustomerGift {
    /// What it takes off.
    pub fn terms(&self) -> &Terms {
        &self.terms
    }

    /// The coupon `id` for a member registered at `now`, valid [`GIFT_VALID_DAYS`] days.
    pub fn coupon(&self, id: String, now: DateTime<Utc>) -> Coupon {
        Coupon {
            id,
            campaign_id: self.campaign_id.to_owned(),
            title: self.title.to_owned(),
            terms: self.terms.clone(),
            valid_from: now,
            valid_until: now + Duration::days(GIFT_VALID_DAYS),
            held: Held::Available,
        }
    }
}
