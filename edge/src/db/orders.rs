//! Orders and their lines in D1.

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use shared::kinds::PaymentMethod;
use shared::order::OrderStatus;
use worker::{D1Database, D1PreparedStatement, query};

pub use shared::order::{CounterRow, LineRow, OrderRow};

pub async fn by_id(ctx: &Ctx, id: &str) -> Result<Option<OrderRow>, Failure> {
    Ok(by_id_read(&ctx.db()?, id)?.first(None).await?)
}

/// [`by_id`]'s statement, to run alone or in a batch of reads.
pub fn by_id_read(db: &D1Database, id: &str) -> Result<D1PreparedStatement, Failure> {
    Ok(query!(db, "SELECT * FROM orders WHERE id = ?1", id)?)
}

pub async fn by_pickup_no(ctx: &Ctx, pickup_no: u64) -> Result<Option<OrderRow>, Failure> {
    Ok(query!(&ctx.db()?, "SELECT * FROM orders WHERE pickup_no = ?1", pickup_no)?.first(None).await?)
}

pub async fn lines(ctx: &Ctx, order_id: &str) -> Result<Vec<LineRow>, Failure> {
    Ok(lines_read(&ctx.db()?, order_id)?.all().await?.results()?)
}

pub(super) fn lines_read(db: &D1Database, order_id: &str) -> Result<D1PreparedStatement, Failure> {
    Ok(query!(
        db,
        "SELECT l.sku, l.qty, l.unit_price_fen, l.flash_sale_id, l.bucket, p.name, p.name_en, p.image
         FROM order_lines l JOIN products p ON p.sku = l.sku WHERE l.order_id = ?1 ORDER BY l.line_no",
        order_id
    )?)
}

/// A member's orders, newest first.
pub async fn of_member(ctx: &Ctx, member_id: &str, limit: u32) -> Result<Vec<OrderRow>, Failure> {
    Ok(query!(
        &ctx.db()?,
        "SELECT * FROM orders WHERE member_id = ?1 ORDER BY created_at DESC LIMIT ?2",
        member_id,
        limit
    )?
    .all()
    .await?
    .results()?)
}

