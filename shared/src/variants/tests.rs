use super::*;
use crate::Fen;
use crate::ids::{Category, Sku};
use proptest::prelude::*;

fn attrs(color: Option<&str>, size: Option<&str>) -> Attributes {
    Attributes { color: color.map(str::to_owned), size: size.map(str::to_owned) }
}

fn variant(sku: &str, color: Option<&str>, size: Option<&str>, available: u32) -> Variant {
    Variant { sku: Sku::parse(sku).unwrap(), attributes: attrs(color, size), price_fen: Fen::new(100), available }
}

fn product(sku: &str, group: Option<&str>, color: Option<&str>, size: Option<&str>) -> Product {
    Product {
        sku: Sku::parse(sku).unwrap(),
        name: sku.to_owned(),
        name_en: sku.to_owned(),
        brand: "b".into(),
        category: Category::parse("sports").unwrap(),
        price_fen: Fen::new(100),
        barcode: crate::barcode::Ean13::parse("6901234567892").unwrap(),
        image: String::new(),
        counter_id: None,
        group: group.map(|g| VariantGroup::parse(g).unwrap()),
        attributes: attrs(color, size),
    }
}

fn skus(vs: &[Variant]) -> Vec<&str> {
    vs.iter().map(|v| v.sku.as_str()).collect()
}

#[test]
fn shoe_sizes_go_smallest_first_whatever_the_sku_order() {
    // The demo's running shoes: SKU-1024 is size 40, the later SKUs 39, 41, 42.
    let rows = [("SKU-1024", "40"), ("SKU-1065", "39"), ("SKU-1066", "41"), ("SKU-1067", "42")]
        .map(|(s, size)| variant(s, None, Some(size), 1));
    assert_eq!(skus(&variants(rows)), ["SKU-1065", "SKU-1024", "SKU-1066", "SKU-1067"]);
}

#[test]
fn sizes_compare_as_numbers_then_letters_then_as_stored() {
    let rows = [
        variant("A-4", None, Some("one size"), 0),
        variant("A-1", None, Some("XL"), 0),
        variant("A-2", None, Some("m"), 0),
        variant("A-3", None, Some("42.5"), 0),
        variant("A-5", None, Some("9"), 0),
        variant("A-6", None, Some("2XL"), 0),
        variant("A-7", None, Some("free"), 0),
    ];
    assert_eq!(skus(&variants(rows)), ["A-5", "A-3", "A-2", "A-1", "A-6", "A-4", "A-7"]);
}

#[test]
fn colours_keep_their_stored_order_and_sizes_sort_within_each() {
    let rows = [
        variant("P-1", Some("白"), Some("L"), 0),
        variant("P-2", Some("藏青"), Some("M"), 0),
        variant("P-3", Some("白"), Some("M"), 0),
        variant("P-4", Some("黑"), None, 0),
        variant("P-5", Some("藏青"), Some("S"), 0),
    ];
    assert_eq!(skus(&variants(rows)), ["P-3", "P-1", "P-5", "P-2", "P-4"]);
}

#[test]
fn a_skus_units_are_added_up_over_the_stores_that_carry_it() {
    let rows = [
        variant("SKU-1", None, Some("40"), 3),
        variant("SKU-1", None, Some("40"), 4),
        variant("SKU-2", None, Some("39"), 0),
        variant("SKU-2", None, Some("39"), u32::MAX),
    ];
    let vs = variants(rows);
    assert_eq!(skus(&vs), ["SKU-2", "SKU-1"]);
    assert_eq!((vs[0].available, vs[1].available), (u32::MAX, 7));
}

#[test]
fn a_list_shows_one_card_per_item_where_its_first_sku_stood() {
    let list = vec![
        product("SKU-1001", None, None, None),
        product("SKU-1024", Some("G-RUN"), None, Some("40")),
        product("SKU-1036", Some("G-POLO"), Some("白"), None),
        product("SKU-1050", None, None, None),
        product("SKU-1065", Some("G-RUN"), None, Some("39")),
        product("SKU-1068", Some("G-POLO"), Some("藏青"), None),
    ];
    let shown: Vec<String> = one_per_group(list).into_iter().map(|p| p.sku.to_string()).collect();
    assert_eq!(shown, ["SKU-1001", "SKU-1065", "SKU-1036", "SKU-1050"]);
}

