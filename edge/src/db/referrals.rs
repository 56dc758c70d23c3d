//! Referrals in D1: first paid orders, the points they earned, and a referrer's figures.

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use worker::query;

#[derive(Deserialize)]
struct Id {
    id: String,
}

/// The member's first paid order, if any.
pub async fn first_paid_order(ctx: &Ctx, member_id: &str) -> Result<Option<String>, Failure> {
    let row: Option<Id> = query!(
        &ctx.db()?,
        "SELECT id FROM orders WHERE member_id = ?1 AND paid_at IS NOT NULL ORDER BY paid_at, id LIMIT 1",
        member_id
    )?
    .first(None)
    .await?;
    Ok(row.map(|r| r.id))
}

pub async fn record(ctx: &Ctx, member: &str, referrer: &str, order: &str, points: u64) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT OR IGNORE INTO referral_rewards (member_id, referrer_id, order_id, points, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        member,
        referrer,
        order,
        points,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}

#[derive(Deserialize)]
pub struct Figures {
    pub invited: i64,
    pub rewarded: i64,
    pub points: i64,
}

/// How many the member brought, how many earned, and the points.
pub async fn figures(ctx: &Ctx, referrer: &str) -> Result<Figures, Failure> {
    let row: Option<Figures> = query!(
        &ctx.db()?,
        "SELECT (SELECT COUNT(*) FROM members WHERE referred_by = ?1) AS invited,
                (SELECT COUNT(*) FROM referral_rewards WHERE referrer_id = ?1) AS rewarded,
                (SELECT COALESCE(SUM(points), 0) FROM referral_rewards WHERE referrer_id = ?1) AS points",
        referrer
    )?
    .first(None)
    .await?;
    Ok(row.unwrap_or(Figures { invited: 0, rewarded: 0, points: 0 }))
}

/// The referral points an order earned, if it did.
#[derive(Deserialize)]
pub struct Reward {
    pub member_id: String,
    pub referrer_id: String,
    pub points: i64,
}

pub async fn of_order(ctx: &Ctx, order_id: &str) -> Result<Option<Reward>, Failure> {
    Ok(query!(&ctx.db()?, "SELECT member_id, referrer_id, points FROM referral_rewards WHERE order_id = ?1", order_id)?
        .first(None)
        .await?)
}
