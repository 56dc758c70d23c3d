//! What a member holds unpaid now, to say which limit refused an order (the limits themselves
//! are enforced by the order's conditional insert, [`super::placing::insert`]).

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use shared::holds::{HoldingRow, Holdings};
use worker::{D1Database, D1PreparedStatement, D1Result, query};

/// The member's pending orders whose lock has not lapsed, and their units per SKU.
pub async fn of_member(ctx: &Ctx, member_id: &str) -> Result<Holdings, Failure> {
    holdings(of_member_read(&ctx.db()?, member_id, ctx.now)?.all().await?)
}

/// [`of_member`]'s statement, to run alone or in a batch with other reads ([`holdings`] reads
/// its result).
pub fn of_member_read(db: &D1Database, member_id: &str, now: DateTime<Utc>) -> Result<D1PreparedStatement, Failure> {
    // One row per SKU held, each with the count of live pending orders (a member holding none
    // gets one row with a null SKU).
    Ok(query!(
        db,
        "WITH live AS (SELECT id FROM orders WHERE member_id = ?1 AND status = 'pending_payment' AND lock_expires_at > ?2)
         SELECT NULL AS sku, 0 AS units, (SELECT COUNT(*) FROM live) AS orders
         UNION ALL
         SELECT l.sku, SUM(l.qty) AS units, 0 AS orders FROM order_lines l WHERE l.order_id IN (SELECT id FROM live)
         GROUP BY l.sku",
        member_id,
        stored_time(now)
    )?)
}

/// What [`of_member_read`] found.
pub fn holdings(result: D1Result) -> Result<Holdings, Failure> {
    Ok(result.results::<HoldingRow>()?.into_iter().collect())
}
