//! Coupons given to paid orders (post-payment rewards).

use super::orders::OrderRow;
use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use shared::api::OrderReward;
use shared::upkeep::UpkeepPolicy;
use worker::query;

pub async fn record(ctx: &Ctx, order: &str, coupon: &str, campaign: &str, title: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT OR IGNORE INTO order_rewards (coupon_id, order_id, campaign_id, title, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        coupon,
        order,
        campaign,
        title,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}

pub async fn mark_checked(ctx: &Ctx, order: &str) -> Result<(), Failure> {
    query!(&ctx.db()?, "UPDATE orders SET rewards_checked_at = ?2 WHERE id = ?1", order, stored_time(ctx.now))?
        .run()
        .await?;
    Ok(())
}

/// Stamps that the repair pass is giving the order's rewards now.
pub async fn mark_attempted(ctx: &Ctx, order: &str) -> Result<(), Failure> {
    query!(&ctx.db()?, "UPDATE orders SET rewards_attempted_at = ?2 WHERE id = ?1", order, stored_time(ctx.now))?
        .run()
        .await?;
    Ok(())
}

/// Paid orders (paid before the policy's settle horizon, within its catch-up window) whose rewards were not looked at, least
/// recently tried first (never tried before any tried), then oldest.
pub async fn unchecked(ctx: &Ctx) -> Result<Vec<OrderRow>, Failure> {
    let policy = UpkeepPolicy::standard();
    let (before, since) = (stored_time(policy.settle_before(ctx.now)), stored_time(policy.catch_up_since(ctx.now)));
    Ok(query!(
        &ctx.db()?,
        "SELECT * FROM orders WHERE rewards_checked_at IS NULL AND paid_at IS NOT NULL AND paid_at < ?1 AND paid_at > ?2
         ORDER BY rewards_attempted_at, paid_at LIMIT 50",
        before,
        since
    )?
    .all()
    .await?
    .results()?)
}

#[derive(Deserialize)]
struct Row {
    coupon_id: String,
    title: String,
}

/// The coupons an order earned.
pub async fn of_order(ctx: &Ctx, order: &str) -> Result<Vec<OrderReward>, Failure> {
    let rows: Vec<Row> =
        query!(&ctx.db()?, "SELECT coupon_id, title FROM order_rewards WHERE order_id = ?1 ORDER BY at", order)?
            .all()
            .await?
            .results()?;
    Ok(rows.into_iter().map(|r| OrderReward { coupon_id: r.coupon_id, title: r.title }).collect())
}
