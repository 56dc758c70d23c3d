use super::*;

#[test]
fn the_facts_list_every_store_its_counters_and_every_code() {
    let store = |id: &str| StoreIdRow { id: id.into() };
    let counter = |id: &str, store: &str| StoreCounterRow { id: id.into(), store_id: store.into() };
    let code = |sku: &str, barcode: &str| CodeRow { sku: sku.into(), barcode: barcode.into() };
    let facts = CatalogFacts::of(
        vec![store("S1"), store("S2")],
        vec![counter("S1-C01", "S1"), counter("S3-C01", "S3")],
        vec![code("SKU-1", "6901234567892")],
    );
    let counters: Vec<(&str, Vec<&str>)> =
        facts.counters.iter().map(|(s, c)| (s.as_str(), c.iter().map(String::as_str).collect())).collect();
    assert_eq!(counters, [("S1", vec!["S1-C01"]), ("S2", vec![]), ("S3", vec!["S3-C01"])]);
    assert_eq!(facts.barcodes.get("6901234567892").map(String::as_str), Some("SKU-1"));
    assert!(facts.skus.contains("SKU-1") && facts.skus.len() == 1);
}

pub(crate) fn facts() -> CatalogFacts {
    let mut f = CatalogFacts::default();
    f.counters.insert("S1".into(), ["S1-C01".to_owned(), "S1-C03".to_owned()].into());
    f.counters.insert("S2".into(), ["S2-C11".to_owned()].into());
    f.barcodes.insert("6901234567892".into(), "SKU-1".into());
    f.skus.insert("SKU-1".into());
    f
}

fn request() -> ProductRequest {
    ProductRequest {
        sku: "SKU-NEW".into(),
        name: "保温杯".into(),
        name_en: "Flask".into(),
        brand: "Thermos".into(),
        category: "home".into(),
        price_fen: 12900,
        barcode: "4006381333931".into(),
        counter_ids: [("S1".to_owned(), "S1-C03".to_owned())].into(),
        ..ProductRequest::default()
    }
}

fn refused(change: impl FnOnce(&mut ProductRequest)) -> DraftError {
    let mut r = request();
    change(&mut r);
    ProductDraft::parse(&r, &facts()).expect_err("refused")
}

#[test]
fn a_complete_request_becomes_a_draft_with_the_placeholder_image() {
    let d = ProductDraft::parse(&request(), &facts()).unwrap();
    assert_eq!((d.sku().as_str(), d.price().get(), d.image()), ("SKU-NEW", 12900, PLACEHOLDER_IMAGE));
    assert_eq!(d.counters().len(), 1);
}

#[test]
fn each_bad_field_is_named() {
    let msg = |e: DraftError| e.to_string();
    assert!(msg(refused(|r| r.barcode = "4006381333932".into())).starts_with("barcode:"));
    assert!(msg(refused(|r| r.barcode = "12345".into())).starts_with("barcode:"));
    assert!(msg(refused(|r| r.price_fen = -1)).starts_with("price_fen:"));
    assert!(msg(refused(|r| r.price_fen = i64::MAX)).starts_with("price_fen:"));
    assert_eq!(refused(|r| r.name = "  ".into()), DraftError::Name { field: "name" });
    assert_eq!(refused(|r| r.name_en = String::new()), DraftError::Name { field: "name_en" });
    assert!(msg(refused(|r| r.sku = "a b".into())).starts_with("sku:"));
    assert!(msg(refused(|r| r.category = "".into())).starts_with("category:"));
    assert_eq!(refused(|r| r.counter_ids.clear()), DraftError::NoStore);
    assert_eq!(
        refused(|r| r.counter_ids = [("S9".into(), "S9-C1".into())].into()),
        DraftError::UnknownStore("S9".into())
    );
    assert!(matches!(
        refused(|r| r.counter_ids = [("S1".into(), "S2-C11".into())].into()),
        DraftError::UnknownCounter { .. }
    ));
    assert!(matches!(
        refused(|r| r.image = Some("javascript:alert(1)".into())),
        DraftError::Field { field: "image", .. }
    ));
    assert!(matches!(
        refused(|r| r.image = Some("//evil.example/x.png".into())),
        DraftError::Field { field: "image", .. }
    ));
    assert!(matches!(refused(|r| r.group = Some("a group".into())), DraftError::Field { field: "group", .. }));
}

#[test]
fn a_barcode_may_stay_with_its_own_product_but_not_move_to_another() {
    let taken = refused(|r| r.barcode = "6901234567892".into());
    assert_eq!(taken, DraftError::BarcodeTaken { barcode: "6901234567892".into(), sku: "SKU-1".into() });
    let mut own = request();
    own.sku = "SKU-1".into();
    own.barcode = "6901234567892".into();
    assert!(ProductDraft::parse(&own, &facts()).is_ok());
}

#[test]
fn images_are_https_or_app_paths_and_variants_keep_their_attributes() {
    let mut r = request();
    r.image = Some("https://cdn.example.com/a.jpg".into());
    r.attributes = Attributes { color: Some(" 藏青 ".into()), size: Some("41".into()) };
    r.group = Some("G-FLASK".into());
    let d = ProductDraft::parse(&r, &facts()).unwrap();
    assert_eq!(d.attributes().color.as_deref(), Some("藏青"));
    assert_eq!(d.group().map(|g| g.as_str()), Some("G-FLASK"));
    r.image = Some("/img/products/x.svg".into());
    assert!(ProductDraft::parse(&r, &facts()).is_ok());
    r.image = Some("http://plain.example/x.png".into());
    assert!(ProductDraft::parse(&r, &facts()).is_err());
}
