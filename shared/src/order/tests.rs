use super::*;
use OrderStatus::*;

#[test]
fn the_state_machine_allows_only_its_arrows() {
    assert_eq!(PendingPayment.pay(), Ok(ReadyForPickup));
    assert_eq!(ReadyForPickup.pay(), Err(TransitionError::AlreadyPaid));
    assert_eq!(PendingPayment.cancel(), Ok(Cancelled));
    assert_eq!(ReadyForPickup.cancel(), Err(TransitionError::AlreadyPaid));
    assert_eq!(PendingPayment.expire(), Ok(Expired));
    assert_eq!(Cancelled.expire(), Err(TransitionError::Cancelled));
    assert_eq!(ReadyForPickup.pick_up(), Ok(PickedUp));
    assert_eq!(PickedUp.pick_up(), Err(TransitionError::AlreadyPickedUp));
    assert_eq!(PendingPayment.pick_up(), Err(TransitionError::NotPaid));
    assert_eq!(Expired.pay(), Err(TransitionError::Expired));
    for s in [PendingPayment, ReadyForPickup, PickedUp, Cancelled, Expired, Refunded] {
        assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
    }
    assert!(PickedUp.is_final() && !ReadyForPickup.is_final());
}

#[test]
fn an_order_from_another_store_waits_for_its_transfer() {
    assert_eq!(ReadyForPickup.with_arrival(true, false), AwaitingTransfer);
    assert_eq!(ReadyForPickup.with_arrival(true, true), ReadyForPickup);
    assert_eq!(ReadyForPickup.with_arrival(false, false), ReadyForPickup);
    assert_eq!(PendingPayment.with_arrival(true, false), PendingPayment);
    assert_eq!(AwaitingTransfer.pick_up(), Err(TransitionError::NotArrived));
    assert_eq!(AwaitingTransfer.cancel(), Err(TransitionError::AlreadyPaid));
    assert!(!AwaitingTransfer.is_final());
    assert_eq!(OrderStatus::parse("awaiting_transfer"), Some(AwaitingTransfer));
    let from = |from: &str, sale: bool| {
        let line = if sale {
            serde_json::json!({"sku": "SKU-1", "qty": 1, "flash_sale_id": "FS1"})
        } else {
            serde_json::json!({"sku": "SKU-1", "qty": 1})
        };
        let body = serde_json::json!({"store_id": "S2", "lines": [line], "from_store": from});
        serde_json::from_value::<OrderRequest>(body).unwrap().validate()
    };
    let ok = from("S1", false).unwrap();
    assert_eq!(ok.from_store.as_ref().map(StoreId::as_str), Some("S1"));
    assert_ne!(ok.fingerprint(), from("", false).unwrap().fingerprint(), "where the units come from is the request");
    assert_eq!(from("S2", false).unwrap_err().field, "from_store");
    assert_eq!(from("no such", false).unwrap_err().field, "from_store");
    assert_eq!(from("S1", true).unwrap_err().field, "lines[0].flash_sale_id");
}

fn req(lines: serde_json::Value) -> OrderRequest {
    serde_json::from_value(serde_json::json!({"store_id": "S1", "lines": lines})).unwrap()
}

