//! The document's schemas are a hand-kept copy of the DTOs' shapes; these tests keep the copy
//! honest. For each schema a sample is built from its property list, read into the DTO and
//! written back: a property the DTO lacks is dropped on the way in, a field the schema lacks
//! appears on the way out, so any difference in keys (at every level) fails the test.

use super::all_schemas;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Schemas with no DTO in `shared`: the worker builds these answers itself.
const NOT_SHARED_DTOS: &[&str] = &[
    "OpenApi",           // this document, a `serde_json::Value`
    "Empty",             // 204, no body
    "NotifyAck",         // the gateway's fixed acknowledgement, answered by edge/src/api/payments.rs
    "Reconciled",        // edge/src/payments/reconcile.rs, development only
    "DevMembersRequest", // development only, read field by field in edge/src/api/dev.rs
    "DevMember",         // development only
    "SaleAudit",         // development only
];

fn fields(schema: &str) -> &'static [(&'static str, &'static str)] {
    all_schemas().find(|(name, _)| *name == schema).map(|(_, f)| *f).unwrap_or(&[])
}

/// Values a field must hold for its DTO to accept it (enums and checked ids); any other field
/// takes a plain value of its type.
fn sample_of_field(schema: &str, field: &str) -> Option<Value> {
    Some(match (schema, field) {
        ("ErrorBody", "code") => json!("NOT_FOUND"),
        ("CouponCampaign" | "CouponCampaignRequest" | "Coupon" | "ManagedCampaign", "kind") => json!("fixed"),
        ("CouponCampaign" | "CouponCampaignRequest" | "Coupon" | "ManagedCampaign", "scope") => json!("category:shoes"),
        ("Staff" | "StaffMember", "role") => json!("guide"),
        ("Payment", "kind") => json!("order"),
        ("Payment" | "MethodTotal" | "ReturnReceipt" | "CounterOrder", "method") | ("Order", "payment_method") => {
            json!("balance")
        }
        ("CouponCampaign" | "CouponCampaignRequest" | "ManagedCampaign", "audience") => json!("all"),
        ("Coupon", "status") => json!("available"),
        ("LedgerEntry", "kind") => json!("top_up"),
        ("Order", "status") => json!("ready_for_pickup"),
        ("Message", "kind") => json!("refunded"),
        ("Order", "channel") => json!("scan_go"),
        ("Commission", "kind") => json!("first_order"),
        ("Commission", "status") => json!("pending"),
        ("FlashSale" | "LiveStock" | "ManagedSale", "status") => json!("live"),
        ("AuditEntry", "outcome") => json!("done"),
        ("QuotedCoupon", "reason") => json!({"reason": "expired"}),
        ("Payment", "status") => json!("succeeded"),
        ("Member", "tier") | ("Member", "next_tier") | ("Reward", "min_tier") | ("BenefitsView", "tier") => {
            json!("silver")
        }
        ("PointsEntry", "reason") => json!("redeemed"),
        ("AuditEntry", "action") => json!("stock_sold"),
        ("Discrepancy", "kind") => json!("missing_at_gateway"),
        ("Node", "kind") => json!("entrance"),
        ("Product" | "ProductDetail" | "DevProduct", "barcode") => json!("6901234567892"),
        _ => return None,
    })
}

fn sample_of_type(schema: &str, field: &str, ty: &str) -> Value {
    if let Some(v) = sample_of_field(schema, field) {
        return v;
    }
    let ty = ty.strip_suffix('?').unwrap_or(ty);
    if let Some(inner) = ty.strip_suffix("[]") {
        return json!([sample_of_type(schema, field, inner)]);
    }
    match ty {
        "string" => json!("S1"),
        "integer" => json!(1),
        "number" => json!(0.5),
        "boolean" => json!(true),
        "object" => json!({}),
        "date-time" => json!("2026-01-02T03:04:05Z"),
        nested => sample(nested),
    }
}

/// A sample answer or request of a schema, every property filled in. The seed's parts are
/// described only as objects, so its sample is the demo seed itself.
fn sample(schema: &str) -> Value {
    if schema == "Seed" {
        return serde_json::from_str(include_str!("../../../edge/seed/demo.json")).unwrap_or(Value::Null);
    }
    Value::Object(fields(schema).iter().map(|(f, ty)| ((*f).to_owned(), sample_of_type(schema, f, ty))).collect())
}

