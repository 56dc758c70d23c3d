use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

fn t(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + secs, 0).single().expect("valid test time")
}
fn order(n: u32) -> OrderId {
    OrderId::parse(&format!("O{n}")).expect("valid order id")
}
fn sale(n: u32) -> SaleId {
    SaleId::parse(&format!("FS{n}")).expect("valid sale id")
}
fn q(n: i64) -> Qty {
    Qty::parse(n).expect("valid qty")
}
const TTL: i64 = 600;
fn ttl() -> Duration {
    Duration::seconds(TTL)
}
fn pool(on_hand: i64) -> StockPool {
    let mut p = StockPool::new();
    p.receive(q(on_hand));
    p
}

#[test]
fn quantities_outside_one_to_999_are_refused() {
    assert!(Qty::parse(0).is_err());
    assert!(Qty::parse(-2).is_err());
    assert!(Qty::parse(1000).is_err());
    assert_eq!(Qty::parse(999).map(Qty::get), Ok(999));
}

#[test]
fn a_lock_holds_units_until_it_lapses() {
    let mut p = pool(3);
    assert_eq!(p.lock(&order(1), q(2), t(0), ttl()), Ok(Change::Changed));
    assert_eq!(p.available(t(0)), 1);
    assert_eq!(p.lock(&order(2), q(2), t(1), ttl()), Err(LockError::InsufficientStock { available: 1 }));
    // At the expiry instant the lock is gone and the units are back.
    assert_eq!(p.available(t(TTL)), 3);
    assert_eq!(p.lock(&order(2), q(3), t(TTL), ttl()), Ok(Change::Changed));
    assert_eq!(p.lock(&order(3), q(1), t(TTL), ttl()), Err(LockError::SoldOut));
}

#[test]
fn repeating_a_lock_is_a_no_op_and_a_different_size_is_refused() {
    let mut p = pool(5);
    p.lock(&order(1), q(2), t(0), ttl()).unwrap();
    assert_eq!(p.lock(&order(1), q(2), t(1), ttl()), Ok(Change::Unchanged));
    assert_eq!(p.lock(&order(1), q(3), t(1), ttl()), Err(LockError::Mismatch { held: 2 }));
    assert_eq!(p.figures(t(1)).locked, 2);
}

#[test]
fn a_sold_out_refusal_writes_nothing() {
    let mut p = pool(1);
    p.lock(&order(1), q(1), t(0), ttl()).unwrap();
    let before = p.clone();
    assert_eq!(p.lock(&order(2), q(1), t(1), ttl()), Err(LockError::SoldOut));
    assert_eq!(p, before);
}

#[test]
fn payment_confirms_a_live_lock_once_and_never_a_lapsed_one() {
    let mut p = pool(2);
    p.lock(&order(1), q(1), t(0), ttl()).unwrap();
    p.lock(&order(2), q(1), t(0), ttl()).unwrap();
    assert_eq!(p.confirm(&order(1), t(10)), Ok(Change::Changed));
    assert_eq!(p.confirm(&order(1), t(11)), Ok(Change::Unchanged));
    assert_eq!(p.confirm(&order(2), t(TTL + 1)), Err(ConfirmError::LockExpired));
    let f = p.figures(t(TTL + 1));
    assert_eq!((f.on_hand, f.locked, f.awaiting_pickup, f.available), (2, 0, 1, 1));
}

#[test]
fn cancel_gives_units_back_and_pickup_takes_them_out_of_the_store() {
    let mut p = pool(2);
    p.lock(&order(1), q(1), t(0), ttl()).unwrap();
    p.lock(&order(2), q(1), t(0), ttl()).unwrap();
    assert_eq!(p.release(&order(1)), Change::Changed);
    assert_eq!(p.release(&order(1)), Change::Unchanged);
    p.confirm(&order(2), t(1)).unwrap();
    assert_eq!(p.pick_up(&order(2)), Ok(Change::Changed));
    assert_eq!(p.pick_up(&order(2)), Err(PickupError::NotAwaiting));
    let f = p.figures(t(2));
    assert_eq!((f.on_hand, f.available), (1, 1));
}

#[test]
fn counter_sales_and_flash_sale_reserves_share_the_pool() {
    let mut p = pool(10);
    p.lock(&order(1), q(3), t(0), ttl()).unwrap();
    assert_eq!(p.reserve(&sale(1), q(5), t(0)), Ok(Change::Changed));
    assert_eq!(p.reserve(&sale(1), q(5), t(0)), Ok(Change::Unchanged), "a sale reserves once");
    assert_eq!(p.sell_in_store(q(3), t(0)), Err(TakeError::InsufficientStock { available: 2 }));
    assert_eq!(p.sell_in_store(q(2), t(0)), Ok(Change::Changed));
    assert_eq!(p.lock(&order(2), q(1), t(0), ttl()), Err(LockError::SoldOut));
    assert_eq!(p.consume_reserved(&sale(1), 2), Ok(Change::Changed));
    assert_eq!(p.unreserve(&sale(1), 4), Err(TakeError::NotReserved { reserved: 3 }));
    assert_eq!(p.unreserve(&sale(1), 3), Ok(Change::Changed));
    let f = p.figures(t(1));
    assert_eq!((f.on_hand, f.locked, f.reserved, f.available), (6, 3, 0, 3));
}

#[test]
fn an_undone_confirmation_frees_the_units() {
    let mut p = pool(1);
    p.lock(&order(1), q(1), t(0), ttl()).unwrap();
    p.confirm(&order(1), t(1)).unwrap();
    assert!(p.is_awaiting(&order(1)));
    assert_eq!(p.unconfirm(&order(1)), Change::Changed);
    assert_eq!(p.unconfirm(&order(1)), Change::Unchanged);
    assert_eq!(p.available(t(2)), 1);
}

