//! Stores, floors, counters and products in D1.

use super::Count;
use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
#[cfg(feature = "dev")]
use shared::api::Seed;
use shared::api::{Product, Store, StoreStock};
use shared::catalog_ops::stored::{ProductRecord, ProductRow};
use shared::ids::{Sku, StoreId};
use shared::query::ProductQuery;
use shared::store_layout::with_floors;
use worker::query;

pub async fn count_stores(ctx: &Ctx) -> Result<i64, Failure> {
    let row: Option<Count> = ctx.db()?.prepare("SELECT COUNT(*) AS n FROM stores").first(None).await?;
    Ok(row.map(|c| c.n).unwrap_or(0))
}

pub async fn stores(ctx: &Ctx) -> Result<Vec<Store>, Failure> {
    let db = ctx.db()?;
    let stores = db.prepare("SELECT * FROM stores ORDER BY id").all().await?.results()?;
    let floors = db.prepare("SELECT * FROM floors ORDER BY store_id, level").all().await?.results()?;
    Ok(with_floors(stores, floors))
}

pub async fn store(ctx: &Ctx, id: &StoreId) -> Result<Option<Store>, Failure> {
    let db = ctx.db()?;
    let stores = query!(&db, "SELECT * FROM stores WHERE id = ?1", id.as_str())?.all().await?.results()?;
    let floors =
        query!(&db, "SELECT * FROM floors WHERE store_id = ?1 ORDER BY level", id.as_str())?.all().await?.results()?;
    Ok(with_floors(stores, floors).into_iter().next())
}

const PRODUCT_COLUMNS: &str = "p.sku, p.name, p.name_en, p.brand, p.category, p.price_fen, p.barcode, p.image, p.variant_group AS \"group\", p.color, p.size";

pub async fn products(ctx: &Ctx, q: &ProductQuery) -> Result<Vec<Product>, Failure> {
    let db = ctx.db()?;
    let sql = format!(
        "SELECT {PRODUCT_COLUMNS},
           COALESCE((SELECT ps.counter_id FROM product_stores ps WHERE ps.sku = p.sku AND ps.store_id = ?1),
             (SELECT c.id FROM counters c WHERE c.store_id = ?1 AND c.brand = p.brand ORDER BY c.id LIMIT 1)) AS counter_id
         FROM products p
         WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM product_stores ps WHERE ps.sku = p.sku AND ps.store_id = ?1))
           AND (?2 IS NULL OR p.category = ?2)
           AND (?3 IS NULL OR p.name LIKE ?3 ESCAPE '\\' OR p.name_en LIKE ?3 ESCAPE '\\' OR p.brand LIKE ?3 ESCAPE '\\')
           AND (?4 IS NULL OR p.barcode = ?4)
         ORDER BY p.sku"
    );
    let rows: Vec<ProductRecord> = query!(
        &db,
        &sql,
        q.store_id().map(|s| s.as_str()),
        q.category().map(|c| c.as_str()),
        q.like_pattern(),
        q.barcode().map(|b| b.as_str())
    )?
    .all()
    .await?
    .results()?;
    Ok(rows.into_iter().map(Product::from).collect())
}

/// A product with its two description paragraphs (its `counter_id` is null: it depends on the store).
pub async fn product(ctx: &Ctx, sku: &Sku) -> Result<Option<(Product, String, String)>, Failure> {
    let db = ctx.db()?;
    let sql = format!(
        "SELECT {PRODUCT_COLUMNS}, NULL AS counter_id, p.description, p.description_en FROM products p WHERE p.sku = ?1"
    );
    let row: Option<ProductRow> = query!(&db, &sql, sku.as_str())?.first(None).await?;
    Ok(row.map(|r| (r.product.into(), r.description, r.description_en)))
}

/// One SKU of an item and one store that carries it (`store_id` null when none does).
#[derive(Deserialize)]
pub struct SiblingRow {
    pub sku: Sku,
    pub price_fen: shared::Fen,
    pub color: Option<String>,
    pub size: Option<String>,
    pub store_id: Option<StoreId>,
}

