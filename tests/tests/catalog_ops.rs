//! Head office's catalog against a running server: products created and updated one at a time,
//! CSV imports (dry run, all-or-nothing, the line report) and exports, who may do it, and the
//! customers seeing a new product at once.

use itest::client::Api;
use itest::people::{staff, unique_phone};
use serde_json::{Value, json};

/// A fresh SKU and an unused in-store barcode for it.
fn fresh() -> (String, String) {
    let n: u64 = unique_phone()[3..].parse().unwrap_or(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let seed = (nanos as u64) ^ (n << 20);
    (format!("SKU-C{n}{}", seed % 1000), shared::barcode::Ean13::in_store(seed.to_le_bytes()).as_str().to_owned())
}

/// A counter of S1 that sells something.
fn counter_of_s1(api: &Api) -> String {
    let products = api.get("/api/products?store_id=S1").expect(200).clone();
    products[0]["counter_id"].as_str().expect("a counter").to_owned()
}

fn product(sku: &str, barcode: &str, counter: &str) -> Value {
    json!({"sku": sku, "name": "测试保温杯", "name_en": "Test flask", "brand": "Thermos", "category": "test",
           "price_fen": 12900, "barcode": barcode, "counter_ids": {"S1": counter},
           "attributes": {"color": "红", "size": "500ml"}, "group": "G-FLASK"})
}

#[test]
fn head_office_creates_a_product_customers_see_at_once_and_an_update_is_200() {
    let api = Api::from_env();
    let admin = staff(&api, "A0001");
    let counter = counter_of_s1(&api);
    let (sku, barcode) = fresh();
    // Warm the kept list first: the write must make it stale.
    api.get("/api/products?store_id=S1&category=test").expect(200);
    let made = admin.post("/api/manage/products", &product(&sku, &barcode, &counter));
    assert_eq!(made.expect(201)["sku"], sku.as_str(), "{}", made.text);
    let listed = api.get("/api/products?store_id=S1&category=test").expect(200).clone();
    let row = listed.as_array().unwrap().iter().find(|p| p["sku"] == sku.as_str()).cloned().expect("listed at once");
    assert_eq!((row["counter_id"].as_str(), row["attributes"]["color"].as_str()), (Some(counter.as_str()), Some("红")));
    let page = api.get(&format!("/api/products/{sku}")).expect(200).clone();
    assert_eq!(page["barcode"], barcode.as_str());
    // Its stock pool exists and is empty; a receipt books units in.
    let stock = admin.get(&format!("/api/guide/stock?sku={sku}")).expect(200).clone();
    assert_eq!(stock[0]["on_hand"], 0, "{stock}");
    let mut changed = product(&sku, &barcode, &counter);
    changed["price_fen"] = json!(9900);
    assert_eq!(admin.post("/api/manage/products", &changed).expect(200)["price_fen"], 9900);
}

#[test]
fn bad_products_are_422_naming_the_field() {
    let api = Api::from_env();
    let admin = staff(&api, "A0001");
    let counter = counter_of_s1(&api);
    let (sku, barcode) = fresh();
    let taken = api.get("/api/products").expect(200)[0]["barcode"].as_str().unwrap().to_owned();
    let cases: Vec<(&str, Value)> = vec![
        ("barcode", json!(format!("{}{}", &barcode[..12], (barcode.as_bytes()[12] - b'0' + 1) % 10))),
        ("price_fen", json!(-1)),
        ("price_fen", json!(i64::MAX)),
        ("name", json!("")),
        ("counter_ids", json!({"S9": "S9-C01"})),
        ("counter_ids", json!({"S1": "S2-C99"})),
        ("barcode", json!(taken)),
    ];
    for (field, value) in cases {
        let mut body = product(&sku, &barcode, &counter);
        body[field] = value;
        let r = admin.post("/api/manage/products", &body);
        assert_eq!((r.status, r.code()), (422, "INVALID"), "{field}: {}", r.text);
        assert!(r.text.contains(field), "{field}: {}", r.text);
    }
    api.get(&format!("/api/products/{sku}")).expect_error(404, "NOT_FOUND");
}

#[test]
fn only_head_office_edits_the_catalog() {
    let api = Api::from_env();
    let counter = counter_of_s1(&api);
    let (sku, barcode) = fresh();
    for who in ["M1001", "G1001"] {
        let r = staff(&api, who).post("/api/manage/products", &product(&sku, &barcode, &counter));
        assert_eq!((r.status, r.code()), (403, "FORBIDDEN"), "{who}: {}", r.text);
        staff(&api, who).get("/api/manage/products/export").expect_error(403, "FORBIDDEN");
    }
    api.post("/api/manage/products", &product(&sku, &barcode, &counter)).expect_error(401, "UNAUTHENTICATED");
}

const HEADER: &str =
    "sku,name,name_en,brand,category,price_fen,barcode,counter_ids,color,size,group,image,description\r\n";

fn csv_line(sku: &str, barcode: &str, counter: &str, price: &str) -> String {
    format!(
        "{sku},\"测试, 杯\",\"A \"\"quoted\"\" cup\",Thermos,test,{price},{barcode},S1:{counter},,,,,\"two\nlines\"\r\n"
    )
}

fn import(admin: &Api, dry_run: bool, text: &str) -> Value {
    let r = admin.request("POST", &format!("/api/manage/products/import?dry_run={dry_run}"), Some(text.as_bytes()));
    r.expect(200).clone()
}

#[test]
fn an_import_with_one_bad_line_writes_nothing_and_names_the_line() {
    let api = Api::from_env();
    let admin = staff(&api, "A0001");
    let counter = counter_of_s1(&api);
    let ((a, code_a), (b, code_b)) = (fresh(), fresh());
    let text = format!("{HEADER}{}{}", csv_line(&a, &code_a, &counter, "100"), csv_line(&b, &code_b, &counter, "-3"));
    let report = import(&admin, false, &text);
    assert_eq!(report["rejected"][0]["line"], 4, "the bad record starts on line 4: {report}");
    assert!(report["rejected"][0]["reason"].as_str().unwrap().starts_with("price_fen"), "{report}");
    api.get(&format!("/api/products/{a}")).expect_error(404, "NOT_FOUND");
}

#[test]
fn a_dry_run_reports_and_writes_nothing_then_the_import_writes_all_and_an_export_reads_back() {
    let api = Api::from_env();
    let admin = staff(&api, "A0001");
    let counter = counter_of_s1(&api);
    let ((a, code_a), (b, code_b)) = (fresh(), fresh());
    let text =
        format!("\u{feff}{HEADER}{}{}", csv_line(&a, &code_a, &counter, "100"), csv_line(&b, &code_b, &counter, "250"));
    let dry = import(&admin, true, &text);
    assert_eq!((dry["created"].as_u64(), dry["updated"].as_u64()), (Some(2), Some(0)), "{dry}");
    api.get(&format!("/api/products/{a}")).expect_error(404, "NOT_FOUND");
    let done = import(&admin, false, &text);
    assert_eq!((done["created"].as_u64(), done["rejected"].as_array().map(Vec::len)), (Some(2), Some(0)), "{done}");
    assert_eq!(api.get(&format!("/api/products/{b}")).expect(200)["name"], "测试, 杯");
    assert_eq!(import(&admin, false, &text)["updated"], 2, "the same file again updates");

    let export = admin.get("/api/manage/products/export");
    assert_eq!(export.status, 200);
    assert!(export.header("content-type").unwrap_or_default().starts_with("text/csv"));
    assert!(
        export.text.contains(&a) && export.text.contains("\"A \"\"quoted\"\" cup\""),
        "{}",
        export.text.chars().take(300).collect::<String>()
    );
    let again = import(&admin, true, &export.text);
    assert_eq!((again["created"].as_u64(), again["rejected"].as_array().map(Vec::len)), (Some(0), Some(0)), "{again}");
}

#[test]
fn a_file_naming_one_barcode_twice_is_refused_whole() {
    let api = Api::from_env();
    let admin = staff(&api, "A0001");
    let counter = counter_of_s1(&api);
    let ((a, code), (b, _)) = (fresh(), fresh());
    let text = format!("{HEADER}{}{}", csv_line(&a, &code, &counter, "100"), csv_line(&b, &code, &counter, "100"));
    let report = import(&admin, false, &text);
    assert!(report["rejected"][0]["reason"].as_str().unwrap().contains("also on line 2"), "{report}");
    api.get(&format!("/api/products/{a}")).expect_error(404, "NOT_FOUND");
}

/// A small PNG-looking file of its own (the worker checks the first bytes, not the picture).
fn png_bytes() -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend(unique_phone().bytes());
    bytes.extend((0..=255u8).cycle().take(3000));
    bytes
}

