//! The day's rows as D1 gives them, and the [`DayRows`] they make ([`StoredDay::rows`]): the
//! refunds of the day picked out of every refund so far, and the counter's orders marked.

use super::{DayRows, PaidOrder, RefundRow, Settlement, StoreDay};
use crate::Fen;
use crate::kinds::PaymentMethod;
use crate::scan_go::Channel;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// An order of the store paid in the day.
#[derive(Clone, Debug, Deserialize)]
pub struct PaidRow {
    /// The order.
    pub id: String,
    /// How it was paid.
    pub payment_method: PaymentMethod,
    /// Before the coupon.
    pub subtotal_fen: i64,
    /// The coupon's discount.
    pub discount_fen: i64,
    /// Charged.
    pub total_fen: i64,
    /// Where it was made (`None`: before channels existed, online).
    pub channel: Option<String>,
}

/// A gateway payment that succeeded, for one of the store's orders.
#[derive(Clone, Debug, Deserialize)]
pub struct SettlementRow {
    /// Our payment id.
    pub payment_id: String,
    /// The order it pays.
    pub order_id: String,
    /// Amount.
    pub amount_fen: i64,
    /// When the gateway confirmed it.
    #[serde(with = "crate::instant::stored")]
    pub paid_at: DateTime<Utc>,
}

/// A refund of one of the store's orders made before the day ended.
#[derive(Clone, Debug, Deserialize)]
pub struct RefundRecord {
    /// The order.
    pub order_id: String,
    /// How the money goes back.
    pub payment_method: PaymentMethod,
    /// Amount.
    pub amount_fen: i64,
    /// When it was made.
    #[serde(with = "crate::instant::stored")]
    pub at: DateTime<Utc>,
}

/// One number of a row (a count, units or an amount).
#[derive(Clone, Copy, Debug, Deserialize)]
pub struct Amount {
    /// The number.
    pub n: i64,
}

/// Everything read for the day, as D1 gave it.
#[derive(Clone, Debug, Default)]
pub struct StoredDay {
    /// Orders of the store paid in the day.
    pub paid: Vec<PaidRow>,
    /// Gateway settlements of the store's orders (see [`DayRows::settlements`]).
    pub settlements: Vec<SettlementRow>,
    /// Every refund of the store's orders made before the day ended.
    pub refunds: Vec<RefundRecord>,
    /// The count of orders handed over in the day (one row).
    pub picked_up: Vec<Amount>,
    /// Units of each counter sale of the day.
    pub counter_sales: Vec<Amount>,
    /// Amounts of the day's stored-value charges at the counter.
    pub counter_charges: Vec<Amount>,
    /// Refunds of goods brought back to the store in the day.
    pub returns: Vec<Amount>,
}

fn fen(v: i64) -> Fen {
    Fen::new(v.max(0) as u64)
}

