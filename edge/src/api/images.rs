//! Product pictures: `POST /api/manage/images` (head office uploads a file; the rule of what
//! is accepted is `shared::catalog_ops::image`) and `GET /api/images/{id}` (served with its
//! content type, cached for good: the id is the hash of the bytes).

use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Reply, json, read_body, set_header};
use shared::ApiError;
use shared::audit::AuditAction;
use shared::catalog_ops::image::{IMMUTABLE, ImageId, MAX_IMAGE_BYTES, ProductImage};
use worker::{Request, Response};

/// What the upload reads at most: a file somewhat over the limit still reaches the rule, which
/// refuses it as 422 naming `image`; a far larger body is 413 before it is read.
const READ_LIMIT: usize = 4 * MAX_IMAGE_BYTES;

pub async fn upload(ctx: &Ctx, actor: &StaffAuth, req: &mut Request) -> Reply {
    let image = ProductImage::parse(read_body(req, READ_LIMIT).await?).map_err(|e| ApiError::invalid(e.to_string()))?;
    let id = image.id().as_str().to_owned();
    let entry = actor.audit(ctx, AuditAction::ImageUploaded, &id, image.kind().content_type(), format!("image:{id}"));
    db::audit::around(ctx, &entry, db::images::put(ctx, &image, &actor.staff_id)).await?;
    json(201, &image.receipt())
}

pub async fn serve(ctx: &Ctx, id: &str) -> Reply {
    let found = match ImageId::parse(id) {
        Some(id) => db::images::get(ctx, &id).await?,
        None => None,
    };
    let Some(image) = found else { return Err(ApiError::not_found(format!("no image {id}")).into()) };
    let mut resp = Response::from_bytes(image.bytes().to_vec())?;
    let h = resp.headers_mut();
    set_header(h, "content-type", image.kind().content_type());
    set_header(h, "cache-control", IMMUTABLE);
    set_header(h, "x-content-type-options", "nosniff");
    Ok(resp)
}
