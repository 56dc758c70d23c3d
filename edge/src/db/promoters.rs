//! Promoters' customers and red envelopes in D1 (migration 0021).

use super::members::{INSERT_MEMBER, MemberRow, by_phone};
use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
pub use shared::order::EnvelopeRow;
use shared::promoter::PromotedCustomer;
use worker::query;

/// A promoted customer's row; `state` is `None` until their first order was paid.
#[derive(Deserialize)]
pub struct PromotedRow {
    pub member_id: String,
    pub promoter: String,
    pub state: Option<String>,
    pub version: i64,
    #[serde(with = "shared::instant::stored")]
    pub joined_at: chrono::DateTime<chrono::Utc>,
}

impl PromotedRow {
    /// The commissions as stored (an unreadable state fails the read, never resets it).
    pub fn customer(&self) -> Result<Option<PromotedCustomer>, Failure> {
        self.state
            .as_deref()
            .map(|s| {
                serde_json::from_str(s).map_err(|e| Failure::Internal(format!("promoted {}: {e}", self.member_id)))
            })
            .transpose()
    }
}

/// Inserts a member brought by staff member `promoter` and records them as the promoter's, in
/// one transaction; `None` when the phone is taken.
pub async fn insert_member(
    ctx: &Ctx,
    phone: &str,
    name: &str,
    password_hash: &str,
    referred_by: Option<&str>,
    promoter: &str,
) -> Result<Option<MemberRow>, Failure> {
    let db = ctx.db()?;
    let now = ctx.now.to_rfc3339();
    let results = db
        .batch(vec![
            query!(&db, INSERT_MEMBER, phone, name, password_hash, &now, referred_by)?,
            query!(
                &db,
                "INSERT INTO promoted_customers (member_id, promoter, joined_at)
                 SELECT id, ?2, ?3 FROM members WHERE phone = ?1 AND created_at = ?4
                 ON CONFLICT(member_id) DO NOTHING",
                phone,
                promoter,
                stored_time(ctx.now),
                &now
            )?,
        ])
        .await?;
    let inserted = results.first().and_then(|r| r.meta().ok().flatten()).and_then(|m| m.changes).unwrap_or(0) > 0;
    if !inserted {
        return Ok(None);
    }
    by_phone(ctx, phone).await
}

pub async fn of_member(ctx: &Ctx, member_id: &str) -> Result<Option<PromotedRow>, Failure> {
    Ok(query!(&ctx.db()?, "SELECT * FROM promoted_customers WHERE member_id = ?1", member_id)?.first(None).await?)
}

/// Saves `customer` if nobody saved it since `version` was read; `false` when someone did.
pub async fn save(ctx: &Ctx, customer: &PromotedCustomer, version: i64) -> Result<bool, Failure> {
    let state = serde_json::to_string(customer)?;
    let result = query!(
        &ctx.db()?,
        "UPDATE promoted_customers SET state = ?2, version = version + 1 WHERE member_id = ?1 AND version = ?3",
        customer.member().as_str(),
        state,
        version
    )?
    .run()
    .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// A promoted customer with their name, for the promoter's list.
#[derive(Deserialize)]
pub struct CustomerRow {
    #[serde(flatten)]
    pub row: PromotedRow,
    pub name: String,
}

/// The promoter's customers, newest first (up to 500).
pub async fn of_promoter(ctx: &Ctx, promoter: &str) -> Result<Vec<CustomerRow>, Failure> {
    Ok(query!(
        &ctx.db()?,
        "SELECT p.*, m.name FROM promoted_customers p JOIN members m ON m.id = p.member_id
         WHERE p.promoter = ?1 ORDER BY p.joined_at DESC LIMIT 500",
        promoter
    )?
    .all()
    .await?
    .results()?)
}

#[derive(Deserialize)]
struct PickedUp {
    id: String,
    #[serde(with = "shared::instant::stored")]
    picked_up_at: chrono::DateTime<chrono::Utc>,
}

/// When each of the member's collected orders was picked up.
pub async fn pickups(ctx: &Ctx, member_id: &str) -> Result<Vec<(String, chrono::DateTime<chrono::Utc>)>, Failure> {
    let rows: Vec<PickedUp> = query!(
        &ctx.db()?,
        "SELECT id, picked_up_at FROM orders WHERE member_id = ?1 AND picked_up_at IS NOT NULL",
        member_id
    )?
    .all()
    .await?
    .results()?;
    Ok(rows.into_iter().map(|r| (r.id, r.picked_up_at)).collect())
}

pub async fn record_envelope(
    ctx: &Ctx,
    id: &str,
    order: &str,
    buyer: &str,
    shares: u16,
    total: u64,
) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT OR IGNORE INTO red_envelopes (id, order_id, buyer_id, shares, total_fen, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        id,
        order,
        buyer,
        shares,
        total as i64,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}

pub async fn envelope_of_order(ctx: &Ctx, order: &str) -> Result<Option<EnvelopeRow>, Failure> {
    Ok(query!(&ctx.db()?, "SELECT id, shares, total_fen FROM red_envelopes WHERE order_id = ?1", order)?
        .first(None)
        .await?)
}
