//! Head office's writes to the catalog: what the core's rules need to know (stores, counters,
//! SKUs and barcodes), products written in one batch, the export's rows, and store layouts.

use crate::ctx::Ctx;
use crate::http::{Failure, invalid};
use shared::api::Product;
use shared::catalog_ops::stored::ExportRecord;
use shared::catalog_ops::{CatalogFacts, CodeRow, ProductDraft, StoreCounterRow, StoreIdRow};
use shared::ids::StoreId;
use shared::store_layout::StoreLayout;
use std::collections::BTreeMap;
use worker::{D1PreparedStatement, query};

/// The stores (with their counters), SKUs and barcodes as stored now.
pub async fn facts(ctx: &Ctx) -> Result<CatalogFacts, Failure> {
    let db = ctx.db()?;
    let stores: Vec<StoreIdRow> = db.prepare("SELECT id FROM stores").all().await?.results()?;
    let counters: Vec<StoreCounterRow> = db.prepare("SELECT id, store_id FROM counters").all().await?.results()?;
    let codes: Vec<CodeRow> = db.prepare("SELECT sku, barcode FROM products").all().await?.results()?;
    Ok(CatalogFacts::of(stores, counters, codes))
}

fn statements(db: &worker::D1Database, d: &ProductDraft) -> Result<Vec<D1PreparedStatement>, Failure> {
    let mut out = vec![query!(
        db,
        "INSERT INTO products (sku, name, name_en, brand, category, price_fen, image, description, description_en, barcode, variant_group, color, size)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT(sku) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, brand = excluded.brand,
           category = excluded.category, price_fen = excluded.price_fen, image = excluded.image,
           description = excluded.description, description_en = excluded.description_en, barcode = excluded.barcode,
           variant_group = excluded.variant_group, color = excluded.color, size = excluded.size",
        d.sku().as_str(), d.name(), d.name_en(), d.brand(), d.category().as_str(), d.price().get(), d.image(),
        d.description(), d.description_en(), d.barcode().as_str(), d.group().map(|g| g.as_str()),
        d.attributes().color.as_deref(), d.attributes().size.as_deref()
    )?];
    for (store, counter) in d.counters() {
        out.push(query!(
            db,
            "INSERT INTO product_stores (sku, store_id, counter_id) VALUES (?1, ?2, ?3)
             ON CONFLICT(sku, store_id) DO UPDATE SET counter_id = excluded.counter_id",
            d.sku().as_str(),
            store.as_str(),
            counter.as_str()
        )?);
    }
    Ok(out)
}

/// Writes every draft in one batch (one transaction in D1): all of them, or none. A barcode
/// taken between the check and the write (a concurrent edit) is the client's 422, not ours.
pub async fn write(ctx: &Ctx, drafts: &[ProductDraft]) -> Result<(), Failure> {
    let db = ctx.db()?;
    let mut batch = Vec::new();
    for d in drafts {
        batch.extend(statements(&db, d)?);
    }
    match db.batch(batch).await {
        Ok(_) => Ok(()),
        Err(e) if e.to_string().contains("products.barcode") => {
            Err(invalid("barcode", "was just taken by another product"))
        }
        Err(e) => Err(e.into()),
    }
}

/// Every product with its counter in each store that sells it, and its Chinese description.
pub async fn export(ctx: &Ctx) -> Result<Vec<(Product, BTreeMap<String, String>, String)>, Failure> {
    let rows: Vec<ExportRecord> = ctx
        .db()?
        .prepare(
            "SELECT p.sku, p.name, p.name_en, p.brand, p.category, p.price_fen, p.barcode, p.image,
                    p.variant_group AS \"group\", p.color, p.size, NULL AS counter_id, p.description,
                    (SELECT group_concat(ps.store_id || ':' || COALESCE(ps.counter_id,
                        (SELECT c.id FROM counters c WHERE c.store_id = ps.store_id AND c.brand = p.brand ORDER BY c.id LIMIT 1), ''), ';')
                     FROM product_stores ps WHERE ps.sku = p.sku) AS stores
             FROM products p ORDER BY p.sku",
        )
        .all()
        .await?
        .results()?;
    Ok(rows.into_iter().map(ExportRecord::exported).collect())
}

/// Creates or updates a store with its floors and counters (floors and counters it does not
/// name are kept: products may still be sold there).
pub async fn put_store(ctx: &Ctx, id: &StoreId, s: &StoreLayout) -> Result<(), Failure> {
    let db = ctx.db()?;
    let mut batch = vec![query!(
        &db,
        "INSERT INTO stores (id, name, name_en, address, address_en, timezone, utc_offset_minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, address = excluded.address,
           address_en = excluded.address_en, timezone = excluded.timezone, utc_offset_minutes = excluded.utc_offset_minutes",
        id.as_str(), s.name.trim(), s.name_en.trim(), s.address.trim(), s.address_en.trim(), s.timezone.trim(), s.utc_offset_minutes
    )?];
    for f in &s.floors {
        batch.push(query!(
            &db,
            "INSERT INTO floors (id, store_id, name, level) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, level = excluded.level",
            f.id.as_str(),
            id.as_str(),
            f.name.trim(),
            f.level
        )?);
    }
    for c in &s.counters {
        batch.push(query!(
            &db,
            "INSERT INTO counters (id, store_id, floor_id, brand, name, name_en, x, y) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(id) DO UPDATE SET floor_id = excluded.floor_id, brand = excluded.brand, name = excluded.name,
               name_en = excluded.name_en, x = excluded.x, y = excluded.y",
            c.id.as_str(), id.as_str(), c.floor_id.as_str(), c.brand.trim(), c.name.trim(), c.name_en.trim(), c.x, c.y
        )?);
    }
    db.batch(batch).await?;
    Ok(())
}
