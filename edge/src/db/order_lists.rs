//! What a list of orders needs besides the order rows, read for all of them at once: one query
//! per kind of detail, whatever the number of orders (`GET /api/orders` used to ask per order).
//! The ids travel as one JSON array bound to `json_each`.

use super::orders::{CounterRow, LineRow};
use super::promoters::EnvelopeRow;
use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use shared::api::OrderReward;
use std::collections::HashMap;
use worker::query;

fn ids_json(ids: &[&str]) -> Result<String, Failure> {
    Ok(serde_json::to_string(ids)?)
}

/// Every line of the orders, by order id, in line order.
pub async fn lines(ctx: &Ctx, ids: &[&str]) -> Result<HashMap<String, Vec<LineRow>>, Failure> {
    #[derive(Deserialize)]
    struct Row {
        order_id: String,
        sku: String,
        qty: u32,
        unit_price_fen: i64,
        flash_sale_id: Option<String>,
        bucket: Option<u32>,
        name: String,
        name_en: String,
        image: String,
    }
    let ids = ids_json(ids)?;
    let rows: Vec<Row> = query!(
        &ctx.db()?,
        "SELECT l.order_id, l.sku, l.qty, l.unit_price_fen, l.flash_sale_id, l.bucket, p.name, p.name_en, p.image
         FROM order_lines l JOIN products p ON p.sku = l.sku
         WHERE l.order_id IN (SELECT value FROM json_each(?1)) ORDER BY l.order_id, l.line_no",
        ids
    )?
    .all()
    .await?
    .results()?;
    let mut out: HashMap<String, Vec<LineRow>> = HashMap::new();
    for r in rows {
        let line = LineRow {
            sku: r.sku,
            qty: r.qty,
            unit_price_fen: r.unit_price_fen,
            flash_sale_id: r.flash_sale_id,
            bucket: r.bucket,
            name: r.name,
            name_en: r.name_en,
            image: r.image,
        };
        out.entry(r.order_id).or_default().push(line);
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
    #[derive(Deserialize)]
    struct Row {
        order_id: String,
        id: String,
        name: String,
        name_en: String,
        floor: String,
        store_name: String,
        store_name_en: String,
    }
    let ids = ids_json(ids)?;
    let rows: Vec<Row> = query!(
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
    .await?
    .results()?;
    let mut out = HashMap::new();
    for r in rows {
        out.entry(r.order_id).or_insert(CounterRow {
            id: r.id,
            name: r.name,
            name_en: r.name_en,
            floor: r.floor,
            store_name: r.store_name,
            store_name_en: r.store_name_en,
        });
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
    #[derive(Deserialize)]
    struct Row {
        order_id: String,
        id: String,
        shares: i64,
        total_fen: i64,
    }
    let ids = ids_json(ids)?;
    let rows: Vec<Row> = query!(
        &ctx.db()?,
        "SELECT order_id, id, shares, total_fen FROM red_envelopes WHERE order_id IN (SELECT value FROM json_each(?1))",
        ids
    )?
    .all()
    .await?
    .results()?;
    Ok(rows
        .into_iter()
        .map(|r| (r.order_id, EnvelopeRow { id: r.id, shares: r.shares, total_fen: r.total_fen }))
        .collect())
}
