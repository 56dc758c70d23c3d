//! What one member may hold unpaid at once. Unpaid orders lock stock (and coupons) until their
//! lock lapses; without a cap one account could lock a counter's whole shelf, or a flash sale's
//! stock, by placing orders and never paying. Guide-placed orders for a customer count too.
//!
//! [`check`] decides from what the member holds now; the edge enforces the same limits
//! atomically in the order's conditional insert, so concurrent orders cannot race past them,
//! and uses [`check`] again to say which limit refused an order.

use crate::order::ValidOrder;
use serde::Deserialize;

/// At most this many `pending_payment` orders per member at once.
pub const MAX_PENDING_ORDERS: u32 = 5;

/// At most this many units of one SKU locked by one member across their pending orders.
pub const MAX_HELD_UNITS_PER_SKU: u32 = 10;

/// What a member holds unpaid now (orders still pending whose lock has not lapsed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holdings {
    /// Pending orders.
    pub pending_orders: u32,
    /// Units locked per SKU across those orders.
    pub units: Vec<(String, u32)>,
}

/// One row of the holdings read: a SKU held and its units, or (with no SKU) the count of live
/// pending orders. D1 gives the sums as reals.
#[derive(Clone, Debug, Deserialize)]
pub struct HoldingRow {
    /// The SKU, `None` on the row that counts the orders.
    pub sku: Option<String>,
    /// Units of the SKU held.
    pub units: f64,
    /// Live pending orders.
    pub orders: f64,
}

impl FromIterator<HoldingRow> for Holdings {
    /// What the rows say is held (negative figures read as zero).
    fn from_iter<I: IntoIterator<Item = HoldingRow>>(rows: I) -> Holdings {
        let rows: Vec<HoldingRow> = rows.into_iter().collect();
        let pending_orders = rows.iter().map(|r| r.orders.max(0.0) as u32).sum();
        let units = rows.into_iter().filter_map(|r| Some((r.sku?, r.units.max(0.0) as u32))).collect();
        Holdings { pending_orders, units }
    }
}

impl Holdings {
    /// Units of `sku` held.
    pub fn units_of(&self, sku: &str) -> u32 {
        self.units.iter().filter(|(s, _)| s == sku).map(|(_, n)| *n).sum()
    }
}

/// Why a new order would hold too much.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoldRefusal {
    /// Already [`MAX_PENDING_ORDERS`] unpaid orders.
    #[error("you already have {held} unpaid orders; pay or cancel one first (at most {MAX_PENDING_ORDERS})")]
    TooManyPending {
        /// Pending orders held now.
        held: u32,
    },
    /// The line would take the member's locked units of its SKU past [`MAX_HELD_UNITS_PER_SKU`].
    #[error(
        "lines[{line}].qty: at most {MAX_HELD_UNITS_PER_SKU} units of {sku} may wait unpaid per member; {held} already do"
    )]
    TooManyUnits {
        /// The request's line.
        line: usize,
        /// Its product.
        sku: String,
        /// Units of it held now.
        held: u32,
    },
}

