//! Customer bindings: a guide's customers and their tags.

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::clienteling::{Binding, Customer, CustomerRow, Tags};
use shared::instant::stored;
use worker::query;

/// A binding's row.
#[derive(Clone, Debug, Deserialize)]
pub struct BindingRow {
    pub guide_id: String,
    #[serde(with = "stored")]
    pub last_active_at: DateTime<Utc>,
}

impl BindingRow {
    pub fn binding(&self) -> Binding {
        Binding { guide_id: self.guide_id.clone(), last_active_at: self.last_active_at }
    }
}

pub async fn binding(ctx: &Ctx, store: &str, member: &str) -> Result<Option<BindingRow>, Failure> {
    Ok(query!(
        &ctx.db()?,
        "SELECT guide_id, last_active_at FROM customer_bindings WHERE store_id = ?1 AND member_id = ?2",
        store,
        member
    )?
    .first(None)
    .await?)
}

/// Binds a customer who has no guide in the store; false if someone bound them first.
pub async fn insert(ctx: &Ctx, store: &str, member: &str, guide: &str, tags: &Tags) -> Result<bool, Failure> {
    let now = stored_time(ctx.now);
    let r = query!(
        &ctx.db()?,
        "INSERT INTO customer_bindings (store_id, member_id, guide_id, tags, bound_at, last_active_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (store_id, member_id) DO NOTHING",
        store,
        member,
        guide,
        tags.to_stored(),
        now
    )?
    .run()
    .await?;
    Ok(r.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// Moves a lapsed binding to `guide` if it is still exactly `was` (compare and set); false if it
/// changed in between.
pub async fn take_over(
    ctx: &Ctx,
    store: &str,
    member: &str,
    guide: &str,
    was: &BindingRow,
    tags: &Tags,
) -> Result<bool, Failure> {
    let now = stored_time(ctx.now);
    let r = query!(
        &ctx.db()?,
        "UPDATE customer_bindings SET guide_id = ?3, tags = ?4, bound_at = ?5, last_active_at = ?5
         WHERE store_id = ?1 AND member_id = ?2 AND guide_id = ?6 AND last_active_at = ?7",
        store,
        member,
        guide,
        tags.to_stored(),
        now,
        &was.guide_id,
        &was.last_active_at
    )?
    .run()
    .await?;
    Ok(r.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// Marks an interaction of `guide` with their customer (and optionally replaces the tags);
/// false if the customer is not theirs.
pub async fn touch(ctx: &Ctx, store: &str, member: &str, guide: &str, tags: Option<&Tags>) -> Result<bool, Failure> {
    let r = query!(
        &ctx.db()?,
        "UPDATE customer_bindings SET last_active_at = ?4, tags = COALESCE(?5, tags)
         WHERE store_id = ?1 AND member_id = ?2 AND guide_id = ?3",
        store,
        member,
        guide,
        stored_time(ctx.now),
        tags.map(Tags::to_stored)
    )?
    .run()
    .await?;
    Ok(r.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

const CUSTOMERS: &str = "SELECT b.member_id, m.name, m.phone, m.card_no, b.tags, b.bound_at, b.last_active_at,
       (SELECT COUNT(*) FROM orders o WHERE o.member_id = b.member_id AND o.store_id = b.store_id
          AND o.status NOT IN ('cancelled', 'expired')) AS orders,
       (SELECT COALESCE(SUM(o.total_fen), 0) FROM orders o WHERE o.member_id = b.member_id AND o.store_id = b.store_id
          AND o.status IN ('ready_for_pickup', 'picked_up')) AS spend_fen
     FROM customer_bindings b JOIN members m ON m.id = b.member_id";

/// A stored phone that is not one is an internal error, not an empty masked number.
fn customer(r: CustomerRow) -> Result<Customer, Failure> {
    Customer::try_from(r).map_err(|e| Failure::Internal(e.to_string()))
}

/// A guide's customers in their store, the most recently active first.
pub async fn customers_of(ctx: &Ctx, store: &str, guide: &str) -> Result<Vec<Customer>, Failure> {
    let sql = format!("{CUSTOMERS} WHERE b.store_id = ?1 AND b.guide_id = ?2 ORDER BY b.last_active_at DESC LIMIT 500");
    let rows: Vec<CustomerRow> = query!(&ctx.db()?, &sql, store, guide)?.all().await?.results()?;
    rows.into_iter().map(customer).collect()
}

/// One customer of a guide.
pub async fn customer_of(ctx: &Ctx, store: &str, guide: &str, member: &str) -> Result<Option<Customer>, Failure> {
    let sql = format!("{CUSTOMERS} WHERE b.store_id = ?1 AND b.guide_id = ?2 AND b.member_id = ?3");
    let row: Option<CustomerRow> = query!(&ctx.db()?, &sql, store, guide, member)?.first(None).await?;
    row.map(customer).transpose()
}

/// Records a stored-value charge at the counter for the day's figures.
pub async fn record_charge(
    ctx: &Ctx,
    id: &str,
    store: &str,
    member: &str,
    staff: &str,
    amount_fen: i64,
) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT OR IGNORE INTO counter_charges (id, store_id, member_id, staff_id, amount_fen, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        id,
        store,
        member,
        staff,
        amount_fen,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}

/// Moves every customer of `from` in `store` to `to` in one statement, their dates unchanged
/// (so each protection period runs on); answers how many moved.
pub async fn hand_over(ctx: &Ctx, store: &str, from: &str, to: &str) -> Result<u32, Failure> {
    let r = query!(
        &ctx.db()?,
        "UPDATE customer_bindings SET guide_id = ?3 WHERE store_id = ?1 AND guide_id = ?2",
        store,
        from,
        to
    )?
    .run()
    .await?;
    Ok(r.meta()?.and_then(|m| m.changes).unwrap_or(0) as u32)
}
