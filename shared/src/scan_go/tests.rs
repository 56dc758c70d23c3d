use super::*;
use crate::coupon::{CartLine, Coupon, CouponKind, Held, Scope, Terms, discount};
use crate::ids::{Category, OrderId, Sku, StoreId};
use crate::money::Fen;
use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}
fn sku(n: u32) -> Sku {
    Sku::parse(&format!("SKU-{n}")).expect("sku")
}
fn store(s: &str) -> StoreId {
    StoreId::parse(s).expect("store")
}
fn line(n: u32, price: u64, qty: u32) -> CartLine {
    CartLine {
        sku: sku(n),
        category: Category::parse(if n.is_multiple_of(2) { "beauty" } else { "food" }).expect("category"),
        brand: "Lanya".into(),
        unit_price: Fen::new(price),
        qty,
        flash_sale: false,
    }
}
fn coupon(id: &str, kind: CouponKind, threshold: u64, off: u64, percent: u8, scope: &str) -> Coupon {
    Coupon {
        id: id.into(),
        campaign_id: "CP1".into(),
        title: "t".into(),
        terms: Terms {
            kind,
            threshold: Fen::new(threshold),
            off: Fen::new(off),
            percent,
            scope: Scope::parse(scope).expect("scope"),
            store: None,
            flash_sale_ok: false,
            first_order_only: false,
        },
        valid_from: t(-100),
        valid_until: t(100),
        held: Held::Available,
    }
}

#[test]
fn scanning_sets_quantities_and_zero_removes_the_line() {
    let mut cart = ScanGoCart::new(store("S1"));
    cart.set(sku(1), 2, Some(999)).unwrap();
    cart.set(sku(2), 1, Some(999)).unwrap();
    cart.set(sku(1), 3, Some(999)).unwrap();
    assert_eq!(
        cart.lines().iter().map(|l| (l.sku().as_str(), l.qty())).collect::<Vec<_>>(),
        [("SKU-1", 3), ("SKU-2", 1)]
    );
    cart.set(sku(1), 0, Some(999)).unwrap();
    cart.set(sku(9), 0, Some(999)).unwrap();
    assert_eq!(cart.lines().len(), 1);
    assert_eq!(cart.set(sku(2), MAX_UNITS_PER_LINE + 1, Some(999)), Err(LineError::TooMany));
    assert_eq!(cart.set(sku(3), 1, None), Err(LineError::NotStocked));
    assert_eq!(cart.set(sku(2), 3, Some(2)), Err(LineError::Short { available: 2 }));
    cart.set(sku(2), 0, None).unwrap();
    assert!(cart.lines().is_empty(), "removing needs no stock");
}

#[test]
fn a_cart_holds_a_limited_number_of_products_and_freezes_at_checkout() {
    let mut cart = ScanGoCart::new(store("S1"));
    for n in 0..crate::order::MAX_LINES as u32 {
        cart.set(sku(n), 1, Some(999)).unwrap();
    }
    assert_eq!(cart.set(sku(999), 1, Some(999)), Err(LineError::TooManyLines));
    cart.set(sku(0), 5, Some(999)).unwrap();
    let frozen = ScanGoCart::restore(store("S1"), vec![(sku(1), 1), (sku(2), 0)], true);
    assert_eq!(frozen.lines().len(), 1, "a stored zero cannot be a line");
    let mut frozen = frozen;
    assert_eq!(frozen.set(sku(1), 2, Some(999)), Err(LineError::CheckedOut));
}

#[test]
fn the_order_of_a_cart_takes_every_line_from_the_pool_with_the_coupon() {
    let mut cart = ScanGoCart::new(store("S1"));
    assert_eq!(cart.order(None), None);
    cart.set(sku(1), 2, Some(999)).unwrap();
    let order = cart.order(Some("C1".into())).unwrap();
    assert_eq!(order.store_id, store("S1"));
    assert_eq!(order.coupon_id.as_deref(), Some("C1"));
    assert_eq!((order.lines[0].qty.get(), order.lines[0].flash_sale_id.clone()), (2, None));
}

