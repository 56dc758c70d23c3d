//! The completion machine against a model of the holds, the wallet, the order row and the
//! money, through random lapses, crashes before or after a step, repeated replies and any
//! order of the undo steps; a completion that fails is run again, as the repair pass does.

use super::*;
use crate::flows::hold::Holder;
use crate::ids::{OrderId, SaleId, Sku, StoreId};
use crate::{ApiError, ErrorCode, Fen};
use proptest::prelude::*;

fn holder(i: usize) -> Holder {
    if i.is_multiple_of(2) {
        Holder::Pool { store: StoreId::parse("S1").expect("id"), sku: Sku::parse(&format!("K{i}")).expect("id") }
    } else {
        Holder::Bucket { sale: SaleId::parse(&format!("FS{i}")).expect("id"), index: 0 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HoldState {
    Held,
    Lapsed,
    Sold,
    /// Sold to the order and gone from this store (on its way to the pickup store).
    Sent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CouponState {
    Locked,
    Available,
    Redeemed,
    /// Taken by another order meanwhile: it cannot be redeemed for this one.
    Elsewhere,
}

#[derive(Clone, Copy, Debug)]
enum Fate {
    Answer,
    LostBefore,
    LostAfter,
}

#[derive(Debug)]
struct World {
    holds: Vec<HoldState>,
    coupon: Option<CouponState>,
    status: OrderStatus,
    paid_by_us: bool,
    /// Another payment of the same order paid it.
    rival: bool,
    refunds: u32,
    redeems: u32,
}

const TOTAL: Fen = Fen::new(5_000);

fn run(w: &mut World, c: &Command, fate: Fate) -> Event {
    let happens = !matches!(fate, Fate::LostBefore);
    let (step, reply) = match c {
        Command::Confirm { line, .. } => {
            let reply = match w.holds[*line] {
                HoldState::Lapsed | HoldState::Sent => Event::LockLapsed(*line),
                HoldState::Held | HoldState::Sold => {
                    if happens {
                        w.holds[*line] = HoldState::Sold;
                    }
                    Event::Done(Step::Confirm(*line))
                }
            };
            (Step::Confirm(*line), reply)
        }
        Command::Unconfirm { line, .. } => {
            if happens && w.holds[*line] == HoldState::Sold {
                w.holds[*line] = HoldState::Held;
            }
            (Step::Unconfirm(*line), Event::Done(Step::Unconfirm(*line)))
        }
        Command::RedeemCoupon { .. } => match w.coupon {
            Some(CouponState::Locked) | Some(CouponState::Redeemed) => {
                if happens && w.coupon == Some(CouponState::Locked) {
                    w.coupon = Some(CouponState::Redeemed);
                    w.redeems += 1;
                }
                (Step::Redeem, Event::Done(Step::Redeem))
            }
            _ => (Step::Redeem, Event::Refused(Step::Redeem, ApiError::new(ErrorCode::CouponNotApplicable, "gone"))),
        },
        Command::ReleaseCoupon { .. } => {
            // The wallet gives back a coupon the order held or used (`Coupon::release`).
            if happens && matches!(w.coupon, Some(CouponState::Locked | CouponState::Redeemed)) {
                w.coupon = Some(CouponState::Available);
            }
            (Step::ReleaseCoupon, Event::Done(Step::ReleaseCoupon))
        }
        Command::Close => {
            let closed = w.status == OrderStatus::PendingPayment;
            if happens && closed {
                w.status = OrderStatus::Expired;
            }
            if w.rival {
                (Step::Close, Event::PaidAnotherWay(Step::Close))
            } else {
                (Step::Close, Event::Closed { closed })
            }
        }
        Command::Refund { amount, .. } => {
            assert_eq!(*amount, TOTAL);
            if happens {
                // Refunds are recorded once per payment.
                w.refunds = 1;
            }
            (Step::Refund, Event::Done(Step::Refund))
        }
        Command::MarkPaid => {
            let first = w.status == OrderStatus::PendingPayment;
            if happens && first {
                w.status = OrderStatus::ReadyForPickup;
                w.paid_by_us = true;
            }
            if w.rival {
                (Step::MarkPaid, Event::PaidAnotherWay(Step::MarkPaid))
            } else {
                (Step::MarkPaid, Event::MarkedPaid { first })
            }
        }
        Command::RecordSpend { .. } => (Step::RecordSpend, Event::Done(Step::RecordSpend)),
        Command::GiveRewards => (Step::GiveRewards, Event::Done(Step::GiveRewards)),
    };
    match fate {
        Fate::Answer => reply,
        _ => Event::Crashed(step, "lost".into()),
    }
}

fn fate() -> impl Strategy<Value = Fate> {
    prop_oneof![8 => Just(Fate::Answer), 1 => Just(Fate::LostBefore), 1 => Just(Fate::LostAfter)]
}

fn status() -> impl Strategy<Value = (OrderStatus, bool)> {
    prop_oneof![
        6 => Just((OrderStatus::PendingPayment, false)),
        1 => Just((OrderStatus::ReadyForPickup, true)),
        1 => Just((OrderStatus::ReadyForPickup, false)),
        1 => Just((OrderStatus::Expired, false)),
        1 => Just((OrderStatus::Cancelled, false)),
    ]
}

fn hold() -> impl Strategy<Value = HoldState> {
    prop_oneof![5 => Just(HoldState::Held), 1 => Just(HoldState::Lapsed)]
}

fn coupon() -> impl Strategy<Value = Option<CouponState>> {
    prop_oneof![2 => Just(None), 3 => Just(Some(CouponState::Locked)), 1 => Just(Some(CouponState::Elsewhere))]
}

proptest! {
    #[test]
    fn money_in_is_an_order_paid_or_money_out(
        holds in proptest::collection::vec(hold(), 0..4),
        coupon in coupon(),
        (status, same_way) in status(),
        fates in proptest::collection::vec(fate(), 24),
        picks in proptest::collection::vec(0usize..6, 24),
        repeats in proptest::collection::vec(proptest::bool::weighted(0.2), 24),
        rival_at in proptest::option::weighted(0.3, (0usize..12, any::<bool>())),
    ) {
        let paid_before = status == OrderStatus::ReadyForPickup;
        // A paid order's lines were sold (and its coupon redeemed) by the payment that paid it.
        let holds = if paid_before { vec![HoldState::Sold; holds.len()] } else { holds };
        let coupon = if paid_before { coupon.map(|_| CouponState::Redeemed) } else { coupon };
        let mut w = World { holds, coupon, status, paid_by_us: false, rival: false, refunds: 0, redeems: 0 };
        let mut k = 0;
        let mut outcome = None;
        // The first run meets crashes; a failed completion is applied again (crash-free), as the
        // repair pass retries a payment until its effect is applied.
        for attempt in 0..4 {
            let arrival = Arrival {
                order: OrderId::parse("O1").expect("id"),
                status: w.status,
                paid_the_same_way: (paid_before && same_way) || w.paid_by_us,
                holders: (0..w.holds.len()).map(holder).collect(),
                coupon: w.coupon.map(|_| "C1".to_owned()),
                total: TOTAL,
            };
            let (mut flow, mut queue) = Completion::start(arrival);
            let mut seen: Vec<Event> = Vec::new();
            while !queue.is_empty() {
                prop_assert!(k < 400, "the completion does not finish");
                // Another payment of the order completes it meanwhile (its units maybe already
                // sent on to the pickup store), if it can.
                let can_pay = w.status == OrderStatus::PendingPayment
                    && w.holds.iter().all(|h| *h != HoldState::Lapsed)
                    && matches!(w.coupon, None | Some(CouponState::Locked | CouponState::Redeemed));
                if let Some((at, sent)) = rival_at.filter(|(at, _)| *at == k && can_pay) {
                    let _ = at;
                    w.status = OrderStatus::ReadyForPickup;
                    w.rival = true;
                    w.holds.iter_mut().for_each(|h| *h = if sent { HoldState::Sent } else { HoldState::Sold });
                    w.coupon = w.coupon.map(|_| CouponState::Redeemed);
                }
                let c = queue.remove(picks[k % 24] % queue.len());
                let fate = if attempt == 0 { fates[k % 24] } else { Fate::Answer };
                let e = run(&mut w, &c, fate);
                seen.push(e.clone());
                queue.extend(flow.on(e));
                if repeats[k % 24] {
                    let again = seen[picks[(k + 1) % 24] % seen.len()].clone();
                    prop_assert_eq!(flow.on(again), Vec::new());
                }
                k += 1;
            }
            outcome = flow.outcome();
            prop_assert!(outcome.is_some(), "no outcome once the work is done");
            if matches!(outcome, Some(Ok(_))) {
                break;
            }
        }
        prop_assert!(w.redeems <= 1, "coupon redeemed {} times", w.redeems);
        let paid_now = w.status == OrderStatus::ReadyForPickup;
        if paid_before {
            // Already paid: a repeat changes nothing; another way's money goes back.
            prop_assert_eq!(w.refunds, u32::from(!same_way));
            prop_assert!(w.holds.iter().all(|h| *h == HoldState::Sold));
        } else if w.paid_by_us {
            // Paid now, or by an earlier attempt whose aftermath crashed.
            prop_assert!(matches!(outcome, Some(Ok(Completed::Paid | Completed::AlreadyPaid))), "{:?}", outcome);
            prop_assert_eq!(w.refunds, 0, "paid and refunded");
            prop_assert!(w.holds.iter().all(|h| *h == HoldState::Sold), "paid but not sold: {:?}", w.holds);
            prop_assert!(w.coupon.is_none_or(|c| c == CouponState::Redeemed));
        } else if w.rival {
            // Paid by the other payment: this money came back, and the order keeps its units
            // (wherever they are) and its coupon.
            prop_assert_eq!(w.refunds, 1, "two payments kept: {:?}", outcome);
            prop_assert!(w.holds.iter().all(|h| matches!(h, HoldState::Sold | HoldState::Sent)), "{:?}", w.holds);
            prop_assert!(w.coupon.is_none_or(|c| c == CouponState::Redeemed), "{:?}", w.coupon);
            prop_assert_eq!(w.status, OrderStatus::ReadyForPickup);
        } else {
            // Not paid: the money came back, nothing stays sold, the coupon was not used.
            prop_assert!(!paid_now);
            prop_assert_eq!(w.refunds, 1, "money kept for an unpaid order: {:?}", outcome);
            prop_assert!(w.holds.iter().all(|h| *h != HoldState::Sold), "sold but unpaid: {:?}", w.holds);
            prop_assert!(w.coupon != Some(CouponState::Redeemed));
            prop_assert!(w.coupon != Some(CouponState::Locked) || w.status == OrderStatus::PendingPayment);
        }
    }
}

#[test]
fn a_lapsed_hold_undoes_the_confirmed_lines_expires_and_refunds() {
    let arrival = Arrival {
        order: OrderId::parse("O1").expect("id"),
        status: OrderStatus::PendingPayment,
        paid_the_same_way: false,
        holders: vec![holder(0), holder(1)],
        coupon: Some("C1".into()),
        total: TOTAL,
    };
    let (mut c, first) = Completion::start(arrival);
    assert_eq!(first, vec![Command::Confirm { line: 0, holder: holder(0) }]);
    assert_eq!(c.on(Event::Done(Step::Confirm(0))), vec![Command::Confirm { line: 1, holder: holder(1) }]);
    // The order is closed first; only then are the lines this payment confirmed undone.
    assert_eq!(c.on(Event::LockLapsed(1)), vec![Command::Close]);
    assert_eq!(
        c.on(Event::Closed { closed: true }),
        vec![
            Command::Unconfirm { line: 0, holder: holder(0) },
            Command::ReleaseCoupon { coupon: "C1".into() },
            Command::Refund { amount: TOTAL, reason: RefundReason::LockLapsed }
        ]
    );
    assert_eq!(c.on(Event::Done(Step::Unconfirm(0))), Vec::new());
    assert_eq!(c.outcome(), None);
    c.on(Event::Done(Step::Refund));
    c.on(Event::Done(Step::ReleaseCoupon));
    assert_eq!(c.outcome(), Some(Ok(Completed::Refunded(RefundReason::LockLapsed))));
}

/// A second payment of an order of another store's units, begun while the order was unpaid:
/// meanwhile the first payment paid it and its fulfilment sent line 1's units on their way, so
/// line 1's hold is gone from the sending store. The second payment's money goes back, and it
/// must not undo line 0 at the sending store: those units are the paid order's, about to leave.
#[test]
fn money_of_a_second_payment_goes_back_without_touching_units_on_their_way() {
    let from = |sku: &str| Holder::Pool { store: StoreId::parse("S2").expect("id"), sku: Sku::parse(sku).expect("id") };
    let arrival = Arrival {
        order: OrderId::parse("O1").expect("id"),
        status: OrderStatus::PendingPayment,
        paid_the_same_way: false,
        holders: vec![from("K0"), from("K1")],
        coupon: Some("C1".into()),
        total: TOTAL,
    };
    let (mut c, first) = Completion::start(arrival);
    assert_eq!(first, vec![Command::Confirm { line: 0, holder: from("K0") }]);
    // Line 0 is confirmed already (by the first payment): confirming again is a no-op.
    c.on(Event::Done(Step::Confirm(0)));
    let undo = c.on(Event::LockLapsed(1));
    assert!(
        !undo.iter().any(|cmd| matches!(cmd, Command::Unconfirm { .. })),
        "unconfirmed a paid order's units at the sending store: {undo:?}"
    );
    assert_eq!(
        c.on(Event::PaidAnotherWay(Step::Close)),
        vec![Command::Refund { amount: TOTAL, reason: RefundReason::PaidAnotherWay }]
    );
    c.on(Event::Done(Step::Refund));
    assert_eq!(c.outcome(), Some(Ok(Completed::Refunded(RefundReason::PaidAnotherWay))));
}

/// Two payments at once: both confirm the (same) holds, the other marks the order paid first.
/// This one's money goes back; it is not counted as a payment of the order.
#[test]
fn a_payment_that_loses_the_race_to_mark_the_order_paid_is_refunded() {
    let arrival = Arrival {
        order: OrderId::parse("O1").expect("id"),
        status: OrderStatus::PendingPayment,
        paid_the_same_way: false,
        holders: vec![holder(0)],
        coupon: None,
        total: TOTAL,
    };
    let (mut c, _) = Completion::start(arrival);
    assert_eq!(c.on(Event::Done(Step::Confirm(0))), vec![Command::MarkPaid]);
    assert_eq!(
        c.on(Event::PaidAnotherWay(Step::MarkPaid)),
        vec![Command::Refund { amount: TOTAL, reason: RefundReason::PaidAnotherWay }]
    );
    c.on(Event::Done(Step::Refund));
    assert_eq!(c.outcome(), Some(Ok(Completed::Refunded(RefundReason::PaidAnotherWay))));
}

#[test]
fn an_order_is_paid_another_way_only_when_paid_and_by_another_method() {
    use crate::kinds::PaymentMethod::{Balance, Sandbox};
    assert!(paid_another_way(OrderStatus::AwaitingTransfer, Some(Sandbox), Balance));
    assert!(paid_another_way(OrderStatus::ReadyForPickup, Some(Balance), Sandbox));
    assert!(!paid_another_way(OrderStatus::AwaitingTransfer, Some(Balance), Balance), "a repeat of ours");
    assert!(!paid_another_way(OrderStatus::PendingPayment, None, Balance));
    assert!(!paid_another_way(OrderStatus::Expired, None, Balance), "closed, not paid");
}
