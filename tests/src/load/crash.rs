//! The crash test: the dev server is killed with `kill -9` while buyers order and pay.

use super::*;

/// kill -9 mid-burst: buyers order and pay at once; the server is killed while they do, then
/// restarted. Nothing confirmed may be lost, and after the locks' lifetime no lock may remain
/// and no unpaid order may stay pending.
pub fn crash_test(server: &mut DevServer, buyers: usize, quantity: u32) -> Vec<Check> {
    let api = Api::new(&server.base_url());
    // The burst counts what single attempts get while the server dies: no retries there.
    let clients: Vec<Api> = members(&api, buyers).iter().map(Api::no_retry).collect();
    let sku = crate::shop::fresh_product(&api, LOAD_STORE, LIKE_SKU, quantity);
    let sale = create_sale(&api, &sku, quantity, 2, 1, &format!("crash-{}", std::process::id()));
    // The kill comes while units are still selling: once a third of them are paid.
    let paid_count = Arc::new(AtomicUsize::new(0));
    let (count, body) = (paid_count.clone(), order_body(&sku, &sale));
    let pool = Arc::new(clients);
    let burst = std::thread::spawn(move || {
        par(pool.len(), 16, move |i| {
            let b = pool[i].with_header("idempotency-key", &format!("crash-{i}"));
            let r = b.post("/api/orders", &body);
            let mut paid = None;
            if r.status == 201 {
                let id = r.body["id"].as_str().unwrap_or_default().to_owned();
                let p = b.post(&format!("/api/orders/{id}/pay"), &json!({"method": "sandbox"}));
                if p.status == 200 {
                    paid = Some(id);
                    count.fetch_add(1, Ordering::SeqCst);
                }
            }
            paid
        })
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    while paid_count.load(Ordering::SeqCst) < quantity as usize / 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill_hard();
    let confirmed: BTreeSet<String> = burst.join().unwrap_or_default().into_iter().flatten().collect();
    let restarted = server.start_again();
    let mut checks = vec![check("the server restarts on the same state", restarted.is_ok(), format!("{restarted:?}"))];
    if restarted.is_err() {
        return checks;
    }
    let api = Api::new(&server.base_url());
    let token = crate::server::dev_var("SEED_TOKEN").unwrap_or_default();
    let dev = api.with_header("x-seed-token", &token);
    // Finish what the crash interrupted, then check nothing confirmed was lost.
    dev.post("/api/dev/reconcile", &json!({})).expect(200);
    checks.extend(audit(&api, &sale, quantity, &confirmed));
    // After the locks' lifetime (1 minute) and the objects' alarms, no lock may remain.
    std::thread::sleep(Duration::from_secs(66));
    dev.post("/api/dev/reconcile", &json!({})).expect(200);
    let a = dev.get(&format!("/api/dev/flash-sales/{sale}/audit")).expect(200).clone();
    let locks: usize =
        a["buckets"].as_array().map(|b| b.iter().map(|x| x["locks"].as_array().map_or(0, Vec::len)).sum()).unwrap_or(0);
    let pending =
        a["orders"].as_array().map(|o| o.iter().filter(|x| x["status"] == "pending_payment").count()).unwrap_or(0);
    checks.push(check(
        "no lock outlives its expiry (removed by the objects' alarms)",
        locks == 0,
        format!("{locks} locks left"),
    ));
    checks.push(check("no unpaid order stays pending past its lock", pending == 0, format!("{pending} pending")));
    checks.extend(audit(&api, &sale, quantity, &confirmed).into_iter().map(|mut c| {
        c.name = format!("{} (after expiry)", c.name);
        c
    }));
    checks.push(check(
        "some orders were confirmed before the kill",
        !confirmed.is_empty(),
        format!("{} confirmed", confirmed.len()),
    ));
    checks
}
