//! What the worker asks of a member's card, one struct per command, each naming its reply.

use super::Done;
use crate::Fen;
use crate::coupon::Coupon;
use crate::ids::OrderId;
use crate::stored_value::{self, Posting};
use crate::tier::Standing;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Balance, points and standing at `now`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Summary {
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// The issue number to hand out in `step` (none left: `None`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NextIssue {
    /// The member-code time step.
    pub step: i64,
}

/// Accept a scanned code once.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Consume {
    /// The member-code time step.
    pub step: i64,
    /// The code's issue number within the step.
    pub issue: u8,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Post a ledger entry (idempotent on its reference).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Post {
    /// The ledger entry to post.
    pub posting: Posting,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// A counter purchase paid with stored value: accept the code, debit, count the spend and
/// award points, all or nothing.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Charge {
    /// The member-code time step.
    pub step: i64,
    /// The code's issue number within the step.
    pub issue: u8,
    /// The ledger entry to post.
    pub posting: Posting,
    /// Points earned per yuan spent (the tier's rate).
    pub points_per_yuan: u32,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
    /// Authorised by a counter session the worker checked (`shared::counter_session`): no code
    /// is spent, `step` and `issue` are not read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_counter_session: bool,
}

/// The entry posted under a reference, if any.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    /// What makes a repeat a no-op.
    pub reference: String,
}

/// Put a claimed coupon in the wallet (idempotent on its id); answers with it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AddCoupon {
    /// The coupon.
    pub coupon: Coupon,
}

/// Every coupon in the wallet.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Coupons {}

/// Put a coupon on a pending order until `until`; answers with the coupon.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LockCoupon {
    /// The coupon's id.
    pub id: String,
    /// The order concerned.
    pub order: OrderId,
    /// When the lock lapses unless the order is paid.
    pub until: DateTime<Utc>,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// The order was paid: the coupon is used (idempotent).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RedeemCoupon {
    /// The coupon's id.
    pub id: String,
    /// The order concerned.
    pub order: OrderId,
}

/// The order was cancelled, expired or refunded: the coupon comes back (if it held it).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReleaseCoupon {
    /// The coupon's id.
    pub id: String,
    /// The order concerned.
    pub order: OrderId,
}

/// Ledger entries, newest first, before `before` (a seq).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Ledger {
    /// At most this many entries.
    pub limit: u32,
    /// Only entries before this sequence number.
    pub before: Option<u64>,
}

/// Take back a gift coupon (its order was returned): an unused one leaves the wallet; a used
/// or locked one stays and is reported as used. Idempotent on the coupon.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReclaimCoupon {
    /// The coupon's id.
    pub id: String,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Take points back once per reference (e.g. a referral whose order was returned).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TakePoints {
    /// What makes a repeat a no-op.
    pub reference: String,
    /// Points.
    pub points: u64,
    /// Words for the member's statement.
    pub reason: String,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Award points once per reference.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AddPoints {
    /// What makes a repeat a no-op.
    pub reference: String,
    /// Points.
    pub points: u64,
    /// Words for the member's statement.
    pub reason: String,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// A paid purchase: counts towards the tier and earns points, once per reference.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordSpend {
    /// What makes a repeat a no-op.
    pub reference: String,
    /// The amount spent, in fen (negative for a return).
    pub fen: i64,
    /// When it was spent.
    pub at: DateTime<Utc>,
    /// Points earned per yuan spent (the tier's rate).
    pub points_per_yuan: u32,
}

/// Buy reward `reward` of the catalogue with points under `reference` (the caller's scoped
/// idempotency key): the debit, the coupon `coupon_id` and the count in one step; a repeated
/// reference answers the first redemption again.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RedeemReward {
    /// The reward's id.
    pub reward: String,
    /// What makes a repeat a no-op.
    pub reference: String,
    /// The id the coupon gets if this is the first redemption under `reference`.
    pub coupon_id: String,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// The points history, newest first.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PointsHistory {
    /// At most this many lines.
    pub limit: u32,
}

/// A redemption as the card answers it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Redeemed {
    /// The coupon now in the wallet.
    pub coupon: Coupon,
    /// Points left.
    pub points_balance: u64,
}

super::commands! {
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
        RedeemReward => Redeemed,
        PointsHistory => Vec<crate::api::PointsEntry>,
    }
}

/// A card's figures.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CardState {
    /// Stored-value balance.
    pub balance_fen: Fen,
    /// Points.
    pub points: u64,
    /// Tier standing.
    pub standing: Standing,
}

/// What taking back a gift coupon came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reclaimed {
    /// It was unused and has left the wallet (now or by an earlier call).
    Removed,
    /// The member used it (or holds it on a pending order): its value is owed instead.
    Used,
    /// It never reached the wallet.
    Absent,
}

/// A posting's outcome as the worker sees it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PostReply {
    /// The entry as posted.
    pub entry: stored_value::Entry,
    /// Whether the reference was posted before (nothing changed).
    pub repeat: bool,
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
