//! Flash sales, orders, pickup and staff stock shapes.

use crate::Fen;
use crate::flash_sale::SaleStatus;
use crate::order::OrderStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A flash sale as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashSaleView {
    /// `FS…`.
    pub id: String,
    /// Product.
    pub sku: String,
    /// Store whose pool it sells from (and where it is collected).
    pub store_id: String,
    /// Title (Chinese; the product's name unless the manager gave one).
    pub title: String,
    /// The product's English name.
    pub title_en: String,
    /// Product image.
    pub image: String,
    /// Sale price.
    pub price_fen: Fen,
    /// Shelf price.
    pub original_price_fen: Fen,
    /// Window start.
    pub starts_at: DateTime<Utc>,
    /// Window end.
    pub ends_at: DateTime<Utc>,
    /// Units in the sale.
    pub quantity: u32,
    /// Units still available to lock.
    pub remaining: u32,
    /// Units per member.
    pub per_member_limit: u32,
    /// `upcoming|live|sold_out|ended`.
    pub status: SaleStatus,
    /// Minutes an unpaid order holds units.
    pub lock_minutes: u32,
    /// Buckets the quantity is split over.
    pub buckets: u32,
    /// With a member's token: units this member holds (locked or bought).
    pub my_held: Option<u32>,
}

/// One message of a sale's live feed (`GET /api/flash-sales/{id}/live`, a WebSocket): the
/// sale's remaining units over every bucket when it changed, at most a few a second.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveStock {
    /// `FS…`.
    pub sale_id: String,
    /// Units still available to lock.
    pub remaining: u32,
    /// `upcoming|live|sold_out|ended`.
    pub status: SaleStatus,
    /// When the sale's object saw this count.
    pub at: DateTime<Utc>,
}

/// A line of an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    /// Product.
    pub sku: String,
    /// Units.
    pub qty: u32,
    /// Price per unit paid.
    pub unit_price_fen: Fen,
    /// The flash sale, if bought under one.
    pub flash_sale_id: Option<String>,
    /// Product name (Chinese).
    pub name: String,
    /// Product name (English).
    pub name_en: String,
    /// Image.
    pub image: String,
    /// Units brought back (returns).
    #[serde(default)]
    pub returned_qty: u32,
}

/// Where and how to collect a paid order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pickup {
    /// 12 digits, shown as a QR code and read aloud. Only the member who owns the order ever
    /// sees it: staff views of an order leave it out (`None`, absent from the JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The counter to collect at.
    pub counter_id: Option<String>,
    /// Its sign (Chinese).
    pub counter_name: Option<String>,
    /// Its sign (English).
    pub counter_name_en: Option<String>,
    /// Its floor.
    pub floor: Option<String>,
    /// The store (Chinese name).
    pub store_name: Option<String>,
    /// The store (English name).
    pub store_name_en: Option<String>,
}

/// An order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// `O…`.
    pub id: String,
    /// Buyer.
    pub member_id: String,
    /// Store of pickup.
    pub store_id: String,
    /// State.
    pub status: OrderStatus,
    /// Lines.
    pub lines: Vec<OrderLineView>,
    /// Σ lines.
    pub subtotal_fen: Fen,
    /// Coupon discount.
    pub discount_fen: Fen,
    /// Paid or to pay.
    pub total_fen: Fen,
    /// Coupon applied.
    pub coupon_id: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// When the stock lock lapses if unpaid.
    pub lock_expires_at: DateTime<Utc>,
    /// When it was paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// `balance` or `sandbox`.
    pub payment_method: Option<crate::kinds::PaymentMethod>,
    /// When collected.
    pub picked_up_at: Option<DateTime<Utc>>,
    /// Present once paid.
    pub pickup: Option<Pickup>,
    /// The guide who placed it for the member (absent: the member ordered).
    #[serde(default)]
    pub placed_by: Option<String>,
    /// Coupons the payment earned (post-payment rewards).
    #[serde(default)]
    pub rewards: Vec<OrderReward>,
    /// Where it was made (`online`, `scan_go`).
    #[serde(default)]
    pub channel: crate::scan_go::Channel,
    /// The red envelope a paid order of at least the threshold carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_envelope: Option<super::RedEnvelopeView>,
    /// The store whose units travel to `store_id` for it (ordered where the item was missing).
    #[serde(default)]
    pub from_store: Option<String>,
}

/// A coupon an order's payment earned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderReward {
    /// The coupon, now in the wallet.
    pub coupon_id: String,
    /// Its title.
    pub title: String,
}

/// `POST /api/orders/{id}/pay`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayRequest {
    /// `balance` (stored value) or `sandbox` (the gateway).
    pub method: String,
}

/// A store's figures for one SKU (staff).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockRow {
    /// Store.
    pub store_id: String,
    /// Units in the store.
    pub on_hand: u32,
    /// Held by unpaid orders.
    pub locked: u32,
    /// Free to sell.
    pub available: u32,
    /// Paid, waiting to be collected.
    pub awaiting_pickup: u32,
    /// Set aside for flash sales.
    pub reserved: u32,
}

impl StockRow {
    /// Store `store`'s figures.
    pub fn of(store: &str, f: crate::stock::StockFigures) -> StockRow {
        StockRow {
            store_id: store.to_owned(),
            on_hand: f.on_hand,
            locked: f.locked,
            available: f.available,
            awaiting_pickup: f.awaiting_pickup,
            reserved: f.reserved,
        }
    }
}

/// `POST /api/guide/stock/sales`: a sale at the counter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterSaleRequest {
    /// Product.
    pub sku: String,
    /// Units.
    pub qty: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stock::StockFigures;

    #[test]
    fn a_stock_row_carries_each_figure_under_its_own_name() {
        let f = StockFigures { on_hand: 10, locked: 1, awaiting_pickup: 2, reserved: 3, available: 4 };
        let row = StockRow::of("S1", f);
        let expected =
            StockRow { store_id: "S1".into(), on_hand: 10, locked: 1, available: 4, awaiting_pickup: 2, reserved: 3 };
        assert_eq!(row, expected);
    }
}
