use super::*;
use crate::reconciliation::{DayReport, Discrepancy};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("instant")
}
const SHANGHAI: i32 = 8 * 60;

fn now() -> DateTime<Utc> {
    at("2026-11-30T06:00:00Z") // 14:00 in Shanghai
}

fn paid(t: &str, total_fen: u64, coupon: bool, flash_units: u32) -> Fact {
    Fact::OrderPaid { at: at(t), total_fen, coupon, flash_units }
}

#[test]
fn the_range_defaults_to_the_last_fortnight_up_to_today() {
    let r = DayRange::parse(None, None, SHANGHAI, now()).expect("range");
    let days = r.empty_days();
    assert_eq!(days.len(), 14);
    assert_eq!((days[0].date.as_str(), days[13].date.as_str()), ("2026-11-17", "2026-11-30"));
    assert_eq!(r.start(), at("2026-11-16T16:00:00Z"), "local midnight of the first day");
    assert_eq!(r.end(), at("2026-11-30T16:00:00Z"));
}

#[test]
fn a_bad_range_names_its_field() {
    let err = |from, to| DayRange::parse(from, to, SHANGHAI, now()).expect_err("refused");
    assert!(matches!(err(Some("2026-13-01"), None), RangeError::Date { field: "from", .. }));
    assert!(matches!(err(None, Some("2026-12-02")), RangeError::Date { field: "to", problem: DayError::InFuture }));
    assert_eq!(err(Some("2026-11-30"), Some("2026-11-29")), RangeError::Reversed);
    assert_eq!(err(Some("2026-01-01"), Some("2026-11-29")), RangeError::TooLong);
    assert!(err(Some("2026-11-30"), Some("2026-11-29")).to_string().starts_with("from:"));
}

#[test]
fn orders_fall_on_the_stores_local_day_not_the_utc_one() {
    let r = DayRange::parse(Some("2026-11-28"), Some("2026-11-29"), SHANGHAI, now()).expect("range");
    let facts = [
        paid("2026-11-27T15:59:59Z", 999, false, 0),   // 23:59 on the 27th: outside
        paid("2026-11-27T16:00:00Z", 1_000, true, 1),  // 00:00 on the 28th
        paid("2026-11-28T15:30:00Z", 2_000, false, 2), // 23:30 on the 28th, though the 28th in UTC too
        paid("2026-11-28T16:30:00Z", 4_000, true, 0),  // 00:30 on the 29th, still the 28th in UTC
        Fact::MemberJoined { at: at("2026-11-29T10:00:00Z") }, // the 29th, 18:00
        paid("2026-11-29T16:00:00Z", 8_000, false, 0), // the 30th: outside
    ];
    let days = days(&r, &facts);
    assert_eq!(days.len(), 2);
    let d28 = &days[0];
    assert_eq!(
        (d28.date.as_str(), d28.orders, d28.takings_fen, d28.coupons_redeemed, d28.flash_units_sold, d28.new_members),
        ("2026-11-28", 2, 3_000, 1, 3, 0)
    );
    let d29 = &days[1];
    assert_eq!((d29.orders, d29.takings_fen, d29.coupons_redeemed, d29.new_members), (1, 4_000, 1, 1));
}

#[test]
fn guides_rank_by_takings_then_orders_then_staff_number() {
    let g = |id: &str, orders, takings| GuideFigures {
        staff_id: id.into(),
        name: id.into(),
        customers: 1,
        orders_for_customers: orders,
        takings_fen: takings,
    };
    let r = DayRange::parse(None, None, SHANGHAI, now()).expect("range");
    let d = dashboard(&r, &[], vec![g("G3", 1, 100), g("G2", 2, 500), g("G1", 1, 500), g("G4", 1, 100)]);
    let order: Vec<&str> = d.guides.iter().map(|g| g.staff_id.as_str()).collect();
    assert_eq!(order, ["G2", "G1", "G3", "G4"]);
}

#[test]
fn the_redemption_rate_is_a_share_of_what_was_claimed() {
    assert_eq!(redemption_rate(0, 0), 0.0);
    assert_eq!(redemption_rate(3, 1), 0.3333);
    assert_eq!(redemption_rate(10, 4), 0.4);
    assert_eq!(redemption_rate(2, 5), 1.0, "never above one");
}

