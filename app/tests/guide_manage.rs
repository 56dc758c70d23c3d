//! The manage pages: head office's catalog (edit a found product, save with variants, a catalog
//! file's dry run then import, export) and the staff page (list, add, disable, reset), and a
//! manager kept to what is theirs (no catalog link, guides of their store only); a product
//! picture uploaded from the form; and a store's layout edited over the customers' map.
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

/// The text of the label the field `input` sits in (a field has no text of its own).
fn label_of(m: &Mounted, input: &str) -> String {
    m.get(input).parent_element().and_then(|l| l.text_content()).unwrap_or_default().trim().to_owned()
}

#[wasm_bindgen_test]
async fn a_product_floor_or_counter_has_a_name_and_a_staff_member_a_full_name() {
    fake_api();
    ok("GET /api/manage/staff?store_id=S1", json!([]));
    let m = console("/guide/manage/products", Lang::Zh, Some("admin")).await;
    m.wait_for("[data-testid=product-form]").await;
    assert_eq!(label_of(&m, "[data-testid=product-form] input[name=name]"), "名称");
    let m = console("/guide/manage/staff", Lang::Zh, Some("admin")).await;
    m.wait_for("[data-testid=add-staff]").await;
    assert_eq!(label_of(&m, "[data-testid=add-staff] input[name=name]"), "姓名");
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

/// Puts a file in the file input `selector` as a person picking it would (a change event).
fn pick_file(selector: &str, bytes: &[u8], name: &str, kind: &str) {
    let pick = js_sys::Function::new_with_args(
        "sel, bytes, name, kind",
        "const dt = new DataTransfer(); dt.items.add(new File([bytes], name, { type: kind }));
         const input = document.querySelector(sel); input.files = dt.files;
         input.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    let args = js_sys::Array::of4(&selector.into(), &js_sys::Uint8Array::from(bytes), &name.into(), &kind.into());
    pick.apply(&wasm_bindgen::JsValue::NULL, &args).expect("the file is picked");
}

#[wasm_bindgen_test]
async fn a_picture_picked_in_the_product_form_is_uploaded_and_the_product_points_at_it() {
    fake_api();
    let url = "/api/images/0123456789abcdef0123456789abcdef";
    ok("POST /api/manage/images", json!({"id": &url[12..], "url": url, "content_type": "image/png", "bytes": 8}));
    let m = console("/guide/manage/products", Lang::En, Some("admin")).await;
    m.wait_for("[data-testid=product-form] input[name=image_file]").await;
    pick_file("[data-testid=product-form] input[name=image_file]", b"\x89PNG\r\n\x1a\n", "a.png", "image/png");
    m.wait_for("[data-testid=image-preview]").await;
    assert_eq!(m.get("[data-testid=image-preview]").get_attribute("src").as_deref(), Some(url));
    let field: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(m.get("[data-testid=product-form] input[name=image]"));
    assert_eq!(field.value(), url, "the product's image is where the picture is served");
    assert_eq!(calls_to("POST /api/manage/images")[0].auth.as_deref(), Some("Bearer tok-staff"));

    refuse("POST /api/manage/images", 422, "INVALID", "image: must be a JPEG, PNG or WebP file");
    pick_file("[data-testid=product-form] input[name=image_file]", b"GIF89a", "a.gif", "image/gif");
    m.wait_for("[data-testid=image-error]").await;
    assert_eq!(m.text_of("[data-testid=image-error]"), "image: must be a JPEG, PNG or WebP file");
}

/// S1 with two floors and a counter on the first, as the store list and its map show it.
fn layout_fixtures() -> (Value, Value) {
    use shared::api::{Counter, Store};
    let floors = json!([{"id": "S1-1F", "name": "1F", "level": 1}, {"id": "S1-2F", "name": "2F", "level": 2}]);
    let store: Store = fixture(with(store_json(), json!({ "floors": floors })));
    let counters: Vec<Counter> = fixture(json!([
        {"id": "S1-C01", "floor_id": "S1-1F", "brand": "Lanya", "name": "兰雅专柜", "name_en": "Lanya counter", "x": 8, "y": 10}
    ]));
    let map = shared::navigation::store_map(&store, &counters);
    (json!([store]), serde_json::to_value(map).expect("JSON"))
}

#[wasm_bindgen_test]
async fn head_office_moves_a_counter_adds_a_floor_and_sees_a_refusal_next_to_the_field() {
    fake_api();
    let (stores, map) = layout_fixtures();
    ok("GET /api/stores", stores.clone());
    ok("GET /api/stores/S1/map", map);
    let m = console("/guide/manage/stores", Lang::En, Some("admin")).await;
    m.wait_for("[data-testid=layout-preview] svg").await;
    assert_eq!(m.count("[data-testid=layout-preview] [data-counter=S1-C01]"), 1, "drawn as the customers' map");
    let x: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(m.get("[data-counter=S1-C01] input[name=counter_x]"));
    type_into(&x, "20");
    settle().await;
    let rect = m.get("[data-testid=layout-preview] [data-counter=S1-C01] rect");
    assert_eq!(rect.get_attribute("x").as_deref(), Some("14"), "the preview follows the edit");
    click(&m.get("[data-action=add-floor]"));
    settle().await;
    assert_eq!(m.count("li[data-floor=S1-3F]"), 1, "a floor above the highest");

    refuse(
        "PUT /api/manage/stores/S1",
        422,
        "INVALID",
        "counters: S1-C01 must stand within 0..=500 m of the plan's corner",
    );
    click(&m.get("[data-action=save-layout]"));
    m.wait_for("[data-testid=layout-error]").await;
    assert_eq!(m.get("[data-testid=layout-error]").get_attribute("data-field").as_deref(), Some("counters"));
    assert_eq!(m.count("[data-counter=S1-C01] [data-testid=row-error]"), 0, "not this floor's row");

    ok("PUT /api/manage/stores/S1", json!(stores[0]));
    click(&m.get("[data-action=save-layout]"));
    m.wait_for("[data-testid=layout-saved]").await;
    let sent = calls_to("PUT /api/manage/stores/S1")[1].body.clone().expect("a body");
    assert_eq!(sent["counters"][0]["x"], 20);
    assert_eq!(sent["floors"][2], json!({"id": "S1-3F", "name": "3F", "level": 3}));
    assert_eq!(calls_to("PUT /api/manage/stores/S1")[1].auth.as_deref(), Some("Bearer tok-staff"));
}