impl From<HoldRefusal> for crate::ApiError {
    fn from(e: HoldRefusal) -> crate::ApiError {
        let code = match e {
            HoldRefusal::TooManyPending { .. } => crate::ErrorCode::TooManyPending,
            HoldRefusal::TooManyUnits { .. } => crate::ErrorCode::LimitExceeded,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

/// The answer when the order's conditional insert refused it for a holding limit that [`check`]
/// no longer sees (orders racing this one took the room, then freed it): 409 `TOO_MANY_PENDING`.
pub fn raced() -> crate::ApiError {
    crate::ApiError::new(
        crate::ErrorCode::TooManyPending,
        format!("too many unpaid orders at once (at most {MAX_PENDING_ORDERS}); try again"),
    )
}

/// Whether `order` may be placed on top of `held`.
pub fn check(held: &Holdings, order: &ValidOrder) -> Result<(), HoldRefusal> {
    if held.pending_orders >= MAX_PENDING_ORDERS {
        return Err(HoldRefusal::TooManyPending { held: held.pending_orders });
    }
    for (line, l) in order.lines.iter().enumerate() {
        let units = held.units_of(l.sku.as_str());
        if units.saturating_add(l.qty.get()) > MAX_HELD_UNITS_PER_SKU {
            return Err(HoldRefusal::TooManyUnits { line, sku: l.sku.to_string(), held: units });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::OrderRequest;

    fn order(lines: serde_json::Value) -> ValidOrder {
        let req: OrderRequest = serde_json::from_value(serde_json::json!({"store_id": "S1", "lines": lines})).unwrap();
        req.validate().unwrap()
    }

    #[test]
    fn the_rows_read_count_the_orders_and_list_the_units_per_sku() {
        let row = |sku: Option<&str>, units, orders| HoldingRow { sku: sku.map(str::to_owned), units, orders };
        let held: Holdings =
            [row(None, 0.0, 2.0), row(Some("SKU-1"), 3.0, 0.0), row(Some("SKU-2"), -1.0, 0.0)].into_iter().collect();
        assert_eq!(held, Holdings { pending_orders: 2, units: vec![("SKU-1".into(), 3), ("SKU-2".into(), 0)] });
        assert_eq!(held.units_of("SKU-1"), 3);
        let none: Holdings = [row(None, 0.0, 0.0)].into_iter().collect();
        assert_eq!(none, Holdings::default());
    }

    #[test]
    fn refusals_map_to_the_api_codes() {
        use crate::{ApiError, ErrorCode};
        let pending = ApiError::from(HoldRefusal::TooManyPending { held: 5 });
        assert_eq!((pending.code(), pending.status()), (ErrorCode::TooManyPending, 409));
        assert_eq!(pending.error.message, "you already have 5 unpaid orders; pay or cancel one first (at most 5)");
        let units = ApiError::from(HoldRefusal::TooManyUnits { line: 1, sku: "SKU-1".into(), held: 9 });
        assert_eq!((units.code(), units.status()), (ErrorCode::LimitExceeded, 409));
        assert_eq!(
            units.error.message,
            "lines[1].qty: at most 10 units of SKU-1 may wait unpaid per member; 9 already do"
        );
        let raced = raced();
        assert_eq!((raced.code(), raced.status()), (ErrorCode::TooManyPending, 409));
        assert_eq!(raced.error.message, "too many unpaid orders at once (at most 5); try again");
    }

    #[test]
    fn the_sixth_pending_order_is_refused() {
        let one = order(serde_json::json!([{"sku": "SKU-1", "qty": 1}]));
        let held = |n| Holdings { pending_orders: n, units: vec![] };
        assert_eq!(check(&held(4), &one), Ok(()));
        assert_eq!(check(&held(5), &one), Err(HoldRefusal::TooManyPending { held: 5 }));
    }

    #[test]
    fn units_of_one_sku_are_capped_across_pending_orders() {
        let held = Holdings { pending_orders: 2, units: vec![("SKU-1".into(), 7), ("SKU-2".into(), 10)] };
        let three = order(serde_json::json!([{"sku": "SKU-1", "qty": 3}]));
        assert_eq!(check(&held, &three), Ok(()));
        let four = order(serde_json::json!([{"sku": "SKU-3", "qty": 1}, {"sku": "SKU-1", "qty": 4}]));
        let refusal = check(&held, &four).unwrap_err();
        assert_eq!(refusal, HoldRefusal::TooManyUnits { line: 1, sku: "SKU-1".into(), held: 7 });
        assert!(refusal.to_string().starts_with("lines[1].qty"));
        let eleven = order(serde_json::json!([{"sku": "SKU-9", "qty": 11}]));
        assert!(matches!(check(&Holdings::default(), &eleven), Err(HoldRefusal::TooManyUnits { held: 0, .. })));
    }
}
