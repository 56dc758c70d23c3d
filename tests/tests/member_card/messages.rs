//! The inbox, reminders and Web Push, against a running server and a local push service.

use itest::client::{Api, Reply};
use itest::people::{in_seconds, new_member};
use itest::push_service::PushService;
use itest::shop::{fresh_s1, sale};
use serde_json::{Value, json};
use shared::push::{b64url, open, verify_authorization};
use std::time::Duration;

/// A sale in S1 of a fresh product, starting `start_in` seconds from now; its id.
fn upcoming_sale(api: &Api, start_in: i64) -> String {
    let sku = fresh_s1(api, "SKU-1031", 1);
    sale(api, &sku, 2, 1, start_in, 3_600, 1)["id"].as_str().unwrap_or_default().to_owned()
}

fn remind(member: &Api, sale: &str) -> Reply {
    member.post(&format!("/api/flash-sales/{sale}/reminders"), &json!({}))
}

fn inbox(member: &Api) -> Vec<Value> {
    member.get("/api/me/messages").expect(200).as_array().cloned().unwrap_or_default()
}

fn about<'a>(messages: &'a [Value], kind: &str, link_has: &str) -> Vec<&'a Value> {
    messages.iter().filter(|m| m["kind"] == kind && m["link"].as_str().unwrap_or("").contains(link_has)).collect()
}

/// A browser: its key pair and authentication secret, as `PushSubscription.toJSON()` gives them.
struct Browser {
    key: p256::SecretKey,
    auth: [u8; 16],
}

impl Browser {
    fn new(seed: u8) -> Browser {
        let mut scalar = [7u8; 32];
        scalar[31] = seed;
        Browser { key: p256::SecretKey::from_slice(&scalar).expect("a scalar"), auth: [seed; 16] }
    }

    fn subscription(&self, endpoint: &str) -> Value {
        use p256::elliptic_curve::sec1::ToEncodedPoint;
        let public = self.key.public_key().to_encoded_point(false);
        json!({"endpoint": endpoint, "keys": {"p256dh": b64url(public.as_bytes()), "auth": b64url(&self.auth)}})
    }
}

#[test]
fn a_reminder_for_a_sale_starting_in_three_minutes_appears_at_once_and_only_once() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let soon = upcoming_sale(&api, 180);
    let r = remind(&member, &soon).expect(201).clone();
    assert_eq!(r["sale_id"], soon.as_str());
    let listed = inbox(&member);
    let mine = about(&listed, "sale_starting", &soon);
    assert_eq!(mine.len(), 1, "{listed:?}");
    assert_eq!(mine[0]["read"], false);
    assert!(mine[0]["title"].as_str().is_some_and(|t| !t.is_empty()));

    // Asking again, or again and again, sends nothing new.
    remind(&member, &soon).expect(201);
    remind(&member, &soon).expect(201);
    assert_eq!(about(&inbox(&member), "sale_starting", &soon).len(), 1);

    // Marking it read: 204, shown read; someone else cannot.
    let id = mine[0]["id"].as_str().unwrap_or_default().to_owned();
    let (stranger, _) = new_member(&api);
    stranger.post(&format!("/api/me/messages/{id}/read"), &json!({})).expect_error(404, "NOT_FOUND");
    member.post(&format!("/api/me/messages/{id}/read"), &json!({})).expect(204);
    member.post(&format!("/api/me/messages/{id}/read"), &json!({})).expect(204);
    assert_eq!(about(&inbox(&member), "sale_starting", &soon)[0]["read"], true);
    assert!(inbox(&stranger).is_empty(), "a stranger's inbox is their own");
}

#[test]
fn a_reminder_for_a_later_sale_arrives_five_minutes_before_it_starts() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let later = upcoming_sale(&api, 3_600);
    let due = remind(&member, &later).expect(201)["due_at"].as_str().unwrap_or_default().to_owned();
    let due: chrono::DateTime<chrono::Utc> = due.parse().expect("due_at");
    let expected = chrono::Utc::now() + chrono::Duration::minutes(55);
    assert!((due - expected).num_seconds().abs() < 60, "due {due}, expected about {expected}");
    assert!(about(&inbox(&member), "sale_starting", &later).is_empty(), "not yet");
    assert!(about(&inbox(&member.at(&in_seconds(54 * 60))), "sale_starting", &later).is_empty(), "six minutes before");
    assert_eq!(
        about(&inbox(&member.at(&in_seconds(56 * 60))), "sale_starting", &later).len(),
        1,
        "four minutes before"
    );

    // Once the sale has started there is nothing left to remind of.
    let started = itest::shop::live_sale(&api, &fresh_s1(&api, "SKU-1031", 1), 1, 1);
    remind(&member, &started).expect_error(409, "CONFLICT");
    remind(&member, "FS-NOPE").expect_error(404, "NOT_FOUND");
}

