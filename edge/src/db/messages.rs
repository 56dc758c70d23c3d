//! The inbox and push subscriptions in D1 (migration 0022).

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use shared::reminders::{DedupeKey, Letter, Scheduled};
use worker::query;

pub use shared::reminders::MessageRow;

const SELECT: &str =
    "SELECT id, recipient, kind, title, body, link, due_at, read_at IS NOT NULL AS is_read FROM messages";

/// Writes `message` as `id` unless one with its dedupe key exists; whether it was new.
pub async fn insert(ctx: &Ctx, id: &str, message: &Scheduled, letter: &Letter) -> Result<bool, Failure> {
    let r = query!(
        &ctx.db()?,
        "INSERT OR IGNORE INTO messages (id, recipient, kind, subject, title, body, link, due_at, created_at, dedupe_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        id,
        message.recipient(),
        message.kind().as_str(),
        message.subject(),
        letter.title(),
        letter.body(),
        letter.link(),
        stored_time(message.due()),
        stored_time(ctx.now),
        message.key().as_str()
    )?
    .run()
    .await?;
    Ok(r.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// `recipient`'s messages due by now, newest first (up to 100).
pub async fn inbox(ctx: &Ctx, recipient: &str) -> Result<Vec<MessageRow>, Failure> {
    let sql = format!("{SELECT} WHERE recipient = ?1 AND due_at <= ?2 ORDER BY due_at DESC, id DESC LIMIT 100");
    Ok(query!(&ctx.db()?, &sql, recipient, stored_time(ctx.now))?.all().await?.results()?)
}

/// Marks one of `recipient`'s due messages read; whether it is theirs.
pub async fn mark_read(ctx: &Ctx, recipient: &str, id: &str) -> Result<bool, Failure> {
    let db = ctx.db()?;
    query!(
        &db,
        "UPDATE messages SET read_at = ?3 WHERE id = ?1 AND recipient = ?2 AND read_at IS NULL AND due_at <= ?3",
        id,
        recipient,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    #[derive(Deserialize)]
    struct Found {
        n: i64,
    }
    let found: Option<Found> = query!(
        &db,
        "SELECT COUNT(*) AS n FROM messages WHERE id = ?1 AND recipient = ?2 AND due_at <= ?3",
        id,
        recipient,
        stored_time(ctx.now)
    )?
    .first(None)
    .await?;
    Ok(found.is_some_and(|f| f.n > 0))
}

/// Due messages not yet pushed (at most `limit`), oldest first, each claimed by setting its
/// `pushed_at` so two passes never push one twice.
pub async fn claim_unpushed(ctx: &Ctx, limit: u32) -> Result<Vec<MessageRow>, Failure> {
    let now = stored_time(ctx.now);
    let sql = "UPDATE messages SET pushed_at = ?1 WHERE id IN
           (SELECT id FROM messages WHERE pushed_at IS NULL AND due_at <= ?1 ORDER BY due_at LIMIT ?2)
         RETURNING id, recipient, kind, title, body, link, due_at, read_at IS NOT NULL AS is_read";
    Ok(query!(&ctx.db()?, sql, now, limit)?.all().await?.results()?)
}

/// A stored push subscription.
#[derive(Deserialize)]
pub struct SubscriptionRow {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

/// Records (or moves to `recipient`) the browser subscription at `endpoint`.
pub async fn subscribe(ctx: &Ctx, recipient: &str, endpoint: &str, p256dh: &str, auth: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT INTO push_subscriptions (endpoint, recipient, p256dh, auth, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(endpoint) DO UPDATE SET recipient = ?2, p256dh = ?3, auth = ?4, created_at = ?5",
        endpoint,
        recipient,
        p256dh,
        auth,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}

/// `recipient`'s browsers.
pub async fn subscriptions(ctx: &Ctx, recipient: &str) -> Result<Vec<SubscriptionRow>, Failure> {
    Ok(query!(
        &ctx.db()?,
        "SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE recipient = ?1 LIMIT 20",
        recipient
    )?
    .all()
    .await?
    .results()?)
}

/// Forgets a subscription its push service says is gone.
pub async fn unsubscribe(ctx: &Ctx, endpoint: &str) -> Result<(), Failure> {
    query!(&ctx.db()?, "DELETE FROM push_subscriptions WHERE endpoint = ?1", endpoint)?.run().await?;
    Ok(())
}

/// Claims message `id` for its push (sets `pushed_at`); `false` if a pass already did.
pub async fn claim(ctx: &Ctx, id: &str) -> Result<bool, Failure> {
    let r = query!(
        &ctx.db()?,
        "UPDATE messages SET pushed_at = ?2 WHERE id = ?1 AND pushed_at IS NULL",
        id,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(r.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// Withdraws the message with `key` if it is not yet due (a reminder no longer wanted).
pub async fn withdraw(ctx: &Ctx, key: &DedupeKey) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "DELETE FROM messages WHERE dedupe_key = ?1 AND due_at > ?2",
        key.as_str(),
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}
