//! Scan-and-go (扫码购) calls: the member's in-store cart, its checkout, and the exit check.

use super::ClientError;
use super::transport::{send, send_keyed};
use shared::api::{
    CodeRequest, OrderEnvelope, PayRequest, ScanGoCartRequest, ScanGoCartView, ScanGoLineRequest, ScanGoReceipt,
};
use shared::routes::RouteId;

/// `POST /api/scan-go/carts`.
pub async fn open_cart(token: &str, store_id: &str) -> Result<ScanGoCartView, ClientError> {
    send(RouteId::ScanGoCart, &[], Some(&ScanGoCartRequest { store_id: store_id.to_owned() }), Some(token)).await
}

/// `PUT /api/scan-go/carts/{id}/lines`: `qty` of the product with `barcode` (0 removes it).
pub async fn set_line(token: &str, cart: &str, barcode: &str, qty: i64) -> Result<ScanGoCartView, ClientError> {
    let body = ScanGoLineRequest { barcode: barcode.to_owned(), qty };
    send(RouteId::ScanGoLines, &[cart], Some(&body), Some(token)).await
}

/// `POST /api/scan-go/carts/{id}/checkout` under `key`: the same key until an answer arrives,
/// so a dropped connection is retried without paying twice.
pub async fn checkout(token: &str, cart: &str, key: &str, method: &str) -> Result<ScanGoReceipt, ClientError> {
    send_keyed(RouteId::ScanGoCheckout, &[cart], Some(&PayRequest { method: method.to_owned() }), Some(token), key)
        .await
}

/// `POST /api/guide/counter-sales` under `key` (one per ticket as rung up): the paid order.
pub async fn ring_up(
    token: &str,
    key: &str,
    body: &shared::api::CounterSaleOrderRequest,
) -> Result<OrderEnvelope, ClientError> {
    send_keyed(RouteId::CounterSaleOrder, &[], Some(body), Some(token), key).await
}

/// `POST /api/guide/exit-passes`: the order of a scanned exit pass, handed over.
pub async fn check_exit_pass(token: &str, code: &str) -> Result<OrderEnvelope, ClientError> {
    send(RouteId::ExitPass, &[], Some(&CodeRequest { code: code.to_owned() }), Some(token)).await
}
