//! Orders: the request, its id (derived from the member's idempotency key), the state machine,
//! totals, and the pickup code shown at the counter.
//!
//! ```text
//! pending_payment ──pay──▶ ready_for_pickup ──pick up──▶ picked_up
//!        │  │                     │
//!        │  └─lock lapses─▶ expired └─refund─▶ refunded
//!        └─cancel─▶ cancelled
//! ```
//!
//! An order of units another store has (see [`crate::fulfil`]) is paid like any other; until
//! its transfer arrives it shows `awaiting_transfer` (stored as `ready_for_pickup` with no
//! arrival yet, see [`OrderStatus::with_arrival`]) and cannot be picked up.

use crate::Fen;
use crate::idempotency::IdempotencyKey;
use crate::ids::{MemberId, OrderId, SaleId, Sku, StoreId};
use crate::keys::mac;
use crate::stock::Qty;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// Where an order stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Stock locked, waiting for payment.
    PendingPayment,
    /// Paid; waiting at the counter.
    ReadyForPickup,
    /// Collected.
    PickedUp,
    /// Cancelled before payment.
    Cancelled,
    /// The lock lapsed before payment.
    Expired,
    /// Paid and refunded.
    Refunded,
    /// Paid; its units are on their way from another store (never stored: a paid order that
    /// has not arrived is shown so, see [`OrderStatus::with_arrival`]).
    AwaitingTransfer,
}

/// Why a transition is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// It was paid already.
    #[error("the order is already paid")]
    AlreadyPaid,
    /// It is not paid.
    #[error("the order is not paid")]
    NotPaid,
    /// It was collected already.
    #[error("the order was already picked up")]
    AlreadyPickedUp,
    /// Its lock lapsed.
    #[error("the order's stock lock expired")]
    Expired,
    /// It was cancelled.
    #[error("the order was cancelled")]
    Cancelled,
    /// It was refunded.
    #[error("the order was refunded")]
    Refunded,
    /// Its units have not arrived from the other store yet.
    #[error("the order's units have not arrived from the other store yet")]
    NotArrived,
}

impl From<TransitionError> for crate::ApiError {
    /// The contract's code for a refused transition, with the reason in words.
    fn from(e: TransitionError) -> crate::ApiError {
        use crate::ErrorCode;
        let code = match e {
            TransitionError::AlreadyPaid => ErrorCode::AlreadyPaid,
            TransitionError::NotPaid => ErrorCode::NotPaid,
            TransitionError::AlreadyPickedUp => ErrorCode::AlreadyPickedUp,
            TransitionError::Expired => ErrorCode::LockExpired,
            TransitionError::Cancelled | TransitionError::Refunded => ErrorCode::Conflict,
            TransitionError::NotArrived => ErrorCode::NotArrived,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

impl OrderStatus {
    /// Reads the stored name.
    pub fn parse(text: &str) -> Option<OrderStatus> {
        serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
    }
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "pending_payment",
            OrderStatus::ReadyForPickup => "ready_for_pickup",
            OrderStatus::PickedUp => "picked_up",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Expired => "expired",
            OrderStatus::Refunded => "refunded",
            OrderStatus::AwaitingTransfer => "awaiting_transfer",
        }
    }
    /// The status to show and act on: a paid order whose units come from another store
    /// (`sourced`) awaits its transfer until it has `arrived`.
    pub fn with_arrival(self, sourced: bool, arrived: bool) -> OrderStatus {
        match self {
            OrderStatus::ReadyForPickup if sourced && !arrived => OrderStatus::AwaitingTransfer,
            other => other,
        }
    }
    fn settled(self) -> TransitionError {
        match self {
            OrderStatus::ReadyForPickup | OrderStatus::AwaitingTransfer => TransitionError::AlreadyPaid,
            OrderStatus::PickedUp => TransitionError::AlreadyPickedUp,
            OrderStatus::Cancelled => TransitionError::Cancelled,
            OrderStatus::Expired => TransitionError::Expired,
            OrderStatus::Refunded => TransitionError::Refunded,
            OrderStatus::PendingPayment => TransitionError::NotPaid,
        }
    }
    /// Payment: only a pending order can be paid.
    pub fn pay(self) -> Result<OrderStatus, TransitionError> {
        match self {
            OrderStatus::PendingPayment => Ok(OrderStatus::ReadyForPickup),
            other => Err(other.settled()),
        }
    }
    /// Cancellation: only before payment.
    pub fn cancel(self) -> Result<OrderStatus, TransitionError> {
        match self {
            OrderStatus::PendingPayment => Ok(OrderStatus::Cancelled),
            other => Err(other.settled()),
        }
    }
    /// The lock lapsed: only a pending order expires.
    pub fn expire(self) -> Result<OrderStatus, TransitionError> {
        match self {
            OrderStatus::PendingPayment => Ok(OrderStatus::Expired),
            other => Err(other.settled()),
        }
    }
    /// Collection at the counter: only a paid order.
    pub fn pick_up(self) -> Result<OrderStatus, TransitionError> {
        match self {
            OrderStatus::ReadyForPickup => Ok(OrderStatus::PickedUp),
            OrderStatus::PendingPayment => Err(TransitionError::NotPaid),
            OrderStatus::AwaitingTransfer => Err(TransitionError::NotArrived),
            other => Err(other.settled()),
        }
    }
    /// Whether nothing more can happen to it (its stock is settled for good).
    pub fn is_final(self) -> bool {
        matches!(self, OrderStatus::PickedUp | OrderStatus::Cancelled | OrderStatus::Expired | OrderStatus::Refunded)
    }
}

/// One line as it arrives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRequest {
    /// Product.
    pub sku: String,
    /// Units.
    pub qty: i64,
    /// The flash sale the line buys under, if any.
    #[serde(default)]
    pub flash_sale_id: Option<String>,
}