#[derive(Clone, Debug)]
enum Op {
    Receive(u32),
    Lock(u32, u32),
    Confirm(u32),
    Release(u32),
    Unconfirm(u32),
    PickUp(u32),
    SellInStore(u32),
    Reserve(u32, u32),
    Unreserve(u32, u32),
    Consume(u32, u32),
    Tick(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1u32..5).prop_map(Op::Receive),
        (0u32..8, 1u32..4).prop_map(|(o, n)| Op::Lock(o, n)),
        (0u32..8).prop_map(Op::Confirm),
        (0u32..8).prop_map(Op::Release),
        (0u32..8).prop_map(Op::Unconfirm),
        (0u32..8).prop_map(Op::PickUp),
        (1u32..4).prop_map(Op::SellInStore),
        (0u32..2, 1u32..4).prop_map(|(s, n)| Op::Reserve(s, n)),
        (0u32..2, 1u32..4).prop_map(|(s, n)| Op::Unreserve(s, n)),
        (0u32..2, 1u32..4).prop_map(|(s, n)| Op::Consume(s, n)),
        (1i64..400).prop_map(Op::Tick),
    ]
}

proptest! {
    /// Any interleaving of lock / confirm / release / expire / pickup / counter sale / reserve:
    /// the figures always add up to on_hand, nothing goes negative, and units only leave the
    /// store through a pickup, a counter sale or a consumed reserve.
    #[test]
    fn the_ledger_always_adds_up(ops in prop::collection::vec(op(), 1..80)) {
        let mut p = StockPool::new();
        let mut now = 0i64;
        let (mut received, mut left) = (0u64, 0u64);
        for op in ops {
            let before = p.figures(t(now));
            match op {
                Op::Receive(n) => { p.receive(q(n as i64)); received += n as u64; }
                Op::Lock(o, n) => {
                    let r = p.lock(&order(o), q(n as i64), t(now), ttl());
                    if let Err(LockError::SoldOut) = r { prop_assert_eq!(before.available, 0); }
                    if let Err(LockError::InsufficientStock { available }) = r {
                        prop_assert!(available < n && available == before.available);
                    }
                }
                Op::Confirm(o) => { let _ = p.confirm(&order(o), t(now)); }
                Op::Release(o) => { p.release(&order(o)); }
                Op::Unconfirm(o) => { p.unconfirm(&order(o)); }
                Op::PickUp(o) => {
                    if p.pick_up(&order(o)).is_ok() {
                        left += (before.on_hand - p.figures(t(now)).on_hand) as u64;
                    }
                }
                Op::SellInStore(n) => {
                    if p.sell_in_store(q(n as i64), t(now)).is_ok() { left += n as u64; }
                    else { prop_assert!(before.available < n); }
                }
                Op::Reserve(s, n) => { let _ = p.reserve(&sale(s), q(n as i64), t(now)); }
                Op::Unreserve(s, n) => { let _ = p.unreserve(&sale(s), n); }
                Op::Consume(s, n) => { if p.consume_reserved(&sale(s), n).is_ok() { left += n as u64; } }
                Op::Tick(d) => now += d,
            }
            let f = p.figures(t(now));
            prop_assert!(p.is_consistent());
            prop_assert_eq!(f.on_hand, f.available + f.locked + f.awaiting_pickup + f.reserved);
            prop_assert_eq!(f.on_hand as u64, received - left);
        }
    }
}

#[test]
fn refusals_map_to_the_api_codes() {
    use crate::{ApiError, ErrorCode};
    let cases = [
        (ApiError::from(LockError::SoldOut), ErrorCode::SoldOut, "sold out"),
        (ApiError::from(LockError::InsufficientStock { available: 2 }), ErrorCode::InsufficientStock, "only 2 left"),
        (ApiError::from(LockError::Mismatch { held: 3 }), ErrorCode::Conflict, "this order already holds 3 units here"),
        (ApiError::from(ConfirmError::LockExpired), ErrorCode::LockExpired, "the stock lock expired before payment"),
        (ApiError::from(PickupError::NotAwaiting), ErrorCode::NotPaid, "no paid units of this order are waiting here"),
        (
            ApiError::from(TakeError::InsufficientStock { available: 4 }),
            ErrorCode::InsufficientStock,
            "only 4 available in this store",
        ),
        (
            ApiError::from(TakeError::NotReserved { reserved: 1 }),
            ErrorCode::Conflict,
            "the flash sale holds only 1 reserved units",
        ),
    ];
    for (e, code, message) in cases {
        assert_eq!((e.code(), e.error.message.as_str()), (code, message));
    }
    assert_eq!(ApiError::from(LockError::SoldOut).status(), 409);
    assert_eq!(ApiError::from(ConfirmError::LockExpired).status(), 409);
}

#[test]
fn a_paid_order_is_not_released() {
    let mut p = StockPool::new();
    p.receive(q(5));
    p.lock(&order(1), q(2), t(0), ttl()).unwrap();
    p.lock(&order(2), q(1), t(0), ttl()).unwrap();
    p.confirm(&order(1), t(1)).unwrap();
    assert_eq!(p.release_unpaid(&order(1)), Err(ReleaseError::AlreadyPaid));
    assert_eq!(p.figures(t(2)).awaiting_pickup, 2, "the paid units stay");
    assert_eq!(p.release_unpaid(&order(2)), Ok(Change::Changed));
    assert_eq!(p.release_unpaid(&order(2)), Ok(Change::Unchanged), "a repeat");
    let api = crate::ApiError::from(ReleaseError::AlreadyPaid);
    assert_eq!((api.code(), api.status()), (crate::ErrorCode::AlreadyPaid, 409));
    assert_eq!(api.error.message, "the order is already paid");
}
