//! The audit log in D1: append-only (see `shared::audit` and migration 0009). Each action is
//! written before it runs and its outcome after, so an action that happened is never missing.

use crate::ctx::Ctx;
use crate::http::Failure;
use shared::audit::{AuditEntry, AuditRow, AuditView};
use worker::query;

/// Appends one row for `e` with `outcome` (`requested`, `done` or `refused`); a repeat adds
/// nothing.
async fn append(ctx: &Ctx, e: &AuditEntry, outcome: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT INTO audit_log (at, store_id, staff_id, action, subject, detail, ref, outcome)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (ref, outcome) DO NOTHING",
        e.at.to_rfc3339(),
        &e.store_id,
        &e.staff_id,
        e.action.as_str(),
        &e.subject,
        &e.detail,
        &e.reference,
        outcome
    )?
    .run()
    .await?;
    Ok(())
}

/// Runs `action` as the audited action `e`: written down first (so it cannot happen unlogged),
/// then its outcome. A refusal is logged as refused; a failure on our side leaves the entry
/// unconfirmed. Writing the outcome may fail without undoing what happened: the entry then
/// reads as unconfirmed.
pub async fn around<T>(
    ctx: &Ctx,
    e: &AuditEntry,
    action: impl std::future::Future<Output = Result<T, Failure>>,
) -> Result<T, Failure> {
    append(ctx, e, "requested").await?;
    let result = action.await;
    let outcome = match &result {
        Ok(_) => Some("done"),
        Err(Failure::Api(_) | Failure::Limited(..)) => Some("refused"),
        Err(Failure::Internal(_)) => None,
    };
    if let Some(outcome) = outcome
        && let Err(err) = append(ctx, e, outcome).await
    {
        worker::console_error!("audit outcome of {}: {err:?}", e.reference);
    }
    result
}

/// A store's actions between two instants, newest first (at most 1,000); those only ever
/// refused are left out (a retry refused after the action was done leaves it done).
pub async fn of_store(
    ctx: &Ctx,
    store_id: &str,
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<AuditView>, Failure> {
    let rows: Vec<AuditRow> = query!(
        &ctx.db()?,
        "SELECT r.at, r.store_id, r.staff_id, r.action, r.subject, r.detail,
                EXISTS (SELECT 1 FROM audit_log o WHERE o.ref = r.ref AND o.outcome = 'done') AS done
         FROM audit_log r
         WHERE r.outcome = 'requested' AND r.store_id = ?1 AND r.at >= ?2 AND r.at < ?3
           AND (EXISTS (SELECT 1 FROM audit_log o WHERE o.ref = r.ref AND o.outcome = 'done')
                OR NOT EXISTS (SELECT 1 FROM audit_log o WHERE o.ref = r.ref AND o.outcome = 'refused'))
         ORDER BY r.at DESC, r.seq DESC LIMIT 1000",
        store_id,
        from.to_rfc3339(),
        to.to_rfc3339()
    )?
    .all()
    .await?
    .results()?;
    rows.into_iter().map(|r| r.view().map_err(|e| Failure::Internal(e.to_string()))).collect()
}
