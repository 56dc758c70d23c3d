//! Birthdays in D1: setting a member's once, and finding the week's birthdays for the
//! scheduled pass (members due a look for their coupon; guides' customers).

use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use worker::query;

/// Sets `member`'s birthday if they have none; false when one was already set.
pub async fn set_once(ctx: &Ctx, member: &str, birthday: &str) -> Result<bool, Failure> {
    let r =
        query!(&ctx.db()?, "UPDATE members SET birthday = ?2 WHERE id = ?1 AND birthday IS NULL", member, birthday)?
            .run()
            .await?;
    Ok(r.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// A member with a birthday.
#[derive(Clone, Debug, Deserialize)]
pub struct Born {
    pub id: String,
    pub birthday: String,
}

/// Members born on one of `month_days` (`MM-DD`) not yet looked at on `today`, at most `limit`.
pub async fn due_a_look(ctx: &Ctx, month_days: &[String], today: &str, limit: u32) -> Result<Vec<Born>, Failure> {
    let days = serde_json::to_string(month_days).map_err(|e| Failure::Internal(e.to_string()))?;
    Ok(query!(
        &ctx.db()?,
        "SELECT id, birthday FROM members
         WHERE birthday IS NOT NULL AND substr(birthday, 6) IN (SELECT value FROM json_each(?1))
           AND (birthday_checked_on IS NULL OR birthday_checked_on < ?2)
         ORDER BY id LIMIT ?3",
        days,
        today,
        limit
    )?
    .all()
    .await?
    .results()?)
}

/// Records that `member` was looked at on `today`.
pub async fn looked_at(ctx: &Ctx, member: &str, today: &str) -> Result<(), Failure> {
    query!(&ctx.db()?, "UPDATE members SET birthday_checked_on = ?2 WHERE id = ?1", member, today)?.run().await?;
    Ok(())
}

/// A store and its offset from UTC.
#[derive(Clone, Debug, Deserialize)]
pub struct StoreClock {
    pub id: String,
    pub utc_offset_minutes: i32,
}

pub async fn store_clocks(ctx: &Ctx) -> Result<Vec<StoreClock>, Failure> {
    Ok(ctx.db()?.prepare("SELECT id, utc_offset_minutes FROM stores ORDER BY id").all().await?.results()?)
}

/// A guide's customer with a birthday this week.
#[derive(Clone, Debug, Deserialize)]
pub struct CustomerBorn {
    pub guide_id: String,
    pub name: String,
}

/// The active guides of `store` with customers born on one of `month_days`, with those
/// customers, skipping guides whose message `key_tail` (the dedupe key without its recipient)
/// is written already: a second pass of the day reads nothing.
pub async fn guides_customers(
    ctx: &Ctx,
    store: &str,
    month_days: &[String],
    key_tail: &str,
) -> Result<Vec<CustomerBorn>, Failure> {
    let days = serde_json::to_string(month_days).map_err(|e| Failure::Internal(e.to_string()))?;
    Ok(query!(
        &ctx.db()?,
        "SELECT b.guide_id, m.name FROM customer_bindings b
         JOIN members m ON m.id = b.member_id
         JOIN staff s ON s.id = b.guide_id AND s.disabled_at IS NULL
         WHERE b.store_id = ?1 AND m.birthday IS NOT NULL
           AND substr(m.birthday, 6) IN (SELECT value FROM json_each(?2))
           AND NOT EXISTS (SELECT 1 FROM messages WHERE dedupe_key = b.guide_id || ?3)
         ORDER BY b.guide_id, substr(m.birthday, 6), m.name",
        store,
        days,
        key_tail
    )?
    .all()
    .await?
    .results()?)
}
