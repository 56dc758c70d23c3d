//! The rows of one store's day for the reconciliation (`shared::reconciliation` does the
//! arithmetic and the matching).

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use shared::reconciliation::{DayRows, GATEWAY_METHOD, StoreDay, StoredDay};
use worker::{D1PreparedStatement, query};

/// Seconds precision, the prefix of both stored time formats (payments keep `to_rfc3339`).
fn second(t: DateTime<Utc>) -> String {
    shared::calendar::ymd_hms(t.naive_utc())
}

/// Everything the day's reconciliation of `store` needs, read in one batch.
pub async fn day_rows(ctx: &Ctx, store: &str, day: &StoreDay) -> Result<DayRows, Failure> {
    let db = ctx.db()?;
    let (from, to) = (stored_time(day.start()), stored_time(day.end()));
    let (from_s, to_s) = (second(day.start()), second(day.end()));
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
    let stored = StoredDay {
        paid: next()?.results()?,
        settlements: next()?.results()?,
        refunds: next()?.results()?,
        picked_up: next()?.results()?,
        counter_sales: next()?.results()?,
        counter_charges: next()?.results()?,
        returns: next()?.results()?,
    };
    Ok(stored.rows(day))
}
