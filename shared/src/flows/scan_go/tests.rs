use super::*;
use crate::ids::{Sku, StoreId};
use proptest::prelude::*;

fn cart() -> ScanGoCart {
    let mut cart = ScanGoCart::new(StoreId::parse("S1").unwrap());
    cart.set(Sku::parse("SKU-1").unwrap(), 2, Some(999)).unwrap();
    cart
}

/// Storage as the executor sees it: the cart's frozen coupon, its order, and what was charged.
#[derive(Default)]
struct World {
    frozen: Option<Option<String>>,
    order: Option<(Option<String>, OrderStatus)>,
    charges: u32,
}

impl World {
    fn stored(&self) -> Stored {
        match (&self.frozen, &self.order) {
            (_, Some((c, s))) => Stored::Ordered(c.clone(), *s),
            (Some(c), None) => Stored::Frozen(c.clone()),
            (None, None) => Stored::Open,
        }
    }

    /// Runs one attempt; `crash_at` stops it after that many commands were carried out
    /// (the reply is lost), as a dropped connection or a restarted worker would.
    fn attempt(&mut self, best: Option<String>, crash_at: Option<usize>) -> Option<Result<(), Fault>> {
        let (mut flow, mut queue) = Checkout::start(cart(), self.stored(), best);
        let mut done = 0;
        while let Some(command) = queue.pop() {
            let event = match command {
                Command::Freeze { coupon } => {
                    let frozen = self.frozen.get_or_insert(coupon).clone();
                    Event::Frozen { coupon: frozen, cart: cart() }
                }
                Command::Place(order) => {
                    let (coupon, status) =
                        self.order.get_or_insert((order.coupon_id.clone(), OrderStatus::PendingPayment));
                    assert_eq!(*coupon, order.coupon_id, "an attempt placed the order with another coupon");
                    Event::Placed(*status)
                }
                Command::Pay => {
                    // The completion flow charges a pending order once (one payment per order).
                    let order = self.order.as_mut().expect("paid before placing");
                    if order.1 == OrderStatus::PendingPayment {
                        self.charges += 1;
                        order.1 = OrderStatus::ReadyForPickup;
                    }
                    Event::Paid(order.1)
                }
                Command::Thaw => unreachable!("these attempts are never refused"),
            };
            done += 1;
            if crash_at == Some(done) {
                return None;
            }
            queue.extend(flow.on(event));
        }
        flow.outcome()
    }
}

#[test]
fn a_scan_that_lands_before_the_freeze_is_part_of_the_order() {
    let (mut flow, commands) = Checkout::start(cart(), Stored::Open, Some("C1".into()));
    assert_eq!(commands, vec![Command::Freeze { coupon: Some("C1".into()) }]);
    let mut frozen = cart();
    frozen.set(Sku::parse("SKU-2").unwrap(), 1, Some(9)).unwrap();
    let next = flow.on(Event::Frozen { coupon: Some("C1".into()), cart: frozen });
    let [Command::Place(order)] = next.as_slice() else { panic!("{next:?}") };
    assert_eq!(order.lines.len(), 2, "the order has what the cart held when it froze");
}

#[test]
fn an_empty_cart_is_refused_before_anything_is_done() {
    let empty = ScanGoCart::new(StoreId::parse("S1").unwrap());
    let (flow, commands) = Checkout::start(empty, Stored::Open, None);
    assert!(commands.is_empty());
    assert!(matches!(flow.outcome(), Some(Err(Fault::Refused(e))) if e.code() == ErrorCode::Invalid));
}

#[test]
fn a_lapsed_order_ends_the_checkout_and_a_paid_one_is_done_at_once() {
    let (flow, commands) = Checkout::start(cart(), Stored::Ordered(None, OrderStatus::Expired), None);
    assert!(commands.is_empty());
    assert_eq!(flow.outcome().and_then(|r| r.err()).and_then(|f| f.code()), Some(ErrorCode::LockExpired));
    let (flow, commands) = Checkout::start(cart(), Stored::Ordered(None, OrderStatus::PickedUp), None);
    assert!(commands.is_empty());
    assert_eq!(flow.outcome(), Some(Ok(())));
}

