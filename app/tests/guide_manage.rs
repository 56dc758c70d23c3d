//! The manage pages: head office's catalog (edit a found product, save with variants, a catalog
//! file's dry run then import, export) and the staff page (list, add, disable, reset), and a
//! manager kept to what is theirs (no catalog link, guides of their store only).
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn staff_member(id: &str, role: &str, disabled: bool) -> Value {
    json!({"id": id, "name": "Xiao Li", "store_id": "S1", "role": role, "disabled": disabled})
}

#[wasm_bindgen_test]
async fn head_office_edits_a_found_product_and_saves_it_with_its_variant() {
    fake_api();
    ok("GET /api/products", json!([product_json()]));
    ok(
        "GET /api/products/SKU-1001",
        with(
            product_json(),
            json!({"description": "", "description_en": "", "counter_id": null,
            "stock": [{"store_id": "S1", "available": 3, "counter_id": "S1-C01", "counter_name": null,
                       "counter_name_en": null, "floor": null}]}),
        ),
    );
    let m = console("/guide/manage/products", Lang::En, Some("admin")).await;
    m.wait_for("[data-testid=product-search]").await;
    type_into(&m.get("[data-testid=product-search] input[name=q]"), "serum");
    click(&m.get("[data-testid=product-search] button[type=submit]"));
    m.wait_for("li[data-sku=SKU-1001]").await;
    click(&m.get("li[data-sku=SKU-1001] [data-action=edit]"));
    until("the counters arrived", || calls_to("GET /api/products/SKU-1001").len() == 1).await;
    settle().await;
    type_into(&m.get("[data-testid=product-form] input[name=color]"), "Red");
    type_into(&m.get("[data-testid=product-form] input[name=price]"), "299");
    ok("POST /api/manage/products", product_json());
    click(&m.get("[data-testid=product-form] button[type=submit]"));
    m.wait_for("[data-testid=product-ok]").await;
    let sent = calls_to("POST /api/manage/products")[0].body.clone().expect("a body");
    assert_eq!(sent["sku"], "SKU-1001");
    assert_eq!(sent["price_fen"], 29900);
    assert_eq!(sent["counter_ids"], json!({"S1": "S1-C01"}));
    assert_eq!(sent["attributes"]["color"], "Red");
    assert_eq!(calls_to("POST /api/manage/products")[0].auth.as_deref(), Some("Bearer tok-staff"));
}

#[wasm_bindgen_test]
async fn a_catalog_file_is_imported_only_after_a_clean_dry_run_of_the_same_text() {
    fake_api();
    let m = console("/guide/manage/products", Lang::En, Some("admin")).await;
    m.wait_for("[data-testid=catalog-file]").await;
    assert!(m.disabled("[data-action=import]"), "no import before a dry run");
    type_into(&m.get("textarea[name=csv]"), "sku,name\nSKU-X,y\n");
    ok(
        "POST /api/manage/products/import?dry_run=true",
        json!({"created": 0, "updated": 0, "rejected": [{"line": 1, "reason": "the header lacks the column 'name_en'"}]}),
    );
    click(&m.get("[data-action=dry-run]"));
    m.wait_for("[data-testid=import-report] li[data-line='1']").await;
    assert!(m.text_of("[data-testid=import-report]").contains("nothing was written"), "{}", m.text());
    assert!(m.disabled("[data-action=import]"));
    ok("POST /api/manage/products/import?dry_run=true", json!({"created": 2, "updated": 1, "rejected": []}));
    click(&m.get("[data-action=dry-run]"));
    until("the clean report", || !m.disabled("[data-action=import]")).await;
    assert!(m.text_of("[data-testid=import-report]").contains("created 2 · updated 1"), "{}", m.text());
    ok("POST /api/manage/products/import?dry_run=false", json!({"created": 2, "updated": 1, "rejected": []}));
    click(&m.get("[data-action=import]"));
    m.wait_for("[data-testid=import-report][data-dry-run=false]").await;
    assert!(m.text_of("[data-testid=import-report]").starts_with("Written"));
    assert_eq!(calls_to("POST /api/manage/products/import?dry_run=false").len(), 1);
}