#[test]
fn requests_are_validated_line_by_line() {
    let ok =
        req(serde_json::json!([{"sku": "SKU-1001", "qty": 2}, {"sku": "SKU-1002", "qty": 1, "flash_sale_id": "FS1"}]))
            .validate()
            .unwrap();
    assert_eq!(ok.lines.len(), 2);
    assert_eq!(ok.lines[1].flash_sale_id.as_ref().map(SaleId::as_str), Some("FS1"));
    let field = |lines| req(lines).validate().unwrap_err().field;
    assert_eq!(field(serde_json::json!([])), "lines");
    assert_eq!(field(serde_json::json!([{"sku": "SKU-1", "qty": 0}])), "lines[0].qty");
    assert_eq!(field(serde_json::json!([{"sku": "SKU-1", "qty": 100}])), "lines[0].qty");
    assert_eq!(field(serde_json::json!([{"sku": "SKU-1", "qty": 1}, {"sku": "S K", "qty": 1}])), "lines[1].sku");
    assert_eq!(field(serde_json::json!([{"sku": "SKU-1", "qty": 1}, {"sku": "SKU-1", "qty": 2}])), "lines[1]");
    let sale_and_shelf =
        serde_json::json!([{"sku": "SKU-1", "qty": 1, "flash_sale_id": "FS1"}, {"sku": "SKU-1", "qty": 1}]);
    assert_eq!(field(sale_and_shelf), "lines[1]", "the same SKU under a sale and at the shelf price");
    let two_sales = serde_json::json!([{"sku": "SKU-1", "qty": 1, "flash_sale_id": "FS1"}, {"sku": "SKU-1", "qty": 1, "flash_sale_id": "FS2"}]);
    assert_eq!(field(two_sales), "lines[1]");
    let many: Vec<_> = (0..21).map(|i| serde_json::json!({"sku": format!("SKU-{i}"), "qty": 1})).collect();
    assert_eq!(field(serde_json::Value::Array(many)), "lines");
}

#[test]
fn the_same_key_from_the_same_member_is_the_same_order() {
    let m1 = MemberId::parse("M10000001").unwrap();
    let m2 = MemberId::parse("M10000002").unwrap();
    let k = |s: &str| IdempotencyKey::parse(s).unwrap();
    let a = order_id(b"k", &m1, &k("checkout-1")).unwrap();
    assert_eq!(a, order_id(b"k", &m1, &k("checkout-1")).unwrap());
    assert_ne!(a, order_id(b"k", &m2, &k("checkout-1")).unwrap());
    assert_ne!(a, order_id(b"k", &m1, &k("checkout-2")).unwrap());
    assert!(a.as_str().starts_with('O') && a.as_str().len() == 17);
}

#[test]
fn fingerprints_tell_retries_from_different_bodies() {
    let a = req(serde_json::json!([{"sku": "SKU-1", "qty": 1}])).validate().unwrap();
    let b = req(serde_json::json!([{"sku": "SKU-1", "qty": 2}])).validate().unwrap();
    assert_eq!(a.fingerprint(), a.clone().fingerprint());
    assert_ne!(a.fingerprint(), b.fingerprint());
}

#[test]
fn totals_never_go_below_zero() {
    let q = |n| Qty::parse(n).unwrap();
    let t = totals(&[(Fen::new(990), q(2)), (Fen::new(100), q(1))], Fen::new(500)).unwrap();
    assert_eq!((t.subtotal.get(), t.discount.get(), t.total.get()), (2_080, 500, 1_580));
    let t = totals(&[(Fen::new(100), q(1))], Fen::new(500)).unwrap();
    assert_eq!((t.discount.get(), t.total.get()), (100, 0));
}

#[test]
fn totals_that_would_overflow_are_refused_not_capped() {
    let q = |n| Qty::parse(n).unwrap();
    assert_eq!(totals(&[(Fen::new(Fen::MAX / 2 + 1), q(2))], Fen::ZERO), Err(TotalTooLarge));
    assert_eq!(totals(&[(Fen::new(Fen::MAX), q(1)), (Fen::new(1), q(1))], Fen::new(5)), Err(TotalTooLarge));
    assert_eq!(subtotal(&[(Fen::new(Fen::MAX / 2), q(2))]), Ok(Fen::new(Fen::MAX)));
    assert!(TotalTooLarge.to_string().starts_with("lines"));
}

