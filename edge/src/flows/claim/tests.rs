//! The claim's drive loop against in-memory objects, natively.

use super::*;
use crate::flows::block_on;
use chrono::{DateTime, TimeZone, Utc};
use shared::coupon::{CampaignRequest, CouponKind};
use shared::{ApiError, ErrorCode};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}

fn campaign() -> Campaign {
    let request = CampaignRequest {
        title: "满300减50".into(),
        kind: CouponKind::Threshold,
        threshold_fen: Some(30_000),
        off_fen: Some(5_000),
        percent: None,
        scope: "all".into(),
        store_id: None,
        quantity: 1,
        per_member_limit: 1,
        starts_at: t(0),
        ends_at: t(86_400),
        valid_days: Some(7),
        audience: None,
        flash_sale_ok: None,
        reward_min_fen: None,
    };
    Campaign::parse("CP1".into(), &request, t(0)).expect("valid")
}

/// A campaign of one coupon and the wallets; the wallet fails while `wallet_down` is set.
struct Fake {
    campaign: Campaign,
    by_key: RefCell<BTreeMap<String, Coupon>>,
    wallet: RefCell<BTreeMap<String, Coupon>>,
    wallet_down: Cell<bool>,
}

impl ClaimPort for Fake {
    async fn apply(&self, command: Command) -> Event {
        match command {
            Command::TakeFromCampaign { claim_key, coupon_id, now, .. } => {
                let mut by_key = self.by_key.borrow_mut();
                if let Some(c) = by_key.get(&claim_key) {
                    return Event::Granted(c.clone());
                }
                if !by_key.is_empty() {
                    return Event::Refused(ApiError::new(ErrorCode::SoldOut, "all coupons have been claimed"));
                }
                let coupon = self.campaign.coupon(coupon_id, now);
                by_key.insert(claim_key, coupon.clone());
                Event::Granted(coupon)
            }
            Command::AddToWallet { coupon, .. } => {
                if self.wallet_down.get() {
                    return replied::<()>(Err(Failure::Internal("MEMBER answered 500".into())), |_| {
                        Event::InWallet(String::new())
                    });
                }
                self.wallet.borrow_mut().entry(coupon.id.clone()).or_insert(coupon.clone());
                Event::InWallet(coupon.id)
            }
        }
    }
}

fn claim(fake: &Fake, key: &str) -> Result<Coupon, Failure> {
    let member = MemberId::parse("M10000001").expect("valid");
    let (flow, todo) = Claim::start(ClaimRequest::new("CP1", member, t(0), key, &format!("C-{key}")), t(10));
    block_on(drive(flow, todo, fake))
}

#[test]
fn a_claim_lands_in_the_wallet_and_a_refusal_keeps_its_code() {
    let fake = Fake {
        campaign: campaign(),
        by_key: RefCell::default(),
        wallet: RefCell::default(),
        wallet_down: Cell::new(false),
    };
    let coupon = claim(&fake, "k1").expect("granted");
    assert_eq!(fake.wallet.borrow().get(&coupon.id), Some(&coupon));
    match claim(&fake, "k2") {
        Err(Failure::Api(e)) => assert_eq!(e.code(), ErrorCode::SoldOut),
        other => panic!("expected SOLD_OUT, got {other:?}"),
    }
}

#[test]
fn a_wallet_that_fails_is_a_failure_on_our_side_and_the_same_key_completes_it() {
    let fake = Fake {
        campaign: campaign(),
        by_key: RefCell::default(),
        wallet: RefCell::default(),
        wallet_down: Cell::new(true),
    };
    assert!(matches!(claim(&fake, "k1"), Err(Failure::Internal(_))));
    assert!(fake.wallet.borrow().is_empty());
    fake.wallet_down.set(false);
    let coupon = claim(&fake, "k1").expect("the granted coupon, repeated");
    assert_eq!(fake.wallet.borrow().len(), 1);
    assert_eq!(fake.by_key.borrow().get("k1"), Some(&coupon));
}