#[test]
fn pickers_list_each_colour_and_size_once_in_order() {
    let vs = variants([
        variant("P-1", Some("白"), Some("L"), 0),
        variant("P-2", Some("黑"), Some("M"), 0),
        variant("P-3", Some("白"), Some("M"), 0),
    ]);
    let (colours, sizes) = choices(&vs);
    assert_eq!(colours, ["白", "黑"]);
    assert_eq!(sizes, ["M", "L"]);
    assert_eq!(choices(&[]), (vec![], vec![]));
}

#[test]
fn a_chip_keeps_the_other_attribute_when_it_can() {
    let vs = variants([
        variant("P-1", Some("白"), Some("M"), 2),
        variant("P-2", Some("白"), Some("L"), 0),
        variant("P-3", Some("黑"), Some("M"), 0),
        variant("P-4", Some("黑"), Some("L"), 5),
        variant("P-5", Some("红"), Some("S"), 0),
        variant("P-6", Some("红"), Some("XL"), 1),
    ]);
    let to = |current, pick| switch(&vs, current, pick).map(|v| v.sku.as_str());
    assert_eq!(to("P-1", Pick::Color("黑")), Some("P-3"), "same size, even when it is out of stock");
    assert_eq!(to("P-1", Pick::Size("L")), Some("P-2"));
    assert_eq!(to("P-1", Pick::Color("红")), Some("P-6"), "no red M: the first red in stock");
    assert_eq!(to("P-5", Pick::Color("白")), Some("P-1"));
    assert_eq!(to("P-1", Pick::Color("绿")), None);
    assert_eq!(to("nope", Pick::Size("M")), Some("P-1"), "an unknown current SKU: the first in stock");
}

proptest! {
    #[test]
    fn variants_keep_every_sku_once_and_every_unit(
        rows in prop::collection::vec((0u8..6, any::<bool>(), 0u32..1000), 0..30)
    ) {
        let sizes = ["S", "M", "L", "40", "39", "XL"];
        let colours = ["白", "黑", "红"];
        // The same SKU always has the same attributes, as in the catalog (sized or not by its number).
        let input: Vec<Variant> = rows
            .iter()
            .map(|&(sku, _, n)| {
                let i = usize::from(sku);
                variant(&format!("SKU-{sku}"), Some(colours[i % 3]), (i % 2 == 0).then_some(sizes[i]), n)
            })
            .collect();
        let out = variants(input.clone());
        let mut distinct: Vec<&str> = input.iter().map(|v| v.sku.as_str()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        prop_assert_eq!(out.len(), distinct.len());
        let total_in: u64 = input.iter().map(|v| u64::from(v.available)).sum();
        let total_out: u64 = out.iter().map(|v| u64::from(v.available)).sum();
        prop_assert_eq!(total_in, total_out);
        for pair in out.windows(2) {
            if pair[0].attributes.color == pair[1].attributes.color {
                prop_assert!(
                    size_key(pair[0].attributes.size.as_deref()) <= size_key(pair[1].attributes.size.as_deref())
                );
            }
        }
    }

    #[test]
    fn a_grouped_list_has_each_item_once(groups in prop::collection::vec(prop::option::of(0u8..4), 0..20)) {
        let list: Vec<Product> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| product(&format!("SKU-{i}"), g.map(|g| format!("G-{g}")).as_deref(), None, Some(&format!("{}", 40 - i))))
            .collect();
        let shown = one_per_group(list);
        let ungrouped = groups.iter().filter(|g| g.is_none()).count();
        let mut distinct: Vec<u8> = groups.iter().flatten().copied().collect();
        distinct.sort_unstable();
        distinct.dedup();
        prop_assert_eq!(shown.len(), ungrouped + distinct.len());
        for g in distinct {
            let name = format!("G-{g}");
            let of_group: Vec<&Product> = shown.iter().filter(|p| p.group.as_ref().map(|x| x.as_str()) == Some(name.as_str())).collect();
            prop_assert_eq!(of_group.len(), 1);
            // Sizes fall with the index here, so the last SKU of the group is its smallest size.
            let last = groups.iter().rposition(|x| *x == Some(g)).unwrap();
            prop_assert_eq!(of_group[0].sku.to_string(), format!("SKU-{last}"));
        }
    }
}
