//! Schemas of the inbox and Web Push.

/// Same form as [`super::schemas::SCHEMAS`].
pub const MESSAGE_SCHEMAS: &[(&str, &[(&str, &str)])] = &[
    (
        "Message",
        &[
            ("id", "string"),
            ("kind", "string"),
            ("title", "string"),
            ("body", "string"),
            ("link", "string"),
            ("created_at", "date-time"),
            ("read", "boolean"),
        ],
    ),
    ("Reminder", &[("sale_id", "string"), ("due_at", "date-time")]),
    ("PushKeys", &[("p256dh", "string"), ("auth", "string")]),
    ("PushSubscriptionRequest", &[("endpoint", "string"), ("keys", "PushKeys")]),
    ("PushSubscription", &[("endpoint", "string"), ("keys", "PushKeys")]),
    ("PushKey", &[("public_key", "string")]),
];