#[test]
fn csv_fields_are_quoted_only_when_they_must_be() {
    assert_eq!(csv_field("王府井店"), "王府井店");
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)", "a formula is defused");
    assert_eq!(csv_field("-5"), "-5", "a negative number stays a number");
}

#[test]
fn the_dashboard_csv_has_every_day_and_every_guide() {
    let r = DayRange::parse(Some("2026-11-29"), Some("2026-11-30"), SHANGHAI, now()).expect("range");
    let guide = GuideFigures {
        staff_id: "G1001".into(),
        name: "李, \"小\"".into(),
        customers: 3,
        orders_for_customers: 2,
        takings_fen: 12_300,
    };
    let d = dashboard(&r, &[paid("2026-11-30T01:00:00Z", 12_300, true, 1)], vec![guide]);
    let csv = dashboard_csv(&d);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "date,orders,takings_fen,new_members,coupons_redeemed,flash_units_sold");
    assert_eq!(lines[1], "2026-11-29,0,0,0,0,0");
    assert_eq!(lines[2], "2026-11-30,1,12300,0,1,1");
    assert_eq!(lines[3], "");
    assert_eq!(lines[4], "staff_id,name,customers,orders_for_customers,takings_fen");
    assert_eq!(lines[5], "G1001,\"李, \"\"小\"\"\",3,2,12300");
}

#[test]
fn the_day_report_csv_lists_figures_methods_and_disagreements() {
    let report = DayReport {
        store_id: "S1".into(),
        date: "2026-11-30".into(),
        from: at("2026-11-29T16:00:00Z"),
        to: at("2026-11-30T16:00:00Z"),
        orders_paid: 2,
        subtotal_fen: 5_000,
        discount_fen: 500,
        takings_fen: 4_500,
        by_method: vec![],
        refunds: 0,
        refunded_fen: 0,
        picked_up: 1,
        counter_sales: 0,
        counter_units: 0,
        counter_charges: 0,
        counter_charged_fen: 0,
        returns: 0,
        returned_fen: 0,
        discrepancies: vec![Discrepancy {
            kind: "missing_at_gateway".into(),
            order_id: "O1".into(),
            payment_id: None,
            message: "paid here, unknown there, \"check\"".into(),
        }],
        balanced: false,
        counter_orders: vec![],
    };
    let csv = day_report_csv(&report);
    assert!(csv.starts_with("field,value\r\nstore_id,S1\r\ndate,2026-11-30\r\norders_paid,2\r\n"), "{csv}");
    assert!(csv.contains("takings_fen,4500\r\n"));
    assert!(csv.contains("balanced,false\r\n"));
    assert!(csv.ends_with("missing_at_gateway,O1,,\"paid here, unknown there, \"\"check\"\"\"\r\n"), "{csv}");
}

#[test]
fn a_manager_sees_their_store_and_head_office_the_chain() {
    assert_eq!(store_scope(StaffRole::Manager, "S1", None), Ok(Some("S1")));
    assert_eq!(store_scope(StaffRole::Manager, "S1", Some(" ")), Ok(Some("S1")));
    assert_eq!(store_scope(StaffRole::Manager, "S1", Some("S1")), Ok(Some("S1")));
    assert_eq!(store_scope(StaffRole::Manager, "S1", Some("S2")), Err("S2"));
    assert_eq!(store_scope(StaffRole::Admin, "HQ", None), Ok(None));
    assert_eq!(store_scope(StaffRole::Admin, "HQ", Some("S2")), Ok(Some("S2")));
}

#[test]
fn range_refusals_name_their_field() {
    use crate::reconciliation::DayError;
    let cases = [
        (
            RangeError::Date { field: "from", problem: DayError::BadDate },
            "from: must be a calendar date like 2026-11-24",
        ),
        (RangeError::Date { field: "to", problem: DayError::InFuture }, "to: that day has not begun in this store"),
        (RangeError::Reversed, "from: must not be after to"),
        (RangeError::TooLong, "from: at most 92 days at once"),
    ];
    for (e, message) in cases {
        let api = crate::ApiError::from(e);
        assert_eq!((api.code(), api.status(), api.error.message.as_str()), (crate::ErrorCode::Invalid, 422, message));
    }
}
