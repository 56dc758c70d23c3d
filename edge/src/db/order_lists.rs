//! What a list of orders needs besides the order rows, read for all of them at once: one query
//! per kind of detail, whatever the number of orders (`GET /api/orders` used to ask per order).
//! The ids travel as one JSON array bound to `json_each`.

use super::orders::{CounterRow, LineRow};
use super::promoters::EnvelopeRow;
use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use shared::api::OrderReward;
use std::collections::HashMap;
use worker::{D1Result, query};

fn ids_json(ids: &[&str]) -> Result<String, Failure> {
    Ok(serde_json::to_string(ids)?)
}

/// Each row read as `T`, with the order it belongs to (its `order_id` column).
fn of_orders<T: DeserializeOwned>(result: &D1Result) -> Result<Vec<(String, T)>, Failure> {
    #[derive(Deserialize)]
    struct Of {
        order_id: String,
    }
    let orders: Vec<Of> = result.results()?;
    Ok(orders.into_iter().map(|o| o.order_id).zip(result.results::<T>()?).collect())
}

/// Every line of the orders, by order id, in line order.
pub async fn lines(ctx: &Ctx, ids: &[&str]) -> Result<HashMap<String, Vec<LineRow>>, Failure> {
    let ids = ids_json(ids)?;
    let result = query!(
        &ctx.db()?,
        "SELECT l.order_id, l.sku, l.qty, l.unit_price_fen, l.flash_sale_id, l.bucket, p.name, p.name_en, p.image
         FROM order_lines l JOIN products p ON p.sku = l.sku
         WHERE l.order_id IN (SELECT value FROM json_each(?1)) ORDER BY l.order_id, l.line_no",
        ids
    )?
    .all()
    .await?;
    let mut out: HashMap<String, Vec<LineRow>> = HashMap::new();
    for (order, line) in of_orders(&result)? {
        out.entry(order).or_default().push(line);
    }
    Ok(out)
}

/// Units returned per SKU, by order id.
pub async fn returned_units(ctx: &Ctx, ids: &[&str]) -> Result<HashMap<String, Vec<(String, u32)>>, Failure> {
    #[derive(Deserialize)]
    struct Row {
        order_id: String,
        sku: String,
        n: u32,
    }
    let ids = ids_json(ids)?;
    let rows: Vec<Row> = query!(
        &ctx.db()?,
        "SELECT order_id, sku, COUNT(*) AS n FROM return_units
         WHERE order_id IN (SELECT value FROM json_each(?1)) GROUP BY order_id, sku",
        ids
    )?
    .all()
    .await?
    .results()?;
    let mut out: HashMap<String, Vec<(String, u32)>> = HashMap::new();
    for r in rows {
        out.entry(r.order_id).or_default().push((r.sku, r.n));
    }
    Ok(out)
}

/// The pickup counter of each order (the brand counter of its first line's product, the lowest
/// counter id when a brand has several), by order id.
pub async fn pickup_counters(ctx: &Ctx, ids: &[&str]) -> Result<HashMap<String, CounterRow>, Failure> {
    let ids = ids_json(ids)?;
    let result = query!(
        &ctx.db()?,
        "SELECT o.id AS order_id, c.id, c.name, c.name_en, f.name AS floor, s.name AS store_name,
                s.name_en AS store_name_en
         FROM orders o
         JOIN order_lines l ON l.order_id = o.id
              AND l.line_no = (SELECT MIN(line_no) FROM order_lines WHERE order_id = o.id)
         JOIN products p ON p.sku = l.sku
         JOIN counters c ON c.brand = p.brand AND c.store_id = o.store_id
         JOIN floors f ON f.id = c.floor_id JOIN stores s ON s.id = c.store_id
         WHERE o.id IN (SELECT value FROM json_each(?1)) ORDER BY o.id, c.id",
        ids
    )?
    .all()
    .await?;
    let mut out = HashMap::new();
    for (order, counter) in of_orders(&result)? {
        out.entry(order).or_insert(counter);
    }
    Ok(out)
}

/// The coupons each order earned, by order id, oldest first.
pub async fn rewards(ctx: &Ctx, ids: &[&str]) -> Result<HashMap<String, Vec<OrderReward>>, Failure> {
    #[derive(Deserialize)]
    struct Row {
        order_id: String,
        coupon_id: String,
        title: String,
    }
    let ids = ids_json(ids)?;
    let rows: Vec<Row> = query!(
        &ctx.db()?,
        "SELECT order_id, coupon_id, title FROM order_rewards
         WHERE order_id IN (SELECT value FROM json_each(?1)) ORDER BY order_id, at",
        ids
    )?
    .all()
    .await?
    .results()?;
    let mut out: HashMap<String, Vec<OrderReward>> = HashMap::new();
    for r in rows {
        out.entry(r.order_id).or_default().push(OrderReward { coupon_id: r.coupon_id, title: r.title });
    }
    Ok(out)
}

/// The red envelopes of the orders that carry one, by order id.
pub async fn envelopes(ctx: &Ctx, ids: &[&str]) -> Result<HashMap<String, EnvelopeRow>, Failure> {
    let ids = ids_json(ids)?;
    let result = query!(
        &ctx.db()?,
        "SELECT order_id, id, shares, total_fen FROM red_envelopes WHERE order_id IN (SELECT value FROM json_each(?1))",
        ids
    )?
    .all()
    .await?;
    Ok(of_orders(&result)?.into_iter().collect())
}
