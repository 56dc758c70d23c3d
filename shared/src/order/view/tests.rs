use super::*;
use crate::order::OrderStatus;
use chrono::{DateTime, Utc};

fn at(text: &str) -> DateTime<Utc> {
    crate::instant::parse_instant(text).expect("an instant")
}

/// A pending order as D1 returns it.
fn row(extra: serde_json::Value) -> OrderRow {
    let mut json = serde_json::json!({
        "id": "O1", "member_id": "M10000001", "store_id": "S1", "status": "pending_payment",
        "subtotal_fen": 2_000, "discount_fen": 500, "total_fen": 1_500, "coupon_id": "C1",
        "fingerprint": "f", "created_at": "2026-12-01T03:00:00.000Z",
        "lock_expires_at": "2026-12-01T03:15:00.000Z", "payment_method": null, "pickup_no": null,
    });
    if let (Some(base), serde_json::Value::Object(more)) = (json.as_object_mut(), extra) {
        base.extend(more);
    }
    serde_json::from_value(json).expect("an order row")
}

fn paid() -> OrderRow {
    row(serde_json::json!({
        "status": "ready_for_pickup", "paid_at": "2026-12-01T03:05:00.000Z",
        "payment_method": "balance", "pickup_no": 100_001,
    }))
}

fn line(sku: &str, qty: u32, unit_price_fen: i64) -> LineRow {
    LineRow {
        sku: sku.into(),
        qty,
        unit_price_fen,
        flash_sale_id: None,
        bucket: None,
        name: format!("{sku} 名"),
        name_en: format!("{sku} name"),
        image: format!("/img/{sku}.png"),
    }
}

fn counter() -> CounterRow {
    CounterRow {
        id: "CT1".into(),
        name: "柜台".into(),
        name_en: "Counter".into(),
        floor: "1F".into(),
        store_name: "一店".into(),
        store_name_en: "Store one".into(),
    }
}

fn extras() -> Details {
    Details {
        lines: vec![line("SKU1", 2, 1_000)],
        returned: vec![("SKU1".into(), 1)],
        counter: Some(counter()),
        rewards: vec![OrderReward { coupon_id: "C9".into(), title: "满减".into() }],
        envelope: Some(EnvelopeRow { id: "E-O1".into(), shares: 5, total_fen: 800 }),
    }
}

#[test]
fn a_pending_order_shows_its_row_and_lines_without_pickup() {
    let details = Details { lines: vec![line("SKU1", 2, 1_000), line("SKU2", 1, -5)], ..Details::default() };
    let order = assemble(&row(serde_json::json!({})), details, Some(b"k")).expect("a view");
    assert_eq!((order.id.as_str(), order.member_id.as_str(), order.store_id.as_str()), ("O1", "M10000001", "S1"));
    assert_eq!(order.status, OrderStatus::PendingPayment);
    assert_eq!(
        (order.subtotal_fen, order.discount_fen, order.total_fen),
        (Fen::new(2_000), Fen::new(500), Fen::new(1_500))
    );
    assert_eq!(order.coupon_id.as_deref(), Some("C1"));
    assert_eq!(order.created_at, at("2026-12-01T03:00:00Z"));
    assert_eq!(order.lock_expires_at, at("2026-12-01T03:15:00Z"));
    assert_eq!(order.pickup, None);
    let skus: Vec<(&str, u32, Fen)> = order.lines.iter().map(|l| (l.sku.as_str(), l.qty, l.unit_price_fen)).collect();
    assert_eq!(skus, [("SKU1", 2, Fen::new(1_000)), ("SKU2", 1, Fen::ZERO)]);
    assert_eq!((order.lines[0].name.as_str(), order.lines[0].name_en.as_str()), ("SKU1 名", "SKU1 name"));
    assert_eq!(order.lines[0].image, "/img/SKU1.png");
    assert_eq!(order.channel, Channel::Online);
    assert_eq!((order.placed_by, order.from_store), (None, None));
}

