//! One product as head office writes it: [`ProductRequest`] is what arrives (JSON or one CSV
//! line), [`ProductDraft`] is what may be stored. A draft exists only when every field passed.

use crate::Fen;
use crate::api::Attributes;
use crate::barcode::Ean13;
use crate::ids::{Category, CounterId, Sku, StoreId, VariantGroup};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// `POST /api/manage/products` body, and one line of an import.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRequest {
    /// Stock-keeping unit (creates, or updates the product that has it).
    pub sku: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Brand.
    pub brand: String,
    /// Category slug.
    pub category: String,
    /// Shelf price in fen (read as a signed number so a negative one is named, not a 400).
    pub price_fen: i64,
    /// EAN-13 barcode with its check digit.
    pub barcode: String,
    /// Store id → the counter that sells it there.
    pub counter_ids: BTreeMap<String, String>,
    /// Colour and size of this variant.
    #[serde(default)]
    pub attributes: Attributes,
    /// The item this SKU is a variant of.
    #[serde(default)]
    pub group: Option<String>,
    /// An https URL or a path under the app (`/img/...`); empty for the placeholder.
    #[serde(default)]
    pub image: Option<String>,
    /// Chinese description.
    #[serde(default)]
    pub description: Option<String>,
    /// English description.
    #[serde(default)]
    pub description_en: Option<String>,
}

/// What the rules need to know about the catalog as it is stored now.
#[derive(Clone, Debug, Default)]
pub struct CatalogFacts {
    /// Counters of each store.
    pub counters: BTreeMap<String, BTreeSet<String>>,
    /// Barcode → the SKU that has it.
    pub barcodes: BTreeMap<String, String>,
    /// SKUs that exist.
    pub skus: BTreeSet<String>,
}

/// A store's id as D1 gives it.
#[derive(Clone, Debug, Deserialize)]
pub struct StoreIdRow {
    /// The store.
    pub id: String,
}

/// A counter and its store as D1 gives them.
#[derive(Clone, Debug, Deserialize)]
pub struct StoreCounterRow {
    /// The counter.
    pub id: String,
    /// Its store.
    pub store_id: String,
}

/// A product's SKU and barcode as D1 gives them.
#[derive(Clone, Debug, Deserialize)]
pub struct CodeRow {
    /// The SKU.
    pub sku: String,
    /// Its barcode.
    pub barcode: String,
}

impl CatalogFacts {
    /// The facts of the stored stores, counters and products: every store is listed, even one
    /// without counters.
    pub fn of(stores: Vec<StoreIdRow>, counters: Vec<StoreCounterRow>, codes: Vec<CodeRow>) -> CatalogFacts {
        let mut facts = CatalogFacts::default();
        for s in stores {
            facts.counters.entry(s.id).or_default();
        }
        for c in counters {
            facts.counters.entry(c.store_id).or_default().insert(c.id);
        }
        for c in codes {
            facts.skus.insert(c.sku.clone());
            facts.barcodes.insert(c.barcode, c.sku);
        }
        facts
    }
}

/// Why a product was refused; each names its field (422 `INVALID`, the message says which).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    /// The SKU is not a well-formed id.
    #[error("sku: {0}")]
    Sku(String),
    /// A name is empty or too long.
    #[error("{field}: must be 1 to 80 characters")]
    Name {
        /// `name`, `name_en` or `brand`.
        field: &'static str,
    },
    /// The category is not a slug.
    #[error("category: {0}")]
    Category(String),
    /// Negative, or above what the money type holds.
    #[error("price_fen: {0}")]
    Price(String),
    /// Not an EAN-13 code.
    #[error("barcode: {0}")]
    Barcode(String),
    /// Another product has this barcode.
    #[error("barcode: {barcode} is already the barcode of {sku}")]
    BarcodeTaken {
        /// The code.
        barcode: String,
        /// Who has it.
        sku: String,
    },
    /// No store given.
    #[error("counter_ids: name at least one store and its counter")]
    NoStore,
    /// The store does not exist.
    #[error("counter_ids: there is no store {0}")]
    UnknownStore(String),
    /// The counter is not one of that store's.
    #[error("counter_ids: store {store} has no counter {counter}")]
    UnknownCounter {
        /// The store.
        store: String,
        /// The counter asked for.
        counter: String,
    },
    /// A colour, size, group, image or description that breaks its rule.
    #[error("{field}: {reason}")]
    Field {
        /// The field.
        field: &'static str,
        /// Why.
        reason: &'static str,
    },
}

/// A product that passed every rule, ready to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductDraft {
    sku: Sku,
    name: String,
    name_en: String,
    brand: String,
    category: Category,
    price: Fen,
    barcode: Ean13,
    counters: BTreeMap<StoreId, CounterId>,
    attributes: Attributes,
    group: Option<VariantGroup>,
    image: String,
    description: String,
    description_en: String,
}

/// The image a product without one shows.
pub const PLACEHOLDER_IMAGE: &str = "/img/products/placeholder.svg";

