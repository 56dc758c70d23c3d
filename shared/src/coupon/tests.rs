use super::*;
use chrono::{Duration, TimeZone};
use proptest::prelude::*;

pub(super) fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}
fn f(n: u64) -> Fen {
    Fen::new(n)
}
fn terms(kind: CouponKind, threshold: u64, off: u64, percent: u8, scope: &str) -> Terms {
    Terms {
        kind,
        threshold: f(threshold),
        off: f(off),
        percent,
        scope: Scope::parse(scope).expect("scope"),
        store: None,
        flash_sale_ok: false,
        first_order_only: false,
    }
}
fn line(sku: &str, category: &str, brand: &str, price: u64, qty: u32, flash: bool) -> CartLine {
    CartLine {
        sku: Sku::parse(sku).expect("sku"),
        category: Category::parse(category).expect("category"),
        brand: brand.into(),
        unit_price: f(price),
        qty,
        flash_sale: flash,
    }
}
fn cart(lines: Vec<CartLine>) -> Cart {
    Cart { store: StoreId::parse("S1").expect("store"), lines, first_order: false }
}
fn coupon(id: &str, terms: Terms, from: i64, until: i64) -> Coupon {
    Coupon {
        id: id.into(),
        campaign_id: "CP1".into(),
        title: "t".into(),
        terms,
        valid_from: t(from),
        valid_until: t(until),
        held: Held::Available,
    }
}
fn order(n: u32) -> OrderId {
    OrderId::parse(&format!("O{n}")).expect("order")
}

#[test]
fn a_threshold_coupon_takes_its_amount_off_from_the_threshold_up() {
    let c = terms(CouponKind::Threshold, 30_000, 5_000, 0, "all");
    assert_eq!(
        discount(&c, &cart(vec![line("SKU-1", "beauty", "Lanya", 29_999, 1, false)])),
        Err(NotApplicable::BelowThreshold { short: f(1) })
    );
    assert_eq!(discount(&c, &cart(vec![line("SKU-1", "beauty", "Lanya", 15_000, 2, false)])), Ok(f(5_000)));
}

#[test]
fn a_percent_coupon_is_capped_and_rounds_down() {
    let c = terms(CouponKind::Percent, 0, 2_000, 15, "all");
    assert_eq!(discount(&c, &cart(vec![line("SKU-1", "beauty", "Lanya", 999, 1, false)])), Ok(f(149)));
    assert_eq!(discount(&c, &cart(vec![line("SKU-1", "beauty", "Lanya", 100_000, 1, false)])), Ok(f(2_000)), "capped");
    let uncapped = terms(CouponKind::Percent, 0, 0, 15, "all");
    assert_eq!(discount(&uncapped, &cart(vec![line("SKU-1", "beauty", "Lanya", 100_000, 1, false)])), Ok(f(15_000)));
}

#[test]
fn a_fixed_coupon_never_exceeds_the_spend() {
    let c = terms(CouponKind::Fixed, 0, 5_000, 0, "all");
    assert_eq!(discount(&c, &cart(vec![line("SKU-1", "food", "Bean Lab", 3_000, 1, false)])), Ok(f(3_000)));
}

#[test]
fn scopes_pick_their_lines() {
    let shoes_and_tea = cart(vec![
        line("SKU-24", "shoes", "Buyun", 50_000, 1, false),
        line("SKU-59", "food", "Shanye Tea", 38_800, 1, false),
    ]);
    let by = |scope: &str| discount(&terms(CouponKind::Percent, 0, 0, 10, scope), &shoes_and_tea);
    assert_eq!(by("all"), Ok(f(8_880)));
    assert_eq!(by("category:shoes"), Ok(f(5_000)));
    assert_eq!(by("brand:shanye tea"), Ok(f(3_880)), "brands match regardless of case");
    assert_eq!(by("sku:SKU-59"), Ok(f(3_880)));
    assert_eq!(by("category:beauty"), Err(NotApplicable::OutOfScope));
    assert_eq!(by("brand:Lanya"), Err(NotApplicable::OutOfScope));
    let mut only_s2 = terms(CouponKind::Fixed, 0, 100, 0, "all");
    only_s2.store = StoreId::parse("S2").ok();
    assert_eq!(discount(&only_s2, &shoes_and_tea), Err(NotApplicable::WrongStore { store: "S2".into() }));
    assert_eq!(Scope::parse("color:red"), None);
    assert_eq!(String::from(Scope::parse("category:shoes").unwrap()), "category:shoes");
}

