//! The audit log in D1: append-only, one row per staff action (see `shared::audit`).

use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use shared::audit::{AuditAction, AuditEntry, AuditView};
use worker::{D1Database, D1PreparedStatement, query};

/// The insert of one entry, for a batch that also makes the change it records (so the action
/// and its entry are written together or not at all). A repeated reference adds nothing.
pub fn statement(db: &D1Database, e: &AuditEntry) -> Result<D1PreparedStatement, Failure> {
    Ok(query!(
        db,
        "INSERT INTO audit_log (at, store_id, staff_id, action, subject, detail, ref) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (ref) DO NOTHING",
        e.at.to_rfc3339(),
        &e.store_id,
        &e.staff_id,
        e.action.as_str(),
        &e.subject,
        &e.detail,
        &e.reference
    )?)
}

/// Records one entry on its own: for actions a Durable Object made, recorded right after the
/// object confirmed them. A retry of the action (the same reference) records it once.
pub async fn record(ctx: &Ctx, e: &AuditEntry) -> Result<(), Failure> {
    statement(&ctx.db()?, e)?.run().await?;
    Ok(())
}

#[derive(Deserialize)]
struct Row {
    at: String,
    store_id: String,
    staff_id: String,
    action: String,
    subject: String,
    detail: String,
}

/// A store's entries between two instants, newest first (at most 1,000).
pub async fn of_store(
    ctx: &Ctx,
    store_id: &str,
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<AuditView>, Failure> {
    let rows: Vec<Row> = query!(
        &ctx.db()?,
        "SELECT at, store_id, staff_id, action, subject, detail FROM audit_log
         WHERE store_id = ?1 AND at >= ?2 AND at < ?3 ORDER BY at DESC, seq DESC LIMIT 1000",
        store_id,
        from.to_rfc3339(),
        to.to_rfc3339()
    )?
    .all()
    .await?
    .results()?;
    rows.into_iter()
        .map(|r| {
            let action = AuditAction::parse(&r.action)
                .ok_or_else(|| Failure::Internal(format!("audit row with unknown action {}", r.action)))?;
            let at = chrono::DateTime::parse_from_rfc3339(&r.at)
                .map_err(|_| Failure::Internal(format!("audit row with unreadable time {}", r.at)))?
                .with_timezone(&chrono::Utc);
            Ok(AuditView {
                at,
                store_id: r.store_id,
                staff_id: r.staff_id,
                action,
                subject: r.subject,
                detail: r.detail,
            })
        })
        .collect()
}

/// An entry for an action `staff` took now at their store.
pub fn entry(
    ctx: &Ctx,
    staff: &crate::auth::StaffAuth,
    action: AuditAction,
    subject: impl Into<String>,
    detail: impl Into<String>,
    reference: impl Into<String>,
) -> AuditEntry {
    AuditEntry {
        at: ctx.now,
        store_id: staff.store_id.clone(),
        staff_id: staff.staff_id.clone(),
        action,
        subject: subject.into(),
        detail: detail.into(),
        reference: reference.into(),
    }
}
