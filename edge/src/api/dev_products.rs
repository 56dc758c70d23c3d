//! `POST /api/dev/products`: a fresh product with a unique SKU, stocked in one store, so each
//! test makes its own instead of sharing the demo store's by convention (local development
//! only, like every `/api/dev/*` route).

use crate::ctx::Ctx;
use crate::http::{Failure, Reply, invalid, json, read_json};
use crate::{calls, db};
use shared::Fen;
use shared::api::{DevProduct, DevProductRequest};
use shared::ids::{Category, Sku, StoreId};
use shared::stock::Qty;
use worker::Request;

/// The category of a test product that did not ask for one.
const TEST_CATEGORY: &str = "test";

pub async fn create(ctx: &Ctx, req: &mut Request) -> Reply {
    let ask: DevProductRequest = read_json(req).await?;
    let store = StoreId::parse(&ask.store_id).map_err(|e| invalid("store_id", e))?;
    let like = Sku::parse(&ask.like).map_err(|e| invalid("like", e))?;
    let opening = match ask.on_hand {
        0 => None,
        n => Some(Qty::parse(n).map_err(|_| invalid("on_hand", format!("must be 0 to {}", Qty::MAX)))?),
    };
    // Test products keep out of the demo store's categories (its filters show what it seeds)
    // unless a test needs a category, e.g. for a coupon's scope.
    let category =
        Category::parse(ask.category.as_deref().unwrap_or(TEST_CATEGORY)).map_err(|e| invalid("category", e))?;
    let price = match ask.price_fen {
        Some(fen) if fen < 1 => return Err(invalid("price_fen", "must be at least 1 fen")),
        Some(fen) => Some(Fen::parse(fen).map_err(|e| invalid("price_fen", e))?),
        None => None,
    };
    let sku = Sku::parse(&format!("SKU-T{}", crate::rand::base32(&crate::rand::bytes::<8>()?)))
        .map_err(|e| Failure::Internal(e.to_string()))?;
    let barcode = shared::barcode::Ean13::in_store(crate::rand::bytes::<8>()?);
    let row = db::dev_products::insert_like(ctx, &sku, &like, &store, &category, price, &barcode)
        .await?
        .ok_or_else(|| invalid("like", format!("{like} is not a product of store {store}")))?;
    let on_hand = match opening {
        Some(qty) => calls::stock::receive(ctx, &store, &sku, "dev:opening-stock", qty).await?.on_hand,
        None => 0,
    };
    json(
        201,
        &DevProduct {
            sku: row.sku,
            store_id: store.to_string(),
            name: row.name,
            brand: row.brand,
            category: row.category,
            price_fen: Fen::new(row.price_fen.max(0) as u64),
            barcode: row.barcode,
            on_hand,
        },
    )
}
