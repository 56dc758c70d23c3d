//! `GET /api/openapi.json`, generated from [`crate::routes::ENDPOINTS`] so it lists exactly the
//! endpoints that exist.

use crate::routes::{Access, ENDPOINTS, Endpoint};
use serde_json::{Map, Value, json};

/// Property lists of the schemas the endpoints name: `(schema, [(field, type)])`. A type ending
/// in `[]` is an array; a capitalised type is another schema; `?` marks a nullable field.
const SCHEMAS: &[(&str, &[(&str, &str)])] = &[
    ("Error", &[("error", "ErrorBody")]),
    ("ErrorBody", &[("code", "string"), ("message", "string")]),
    ("Health", &[("status", "string"), ("d1", "HealthCheck"), ("durable_object", "HealthCheck"), ("now", "date-time")]),
    ("HealthCheck", &[("ok", "boolean"), ("detail", "string")]),
    (
        "Store",
        &[
            ("id", "string"),
            ("name", "string"),
            ("name_en", "string"),
            ("address", "string"),
            ("address_en", "string"),
            ("timezone", "string"),
            ("utc_offset_minutes", "integer"),
            ("floors", "Floor[]"),
        ],
    ),
    ("Floor", &[("id", "string"), ("name", "string"), ("level", "integer")]),
    (
        "Product",
        &[
            ("sku", "string"),
            ("name", "string"),
            ("name_en", "string"),
            ("brand", "string"),
            ("category", "string"),
            ("price_fen", "integer"),
            ("image", "string"),
            ("counter_id", "string?"),
        ],
    ),
    (
        "ProductDetail",
        &[
            ("sku", "string"),
            ("name", "string"),
            ("name_en", "string"),
            ("brand", "string"),
            ("category", "string"),
            ("price_fen", "integer"),
            ("image", "string"),
            ("counter_id", "string?"),
            ("description", "string"),
            ("description_en", "string"),
            ("stock", "StoreStock[]"),
        ],
    ),
    (
        "StoreStock",
        &[
            ("store_id", "string"),
            ("available", "integer"),
            ("counter_id", "string?"),
            ("counter_name", "string?"),
            ("counter_name_en", "string?"),
            ("floor", "string?"),
        ],
    ),
    ("Seed", &[("stores", "object[]"), ("products", "object[]")]),
    ("SeedReport", &[("seeded", "boolean"), ("stores", "integer"), ("products", "integer")]),
    ("OpenApi", &[("openapi", "string"), ("paths", "object")]),
    ("Empty", &[]),
    ("RegisterRequest", &[("phone", "string"), ("password", "string"), ("name", "string")]),
    ("SignInRequest", &[("phone", "string"), ("password", "string")]),
    ("StaffSignInRequest", &[("staff_no", "string"), ("password", "string")]),
    (
        "Member",
        &[
            ("id", "string"),
            ("card_no", "string"),
            ("name", "string"),
            ("phone_masked", "string"),
            ("tier", "string"),
            ("tier_name", "string"),
            ("tier_name_en", "string"),
            ("points", "integer"),
            ("balance_fen", "integer"),
            ("physical_card_no", "string?"),
            ("spend_12m_fen", "integer"),
            ("next_tier", "string?"),
            ("to_next_tier_fen", "integer?"),
        ],
    ),
    ("MemberSession", &[("token", "string"), ("member", "Member")]),
    ("Staff", &[("id", "string"), ("name", "string"), ("store_id", "string"), ("role", "string")]),
    ("StaffSession", &[("token", "string"), ("staff", "Staff")]),
    ("MemberCode", &[("code", "string"), ("expires_at", "date-time"), ("valid_until", "date-time")]),
    ("CodeRequest", &[("code", "string")]),
    ("MemberEnvelope", &[("member", "Member")]),
    ("LinkCardRequest", &[("card_no", "string"), ("verify_code", "string")]),
    ("TopUpRequest", &[("amount_fen", "integer"), ("method", "string")]),
    (
        "Payment",
        &[
            ("id", "string"),
            ("kind", "string"),
            ("reference", "string"),
            ("amount_fen", "integer"),
            ("method", "string"),
            ("status", "string"),
            ("prepay_id", "string"),
            ("created_at", "date-time"),
            ("paid_at", "date-time?"),
        ],
    ),
    ("PaymentEnvelope", &[("payment", "Payment")]),
    (
        "LedgerEntry",
        &[
            ("seq", "integer"),
            ("kind", "string"),
            ("amount_fen", "integer"),
            ("balance_after_fen", "integer"),
            ("reference", "string"),
            ("reason", "string"),
            ("at", "date-time"),
        ],
    ),
    (
        "PaymentNotice",
        &[
            ("out_trade_no", "string"),
            ("transaction_id", "string"),
            ("trade_state", "string"),
            ("amount_fen", "integer"),
            ("success_time", "date-time"),
        ],
    ),
    ("NotifyAck", &[("code", "string"), ("message", "string")]),
    ("ChargeRequest", &[("code", "string"), ("amount_fen", "integer"), ("note", "string")]),
    ("ChargeReceipt", &[("member", "Member"), ("entry", "LedgerEntry")]),
    (
        "FlashSale",
        &[
            ("id", "string"),
            ("sku", "string"),
            ("store_id", "string"),
            ("title", "string"),
            ("title_en", "string"),
            ("image", "string"),
            ("price_fen", "integer"),
            ("original_price_fen", "integer"),
            ("starts_at", "date-time"),
            ("ends_at", "date-time"),
            ("quantity", "integer"),
            ("remaining", "integer"),
            ("per_member_limit", "integer"),
            ("status", "string"),
            ("lock_minutes", "integer"),
            ("buckets", "integer"),
            ("my_held", "integer?"),
        ],
    ),
    (
        "FlashSaleRequest",
        &[
            ("sku", "string"),
            ("store_id", "string"),
            ("price_fen", "integer"),
            ("quantity", "integer"),
            ("per_member_limit", "integer"),
            ("starts_at", "date-time"),
            ("ends_at", "date-time"),
            ("title", "string?"),
            ("buckets", "integer?"),
            ("lock_minutes", "integer?"),
        ],
    ),
    ("OrderRequest", &[("store_id", "string"), ("lines", "OrderLineRequest[]"), ("coupon_id", "string?")]),
    ("OrderLineRequest", &[("sku", "string"), ("qty", "integer"), ("flash_sale_id", "string?")]),
    (
        "Order",
        &[
            ("id", "string"),
            ("member_id", "string"),
            ("store_id", "string"),
            ("status", "string"),
            ("lines", "OrderLine[]"),
            ("subtotal_fen", "integer"),
            ("discount_fen", "integer"),
            ("total_fen", "integer"),
            ("coupon_id", "string?"),
            ("created_at", "date-time"),
            ("lock_expires_at", "date-time"),
            ("paid_at", "date-time?"),
            ("payment_method", "string?"),
            ("picked_up_at", "date-time?"),
            ("pickup", "Pickup?"),
        ],
    ),
    (
        "OrderLine",
        &[
            ("sku", "string"),
            ("qty", "integer"),
            ("unit_price_fen", "integer"),
            ("flash_sale_id", "string?"),
            ("name", "string"),
            ("name_en", "string"),
            ("image", "string"),
        ],
    ),
    (
        "Pickup",
        &[
            ("code", "string"),
            ("counter_id", "string?"),
            ("counter_name", "string?"),
            ("counter_name_en", "string?"),
            ("floor", "string?"),
        ],
    ),
    ("PayRequest", &[("method", "string")]),
    (
        "StockRow",
        &[
            ("store_id", "string"),
            ("on_hand", "integer"),
            ("locked", "integer"),
            ("available", "integer"),
            ("awaiting_pickup", "integer"),
            ("reserved", "integer"),
        ],
    ),
    ("CounterSaleRequest", &[("sku", "string"), ("qty", "integer")]),
    ("DevMembersRequest", &[("count", "integer")]),
    (
        "CouponCampaign",
        &[
            ("id", "string"),
            ("title", "string"),
            ("kind", "string"),
            ("threshold_fen", "integer"),
            ("off_fen", "integer"),
            ("percent", "integer?"),
            ("scope", "string"),
            ("store_id", "string?"),
            ("starts_at", "date-time"),
            ("ends_at", "date-time"),
            ("valid_days", "integer?"),
            ("remaining", "integer"),
            ("quantity", "integer"),
            ("per_member_limit", "integer"),
            ("audience", "string"),
            ("flash_sale_ok", "boolean"),
            ("my_claimed", "integer?"),
        ],
    ),
    (
        "CouponCampaignRequest",
        &[
            ("title", "string"),
            ("kind", "string"),
            ("threshold_fen", "integer?"),
            ("off_fen", "integer?"),
            ("percent", "integer?"),
            ("scope", "string"),
            ("store_id", "string?"),
            ("quantity", "integer"),
            ("per_member_limit", "integer"),
            ("starts_at", "date-time"),
            ("ends_at", "date-time"),
            ("valid_days", "integer?"),
            ("audience", "string?"),
            ("flash_sale_ok", "boolean?"),
        ],
    ),
    (
        "Coupon",
        &[
            ("id", "string"),
            ("campaign_id", "string"),
            ("title", "string"),
            ("status", "string"),
            ("valid_from", "date-time"),
            ("valid_until", "date-time"),
            ("kind", "string"),
            ("threshold_fen", "integer"),
            ("off_fen", "integer"),
            ("percent", "integer?"),
            ("scope", "string"),
            ("store_id", "string?"),
            ("flash_sale_ok", "boolean"),
            ("first_order_only", "boolean"),
            ("order_id", "string?"),
        ],
    ),
    ("SendCouponRequest", &[("campaign_id", "string"), ("phone", "string")]),
    (
        "Quote",
        &[
            ("subtotal_fen", "integer"),
            ("best_coupon_id", "string?"),
            ("discount_fen", "integer"),
            ("total_fen", "integer"),
            ("coupons", "QuotedCoupon[]"),
        ],
    ),
    (
        "QuotedCoupon",
        &[("coupon", "Coupon"), ("discount_fen", "integer?"), ("reason", "object?"), ("reason_text", "string?")],
    ),
    ("Reconciled", &[("applied", "integer"), ("settled", "integer"), ("expired", "integer"), ("failed", "integer")]),
    ("DevMember", &[("id", "string"), ("token", "string")]),
    ("SaleAudit", &[("sale", "FlashSale"), ("buckets", "object[]"), ("orders", "object[]")]),
];