fn name(field: &'static str, text: &str) -> Result<String, DraftError> {
    let text = text.trim();
    match text.chars().count() {
        1..=80 => Ok(text.to_owned()),
        _ => Err(DraftError::Name { field }),
    }
}

fn optional(field: &'static str, text: Option<&str>, max: usize) -> Result<Option<String>, DraftError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) if t.chars().count() <= max => Ok(Some(t.to_owned())),
        Some(_) => Err(DraftError::Field { field, reason: "is too long" }),
    }
}

/// An https URL or a path under the app's origin; nothing that could run script or leave TLS.
fn image(text: Option<&str>) -> Result<String, DraftError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(PLACEHOLDER_IMAGE.to_owned());
    };
    let safe = text.len() <= 300
        && !text.contains(['"', '\'', '<', '>', ' ', '\\'])
        && ((text.starts_with('/') && !text.starts_with("//")) || text.starts_with("https://"));
    match safe {
        true => Ok(text.to_owned()),
        false => Err(DraftError::Field { field: "image", reason: "must be an https URL or a path under the app" }),
    }
}

impl ProductDraft {
    /// Checks every field against the rules and the catalog as `facts` describes it.
    pub fn parse(req: &ProductRequest, facts: &CatalogFacts) -> Result<ProductDraft, DraftError> {
        let sku = Sku::parse(req.sku.trim()).map_err(|e| DraftError::Sku(e.to_string()))?;
        let category = Category::parse(req.category.trim()).map_err(|e| DraftError::Category(e.to_string()))?;
        let price = Fen::parse(req.price_fen).map_err(|e| DraftError::Price(e.to_string()))?;
        let barcode = Ean13::parse(&req.barcode).map_err(|e| DraftError::Barcode(e.to_string()))?;
        if let Some(owner) = facts.barcodes.get(barcode.as_str()).filter(|owner| **owner != req.sku.trim()) {
            return Err(DraftError::BarcodeTaken { barcode: barcode.to_string(), sku: owner.clone() });
        }
        if req.counter_ids.is_empty() {
            return Err(DraftError::NoStore);
        }
        let mut counters = BTreeMap::new();
        for (store, counter) in &req.counter_ids {
            let (store, counter) = (store.trim(), counter.trim());
            let known = facts.counters.get(store).ok_or_else(|| DraftError::UnknownStore(store.to_owned()))?;
            if !known.contains(counter) {
                return Err(DraftError::UnknownCounter { store: store.to_owned(), counter: counter.to_owned() });
            }
            let store = StoreId::parse(store).map_err(|_| DraftError::UnknownStore(store.to_owned()))?;
            let counter = CounterId::parse(counter)
                .map_err(|_| DraftError::UnknownCounter { store: store.to_string(), counter: counter.to_owned() })?;
            counters.insert(store, counter);
        }
        let group = match optional("group", req.group.as_deref(), 40)? {
            Some(g) => Some(VariantGroup::parse(&g).map_err(|_| DraftError::Field {
                field: "group",
                reason: "may only contain letters, digits, '-' and '_'",
            })?),
            None => None,
        };
        Ok(ProductDraft {
            sku,
            name: name("name", &req.name)?,
            name_en: name("name_en", &req.name_en)?,
            brand: name("brand", &req.brand)?,
            category,
            price,
            barcode,
            counters,
            attributes: Attributes {
                color: optional("attributes.color", req.attributes.color.as_deref(), 20)?,
                size: optional("attributes.size", req.attributes.size.as_deref(), 20)?,
            },
            group,
            image: image(req.image.as_deref())?,
            description: optional("description", req.description.as_deref(), 2000)?.unwrap_or_default(),
            description_en: optional("description_en", req.description_en.as_deref(), 2000)?.unwrap_or_default(),
        })
    }

    /// The SKU.
    pub fn sku(&self) -> &Sku {
        &self.sku
    }
    /// Chinese name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// English name.
    pub fn name_en(&self) -> &str {
        &self.name_en
    }
    /// Brand.
    pub fn brand(&self) -> &str {
        &self.brand
    }
    /// Category.
    pub fn category(&self) -> &Category {
        &self.category
    }
    /// Shelf price.
    pub fn price(&self) -> Fen {
        self.price
    }
    /// Barcode.
    pub fn barcode(&self) -> &Ean13 {
        &self.barcode
    }
    /// Store → counter.
    pub fn counters(&self) -> &BTreeMap<StoreId, CounterId> {
        &self.counters
    }
    /// Colour and size.
    pub fn attributes(&self) -> &Attributes {
        &self.attributes
    }
    /// The item it is a variant of.
    pub fn group(&self) -> Option<&VariantGroup> {
        self.group.as_ref()
    }
    /// Image URL or path.
    pub fn image(&self) -> &str {
        &self.image
    }
    /// Chinese description.
    pub fn description(&self) -> &str {
        &self.description
    }
    /// English description.
    pub fn description_en(&self) -> &str {
        &self.description_en
    }
}

#[cfg(test)]
mod tests;
