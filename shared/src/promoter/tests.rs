use super::*;
use crate::Fen;
use crate::coupon::{Cart, CartLine, discount};
use crate::flows::settlement::ReturnPolicy;
use crate::ids::{Category, MemberId, OrderId, Sku, StoreId};
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

const KEY: &[u8] = b"promoter-key";

fn t(text: &str) -> DateTime<Utc> {
    text.parse().expect("time")
}

fn order(n: u32) -> OrderId {
    OrderId::parse(&format!("O{n:015}")).expect("order id")
}

fn customer() -> PromotedCustomer {
    let code = PromoterCode::parse(KEY, &PromoterCode::for_staff(KEY, "G1001")).expect("genuine");
    PromotedCustomer::new(&code, MemberId::parse("M10000002").expect("member"))
}

#[test]
fn a_code_reads_back_and_forged_or_unknown_ones_are_refused() {
    let code = PromoterCode::for_staff(KEY, "g1001");
    assert!(code.starts_with("P-G1001-") && code.len() == 14, "{code}");
    assert_eq!(PromoterCode::parse(KEY, &code).map(|c| c.staff().to_owned()), Ok("G1001".into()));
    assert_eq!(
        PromoterCode::parse(KEY, &format!(" {} ", code.to_lowercase())).map(|c| c.staff().to_owned()),
        Ok("G1001".into())
    );
    assert_eq!(PromoterCode::parse(b"other", &code), Err(PromoterCodeError::Forged));
    let swapped = code.replace("G1001", "G2001");
    assert_eq!(
        PromoterCode::parse(KEY, &swapped),
        Err(PromoterCodeError::Forged),
        "a staff number cannot be swapped in"
    );
    for bad in [
        "",
        "G1001-123456",
        "P-G1001-12345",
        "P--123456",
        "P-G 1001-123456",
        "P-G1001-12345X",
        "P-ABCDEFGHIJKLMNOPQ-123456",
    ] {
        assert_eq!(PromoterCode::parse(KEY, bad), Err(PromoterCodeError::Malformed), "{bad}");
    }
    let genuine = PromoterCode::parse(KEY, &PromoterCode::for_staff(KEY, "G9999")).expect("genuine");
    assert_eq!(genuine.clone().known(false), Err(PromoterCodeError::Unknown));
    assert_eq!(genuine.clone().known(true), Ok(genuine));
    assert_eq!(share_link(&code), format!("/member?promoter={code}"));
}

#[test]
fn the_gifts_take_ten_yuan_off_a_first_order_and_five_off_the_next_anywhere() {
    let [first, second] = new_customer_gifts();
    let line = CartLine {
        sku: Sku::parse("SKU-1001").expect("sku"),
        category: Category::parse("beauty").expect("category"),
        brand: "Any".into(),
        unit_price: Fen::new(1_200),
        qty: 1,
        flash_sale: false,
    };
    let cart = |store: &str, first_order| Cart {
        store: StoreId::parse(store).expect("store"),
        lines: vec![line.clone()],
        first_order,
    };
    assert_eq!(discount(first.terms(), &cart("S1", true)), Ok(Fen::new(1_000)));
    assert_eq!(discount(first.terms(), &cart("S2", true)), Ok(Fen::new(1_000)), "any store");
    assert!(discount(first.terms(), &cart("S1", false)).is_err(), "first order only");
    assert_eq!(discount(second.terms(), &cart("S2", false)), Ok(Fen::new(500)));
    let now = t("2026-11-30T08:00:00Z");
    let c = second.coupon("C1".into(), now);
    assert_eq!((c.valid_from, c.valid_until), (now, now + Duration::days(GIFT_VALID_DAYS)));
    assert_eq!(c.campaign_id, "promoter-second-order");
}

#[test]
fn first_and_second_orders_earn_five_and_two_yuan_once_each_and_no_more() {
    let (mut c, p) = (customer(), ReturnPolicy::STANDARD);
    let paid = |n, at: &str| OrderEvent::Paid { order: order(n), at: t(at) };
    assert!(matches!(c.on(paid(1, "2026-11-01T10:00:00Z"), &p)[..], [Change::Earned(_)]));
    assert!(c.on(paid(1, "2026-11-01T10:05:00Z"), &p).is_empty(), "an order earns once");
    assert!(matches!(c.on(paid(2, "2026-11-02T10:00:00Z"), &p)[..], [Change::Earned(_)]));
    assert!(c.on(paid(3, "2026-11-03T10:00:00Z"), &p).is_empty(), "a third order earns nothing");
    let kinds: Vec<_> = c.commissions().iter().map(|x| (x.kind(), x.amount(), x.status())).collect();
    assert_eq!(
        kinds,
        [
            (CommissionKind::FirstOrder, Fen::new(500), CommissionStatus::Pending),
            (CommissionKind::SecondOrder, Fen::new(200), CommissionStatus::Pending)
        ]
    );
    assert_eq!(c.promoter(), "G1001");
}

