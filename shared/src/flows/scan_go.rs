//! Checking out a scan-and-go cart: freeze the cart with the coupon it pays with, place its
//! order (the placement flow: every line locked from the store's pool, the coupon locked), pay
//! it (the completion flow: the charge, the units sold, the coupon redeemed), then the exit
//! pass is issued. Each attempt starts from what storage already holds, so a retry, a second
//! device or a crash at any step picks up where the last attempt stopped: one cart makes one
//! order per round, and an order is charged at most once. A payment the member's card or the
//! gateway refuses ends the round: the order is cancelled (its units and coupon go back) and
//! the cart opens again, so the member can change it or pay another way.

use super::{Fault, Flow};
use crate::order::{OrderStatus, ValidOrder};
use crate::scan_go::{CartRow, ScanGoCart};
use crate::{ApiError, ErrorCode};

/// What the executor does next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Freeze the cart with this coupon unless another attempt froze it first (answer with
    /// [`Event::Frozen`] carrying the coupon the cart was frozen with and its lines as frozen:
    /// a scan between this attempt's reading and the freeze is part of the order).
    Freeze {
        /// The best coupon now.
        coupon: Option<String>,
    },
    /// Place the cart's order (idempotent on the cart's order id); answer [`Event::Placed`].
    Place(ValidOrder),
    /// Pay the placed order with the chosen method; answer [`Event::Paid`].
    Pay,
    /// Placing or paying was refused: cancel the unpaid order (if placed) and open the cart
    /// again for its next round; answer [`Event::Thawed`].
    Thaw,
}

/// A reply to a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The cart is frozen with this coupon.
    Frozen {
        /// The coupon the checkout pays with.
        coupon: Option<String>,
        /// The cart as frozen (read again after the freeze).
        cart: ScanGoCart,
    },
    /// The order exists, in this state.
    Placed(OrderStatus),
    /// The payment attempt ended with the order in this state.
    Paid(OrderStatus),
    /// The order is cancelled and the cart open again.
    Thawed,
    /// The command failed.
    Failed(Fault),
}

/// Where a cart's checkout stands in storage when an attempt starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    /// Not begun: nothing frozen.
    Open,
    /// Frozen with this coupon, but no order recorded yet.
    Frozen(Option<String>),
    /// Its order exists, in this state.
    Ordered(Option<String>, OrderStatus),
}

impl Stored {
    /// Where the checkout of `cart` stands, given its order's coupon and state if one is
    /// recorded (an order outranks the freeze).
    pub fn of(cart: &CartRow, order: Option<(Option<String>, OrderStatus)>) -> Stored {
        match (order, &cart.frozen_at) {
            (Some((coupon, status)), _) => Stored::Ordered(coupon, status),
            (None, Some(_)) => Stored::Frozen(cart.frozen_coupon_id.clone()),
            (None, None) => Stored::Open,
        }
    }
}

/// One attempt at checking a cart out.
#[derive(Clone, Debug)]
pub struct Checkout {
    cart: ScanGoCart,
    placing_or_paying: bool,
    refusal: Option<Fault>,
    outcome: Option<Result<(), Fault>>,
}

fn lapsed() -> Fault {
    Fault::Refused(ApiError::new(
        ErrorCode::LockExpired,
        "the checkout lapsed before payment; scan again in a new cart",
    ))
}

impl Checkout {
    /// Starts an attempt for `cart`, given what storage holds and the best coupon now.
    pub fn start(cart: ScanGoCart, stored: Stored, best: Option<String>) -> (Self, Vec<Command>) {
        let mut flow = Checkout { cart, placing_or_paying: false, refusal: None, outcome: None };
        let next = match stored {
            Stored::Open if flow.cart.lines().is_empty() => {
                flow.outcome = Some(Err(Fault::Refused(ApiError::invalid("the cart is empty: scan something first"))));
                Vec::new()
            }
            Stored::Open => vec![Command::Freeze { coupon: best }],
            Stored::Frozen(coupon) => {
                let cart = flow.cart.clone();
                flow.on(Event::Frozen { coupon, cart })
            }
            Stored::Ordered(_, status) => flow.on(Event::Placed(status)),
        };
        (flow, next)
    }

    fn settle(&mut self, status: OrderStatus, paid_already: bool) -> Vec<Command> {
        match status {
            OrderStatus::ReadyForPickup
            | OrderStatus::AwaitingTransfer
            | OrderStatus::PickedUp
            | OrderStatus::Refunded => {
                self.outcome = Some(Ok(()));
                Vec::new()
            }
            // Still pending after a payment attempt: the gateway has not confirmed yet.
            OrderStatus::PendingPayment if paid_already => {
                self.outcome = Some(Err(Fault::Refused(ApiError::new(
                    ErrorCode::Conflict,
                    "the payment is not confirmed yet; try again in a moment",
                ))));
                Vec::new()
            }
            OrderStatus::PendingPayment => {
                self.placing_or_paying = true;
                vec![Command::Pay]
            }
            OrderStatus::Cancelled | OrderStatus::Expired => {
                self.outcome = Some(Err(lapsed()));
                Vec::new()
            }
        }
    }
}

impl Flow for Checkout {
    type Command = Command;
    type Event = Event;
    type Outcome = Result<(), Fault>;

    fn on(&mut self, event: Event) -> Vec<Command> {
        if self.outcome.is_some() {
            return Vec::new();
        }
        match event {
            Event::Frozen { coupon, cart } => match cart.order(coupon) {
                Some(order) => {
                    self.cart = cart;
                    self.placing_or_paying = true;
                    vec![Command::Place(order)]
                }
                None => {
                    self.outcome = Some(Err(Fault::Refused(ApiError::invalid("the cart is empty"))));
                    Vec::new()
                }
            },
            Event::Placed(status) => {
                self.placing_or_paying = false;
                self.settle(status, false)
            }
            Event::Paid(status) => {
                self.placing_or_paying = false;
                self.settle(status, true)
            }
            // Refused, not lost (sold out, balance short): nothing was charged, so the round
            // ends and the cart opens for the member to change it or pay another way.
            Event::Failed(fault @ Fault::Refused(_)) if std::mem::take(&mut self.placing_or_paying) => {
                self.refusal = Some(fault);
                vec![Command::Thaw]
            }
            Event::Thawed | Event::Failed(_) if self.refusal.is_some() => {
                self.outcome = self.refusal.take().map(Err);
                Vec::new()
            }
            Event::Thawed => {
                self.outcome = Some(Err(lapsed()));
                Vec::new()
            }
            Event::Failed(fault) => {
                self.outcome = Some(Err(fault));
                Vec::new()
            }
        }
    }

    fn outcome(&self) -> Option<Result<(), Fault>> {
        self.outcome.clone()
    }
}

#[cfg(test)]
mod tests;
