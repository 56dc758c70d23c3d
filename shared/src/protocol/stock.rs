//! What the worker asks of a stock pool, one struct per command, each naming its reply.

use crate::ids::{OrderId, SaleId};
use crate::stock::{Qty, StockFigures};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Health check: one storage read and write.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Ping {}

/// The health check's answer: how many pings the object has seen.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pong {
    /// Pings so far.
    pub pings: String,
}

/// The figures at `now`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Figures {
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Goods received; `reference` makes a repeated delivery a no-op.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Receive {
    /// What makes a repeat a no-op.
    pub reference: String,
    /// How many units.
    pub qty: Qty,
    /// The paid order the units arrive for (they wait for its pickup); `None`: free stock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<OrderId>,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Hold units for an unpaid order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Lock {
    /// The order concerned.
    pub order: OrderId,
    /// How many units.
    pub qty: Qty,
    /// How long the hold lasts, in seconds.
    pub ttl_secs: i64,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Payment arrived.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Confirm {
    /// The order concerned.
    pub order: OrderId,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Undo a confirmation (a payment that failed half-way).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Unconfirm {
    /// The order concerned.
    pub order: OrderId,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Cancel an unpaid order's hold. Refused if the order's units were already confirmed.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Release {
    /// The order concerned.
    pub order: OrderId,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// The customer collected the order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PickUp {
    /// The order concerned.
    pub order: OrderId,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// A sale at the counter.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SellInStore {
    /// What makes a repeat a no-op.
    pub reference: String,
    /// How many units.
    pub qty: Qty,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Set units aside for a flash sale.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Reserve {
    /// The flash sale.
    pub sale: SaleId,
    /// How many units.
    pub qty: Qty,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// A flash sale gives back unsold units.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Unreserve {
    /// What makes a repeat a no-op.
    pub reference: String,
    /// The flash sale.
    pub sale: SaleId,
    /// How many units.
    pub qty: u32,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// A flash-sale unit was collected.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConsumeReserved {
    /// What makes a repeat a no-op.
    pub reference: String,
    /// The flash sale.
    pub sale: SaleId,
    /// How many units.
    pub qty: u32,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Units leave for another store (a transfer); `reference` makes a repeat a no-op.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TransferOut {
    /// What makes a repeat a no-op (the transfer's out-reference).
    pub reference: String,
    /// How many units.
    pub qty: Qty,
    /// The paid order whose units travel (they leave its pickup here); `None`: free stock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<OrderId>,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

super::commands! {
    /// What the worker asks of a stock pool (the wire form).
    StockCommand,
    /// A command a stock pool answers.
    StockCall {
        Ping => Pong,
        Figures => StockFigures,
        Receive => StockFigures,
        Lock => StockFigures,
        Confirm => StockFigures,
        Unconfirm => StockFigures,
        Release => StockFigures,
        PickUp => StockFigures,
        SellInStore => StockFigures,
        Reserve => StockFigures,
        Unreserve => StockFigures,
        ConsumeReserved => StockFigures,
        TransferOut => StockFigures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_sent_as_before_the_typed_commands() {
        let now = DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z").expect("time").with_timezone(&Utc);
        let order = OrderId::parse("O1").expect("id");
        let lock = Lock { order, qty: Qty::parse(2).expect("qty"), ttl_secs: 600, now };
        let wire = serde_json::to_value(StockCommand::from(lock)).expect("serializes");
        assert_eq!(
            wire,
            serde_json::json!({ "op": "lock", "order": "O1", "qty": 2, "ttl_secs": 600, "now": "2026-11-30T08:00:00Z" })
        );
        let ping: StockCommand = serde_json::from_value(serde_json::json!({ "op": "ping" })).expect("reads");
        assert!(matches!(ping, StockCommand::Ping(Ping {})));
    }
}
