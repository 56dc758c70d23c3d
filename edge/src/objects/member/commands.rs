//! What the worker asks of a member's card, one struct per command, each naming its reply.

use super::{CardState, PostReply, Reclaimed};
use crate::objects::Done;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::coupon::Coupon;
use shared::ids::OrderId;
use shared::stored_value::{self, Posting};

/// Balance, points and standing at `now`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Summary {
    pub now: DateTime<Utc>,
}

/// The issue number to hand out in `step` (none left: `None`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NextIssue {
    pub step: i64,
}

/// Accept a scanned code once.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Consume {
    pub step: i64,
    pub issue: u8,
    pub now: DateTime<Utc>,
}

/// Post a ledger entry (idempotent on its reference).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Post {
    pub posting: Posting,
    pub now: DateTime<Utc>,
}

/// A counter purchase paid with stored value: accept the code, debit, count the spend and
/// award points, all or nothing.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Charge {
    pub step: i64,
    pub issue: u8,
    pub posting: Posting,
    pub points_per_yuan: u32,
    pub now: DateTime<Utc>,
}

/// The entry posted under a reference, if any.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    pub reference: String,
}

/// Put a claimed coupon in the wallet (idempotent on its id); answers with it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AddCoupon {
    pub coupon: Coupon,
}

/// Every coupon in the wallet.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Coupons {}

/// Put a coupon on a pending order until `until`; answers with the coupon.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LockCoupon {
    pub id: String,
    pub order: OrderId,
    pub until: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

/// The order was paid: the coupon is used (idempotent).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RedeemCoupon {
    pub id: String,
    pub order: OrderId,
}

/// The order was cancelled, expired or refunded: the coupon comes back (if it held it).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReleaseCoupon {
    pub id: String,
    pub order: OrderId,
}

/// Ledger entries, newest first, before `before` (a seq).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Ledger {
    pub limit: u32,
    pub before: Option<u64>,
}

/// Take back a gift coupon (its order was returned): an unused one leaves the wallet; a used
/// or locked one stays and is reported as used. Idempotent on the coupon.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReclaimCoupon {
    pub id: String,
    pub now: DateTime<Utc>,
}

/// Take points back once per reference (e.g. a referral whose order was returned).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TakePoints {
    pub reference: String,
    pub points: u64,
    pub reason: String,
    pub now: DateTime<Utc>,
}

/// Award points once per reference.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AddPoints {
    pub reference: String,
    pub points: u64,
    pub reason: String,
    pub now: DateTime<Utc>,
}

/// A paid purchase: counts towards the tier and earns points, once per reference.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordSpend {
    pub reference: String,
    pub fen: i64,
    pub at: DateTime<Utc>,
    pub points_per_yuan: u32,
}

crate::objects::commands! {
    /// What a member's card is asked (the wire form).
    MemberCommand,
    /// A command a member's card answers.
    MemberCall {
        Summary => CardState,
        NextIssue => Option<u8>,
        Consume => Done,
        Post => PostReply,
        Charge => PostReply,
        Entry => Option<stored_value::Entry>,
        AddCoupon => Option<Coupon>,
        Coupons => Vec<Coupon>,
        LockCoupon => Coupon,
        RedeemCoupon => Coupon,
        ReleaseCoupon => Option<Coupon>,
        Ledger => Vec<stored_value::Entry>,
        ReclaimCoupon => Reclaimed,
        TakePoints => CardState,
        AddPoints => CardState,
        RecordSpend => CardState,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_keep_their_wire_form_an_op_tag_beside_the_fields() {
        let coupons = serde_json::to_value(MemberCommand::from(Coupons {})).expect("serializes");
        assert_eq!(coupons, serde_json::json!({ "op": "coupons" }));
        let entry = serde_json::to_value(MemberCommand::from(Entry { reference: "order:O1".into() })).expect("json");
        assert_eq!(entry, serde_json::json!({ "op": "entry", "reference": "order:O1" }));
        let back: MemberCommand = serde_json::from_value(serde_json::json!({ "op": "coupons" })).expect("reads");
        assert!(matches!(back, MemberCommand::Coupons(Coupons {})));
    }
}
