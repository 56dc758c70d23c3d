use super::*;

/// The rule at the shop's standard window.
fn plan_return(
    lines: &[PaidLine],
    discount: Fen,
    picked_up_at: Option<DateTime<Utc>>,
    asked: &[(String, i64)],
    now: DateTime<Utc>,
) -> Result<ReturnPlan, ReturnError> {
    crate::flows::settlement::ReturnPolicy::STANDARD.plan(lines, discount, picked_up_at, asked, now)
}
use proptest::prelude::*;

fn line(sku: &str, qty: u32, price: u64) -> PaidLine {
    PaidLine { sku: sku.into(), qty, unit_price: Fen::new(price), returned: 0 }
}
fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn a_receipt_shows_the_row_with_its_lines() {
    let row: ReturnRow = serde_json::from_value(serde_json::json!({
        "id": "R1", "order_id": "O1", "member_id": "M10000001", "store_id": "S2", "staff_id": "G1",
        "refund_fen": 9_000, "method": "balance", "reason": "too big", "fingerprint": "f",
        "at": "2026-11-24T08:00:00.000Z", "kept_fen": -1
    }))
    .unwrap();
    assert_eq!((row.settled_at, row.kept_note.as_str()), (None, ""));
    let lines = vec![ReturnedLine { sku: "SKU-1".into(), qty: 1, refund_fen: Fen::new(9_000) }];
    let r = ReturnReceipt::of(&row, lines.clone());
    assert_eq!(
        (r.id.as_str(), r.order_id.as_str(), r.store_id.as_str(), r.staff_id.as_str()),
        ("R1", "O1", "S2", "G1")
    );
    assert_eq!(
        (r.refund_fen, r.method, r.reason.as_str()),
        (Fen::new(9_000), crate::kinds::PaymentMethod::Balance, "too big")
    );
    assert_eq!((r.at, r.kept_fen, r.kept_note.as_str()), (t("2026-11-24T08:00:00Z"), Fen::ZERO, ""));
    assert_eq!(r.lines, lines);
}

fn ask(order: &str, reason: &str, code: Option<&str>) -> ReturnRequest {
    ReturnRequest {
        order_id: order.into(),
        lines: vec![ReturnLineRequest { sku: " SKU-1 ".into(), qty: 2 }],
        reason: reason.into(),
        member_code: code.map(str::to_owned),
    }
}

#[test]
fn a_return_ask_checks_the_reason_then_the_code_then_the_order() {
    let a = ReturnAsk::parse(&ask("O1", " too big ", Some(" 123 "))).unwrap();
    assert_eq!((a.order_id().as_str(), a.reason(), a.member_code()), ("O1", "too big", "123"));
    assert_eq!(a.asked(), [("SKU-1".to_string(), 2)]);
    let long = "长".repeat(MAX_REASON_CHARS + 1);
    assert_eq!(ReturnAsk::parse(&ask("bad id", &long, None)), Err(ReturnAskError::Reason));
    assert!(ReturnAsk::parse(&ask("O1", &"长".repeat(MAX_REASON_CHARS), Some("1"))).is_ok());
    assert_eq!(ReturnAsk::parse(&ask("bad id", "", Some("  "))), Err(ReturnAskError::MemberCode));
    assert_eq!(ReturnAsk::parse(&ask("bad id", "", Some("1"))).unwrap_err().to_string(), "no order bad id");
    assert_eq!(ReturnAskError::Reason.to_string(), "reason: must be at most 60 characters");
    assert_eq!(ReturnAskError::MemberCode.to_string(), "member_code: is required: scan the customer's member code");
}

#[test]
fn a_return_fingerprint_is_what_was_asked_where() {
    let a = ReturnAsk::parse(&ask("O1", "too big", Some("1"))).unwrap();
    let text = r#"[[["SKU-1",2]],"too big","S1"]"#;
    let expected = crate::ids::base32(&mac(b"return-fingerprint", &[text.as_bytes()]));
    assert_eq!(a.fingerprint("S1").unwrap(), expected);
    assert_ne!(a.fingerprint("S2").unwrap(), expected);
    let other = ReturnAsk::parse(&ask("O1", "too small", Some("1"))).unwrap();
    assert_ne!(other.fingerprint("S1").unwrap(), expected);
}

#[test]
fn refusals_map_to_the_api_codes() {
    use crate::{ApiError, ErrorCode as E};
    let closed = DateTime::from_timestamp(1_800_000_000, 0).expect("time");
    let cases = [
        (ReturnError::NotCollected, E::Conflict, 409),
        (ReturnError::WindowClosed { closed }, E::ReturnWindowClosed, 409),
        (ReturnError::Empty, E::Invalid, 422),
        (ReturnError::TooLarge, E::Invalid, 422),
        (ReturnError::NotOnOrder { index: 0, sku: "SKU-1".into() }, E::Invalid, 422),
        (ReturnError::TooMany { index: 1, sku: "SKU-1".into(), left: 2 }, E::Invalid, 422),
    ];
    for (e, code, status) in cases {
        let api = ApiError::from(e.clone());
        assert_eq!((api.code(), api.status(), api.error.message), (code, status, e.to_string()));
    }
    let api = ApiError::from(ReturnError::TooMany { index: 1, sku: "SKU-1".into(), left: 2 });
    assert_eq!(api.error.message, "lines[1].qty: 2 unit(s) of SKU-1 can still be returned");
}

