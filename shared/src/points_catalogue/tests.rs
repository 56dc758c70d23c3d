use super::*;
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    "2026-11-30T08:00:00Z".parse().expect("time")
}

fn account(balance: u64) -> PointsAccount {
    PointsAccount::new(balance, BTreeMap::new(), BTreeMap::new())
}

fn redeemed(outcome: Result<Redemption, RedeemError>) -> (PointsAccount, u64, Coupon) {
    match outcome {
        Ok(Redemption::Redeemed { account, debit, coupon }) => (account, debit, *coupon),
        other => panic!("expected a redemption, got {other:?}"),
    }
}

#[test]
fn redeeming_debits_the_points_and_issues_the_coupon_in_one_step() {
    let cat = demo_catalogue();
    let (after, debit, coupon) = redeemed(account(2_600).redeem(&cat, "R-25", Tier::Classic, "k1", "C1".into(), now()));
    assert_eq!((after.balance(), debit), (600, 2_000));
    assert_eq!((coupon.id.as_str(), coupon.campaign_id.as_str()), ("C1", "points-R-25"));
    assert_eq!(
        (coupon.terms.kind, coupon.terms.threshold, coupon.terms.off),
        (CouponKind::Threshold, Fen::new(20_000), Fen::new(2_500))
    );
    assert_eq!(coupon.valid_until, now() + Duration::days(30));
    assert_eq!(after.times_redeemed("R-25"), 1);
    let again = after.redeem(&cat, "R-25", Tier::Classic, "k1", "C2".into(), now());
    assert_eq!(again, Ok(Redemption::Repeat { coupon_id: "C1".into() }), "the same request redeems once");
}

#[test]
fn refusals_say_why() {
    let cat = demo_catalogue();
    assert_eq!(
        account(499).redeem(&cat, "R-5", Tier::Classic, "k", "C".into(), now()),
        Err(RedeemError::NotEnoughPoints { have: 499, need: 500 })
    );
    assert_eq!(
        account(9_999).redeem(&cat, "R-404", Tier::Diamond, "k", "C".into(), now()),
        Err(RedeemError::Unavailable)
    );
    let withdrawn: Vec<Reward> = cat.iter().cloned().map(|r| r.with_available(false)).collect();
    assert_eq!(
        account(9_999).redeem(&withdrawn, "R-5", Tier::Classic, "k", "C".into(), now()),
        Err(RedeemError::Unavailable)
    );
    assert_eq!(
        account(9_999).redeem(&cat, "R-80", Tier::Silver, "k", "C".into(), now()),
        Err(RedeemError::TierTooLow(Tier::Gold))
    );
    assert!(account(9_999).redeem(&cat, "R-80", Tier::Gold, "k", "C".into(), now()).is_ok());
    let mut a = account(100_000);
    for i in 0..5 {
        a = redeemed(a.redeem(&cat, "R-5", Tier::Classic, &format!("k{i}"), format!("C{i}"), now())).0;
    }
    assert_eq!(
        a.redeem(&cat, "R-5", Tier::Classic, "k9", "C9".into(), now()),
        Err(RedeemError::LimitReached { limit: 5 })
    );
    assert_eq!(a.balance(), 100_000 - 5 * 500);
}

#[test]
fn reward_definitions_are_checked() {
    let t = demo_catalogue()[0].terms().clone();
    assert!(Reward::parse("R-1", ("x", "x"), 1, t.clone(), 30, 1, Tier::Classic).is_ok());
    let r = Reward::parse("R-1", ("积分换 ¥5 券", "¥5 off"), 1, t.clone(), 30, 1, Tier::Classic).expect("reward");
    assert_eq!((r.title(), r.title_en()), ("积分换 ¥5 券", "¥5 off"));
    assert_eq!(Reward::parse("", ("x", "x"), 1, t.clone(), 30, 1, Tier::Classic), Err(RewardError::Id));
    assert_eq!(Reward::parse("R 1", ("x", "x"), 1, t.clone(), 30, 1, Tier::Classic), Err(RewardError::Id));
    assert_eq!(Reward::parse("R-1", ("x", "x"), 0, t.clone(), 30, 1, Tier::Classic), Err(RewardError::Points));
    assert_eq!(Reward::parse("R-1", ("x", "x"), 1, t.clone(), 0, 1, Tier::Classic), Err(RewardError::Limits));
    assert_eq!(Reward::parse("R-1", ("x", "x"), 1, t, 30, 101, Tier::Classic), Err(RewardError::Limits));
}

proptest! {
    #[test]
    fn any_requests_never_overdraw_and_every_debit_has_its_coupon(
        start in 0u64..20_000,
        asks in proptest::collection::vec((0usize..4, 0u8..12, 0usize..4), 0..40),
    ) {
        let cat = demo_catalogue();
        let ids = ["R-5", "R-25", "R-80", "R-none"];
        let tiers = [Tier::Classic, Tier::Silver, Tier::Gold, Tier::Diamond];
        let mut a = account(start);
        let mut debited = 0u64;
        let mut coupons = std::collections::BTreeSet::new();
        for (n, (reward, reference, tier)) in asks.into_iter().enumerate() {
            let before = a.balance();
            match a.redeem(&cat, ids[reward], tiers[tier], &format!("ref-{reference}"), format!("C{n}"), now()) {
                Ok(Redemption::Redeemed { account, debit, coupon }) => {
                    prop_assert_eq!(account.balance() + debit, before);
                    prop_assert!(coupons.insert(coupon.id));
                    debited += debit;
                    a = account;
                }
                Ok(Redemption::Repeat { coupon_id }) => prop_assert!(coupons.contains(&coupon_id)),
                Err(_) => prop_assert_eq!(a.balance(), before),
            }
        }
        prop_assert_eq!(a.balance() + debited, start);
        for r in &cat {
            prop_assert!(a.times_redeemed(r.id()) <= r.per_member_limit());
        }
    }
}

#[test]
fn each_refusal_has_its_own_code() {
    use crate::{ApiError, ErrorCode};
    let cat = demo_catalogue();
    let code = |o: Result<Redemption, RedeemError>| ApiError::from(o.expect_err("refused")).code();
    assert_eq!(
        code(account(499).redeem(&cat, "R-5", Tier::Classic, "a", "C1".into(), now())),
        ErrorCode::InsufficientPoints
    );
    assert_eq!(
        code(account(9_999).redeem(&cat, "R-0", Tier::Classic, "b", "C2".into(), now())),
        ErrorCode::RewardUnavailable
    );
    assert_eq!(code(account(9_999).redeem(&cat, "R-80", Tier::Silver, "c", "C3".into(), now())), ErrorCode::TierTooLow);
    let mut acc = account(100_000);
    for i in 0..5 {
        acc = redeemed(acc.redeem(&cat, "R-5", Tier::Classic, &format!("k{i}"), format!("C{i}"), now())).0;
    }
    assert_eq!(code(acc.redeem(&cat, "R-5", Tier::Classic, "k9", "C9".into(), now())), ErrorCode::LimitExceeded);
}
