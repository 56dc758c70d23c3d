//! Fresh products for tests (`POST /api/dev/products`, local development only).

use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use shared::Fen;
use shared::barcode::Ean13;
use shared::ids::{Category, Sku, StoreId};
use worker::query;

/// The new product's row.
#[derive(Clone, Debug, Deserialize)]
pub struct NewProductRow {
    pub sku: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    pub price_fen: i64,
    pub barcode: Ean13,
}

/// Copies `like` (a product `store` carries) as `sku` in `category`, carried by the stores that
/// carry `like`, with a test name and, if given, another price. None if `store` does not carry
/// `like`.
pub async fn insert_like(
    ctx: &Ctx,
    sku: &Sku,
    like: &Sku,
    store: &StoreId,
    category: &Category,
    price: Option<Fen>,
    barcode: &Ean13,
) -> Result<Option<NewProductRow>, Failure> {
    let db = ctx.db()?;
    let batch = vec![
        query!(
            &db,
            "INSERT INTO products (sku, name, name_en, brand, category, price_fen, image, description, description_en, barcode)
             SELECT ?1, ?2, ?3, p.brand, ?4, COALESCE(?5, p.price_fen), p.image, '', '', ?8
             FROM products p JOIN product_stores ps ON ps.sku = p.sku WHERE p.sku = ?6 AND ps.store_id = ?7",
            sku.as_str(),
            format!("测试商品 {sku}"),
            format!("Test item {sku}"),
            category.as_str(),
            price.map(Fen::get),
            like.as_str(),
            store.as_str(),
            barcode.as_str()
        )?,
        query!(
            &db,
            "INSERT INTO product_stores (sku, store_id)
             SELECT ?1, store_id FROM product_stores WHERE sku = ?2 AND EXISTS (SELECT 1 FROM products WHERE sku = ?1)",
            sku.as_str(),
            like.as_str()
        )?,
    ];
    db.batch(batch).await?;
    Ok(query!(&db, "SELECT sku, name, brand, category, price_fen, barcode FROM products WHERE sku = ?1", sku.as_str())?
        .first(None)
        .await?)
}
