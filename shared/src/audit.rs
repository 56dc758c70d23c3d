//! The audit log: one entry per staff action that moves money, stock, codes or coupons
//! (`GET /api/manage/audit`). Entries are append-only; each names its action by a reference,
//! so an idempotent retry of one action is recorded once.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a staff member did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// Scanned a member code to see who it is (the code is spent).
    MemberCodeVerified,
    /// Charged a counter purchase to stored value.
    CounterCharge,
    /// Handed an order over at pickup.
    Pickup,
    /// Took goods back and refunded them.
    Return,
    /// Gave a member a coupon.
    CouponSent,
    /// Created a flash sale (its units reserved from the pool).
    FlashSaleCreated,
    /// Created a coupon campaign.
    CampaignCreated,
    /// Sold units at the counter from the store's pool.
    StockSold,
    /// Booked received goods into the store's pool.
    StockReceived,
    /// Bound a customer by scanning their member code.
    CustomerBound,
    /// Placed an order for a customer.
    OrderForCustomer,
    /// Checked a scan-and-go exit pass (the order is handed over).
    ExitPassChecked,
    /// Cancelled a flash sale (its unsold units go back to the pool).
    FlashSaleCancelled,
    /// Closed a coupon campaign to further claims and gifts.
    CampaignClosed,
    /// Changed a flash sale's title, window or price before its start.
    FlashSaleEdited,
    /// Added a staff member (head office, or a manager adding a guide).
    StaffCreated,
    /// Disabled a staff member: their tokens stopped.
    StaffDisabled,
    /// Set a staff member's password.
    StaffPasswordReset,
    /// Sent units to another store.
    StockTransferred,
    /// Rang up a counter sale that the customer paid for (its units handed over).
    CounterSalePaid,
    /// Moved a leaving guide's customers to another guide (their protection dates kept).
    CustomersHandedOver,
    /// Uploaded a product picture (head office).
    ImageUploaded,
}

impl AuditAction {
    /// Every action, for documentation and exhaustive checks.
    pub const ALL: [AuditAction; 22] = [
        AuditAction::MemberCodeVerified,
        AuditAction::CounterCharge,
        AuditAction::Pickup,
        AuditAction::Return,
        AuditAction::CouponSent,
        AuditAction::FlashSaleCreated,
        AuditAction::CampaignCreated,
        AuditAction::StockSold,
        AuditAction::StockReceived,
        AuditAction::CustomerBound,
        AuditAction::OrderForCustomer,
        AuditAction::ExitPassChecked,
        AuditAction::FlashSaleCancelled,
        AuditAction::CampaignClosed,
        AuditAction::FlashSaleEdited,
        AuditAction::StaffCreated,
        AuditAction::StaffDisabled,
        AuditAction::StaffPasswordReset,
        AuditAction::StockTransferred,
        AuditAction::CounterSalePaid,
        AuditAction::CustomersHandedOver,
        AuditAction::ImageUploaded,
    ];

    /// The stored name (`snake_case`, as in the API).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::MemberCodeVerified => "member_code_verified",
            AuditAction::CounterCharge => "counter_charge",
            AuditAction::Pickup => "pickup",
            AuditAction::Return => "return",
            AuditAction::CouponSent => "coupon_sent",
            AuditAction::FlashSaleCreated => "flash_sale_created",
            AuditAction::CampaignCreated => "campaign_created",
            AuditAction::StockSold => "stock_sold",
            AuditAction::StockReceived => "stock_received",
            AuditAction::CustomerBound => "customer_bound",
            AuditAction::OrderForCustomer => "order_for_customer",
            AuditAction::ExitPassChecked => "exit_pass_checked",
            AuditAction::FlashSaleCancelled => "flash_sale_cancelled",
            AuditAction::CampaignClosed => "campaign_closed",
            AuditAction::FlashSaleEdited => "flash_sale_edited",
            AuditAction::StaffCreated => "staff_created",
            AuditAction::StaffDisabled => "staff_disabled",
            AuditAction::StaffPasswordReset => "staff_password_reset",
            AuditAction::StockTransferred => "stock_transferred",
            AuditAction::CounterSalePaid => "counter_sale_paid",
            AuditAction::CustomersHandedOver => "customers_handed_over",
            AuditAction::ImageUploaded => "image_uploaded",
        }
    }

    /// Reads a stored name; an unknown one is `None` (a row the code does not know is an error
    /// for the caller to report, never a silent default).
    pub fn parse(text: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// One staff action to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Where (the store whose money, stock or customers moved).
    pub store_id: String,
    /// Who.
    pub staff_id: String,
    /// What.
    pub action: AuditAction,
    /// What it was done to: an order, a member, a SKU, a sale, a campaign.
    pub subject: String,
    /// A short human line (amounts in fen, quantities).
    pub detail: String,
    /// Names the action itself, so recording it again (a retry) adds nothing.
    pub reference: String,
}