fn stored_row(status: &str, source_store: Option<&str>, arrived_at: Option<&str>) -> serde_json::Value {
    serde_json::json!({
        "id": "O1", "member_id": "M10000001", "store_id": "S1", "status": status,
        "subtotal_fen": 100, "discount_fen": 0, "total_fen": 100, "coupon_id": null, "fingerprint": "f",
        "created_at": "2026-12-01T03:00:00.000Z", "lock_expires_at": "2026-12-01T03:15:00.000Z",
        "paid_at": null, "payment_method": null, "pickup_no": null,
        "source_store": source_store, "arrived_at": arrived_at,
    })
}

#[test]
fn an_order_row_reads_as_d1_returns_it_and_refuses_what_is_not_a_status_or_time() {
    let row: OrderRow = serde_json::from_value(stored_row("ready_for_pickup", None, None)).expect("a row");
    assert_eq!((row.status, row.status()), (ReadyForPickup, ReadyForPickup));
    assert_eq!(row.lock_expires_at(), crate::instant::parse_instant("2026-12-01T03:15:00Z").expect("an instant"));
    assert_eq!((row.placed_by, row.channel, row.picked_up_at), (None, None, None));
    assert!(serde_json::from_value::<OrderRow>(stored_row("shipped", None, None)).is_err());
    let mut bad_time = stored_row("pending_payment", None, None);
    bad_time["created_at"] = "soon".into();
    assert!(serde_json::from_value::<OrderRow>(bad_time).is_err());
    let mut bad_method = stored_row("ready_for_pickup", None, None);
    bad_method["payment_method"] = "cheque".into();
    assert!(serde_json::from_value::<OrderRow>(bad_method).is_err());
}

#[test]
fn an_order_row_from_another_store_awaits_and_takes_from_that_store_until_arrival() {
    let sent: OrderRow = serde_json::from_value(stored_row("ready_for_pickup", Some("S2"), None)).expect("a row");
    assert_eq!((sent.status(), sent.stock_store()), (AwaitingTransfer, "S2"));
    let arrived: OrderRow =
        serde_json::from_value(stored_row("ready_for_pickup", Some("S2"), Some("2026-12-01T05:00:00.000Z")))
            .expect("a row");
    assert_eq!((arrived.status(), arrived.stock_store()), (ReadyForPickup, "S1"));
    let own: OrderRow = serde_json::from_value(stored_row("pending_payment", None, None)).expect("a row");
    assert_eq!((own.status(), own.stock_store()), (PendingPayment, "S1"));
}

#[test]
fn only_an_unpaid_order_whose_lock_ran_out_has_lapsed() {
    let at = |s: &str| crate::instant::parse_instant(s).expect("an instant");
    let pending: OrderRow = serde_json::from_value(stored_row("pending_payment", None, None)).expect("a row");
    assert!(!pending.lapsed_at(at("2026-12-01T03:14:59.999Z")));
    assert!(pending.lapsed_at(at("2026-12-01T03:15:00Z")));
    for status in ["ready_for_pickup", "cancelled", "expired"] {
        let row: OrderRow = serde_json::from_value(stored_row(status, None, None)).expect("a row");
        assert!(!row.lapsed_at(at("2026-12-01T04:00:00Z")), "{status}");
    }
}

#[test]
fn a_refused_transition_answers_the_contracts_code_and_reason() {
    use crate::{ApiError, ErrorCode};
    let cases = [
        (TransitionError::AlreadyPaid, ErrorCode::AlreadyPaid),
        (TransitionError::NotPaid, ErrorCode::NotPaid),
        (TransitionError::AlreadyPickedUp, ErrorCode::AlreadyPickedUp),
        (TransitionError::Expired, ErrorCode::LockExpired),
        (TransitionError::Cancelled, ErrorCode::Conflict),
        (TransitionError::Refunded, ErrorCode::Conflict),
        (TransitionError::NotArrived, ErrorCode::NotArrived),
    ];
    for (e, code) in cases {
        let api = ApiError::from(e);
        assert_eq!((api.code(), api.error.message.as_str()), (code, e.to_string().as_str()));
    }
    assert_eq!(ApiError::from(TransitionError::Expired).error.message, "the order's stock lock expired");
}
