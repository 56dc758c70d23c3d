//! Sessions (so tokens can be revoked) and sign-in throttling, in D1.

use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::throttle::{Rule, Window};
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

#[derive(Deserialize)]
struct ThrottleRow {
    window_start: String,
    failures: u32,
}

async fn window(ctx: &Ctx, key: &str) -> Result<Option<Window>, Failure> {
    let row: Option<ThrottleRow> =
        query!(&ctx.db()?, "SELECT window_start, failures FROM throttle WHERE key = ?1", key)?.first(None).await?;
    Ok(row.and_then(|r| {
        let start = DateTime::parse_from_rfc3339(&r.window_start).ok()?.with_timezone(&Utc);
        Some(Window { start, failures: r.failures })
    }))
}

/// `Err(seconds to wait)` while `key` is locked out under `rule`.
pub async fn check(ctx: &Ctx, key: &str, rule: Rule) -> Result<Result<(), u64>, Failure> {
    Ok(rule.check(window(ctx, key).await?, ctx.now))
}

/// Counts one failure for `key`.
pub async fn fail(ctx: &Ctx, key: &str, rule: Rule) -> Result<(), Failure> {
    let next = rule.fail(window(ctx, key).await?, ctx.now);
    query!(
        &ctx.db()?,
        "INSERT OR REPLACE INTO throttle (key, window_start, failures) VALUES (?1, ?2, ?3)",
        key,
        next.start.to_rfc3339(),
        next.failures
    )?
    .run()
    .await?;
    Ok(())
}

/// Forgets failures after a success.
pub async fn clear(ctx: &Ctx, key: &str) -> Result<(), Failure> {
    query!(&ctx.db()?, "DELETE FROM throttle WHERE key = ?1", key)?.run().await?;
    Ok(())
}
