use super::*;
use crate::coupon::{CampaignRequest, CartLine, Held, Scope, Terms};
use crate::ids::{Category, OrderId, Sku, StoreId};
use chrono::TimeZone;

fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}

/// 满300减50 in S1: 50 coupons, 2 a member, claims open for a day.
fn campaign(kind: CouponKind, percent: Option<i64>) -> Campaign {
    let request = CampaignRequest {
        title: "满300减50".into(),
        kind,
        threshold_fen: Some(30_000),
        off_fen: Some(5_000),
        percent,
        scope: "category:beauty".into(),
        store_id: Some("S1".into()),
        quantity: 50,
        per_member_limit: 2,
        starts_at: t(0),
        ends_at: t(86_400),
        valid_days: Some(7),
        audience: None,
        flash_sale_ok: Some(true),
        reward_min_fen: None,
    };
    Campaign::parse("CP1".into(), &request, t(0)).expect("a campaign")
}

fn figures(claimed: u32, member_claimed: u32) -> CampaignFigures {
    CampaignFigures { claimed, member_claimed, closed_at: None }
}

#[test]
fn a_campaign_shows_its_terms_and_what_is_left() {
    let v = CampaignView::of(&campaign(CouponKind::Threshold, None), &figures(12, 1), true);
    assert_eq!((v.id.as_str(), v.title.as_str(), v.kind), ("CP1", "满300减50", CouponKind::Threshold));
    assert_eq!((v.threshold_fen, v.off_fen, v.percent), (Fen::new(30_000), Fen::new(5_000), None));
    assert_eq!(v.scope, Scope::parse("category:beauty").expect("a scope"));
    assert_eq!(v.store_id.as_deref(), Some("S1"));
    assert_eq!((v.starts_at, v.ends_at, v.valid_days), (t(0), t(86_400), Some(7)));
    assert_eq!((v.remaining, v.quantity, v.per_member_limit), (38, 50, 2));
    assert_eq!((v.audience, v.flash_sale_ok), (Audience::All, true));
    assert_eq!(v.my_claimed, Some(1));
    assert_eq!(CampaignView::of(&campaign(CouponKind::Threshold, None), &figures(12, 1), false).my_claimed, None);
}

#[test]
fn only_a_percent_campaign_shows_its_percent_and_remaining_never_goes_below_zero() {
    let v = CampaignView::of(&campaign(CouponKind::Percent, Some(20)), &figures(60, 0), false);
    assert_eq!((v.kind, v.percent), (CouponKind::Percent, Some(20)));
    assert_eq!(v.remaining, 0);
}

fn coupon(id: &str, threshold: u64, off: u64, until: i64, held: Held) -> Coupon {
    Coupon {
        id: id.into(),
        campaign_id: "CP1".into(),
        title: "t".into(),
        terms: Terms {
            kind: CouponKind::Threshold,
            threshold: Fen::new(threshold),
            off: Fen::new(off),
            percent: 0,
            scope: Scope::parse("all").expect("a scope"),
            store: None,
            flash_sale_ok: false,
            first_order_only: false,
        },
        valid_from: t(0),
        valid_until: t(until),
        held,
    }
}

fn cart(unit_price: u64) -> Cart {
    let line = CartLine {
        sku: Sku::parse("SKU-1").expect("a sku"),
        category: Category::parse("beauty").expect("a category"),
        brand: "Lanya".into(),
        unit_price: Fen::new(unit_price),
        qty: 1,
        flash_sale: false,
    };
    Cart { store: StoreId::parse("S1").expect("a store"), lines: vec![line], first_order: false }
}

#[test]
fn the_quote_takes_the_best_available_coupon_off_and_says_why_the_others_do_not_apply() {
    let locked = Held::Locked { order: OrderId::parse("O1").expect("an order"), until: t(1_000) };
    let wallet = vec![
        coupon("C-small", 0, 1_000, 5_000, Held::Available),
        coupon("C-big", 30_000, 5_000, 5_000, Held::Available),
        coupon("C-far", 50_000, 9_000, 5_000, Held::Available),
        coupon("C-locked", 0, 9_000, 5_000, locked),
        coupon("C-expired", 0, 9_000, 5, Held::Available),
    ];
    let q = Quote::of(&cart(36_800), Fen::new(36_800), wallet, t(10));
    assert_eq!(q.best_coupon_id.as_deref(), Some("C-big"));
    assert_eq!((q.subtotal_fen, q.discount_fen, q.total_fen), (Fen::new(36_800), Fen::new(5_000), Fen::new(31_800)));
    let ids: Vec<&str> = q.coupons.iter().map(|c| c.coupon.id.as_str()).collect();
    assert_eq!(ids, ["C-small", "C-big", "C-far"], "only available coupons, in wallet order");
    assert_eq!(q.coupons[0].discount_fen, Some(Fen::new(1_000)));
    let far = &q.coupons[2];
    assert_eq!(
        (far.discount_fen, &far.reason),
        (None, &Some(NotApplicable::BelowThreshold { short: Fen::new(13_200) }))
    );
    assert_eq!(far.reason_text, far.reason.as_ref().map(ToString::to_string));
    assert_eq!(q.coupons[1].coupon, CouponView::of(&coupon("C-big", 30_000, 5_000, 5_000, Held::Available), t(10)));
}

#[test]
fn without_a_usable_coupon_the_quote_is_the_subtotal_and_never_below_zero() {
    let q = Quote::of(&cart(500), Fen::new(500), vec![coupon("C-far", 50_000, 9_000, 5_000, Held::Available)], t(10));
    assert_eq!((q.best_coupon_id, q.discount_fen, q.total_fen), (None, Fen::ZERO, Fen::new(500)));
    let q = Quote::of(&cart(500), Fen::new(300), vec![coupon("C-all", 0, 500, 5_000, Held::Available)], t(10));
    assert_eq!((q.discount_fen, q.total_fen), (Fen::new(500), Fen::ZERO));
    assert!(Quote::of(&cart(500), Fen::new(500), Vec::new(), t(10)).coupons.is_empty());
}
