//! A scan-and-go cart and its lines as D1 keeps them (migration 0018), and what the core makes
//! of them: the cart ([`CartRow::cart`]) and its lines as coupons judge them
//! ([`coupon_lines`]).

use super::ScanGoCart;
use crate::coupon::CartLine;
use crate::ids::{Category, IdError, Sku, StoreId};
use crate::money::Fen;
use serde::Deserialize;

/// A cart's row.
#[derive(Clone, Debug, Deserialize)]
pub struct CartRow {
    /// `G…`.
    pub id: String,
    /// Whose cart it is.
    pub member_id: String,
    /// The store it is in.
    pub store_id: String,
    /// When its checkout began (the cart no longer changes), if it has.
    pub frozen_at: Option<String>,
    /// The coupon chosen when it was frozen.
    pub frozen_coupon_id: Option<String>,
    /// Checkouts refused so far: the next order is this round's.
    #[serde(default)]
    pub round: i64,
}

/// A line with what the cart shows and the coupons judge of its product.
#[derive(Clone, Debug, Deserialize)]
pub struct LineRow {
    /// Product.
    pub sku: String,
    /// Units.
    pub qty: i64,
    /// Its barcode, if it has one.
    pub barcode: Option<String>,
    /// Name (Chinese).
    pub name: String,
    /// Name (English).
    pub name_en: String,
    /// Shelf price per unit.
    pub price_fen: i64,
    /// Its category.
    pub category: String,
    /// Its brand.
    pub brand: String,
}

/// Why a stored cart does not read back (a fault on our side, never the member's).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredCartError {
    /// The cart's store is not a store id.
    #[error("store {0}")]
    Store(String),
    /// A line's product is not a SKU.
    #[error("sku {0}")]
    Sku(String),
    /// A line's category is not a category.
    #[error("{0}")]
    Category(IdError),
}

impl CartRow {
    /// The store the cart is in.
    pub fn store(&self) -> Result<StoreId, StoredCartError> {
        StoreId::parse(&self.store_id).map_err(|_| StoredCartError::Store(self.store_id.clone()))
    }

    /// The cart as the core sees it, with `lines` in scan order; checked out once frozen.
    pub fn cart(&self, lines: &[LineRow]) -> Result<ScanGoCart, StoredCartError> {
        let scanned = lines.iter().map(|l| Ok((l.product()?, l.units())));
        let scanned = scanned.collect::<Result<Vec<_>, StoredCartError>>()?;
        Ok(ScanGoCart::restore(self.store()?, scanned, self.frozen_at.is_some()))
    }
}

impl LineRow {
    /// The product.
    pub fn product(&self) -> Result<Sku, StoredCartError> {
        Sku::parse(&self.sku).map_err(|_| StoredCartError::Sku(self.sku.clone()))
    }

    /// Units, never negative.
    pub fn units(&self) -> u32 {
        self.qty.clamp(0, u32::MAX as i64) as u32
    }

    /// Price per unit, never negative.
    pub fn unit_price(&self) -> Fen {
        Fen::new(self.price_fen.max(0) as u64)
    }

    /// The line as coupons judge it (scan-and-go sells no flash-sale units).
    pub fn coupon_line(&self) -> Result<CartLine, StoredCartError> {
        Ok(CartLine {
            sku: self.product()?,
            category: Category::parse(&self.category).map_err(StoredCartError::Category)?,
            brand: self.brand.clone(),
            unit_price: self.unit_price(),
            qty: self.units(),
            flash_sale: false,
        })
    }
}