/// The SKUs of an item in catalog order, one row per store that carries each.
pub async fn siblings(ctx: &Ctx, group: &shared::ids::VariantGroup) -> Result<Vec<SiblingRow>, Failure> {
    let sql = "SELECT p.sku, p.price_fen, p.color, p.size, ps.store_id FROM products p
         LEFT JOIN product_stores ps ON ps.sku = p.sku WHERE p.variant_group = ?1 ORDER BY p.sku, ps.store_id";
    Ok(query!(&ctx.db()?, sql, group.as_str())?.all().await?.results()?)
}

/// A store that carries a product, with the brand's counter there (stock not filled in).
pub async fn stores_carrying(ctx: &Ctx, sku: &Sku) -> Result<Vec<StoreStock>, Failure> {
    let db = ctx.db()?;
    let rows: Vec<StoreStock> = query!(
        &db,
        "SELECT ps.store_id, 0 AS available, c.id AS counter_id, c.name AS counter_name,
                c.name_en AS counter_name_en, f.name AS floor
         FROM product_stores ps
         JOIN products p ON p.sku = ps.sku
         LEFT JOIN counters c ON c.id = COALESCE(ps.counter_id, (SELECT c2.id FROM counters c2
              WHERE c2.store_id = ps.store_id AND c2.brand = p.brand ORDER BY c2.id LIMIT 1))
         LEFT JOIN floors f ON f.id = c.floor_id
         WHERE ps.sku = ?1 ORDER BY ps.store_id",
        sku.as_str()
    )?
    .all()
    .await?
    .results()?;
    Ok(rows)
}

#[cfg(feature = "dev")]
/// Whether the demo seed was already loaded.
pub async fn is_seeded(ctx: &Ctx) -> Result<bool, Failure> {
    let row: Option<Count> = ctx.db()?.prepare("SELECT COUNT(*) AS n FROM meta WHERE k = 'seeded'").first(None).await?;
    Ok(row.map(|c| c.n > 0).unwrap_or(false))
}

#[cfg(feature = "dev")]
/// Writes the catalog part of the seed in one batch (one transaction in D1).
pub async fn insert_seed(ctx: &Ctx, seed: &Seed) -> Result<(), Failure> {
    let db = ctx.db()?;
    let mut batch: Vec<worker::D1PreparedStatement> = Vec::new();
    for s in &seed.stores {
        let st = &s.store;
        batch.push(query!(
            &db,
            "INSERT OR REPLACE INTO stores (id, name, name_en, address, address_en, timezone, utc_offset_minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            st.id.as_str(), &st.name, &st.name_en, &st.address, &st.address_en, &st.timezone, st.utc_offset_minutes
        )?);
        for f in &st.floors {
            batch.push(query!(
                &db,
                "INSERT OR REPLACE INTO floors (id, store_id, name, level) VALUES (?1, ?2, ?3, ?4)",
                f.id.as_str(),
                st.id.as_str(),
                &f.name,
                f.level
            )?);
        }
        for c in &s.counters {
            batch.push(query!(
                &db,
                "INSERT OR REPLACE INTO counters (id, store_id, floor_id, brand, name, name_en, x, y) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                c.id.as_str(), st.id.as_str(), c.floor_id.as_str(), &c.brand, &c.name, &c.name_en, c.x, c.y
            )?);
        }
    }
    for p in &seed.products {
        let pr = &p.product;
        batch.push(query!(
            &db,
            "INSERT OR REPLACE INTO products (sku, name, name_en, brand, category, price_fen, image, description, description_en, barcode, variant_group, color, size) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            pr.sku.as_str(), &pr.name, &pr.name_en, &pr.brand, pr.category.as_str(), pr.price_fen.get(), &pr.image, &p.description, &p.description_en, pr.barcode.as_str(),
            pr.group.as_ref().map(|g| g.as_str()), pr.attributes.color.as_deref(), pr.attributes.size.as_deref()
        )?);
        for s in &p.stock {
            batch.push(query!(
                &db,
                "INSERT OR REPLACE INTO product_stores (sku, store_id) VALUES (?1, ?2)",
                pr.sku.as_str(),
                s.store_id.as_str()
            )?);
        }
    }
    db.batch(batch).await?;
    Ok(())
}

