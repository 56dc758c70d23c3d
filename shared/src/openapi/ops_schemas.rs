//! Schemas of the store operations: sales and campaigns over their life, and the dashboard.

use super::order_schemas::ORDER_SCHEMAS;

/// The properties of a schema defined in [`ORDER_SCHEMAS`].
const fn fields_of(name: &str) -> &'static [(&'static str, &'static str)] {
    let mut i = 0;
    while i < ORDER_SCHEMAS.len() {
        if str_eq(ORDER_SCHEMAS[i].0, name) {
            return ORDER_SCHEMAS[i].1;
        }
        i += 1;
    }
    &[]
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A schema's own properties after those of the schema it extends (the DTO flattens it).
macro_rules! extends {
    ($base:literal, [$(($f:literal, $t:literal)),* $(,)?]) => {{
        const BASE: &[(&str, &str)] = fields_of($base);
        const OWN: &[(&str, &str)] = &[$(($f, $t)),*];
        const LEN: usize = BASE.len() + OWN.len();
        const ALL: [(&str, &str); LEN] = {
            let mut all = [("", ""); LEN];
            let mut i = 0;
            while i < BASE.len() {
                all[i] = BASE[i];
                i += 1;
            }
            let mut j = 0;
            while j < OWN.len() {
                all[BASE.len() + j] = OWN[j];
                j += 1;
            }
            all
        };
        &ALL
    }};
}

/// Same form as [`super::schemas::SCHEMAS`].
pub const OPS_SCHEMAS: &[(&str, &[(&str, &str)])] = &[
    ("ManagedSale", extends!("FlashSale", [("sold", "integer"), ("held", "integer")])),
    (
        "SaleEditRequest",
        &[("title", "string?"), ("starts_at", "date-time?"), ("ends_at", "date-time?"), ("price_fen", "integer?")],
    ),
    (
        "ManagedCampaign",
        extends!(
            "CouponCampaign",
            [
                ("claimed", "integer"),
                ("redeemed", "integer"),
                ("redemption_rate", "number"),
                ("closed_at", "date-time?")
            ]
        ),
    ),
    ("Dashboard", &[("days", "DashboardDay[]"), ("guides", "GuideFigures[]"), ("promoters", "PromoterFigures[]")]),
    (
        "DashboardDay",
        &[
            ("date", "string"),
            ("orders", "integer"),
            ("takings_fen", "integer"),
            ("new_members", "integer"),
            ("coupons_redeemed", "integer"),
            ("flash_units_sold", "integer"),
        ],
    ),
    (
        "GuideFigures",
        &[
            ("staff_id", "string"),
            ("name", "string"),
            ("customers", "integer"),
            ("orders_for_customers", "integer"),
            ("takings_fen", "integer"),
        ],
    ),
    (
        "PromoterFigures",
        &[
            ("staff_id", "string"),
            ("name", "string"),
            ("customers", "integer"),
            ("pending_fen", "integer"),
            ("settled_fen", "integer"),
            ("reversed_fen", "integer"),
        ],
    ),
];
