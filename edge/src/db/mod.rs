//! D1 access: the relational data (catalog, and later members, orders, campaigns).
//! Each function is one or a few statements; rows are read into domain types here.

pub mod audit;
pub mod birthdays;
pub mod campaigns;
pub mod catalog;
pub mod catalog_admin;
pub mod catalog_version;
pub mod clienteling;
pub mod dashboard;
#[cfg(feature = "dev")]
pub mod dev_products;
pub mod holds;
pub mod images;
pub mod invites;
pub mod members;
pub mod messages;
pub mod order_lists;
pub mod orders;
pub mod payments;
pub mod placing;
pub mod promoters;
pub mod reconciliation;
pub mod referrals;
pub mod returns;
pub mod rewards;
pub mod sales;
pub mod scan_go;
pub mod sessions;
pub mod staff_admin;
pub mod throttles;
pub mod transfers;

use serde::Deserialize;

/// A `COUNT(*) AS n` row.
#[derive(Deserialize)]
pub struct Count {
    pub n: i64,
}