#[test]
fn a_return_key_is_scoped_to_its_order_and_staff_member() {
    let k = IdempotencyKey::parse("r-1").unwrap();
    let (o1, o2) = (OrderId::parse("O1").unwrap(), OrderId::parse("O2").unwrap());
    let a = return_id(b"k", &o1, "G1001", &k);
    assert_eq!(a, return_id(b"k", &o1, "G1001", &k));
    assert_ne!(a, return_id(b"k", &o1, "G2001", &k), "another guide's identical key is another return");
    assert_ne!(a, return_id(b"k", &o2, "G1001", &k));
}

#[test]
fn the_coupon_is_shared_by_line_value_and_every_fen_is_accounted_for() {
    // ¥300 + 2 × ¥100, ¥50 off: the first line carries 30, the second 20 (10 per unit).
    let units = unit_refunds(&[line("A", 1, 30_000), line("B", 2, 10_000)], Fen::new(5_000));
    assert_eq!(units, vec![vec![Fen::new(27_000)], vec![Fen::new(9_000), Fen::new(9_000)]]);
    // Three units sharing 100 fen off ¥10: 34 + 33 + 33 off.
    let units = unit_refunds(&[line("C", 3, 1_000)], Fen::new(100));
    assert_eq!(units, vec![vec![Fen::new(967), Fen::new(967), Fen::new(966)]]);
}

#[test]
fn returns_are_for_collected_goods_within_seven_days() {
    let lines = [line("A", 2, 10_000)];
    let ask = vec![("A".to_string(), 1)];
    let picked = t("2026-11-20T10:00:00Z");
    assert_eq!(plan_return(&lines, Fen::ZERO, None, &ask, picked), Err(ReturnError::NotCollected));
    let ok = plan_return(&lines, Fen::ZERO, Some(picked), &ask, t("2026-11-27T09:59:59Z")).unwrap();
    assert_eq!((ok.refund, ok.completes_order, ok.lines[0].first_unit), (Fen::new(10_000), false, 0));
    assert_eq!(
        plan_return(&lines, Fen::ZERO, Some(picked), &ask, t("2026-11-27T10:00:00Z")),
        Err(ReturnError::WindowClosed { closed: t("2026-11-27T10:00:00Z") })
    );
}

#[test]
fn a_request_cannot_take_back_more_than_is_left_or_what_was_not_bought() {
    let mut lines = [line("A", 2, 10_000)];
    lines[0].returned = 1;
    let now = t("2026-11-21T00:00:00Z");
    let picked = Some(t("2026-11-20T00:00:00Z"));
    let two = vec![("A".to_string(), 2)];
    assert_eq!(
        plan_return(&lines, Fen::ZERO, picked, &two, now),
        Err(ReturnError::TooMany { index: 0, sku: "A".into(), left: 1 })
    );
    let split = vec![("A".to_string(), 1), ("A".to_string(), 1)];
    assert!(matches!(plan_return(&lines, Fen::ZERO, picked, &split, now), Err(ReturnError::TooMany { index: 1, .. })));
    let zero = vec![("A".to_string(), 0)];
    assert!(matches!(plan_return(&lines, Fen::ZERO, picked, &zero, now), Err(ReturnError::TooMany { .. })));
    let other = vec![("Z".to_string(), 1)];
    assert!(matches!(plan_return(&lines, Fen::ZERO, picked, &other, now), Err(ReturnError::NotOnOrder { .. })));
    assert_eq!(plan_return(&lines, Fen::ZERO, picked, &[], now), Err(ReturnError::Empty));
    let last = plan_return(&lines, Fen::ZERO, picked, &[("A".to_string(), 1)], now).unwrap();
    assert_eq!((last.lines[0].first_unit, last.completes_order), (1, true));
}

proptest! {
    #[test]
    fn any_sequence_of_partial_returns_refunds_exactly_what_was_paid(
        spec in proptest::collection::vec((1u32..5, 1u64..50_000), 1..5),
        discount in 0u64..200_000,
        order in proptest::collection::vec((0usize..5, 1i64..3), 1..20),
    ) {
        let mut lines: Vec<PaidLine> = spec.iter().enumerate().map(|(i, (q, p))| line(&format!("S{i}"), *q, *p)).collect();
        let paid = lines.iter().map(|l| l.unit_price.get() * u64::from(l.qty)).sum::<u64>()
            - discount.min(lines.iter().map(|l| l.unit_price.get() * u64::from(l.qty)).sum());
        let (picked, now) = (Some(t("2026-11-20T00:00:00Z")), t("2026-11-21T00:00:00Z"));
        let mut refunded = 0u64;
        for (i, q) in order {
            let sku = format!("S{}", i % lines.len());
            if let Ok(plan) = plan_return(&lines, Fen::new(discount), picked, &[(sku.clone(), q)], now) {
                refunded += plan.refund.get();
                let l = lines.iter_mut().find(|l| l.sku == sku).unwrap();
                l.returned += plan.lines[0].qty;
            }
        }
        // Return whatever is left: the refunds then add up to what was paid, exactly.
        let rest: Vec<(String, i64)> = lines.iter().filter(|l| l.returned < l.qty).map(|l| (l.sku.clone(), i64::from(l.qty - l.returned))).collect();
        if !rest.is_empty() {
            let plan = plan_return(&lines, Fen::new(discount), picked, &rest, now).unwrap();
            prop_assert!(plan.completes_order);
            refunded += plan.refund.get();
        }
        prop_assert_eq!(refunded, paid);
    }
}
