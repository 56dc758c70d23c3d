use super::*;
use crate::flash_sale::BucketFigures;
use crate::flash_sale::tests::fixtures::{request, sale_of, t};

/// `FS1` as D1 lists it: [`request`]'s sale of the serum, titled by its product.
fn row() -> SaleRow {
    SaleRow {
        id: "FS1".into(),
        sku: "SKU-1001".into(),
        store_id: "S1".into(),
        title: "兰雅精华".into(),
        title_en: "Serum".into(),
        image: "/img/serum.png".into(),
        price_fen: 990,
        original_price_fen: 36_800,
        starts_at: t(0),
        ends_at: t(3_600),
        quantity: 100,
        per_member_limit: 2,
        buckets: 4,
        lock_minutes: 10,
    }
}

fn report(available: u32, locked: u32, sold: u32, held: u32, cancelled: bool) -> BucketReport {
    BucketReport {
        figures: BucketFigures { allocated: available + locked + sold, available, locked, sold },
        held,
        given: 0,
        next_expiry: None,
        cancelled_at: cancelled.then(|| t(100)),
    }
}

fn totals(reports: &[BucketReport]) -> SaleTotals {
    let mut totals = SaleTotals::default();
    for r in reports {
        totals.add(r);
    }
    totals
}

#[test]
fn a_row_reads_as_d1_returns_it() {
    let json = serde_json::json!({
        "id": "FS1", "sku": "SKU-1001", "store_id": "S1", "title": "兰雅精华", "title_en": "Serum",
        "image": "/img/serum.png", "price_fen": 990, "original_price_fen": 36_800,
        "starts_at": "2027-01-15T08:00:00.000Z", "ends_at": "2027-01-15T09:00:00.000Z",
        "quantity": 100, "per_member_limit": 2, "buckets": 4, "lock_minutes": 10,
    });
    let read: SaleRow = serde_json::from_value(json.clone()).expect("a row");
    assert_eq!(read, row());
    let mut bad = json;
    bad["ends_at"] = "later".into();
    assert!(serde_json::from_value::<SaleRow>(bad).is_err());
}

#[test]
fn a_row_is_live_exactly_when_its_sale_is() {
    let sale = sale_of(&request(), t(-60));
    for now in [t(-1), t(0), t(1_800), t(3_599), t(3_600), t(7_200)] {
        assert_eq!(row().is_live_at(now), sale.is_live_at(now), "at {now}");
    }
    assert!(row().is_live_at(t(0)) && !row().is_live_at(t(3_600)) && !row().is_live_at(t(-1)));
}

#[test]
fn an_order_outside_the_window_is_refused_saying_which_side() {
    let r = row();
    let live = r.starts_at() + (r.ends_at() - r.starts_at()) / 2;
    assert_eq!(r.not_live_at(live), None);
    let early = r.not_live_at(r.starts_at() - chrono::Duration::seconds(1)).expect("refused");
    assert_eq!((early.code(), early.status()), (ErrorCode::SaleNotLive, 409));
    assert_eq!(early.error.message, format!("flash sale {} has not started", r.id));
    let late = r.not_live_at(r.ends_at()).expect("refused");
    assert_eq!(late.error.message, format!("flash sale {} has ended", r.id));
}

#[test]
fn totals_add_up_every_bucket() {
    let t = totals(&[report(10, 2, 3, 1, false), report(5, 1, 0, 0, false), report(0, 0, 7, 0, true)]);
    assert_eq!(t, SaleTotals { remaining: 15, member_held: 1, sold: 10, locked: 3, cancelled: true });
    assert!(!totals(&[report(1, 0, 0, 0, false)]).cancelled);
    assert_eq!(totals(&[]), SaleTotals::default());
}

#[test]
fn the_view_shows_the_row_and_its_status_at_now() {
    let live = totals(&[report(40, 3, 7, 2, false)]);
    let v = row().view(&live, true, t(10));
    assert_eq!((v.id.as_str(), v.sku.as_str(), v.store_id.as_str()), ("FS1", "SKU-1001", "S1"));
    assert_eq!((v.title.as_str(), v.title_en.as_str(), v.image.as_str()), ("兰雅精华", "Serum", "/img/serum.png"));
    assert_eq!((v.price_fen, v.original_price_fen), (Fen::new(990), Fen::new(36_800)));
    assert_eq!((v.starts_at, v.ends_at), (t(0), t(3_600)));
    assert_eq!((v.quantity, v.remaining, v.per_member_limit), (100, 40, 2));
    assert_eq!((v.lock_minutes, v.buckets), (10, 4));
    assert_eq!((v.status, v.my_held), (SaleStatus::Live, Some(2)));
    assert_eq!(row().view(&live, false, t(10)).my_held, None);
    assert_eq!(row().view(&live, false, t(-1)).status, SaleStatus::Upcoming);
    assert_eq!(row().view(&live, false, t(3_600)).status, SaleStatus::Ended);
    assert_eq!(row().view(&totals(&[report(0, 3, 7, 0, false)]), false, t(10)).status, SaleStatus::SoldOut);
    let cancelled = totals(&[report(40, 0, 0, 0, true)]);
    assert_eq!(row().view(&cancelled, false, t(-1)).status, SaleStatus::Cancelled);
    let odd = SaleRow { price_fen: -1, original_price_fen: -5, ..row() };
    let v = odd.view(&live, false, t(10));
    assert_eq!((v.price_fen, v.original_price_fen), (Fen::ZERO, Fen::ZERO));
}

#[test]
fn the_managers_view_adds_sold_and_held_and_never_the_members_units() {
    let m = row().managed(&totals(&[report(40, 3, 7, 2, false), report(10, 1, 0, 0, false)]), t(10));
    assert_eq!((m.sold, m.held), (7, 4));
    assert_eq!((m.sale.remaining, m.sale.my_held, m.sale.status), (50, None, SaleStatus::Live));
}

#[test]
fn the_definition_is_the_sale_the_row_was_written_from() {
    assert_eq!(row().definition(t(-60)), Ok(sale_of(&request(), t(-60))));
    let bad_id = SaleRow { id: "FS 1".into(), ..row() };
    assert!(matches!(bad_id.definition(t(-60)), Err(CorruptSale::Id(_))));
    let bad = SaleRow { quantity: 0, ..row() };
    let e = bad.definition(t(-60)).expect_err("refused");
    assert!(matches!(&e, CorruptSale::Definition { id, .. } if id == "FS1"));
    assert!(e.to_string().starts_with("sale FS1: quantity: "), "{e}");
}

#[test]
fn refused_cancels_and_edits_answer_the_contracts_codes() {
    let ended = ApiError::from(CancelError::AlreadyEnded(t(3_600)));
    assert_eq!(ended.code(), ErrorCode::AlreadyEnded);
    assert_eq!(ended.error.message, format!("the sale ended at {}; it can no longer be cancelled", t(3_600)));
    let started = ApiError::from(EditError::Started(t(0)));
    assert_eq!(started.code(), ErrorCode::Conflict);
    assert_eq!(started.error.message, "the sale can be changed only until 2 minutes before its start");
    let invalid =
        ApiError::from(EditError::Invalid { field: "starts_at", problem: "must be at least 2 minutes from now" });
    assert_eq!(invalid.code(), ErrorCode::Invalid);
    assert_eq!(invalid.error.message, "starts_at: must be at least 2 minutes from now");
}