#[test]
fn a_commission_settles_when_the_return_window_closes_and_not_a_second_before() {
    let (mut c, p) = (customer(), ReturnPolicy::STANDARD);
    c.on(OrderEvent::Paid { order: order(1), at: t("2026-11-01T10:00:00Z") }, &p);
    assert!(c.on(OrderEvent::Clock { now: t("2026-12-30T00:00:00Z") }, &p).is_empty(), "not collected: no window yet");
    let picked = t("2026-11-02T09:00:00Z");
    let closes = picked + Duration::days(7);
    assert_eq!(c.on(OrderEvent::PickedUp { order: order(1), at: picked }, &p), [Change::Scheduled(order(1), closes)]);
    assert!(c.on(OrderEvent::Clock { now: closes - Duration::seconds(1) }, &p).is_empty());
    assert_eq!(c.on(OrderEvent::Clock { now: closes }, &p), [Change::Settled(order(1))]);
    assert!(c.on(OrderEvent::Clock { now: closes }, &p).is_empty(), "settles once");
    assert_eq!(c.on(OrderEvent::Returned { order: order(1), whole: true }, &p), [Change::StaysSettled(order(1))]);
    assert_eq!(c.commissions()[0].status(), CommissionStatus::Settled, "settlement is final");
}

#[test]
fn a_whole_return_before_settlement_reverses_and_a_partial_one_does_not() {
    let (mut c, p) = (customer(), ReturnPolicy::STANDARD);
    c.on(OrderEvent::Paid { order: order(1), at: t("2026-11-01T10:00:00Z") }, &p);
    c.on(OrderEvent::Paid { order: order(2), at: t("2026-11-02T10:00:00Z") }, &p);
    assert!(c.on(OrderEvent::Returned { order: order(1), whole: false }, &p).is_empty());
    assert_eq!(c.on(OrderEvent::Returned { order: order(1), whole: true }, &p), [Change::Reversed(order(1))]);
    assert!(c.on(OrderEvent::Returned { order: order(1), whole: true }, &p).is_empty());
    assert!(c.on(OrderEvent::PickedUp { order: order(1), at: t("2026-11-03T10:00:00Z") }, &p).is_empty());
    assert!(
        c.on(OrderEvent::Paid { order: order(3), at: t("2026-11-04T10:00:00Z") }, &p).is_empty(),
        "a reversed first stays the first"
    );
    assert_eq!(c.commissions()[1].kind(), CommissionKind::SecondOrder);
}

#[test]
fn the_statement_sums_each_month_in_the_stores_local_time() {
    let (mut a, mut b, p) = (customer(), customer(), ReturnPolicy::STANDARD);
    // 2026-11-30T16:30Z is already December in Beijing (UTC+8).
    a.on(OrderEvent::Paid { order: order(1), at: t("2026-11-30T15:59:00Z") }, &p);
    a.on(OrderEvent::Paid { order: order(2), at: t("2026-11-30T16:30:00Z") }, &p);
    b.on(OrderEvent::Paid { order: order(3), at: t("2026-11-05T10:00:00Z") }, &p);
    b.on(OrderEvent::PickedUp { order: order(3), at: t("2026-11-05T11:00:00Z") }, &p);
    b.on(OrderEvent::Clock { now: t("2026-11-20T00:00:00Z") }, &p);
    b.on(OrderEvent::Paid { order: order(4), at: t("2026-11-06T10:00:00Z") }, &p);
    b.on(OrderEvent::Returned { order: order(4), whole: true }, &p);
    let all: Vec<Commission> = a.commissions().iter().chain(b.commissions()).cloned().collect();
    let lines = statement(&all, 480);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[0].month.as_str(), lines[0].pending_fen, lines[0].settled_fen, lines[0].reversed_fen),
        ("2026-11", Fen::new(500), Fen::new(500), Fen::new(200))
    );
    assert_eq!((lines[1].month.as_str(), lines[1].pending_fen), ("2026-12", Fen::new(200)));
    assert_eq!(statement(&all, 0).len(), 1, "in UTC both are November");
    assert!(statement(&[], 480).is_empty());
}

