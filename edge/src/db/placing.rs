//! Placing an order in D1: the order and its lines inserted in one batch, within the member's
//! holding limits, and read back in the same round trip.

use super::orders::{LineRow, OrderRow, by_id_read, lines_read};
use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use worker::{D1PreparedStatement, query};

/// A new line: what, how many, at what unit price, under which sale and bucket.
pub struct NewLine<'a> {
    pub sku: &'a str,
    pub qty: u32,
    pub unit_price_fen: u64,
    pub flash_sale_id: Option<&'a str>,
    pub bucket: Option<u32>,
}

/// A new order with its lines.
pub struct NewOrder<'a> {
    pub id: &'a str,
    pub member_id: &'a str,
    pub store_id: &'a str,
    pub subtotal_fen: u64,
    pub discount_fen: u64,
    pub total_fen: u64,
    pub coupon_id: Option<&'a str>,
    pub fingerprint: &'a str,
    pub lock_expires_at: DateTime<Utc>,
    pub placed_by: Option<&'a str>,
    pub source_store: Option<&'a str>,
    pub lines: Vec<NewLine<'a>>,
}

/// The member's live unpaid orders: pending, lock not lapsed (`?2` member, `?9` now).
const LIVE_PENDING: &str =
    "SELECT id FROM orders WHERE member_id = ?2 AND status = 'pending_payment' AND lock_expires_at > ?9";

/// Inserts the order and its lines in one batch, only while the member stays within the
/// holding limits (`shared::holds`): fewer than `max_pending` live unpaid orders, and no line
/// taking the member's locked units of its SKU past `max_units`. The check and the insert are
/// one statement, so concurrent orders of one member cannot race past the limits. Answers
/// whether it inserted (false: an order with this id exists, or a limit refused it) and the
/// order's row and lines as they stand after the batch (no row: a limit refused it).
pub async fn insert(ctx: &Ctx, o: &NewOrder<'_>, max_pending: u32, max_units: u32) -> Result<Inserted, Failure> {
    let db = ctx.db()?;
    let asked: Vec<serde_json::Value> =
        o.lines.iter().map(|l| serde_json::json!({"sku": l.sku, "qty": l.qty})).collect();
    let sql = format!(
        "INSERT OR IGNORE INTO orders (id, member_id, store_id, status, subtotal_fen, discount_fen, total_fen, coupon_id,
           fingerprint, created_at, lock_expires_at, placed_by, source_store)
         SELECT ?1, ?2, ?3, 'pending_payment', ?4, ?5, ?6, ?7, ?8, ?10, ?11, ?12, ?16
         WHERE (SELECT COUNT(*) FROM ({LIVE_PENDING})) < ?13
           AND NOT EXISTS (
             SELECT 1 FROM json_each(?14) j
             WHERE json_extract(j.value, '$.qty') + (
               SELECT COALESCE(SUM(l.qty), 0) FROM order_lines l
               WHERE l.order_id IN ({LIVE_PENDING}) AND l.sku = json_extract(j.value, '$.sku')
             ) > ?15)"
    );
    let mut batch: Vec<D1PreparedStatement> = vec![query!(
        &db,
        &sql,
        o.id,
        o.member_id,
        o.store_id,
        o.subtotal_fen,
        o.discount_fen,
        o.total_fen,
        o.coupon_id,
        o.fingerprint,
        stored_time(ctx.now),
        stored_time(ctx.now),
        stored_time(o.lock_expires_at),
        o.placed_by,
        max_pending,
        serde_json::Value::Array(asked).to_string(),
        max_units,
        o.source_store
    )?];
    for (i, NewLine { sku, qty, unit_price_fen: price, flash_sale_id: sale, bucket }) in o.lines.iter().enumerate() {
        // Lines only for an order that exists (it may have been refused just above).
        batch.push(query!(
            &db,
            "INSERT OR IGNORE INTO order_lines (order_id, line_no, sku, qty, unit_price_fen, flash_sale_id, bucket)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS (SELECT 1 FROM orders WHERE id = ?1)",
            o.id,
            i as u32,
            sku,
            qty,
            price,
            sale,
            bucket
        )?);
    }
    // The row and lines as they stand after the insert, read in the same round trip.
    batch.push(by_id_read(&db, o.id)?);
    batch.push(lines_read(&db, o.id)?);
    let mut results = db.batch(batch).await?;
    let created = results.first().and_then(|r| r.meta().ok().flatten()).and_then(|m| m.changes).unwrap_or(0) > 0;
    let lines = results.pop().map(|r| r.results::<LineRow>()).transpose()?.unwrap_or_default();
    let row = results.pop().map(|r| r.results::<OrderRow>()).transpose()?.and_then(|rows| rows.into_iter().next());
    Ok(Inserted { created, row, lines })
}

/// What [`insert`] did: whether it inserted, and the order's row and lines after it.
pub struct Inserted {
    pub created: bool,
    pub row: Option<OrderRow>,
    pub lines: Vec<LineRow>,
}
