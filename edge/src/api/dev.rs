//! `POST /api/dev/seed`: loads the demo store. Compiled only into a build with the `dev` feature
//! (`cargo xtask dev|test`), and even there only where the `SEED_TOKEN` secret is set (`.dev.vars`);
//! everywhere else it answers 404 like any unknown path. The dispatcher checks the seed token
//! (`Access::Dev` in the route table) before any of these runs.

use crate::calls::member::{self as card, CardState, PostReply};
use crate::calls::sale::BucketAudit;
use crate::ctx::Ctx;
use crate::http::{Failure, Reply, invalid, json, read_json};
use crate::{calls, db};
use chrono::{DateTime, Duration};
use shared::api::{Seed, SeedCampaign, SeedCard, SeedReport, SeedSale};
use shared::coupon::CampaignRequest;
use shared::flash_sale::SaleRequest;
use shared::ids::{SaleId, Sku, StoreId};
use shared::password::{ITERATIONS, Password};
use shared::physical_card::seal_code;
use shared::stock::Qty;
use shared::stored_value::{EntryKind, Posting};
use shared::{ApiError, Fen};
use worker::Request;

pub async fn seed(ctx: &Ctx, req: &mut Request) -> Reply {
    let seed: Seed = read_json(req).await?;
    if seed.stores.is_empty() || seed.products.is_empty() {
        return Err(ApiError::invalid("stores and products must not be empty").into());
    }
    let report = |seeded| SeedReport { seeded, stores: seed.stores.len() as u32, products: seed.products.len() as u32 };
    if db::catalog::is_seeded(ctx).await? {
        ensure_demo_staff(ctx, &seed).await?;
        ensure_demo_sales(ctx, &seed.flash_sales).await?;
        ensure_demo_campaigns(ctx, &seed.coupon_campaigns).await?;
        return json(200, &report(false));
    }
    db::catalog::insert_seed(ctx, &seed).await?;
    // Each pool takes its opening stock once (the reference makes a re-run harmless).
    for p in &seed.products {
        for s in &p.stock {
            if let Ok(qty) = Qty::parse(s.on_hand as i64) {
                calls::stock::receive(ctx, &s.store_id, &p.product.sku, "seed:opening-stock", qty).await?;
            }
        }
    }
    seed_people(ctx, &seed).await?;
    db::catalog::mark_seeded(ctx).await?;
    ensure_demo_sales(ctx, &seed.flash_sales).await?;
    ensure_demo_campaigns(ctx, &seed.coupon_campaigns).await?;
    json(200, &report(true))
}

/// Keeps the demo campaigns open: each template without an open campaign of its title gets a
/// new one from now, made the way a manager makes one, and its demo members get a coupon.
async fn ensure_demo_campaigns(ctx: &Ctx, templates: &[SeedCampaign]) -> Result<(), Failure> {
    let open = db::campaigns::open(ctx, None).await?;
    for (n, t) in templates.iter().enumerate() {
        if open.iter().any(|c| c.title == t.title) {
            continue;
        }
        let request = CampaignRequest {
            title: t.title.clone(),
            kind: t.kind,
            threshold_fen: t.threshold_fen,
            off_fen: t.off_fen,
            percent: t.percent,
            scope: t.scope.clone().into(),
            store_id: t.store_id.clone(),
            quantity: t.quantity,
            per_member_limit: t.per_member_limit,
            starts_at: ctx.now - Duration::minutes(1),
            ends_at: ctx.now + Duration::days(t.days),
            valid_days: t.valid_days,
            audience: t.audience,
            flash_sale_ok: t.flash_sale_ok,
            reward_min_fen: t.reward_min_fen,
        };
        let id = format!("CP-DEMO{n}-{}", ctx.now.format("%y%m%d%H%M"));
        let campaign = super::coupons::create_campaign(ctx, id, &request, "seed").await?;
        for phone in &t.give_to {
            if let Some(member) = db::members::by_phone(ctx, phone).await? {
                crate::flows::claim::claim_for(ctx, &campaign, &member, "seed").await?;
            }
        }
    }
    Ok(())
}

