//! Products as D1 stores them: a variant's attributes are two flat columns, and the export
//! carries each store's counter as `S1:S1-C03;S2:S2-C11`.

use crate::api::{Attributes, Product};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A product's row: its variant's attributes are two flat columns.
#[derive(Clone, Debug, Deserialize)]
pub struct ProductRecord {
    /// Everything but the attributes.
    #[serde(flatten)]
    pub product: Product,
    /// The variant's colour.
    pub color: Option<String>,
    /// The variant's size.
    pub size: Option<String>,
}

impl From<ProductRecord> for Product {
    fn from(r: ProductRecord) -> Product {
        Product { attributes: Attributes { color: r.color, size: r.size }, ..r.product }
    }
}

/// A product's row with its two description paragraphs.
#[derive(Clone, Debug, Deserialize)]
pub struct ProductRow {
    /// The product.
    #[serde(flatten)]
    pub product: ProductRecord,
    /// Chinese description.
    #[serde(default)]
    pub description: String,
    /// English description.
    #[serde(default)]
    pub description_en: String,
}

/// A product's row as the export reads it: its Chinese description and each store's counter.
#[derive(Clone, Debug, Deserialize)]
pub struct ExportRecord {
    /// The product.
    #[serde(flatten)]
    pub product: ProductRecord,
    /// Chinese description.
    pub description: String,
    /// `S1:S1-C03;S2:S2-C11`, `None` when no store sells it.
    pub stores: Option<String>,
}

impl ExportRecord {
    /// The product, its counter in each store that sells it (none if the text does not read
    /// back), and its Chinese description.
    pub fn exported(self) -> (Product, BTreeMap<String, String>, String) {
        let counters = super::import::read_counter_ids(self.stores.as_deref().unwrap_or_default()).unwrap_or_default();
        (self.product.into(), counters, self.description)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> serde_json::Value {
        serde_json::json!({
            "sku": "SKU-N41", "name": "耐克 跑鞋 41", "name_en": "Nike runner 41", "brand": "Nike",
            "category": "shoes", "price_fen": 69_900, "barcode": "4006381333931", "image": "",
            "counter_id": null, "group": "G-RUN", "color": "黑", "size": "41"
        })
    }

    #[test]
    fn the_flat_columns_become_the_products_attributes() {
        let record: ProductRecord = serde_json::from_value(columns()).unwrap();
        let p = Product::from(record);
        assert_eq!((p.sku.as_str(), p.name_en.as_str()), ("SKU-N41", "Nike runner 41"));
        assert_eq!(p.attributes, Attributes { color: Some("黑".into()), size: Some("41".into()) });
        assert_eq!(p.group.as_ref().map(|g| g.as_str()), Some("G-RUN"));
        let mut with_text = columns();
        with_text["description"] = "跑鞋".into();
        let row: ProductRow = serde_json::from_value(with_text).unwrap();
        assert_eq!((row.description.as_str(), row.description_en.as_str()), ("跑鞋", ""));
        assert_eq!(Product::from(row.product).attributes.size.as_deref(), Some("41"));
    }

    #[test]
    fn an_exported_product_carries_its_counters_and_description() {
        let mut v = columns();
        v["description"] = "跑鞋".into();
        v["stores"] = "S1:S1-C02;S2:S2-C01".into();
        let (p, counters, description) = serde_json::from_value::<ExportRecord>(v.clone()).unwrap().exported();
        assert_eq!(p.attributes.color.as_deref(), Some("黑"));
        assert_eq!(counters.get("S1").map(String::as_str), Some("S1-C02"));
        assert_eq!(counters.get("S2").map(String::as_str), Some("S2-C01"));
        assert_eq!(description, "跑鞋");
        v["stores"] = serde_json::Value::Null;
        let (_, counters, _) = serde_json::from_value::<ExportRecord>(v).unwrap().exported();
        assert!(counters.is_empty());
    }
}
