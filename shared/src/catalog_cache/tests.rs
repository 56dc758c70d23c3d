use super::*;
use crate::routes::ENDPOINTS;
use proptest::prelude::*;

fn t(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_800_000_000_000 + ms).unwrap_or_default()
}

#[test]
fn only_the_five_catalog_reads_are_cached_and_only_a_product_carries_stock() {
    let reads: Vec<_> = ENDPOINTS.iter().filter_map(|e| CatalogRead::of(e.id).map(|r| (e.id, r))).collect();
    assert_eq!(reads.len(), 5);
    assert!(reads.iter().all(|(id, _)| endpoint(*id).method == Method::Get));
    assert!(reads.iter().all(|(_, r)| r.carries_stock() == (*r == CatalogRead::Product)));
}

#[test]
fn writes_that_may_change_the_catalog_or_stock_bump_the_version_and_refusals_do_not() {
    for id in [RouteId::PutStore, RouteId::CreateProduct, RouteId::ImportProducts, RouteId::StockReceipt] {
        assert!(bumps_version(id, 200), "{id:?}");
    }
    for id in [RouteId::Pickup, RouteId::Return, RouteId::CreateTransfer, RouteId::CounterSale] {
        assert!(bumps_version(id, 201) && bumps_version(id, 503), "{id:?}: a failure may have written part");
        assert!(!bumps_version(id, 409), "{id:?}: a refusal changed nothing");
    }
    assert!(!bumps_version(RouteId::Products, 200), "a read");
    assert!(!bumps_version(RouteId::SignIn, 200), "a sign-in never touches the catalog");
    assert!(!bumps_version(RouteId::ReadMessage, 204));
}

#[test]
fn a_buyers_order_payment_or_cancel_moves_only_stock_which_ages_out_by_itself() {
    for id in [RouteId::CreateOrder, RouteId::PayOrder, RouteId::CancelOrder] {
        assert!(!bumps_version(id, 201) && !bumps_version(id, 200), "{id:?}");
        // What they change is stock, and only a product carries stock: never kept longer than this.
        assert!(CachePolicy::standard().max_age_ms(CatalogRead::Product) <= 1_000);
    }
}

#[test]
fn every_write_that_is_not_listed_as_harmless_bumps() {
    // The list errs one way only: a new write endpoint bumps until someone lists it.
    let writes = ENDPOINTS.iter().filter(|e| e.method != Method::Get);
    let bumping = writes.clone().filter(|e| bumps_version(e.id, e.ok)).count();
    assert_eq!(bumping + NEVER_TOUCHES_CATALOG.len() + ONLY_STOCK.len(), writes.count());
}

#[test]
fn stock_is_served_at_most_a_second_and_the_rest_at_most_a_minute() {
    let p = CachePolicy::standard();
    let built = t(0).timestamp_millis();
    assert!(p.is_fresh(CatalogRead::Product, built, t(999)));
    assert!(!p.is_fresh(CatalogRead::Product, built, t(1_000)));
    assert!(p.is_fresh(CatalogRead::Stores, built, t(59_999)));
    assert!(!p.is_fresh(CatalogRead::StoreMap, built, t(60_000)));
    assert!(!p.is_fresh(CatalogRead::Products, built, t(-1)), "built after the stated now");
    assert_eq!(p.cache_control(CatalogRead::Product), "public, max-age=1");
    assert_eq!(p.kept_since(CatalogRead::Product, built, t(400)), built, "memory counts stock from its build");
    assert_eq!(p.kept_since(CatalogRead::Stores, built, t(400)), t(400).timestamp_millis());
    assert_eq!(p.cache_control(CatalogRead::Store), "public, max-age=60");
}

#[test]
fn the_version_is_asked_again_after_a_second_and_never_goes_back() {
    let mut clock = VersionClock::new(CachePolicy::standard());
    assert_eq!(clock.current(t(0)), None, "never asked");
    clock.learned(7, t(0));
    assert_eq!(clock.current(t(999)), Some(7));
    assert_eq!(clock.current(t(1_000)), None, "asked a second ago");
    assert_eq!(clock.current(t(-1)), None, "a stated time before the answer");
    clock.learned(9, t(10));
    clock.learned(8, t(20));
    assert_eq!(clock.current(t(30)), Some(9), "an older answer than our own bump keeps the newer");
}

#[test]
fn keys_carry_the_version_under_the_requests_origin() {
    assert_eq!(
        cache_key("http://localhost:8787", 42, "/api/products", "store_id=S1"),
        "http://localhost:8787/_catalog/v42/api/products?store_id=S1"
    );
    assert_ne!(cache_key("https://a", 1, "/api/stores", ""), cache_key("https://a", 2, "/api/stores", ""));
}

proptest! {
    #[test]
    fn a_bump_always_moves_the_version_forward_and_past_the_clock(current in 0i64..4_000_000_000_000, ms in 0i64..4_000_000_000) {
        let now = t(ms);
        let next = next_version(current, now);
        prop_assert!(next > current);
        prop_assert!(next >= now.timestamp_millis());
    }

    #[test]
    fn a_known_version_only_grows(answers in proptest::collection::vec((0i64..1_000, 0i64..900), 1..20)) {
        let mut clock = VersionClock::new(CachePolicy::standard());
        let mut highest = 0;
        for (version, ms) in answers {
            clock.learned(version, t(ms));
            highest = highest.max(version);
            prop_assert_eq!(clock.current(t(ms)), Some(highest));
        }
    }
}