#[test]
fn flash_sale_prices_take_no_coupon_unless_the_campaign_allows() {
    let flash = cart(vec![line("SKU-2", "beauty", "Lanya", 100, 1, true)]);
    let mixed =
        cart(vec![line("SKU-2", "beauty", "Lanya", 100, 1, true), line("SKU-1", "beauty", "Lanya", 36_800, 1, false)]);
    let c = terms(CouponKind::Percent, 0, 0, 10, "category:beauty");
    assert_eq!(discount(&c, &flash), Err(NotApplicable::FlashSale));
    assert_eq!(discount(&c, &mixed), Ok(f(3_680)), "only the shelf-price line counts");
    let allowed = Terms { flash_sale_ok: true, ..c };
    assert_eq!(discount(&allowed, &flash), Ok(f(10)));
}

#[test]
fn first_order_coupons_need_a_first_order() {
    let c = Terms { first_order_only: true, ..terms(CouponKind::Fixed, 0, 1_000, 0, "all") };
    let mut k = cart(vec![line("SKU-1", "beauty", "Lanya", 5_000, 1, false)]);
    assert_eq!(discount(&c, &k), Err(NotApplicable::NotFirstOrder));
    k.first_order = true;
    assert_eq!(discount(&c, &k), Ok(f(1_000)));
}

#[test]
fn validity_boundaries_are_exact() {
    let c = coupon("C1", terms(CouponKind::Fixed, 0, 100, 0, "all"), 0, 100);
    assert_eq!(c.usable(None, t(-1)), Err(NotApplicable::NotYetValid));
    assert_eq!(c.usable(None, t(0)), Ok(()));
    assert_eq!(c.usable(None, t(99)), Ok(()));
    assert_eq!(c.usable(None, t(100)), Err(NotApplicable::Expired));
    assert_eq!(c.status(t(99)), CouponStatus::Available);
    assert_eq!(c.status(t(100)), CouponStatus::Expired);
}

#[test]
fn a_coupon_is_locked_by_one_order_and_redeemed_once() {
    let mut c = coupon("C1", terms(CouponKind::Fixed, 0, 100, 0, "all"), 0, 100);
    assert_eq!(c.lock(&order(1), t(300), t(1)), Ok(true));
    assert_eq!(c.lock(&order(1), t(300), t(2)), Ok(false), "the same order again");
    assert_eq!(c.lock(&order(2), t(300), t(2)), Err(CouponError::NotApplicable(NotApplicable::InUse)));
    assert_eq!(c.redeem(&order(2)), Err(CouponError::NotHeld));
    assert!(!c.release(&order(2)), "a stranger cannot release it");
    assert_eq!(c.status(t(200)), CouponStatus::Locked, "locked in time stays usable by its order");
    assert_eq!(c.usable(Some(&order(1)), t(200)), Ok(()), "past the validity, its own order may still use it");
    assert_eq!(c.redeem(&order(1)), Ok(true));
    assert_eq!(c.redeem(&order(1)), Ok(false), "redeemed once, whatever the retries");
    assert_eq!(c.lock(&order(3), t(300), t(3)), Err(CouponError::NotApplicable(NotApplicable::Redeemed)));
    assert_eq!(c.status(t(3)), CouponStatus::Redeemed);
}

#[test]
fn a_cancelled_or_refunded_order_gives_its_coupon_back() {
    let mut c = coupon("C1", terms(CouponKind::Fixed, 0, 100, 0, "all"), 0, 100);
    c.lock(&order(1), t(60), t(1)).unwrap();
    assert!(c.release(&order(1)));
    assert_eq!(c.status(t(2)), CouponStatus::Available);
    assert_eq!(c.lock(&order(2), t(60), t(2)), Ok(true));
    c.redeem(&order(2)).unwrap();
    assert!(c.release(&order(2)), "a refund returns it");
    assert_eq!(c.status(t(3)), CouponStatus::Available);
}

