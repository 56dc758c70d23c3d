//! Live stock over WebSockets: a subscriber of a sale sees its remaining count change without
//! asking, over every bucket, and the route refuses what is not a WebSocket.

use itest::client::Api;
use itest::live::{Refused, Subscriber};
use itest::people::new_member;
use itest::shop::{buy, fresh_s1, sale};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

fn subscribe(api: &Api, id: &str) -> Subscriber {
    Subscriber::connect(api, id).unwrap_or_else(|e| panic!("subscribing to {id}: {e:?}"))
}

/// Orders one unit as a new member, then cancels; the subscriber sees both.
fn sees_an_order_and_its_cancel(buckets: u32) {
    let api = Api::from_env();
    let sku = fresh_s1(&api, "SKU-1040", 10);
    let id = sale(&api, &sku, 6, 1, -60, 3_600, buckets)["id"].as_str().unwrap_or_default().to_owned();
    let mut live = subscribe(&api, &id);
    let first = live.next(WAIT).expect("the current count on subscribing");
    assert_eq!((first.sale_id.as_str(), first.remaining), (id.as_str(), 6), "{first:?}");
    assert_eq!(first.status, shared::flash_sale::SaleStatus::Live);

    let (member, _) = new_member(&api);
    let order = buy(&member, &sku, &id, &format!("live-{id}")).expect(201).clone();
    let fell = live.until(WAIT, |m| m.remaining == 5);
    assert!(fell.is_some(), "no message with 5 remaining after the order");

    let order_id = order["id"].as_str().unwrap_or_default();
    member.post(&format!("/api/orders/{order_id}/cancel"), &serde_json::json!({})).expect(200);
    let rose = live.until(WAIT, |m| m.remaining == 6);
    assert!(rose.is_some(), "no message with 6 remaining after the cancel");
    live.close();
}

#[test]
fn a_subscriber_sees_the_remaining_count_fall_after_an_order_and_rise_after_a_cancel() {
    sees_an_order_and_its_cancel(1);
}

#[test]
fn with_buckets_a_subscriber_sees_the_sales_total_not_one_buckets() {
    sees_an_order_and_its_cancel(3);
}

#[test]
fn the_live_route_refuses_a_plain_request_and_an_unknown_sale() {
    let api = Api::from_env();
    let sales = api.get("/api/flash-sales").expect(200).clone();
    let id = sales[0]["id"].as_str().unwrap_or_default().to_owned();
    api.get(&format!("/api/flash-sales/{id}/live")).expect_error(400, "BAD_REQUEST");
    match Subscriber::connect(&api, "FSNOSUCHSALE") {
        // The handshake may end before the error's body is read: the status is what counts.
        Err(Refused::Http(404, body)) => assert!(body.is_empty() || body.contains("NOT_FOUND"), "{body}"),
        Err(other) => panic!("an unknown sale: {other:?}"),
        Ok(_) => panic!("an unknown sale was subscribed to"),
    }
}