#[test]
fn a_paid_order_shows_its_pickup_code_counter_rewards_envelope_and_returns() {
    let order = assemble(&paid(), extras(), Some(b"k")).expect("a view");
    let id = OrderId::parse("O1").expect("an order id");
    let pickup = order.pickup.expect("a pickup");
    assert_eq!(pickup.code, Some(pickup_code(b"k", &id, 100_001)));
    assert_eq!(pickup.counter_id.as_deref(), Some("CT1"));
    assert_eq!((pickup.counter_name.as_deref(), pickup.counter_name_en.as_deref()), (Some("柜台"), Some("Counter")));
    assert_eq!((pickup.store_name.as_deref(), pickup.store_name_en.as_deref()), (Some("一店"), Some("Store one")));
    assert_eq!(pickup.floor.as_deref(), Some("1F"));
    assert_eq!(order.lines[0].returned_qty, 1);
    assert_eq!(order.rewards, [OrderReward { coupon_id: "C9".into(), title: "满减".into() }]);
    let envelope = order.red_envelope.expect("an envelope");
    assert_eq!((envelope.id.as_str(), envelope.link.as_str()), ("E-O1", "/red-envelopes/E-O1"));
    assert_eq!((envelope.shares, envelope.total_fen), (5, Fen::new(800)));
    assert_eq!(order.paid_at, Some(at("2026-12-01T03:05:00Z")));
}

#[test]
fn without_a_key_or_a_counter_the_pickup_leaves_them_out() {
    let order = assemble(&paid(), Details { counter: None, ..extras() }, None).expect("a view");
    let pickup = order.pickup.expect("a pickup");
    assert_eq!(pickup.code, None);
    assert_eq!((pickup.counter_id, pickup.floor, pickup.store_name), (None, None, None));
}

#[test]
fn an_unpaid_order_shows_no_rewards_and_no_envelope() {
    let order = assemble(&row(serde_json::json!({})), extras(), None).expect("a view");
    assert!(order.rewards.is_empty());
    assert_eq!(order.red_envelope, None);
}

#[test]
fn odd_stored_values_are_shown_within_range() {
    let stored = row(serde_json::json!({ "channel": "teleport", "pickup_no": -3, "total_fen": -1 }));
    let details = Details { envelope: Some(EnvelopeRow { id: "E".into(), shares: 70_000, total_fen: -2 }), ..extras() };
    let order = assemble(&OrderRow { paid_at: Some(at("2026-12-01T03:05:00Z")), ..stored }, details, Some(b"k"))
        .expect("a view");
    assert_eq!(order.channel, Channel::Online);
    assert_eq!(order.total_fen, Fen::ZERO);
    let id = OrderId::parse("O1").expect("an order id");
    assert_eq!(order.pickup.and_then(|p| p.code), Some(pickup_code(b"k", &id, 0)));
    let envelope = order.red_envelope.expect("an envelope");
    assert_eq!((envelope.shares, envelope.total_fen), (u16::MAX, Fen::ZERO));
    let scan_go = row(serde_json::json!({ "channel": "scan_go", "placed_by": "G1", "source_store": "S2" }));
    let order = assemble(&scan_go, Details::default(), None).expect("a view");
    assert_eq!(order.channel, Channel::ScanGo);
    assert_eq!((order.placed_by.as_deref(), order.from_store.as_deref()), (Some("G1"), Some("S2")));
}

#[test]
fn a_row_whose_id_is_not_an_order_id_is_not_found_once_it_needs_a_pickup_code() {
    let bad = OrderRow { id: "O 1".into(), ..paid() };
    let e = assemble(&bad, Details::default(), Some(b"k")).expect_err("refused");
    assert_eq!(e, ViewError::NotAnOrder("O 1".into()));
    let api = ApiError::from(e);
    assert_eq!((api.status(), api.error.message.as_str()), (404, "no order O 1"));
    let unpaid = OrderRow { id: "O 1".into(), ..row(serde_json::json!({})) };
    assert!(assemble(&unpaid, Details::default(), Some(b"k")).is_ok());
}