/// Differences between a DTO's JSON and its schema, at every level (`Store.floors[].level`...).
fn drift(schema: &str, value: &Value, at: &str, found: &mut Vec<String>) {
    let Some(object) = value.as_object() else {
        found.push(format!("{at}: {schema} is not an object: {value}"));
        return;
    };
    let documented: BTreeSet<&str> = fields(schema).iter().map(|(f, _)| *f).collect();
    let actual: BTreeSet<&str> = object.keys().map(String::as_str).collect();
    for missing in actual.difference(&documented) {
        found.push(format!("{at}.{missing}: in the DTO, not in schema {schema}"));
    }
    for extra in documented.difference(&actual) {
        found.push(format!("{at}.{extra}: in schema {schema}, not in the DTO"));
    }
    for (field, ty) in fields(schema) {
        let ty = ty.strip_suffix('?').unwrap_or(ty);
        let (inner, many) = ty.strip_suffix("[]").map_or((ty, false), |t| (t, true));
        if !inner.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        match (&object.get(*field), many) {
            (Some(Value::Array(items)), true) => {
                items.iter().for_each(|item| drift(inner, item, &format!("{at}.{field}[]"), found))
            }
            (Some(Value::Null) | None, _) => {}
            (Some(v), false) => drift(inner, v, &format!("{at}.{field}"), found),
            (Some(v), true) => found.push(format!("{at}.{field}: expected an array, got {v}")),
        }
    }
}

/// Reads the schema's sample into `T`, writes it back, and lists what differs.
fn check<T: Serialize + DeserializeOwned>(schema: &str) -> Vec<String> {
    let sample = sample(schema);
    let dto: T = match serde_json::from_value(sample.clone()) {
        Ok(dto) => dto,
        Err(e) => return vec![format!("{schema}: the DTO does not read the schema's sample ({e}): {sample}")],
    };
    let mut found = Vec::new();
    match serde_json::to_value(&dto) {
        Ok(written) => drift(schema, &written, schema, &mut found),
        Err(e) => found.push(format!("{schema}: the DTO does not write ({e})")),
    }
    found
}

type Check = fn(&str) -> Vec<String>;

