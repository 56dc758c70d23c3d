//! A catalog file: its columns, reading each line into a [`ProductRequest`], the plan an import
//! follows (all lines pass, or nothing is written), and the file an export writes (which the
//! import reads back).

use super::csv::{self, Record};
use super::draft::{CatalogFacts, ProductDraft, ProductRequest};
use crate::api::{Attributes, Product};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The columns, in the order an export writes them. `sku`, `name`, `name_en`, `brand`,
/// `category`, `price_fen`, `barcode` and `counter_ids` must be in the header; the rest may be.
pub const COLUMNS: [&str; 13] = [
    "sku",
    "name",
    "name_en",
    "brand",
    "category",
    "price_fen",
    "barcode",
    "counter_ids",
    "color",
    "size",
    "group",
    "image",
    "description",
];
const REQUIRED: usize = 8;

/// A line that was refused, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    /// The file line the record starts on (1 is the header).
    pub line: usize,
    /// What is wrong, naming the column.
    pub reason: String,
}

/// `{created, updated, rejected}`: what an import did, or would do (dry run).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Products that did not exist.
    pub created: u32,
    /// Products whose SKU existed.
    pub updated: u32,
    /// Every refused line; when any is, nothing is written.
    pub rejected: Vec<Rejected>,
}

/// What an import will write: every draft, in file order, and the report.
#[derive(Clone, Debug, Default)]
pub struct ImportPlan {
    /// The products to write (empty when any line was rejected).
    pub drafts: Vec<ProductDraft>,
    /// What the answer says.
    pub report: ImportReport,
}

/// `S1:S1-C03;S2:S2-C11` → store → counter.
pub fn read_counter_ids(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for pair in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (store, counter) =
            pair.split_once(':').ok_or_else(|| format!("counter_ids: '{pair}' is not STORE:COUNTER"))?;
        if out.insert(store.trim().to_owned(), counter.trim().to_owned()).is_some() {
            return Err(format!("counter_ids: store {} is named twice", store.trim()));
        }
    }
    Ok(out)
}

fn write_counter_ids(counters: &BTreeMap<String, String>) -> String {
    counters.iter().map(|(s, c)| format!("{s}:{c}")).collect::<Vec<_>>().join(";")
}

/// Which column holds each known field.
struct Header(HashMap<&'static str, usize>);

fn header(record: &Record) -> Result<Header, String> {
    let mut at = HashMap::new();
    for (i, name) in record.fields.iter().enumerate() {
        let name = name.trim();
        let known = COLUMNS.iter().find(|c| **c == name).ok_or_else(|| format!("unknown column '{name}'"))?;
        if at.insert(*known, i).is_some() {
            return Err(format!("column '{name}' appears twice"));
        }
    }
    match COLUMNS[..REQUIRED].iter().find(|c| !at.contains_key(**c)) {
        Some(missing) => Err(format!("the header lacks the column '{missing}'")),
        None => Ok(Header(at)),
    }
}

fn request(h: &Header, record: &Record) -> Result<ProductRequest, String> {
    if record.fields.len() != h.0.len() {
        return Err(format!("has {} fields, the header has {}", record.fields.len(), h.0.len()));
    }
    let get = |c: &str| h.0.get(c).map(|i| record.fields[*i].trim().to_owned()).unwrap_or_default();
    let some = |c: &str| Some(get(c)).filter(|v| !v.is_empty());
    let price = get("price_fen");
    Ok(ProductRequest {
        sku: get("sku"),
        name: get("name"),
        name_en: get("name_en"),
        brand: get("brand"),
        category: get("category"),
        price_fen: price.parse().map_err(|_| format!("price_fen: '{price}' is not a whole number of fen"))?,
        barcode: get("barcode"),
        counter_ids: read_counter_ids(&get("counter_ids"))?,
        attributes: Attributes { color: some("color"), size: some("size") },
        group: some("group"),
        image: some("image"),
        description: some("description"),
        description_en: None,
    })
}

/// Reads a whole file against the catalog as it is: every line is checked (each draft rule,
/// plus SKUs and barcodes that appear twice in the file), and the plan holds drafts only when
/// no line was refused.
pub fn plan(text: &str, facts: &CatalogFacts) -> ImportPlan {
    let refuse = |line, reason: String| ImportPlan {
        drafts: Vec::new(),
        report: ImportReport { rejected: vec![Rejected { line, reason }], ..ImportReport::default() },
    };
    let records = match csv::parse(text) {
        Ok(r) => r,
        Err(e) => return refuse(e.line(), e.to_string()),
    };
    let Some((first, rows)) = records.split_first() else {
        return refuse(1, "the file is empty: it needs a header row".into());
    };
    let h = match header(first) {
        Ok(h) => h,
        Err(reason) => return refuse(first.line, reason),
    };
    let mut report = ImportReport::default();
    let mut drafts = Vec::new();
    let (mut skus, mut barcodes) = (HashMap::new(), HashMap::new());
    for record in rows {
        let checked = request(&h, record).and_then(|req| {
            let draft = ProductDraft::parse(&req, facts).map_err(|e| e.to_string())?;
            if let Some(first) = skus.insert(draft.sku().to_string(), record.line) {
                return Err(format!("sku: {} is also on line {first}", draft.sku()));
            }
            if let Some(first) = barcodes.insert(draft.barcode().to_string(), record.line) {
                return Err(format!("barcode: {} is also on line {first}", draft.barcode()));
            }
            Ok(draft)
        });
        match checked {
            Ok(d) if facts.skus.contains(d.sku().as_str()) => {
                report.updated += 1;
                drafts.push(d);
            }
            Ok(d) => {
                report.created += 1;
                drafts.push(d);
            }
            Err(reason) => report.rejected.push(Rejected { line: record.line, reason }),
        }
    }
    if !report.rejected.is_empty() {
        drafts.clear();
    }
    ImportPlan { drafts, report }
}

/// One product as an export writes it: the product and its counter in each store.
pub struct ExportRow<'a> {
    /// The product.
    pub product: &'a Product,
    /// Store → counter.
    pub counters: &'a BTreeMap<String, String>,
    /// Its Chinese description.
    pub description: &'a str,
}

/// The catalog as a file the import reads back: header, then one line per product.
pub fn export(rows: &[ExportRow<'_>]) -> String {
    let mut out = csv::line(&COLUMNS);
    for r in rows {
        let p = r.product;
        let price = p.price_fen.get().to_string();
        let counters = write_counter_ids(r.counters);
        out.push_str(&csv::line(&[
            p.sku.as_str(),
            &p.name,
            &p.name_en,
            &p.brand,
            p.category.as_str(),
            &price,
            p.barcode.as_str(),
            &counters,
            p.attributes.color.as_deref().unwrap_or_default(),
            p.attributes.size.as_deref().unwrap_or_default(),
            p.group.as_ref().map(|g| g.as_str()).unwrap_or_default(),
            &p.image,
            r.description,
        ]));
    }
    out
}

#[cfg(test)]
mod tests;
