//! What the "invite to open a card" pass reads (`shared::reminders::invite` decides).

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::reminders::invite::{Guide, Shopper};
use worker::query;

/// A store and its zone.
#[derive(Deserialize)]
pub struct StoreZone {
    pub id: String,
    pub utc_offset_minutes: i32,
}

pub async fn stores(ctx: &Ctx) -> Result<Vec<StoreZone>, Failure> {
    Ok(ctx.db()?.prepare("SELECT id, utc_offset_minutes FROM stores ORDER BY id").all().await?.results()?)
}

#[derive(Deserialize)]
struct GuideRow {
    id: String,
}

/// The store's guides who can still sign in.
pub async fn guides(ctx: &Ctx, store: &str) -> Result<Vec<Guide>, Failure> {
    let rows: Vec<GuideRow> = query!(
        &ctx.db()?,
        "SELECT id FROM staff WHERE store_id = ?1 AND role = 'guide' AND disabled_at IS NULL ORDER BY id",
        store
    )?
    .all()
    .await?
    .results()?;
    Ok(rows.into_iter().map(|r| Guide { staff_id: r.id }).collect())
}

#[derive(Deserialize)]
struct JoinedRow {
    promoter: String,
    #[serde(with = "shared::instant::stored")]
    joined_at: DateTime<Utc>,
}

/// Customers who registered through a promoter code of the store's staff since `since`.
pub async fn joined(ctx: &Ctx, store: &str, since: DateTime<Utc>) -> Result<Vec<(String, DateTime<Utc>)>, Failure> {
    let rows: Vec<JoinedRow> = query!(
        &ctx.db()?,
        "SELECT p.promoter, p.joined_at FROM promoted_customers p JOIN staff s ON s.id = p.promoter
         WHERE s.store_id = ?1 AND p.joined_at >= ?2",
        store,
        stored_time(since)
    )?
    .all()
    .await?
    .results()?;
    Ok(rows.into_iter().map(|r| (r.promoter, r.joined_at)).collect())
}

#[derive(Deserialize)]
struct ShopperRow {
    member_id: String,
    name: String,
    channel: String,
    bound: i64,
}

/// Members who paid an order at the store in `[from, to)`, with the channel and whether a
/// guide of the store looks after them now (up to 500).
pub async fn shoppers(ctx: &Ctx, store: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Shopper>, Failure> {
    let rows: Vec<ShopperRow> = query!(
        &ctx.db()?,
        "SELECT DISTINCT o.member_id, m.name, o.channel,
           EXISTS (SELECT 1 FROM customer_bindings b WHERE b.store_id = o.store_id AND b.member_id = o.member_id) AS bound
         FROM orders o JOIN members m ON m.id = o.member_id
         WHERE o.store_id = ?1 AND o.paid_at >= ?2 AND o.paid_at < ?3 LIMIT 500",
        store,
        stored_time(from),
        stored_time(to)
    )?
    .all()
    .await?
    .results()?;
    Ok(rows
        .into_iter()
        .map(|r| Shopper { member_id: r.member_id, name: r.name, channel: r.channel, bound: r.bound != 0 })
        .collect())
}
