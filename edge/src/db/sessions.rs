//! Sessions (so tokens can be revoked), in D1.

use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use worker::query;

pub async fn create(ctx: &Ctx, id: &str, kind: &str, subject: &str, expires_at: DateTime<Utc>) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT INTO sessions (id, kind, subject, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        id,
        kind,
        subject,
        ctx.now.to_rfc3339(),
        expires_at.to_rfc3339()
    )?
    .run()
    .await?;
    Ok(())
}

#[derive(Deserialize)]
struct SessionRow {
    revoked_at: Option<String>,
}

/// Whether the session exists and was not revoked (expiry is checked on the token itself).
pub async fn is_live(ctx: &Ctx, id: &str) -> Result<bool, Failure> {
    let row: Option<SessionRow> =
        query!(&ctx.db()?, "SELECT revoked_at FROM sessions WHERE id = ?1", id)?.first(None).await?;
    Ok(row.is_some_and(|r| r.revoked_at.is_none()))
}

pub async fn revoke(ctx: &Ctx, id: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "UPDATE sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        id,
        ctx.now.to_rfc3339()
    )?
    .run()
    .await?;
    Ok(())
}

/// Deletes up to `limit` sessions that expired before `before`; returns how many went.
/// (A token carries its own expiry, so an expired row only remembers a revocation no one needs.)
pub async fn prune(ctx: &Ctx, before: DateTime<Utc>, limit: u32) -> Result<u32, Failure> {
    let result = query!(
        &ctx.db()?,
        "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < ?1 ORDER BY expires_at LIMIT ?2)",
        before.to_rfc3339(),
        limit
    )?
    .run()
    .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) as u32)
}