/// The raw bytes and headers of a GET (the client reads answers as text).
fn fetch_bytes(api: &Api, path: &str) -> (u16, Option<String>, Option<String>, Vec<u8>) {
    let mut resp = ureq::get(&format!("{}{path}", api.base())).call().expect("an answer");
    let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (content_type, cache) = (header("content-type"), header("cache-control"));
    let body = resp.body_mut().read_to_vec().expect("a body");
    (resp.status().as_u16(), content_type, cache, body)
}

#[test]
fn head_office_uploads_a_product_image_served_as_is_and_cached_for_good() {
    let api = Api::from_env();
    let admin = staff(&api, "A0001");
    let bytes = png_bytes();
    let r = admin.request("POST", "/api/manage/images", Some(&bytes));
    let receipt = r.expect(201).clone();
    assert_eq!(receipt["content_type"], "image/png");
    assert_eq!(receipt["bytes"], bytes.len() as u64);
    let url = receipt["url"].as_str().expect("a url").to_owned();
    assert_eq!(url, format!("/api/images/{}", receipt["id"].as_str().expect("an id")));
    let (status, content_type, cache, served) = fetch_bytes(&api, &url);
    assert_eq!(status, 200);
    assert_eq!(content_type.as_deref(), Some("image/png"));
    assert_eq!(cache.as_deref(), Some("public, max-age=31536000, immutable"));
    assert_eq!(served, bytes, "the bytes come back as uploaded");
    // The same file again is the same image.
    assert_eq!(admin.request("POST", "/api/manage/images", Some(&bytes)).expect(201)["id"], receipt["id"]);
    // A product points at it, and customers see it.
    let (sku, barcode) = fresh();
    let mut p = product(&sku, &barcode, &counter_of_s1(&api));
    p["image"] = json!(url);
    admin.post("/api/manage/products", &p).expect(201);
    assert_eq!(api.get(&format!("/api/products/{sku}")).expect(200)["image"], json!(url));
    let audit = admin.get("/api/manage/audit?store_id=S1").expect(200).clone();
    let logged = audit.as_array().expect("entries").iter().any(|e| e["action"] == "image_uploaded");
    assert!(logged, "the upload is in the audit log");
    api.get("/api/images/0123456789abcdef0123456789abcdef").expect_error(404, "NOT_FOUND");
}

#[test]
fn an_image_of_another_type_or_too_large_is_422_naming_image_and_only_head_office_uploads() {
    let api = Api::from_env();
    let admin = staff(&api, "A0001");
    let gif = admin.request("POST", "/api/manage/images", Some(b"GIF89a\x01\x00\x01\x00"));
    gif.expect_error(422, "INVALID");
    assert!(gif.body["error"]["message"].as_str().is_some_and(|m| m.starts_with("image")), "{}", gif.text);
    let mut big = vec![0xFF, 0xD8, 0xFF, 0xE0];
    big.resize(1_000_001, 7);
    let too_big = admin.request("POST", "/api/manage/images", Some(&big));
    too_big.expect_error(422, "INVALID");
    assert!(too_big.body["error"]["message"].as_str().is_some_and(|m| m.starts_with("image")), "{}", too_big.text);
    for who in ["M1001", "G1001"] {
        staff(&api, who).request("POST", "/api/manage/images", Some(&png_bytes())).expect_error(403, "FORBIDDEN");
    }
}