#[test]
fn a_payment_still_pending_after_paying_asks_to_try_again() {
    let (mut flow, _) = Checkout::start(cart(), Stored::Ordered(None, OrderStatus::PendingPayment), None);
    assert!(flow.on(Event::Paid(OrderStatus::PendingPayment)).is_empty());
    assert_eq!(flow.outcome().and_then(|r| r.err()).and_then(|f| f.code()), Some(ErrorCode::Conflict));
}

proptest! {
    /// Any number of attempts, each maybe crashing after any step and each seeing a different
    /// best coupon (others spent or claimed meanwhile): the first frozen coupon is the one
    /// paid with, the member is charged once, and an attempt that runs through ends paid.
    #[test]
    fn checkout_with_duplicates_and_crashes_charges_once(
        attempts in prop::collection::vec((prop::option::of(0usize..5), prop::option::of(0u8..3)), 1..8)
    ) {
        let mut world = World::default();
        let mut first_coupon = None;
        for (crash_at, best) in attempts {
            let best = best.map(|n| format!("C{n}"));
            let outcome = world.attempt(best, crash_at);
            if first_coupon.is_none() {
                first_coupon = world.frozen.clone();
            }
            if crash_at.is_none() || outcome.is_some() {
                prop_assert_eq!(outcome, Some(Ok(())));
            }
            prop_assert!(world.charges <= 1);
        }
        let ok = world.attempt(None, None);
        prop_assert_eq!(ok, Some(Ok(())));
        prop_assert_eq!(world.charges, 1);
        prop_assert_eq!(world.frozen.clone(), first_coupon);
        let frozen = world.frozen.clone().expect("frozen");
        prop_assert_eq!(world.order.map(|o| o.0), Some(frozen));
    }
}

#[test]
fn a_refused_payment_cancels_the_order_and_opens_the_cart_for_another_round() {
    let (mut flow, commands) = Checkout::start(cart(), Stored::Ordered(None, OrderStatus::PendingPayment), None);
    assert_eq!(commands, vec![Command::Pay]);
    let short = Fault::Refused(ApiError::new(ErrorCode::InsufficientBalance, "short"));
    assert_eq!(flow.on(Event::Failed(short.clone())), vec![Command::Thaw]);
    assert!(flow.on(Event::Thawed).is_empty());
    assert_eq!(flow.outcome(), Some(Err(short.clone())), "the member is told why");
    // A lost answer while paying may have charged: that never thaws the cart.
    let (mut flow, _) = Checkout::start(cart(), Stored::Ordered(None, OrderStatus::PendingPayment), None);
    assert!(flow.on(Event::Failed(Fault::Crashed("lost".into()))).is_empty());
    assert!(matches!(flow.outcome(), Some(Err(Fault::Crashed(_)))));
    // A refusal to place (sold out) opens the cart too, so the member can change it.
    let (mut flow, _) = Checkout::start(cart(), Stored::Frozen(None), None);
    let sold_out = Fault::Refused(ApiError::new(ErrorCode::SoldOut, "gone"));
    assert_eq!(flow.on(Event::Failed(sold_out.clone())), vec![Command::Thaw]);
    assert!(flow.on(Event::Failed(Fault::Crashed("lost".into()))).is_empty());
    assert_eq!(flow.outcome(), Some(Err(sold_out)), "a failed thaw still answers the refusal");
}

#[test]
fn the_stored_checkout_is_its_order_else_its_freeze_else_open() {
    let row = |frozen: bool| CartRow {
        id: "G1".into(),
        member_id: "M10000001".into(),
        store_id: "S1".into(),
        frozen_at: frozen.then(|| "2026-11-24T08:00:00.000Z".into()),
        frozen_coupon_id: Some("C1".into()),
        round: 0,
    };
    let ordered = Some((Some("C2".into()), OrderStatus::PendingPayment));
    assert_eq!(
        Stored::of(&row(true), ordered.clone()),
        Stored::Ordered(Some("C2".into()), OrderStatus::PendingPayment)
    );
    assert_eq!(Stored::of(&row(false), ordered), Stored::Ordered(Some("C2".into()), OrderStatus::PendingPayment));
    assert_eq!(Stored::of(&row(true), None), Stored::Frozen(Some("C1".into())));
    assert_eq!(Stored::of(&row(false), None), Stored::Open);
}
