//! The contract's conventions that hold for every endpoint.

use itest::client::Api;

#[test]
fn the_deep_health_check_really_touches_d1_and_a_durable_object() {
    let api = Api::from_env();
    // A stated time of its own, so no other caller's throttled answer is in the way.
    let t0 = chrono::Utc::now() + chrono::Duration::days(3);
    let first = api.at(&t0.to_rfc3339()).get("/api/health/deep").expect(200).clone();
    assert_eq!(first["status"], "ok");
    assert_eq!(first["d1"]["ok"], true);
    assert!(first["d1"]["detail"].as_str().unwrap_or_default().contains("stores -> 2"), "{first}");
    assert_eq!(first["durable_object"]["ok"], true);
    let later = (t0 + chrono::Duration::seconds(11)).to_rfc3339();
    let second = api.at(&later).get("/api/health/deep").expect(200).clone();
    assert_eq!(second["cached"], false, "{second}");
    assert!(pings(&second) > pings(&first), "the object's stored counter moves: {first} then {second}");
}

/// The deep check's count of Durable Object pings.
fn pings(h: &serde_json::Value) -> u64 {
    h["durable_object"]["detail"].as_str().and_then(|d| d.rsplit('#').next()).and_then(|n| n.parse().ok()).unwrap_or(0)
}

#[test]
fn unknown_routes_are_json_404s() {
    let api = Api::from_env();
    for path in ["/api/nope", "/api", "/api/stores/S1/extra"] {
        let r = api.get(path);
        r.expect_error(404, "NOT_FOUND");
        assert!(r.header("content-type").is_some_and(|c| c.starts_with("application/json")));
    }
}

#[test]
fn wrong_methods_are_405_with_allow() {
    let api = Api::from_env();
    let r = api.delete("/api/stores");
    r.expect_error(405, "METHOD_NOT_ALLOWED");
    assert_eq!(r.header("allow"), Some("GET"));
    api.request("PUT", "/api/products/SKU-1001", Some(b"{}")).expect_error(405, "METHOD_NOT_ALLOWED");
}

#[test]
fn malformed_json_is_400_and_an_oversized_body_413() {
    let api = Api::from_env().with_header("x-seed-token", &itest::server::dev_var("SEED_TOKEN").unwrap_or_default());
    api.request("POST", "/api/dev/seed", Some(b"{not json")).expect_error(400, "BAD_REQUEST");
    api.request("POST", "/api/dev/seed", Some(b"[1,2]")).expect_error(400, "BAD_REQUEST");
    let huge = format!("{{\"stores\":\"{}\"}}", "x".repeat(600 * 1024));
    api.request("POST", "/api/dev/seed", Some(huge.as_bytes())).expect_error(413, "TOO_LARGE");
}

#[test]
fn the_seed_endpoint_needs_its_token_and_is_idempotent() {
    let api = Api::from_env();
    api.post("/api/dev/seed", &serde_json::json!({})).expect_error(403, "FORBIDDEN");
    let again = itest::server::seed(api.base()).expect("seed answers");
    assert_eq!(again["seeded"], false, "a second seed writes nothing");
}

#[test]
fn openapi_documents_every_endpoint_and_each_exists() {
    let api = Api::from_env();
    let doc = api.get("/api/openapi.json").expect(200).clone();
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for method in item.as_object().expect("methods").keys() {
            let concrete: String =
                path.split('/').map(|s| if s.starts_with('{') { "X1" } else { s }).collect::<Vec<_>>().join("/");
            let r = api.request(&method.to_uppercase(), &concrete, if method == "get" { None } else { Some(b"{}") });
            assert_ne!(r.code(), "METHOD_NOT_ALLOWED", "{method} {path}");
            assert!(r.status < 500, "{method} {path} answered {}", r.status);
            if r.status == 404 {
                assert_ne!(
                    r.body["error"]["message"].as_str().unwrap_or_default(),
                    format!("no endpoint at {concrete}"),
                    "{method} {path} is documented but not routed"
                );
            }
        }
    }
}

#[test]
fn the_app_is_served_with_spa_fallback() {
    let api = Api::from_env();
    for path in ["/", "/products/SKU-1001", "/member"] {
        let r = api.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.text.contains("<html") && r.text.contains(".wasm"), "{path} is the app shell");
    }
    let img = api.get("/img/products/SKU-1001.svg");
    assert_eq!(img.status, 200);
    assert!(img.text.starts_with("<svg"));
}
