//! Stock between stores: `POST/GET /api/manage/stock/transfers`, `…/{id}/receive`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /api/manage/stock/transfers`: send units of a SKU from one store to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRequest {
    /// The product.
    pub sku: String,
    /// How many units (1 to 999).
    pub qty: i64,
    /// The sending store (the caller's, unless head office).
    pub from_store: String,
    /// The receiving store.
    pub to_store: String,
}

/// A transfer between stores, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreTransfer {
    /// Its id.
    pub id: String,
    /// The product.
    pub sku: String,
    /// How many units.
    pub qty: u32,
    /// The sending store.
    pub from_store: String,
    /// The receiving store.
    pub to_store: String,
    /// `requested`, `in_transit` or `received`.
    pub status: String,
    /// Who sent it.
    pub sent_by: String,
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// Who received it.
    pub received_by: Option<String>,
    /// When it was received.
    pub received_at: Option<DateTime<Utc>>,
    /// The member's order whose units it carries (ordered where the item was missing).
    #[serde(default)]
    pub order_id: Option<String>,
}
