//! What the flash-sale tests build from: instants, members, orders, quantities and a sale of
//! the demo's serum (36,800 fen) at 990 fen, which each test varies in the fields it is about.

use super::{FlashSale, SaleRequest};
use crate::Fen;
use crate::ids::{MemberId, OrderId, SaleId};
use crate::stock::Qty;
use chrono::{DateTime, TimeZone, Utc};

/// `s` seconds after a fixed instant.
pub fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}

/// Member number `n`.
pub fn m(n: u32) -> MemberId {
    MemberId::parse(&format!("M{}", 10_000_000 + n)).expect("valid")
}

/// Order number `n`.
pub fn o(n: u32) -> OrderId {
    OrderId::parse(&format!("O{n}")).expect("valid")
}

/// `n` units.
pub fn q(n: u32) -> Qty {
    Qty::parse(i64::from(n)).expect("valid")
}

/// A sale of 100 units of SKU-1001 in S1 at 990 fen, limit 2, from `t(0)` for an hour, in four
/// buckets with the default lock.
pub fn request() -> SaleRequest {
    SaleRequest {
        sku: "SKU-1001".into(),
        store_id: "S1".into(),
        price_fen: 990,
        quantity: 100,
        per_member_limit: 2,
        starts_at: t(0),
        ends_at: t(3_600),
        title: None,
        buckets: Some(4),
        lock_minutes: None,
    }
}

/// The sale `FS1` of this request, of the serum at 36,800 fen, created at `created`.
pub fn sale_of(req: &SaleRequest, created: DateTime<Utc>) -> FlashSale {
    FlashSale::parse(SaleId::parse("FS1").expect("valid"), req, "兰雅精华", Fen::new(36_800), created).expect("sale")
}
