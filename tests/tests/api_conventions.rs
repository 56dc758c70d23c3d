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

/// Who walks the route table, and what a refusal by access looks like for each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Member,
    Guide,
    Manager,
    /// A guide of another store (S2) than the manager's and the first guide's (S1).
    OtherStoreGuide,
    /// Head office (`A0001`): admitted wherever a manager is.
    Admin,
}

/// The access refusal (status, code) a caller must get from an endpoint, if any; `None` means
/// access lets them through (whatever the placeholder input then earns).
fn refusal(access: shared::access::Access, who: Who) -> Option<(u16, &'static str)> {
    use shared::access::Access;
    const SIGN_IN: Option<(u16, &str)> = Some((401, "UNAUTHENTICATED"));
    const WRONG_ROLE: Option<(u16, &str)> = Some((403, "WRONG_ROLE"));
    match (access, who) {
        // No seed token is sent, and the test server has one: nobody gets in.
        (Access::Dev, _) => Some((403, "FORBIDDEN")),
        (Access::Public, _) => None,
        (_, Who::Anonymous) => SIGN_IN,
        (Access::Session, _) => None,
        (Access::Member, Who::Member) => None,
        (Access::Member, _) => WRONG_ROLE,
        (Access::Staff | Access::Manager | Access::Admin, Who::Member) => WRONG_ROLE,
        (Access::Staff, _) => None,
        (Access::Manager, Who::Manager | Who::Admin) => None,
        (Access::Manager, Who::Guide | Who::OtherStoreGuide) => Some((403, "FORBIDDEN")),
        (Access::Admin, Who::Admin) => None,
        (Access::Admin, Who::Guide | Who::OtherStoreGuide | Who::Manager) => Some((403, "FORBIDDEN")),
    }
}

/// A client signed in as `who`, each from an address of its own so no throttle is shared.
fn sign_in(api: &Api, who: Who) -> Api {
    use itest::people::{fresh_address, new_member, staff};
    let api = api.with_header("cf-connecting-ip", &fresh_address());
    match who {
        Who::Anonymous => api,
        Who::Member => new_member(&api).0,
        Who::Guide => staff(&api, "G1001"),
        Who::Manager => staff(&api, "M1001"),
        Who::OtherStoreGuide => staff(&api, "G2001"),
        Who::Admin => staff(&api, "A0001"),
    }
}

#[test]
fn every_route_refuses_exactly_the_callers_its_access_excludes_and_never_fails() {
    use shared::routes::{ENDPOINTS, RouteId};
    let api = Api::from_env();
    let everyone = [Who::Anonymous, Who::Member, Who::Guide, Who::Manager, Who::OtherStoreGuide, Who::Admin];
    for who in everyone {
        let caller = sign_in(&api, who);
        for e in ENDPOINTS {
            // Signing out ends the session the rest of the walk uses: it gets one of its own.
            let own;
            let caller = match e.id {
                RouteId::SignOut => {
                    own = sign_in(&api, who);
                    &own
                }
                _ => &caller,
            };
            let count = e.path.matches('{').count();
            let path = e.path_with(&vec!["X1"; count]);
            let body: Option<&[u8]> = if e.method.as_str() == "GET" { None } else { Some(b"{}") };
            let r = caller.request(e.method.as_str(), &path, body);
            let what = format!("{who:?} {} {path}: {} {}", e.method.as_str(), r.status, r.text);
            assert!(r.status < 500, "{what}");
            match refusal(e.access, who) {
                Some((status, code)) => {
                    assert_eq!((r.status, r.code()), (status, code), "{what}");
                }
                None if e.access == shared::access::Access::Public => {
                    assert_ne!(r.code(), "WRONG_ROLE", "{what}");
                }
                None => {
                    assert!(r.status != 401 && r.status != 403, "{what}");
                }
            }
        }
    }
}

