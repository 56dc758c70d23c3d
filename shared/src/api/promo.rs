//! Promoter and red-envelope shapes (contract v2 "Promoters", "Red envelopes").

use super::CouponView;
use crate::Fen;
use crate::promoter::{Commission, CommissionKind, CommissionStatus, MonthLine};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One commission as the promoter sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionView {
    /// The order that earned it.
    pub order_id: String,
    /// The customer who paid it.
    pub member_id: String,
    /// `first_order` or `second_order`.
    pub kind: CommissionKind,
    /// What it is worth.
    pub amount_fen: Fen,
    /// `pending`, `settled` or `reversed`.
    pub status: CommissionStatus,
    /// When the order was paid.
    pub paid_at: DateTime<Utc>,
}

impl CommissionView {
    /// The view of `c`, earned on `member`'s order.
    pub fn of(member: &str, c: &Commission) -> CommissionView {
        CommissionView {
            order_id: c.order().to_string(),
            member_id: member.to_owned(),
            kind: c.kind(),
            amount_fen: c.amount(),
            status: c.status(),
            paid_at: c.paid_at(),
        }
    }
}

/// A customer who registered through the promoter's code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotedCustomerView {
    /// The member.
    pub member_id: String,
    /// Their name.
    pub name: String,
    /// When they registered.
    pub joined_at: DateTime<Utc>,
}

/// `GET /api/guide/promoter`: the signed-in staff member's promoter code, link, customers and
/// commissions (of `month`, `YYYY-MM` local, when asked), with the monthly statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromoterSummary {
    /// `P-<staff>-<6 digits>`.
    pub code: String,
    /// The registration link that carries the code.
    pub link: String,
    /// Customers brought in, newest first.
    pub customers: Vec<PromotedCustomerView>,
    /// Commissions, newest first.
    pub commissions: Vec<CommissionView>,
    /// Σ pending commissions.
    pub pending_fen: Fen,
    /// Σ settled commissions.
    pub settled_fen: Fen,
    /// By month of payment (store's local time), oldest first.
    pub statement: Vec<MonthLine>,
}

/// The red envelope a paid order carries (`GET /api/orders/{id}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedEnvelopeView {
    /// `E-<order id>`.
    pub id: String,
    /// The app's page to share.
    pub link: String,
    /// Number of shares.
    pub shares: u16,
    /// All shares' value.
    pub total_fen: Fen,
}

/// `POST /api/red-envelopes/{id}/open`: the share won, as a coupon in the wallet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedEnvelope {
    /// The share's value.
    pub amount_fen: Fen,
    /// The coupon it became.
    pub coupon: CouponView,
}
