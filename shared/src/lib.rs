//! edgemall's domain core and API types.
//!
//! Everything here is pure: no I/O, no clock, no randomness of its own. Callers pass `now`,
//! ids and random bytes in, which is what lets every rule be tested natively with any
//! interleaving (the quinn-proto approach). The same crate compiles to wasm32 for the worker
//! (`edge/`) and the app (`app/`), so both sides agree on every type and every rule.

pub mod access;
pub mod api;
pub mod audit;
pub mod barcode;
pub mod birthday;
pub mod calendar;
pub mod catalog_cache;
pub mod catalog_ops;
pub mod clienteling;
pub mod counter_session;
pub mod coupon;
pub mod dashboard;
pub mod error;
pub mod flash_sale;
pub mod flows;
pub mod fulfil;
pub mod gateway;
pub mod holds;
pub mod hot_reads;
pub mod idempotency;
pub mod ids;
pub mod instant;
pub mod keys;
pub mod kinds;
pub mod member;
pub mod member_code;
pub mod money;
pub mod navigation;
#[cfg(feature = "api-docs")]
pub mod openapi;
pub mod order;
pub mod password;
pub mod payment;
pub mod phone;
pub mod physical_card;
pub mod pickup;
pub mod points_catalogue;
pub mod promoter;
pub mod protocol;
#[cfg(feature = "web-push")]
pub mod push;
pub mod query;
pub mod reconciliation;
pub mod red_envelope;
pub mod referral;
pub mod reminders;
pub mod retry;
pub mod returns;
pub mod routes;
pub mod scan;
pub mod scan_go;
pub mod session;
pub mod sorting;
pub mod staff_ops;
pub mod stock;
pub mod store_layout;
pub mod stored;
pub mod stored_value;
pub mod throttle;
pub mod tier;
pub mod tier_benefits;
pub mod upkeep;
pub mod variants;

pub use error::{ApiError, ErrorCode};
pub use money::Fen;