#[test]
fn a_lock_left_by_an_order_that_was_never_recorded_frees_itself() {
    let mut c = coupon("C1", terms(CouponKind::Fixed, 0, 100, 0, "all"), 0, 1_000);
    c.lock(&order(1), t(60), t(1)).unwrap();
    assert_eq!(c.lock(&order(2), t(120), t(59)), Err(CouponError::NotApplicable(NotApplicable::InUse)));
    assert_eq!(c.status(t(60)), CouponStatus::Available);
    assert_eq!(c.lock(&order(2), t(120), t(60)), Ok(true));
}

#[test]
fn the_best_coupon_wins_and_the_others_say_why() {
    let k = cart(vec![line("SKU-1", "beauty", "Lanya", 36_800, 1, false)]);
    let wallet = vec![
        coupon("C-small", terms(CouponKind::Fixed, 0, 1_000, 0, "all"), 0, 1_000),
        coupon("C-big-late", terms(CouponKind::Threshold, 30_000, 5_000, 0, "all"), 0, 5_000),
        coupon("C-big-soon", terms(CouponKind::Threshold, 30_000, 5_000, 0, "category:beauty"), 0, 2_000),
        coupon("C-shoes", terms(CouponKind::Percent, 0, 0, 50, "category:shoes"), 0, 5_000),
        coupon("C-far", terms(CouponKind::Threshold, 50_000, 9_000, 0, "all"), 0, 5_000),
        coupon("C-old", terms(CouponKind::Fixed, 0, 9_999, 0, "all"), 0, 5),
    ];
    let (best, evals) = best_coupon(&k, &wallet, None, t(10));
    assert_eq!(best.as_deref(), Some("C-big-soon"), "ties go to the one that expires first");
    let reason = |id: &str| evals.iter().find(|e| e.coupon_id == id).and_then(|e| e.reason.clone());
    assert_eq!(reason("C-shoes"), Some(NotApplicable::OutOfScope));
    assert_eq!(reason("C-far"), Some(NotApplicable::BelowThreshold { short: f(13_200) }));
    assert_eq!(reason("C-old"), Some(NotApplicable::Expired));
    assert_eq!(evals.iter().find(|e| e.coupon_id == "C-small").and_then(|e| e.discount), Some(f(1_000)));
}

#[test]
fn an_audience_is_stored_by_its_wire_name() {
    let audiences = [Audience::All, Audience::NewMember, Audience::FirstOrder, Audience::AfterPayment];
    let names: Vec<&str> = audiences.iter().map(|a| a.as_str()).collect();
    assert_eq!(names, ["all", "new_member", "first_order", "after_payment"]);
    for a in audiences {
        assert_eq!(serde_json::to_value(a).expect("json"), serde_json::Value::from(a.as_str()));
    }
}

pub(super) fn request() -> CampaignRequest {
    CampaignRequest {
        title: "满300减50".into(),
        kind: CouponKind::Threshold,
        threshold_fen: Some(30_000),
        off_fen: Some(5_000),
        percent: None,
        scope: "all".into(),
        store_id: None,
        quantity: 50,
        per_member_limit: 1,
        starts_at: t(0),
        ends_at: t(86_400),
        valid_days: Some(7),
        audience: None,
        flash_sale_ok: None,
        reward_min_fen: None,
    }
}

#[test]
fn campaign_rules_name_their_field() {
    assert!(Campaign::parse("CP1".into(), &request(), t(0)).is_ok());
    type Edit = Box<dyn Fn(&mut CampaignRequest)>;
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|r| r.title = " ".into()), "title"),
        (Box::new(|r| r.off_fen = Some(0)), "off_fen"),
        (Box::new(|r| r.threshold_fen = Some(5_000)), "threshold_fen"),
        (
            Box::new(|r| {
                r.kind = CouponKind::Percent;
                r.percent = Some(100)
            }),
            "percent",
        ),
        (Box::new(|r| r.scope = "color:red".into()), "scope"),
        (Box::new(|r| r.store_id = Some("S 1".into())), "store_id"),
        (Box::new(|r| r.quantity = 0), "quantity"),
        (Box::new(|r| r.per_member_limit = 11), "per_member_limit"),
        (Box::new(|r| r.ends_at = t(0)), "ends_at"),
        (Box::new(|r| r.valid_days = Some(0)), "valid_days"),
        (Box::new(|r| r.threshold_fen = Some(-1)), "threshold_fen"),
        (Box::new(|r| r.audience = Some(Audience::AfterPayment)), "reward_min_fen"),
        (Box::new(|r| r.reward_min_fen = Some(10_000)), "reward_min_fen"),
        (
            Box::new(|r| {
                r.audience = Some(Audience::AfterPayment);
                r.reward_min_fen = Some(0)
            }),
            "reward_min_fen",
        ),
    ];
    for (edit, field) in cases {
        let mut r = request();
        edit(&mut r);
        assert_eq!(Campaign::parse("CP1".into(), &r, t(0)).map(|_| ()).map_err(|e| e.field), Err(field));
    }
}

