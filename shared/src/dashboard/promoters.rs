//! Commissions per promoter on the manager's dashboard (推广员佣金): for the days shown, the
//! customers each promoter brought and what their commissions stand at, and the same as CSV.
//!
//! - A customer counts on the day they registered through the promoter's code.
//! - A commission counts on the day its order was paid, under the status it has *now*: each
//!   customer's commissions are first caught up with the orders' pickups and the clock
//!   ([`PromotedCustomer::catch_up`]), exactly as the promoter's own screen reads them, so the
//!   two never disagree.
//! - Every promoter who ever brought a customer is listed (zeros included, so a manager sees
//!   who brought nothing in the period), most commission (pending + settled) first, then most
//!   customers, then by staff number.

use super::{DayRange, csv_line};
use crate::api::PromoterFigures;
use crate::flows::settlement::ReturnPolicy;
use crate::ids::OrderId;
use crate::promoter::{CommissionStatus, PromotedCustomer};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// One customer a promoter brought, as D1 holds it.
#[derive(Clone, Debug)]
pub struct Brought {
    /// The promoter's staff number.
    pub promoter: String,
    /// The promoter's name.
    pub name: String,
    /// When the customer registered.
    pub joined_at: DateTime<Utc>,
    /// Their commissions as last saved (`None` until their first paid order).
    pub customer: Option<PromotedCustomer>,
    /// When each of the customer's collected orders was picked up.
    pub pickups: Vec<(OrderId, DateTime<Utc>)>,
}

/// Each promoter's figures over `range`, seen at `now`.
pub fn promoter_figures(
    range: &DayRange,
    brought: Vec<Brought>,
    now: DateTime<Utc>,
    policy: &ReturnPolicy,
) -> Vec<PromoterFigures> {
    let mut by_promoter: BTreeMap<String, PromoterFigures> = BTreeMap::new();
    for b in brought {
        let row = by_promoter.entry(b.promoter.clone()).or_insert_with(|| PromoterFigures {
            staff_id: b.promoter.clone(),
            name: b.name.clone(),
            ..PromoterFigures::default()
        });
        row.customers += u32::from(range.day_of(b.joined_at).is_some());
        let Some(mut customer) = b.customer else { continue };
        customer.catch_up(&b.pickups, now, policy);
        for c in customer.commissions().iter().filter(|c| range.day_of(c.paid_at()).is_some()) {
            let sum = match c.status() {
                CommissionStatus::Pending => &mut row.pending_fen,
                CommissionStatus::Settled => &mut row.settled_fen,
                CommissionStatus::Reversed => &mut row.reversed_fen,
            };
            *sum = sum.saturating_add(c.amount().get());
        }
    }
    let mut rows: Vec<PromoterFigures> = by_promoter.into_values().collect();
    crate::sorting::sort_by(&mut rows, |a, b| {
        (b.pending_fen + b.settled_fen)
            .cmp(&(a.pending_fen + a.settled_fen))
            .then(b.customers.cmp(&a.customers))
            .then(a.staff_id.cmp(&b.staff_id))
    });
    rows
}