fn type_schema(ty: &str) -> Value {
    let (ty, nullable) = match ty.strip_suffix('?') {
        Some(t) => (t, true),
        None => (ty, false),
    };
    let mut schema = if let Some(inner) = ty.strip_suffix("[]") {
        json!({"type": "array", "items": type_schema(inner)})
    } else {
        match ty {
            "string" | "integer" | "boolean" | "object" => json!({"type": ty}),
            "date-time" => json!({"type": "string", "format": "date-time"}),
            name => json!({"$ref": format!("#/components/schemas/{name}")}),
        }
    };
    if nullable {
        schema["nullable"] = json!(true);
    }
    schema
}

fn operation(e: &Endpoint) -> Value {
    let mut params: Vec<Value> = e
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    params.extend(
        e.query
            .iter()
            .map(|name| json!({"name": name, "in": "query", "required": false, "schema": {"type": "string"}})),
    );
    let mut responses = Map::new();
    responses.insert(
        e.ok.to_string(),
        json!({"description": "success", "content": {"application/json": {"schema": type_schema(e.response)}}}),
    );
    let mut codes: Vec<_> = e.errors.to_vec();
    if e.body.is_some() {
        codes.push(crate::ErrorCode::BadRequest);
    }
    for code in codes {
        let entry = responses.entry(code.status().to_string()).or_insert_with(
            || json!({"description": "", "content": {"application/json": {"schema": type_schema("Error")}}}),
        );
        let text = entry["description"].as_str().unwrap_or_default().to_owned();
        entry["description"] =
            json!(if text.is_empty() { code.as_str().to_owned() } else { format!("{text}, {}", code.as_str()) });
    }
    let mut op = json!({
        "summary": e.summary,
        "operationId": format!("{:?}", e.id),
        "parameters": params,
        "responses": responses,
    });
    match e.access {
        Access::Public => {}
        Access::Member | Access::Staff | Access::Manager => {
            op["security"] = json!([{"bearer": []}]);
            op["x-edgemall-access"] = json!(format!("{:?}", e.access).to_lowercase());
        }
        Access::Dev => op["x-edgemall-access"] = json!("local development only"),
    }
    if let Some(body) = e.body {
        op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": type_schema(body)}}});
    }
    op
}

