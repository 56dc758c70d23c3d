//! A bucket's storage: its SQLite key-value table (the sale, the bucket's ledger) and the sale's
//! metadata kept in memory once read.

use super::{Meta, SaleObject, ValueRow, internal};
use crate::objects::{decode, encode};
use serde::Serialize;
use shared::stored::Stored;
use worker::Result;

impl SaleObject {
    pub(super) fn sql(&self) -> worker::SqlStorage {
        self.state.storage().sql()
    }

    pub(super) fn read(&self, key: &str) -> Result<Option<String>> {
        let rows: Vec<ValueRow> = self.sql().exec("SELECT v FROM kv WHERE k = ?", vec![key.into()])?.to_array()?;
        Ok(rows.into_iter().next().map(|r| r.v))
    }

    pub(super) fn write(&self, key: &str, value: &impl Serialize) -> Result<()> {
        self.write_text(key, serde_json::to_string(value).map_err(internal)?)
    }

    /// Writes a versioned shape (the sale and the bucket: what a later build must read back).
    pub(super) fn write_stored<T: Stored>(&self, key: &str, value: &T) -> Result<()> {
        self.write_text(key, encode(value)?)
    }

    pub(super) fn write_text(&self, key: &str, text: String) -> Result<()> {
        self.sql().exec("INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)", vec![key.into(), text.into()])?;
        Ok(())
    }

    pub(super) fn meta(&self) -> Result<Option<Meta>> {
        if self.meta.borrow().is_none() {
            let loaded = self.read("meta")?.map(|t| decode(&t)).transpose()?;
            *self.meta.borrow_mut() = loaded;
        }
        Ok(self.meta.borrow().clone())
    }
}
