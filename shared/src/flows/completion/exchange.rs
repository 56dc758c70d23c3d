//! What a completion exchanges with its executor: the order the money arrived for, the
//! commands it emits, the replies it is fed, and how it ended (with the reason money went
//! back).

use crate::flows::hold::Holder;
use crate::ids::OrderId;
use crate::kinds::PaymentMethod;
use crate::order::OrderStatus;
use crate::{ApiError, Fen};

/// The order the money is for, as stored when it arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrival {
    /// The order.
    pub order: OrderId,
    /// Its status.
    pub status: OrderStatus,
    /// Whether a paid order was paid by this same way of paying (then this is a repeat).
    pub paid_the_same_way: bool,
    /// Where each line's units are held, in line order.
    pub holders: Vec<Holder>,
    /// The coupon it holds.
    pub coupon: Option<String>,
    /// What was paid.
    pub total: Fen,
}

/// Whether an order, as stored after a close or a mark-paid that changed nothing, was paid by
/// another payment than the one by `ours` (then [`Event::PaidAnotherWay`] is the reply).
pub fn paid_another_way(status: OrderStatus, paid_by: Option<PaymentMethod>, ours: PaymentMethod) -> bool {
    let paid = matches!(
        status,
        OrderStatus::ReadyForPickup | OrderStatus::AwaitingTransfer | OrderStatus::PickedUp | OrderStatus::Refunded
    );
    paid && paid_by.is_some_and(|m| m != ours)
}

/// Why money goes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundReason {
    /// Another payment completed the order first.
    PaidAnotherWay,
    /// The order was cancelled or expired before the money arrived.
    OrderClosed,
    /// A hold lapsed before the money arrived.
    LockLapsed,
    /// The coupon no longer held for the order.
    CouponGone,
}

impl RefundReason {
    /// The reason as recorded with the refund.
    pub fn as_str(self) -> &'static str {
        match self {
            RefundReason::PaidAnotherWay => "the order was already paid another way",
            RefundReason::OrderClosed => "the order was closed before the payment arrived",
            RefundReason::LockLapsed => "the stock lock expired before the payment arrived",
            RefundReason::CouponGone => "the coupon no longer held for this order",
        }
    }
}

/// What the executor is to do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Turn line `line`'s hold into a sale (refused with `LOCK_EXPIRED` if it lapsed).
    Confirm { line: usize, holder: Holder },
    /// Undo line `line`'s confirmation (nothing if it was not confirmed).
    Unconfirm { line: usize, holder: Holder },
    /// Use the coupon on the order (once, whatever the retries).
    RedeemCoupon { coupon: String },
    /// Give the coupon back to the wallet (if the order held it).
    ReleaseCoupon { coupon: String },
    /// Close the unpaid order as expired; answered with `Closed`.
    Close,
    /// Return the money, once.
    Refund { amount: Fen, reason: RefundReason },
    /// Mark the order paid (if still unpaid); answered with `MarkedPaid`.
    MarkPaid,
    /// Count the purchase towards the member's tier and points.
    RecordSpend { amount: Fen },
    /// Give the coupons the payment earns (a failure is retried by a later pass).
    GiveRewards,
}

/// Which step a reply is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Confirming a line.
    Confirm(usize),
    /// Undoing a line's confirmation.
    Unconfirm(usize),
    /// Redeeming the coupon.
    Redeem,
    /// Releasing the coupon.
    ReleaseCoupon,
    /// Closing the order.
    Close,
    /// Refunding.
    Refund,
    /// Marking the order paid.
    MarkPaid,
    /// Counting the spend.
    RecordSpend,
    /// Giving rewards.
    GiveRewards,
}

/// A reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The step happened.
    Done(Step),
    /// The hold of line `n` lapsed before it could be confirmed.
    LockLapsed(usize),
    /// The order was closed by this call (`closed`), or was closed or paid already.
    Closed {
        /// Whether this call closed it.
        closed: bool,
    },
    /// The order is paid; `first` if this call marked it.
    MarkedPaid {
        /// Whether this call marked it.
        first: bool,
    },
    /// The order was found paid by another payment (the answer to `Close` or `MarkPaid`): its
    /// confirmed units and its coupon are that payment's now, wherever the units are (the
    /// sending store, on their way, the pickup store).
    PaidAnotherWay(Step),
    /// The owner of the step said no.
    Refused(Step, ApiError),
    /// The step's outcome is unknown (it may have happened).
    Crashed(Step, String),
}

/// How a completion ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completed {
    /// The order is paid.
    Paid,
    /// It was paid by this payment before: nothing to do.
    AlreadyPaid,
    /// The money went back, for this reason.
    Refunded(RefundReason),
}