#[cfg(feature = "dev")]
/// Marks the seed as complete (only after every object took its stock).
pub async fn mark_seeded(ctx: &Ctx) -> Result<(), Failure> {
    ctx.db()?.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES ('seeded', datetime('now'))").run().await?;
    Ok(())
}

#[derive(Deserialize)]
struct PriceRow {
    sku: String,
    price_fen: i64,
}

/// The products a store carries, with their shelf prices.
pub async fn carried_products(
    ctx: &Ctx,
    store: &StoreId,
) -> Result<std::collections::HashMap<String, shared::Fen>, Failure> {
    let rows: Vec<PriceRow> = query!(
        &ctx.db()?,
        "SELECT p.sku, p.price_fen FROM products p JOIN product_stores ps ON ps.sku = p.sku WHERE ps.store_id = ?1",
        store.as_str()
    )?
    .all()
    .await?
    .results()?;
    Ok(rows.into_iter().map(|r| (r.sku, shared::Fen::new(r.price_fen.max(0) as u64))).collect())
}

/// Logs a counter sale (once per reference) for the day's reconciliation.
pub async fn record_counter_sale(
    ctx: &Ctx,
    id: &str,
    store: &StoreId,
    sku: &Sku,
    qty: u32,
    staff_id: &str,
) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT OR IGNORE INTO counter_sales (id, store_id, sku, qty, staff_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        id,
        store.as_str(),
        sku.as_str(),
        qty,
        staff_id,
        super::sales::stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}

/// A product as an order and its coupons need it.
#[derive(Clone, Debug, Deserialize)]
pub struct StoreProduct {
    pub sku: String,
    pub price_fen: i64,
    pub category: String,
    pub brand: String,
}

/// The products among `skus` that `store` carries (missing: not carried, or no such SKU).
pub async fn products_in_store(
    ctx: &Ctx,
    store: &StoreId,
    skus: &[&str],
) -> Result<std::collections::HashMap<String, StoreProduct>, Failure> {
    if skus.is_empty() {
        return Ok(Default::default());
    }
    carried(products_in_store_read(&ctx.db()?, store, skus)?.all().await?)
}

/// [`products_in_store`]'s statement, to run alone or in a batch ([`carried`] reads it).
pub fn products_in_store_read(
    db: &worker::D1Database,
    store: &StoreId,
    skus: &[&str],
) -> Result<worker::D1PreparedStatement, Failure> {
    let marks = (0..skus.len()).map(|i| format!("?{}", i + 2)).collect::<Vec<_>>().join(",");
    let mut values: Vec<worker::wasm_bindgen::JsValue> = vec![store.as_str().into()];
    values.extend(skus.iter().map(|s| worker::wasm_bindgen::JsValue::from_str(s)));
    Ok(db
        .prepare(format!(
            "SELECT p.sku, p.price_fen, p.category, p.brand FROM products p JOIN product_stores ps ON ps.sku = p.sku
             WHERE ps.store_id = ?1 AND p.sku IN ({marks})"
        ))
        .bind(&values)?)
}

/// What [`products_in_store_read`] found, by SKU.
pub fn carried(result: worker::D1Result) -> Result<std::collections::HashMap<String, StoreProduct>, Failure> {
    let rows: Vec<StoreProduct> = result.results()?;
    Ok(rows.into_iter().map(|r| (r.sku.clone(), r)).collect())
}

/// The counters of a store, floor by floor.
pub async fn counters(ctx: &Ctx, store: &StoreId) -> Result<Vec<shared::api::Counter>, Failure> {
    let db = ctx.db()?;
    let sql =
        "SELECT id, floor_id, brand, name, name_en, x, y FROM counters WHERE store_id = ?1 ORDER BY floor_id, x, y";
    Ok(query!(&db, sql, store.as_str())?.all().await?.results()?)
}
