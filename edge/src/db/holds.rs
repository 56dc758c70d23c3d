//! What a member holds unpaid now, to say which limit refused an order (the limits themselves
//! are enforced by the order's conditional insert, [`super::orders::insert`]).

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use shared::holds::Holdings;
use worker::query;

/// The member's pending orders whose lock has not lapsed, and their units per SKU.
pub async fn of_member(ctx: &Ctx, member_id: &str) -> Result<Holdings, Failure> {
    #[derive(Deserialize)]
    struct Row {
        sku: Option<String>,
        units: f64,
        orders: f64,
    }
    let db = ctx.db()?;
    let now = stored_time(ctx.now);
    // One row per SKU held, each with the count of live pending orders (a member holding none
    // gets one row with a null SKU).
    let rows: Vec<Row> = query!(
        &db,
        "WITH live AS (SELECT id FROM orders WHERE member_id = ?1 AND status = 'pending_payment' AND lock_expires_at > ?2)
         SELECT NULL AS sku, 0 AS units, (SELECT COUNT(*) FROM live) AS orders
         UNION ALL
         SELECT l.sku, SUM(l.qty) AS units, 0 AS orders FROM order_lines l WHERE l.order_id IN (SELECT id FROM live)
         GROUP BY l.sku",
        member_id,
        now
    )?
    .all()
    .await?
    .results()?;
    let pending_orders = rows.iter().map(|r| r.orders.max(0.0) as u32).sum();
    let units = rows.into_iter().filter_map(|r| Some((r.sku?, r.units.max(0.0) as u32))).collect();
    Ok(Holdings { pending_orders, units })
}
