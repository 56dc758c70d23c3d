//! Staff records as managers and head office change them.

use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use shared::kinds::StaffRole;
use shared::staff_ops::StaffMember;
use worker::query;

#[derive(Deserialize)]
struct Row {
    id: String,
    name: String,
    store_id: String,
    role: StaffRole,
    disabled_at: Option<String>,
}

impl From<Row> for StaffMember {
    fn from(r: Row) -> StaffMember {
        StaffMember { id: r.id, name: r.name, store_id: r.store_id, role: r.role, disabled: r.disabled_at.is_some() }
    }
}

/// One staff member, disabled or not.
pub async fn one(ctx: &Ctx, id: &str) -> Result<Option<StaffMember>, Failure> {
    let row: Option<Row> =
        query!(&ctx.db()?, "SELECT id, name, store_id, role, disabled_at FROM staff WHERE id = ?1", id)?
            .first(None)
            .await?;
    Ok(row.map(StaffMember::from))
}

/// Staff of one store, or of every store.
pub async fn list(ctx: &Ctx, store: Option<&str>) -> Result<Vec<StaffMember>, Failure> {
    let rows: Vec<Row> = query!(
        &ctx.db()?,
        "SELECT id, name, store_id, role, disabled_at FROM staff WHERE ?1 IS NULL OR store_id = ?1 ORDER BY store_id, id",
        store
    )?
    .all()
    .await?
    .results()?;
    Ok(rows.into_iter().map(StaffMember::from).collect())
}

/// Adds a staff member; false when the staff number is taken.
pub async fn insert(ctx: &Ctx, m: &StaffMember, password_hash: &str) -> Result<bool, Failure> {
    let done = query!(
        &ctx.db()?,
        "INSERT INTO staff (id, name, store_id, role, password_hash) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO NOTHING",
        &m.id,
        &m.name,
        &m.store_id,
        m.role.as_str(),
        password_hash
    )?
    .run()
    .await?;
    Ok(done.meta()?.and_then(|meta| meta.changes).unwrap_or(0) > 0)
}

/// Ends every session of a staff member, and with it every token they hold.
fn revoke_all(db: &worker::D1Database, id: &str, now: &str) -> Result<worker::D1PreparedStatement, Failure> {
    Ok(query!(
        db,
        "UPDATE sessions SET revoked_at = ?2 WHERE kind = 'staff' AND subject = ?1 AND revoked_at IS NULL",
        id,
        now
    )?)
}

/// Disables a staff member and revokes their sessions, in one transaction.
pub async fn disable(ctx: &Ctx, id: &str) -> Result<(), Failure> {
    let db = ctx.db()?;
    let now = ctx.now.to_rfc3339();
    let mark = query!(&db, "UPDATE staff SET disabled_at = COALESCE(disabled_at, ?2) WHERE id = ?1", id, &now)?;
    db.batch(vec![mark, revoke_all(&db, id, &now)?]).await?;
    Ok(())
}

/// Sets a new password hash and revokes the sessions opened with the old one.
pub async fn set_password(ctx: &Ctx, id: &str, password_hash: &str) -> Result<(), Failure> {
    let db = ctx.db()?;
    let now = ctx.now.to_rfc3339();
    let set = query!(&db, "UPDATE staff SET password_hash = ?2 WHERE id = ?1", id, password_hash)?;
    db.batch(vec![set, revoke_all(&db, id, &now)?]).await?;
    Ok(())
}