#[test]
fn the_best_usable_coupon_is_applied_and_a_used_one_is_not() {
    let lines = vec![line(1, 10_000, 2), line(2, 5_000, 1)];
    let mut used = coupon("C0", CouponKind::Fixed, 0, 9_000, 0, "all");
    used.held = Held::Redeemed { order: OrderId::parse("O1").unwrap() };
    let wallet = vec![
        used,
        coupon("C1", CouponKind::Threshold, 20_000, 3_000, 0, "all"),
        coupon("C2", CouponKind::Percent, 0, 0, 10, "all"),
    ];
    let totals = cart_totals(&store("S1"), lines, false, &wallet, t(0)).unwrap();
    assert_eq!(totals.subtotal, Fen::new(25_000));
    assert_eq!(totals.coupon_id.as_deref(), Some("C1"));
    assert_eq!((totals.discount, totals.total), (Fen::new(3_000), Fen::new(22_000)));
    let none = cart_totals(&store("S1"), vec![line(1, 100, 1)], false, &wallet[1..2], t(0)).unwrap();
    assert_eq!((none.coupon_id, none.total), (None, Fen::new(100)));
}

#[test]
fn one_cart_makes_one_order_id_unlike_any_other_cart() {
    assert_eq!(checkout_order_id(b"k", "G1", 0), checkout_order_id(b"k", "G1", 0));
    assert_ne!(checkout_order_id(b"k", "G1", 0), checkout_order_id(b"k", "G2", 0));
    assert_ne!(checkout_order_id(b"k", "G1", 0), checkout_order_id(b"j", "G1", 0));
    assert_ne!(checkout_order_id(b"k", "G1", 0), checkout_order_id(b"k", "G1", 1), "a new round is a new order");
}

fn pass() -> (ExitPass, OrderId) {
    let order = OrderId::parse("OABC").unwrap();
    (ExitPass::issue(order.clone(), store("S1"), 100_042, t(0), &ExitPassPolicy::standard()), order)
}

#[test]
fn an_exit_pass_works_at_its_store_until_it_expires() {
    let (p, order) = pass();
    assert_eq!(p.expires_at(), t(0) + Duration::minutes(30));
    let code = p.code(b"k");
    let scanned = ScannedPass::read(&code).unwrap();
    assert_eq!(scanned.pickup_no(), 100_042);
    let check = |used, at: &str, now| scanned.check(b"k", &order, &store("S1"), used, &store(at), now);
    assert_eq!(check(false, "S1", t(60)), Ok(()));
    assert_eq!(check(false, "S2", t(60)), Err(ExitPassError::WrongStore { store: "S1".into() }));
    assert_eq!(check(true, "S1", t(60)), Err(ExitPassError::AlreadyUsed));
    assert_eq!(check(false, "S1", t(30 * 60)), Err(ExitPassError::Expired));
    assert_eq!(check(false, "S1", t(30 * 60 - 1)), Ok(()));
}

#[test]
fn a_forged_or_stretched_exit_pass_is_not_found() {
    let (p, order) = pass();
    let code = p.code(b"k");
    let other = OrderId::parse("OXYZ").unwrap();
    let read = |c: &str| ScannedPass::read(c).unwrap();
    let s1 = store("S1");
    assert_eq!(read(&code).check(b"other", &order, &s1, false, &s1, t(0)), Err(ExitPassError::NotFound));
    assert_eq!(read(&code).check(b"k", &other, &s1, false, &s1, t(0)), Err(ExitPassError::NotFound));
    assert_eq!(read(&code).check(b"k", &order, &store("S2"), false, &s1, t(0)), Err(ExitPassError::NotFound));
    // A later expiry typed in over the real one breaks the tag.
    let stretched = format!("{}{}{}", &code[..6], "9999999999", &code[16..]);
    assert_eq!(read(&stretched).check(b"k", &order, &s1, false, &s1, t(0)), Err(ExitPassError::NotFound));
    assert_eq!(ScannedPass::read("12345"), None);
    assert_eq!(ScannedPass::read(&format!("{}x", &code[1..])), None);
    assert!(ScannedPass::read(&format!("{} {}", &code[..6], &code[6..])).is_some());
}

fn arb_lines() -> impl Strategy<Value = Vec<CartLine>> {
    prop::collection::vec((0u32..6, 1u64..200_000, 1u32..=MAX_UNITS_PER_LINE), 0..6)
        .prop_map(|v| v.into_iter().map(|(n, p, q)| line(n, p, q)).collect())
}

fn arb_wallet() -> impl Strategy<Value = Vec<Coupon>> {
    let one = (0u8..3, 0u64..300_000, 0u64..100_000, 1u8..100, 0u8..3).prop_map(|(k, th, off, pc, sc)| {
        let kind = [CouponKind::Threshold, CouponKind::Fixed, CouponKind::Percent][k as usize];
        let scope = ["all", "category:beauty", "sku:SKU-3"][sc as usize];
        (kind, th, off, pc, scope)
    });
    prop::collection::vec(one, 0..5).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (kind, th, off, pc, scope))| coupon(&format!("C{i}"), kind, th, off, pc, scope))
            .collect()
    })
}

