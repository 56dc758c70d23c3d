//! The catalog as data (contract v2 "Store operations"): head office creates and edits products
//! one at a time (`POST /api/manage/products`) or as a CSV file (`.../import`, `.../export`).
//!
//! Every rule lives here; the worker only reads what the rules need from D1 (which stores and
//! counters exist, which SKUs and barcodes are taken) into a [`CatalogFacts`] and writes what
//! [`ProductDraft::parse`] or [`import::plan`] accept.

pub mod csv;
pub mod draft;
pub mod image;
pub mod import;
pub mod stored;

/// The largest catalog file an import reads: larger than a JSON body, some thousands of lines.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;

pub use draft::{CatalogFacts, CodeRow, DraftError, ProductDraft, ProductRequest, StoreCounterRow, StoreIdRow};
pub use import::{ImportPlan, ImportReport, Rejected};
