//! Schemas of head office's and managers' catalog, staff and store endpoints.

/// Same form as [`super::schemas::SCHEMAS`].
pub const MANAGE_SCHEMAS: &[(&str, &[(&str, &str)])] = &[
    (
        "ProductRequest",
        &[
            ("sku", "string"),
            ("name", "string"),
            ("name_en", "string"),
            ("brand", "string"),
            ("category", "string"),
            ("price_fen", "integer"),
            ("barcode", "string"),
            ("counter_ids", "object"),
            ("attributes", "Attributes"),
            ("group", "string?"),
            ("image", "string?"),
            ("description", "string?"),
            ("description_en", "string?"),
        ],
    ),
    ("ImportReport", &[("created", "integer"), ("updated", "integer"), ("rejected", "Rejected[]")]),
    ("Rejected", &[("line", "integer"), ("reason", "string")]),
    (
        "StaffRequest",
        &[
            ("staff_no", "string"),
            ("name", "string"),
            ("store_id", "string"),
            ("role", "string"),
            ("password", "string"),
        ],
    ),
    ("PasswordRequest", &[("password", "string")]),
    (
        "StaffMember",
        &[("id", "string"), ("name", "string"), ("store_id", "string"), ("role", "string"), ("disabled", "boolean")],
    ),
    (
        "StoreLayout",
        &[
            ("name", "string"),
            ("name_en", "string"),
            ("address", "string"),
            ("address_en", "string"),
            ("timezone", "string"),
            ("utc_offset_minutes", "integer"),
            ("floors", "Floor[]"),
            ("counters", "Counter[]"),
        ],
    ),
    ("UploadedImage", &[("id", "string"), ("url", "string"), ("content_type", "string"), ("bytes", "integer")]),
];
