//! The scan-and-go cart: lines by product, quantities set by scanning, the member's best coupon
//! applied automatically, and the totals the member pays.

use crate::coupon::{Cart, CartLine, Coupon, CouponStatus, best_coupon};
use crate::ids::{OrderId, Sku, StoreId};
use crate::keys::mac;
use crate::money::Fen;
use crate::order::{MAX_LINES, OrderLine, ValidOrder};
use crate::stock::Qty;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Most units of one product in one scan-and-go cart (a shop's "per customer" shelf limit).
pub const MAX_UNITS_PER_LINE: u32 = 99;

/// One product in the cart and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScannedLine {
    sku: Sku,
    qty: u32,
}

impl ScannedLine {
    /// The product.
    pub fn sku(&self) -> &Sku {
        &self.sku
    }
    /// Units (at least 1).
    pub fn qty(&self) -> u32 {
        self.qty
    }
}

/// Why a quantity change was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// More than [`MAX_UNITS_PER_LINE`] of one product.
    #[error("qty: at most {MAX_UNITS_PER_LINE} of one product")]
    TooMany,
    /// More than [`MAX_LINES`] different products.
    #[error("a cart holds at most {MAX_LINES} different products")]
    TooManyLines,
    /// The cart has been checked out; it no longer changes.
    #[error("this cart has been checked out")]
    CheckedOut,
    /// The store does not stock the product.
    #[error("this product is not sold in this store")]
    NotStocked,
    /// The store has fewer units than asked for.
    #[error("only {available} left in this store")]
    Short {
        /// Units the store can still sell.
        available: u32,
    },
}

impl From<LineError> for crate::ApiError {
    fn from(e: LineError) -> crate::ApiError {
        use crate::ErrorCode as E;
        let code = match e {
            LineError::TooMany | LineError::TooManyLines => E::Invalid,
            LineError::NotStocked | LineError::Short { .. } => E::InsufficientStock,
            LineError::CheckedOut => E::Conflict,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

/// A member's scan-and-go cart in one store. Lines keep the order they were first scanned in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanGoCart {
    store: StoreId,
    lines: Vec<ScannedLine>,
    checked_out: bool,
}

impl ScanGoCart {
    /// An empty cart in `store`.
    pub fn new(store: StoreId) -> Self {
        ScanGoCart { store, lines: Vec::new(), checked_out: false }
    }

    /// A cart as stored: its lines in scan order (quantities outside the limits are dropped, as
    /// no change could have made them) and whether its checkout has begun.
    pub fn restore(store: StoreId, lines: Vec<(Sku, u32)>, checked_out: bool) -> Self {
        let lines = lines
            .into_iter()
            .filter(|(_, q)| (1..=MAX_UNITS_PER_LINE).contains(q))
            .map(|(sku, qty)| ScannedLine { sku, qty })
            .collect();
        ScanGoCart { store, lines, checked_out }
    }

    /// The store the cart is in.
    pub fn store(&self) -> &StoreId {
        &self.store
    }

    /// The lines, in scan order.
    pub fn lines(&self) -> &[ScannedLine] {
        &self.lines
    }

    /// Whether the checkout has begun (the cart is frozen).
    pub fn checked_out(&self) -> bool {
        self.checked_out
    }

    /// Sets how many of `sku` the cart holds: 0 removes the line, a new product is appended.
    /// `available` is what the store can sell of it now (`None`: it does not stock it); the
    /// checkout takes the units, so this only spares the member a refusal at the till.
    pub fn set(&mut self, sku: Sku, qty: u32, available: Option<u32>) -> Result<(), LineError> {
        if self.checked_out {
            return Err(LineError::CheckedOut);
        }
        if qty > MAX_UNITS_PER_LINE {
            return Err(LineError::TooMany);
        }
        match available {
            _ if qty == 0 => {}
            None => return Err(LineError::NotStocked),
            Some(available) if available < qty => return Err(LineError::Short { available }),
            Some(_) => {}
        }
        match self.lines.iter().position(|l| l.sku == sku) {
            Some(i) if qty == 0 => {
                self.lines.remove(i);
            }
            Some(i) => self.lines[i].qty = qty,
            None if qty == 0 => {}
            None if self.lines.len() >= MAX_LINES => return Err(LineError::TooManyLines),
            None => self.lines.push(ScannedLine { sku, qty }),
        }
        Ok(())
    }

    /// The order the checkout places: every line from the store's pool, with `coupon`.
    /// `None` for an empty cart (nothing to buy).
    pub fn order(&self, coupon: Option<String>) -> Option<ValidOrder> {
        let lines: Option<Vec<OrderLine>> = self
            .lines
            .iter()
            .map(|l| {
                Qty::parse(i64::from(l.qty)).ok().map(|qty| OrderLine { sku: l.sku.clone(), qty, flash_sale_id: None })
            })
            .collect();
        let lines = lines.filter(|l| !l.is_empty())?;
        Some(ValidOrder { store_id: self.store.clone(), lines, coupon_id: coupon, from_store: None })
    }
}

/// What the cart costs: Σ lines, the best coupon's discount, and the rest (never negative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CartTotals {
    /// Σ unit price × qty.
    pub subtotal: Fen,
    /// The chosen coupon's discount (0 without one).
    pub discount: Fen,
    /// What the member pays.
    pub total: Fen,
    /// The coupon applied, if any applies.
    pub coupon_id: Option<String>,
}

/// Why a cart could not be priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the cart comes to more than the largest amount accepted")]
pub struct CartTooLarge;

/// Prices `lines` (as coupons see them) and applies the best of the member's usable coupons.
pub fn cart_totals(
    store: &StoreId,
    lines: Vec<CartLine>,
    first_order: bool,
    wallet: &[Coupon],
    now: DateTime<Utc>,
) -> Result<CartTotals, CartTooLarge> {
    let amounts: Option<Vec<Fen>> = lines.iter().map(|l| l.unit_price.checked_mul(l.qty)).collect();
    let subtotal = amounts.and_then(Fen::sum).ok_or(CartTooLarge)?;
    let cart = Cart { store: store.clone(), lines, first_order };
    let usable: Vec<Coupon> = wallet.iter().filter(|c| c.status(now) == CouponStatus::Available).cloned().collect();
    let (best, evaluations) = best_coupon(&cart, &usable, None, now);
    let discount = evaluations
        .iter()
        .find(|e| Some(&e.coupon_id) == best.as_ref())
        .and_then(|e| e.discount)
        .unwrap_or(Fen::ZERO)
        .min(subtotal);
    let total = subtotal.minus(discount).unwrap_or(Fen::ZERO);
    Ok(CartTotals { subtotal, discount, total, coupon_id: best })
}

/// The order a cart's checkout makes: one per cart and round, whatever the retries or keys, and
/// never the id of an order placed through `POST /api/orders` (its own HMAC purpose). A round
/// ends when a payment is refused: the cart opens again and its next checkout is a new order.
pub fn checkout_order_id(key: &[u8], cart_id: &str, round: u32) -> OrderId {
    let round = round.to_be_bytes();
    // Round 0 keeps the id carts had before rounds existed.
    let parts: &[&[u8]] = if round == [0; 4] {
        &[b"scan-go-order", cart_id.as_bytes()]
    } else {
        &[b"scan-go-order", cart_id.as_bytes(), &round]
    };
    let digest = mac(key, parts);
    // Base32 of ten bytes is 16 letters and digits: always a well-formed id.
    OrderId::parse(&format!("O{}", crate::ids::base32(&digest[..10])))
        .unwrap_or_else(|_| unreachable!("base32 ids are well-formed"))
}
