//! A sale at the counter (柜台收银) that takes payment: the guide rings up lines, the order is
//! placed like any other (every line locked from the store's pool), paid (the completion flow:
//! the charge and the units sold together, the money sent back if the units cannot be sold),
//! and handed over at once, so it can be returned like a collected online order. A payment the
//! customer's card refuses cancels the order, which puts the units back: nothing moved.
//!
//! Each attempt starts from the order as stored (one per `Idempotency-Key`), so a retry or a
//! crash at any step resumes where the last attempt stopped and never charges twice.

use super::{Fault, Flow};
use crate::idempotency::IdempotencyKey;
use crate::ids::{OrderId, Sku, StoreId};
use crate::keys::mac;
use crate::order::{OrderStatus, ValidOrder};
use crate::scan_go::{LineError, ScanGoCart};
use crate::{ApiError, ErrorCode};

/// Why the rung-up lines cannot be sold as asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    /// No lines.
    #[error("lines: ring up at least one item")]
    Empty,
    /// A SKU that is not well-formed.
    #[error("lines[{0}].sku: not a SKU")]
    BadSku(usize),
    /// A quantity below 1 or above the counter's limit, or too many products.
    #[error("lines[{index}]: {problem}")]
    Line {
        /// The line.
        index: usize,
        /// What is wrong with it.
        problem: LineError,
    },
}

/// An unreadable SKU is 404 `NOT_FOUND`; anything else is 422 `INVALID` under `lines`.
impl From<TicketError> for ApiError {
    fn from(e: TicketError) -> ApiError {
        match e {
            TicketError::BadSku(_) => ApiError::not_found(e.to_string()),
            _ => ApiError::invalid(format!("lines: {e}")),
        }
    }
}

/// The order the counter rings up in `store`: each SKU once (repeated lines add up, as a
/// second scan of an item would), between 1 and the scan-and-go cart's limit of units.
pub fn ticket(store: StoreId, lines: &[(String, i64)]) -> Result<ValidOrder, TicketError> {
    let mut cart = ScanGoCart::new(store);
    for (index, (sku, qty)) in lines.iter().enumerate() {
        let sku = Sku::parse(sku).map_err(|_| TicketError::BadSku(index))?;
        let held = cart.lines().iter().find(|l| *l.sku() == sku).map_or(0, |l| i64::from(l.qty()));
        let line = |problem| TicketError::Line { index, problem };
        let qty = match u32::try_from(held.saturating_add(*qty)) {
            Ok(q) if *qty >= 1 => q,
            _ => return Err(line(LineError::TooMany)),
        };
        // Availability is the placement's to decide (it locks the units): here any amount.
        cart.set(sku, qty, Some(u32::MAX)).map_err(line)?;
    }
    cart.order(None).ok_or(TicketError::Empty)
}

/// The order a counter sale makes: one per guide and `Idempotency-Key`, never the id of an
/// order of another kind (its own HMAC purpose).
pub fn counter_sale_order_id(key: &[u8], staff_id: &str, idempotency_key: &IdempotencyKey) -> OrderId {
    let digest = mac(key, &[b"counter-sale", staff_id.as_bytes(), idempotency_key.as_str().as_bytes()]);
    OrderId::parse(&format!("O{}", crate::ids::base32(&digest[..10])))
        .unwrap_or_else(|_| unreachable!("base32 ids are well-formed"))
}

/// What the executor does next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Place the order (idempotent on its id); answer [`Event::Placed`].
    Place(ValidOrder),
    /// Pay the placed order by the sale's method; answer [`Event::Paid`].
    Pay,
    /// Give the paid units to the customer; answer [`Event::HandedOver`].
    HandOver,
    /// Cancel the unpaid order, putting its units back; answer [`Event::Cancelled`].
    Cancel,
}

/// A reply to a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The order exists, in this state.
    Placed(OrderStatus),
    /// The payment attempt ended with the order in this state.
    Paid(OrderStatus),
    /// The order is picked up (by this attempt or a concurrent one).
    HandedOver,
    /// The order is cancelled and its units are back in the pool.
    Cancelled,
    /// The command failed.
    Failed(Fault),
}

