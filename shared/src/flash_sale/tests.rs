//! Tests of the flash sale's rules, and the fixtures every flash-sale test builds from (`fixtures`).

pub(in crate::flash_sale) mod fixtures;

use super::*;
use crate::flows::transfer::tests::{Buckets, Fault};
use crate::ids::OrderId;
use crate::stock::Change;
use fixtures::{m, o, q, request, t};
use proptest::prelude::*;

fn ttl() -> Duration {
    Duration::minutes(10)
}
fn sale(req: &SaleRequest) -> Result<FlashSale, SaleError> {
    FlashSale::parse(SaleId::parse("FS1").expect("valid"), req, "兰雅精华", Fen::new(36_800), t(-60))
}

#[test]
fn a_valid_request_becomes_a_sale_with_defaults() {
    let s = sale(&request()).unwrap();
    assert_eq!(s.title(), "兰雅精华");
    assert_eq!(s.lock_ttl(), Duration::minutes(10));
    assert_eq!((s.quantity(), s.buckets(), s.per_member_limit()), (100, 4, 2));
}

#[test]
fn each_broken_rule_names_its_field() {
    type Edit = Box<dyn Fn(&mut SaleRequest)>;
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|r| r.price_fen = 0), "price_fen"),
        (Box::new(|r| r.price_fen = 40_000), "price_fen"),
        (Box::new(|r| r.quantity = 0), "quantity"),
        (Box::new(|r| r.per_member_limit = 0), "per_member_limit"),
        (Box::new(|r| r.per_member_limit = 101), "per_member_limit"),
        (Box::new(|r| r.ends_at = r.starts_at), "ends_at"),
        (
            Box::new(|r| {
                r.starts_at = t(-7200);
                r.ends_at = t(-61)
            }),
            "ends_at",
        ),
        (Box::new(|r| r.ends_at = t(15 * 86_400)), "ends_at"),
        (Box::new(|r| r.buckets = Some(17)), "buckets"),
        (
            Box::new(|r| {
                r.quantity = 2;
                r.per_member_limit = 1;
                r.buckets = Some(3)
            }),
            "buckets",
        ),
        (Box::new(|r| r.lock_minutes = Some(0)), "lock_minutes"),
        (Box::new(|r| r.sku = "a b".into()), "sku"),
    ];
    for (change, field) in cases {
        let mut r = request();
        change(&mut r);
        match sale(&r) {
            Err(SaleError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected {field} to be refused, got {other:?}"),
        }
    }
}

#[test]
fn status_follows_the_window_and_the_units() {
    let s = sale(&request()).unwrap();
    assert_eq!(s.status(t(-1), 100), SaleStatus::Upcoming);
    assert_eq!(s.status(t(0), 100), SaleStatus::Live);
    assert_eq!(s.status(t(10), 0), SaleStatus::SoldOut);
    assert_eq!(s.status(t(3_600), 5), SaleStatus::Ended);
    assert!(s.is_live_at(t(0)) && !s.is_live_at(t(3_600)));
}

#[test]
fn the_quantity_splits_evenly_over_buckets() {
    let mut r = request();
    r.quantity = 10;
    r.buckets = Some(4);
    let s = sale(&r).unwrap();
    let shares: Vec<u32> = (0..4).map(|b| s.initial_allocation(b)).collect();
    assert_eq!(shares, vec![3, 3, 2, 2]);
}

#[test]
fn members_spread_over_buckets_and_always_land_in_the_same_one() {
    let mut counts = [0u32; 4];
    for n in 0..400 {
        let b = home_bucket(&m(n), 4);
        assert_eq!(b, home_bucket(&m(n), 4));
        counts[b as usize] += 1;
    }
    assert!(counts.iter().all(|c| *c > 60), "{counts:?}");
    assert_eq!(home_bucket(&m(1), 1), 0);
}

#[test]
fn the_limit_counts_locks_and_purchases() {
    let mut b = SaleBucket::new(10);
    b.lock(&o(1), &m(1), q(1), 2, t(0), ttl()).unwrap();
    b.confirm(&o(1), t(1)).unwrap();
    b.lock(&o(2), &m(1), q(1), 2, t(2), ttl()).unwrap();
    assert_eq!(b.lock(&o(3), &m(1), q(1), 2, t(3), ttl()), Err(SaleLockError::LimitExceeded { limit: 2, held: 2 }));
    // A lapsed lock no longer counts.
    assert_eq!(b.lock(&o(3), &m(1), q(1), 2, t(700), ttl()), Ok(Change::Changed));
    assert_eq!(b.figures(t(700)), BucketFigures { allocated: 10, available: 8, locked: 1, sold: 1 });
}

