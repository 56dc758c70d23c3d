//! State survives a restart of the dev server (its own server and state directory).

use itest::client::Api;
use itest::server::{DevServer, ServerOptions};

#[test]
fn catalog_and_object_state_survive_a_restart() {
    let root = itest::repo_root();
    let state = root.join("target/itest-state/restart");
    let _ = std::fs::remove_dir_all(&state);
    let mut server =
        DevServer::start(ServerOptions { port: None, state_dir: state, log: root.join("target/itest-restart.log") })
            .expect("server starts");
    itest::server::seed(&server.base_url()).expect("seeded");
    let api = Api::new(&server.base_url());
    // A product of this test's own, so its stock is known whatever other suites bought.
    let sku = itest::shop::fresh_s1(&api, "SKU-1003", 7);
    let before = api.get(&format!("/api/products/{sku}")).expect(200).clone();
    let in_s1 = before["stock"].as_array().and_then(|s| s.iter().find(|x| x["store_id"] == "S1")).cloned();
    assert_eq!(in_s1.map(|x| x["available"].clone()), Some(serde_json::json!(7)), "opening stock: {before}");
    let health = api.get("/api/health/deep").expect(200).clone();
    let (member, me) = itest::people::new_member(&api);
    itest::people::top_up(&member, 12_300);

    server.restart().expect("server restarts");
    let api = Api::new(&server.base_url());
    assert_eq!(api.get(&format!("/api/products/{sku}")).expect(200)["stock"], before["stock"], "stock figures kept");
    assert_eq!(api.get("/api/stores").expect(200).as_array().map(Vec::len), Some(2));
    let after = api.get("/api/health/deep").expect(200).clone();
    let pings = |h: &serde_json::Value| {
        h["durable_object"]["detail"]
            .as_str()
            .unwrap_or_default()
            .rsplit('#')
            .next()
            .and_then(|n| n.parse::<u64>().ok())
    };
    assert!(pings(&after) > pings(&health), "object storage kept: {health} then {after}");
    // The member, their session and their stored value are all still there.
    let member = Api::new(&server.base_url()).with_token(member.token().expect("a token"));
    let after_me = member.get("/api/me").expect(200).clone();
    assert_eq!(after_me["id"], me["id"]);
    assert_eq!(after_me["balance_fen"], 12_300);
    let reseed = itest::server::seed(&server.base_url()).expect("seed answers");
    assert_eq!(reseed["seeded"], false, "the seed is not applied twice");
}

#[test]
fn a_dev_store_restarted_day_after_day_still_opens_its_demo_sales() {
    // Each start re-seeds; once the demo sales have ended it opens new ones, while the old ones'
    // units return to the pool only when their objects close them. Six days of restarts must
    // not run the pool dry.
    let root = itest::repo_root();
    let state = root.join("target/itest-state/reseed");
    let _ = std::fs::remove_dir_all(&state);
    let server =
        DevServer::start(ServerOptions { port: None, state_dir: state, log: root.join("target/itest-reseed.log") })
            .expect("server starts");
    itest::server::seed(&server.base_url()).expect("seeded");
    let token = itest::server::dev_var("SEED_TOKEN").unwrap_or_default();
    let body = std::fs::read(root.join("edge/seed/demo.json")).expect("the seed");
    for day in 1..=6 {
        let at = itest::people::in_seconds(day * 86_400);
        let api = Api::new(&server.base_url()).at(&at).with_header("x-seed-token", &token);
        api.request("POST", "/api/dev/seed", Some(&body)).expect(200);
        let sales = api.get("/api/flash-sales?store_id=S1").expect(200).clone();
        let lipstick = sales
            .as_array()
            .and_then(|l| l.iter().find(|s| s["sku"] == "SKU-1002" && s["status"] == "live").cloned())
            .unwrap_or_default();
        assert_eq!(lipstick["remaining"], 50, "day {day}: {sales}");
    }
}
