use super::*;
use crate::money::Fen;
use crate::order::totals;
use crate::stock::Qty;
use proptest::prelude::*;

fn store() -> StoreId {
    StoreId::parse("S1").unwrap()
}

fn order() -> ValidOrder {
    ticket(store(), &[("SKU-1".into(), 2)]).unwrap()
}

const PRICE: u64 = 1_500;
const ON_HAND: u32 = 5;

/// Storage as the executor sees it: the order, the store's pool and the member's card.
struct World {
    order: Option<OrderStatus>,
    locked: u32,
    sold: u32,
    balance: u64,
    charged: u64,
}

impl World {
    fn new(balance: u64) -> Self {
        World { order: None, locked: 0, sold: 0, balance, charged: 0 }
    }

    fn total(&self) -> u64 {
        PRICE * 2
    }

    /// One command carried out as the worker would (each step idempotent on the order).
    fn carry_out(&mut self, command: Command) -> Event {
        match command {
            Command::Place(order) => {
                let qty = order.lines.iter().map(|l| l.qty.get()).sum::<u32>();
                if self.order.is_none() {
                    if ON_HAND - self.sold - self.locked < qty {
                        return Event::Failed(Fault::Refused(ApiError::new(ErrorCode::InsufficientStock, "short")));
                    }
                    self.locked += qty;
                    self.order = Some(OrderStatus::PendingPayment);
                }
                Event::Placed(self.order.unwrap())
            }
            Command::Pay => {
                // The completion flow: the debit and the sale together, once per order.
                if self.order == Some(OrderStatus::PendingPayment) {
                    if self.balance < self.total() {
                        return Event::Failed(Fault::Refused(ApiError::new(ErrorCode::InsufficientBalance, "short")));
                    }
                    self.balance -= self.total();
                    self.charged += self.total();
                    self.order = Some(OrderStatus::ReadyForPickup);
                }
                Event::Paid(self.order.unwrap())
            }
            Command::HandOver => match self.order {
                Some(OrderStatus::ReadyForPickup) => {
                    self.sold += self.locked;
                    self.locked = 0;
                    self.order = Some(OrderStatus::PickedUp);
                    Event::HandedOver
                }
                _ => Event::Failed(Fault::Refused(ApiError::new(ErrorCode::AlreadyPickedUp, "picked up"))),
            },
            Command::Cancel => {
                if self.order == Some(OrderStatus::PendingPayment) {
                    self.locked = 0;
                    self.order = Some(OrderStatus::Cancelled);
                }
                Event::Cancelled
            }
        }
    }

