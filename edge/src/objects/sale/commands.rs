//! What the worker (or a sibling bucket) asks of a flash-sale bucket, one struct per command,
//! each naming its reply.

use super::{BucketAudit, BucketReport};
use crate::objects::Done;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::flash_sale::FlashSale;
use shared::ids::{MemberId, OrderId};
use shared::stock::Qty;

/// Set the bucket up with its share (idempotent).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Init {
    pub sale: FlashSale,
    pub index: u32,
}

/// Hold units for a member's unpaid order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Lock {
    pub order: OrderId,
    pub member: MemberId,
    pub qty: Qty,
    pub now: DateTime<Utc>,
}

/// Payment arrived.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Confirm {
    pub order: OrderId,
    pub now: DateTime<Utc>,
}

/// Undo a confirmation (a payment that failed half-way).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Unconfirm {
    pub order: OrderId,
    pub now: DateTime<Utc>,
}

/// Cancel an unpaid order's hold. Refused if the order was already confirmed.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Release {
    pub order: OrderId,
    pub now: DateTime<Utc>,
}

/// Figures, and what `member` holds here.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Figures {
    pub now: DateTime<Utc>,
    pub member: Option<MemberId>,
}

/// A sibling asks for units.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Give {
    pub transfer: String,
    pub want: u32,
    pub now: DateTime<Utc>,
}

/// A sibling has units again: forget "siblings are empty".
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Refill {}

/// Everything, for audits.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Audit {
    pub now: DateTime<Utc>,
}

crate::objects::commands! {
    /// What a bucket is asked (the wire form).
    SaleCommand,
    /// A command a bucket answers.
    SaleCall {
        Init => BucketReport,
        Lock => BucketReport,
        Confirm => BucketReport,
        Unconfirm => BucketReport,
        Release => BucketReport,
        Figures => BucketReport,
        Give => BucketReport,
        Refill => Done,
        Audit => BucketAudit,
    }
}