/// Requests that name a store the manager (of S1) does not manage, for every route that reads a
/// store from its query or body.
fn other_store_requests() -> Vec<(shared::routes::RouteId, String, serde_json::Value)> {
    use serde_json::json;
    use shared::routes::RouteId;
    let (start, end) = (chrono::Utc::now(), chrono::Utc::now() + chrono::Duration::hours(1));
    vec![
        (RouteId::Audit, "?store_id=S2".into(), serde_json::Value::Null),
        (RouteId::ManageFlashSales, "?store_id=S2".into(), serde_json::Value::Null),
        (RouteId::ManageCampaigns, "?store_id=S2".into(), serde_json::Value::Null),
        (RouteId::Dashboard, "?store_id=S2".into(), serde_json::Value::Null),
        (RouteId::Transfers, "?store_id=S2".into(), serde_json::Value::Null),
        (
            RouteId::CreateTransfer,
            String::new(),
            json!({"sku": "SKU-1001", "qty": 1, "from_store": "S2", "to_store": "S1"}),
        ),
        (
            RouteId::CreateFlashSale,
            String::new(),
            json!({"sku": "SKU-1001", "store_id": "S2", "price_fen": 990, "quantity": 1, "per_member_limit": 1,
                   "starts_at": start, "ends_at": end, "buckets": 1}),
        ),
        (RouteId::StaffList, "?store_id=S2".into(), serde_json::Value::Null),
        (
            RouteId::CreateStaff,
            String::new(),
            json!({"staff_no": format!("G{}", &itest::people::unique_phone()[5..]), "name": "别家导购", "store_id": "S2",
                   "role": "guide", "password": "long-enough-1"}),
        ),
        (
            RouteId::CreateCampaign,
            String::new(),
            json!({"title": "别家的券", "kind": "fixed", "off_fen": 100, "scope": "store", "store_id": "S2",
                   "quantity": 1, "per_member_limit": 1, "starts_at": start, "ends_at": end}),
        ),
    ]
}

#[test]
fn staff_acting_for_another_store_are_refused_wherever_a_request_names_the_store() {
    use shared::access::Access;
    use shared::routes::ENDPOINTS;
    let requests = other_store_requests();
    // Every staff route that reads `store_id` (query or body schema) is in the list above.
    let doc = shared::openapi::document();
    for e in ENDPOINTS.iter().filter(|e| matches!(e.access, Access::Staff | Access::Manager)) {
        let in_body = e.body.is_some_and(|b| !doc["components"]["schemas"][b]["properties"]["store_id"].is_null());
        if e.query.contains(&"store_id") || in_body {
            assert!(requests.iter().any(|(id, _, _)| *id == e.id), "{} {} names a store", e.method.as_str(), e.path);
        }
    }
    let api = Api::from_env();
    let manager = itest::people::staff(&api, "M1001");
    for (id, query, body) in requests {
        let e = shared::routes::endpoint(id);
        let path = format!("{}{query}", e.path);
        let body = (!body.is_null()).then(|| body.to_string());
        let r = manager.request(e.method.as_str(), &path, body.as_deref().map(str::as_bytes));
        assert_eq!((r.status, r.code()), (403, "WRONG_STORE"), "{} {path}: {}", e.method.as_str(), r.text);
    }
    // The manager's own store passes the same check.
    manager.get("/api/manage/audit?store_id=S1").expect(200);
}

#[test]
fn head_office_acts_for_every_store_where_a_manager_is_refused() {
    let api = Api::from_env();
    let session = api.post("/api/guide/sessions", &serde_json::json!({"staff_no": "A0001", "password": "demo1234"}));
    assert_eq!(session.expect(200)["staff"]["role"], "admin", "{}", session.text);
    let admin = itest::people::staff(&api, "A0001");
    for (id, query, body) in other_store_requests() {
        let e = shared::routes::endpoint(id);
        let path = format!("{}{query}", e.path);
        let body = (!body.is_null()).then(|| body.to_string());
        let r = admin.request(e.method.as_str(), &path, body.as_deref().map(str::as_bytes));
        assert!(
            r.status < 500 && r.status != 403 && r.status != 401,
            "{} {path}: {} {}",
            e.method.as_str(),
            r.status,
            r.text
        );
    }
    admin.get("/api/manage/audit?store_id=S2").expect(200);
    admin.get("/api/manage/audit?store_id=S1").expect(200);
}