#[test]
fn claims_respect_window_quantity_limit_and_audience() {
    let c = Campaign::parse("CP1".into(), &request(), t(0)).unwrap();
    assert_eq!(c.check_claim(t(-1), 0, 0, t(0)), Err(ClaimError::NotOpen));
    assert_eq!(c.check_claim(t(86_400), 0, 0, t(0)), Err(ClaimError::NotOpen));
    assert_eq!(c.check_claim(t(1), 50, 0, t(0)), Err(ClaimError::SoldOut));
    assert_eq!(c.check_claim(t(1), 3, 1, t(0)), Err(ClaimError::LimitExceeded));
    assert_eq!(c.check_claim(t(1), 3, 0, t(0)), Ok(()));
    let mut r = request();
    r.audience = Some(Audience::NewMember);
    let newcomers = Campaign::parse("CP2".into(), &r, t(0)).unwrap();
    assert_eq!(newcomers.check_claim(t(1), 0, 0, t(1) - Duration::days(31)), Err(ClaimError::NotEligible));
    assert_eq!(newcomers.check_claim(t(1), 0, 0, t(1) - Duration::days(2)), Ok(()));
    let coupon = c.coupon("C1".into(), t(100));
    assert_eq!((coupon.valid_from, coupon.valid_until), (t(100), t(100) + Duration::days(7)));
    let mut r = request();
    r.valid_days = None;
    assert_eq!(Campaign::parse("CP3".into(), &r, t(0)).unwrap().coupon("C2".into(), t(100)).valid_until, t(86_400));
}

#[test]
fn after_payment_coupons_are_earned_by_a_large_enough_order_in_the_store_while_open() {
    let mut r = request();
    r.audience = Some(Audience::AfterPayment);
    r.reward_min_fen = Some(50_000);
    r.store_id = Some("S1".into());
    let c = Campaign::parse("CP9".into(), &r, t(0)).unwrap();
    let (s1, s2) = (StoreId::parse("S1").unwrap(), StoreId::parse("S2").unwrap());
    assert!(!c.is_claimable(), "given, not claimed");
    assert!(Campaign::parse("CP1".into(), &request(), t(0)).unwrap().is_claimable());
    assert!(c.rewards(Fen::new(50_000), &s1, t(1)));
    assert!(!c.rewards(Fen::new(49_999), &s1, t(1)), "below the minimum");
    assert!(!c.rewards(Fen::new(90_000), &s2, t(1)), "another store");
    assert!(!c.rewards(Fen::new(90_000), &s1, t(86_400)), "campaign over");
    assert!(!Campaign::parse("CP1".into(), &request(), t(0)).unwrap().rewards(Fen::new(90_000), &s1, t(1)));
}

// ---- the oracle ----------------------------------------------------------------------------

/// A deliberately plain re-statement of the rules, to check `best_coupon` against.
fn oracle(cart: &Cart, wallet: &[Coupon], now: DateTime<Utc>) -> Option<(String, u64)> {
    let mut options: Vec<(u64, DateTime<Utc>, String)> = Vec::new();
    for c in wallet {
        if c.held != Held::Available || now < c.valid_from || now >= c.valid_until {
            continue;
        }
        let t = &c.terms;
        if t.store.as_ref().is_some_and(|s| s != &cart.store) || (t.first_order_only && !cart.first_order) {
            continue;
        }
        let mut spend = 0u64;
        for l in &cart.lines {
            let in_scope = match &t.scope {
                Scope::All => true,
                Scope::Category(cat) => cat == &l.category,
                Scope::Brand(b) => b.to_lowercase() == l.brand.to_lowercase(),
                Scope::Sku(s) => s == &l.sku,
            };
            if in_scope && (!l.flash_sale || t.flash_sale_ok) {
                spend += l.unit_price.get() * l.qty as u64;
            }
        }
        if spend == 0 || spend < t.threshold.get() {
            continue;
        }
        let off = match t.kind {
            CouponKind::Percent => {
                let p = spend * t.percent as u64 / 100;
                if t.off.get() == 0 { p } else { p.min(t.off.get()) }
            }
            _ => t.off.get(),
        };
        let off = off.min(spend);
        if off > 0 {
            options.push((off, c.valid_until, c.id.clone()));
        }
    }
    options.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    options.into_iter().next().map(|(off, _, id)| (id, off))
}

