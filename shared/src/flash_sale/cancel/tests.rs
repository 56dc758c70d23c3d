use super::*;
use crate::flash_sale::SaleRequest;
use crate::flash_sale::tests::fixtures::{m, o, q, request, sale_of, t};
use crate::stock::StockPool;
use chrono::Duration;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn id() -> SaleId {
    SaleId::parse("FS1").expect("valid")
}
/// Ten units, limit 3, one bucket.
fn sale() -> FlashSale {
    let req = SaleRequest { quantity: 10, per_member_limit: 3, buckets: None, ..request() };
    sale_of(&req, t(-60))
}

#[test]
fn a_sale_may_be_cancelled_until_its_end_and_not_after() {
    let s = sale();
    assert_eq!(s.check_cancel(t(-30)), Ok(()));
    assert_eq!(s.check_cancel(t(3_599)), Ok(()));
    assert_eq!(s.check_cancel(t(3_600)), Err(CancelError::AlreadyEnded(t(3_600))));
}

#[test]
fn free_units_go_back_at_once_and_held_ones_when_their_lock_ends() {
    let mut b = SaleBucket::new(10);
    b.lock(&o(1), &m(1), q(2), 3, t(10), Duration::minutes(10)).expect("lock");
    b.lock(&o(2), &m(2), q(1), 3, t(10), Duration::minutes(10)).expect("lock");
    b.confirm(&o(2), t(20)).expect("paid");
    let mut c = SaleCancel::new(t(30));
    let (first, change) = c.next_return(&mut b, &id(), 0, t(30));
    let first = first.expect("free units");
    assert_eq!((first.qty, change), (7, Change::Changed));
    assert_eq!(first.reference, "cancel:FS1:0:0");
    c.delivered(&first);
    assert_eq!(c.next_return(&mut b, &id(), 0, t(40)), (None, Change::Unchanged), "the held units are still held");
    // The lock lapses: its two units follow, the paid one stays sold.
    b.expire(t(700));
    let (second, _) = c.next_return(&mut b, &id(), 0, t(700));
    let second = second.expect("lapsed units");
    assert_eq!((second.qty, second.reference.as_str()), (2, "cancel:FS1:0:1"));
    c.delivered(&second);
    assert_eq!(c.units_returned(), 9);
    let f = b.figures(t(700));
    assert_eq!((f.allocated, f.available, f.locked, f.sold), (1, 0, 0, 1));
}

#[test]
fn a_return_asked_again_before_delivery_is_the_same_return() {
    let mut b = SaleBucket::new(5);
    let c = SaleCancel::new(t(0));
    let (first, _) = c.next_return(&mut b, &id(), 2, t(0));
    b.receive("sibling", 3); // more units arrive before the pool confirmed the first return
    let (again, change) = c.next_return(&mut b, &id(), 2, t(1));
    assert_eq!((first, change), (again, Change::Unchanged));
}

#[derive(Debug, Clone)]
enum Op {
    Lock(u32, u32),
    Pay(u32),
    CancelOrder(u32),
    Tick(i64),
    Lapse,
    CancelSale,
    /// Ask for the next return and send it; `deliver` false is a crash before it is marked.
    Return {
        deliver: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u32..6, 1u32..4).prop_map(|(o, n)| Op::Lock(o, n)),
        (0u32..6).prop_map(Op::Pay),
        (0u32..6).prop_map(Op::CancelOrder),
        (1i64..400).prop_map(Op::Tick),
        Just(Op::Lapse),
        Just(Op::CancelSale),
        any::<bool>().prop_map(|deliver| Op::Return { deliver }),
    ]
}

proptest! {
    /// Any interleaving of orders, payments, lapses, a cancel and its returns (crashing or
    /// not): units in the pool + in the sale + held + sold stay what the store had; the pool's
    /// reserve for the sale is the bucket's share; and once every lock has ended and the
    /// returns are done, the sale keeps exactly its sold units.
    #[test]
    fn a_cancel_moves_units_and_never_makes_or_loses_one(ops in prop::collection::vec(op(), 1..60)) {
        const ON_HAND: u32 = 20;
        let mut pool = StockPool::new();
        pool.receive(q(ON_HAND));
        pool.reserve(&id(), q(10), t(0)).expect("reserve");
        let mut b = SaleBucket::new(10);
        let mut cancel: Option<SaleCancel> = None;
        let mut taken: BTreeSet<String> = BTreeSet::new(); // the pool's once-only references
        let mut now = 0i64;
        let mut send = |pool: &mut StockPool, r: &PoolReturn| {
            if taken.insert(r.reference.clone()) && r.qty > 0 {
                pool.unreserve(&id(), r.qty).expect("the pool holds what the sale gives back");
            }
        };
        for op in ops {
            match op {
                Op::Lock(n, qty) => if cancel.is_none() {
                    let _ = b.lock(&o(n), &m(n), q(qty), 3, t(now), Duration::minutes(10));
                },
                Op::Pay(n) => { let _ = b.confirm(&o(n), t(now)); }
                Op::CancelOrder(n) => { b.release(&o(n)); }
                Op::Tick(d) => now += d,
                Op::Lapse => { b.expire(t(now)); }
                Op::CancelSale => { cancel.get_or_insert_with(|| SaleCancel::new(t(now))); }
                Op::Return { deliver } => if let Some(c) = cancel.as_mut()
                    && let (Some(r), _) = c.next_return(&mut b, &id(), 0, t(now))
                {
                    send(&mut pool, &r);
                    if deliver { c.delivered(&r); }
                },
            }
            // A return recorded in the bucket but not yet taken by the pool is in flight.
            let f = b.figures(t(now));
            let in_flight = pool.reserved_for(&id()) - f.allocated;
            let pool_free = pool.figures(t(now)).available;
            prop_assert_eq!(pool_free + in_flight + f.available + f.locked + f.sold, ON_HAND);
            prop_assert!(b.is_consistent(3, t(now)));
        }
        // Every lock ends, and the returns run to the end.
        let end = now + 3_600;
        b.expire(t(end));
        let c = cancel.get_or_insert_with(|| SaleCancel::new(t(end)));
        while let (Some(r), _) = c.next_return(&mut b, &id(), 0, t(end)) {
            send(&mut pool, &r);
            c.delivered(&r);
        }
        let f = b.figures(t(end));
        prop_assert_eq!((f.available, f.locked, f.allocated), (0, 0, f.sold));
        prop_assert_eq!(pool.reserved_for(&id()), f.sold);
        prop_assert_eq!(pool.figures(t(end)).available, ON_HAND - f.sold);
    }
}
