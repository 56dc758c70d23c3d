//! Schemas of scan-and-go (扫码购): the cart, its lines, the checkout receipt and exit passes.

/// Same form as [`super::schemas::SCHEMAS`].
pub const SCAN_GO_SCHEMAS: &[(&str, &[(&str, &str)])] = &[
    ("ScanGoCartRequest", &[("store_id", "string")]),
    ("ScanGoLineRequest", &[("barcode", "string"), ("qty", "integer")]),
    (
        "ScanGoLine",
        &[
            ("sku", "string"),
            ("barcode", "string"),
            ("name", "string"),
            ("name_en", "string"),
            ("qty", "integer"),
            ("unit_price_fen", "integer"),
        ],
    ),
    (
        "ScanGoCart",
        &[
            ("id", "string"),
            ("store_id", "string"),
            ("lines", "ScanGoLine[]"),
            ("subtotal_fen", "integer"),
            ("discount_fen", "integer"),
            ("total_fen", "integer"),
            ("coupon_id", "string?"),
            ("order_id", "string?"),
        ],
    ),
    ("ExitPass", &[("code", "string"), ("expires_at", "date-time")]),
    ("ScanGoReceipt", &[("order", "Order"), ("exit_pass", "ExitPass")]),
    ("OrderEnvelope", &[("order", "Order")]),
    (
        "CounterSaleOrderRequest",
        &[
            ("lines", "CounterSaleRequest[]"),
            ("method", "string"),
            ("member_code", "string?"),
            ("counter_token", "string?"),
        ],
    ),
];