const SKUS: [(&str, &str, &str); 5] = [
    ("SKU-1", "beauty", "Lanya"),
    ("SKU-2", "beauty", "Suji"),
    ("SKU-3", "shoes", "Buyun"),
    ("SKU-4", "food", "Shanye Tea"),
    ("SKU-5", "home", "Qimu Home"),
];
const SCOPES: [&str; 7] =
    ["all", "category:beauty", "category:shoes", "brand:lanya", "brand:Qimu Home", "sku:SKU-4", "sku:SKU-3"];

fn arb_line() -> impl Strategy<Value = CartLine> {
    (0usize..5, 1u64..60_000, 1u32..4, prop::bool::weighted(0.2))
        .prop_map(|(i, price, qty, flash)| line(SKUS[i].0, SKUS[i].1, SKUS[i].2, price, qty, flash))
}

fn arb_coupon(n: usize) -> impl Strategy<Value = Coupon> {
    (
        0u8..3,
        0u64..80_000,
        0u64..20_000,
        1u8..100,
        0usize..7,
        (0u8..3, prop::bool::ANY, prop::bool::weighted(0.2)),
        (-50i64..50, 1i64..200),
        0u8..4,
    )
        .prop_map(move |(kind, threshold, off, percent, scope, (store, flash_ok, first), (from, len), held)| {
            let kind = [CouponKind::Threshold, CouponKind::Percent, CouponKind::Fixed][kind as usize];
            let mut terms = terms(kind, threshold, off, percent, SCOPES[scope]);
            terms.store = [None, StoreId::parse("S1").ok(), StoreId::parse("S2").ok()][store as usize].clone();
            terms.flash_sale_ok = flash_ok;
            terms.first_order_only = first;
            let mut c = coupon(&format!("C{n:02}"), terms, from, from + len);
            c.held = match held {
                0 => Held::Locked { order: order(9), until: t(1_000) },
                1 => Held::Redeemed { order: order(8) },
                _ => Held::Available,
            };
            c
        })
}

fn arb_wallet() -> impl Strategy<Value = Vec<Coupon>> {
    (0usize..7).prop_flat_map(|n| (0..n).map(arb_coupon).collect::<Vec<_>>())
}

proptest! {
    /// On any cart and wallet, the chosen coupon and its discount are the oracle's, and every
    /// coupon not chosen either gives no more, or is explained.
    #[test]
    fn best_coupon_agrees_with_the_oracle(lines in prop::collection::vec(arb_line(), 1..5), first in prop::bool::ANY, wallet in arb_wallet(), now in -20i64..150) {
        let cart = Cart { store: StoreId::parse("S1").expect("store"), lines, first_order: first };
        let (best, evals) = best_coupon(&cart, &wallet, None, t(now));
        let expected = oracle(&cart, &wallet, t(now));
        prop_assert_eq!(best.clone(), expected.as_ref().map(|(id, _)| id.clone()));
        if let Some((id, off)) = &expected {
            let chosen = evals.iter().find(|e| &e.coupon_id == id).and_then(|e| e.discount);
            prop_assert_eq!(chosen, Some(Fen::new(*off)));
        }
        prop_assert_eq!(evals.len(), wallet.len());
        for e in &evals {
            prop_assert!(e.discount.is_some() != e.reason.is_some(), "each coupon has a discount or a reason");
            if let (Some(d), Some((_, off))) = (e.discount, &expected) { prop_assert!(d.get() <= *off); }
        }
    }
}

mod claims;
mod wallet;
