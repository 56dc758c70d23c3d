//! Scan-and-go carts and their lines (migration 0018).

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use worker::query;

pub use shared::scan_go::{CartRow, LineRow};

pub async fn insert(ctx: &Ctx, id: &str, member: &str, store: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT INTO scan_go_carts (id, member_id, store_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        id,
        member,
        store,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}

/// The member's cart `id` (someone else's is not found).
pub async fn cart(ctx: &Ctx, id: &str, member: &str) -> Result<Option<CartRow>, Failure> {
    let sql = "SELECT id, member_id, store_id, frozen_at, frozen_coupon_id, round FROM scan_go_carts
               WHERE id = ?1 AND member_id = ?2";
    Ok(query!(&ctx.db()?, sql, id, member)?.first(None).await?)
}

pub async fn lines(ctx: &Ctx, cart: &str) -> Result<Vec<LineRow>, Failure> {
    let sql = "SELECT l.sku, l.qty, p.barcode, p.name, p.name_en, p.price_fen, p.category, p.brand
               FROM scan_go_lines l JOIN products p ON p.sku = l.sku
               WHERE l.cart_id = ?1 ORDER BY l.scanned_at, l.rowid";
    Ok(query!(&ctx.db()?, sql, cart)?.all().await?.results()?)
}

/// Sets a line's quantity (0 deletes it) while the cart is not frozen; false once it is.
pub async fn set_line(ctx: &Ctx, cart: &str, sku: &str, qty: u32) -> Result<bool, Failure> {
    let open = "EXISTS (SELECT 1 FROM scan_go_carts WHERE id = ?1 AND frozen_at IS NULL)";
    let db = ctx.db()?;
    let r = if qty == 0 {
        query!(&db, &format!("DELETE FROM scan_go_lines WHERE cart_id = ?1 AND sku = ?2 AND {open}"), cart, sku)?
    } else {
        let sql = format!(
            "INSERT INTO scan_go_lines (cart_id, sku, qty, scanned_at) SELECT ?1, ?2, ?3, ?4 WHERE {open}
             ON CONFLICT (cart_id, sku) DO UPDATE SET qty = excluded.qty"
        );
        query!(&db, &sql, cart, sku, qty, stored_time(ctx.now))?
    }
    .run()
    .await?;
    if r.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0 {
        return Ok(true);
    }
    cart_open(ctx, cart).await
}

async fn cart_open(ctx: &Ctx, cart: &str) -> Result<bool, Failure> {
    #[derive(Deserialize)]
    struct Open {
        open: i64,
    }
    let sql = "SELECT COUNT(*) AS open FROM scan_go_carts WHERE id = ?1 AND frozen_at IS NULL";
    let row: Option<Open> = query!(&ctx.db()?, sql, cart)?.first(None).await?;
    Ok(row.is_some_and(|r| r.open > 0))
}

/// Freezes the cart with `coupon` unless an earlier attempt froze it; answers the coupon it is
/// frozen with (the first attempt's).
pub async fn freeze(ctx: &Ctx, cart: &str, coupon: Option<&str>) -> Result<Option<String>, Failure> {
    let db = ctx.db()?;
    let sql = "UPDATE scan_go_carts SET frozen_at = ?2, frozen_coupon_id = ?3 WHERE id = ?1 AND frozen_at IS NULL";
    query!(&db, sql, cart, stored_time(ctx.now), coupon)?.run().await?;
    #[derive(Deserialize)]
    struct Frozen {
        frozen_coupon_id: Option<String>,
    }
    let row: Option<Frozen> =
        query!(&db, "SELECT frozen_coupon_id FROM scan_go_carts WHERE id = ?1", cart)?.first(None).await?;
    Ok(row.and_then(|r| r.frozen_coupon_id))
}

/// Records the cart's order and marks the order as made by scan-and-go.
pub async fn ordered(ctx: &Ctx, cart: &str, order: &str) -> Result<(), Failure> {
    let db = ctx.db()?;
    db.batch(vec![
        query!(&db, "UPDATE scan_go_carts SET order_id = ?2 WHERE id = ?1", cart, order)?,
        query!(&db, "UPDATE orders SET channel = 'scan_go' WHERE id = ?1", order)?,
    ])
    .await?;
    Ok(())
}

/// Opens a cart whose checkout was refused in `round`: it may change again, and its next
/// checkout is the next round's order. Only the first of racing attempts moves the round on.
pub async fn thaw(ctx: &Ctx, cart: &str, round: i64) -> Result<(), Failure> {
    let sql = "UPDATE scan_go_carts SET frozen_at = NULL, frozen_coupon_id = NULL, order_id = NULL, round = round + 1
               WHERE id = ?1 AND round = ?2";
    query!(&ctx.db()?, sql, cart, round)?.run().await?;
    Ok(())
}
