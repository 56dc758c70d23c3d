//! The console's tabs with the camera (a stand-in camera module that "reads" one code): a member
//! identified from the camera opens a counter session whose token the next charge sends instead
//! of a code; a pickup code read by the camera shows the order before the hand-over.
#![cfg(target_arch = "wasm32")]

mod common;

use app::i18n::Lang;
use common::*;
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A camera that reads `text` (as `format`) shortly after it opens.
fn camera_reading(text: &str, format: &str) {
    let js = format!(
        "globalThis.edgemallCamera = {{ open: async (video, onCode) => {{
            setTimeout(() => onCode('{text}', '{format}'), 50);
            return {{ hasTorch: false, torch: async () => {{}}, stop: () => {{}} }};
        }} }};"
    );
    js_sys::eval(&js).expect("the fake camera installs");
}

#[wasm_bindgen_test]
async fn a_member_read_by_the_camera_can_be_charged_without_a_second_code() {
    fake_api();
    camera_reading("880012345678901234", "qr_code");
    // The session's end is compared with the browser's clock: far ahead, so it is open.
    let ticket = json!({"token": "M1.G1001.S1.1900000000.sig", "expires_at": "2099-01-01T00:00:00Z"});
    ok("POST /api/guide/member-codes/verify", json!({"member": member_json(), "counter_session": ticket}));
    let m = console("/guide/members", Lang::En, Some("guide")).await;
    click(&m.get("[data-testid=scan-open]"));
    m.wait_for("[data-testid=counter-session]").await;
    assert_eq!(calls_to("POST /api/guide/member-codes/verify")[0].body, Some(json!({"code": "880012345678901234"})));
    assert!(m.text_of("[data-testid=counter-session]").contains("charge without a new code"), "{}", m.text());

    let entry = json!({"seq": 3, "kind": "payment", "amount_fen": 500, "balance_after_fen": 110_600, "reference": "C1",
                       "reason": "counter", "at": at(0)});
    ok("POST /api/guide/charges", json!({"member": member_json(), "entry": entry}));
    type_into(&m.get("input[name=amount]"), "5");
    click(&m.get("button.secondary[type=submit]"));
    m.wait_for("[data-testid=guide-ok]").await;
    assert_eq!(
        calls_to("POST /api/guide/charges")[0].body,
        Some(json!({"code": "", "counter_token": "M1.G1001.S1.1900000000.sig", "amount_fen": 500, "note": ""}))
    );

    // Done with this customer: the next charge needs a code again.
    click(&m.get("[data-testid=end-session]"));
    until("the session ends", || m.count("[data-testid=counter-session]") == 0).await;
}

#[wasm_bindgen_test]
async fn a_pickup_code_read_by_the_camera_is_shown_then_handed_over() {
    fake_api();
    camera_reading("123456654321", "qr_code");
    ok("POST /api/guide/pickups/preview", order_json("ready_for_pickup"));
    let m = console("/guide/pickup", Lang::En, Some("guide")).await;
    click(&m.get("[data-testid=scan-open]"));
    m.wait_for("[data-testid=pickup-preview]").await;
    assert!(m.text_of("[data-testid=pickup-preview]").contains("Lanya Rose Serum"), "{}", m.text());
    assert!(calls_to("POST /api/guide/pickups").iter().all(|c| c.key.ends_with("/preview")), "not handed over yet");
    ok("POST /api/guide/pickups", order_json("picked_up"));
    click(&m.get("[data-testid=confirm-hand-over]"));
    let hand_overs =
        || calls_to("POST /api/guide/pickups").into_iter().filter(|c| !c.key.ends_with("/preview")).collect::<Vec<_>>();
    until("the hand-over is sent", || !hand_overs().is_empty()).await;
    until("the preview gives way to the result", || m.count("[data-testid=pickup-preview]") == 0).await;
    let handed = hand_overs();
    assert_eq!(handed.len(), 1);
    assert_eq!(handed[0].body, Some(json!({"code": "123456654321"})));
    assert_eq!(m.count("[data-testid=pickup-preview]"), 0);
}
