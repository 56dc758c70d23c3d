//! The camera scanner: one component for every screen that reads a code (members, pickup and
//! stock in the guide console; exit passes and scan-and-go can drop it in the same way).
//!
//! ```ignore
//! <Scanner accepted=&[CodeKind::MemberCode] on_scan=Callback::new(move |code: Scanned| identify(code.text()))/>
//! ```
//! * `accepted`: the kinds this screen takes; any other code read is named ("that was a product
//!   barcode") while the camera keeps reading (`shared::scan` decides what a code is).
//! * `on_scan`: called once with an accepted code; the camera has stopped by then.
//! * `manual` (default `true`): a field to type the code where the screen has none of its own.
//!
//! The Scan (扫码) button loads `/scanner/camera.js` (built by `cargo xtask build`, never part of
//! the first load), which opens the rear camera and reads a few frames a second with the
//! browser's `BarcodeDetector` or, without one, the Rust reader (crate `scanner/`). The camera's
//! tracks stop when a code is taken, on Close, and when the view goes away. What the scanner is
//! doing lives in [`ScannerState`], tested natively.

use crate::AppState;
use crate::i18n::Key;
use crate::scanning::{Notice, Phase, ScannerState};
use leptos::prelude::*;
use shared::scan::{CodeKind, Scanned};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The camera module, and the global it sets (`{ open(video, onCode) }`). A test may set the
/// global itself to stand in for a camera.
const MODULE: &str = "/scanner/camera.js";
const GLOBAL: &str = "edgemallCamera";

#[wasm_bindgen]
extern "C" {
    /// A running camera, as `camera.js`'s `open` resolves it.
    type Camera;
    #[wasm_bindgen(method, getter, js_name = hasTorch)]
    fn has_torch(this: &Camera) -> bool;
    #[wasm_bindgen(method)]
    fn torch(this: &Camera, on: bool) -> js_sys::Promise;
    #[wasm_bindgen(method)]
    fn stop(this: &Camera);
}

/// The open camera and the callback it calls (kept alive as long as the camera runs).
struct Running {
    camera: Option<Camera>,
    _on_code: Closure<dyn FnMut(String, String)>,
}

/// Opens the camera into `video`; `on_code` gets `(text, format)` for every code read.
async fn open_camera(video: &JsValue, on_code: &Closure<dyn FnMut(String, String)>) -> Result<Camera, JsValue> {
    let module = crate::js_module::global_of(MODULE, GLOBAL).await?;
    let open: js_sys::Function = js_sys::Reflect::get(&module, &"open".into())?.dyn_into()?;
    let promise: js_sys::Promise = open.call2(&module, video, on_code.as_ref())?.dyn_into()?;
    Ok(JsFuture::from(promise).await?.unchecked_into())
}

