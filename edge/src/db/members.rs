//! Members and staff in D1.

use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use worker::query;

pub use shared::member::MemberRow;

/// A staff member's row; a role other than the known ones fails the read.
#[derive(Clone, Debug, Deserialize)]
pub struct StaffRow {
    pub id: String,
    pub name: String,
    pub store_id: String,
    pub role: shared::kinds::StaffRole,
    pub password_hash: String,
}

pub async fn by_phone(ctx: &Ctx, phone: &str) -> Result<Option<MemberRow>, Failure> {
    Ok(query!(&ctx.db()?, "SELECT * FROM members WHERE phone = ?1", phone)?.first(None).await?)
}

pub async fn by_id(ctx: &Ctx, id: &str) -> Result<Option<MemberRow>, Failure> {
    Ok(query!(&ctx.db()?, "SELECT * FROM members WHERE id = ?1", id)?.first(None).await?)
}

/// Inserts a member with the next serial, the id (`M` + serial) and the virtual card number
/// (`6688` + serial), computed in the statement itself; a taken phone inserts nothing.
pub(super) const INSERT_MEMBER: &str =
    "INSERT INTO members (id, serial, phone, name, password_hash, card_no, created_at, referred_by)
     SELECT 'M' || n, n, ?1, ?2, ?3, printf('6688%012d', n), ?4, ?5
     FROM (SELECT COALESCE(MAX(serial), 10000000) + 1 AS n FROM members) WHERE true
     ON CONFLICT(phone) DO NOTHING";

/// Inserts a member with the next serial; `None` when the phone is taken. The serial, the id
/// (`M` + serial) and the virtual card number (`6688` + serial) come from one statement, so
/// two registrations at once cannot get the same serial.
pub async fn insert(
    ctx: &Ctx,
    phone: &str,
    name: &str,
    password_hash: &str,
    referred_by: Option<&str>,
) -> Result<Option<MemberRow>, Failure> {
    let db = ctx.db()?;
    let now = ctx.now.to_rfc3339();
    let result = query!(&db, INSERT_MEMBER, phone, name, password_hash, now, referred_by)?.run().await?;
    let inserted = result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0;
    if !inserted {
        return Ok(None);
    }
    by_phone(ctx, phone).await
}

/// Records the linked plastic card on the member (once).
pub async fn set_physical_card(ctx: &Ctx, member_id: &str, card_no: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "UPDATE members SET physical_card_no = ?2 WHERE id = ?1 AND physical_card_no IS NULL",
        member_id,
        card_no
    )?
    .run()
    .await?;
    Ok(())
}

pub async fn staff_by_id(ctx: &Ctx, id: &str) -> Result<Option<StaffRow>, Failure> {
    Ok(query!(&ctx.db()?, "SELECT * FROM staff WHERE id = ?1 AND disabled_at IS NULL", id)?.first(None).await?)
}

/// A plastic card's row.
#[derive(Clone, Debug, Deserialize)]
pub struct CardRow {
    pub verify_code: String,
    pub points: i64,
    pub member_id: Option<String>,
}

pub async fn physical_card(ctx: &Ctx, card_no: &str) -> Result<Option<CardRow>, Failure> {
    Ok(query!(&ctx.db()?, "SELECT * FROM physical_cards WHERE card_no = ?1", card_no)?.first(None).await?)
}

/// Links a free card to a member; false if someone linked it first.
pub async fn claim_physical_card(ctx: &Ctx, card_no: &str, member_id: &str) -> Result<bool, Failure> {
    let result = query!(
        &ctx.db()?,
        "UPDATE physical_cards SET member_id = ?2, linked_at = ?3 WHERE card_no = ?1 AND member_id IS NULL",
        card_no,
        member_id,
        ctx.now.to_rfc3339()
    )?
    .run()
    .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

#[cfg(feature = "dev")]
/// Seeds staff (with hashed passwords) and plastic cards (with sealed scratch codes) in one
/// batch. A card seeded before codes were sealed gets its sealed code.
pub async fn insert_seed(
    ctx: &Ctx,
    staff: &[(String, String, String, shared::kinds::StaffRole, String)],
    cards: &[shared::api::SeedCard],
) -> Result<(), Failure> {
    let db = ctx.db()?;
    let mut batch = Vec::new();
    for (id, name, store_id, role, hash) in staff {
        batch.push(query!(
            &db,
            "INSERT OR REPLACE INTO staff (id, name, store_id, role, password_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            id,
            name,
            store_id,
            role.as_str(),
            hash
        )?);
    }
    for c in cards {
        batch.push(query!(
            &db,
            "INSERT INTO physical_cards (card_no, verify_code, points) VALUES (?1, ?2, ?3)
             ON CONFLICT(card_no) DO UPDATE SET verify_code = excluded.verify_code",
            &c.card_no,
            &c.verify_code,
            c.points
        )?);
    }
    if !batch.is_empty() {
        db.batch(batch).await?;
    }
    Ok(())
}

#[cfg(feature = "dev")]
/// Inserts members with the given phones (skipping taken ones) in batches; returns
/// `(id, phone)` of each.
pub async fn insert_many(ctx: &Ctx, phones: &[String], password_hash: &str) -> Result<Vec<(String, String)>, Failure> {
    let db = ctx.db()?;
    let now = ctx.now.to_rfc3339();
    for chunk in phones.chunks(100) {
        let mut batch = Vec::with_capacity(chunk.len());
        for phone in chunk {
            batch.push(query!(
                &db,
                INSERT_MEMBER,
                phone,
                format!("压测{}", &phone[phone.len() - 4..]),
                password_hash,
                &now,
                None::<&str>
            )?);
        }
        db.batch(batch).await?;
    }
    #[derive(Deserialize)]
    struct Row {
        id: String,
        phone: String,
    }
    let mut out = Vec::with_capacity(phones.len());
    for chunk in phones.chunks(90) {
        let marks = (1..=chunk.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(",");
        let values: Vec<worker::wasm_bindgen::JsValue> = chunk.iter().map(|p| p.as_str().into()).collect();
        let rows: Vec<Row> = db
            .prepare(format!("SELECT id, phone FROM members WHERE phone IN ({marks})"))
            .bind(&values)?
            .all()
            .await?
            .results()?;
        out.extend(rows.into_iter().map(|r| (r.id, r.phone)));
    }
    Ok(out)
}

#[derive(Deserialize)]
struct PlainCode {
    card_no: String,
    verify_code: String,
}

/// Seals up to `limit` scratch codes still stored plain (cards loaded before codes were
/// sealed); returns how many. Until then such a card cannot be linked.
pub async fn seal_legacy_card_codes(ctx: &Ctx, limit: u32) -> Result<u32, Failure> {
    let db = ctx.db()?;
    let rows: Vec<PlainCode> = query!(
        &db,
        "SELECT card_no, verify_code FROM physical_cards WHERE verify_code NOT LIKE 'hmac-sha256:%' LIMIT ?1",
        limit
    )?
    .all()
    .await?
    .results()?;
    let key = ctx.keys()?.card_code;
    let mut batch = Vec::with_capacity(rows.len());
    for r in &rows {
        batch.push(query!(
            &db,
            "UPDATE physical_cards SET verify_code = ?2 WHERE card_no = ?1 AND verify_code = ?3",
            &r.card_no,
            shared::physical_card::seal_code(&key, &r.card_no, &r.verify_code),
            &r.verify_code
        )?);
    }
    if !batch.is_empty() {
        db.batch(batch).await?;
    }
    Ok(rows.len() as u32)
}
