//! Stock between stores (调货): units of one SKU go from one store's pool to another's.
//!
//! The stock pools own the units; the transfer's row (D1) says where the transfer stands.
//! Sending notes the row first (`requested`), then takes the units out of the sending pool
//! under the transfer's own reference (so a retry never takes twice), then marks the row
//! `in_transit`. Receiving claims the row for a short lease (a conditional update: of several
//! receives at once, one wins), puts the units into the receiving pool under the transfer's
//! other reference (so they enter once, whoever repeats it), then marks the row `received`.
//! A receive that fails gives its claim back (or lets the lease lapse), so the transfer stays
//! receivable; nothing is ever half moved for good. See [`send`] and [`receive`].

pub mod receive;
pub mod send;

use crate::idempotency::IdempotencyKey;
use crate::ids::{OrderId, Sku, StoreId};
use crate::keys::mac;
use crate::stock::{Qty, QtyError};
use chrono::Duration;

pub use receive::{ReceiveCommand, ReceiveEvent, Receiving};
pub use send::{SendCommand, SendEvent, Sending};

/// A transfer's id: `T` and 16 base32 characters.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TransferId(String);

impl TransferId {
    /// The id of the transfer a staff member asks for under an `Idempotency-Key`: a retried
    /// request names the same transfer, so it can finish what the first one began.
    pub fn derive(secret: &[u8], staff: &str, key: &IdempotencyKey) -> TransferId {
        let digest = mac(secret, &[b"store-transfer", staff.as_bytes(), key.as_str().as_bytes()]);
        TransferId(format!("T{}", crate::ids::base32(&digest[..10])))
    }

    /// The transfer that brings one line of a member's order from the store that has the units
    /// (see [`crate::flows::fulfil`]): the same order and SKU always name the same transfer.
    pub fn for_order_line(secret: &[u8], order: &OrderId, sku: &Sku) -> TransferId {
        let digest = mac(secret, &[b"order-transfer", order.as_str().as_bytes(), sku.as_str().as_bytes()]);
        TransferId(format!("T{}", crate::ids::base32(&digest[..10])))
    }

    /// Reads an id from a path; `None` if it cannot be one.
    pub fn parse(text: &str) -> Option<TransferId> {
        let ok = text.len() == 17 && text.starts_with('T') && text[1..].bytes().all(|b| b.is_ascii_alphanumeric());
        ok.then(|| TransferId(text.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The reference under which the sending pool gives the units (once).
    pub fn out_reference(&self) -> String {
        format!("transfer-out:{}", self.0)
    }

    /// The reference under which the receiving pool takes the units in (once).
    pub fn in_reference(&self) -> String {
        format!("transfer-in:{}", self.0)
    }
}

/// What a transfer moves, checked: a known SKU's units between two different stores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferOrder {
    sku: Sku,
    qty: Qty,
    from: StoreId,
    to: StoreId,
    order: Option<OrderId>,
}

/// Why a transfer as asked cannot exist (each names the field at fault).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransferOrderError {
    /// The SKU is not one.
    #[error("is not a valid sku")]
    Sku,
    /// The quantity is out of range.
    #[error("{0}")]
    Qty(QtyError),
    /// The sending store is not one.
    #[error("is not a store id")]
    FromStore,
    /// The receiving store is not one.
    #[error("is not a store id")]
    ToStore,
    /// Both stores are the same.
    #[error("must be another store than from_store")]
    SameStore,
}

impl TransferOrderError {
    /// The request field the refusal is about.
    pub fn field(&self) -> &'static str {
        match self {
            TransferOrderError::Sku => "sku",
            TransferOrderError::Qty(_) => "qty",
            TransferOrderError::FromStore => "from_store",
            TransferOrderError::ToStore | TransferOrderError::SameStore => "to_store",
        }
    }
}

impl TransferOrder {
    /// Checks a transfer as the request gives it.
    pub fn parse(sku: &str, qty: i64, from: &str, to: &str) -> Result<TransferOrder, TransferOrderError> {
        let sku = Sku::parse(sku.trim()).map_err(|_| TransferOrderError::Sku)?;
        let qty = Qty::parse(qty).map_err(TransferOrderError::Qty)?;
        let from = StoreId::parse(from.trim()).map_err(|_| TransferOrderError::FromStore)?;
        let to = StoreId::parse(to.trim()).map_err(|_| TransferOrderError::ToStore)?;
        if from == to {
            return Err(TransferOrderError::SameStore);
        }
        Ok(TransferOrder { sku, qty, from, to, order: None })
    }

    /// The same transfer carrying a paid order's units: they leave the order's pickup in the
    /// sending store and arrive waiting for its pickup in the receiving one.
    pub fn for_order(self, order: OrderId) -> TransferOrder {
        TransferOrder { order: Some(order), ..self }
    }

    /// The member's order whose units it carries, if any (`None`: free stock).
    pub fn order(&self) -> Option<&OrderId> {
        self.order.as_ref()
    }

    /// The product.
    pub fn sku(&self) -> &Sku {
        &self.sku
    }
    /// How many units.
    pub fn qty(&self) -> Qty {
        self.qty
    }
    /// The sending store.
    pub fn from(&self) -> &StoreId {
        &self.from
    }
    /// The receiving store.
    pub fn to(&self) -> &StoreId {
        &self.to
    }
}

/// Where a transfer stands, as its row says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransferStatus {
    /// Noted; its units may or may not have left the sending pool yet (a retry finishes it).
    Requested,
    /// The units left the sending pool and have not been received.
    InTransit,
    /// The units entered the receiving pool.
    Received,
}

impl TransferStatus {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            TransferStatus::Requested => "requested",
            TransferStatus::InTransit => "in_transit",
            TransferStatus::Received => "received",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<TransferStatus> {
        [TransferStatus::Requested, TransferStatus::InTransit, TransferStatus::Received]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// The rules of transfers between stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransferPolicy {
    receive_lease: Duration,
}

impl TransferPolicy {
    /// The shop's rules: a receive holds its claim on a transfer for at most 30 s; a receive
    /// that crashed is retried after that.
    pub const STANDARD: TransferPolicy = TransferPolicy { receive_lease: Duration::seconds(30) };

    /// How long a receive holds its claim.
    pub fn receive_lease(&self) -> Duration {
        self.receive_lease
    }
}

#[cfg(test)]
mod tests;
