//! Shapes of the development endpoints (`/api/dev/*`, compiled only into a `dev` build) that
//! tests use to make what they need instead of sharing the demo store's products.

use crate::Fen;
use serde::{Deserialize, Serialize};

/// `POST /api/dev/products`: a fresh product for one test, stocked in one store. It copies a
/// product the store carries (`like`: its brand, so its counters; the stores that carry it; its
/// price unless given) under a new unique SKU, a plain test name and the category `test` unless
/// given, so it never shows in the demo store's searches and category filters, and no other
/// test touches its stock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevProductRequest {
    /// The store whose pool takes `on_hand` (it must carry `like`).
    pub store_id: String,
    /// A product of that store to copy.
    pub like: String,
    /// Units booked into the store's pool (0: none).
    pub on_hand: i64,
    /// Category slug (default `test`: a category of its own).
    #[serde(default)]
    pub category: Option<String>,
    /// Shelf price, fen (default: the copied product's).
    #[serde(default)]
    pub price_fen: Option<i64>,
}

/// What `POST /api/dev/products` made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevProduct {
    /// The new, unique SKU.
    pub sku: String,
    /// The store whose pool took `on_hand`.
    pub store_id: String,
    /// Its name (`测试商品 <sku>`).
    pub name: String,
    /// Brand (the copied product's).
    pub brand: String,
    /// Category.
    pub category: String,
    /// Shelf price.
    pub price_fen: Fen,
    /// Its barcode, in the in-store range (prefix 2).
    pub barcode: crate::barcode::Ean13,
    /// Units in the store's pool.
    pub on_hand: u32,
}