/// The whole OpenAPI 3.0 document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for e in ENDPOINTS {
        let item = paths.entry(e.path.to_owned()).or_insert_with(|| json!({}));
        item[e.method.as_str().to_lowercase()] = operation(e);
    }
    let schemas: Map<String, Value> = SCHEMAS
        .iter()
        .map(|(name, fields)| {
            let props: Map<String, Value> = fields.iter().map(|(f, t)| ((*f).to_owned(), type_schema(t))).collect();
            let required: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
            ((*name).to_owned(), json!({"type": "object", "properties": props, "required": required}))
        })
        .collect();
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "edgemall API",
            "version": "1",
            "description": "Money is integer fen; times are RFC 3339 UTC; errors are {\"error\":{\"code\",\"message\"}}.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_is_documented_with_its_method() {
        let doc = document();
        for e in ENDPOINTS {
            let op = &doc["paths"][e.path][e.method.as_str().to_lowercase()];
            assert!(op.is_object(), "{} {} missing", e.method.as_str(), e.path);
            assert!(op["responses"][e.ok.to_string()].is_object());
        }
    }

    #[test]
    fn every_named_schema_is_defined() {
        let doc = document();
        let text = doc.to_string();
        for piece in text.split("#/components/schemas/").skip(1) {
            let name: String = piece.chars().take_while(|c| c.is_alphanumeric()).collect();
            assert!(doc["components"]["schemas"][&name].is_object(), "schema {name} is not defined");
        }
    }
}
