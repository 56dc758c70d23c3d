//! The shapes Durable Objects keep in their storage, with a schema version.
//!
//! A live object holds what an older build wrote. A renamed field or a changed enum would make
//! that text unreadable, or worse, readable as something else; so every stored shape says which
//! version of itself it is (`{"schema":1,"state":…}`), reading an unknown version is an error
//! (never an empty value in its place), and the tests beside this module pin today's shapes to
//! golden JSON fixtures, so a change to one is seen in review, not in production.
//!
//! Text written before versioning has no envelope: it is version 1, today's shape.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A shape an object stores. Bump [`Stored::SCHEMA`] when the serialized form changes, and
/// teach [`decode`] to read the previous version.
pub trait Stored: Serialize + DeserializeOwned {
    /// What it is, for error messages (`stock pool`, `sale bucket`, …).
    const NAME: &'static str;
    /// The version written today.
    const SCHEMA: u32;
}

/// The version of text stored before shapes carried one.
pub const UNVERSIONED: u32 = 1;

/// Why stored text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredError {
    /// Written by a build that knows a version this one does not.
    #[error("stored {name} has schema version {found}; this build reads version {known}")]
    UnknownSchema {
        /// The shape.
        name: &'static str,
        /// The version found.
        found: u64,
        /// The version this build reads.
        known: u32,
    },
    /// Not the shape its version says.
    #[error("stored {name} does not read back: {detail}")]
    Malformed {
        /// The shape.
        name: &'static str,
        /// What serde said.
        detail: String,
    },
}

/// The stored text of `value`: `{"schema":N,"state":…}`.
pub fn encode<T: Stored>(value: &T) -> Result<String, StoredError> {
    let malformed = |e: serde_json::Error| StoredError::Malformed { name: T::NAME, detail: e.to_string() };
    let state = serde_json::to_value(value).map_err(malformed)?;
    serde_json::to_string(&serde_json::json!({ "schema": T::SCHEMA, "state": state })).map_err(malformed)
}

/// Reads stored text back: an envelope of today's version, or unversioned text (version 1).
pub fn decode<T: Stored>(text: &str) -> Result<T, StoredError> {
    let malformed = |e: serde_json::Error| StoredError::Malformed { name: T::NAME, detail: e.to_string() };
    let value: serde_json::Value = serde_json::from_str(text).map_err(malformed)?;
    let (found, state) = match value {
        serde_json::Value::Object(mut fields)
            if fields.len() == 2 && fields.contains_key("schema") && fields.contains_key("state") =>
        {
            let found = fields.get("schema").and_then(serde_json::Value::as_u64).ok_or_else(|| {
                StoredError::Malformed { name: T::NAME, detail: "schema is not a version number".into() }
            })?;
            (found, fields.remove("state").unwrap_or_default())
        }
        unversioned => (u64::from(UNVERSIONED), unversioned),
    };
    if found != u64::from(T::SCHEMA) {
        return Err(StoredError::UnknownSchema { name: T::NAME, found, known: T::SCHEMA });
    }
    serde_json::from_value(state).map_err(malformed)
}

impl Stored for crate::stock::StockPool {
    const NAME: &'static str = "stock pool";
    const SCHEMA: u32 = 1;
}

impl Stored for crate::flash_sale::SaleBucket {
    const NAME: &'static str = "sale bucket";
    const SCHEMA: u32 = 1;
}

impl Stored for crate::flash_sale::FlashSale {
    const NAME: &'static str = "flash sale";
    const SCHEMA: u32 = 1;
}

impl Stored for crate::coupon::Campaign {
    const NAME: &'static str = "coupon campaign";
    const SCHEMA: u32 = 1;
}

impl Stored for crate::coupon::Coupon {
    const NAME: &'static str = "coupon";
    const SCHEMA: u32 = 1;
}

impl Stored for crate::stored_value::Entry {
    const NAME: &'static str = "ledger entry";
    const SCHEMA: u32 = 1;
}

impl Stored for crate::member_code::UsedCodes {
    const NAME: &'static str = "used member codes";
    const SCHEMA: u32 = 1;
}

#[cfg(test)]
mod tests;

impl Stored for crate::flash_sale::SaleCancel {
    const NAME: &'static str = "sale cancel";
    const SCHEMA: u32 = 1;
}
