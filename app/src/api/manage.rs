//! Head office's catalog and the staff list: products one at a time, a catalog file in and out
//! (`text/csv`, so these two calls build their own request), staff added, disabled and reset.

use super::transport::{get, send};
use super::{ClientError, decode, net};
use gloo_net::http::Request;
use shared::api::Product;
use shared::catalog_ops::{ImportReport, ProductRequest};
use shared::routes::{self, RouteId};
use shared::staff_ops::{PasswordRequest, StaffMember, StaffRequest};

/// `POST /api/manage/products` (create, or update the SKU's product).
pub async fn save_product(token: &str, body: &ProductRequest) -> Result<Product, ClientError> {
    send(RouteId::CreateProduct, &[], Some(body), Some(token)).await
}

/// `POST /api/manage/products/import?dry_run=` with the file's text. Never sent twice: an
/// import is not keyed.
pub async fn import_products(token: &str, csv: &str, dry_run: bool) -> Result<ImportReport, ClientError> {
    let target =
        routes::target(RouteId::ImportProducts, &[], &[("dry_run", Some(if dry_run { "true" } else { "false" }))]);
    let resp = Request::post(&target)
        .header("authorization", &format!("Bearer {token}"))
        .header("content-type", "text/csv; charset=utf-8")
        .body(csv.to_owned())
        .map_err(net)?
        .send()
        .await
        .map_err(net)?;
    decode(resp).await
}

/// `GET /api/manage/products/export`: the catalog file's text.
pub async fn export_products(token: &str) -> Result<String, ClientError> {
    let resp = Request::get(&routes::path(RouteId::ExportProducts, &[]))
        .header("authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(net)?;
    match resp.ok() {
        true => resp.text().await.map_err(net),
        false => decode::<String>(resp).await,
    }
}

/// `GET /api/manage/staff?store_id=`.
pub async fn staff(token: &str, store: Option<&str>) -> Result<Vec<StaffMember>, ClientError> {
    get(RouteId::StaffList, &[], &[("store_id", store)], Some(token)).await
}

/// `POST /api/manage/staff`.
pub async fn add_staff(token: &str, body: &StaffRequest) -> Result<StaffMember, ClientError> {
    send(RouteId::CreateStaff, &[], Some(body), Some(token)).await
}

/// `POST /api/manage/staff/{staff_no}/disable`.
pub async fn disable_staff(token: &str, staff_no: &str) -> Result<StaffMember, ClientError> {
    send::<(), StaffMember>(RouteId::DisableStaff, &[staff_no], None, Some(token)).await
}

/// `POST /api/manage/staff/{staff_no}/password`.
pub async fn reset_password(token: &str, staff_no: &str, body: &PasswordRequest) -> Result<StaffMember, ClientError> {
    send(RouteId::ResetStaffPassword, &[staff_no], Some(body), Some(token)).await
}