/// `DOMException.name` of a failure (`NotAllowedError`, …), or empty.
fn error_name(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"name".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

/// A kind's name in the screen's language.
pub fn kind_label(kind: CodeKind) -> Key {
    match kind {
        CodeKind::MemberCode => Key::KindMemberCode,
        CodeKind::PickupCode => Key::KindPickupCode,
        CodeKind::ProductBarcode => Key::KindProductBarcode,
        CodeKind::ExitPass => Key::KindExitPass,
    }
}

/// The Scan button, the camera view and (unless `manual` is false) a field to type the code.
#[component]
pub fn Scanner(
    /// The kinds of code this screen takes.
    accepted: &'static [CodeKind],
    /// Called with each accepted code (the camera has stopped).
    on_scan: Callback<Scanned>,
    /// Show a field to type the code (screens with a field of their own pass `false`).
    #[prop(default = true)]
    manual: bool,
) -> impl IntoView {
    let app = AppState::get();
    let state = RwSignal::new(ScannerState::new(accepted));
    let running = StoredValue::new_local(None::<Running>);
    let video = NodeRef::<leptos::html::Video>::new();
    let typed = RwSignal::new(String::new());
    let stop = move || {
        if let Some(Running { camera: Some(camera), .. }) = running.try_update_value(Option::take).flatten() {
            camera.stop();
        }
    };
    on_cleanup(stop);
    let open = move |_| {
        stop();
        state.update(ScannerState::open);
        let on_code = Closure::<dyn FnMut(String, String)>::new(move |text: String, format: String| {
            let now = js_sys::Date::now();
            if let Some(code) = state.try_update(|s| s.read(&text, &format, now)).flatten() {
                stop();
                on_scan.run(code);
            }
        });
        leptos::task::spawn_local(async move {
            let Some(element) = video.get_untracked() else { return };
            let opened = open_camera(element.as_ref(), &on_code).await;
            match opened {
                // Closed (or opened again) while the browser was asking: let this one go.
                Ok(camera) if !state.with_untracked(|s| s.phase() == Phase::Starting) => camera.stop(),
                Ok(camera) => {
                    state.update(|s| s.started(camera.has_torch()));
                    running.set_value(Some(Running { camera: Some(camera), _on_code: on_code }));
                }
                Err(e) => state.update(|s| s.failed(&error_name(&e))),
            }
        });
    };
    let close = move |_| {
        stop();
        state.update(ScannerState::close);
    };
    let torch = move |_| {
        if let Some(on) = state.try_update(ScannerState::toggle_torch).flatten() {
            running.with_value(|r| {
                if let Some(Running { camera: Some(camera), .. }) = r {
                    let _ = camera.torch(on);
                }
            });
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(code) = state.try_update(|s| s.typed(&typed.get_untracked())).flatten() {
            typed.set(String::new());
            on_scan.run(code);
        }
    };
    let live = move || state.with(ScannerState::camera_wanted);
    let phase = move || match state.with(ScannerState::phase) {
        Phase::Closed => "closed",
        Phase::Starting => "starting",
        Phase::Live { .. } => "live",
        Phase::Refused => "refused",
        Phase::NoCamera => "no-camera",
    };
    let message = move || {
        let t = |k| app.t(k);
        let text = match (state.with(ScannerState::phase), state.with(|s| s.notice().cloned())) {
            (Phase::Refused, _) => t(Key::ScanRefused).to_owned(),
            (Phase::NoCamera, _) => t(Key::ScanNoCamera).to_owned(),
            (_, Some(Notice::Unknown)) => t(Key::ScanUnknown).to_owned(),
            (_, Some(Notice::WrongKind(found))) => {
                let wanted: Vec<&str> = accepted.iter().map(|k| t(kind_label(*k))).collect();
                format!(
                    "{}{} · {}{}",
                    t(Key::ScanWrongKind),
                    t(kind_label(found)),
                    t(Key::ScanWants),
                    wanted.join(" / ")
                )
            }
            _ => return None,
        };
        Some(view! { <p class="form-error" role="alert" data-testid="scan-message">{text}</p> })
    };
    view! {
        <div class="scanner" data-testid="scanner" data-phase=phase>
            <button class="btn wide" type="button" data-testid="scan-open" hidden=live on:click=open>
                {move || app.t(Key::ScanButton)}
            </button>
            <div class="scanner-view" hidden=move || !live()>
                <video node_ref=video muted=true playsinline=true data-testid="scan-video"></video>
                <div class="scanner-tools">
                    {move || matches!(state.with(ScannerState::phase), Phase::Live { torch: Some(_) }).then(|| view! {
                        <button class="btn secondary" type="button" data-testid="scan-torch" on:click=torch>{move || app.t(Key::ScanTorch)}</button>
                    })}
                    <button class="btn secondary" type="button" data-testid="scan-close" on:click=close>{move || app.t(Key::ScanClose)}</button>
                </div>
            </div>
            {manual.then(|| view! {
                <form class="scanner-manual" on:submit=submit data-testid="scan-manual">
                    <input type="text" name="scanned" autocomplete="off" aria-label=move || app.t(Key::ScanManual)
                        placeholder=move || app.t(Key::ScanManual) prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                    <button class="btn secondary" type="submit">{move || app.t(Key::ScanEnter)}</button>
                </form>
            })}
            {message}
        </div>
    }
}