/// Keeps a live and an upcoming demo sale around: each template whose product has no live or
/// upcoming sale in its store gets a new one, timed from now, made the way a manager makes one.
async fn ensure_demo_sales(ctx: &Ctx, templates: &[SeedSale]) -> Result<(), Failure> {
    let current = db::sales::current(ctx, None).await?;
    for (n, t) in templates.iter().enumerate() {
        if current.iter().any(|s| s.sku == t.sku && s.store_id == t.store_id && s.ends_at() > ctx.now) {
            continue;
        }
        let minute = ctx.now.timestamp() / 60 * 60;
        let starts_at = DateTime::from_timestamp(minute + t.starts_in_minutes * 60, 0)
            .ok_or_else(|| invalid("starts_in_minutes", "is out of range"))?;
        let request = SaleRequest {
            sku: t.sku.clone(),
            store_id: t.store_id.clone(),
            price_fen: t.price_fen,
            quantity: t.quantity,
            per_member_limit: t.per_member_limit,
            starts_at,
            ends_at: starts_at + Duration::minutes(t.duration_minutes),
            title: Some(t.title.clone()),
            buckets: t.buckets,
            lock_minutes: None,
        };
        let id = SaleId::parse(&format!("FS-DEMO{n}-{}", ctx.now.format("%y%m%d%H%M")))
            .map_err(|e| invalid("flash_sales", e))?;
        restock_for(ctx, t, &id).await?;
        super::sales::create_sale(ctx, "seed", id, &request).await?;
    }
    Ok(())
}

/// Books in what a new demo sale needs beyond what the pool has free. Units of ended sales go
/// back to the pool only when that sale's object closes it, which a dev server stopped at the
/// time does later; without this a store restarted often enough could not open its demo sales.
async fn restock_for(ctx: &Ctx, t: &SeedSale, sale: &SaleId) -> Result<(), Failure> {
    let store = StoreId::parse(&t.store_id).map_err(|e| invalid("flash_sales", e))?;
    let sku = Sku::parse(&t.sku).map_err(|e| invalid("flash_sales", e))?;
    let available = i64::from(calls::stock::figures(ctx, &store, &sku).await?.available);
    if available < t.quantity {
        let qty = Qty::parse(t.quantity - available).map_err(|e| invalid("flash_sales", e))?;
        calls::stock::receive(ctx, &store, &sku, &format!("seed:restock:{sale}"), qty).await?;
    }
    Ok(())
}

/// `POST /api/dev/members {count}`: members for load tests, signed in, sharing one password
/// hash (hashed once, at a low cost: these accounts never sign in with it).
pub async fn members(ctx: &Ctx, req: &mut Request) -> Reply {
    #[derive(serde::Deserialize)]
    struct Ask {
        count: u32,
    }
    let ask: Ask = read_json(req).await?;
    if !(1..=5000).contains(&ask.count) {
        return Err(invalid("count", "must be 1 to 5000"));
    }
    let password = Password::parse("load-test-only").map_err(|e| invalid("password", e))?;
    let hash = super::identity::hash_password(&password, 1_000)?;
    let base = u64::from_be_bytes(crate::rand::bytes::<8>()?) % 900_000_000;
    let phones: Vec<String> = (0..ask.count as u64).map(|i| format!("15{:09}", (base + i) % 1_000_000_000)).collect();
    let created = db::members::insert_many(ctx, &phones, &hash).await?;
    let mut out = Vec::with_capacity(created.len());
    for chunk in created.chunks(100) {
        let sessions = crate::auth::open_sessions(ctx, chunk).await?;
        for ((id, _), token) in chunk.iter().zip(sessions) {
            out.push(serde_json::json!({"id": id, "token": token}));
        }
    }
    json(201, &out)
}

/// `GET /api/dev/flash-sales/{id}/audit`: every bucket's ledger and the sale's orders.
pub async fn audit(ctx: &Ctx, id: &str) -> Reply {
    let row = db::sales::by_id(ctx, id).await?.ok_or_else(|| ApiError::not_found(format!("no flash sale {id}")))?;
    let mut buckets = Vec::new();
    for index in 0..row.buckets {
        let audit: BucketAudit = calls::sale::send(ctx, &row.id, index, &calls::sale::Audit { now: ctx.now }).await?;
        buckets.push(audit);
    }
    let store = StoreId::parse(&row.store_id).map_err(|e| invalid("store_id", e))?;
    let sku = Sku::parse(&row.sku).map_err(|e| invalid("sku", e))?;
    let pool = calls::stock::figures(ctx, &store, &sku).await?;
    let orders = db::orders::of_sale(ctx, &row.id).await?;
    json(
        200,
        &serde_json::json!({
            "sale": super::sales::view(ctx, &row, None).await?,
            "buckets": buckets,
            "pool": pool,
            "orders": orders,
        }),
    )
}

