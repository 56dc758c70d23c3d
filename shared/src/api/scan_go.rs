//! Scan-and-go shapes: the cart, a scanned line, the checkout's receipt and the exit check.

use super::Order;
use crate::Fen;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /api/scan-go/carts`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanGoCartRequest {
    /// The store the member is in.
    pub store_id: String,
}

/// `PUT /api/scan-go/carts/{id}/lines`: how many of the scanned product the cart holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanGoLineRequest {
    /// The product's EAN-13 barcode, as scanned or typed.
    pub barcode: String,
    /// Units; 0 removes the line.
    pub qty: i64,
}

/// A line of a scan-and-go cart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanGoLine {
    /// Product.
    pub sku: String,
    /// Its barcode.
    pub barcode: String,
    /// Name (Chinese).
    pub name: String,
    /// Name (English).
    pub name_en: String,
    /// Units.
    pub qty: u32,
    /// Shelf price per unit.
    pub unit_price_fen: Fen,
}

/// A scan-and-go cart with its totals (the best coupon applied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanGoCartView {
    /// `G…`.
    pub id: String,
    /// The store it is in.
    pub store_id: String,
    /// Lines, in scan order.
    pub lines: Vec<ScanGoLine>,
    /// Σ lines.
    pub subtotal_fen: Fen,
    /// The coupon's discount.
    pub discount_fen: Fen,
    /// What the member pays.
    pub total_fen: Fen,
    /// The best of the member's coupons for this cart, applied automatically.
    pub coupon_id: Option<String>,
    /// The order, once checked out.
    #[serde(default)]
    pub order_id: Option<String>,
}

impl ScanGoCartView {
    /// Cart `row` with its `lines` and `totals` (the best coupon's, or once checked out, its
    /// order's), and its order once checked out.
    pub fn of(
        row: &crate::scan_go::CartRow,
        lines: Vec<crate::scan_go::LineRow>,
        totals: crate::scan_go::CartTotals,
        order_id: Option<String>,
    ) -> ScanGoCartView {
        let lines = lines.into_iter().map(|l| ScanGoLine {
            barcode: l.barcode.clone().unwrap_or_default(),
            unit_price_fen: l.unit_price(),
            qty: l.units(),
            sku: l.sku,
            name: l.name,
            name_en: l.name_en,
        });
        ScanGoCartView {
            id: row.id.clone(),
            store_id: row.store_id.clone(),
            lines: lines.collect(),
            subtotal_fen: totals.subtotal,
            discount_fen: totals.discount,
            total_fen: totals.total,
            coupon_id: totals.coupon_id,
            order_id,
        }
    }
}

/// The exit pass shown as a QR at the store's exit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitPassView {
    /// Digits, shown as a QR.
    pub code: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/scan-go/carts/{id}/checkout`: the paid order and its exit pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanGoReceipt {
    /// The order (`channel: "scan_go"`).
    pub order: Order,
    /// The pass for the exit.
    pub exit_pass: ExitPassView,
}

/// `POST /api/guide/exit-passes`: the order whose lines the guide spot-checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEnvelope {
    /// The order, now handed over.
    pub order: Order,
}

/// `POST /api/guide/counter-sales`: items rung up at the counter and how the customer pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterSaleOrderRequest {
    /// The items and their units (a SKU twice adds up).
    pub lines: Vec<super::CounterSaleRequest>,
    /// `balance` (the member's stored value) or `sandbox` (the gateway).
    pub method: String,
    /// The customer's member code, scanned now (spent by the sale).
    #[serde(default)]
    pub member_code: Option<String>,
    /// Instead of a code: the counter session of the member this guide just identified.
    #[serde(default)]
    pub counter_token: Option<String>,
}
