//! The catalog version the shared cache's keys carry (`shared::catalog_cache`).

use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use worker::query;

#[derive(Deserialize)]
struct Row {
    version: i64,
}

/// The current version (0 before any bump).
pub async fn read(ctx: &Ctx) -> Result<i64, Failure> {
    let row: Option<Row> = query!(&ctx.db()?, "SELECT version FROM catalog_version WHERE id = 1").first(None).await?;
    Ok(row.map_or(0, |r| r.version))
}

/// Moves the version forward as `shared::catalog_cache::next_version` says (`floor` is the
/// clock in ms) and returns the new one. The row is written even if a reseed removed it.
pub async fn bump(ctx: &Ctx, floor: i64) -> Result<i64, Failure> {
    let row: Option<Row> = query!(
        &ctx.db()?,
        "INSERT INTO catalog_version (id, version) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET version = max(version + 1, excluded.version)
         RETURNING version",
        floor
    )?
    .first(None)
    .await?;
    Ok(row.map_or(floor, |r| r.version))
}
