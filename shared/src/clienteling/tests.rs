//! Tests of [`super`].
use super::*;
use proptest::prelude::*;

fn at(days: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).unwrap() + Duration::days(days)
}

#[test]
fn tags_are_trimmed_deduplicated_and_bounded() {
    let raw: Vec<String> = [" VIP ", "爱买包", "vip", "周末来"].iter().map(|s| s.to_string()).collect();
    let tags = Tags::parse(&raw).unwrap();
    assert_eq!(tags.to_stored(), "VIP,爱买包,周末来");
    assert!(tags.has("vip") && !tags.has("VI"));
    assert_eq!(Tag::parse("  "), Err(TagError::Empty));
    assert_eq!(Tag::parse("一二三四五六七八九十一二"), Ok(Tag("一二三四五六七八九十一二".into())));
    assert_eq!(Tag::parse("一二三四五六七八九十一二三"), Err(TagError::TooLong));
    assert_eq!(Tag::parse("a,b"), Err(TagError::BadChar));
    assert_eq!(Tag::parse("甲，乙"), Err(TagError::BadChar));
    let nine: Vec<String> = (0..9).map(|i| format!("t{i}")).collect();
    assert_eq!(Tags::parse(&nine), Err((MAX_TAGS, TagError::TooMany)));
    let bad: Vec<String> = vec!["ok".into(), "".into()];
    assert_eq!(Tags::parse(&bad), Err((1, TagError::Empty)));
}

#[test]
fn a_binding_protects_its_guide_for_the_period_then_lapses() {
    let b = Binding { guide_id: "G1001".into(), last_active_at: at(0) };
    assert_eq!(bind(None, "G1002", at(0)), Ok(BindOutcome::New));
    assert_eq!(bind(Some(&b), "G1001", at(500)), Ok(BindOutcome::AlreadyYours));
    assert_eq!(
        bind(Some(&b), "G1002", at(PROTECTION_DAYS) - Duration::seconds(1)),
        Err(BindError::BoundElsewhere { guide_id: "G1001".into(), until: at(PROTECTION_DAYS) })
    );
    assert_eq!(bind(Some(&b), "G1002", at(PROTECTION_DAYS)), Ok(BindOutcome::TakenOver { from: "G1001".into() }));
}

#[test]
fn guide_orders_have_their_own_ids() {
    let m = MemberId::parse("M10000001").unwrap();
    let k = IdempotencyKey::parse("key-1").unwrap();
    let a = guide_order_id(b"k", &m, "G1001", &k).unwrap();
    assert_eq!(a, guide_order_id(b"k", &m, "G1001", &k).unwrap(), "a retry is the same order");
    assert_ne!(a, guide_order_id(b"k", &m, "G1002", &k).unwrap());
    assert_ne!(a, crate::order::order_id(b"k", &m, &k).unwrap(), "never the member's own order");
}

proptest! {
    #[test]
    fn stored_tags_read_back_the_same(raw in proptest::collection::vec("[a-zA-Z0-9 甲乙丙丁,]{0,14}", 0..12)) {
        if let Ok(tags) = Tags::parse(&raw) {
            prop_assert!(tags.as_slice().len() <= MAX_TAGS);
            prop_assert_eq!(Tags::from_stored(&tags.to_stored()), tags);
        }
    }
}

fn customer_row(phone: &str) -> CustomerRow {
    CustomerRow {
        member_id: "M10000001".into(),
        name: "Li".into(),
        phone: phone.into(),
        card_no: "6688000010000001".into(),
        tags: "VIP,周末来".into(),
        bound_at: at(0),
        last_active_at: at(2),
        orders: -1,
        spend_fen: 12_000,
    }
}

#[test]
fn a_customer_row_shows_the_phone_masked_and_the_tags_as_stored() {
    let c = Customer::try_from(customer_row("13800000001")).unwrap();
    assert_eq!((c.member_id.as_str(), c.name.as_str(), c.phone_masked.as_str()), ("M10000001", "Li", "138****0001"));
    assert_eq!(c.card_no, "6688000010000001");
    assert_eq!(c.tags, ["VIP", "周末来"]);
    assert_eq!((c.bound_at, c.last_active_at), (at(0), at(2)));
    assert_eq!((c.orders, c.spend_fen), (0, 12_000));
}

#[test]
fn a_stored_phone_that_is_not_one_fails_the_customer() {
    let err = Customer::try_from(customer_row("555")).unwrap_err();
    assert!(err.to_string().starts_with("member M10000001: phone must be"), "{err}");
}

#[test]
fn a_customer_bound_elsewhere_is_bound_elsewhere() {
    let e = BindError::BoundElsewhere { guide_id: "G1002".into(), until: at(30) };
    let api = crate::ApiError::from(e.clone());
    assert_eq!((api.code(), api.status()), (crate::ErrorCode::BoundElsewhere, 409));
    assert_eq!(api.error.message, e.to_string());
    assert!(api.error.message.starts_with("this customer is looked after by guide G1002 until "));
}

#[test]
fn a_guide_orders_only_for_customers_bound_to_them() {
    let member = MemberId::parse("M10000001").expect("member");
    assert_eq!(may_order_for(Some("G1001"), "G1001", &member), Ok(()));
    assert_eq!(may_order_for(Some("G1002"), "G1001", &member), Err(NotYourCustomer(member.clone())));
    assert_eq!(may_order_for(Some("g1001"), "G1001", &member), Err(NotYourCustomer(member.clone())), "ids as stored");
    assert_eq!(may_order_for(None, "G1001", &member), Err(NotYourCustomer(member.clone())));
    let api = crate::ApiError::from(NotYourCustomer(member));
    assert_eq!((api.code(), api.status()), (crate::ErrorCode::Forbidden, 403));
    assert_eq!(api.error.message, "M10000001 is not your customer; scan their member code to bind them first");
}
