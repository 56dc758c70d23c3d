//! The rows of one store's day for the reconciliation (`shared::reconciliation` does the
//! arithmetic and the matching).

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::Fen;
use shared::kinds::PaymentMethod;
use shared::reconciliation::{DayRows, GATEWAY_METHOD, PaidOrder, RefundRow, Settlement, StoreDay};
use worker::{D1PreparedStatement, query};

#[derive(Deserialize)]
struct PaidRow {
    id: String,
    payment_method: PaymentMethod,
    subtotal_fen: i64,
    discount_fen: i64,
    total_fen: i64,
    channel: Option<String>,
}

#[derive(Deserialize)]
struct SettlementRow {
    payment_id: String,
    order_id: String,
    amount_fen: i64,
    #[serde(with = "shared::instant::stored")]
    paid_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct RefundRowDb {
    order_id: String,
    payment_method: PaymentMethod,
    amount_fen: i64,
    #[serde(with = "shared::instant::stored")]
    at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct Amount {
    n: i64,
}

/// Seconds precision, the prefix of both stored time formats (payments keep `to_rfc3339`).
fn second(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Everything the day's reconciliation of `store` needs, read in one batch.
pub async fn day_rows(ctx: &Ctx, store: &str, day: &StoreDay) -> Result<DayRows, Failure> {
    let db = ctx.db()?;
    let (from, to) = (stored_time(day.start()), stored_time(day.end()));
    let (from_s, to_s) = (second(day.start()), second(day.end()));
    let fen = |v: i64| Fen::new(v.max(0) as u64);
    // Most figures are one store's rows stamped inside the day.
    let windowed = |sql: &str| -> Result<D1PreparedStatement, Failure> { Ok(query!(&db, sql, store, &from, &to)?) };
    let batch = vec![
        windowed(
            "SELECT id, payment_method, subtotal_fen, discount_fen, total_fen, channel FROM orders
             WHERE store_id = ?1 AND paid_at >= ?2 AND paid_at < ?3 ORDER BY paid_at",
        )?,
        query!(
            &db,
            "SELECT p.id AS payment_id, p.reference AS order_id, p.amount_fen, p.paid_at
             FROM payments p JOIN orders o ON o.id = p.reference
             WHERE p.kind = 'order' AND p.method = ?4 AND p.status = 'succeeded' AND o.store_id = ?1
               AND ((substr(p.paid_at, 1, 19) >= ?5 AND substr(p.paid_at, 1, 19) < ?6)
                    OR (o.paid_at >= ?2 AND o.paid_at < ?3))",
            store,
            &from,
            &to,
            GATEWAY_METHOD.as_str(),
            &from_s,
            &to_s
        )?,
        query!(
            &db,
            "SELECT r.order_id, r.payment_method, r.amount_fen, r.at FROM refunds r JOIN orders o ON o.id = r.order_id
             WHERE o.store_id = ?1 AND r.at < ?2",
            store,
            &to
        )?,
        windowed("SELECT COUNT(*) AS n FROM orders WHERE store_id = ?1 AND picked_up_at >= ?2 AND picked_up_at < ?3")?,
        windowed("SELECT qty AS n FROM counter_sales WHERE store_id = ?1 AND at >= ?2 AND at < ?3")?,
        windowed("SELECT amount_fen AS n FROM counter_charges WHERE store_id = ?1 AND at >= ?2 AND at < ?3")?,
        windowed("SELECT refund_fen AS n FROM returns WHERE store_id = ?1 AND at >= ?2 AND at < ?3")?,
    ];
    let results = db.batch(batch).await?;
    let mut it = results.into_iter();
    let mut next = || it.next().ok_or_else(|| Failure::Internal("reconciliation batch came back short".into()));
    let paid: Vec<PaidRow> = next()?.results()?;
    let settlements: Vec<SettlementRow> = next()?.results()?;
    let refunds: Vec<RefundRowDb> = next()?.results()?;
    let picked_up: Vec<Amount> = next()?.results()?;
    let sales: Vec<Amount> = next()?.results()?;
    let charges: Vec<Amount> = next()?.results()?;
    let returns: Vec<Amount> = next()?.results()?;
    let counter = Some(shared::scan_go::Channel::Counter.as_str());
    Ok(DayRows {
        counter_order_ids: paid.iter().filter(|o| o.channel.as_deref() == counter).map(|o| o.id.clone()).collect(),
        paid: paid
            .into_iter()
            .map(|o| PaidOrder {
                order_id: o.id,
                method: o.payment_method,
                subtotal: fen(o.subtotal_fen),
                discount: fen(o.discount_fen),
                total: fen(o.total_fen),
            })
            .collect(),
        settlements: settlements
            .into_iter()
            .map(|s| Settlement {
                payment_id: s.payment_id,
                order_id: s.order_id,
                amount: fen(s.amount_fen),
                paid_at: s.paid_at,
            })
            .collect(),
        refunded_orders: refunds.iter().map(|r| r.order_id.clone()).collect(),
        refunds: refunds
            .into_iter()
            .filter(|r| day.contains(r.at))
            .map(|r| RefundRow { order_id: r.order_id, method: r.payment_method, amount: fen(r.amount_fen) })
            .collect(),
        picked_up: picked_up.first().map(|c| c.n.max(0) as u32).unwrap_or(0),
        counter_sale_units: sales.iter().map(|s| s.n.max(0) as u32).collect(),
        counter_charges: charges.iter().map(|c| fen(c.n)).collect(),
        returns: returns.iter().map(|r| fen(r.n)).collect(),
    })
}