fn changed(result: worker::D1Result) -> Result<bool, Failure> {
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// pending → cancelled or expired, once.
pub async fn close(ctx: &Ctx, id: &str, status: OrderStatus) -> Result<bool, Failure> {
    changed(
        query!(
            &ctx.db()?,
            "UPDATE orders SET status = ?2, closed_at = ?3 WHERE id = ?1 AND status = 'pending_payment'",
            id,
            status.as_str(),
            stored_time(ctx.now)
        )?
        .run()
        .await?,
    )
}

/// pending → ready_for_pickup, once, with the next pickup number.
pub async fn mark_paid(ctx: &Ctx, id: &str, method: PaymentMethod) -> Result<bool, Failure> {
    changed(
        query!(
            &ctx.db()?,
            "UPDATE orders SET status = 'ready_for_pickup', paid_at = ?2, payment_method = ?3,
               pickup_no = (SELECT COALESCE(MAX(pickup_no), 100000) + 1 FROM orders)
             WHERE id = ?1 AND status = 'pending_payment'",
            id,
            stored_time(ctx.now),
            method.as_str()
        )?
        .run()
        .await?,
    )
}

/// A paid order from another store has arrived once every line's transfer is received.
pub async fn mark_arrived(ctx: &Ctx, id: &str) -> Result<bool, Failure> {
    changed(
        query!(
            &ctx.db()?,
            "UPDATE orders SET arrived_at = ?2
             WHERE id = ?1 AND source_store IS NOT NULL AND arrived_at IS NULL
               AND (SELECT COUNT(*) FROM store_transfers WHERE order_id = ?1 AND status = 'received')
                 >= (SELECT COUNT(*) FROM order_lines WHERE order_id = ?1)",
            id,
            stored_time(ctx.now)
        )?
        .run()
        .await?,
    )
}

/// Paid orders from another store with a line whose transfer has not set off (a fulfilment
/// that stopped half-way), least recently paid first.
pub async fn unsent_from_elsewhere(ctx: &Ctx) -> Result<Vec<String>, Failure> {
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    let rows: Vec<Id> = query!(
        &ctx.db()?,
        "SELECT o.id FROM orders o
         WHERE o.source_store IS NOT NULL AND o.arrived_at IS NULL AND o.status = 'ready_for_pickup'
           AND (SELECT COUNT(*) FROM store_transfers t WHERE t.order_id = o.id AND t.status <> 'requested')
             < (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id)
         ORDER BY o.paid_at LIMIT 50",
    )?
    .all()
    .await?
    .results()?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// ready_for_pickup → picked_up, once.
pub async fn mark_picked_up(ctx: &Ctx, id: &str, staff_id: &str) -> Result<bool, Failure> {
    changed(
        query!(
            &ctx.db()?,
            "UPDATE orders SET status = 'picked_up', picked_up_at = ?2, picked_up_by = ?3
             WHERE id = ?1 AND status = 'ready_for_pickup'",
            id,
            stored_time(ctx.now),
            staff_id
        )?
        .run()
        .await?,
    )
}

/// Records money sent back for one payment of an order (once per payment).
pub async fn record_refund(
    ctx: &Ctx,
    payment_id: &str,
    order_id: &str,
    method: PaymentMethod,
    amount_fen: i64,
    reason: &str,
) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT OR IGNORE INTO refunds (id, order_id, payment_method, amount_fen, reason, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        format!("refund:{payment_id}"),
        order_id,
        method.as_str(),
        amount_fen,
        reason,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}

/// The counter where an order is collected: the brand counter of its first line's product.
pub async fn pickup_counter(ctx: &Ctx, store_id: &str, sku: &str) -> Result<Option<CounterRow>, Failure> {
    Ok(query!(
        &ctx.db()?,
        "SELECT c.id, c.name, c.name_en, f.name AS floor, s.name AS store_name, s.name_en AS store_name_en
         FROM counters c JOIN products p ON p.brand = c.brand JOIN floors f ON f.id = c.floor_id
         JOIN stores s ON s.id = c.store_id
         WHERE c.store_id = ?1 AND p.sku = ?2 ORDER BY c.id LIMIT 1",
        store_id,
        sku
    )?
    .first(None)
    .await?)
}

#[cfg(feature = "dev")]
/// The orders holding units of a flash sale: `{id, member_id, status, qty, bucket}`.
pub async fn of_sale(ctx: &Ctx, sale_id: &str) -> Result<Vec<serde_json::Value>, Failure> {
    #[derive(Deserialize, serde::Serialize)]
    struct Row {
        id: String,
        member_id: String,
        status: OrderStatus,
        qty: u32,
        bucket: Option<u32>,
    }
    let rows: Vec<Row> = query!(
        &ctx.db()?,
        "SELECT o.id, o.member_id, o.status, l.qty, l.bucket FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE l.flash_sale_id = ?1 ORDER BY o.created_at",
        sale_id
    )?
    .all()
    .await?
    .results()?;
    Ok(rows.into_iter().map(serde_json::to_value).collect::<Result<_, _>>()?)
}

/// Unpaid orders whose lock has lapsed (ids), oldest first.
pub async fn lapsed_unpaid(ctx: &Ctx) -> Result<Vec<String>, Failure> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
    }
    let rows: Vec<Row> = query!(
        &ctx.db()?,
        "SELECT id FROM orders WHERE status = 'pending_payment' AND lock_expires_at <= ?1 ORDER BY lock_expires_at LIMIT 200",
        stored_time(ctx.now)
    )?
    .all()
    .await?
    .results()?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

#[derive(serde::Deserialize)]
struct Discount {
    discount_fen: i64,
}

/// What a coupon took off the order that used (or holds) it.
pub async fn discount_with_coupon(ctx: &Ctx, coupon_id: &str) -> Result<Option<shared::Fen>, Failure> {
    let row: Option<Discount> = query!(
        &ctx.db()?,
        "SELECT discount_fen FROM orders WHERE coupon_id = ?1 AND status NOT IN ('cancelled', 'expired')
         ORDER BY created_at LIMIT 1",
        coupon_id
    )?
    .first(None)
    .await?;
    Ok(row.map(|r| shared::Fen::new(r.discount_fen.max(0) as u64)))
}

/// Marks the order as made through `channel` (scan-and-go, the counter); a repeat changes nothing.
pub async fn mark_channel(ctx: &Ctx, order: &str, channel: shared::scan_go::Channel) -> Result<(), Failure> {
    query!(&ctx.db()?, "UPDATE orders SET channel = ?2 WHERE id = ?1", order, channel.as_str())?.run().await?;
    Ok(())
}