/// What became of a recorded action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    /// It happened.
    Done,
    /// It was written down before it ran, and no outcome followed (the worker stopped in
    /// between): it may have happened. The log never loses an action that did.
    Unconfirmed,
}

/// An entry as `GET /api/manage/audit` shows it (refused actions are left out: they moved
/// nothing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// The store.
    pub store_id: String,
    /// Who.
    pub staff_id: String,
    /// What.
    pub action: AuditAction,
    /// What it was done to.
    pub subject: String,
    /// A short human line.
    pub detail: String,
    /// Whether it is known to have happened.
    pub outcome: AuditOutcome,
}

/// An entry as D1's log gives it: the time as written (RFC 3339), the action's name, and
/// whether a `done` outcome followed.
#[derive(Clone, Debug, Deserialize)]
pub struct AuditRow {
    /// When, RFC 3339.
    pub at: String,
    /// The store.
    pub store_id: String,
    /// Who.
    pub staff_id: String,
    /// The action's name.
    pub action: String,
    /// What it was done to.
    pub subject: String,
    /// A short human line.
    pub detail: String,
    /// Non-zero when it is known to have happened.
    pub done: i64,
}

/// Why a logged entry does not read back (a fault on our side).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditRowError {
    /// An action this build does not know.
    #[error("audit row with unknown action {0}")]
    Action(String),
    /// A time that is not one.
    #[error("audit row with unreadable time {0}")]
    Time(String),
}

impl AuditRow {
    /// The entry as the API shows it; unconfirmed unless it is known to be done.
    pub fn view(self) -> Result<AuditView, AuditRowError> {
        let action = AuditAction::parse(&self.action).ok_or_else(|| AuditRowError::Action(self.action.clone()))?;
        let at = DateTime::parse_from_rfc3339(&self.at)
            .map_err(|_| AuditRowError::Time(self.at.clone()))?
            .with_timezone(&Utc);
        let outcome = if self.done != 0 { AuditOutcome::Done } else { AuditOutcome::Unconfirmed };
        Ok(AuditView {
            at,
            store_id: self.store_id,
            staff_id: self.staff_id,
            action,
            subject: self.subject,
            detail: self.detail,
            outcome,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(at: &str, action: &str, done: i64) -> AuditRow {
        AuditRow {
            at: at.into(),
            store_id: "S1".into(),
            staff_id: "G1".into(),
            action: action.into(),
            subject: "SKU-1".into(),
            detail: "3 units".into(),
            done,
        }
    }

    #[test]
    fn a_logged_entry_reads_back_done_or_unconfirmed() {
        let action = AuditAction::ALL[0];
        let v = row("2026-11-24T16:00:00+08:00", action.as_str(), 1).view().unwrap();
        assert_eq!(v.at, "2026-11-24T08:00:00Z".parse::<DateTime<Utc>>().unwrap());
        assert_eq!((v.action, v.outcome), (action, AuditOutcome::Done));
        assert_eq!((v.store_id.as_str(), v.staff_id.as_str()), ("S1", "G1"));
        assert_eq!((v.subject.as_str(), v.detail.as_str()), ("SKU-1", "3 units"));
        let v = row("2026-11-24T08:00:00Z", action.as_str(), 0).view().unwrap();
        assert_eq!(v.outcome, AuditOutcome::Unconfirmed);
    }

    #[test]
    fn an_unknown_action_is_named_before_a_bad_time() {
        let err = row("yesterday", "refund_everything", 1).view().unwrap_err();
        assert_eq!(err.to_string(), "audit row with unknown action refund_everything");
        let err = row("yesterday", AuditAction::ALL[0].as_str(), 1).view().unwrap_err();
        assert_eq!(err.to_string(), "audit row with unreadable time yesterday");
    }

    #[test]
    fn every_action_reads_back_from_its_name_and_matches_serde() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), serde_json::Value::String(a.as_str().into()));
        }
        assert_eq!(AuditAction::parse("refund_everything"), None);
    }
}
