//! The kinds of message, as the contract spells them.

use serde::{Deserialize, Serialize};

/// What a message is about. Members get the first five and the birthday coupon; guides the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum MessageKind {
    /// A sale the member asked to be reminded of starts in 5 minutes (`sale_starting`).
    SaleStarting,
    /// An order is ready to collect (`ready_for_pickup`).
    ReadyForPickup,
    /// A guide placed an order for the member, awaiting payment (`order_for_you`).
    OrderForYou,
    /// A coupon lapses within 24 hours (`coupon_expiring`).
    CouponExpiring,
    /// A refund was paid (`refunded`).
    Refunded,
    /// Guides: a customer bound to them paid an order (`customer_paid`).
    CustomerPaid,
    /// Guides: a customer's birthday is this week (`customer_birthday`).
    CustomerBirthday,
    /// Guides: a shopper to invite to open a membership card (`invite_to_join`).
    InviteToJoin,
    /// Members: the birthday coupon is in the wallet (`birthday_coupon`).
    BirthdayCoupon,
}

/// A `kind` string no message has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown message kind {0}")]
pub struct UnknownKind(pub String);

impl MessageKind {
    /// Every kind, members' first (the birthday coupon, added later, last).
    pub const ALL: [MessageKind; 9] = [
        MessageKind::SaleStarting,
        MessageKind::ReadyForPickup,
        MessageKind::OrderForYou,
        MessageKind::CouponExpiring,
        MessageKind::Refunded,
        MessageKind::CustomerPaid,
        MessageKind::CustomerBirthday,
        MessageKind::InviteToJoin,
        MessageKind::BirthdayCoupon,
    ];

    /// The contract's string.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::SaleStarting => "sale_starting",
            MessageKind::ReadyForPickup => "ready_for_pickup",
            MessageKind::OrderForYou => "order_for_you",
            MessageKind::CouponExpiring => "coupon_expiring",
            MessageKind::Refunded => "refunded",
            MessageKind::CustomerPaid => "customer_paid",
            MessageKind::CustomerBirthday => "customer_birthday",
            MessageKind::InviteToJoin => "invite_to_join",
            MessageKind::BirthdayCoupon => "birthday_coupon",
        }
    }

    /// Reads the contract's string.
    pub fn parse(text: &str) -> Result<MessageKind, UnknownKind> {
        MessageKind::ALL.into_iter().find(|k| k.as_str() == text).ok_or_else(|| UnknownKind(text.to_owned()))
    }

    /// Whether it goes to a guide rather than a member.
    pub fn for_guides(self) -> bool {
        matches!(self, MessageKind::CustomerPaid | MessageKind::CustomerBirthday | MessageKind::InviteToJoin)
    }
}

impl TryFrom<String> for MessageKind {
    type Error = UnknownKind;
    fn try_from(text: String) -> Result<MessageKind, UnknownKind> {
        MessageKind::parse(&text)
    }
}

impl From<MessageKind> for &'static str {
    fn from(kind: MessageKind) -> &'static str {
        kind.as_str()
    }
}