#[test]
fn a_gold_member_may_buy_one_more_than_a_classic_member() {
    use crate::tier::Tier;
    let s = sale(&request()).unwrap();
    assert_eq!((s.limit_for(Tier::Classic), s.limit_for(Tier::Gold), s.highest_limit()), (2, 3, 4));
    let mut b = SaleBucket::new(10);
    let (classic, gold) = (s.limit_for(Tier::Classic), s.limit_for(Tier::Gold));
    b.lock(&o(1), &m(1), q(2), classic, t(0), ttl()).unwrap();
    assert_eq!(
        b.lock(&o(2), &m(1), q(1), classic, t(1), ttl()),
        Err(SaleLockError::LimitExceeded { limit: 2, held: 2 })
    );
    b.lock(&o(3), &m(2), q(2), gold, t(0), ttl()).unwrap();
    assert_eq!(b.lock(&o(4), &m(2), q(1), gold, t(1), ttl()), Ok(Change::Changed), "limit + 1");
    assert_eq!(b.lock(&o(5), &m(2), q(1), gold, t(2), ttl()), Err(SaleLockError::LimitExceeded { limit: 3, held: 3 }));
    assert!(b.is_consistent(s.highest_limit(), t(2)));
}

#[test]
fn a_sold_out_bucket_refuses_without_changing() {
    let mut b = SaleBucket::new(1);
    b.lock(&o(1), &m(1), q(1), 1, t(0), ttl()).unwrap();
    let before = b.clone();
    assert_eq!(b.lock(&o(2), &m(2), q(1), 1, t(1), ttl()), Err(SaleLockError::SoldOut));
    assert_eq!(b, before);
    b.release(&o(1));
    assert_eq!(b.lock(&o(2), &m(2), q(1), 1, t(2), ttl()), Ok(Change::Changed));
}

#[test]
fn transfers_move_units_once() {
    let mut a = SaleBucket::new(5);
    let mut b = SaleBucket::new(0);
    a.lock(&o(1), &m(1), q(2), 5, t(0), ttl()).unwrap();
    assert_eq!(a.give("t1", 10, t(1)), (3, Change::Changed));
    assert_eq!(a.give("t1", 10, t(2)), (3, Change::Unchanged), "a retried give returns the first answer");
    assert_eq!(b.receive("t1", 3), Change::Changed);
    assert_eq!(b.receive("t1", 3), Change::Unchanged);
    assert_eq!((a.figures(t(3)).allocated, b.figures(t(3)).allocated), (2, 3));
    assert_eq!(a.figures(t(3)).available, 0);
}

#[test]
fn closing_hands_back_what_was_not_sold() {
    let mut b = SaleBucket::new(5);
    b.lock(&o(1), &m(1), q(2), 5, t(0), ttl()).unwrap();
    b.confirm(&o(1), t(1)).unwrap();
    b.lock(&o(2), &m(2), q(1), 5, t(2), ttl()).unwrap();
    assert_eq!(b.close(t(3)), 2, "the locked unit stays until its lock resolves");
    assert_eq!(b.close(t(4)), 2, "closing twice hands back nothing more");
    assert_eq!(b.figures(t(4)), BucketFigures { allocated: 3, available: 0, locked: 1, sold: 2 });
}

#[derive(Clone, Debug)]
enum Op {
    Buy { member: u32, qty: u32 },
    Pay(u32),
    Cancel(u32),
    Tick(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u32..30, 1u32..3).prop_map(|(member, qty)| Op::Buy { member, qty }),
        2 => (0u32..60).prop_map(Op::Pay),
        1 => (0u32..60).prop_map(Op::Cancel),
        1 => (1i64..400).prop_map(Op::Tick),
    ]
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![8 => Just(Fault::None), 1 => Just(Fault::LostReply), 1 => Just(Fault::Dropped), 1 => Just(Fault::Twice)]
}