/// The promoters' figures as CSV (amounts in fen), one line per promoter.
pub fn promoters_csv(promoters: &[PromoterFigures]) -> String {
    let mut out =
        csv_line(&["staff_id", "name", "customers", "pending_fen", "settled_fen", "reversed_fen"].map(String::from));
    for p in promoters {
        out += &csv_line(&[
            p.staff_id.clone(),
            p.name.clone(),
            p.customers.to_string(),
            p.pending_fen.to_string(),
            p.settled_fen.to_string(),
            p.reversed_fen.to_string(),
        ]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::MemberId;
    use crate::promoter::{OrderEvent, PromoterCode};

    const KEY: &[u8] = b"k";
    const SHANGHAI: i32 = 8 * 60;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("instant")
    }

    fn order(n: u32) -> OrderId {
        OrderId::parse(&format!("O{n:015}")).expect("order id")
    }

    /// 2026-11-20 ..= 2026-11-29 in Shanghai, seen on the 30th.
    fn range() -> DayRange {
        DayRange::parse(Some("2026-11-20"), Some("2026-11-29"), SHANGHAI, now()).expect("range")
    }

    fn now() -> DateTime<Utc> {
        at("2026-11-30T06:00:00Z")
    }

    /// A customer of `promoter` who joined at `joined` and paid `paid` (order number, instant).
    fn brought(promoter: &str, member: u32, joined: &str, paid: &[(u32, &str)]) -> Brought {
        let code = PromoterCode::parse(KEY, &PromoterCode::for_staff(KEY, promoter)).expect("code");
        let mut c = PromotedCustomer::new(&code, MemberId::parse(&format!("M{member}")).expect("member"));
        for (n, t) in paid {
            c.on(OrderEvent::Paid { order: order(*n), at: at(t) }, &ReturnPolicy::STANDARD);
        }
        Brought {
            promoter: promoter.into(),
            name: format!("name of {promoter}"),
            joined_at: at(joined),
            customer: (!paid.is_empty()).then_some(c),
            pickups: Vec::new(),
        }
    }

    fn figures(brought: Vec<Brought>) -> Vec<PromoterFigures> {
        promoter_figures(&range(), brought, now(), &ReturnPolicy::STANDARD)
    }

    #[test]
    fn customers_and_commissions_count_on_their_local_day_inside_the_range() {
        let rows = figures(vec![
            // Joined the 20th at 00:30 Shanghai (the 19th in UTC): inside; paid twice inside.
            brought(
                "G1001",
                10000001,
                "2026-11-19T16:30:00Z",
                &[(1, "2026-11-21T02:00:00Z"), (2, "2026-11-22T02:00:00Z")],
            ),
            // Joined before the range; the first order paid before it too, the second inside.
            brought(
                "G1001",
                10000002,
                "2026-11-01T02:00:00Z",
                &[(3, "2026-11-02T02:00:00Z"), (4, "2026-11-29T15:59:00Z")],
            ),
            // Paid the 30th in Shanghai (after the range).
            brought("G1001", 10000003, "2026-11-29T16:00:00Z", &[(5, "2026-11-29T16:30:00Z")]),
        ]);
        assert_eq!(rows.len(), 1);
        let g = &rows[0];
        assert_eq!((g.staff_id.as_str(), g.name.as_str()), ("G1001", "name of G1001"));
        assert_eq!(g.customers, 1, "only the customer who joined inside the range");
        assert_eq!(g.pending_fen, 500 + 200 + 200, "first and second of the first, second of the second");
        assert_eq!((g.settled_fen, g.reversed_fen), (0, 0));
    }

    #[test]
    fn statuses_are_caught_up_with_pickups_returns_and_the_clock() {
        let mut settled = brought("G1001", 10000001, "2026-11-20T02:00:00Z", &[(1, "2026-11-20T03:00:00Z")]);
        // Collected on the 21st: the 7-day window closed on the 28th, before `now`.
        settled.pickups = vec![(order(1), at("2026-11-21T03:00:00Z"))];
        let mut open = brought("G1001", 10000002, "2026-11-20T02:00:00Z", &[(2, "2026-11-27T03:00:00Z")]);
        open.pickups = vec![(order(2), at("2026-11-27T04:00:00Z"))];
        let mut reversed = brought("G2001", 10000003, "2026-11-20T02:00:00Z", &[(3, "2026-11-22T03:00:00Z")]);
        if let Some(c) = reversed.customer.as_mut() {
            c.on(OrderEvent::Returned { order: order(3), whole: true }, &ReturnPolicy::STANDARD);
        }
        let rows = figures(vec![settled, open, reversed]);
        let g = rows.iter().find(|r| r.staff_id == "G1001").expect("G1001");
        assert_eq!((g.pending_fen, g.settled_fen, g.reversed_fen), (500, 500, 0));
        let h = rows.iter().find(|r| r.staff_id == "G2001").expect("G2001");
        assert_eq!((h.pending_fen, h.settled_fen, h.reversed_fen), (0, 0, 500));
    }

    #[test]
    fn promoters_with_nothing_in_the_range_are_listed_last_and_ties_go_by_staff_number() {
        let rows = figures(vec![
            brought("G3001", 10000001, "2026-10-01T02:00:00Z", &[]),
            brought("G2001", 10000002, "2026-11-21T02:00:00Z", &[]),
            brought("G1001", 10000003, "2026-11-21T02:00:00Z", &[]),
            brought("M1001", 10000004, "2026-11-21T02:00:00Z", &[(9, "2026-11-21T03:00:00Z")]),
        ]);
        let order: Vec<&str> = rows.iter().map(|r| r.staff_id.as_str()).collect();
        assert_eq!(order, ["M1001", "G1001", "G2001", "G3001"]);
        assert_eq!(
            rows[3],
            PromoterFigures { staff_id: "G3001".into(), name: "name of G3001".into(), ..Default::default() }
        );
    }

    #[test]
    fn the_csv_has_a_header_and_a_line_per_promoter_with_names_quoted_and_defused() {
        let rows = [
            PromoterFigures {
                staff_id: "G1001".into(),
                name: "王, 小明".into(),
                customers: 3,
                pending_fen: 700,
                settled_fen: 500,
                reversed_fen: 200,
            },
            PromoterFigures { staff_id: "G1002".into(), name: "=cmd".into(), ..Default::default() },
        ];
        assert_eq!(
            promoters_csv(&rows),
            "staff_id,name,customers,pending_fen,settled_fen,reversed_fen\r\n\
             G1001,\"王, 小明\",3,700,500,200\r\n\
             G1002,'=cmd,0,0,0,0\r\n"
        );
        assert_eq!(promoters_csv(&[]).lines().count(), 1, "the header alone");
    }
}
