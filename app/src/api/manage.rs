//! The manager's and head office's calls: sales and campaigns over their life, the dashboard,
//! the catalog (products one at a time, a catalog file in and out as `text/csv`, so these two
//! calls build their own request) and the staff list (added, disabled and reset).

use super::transport::{get, send, send_keyed};
use super::{ClientError, decode, net};
use gloo_net::http::Request;
use shared::api::{Dashboard, HandoverReport, HandoverRequest, ManagedCampaign, ManagedSale, Product, SaleEditRequest};
use shared::catalog_ops::image::UploadedImage;
use shared::catalog_ops::{ImportReport, ProductRequest};
use shared::routes::{self, RouteId};
use shared::staff_ops::{PasswordRequest, StaffMember, StaffRequest};
use shared::store_layout::StoreLayout;

/// `GET /api/manage/flash-sales` (the caller's store).
pub async fn managed_sales(token: &str) -> Result<Vec<ManagedSale>, ClientError> {
    get(RouteId::ManageFlashSales, &[], &[], Some(token)).await
}

/// `POST /api/manage/flash-sales/{id}/cancel`.
pub async fn cancel_sale(token: &str, key: &str, id: &str) -> Result<ManagedSale, ClientError> {
    send_keyed::<(), ManagedSale>(RouteId::CancelFlashSale, &[id], None, Some(token), key).await
}

/// `PATCH /api/manage/flash-sales/{id}`.
pub async fn edit_sale(token: &str, id: &str, body: &SaleEditRequest) -> Result<ManagedSale, ClientError> {
    send(RouteId::EditFlashSale, &[id], Some(body), Some(token)).await
}

/// `GET /api/manage/coupon-campaigns` (the caller's store).
pub async fn managed_campaigns(token: &str) -> Result<Vec<ManagedCampaign>, ClientError> {
    get(RouteId::ManageCampaigns, &[], &[], Some(token)).await
}

/// `POST /api/manage/coupon-campaigns/{id}/close`.
pub async fn close_campaign(token: &str, key: &str, id: &str) -> Result<ManagedCampaign, ClientError> {
    send_keyed::<(), ManagedCampaign>(RouteId::CloseCampaign, &[id], None, Some(token), key).await
}

/// `GET /api/manage/dashboard?from=&to=` (the caller's store; head office: the chain).
pub async fn dashboard(token: &str, from: Option<&str>, to: Option<&str>) -> Result<Dashboard, ClientError> {
    get(RouteId::Dashboard, &[], &[("from", from), ("to", to)], Some(token)).await
}

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

/// `POST /api/manage/images` with the file as the body (the server tells its type from its
/// first bytes). Never sent twice: the same file is the same image anyway, but a large body is
/// not worth resending.
pub async fn upload_image(token: &str, file: &web_sys::File) -> Result<UploadedImage, ClientError> {
    let resp = Request::post(&routes::path(RouteId::UploadImage, &[]))
        .header("authorization", &format!("Bearer {token}"))
        .header("content-type", &file.type_())
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(net)?
        .send()
        .await
        .map_err(net)?;
    decode(resp).await
}

/// `PUT /api/manage/stores/{id}`.
pub async fn put_store(token: &str, id: &str, body: &StoreLayout) -> Result<shared::api::Store, ClientError> {
    send(RouteId::PutStore, &[id], Some(body), Some(token)).await
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

/// `POST /api/manage/guides/{staff_no}/handover`.
pub async fn hand_over_customers(token: &str, staff_no: &str, to: &str) -> Result<HandoverReport, ClientError> {
    let body = HandoverRequest { to_staff_no: to.to_owned() };
    send(RouteId::Handover, &[staff_no], Some(&body), Some(token)).await
}