/// `POST /api/orders` as it arrives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRequest {
    /// Store of pickup (and of the stock).
    pub store_id: String,
    /// Lines.
    pub lines: Vec<LineRequest>,
    /// A coupon from the member's wallet.
    #[serde(default)]
    pub coupon_id: Option<String>,
    /// Another store whose units the order takes (they travel to `store_id` for pickup).
    #[serde(default)]
    pub from_store: Option<String>,
}

/// A validated line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    /// Product.
    pub sku: Sku,
    /// Units.
    pub qty: Qty,
    /// Flash sale, if any.
    pub flash_sale_id: Option<SaleId>,
}

/// A validated order request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOrder {
    /// Store.
    pub store_id: StoreId,
    /// Lines, in the order given.
    pub lines: Vec<OrderLine>,
    /// Coupon.
    pub coupon_id: Option<String>,
    /// The store whose units it takes, when not `store_id` (they travel for pickup).
    pub from_store: Option<StoreId>,
}

/// Most lines on one order.
pub const MAX_LINES: usize = 20;

/// Why an order request was refused (each names the field for a 422).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct OrderRequestError {
    /// The field, e.g. `lines[1].qty`.
    pub field: String,
    /// What is wrong.
    pub problem: String,
}

fn refuse(field: impl Into<String>, problem: impl Into<String>) -> OrderRequestError {
    OrderRequestError { field: field.into(), problem: problem.into() }
}