proptest! {
    /// A sale of Q units over k buckets, members locking at their home bucket and pulling units
    /// from siblings with the real transfer flow ([`crate::flows::transfer`]) when it runs dry,
    /// its replies lost, dropped or doubled at any step, in any interleaving with payments,
    /// cancels and expiry: units are conserved (Σ allocated + units in flight = Q), nothing is
    /// oversold, no member exceeds the limit, and "sold out" after a pull that ran its course is
    /// only said when no bucket had a unit available.
    #[test]
    fn a_bucketed_sale_never_oversells(
        k in 1u32..5,
        quantity in 1u32..40,
        limit in 1u32..4,
        ops in prop::collection::vec(op(), 1..150),
        faults in prop::collection::vec(fault(), 0..200),
    ) {
        let mut r = request();
        r.quantity = quantity as i64;
        r.per_member_limit = limit.min(quantity) as i64;
        r.buckets = Some(k.min(quantity) as i64);
        let s = sale(&r).unwrap();
        let k = s.buckets();
        let mut sale_buckets = Buckets::new((0..k).map(|i| SaleBucket::new(s.initial_allocation(i))).collect());
        let mut faults = faults.into_iter();
        let mut now = 0i64;
        let mut next_order = 0u32;
        let mut orders: Vec<(OrderId, u32)> = Vec::new();
        for op in ops {
            match op {
                Op::Buy { member, qty } => {
                    let member = m(member);
                    let home = home_bucket(&member, k) as usize;
                    let order = o(next_order);
                    next_order += 1;
                    let buckets = &mut sale_buckets.buckets;
                    let mut result = buckets[home].lock(&order, &member, q(qty), s.per_member_limit(), t(now), ttl());
                    if k > 1 && matches!(result, Err(SaleLockError::SoldOut | SaleLockError::InsufficientStock { .. })) {
                        let pull = sale_buckets.pull(home as u32, qty, t(now), &mut faults);
                        let buckets = &mut sale_buckets.buckets;
                        result = buckets[home].lock(&order, &member, q(qty), s.per_member_limit(), t(now), ttl());
                        if matches!(result, Err(SaleLockError::SoldOut)) && matches!(pull.outcome(), Some(Ok(_))) {
                            let anywhere: u32 = buckets.iter().map(|b| b.figures(t(now)).available).sum();
                            prop_assert_eq!(anywhere, 0, "sold out while units remained");
                        }
                    }
                    if result.is_ok() { orders.push((order, home as u32)); }
                }
                Op::Pay(i) => if let Some((order, b)) = orders.get(i as usize) { let _ = sale_buckets.buckets[*b as usize].confirm(order, t(now)); },
                Op::Cancel(i) => if let Some((order, b)) = orders.get(i as usize) { sale_buckets.buckets[*b as usize].release(order); },
                Op::Tick(d) => now += d,
            }
            let buckets = &sale_buckets.buckets;
            let total_allocated: u32 = buckets.iter().map(|b| b.figures(t(now)).allocated).sum();
            prop_assert_eq!(total_allocated + sale_buckets.in_flight(), quantity);
            let sold: u32 = buckets.iter().map(|b| b.figures(t(now)).sold).sum();
            prop_assert!(sold <= quantity);
            for b in buckets { prop_assert!(b.is_consistent(s.per_member_limit(), t(now))); }
        }
    }
}

#[test]
fn lock_refusals_map_to_the_api_codes() {
    use crate::{ApiError, ErrorCode};
    let cases = [
        (SaleLockError::SoldOut, ErrorCode::SoldOut, "sold out"),
        (SaleLockError::InsufficientStock { available: 2 }, ErrorCode::InsufficientStock, "only 2 left"),
        (
            SaleLockError::LimitExceeded { limit: 2, held: 1 },
            ErrorCode::LimitExceeded,
            "the limit is 2 per member and you already hold 1",
        ),
        (SaleLockError::Mismatch { held: 3 }, ErrorCode::Conflict, "this order already holds 3 units here"),
    ];
    for (e, code, message) in cases {
        let api = ApiError::from(e);
        assert_eq!((api.code(), api.status(), api.error.message.as_str()), (code, 409, message));
    }
}

#[test]
fn a_sold_order_is_not_released() {
    use crate::stock::ReleaseError;
    let mut b = SaleBucket::new(10);
    b.lock(&o(1), &m(1), q(1), 2, t(0), ttl()).unwrap();
    b.lock(&o(2), &m(2), q(1), 2, t(0), ttl()).unwrap();
    b.confirm(&o(1), t(1)).unwrap();
    assert_eq!(b.release_unpaid(&o(1)), Err(ReleaseError::AlreadyPaid));
    assert_eq!(b.release_unpaid(&o(2)), Ok(Change::Changed));
    assert_eq!(b.release_unpaid(&o(2)), Ok(Change::Unchanged), "a repeat");
    assert_eq!(b.figures(t(2)), BucketFigures { allocated: 10, available: 9, locked: 0, sold: 1 });
}

#[test]
fn a_bucket_closes_one_lock_lifetime_after_the_end() {
    let s = sale(&request()).unwrap();
    let close = s.ends_at() + s.lock_ttl();
    assert_eq!(s.closes_at(), close);
    assert_eq!(s.next_alarm(None), close, "nothing held: the close");
    assert_eq!(s.next_alarm(Some(close - Duration::seconds(1))), close - Duration::seconds(1));
    assert_eq!(s.next_alarm(Some(close + Duration::seconds(1))), close, "never past the close");
    assert_eq!(s.close_reference(2), format!("close:{}:2", s.id()));
}
