//! Items with several SKUs (colours, sizes): the order their pickers show them in, their stock
//! added up over the stores, and which SKU stands for the item in a product list.
//!
//! **Picker order.** Colours keep the order they are stored in (the catalog's SKU order: the
//! merchandiser's first colour first); within a colour, sizes go smallest first: numbers by
//! value (`39` before `41`, `42.5` after `42`), letters by garment size (`XS` … `XXXL`), any
//! other label after those in stored order. Sorting is stable, so equal keys keep stored order.

use crate::api::{Attributes, Product, Variant};
use crate::ids::VariantGroup;
use std::collections::BTreeMap;

/// Garment sizes smallest first; `2XL`/`3XL` are spelled as `XXL`/`XXXL` on some labels.
const LETTER_SIZES: [&[&str]; 8] =
    [&["XXS"], &["XS"], &["S"], &["M"], &["L"], &["XL"], &["XXL", "2XL"], &["XXXL", "3XL"]];

/// Where a size label goes among its siblings: numbers, then letters, then anything else.
fn size_key(size: Option<&str>) -> (u8, u64) {
    let Some(label) = size.map(str::trim) else { return (3, 0) };
    if let Ok(n) = label.parse::<f64>()
        && n.is_finite()
        && n >= 0.0
    {
        // Tenths are enough for shoe sizes (42.5); the value is small, so the cast is exact.
        return (0, (n * 10.0).round() as u64);
    }
    let upper = label.to_ascii_uppercase();
    match LETTER_SIZES.iter().position(|names| names.contains(&upper.as_str())) {
        Some(i) => (1, i as u64),
        None => (2, 0),
    }
}

/// The positions of `attributes` in picker order (see the module doc); `attributes` are in
/// stored order.
pub fn picker_order(attributes: &[&Attributes]) -> Vec<usize> {
    let mut colours: Vec<Option<&str>> = Vec::new();
    for a in attributes {
        if !colours.contains(&a.color.as_deref()) {
            colours.push(a.color.as_deref());
        }
    }
    let colour_rank = |a: &Attributes| colours.iter().position(|c| *c == a.color.as_deref()).unwrap_or(0);
    let mut order: Vec<usize> = (0..attributes.len()).collect();
    crate::sorting::sort_by_key(&mut order, |&i| (colour_rank(attributes[i]), size_key(attributes[i].size.as_deref())));
    order
}

/// An item's variants from one row per SKU and store that carries it (in the catalog's SKU
/// order, `available` that store's units): one per SKU, its units added up over the stores,
/// in picker order.
pub fn variants(rows: impl IntoIterator<Item = Variant>) -> Vec<Variant> {
    let mut merged: Vec<Variant> = Vec::new();
    for row in rows {
        match merged.iter_mut().find(|v| v.sku == row.sku) {
            Some(v) => v.available = v.available.saturating_add(row.available),
            None => merged.push(row),
        }
    }
    let order = picker_order(&merged.iter().map(|v| &v.attributes).collect::<Vec<_>>());
    let mut slots: Vec<Option<Variant>> = merged.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// A product list with one entry per item: a product without a group stays as it is; the SKUs
/// of one group are replaced, where the first of them stood, by the one that comes first in
/// picker order. A list carries no stock, so the product page is where the customer sees which
/// sizes and colours are left.
pub fn one_per_group(products: Vec<Product>) -> Vec<Product> {
    let mut groups: BTreeMap<VariantGroup, Vec<usize>> = BTreeMap::new();
    for (i, p) in products.iter().enumerate() {
        if let Some(g) = &p.group {
            groups.entry(g.clone()).or_default().push(i);
        }
    }
    let mut chosen: BTreeMap<VariantGroup, usize> = BTreeMap::new();
    for (group, members) in &groups {
        let order = picker_order(&members.iter().map(|&i| &products[i].attributes).collect::<Vec<_>>());
        chosen.insert(group.clone(), members[order[0]]);
    }
    let mut slots: Vec<Option<Product>> = products.into_iter().map(Some).collect();
    let mut list = Vec::with_capacity(slots.len());
    for i in 0..slots.len() {
        let Some(group) = slots[i].as_ref().map(|p| p.group.clone()) else { continue };
        match group {
            None => list.extend(slots[i].take()),
            Some(g) if groups.get(&g).and_then(|m| m.first()) == Some(&i) => {
                list.extend(chosen.get(&g).and_then(|&c| slots[c].take()));
            }
            Some(_) => {}
        }
    }
    list
}

/// Which attribute a picker chip sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick<'a> {
    /// A colour chip.
    Color(&'a str),
    /// A size chip.
    Size(&'a str),
}

/// The distinct colours, then the distinct sizes, of `variants`, each in picker order (a
/// picker with fewer than two values is not worth showing; the page decides).
pub fn choices(variants: &[Variant]) -> (Vec<String>, Vec<String>) {
    let (mut colours, mut sizes) = (Vec::<String>::new(), Vec::<String>::new());
    for v in variants {
        if let Some(c) = &v.attributes.color
            && !colours.contains(c)
        {
            colours.push(c.clone());
        }
    }
    let mut by_size: Vec<&Variant> = variants.iter().filter(|v| v.attributes.size.is_some()).collect();
    crate::sorting::sort_by_key(&mut by_size, |v| size_key(v.attributes.size.as_deref()));
    for v in by_size {
        if let Some(s) = &v.attributes.size
            && !sizes.contains(s)
        {
            sizes.push(s.clone());
        }
    }
    (colours, sizes)
}

/// The SKU a chip switches to from `current`: the variant with the picked value that keeps the
/// current other attribute; failing that, the first with the picked value that has stock, then
/// the first with it at all. `None` when no variant has the picked value.
pub fn switch<'a>(variants: &'a [Variant], current: &str, pick: Pick<'_>) -> Option<&'a Variant> {
    let now = variants.iter().find(|v| v.sku.as_str() == current).map(|v| &v.attributes);
    let matches = |v: &&Variant| match pick {
        Pick::Color(c) => v.attributes.color.as_deref() == Some(c),
        Pick::Size(s) => v.attributes.size.as_deref() == Some(s),
    };
    let keeps_other = |v: &&Variant| match (pick, now) {
        (Pick::Color(_), Some(a)) => v.attributes.size == a.size,
        (Pick::Size(_), Some(a)) => v.attributes.color == a.color,
        (_, None) => false,
    };
    let candidates = || variants.iter().filter(matches);
    candidates().find(keeps_other).or_else(|| candidates().find(|v| v.available > 0)).or_else(|| candidates().next())
}

#[cfg(test)]
mod tests;
