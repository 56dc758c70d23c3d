//! Stores and products: `GET /api/stores[/{id}]`, `GET /api/products[/{sku}]`.

use crate::ctx::Ctx;
use crate::http::{Reply, query_pairs};
use crate::{calls, catalog_cache, db};
use shared::ApiError;
use shared::api::{Attributes, ProductDetail, Variant};
use shared::catalog_cache::CatalogRead;
use shared::ids::{Sku, StoreId, VariantGroup};
use shared::query::ProductQuery;
use worker::Request;

/// The stores, from the shared cache (`crate::catalog_cache`) like every catalog read.
pub async fn stores(ctx: &Ctx, req: &Request) -> Reply {
    catalog_cache::served(ctx, req, CatalogRead::Stores, async {
        Ok(serde_json::to_string(&db::catalog::stores(ctx).await?)?)
    })
    .await
}

pub async fn store(ctx: &Ctx, req: &Request, id: &str) -> Reply {
    let id = StoreId::parse(id).map_err(|_| ApiError::not_found(format!("no store {id}")))?;
    catalog_cache::served(ctx, req, CatalogRead::Store, async {
        let store = db::catalog::store(ctx, &id).await?.ok_or_else(|| ApiError::not_found(format!("no store {id}")))?;
        Ok(serde_json::to_string(&store)?)
    })
    .await
}

/// The optional `store_id` filter of a list: 400 if malformed, 404 if no such store.
pub async fn store_filter(ctx: &Ctx, req: &Request) -> Result<Option<StoreId>, crate::http::Failure> {
    let Some((_, v)) = query_pairs(req)?.into_iter().find(|(k, v)| k == "store_id" && !v.is_empty()) else {
        return Ok(None);
    };
    let id = StoreId::parse(&v).map_err(|e| ApiError::bad_request(e.to_string()))?;
    if db::catalog::store(ctx, &id).await?.is_none() {
        return Err(ApiError::not_found(format!("no store {id}")).into());
    }
    Ok(Some(id))
}

/// The product list, the same for everyone: from the shared cache.
pub async fn products(ctx: &Ctx, req: &Request) -> Reply {
    let pairs = query_pairs(req)?;
    let query = ProductQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    catalog_cache::served(ctx, req, CatalogRead::Products, async {
        if let Some(store) = query.store_id()
            && db::catalog::store(ctx, store).await?.is_none()
        {
            return Err(ApiError::not_found(format!("no store {store}")).into());
        }
        Ok(serde_json::to_string(&db::catalog::products(ctx, &query).await?)?)
    })
    .await
}

/// One product with its stock per store, from the shared cache (stock at most 1 s old).
pub async fn product(ctx: &Ctx, req: &Request, sku: &str) -> Reply {
    let sku = Sku::parse(sku).map_err(|_| ApiError::not_found(format!("no product {sku}")))?;
    catalog_cache::served(ctx, req, CatalogRead::Product, async {
        let (product, description, description_en) =
            db::catalog::product(ctx, &sku).await?.ok_or_else(|| ApiError::not_found(format!("no product {sku}")))?;
        let mut stock = db::catalog::stores_carrying(ctx, &sku).await?;
        let figures =
            futures_util::future::join_all(stock.iter().map(|s| calls::stock::figures(ctx, &s.store_id, &sku))).await;
        for (row, figures) in stock.iter_mut().zip(figures) {
            row.available = figures?.available;
        }
        shared::fulfil::fill_elsewhere(&mut stock, &shared::fulfil::LeadTimes::STANDARD);
        let variants = match &product.group {
            Some(group) => variants(ctx, group).await?,
            None => Vec::new(),
        };
        Ok(serde_json::to_string(&ProductDetail { product, description, description_en, stock, variants })?)
    })
    .await
}

/// The SKUs of an item with their units in every store that carries them, in picker order.
async fn variants(ctx: &Ctx, group: &VariantGroup) -> Result<Vec<Variant>, crate::http::Failure> {
    let rows = db::catalog::siblings(ctx, group).await?;
    let figures = futures_util::future::join_all(rows.iter().map(|r| async move {
        match &r.store_id {
            Some(store) => calls::stock::figures(ctx, store, &r.sku).await.map(|f| f.available),
            None => Ok(0),
        }
    }))
    .await;
    let mut list = Vec::with_capacity(rows.len());
    for (r, available) in rows.into_iter().zip(figures) {
        let attributes = Attributes { color: r.color, size: r.size };
        list.push(Variant { sku: r.sku, attributes, price_fen: r.price_fen, available: available? });
    }
    Ok(shared::variants::variants(list))
}