/// Every schema and the DTO it describes.
fn dtos() -> Vec<(&'static str, Check)> {
    use crate::api::*;
    vec![
        ("Error", check::<crate::ApiError>),
        ("ErrorBody", check::<crate::error::ErrorBody>),
        ("Liveness", check::<Liveness>),
        ("Health", check::<Health>),
        ("HealthCheck", check::<HealthCheck>),
        ("Store", check::<Store>),
        ("Floor", check::<Floor>),
        ("StoreMap", check::<crate::navigation::StoreMap>),
        ("FloorPlan", check::<crate::navigation::FloorPlan>),
        ("Counter", check::<Counter>),
        ("DevProductRequest", check::<DevProductRequest>),
        ("DevProduct", check::<DevProduct>),
        ("Graph", check::<crate::navigation::Graph>),
        ("Node", check::<crate::navigation::Node>),
        ("Edge", check::<crate::navigation::Edge>),
        ("Route", check::<crate::navigation::Route>),
        ("Product", check::<Product>),
        ("Attributes", check::<Attributes>),
        ("Variant", check::<crate::api::Variant>),
        ("ProductDetail", check::<ProductDetail>),
        ("StoreStock", check::<StoreStock>),
        ("Elsewhere", check::<crate::fulfil::Elsewhere>),
        ("Seed", check::<Seed>),
        ("SeedReport", check::<SeedReport>),
        ("RegisterRequest", check::<RegisterRequest>),
        ("SignInRequest", check::<SignInRequest>),
        ("StaffSignInRequest", check::<StaffSignInRequest>),
        ("Member", check::<Member>),
        ("MemberSession", check::<MemberSession>),
        ("Staff", check::<Staff>),
        ("StaffSession", check::<StaffSession>),
        ("MemberCode", check::<MemberCodeView>),
        ("CodeRequest", check::<CodeRequest>),
        ("MemberEnvelope", check::<MemberEnvelope>),
        ("CounterTicket", check::<crate::counter_session::CounterTicket>),
        ("LinkCardRequest", check::<LinkCardRequest>),
        ("TopUpRequest", check::<TopUpRequest>),
        ("Payment", check::<Payment>),
        ("PaymentEnvelope", check::<PaymentEnvelope>),
        ("LedgerEntry", check::<crate::stored_value::Entry>),
        ("PaymentNotice", check::<crate::gateway::PaymentNotice>),
        ("ChargeRequest", check::<ChargeRequest>),
        ("ChargeReceipt", check::<ChargeReceipt>),
        ("FlashSale", check::<FlashSaleView>),
        ("LiveStock", check::<LiveStock>),
        ("FlashSaleRequest", check::<crate::flash_sale::SaleRequest>),
        ("OrderRequest", check::<crate::order::OrderRequest>),
        ("OrderLineRequest", check::<crate::order::LineRequest>),
        ("Order", check::<Order>),
        ("OrderLine", check::<OrderLineView>),
        ("Pickup", check::<Pickup>),
        ("PayRequest", check::<PayRequest>),
        ("StockRow", check::<StockRow>),
        ("CounterSaleRequest", check::<CounterSaleRequest>),
        ("CouponCampaign", check::<CampaignView>),
        ("CouponCampaignRequest", check::<crate::coupon::CampaignRequest>),
        ("Coupon", check::<CouponView>),
        ("SendCouponRequest", check::<SendCouponRequest>),
        ("Quote", check::<Quote>),
        ("QuotedCoupon", check::<QuotedCoupon>),
        ("BindRequest", check::<crate::clienteling::BindRequest>),
        ("TagsRequest", check::<crate::clienteling::TagsRequest>),
        ("GuideOrderRequest", check::<crate::clienteling::GuideOrderRequest>),
        ("Customer", check::<crate::clienteling::Customer>),
        ("DayReport", check::<crate::reconciliation::DayReport>),
        ("MethodTotal", check::<crate::reconciliation::MethodTotal>),
        ("CounterOrder", check::<crate::reconciliation::CounterOrder>),
        ("Discrepancy", check::<crate::reconciliation::Discrepancy>),
        ("ReferralSummary", check::<crate::referral::ReferralSummary>),
        ("OrderReward", check::<OrderReward>),
        ("ReturnRequest", check::<crate::returns::ReturnRequest>),
        ("ReturnLineRequest", check::<crate::returns::ReturnLineRequest>),
        ("ReturnReceipt", check::<crate::returns::ReturnReceipt>),
        ("ReturnedLine", check::<crate::returns::ReturnedLine>),
        ("AuditEntry", check::<crate::audit::AuditView>),
        ("ScanGoCartRequest", check::<ScanGoCartRequest>),
        ("ScanGoLineRequest", check::<ScanGoLineRequest>),
        ("ScanGoLine", check::<ScanGoLine>),
        ("ScanGoCart", check::<ScanGoCartView>),
        ("ExitPass", check::<ExitPassView>),
        ("ScanGoReceipt", check::<ScanGoReceipt>),
        ("CounterSaleOrderRequest", check::<CounterSaleOrderRequest>),
        ("OrderEnvelope", check::<OrderEnvelope>),
        ("ManagedSale", check::<ManagedSale>),
        ("SaleEditRequest", check::<SaleEditRequest>),
        ("ManagedCampaign", check::<ManagedCampaign>),
        ("Dashboard", check::<Dashboard>),
        ("DashboardDay", check::<DashboardDay>),
        ("GuideFigures", check::<GuideFigures>),
        ("PromoterFigures", check::<PromoterFigures>),
        ("ProductRequest", check::<crate::catalog_ops::ProductRequest>),
        ("ImportReport", check::<crate::catalog_ops::ImportReport>),
        ("Rejected", check::<crate::catalog_ops::Rejected>),
        ("StaffRequest", check::<crate::staff_ops::StaffRequest>),
        ("PasswordRequest", check::<crate::staff_ops::PasswordRequest>),
        ("StaffMember", check::<crate::staff_ops::StaffMember>),
        ("StoreLayout", check::<crate::store_layout::StoreLayout>),
        ("UploadedImage", check::<crate::catalog_ops::image::UploadedImage>),
        ("TransferRequest", check::<TransferRequest>),
        ("StoreTransfer", check::<StoreTransfer>),
        ("Reward", check::<RewardView>),
        ("RedeemReceipt", check::<RedeemReceipt>),
        ("PointsEntry", check::<PointsEntry>),
        ("HandoverRequest", check::<HandoverRequest>),
        ("HandoverReport", check::<HandoverReport>),
        ("Message", check::<Message>),
        ("Reminder", check::<Reminder>),
        ("PushKeys", check::<PushKeys>),
        ("PushSubscriptionRequest", check::<PushSubscriptionRequest>),
        ("PushSubscription", check::<PushSubscriptionRequest>),
        ("PushKey", check::<PushKey>),
        ("Commission", check::<crate::api::CommissionView>),
        ("PromotedCustomer", check::<crate::api::PromotedCustomerView>),
        ("MonthLine", check::<crate::promoter::MonthLine>),
        ("PromoterSummary", check::<crate::api::PromoterSummary>),
        ("RedEnvelope", check::<crate::api::RedEnvelopeView>),
        ("OpenedEnvelope", check::<crate::api::OpenedEnvelope>),
        ("BenefitsView", check::<crate::api::BenefitsView>),
        ("BirthdayRequest", check::<crate::api::BirthdayRequest>),
        ("BirthdayPass", check::<crate::api::BirthdayPass>),
    ]
}

#[test]
fn every_schema_has_exactly_the_keys_its_dto_reads_and_writes() {
    let found: Vec<String> = dtos().into_iter().flat_map(|(schema, check)| check(schema)).collect();
    assert!(found.is_empty(), "the document and the DTOs differ:\n{}", found.join("\n"));
}

#[test]
fn every_schema_is_checked_against_a_dto_or_says_why_not() {
    let checked: BTreeSet<&str> = dtos().iter().map(|(s, _)| *s).collect();
    for (name, _) in all_schemas() {
        assert!(
            checked.contains(name) != NOT_SHARED_DTOS.contains(name),
            "schema {name}: check it against its DTO in dtos(), or list it in NOT_SHARED_DTOS (not both)"
        );
    }
}