impl StoredDay {
    /// The day's rows: negative amounts read as zero, refunds made before `day` only mark their
    /// orders as refunded, and orders made at a counter are the counter's.
    pub fn rows(self, day: &StoreDay) -> DayRows {
        let counter = Some(Channel::Counter.as_str());
        DayRows {
            counter_order_ids: crate::sorting::collect(
                self.paid.iter().filter(|o| o.channel.as_deref() == counter).map(|o| o.id.clone()),
            ),
            paid: self
                .paid
                .into_iter()
                .map(|o| PaidOrder {
                    order_id: o.id,
                    method: o.payment_method,
                    subtotal: fen(o.subtotal_fen),
                    discount: fen(o.discount_fen),
                    total: fen(o.total_fen),
                })
                .collect(),
            settlements: self
                .settlements
                .into_iter()
                .map(|s| Settlement {
                    payment_id: s.payment_id,
                    order_id: s.order_id,
                    amount: fen(s.amount_fen),
                    paid_at: s.paid_at,
                })
                .collect(),
            refunded_orders: crate::sorting::collect(self.refunds.iter().map(|r| r.order_id.clone())),
            refunds: self
                .refunds
                .into_iter()
                .filter(|r| day.contains(r.at))
                .map(|r| RefundRow { order_id: r.order_id, method: r.payment_method, amount: fen(r.amount_fen) })
                .collect(),
            picked_up: self.picked_up.first().map(|c| c.n.max(0) as u32).unwrap_or(0),
            counter_sale_units: self.counter_sales.iter().map(|s| s.n.max(0) as u32).collect(),
            counter_charges: self.counter_charges.iter().map(|c| fen(c.n)).collect(),
            returns: self.returns.iter().map(|r| fen(r.n)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-24T03:00:00Z".parse().unwrap()
    }
    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }
    fn paid(id: &str, channel: Option<&str>, total: i64) -> PaidRow {
        PaidRow {
            id: id.into(),
            payment_method: PaymentMethod::Sandbox,
            subtotal_fen: total + 100,
            discount_fen: 100,
            total_fen: total,
            channel: channel.map(str::to_owned),
        }
    }
    fn refund(order: &str, amount: i64, when: &str) -> RefundRecord {
        RefundRecord {
            order_id: order.into(),
            payment_method: PaymentMethod::Balance,
            amount_fen: amount,
            at: at(when),
        }
    }
    fn n(v: i64) -> Amount {
        Amount { n: v }
    }

    #[test]
    fn only_the_days_refunds_are_counted_but_every_refunded_order_is_marked() {
        let day = StoreDay::parse("2026-11-24", 480, now()).unwrap();
        let stored = StoredDay {
            refunds: vec![refund("O1", 500, "2026-11-23T15:59:59Z"), refund("O2", 700, "2026-11-23T16:00:00Z")],
            ..StoredDay::default()
        };
        let rows = stored.rows(&day);
        assert_eq!(rows.refunded_orders.iter().map(String::as_str).collect::<Vec<_>>(), ["O1", "O2"]);
        assert_eq!(
            rows.refunds,
            [RefundRow { order_id: "O2".into(), method: PaymentMethod::Balance, amount: Fen::new(700) }]
        );
    }

    #[test]
    fn counter_orders_are_marked_and_negative_figures_read_as_zero() {
        let day = StoreDay::parse("2026-11-24", 480, now()).unwrap();
        let stored = StoredDay {
            paid: vec![paid("O1", Some("counter"), 900), paid("O2", None, -5), paid("O3", Some("scan_go"), 1)],
            settlements: vec![SettlementRow {
                payment_id: "P1".into(),
                order_id: "O1".into(),
                amount_fen: -1,
                paid_at: at("2026-11-24T01:00:00Z"),
            }],
            picked_up: vec![n(4)],
            counter_sales: vec![n(2), n(-1)],
            counter_charges: vec![n(300)],
            returns: vec![n(-8), n(50)],
            ..StoredDay::default()
        };
        let rows = stored.rows(&day);
        assert_eq!(rows.counter_order_ids.iter().map(String::as_str).collect::<Vec<_>>(), ["O1"]);
        assert_eq!(rows.paid.len(), 3);
        assert_eq!(
            (rows.paid[0].subtotal, rows.paid[0].discount, rows.paid[0].total),
            (Fen::new(1_000), Fen::new(100), Fen::new(900))
        );
        assert_eq!(rows.paid[1].total, Fen::ZERO);
        assert_eq!(rows.settlements[0].amount, Fen::ZERO);
        assert_eq!(rows.picked_up, 4);
        assert_eq!(rows.counter_sale_units, [2, 0]);
        assert_eq!(rows.counter_charges, [Fen::new(300)]);
        assert_eq!(rows.returns, [Fen::ZERO, Fen::new(50)]);
    }

    #[test]
    fn no_pickup_row_is_none_picked_up() {
        let day = StoreDay::parse("2026-11-24", 480, now()).unwrap();
        assert_eq!(StoredDay::default().rows(&day).picked_up, 0);
    }
}