/// A seed's staff accounts, passwords hashed, as `db::members::insert_seed` takes them.
type StaffRows = Vec<(String, String, String, shared::kinds::StaffRole, String)>;

fn staff_rows<'a>(staff: impl IntoIterator<Item = &'a shared::api::SeedStaff>) -> Result<StaffRows, Failure> {
    let mut rows = Vec::new();
    for s in staff {
        let password = Password::parse(&s.password).map_err(|e| invalid("staff.password", e))?;
        let hash = super::identity::hash_password(&password, ITERATIONS)?;
        rows.push((s.staff_no.clone(), s.name.clone(), s.store_id.to_string(), s.role, hash));
    }
    Ok(rows)
}

/// A store seeded before the seed named an account (head office's `A0001` came later) gets
/// it; accounts that exist are left as they are (their passwords may have changed).
async fn ensure_demo_staff(ctx: &Ctx, seed: &Seed) -> Result<(), Failure> {
    let mut missing = Vec::new();
    for s in &seed.staff {
        if db::members::staff_by_id(ctx, &s.staff_no).await?.is_none() {
            missing.push(s);
        }
    }
    if !missing.is_empty() {
        db::members::insert_seed(ctx, &staff_rows(missing)?, &[]).await?;
    }
    Ok(())
}

/// Staff, plastic cards and demo members, through the same paths the app uses.
async fn seed_people(ctx: &Ctx, seed: &Seed) -> Result<(), Failure> {
    let staff = staff_rows(&seed.staff)?;
    // The seed file prints the scratch codes; only their sealed form is stored.
    let key = ctx.keys()?.card_code;
    let cards: Vec<SeedCard> = seed
        .physical_cards
        .iter()
        .map(|c| SeedCard { verify_code: seal_code(&key, &c.card_no, &c.verify_code), ..c.clone() })
        .collect();
    db::members::insert_seed(ctx, &staff, &cards).await?;
    for m in &seed.members {
        let password = Password::parse(&m.password).map_err(|e| invalid("members.password", e))?;
        let row = match db::members::by_phone(ctx, &m.phone).await? {
            Some(row) => row,
            None => {
                let hash = super::identity::hash_password(&password, ITERATIONS)?;
                db::members::insert(ctx, &m.phone, &m.name, &hash, None)
                    .await?
                    .ok_or_else(|| invalid("members.phone", "taken"))?
            }
        };
        if m.opening_balance_fen > 0 {
            let posting = Posting::new(
                EntryKind::TopUp,
                Fen::new(m.opening_balance_fen),
                "seed:opening-balance",
                "开卡储值 opening balance",
            );
            let _: PostReply = card::send(ctx, &row.id, &card::Post { posting, now: ctx.now }).await?;
        }
        for (i, spend) in m.spend.iter().enumerate() {
            let at = ctx.now - Duration::days(spend.days_ago);
            let record = card::RecordSpend {
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
            let merge = card::AddPoints {
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

/// `POST /api/dev/reconcile`: the cron's reconciliation pass, now.
pub async fn reconcile(ctx: &Ctx) -> Reply {
    json(200, &crate::payments::reconcile::reconcile(ctx).await?)
}

/// `POST /api/dev/orders/{id}/crash-after-debit`: a stored-value payment of the order that
/// stops right after the debit, as a crash there would; the repair pass must finish it.
pub async fn crash_after_debit(ctx: &Ctx, id: &str) -> Reply {
    let row = crate::orders::current(ctx, id).await?.ok_or_else(|| ApiError::not_found(format!("no order {id}")))?;
    let payment = crate::orders::pay::debit_then_crash(ctx, &row).await?;
    json(200, &shared::api::PaymentEnvelope { payment: payment.view() })
}
