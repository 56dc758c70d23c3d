//! Schemas of promoters (推广员) and red envelopes (分享红包).

/// Same form as [`super::schemas::SCHEMAS`].
pub const PROMO_SCHEMAS: &[(&str, &[(&str, &str)])] = &[
    (
        "Commission",
        &[
            ("order_id", "string"),
            ("member_id", "string"),
            ("kind", "string"),
            ("amount_fen", "integer"),
            ("status", "string"),
            ("paid_at", "date-time"),
        ],
    ),
    ("PromotedCustomer", &[("member_id", "string"), ("name", "string"), ("joined_at", "date-time")]),
    (
        "MonthLine",
        &[("month", "string"), ("pending_fen", "integer"), ("settled_fen", "integer"), ("reversed_fen", "integer")],
    ),
    (
        "PromoterSummary",
        &[
            ("code", "string"),
            ("link", "string"),
            ("customers", "PromotedCustomer[]"),
            ("commissions", "Commission[]"),
            ("pending_fen", "integer"),
            ("settled_fen", "integer"),
            ("statement", "MonthLine[]"),
        ],
    ),
    ("RedEnvelope", &[("id", "string"), ("link", "string"), ("shares", "integer"), ("total_fen", "integer")]),
    ("OpenedEnvelope", &[("amount_fen", "integer"), ("coupon", "Coupon")]),
];
