//! What a placement exchanges with its executor: the order it is given (priced lines and
//! where each is held), the draft it yields once everything is held, the commands it emits
//! and the replies it is fed.

use crate::coupon::{Cart, Terms};
use crate::flows::hold::Holder;
use crate::ids::{OrderId, Sku};
use crate::order::Totals;
use crate::stock::Qty;
use crate::{ApiError, Fen};
use chrono::{DateTime, Duration, Utc};

/// One priced line, with where its units are held and how long that holder would hold them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacementLine {
    pub(super) sku: Sku,
    pub(super) qty: Qty,
    pub(super) price: Fen,
    pub(super) holder: Holder,
    pub(super) lock: Duration,
}

impl PlacementLine {
    /// A line: `qty` units of `sku` at `price` each, held by `holder` for at most `lock`.
    pub fn new(sku: Sku, qty: Qty, price: Fen, holder: Holder, lock: Duration) -> PlacementLine {
        PlacementLine { sku, qty, price, holder, lock }
    }
    /// The product.
    pub fn sku(&self) -> &Sku {
        &self.sku
    }
    /// Units.
    pub fn qty(&self) -> Qty {
        self.qty
    }
    /// Price per unit.
    pub fn price(&self) -> Fen {
        self.price
    }
    /// Where its units are held.
    pub fn holder(&self) -> &Holder {
        &self.holder
    }
}

/// What is to be placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacementOrder {
    /// The order's id (derived from the idempotency key, so a retry is the same order).
    pub id: OrderId,
    /// Its priced lines.
    pub lines: Vec<PlacementLine>,
    /// The coupon to use, if any.
    pub coupon: Option<String>,
    /// The cart the coupon is judged on.
    pub cart: Cart,
}

/// An order whose every line (and coupon) is held: what gets recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderDraft {
    pub(super) id: OrderId,
    pub(super) lines: Vec<PlacementLine>,
    pub(super) totals: Totals,
    pub(super) coupon: Option<String>,
    pub(super) lock_expires_at: DateTime<Utc>,
}

impl OrderDraft {
    /// The order's id.
    pub fn id(&self) -> &OrderId {
        &self.id
    }
    /// Its lines.
    pub fn lines(&self) -> &[PlacementLine] {
        &self.lines
    }
    /// Subtotal, discount and total.
    pub fn totals(&self) -> Totals {
        self.totals
    }
    /// The coupon it holds.
    pub fn coupon(&self) -> Option<&str> {
        self.coupon.as_deref()
    }
    /// When its holds lapse unpaid.
    pub fn lock_expires_at(&self) -> DateTime<Utc> {
        self.lock_expires_at
    }
}

/// What the executor is to do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Hold `qty` units of line `line` at `holder` until `until`.
    Lock { line: usize, holder: Holder, qty: Qty, until: DateTime<Utc> },
    /// Put the coupon on the order until `until`; answered with its terms.
    LockCoupon { coupon: String, until: DateTime<Utc> },
    /// Drop the order's hold of line `line` (best effort: a hold not released lapses).
    Release { line: usize, holder: Holder },
    /// Give the coupon back (best effort: its lock lapses after the grace).
    ReleaseCoupon { coupon: String },
    /// Record the order (refused if a holding limit no longer allows it).
    Record(OrderDraft),
}

/// Which step a reply is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Locking or releasing a line.
    Line(usize),
    /// Locking or releasing the coupon.
    Coupon,
    /// Recording the order.
    Record,
}

/// A reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The line's units are held.
    Locked(usize),
    /// The coupon is on the order; these are its terms.
    CouponLocked(Terms),
    /// The order is recorded.
    Recorded,
    /// A release went through.
    Released(Step),
    /// The owner of the step said no.
    Refused(Step, ApiError),
    /// The step's outcome is unknown (it may have happened).
    Crashed(Step, String),
}