impl OrderRequest {
    /// Validates shape and rules (not stock, prices or sales: those need storage).
    pub fn validate(&self) -> Result<ValidOrder, OrderRequestError> {
        let store_id = StoreId::parse(&self.store_id).map_err(|e| refuse("store_id", e.to_string()))?;
        if self.lines.is_empty() {
            return Err(refuse("lines", "an order needs at least one line"));
        }
        if self.lines.len() > MAX_LINES {
            return Err(refuse("lines", format!("at most {MAX_LINES} lines")));
        }
        let mut seen = BTreeSet::new();
        let mut lines = Vec::with_capacity(self.lines.len());
        for (i, l) in self.lines.iter().enumerate() {
            let sku = Sku::parse(&l.sku).map_err(|e| refuse(format!("lines[{i}].sku"), e.to_string()))?;
            let qty = Qty::parse(l.qty)
                .ok()
                .filter(|q| q.get() <= 99)
                .ok_or_else(|| refuse(format!("lines[{i}].qty"), "must be 1 to 99"))?;
            let flash_sale_id = match &l.flash_sale_id {
                Some(id) => {
                    Some(SaleId::parse(id).map_err(|e| refuse(format!("lines[{i}].flash_sale_id"), e.to_string()))?)
                }
                None => None,
            };
            // One line per product, flash sale or not: a return names a product, so a second
            // line of it could never be told apart (and so never be returned).
            if !seen.insert(sku.clone()) {
                return Err(refuse(
                    format!("lines[{i}]"),
                    format!("{sku} appears on two lines; put the quantity on one line"),
                ));
            }
            lines.push(OrderLine { sku, qty, flash_sale_id });
        }
        let coupon_id = self.coupon_id.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
        let from_store = match self.from_store.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(from) => {
                let from = StoreId::parse(from).map_err(|e| refuse("from_store", e.to_string()))?;
                if from == store_id {
                    return Err(refuse("from_store", "must be another store than store_id"));
                }
                if let Some(i) = lines.iter().position(|l| l.flash_sale_id.is_some()) {
                    return Err(refuse(
                        format!("lines[{i}].flash_sale_id"),
                        "a flash sale sells only its own store's units",
                    ));
                }
                Some(from)
            }
        };
        Ok(ValidOrder { store_id, lines, coupon_id, from_store })
    }
}

impl ValidOrder {
    /// A digest of the request, to tell a retry (same body) from a reuse of the key with a
    /// different body.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.store_id.as_str());
        for l in &self.lines {
            h.update(format!(
                "|{}:{}:{}",
                l.sku,
                l.qty.get(),
                l.flash_sale_id.as_ref().map(SaleId::as_str).unwrap_or("")
            ));
        }
        h.update(format!("|coupon:{}", self.coupon_id.as_deref().unwrap_or("")));
        if let Some(from) = &self.from_store {
            h.update(format!("|from:{from}"));
        }
        h.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect()
    }
}

/// Why no id could be derived from an idempotency key (its text is checked by
/// [`IdempotencyKey::parse`], so this does not happen with a parsed key).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Idempotency-Key must be 1 to 64 visible ASCII characters")]
pub struct KeyError;

/// The order id for a member's idempotency key: the same key from the same member is always
/// the same order, so a retry cannot create a second one.
pub fn order_id(key: &[u8], member: &MemberId, idempotency_key: &IdempotencyKey) -> Result<OrderId, KeyError> {
    let digest = mac(key, &[b"order-id", member.as_str().as_bytes(), idempotency_key.as_str().as_bytes()]);
    OrderId::parse(&format!("O{}", &crate::ids::base32(&digest[..10]))).map_err(|_| KeyError)
}

/// Subtotal, discount and total of priced lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Σ unit price × qty.
    pub subtotal: Fen,
    /// Coupon discount.
    pub discount: Fen,
    /// What the member pays.
    pub total: Fen,
}

/// The order's amounts would exceed what one amount of money can hold ([`Fen::MAX`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("lines: the order would come to more than {} fen", Fen::MAX)]
pub struct TotalTooLarge;

/// Σ unit price × qty of `(unit price, qty)` lines, or [`TotalTooLarge`] (never capped).
pub fn subtotal(lines: &[(Fen, Qty)]) -> Result<Fen, TotalTooLarge> {
    let amounts: Option<Vec<Fen>> = lines.iter().map(|(p, q)| p.checked_mul(q.get())).collect();
    amounts.and_then(Fen::sum).ok_or(TotalTooLarge)
}

/// Totals of `(unit price, qty)` lines with a discount (capped at the subtotal).
pub fn totals(lines: &[(Fen, Qty)], discount: Fen) -> Result<Totals, TotalTooLarge> {
    let subtotal = subtotal(lines)?;
    let discount = discount.min(subtotal);
    Ok(Totals { subtotal, discount, total: subtotal.minus(discount).unwrap_or(Fen::ZERO) })
}

mod rows;
pub mod view;

pub use rows::{CounterRow, EnvelopeRow, LineRow, OrderRow};

#[cfg(test)]
mod tests;