    /// Runs one attempt; `crash_at` loses the reply of that many-th command.
    fn attempt(&mut self, crash_at: Option<usize>) -> Option<Result<Sold, Fault>> {
        let (mut flow, mut queue) = CounterSale::start(order(), self.order);
        let mut done = 0;
        while let Some(command) = queue.pop() {
            let event = self.carry_out(command);
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
fn a_ticket_adds_repeated_lines_and_refuses_bad_ones() {
    let t = ticket(store(), &[("SKU-1".into(), 2), ("SKU-2".into(), 1), ("SKU-1".into(), 3)]).unwrap();
    let lines: Vec<(String, u32)> = t.lines.iter().map(|l| (l.sku.to_string(), l.qty.get())).collect();
    assert_eq!(lines, vec![("SKU-1".into(), 5), ("SKU-2".into(), 1)]);
    assert_eq!(t.coupon_id, None);
    assert_eq!(ticket(store(), &[]), Err(TicketError::Empty));
    assert_eq!(ticket(store(), &[("no sku".into(), 1)]), Err(TicketError::BadSku(0)));
    let zero = ticket(store(), &[("SKU-1".into(), 1), ("SKU-2".into(), 0)]);
    assert_eq!(zero, Err(TicketError::Line { index: 1, problem: LineError::TooMany }));
    let many = ticket(store(), &[("SKU-1".into(), 60), ("SKU-1".into(), 40)]);
    assert_eq!(many, Err(TicketError::Line { index: 1, problem: LineError::TooMany }));
    let huge = ticket(store(), &[("SKU-1".into(), i64::MAX)]);
    assert!(matches!(huge, Err(TicketError::Line { .. })));
}

#[test]
fn one_key_is_one_order_and_each_guide_has_their_own() {
    let k = IdempotencyKey::parse("k1").unwrap();
    assert_eq!(counter_sale_order_id(b"key", "G1", &k), counter_sale_order_id(b"key", "G1", &k));
    assert_ne!(counter_sale_order_id(b"key", "G1", &k), counter_sale_order_id(b"key", "G2", &k));
}

#[test]
fn a_sale_is_placed_paid_and_handed_over() {
    let mut world = World::new(10_000);
    assert_eq!(world.attempt(None), Some(Ok(Sold::HandedOver)));
    assert_eq!((world.sold, world.locked, world.charged), (2, 0, 3_000));
    assert_eq!(world.attempt(None), Some(Ok(Sold::HandedOver)), "a repeat answers the same");
    assert_eq!(world.charged, 3_000);
}

#[test]
fn a_refused_payment_puts_the_units_back() {
    let mut world = World::new(100);
    let outcome = world.attempt(None).unwrap();
    assert_eq!(outcome.err().and_then(|f| f.code()), Some(ErrorCode::InsufficientBalance));
    assert_eq!((world.sold, world.locked, world.charged), (0, 0, 0));
    let again = world.attempt(None).unwrap();
    assert_eq!(again.err().and_then(|f| f.code()), Some(ErrorCode::Conflict), "the key's sale is over");
}

#[test]
fn a_gateway_payment_not_yet_confirmed_waits_and_a_lost_cancel_still_refuses() {
    let (mut flow, _) = CounterSale::start(order(), Some(OrderStatus::PendingPayment));
    assert!(flow.on(Event::Paid(OrderStatus::PendingPayment)).is_empty());
    assert_eq!(flow.outcome(), Some(Ok(Sold::AwaitingGateway)));
    let (mut flow, _) = CounterSale::start(order(), Some(OrderStatus::PendingPayment));
    let short = Fault::Refused(ApiError::new(ErrorCode::InsufficientBalance, "short"));
    assert_eq!(flow.on(Event::Failed(short.clone())), vec![Command::Cancel]);
    assert!(flow.on(Event::Failed(Fault::Crashed("gone".into()))).is_empty());
    assert_eq!(flow.outcome(), Some(Err(short)));
}

#[test]
fn an_order_placed_elsewhere_than_paid_is_not_cancelled_on_a_crash() {
    let (mut flow, _) = CounterSale::start(order(), Some(OrderStatus::PendingPayment));
    assert!(flow.on(Event::Failed(Fault::Crashed("lost".into()))).is_empty());
    assert!(matches!(flow.outcome(), Some(Err(Fault::Crashed(_)))));
}

#[test]
fn an_order_whose_units_travel_is_not_handed_over_at_the_counter() {
    let (flow, next) = CounterSale::start(order(), Some(OrderStatus::AwaitingTransfer));
    assert!(next.is_empty());
    assert_eq!(flow.outcome().and_then(|o| o.err()).and_then(|f| f.code()), Some(ErrorCode::NotArrived));
}

proptest! {
    /// Attempts that crash after any step, repeated, with enough money or not: stock and money
    /// always agree (units sold exactly when the total was charged, once), and the last
    /// attempt that runs through ends handed over or refused with nothing held.
    #[test]
    fn any_crash_point_leaves_stock_and_money_consistent(
        crashes in prop::collection::vec(prop::option::of(1usize..5), 0..6),
        rich in any::<bool>(),
    ) {
        let mut world = World::new(if rich { 10_000 } else { 2_999 });
        for crash_at in crashes {
            world.attempt(crash_at);
            prop_assert!(world.charged == 0 || world.charged == world.total());
            prop_assert!(world.sold == 0 || world.charged == world.total());
            prop_assert_eq!(world.locked + world.sold, if world.order.is_some_and(|s| !s.is_final() || s == OrderStatus::PickedUp) { 2 } else { 0 });
        }
        let last = world.attempt(None).expect("an attempt that does not crash ends");
        match (rich, last) {
            (true, Ok(Sold::HandedOver)) => prop_assert_eq!((world.sold, world.charged), (2, world.total())),
            (false, Err(_)) => prop_assert_eq!((world.sold, world.locked, world.charged), (0, 0, 0)),
            (rich, last) => prop_assert!(false, "rich {} ended {:?}", rich, last),
        }
    }

    /// What the counter asks for is the sum of its lines less the discount, never negative,
    /// and an amount too large for the money type is refused rather than capped.
    #[test]
    fn the_total_is_the_lines_less_the_discount(
        lines in prop::collection::vec((0u64..=Fen::MAX, 1i64..=99), 1..6),
        discount in 0u64..1_000_000,
    ) {
        let priced: Vec<(Fen, Qty)> = lines.iter().map(|(p, q)| (Fen::new(*p), Qty::parse(*q).unwrap())).collect();
        let exact: u128 = lines.iter().map(|(p, q)| u128::from(*p) * *q as u128).sum();
        match totals(&priced, Fen::new(discount)) {
            Ok(t) => {
                prop_assert_eq!(u128::from(t.subtotal.get()), exact);
                prop_assert_eq!(t.total.get(), t.subtotal.get() - t.discount.get());
                prop_assert_eq!(t.discount.get(), discount.min(t.subtotal.get()));
            }
            Err(_) => prop_assert!(exact > u128::from(Fen::MAX)),
        }
    }
}

#[test]
fn ticket_refusals_map_to_the_api_codes() {
    let bad_sku = ApiError::from(TicketError::BadSku(1));
    assert_eq!(
        (bad_sku.code(), bad_sku.status(), bad_sku.error.message.as_str()),
        (ErrorCode::NotFound, 404, "lines[1].sku: not a SKU")
    );
    let empty = ApiError::from(TicketError::Empty);
    assert_eq!(
        (empty.code(), empty.status(), empty.error.message.as_str()),
        (ErrorCode::Invalid, 422, "lines: lines: ring up at least one item")
    );
    let line = ApiError::from(TicketError::Line { index: 0, problem: LineError::TooMany });
    assert_eq!(line.code(), ErrorCode::Invalid);
    assert_eq!(line.error.message, format!("lines: lines[0]: {}", LineError::TooMany));
}
