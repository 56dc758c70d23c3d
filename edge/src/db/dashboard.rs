//! What the dashboard reads from D1: the facts of a window (paid orders, new members) and each
//! guide's figures. The bucketing into local days is `shared::dashboard`'s.

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use shared::api::GuideFigures;
use shared::dashboard::Fact;
use shared::dashboard::promoters::Brought;
use shared::dashboard::stored::{self, BroughtRow, GuideRow, JoinedRow, PaidRow, PickupRow};
use worker::query;

/// Orders paid and members who joined in `[from, to)`, of one store or of the chain. A store's
/// new members are those its guides look after.
pub async fn facts(
    ctx: &Ctx,
    store: Option<&str>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Fact>, Failure> {
    let db = ctx.db()?;
    let (from, to) = (stored_time(from), stored_time(to));
    let paid: Vec<PaidRow> = query!(
        &db,
        "SELECT o.paid_at, o.total_fen, o.coupon_id IS NOT NULL AS coupon,
           COALESCE((SELECT SUM(l.qty) FROM order_lines l WHERE l.order_id = o.id AND l.flash_sale_id IS NOT NULL), 0)
             AS flash_units
         FROM orders o WHERE o.paid_at >= ?1 AND o.paid_at < ?2 AND (?3 IS NULL OR o.store_id = ?3)",
        &from,
        &to,
        store
    )?
    .all()
    .await?
    .results()?;
    let joined: Vec<JoinedRow> = query!(
        &db,
        "SELECT created_at FROM members WHERE created_at >= ?1 AND created_at < ?2
           AND (?3 IS NULL OR id IN (SELECT member_id FROM customer_bindings WHERE store_id = ?3))",
        &from,
        &to,
        store
    )?
    .all()
    .await?
    .results()?;
    Ok(stored::facts(paid, joined))
}

/// Each guide of the store (or chain): customers they look after, and orders they placed for
/// customers that were paid in `[from, to)` with what those took.
pub async fn guides(
    ctx: &Ctx,
    store: Option<&str>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<GuideFigures>, Failure> {
    let rows: Vec<GuideRow> = query!(
        &ctx.db()?,
        "SELECT s.id AS staff_id, s.name,
           (SELECT COUNT(*) FROM customer_bindings b WHERE b.guide_id = s.id) AS customers,
           (SELECT COUNT(*) FROM orders o WHERE o.placed_by = s.id AND o.paid_at >= ?1 AND o.paid_at < ?2) AS orders,
           (SELECT COALESCE(SUM(o.total_fen), 0) FROM orders o
             WHERE o.placed_by = s.id AND o.paid_at >= ?1 AND o.paid_at < ?2) AS takings
         FROM staff s WHERE s.role = 'guide' AND (?3 IS NULL OR s.store_id = ?3)",
        stored_time(from),
        stored_time(to),
        store
    )?
    .all()
    .await?
    .results()?;
    Ok(rows.into_iter().map(GuideRow::figures).collect())
}

/// Every customer brought by a promoter of the store (or chain), with their commissions as
/// saved and their orders' pickups; `shared::dashboard::promoters` does the counting.
pub async fn promoted(ctx: &Ctx, store: Option<&str>) -> Result<Vec<Brought>, Failure> {
    let db = ctx.db()?;
    let rows: Vec<BroughtRow> = query!(
        &db,
        "SELECT p.promoter, s.name, p.member_id, p.joined_at, p.state
         FROM promoted_customers p JOIN staff s ON s.id = p.promoter WHERE ?1 IS NULL OR s.store_id = ?1",
        store
    )?
    .all()
    .await?
    .results()?;
    let picked: Vec<PickupRow> = query!(
        &db,
        "SELECT o.id, o.member_id, o.picked_up_at FROM orders o
         JOIN promoted_customers p ON p.member_id = o.member_id JOIN staff s ON s.id = p.promoter
         WHERE o.picked_up_at IS NOT NULL AND p.state IS NOT NULL AND (?1 IS NULL OR s.store_id = ?1)",
        store
    )?
    .all()
    .await?
    .results()?;
    stored::brought(rows, picked).map_err(|e| Failure::Internal(e.to_string()))
}
