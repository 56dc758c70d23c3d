//! `POST /api/dev/seed`: loads the demo store. It exists only where the `SEED_TOKEN` secret is
//! set (`.dev.vars` in local development); everywhere else it answers 404 like any unknown path.

use crate::ctx::{Ctx, var};
use crate::http::{Reply, header, json, read_json};
use crate::{db, objects};
use shared::api::{Seed, SeedReport};
use shared::stock::Qty;
use shared::{ApiError, ErrorCode};
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
    let report = |seeded| SeedReport {
        seeded,
        stores: seed.stores.len() as u32,
        products: seed.products.len() as u32,
    };
    if db::catalog::is_seeded(ctx).await? {
        return json(200, &report(false));
    }
    db::catalog::insert_seed(ctx, &seed).await?;
    // Each pool takes its opening stock once (the reference makes a re-run harmless).
    for p in &seed.products {
        for s in &p.stock {
            if let Ok(qty) = Qty::parse(s.on_hand as i64) {
                objects::stock::receive(
                    ctx,
                    &s.store_id,
                    &p.product.sku,
                    "seed:opening-stock",
                    qty,
                )
                .await?;
            }
        }
    }
    db::catalog::mark_seeded(ctx).await?;
    json(200, &report(true))
}
