//! Orders as D1 stores them: the rows the edge reads, parsed where they are read (an unknown
//! status or payment method, or a time that is not one, fails the read instead of becoming a
//! default). Field names are the columns'.

use super::OrderStatus;
use crate::instant::{stored, stored_opt};
use crate::kinds::PaymentMethod;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// An order's row.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct OrderRow {
    /// `O…`.
    pub id: String,
    /// The buyer.
    pub member_id: String,
    /// The store of pickup.
    pub store_id: String,
    /// The stored status (see [`OrderRow::status`] for the one to show and act on).
    pub status: OrderStatus,
    /// Σ lines, in fen.
    pub subtotal_fen: i64,
    /// The coupon's discount, in fen.
    pub discount_fen: i64,
    /// What is paid or to pay, in fen.
    pub total_fen: i64,
    /// The coupon applied.
    pub coupon_id: Option<String>,
    /// The request's fingerprint (a retry with another body is refused).
    pub fingerprint: String,
    /// Created.
    #[serde(with = "stored")]
    pub created_at: DateTime<Utc>,
    /// When the stock lock lapses if unpaid.
    #[serde(with = "stored")]
    pub lock_expires_at: DateTime<Utc>,
    /// When it was paid.
    #[serde(default, with = "stored_opt")]
    pub paid_at: Option<DateTime<Utc>>,
    /// How it was paid.
    pub payment_method: Option<PaymentMethod>,
    /// The pickup number, once paid.
    pub pickup_no: Option<i64>,
    /// When it was collected.
    #[serde(default, with = "stored_opt")]
    pub picked_up_at: Option<DateTime<Utc>>,
    /// The guide who placed it for the member.
    #[serde(default)]
    pub placed_by: Option<String>,
    /// `online` or `scan_go` (migration 0018).
    #[serde(default)]
    pub channel: Option<String>,
    /// The store whose units the order takes, when not its own (migration 0020).
    #[serde(default)]
    pub source_store: Option<String>,
    /// When the last of those units arrived at the pickup store.
    #[serde(default, with = "stored_opt")]
    pub arrived_at: Option<DateTime<Utc>>,
}

impl OrderRow {
    /// The status to show and act on (a paid order from another store awaits its transfer).
    pub fn status(&self) -> OrderStatus {
        self.status.with_arrival(self.source_store.is_some(), self.arrived_at.is_some())
    }
    /// The store whose pool holds the order's units now: the sending store until they arrive.
    pub fn stock_store(&self) -> &str {
        match (&self.source_store, self.arrived_at) {
            (Some(from), None) => from,
            _ => &self.store_id,
        }
    }
    /// When the stock lock lapses if unpaid.
    pub fn lock_expires_at(&self) -> DateTime<Utc> {
        self.lock_expires_at
    }
    /// Whether the order is still unpaid at `now` although its stock lock has lapsed: it is
    /// to be expired (lazily, in case no object's alarm has run yet).
    pub fn lapsed_at(&self, now: DateTime<Utc>) -> bool {
        self.status() == OrderStatus::PendingPayment && now >= self.lock_expires_at
    }
}

/// A line's row, with the product's names and image.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct LineRow {
    /// The product.
    pub sku: String,
    /// Units.
    pub qty: u32,
    /// The price of one unit, in fen.
    pub unit_price_fen: i64,
    /// The flash sale the units come from.
    pub flash_sale_id: Option<String>,
    /// The sale's bucket that holds them.
    pub bucket: Option<u32>,
    /// The product's name (Chinese).
    pub name: String,
    /// The product's name (English).
    pub name_en: String,
    /// The product's image.
    pub image: String,
}

/// The counter where an order is collected: the brand counter of its first line's product.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct CounterRow {
    /// The counter.
    pub id: String,
    /// Its sign (Chinese).
    pub name: String,
    /// Its sign (English).
    pub name_en: String,
    /// Its floor's name.
    pub floor: String,
    /// The store (Chinese name).
    pub store_name: String,
    /// The store (English name).
    pub store_name_en: String,
}

/// An order's red envelope as the order page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct EnvelopeRow {
    /// `E-<order id>`.
    pub id: String,
    /// Number of shares.
    pub shares: i64,
    /// All shares' value, in fen.
    pub total_fen: i64,
}