#[wasm_bindgen_test]
async fn a_manager_has_no_catalog_and_adds_only_guides_of_their_store() {
    fake_api();
    ok(
        "GET /api/manage/staff?store_id=S1",
        json!([staff_member("G1001", "guide", false), staff_member("G1002", "guide", true)]),
    );
    let m = console("/guide/manage", Lang::En, Some("manager")).await;
    m.wait_for(".manage-links").await;
    // A manager's links: everything under /guide/manage/ but head office's catalog.
    assert_eq!(m.attrs(".manage-links a", "data-page"), ["sales", "campaigns", "dashboard", "staff"]);
    let m = console("/guide/manage/staff", Lang::En, Some("manager")).await;
    m.wait_for("li[data-staff=G1001]").await;
    assert_eq!(m.attrs("li[data-staff]", "data-disabled"), ["false", "true"]);
    assert_eq!(m.attrs("[data-testid=add-staff] select[name=role] option", "value"), ["guide"]);
    assert!(m.find("input[name=store_filter]").is_none(), "a manager sees their own store");
    type_into(&m.get("[data-testid=add-staff] input[name=staff_no]"), "G1003");
    type_into(&m.get("[data-testid=add-staff] input[name=name]"), "Xiao Zhang");
    type_into(&m.get("[data-testid=add-staff] input[name=password]"), "first-pass-1");
    refuse("POST /api/manage/staff", 409, "STAFF_NO_TAKEN", "G1003 is taken");
    click(&m.get("[data-testid=add-staff] button[type=submit]"));
    m.wait_for("[data-testid=staff-error]").await;
    assert_eq!(m.text_of("[data-testid=staff-error]"), "This staff number is taken");
    assert_eq!(
        calls_to("POST /api/manage/staff")[0].body,
        Some(
            json!({"staff_no": "G1003", "name": "Xiao Zhang", "store_id": "S1", "role": "guide", "password": "first-pass-1"})
        )
    );
    // The catalog's page sends a manager back to the first tab.
    let m = console("/guide/manage/products", Lang::En, Some("manager")).await;
    until("sent to the first tab", || here() == "/guide/members").await;
    drop(m);
}

#[wasm_bindgen_test]
async fn disabling_a_guide_and_resetting_a_password_say_so() {
    fake_api();
    ok("GET /api/manage/staff?store_id=S1", json!([staff_member("G1001", "guide", false)]));
    let m = console("/guide/manage/staff", Lang::En, Some("admin")).await;
    m.wait_for("li[data-staff=G1001]").await;
    assert_eq!(m.attrs("[data-testid=add-staff] select[name=role] option", "value"), ["guide", "manager", "admin"]);
    ok("POST /api/manage/staff/G1001/disable", staff_member("G1001", "guide", true));
    ok("GET /api/manage/staff?store_id=S1", json!([staff_member("G1001", "guide", true)]));
    click(&m.get("li[data-staff=G1001] [data-action=disable]"));
    m.wait_for("li[data-staff=G1001][data-disabled=true]").await;
    assert_eq!(m.text_of("[data-testid=staff-ok]"), "Disabled G1001");
    type_into(&m.get("[data-testid=reset-password] input[name=staff_no]"), "G1001");
    type_into(&m.get("[data-testid=reset-password] input[name=password]"), "second-pass-2");
    ok("POST /api/manage/staff/G1001/password", staff_member("G1001", "guide", true));
    click(&m.get("[data-testid=reset-password] button[type=submit]"));
    until("the reset answered", || m.text_of("[data-testid=staff-ok]") == "Password reset G1001").await;
    assert_eq!(calls_to("POST /api/manage/staff/G1001/password")[0].body, Some(json!({"password": "second-pass-2"})));
}

#[wasm_bindgen_test]
async fn a_manager_hands_a_leaving_guides_customers_to_an_enabled_colleague() {
    fake_api();
    let list = json!([
        staff_member("G1001", "guide", false),
        staff_member("G1002", "guide", false),
        staff_member("G1003", "guide", true)
    ]);
    ok("GET /api/manage/staff?store_id=S1", list);
    let m = console("/guide/manage/staff", Lang::En, Some("manager")).await;
    m.wait_for("[data-testid=handover] select[name=from] option[value=G1003]").await;
    assert_eq!(
        m.attrs("[data-testid=handover] select[name=to] option", "value"),
        ["", "G1001", "G1002"],
        "only enabled staff take over"
    );
    type_into(&m.get("[data-testid=handover] select[name=from]"), "G1003");
    type_into(&m.get("[data-testid=handover] select[name=to]"), "G1002");
    ok(
        "POST /api/manage/guides/G1003/handover",
        json!({"from_staff_no": "G1003", "to_staff_no": "G1002", "store_id": "S1", "moved": 4}),
    );
    click(&m.get("[data-testid=handover] button[type=submit]"));
    m.wait_for("[data-testid=staff-ok]").await;
    assert_eq!(m.text_of("[data-testid=staff-ok]"), "G1003 → G1002: 4 customers handed over");
    assert_eq!(calls_to("POST /api/manage/guides/G1003/handover")[0].body, Some(json!({"to_staff_no": "G1002"})));
    refuse(
        "POST /api/manage/guides/G1003/handover",
        409,
        "GUIDE_UNAVAILABLE",
        "G1002 is disabled and cannot take customers over",
    );
    click(&m.get("[data-testid=handover] button[type=submit]"));
    m.wait_for("[data-testid=staff-error]").await;
    assert_eq!(
        m.text_of("[data-testid=staff-error]"),
        "That guide cannot take customers over (disabled or of another store)"
    );
}
