//! Flash sales as D1 lists them: a sale's row, its figures summed over its buckets, and the
//! views customers and managers are shown.

use super::{CancelError, EditError, FlashSale, SaleError, SaleRequest, SaleStatus, in_window};
use crate::api::{FlashSaleView, ManagedSale};
use crate::ids::{IdError, SaleId};
use crate::protocol::sale::BucketReport;
use crate::{ApiError, ErrorCode, Fen};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// A sale's row, with its product's image and English name. Field names are the columns'.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SaleRow {
    /// `FS…`.
    pub id: String,
    /// The product.
    pub sku: String,
    /// The store whose pool supplies the units.
    pub store_id: String,
    /// Title (Chinese).
    pub title: String,
    /// The product's English name.
    pub title_en: String,
    /// The product's image.
    pub image: String,
    /// The sale price, in fen.
    pub price_fen: i64,
    /// The shelf price, in fen.
    pub original_price_fen: i64,
    /// The window opens.
    #[serde(with = "crate::instant::stored")]
    pub starts_at: DateTime<Utc>,
    /// The window closes.
    #[serde(with = "crate::instant::stored")]
    pub ends_at: DateTime<Utc>,
    /// Units in all.
    pub quantity: u32,
    /// Units one member may hold or buy.
    pub per_member_limit: u32,
    /// Buckets the units are spread over.
    pub buckets: u32,
    /// How long an unpaid order holds units.
    pub lock_minutes: u32,
}

/// A sale's figures over every bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SaleTotals {
    /// Units free to lock.
    pub remaining: u32,
    /// Units the asking member holds.
    pub member_held: u32,
    /// Units paid for.
    pub sold: u32,
    /// Units held by unpaid orders.
    pub locked: u32,
    /// Whether the sale was cancelled (any bucket says so).
    pub cancelled: bool,
}

impl SaleTotals {
    /// Counts one bucket's report in.
    pub fn add(&mut self, report: &BucketReport) {
        self.remaining += report.figures.available;
        self.member_held += report.held;
        self.sold += report.figures.sold;
        self.locked += report.figures.locked;
        self.cancelled |= report.cancelled_at.is_some();
    }
}

/// Why a sale's row does not make a sale (a row no build writes).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorruptSale {
    /// The id is not a sale id.
    #[error("{0}")]
    Id(IdError),
    /// The stored definition breaks a rule.
    #[error("sale {id}: {error}")]
    Definition {
        /// The row's id.
        id: String,
        /// The rule.
        error: SaleError,
    },
}

impl SaleRow {
    /// The window opens.
    pub fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }
    /// The window closes.
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.ends_at
    }
    /// Whether orders may lock units at `now` (as [`FlashSale::is_live_at`]).
    pub fn is_live_at(&self, now: DateTime<Utc>) -> bool {
        in_window(self.starts_at, self.ends_at, now)
    }

    /// The refusal of an order for this sale at `now` when it is not live (`SALE_NOT_LIVE`,
    /// saying whether it has not started or has ended); `None` while it is.
    pub fn not_live_at(&self, now: DateTime<Utc>) -> Option<ApiError> {
        if self.is_live_at(now) {
            return None;
        }
        let when = if now < self.starts_at { "has not started" } else { "has ended" };
        Some(ApiError::new(ErrorCode::SaleNotLive, format!("flash sale {} {when}", self.id)))
    }

    /// The sale as customers see it at `now`, with its buckets' totals; `member`: the asker
    /// is a signed-in member, who is told how many units they hold.
    pub fn view(&self, totals: &SaleTotals, member: bool, now: DateTime<Utc>) -> FlashSaleView {
        let status = match totals.cancelled {
            true => SaleStatus::Cancelled,
            false => SaleStatus::at(self.starts_at(), self.ends_at(), totals.remaining, now),
        };
        FlashSaleView {
            id: self.id.clone(),
            sku: self.sku.clone(),
            store_id: self.store_id.clone(),
            title: self.title.clone(),
            title_en: self.title_en.clone(),
            image: self.image.clone(),
            price_fen: Fen::new(self.price_fen.max(0) as u64),
            original_price_fen: Fen::new(self.original_price_fen.max(0) as u64),
            starts_at: self.starts_at(),
            ends_at: self.ends_at(),
            quantity: self.quantity,
            remaining: totals.remaining,
            per_member_limit: self.per_member_limit,
            status,
            lock_minutes: self.lock_minutes,
            buckets: self.buckets,
            my_held: member.then_some(totals.member_held),
        }
    }

    /// The sale as the manager's list shows it at `now`: the customers' view with what was
    /// sold and what unpaid orders hold.
    pub fn managed(&self, totals: &SaleTotals, now: DateTime<Utc>) -> ManagedSale {
        ManagedSale { sale: self.view(totals, false, now), sold: totals.sold, held: totals.locked }
    }

    /// The sale the row describes, as its buckets hold it (checked as a new sale at `now`, so
    /// read it only before its end).
    pub fn definition(&self, now: DateTime<Utc>) -> Result<FlashSale, CorruptSale> {
        let request = SaleRequest {
            sku: self.sku.clone(),
            store_id: self.store_id.clone(),
            price_fen: self.price_fen,
            quantity: i64::from(self.quantity),
            per_member_limit: i64::from(self.per_member_limit),
            starts_at: self.starts_at(),
            ends_at: self.ends_at(),
            title: Some(self.title.clone()),
            buckets: Some(i64::from(self.buckets)),
            lock_minutes: Some(i64::from(self.lock_minutes)),
        };
        let id = SaleId::parse(&self.id).map_err(CorruptSale::Id)?;
        let shelf = Fen::new(self.original_price_fen.max(0) as u64);
        FlashSale::parse(id, &request, &self.title, shelf, now)
            .map_err(|error| CorruptSale::Definition { id: self.id.clone(), error })
    }
}

impl From<CancelError> for ApiError {
    /// `ALREADY_ENDED`, with the end.
    fn from(e: CancelError) -> ApiError {
        ApiError::new(ErrorCode::AlreadyEnded, e.to_string())
    }
}

impl From<EditError> for ApiError {
    /// A sale that can no longer change is a `CONFLICT`; a value that breaks a rule is
    /// `INVALID`, naming the field.
    fn from(e: EditError) -> ApiError {
        match e {
            EditError::Started(_) => {
                ApiError::new(ErrorCode::Conflict, "the sale can be changed only until 2 minutes before its start")
            }
            EditError::Invalid { .. } => ApiError::invalid(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests;