/// The cart's lines as coupons judge them.
pub fn coupon_lines(lines: &[LineRow]) -> Result<Vec<CartLine>, StoredCartError> {
    lines.iter().map(LineRow::coupon_line).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(store: &str, frozen: bool) -> CartRow {
        CartRow {
            id: "G1".into(),
            member_id: "M10000001".into(),
            store_id: store.into(),
            frozen_at: frozen.then(|| "2026-11-24T08:00:00.000Z".into()),
            frozen_coupon_id: None,
            round: 0,
        }
    }

    fn line(sku: &str, qty: i64, price: i64, category: &str) -> LineRow {
        LineRow {
            sku: sku.into(),
            qty,
            barcode: None,
            name: "口红".into(),
            name_en: "Lipstick".into(),
            price_fen: price,
            category: category.into(),
            brand: "Lanya".into(),
        }
    }

    #[test]
    fn a_stored_cart_keeps_its_lines_in_order_and_drops_impossible_quantities() {
        let lines = [line("SKU-2", 3, 100, "beauty"), line("SKU-1", -1, 100, "beauty"), line("SKU-1", 1, 5, "food")];
        let cart = row("S1", false).cart(&lines).unwrap();
        let kept: Vec<(&str, u32)> = cart.lines().iter().map(|l| (l.sku().as_str(), l.qty())).collect();
        assert_eq!(kept, [("SKU-2", 3), ("SKU-1", 1)]);
        assert!(row("S1", true).cart(&lines).unwrap().checked_out());
        assert!(!cart.checked_out());
    }

    #[test]
    fn a_bad_sku_is_named_before_a_bad_store() {
        let err = row("S 1", false).cart(&[line("bad sku", 1, 1, "beauty")]).unwrap_err();
        assert_eq!(err.to_string(), "sku bad sku");
        assert_eq!(row("S 1", false).cart(&[]).unwrap_err().to_string(), "store S 1");
    }

    #[test]
    fn coupons_see_each_line_with_its_category_brand_and_price() {
        let lines = coupon_lines(&[line("SKU-1", 2, 1_500, "beauty"), line("SKU-2", 1, -5, "food")]).unwrap();
        assert_eq!(lines[0].sku.as_str(), "SKU-1");
        assert_eq!((lines[0].category.as_str(), lines[0].brand.as_str()), ("beauty", "Lanya"));
        assert_eq!((lines[0].unit_price, lines[0].qty, lines[0].flash_sale), (Fen::new(1_500), 2, false));
        assert_eq!(lines[1].unit_price, Fen::ZERO, "a negative price reads as zero");
        let err = coupon_lines(&[line("SKU-1", 1, 1, "a/b")]).unwrap_err();
        assert!(matches!(err, StoredCartError::Category(_)), "{err:?}");
    }

    #[test]
    fn the_view_shows_each_line_as_scanned_with_the_totals_given() {
        let totals = super::super::CartTotals {
            subtotal: Fen::new(3_000),
            discount: Fen::new(500),
            total: Fen::new(2_500),
            coupon_id: Some("C1".into()),
        };
        let mut with_code = line("SKU-1", 2, 1_500, "beauty");
        with_code.barcode = Some("6901234567892".into());
        let lines = vec![with_code, line("SKU-2", -4, -1, "food")];
        let v = crate::api::ScanGoCartView::of(&row("S1", false), lines, totals, Some("O1".into()));
        assert_eq!((v.id.as_str(), v.store_id.as_str(), v.order_id.as_deref()), ("G1", "S1", Some("O1")));
        assert_eq!((v.subtotal_fen, v.discount_fen, v.total_fen), (Fen::new(3_000), Fen::new(500), Fen::new(2_500)));
        assert_eq!(v.coupon_id.as_deref(), Some("C1"));
        let first = &v.lines[0];
        assert_eq!(
            (first.sku.as_str(), first.barcode.as_str(), first.qty, first.unit_price_fen),
            ("SKU-1", "6901234567892", 2, Fen::new(1_500))
        );
        assert_eq!((first.name.as_str(), first.name_en.as_str()), ("口红", "Lipstick"));
        let second = &v.lines[1];
        assert_eq!((second.barcode.as_str(), second.qty, second.unit_price_fen), ("", 0, Fen::ZERO));
    }
}
