//! The day's reconciliation (日结对账) of one store: what was taken, by which method, what went
//! back, what was handed over, and every place where our orders and the payment gateway's
//! settlements disagree.
//!
//! The day is the store's local calendar day ([`StoreDay`]); the edge reads the rows of that
//! window and [`reconcile`] does the arithmetic and the matching, so every rule is tested here.

use crate::Fen;
use crate::kinds::PaymentMethod;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The gateway method (stored value never leaves the member's card, so only the gateway has
/// settlements to match).
pub const GATEWAY_METHOD: PaymentMethod = PaymentMethod::Sandbox;

/// A store's local calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreDay {
    date: NaiveDate,
    offset_minutes: i32,
}

/// Why a day was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DayError {
    /// Not `YYYY-MM-DD`.
    #[error("date: must be a calendar date like 2026-11-24")]
    BadDate,
    /// The day has not begun in the store.
    #[error("date: that day has not begun in this store")]
    InFuture,
}

impl StoreDay {
    /// The day `date` in a store `offset_minutes` east of UTC, refused if it has not begun at
    /// `now`.
    pub fn parse(date: &str, offset_minutes: i32, now: DateTime<Utc>) -> Result<StoreDay, DayError> {
        let given = date.trim();
        let date = crate::calendar::parse_ymd(given).ok_or(DayError::BadDate)?;
        let day = StoreDay { date, offset_minutes };
        if day.start() > now {
            return Err(DayError::InFuture);
        }
        Ok(day)
    }

    /// The store's current day at `now`.
    pub fn today(offset_minutes: i32, now: DateTime<Utc>) -> StoreDay {
        let local = now + Duration::minutes(offset_minutes.into());
        StoreDay { date: local.date_naive(), offset_minutes }
    }

    /// First instant of the day (UTC).
    pub fn start(&self) -> DateTime<Utc> {
        self.date.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or_default()
            - Duration::minutes(self.offset_minutes.into())
    }

    /// First instant after the day (UTC).
    pub fn end(&self) -> DateTime<Utc> {
        self.start() + Duration::days(1)
    }

    /// Whether `t` falls in the day.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start() <= t && t < self.end()
    }

    /// `2026-11-24`.
    pub fn date(&self) -> String {
        crate::calendar::ymd(self.date)
    }
}

/// An order paid during the day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaidOrder {
    /// Order id.
    pub order_id: String,
    /// `balance` or `sandbox`.
    pub method: PaymentMethod,
    /// Before the coupon.
    pub subtotal: Fen,
    /// The coupon's discount.
    pub discount: Fen,
    /// Charged.
    pub total: Fen,
}

/// A gateway payment for an order that the gateway reported as succeeded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settlement {
    /// Our payment id (the gateway's `out_trade_no`).
    pub payment_id: String,
    /// The order it pays.
    pub order_id: String,
    /// Amount.
    pub amount: Fen,
    /// When the gateway confirmed it.
    pub paid_at: DateTime<Utc>,
}

/// Money sent back during the day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundRow {
    /// The order.
    pub order_id: String,
    /// How it goes back.
    pub method: PaymentMethod,
    /// Amount.
    pub amount: Fen,
}

/// What the edge read for the day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayRows {
    /// Orders of the store paid in the day.
    pub paid: Vec<PaidOrder>,
    /// Gateway settlements for the store's orders: those confirmed in the day, and those of the
    /// day's paid orders whenever confirmed.
    pub settlements: Vec<Settlement>,
    /// Refunds of the store's orders made in the day.
    pub refunds: Vec<RefundRow>,
    /// Orders (any day) refunded by the end of the day; money for them is not unmatched.
    pub refunded_orders: BTreeSet<String>,
    /// Orders handed over in the day.
    pub picked_up: u32,
    /// Units of each counter sale of the day.
    pub counter_sale_units: Vec<u32>,
    /// Amounts of the day's stored-value charges at the counter.
    pub counter_charges: Vec<Fen>,
    /// Refunds of goods brought back to this store during the day (any channel, any store of
    /// purchase).
    pub returns: Vec<Fen>,
    /// Which of the paid orders were rung up and paid at a counter (柜台收银).
    pub counter_order_ids: BTreeSet<String>,
}

/// A sale rung up and paid at the counter during the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterOrder {
    /// The order.
    pub order_id: String,
    /// How the customer paid.
    pub method: PaymentMethod,
    /// What they paid.
    pub total_fen: u64,
}

/// Takings of one method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodTotal {
    /// `balance` or `sandbox`.
    pub method: PaymentMethod,
    /// Orders.
    pub count: u32,
    /// Fen.
    pub amount_fen: u64,
}

/// A disagreement between our orders and the gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discrepancy {
    /// `MISSING_SETTLEMENT`, `AMOUNT_MISMATCH` or `UNMATCHED_SETTLEMENT`.
    pub kind: String,
    /// The order.
    pub order_id: String,
    /// The payment, if there is one.
    pub payment_id: Option<String>,
    /// In words.
    pub message: String,
}