fn event() -> impl Strategy<Value = OrderEvent> {
    let base = t("2026-11-01T00:00:00Z");
    let at = (0i64..60 * 24 * 40).prop_map(move |m| base + Duration::minutes(m));
    prop_oneof![
        (0u32..5, at.clone()).prop_map(|(n, at)| OrderEvent::Paid { order: order(n), at }),
        (0u32..5, at.clone()).prop_map(|(n, at)| OrderEvent::PickedUp { order: order(n), at }),
        (0u32..5, any::<bool>()).prop_map(|(n, whole)| OrderEvent::Returned { order: order(n), whole }),
        at.prop_map(|now| OrderEvent::Clock { now }),
    ]
}

proptest! {
    #[test]
    fn any_events_give_at_most_one_commission_per_order_and_amounts_that_add_up(
        events in proptest::collection::vec(event(), 0..60),
    ) {
        let (mut c, p) = (customer(), ReturnPolicy::STANDARD);
        let mut earned = Fen::ZERO;
        for e in events {
            let before: Vec<CommissionStatus> = c.commissions().iter().map(|x| x.status()).collect();
            for change in c.on(e, &p) {
                if let Change::Earned(x) = change {
                    earned = earned.checked_add(x.amount()).expect("small");
                }
            }
            for (old, new) in before.iter().zip(c.commissions().iter().map(|x| x.status())) {
                let allowed = *old == new || (*old == CommissionStatus::Pending && new != CommissionStatus::Pending);
                prop_assert!(allowed, "{:?} -> {:?}", old, new);
            }
        }
        let xs = c.commissions();
        prop_assert!(xs.len() <= 2);
        let mut orders: Vec<&OrderId> = xs.iter().map(|x| x.order()).collect();
        orders.dedup();
        prop_assert_eq!(orders.len(), xs.len(), "one commission per order");
        let kinds: Vec<CommissionKind> = xs.iter().map(|x| x.kind()).collect();
        prop_assert!(kinds.is_empty() || kinds == [CommissionKind::FirstOrder] || kinds == [CommissionKind::FirstOrder, CommissionKind::SecondOrder]);
        let lines = statement(xs, 480);
        let total: u64 = lines.iter().map(|l| l.pending_fen.get() + l.settled_fen.get() + l.reversed_fen.get()).sum();
        prop_assert_eq!(total, earned.get());
        prop_assert_eq!(total, xs.iter().map(|x| x.amount().get()).sum::<u64>());
        for x in xs {
            if x.status() == CommissionStatus::Settled {
                prop_assert!(x.settles_at().is_some());
            }
        }
    }
}

#[test]
fn catching_up_starts_windows_from_pickups_and_settles_the_closed_ones_before_a_late_return() {
    let policy = ReturnPolicy::STANDARD;
    let mut c = customer();
    c.on(OrderEvent::Paid { order: order(1), at: t("2026-11-01T10:00:00Z") }, &policy);
    c.on(OrderEvent::Paid { order: order(2), at: t("2026-11-02T10:00:00Z") }, &policy);
    let pickups = [(order(1), t("2026-11-01T12:00:00Z"))];
    // A day after pickup: the first order's window is open, the second has not started.
    assert_eq!(
        c.catch_up(&pickups, t("2026-11-02T12:00:00Z"), &policy),
        vec![Change::Scheduled(order(1), t("2026-11-08T12:00:00Z"))]
    );
    assert_eq!(sum(c.commissions(), CommissionStatus::Pending), Fen::new(700));
    // Exactly at the window's close it settles; catching up again changes nothing.
    assert_eq!(c.catch_up(&pickups, t("2026-11-08T12:00:00Z"), &policy), vec![Change::Settled(order(1))]);
    assert_eq!(c.catch_up(&pickups, t("2026-11-09T12:00:00Z"), &policy), vec![]);
    assert_eq!(
        c.on(OrderEvent::Returned { order: order(1), whole: true }, &policy),
        vec![Change::StaysSettled(order(1))]
    );
    assert_eq!(
        (sum(c.commissions(), CommissionStatus::Settled), sum(c.commissions(), CommissionStatus::Pending)),
        (Fen::new(500), Fen::new(200))
    );
    // Paid at 23:30 UTC on 30 November is December in Beijing.
    c.on(OrderEvent::Paid { order: order(3), at: t("2026-11-30T23:30:00Z") }, &policy);
    assert_eq!(month_of(&c.commissions()[0], 480), "2026-11");
}

#[test]
fn a_statement_month_is_a_year_and_a_month() {
    assert_eq!(parse_month("2026-11"), Some("2026-11".into()));
    assert_eq!(parse_month(" 2026-1 "), Some("2026-01".into()));
    assert_eq!(parse_month("2026-09"), Some("2026-09".into()));
    for bad in
        ["", "2026-13", "2026-0", "2026-00", "2026", "11-2026", "2026-11-01", "soon", "2026-+1", "2026-１", "-2026-11"]
    {
        assert_eq!(parse_month(bad), None, "{bad}");
    }
}
