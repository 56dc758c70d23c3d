//! The executor's loop run natively against an in-memory shop: real stock pools
//! (`shared::stock::StockPool`), a wallet with one coupon, an order table and a refund book.
//! The fakes answer the way the objects do (refusals as API errors), so these tests check that
//! [`drive`] carries every command to its owner and every reply back until the outcome.

use super::{Ports, drive};
use chrono::{DateTime, Duration, TimeZone, Utc};
use futures_util::FutureExt;
use shared::coupon::{Cart, CartLine, CouponKind, Scope, Terms};
use shared::flows::completion::{self, Arrival, Completed, Completion};
use shared::flows::expiry::{self, Expired, Expiry};
use shared::flows::hold::Holder;
use shared::flows::placement::{self, Placement, PlacementLine, PlacementOrder};
use shared::flows::policy::OrderPolicy;
use shared::ids::{Category, OrderId, Sku, StoreId};
use shared::order::OrderStatus;
use shared::stock::{LockError, Qty, StockPool};
use shared::{ApiError, ErrorCode, Fen};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

#[derive(Default)]
struct Shop {
    now: Cell<i64>,
    pools: RefCell<BTreeMap<Holder, StockPool>>,
    coupon_held_by: RefCell<Option<OrderId>>,
    orders: RefCell<BTreeMap<OrderId, OrderStatus>>,
    refunds: RefCell<Vec<OrderId>>,
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).single().expect("valid time")
}

fn pool(sku: &str) -> Holder {
    Holder::Pool { store: StoreId::parse("S1").expect("id"), sku: Sku::parse(sku).expect("id") }
}

fn order_id() -> OrderId {
    OrderId::parse("O1").expect("id")
}

impl Shop {
    fn with_stock(units: &[(&str, u32)]) -> Shop {
        let shop = Shop::default();
        for (sku, n) in units {
            let mut p = StockPool::new();
            p.receive(Qty::parse(*n as i64).expect("qty"));
            shop.pools.borrow_mut().insert(pool(sku), p);
        }
        shop
    }
    fn now(&self) -> DateTime<Utc> {
        t0() + Duration::seconds(self.now.get())
    }
    fn figures(&self, sku: &str) -> shared::stock::StockFigures {
        self.pools.borrow()[&pool(sku)].figures(self.now())
    }
    fn with_pool<T>(&self, h: &Holder, f: impl FnOnce(&mut StockPool) -> T) -> T {
        f(self.pools.borrow_mut().get_mut(h).expect("a pool"))
    }
}

impl Ports<Placement> for Shop {
    async fn run(&self, command: placement::Command) -> placement::Event {
        use placement::{Command, Event, Step};
        let now = self.now();
        match command {
            Command::Lock { line, holder, qty, until } => {
                match self.with_pool(&holder, |p| p.lock(&order_id(), qty, now, until - now)) {
                    Ok(_) => Event::Locked(line),
                    Err(LockError::SoldOut) => Event::Refused(Step::Line(line), ApiError::new(ErrorCode::SoldOut, "")),
                    Err(e) => {
                        Event::Refused(Step::Line(line), ApiError::new(ErrorCode::InsufficientStock, e.to_string()))
                    }
                }
            }
            Command::Release { line, holder } => {
                self.with_pool(&holder, |p| p.release(&order_id()));
                Event::Released(Step::Line(line))
            }
            Command::LockCoupon { .. } => {
                *self.coupon_held_by.borrow_mut() = Some(order_id());
                Event::CouponLocked(Terms {
                    kind: CouponKind::Fixed,
                    threshold: Fen::ZERO,
                    off: Fen::new(500),
                    percent: 0,
                    scope: Scope::All,
                    store: None,
                    flash_sale_ok: false,
                    first_order_only: false,
                })
            }
            Command::ReleaseCoupon { .. } => {
                *self.coupon_held_by.borrow_mut() = None;
                Event::Released(Step::Coupon)
            }
            Command::Record(draft) => {
                self.orders.borrow_mut().insert(draft.id().clone(), OrderStatus::PendingPayment);
                Event::Recorded
            }
        }
    }
}