#[test]
fn a_message_is_pushed_encrypted_for_the_browser_and_signed_with_the_servers_vapid_key() {
    let api = Api::from_env();
    let service = PushService::start(201);
    let (member, _) = new_member(&api);
    let browser = Browser::new(1);
    let endpoint = service.endpoint("browser-1");
    let subscribed = member.post("/api/me/push-subscriptions", &browser.subscription(&endpoint)).expect(201).clone();
    assert_eq!(subscribed["endpoint"], endpoint.as_str());
    let public_key = api.get("/api/push/key").expect(200)["public_key"].as_str().unwrap_or_default().to_owned();

    let soon = upcoming_sale(&api, 180);
    remind(&member, &soon).expect(201);
    let push = service.next(Duration::from_secs(20)).expect("the push service received the message");
    assert_eq!(push.path, "/push/browser-1");
    assert_eq!(push.header("content-encoding"), Some("aes128gcm"));
    assert!(push.header("ttl").is_some_and(|t| t.parse::<u32>().is_ok_and(|t| t > 0)));

    // VAPID (RFC 8292): the token verifies with the key k, which is the server's published one,
    // for this push service's origin, expiring within a day.
    let authorization = push.header("authorization").expect("an Authorization header");
    let claims = verify_authorization(authorization).expect("the VAPID signature verifies");
    assert!(authorization.ends_with(&format!("k={public_key}")), "{authorization}");
    assert_eq!(claims.audience(), service.origin());
    let left = claims.expires() - chrono::Utc::now().timestamp();
    assert!((1..=24 * 3600).contains(&left), "expires in {left} s");
    assert!(claims.subject().starts_with("mailto:") || claims.subject().starts_with("https:"));

    // RFC 8291: only the browser's private key and auth secret open it.
    let plain = open(&push.body, &browser.key, &browser.auth).expect("the browser decrypts the message");
    let message: Value = serde_json::from_slice(&plain).expect("a JSON message");
    let listed = inbox(&member);
    let stored = about(&listed, "sale_starting", &soon);
    assert_eq!(message["id"], stored[0]["id"]);
    assert_eq!((&message["title"], &message["link"]), (&stored[0]["title"], &stored[0]["link"]));
    assert!(open(&push.body, &Browser::new(2).key, &browser.auth).is_err(), "another browser cannot read it");

    // The same reminder asked again is not pushed again (the push was made inside the request).
    remind(&member, &soon).expect(201);
    assert!(service.already().is_none(), "pushed once");
}

#[test]
fn a_push_endpoint_that_answers_410_is_forgotten() {
    let api = Api::from_env();
    let gone = PushService::start(410);
    let (member, _) = new_member(&api);
    let browser = Browser::new(3);
    member.post("/api/me/push-subscriptions", &browser.subscription(&gone.endpoint("old"))).expect(201);
    remind(&member, &upcoming_sale(&api, 120)).expect(201);
    assert!(gone.next(Duration::from_secs(20)).is_some(), "the first message was tried");
    // The push is made inside the request: once the next reminder is answered, a remembered
    // endpoint would already have been called again.
    remind(&member, &upcoming_sale(&api, 120)).expect(201);
    assert!(gone.already().is_none(), "the gone endpoint was not called again");
    assert_eq!(about(&inbox(&member), "sale_starting", "").len(), 2, "the inbox has both all the same");
}

#[test]
fn a_malformed_push_subscription_is_refused_422() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    let good = Browser::new(4).subscription("https://push.example.com/send/abc");
    member.post("/api/me/push-subscriptions", &good).expect(201);
    let mut bad_endpoint = good.clone();
    bad_endpoint["endpoint"] = json!("http://push.example.com/send/abc");
    let mut bad_key = good.clone();
    bad_key["keys"]["p256dh"] = json!("bm90IGEga2V5");
    let mut bad_auth = good.clone();
    bad_auth["keys"]["auth"] = json!("c2hvcnQ");
    for body in [bad_endpoint, bad_key, bad_auth] {
        member.post("/api/me/push-subscriptions", &body).expect_error(422, "INVALID");
    }
    member
        .post("/api/me/push-subscriptions", &json!({"endpoint": "https://x.example"}))
        .expect_error(400, "BAD_REQUEST");
    api.post("/api/me/push-subscriptions", &good).expect_error(401, "UNAUTHENTICATED");
}

#[test]
fn order_news_reaches_the_member_and_their_guide_once_each() {
    let api = Api::from_env();
    let guide = itest::people::staff(&api, "G1001");
    let (member, who) = new_member(&api);
    let member_id = who["id"].as_str().unwrap_or_default().to_owned();
    guide.post("/api/guide/customers", &json!({"code": itest::people::code(&member)})).expect(201);
    let sku = fresh_s1(&api, "SKU-1031", 2);
    let order = |key: &str| {
        guide
            .with_header("idempotency-key", key)
            .post("/api/guide/orders", &json!({"member_id": member_id, "lines": [{"sku": sku, "qty": 1}]}))
    };
    let key = format!("msg-order-{}", itest::people::unique_phone());
    let id = order(&key).expect(201)["id"].as_str().unwrap_or_default().to_owned();
    order(&key).expect(200);
    assert_eq!(about(&inbox(&member), "order_for_you", &id).len(), 1, "a repeated request sends nothing new");

    itest::people::top_up(&member, 50_000);
    member.post(&format!("/api/orders/{id}/pay"), &json!({"method": "balance"})).expect(200);
    assert_eq!(about(&inbox(&member), "ready_for_pickup", &id).len(), 1);
    let guides = inbox(&guide);
    let paid: Vec<_> = guides
        .iter()
        .filter(|m| m["kind"] == "customer_paid" && m["body"].as_str().unwrap_or("").contains(&id))
        .collect();
    assert_eq!(paid.len(), 1, "the guide hears once that their customer paid");
    assert!(about(&guides, "ready_for_pickup", "").is_empty(), "the member's news stays the member's");
}
