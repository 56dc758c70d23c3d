//! A gateway payment as D1 keeps it, and as the API shows it ([`PaymentRow::view`]).

use crate::Fen;
use crate::api::Payment;
use crate::kinds::{PaymentKind, PaymentMethod, PaymentStatus};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// A payment's row, parsed where it is read: an unknown kind, method or status, or a time that
/// is not one, fails the read (an internal error) instead of becoming a default.
#[derive(Clone, Debug, Deserialize)]
pub struct PaymentRow {
    /// Our payment id (the gateway's `out_trade_no`).
    pub id: String,
    /// Who pays.
    pub member_id: String,
    /// What it pays for.
    pub kind: PaymentKind,
    /// The order or top-up it pays.
    pub reference: String,
    /// Amount, fen.
    pub amount_fen: i64,
    /// How.
    pub method: PaymentMethod,
    /// Where it stands.
    pub status: PaymentStatus,
    /// The gateway's prepay id.
    pub prepay_id: String,
    /// When it was requested.
    #[serde(with = "crate::instant::stored")]
    pub created_at: DateTime<Utc>,
    /// When the gateway confirmed it.
    #[serde(default, with = "crate::instant::stored_opt")]
    pub paid_at: Option<DateTime<Utc>>,
}

impl PaymentRow {
    /// The API's view (a negative amount reads as zero).
    pub fn view(&self) -> Payment {
        Payment {
            id: self.id.clone(),
            kind: self.kind,
            reference: self.reference.clone(),
            amount_fen: Fen::new(self.amount_fen.max(0) as u64),
            method: self.method,
            status: self.status,
            prepay_id: self.prepay_id.clone(),
            created_at: self.created_at,
            paid_at: self.paid_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(amount: i64, paid: Option<&str>) -> PaymentRow {
        serde_json::from_value(serde_json::json!({
            "id": "P1", "member_id": "M10000001", "kind": "order", "reference": "O1",
            "amount_fen": amount, "method": "sandbox", "status": "succeeded", "prepay_id": "wx1",
            "created_at": "2026-11-24T08:00:00.000Z", "paid_at": paid
        }))
        .unwrap()
    }

    #[test]
    fn the_view_carries_the_row_without_its_member() {
        let v = row(1_500, Some("2026-11-24T08:00:05.000Z")).view();
        assert_eq!((v.id.as_str(), v.reference.as_str(), v.prepay_id.as_str()), ("P1", "O1", "wx1"));
        assert_eq!(
            (v.kind, v.method, v.status),
            (PaymentKind::Order, PaymentMethod::Sandbox, PaymentStatus::Succeeded)
        );
        assert_eq!(v.amount_fen, Fen::new(1_500));
        assert_eq!(v.created_at.to_rfc3339(), "2026-11-24T08:00:00+00:00");
        assert_eq!(v.paid_at.map(|t| t.to_rfc3339()), Some("2026-11-24T08:00:05+00:00".into()));
    }

    #[test]
    fn a_negative_amount_reads_as_zero_and_an_unpaid_one_has_no_paid_at() {
        let v = row(-3, None).view();
        assert_eq!((v.amount_fen, v.paid_at), (Fen::ZERO, None));
    }
}
