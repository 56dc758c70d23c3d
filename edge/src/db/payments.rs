//! Gateway payments in D1.

use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use shared::Fen;
use shared::kinds::{PaymentKind, PaymentMethod, PaymentStatus};
use shared::upkeep::UpkeepPolicy;
use worker::query;

pub use shared::payment::PaymentRow;

/// A payment about to be requested from the gateway.
pub struct NewPayment<'a> {
    pub id: &'a str,
    pub member_id: &'a str,
    pub kind: PaymentKind,
    pub reference: &'a str,
    pub amount: Fen,
    pub method: PaymentMethod,
    pub prepay_id: &'a str,
}

/// Records a new pending payment; false if the id exists already (an idempotent retry).
pub async fn insert(ctx: &Ctx, p: &NewPayment<'_>) -> Result<bool, Failure> {
    let NewPayment { id, member_id, kind, reference, amount, method, prepay_id } = *p;
    let result = query!(
        &ctx.db()?,
        "INSERT INTO payments (id, member_id, kind, reference, amount_fen, method, status, prepay_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8) ON CONFLICT(id) DO NOTHING",
        id,
        member_id,
        kind.as_str(),
        reference,
        amount.get(),
        method.as_str(),
        prepay_id,
        ctx.now.to_rfc3339()
    )?
    .run()
    .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

pub async fn by_id(ctx: &Ctx, id: &str) -> Result<Option<PaymentRow>, Failure> {
    Ok(query!(&ctx.db()?, "SELECT * FROM payments WHERE id = ?1", id)?.first(None).await?)
}

/// Moves a pending payment to `status` (once).
pub async fn settle(
    ctx: &Ctx,
    id: &str,
    status: PaymentStatus,
    transaction_id: &str,
    at: DateTime<Utc>,
) -> Result<bool, Failure> {
    let result = query!(
        &ctx.db()?,
        "UPDATE payments SET status = ?2, transaction_id = ?3, paid_at = ?4 WHERE id = ?1 AND status = 'pending'",
        id,
        status.as_str(),
        transaction_id,
        at.to_rfc3339()
    )?
    .run()
    .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// A stored-value debit went through: the payment succeeded, whether it was still pending or
/// had been given up on (a declined first try, or a repair pass that found no debit yet).
pub async fn settle_debit(ctx: &Ctx, id: &str, at: DateTime<Utc>) -> Result<bool, Failure> {
    let result = query!(
        &ctx.db()?,
        "UPDATE payments SET status = 'succeeded', transaction_id = 'stored-value', paid_at = ?2
         WHERE id = ?1 AND status IN ('pending', 'failed')",
        id,
        at.to_rfc3339()
    )?
    .run()
    .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// A failed stored-value payment is tried again (the member topped up, say): pending again.
pub async fn reopen(ctx: &Ctx, id: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "UPDATE payments SET status = 'pending', paid_at = NULL WHERE id = ?1 AND status = 'failed'",
        id
    )?
    .run()
    .await?;
    Ok(())
}

/// Stamps that a repair pass is trying the payment now (the pass takes the least recently
/// tried first, so a payment that keeps failing cannot block the others).
pub async fn mark_attempted(ctx: &Ctx, id: &str) -> Result<(), Failure> {
    query!(&ctx.db()?, "UPDATE payments SET attempted_at = ?2 WHERE id = ?1", id, ctx.now.to_rfc3339())?.run().await?;
    Ok(())
}

/// Stamps a settled payment's effect as applied.
pub async fn mark_applied(ctx: &Ctx, id: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "UPDATE payments SET applied_at = ?2 WHERE id = ?1 AND applied_at IS NULL",
        id,
        ctx.now.to_rfc3339()
    )?
    .run()
    .await?;
    Ok(())
}

/// Settled payments whose effect was not applied (a crash in between), least recently tried
/// first (never tried before any tried), then oldest first.
pub async fn unapplied(ctx: &Ctx) -> Result<Vec<PaymentRow>, Failure> {
    Ok(query!(
        &ctx.db()?,
        "SELECT * FROM payments WHERE status = 'succeeded' AND applied_at IS NULL
         ORDER BY attempted_at, created_at LIMIT 100"
    )
    .all()
    .await?
    .results()?)
}

/// Stored-value order payments left pending past the policy's settle horizon: their debit may have gone
/// through without the settlement being recorded. Least recently tried first, then oldest.
pub async fn stale_balance_payments(ctx: &Ctx) -> Result<Vec<PaymentRow>, Failure> {
    let before = UpkeepPolicy::standard().settle_before(ctx.now).to_rfc3339();
    Ok(query!(
        &ctx.db()?,
        "SELECT * FROM payments WHERE status = 'pending' AND method = 'balance' AND created_at < ?1
         ORDER BY attempted_at, created_at LIMIT 100",
        before
    )?
    .all()
    .await?
    .results()?)
}
