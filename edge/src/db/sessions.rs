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

/// A session's row as far as a token check needs it; the revocation instant is parsed here, at
/// the boundary (a malformed one is an internal error, not a live session).
#[derive(Deserialize)]
struct SessionRow {
    #[serde(default, with = "shared::instant::stored_opt")]
    revoked_at: Option<DateTime<Utc>>,
}

/// Whether the session exists and was not revoked (expiry is checked on the token itself).
pub async fn is_live(ctx: &Ctx, id: &str) -> Result<bool, Failure> {
    live(is_live_read(&ctx.db()?, id)?.all().await?)
}

/// [`is_live`]'s statement, to run alone or in a batch ([`live`] reads it).
pub fn is_live_read(db: &worker::D1Database, id: &str) -> Result<worker::D1PreparedStatement, Failure> {
    Ok(query!(db, "SELECT revoked_at FROM sessions WHERE id = ?1", id)?)
}

/// What [`is_live_read`] found.
pub fn live(result: worker::D1Result) -> Result<bool, Failure> {
    Ok(result.results::<SessionRow>()?.first().is_some_and(|r| r.revoked_at.is_none()))
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

#[cfg(test)]
mod tests {
    use super::SessionRow;

    #[test]
    fn a_revocation_is_read_as_an_instant_and_a_malformed_one_is_an_error() {
        let live: SessionRow = serde_json::from_value(serde_json::json!({ "revoked_at": null })).expect("reads");
        assert!(live.revoked_at.is_none());
        let revoked: SessionRow =
            serde_json::from_value(serde_json::json!({ "revoked_at": "2026-11-30T08:00:00+00:00" })).expect("reads");
        assert_eq!(revoked.revoked_at.map(|t| t.timestamp()), Some(1_796_025_600));
        assert!(serde_json::from_value::<SessionRow>(serde_json::json!({ "revoked_at": "yesterday" })).is_err());
    }
}
