//! Coupon campaigns in D1.

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use shared::coupon::Campaign;
use worker::query;

#[derive(Deserialize)]
struct Row {
    campaign: String,
}

/// A stored campaign that does not read back is an internal error, never a campaign that
/// silently disappears from the coupon centre.
fn decode(row: Row) -> Result<Campaign, Failure> {
    shared::stored::decode(&row.campaign).map_err(|e| Failure::Internal(e.to_string()))
}

/// Records a campaign (once; a retry with the same id is a no-op).
pub async fn insert(ctx: &Ctx, c: &Campaign, created_by: &str) -> Result<(), Failure> {
    let stored = shared::stored::encode(c).map_err(|e| Failure::Internal(e.to_string()))?;
    query!(
        &ctx.db()?,
        "INSERT OR IGNORE INTO coupon_campaigns (id, title, kind, scope, store_id, quantity, per_member_limit, starts_at,
           ends_at, audience, campaign, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        &c.id,
        &c.title,
        serde_json::to_value(c.terms.kind)?.as_str().unwrap_or_default(),
        String::from(c.terms.scope.clone()),
        c.terms.store.as_ref().map(|s| s.as_str()),
        c.quantity,
        c.per_member_limit,
        stored_time(c.starts_at),
        stored_time(c.ends_at),
        c.audience.as_str(),
        stored,
        created_by,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}

pub async fn by_id(ctx: &Ctx, id: &str) -> Result<Option<Campaign>, Failure> {
    let row: Option<Row> =
        query!(&ctx.db()?, "SELECT campaign FROM coupon_campaigns WHERE id = ?1", id)?.first(None).await?;
    row.map(decode).transpose()
}

/// Campaigns not yet closed, for every store or one (chain-wide ones included), soonest end first.
pub async fn open(ctx: &Ctx, store: Option<&str>) -> Result<Vec<Campaign>, Failure> {
    let rows: Vec<Row> = query!(
        &ctx.db()?,
        "SELECT campaign FROM coupon_campaigns WHERE ends_at > ?1 AND closed_at IS NULL
           AND (?2 IS NULL OR store_id IS NULL OR store_id = ?2)
         ORDER BY ends_at, id",
        stored_time(ctx.now),
        store
    )?
    .all()
    .await?
    .results()?;
    rows.into_iter().map(decode).collect()
}

/// Whether a member has a paid order yet (first-order coupons need none).
pub async fn has_paid_order(ctx: &Ctx, member_id: &str) -> Result<bool, Failure> {
    paid_before(has_paid_order_read(&ctx.db()?, member_id)?.all().await?)
}

/// [`has_paid_order`]'s statement, to run alone or in a batch ([`paid_before`] reads it).
pub fn has_paid_order_read(db: &worker::D1Database, member_id: &str) -> Result<worker::D1PreparedStatement, Failure> {
    Ok(query!(
        db,
        "SELECT COUNT(*) AS n FROM orders WHERE member_id = ?1 AND status IN ('ready_for_pickup', 'picked_up')",
        member_id
    )?)
}

/// What [`has_paid_order_read`] found.
pub fn paid_before(result: worker::D1Result) -> Result<bool, Failure> {
    Ok(result.results::<super::Count>()?.first().is_some_and(|c| c.n > 0))
}

/// Every campaign of a store (chain-wide ones included) or of the chain, newest first: closed,
/// ended and after-payment ones too.
pub async fn all_of(ctx: &Ctx, store: Option<&str>) -> Result<Vec<Campaign>, Failure> {
    let rows: Vec<Row> = query!(
        &ctx.db()?,
        "SELECT campaign FROM coupon_campaigns WHERE ?1 IS NULL OR store_id IS NULL OR store_id = ?1
         ORDER BY created_at DESC, id LIMIT 500",
        store
    )?
    .all()
    .await?
    .results()?;
    rows.into_iter().map(decode).collect()
}

/// Marks a campaign closed in D1 (the first close stands), so the coupon centre leaves it out.
pub async fn close(ctx: &Ctx, id: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "UPDATE coupon_campaigns SET closed_at = ?2 WHERE id = ?1 AND closed_at IS NULL",
        id,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}

/// Lists a coupon handed out under its campaign (once).
pub async fn record_coupon(ctx: &Ctx, coupon_id: &str, campaign_id: &str, member_id: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT OR IGNORE INTO campaign_coupons (coupon_id, campaign_id, member_id, claimed_at) VALUES (?1, ?2, ?3, ?4)",
        coupon_id,
        campaign_id,
        member_id,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}

/// Coupons of a campaign spent on an order that was paid (and not since cancelled).
pub async fn redeemed(ctx: &Ctx, campaign_id: &str) -> Result<u32, Failure> {
    let row: Option<super::Count> = query!(
        &ctx.db()?,
        "SELECT COUNT(*) AS n FROM orders o JOIN campaign_coupons c ON c.coupon_id = o.coupon_id
         WHERE c.campaign_id = ?1 AND o.paid_at IS NOT NULL AND o.status IN ('ready_for_pickup', 'picked_up')",
        campaign_id
    )?
    .first(None)
    .await?;
    Ok(row.map_or(0, |c| c.n.max(0) as u32))
}
