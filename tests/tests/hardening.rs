//! Issue 9's seams: body limits, a health check that costs nothing, security headers, and the
//! member's order list read in a fixed number of queries (checked here for sameness).

use chrono::{Duration, Utc};
use itest::client::Api;
use itest::people::{new_member, top_up};
use itest::shop::{buy_regular, fresh_s1};
use serde_json::{Value, json};

#[test]
fn a_body_over_the_limit_is_413_by_its_content_length() {
    let api = Api::from_env();
    // 600 KB of JSON to a sign-in: over the 512 KB limit of every JSON endpoint.
    let big = format!(r#"{{"phone":"13800000001","password":"{}"}}"#, "x".repeat(600 * 1024));
    api.request("POST", "/api/sessions", Some(big.as_bytes())).expect_error(413, "TOO_LARGE");
    // A payment notification is a few hundred bytes: 20 KB is refused before any check.
    let notify = api
        .with_header("wechatpay-timestamp", &Utc::now().timestamp().to_string())
        .with_header("wechatpay-nonce", "n1")
        .with_header("wechatpay-signature", "forged");
    let body = format!(r#"{{"out_trade_no":"{}"}}"#, "P".repeat(20 * 1024));
    notify.request("POST", "/api/payments/notify", Some(body.as_bytes())).expect_error(413, "TOO_LARGE");
    // A small forged one still reaches the signature check.
    let small = notify.request("POST", "/api/payments/notify", Some(br#"{"out_trade_no":"P1"}"#));
    assert_ne!(small.status, 413, "{}", small.text);
    assert!(small.status >= 400 && small.status < 500, "{}", small.text);
}

#[test]
fn health_touches_no_storage_and_the_deep_check_is_throttled() {
    let api = Api::from_env();
    let live = api.get("/api/health").expect(200).clone();
    assert_eq!(live["status"], "ok");
    assert_eq!(live["deep"], "/api/health/deep");
    assert!(live.get("d1").is_none() && live.get("durable_object").is_none(), "{live}");

    let t0 = Utc::now() + Duration::days(5);
    let at = |s: i64| api.at(&(t0 + Duration::seconds(s)).to_rfc3339());
    let first = at(0).get("/api/health/deep").expect(200).clone();
    assert_eq!(first["cached"], false, "{first}");
    // Anonymous liveness calls in between write nothing.
    for _ in 0..20 {
        api.get("/api/health").expect(200);
    }
    let again = at(2).get("/api/health/deep").expect(200).clone();
    assert_eq!(again["cached"], true, "a second deep check within 10 s is the first's answer: {again}");
    assert_eq!(again["checked_at"], first["checked_at"]);
    let next = at(11).get("/api/health/deep").expect(200).clone();
    assert_eq!(next["cached"], false, "{next}");
    assert_eq!(pings(&next), pings(&first) + 1, "only the deep checks wrote: {first} then {next}");
}

fn pings(h: &Value) -> u64 {
    h["durable_object"]["detail"].as_str().and_then(|d| d.rsplit('#').next()).and_then(|n| n.parse().ok()).unwrap_or(0)
}

#[test]
fn json_answers_are_not_sniffed_or_framed() {
    let api = Api::from_env();
    for r in [api.get("/api/health"), api.get("/api/nope"), api.get("/api/stores")] {
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{}", r.text);
        assert_eq!(r.header("x-frame-options"), Some("DENY"));
    }
}

#[test]
fn the_app_is_served_with_security_headers() {
    let api = Api::from_env();
    for path in ["/", "/index.html", "/guide/", "/some/app/route"] {
        let r = api.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.text.contains("<html"), "{path} is the app");
        let csp = r.header("content-security-policy").unwrap_or_default();
        for directive in ["default-src 'self'", "'wasm-unsafe-eval'", "frame-ancestors 'none'", "object-src 'none'"] {
            assert!(csp.contains(directive), "{path}: CSP lacks {directive}: {csp}");
        }
        let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap_or_default();
        assert!(!script_src.contains("'unsafe-inline'"), "inline scripts are allowed by hash only: {csp}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(r.header("referrer-policy"), Some("strict-origin-when-cross-origin"), "{path}");
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{path}");
    }
}

#[test]
fn the_order_list_shows_each_order_as_its_own_page_does() {
    let api = Api::from_env();
    let (member, _) = new_member(&api);
    top_up(&member, 300_000);
    let mut ids = Vec::new();
    for (i, (like, qty)) in [("SKU-1034", 1), ("SKU-1035", 2), ("SKU-1036", 1), ("SKU-1037", 1)].iter().enumerate() {
        let sku = fresh_s1(&api, like, *qty);
        let order = buy_regular(&member, &sku, *qty, &format!("list-{i}")).expect(201).clone();
        ids.push(order["id"].as_str().unwrap_or_default().to_owned());
    }
    member.post(&format!("/api/orders/{}/pay", ids[0]), &json!({"method": "balance"})).expect(200);
    member.post(&format!("/api/orders/{}/pay", ids[1]), &json!({"method": "balance"})).expect(200);
    member.post(&format!("/api/orders/{}/cancel", ids[2]), &json!({})).expect(200);
    let list = member.get("/api/orders").expect(200).clone();
    let list = list.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 4, "{list:?}");
    for id in &ids {
        let one = member.get(&format!("/api/orders/{id}")).expect(200).clone();
        let listed = list.iter().find(|o| o["id"] == one["id"]).cloned().unwrap_or_default();
        assert_eq!(listed, one, "order {id} in the list and on its own");
    }
    let paid = list.iter().find(|o| o["id"] == ids[0].as_str()).cloned().unwrap_or_default();
    assert!(paid["pickup"]["counter_id"].as_str().is_some_and(|c| c.starts_with("S1-")), "{paid}");
    assert_eq!(list.iter().filter(|o| o["status"] == "ready_for_pickup").count(), 2);
}
