//! Loading a script of `public/` only when it is needed (the camera, turning on Web Push), so the
//! first load carries none of it: the script sets a global, which is returned. A test may set the
//! global itself to stand in for the script.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// The global `global` that the module script at `src` sets, loading the script the first time.
pub async fn global_of(src: &str, global: &str) -> Result<JsValue, JsValue> {
    let scope = js_sys::global();
    let existing = js_sys::Reflect::get(&scope, &global.into())?;
    if !existing.is_undefined() {
        return Ok(existing);
    }
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from("no document"))?;
    let script = document.create_element("script")?;
    script.set_attribute("type", "module")?;
    script.set_attribute("src", src)?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    document.body().ok_or_else(|| JsValue::from("no body"))?.append_child(&script)?;
    JsFuture::from(loaded).await?;
    js_sys::Reflect::get(&scope, &global.into())
}