/// How a counter sale ended well.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sold {
    /// Paid and handed over (or, since, returned).
    HandedOver,
    /// Placed and paid by the gateway, which has not confirmed yet: the same request again
    /// hands it over once it has.
    AwaitingGateway,
}

/// One attempt at a counter sale.
#[derive(Clone, Debug)]
pub struct CounterSale {
    order: ValidOrder,
    in_flight: Option<Command>,
    refusal: Option<Fault>,
    outcome: Option<Result<Sold, Fault>>,
}

fn spent() -> Fault {
    Fault::Refused(ApiError::new(
        ErrorCode::Conflict,
        "this sale was refused or lapsed before it was paid; ring it up again (a new sale)",
    ))
}

impl CounterSale {
    /// Starts an attempt for `order`, given the order this key already made, if any.
    pub fn start(order: ValidOrder, stored: Option<OrderStatus>) -> (Self, Vec<Command>) {
        let mut flow = CounterSale { order, in_flight: None, refusal: None, outcome: None };
        let next = match stored {
            None => flow.run(Command::Place(flow.order.clone())),
            Some(status) => flow.settle(status, false),
        };
        (flow, next)
    }

    fn run(&mut self, command: Command) -> Vec<Command> {
        self.in_flight = Some(command.clone());
        vec![command]
    }

    fn end(&mut self, outcome: Result<Sold, Fault>) -> Vec<Command> {
        self.in_flight = None;
        self.outcome = Some(outcome);
        Vec::new()
    }

    fn settle(&mut self, status: OrderStatus, paid_already: bool) -> Vec<Command> {
        match status {
            OrderStatus::PendingPayment if paid_already => self.end(Ok(Sold::AwaitingGateway)),
            OrderStatus::PendingPayment => self.run(Command::Pay),
            OrderStatus::ReadyForPickup => self.run(Command::HandOver),
            OrderStatus::PickedUp | OrderStatus::Refunded => self.end(Ok(Sold::HandedOver)),
            OrderStatus::Cancelled | OrderStatus::Expired => self.end(Err(spent())),
            // A counter sale takes this store's units, so it never travels; an order that does
            // is not one the counter can hand over now.
            OrderStatus::AwaitingTransfer => self.end(Err(Fault::Refused(ApiError::new(
                ErrorCode::NotArrived,
                "this order's units are still on their way from another store",
            )))),
        }
    }

    fn failed(&mut self, fault: Fault) -> Vec<Command> {
        match (self.in_flight.take(), fault) {
            // The card said no (balance short, …): nothing was charged; the units go back.
            (Some(Command::Pay), Fault::Refused(e)) => {
                self.refusal = Some(Fault::Refused(e));
                self.run(Command::Cancel)
            }
            // Another attempt handed it over first.
            (Some(Command::HandOver), Fault::Refused(e)) if e.code() == ErrorCode::AlreadyPickedUp => {
                self.end(Ok(Sold::HandedOver))
            }
            // The cancel failed: the locks still lapse by themselves; the refusal is the answer.
            (Some(Command::Cancel), _) => {
                let refusal = self.refusal.take().unwrap_or_else(spent);
                self.end(Err(refusal))
            }
            (_, fault) => self.end(Err(fault)),
        }
    }
}

impl Flow for CounterSale {
    type Command = Command;
    type Event = Event;
    type Outcome = Result<Sold, Fault>;

    fn on(&mut self, event: Event) -> Vec<Command> {
        if self.outcome.is_some() {
            return Vec::new();
        }
        match event {
            Event::Placed(status) => self.settle(status, false),
            Event::Paid(status) => self.settle(status, true),
            Event::HandedOver => self.end(Ok(Sold::HandedOver)),
            Event::Cancelled => {
                let refusal = self.refusal.take().unwrap_or_else(spent);
                self.end(Err(refusal))
            }
            Event::Failed(fault) => self.failed(fault),
        }
    }

    fn outcome(&self) -> Option<Result<Sold, Fault>> {
        self.outcome.clone()
    }
}

#[cfg(test)]
mod tests;
