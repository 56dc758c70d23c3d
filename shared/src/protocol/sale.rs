//! What the worker (or a sibling bucket) asks of a flash-sale bucket, one struct per command,
//! each naming its reply.

use super::Done;
use crate::flash_sale::{BucketFigures, FlashSale};
use crate::ids::{MemberId, OrderId};
use crate::stock::Qty;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Set the bucket up with its share (idempotent).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Init {
    /// The sale.
    pub sale: FlashSale,
    /// The bucket's index among the sale's buckets.
    pub index: u32,
}

/// Hold units for a member's unpaid order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Lock {
    /// The order concerned.
    pub order: OrderId,
    /// The member.
    pub member: MemberId,
    /// How many units.
    pub qty: Qty,
    /// The member's tier, from their card (never from a request): it sets their limit.
    pub tier: crate::tier::Tier,
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

/// Cancel an unpaid order's hold. Refused if the order was already confirmed.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Release {
    /// The order concerned.
    pub order: OrderId,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Figures, and what `member` holds here.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Figures {
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
    /// The member asking, if any.
    pub member: Option<MemberId>,
}

/// A sibling asks for units.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Give {
    /// The transfer's id (a repeat gives nothing more).
    pub transfer: String,
    /// Units wanted.
    pub want: u32,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// A sibling has units again: forget "siblings are empty".
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Refill {}

/// The sale is called off: refuse new locks, hand free units back to the store's pool now and
/// held ones as their locks end (idempotent: a repeat keeps the first cancel).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Cancel {
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// The sale's definition changed before its start (title, window, price): sell by this one.
/// Refused once the bucket's own definition has started.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Amend {
    /// The edited sale.
    pub sale: FlashSale,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Everything, for audits.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Audit {
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

super::commands! {
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
        Cancel => BucketReport,
        Amend => BucketReport,
    }
}

/// A bucket's answer to `Figures` and `Give`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BucketReport {
    /// The bucket's figures.
    pub figures: BucketFigures,
    /// Units the asking member holds here.
    pub held: u32,
    /// Units given to a sibling by this command.
    pub given: u32,
    /// When the earliest lock here lapses.
    pub next_expiry: Option<DateTime<Utc>>,
    /// When the sale was cancelled, if it was.
    #[serde(default)]
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// A bucket's audit.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BucketAudit {
    /// The bucket's index among the sale's buckets.
    pub index: u32,
    /// The bucket's figures.
    pub figures: BucketFigures,
    /// Whether the bucket's invariants hold.
    pub consistent: bool,
    /// Whether the bucket has handed its unsold units back.
    pub closed: bool,
    /// Locks: order, member, units, lapse.
    pub locks: Vec<(OrderId, MemberId, u32, DateTime<Utc>)>,
    /// Sales: order, member, units.
    pub sold: Vec<(OrderId, MemberId, u32)>,
}

impl SaleCommand {
    /// The instant the command may change a bucket's available count at (what the live feed is
    /// told), `None` when it cannot; `received` is when an `init`, which carries no instant,
    /// arrived.
    pub fn changes_count_at(&self, received: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            SaleCommand::Init(_) => Some(received),
            SaleCommand::Lock(c) => Some(c.now),
            SaleCommand::Unconfirm(c) => Some(c.now),
            SaleCommand::Release(c) => Some(c.now),
            SaleCommand::Give(c) => Some(c.now),
            SaleCommand::Cancel(c) => Some(c.now),
            SaleCommand::Amend(_)
            | SaleCommand::Confirm(_)
            | SaleCommand::Figures(_)
            | SaleCommand::Refill(_)
            | SaleCommand::Audit(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_keep_the_wire_form_live_buckets_read() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z").expect("time").with_timezone(&Utc);
        let give = SaleCommand::from(Give { transfer: "T1".into(), want: 3, now });
        let wire = serde_json::to_value(give).expect("serializes");
        assert_eq!(
            wire,
            serde_json::json!({ "op": "give", "transfer": "T1", "want": 3, "now": "2026-11-30T08:00:00Z" })
        );
        let refill: SaleCommand = serde_json::from_value(serde_json::json!({ "op": "refill" })).expect("reads");
        assert!(matches!(refill, SaleCommand::Refill(Refill {})));
    }

    #[test]
    fn only_commands_that_move_units_change_the_live_count() {
        let at = |text: &str| chrono::DateTime::parse_from_rfc3339(text).expect("time").with_timezone(&Utc);
        let (now, received) = (at("2026-11-30T08:00:00Z"), at("2026-11-30T09:00:00Z"));
        let give = SaleCommand::from(Give { transfer: "T1".into(), want: 3, now });
        assert_eq!(give.changes_count_at(received), Some(now), "the command's own instant");
        let cancel = SaleCommand::from(Cancel { now });
        assert_eq!(cancel.changes_count_at(received), Some(now));
        assert_eq!(SaleCommand::from(Refill {}).changes_count_at(received), None);
        assert_eq!(SaleCommand::from(Figures { now, member: None }).changes_count_at(received), None);
        assert_eq!(
            SaleCommand::from(Confirm { order: OrderId::parse("O1").expect("order"), now }).changes_count_at(received),
            None
        );
    }
}