/// `GET /api/guide/reconciliation?date=`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayReport {
    /// The store.
    pub store_id: String,
    /// The local date.
    pub date: String,
    /// First instant (UTC).
    pub from: DateTime<Utc>,
    /// First instant after (UTC).
    pub to: DateTime<Utc>,
    /// Orders paid.
    pub orders_paid: u32,
    /// Their value before coupons.
    pub subtotal_fen: u64,
    /// Coupons given.
    pub discount_fen: u64,
    /// Taken for orders.
    pub takings_fen: u64,
    /// Takings by method.
    pub by_method: Vec<MethodTotal>,
    /// Refunds made: money that arrived for an order that could no longer take it (its lock
    /// lapsed, it was cancelled, or it was already paid another way). Never part of takings.
    pub refunds: u32,
    /// Their amount.
    pub refunded_fen: u64,
    /// Orders handed over.
    pub picked_up: u32,
    /// Sales at the counter against the shared stock.
    pub counter_sales: u32,
    /// Their units.
    pub counter_units: u32,
    /// Stored-value charges at the counter.
    pub counter_charges: u32,
    /// Their amount.
    pub counter_charged_fen: u64,
    /// Returns taken at this store's counters.
    pub returns: u32,
    /// Money given back for them.
    pub returned_fen: u64,
    /// Where orders and the gateway disagree.
    pub discrepancies: Vec<Discrepancy>,
    /// The day's paid counter sales with their amounts (also counted in takings by method).
    #[serde(default)]
    pub counter_orders: Vec<CounterOrder>,
    /// No discrepancies.
    pub balanced: bool,
}

fn discrepancy(kind: &str, order_id: &str, payment_id: Option<&str>, message: String) -> Discrepancy {
    Discrepancy {
        kind: kind.to_owned(),
        order_id: order_id.to_owned(),
        payment_id: payment_id.map(str::to_owned),
        message,
    }
}

/// The day's report of `store` from the rows read for `day`.
pub fn reconcile(store: &str, day: &StoreDay, rows: &DayRows) -> DayReport {
    // A day's figures are report totals in u64 fen, not one amount of money: a busy store's day
    // passes Fen::MAX, and a report must never cap it.
    let sum = |it: &mut dyn Iterator<Item = Fen>| it.map(Fen::get).sum::<u64>();
    let mut by_method: BTreeMap<PaymentMethod, MethodTotal> = BTreeMap::new();
    for o in &rows.paid {
        let m = by_method.entry(o.method).or_insert_with(|| MethodTotal { method: o.method, count: 0, amount_fen: 0 });
        m.count += 1;
        m.amount_fen += o.total.get();
    }
    let takings = sum(&mut rows.paid.iter().map(|o| o.total));

    let mut discrepancies = Vec::new();
    let settled: BTreeMap<&str, Vec<&Settlement>> = rows.settlements.iter().fold(BTreeMap::new(), |mut m, s| {
        m.entry(s.order_id.as_str()).or_insert_with(Vec::new).push(s);
        m
    });
    for o in rows.paid.iter().filter(|o| o.method == GATEWAY_METHOD) {
        match settled.get(o.order_id.as_str()).and_then(|s| s.first()) {
            None => discrepancies.push(discrepancy(
                "MISSING_SETTLEMENT",
                &o.order_id,
                None,
                format!("order paid by the gateway ({}) but no settlement from it", o.total.label()),
            )),
            Some(s) if s.amount != o.total => discrepancies.push(discrepancy(
                "AMOUNT_MISMATCH",
                &o.order_id,
                Some(&s.payment_id),
                format!("order total {} but the gateway settled {}", o.total.label(), s.amount.label()),
            )),
            Some(_) => {}
        }
    }
    let paid_by_gateway: BTreeSet<&str> =
        crate::sorting::collect(rows.paid.iter().filter(|o| o.method == GATEWAY_METHOD).map(|o| o.order_id.as_str()));
    for s in rows.settlements.iter().filter(|s| day.contains(s.paid_at)) {
        let covered = paid_by_gateway.contains(s.order_id.as_str()) || rows.refunded_orders.contains(&s.order_id);
        let repeated =
            settled.get(s.order_id.as_str()).and_then(|all| all.first()).map(|f| f.payment_id != s.payment_id);
        if !covered || repeated == Some(true) {
            discrepancies.push(discrepancy(
                "UNMATCHED_SETTLEMENT",
                &s.order_id,
                Some(&s.payment_id),
                format!("the gateway settled {} that no paid order accounts for; refund it", s.amount.label()),
            ));
        }
    }

    DayReport {
        store_id: store.to_owned(),
        date: day.date(),
        from: day.start(),
        to: day.end(),
        orders_paid: rows.paid.len() as u32,
        subtotal_fen: sum(&mut rows.paid.iter().map(|o| o.subtotal)),
        discount_fen: sum(&mut rows.paid.iter().map(|o| o.discount)),
        takings_fen: takings,
        by_method: by_method.into_values().collect(),
        refunds: rows.refunds.len() as u32,
        refunded_fen: sum(&mut rows.refunds.iter().map(|r| r.amount)),
        picked_up: rows.picked_up,
        counter_sales: rows.counter_sale_units.len() as u32,
        counter_units: rows.counter_sale_units.iter().sum(),
        counter_charges: rows.counter_charges.len() as u32,
        counter_charged_fen: sum(&mut rows.counter_charges.iter().copied()),
        returns: rows.returns.len() as u32,
        returned_fen: sum(&mut rows.returns.iter().copied()),
        balanced: discrepancies.is_empty(),
        discrepancies,
        counter_orders: rows
            .paid
            .iter()
            .filter(|o| rows.counter_order_ids.contains(&o.order_id))
            .map(|o| CounterOrder { order_id: o.order_id.clone(), method: o.method, total_fen: o.total.get() })
            .collect(),
    }
}

mod stored;

pub use stored::{Amount, PaidRow, RefundRecord, SettlementRow, StoredDay};

#[cfg(test)]
mod tests;
