//! The camera scanner's states in the browser: no camera, camera refused, a code read (and the
//! camera stopped), a wrong kind named while the camera keeps reading, and manual entry. The
//! camera module is stood in for by the global the component looks for (`edgemallCamera`).
#![cfg(target_arch = "wasm32")]

mod common;

use app::components::scanner::Scanner;
use app::i18n::Lang;
use common::*;
use leptos::prelude::*;
use shared::scan::{CodeKind, Scanned};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Installs a stand-in camera module: `open` runs `body` (JS, with `video` and `onCode`).
fn fake_camera(body: &str) {
    let js = format!(
        "globalThis.edgemallCamera = {{ open: async (video, onCode) => {{ {body} }} }}; globalThis.cameraStopped = false;"
    );
    js_sys::eval(&js).expect("the fake camera installs");
}

fn global_flag(name: &str) -> bool {
    js_sys::Reflect::get(&js_sys::global(), &name.into()).ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// A scanner taking `accepted`, and the codes it handed over.
async fn scanner(accepted: &'static [CodeKind], manual: bool) -> (Mounted, RwSignal<Vec<String>>) {
    let taken = RwSignal::new(Vec::<String>::new());
    let on_scan = Callback::new(move |c: Scanned| taken.update(|t| t.push(c.text().to_owned())));
    let m = mount(Lang::En, |_| {}, move || view! { <Scanner accepted=accepted on_scan=on_scan manual=manual/> }).await;
    (m, taken)
}

#[wasm_bindgen_test]
async fn without_a_camera_it_says_so_and_the_button_comes_back() {
    fake_camera("throw new DOMException('no camera', 'NotFoundError');");
    let (m, taken) = scanner(&[CodeKind::MemberCode], true).await;
    assert_eq!(m.text_of("[data-testid=scan-open]"), "Scan");
    click(&m.get("[data-testid=scan-open]"));
    m.wait_for("[data-testid=scanner][data-phase=no-camera]").await;
    assert!(m.text_of("[data-testid=scan-message]").contains("No camera"), "{}", m.text());
    assert!(!m.get("[data-testid=scan-open]").has_attribute("hidden"));
    assert!(taken.get_untracked().is_empty());
}

#[wasm_bindgen_test]
async fn a_refused_camera_is_told_apart_in_chinese() {
    fake_camera("throw new DOMException('denied', 'NotAllowedError');");
    let m = mount(
        Lang::Zh,
        |_| {},
        || {
            view! { <Scanner accepted=&[CodeKind::PickupCode] on_scan=Callback::new(|_: Scanned| {})/> }
        },
    )
    .await;
    assert_eq!(m.text_of("[data-testid=scan-open]"), "扫码");
    click(&m.get("[data-testid=scan-open]"));
    m.wait_for("[data-testid=scanner][data-phase=refused]").await;
    assert!(m.text_of("[data-testid=scan-message]").contains("相机权限"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn a_code_read_is_handed_over_and_the_camera_stops() {
    fake_camera(
        "setTimeout(() => onCode('6901234567892', 'ean_13'), 300);
         return { hasTorch: true, torch: async () => {}, stop: () => { globalThis.cameraStopped = true; } };",
    );
    let (m, taken) = scanner(&[CodeKind::ProductBarcode], false).await;
    assert_eq!(m.count("[data-testid=scan-manual]"), 0, "the screen has its own field");
    click(&m.get("[data-testid=scan-open]"));
    m.wait_for("[data-testid=scanner][data-phase=live]").await;
    assert_eq!(m.count("[data-testid=scan-torch]"), 1, "the camera has a torch");
    m.wait_for("[data-testid=scanner][data-phase=closed]").await;
    assert_eq!(taken.get_untracked(), ["6901234567892"]);
    assert!(global_flag("cameraStopped"));
}

#[wasm_bindgen_test]
async fn a_wrong_kind_is_named_and_the_camera_keeps_reading() {
    fake_camera(
        "setTimeout(() => onCode('6901234567892', 'ean_13'), 100);
         return { hasTorch: false, torch: async () => {}, stop: () => { globalThis.cameraStopped = true; } };",
    );
    let (m, taken) = scanner(&[CodeKind::MemberCode], true).await;
    click(&m.get("[data-testid=scan-open]"));
    m.wait_for("[data-testid=scan-message]").await;
    assert_eq!(m.text_of("[data-testid=scan-message]"), "That was a product barcode · this needs a member code");
    assert_eq!(m.attrs("[data-testid=scanner]", "data-phase"), ["live"]);
    assert_eq!(m.count("[data-testid=scan-torch]"), 0, "no torch on this camera");
    assert!(!global_flag("cameraStopped"));
    click(&m.get("[data-testid=scan-close]"));
    m.wait_for("[data-testid=scanner][data-phase=closed]").await;
    assert!(global_flag("cameraStopped"), "Close stops the camera");
    assert!(taken.get_untracked().is_empty());
}

#[wasm_bindgen_test]
async fn a_typed_code_goes_through_the_same_rules() {
    let (m, taken) = scanner(&[CodeKind::MemberCode], true).await;
    // An EAN-8 typed by hand can only be a product (13 typed digits could be a pickup code too).
    type_into(&m.get("input[name=scanned]"), "96385074");
    click(&m.get("[data-testid=scan-manual] button[type=submit]"));
    m.wait_for("[data-testid=scan-message]").await;
    assert!(m.text_of("[data-testid=scan-message]").contains("product barcode"), "{}", m.text());
    type_into(&m.get("input[name=scanned]"), " 000000420171003141 ");
    click(&m.get("[data-testid=scan-manual] button[type=submit]"));
    until("the code is taken", || !taken.get_untracked().is_empty()).await;
    assert_eq!(taken.get_untracked(), ["000000420171003141"]);
    assert_eq!(m.count("[data-testid=scan-message]"), 0);
}
