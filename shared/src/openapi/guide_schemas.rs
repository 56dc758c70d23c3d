//! Schemas of the guide's clienteling and day-reconciliation endpoints.

/// Same form as [`super::schemas::SCHEMAS`].
pub const GUIDE_SCHEMAS: &[(&str, &[(&str, &str)])] = &[
    ("BindRequest", &[("code", "string"), ("tags", "string[]")]),
    ("TagsRequest", &[("tags", "string[]")]),
    ("GuideOrderRequest", &[("member_id", "string"), ("lines", "OrderLineRequest[]")]),
    (
        "Customer",
        &[
            ("member_id", "string"),
            ("name", "string"),
            ("phone_masked", "string"),
            ("card_no", "string"),
            ("tags", "string[]"),
            ("bound_at", "date-time"),
            ("last_active_at", "date-time"),
            ("orders", "integer"),
            ("spend_fen", "integer"),
        ],
    ),
    (
        "DayReport",
        &[
            ("store_id", "string"),
            ("date", "string"),
            ("from", "date-time"),
            ("to", "date-time"),
            ("orders_paid", "integer"),
            ("subtotal_fen", "integer"),
            ("discount_fen", "integer"),
            ("takings_fen", "integer"),
            ("by_method", "MethodTotal[]"),
            ("refunds", "integer"),
            ("refunded_fen", "integer"),
            ("picked_up", "integer"),
            ("counter_sales", "integer"),
            ("counter_units", "integer"),
            ("counter_charges", "integer"),
            ("counter_charged_fen", "integer"),
            ("discrepancies", "Discrepancy[]"),
            ("balanced", "boolean"),
        ],
    ),
    ("MethodTotal", &[("method", "string"), ("count", "integer"), ("amount_fen", "integer")]),
    ("Discrepancy", &[("kind", "string"), ("order_id", "string"), ("payment_id", "string?"), ("message", "string")]),
];