proptest! {
    #[test]
    fn a_carts_total_is_its_lines_minus_the_best_coupon_and_never_negative(lines in arb_lines(), wallet in arb_wallet()) {
        let cart = crate::coupon::Cart { store: store("S1"), lines: lines.clone(), first_order: false };
        let totals = cart_totals(&store("S1"), lines.clone(), false, &wallet, t(0)).unwrap();
        let sum: u64 = lines.iter().map(|l| l.unit_price.get() * l.qty as u64).sum();
        prop_assert_eq!(totals.subtotal.get(), sum);
        // No usable coupon gives more than the chosen one.
        let best = wallet.iter().filter_map(|c| discount(&c.terms, &cart).ok()).max().unwrap_or(Fen::ZERO);
        prop_assert_eq!(totals.discount, best.min(totals.subtotal));
        prop_assert_eq!(totals.total.get() + totals.discount.get(), sum);
        prop_assert!(totals.discount <= totals.subtotal);
        prop_assert_eq!(totals.coupon_id.is_some(), totals.discount > Fen::ZERO);
    }
}

#[test]
fn every_demo_product_can_be_scanned_by_its_own_barcode() {
    let seed: serde_json::Value = serde_json::from_str(include_str!("../../../edge/seed/demo.json")).expect("seed");
    let products = seed["products"].as_array().expect("products");
    let mut seen = std::collections::BTreeSet::new();
    for p in products {
        let code = p["barcode"].as_str().unwrap_or_default();
        assert!(crate::barcode::Ean13::parse(code).is_ok(), "{} has no valid EAN-13: {code:?}", p["sku"]);
        assert!(seen.insert(code.to_owned()), "{code} is on two products");
    }
    assert!(seen.len() >= 60);
}

#[test]
fn a_paid_orders_pass_is_the_one_issued_for_its_row() {
    let (issued, order) = pass();
    let policy = ExitPassPolicy::standard();
    let made = ExitPass::of_paid(order.as_str(), "S1", Some(100_042), Some(t(0)), &policy).unwrap();
    assert_eq!(made, issued);
    let view = made.view(b"pickup key");
    assert_eq!((view.code, view.expires_at), (issued.code(b"pickup key"), issued.expires_at()));
}

#[test]
fn a_paid_orders_pass_needs_its_number_then_a_store_then_an_order_id() {
    let policy = ExitPassPolicy::standard();
    let err = ExitPass::of_paid("bad id", "S 1", None, Some(t(0)), &policy).unwrap_err();
    assert_eq!(err.to_string(), "paid order bad id lacks its pickup number");
    let err = ExitPass::of_paid("bad id", "S 1", Some(1), None, &policy).unwrap_err();
    assert_eq!(err, PassError::Unnumbered("bad id".into()));
    let err = ExitPass::of_paid("bad id", "S 1", Some(1), Some(t(0)), &policy).unwrap_err();
    assert!(matches!(err, PassError::Store(_)), "{err:?}");
    let err = ExitPass::of_paid("bad id", "S1", Some(1), Some(t(0)), &policy).unwrap_err();
    assert_eq!(err.to_string(), "no order bad id");
}

#[test]
fn cart_and_exit_refusals_map_to_the_api_codes() {
    use crate::{ApiError, ErrorCode as E};
    let lines = [
        (LineError::TooMany, E::Invalid, 422),
        (LineError::TooManyLines, E::Invalid, 422),
        (LineError::NotStocked, E::InsufficientStock, 409),
        (LineError::Short { available: 2 }, E::InsufficientStock, 409),
        (LineError::CheckedOut, E::Conflict, 409),
    ];
    for (e, code, status) in lines {
        let api = ApiError::from(e.clone());
        assert_eq!((api.code(), api.status(), api.error.message), (code, status, e.to_string()));
    }
    assert_eq!(ApiError::from(LineError::Short { available: 2 }).error.message, "only 2 left in this store");
    let passes = [
        (ExitPassError::NotFound, E::NotFound, 404),
        (ExitPassError::WrongStore { store: "S2".into() }, E::WrongStore, 403),
        (ExitPassError::AlreadyUsed, E::AlreadyUsed, 409),
        (ExitPassError::Expired, E::CodeExpired, 409),
    ];
    for (e, code, status) in passes {
        let api = ApiError::from(e.clone());
        assert_eq!((api.code(), api.status(), api.error.message), (code, status, e.to_string()));
    }
    assert_eq!(
        ApiError::from(ExitPassError::WrongStore { store: "S2".into() }).error.message,
        "this pass is for store S2"
    );
}
