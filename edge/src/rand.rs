//! Randomness from the platform (`crypto.getRandomValues`): salts, session ids, payment ids.
//! The core never makes its own; it is handed bytes from here.

use crate::http::Failure;
use js_sys::{Function, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// `N` random bytes.
pub fn bytes<const N: usize>() -> Result<[u8; N], Failure> {
    let fail = |what: &str| Failure::Internal(format!("crypto.getRandomValues: {what}"));
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(|_| fail("no crypto"))?;
    let get = Reflect::get(&crypto, &JsValue::from_str("getRandomValues"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| fail("no getRandomValues"))?;
    let array = Uint8Array::new_with_length(N as u32);
    get.call1(&crypto, &array).map_err(|_| fail("call failed"))?;
    let mut out = [0u8; N];
    array.copy_to(&mut out);
    Ok(out)
}

/// A random id: `prefix` + 26 characters of Crockford base32 (128 bits).
pub fn id(prefix: &str) -> Result<String, Failure> {
    Ok(format!("{prefix}{}", base32(&bytes::<16>()?)))
}

pub use shared::ids::base32;
