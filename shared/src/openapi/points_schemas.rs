//! Schemas of points that buy something (rewards, redemption, history) and the guide handover.

/// Same form as [`super::schemas::SCHEMAS`].
pub const POINTS_SCHEMAS: &[(&str, &[(&str, &str)])] = &[
    (
        "Reward",
        &[
            ("id", "string"),
            ("title", "string"),
            ("title_en", "string"),
            ("points", "integer"),
            ("off_fen", "integer"),
            ("threshold_fen", "integer"),
            ("valid_days", "integer"),
            ("per_member_limit", "integer"),
            ("min_tier", "string"),
        ],
    ),
    ("RedeemReceipt", &[("coupon", "Coupon"), ("points_balance", "integer")]),
    ("PointsEntry", &[("at", "date-time"), ("delta", "integer"), ("reason", "string"), ("balance", "integer")]),
    ("HandoverRequest", &[("to_staff_no", "string")]),
    (
        "HandoverReport",
        &[("from_staff_no", "string"), ("to_staff_no", "string"), ("store_id", "string"), ("moved", "integer")],
    ),
    ("BenefitsView", &[("tier", "string"), ("birthday_coupon_fen", "integer?"), ("extra_flash_sale_units", "integer")]),
    ("BirthdayRequest", &[("birthday", "string")]),
    ("BirthdayPass", &[("members_looked_at", "integer"), ("coupons_given", "integer"), ("guides_told", "integer")]),
];