impl Ports<Completion> for Shop {
    async fn run(&self, command: completion::Command) -> completion::Event {
        use completion::{Command, Event, Step};
        let now = self.now();
        let set = |s: OrderStatus| self.orders.borrow_mut().insert(order_id(), s);
        let status = || self.orders.borrow()[&order_id()];
        match command {
            Command::Confirm { line, holder } => match self.with_pool(&holder, |p| p.confirm(&order_id(), now)) {
                Ok(_) => Event::Done(Step::Confirm(line)),
                Err(_) => Event::LockLapsed(line),
            },
            Command::Unconfirm { line, holder } => {
                self.with_pool(&holder, |p| p.unconfirm(&order_id()));
                Event::Done(Step::Unconfirm(line))
            }
            Command::RedeemCoupon { .. } => Event::Done(Step::Redeem),
            Command::ReleaseCoupon { .. } => {
                *self.coupon_held_by.borrow_mut() = None;
                Event::Done(Step::ReleaseCoupon)
            }
            Command::Close => {
                let closed = status() == OrderStatus::PendingPayment;
                if closed {
                    set(OrderStatus::Expired);
                }
                Event::Closed { closed }
            }
            Command::Refund { .. } => {
                self.refunds.borrow_mut().push(order_id());
                Event::Done(Step::Refund)
            }
            Command::MarkPaid => {
                let first = status() == OrderStatus::PendingPayment;
                if first {
                    set(OrderStatus::ReadyForPickup);
                }
                Event::MarkedPaid { first }
            }
            Command::RecordSpend { .. } => Event::Done(Step::RecordSpend),
            Command::GiveRewards => Event::Done(Step::GiveRewards),
        }
    }
}

impl Ports<Expiry> for Shop {
    async fn run(&self, command: expiry::Command) -> expiry::Event {
        match command {
            expiry::Command::Close(order) => {
                let mut orders = self.orders.borrow_mut();
                let closed = orders.get(&order) == Some(&OrderStatus::PendingPayment);
                if closed {
                    orders.insert(order, OrderStatus::Expired);
                }
                expiry::Event::Closed { closed, coupon: closed.then(|| "C1".to_owned()) }
            }
            expiry::Command::ReleaseCoupon { .. } => {
                *self.coupon_held_by.borrow_mut() = None;
                expiry::Event::CouponReleased
            }
        }
    }
}

fn an_order(skus: &[&str], coupon: bool) -> PlacementOrder {
    let lines: Vec<PlacementLine> = skus
        .iter()
        .map(|s| {
            let sku = Sku::parse(s).expect("id");
            PlacementLine::new(sku, Qty::parse(2).expect("qty"), Fen::new(3_000), pool(s), Duration::minutes(10))
        })
        .collect();
    let cart = Cart {
        store: StoreId::parse("S1").expect("id"),
        lines: lines
            .iter()
            .map(|l| CartLine {
                sku: l.sku().clone(),
                category: Category::parse("beauty").expect("category"),
                brand: "B".into(),
                unit_price: l.price(),
                qty: l.qty().get(),
                flash_sale: false,
            })
            .collect(),
        first_order: false,
    };
    PlacementOrder { id: order_id(), lines, coupon: coupon.then(|| "C1".into()), cart }
}

/// Drives a flow whose fakes never wait (so the future is ready at once).
fn run_flow<F: shared::flows::Flow>(flow: &mut F, first: Vec<F::Command>, shop: &impl Ports<F>) -> Option<F::Outcome> {
    drive(flow, first, shop).now_or_never().expect("the fakes never wait")
}

fn place(shop: &Shop, skus: &[&str], coupon: bool) -> Result<placement::OrderDraft, shared::flows::Fault> {
    let (mut flow, first) = Placement::start(an_order(skus, coupon), shop.now(), &OrderPolicy::standard());
    run_flow(&mut flow, first, shop).expect("an outcome")
}

