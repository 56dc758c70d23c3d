//! Tests of [`super`]: the envelope, and today's stored shapes pinned to golden fixtures in
//! `shared/tests/fixtures/stored/`. A failing fixture test means live objects hold text this
//! build would read differently: bump the shape's `SCHEMA` and read the old version, do not
//! edit the fixture. (`BLESS_STORED_FIXTURES=1` rewrites them, for a new shape only.)

use super::*;
use crate::Fen;
use crate::coupon::{Campaign, CampaignRequest, Coupon, CouponKind};
use crate::flash_sale::{FlashSale, SaleBucket, SaleRequest};
use crate::ids::{MemberId, OrderId, SaleId};
use crate::member_code::{ScannedCode, UsedCodes};
use crate::stock::{Qty, StockPool};
use crate::stored_value::{Entry, EntryKind, Posted, Posting, post};
use chrono::{DateTime, Duration, Utc};
use std::path::PathBuf;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("instant")
}

fn now() -> DateTime<Utc> {
    at("2026-11-24T03:00:00Z")
}

fn order(n: u32) -> OrderId {
    OrderId::parse(&format!("O{n:08}")).expect("order id")
}

fn member(n: u32) -> MemberId {
    MemberId::parse(&format!("M{n:08}")).expect("member id")
}

fn pool() -> StockPool {
    let mut pool = StockPool::new();
    pool.receive(Qty::parse(10).expect("qty"));
    pool.lock(&order(1), Qty::parse(2).expect("qty"), now(), Duration::minutes(10)).expect("lock");
    pool.lock(&order(2), Qty::parse(1).expect("qty"), now(), Duration::minutes(10)).expect("lock");
    pool.confirm(&order(2), now()).expect("confirm");
    pool.reserve(&SaleId::parse("FS0001").expect("sale id"), Qty::parse(3).expect("qty"), now()).expect("reserve");
    pool
}

fn sale() -> FlashSale {
    let req = SaleRequest {
        sku: "SKU-1031".into(),
        store_id: "S1".into(),
        price_fen: 9_900,
        quantity: 20,
        per_member_limit: 2,
        starts_at: at("2026-11-24T04:00:00Z"),
        ends_at: at("2026-11-24T06:00:00Z"),
        title: Some("限时秒杀".into()),
        buckets: Some(2),
        lock_minutes: Some(5),
    };
    let id = SaleId::parse("FS0001").expect("sale id");
    FlashSale::parse(id, &req, "Lanya lipstick", Fen::new(19_900), now()).expect("sale")
}

fn bucket() -> SaleBucket {
    let mut bucket = SaleBucket::new(10);
    bucket.lock(&order(1), &member(1), Qty::parse(2).expect("qty"), 2, now(), Duration::minutes(5)).expect("lock");
    bucket.lock(&order(2), &member(2), Qty::parse(1).expect("qty"), 2, now(), Duration::minutes(5)).expect("lock");
    bucket.confirm(&order(2), now()).expect("confirm");
    bucket
}

fn campaign() -> Campaign {
    let req = CampaignRequest {
        title: "满300减50".into(),
        kind: CouponKind::Threshold,
        threshold_fen: Some(30_000),
        off_fen: Some(5_000),
        percent: None,
        scope: "category:shoes".into(),
        store_id: Some("S1".into()),
        quantity: 100,
        per_member_limit: 1,
        starts_at: at("2026-11-24T00:00:00Z"),
        ends_at: at("2026-12-24T00:00:00Z"),
        valid_days: Some(7),
        audience: None,
        flash_sale_ok: None,
        reward_min_fen: None,
    };
    Campaign::parse("CP0001".into(), &req, now()).expect("campaign")
}

fn coupon() -> Coupon {
    let mut coupon = campaign().coupon("C0001".into(), now());
    coupon.lock(&order(1), now() + Duration::minutes(10), now()).expect("lock");
    coupon
}

fn entry() -> Entry {
    let posting = Posting {
        kind: EntryKind::TopUp,
        amount_fen: Fen::new(50_000),
        reference: "P0001".into(),
        reason: "充值 top-up (sandbox)".into(),
    };
    match post(Fen::new(1_000), 3, None, posting, now()).expect("post") {
        Posted::New(entry) | Posted::Repeat(entry) => entry,
    }
}

fn used_codes() -> UsedCodes {
    let step = crate::member_code::step_of(now());
    let mut used = UsedCodes::default();
    used.consume(ScannedCode { serial: 7, step, issue: 0 }, now()).expect("first");
    used.consume(ScannedCode { serial: 7, step, issue: 1 }, now()).expect("second");
    used
}

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stored").join(format!("{name}.json"))
}

/// (a) today's fixture reads into the current type, as the value it was written from, and
/// (b) writing that value gives exactly the fixture (compared as JSON, not as whitespace).
fn pinned<T: Stored + PartialEq + std::fmt::Debug>(name: &str, value: T) {
    let written = encode(&value).expect("encode");
    let path = fixture_path(name);
    if std::env::var_os("BLESS_STORED_FIXTURES").is_some() {
        let pretty: serde_json::Value = serde_json::from_str(&written).expect("json");
        std::fs::write(&path, serde_json::to_string_pretty(&pretty).expect("pretty") + "\n").expect("write fixture");
    }
    let fixture = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(decode::<T>(&fixture).expect("today's fixture reads"), value, "{name}: fixture reads differently");
    let fixture_json: serde_json::Value = serde_json::from_str(&fixture).expect("fixture json");
    let written_json: serde_json::Value = serde_json::from_str(&written).expect("written json");
    assert_eq!(written_json, fixture_json, "{name}: the stored shape changed");
    // What objects wrote before shapes were versioned is the fixture's `state`, version 1.
    let unversioned = fixture_json["state"].to_string();
    assert_eq!(decode::<T>(&unversioned).expect("unversioned reads"), value, "{name}: unversioned text");
}

#[test]
fn stock_pool_shape_is_pinned() {
    pinned("stock_pool", pool());
}

#[test]
fn flash_sale_shapes_are_pinned() {
    pinned("flash_sale", sale());
    pinned("sale_bucket", bucket());
    pinned("sale_cancel", crate::flash_sale::SaleCancel::new(now()));
}

#[test]
fn member_card_shapes_are_pinned() {
    pinned("ledger_entry", entry());
    pinned("coupon", coupon());
    pinned("used_codes", used_codes());
}

#[test]
fn coupon_campaign_shape_is_pinned() {
    pinned("coupon_campaign", campaign());
}

#[test]
fn an_unknown_version_is_an_error_not_a_reset() {
    let state = serde_json::to_value(pool()).expect("json");
    let future = serde_json::json!({ "schema": 2, "state": state }).to_string();
    assert_eq!(
        decode::<StockPool>(&future),
        Err(StoredError::UnknownSchema { name: "stock pool", found: 2, known: 1 })
    );
    let nonsense = serde_json::json!({ "schema": "one", "state": state }).to_string();
    assert!(matches!(decode::<StockPool>(&nonsense), Err(StoredError::Malformed { .. })));
}

#[test]
fn text_of_another_shape_is_an_error_not_a_default() {
    assert!(matches!(decode::<StockPool>("{\"on_hand\":\"ten\"}"), Err(StoredError::Malformed { .. })));
    assert!(matches!(decode::<UsedCodes>("not json"), Err(StoredError::Malformed { .. })));
    let renamed = serde_json::json!({ "schema": 1, "state": { "onHand": 3 } }).to_string();
    assert!(decode::<StockPool>(&renamed).is_err());
}
