//! Tests of [`super`].
use super::*;
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    "2026-11-24T03:00:00Z".parse().unwrap()
}
fn order(id: &str, method: &str, subtotal: u64, discount: u64) -> PaidOrder {
    PaidOrder {
        order_id: id.into(),
        method: PaymentMethod::parse(method).expect("method"),
        subtotal: Fen::new(subtotal),
        discount: Fen::new(discount),
        total: Fen::new(subtotal - discount),
    }
}
fn settlement(pay: &str, order: &str, amount: u64, at: &str) -> Settlement {
    Settlement {
        payment_id: pay.into(),
        order_id: order.into(),
        amount: Fen::new(amount),
        paid_at: at.parse().unwrap(),
    }
}

#[test]
fn the_day_is_the_stores_local_calendar_day() {
    let day = StoreDay::parse("2026-11-24", 480, now()).unwrap();
    assert_eq!(day.start(), "2026-11-23T16:00:00Z".parse::<DateTime<Utc>>().unwrap());
    assert_eq!(day.end(), "2026-11-24T16:00:00Z".parse::<DateTime<Utc>>().unwrap());
    assert!(day.contains(day.start()) && !day.contains(day.end()));
    assert_eq!(StoreDay::today(480, "2026-11-24T16:30:00Z".parse().unwrap()).date(), "2026-11-25");
    assert_eq!(StoreDay::parse("2026-11-25", 480, now()), Err(DayError::InFuture));
    assert_eq!(StoreDay::parse("2026-02-30", 480, now()), Err(DayError::BadDate));
    assert_eq!(StoreDay::parse("24/11/2026", 480, now()), Err(DayError::BadDate));
    assert_eq!(StoreDay::parse("2026-1-5", 480, now()), Err(DayError::BadDate));
}

#[test]
fn a_days_takings_beyond_one_amounts_maximum_are_not_capped() {
    let day = StoreDay::parse("2026-11-24", 480, now()).unwrap();
    let big = Fen::MAX - 1;
    let rows =
        DayRows { paid: vec![order("O1", "balance", big, 0), order("O2", "balance", big, 0)], ..DayRows::default() };
    let r = reconcile("S1", &day, &rows);
    assert_eq!((r.takings_fen, r.subtotal_fen), (2 * big, 2 * big));
    assert_eq!(r.by_method.iter().map(|m| m.amount_fen).sum::<u64>(), 2 * big);
}

#[test]
fn takings_by_method_refunds_and_the_counter_add_up() {
    let day = StoreDay::parse("2026-11-24", 480, now()).unwrap();
    let rows = DayRows {
        paid: vec![order("O1", "balance", 10_000, 2_000), order("O2", "sandbox", 5_900, 0)],
        settlements: vec![settlement("P1", "O2", 5_900, "2026-11-24T01:00:00Z")],
        refunds: vec![RefundRow { order_id: "O0".into(), method: PaymentMethod::Balance, amount: Fen::new(1_000) }],
        picked_up: 3,
        counter_sale_units: vec![1, 2],
        counter_charges: vec![Fen::new(30_000)],
        returns: vec![Fen::new(9_000), Fen::new(1)],
        counter_order_ids: ["O2".to_string(), "O9".to_string()].into(),
        ..DayRows::default()
    };
    let r = reconcile("S1", &day, &rows);
    assert_eq!((r.orders_paid, r.subtotal_fen, r.discount_fen, r.takings_fen), (2, 15_900, 2_000, 13_900));
    // A counter sale is one of the paid orders (in takings by its method), listed with its amount.
    let counter = CounterOrder { order_id: "O2".into(), method: PaymentMethod::Sandbox, total_fen: 5_900 };
    assert_eq!(r.counter_orders, [counter]);
    assert_eq!(
        r.by_method.iter().map(|m| (m.method.as_str(), m.count, m.amount_fen)).collect::<Vec<_>>(),
        [("balance", 1, 8_000), ("sandbox", 1, 5_900)]
    );
    assert_eq!((r.refunds, r.refunded_fen), (1, 1_000));
    assert_eq!((r.picked_up, r.counter_sales, r.counter_units, r.counter_charged_fen), (3, 2, 3, 30_000));
    assert_eq!((r.returns, r.returned_fen), (2, 9_001));
    assert!(r.balanced, "{:?}", r.discrepancies);
}

#[test]
fn every_disagreement_with_the_gateway_is_listed() {
    let day = StoreDay::parse("2026-11-24", 480, now()).unwrap();
    let rows = DayRows {
        paid: vec![order("O1", "sandbox", 100, 0), order("O2", "sandbox", 200, 0), order("O5", "sandbox", 50, 0)],
        settlements: vec![
            settlement("P2", "O2", 199, "2026-11-24T01:00:00Z"),
            settlement("P3", "O3", 300, "2026-11-24T01:00:00Z"), // order lapsed, never refunded
            settlement("P4", "O4", 400, "2026-11-24T01:00:00Z"), // lapsed and refunded: fine
            settlement("P5", "O5", 50, "2026-11-24T01:00:00Z"),
            settlement("P6", "O5", 50, "2026-11-24T02:00:00Z"), // paid twice
            settlement("P7", "O7", 70, "2026-11-22T01:00:00Z"), // another day: not today's business
        ],
        refunded_orders: ["O4".to_string()].into_iter().collect(),
        ..DayRows::default()
    };
    let r = reconcile("S1", &day, &rows);
    let kinds: Vec<(&str, &str)> = r.discrepancies.iter().map(|d| (d.kind.as_str(), d.order_id.as_str())).collect();
    assert_eq!(
        kinds,
        [
            ("MISSING_SETTLEMENT", "O1"),
            ("AMOUNT_MISMATCH", "O2"),
            ("UNMATCHED_SETTLEMENT", "O3"),
            ("UNMATCHED_SETTLEMENT", "O5")
        ]
    );
    assert_eq!(r.discrepancies[3].payment_id.as_deref(), Some("P6"));
    assert!(!r.balanced);
}

proptest! {
    #[test]
    fn methods_add_up_to_takings_and_matched_days_balance(
        orders in proptest::collection::vec((0u8..2, 1u64..100_000, 0u64..100), 0..30),
    ) {
        let day = StoreDay::parse("2026-11-24", 480, now()).unwrap();
        let paid: Vec<PaidOrder> = orders.iter().enumerate().map(|(i, (m, sub, disc))| {
            order(&format!("O{i}"), if *m == 0 { "balance" } else { "sandbox" }, *sub + *disc, *disc)
        }).collect();
        let settlements = paid.iter().filter(|o| o.method == GATEWAY_METHOD)
            .map(|o| settlement(&format!("P-{}", o.order_id), &o.order_id, o.total.get(), "2026-11-24T05:00:00Z"))
            .collect();
        let r = reconcile("S1", &day, &DayRows { paid, settlements, ..DayRows::default() });
        prop_assert_eq!(r.by_method.iter().map(|m| m.amount_fen).sum::<u64>(), r.takings_fen);
        prop_assert_eq!(r.by_method.iter().map(|m| m.count).sum::<u32>(), r.orders_paid);
        prop_assert_eq!(r.subtotal_fen - r.discount_fen, r.takings_fen);
        prop_assert!(r.balanced);
    }
}
