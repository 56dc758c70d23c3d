//! A movement staff record by hand in their own store's pool: units sold at the counter, or
//! goods received. The request is checked here; whether the store carries the product is read
//! by the worker and judged by [`StockMovement::carried`].

use super::{Qty, QtyError};
use crate::ids::Sku;

/// Units of one product sold at the counter or received, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockMovement {
    sku: Sku,
    qty: Qty,
}

/// Why a movement was refused (each answers 422 `INVALID` with its text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MovementError {
    /// Not a SKU.
    #[error("sku: is not a valid sku")]
    Sku,
    /// Not 1 to 999 units.
    #[error("qty: {0}")]
    Qty(QtyError),
    /// The store does not sell the product.
    #[error("sku: is not sold in this store")]
    NotCarried,
}

impl StockMovement {
    /// Checks the SKU, then the quantity.
    pub fn parse(sku: &str, qty: i64) -> Result<StockMovement, MovementError> {
        let sku = Sku::parse(sku).map_err(|_| MovementError::Sku)?;
        let qty = Qty::parse(qty).map_err(MovementError::Qty)?;
        Ok(StockMovement { sku, qty })
    }

    /// The product.
    pub fn sku(&self) -> &Sku {
        &self.sku
    }

    /// The units.
    pub fn qty(&self) -> Qty {
        self.qty
    }

    /// The movement, if the store sells its product (`carried`).
    pub fn carried(self, carried: bool) -> Result<StockMovement, MovementError> {
        if carried { Ok(self) } else { Err(MovementError::NotCarried) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sku_is_checked_before_the_quantity() {
        let m = StockMovement::parse("SKU-1", 3).unwrap();
        assert_eq!((m.sku().as_str(), m.qty().get()), ("SKU-1", 3));
        assert_eq!(StockMovement::parse("a b", 0).unwrap_err().to_string(), "sku: is not a valid sku");
        assert_eq!(StockMovement::parse("SKU-1", 0).unwrap_err().to_string(), "qty: qty must be between 1 and 999");
        assert_eq!(StockMovement::parse("SKU-1", 1000).unwrap_err(), MovementError::Qty(QtyError));
    }

    #[test]
    fn a_product_the_store_does_not_sell_is_refused() {
        let m = StockMovement::parse("SKU-1", 3).unwrap();
        assert_eq!(m.clone().carried(true), Ok(m.clone()));
        assert_eq!(m.carried(false).unwrap_err().to_string(), "sku: is not sold in this store");
    }
}
