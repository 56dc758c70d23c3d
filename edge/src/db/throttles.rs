//! Throttle counters in D1 (rules in `shared::throttle`). Each attempt is counted by one
//! upsert that opens a new window when the old one is not current (`Rule::count` says when),
//! adds the attempt, and answers the resulting tally; D1 runs statements one at a time, so concurrent attempts get distinct
//! tallies and the decision needs no read-then-write.

use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use shared::throttle::{Counter, Tally};
use worker::query;

#[derive(Deserialize)]
struct TallyRow {
    resets_at: i64,
    attempts: i64,
}

/// Counts one attempt under every counter, in one transaction; the tallies come back in order.
pub async fn count(ctx: &Ctx, counters: &[Counter]) -> Result<Vec<Tally>, Failure> {
    let db = ctx.db()?;
    let now = ctx.now.timestamp_millis();
    let mut batch = Vec::with_capacity(counters.len());
    for c in counters {
        batch.push(query!(
            &db,
            "INSERT INTO throttles (key, resets_at, attempts) VALUES (?1, ?3, 1)
             ON CONFLICT(key) DO UPDATE SET
               attempts = CASE WHEN throttles.resets_at <= ?2 OR throttles.resets_at > ?4
                          THEN 1 ELSE throttles.attempts + 1 END,
               resets_at = CASE WHEN throttles.resets_at <= ?2 OR throttles.resets_at > ?4
                           THEN ?3 ELSE throttles.resets_at END
             RETURNING resets_at, attempts",
            &c.key,
            now,
            c.rule.window_end(ctx.now),
            c.rule.latest_current_end(ctx.now)
        )?);
    }
    let mut tallies = Vec::with_capacity(counters.len());
    for result in db.batch(batch).await? {
        let rows: Vec<TallyRow> = result.results()?;
        let row = rows.into_iter().next().ok_or_else(|| Failure::Internal("throttle upsert returned no row".into()))?;
        tallies.push(Tally { resets_at: row.resets_at, attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX) });
    }
    if tallies.len() != counters.len() {
        return Err(Failure::Internal("throttle batch came back short".into()));
    }
    Ok(tallies)
}

/// Takes back the attempts counted as `tallies` (after a success), each only in the window it
/// was counted in, so a success never erases other attempts' failures.
pub async fn undo(ctx: &Ctx, counters: &[Counter], tallies: &[Tally]) -> Result<(), Failure> {
    let db = ctx.db()?;
    let mut batch = Vec::with_capacity(counters.len());
    for (c, t) in counters.iter().zip(tallies) {
        batch.push(query!(
            &db,
            "UPDATE throttles SET attempts = attempts - 1 WHERE key = ?1 AND resets_at = ?2 AND attempts > 0",
            &c.key,
            t.resets_at
        )?);
    }
    if !batch.is_empty() {
        db.batch(batch).await?;
    }
    Ok(())
}

/// Deletes up to `limit` counters whose window has ended; returns how many went.
pub async fn prune(ctx: &Ctx, limit: u32) -> Result<u32, Failure> {
    let result = query!(
        &ctx.db()?,
        "DELETE FROM throttles WHERE key IN (SELECT key FROM throttles WHERE resets_at <= ?1 LIMIT ?2)",
        ctx.now.timestamp_millis(),
        limit
    )?
    .run()
    .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) as u32)
}
