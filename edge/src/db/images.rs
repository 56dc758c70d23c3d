//! Uploaded product pictures (migration 0023): written once per content, read by id.

use crate::ctx::Ctx;
use crate::db::sales::stored_time;
use crate::http::Failure;
use serde::Deserialize;
use shared::catalog_ops::image::{ImageId, ProductImage};
use worker::query;

/// Stores `image` (nothing if the same content is there already).
pub async fn put(ctx: &Ctx, image: &ProductImage, staff_id: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT OR IGNORE INTO product_images (id, content_type, body_base64, bytes, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        image.id().as_str(),
        image.kind().content_type(),
        image.stored_text(),
        image.bytes().len() as u32,
        stored_time(ctx.now),
        staff_id
    )?
    .run()
    .await?;
    Ok(())
}

#[derive(Deserialize)]
struct Row {
    content_type: String,
    body_base64: String,
}

/// The image with id `id`, if there is one.
pub async fn get(ctx: &Ctx, id: &ImageId) -> Result<Option<ProductImage>, Failure> {
    let row: Option<Row> =
        query!(&ctx.db()?, "SELECT content_type, body_base64 FROM product_images WHERE id = ?1", id.as_str())?
            .first(None)
            .await?;
    match row {
        None => Ok(None),
        Some(r) => ProductImage::from_stored(&r.content_type, &r.body_base64)
            .map(Some)
            .ok_or_else(|| Failure::Internal(format!("unreadable image {}", id.as_str()))),
    }
}
