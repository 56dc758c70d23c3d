use super::*;

fn line(sku: &str, qty: u32) -> CartLine {
    CartLine {
        sku: sku.to_owned(),
        name: format!("Ming {sku}"),
        name_en: format!("Name {sku}"),
        image: "/img/x.svg".into(),
        price_fen: Fen::new(1250),
        attributes: Attributes { color: Some("navy".into()), size: Some("M".into()) },
        qty,
    }
}

#[test]
fn adding_the_same_product_again_adds_to_its_line() {
    let mut cart = Cart::empty("S1");
    assert_eq!(cart.add(line("SKU-1036", 1)), Ok(1));
    assert_eq!(cart.add(line("SKU-1068", 2)), Ok(2));
    assert_eq!(cart.add(line("SKU-1036", 3)), Ok(4));
    assert_eq!(
        cart.lines().iter().map(|l| (l.sku.as_str(), l.qty)).collect::<Vec<_>>(),
        [("SKU-1036", 4), ("SKU-1068", 2)]
    );
    assert_eq!(cart.count(), 6);
    assert_eq!(cart.subtotal(), Fen::new(7500));
    assert_eq!(cart.lines()[0].variant_label(), "navy · M");
}

#[test]
fn quantities_stay_between_one_and_the_order_limit() {
    let mut cart = Cart::empty("S1");
    assert_eq!(cart.add(line("SKU-1", 0)), Ok(1), "adding nothing adds one");
    assert_eq!(cart.add(line("SKU-1", 500)), Ok(MAX_QTY));
    cart.set_qty("SKU-1", 0);
    assert_eq!(cart.lines()[0].qty, 1, "the stepper stops at one; removing is its own button");
    cart.set_qty("SKU-1", 100);
    assert_eq!(cart.lines()[0].qty, MAX_QTY);
    cart.set_qty("SKU-404", 3);
    cart.remove("SKU-1");
    assert!(cart.lines().is_empty());
    assert_eq!(cart.order_request(None), None, "an empty cart orders nothing");
}

#[test]
fn a_full_cart_takes_no_new_product_but_more_of_one_it_has() {
    let mut cart = Cart::empty("S1");
    for i in 0..MAX_LINES {
        cart.add(line(&format!("SKU-{i}"), 1)).unwrap();
    }
    assert_eq!(cart.add(line("SKU-NEW", 1)), Err(AddError::Full));
    assert_eq!(cart.add(line("SKU-0", 1)), Ok(2));
}

#[test]
fn the_cart_orders_every_line_at_once_in_its_store() {
    let mut cart = Cart::empty("S2");
    cart.add(line("SKU-1065", 1)).unwrap();
    cart.add(line("SKU-1068", 2)).unwrap();
    let order = cart.order_request(Some("C1".into())).unwrap();
    assert_eq!(order.store_id, "S2");
    assert_eq!(order.coupon_id.as_deref(), Some("C1"));
    assert_eq!(
        order.lines.iter().map(|l| (l.sku.as_str(), l.qty)).collect::<Vec<_>>(),
        [("SKU-1065", 1), ("SKU-1068", 2)]
    );
    assert!(order.validate().is_ok(), "the order rules accept it");
}

#[test]
fn an_unanswered_checkout_keeps_its_key_until_an_answer() {
    let mut cart = Cart::empty("S1");
    cart.add(line("SKU-1", 1)).unwrap();
    assert_eq!(cart.checkout_key(|| "k1".into()), "k1");
    assert_eq!(cart.checkout_key(|| "k2".into()), "k1", "a retry after a dropped connection");
    let reread = Cart::from_stored("S1", Some(&cart.to_stored()));
    assert_eq!(reread.clone().checkout_key(|| "k3".into()), "k1", "and after a reload");
    cart.answered();
    assert_eq!(cart.checkout_key(|| "k4".into()), "k4");
    cart.ordered();
    assert!(cart.lines().is_empty());
    assert_eq!(cart.checkout_key(|| "k5".into()), "k5");
}

#[test]
fn a_stored_cart_reads_back_as_it_was() {
    let mut cart = Cart::empty("S1");
    cart.add(line("SKU-1065", 2)).unwrap();
    cart.add(line("SKU-1036", 1)).unwrap();
    let text = cart.to_stored();
    assert_eq!(Cart::from_stored("S1", Some(&text)), cart);
    assert_eq!(Cart::storage_key("S1"), "edgemall.cart.v1.S1");
}

#[test]
fn bad_stored_data_reads_as_what_can_be_saved_from_it() {
    let empty = Cart::empty("S1");
    for bad in [
        None,
        Some(""),
        Some("not json"),
        Some("[]"),
        Some("{\"v\":1}"),
        Some("{\"v\":2,\"store\":\"S1\",\"lines\":[]}"),
    ] {
        assert_eq!(Cart::from_stored("S1", bad), empty, "{bad:?}");
    }
    let other_store = Cart::empty("S2");
    let mut s2 = other_store.clone();
    s2.add(line("SKU-1", 1)).unwrap();
    assert_eq!(Cart::from_stored("S1", Some(&s2.to_stored())), empty, "another store's cart is not this one");
    let good = serde_json::to_value(line("SKU-1", 2)).unwrap();
    let mut zero = good.clone();
    zero["qty"] = 0.into();
    let mut huge = serde_json::to_value(line("SKU-2", 1)).unwrap();
    huge["qty"] = 1000.into();
    let mut bad_sku = good.clone();
    bad_sku["sku"] = "no spaces allowed".into();
    let text = serde_json::json!({
        "v": 1, "store": "S1", "pending_key": "",
        "lines": [good, zero, huge, bad_sku, {"sku": "SKU-3"}, 42, good]
    });
    let cart = Cart::from_stored("S1", Some(&text.to_string()));
    assert_eq!(cart.lines().iter().map(|l| (l.sku.as_str(), l.qty)).collect::<Vec<_>>(), [("SKU-1", 4), ("SKU-2", 99)]);
    assert_eq!(cart.clone().checkout_key(|| "new".into()), "new", "an empty key is no key");
}

#[test]
fn a_line_short_of_stock_is_told_apart_from_one_gone() {
    assert_eq!(LineStock::of(2, None), LineStock::Unknown);
    assert_eq!(LineStock::of(2, Some(5)), LineStock::Enough);
    assert_eq!(LineStock::of(2, Some(2)), LineStock::Enough);
    assert_eq!(LineStock::of(3, Some(1)), LineStock::Short(1));
    assert_eq!(LineStock::of(1, Some(0)), LineStock::Gone);
    assert!(LineStock::Gone.blocks() && LineStock::Short(1).blocks());
    assert!(!LineStock::Unknown.blocks() && !LineStock::Enough.blocks());
}