fn complete(shop: &Shop, skus: &[&str], coupon: bool) -> Result<Completed, shared::flows::Fault> {
    let arrival = Arrival {
        order: order_id(),
        status: shop.orders.borrow()[&order_id()],
        paid_the_same_way: false,
        holders: skus.iter().map(|s| pool(s)).collect(),
        coupon: coupon.then(|| "C1".into()),
        total: Fen::new(11_500),
    };
    let (mut flow, first) = Completion::start(arrival);
    run_flow(&mut flow, first, shop).expect("an outcome")
}

#[test]
fn an_order_placed_through_the_executor_holds_every_line_and_its_coupon() {
    let shop = Shop::with_stock(&[("K1", 5), ("K2", 2)]);
    let draft = place(&shop, &["K1", "K2"], true).expect("placed");
    assert_eq!(draft.totals().total, Fen::new(11_500));
    assert_eq!(draft.lock_expires_at(), t0() + Duration::minutes(10));
    assert_eq!((shop.figures("K1").locked, shop.figures("K2").locked), (2, 2));
    assert_eq!(*shop.coupon_held_by.borrow(), Some(order_id()));
    assert_eq!(shop.orders.borrow().get(&order_id()), Some(&OrderStatus::PendingPayment));
}

#[test]
fn a_sold_out_line_leaves_nothing_held_and_no_order() {
    let shop = Shop::with_stock(&[("K1", 5), ("K2", 1)]);
    let refused = place(&shop, &["K1", "K2"], true).expect_err("refused");
    assert_eq!(refused.code(), Some(ErrorCode::InsufficientStock));
    assert_eq!((shop.figures("K1").locked, shop.figures("K1").available), (0, 5));
    assert_eq!(*shop.coupon_held_by.borrow(), None, "the coupon was never locked");
    assert!(shop.orders.borrow().is_empty());
}

#[test]
fn money_arriving_in_time_sells_the_units_and_pays_the_order() {
    let shop = Shop::with_stock(&[("K1", 5), ("K2", 2)]);
    place(&shop, &["K1", "K2"], true).expect("placed");
    shop.now.set(9 * 60);
    assert_eq!(complete(&shop, &["K1", "K2"], true), Ok(Completed::Paid));
    assert_eq!((shop.figures("K1").awaiting_pickup, shop.figures("K2").awaiting_pickup), (2, 2));
    assert_eq!(shop.orders.borrow()[&order_id()], OrderStatus::ReadyForPickup);
    assert!(shop.refunds.borrow().is_empty());
}

#[test]
fn money_arriving_after_the_lock_lapsed_goes_back_and_the_order_expires() {
    let shop = Shop::with_stock(&[("K1", 5), ("K2", 2)]);
    place(&shop, &["K1", "K2"], true).expect("placed");
    shop.now.set(11 * 60);
    let done = complete(&shop, &["K1", "K2"], true);
    assert_eq!(done, Ok(Completed::Refunded(completion::RefundReason::LockLapsed)));
    assert_eq!(shop.orders.borrow()[&order_id()], OrderStatus::Expired);
    assert_eq!(shop.refunds.borrow().len(), 1);
    assert_eq!((shop.figures("K1").awaiting_pickup, shop.figures("K1").available), (0, 5));
    assert_eq!(*shop.coupon_held_by.borrow(), None, "the coupon went back to the wallet");
}

#[test]
fn a_lapse_reported_by_an_alarm_expires_the_order_once() {
    let shop = Shop::with_stock(&[("K1", 5)]);
    place(&shop, &["K1"], true).expect("placed");
    let (mut flow, first) = Expiry::lock_lapsed(order_id());
    assert_eq!(run_flow(&mut flow, first, &shop), Some(Ok(Expired::Now)));
    assert_eq!(*shop.coupon_held_by.borrow(), None);
    let (mut again, first) = Expiry::lock_lapsed(order_id());
    assert_eq!(run_flow(&mut again, first, &shop), Some(Ok(Expired::Already)));
}
