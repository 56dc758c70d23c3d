//! The `deploy` layer's path from nothing: a fresh local database is migrated the way
//! `cargo xtask deploy --local` does, the first admin is made by `cargo xtask admin create`'s
//! code, the production worker (no `dev` feature, production-like secrets) starts on it, and
//! that admin signs in, describes a store, imports a catalog file and sees it in the shop.

use crate::deploy::{self, Target};
use crate::prod_check::{Check, check, production_like_vars};
use crate::step::step;
use itest::client::Api;
use itest::server::{DevServer, Ready, ServerOptions};
use serde_json::json;
use std::path::Path;

const ADMIN: &str = "A9001";
const STORE: &str = "S1";

fn layout() -> serde_json::Value {
    json!({"name": "旗舰店", "name_en": "Flagship", "address": "南京西路1号", "address_en": "1 West Nanjing Rd",
           "timezone": "Asia/Shanghai", "utc_offset_minutes": 480,
           "floors": [{"id": "S1-F1", "name": "1F 美妆", "level": 1}, {"id": "S1-F2", "name": "2F 运动", "level": 2}],
           "counters": [{"id": "S1-C01", "floor_id": "S1-F1", "brand": "Lancôme", "name": "兰蔻", "name_en": "Lancôme", "x": 10, "y": 8},
                        {"id": "S1-C02", "floor_id": "S1-F2", "brand": "Nike", "name": "耐克", "name_en": "Nike", "x": 30, "y": 12}]})
}

const CATALOG: &str = "\u{feff}sku,name,name_en,brand,category,price_fen,barcode,counter_ids,color,size,group\r\n\
SKU-L01,\"兰蔻 小黑瓶, 50ml\",Lancome Genifique 50ml,Lancôme,beauty,108000,6901234567892,S1:S1-C01,,,\r\n\
SKU-N41,耐克 跑鞋 41,Nike runner 41,Nike,shoes,69900,4006381333931,S1:S1-C02,黑,41,G-RUN\r\n\
SKU-N42,耐克 跑鞋 42,Nike runner 42,Nike,shoes,69900,4006381333948,S1:S1-C02,黑,42,G-RUN\r\n";

/// Runs the whole path; each step a check, stopping at the first that fails.
pub fn run(root: &Path) -> Result<Vec<Check>, String> {
    let state = root.join("target/deploy-local-state");
    let _ = std::fs::remove_dir_all(&state);
    let target = Target::Local(state.to_string_lossy().into_owned());
    step("deploy --local: migrate an empty D1", || deploy::migrate(&target))?;
    let password = format!("first-admin-{:x}", std::process::id());
    step("admin create (hashed by the core, wrangler d1 execute)", || {
        deploy::create_admin(&target, ADMIN, "总部管理员", STORE, &password)
    })?;
    let options = ServerOptions { port: None, state_dir: state, log: root.join("target/deploy-local.log") };
    let server = step("wrangler dev --local (production worker)", || {
        DevServer::start_with(options, &production_like_vars(), Ready::Healthy)
    })?;
    let api = Api::new(&server.base_url());
    let mut checks = Vec::new();
    let empty = api.get("/api/products");
    checks.push(check(
        "the empty deployment answers with no products",
        empty.status == 200 && empty.body.as_array().is_some_and(Vec::is_empty),
        format!("{} {}", empty.status, empty.text),
    ));
    let session = api.post("/api/guide/sessions", &json!({"staff_no": ADMIN, "password": password}));
    let token = session.body["token"].as_str().unwrap_or_default().to_owned();
    checks.push(check(
        "the bootstrapped admin signs in as admin",
        session.status == 200 && session.body["staff"]["role"] == "admin",
        format!("{} {}", session.status, session.text.chars().take(160).collect::<String>()),
    ));
    let admin = api.with_token(&token);
    let store = admin.request("PUT", &format!("/api/manage/stores/{STORE}"), Some(layout().to_string().as_bytes()));
    checks.push(check(
        "the admin describes the store: floors and counters",
        store.status == 200 && store.body["floors"].as_array().is_some_and(|f| f.len() == 2),
        format!("{} {}", store.status, store.text.chars().take(160).collect::<String>()),
    ));
    let dry = admin.request("POST", "/api/manage/products/import?dry_run=true", Some(CATALOG.as_bytes()));
    let import = admin.request("POST", "/api/manage/products/import?dry_run=false", Some(CATALOG.as_bytes()));
    checks.push(check(
        "a catalog file imports: dry run, then 3 created",
        dry.body["created"] == 3 && import.status == 200 && import.body["created"] == 3,
        format!("{} {}", import.status, import.text),
    ));
    let shop = api.get(&format!("/api/products?store_id={STORE}"));
    let skus: Vec<&str> =
        shop.body.as_array().map(|a| a.iter().filter_map(|p| p["sku"].as_str()).collect()).unwrap_or_default();
    checks.push(check(
        "customers see the imported products at their counters",
        skus == ["SKU-L01", "SKU-N41", "SKU-N42"] && shop.body[1]["counter_id"] == "S1-C02",
        format!("{skus:?}"),
    ));
    Ok(checks)
}
