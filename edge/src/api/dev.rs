//! `POST /api/dev/seed`: loads the demo store. It exists only where the `SEED_TOKEN` secret is
//! set (`.dev.vars` in local development); everywhere else it answers 404 like any unknown path.

use crate::ctx::{Ctx, var};
use crate::http::{Failure, Reply, header, invalid, json, read_json};
use crate::objects::member::{self as card, CardState, MemberCommand, PostReply};
use crate::{db, objects};
use chrono::Duration;
use shared::api::{Seed, SeedReport};
use shared::password::{ITERATIONS, Password};
use shared::stock::Qty;
use shared::stored_value::EntryKind;
use shared::{ApiError, ErrorCode, Fen};
use worker::Request;

pub async fn seed(ctx: &Ctx, req: &mut Request) -> Reply {
    let Some(token) = var(&ctx.env, "SEED_TOKEN").filter(|t| !t.is_empty()) else {
        return Err(ApiError::not_found("no endpoint at /api/dev/seed").into());
    };
    if header(req.headers(), "x-seed-token").as_deref() != Some(token.as_str()) {
        return Err(ApiError::new(ErrorCode::Forbidden, "a valid X-Seed-Token is required").into());
    }
    let seed: Seed = read_json(req).await?;
    if seed.stores.is_empty() || seed.products.is_empty() {
        return Err(ApiError::invalid("stores and products must not be empty").into());
    }
    let report = |seeded| SeedReport { seeded, stores: seed.stores.len() as u32, products: seed.products.len() as u32 };
    if db::catalog::is_seeded(ctx).await? {
        return json(200, &report(false));
    }
    db::catalog::insert_seed(ctx, &seed).await?;
    // Each pool takes its opening stock once (the reference makes a re-run harmless).
    for p in &seed.products {
        for s in &p.stock {
            if let Ok(qty) = Qty::parse(s.on_hand as i64) {
                objects::stock::receive(ctx, &s.store_id, &p.product.sku, "seed:opening-stock", qty).await?;
            }
        }
    }
    seed_people(ctx, &seed).await?;
    db::catalog::mark_seeded(ctx).await?;
    json(200, &report(true))
}

/// Staff, plastic cards and demo members, through the same paths the app uses.
async fn seed_people(ctx: &Ctx, seed: &Seed) -> Result<(), Failure> {
    let mut staff = Vec::new();
    for s in &seed.staff {
        let password = Password::parse(&s.password).map_err(|e| invalid("staff.password", e))?;
        let hash = super::identity::hash_password(&password, ITERATIONS)?;
        staff.push((s.staff_no.clone(), s.name.clone(), s.store_id.to_string(), s.role.clone(), hash));
    }
    db::members::insert_seed(ctx, &staff, &seed.physical_cards).await?;
    for m in &seed.members {
        let password = Password::parse(&m.password).map_err(|e| invalid("members.password", e))?;
        let row = match db::members::by_phone(ctx, &m.phone).await? {
            Some(row) => row,
            None => {
                let hash = super::identity::hash_password(&password, ITERATIONS)?;
                db::members::insert(ctx, &m.phone, &m.name, &hash)
                    .await?
                    .ok_or_else(|| invalid("members.phone", "taken"))?
            }
        };
        if m.opening_balance_fen > 0 {
            let posting = card::posting(
                EntryKind::TopUp,
                Fen::new(m.opening_balance_fen),
                "seed:opening-balance",
                "开卡储值 opening balance",
            );
            let _: PostReply = card::send(ctx, &row.id, &MemberCommand::Post { posting, now: ctx.now }).await?;
        }
        for (i, spend) in m.spend.iter().enumerate() {
            let at = ctx.now - Duration::days(spend.days_ago);
            let record = MemberCommand::RecordSpend {
                reference: format!("seed:spend:{i}"),
                fen: spend.fen as i64,
                at,
                points_per_yuan: ctx.points_per_yuan(),
            };
            let _: CardState = card::send(ctx, &row.id, &record).await?;
        }
        if let Some(card_no) = &m.physical_card_no {
            let card_row = db::members::physical_card(ctx, card_no)
                .await?
                .ok_or_else(|| invalid("members.physical_card_no", "unknown card"))?;
            if card_row.member_id.is_none() {
                db::members::claim_physical_card(ctx, card_no, &row.id).await?;
            }
            db::members::set_physical_card(ctx, &row.id, card_no).await?;
            let merge = MemberCommand::AddPoints {
                reference: format!("card:{card_no}"),
                points: card_row.points.max(0) as u64,
                reason: "merged from the plastic card".into(),
                now: ctx.now,
            };
            let _: CardState = card::send(ctx, &row.id, &merge).await?;
        }
    }
    Ok(())
}
